"""The repairs of YAKE's raw keyword list of one text, in the order they run:

1. case variants ("Iran" / "iran") are merged, keeping the best score and the surface
   form used most often in the text;
2. fragments are dropped: "Middle" and "East" when "Middle East" is in the pool and
   accounts for most of their occurrences, and n-grams that cut such a phrase in two
   ("Russia fears Middle"); see ``drop_fragments_counted``;
3. junk is dropped: pure numbers or punctuation, single characters, stopwords, over-long
   tokens and web-page chrome (``BOILERPLATE``) that survived text cleaning, including
   words that occur mostly inside a chrome phrase ("Trinity" of "Trinity Audio").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache

from components.language.keyword_backends import Keyword

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

_BOILERPLATE_PHRASES = tuple(sorted(p for p in BOILERPLATE if " " in p))
_POSSESSIVE_SPACE = r"(?:['\u2019]s)?\s+"  # "Russia's strategic" counts as "Russia strategic"


def merge_case_variants(keywords: Sequence[Keyword], *, text: str) -> list[Keyword]:
    """Merge keywords of ``text`` equal up to case into one, with the best score.

    A merged or lower-cased keyword is displayed in the spelling found most often in the
    text (ties: a capitalised one, then the first seen); a single capitalised form is
    kept. Returns a new list sorted by score.
    """
    return merge_variants_counted(keywords, PhraseCounter(text))


def drop_fragments(keywords: Sequence[Keyword], *, text: str) -> list[Keyword]:
    """Drop keywords of ``text`` that are mostly part of a longer keyword of the list.

    See ``drop_fragments_counted`` for the rule. Returns a new list, order kept.
    """
    return drop_fragments_counted(keywords, PhraseCounter(text))


def merge_variants_counted(keywords: Sequence[Keyword], counter: PhraseCounter) -> list[Keyword]:
    """Merge keywords equal up to case into one: best score, most used surface form.

    The display form is the spelling found most often in the text (ties: a capitalised
    one, then the first seen). Keywords YAKE returned in a single capitalised form keep
    it; lower-cased ones ("iran" when ``dedup_lim >= 1``) get their text spelling back.
    """
    groups: dict[str, list[Keyword]] = {}
    for keyword in keywords:
        groups.setdefault(keyword_key(keyword.keyword), []).append(keyword)
    merged = []
    for variants in groups.values():
        best = min(variants, key=lambda k: k.score)
        display = best.keyword
        if len(variants) > 1 or display == display.lower():
            display = counter.display_form(best.keyword) or display
        merged.append(Keyword(keyword=display, score=best.score))
    return sorted(merged, key=lambda k: k.score)


def drop_fragments_counted(keywords: Sequence[Keyword], counter: PhraseCounter) -> list[Keyword]:
    """Drop keywords that are mostly a piece of another keyword in the same list.

    A keyword goes when

    - its words appear contiguously in a longer keyword of the list that accounts for
      at least ``FRAGMENT_COVERAGE`` of its occurrences in the text ("Middle" inside
      "Middle East"; when the text gives no count, when the longer one scores as well);
    - it straddles a better-scored keyword, cutting it where the shared words mostly
      occur as part of that keyword ("Russia fears Middle" beside "Middle East").

    "Putin" stays beside "Putin told Araqchi", which covers few of its occurrences.
    """
    entries = [(k, k.keyword.split(), tuple(keyword_key(k.keyword).split())) for k in keywords]
    # Only keywords that share a word can be pieces of one another.
    sharing: dict[str, list[int]] = {}
    for index, (_, _, folded) in enumerate(entries):
        for word in set(folded):
            sharing.setdefault(word, []).append(index)
    kept = []
    for keyword, words, folded in entries:
        others = sorted({i for word in set(folded) for i in sharing[word]})
        if not any(
            _is_piece_of(keyword, words, folded, entries[i][0], entries[i][2], counter)
            for i in others
            if entries[i][0] is not keyword
        ):
            kept.append(keyword)
    return kept


def _is_piece_of(
    keyword: Keyword,
    words: list[str],
    folded: tuple[str, ...],
    other: Keyword,
    other_folded: tuple[str, ...],
    counter: PhraseCounter,
) -> bool:
    """True when ``keyword`` is a fragment of, or straddles, ``other`` (see ``drop_fragments_counted``)."""
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


def inside_boilerplate(keyword: Keyword, counter: PhraseCounter) -> bool:
    """True when ``keyword`` mostly occurs inside a ``BOILERPLATE`` phrase ("Trinity")."""
    key = keyword_key(keyword.keyword)
    return any(
        f" {key} " in f" {phrase} "
        and phrase != key
        and _mostly_inside(keyword.keyword, phrase, counter, fallback=False)
        for phrase in _BOILERPLATE_PHRASES
    )


def _mostly_inside(part: str, whole: str, counter: PhraseCounter, *, fallback: bool) -> bool:
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
    words = tuple(keyword_key(stripped).split())
    stopword_set = frozenset(stopwords)
    if all(w in stopword_set for w in words) and not (stripped.isupper() and len(stripped) > 1):
        return True
    joined = " ".join(words)
    if joined in BOILERPLATE:
        return True
    return any(f" {phrase} " in f" {joined} " for phrase in _BOILERPLATE_PHRASES)


@lru_cache(maxsize=4_096)
def _phrase_pattern(key: str) -> re.Pattern[str]:
    """The pattern for a keyword key that the token index cannot count (see ``PhraseCounter``)."""
    return re.compile(
        r"(?<!\w)" + _POSSESSIVE_SPACE.join(f"({re.escape(w)})" for w in key.split()) + r"(?!\w)",
        re.IGNORECASE,
    )


_WORD_RUN = re.compile(r"\w+")
_PLAIN_WORD = re.compile(r"\w+", re.ASCII)
# Characters that re.IGNORECASE folds onto an ASCII letter other than by str.lower()
# (dotless i, long s, Kelvin sign, dotted capital I): a text holding one is counted by regex.
_ODD_CASE = re.compile("[\u0131\u017f\u212a\u0130]")
_APOSTROPHES = ("'", "\u2019")


class PhraseCounter:
    """Counts a keyword's occurrences in one text, by surface spelling (memoised).

    An occurrence is the keyword's words, in any case, each a whole word, separated by
    white space, where a word may carry a possessive "'s" ("Russia's strategic" counts for
    "Russia strategic"); occurrences do not overlap. The text's words are indexed once;
    a keyword of plain ASCII words is counted from that index, any other keyword with a
    regular expression of exactly that rule (``_phrase_pattern``).
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._cache: dict[str, Counter[str]] = {}
        self._words: list[tuple[str, int, int]] | None = None
        self._where: dict[str, list[int]] = {}
        self._indexable = not _ODD_CASE.search(text)

    def surfaces(self, keyword: str) -> Counter[str]:
        """Spellings of ``keyword`` in the text (case-insensitive, words on word boundaries)."""
        key = keyword_key(keyword)
        if key not in self._cache:
            words = key.split()
            if self._indexable and all(_PLAIN_WORD.fullmatch(w) for w in words):
                self._cache[key] = self._indexed_surfaces(words)
            else:
                found: Counter[str] = Counter()
                for match in _phrase_pattern(key).finditer(self._text):
                    found[" ".join(match.groups())] += 1
                self._cache[key] = found
        return self._cache[key]

    def _indexed_surfaces(self, words: list[str]) -> Counter[str]:
        """``surfaces`` from the word index, for plain lower-case ASCII ``words``."""
        if self._words is None:
            self._index()
        tokens = self._words
        found: Counter[str] = Counter()
        next_free = 0
        for first in self._where.get(words[0], ()):
            if first < next_free:
                continue  # inside the previous occurrence
            end = self._match_from(first, words)
            if end is not None:
                found[" ".join(tokens[i][0] for i in end[1])] += 1
                next_free = end[0]
        return found

    def _match_from(self, first: int, words: list[str]) -> tuple[int, list[int]] | None:
        """(next free token, matched tokens) when ``words`` occur from token ``first``, else None."""
        tokens, text = self._words, self._text
        matched = [first]
        at = first
        for word in words[1:]:
            end = tokens[at][2]
            following = at + 1
            if following < len(tokens) and text[end : tokens[following][1]] in _APOSTROPHES:
                # "Russia's strategic": skip the possessive "s" when white space follows it
                s_token = tokens[following]
                if s_token[0] in ("s", "S") and following + 1 < len(tokens):
                    gap = text[s_token[2] : tokens[following + 1][1]]
                    if gap.isspace() and tokens[following + 1][0].lower() == word:
                        at = following + 1
                        matched.append(at)
                        continue
                return None
            if following >= len(tokens) or not text[end : tokens[following][1]].isspace():
                return None
            if tokens[following][0].lower() != word:
                return None
            at = following
            matched.append(at)
        return at + 1, matched

    def _index(self) -> None:
        self._words = [(m.group(), m.start(), m.end()) for m in _WORD_RUN.finditer(self._text)]
        for i, (word, _, _) in enumerate(self._words):
            self._where.setdefault(word.lower(), []).append(i)

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


def keyword_key(keyword: str) -> str:
    """The case-insensitive identity of a keyword."""
    return " ".join(keyword.casefold().split())
