"""The analysis engine: articles in, tidy tables out (articles, sentences, mentions, keywords, quotes).

Sentences, their VADER scores and YAKE keywords depend only on an article's text, so they
are computed once per article (:mod:`components.engine.textanalysis`, in a process pool:
:mod:`components.engine.parallel`); actor mentions depend on the actor dictionary too and are
matched separately (:func:`match_mentions`), so changing the dictionary never re-runs YAKE or
VADER. Quotes depend on the mentions (their speakers are actors), so they are found with them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from components.engine import parallel
from components.engine.textanalysis import TextAnalysis
from components.ingest.corpus import Article, Corpus
from components.ingest.readers import LoadError
from components.language.actors import ActorDictionary
from components.language.sentiment import label_sentiment, summarize_sentiment

ARTICLE_COLUMNS = [
    "id", "title", "source", "published", "url", "path", "authors", "text", "removed", "removed_reasons",
    "n_words", "n_sentences", "sentiment_mean", "positive", "neutral", "negative", "extra",
]
"""``extra``: the user's own columns of the article's input record, {name: value} in the file's order
(:attr:`components.ingest.corpus.Article.extra`; {} for most inputs)."""
SENTENCE_COLUMNS = ["article_id", "sentence", "start", "end", "text", "compound", "label"]
MENTION_COLUMNS = [
    "article_id", "sentence", "actor", "type", "affiliation", "origin", "field", "start", "end", "surface", "tone",
]
"""``tone``: the tone of the mention's sentence toward its actor, -1..1 (:mod:`components.language.target_tone`)."""
KEYWORD_COLUMNS = ["article_id", "keyword", "score", "rank"]
QUOTE_COLUMNS = [
    "article_id", "quote", "sentence", "kind", "start", "end", "text", "verb", "speaker", "speaker_actor", "about",
]
"""One row per quote (:mod:`components.language.quotes`); ``about``: the actors it mentions (a list)."""


TextFinder = Callable[[str, bool], set[str]]
"""``find(needle, whole_word)``: ids of the articles whose text contains ``needle`` (any case)."""
ArticleTexts = Callable[[Iterable[str]], Mapping[str, str]]
"""``texts(ids)``: the cleaned texts of those articles, by id."""


@dataclass(frozen=True, eq=False)
class Analysis:
    """The tidy tables the dashboard, the CLI and the tests share.

    Compared and hashed by identity (tables have no one meaning of equality), so that what is
    worked out from one corpus can be remembered for as long as it lives
    (:mod:`components.views.selection`)."""

    articles: pd.DataFrame
    sentences: pd.DataFrame
    mentions: pd.DataFrame
    keywords: pd.DataFrame
    errors: tuple[LoadError, ...] = ()
    quotes: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=QUOTE_COLUMNS))


def settle_types(mentions: pd.DataFrame) -> pd.DataFrame:
    """``mentions`` with one type per discovered actor across the corpus: the type most of its
    mentions were given in their articles ("other" only when no article could tell).

    Each article types its names from its own evidence, so "Jordan" may be a person in one and a
    country in another; a name is one actor in the corpus, so it gets one type. Dictionary
    actors keep the dictionary's type. A new frame; the input is not changed.
    """
    actor, _ = codes_of(mentions["actor"])
    kind, kinds = codes_of(mentions["type"])
    origin, origins = codes_of(mentions["origin"])
    settled = settled_type_codes(actor, kind, kinds, origin, origins)
    changed = settled != kind
    if not changed.any():
        return mentions
    dtype = mentions["type"].dtype
    if isinstance(dtype, pd.CategoricalDtype):  # the codes are the categories' own: no string per row
        return mentions.assign(type=pd.Categorical.from_codes(settled, dtype=dtype))
    types = mentions["type"].to_numpy(dtype=object).copy()
    types[changed] = np.asarray(kinds, dtype=object)[settled[changed]]
    return mentions.assign(type=pd.Series(types, index=mentions.index, dtype=dtype))


