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

Two backends compute the raw list (setting ``keyword_backend``): ``yake``, the reference
Python package, and ``yake-rust``, a Rust port about six times faster at that step. Only
the raw list differs; both go through the same repairs. yake-rust is called so that it
reproduces yake 0.7.3 (``_rust_candidates``): yake's stopword list, newlines read as
spaces, yake's order for equal scores and yake's own near-duplicate test instead of
yake-rust's Levenshtein one (``benchmarks/README.md`` has the agreement figures).

Corpus keywords are aggregated from the per-article lists (``aggregate_keywords``);
YAKE is never run on the concatenated corpus.
"""

from __future__ import annotations

import importlib
import logging
import re
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from types import ModuleType
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import yake

from components.settings import get_setting

if TYPE_CHECKING:
    import yake_rust

logger = logging.getLogger(__name__)

BACKENDS = ("yake", "yake-rust")
"""Values of ``backend`` / the ``keyword_backend`` setting."""

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
# yake_rust.Yake is immutable and releases the GIL: it needs no lock.
_YAKE_LOCK = threading.Lock()
# yake-rust returns every candidate: more than any text has.
_ALL_CANDIDATES = sys.maxsize
# yake-rust's scores are equal when this close (relative): its sums run in hash-map order.
_RUST_TIE = 1e-9
# ... and are rounded to this many significant digits, so that runs give the same numbers.
_RUST_DIGITS = 10


@dataclass(frozen=True)
class Keyword:
    """One keyword of one text: its display form and YAKE score (lower is better)."""

    keyword: str
    score: float


@dataclass(frozen=True)
class _Options:
    """The YAKE options of one call, defaults filled in and checked."""

    top: int
    max_ngram: int
    dedup_lim: float
    window: int
    language: str
    backend: str


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


@lru_cache(maxsize=32)
def _rust_extractor(language: str, max_ngram: int, window: int) -> yake_rust.Yake:
    """The yake-rust extractor for one option set, built once (yake-rust must be importable).

    It gets yake's stopword list rather than ``language=``: the lists differ for some
    languages (de, ru), and yake-rust panics on a language it does not know. Its own
    deduplication is off: ``_rust_candidates`` does yake's.
    """
    module = _yake_rust_module()
    if module is None:
        raise ImportError("yake_rust is not installed")
    return module.Yake(
        stopwords=set(_stopwords(language)),
        ngrams=max_ngram,
        window_size=window,
        remove_duplicates=False,
    )


@lru_cache(maxsize=32)
def _stopwords(language: str) -> frozenset[str]:
    """yake's stopword list for ``language`` (its language-neutral list when it has none)."""
    return frozenset(yake.KeywordExtractor(lan=language).stopword_set)


@lru_cache(maxsize=1)
def _yake_similarity() -> Callable[[str, str], float]:
    """yake 0.7.3's near-duplicate test ("seqm"), on an extractor of its own.

    Not the one behind ``_YAKE_LOCK``: its cache writes are harmless races under the GIL.
    """
    return yake.KeywordExtractor().seqm


@lru_cache(maxsize=1)
def _yake_rust_module() -> ModuleType | None:
    """The ``yake_rust`` module, or None (logged once) when it cannot be imported."""
    try:
        return importlib.import_module("yake_rust")
    except ImportError:
        logger.warning("keyword backend 'yake-rust' is not installed: using 'yake' instead")
        return None


def resolve_backend(backend: str | None = None) -> str:
    """The backend that will run for ``backend`` (None: the ``keyword_backend`` setting).

    "yake-rust" becomes "yake" when the yake_rust module cannot be imported (a warning
    is logged once). ValueError for a name not in ``BACKENDS``.
    """
    name = str(_option(backend, "keyword_backend"))
    if name not in BACKENDS:
        raise ValueError(f"unknown keyword backend {name!r}; expected one of {BACKENDS}")
    if name == "yake-rust" and _yake_rust_module() is None:
        return "yake"
    return name


def extract_keywords(
    text: str,
    *,
    top: int | None = None,
    max_ngram: int | None = None,
    dedup_lim: float | None = None,
    window: int | None = None,
    language: str | None = None,
    backend: str | None = None,
) -> list[Keyword]:
    """Return at most ``top`` keywords of ``text``, best (lowest score) first.

    Options left as None take their defaults from the settings (``yake_top``,
    ``yake_max_ngram``, ``yake_dedup_lim``, ``yake_window``, ``yake_language``,
    ``keyword_backend``). ``backend`` is "yake" or "yake-rust" (see ``resolve_backend``);
    ValueError for an unknown backend or an option below 1.
    """
    options = _resolve_options(top, max_ngram, dedup_lim, window, language, backend)
    if not text.strip():
        return []
    raw = _raw_keywords(text, options, pool=options.top * CANDIDATE_FACTOR)
    pool = [
        k
        for k in raw
        if len(k.keyword) <= MAX_KEYWORD_CHARS and any(ch.isalpha() for ch in k.keyword)
    ]
    counter = _PhraseCounter(text)
    pool = _merge_case_variants(pool, counter)
    pool = _drop_fragments(pool, counter)
    stopwords = _stopwords(options.language)
    kept = [
        k
        for k in pool
        if not is_junk_keyword(k.keyword, stopwords=stopwords)
        and not _inside_boilerplate(k, counter)
    ]
    return sorted(kept, key=lambda k: k.score)[: options.top]


