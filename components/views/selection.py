"""The data every panel draws from: the tables, filtered by the view state, and a text lookup.

:func:`build_views` narrows a corpus's tables twice (sidebar filters only, and filters plus
chart selections) and gives the panels one way to get article texts and to search them,
whatever the source: texts in the tables first, then the source's own (a store's tables hold
no texts, so it searches and fetches them itself).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from components.engine.analysis import Analysis, ArticleTexts, TextFinder
from components.engine.sources import CorpusSource
from components.views.aggregate import Filtered, filter_tables, text_finder
from components.views.viewstate import ViewState


@dataclass(frozen=True)
class Views:
    """The data every panel draws from: all analysed tables and the two filtered views."""

    analysis: Analysis
    overview: Filtered  # sidebar filters only: the actor chart keeps every bar to click
    selection: Filtered  # sidebar filters and chart selections
    # Cleaned texts by article id, fetched when the reader or a download needs them (a store's
    # tables hold no texts).
    article_texts: ArticleTexts
    find_text: TextFinder  # ids of the articles holding a text (the tables', then the source's)


def build_views(analysis: Analysis, state: ViewState, source: CorpusSource) -> Views:
    """Filter ``analysis`` by ``state``; texts and text searches come from the tables, then ``source``."""
    articles = analysis.articles

    def find_text(needle: str, whole_word: bool) -> set[str]:
        # Articles whose texts are in the tables are searched here (uploads beside a store);
        # the source searches those it holds without texts.
        in_memory = text_finder(articles.loc[articles["text"].fillna("") != ""])(needle, whole_word)
        found = source.find_text(needle, whole_word)
        return in_memory if found is None else found | in_memory

    def article_texts(article_ids: Iterable[str]) -> dict[str, str]:
        ids = list(article_ids)
        found = articles.loc[articles["id"].isin(ids)]
        texts = {i: t for i, t in zip(found["id"], found["text"].fillna("")) if t}
        missing = [i for i in ids if i not in texts]
        return texts | (source.article_texts(missing) if missing else {})

    tables = (analysis.articles, analysis.sentences, analysis.mentions, analysis.keywords)
    return Views(
        analysis=analysis,
        overview=filter_tables(*tables, state, narrow_to_selection=False, find_text=find_text),
        selection=filter_tables(*tables, state, find_text=find_text),
        article_texts=article_texts,
        find_text=find_text,
    )
