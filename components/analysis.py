"""The analysis engine: articles in, four tidy tables out (articles, sentences, mentions, keywords).

Sentences, their VADER scores and YAKE keywords depend only on an article's text, so they
are computed once per article (:func:`analyze_text`); actor mentions depend on the actor
dictionary too and are matched separately (:func:`match_mentions`), so changing the
dictionary never re-runs YAKE or VADER. :func:`analyzer_version` names everything else
:func:`analyze_text`'s output depends on, so a stored result can be reused exactly when it
would come out the same (``components.store``).
"""

from __future__ import annotations

import bisect
import importlib.metadata
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

# parallel imports this module back; both bind the module object, so either may load first.
from components import __version__, parallel
from components.actors import ActorDictionary, find_mentions
from components.cleaning import fold_quotes
from components.corpus import Article, Corpus
from components.keywords import extract_keywords, resolve_backend
from components.readers import LoadError
from components.sentences import split_sentences
from components.sentiment import label_sentiment, score_sentences, summarize_sentiment
from components.settings import get_setting

ANALYSIS_SCHEMA = 2  # 2: a span of underscores is no sentence
"""Bump when :func:`analyze_text` gives other output for the same text and settings
(sentence rules, keyword filters, word counting...): stored analyses are then redone."""

# The settings analyze_text's output depends on. sentiment_threshold is not one: labels
# and shares are computed from the stored compounds when tables are built or loaded.
_VERSION_SETTINGS = ("yake_max_ngram", "yake_top", "yake_dedup_lim", "yake_window", "yake_language")

_WORD_RE = re.compile(r"\S*\w\S*")

ARTICLE_COLUMNS = [
    "id", "title", "source", "published", "url", "path", "authors", "text", "removed",
    "n_words", "n_sentences", "sentiment_mean", "positive", "neutral", "negative",
]
SENTENCE_COLUMNS = ["article_id", "sentence", "start", "end", "text", "compound", "label"]
MENTION_COLUMNS = ["article_id", "sentence", "actor", "type", "affiliation", "start", "end", "surface"]
KEYWORD_COLUMNS = ["article_id", "keyword", "score", "rank"]


@dataclass(frozen=True)
class TextAnalysis:
    """What depends only on the text: sentences with VADER compounds, and YAKE keywords."""

    sentences: tuple[tuple[int, int, str, float], ...]  # (start, end, text, compound)
    keywords: tuple[tuple[str, float], ...]  # (keyword, score), best first
    n_words: int


@dataclass(frozen=True)
class Analysis:
    """The tidy tables the dashboard, the CLI and the tests share."""

    articles: pd.DataFrame
    sentences: pd.DataFrame
    mentions: pd.DataFrame
    keywords: pd.DataFrame
    errors: tuple[LoadError, ...] = ()


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


def match_mentions(article_id: str, text: str, starts: Sequence[int], dictionary: ActorDictionary) -> list[dict]:
    """Find actor mentions in ``text`` and place each in the sentence whose span holds it."""
    actors = dictionary.by_name()
    rows = []
    for mention in find_mentions(text, dictionary):
        actor = actors[mention.actor]
        rows.append(
            {
                "article_id": article_id,
                "sentence": max(bisect.bisect_right(starts, mention.start) - 1, 0),
                "actor": actor.name,
                "type": actor.type,
                "affiliation": actor.affiliation,
                "start": mention.start,
                "end": mention.end,
                "surface": mention.surface,
            }
        )
    return rows


def build_tables(
    articles: Sequence[Article],
    texts: Sequence[TextAnalysis],
    dictionary: ActorDictionary,
    *,
    errors: Sequence[LoadError] = (),
) -> Analysis:
    """Assemble the tidy tables from articles and their text analyses (same order)."""
    article_rows, sentence_rows, mention_rows, keyword_rows = [], [], [], []
    for article, result in zip(articles, texts, strict=True):
        compounds = [s[3] for s in result.sentences]
        summary = summarize_sentiment(compounds)
        article_rows.append(
            {
                "id": article.id, "title": article.title, "source": article.source,
                "published": article.published, "url": article.url, "path": article.path,
                "authors": "; ".join(article.authors), "text": article.text, "removed": list(article.removed),
                "n_words": result.n_words, "n_sentences": len(result.sentences),
                "sentiment_mean": summary.mean, "positive": summary.positive,
                "neutral": summary.neutral, "negative": summary.negative,
            }
        )
        for index, (start, end, text, compound) in enumerate(result.sentences):
            sentence_rows.append(
                {"article_id": article.id, "sentence": index, "start": start, "end": end,
                 "text": text, "compound": compound, "label": label_sentiment(compound)}
            )
        for rank, (keyword, score) in enumerate(result.keywords, start=1):
            keyword_rows.append({"article_id": article.id, "keyword": keyword, "score": score, "rank": rank})
        starts = [s[0] for s in result.sentences]
        mention_rows.extend(match_mentions(article.id, article.text, starts, dictionary))
    return Analysis(
        articles=pd.DataFrame(article_rows, columns=ARTICLE_COLUMNS),
        sentences=pd.DataFrame(sentence_rows, columns=SENTENCE_COLUMNS),
        mentions=pd.DataFrame(mention_rows, columns=MENTION_COLUMNS),
        keywords=pd.DataFrame(keyword_rows, columns=KEYWORD_COLUMNS),
        errors=tuple(errors),
    )


def analyze_corpus(
    corpus: Corpus,
    dictionary: ActorDictionary,
    *,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Analysis:
    """Analyse every article of a corpus with one actor dictionary.

    The text analyses run in ``workers`` processes (see :func:`components.parallel.analyze_texts`:
    None takes the ``workers`` setting, 0 one per CPU core, 1 none); ``progress(done, total)``
    is called as they finish. The tables are the same whatever the number of workers.
    """
    texts = parallel.analyze_texts([a.text for a in corpus.articles], workers=workers, progress=progress)
    return build_tables(corpus.articles, texts, dictionary, errors=corpus.errors)


def rematch_mentions(analysis: Analysis, dictionary: ActorDictionary) -> Analysis:
    """Re-match actors with another dictionary over the stored texts; sentences and keywords are kept."""
    rows: list[dict] = []
    starts_by_article = analysis.sentences.groupby("article_id")["start"].apply(list).to_dict()
    for article_id, text in zip(analysis.articles["id"], analysis.articles["text"]):
        rows.extend(match_mentions(article_id, text, starts_by_article.get(article_id, [0]), dictionary))
    mentions = pd.DataFrame(rows, columns=MENTION_COLUMNS)
    return Analysis(analysis.articles, analysis.sentences, mentions, analysis.keywords, analysis.errors)