def extract_raw_keywords(
    text: str,
    *,
    top: int | None = None,
    max_ngram: int | None = None,
    dedup_lim: float | None = None,
    window: int | None = None,
    language: str | None = None,
    backend: str | None = None,
) -> list[Keyword]:
    """The backend's own list for ``text``, before any repair: at most ``top``, best first.

    Same options as ``extract_keywords``; for comparing backends (``benchmarks/``).
    """
    options = _resolve_options(top, max_ngram, dedup_lim, window, language, backend)
    if not text.strip():
        return []
    return _raw_keywords(text, options, pool=options.top)


def _resolve_options(
    top: int | None,
    max_ngram: int | None,
    dedup_lim: float | None,
    window: int | None,
    language: str | None,
    backend: str | None,
) -> _Options:
    """Fill in the settings' defaults and check the options (ValueError when invalid)."""
    options = _Options(
        top=int(_option(top, "yake_top")),
        max_ngram=int(_option(max_ngram, "yake_max_ngram")),
        dedup_lim=float(_option(dedup_lim, "yake_dedup_lim")),
        window=int(_option(window, "yake_window")),
        language=str(_option(language, "yake_language")),
        backend=resolve_backend(backend),
    )
    if options.top < 1 or options.max_ngram < 1 or options.window < 1:
        raise ValueError(
            "top, max_ngram and window must be >= 1, got "
            f"{options.top}, {options.max_ngram}, {options.window}"
        )
    return options


def _raw_keywords(text: str, options: _Options, *, pool: int) -> list[Keyword]:
    """The ``pool`` best keywords of ``text`` from the options' backend, before repairs.

    yake-rust panics on some texts (a token of some 200,000 characters, or a text of some
    800,000 characters without sentence punctuation, overflows its regex backtracking) and
    prints a Rust backtrace when it does, so texts anywhere near that go straight to yake;
    any other panic also falls back to yake, with a warning.
    """
    if options.backend == "yake-rust" and _rust_can_take(text):
        try:
            raw = _rust_candidates(text, options, pool=pool)
        except BaseException as error:  # pyo3 raises a Rust panic as a BaseException
            if type(error).__name__ != "PanicException":
                raise
            logger.warning(
                "yake-rust failed on a %d-character text (%s): using yake for it", len(text), error
            )
            raw = _yake_candidates(text, options, pool=pool)
    else:
        raw = _yake_candidates(text, options, pool=pool)
    return [Keyword(keyword=str(kw), score=float(score)) for kw, score in raw]


_RUST_MAX_CHARS = 400_000  # half of where yake-rust was seen to panic
_RUST_MAX_TOKEN = 50_000


def _rust_can_take(text: str) -> bool:
    return len(text) <= _RUST_MAX_CHARS and max(map(len, text.split()), default=0) <= _RUST_MAX_TOKEN


def _yake_candidates(text: str, options: _Options, *, pool: int) -> list[tuple[str, float]]:
    """yake's best ``pool`` keywords, one extraction at a time (``_YAKE_LOCK``)."""
    extractor = _extractor(
        options.language, options.max_ngram, options.dedup_lim, options.window, pool
    )
    with _YAKE_LOCK:
        return extractor.extract_keywords(text)


