"""One text's analysis: sentences with VADER compounds, YAKE keywords and the word count;
and one text's actor mentions for a dictionary (:func:`match_mentions`).

What :func:`analyze_text` computes depends only on the text (not on the actor dictionary), so
it is computed once per article; :func:`analyzer_version` names everything else its output
depends on, so a stored result can be reused exactly when it would come out the same
(``components.engine.store``).
"""

from __future__ import annotations

import bisect
import importlib.metadata
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from components import __version__
from components.ingest.cleaning import fold_quotes
from components.language.actors import ActorDictionary
from components.language.keywords import extract_keywords, resolve_backend
from components.language.mentions import find_article_mentions
from components.language.sentences import split_sentences
from components.language.sentiment import score_sentences
from components.settings import get_setting

ANALYSIS_SCHEMA = 2  # 2: a span of underscores is no sentence
"""Bump when :func:`analyze_text` gives other output for the same text and settings
(sentence rules, keyword filters, word counting...): stored analyses are then redone."""

# The settings analyze_text's output depends on. sentiment_threshold is not one: labels
# and shares are computed from the stored compounds when tables are built or loaded.
_VERSION_SETTINGS = ("yake_max_ngram", "yake_top", "yake_dedup_lim", "yake_window", "yake_language")

_WORD_RE = re.compile(r"\S*\w\S*")

TITLE_SENTENCE = -1
"""The ``sentence`` of a mention in the title: the headline is no sentence of the text."""


@dataclass(frozen=True)
class TextAnalysis:
    """What depends only on the text: sentences with VADER compounds, and YAKE keywords."""

    sentences: tuple[tuple[int, int, str, float], ...]  # (start, end, text, compound)
    keywords: tuple[tuple[str, float], ...]  # (keyword, score), best first
    n_words: int


def analyzer_version() -> str:
    """Name everything :func:`analyze_text`'s output depends on, from the current settings.

    The string holds the package version, :data:`ANALYSIS_SCHEMA`, the YAKE settings, the
    keyword backend that will actually run (``yake-rust`` falls back to ``yake`` when not
    installed) and the versions of the libraries doing the work (yake, yake-rust when used,
    vaderSentiment, syntok). Environment overrides (``NEWSSCOPE_YAKE_TOP=30``) count, so
    two calls differ exactly when a stored analysis may no longer match a fresh one.
    """
    backend = resolve_backend()
    libraries = ["yake", "vaderSentiment", "syntok"] + (["yake-rust"] if backend == "yake-rust" else [])
    parts = [f"newsscope={__version__}", f"schema={ANALYSIS_SCHEMA}", f"keyword_backend={backend}"]
    parts += [f"{name}={get_setting(name)}" for name in _VERSION_SETTINGS]
    parts += [f"{name}={_library_version(name)}" for name in libraries]
    return ";".join(parts)


@lru_cache(maxsize=None)  # installed versions do not change while the process runs
def _library_version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "none"


def count_words(text: str) -> int:
    """Count whitespace-separated tokens that hold a letter or digit ("U.S.-backed", "3.5": one each)."""
    return len(_WORD_RE.findall(text))


def analyze_text(text: str) -> TextAnalysis:
    """Split, score and extract keywords from one cleaned text (dictionary-independent)."""
    sentences = split_sentences(text)
    compounds = score_sentences([fold_quotes(s.text) for s in sentences])
    keywords = extract_keywords(fold_quotes(text))
    return TextAnalysis(
        sentences=tuple((s.start, s.end, s.text, c) for s, c in zip(sentences, compounds)),
        keywords=tuple((k.keyword, k.score) for k in keywords),
        n_words=count_words(text),
    )


def match_mentions(
    article_id: str, text: str, starts: Sequence[int], dictionary: ActorDictionary, *, title: str = ""
) -> list[dict]:
    """Find actor mentions in ``title`` and ``text`` (the dictionary's, and the names it lacks when
    the ``actor_discovery`` setting is on) and place each body mention in the sentence whose span
    holds it; a title mention's sentence is :data:`TITLE_SENTENCE`."""
    rows = []
    for mention in find_article_mentions(title, text, dictionary):
        in_body = mention.field == "body"
        rows.append(
            {
                "article_id": article_id,
                "sentence": max(bisect.bisect_right(starts, mention.start) - 1, 0) if in_body else TITLE_SENTENCE,
                "actor": mention.actor,
                "type": mention.type,
                "affiliation": mention.affiliation,
                "origin": mention.origin,
                "field": mention.field,
                "start": mention.start,
                "end": mention.end,
                "surface": mention.surface,
            }
        )
    return rows