def codes_of(values: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """(an int64 code per row, the distinct values): a categorical column's own codes, else
    ``pd.factorize`` (first-seen order). A missing value's code is -1."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.codes.to_numpy().astype(np.int64), values.cat.categories
    codes, uniques = pd.factorize(values)
    return codes.astype(np.int64), pd.Index(uniques)


def name_ranks(names: pd.Index) -> np.ndarray:
    """Each of the distinct ``names``' place when they are sorted as strings (sorted categories:
    their codes, in order)."""
    if names.is_monotonic_increasing:
        return np.arange(len(names))
    return np.argsort(np.argsort(np.asarray(names.astype(str), dtype=object), kind="stable"), kind="stable")


def settled_type_codes(
    actor: np.ndarray, kind: np.ndarray, kinds: pd.Index, origin: np.ndarray, origins: pd.Index
) -> np.ndarray:
    """The type codes :func:`settle_types` gives, from the codes of the actor, type and origin
    columns (:func:`codes_of`): each discovered row takes its actor's most given type other than
    "other" (ties: the first by name); other rows keep theirs."""
    discovered_code = origins.get_indexer(["discovered"])[0]
    other_code = kinds.get_indexer(["other"])[0]
    discovered = (origin == discovered_code) & (discovered_code >= 0) & (actor >= 0)
    told = discovered & (kind != other_code) & (kind >= 0)
    if not told.any():
        return kind
    width = len(kinds)
    counted = np.bincount(actor[told] * width + kind[told])
    pair = np.flatnonzero(counted)
    by_name = name_ranks(kinds)  # a type's place by name
    order = np.lexsort((by_name[pair % width], -counted[pair], pair // width))  # per actor: most, then name
    ranked = pair[order]
    first = np.ones(len(ranked), dtype=bool)
    first[1:] = ranked[1:] // width != ranked[:-1] // width
    chosen = np.full(int(actor.max()) + 1, -1, dtype=np.int64)
    chosen[ranked[first] // width] = ranked[first] % width
    settled = np.where(discovered, chosen[np.maximum(actor, 0)], -1)
    return np.where(settled >= 0, settled, kind)


def build_tables(
    articles: Sequence[Article],
    texts: Sequence[TextAnalysis],
    dictionary: ActorDictionary,
    *,
    errors: Sequence[LoadError] = (),
    workers: int | None = None,
) -> Analysis:
    """Assemble the tidy tables from articles and their text analyses (same order); actor
    mentions and quotes are found on ``workers`` processes (:func:`components.engine.parallel.match_articles`)."""
    article_rows, sentence_rows, keyword_rows = [], [], []
    for article, result in zip(articles, texts, strict=True):
        compounds = [s[3] for s in result.sentences]
        summary = summarize_sentiment(compounds)
        article_rows.append(
            {
                "id": article.id, "title": article.title, "source": article.source,
                "published": article.published, "url": article.url, "path": article.path,
                "authors": "; ".join(article.authors), "text": article.text, "removed": list(article.removed),
                "removed_reasons": list(article.removed_reasons),
                "n_words": result.n_words, "n_sentences": len(result.sentences),
                "sentiment_mean": summary.mean, "positive": summary.positive,
                "neutral": summary.neutral, "negative": summary.negative, "extra": dict(article.extra),
            }
        )
        for index, (start, end, text, compound) in enumerate(result.sentences):
            sentence_rows.append(
                {"article_id": article.id, "sentence": index, "start": start, "end": end,
                 "text": text, "compound": compound, "label": label_sentiment(compound)}
            )
        for rank, (keyword, score) in enumerate(result.keywords, start=1):
            keyword_rows.append({"article_id": article.id, "keyword": keyword, "score": score, "rank": rank})
    matched = parallel.match_articles(
        [(a.id, a.title, a.text, [s[0] for s in r.sentences]) for a, r in zip(articles, texts)],
        dictionary,
        workers=workers,
    )
    return Analysis(
        articles=pd.DataFrame(article_rows, columns=ARTICLE_COLUMNS),
        sentences=pd.DataFrame(sentence_rows, columns=SENTENCE_COLUMNS),
        mentions=settle_types(pd.DataFrame(matched.mentions, columns=MENTION_COLUMNS)),
        keywords=pd.DataFrame(keyword_rows, columns=KEYWORD_COLUMNS),
        errors=tuple(errors),
        quotes=pd.DataFrame(matched.quotes, columns=QUOTE_COLUMNS),
    )


def analyze_corpus(
    corpus: Corpus,
    dictionary: ActorDictionary,
    *,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Analysis:
    """Analyse every article of a corpus with one actor dictionary.

    The text analyses run in ``workers`` processes (see :func:`components.engine.parallel.analyze_texts`:
    None takes the ``workers`` setting, 0 one per CPU core, 1 none); ``progress(done, total)``
    is called as they finish. The tables are the same whatever the number of workers.
    """
    texts = parallel.analyze_texts(
        [a.text for a in corpus.articles], titles=[a.title for a in corpus.articles], workers=workers, progress=progress
    )
    return build_tables(corpus.articles, texts, dictionary, errors=corpus.errors, workers=workers)


def rematch_mentions(analysis: Analysis, dictionary: ActorDictionary) -> Analysis:
    """Re-match actors (and so quotes) with another dictionary over the texts; sentences and keywords are kept."""
    starts_by_article = analysis.sentences.groupby("article_id")["start"].apply(list).to_dict()
    matched = parallel.match_articles(
        [
            (article_id, title, text, starts_by_article.get(article_id, [0]))
            for article_id, title, text in zip(analysis.articles["id"], analysis.articles["title"], analysis.articles["text"])
        ],
        dictionary,
    )
    mentions = settle_types(pd.DataFrame(matched.mentions, columns=MENTION_COLUMNS))
    quotes = pd.DataFrame(matched.quotes, columns=QUOTE_COLUMNS)
    return Analysis(analysis.articles, analysis.sentences, mentions, analysis.keywords, analysis.errors, quotes)