def _rust_candidates(text: str, options: _Options, *, pool: int) -> list[tuple[str, float]]:
    """yake-rust's best ``pool`` keywords, made to match what yake 0.7.3 returns.

    - yake reads newlines as spaces; yake-rust's segmenter ends a sentence at each one,
      which shifts every score.
    - equal scores are put in yake's order (``_in_yake_order``), not yake-rust's random one.
    - yake-rust deduplicates by Levenshtein ratio, yake 0.7.3 by its own "seqm" test
      (which keeps "Iran nuclear deal" beside "Iran nuclear"): yake-rust returns every
      candidate, and yake's rule is applied here, as yake does (lower-cased forms, a
      candidate goes when it is more similar than ``dedup_lim`` to one kept before).
    - at ``dedup_lim >= 1`` yake skips that step and returns lower-cased keywords.

    Scores are rounded to ``_RUST_DIGITS`` significant digits: yake-rust's vary by about
    1e-16 from run to run, and a rounding boundary falls within that about once in a
    million scores.
    """
    flat = text.replace("\n", " ")
    extractor = _rust_extractor(options.language, options.max_ngram, options.window)
    ordered = _in_yake_order(extractor.get_n_best(flat, n=_ALL_CANDIDATES), flat)
    if options.dedup_lim >= 1.0:
        return [(kw.lower(), _round_score(score)) for kw, score in islice(ordered, pool)]
    similarity = _yake_similarity()
    kept: list[tuple[str, float]] = []
    kept_folded: list[str] = []
    for kw, score in ordered:
        folded = kw.lower()
        if any(similarity(folded, other) > options.dedup_lim for other in kept_folded):
            continue
        kept.append((kw, _round_score(score)))
        kept_folded.append(folded)
        if len(kept) == pool:
            break
    return kept


def _round_score(score: float) -> float:
    """``score`` to ``_RUST_DIGITS`` significant digits."""
    return float(f"{score:.{_RUST_DIGITS}g}")


def _in_yake_order(scored: Sequence[tuple[str, float]], text: str) -> Iterator[tuple[str, float]]:
    """yake-rust's sorted candidates with ties in yake's order, lazily.

    yake-rust sums in hash-map order, so equal scores differ in the last bits and come
    out in a different order on each run. Candidates within ``_RUST_TIE`` of the first of
    their run get its score and yake's order (``_FirstSeen``).
    """
    first_seen: _FirstSeen | None = None
    start = 0
    while start < len(scored):
        first = scored[start][1]
        end = start + 1
        while end < len(scored) and scored[end][1] - first <= _RUST_TIE * abs(first):
            end += 1
        if end - start == 1:
            yield scored[start]
        else:
            first_seen = first_seen or _FirstSeen(text)
            tied = sorted((kw for kw, _ in scored[start:end]), key=first_seen.order)
            yield from ((kw, first) for kw in tied)
        start = end


class _FirstSeen:
    """yake's order for candidates of equal score: the order it met them in the text.

    That is where a candidate's first occurrence ends, then shorter first; candidates
    not found (tokenised otherwise) come last, alphabetically. Words are compared as
    runs of word characters, so "a.m." is "a m"; "China's Guangdong" also counts as
    "China Guangdong", as yake reads it. One pass over the text per n-gram size.
    """

    def __init__(self, text: str) -> None:
        pieces = [(m.group().casefold(), m.start(), m.end()) for m in re.finditer(r"\w+", text)]
        no_possessive = [
            (word, end)
            for word, start, end in pieces
            if not (word == "s" and start > 0 and text[start - 1] in "'\u2019")
        ]
        self._streams = ([(word, end) for word, _, end in pieces], no_possessive)
        self._ends: dict[int, dict[str, int]] = {}

    def order(self, keyword: str) -> tuple[int, int, str]:
        """Sort key of ``keyword``: (end of first occurrence, word count, spelling)."""
        words = re.findall(r"\w+", keyword.casefold())
        end = self._ends_of(len(words)).get(" ".join(words), sys.maxsize)
        return (end, len(keyword.split()), keyword.casefold())

    def _ends_of(self, size: int) -> dict[str, int]:
        """End of the first occurrence of every run of ``size`` words, built on demand."""
        if size not in self._ends:
            ends: dict[str, int] = {}
            for stream in self._streams:
                for i in range(len(stream) - size + 1):
                    key = " ".join(word for word, _ in stream[i : i + size])
                    found = stream[i + size - 1][1]
                    if found < ends.get(key, sys.maxsize):
                        ends[key] = found
            self._ends[size] = ends
        return self._ends[size]


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
    codes, distinct = pd.factorize(frame["keyword"])  # keywords repeat: fold each one once
    frame["key"] = np.asarray([_key(k) for k in distinct], dtype=object)[codes]
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


@lru_cache(maxsize=65_536)
def _phrase_pattern(key: str) -> re.Pattern[str]:
    """The pattern for a keyword key; cached across articles (re's own cache holds only 512)."""
    return re.compile(
        r"(?<!\w)" + _POSSESSIVE_SPACE.join(f"({re.escape(w)})" for w in key.split()) + r"(?!\w)",
        re.IGNORECASE,
    )


class _PhraseCounter:
    """Counts a keyword's occurrences in one text, by surface spelling (memoised)."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._cache: dict[str, Counter[str]] = {}

    def surfaces(self, keyword: str) -> Counter[str]:
        """Spellings of ``keyword`` in the text (case-insensitive, words on word boundaries)."""
        key = _key(keyword)
        if key not in self._cache:
            found: Counter[str] = Counter()
            for match in _phrase_pattern(key).finditer(self._text):
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
