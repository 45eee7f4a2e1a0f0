"""The keyword backends: YAKE's raw list of one text, from the yake package or yake-rust.

``yake`` is the reference Python package; ``yake-rust`` a Rust port about six times faster at
that step (setting ``keyword_backend``). yake-rust is called so that it reproduces yake 0.7.3
(``_rust_candidates``): yake's stopword list, newlines read as spaces, yake's order for equal
scores and yake's own near-duplicate test instead of yake-rust's Levenshtein one
(``benchmarks/README.md`` has the agreement figures). :mod:`components.language.keyphrases`
re-ranks the raw list, and :mod:`components.language.keywords` runs both.
"""

from __future__ import annotations

import importlib
import logging
import re
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from types import ModuleType
from typing import TYPE_CHECKING

import yake

from components.settings import get_setting

if TYPE_CHECKING:
    import yake_rust

logger = logging.getLogger(__name__)

BACKENDS = ("yake", "yake-rust")
"""Values of ``backend`` / the ``keyword_backend`` setting."""

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
class KeywordOptions:
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
        stopwords=set(stopwords_for(language)),
        ngrams=max_ngram,
        window_size=window,
        remove_duplicates=False,
    )


@lru_cache(maxsize=32)
@lru_cache(maxsize=8)
def stopwords_for(language: str) -> frozenset[str]:
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
    name = str(setting_or(backend, "keyword_backend"))
    if name not in BACKENDS:
        raise ValueError(f"unknown keyword backend {name!r}; expected one of {BACKENDS}")
    if name == "yake-rust" and _yake_rust_module() is None:
        return "yake"
    return name


def raw_keywords(text: str, options: KeywordOptions, *, pool: int) -> list[Keyword]:
    """The ``pool`` best keywords of ``text`` from the options' backend, before the re-ranking.

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


def _yake_candidates(text: str, options: KeywordOptions, *, pool: int) -> list[tuple[str, float]]:
    """yake's best ``pool`` keywords, one extraction at a time (``_YAKE_LOCK``)."""
    extractor = _extractor(
        options.language, options.max_ngram, options.dedup_lim, options.window, pool
    )
    with _YAKE_LOCK:
        return extractor.extract_keywords(text)


def _rust_candidates(text: str, options: KeywordOptions, *, pool: int) -> list[tuple[str, float]]:
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
    # seqm gives 0 to two strings longer than 3 characters whose first characters differ, so
    # a candidate is compared with the kept ones of its first character and the short ones.
    kept_by_first: dict[str, list[str]] = {}
    kept_short: list[str] = []
    for kw, score in ordered:
        folded = kw.lower()
        short = len(folded) <= _SEQM_SHORT
        if options.dedup_lim < 0:  # then even a similarity of 0 is too much
            rivals = [other for group in kept_by_first.values() for other in group]
        else:
            rivals = kept_by_first.get(folded[:1], []) + (kept_short if short else [])
        if any(similarity(folded, other) > options.dedup_lim for other in rivals):
            continue
        kept_by_first.setdefault(folded[:1], []).append(folded)
        if short:
            kept_short.append(folded)
        kept.append((kw, _round_score(score)))
        if len(kept) == pool:
            break
    return kept


_SEQM_SHORT = 3
"""seqm compares first characters only when the longer string has more characters than this."""


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
    "China Guangdong", as yake reads it. The words of the text are indexed once.
    """

    def __init__(self, text: str) -> None:
        pieces = [(m.group().casefold(), m.start(), m.end()) for m in re.finditer(r"\w+", text)]
        no_possessive = [
            (word, end)
            for word, start, end in pieces
            if not (word == "s" and start > 0 and text[start - 1] in "'\u2019")
        ]
        self._streams = []
        for stream in ([(word, end) for word, _, end in pieces], no_possessive):
            where: dict[str, list[int]] = {}
            for i, (word, _) in enumerate(stream):
                where.setdefault(word, []).append(i)
            self._streams.append(([word for word, _ in stream], [end for _, end in stream], where))

    def order(self, keyword: str) -> tuple[int, int, str]:
        """Sort key of ``keyword``: (end of first occurrence, word count, spelling)."""
        words = re.findall(r"\w+", keyword.casefold())
        return (self._first_end(words), len(keyword.split()), keyword.casefold())

    def _first_end(self, words: list[str]) -> int:
        """Where the first occurrence of ``words`` in either stream ends (maxsize: nowhere)."""
        best = sys.maxsize
        if not words:  # no word at all: as if found at the end of the first word
            return min((ends[0] for _, ends, _ in self._streams if ends), default=best)
        size = len(words)
        for stream, ends, where in self._streams:
            for i in where.get(words[0], ()):
                if stream[i : i + size] == words:
                    best = min(best, ends[i + size - 1])
                    break
        return best


def setting_or(value: object, name: str) -> object:
    """``value``, or the setting's default when it is None."""
    return get_setting(name) if value is None else value
