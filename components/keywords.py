"""Keywords per article with YAKE, cleaned up, and their corpus-level aggregate.

YAKE scores n-grams of one text (lower is better). Its raw list needs three repairs,
done here in this order on a pool of ``CANDIDATE_FACTOR`` times the requested number:

1. case variants ("Iran" / "iran") are merged, keeping the best score and the surface
   form used most often in the text;
2. fragments are dropped: "Middle" and "East" when "Middle East" is in the pool and
   accounts for most of their occurrences, and n-grams that cut such a phrase in two
   ("Russia fears Middle"); see ``_drop_fragments``;
3. junk is dropped: pure numbers or punctuation, single characters, stopwords, over-long
   tokens and web-page chrome (``BOILERPLATE``) that survived text cleaning, including
   words that occur mostly inside a chrome phrase ("Trinity" of "Trinity Audio").

Corpus keywords are aggregated from the per-article lists (``aggregate_keywords``);
YAKE is never run on the concatenated corpus.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
import yake

from components.settings import get_setting

CANDIDATE_FACTOR = 3
"""YAKE is asked for this many times ``top`` keywords, so that ``top`` survive filtering."""

FRAGMENT_COVERAGE = 0.5
"""A keyword is a fragment of a longer one that holds at least this share of its occurrences."""

MAX_KEYWORD_CHARS = 60
"""Longer "keywords" are run-together garbage (URLs, text without spaces)."""

BOILERPLATE: frozenset[str] = frozenset(
    {
        # single words: dropped only as the whole keyword ("Washington Post" stays)
        "advertisement",
        "comment",
        "comments",
        "cookie",
        "cookies",
        "login",
        "newsletter",
        "post",
        "posts",
        "reply",
        "share",
        "shares",
        "sponsored",
        "subscribe",
        # phrases: dropped also inside a longer keyword ("Trinity Audio player")
        "all rights reserved",
        "audio player",
        "click here",
        "follow us",
        "leave a comment",
        "log in",
        "next post",
        "post a comment",
        "previous post",
        "privacy policy",
        "read more",
        "related articles",
        "sign up",
        "skip to content",
        "terms of use",
        "trinity audio",
    }
)
"""Web-page chrome that is never a keyword (outlet names are not chrome: they stay)."""

AGGREGATE_COLUMNS = ("keyword", "articles", "best_score", "mean_rank", "weight")
PER_ARTICLE_COLUMNS = ("article_id", "keyword", "score", "rank")

_BOILERPLATE_PHRASES = tuple(tuple(p.split()) for p in BOILERPLATE if " " in p)
_POSSESSIVE_SPACE = r"(?:['\u2019]s)?\s+"  # "Russia's strategic" counts as "Russia strategic"
# KeywordExtractor keeps mutable similarity caches; one extraction at a time per process.
_YAKE_LOCK = threading.Lock()


@dataclass(frozen=True)
class Keyword:
    """One keyword of one text: its display form and YAKE score (lower is better)."""

    keyword: str
    score: float


@lru_cache(maxsize=32)
def _extractor(
    language: str, max_ngram: int, dedup_lim: float, window: int, top: int
) -> yake.KeywordExtractor:
    """The YAKE extractor for one option set, built once.

    ``dedup_lim`` is passed under that name: yake 0.7.3 silently ignores ``dedupLim``.
    """
    return yake.KeywordExtractor(
        lan=language, n=max_ngram, dedup_lim=dedup_lim, window_size=window, top=top
    )


def extract_keywords(
    text: str,
    *,
    top: int | None = None,
    max_ngram: int | None = None,
    dedup_lim: float | None = None,
    window: int | None = None,
    language: str | None = None,
) -> list[Keyword]:
    """Return at most ``top`` keywords of ``text``, best (lowest score) first.

    Options left as None take their defaults from the settings (``yake_top``,
    ``yake_max_ngram``, ``yake_dedup_lim``, ``yake_window``, ``yake_language``).
    """
    top = int(_option(top, "yake_top"))
    max_ngram = int(_option(max_ngram, "yake_max_ngram"))
    window = int(_option(window, "yake_window"))
    dedup_lim = float(_option(dedup_lim, "yake_dedup_lim"))
    language = str(_option(language, "yake_language"))
    if top < 1 or max_ngram < 1 or window < 1:
        raise ValueError(
            f"top, max_ngram and window must be >= 1, got {top}, {max_ngram}, {window}"
        )
    if not text.strip():
        return []

    extractor = _extractor(language, max_ngram, dedup_lim, window, top * CANDIDATE_FACTOR)
    with _YAKE_LOCK:
        raw = extractor.extract_keywords(text)
    pool = [
        Keyword(keyword=str(kw), score=float(score))
        for kw, score in raw
        if len(str(kw)) <= MAX_KEYWORD_CHARS and any(ch.isalpha() for ch in str(kw))
    ]
    counter = _PhraseCounter(text)
    pool = _merge_case_variants(pool, counter)
    pool = _drop_fragments(pool, counter)
    stopwords = frozenset(extractor.stopword_set)
    kept = [
        k
        for k in pool
        if not is_junk_keyword(k.keyword, stopwords=stopwords)
        and not _inside_boilerplate(k, counter)
    ]
    return sorted(kept, key=lambda k: k.score)[:top]


def merge_case_variants(keywords: Sequence[Keyword], *, text: str) -> list[Keyword]:
    """Merge keywords of ``text`` equal up to case into one, with the best score.

    A merged or lower-cased keyword is displayed in the spelling found most often in the
    text (ties: a capitalised one, then the first seen); a single capitalised form is
    kept. Returns a new list sorted by score.
    """
    return _merge_case_variants(keywords, _PhraseCounter(text))


def drop_fragments(keywords: Sequence[Keyword], *, text: str) -> list[Keyword]:
    """Drop keywords of ``text`` that are mostly part of a longer keyword of the list.

    See ``_drop_fragments`` for the rule. Returns a new list, order kept.
    """
    return _drop_fragments(keywords, _PhraseCounter(text))


def _merge_case_variants(keywords: Sequence[Keyword], counter: _PhraseCounter) -> list[Keyword]:
    """Merge keywords equal up to case into one: best score, most used surface form.

    The display form is the spelling found most often in the text (ties: a capitalised
    one, then the first seen). Keywords YAKE returned in a single capitalised form keep
    it; lower-cased ones ("iran" when ``dedup_lim >= 1``) get their text spelling back.
    """
    groups: dict[str, list[Keyword]] = {}
    for keyword in keywords:
        groups.setdefault(_key(keyword.keyword), []).append(keyword)
    merged = []
    for variants in groups.values():
        best = min(variants, key=lambda k: k.score)
        display = best.keyword
        if len(variants) > 1 or display == display.lower():
            display = counter.display_form(best.keyword) or display
        merged.append(Keyword(keyword=display, score=best.score))
    return sorted(merged, key=lambda k: k.score)


def _drop_fragments(keywords: Sequence[Keyword], counter: _PhraseCounter) -> list[Keyword]:
    """Drop keywords that are mostly a piece of another keyword in the same list.

    A keyword goes when

    - its words appear contiguously in a longer keyword of the list that accounts for
      at least ``FRAGMENT_COVERAGE`` of its occurrences in the text ("Middle" inside
      "Middle East"; when the text gives no count, when the longer one scores as well);
    - it straddles a better-scored keyword, cutting it where the shared words mostly
      occur as part of that keyword ("Russia fears Middle" beside "Middle East").

    "Putin" stays beside "Putin told Araqchi", which covers few of its occurrences.
    """
    entries = [(k, k.keyword.split(), tuple(_key(k.keyword).split())) for k in keywords]
    kept = []
    for keyword, words, folded in entries:
        if not any(
            _is_piece_of(keyword, words, folded, other, other_folded, counter)
            for other, _, other_folded in entries
            if other is not keyword
        ):
            kept.append(keyword)
    return kept


def _is_piece_of(
    keyword: Keyword,
    words: list[str],
    folded: tuple[str, ...],
    other: Keyword,
    other_folded: tuple[str, ...],
    counter: _PhraseCounter,
) -> bool:
    """True when ``keyword`` is a fragment of, or straddles, ``other`` (see ``_drop_fragments``)."""
    if len(other_folded) > len(folded) and _contains(other_folded, folded):
        return _mostly_inside(
            keyword.keyword, other.keyword, counter, fallback=other.score <= keyword.score
        )
    if other.score >= keyword.score:
        return False
    for size in range(1, min(len(folded), len(other_folded))):
        if folded[-size:] == other_folded[:size]:
            shared = " ".join(words[-size:])
        elif folded[:size] == other_folded[-size:]:
            shared = " ".join(words[:size])
        else:
            continue
        if _mostly_inside(shared, other.keyword, counter, fallback=False):
            return True
    return False


def _inside_boilerplate(keyword: Keyword, counter: _PhraseCounter) -> bool:
    """True when ``keyword`` mostly occurs inside a ``BOILERPLATE`` phrase ("Trinity")."""
    folded = tuple(_key(keyword.keyword).split())
    return any(
        len(phrase) > len(folded)
        and _contains(phrase, folded)
        and _mostly_inside(keyword.keyword, " ".join(phrase), counter, fallback=False)
        for phrase in _BOILERPLATE_PHRASES
    )


def _mostly_inside(part: str, whole: str, counter: _PhraseCounter, *, fallback: bool) -> bool:
    """True when ``whole`` accounts for ``FRAGMENT_COVERAGE`` of the occurrences of ``part``."""
    part_count = counter.count(part)
    if part_count == 0:
        return fallback
    return counter.count(whole) >= FRAGMENT_COVERAGE * part_count


def is_junk_keyword(keyword: str, *, stopwords: Iterable[str] = ()) -> bool:
    """True for keywords that must never be shown.

    Junk: no letter at all ("2022", "--"), a single character, longer than
    ``MAX_KEYWORD_CHARS``, only stopwords (an all-capitals acronym is not a stopword),
    a ``BOILERPLATE`` word, or a keyword containing a ``BOILERPLATE`` phrase.
    """
    stripped = keyword.strip()
    if len(stripped) <= 1 or len(stripped) > MAX_KEYWORD_CHARS:
        return True
    if not any(ch.isalpha() for ch in stripped):
        return True
    words = tuple(_key(stripped).split())
    stopword_set = frozenset(stopwords)
    if all(w in stopword_set for w in words) and not (stripped.isupper() and len(stripped) > 1):
        return True
    if " ".join(words) in BOILERPLATE:
        return True
    return any(_contains(words, phrase) for phrase in _BOILERPLATE_PHRASES)


def aggregate_keywords(per_article: pd.DataFrame, *, top: int | None = None) -> pd.DataFrame:
    """Aggregate per-article keywords into one corpus table, best first.

    In: a tidy frame with columns article_id, keyword, score, rank (1 = best in its
    article). Out: a new frame with columns keyword, articles (number of articles),
    best_score (lowest score), mean_rank and weight = sum over articles of 1 / rank,
    sorted by weight (then articles, best_score, keyword); ``top`` rows, or all when
    None. Keywords equal up to case are one keyword (within an article, its best row
    counts); its display form is the one used by most articles.
    """
    missing = [c for c in PER_ARTICLE_COLUMNS if c not in per_article.columns]
    if missing:
        raise ValueError(f"per_article lacks columns: {missing}")
    if top is not None and top < 1:
        raise ValueError(f"top must be >= 1, got {top}")
    if not (per_article["rank"].dropna().astype(float) >= 1).all():
        raise ValueError("rank must be >= 1 (1 = best keyword of its article)")

    frame = per_article.loc[:, list(PER_ARTICLE_COLUMNS)].dropna()
    frame["keyword"] = frame["keyword"].astype(str).str.strip()
    frame = frame[frame["keyword"] != ""]
    if frame.empty:
        return _empty_aggregate()
    frame["key"] = frame["keyword"].map(_key)
    frame["score"] = frame["score"].astype(float)
    frame["rank"] = frame["rank"].astype(float)
    # One row per (article, keyword): a keyword counts once per article, at its best.
    frame = frame.sort_values(["article_id", "key", "rank", "score"], kind="stable")
    frame = frame.drop_duplicates(["article_id", "key"], keep="first")

    frame["inverse_rank"] = 1.0 / frame["rank"]
    table = frame.groupby("key", sort=False).agg(
        articles=("article_id", "nunique"),
        best_score=("score", "min"),
        mean_rank=("rank", "mean"),
        weight=("inverse_rank", "sum"),
    )
    table["keyword"] = _display_forms(frame)
    table = table.sort_values(
        ["weight", "articles", "best_score", "keyword"],
        ascending=[False, False, True, True],
        kind="stable",
    ).reset_index(drop=True)
    table["articles"] = table["articles"].astype(int)
    table = table.loc[:, list(AGGREGATE_COLUMNS)]
    return table if top is None else table.head(top).reset_index(drop=True)


class _PhraseCounter:
    """Counts a keyword's occurrences in one text, by surface spelling (memoised)."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._cache: dict[str, Counter[str]] = {}

    def surfaces(self, keyword: str) -> Counter[str]:
        """Spellings of ``keyword`` in the text (case-insensitive, words on word boundaries)."""
        key = _key(keyword)
        if key not in self._cache:
            words = key.split()
            pattern = re.compile(
                r"(?<!\w)"
                + _POSSESSIVE_SPACE.join(f"({re.escape(w)})" for w in words)
                + r"(?!\w)",
                re.IGNORECASE,
            )
            found: Counter[str] = Counter()
            for match in pattern.finditer(self._text):
                found[" ".join(match.groups())] += 1
            self._cache[key] = found
        return self._cache[key]

    def count(self, keyword: str) -> int:
        """Occurrences of ``keyword`` in any spelling."""
        return sum(self.surfaces(keyword).values())

    def display_form(self, keyword: str) -> str | None:
        """The spelling used most often (ties: capitalised first, then first seen)."""
        found = self.surfaces(keyword)
        if not found:
            return None
        order = {surface: i for i, surface in enumerate(found)}
        return max(found, key=lambda s: (found[s], s[:1].isupper(), -order[s]))


def _contains(words: tuple[str, ...], part: tuple[str, ...]) -> bool:
    """True when ``part`` occurs in ``words`` as a contiguous run."""
    size = len(part)
    return any(words[i : i + size] == part for i in range(len(words) - size + 1))


def _key(keyword: str) -> str:
    """The case-insensitive identity of a keyword."""
    return " ".join(keyword.casefold().split())


def _display_forms(frame: pd.DataFrame) -> pd.Series:
    """Per key, the spelling used by most articles (ties: best score, then alphabetical)."""
    forms = (
        frame.groupby(["key", "keyword"], sort=False)
        .agg(uses=("article_id", "size"), best=("score", "min"))
        .reset_index()
        .sort_values(["key", "uses", "best", "keyword"], ascending=[True, False, True, True])
        .drop_duplicates("key")
    )
    return forms.set_index("key")["keyword"]


def _empty_aggregate() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "keyword": pd.Series(dtype=str),
            "articles": pd.Series(dtype=int),
            "best_score": pd.Series(dtype=float),
            "mean_rank": pd.Series(dtype=float),
            "weight": pd.Series(dtype=float),
        }
    )


def _option(value: object, name: str) -> object:
    """``value``, or the setting's default when it is None."""
    return get_setting(name) if value is None else value
