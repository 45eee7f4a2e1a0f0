"""The data every panel draws from: the tables, filtered by the view state, and a text lookup.

:func:`build_views` gives the panels the corpus's tables narrowed twice (sidebar filters only,
and filters plus chart selections) and one way to get article texts and to search them,
whatever the source: texts in the tables first, then the source's own (a store's tables hold
no texts, so it searches and fetches them itself).

Filtered tables and the aggregates drawn from them are remembered per corpus (per
:class:`~components.engine.analysis.Analysis` object, for as long as it lives) and per the view
fields they depend on. A click on a chart changes the selection, not the sidebar's filters, so
what the sidebar's filters alone decide (the actor chart, the co-occurrences, the sources) is
not worked out again; a click on a sentence or a quote changes neither, so nothing is. Every
visitor of a server shares its base corpus, so they share these too.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import TypeVar

import pandas as pd

from components.engine.analysis import Analysis, ArticleTexts, TextFinder
from components.engine.sources import CorpusSource
from components.settings import settings_stamp
from components.views.aggregate import Filtered, filter_tables, text_finder
from components.views.quotes import quotes_of
from components.views.viewstate import ViewState

T = TypeVar("T")

FILTER_FIELDS = ("actors", "actor_types", "sources", "search", "sentiment", "dates")
"""The view fields :func:`~components.views.aggregate.filter_tables` reads without narrowing."""
SELECTION_FIELDS = ("actor", "keyword", "pair")
"""The chart selections it narrows to as well."""
KEPT_TABLES = 3  # filtered tables remembered per corpus (large: copies of the rows they keep)
KEPT_RESULTS = 96  # aggregates remembered per corpus (small: what a chart or a table shows)


def filter_key(state: ViewState, *, narrow: bool) -> tuple:
    """What decides :func:`filter_tables`' result for ``state``: its filters, and its selections
    when it ``narrow``\\s."""
    fields = FILTER_FIELDS + (SELECTION_FIELDS if narrow else ())
    return (narrow, *(getattr(state, name) for name in fields))


class _Remembered:
    """Results for one corpus: two small LRU maps behind a lock (sessions run on threads)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.tables: OrderedDict[Hashable, object] = OrderedDict()
        self.results: OrderedDict[Hashable, object] = OrderedDict()

    def get(self, key: Hashable, compute: Callable[[], T], *, table: bool) -> T:
        kept, limit = (self.tables, KEPT_TABLES) if table else (self.results, KEPT_RESULTS)
        with self.lock:
            if key in kept:
                kept.move_to_end(key)
                return kept[key]  # type: ignore[return-value]
        value = compute()  # outside the lock: another session may work out another result meanwhile
        with self.lock:
            kept[key] = value
            while len(kept) > limit:
                kept.popitem(last=False)
        return value


_REMEMBERED: weakref.WeakKeyDictionary[Analysis, _Remembered] = weakref.WeakKeyDictionary()
_REMEMBERED_LOCK = threading.Lock()


def _remembered(analysis: Analysis) -> _Remembered:
    with _REMEMBERED_LOCK:
        found = _REMEMBERED.get(analysis)
        if found is None:
            found = _REMEMBERED[analysis] = _Remembered()
        return found


@dataclass(frozen=True, eq=False)
class Views:
    """The data every panel draws from: all analysed tables, the two filtered views, and what
    the panels aggregate from them (:meth:`of_overview`, :meth:`of_selection`)."""

    analysis: Analysis
    state: ViewState
    # Cleaned texts by article id, fetched when the reader or a download needs them (a store's
    # tables hold no texts).
    article_texts: ArticleTexts
    find_text: TextFinder  # ids of the articles holding a text (the tables', then the source's)

    @property
    def overview(self) -> Filtered:
        """Sidebar filters only: the actor chart keeps every bar to click."""
        return self.filtered(self.state, narrow=False)

    @property
    def selection(self) -> Filtered:
        """Sidebar filters and chart selections."""
        return self.filtered(self.state, narrow=True)

    @property
    def quotes(self) -> pd.DataFrame:
        """The selection's quotes, remembered (the quotes panel and the downloads share them)."""
        return self.of_selection("quotes", lambda f: quotes_of(self.analysis.quotes, f.articles["id"]))

    def filtered(self, state: ViewState, *, narrow: bool) -> Filtered:
        """The tables under ``state``'s filters (and its selections when ``narrow``), remembered."""
        a = self.analysis
        return self.remember(
            ("tables", *filter_key(state, narrow=narrow)),
            lambda: filter_tables(
                a.articles, a.sentences, a.mentions, a.keywords, state, narrow_to_selection=narrow, find_text=self.find_text
            ),
            table=True,
        )

    def of_overview(self, name: Hashable, compute: Callable[[Filtered], T]) -> T:
        """``compute(self.overview)``, remembered under ``name`` for these sidebar filters:
        ``name`` must say everything else ``compute`` depends on."""
        return self.remember((name, *filter_key(self.state, narrow=False)), lambda: compute(self.overview))

    def of_selection(self, name: Hashable, compute: Callable[[Filtered], T]) -> T:
        """``compute(self.selection)``, remembered under ``name`` for these filters and selections."""
        return self.remember((name, *filter_key(self.state, narrow=True)), lambda: compute(self.selection))

    def remember(self, key: Hashable, compute: Callable[[], T], *, table: bool = False) -> T:
        return remember(self.analysis, key, compute, table=table)


def remember(analysis: Analysis, key: Hashable, compute: Callable[[], T], *, table: bool = False) -> T:
    """``compute()``, remembered for ``analysis`` under ``key`` and the current settings; ``table``:
    a large result (a filtered table), of which fewer are kept."""
    return _remembered(analysis).get((key, settings_stamp()), compute, table=table)


def build_views(analysis: Analysis, state: ViewState, source: CorpusSource) -> Views:
    """The views of ``analysis`` under ``state``; texts and text searches come from the tables, then ``source``."""
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

    return Views(analysis=analysis, state=state, article_texts=article_texts, find_text=find_text)
