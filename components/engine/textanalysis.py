"""One text's analysis: sentences with VADER compounds, YAKE keywords and the word count;
and one article's actor mentions and quotes for a dictionary (:func:`match_article`).

What :func:`analyze_text` computes depends only on the text and its title (not on the actor
dictionary), so it is computed once per article; :func:`analyzer_version` names everything else
its output depends on, so a stored result can be reused exactly when it would come out the same
(``components.engine.store``, which analyses an article again when its title changes).
"""

from __future__ import annotations

import bisect
import importlib.metadata
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from components import __version__
from components.ingest.cleaning import fold_quotes
from components.language.actors import ActorDictionary
from components.language.keyword_backends import Keyword
from components.language.keywords import extract_keywords, resolve_backend
from components.language.mentions import ActorMention, find_article_mentions
from components.language.quotes import find_quotes
from components.language.sentences import split_sentences
from components.language.sentiment import score_sentences
from components.language.target_tone import score_targets
from components.settings import get_setting

ANALYSIS_SCHEMA = 4  # 2: a span of underscores is no sentence; 3: keyphrase ranking; 4: the headline in it
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
    """What depends only on the text (and, for keywords, its title): sentences with VADER
    compounds, and keywords."""

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


def analyze_text(text: str, title: str = "") -> TextAnalysis:
    """Split, score and extract keywords from one cleaned text (dictionary-independent).

    ``title``, the article's headline, is evidence for the keywords only (:func:`text_keywords`);
    sentences, their tone and the word count are the text's alone.
    """
    sentences = split_sentences(text)
    compounds = score_sentences([fold_quotes(s.text) for s in sentences])
    keywords = text_keywords(text, title)
    return TextAnalysis(
        sentences=tuple((s.start, s.end, s.text, c) for s, c in zip(sentences, compounds)),
        keywords=tuple((k.keyword, k.score) for k in keywords),
        n_words=count_words(text),
    )


def text_keywords(text: str, title: str = "") -> list[Keyword]:
    """The keywords :func:`analyze_text` gives ``text`` under ``title`` (with the settings' options)."""
    return extract_keywords(fold_quotes(text), title=fold_quotes(title))


class Matched(NamedTuple):
    """One article's rows for a dictionary: its actor mentions and its quotes."""

    mentions: list[dict]
    quotes: list[dict]


def match_article(
    article_id: str, text: str, starts: Sequence[int], dictionary: ActorDictionary, *, title: str = ""
) -> Matched:
    """Find actor mentions in ``title`` and ``text`` (the dictionary's, and the names it lacks when
    the ``actor_discovery`` setting is on), each with its sentence's tone toward it
    (:func:`components.language.target_tone.score_targets`), and the quotes of ``text`` with
    their speakers (:func:`components.language.quotes.find_quotes`).

    A body mention or quote is placed in the sentence whose span holds its start (``starts``:
    the sentences' starts, in order); a title mention's sentence is :data:`TITLE_SENTENCE`.
    """
    mentions = find_article_mentions(title, text, dictionary)
    tones = score_targets([_in_sentence(m, title, text, starts) for m in mentions])
    mention_rows = [
        {
            "article_id": article_id,
            "sentence": _sentence_of(m.start, starts) if m.field == "body" else TITLE_SENTENCE,
            "actor": m.actor,
            "type": m.type,
            "affiliation": m.affiliation,
            "origin": m.origin,
            "field": m.field,
            "start": m.start,
            "end": m.end,
            "surface": m.surface,
            "tone": tone,
        }
        for m, tone in zip(mentions, tones)
    ]
    quotes = find_quotes(text, [m for m in mentions if m.field == "body"])
    quote_rows = [
        {
            "article_id": article_id,
            "quote": index,
            "sentence": _sentence_of(q.start, starts),
            "kind": q.kind,
            "start": q.start,
            "end": q.end,
            "text": q.text,
            "verb": q.verb,
            "speaker": q.speaker,
            "speaker_actor": q.speaker_actor,
            "about": list(q.about),
        }
        for index, q in enumerate(quotes)
    ]
    return Matched(mention_rows, quote_rows)


def _sentence_of(offset: int, starts: Sequence[int]) -> int:
    return max(bisect.bisect_right(starts, offset) - 1, 0)


def _in_sentence(mention: ActorMention, title: str, text: str, starts: Sequence[int]) -> tuple[str, int, int]:
    """(sentence, start, end) of a mention in its sentence: the headline for a title mention; for
    a body mention the text from its sentence's start to the next sentence's start (or to the
    mention's end, for a name broken over two sentences)."""
    if mention.field != "body":
        return title, mention.start, mention.end
    index = bisect.bisect_right(starts, mention.start) - 1
    if index < 0:  # before the first sentence (a text with none): the text so far
        return text, mention.start, mention.end
    begin = starts[index]
    stop = max(starts[index + 1] if index + 1 < len(starts) else len(text), mention.end)
    return text[begin:stop], mention.start - begin, mention.end - begin
