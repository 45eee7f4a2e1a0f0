"""The data every panel draws from: the tables, filtered by the view state, and a text lookup.

:func:`build_views` gives the panels the corpus's tables narrowed twice (sidebar filters only,
and filters plus chart selections) and one way to get article texts and to search them,
whatever the source: texts in the tables first, then the source's own (a store's tables hold
no texts, so it searches and fetches them itself).

Filtered tables, the aggregates drawn from them and the charts' figures are remembered per
corpus (per :class:`~components.engine.analysis.Analysis` object, for as long as it lives) and
per the view fields they depend on (a figure: per the whole view state). A click on a chart
changes the selection, not the sidebar's filters, so what the sidebar's filters alone decide
(the actor chart, the co-occurrences, the sources) is not worked out again; a click on a
sentence or a quote changes neither, so nothing is. Every visitor of a server shares its base
corpus, so they share these too.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

import pandas as pd

from components.engine.analysis import Analysis, ArticleTexts, TextFinder
from components.engine.sources import CorpusSource
from components.settings import settings_stamp
from components.views.actors import actor_table
from components.views.aggregate import (
    Filtered,
    actor_sentiment,
    at_a_glance,
    attention_over_time,
    compare_sources,
    count_mentions,
    filter_tables,
    text_finder,
    top_keywords,
)
from components.views.context import (
    build_context_table,
    fill_sentence_texts,
    keyword_in_context,
)
from components.views.figures import strongest_articles
from components.views.quotes import (
    quote_table,
    quotes_by_speaker,
    quotes_of,
    split_by_actor,
)
from components.views.report import with_user_columns
from components.views.viewstate import ViewState

T = TypeVar("T")

FILTER_FIELDS = ("actors", "actor_types", "sources", "search", "sentiment", "dates")
"""The view fields :func:`~components.views.aggregate.filter_tables` reads without narrowing."""
SELECTION_FIELDS = ("actor", "keyword", "pair")
"""The chart selections it narrows to as well."""
KEPT_TABLES = 3  # filtered tables remembered per corpus (large: copies of the rows they keep)
KEPT_RESULTS = 96  # aggregates remembered per corpus (small: what a chart or a table shows)
KEPT_FIGURES = 72  # charts' figures remembered per corpus (about nine per view state)
TOP_KEYWORDS = 20  # keywords the keyword chart shows
CONTEXT_HITS = 2_000  # concordance hits found at most (the count says when there are more)
LISTED_QUOTES = 500  # a quote list holds at most this many (the CSV download holds them all)
SOURCE_ACTORS = 5  # actors the sources side by side compare when none is selected: the most mentioned
HEAVY_ARTICLES = 10_000  # an actor in this many articles or more has its selection worked out in advance
HEAVY_ACTORS = 2  # at most this many (each keeps its filtered tables beside the overview's: see KEPT_TABLES)
SENTIMENT_COLUMNS = [
    "id", "title", "source", "published", "url", "n_sentences", "sentiment_mean", "positive", "neutral", "negative",
]

log = logging.getLogger(__name__)


def filter_key(state: ViewState, *, narrow: bool) -> tuple:
    """What decides :func:`filter_tables`' result for ``state``: its filters, and its selections
    when it ``narrow``\\s. With no selection, narrowing changes nothing: one key (and so one
    remembered copy of the tables) for both."""
    narrow = narrow and any(getattr(state, name) is not None for name in SELECTION_FIELDS)
    fields = FILTER_FIELDS + (SELECTION_FIELDS if narrow else ())
    return (narrow, *(getattr(state, name) for name in fields))


class _Remembered:
    """Results for one corpus: two small LRU maps behind a lock (sessions run on threads).

    A result being worked out is worked out once: a session that needs it meanwhile waits for
    it instead of working it out again (ten visitors clicking one actor, or a click on an actor
    whose views are being prepared in advance)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.tables: OrderedDict[Hashable, object] = OrderedDict()
        self.results: OrderedDict[Hashable, object] = OrderedDict()
        self.figures: OrderedDict[Hashable, object] = OrderedDict()
        self.pending: dict[Hashable, threading.Event] = {}
        self.prepared = False  # the heavy actors' views were handed to a thread (prepare_heavy_actors)

    def get(self, key: Hashable, compute: Callable[[], T], *, kind: str) -> T:
        """``compute()`` under ``key``, kept among the results of its ``kind``: "table", "result" or "figure"."""
        kept, limit = {
            "table": (self.tables, KEPT_TABLES), "result": (self.results, KEPT_RESULTS), "figure": (self.figures, KEPT_FIGURES),
        }[kind]
        while True:
            with self.lock:
                if key in kept:
                    kept.move_to_end(key)
                    return kept[key]  # type: ignore[return-value]
                pending = self.pending.get(key)
                mine = pending is None
                if mine:
                    pending = self.pending[key] = threading.Event()
            if mine:
                break
            pending.wait()  # then found, or (failed or already dropped) worked out here
        try:
            value = compute()  # outside the lock: other sessions work out other results meanwhile
            with self.lock:
                kept[key] = value
                while len(kept) > limit:
                    kept.popitem(last=False)
            return value
        finally:
            with self.lock:
                del self.pending[key]
            pending.set()


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
            kind="table",
        )

    def of_overview(self, name: Hashable, compute: Callable[[Filtered], T]) -> T:
        """``compute(self.overview)``, remembered under ``name`` for these sidebar filters:
        ``name`` must say everything else ``compute`` depends on."""
        return self.remember((name, *filter_key(self.state, narrow=False)), lambda: compute(self.overview))

    def of_selection(self, name: Hashable, compute: Callable[[Filtered], T]) -> T:
        """``compute(self.selection)``, remembered under ``name`` for these filters and selections."""
        return self.remember((name, *filter_key(self.state, narrow=True)), lambda: compute(self.selection))

    def remember(self, key: Hashable, compute: Callable[[], T], *, kind: str = "result") -> T:
        return remember(self.analysis, key, compute, kind=kind)

    def figure(self, chart: str, build: Callable[[], T], *drawn_from: Hashable) -> T:
        """``build()``, the figure of ``chart``, remembered for this whole view state and
        ``drawn_from`` (inputs of ``build`` that are not fields of the state: a radio's value,
        the reader's article). A figure is never changed once built: Streamlit sends a copy of it."""
        return self.remember(("figure", chart, self.state, *drawn_from), build, kind="figure")

    # What each panel shows, remembered: the panels draw these and work out nothing themselves.

    def glance(self) -> tuple[int, int, int, int, float, int]:
        """Articles, words, actors, mentions, mean sentiment and sources of the selection."""
        return self.of_selection("glance", at_a_glance)

    def actor_counts(self, by: str = "type") -> pd.DataFrame:
        """:func:`~components.views.aggregate.count_mentions` under the sidebar's filters."""
        return self.of_overview(("actor counts", by), lambda f: count_mentions(f.mentions, f.articles, by=by))

    def actor_table(self) -> pd.DataFrame:
        return self.of_selection("actor table", lambda f: actor_table(f.mentions))

    def top_keywords(self) -> pd.DataFrame:
        return self.of_selection("top keywords", lambda f: top_keywords(f.keywords, top=TOP_KEYWORDS))

    def context(self) -> pd.DataFrame:
        """The concordance's hits (at most :data:`CONTEXT_HITS`)."""
        state = self.state
        return self.of_selection(
            ("context", state.find),
            lambda f: keyword_in_context(
                f.sentences, f.mentions, state, article_texts=self.article_texts, find_text=self.find_text,
                limit=CONTEXT_HITS,
            ),
        )

    def context_lines(self) -> pd.DataFrame:
        """The concordance's lines, in the state's sort order (the hits must not be empty)."""
        state = self.state
        return self.of_selection(
            ("context lines", state.find, state.sort),
            lambda _: build_context_table(self.context(), self.analysis.articles, sort=state.sort),
        )

    def speakers(self) -> pd.DataFrame:
        return self.of_selection("speakers", lambda _: quotes_by_speaker(self.quotes))

    def quote_list(self, which: str) -> tuple[pd.DataFrame, pd.DataFrame]:
        """(quotes, the first :data:`LISTED_QUOTES` as a table) of the selection's quotes: ``"all"``
        of them, or those ``"by"`` or ``"about"`` the selected actor."""
        if which == "all":
            quotes = self.quotes
        else:
            spoken, about = self.of_selection("quotes split", lambda _: split_by_actor(self.quotes, self.state.actor))
            quotes = spoken if which == "by" else about
        shown = self.of_selection(
            ("quote list", which),
            lambda f: quote_table(quotes.iloc[:LISTED_QUOTES], self.analysis.articles, f.mentions),
        )
        return quotes, shown

    def reader_article_id(self) -> str | None:
        """The article the reader shows: the selected one if it is in the selection, else the first."""
        ids = self.selection.articles["id"]
        article = self.state.article
        if article is not None and bool((ids == article).any()):
            return article
        return str(ids.iloc[0]) if len(ids) else None

    def reader_rows(self, article_id: str) -> tuple[pd.Series, str, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        """What the reader shows of one article of the selection: its row, text, sentences (with
        their texts), mentions and quotes (remembered per article: a big corpus's tables are long
        to scan)."""

        def rows(selection: Filtered) -> tuple[pd.Series, str, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
            article = selection.articles.loc[selection.articles["id"] == article_id].iloc[0]
            text = self.article_texts([article_id]).get(article_id, "")
            every = self.analysis.sentences
            sentences = fill_sentence_texts(every.loc[every["article_id"] == article_id], lambda _: {article_id: text})
            mentions = selection.mentions.loc[selection.mentions["article_id"] == article_id]
            quotes = self.analysis.quotes.loc[self.analysis.quotes["article_id"] == article_id]
            return article, text, sentences, mentions, quotes

        return self.of_selection(("reader", article_id), rows)

    def article_sentiment_table(self) -> pd.DataFrame:
        """The article chart's data download: its columns, with the user's own."""
        return self.of_selection(
            "article sentiment table",
            lambda f: with_user_columns(f.articles[SENTIMENT_COLUMNS], f.articles, key="id"),
        )

    def strongest_articles(self) -> pd.DataFrame:
        return self.of_selection("strongest articles", lambda f: strongest_articles(f.articles))

    def actor_tone(self) -> pd.DataFrame:
        return self.of_selection("actor tone", lambda f: actor_sentiment(f.mentions, f.sentences))

    def attention(self) -> pd.DataFrame:
        """Attention over time, counted within the sidebar's filters but not those naming what is
        tracked (else every tracked actor would fill 100% of its own articles), nor the date
        range (so it can widen)."""
        state = self.state
        tracked = state.with_changes(actors=(), search="", dates=None)

        def attention_of() -> pd.DataFrame:
            base = self.filtered(tracked, narrow=False)
            return attention_over_time(base.articles, base.mentions, state, find=self.find_text)

        # What attention_over_time reads of the state besides the filters: the series and the period.
        series = (state.actors, state.actor, state.keyword, state.search, state.sources, state.period)
        return self.remember(("attention", series, *filter_key(tracked, narrow=False)), attention_of)

    def compared_actors(self) -> list[str]:
        """The actors the sources side by side compare: the selected ones, else the most mentioned."""
        state = self.state
        chosen = list(dict.fromkeys([*state.actors, *([state.actor] if state.actor else [])]))
        return chosen or list(self.actor_counts()["actor"][:SOURCE_ACTORS])

    def source_comparison(self) -> pd.DataFrame:
        """Sources side by side for :meth:`compared_actors`, over every source under the other
        sidebar filters (the source filter would leave one row, and the actor filter would make
        every share 100%)."""
        chosen = self.compared_actors()
        every_source = self.state.with_changes(sources=(), actors=())

        def compare() -> pd.DataFrame:
            base = self.filtered(every_source, narrow=False)
            return compare_sources(base.articles, base.mentions, base.sentences, chosen)

        return self.remember(("sources", tuple(chosen), *filter_key(every_source, narrow=False)), compare)

    def prepare(self, pause: Callable[[], None] = lambda: None) -> None:
        """Work out, and so remember, what the page's panels show under this state; ``pause()``
        comes before each part (where the preparation thread lets visitors' scripts go first)."""
        for part in self._page_parts():
            pause()
            part()

    def _page_parts(self) -> Iterator[Callable[[], object]]:
        """The remembered methods the panels call under this state, in page order. A condition
        reads only parts already worked out."""
        yield from (self.glance, self.actor_table, self.top_keywords, self.context)
        if not self.context().empty:
            yield self.context_lines
        yield lambda: self.quotes
        if not self.quotes.empty:
            yield self.speakers
            for which in ("by", "about") if self.state.actor else ("all",):
                yield lambda which=which: self.quote_list(which)
        yield self.reader_article_id
        article_id = self.reader_article_id()
        if article_id is not None:
            yield lambda: self.reader_rows(article_id)
        if self.state.tab == "article":
            yield from (self.article_sentiment_table, self.strongest_articles)
        else:
            yield self.actor_tone
        yield from (self.attention, self.source_comparison)


class _Visitors:
    """How many visitors' scripts this server is running; work done in advance waits for none."""

    def __init__(self) -> None:
        self.running = 0
        self.changed = threading.Condition()

    @contextmanager
    def serving(self) -> Iterator[None]:
        """Around a visitor's script run (the dashboard's page and its views fragment)."""
        with self.changed:
            self.running += 1
        try:
            yield
        finally:
            with self.changed:
                self.running -= 1
                self.changed.notify_all()

    def wait_idle(self) -> None:
        with self.changed:
            self.changed.wait_for(lambda: self.running == 0)


VISITORS = _Visitors()


def remember(analysis: Analysis, key: Hashable, compute: Callable[[], T], *, kind: str = "result") -> T:
    """``compute()``, remembered for ``analysis`` under ``key`` and the current settings; ``kind``:
    "result" (an aggregate), "table" (a filtered table: large, fewer are kept) or "figure"."""
    return _remembered(analysis).get((key, settings_stamp()), compute, kind=kind)


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


def heavy_actors(views: Views) -> list[str]:
    """The first :data:`HEAVY_ACTORS` bars of the actor chart (the most mentioned actors under the
    sidebar's filters) among the actors whose selection is long to work out: those named in
    :data:`HEAVY_ARTICLES` articles or more."""
    counts = views.actor_counts()  # the actor chart's order
    return list(counts.loc[counts["articles"] >= HEAVY_ARTICLES, "actor"][:HEAVY_ACTORS])


def prepare_heavy_actors(analysis: Analysis, source: CorpusSource) -> threading.Thread | None:
    """Once per corpus, on a thread of its own: work out what the page shows when each of its
    :func:`heavy_actors` (with no filter) is clicked, so that the first click on one is as quick as
    a later one. A session that clicks one meanwhile waits for the results being worked out
    instead of working them out again. Before each result, the thread waits while any visitor's
    script runs (:data:`VISITORS`): a page competes with it only for the one result it is working
    out when the page starts. None when it was already done for ``analysis``."""
    remembered = _remembered(analysis)
    with remembered.lock:
        if remembered.prepared:
            return None
        remembered.prepared = True

    def prepare() -> None:
        try:
            for actor in heavy_actors(build_views(analysis, ViewState(), source)):
                build_views(analysis, ViewState(actor=actor), source).prepare(pause=VISITORS.wait_idle)
        except Exception:  # a panel shows its own error when the visitor gets there
            log.exception("Preparing the most mentioned actors' views failed")

    thread = threading.Thread(target=prepare, name="newsscope-prepare", daemon=True)
    thread.start()
    return thread
