"""The panels' views: filtered tables and aggregates are remembered per corpus and per the view
fields they depend on, and worked out again whenever one of those fields or a setting changes."""

import gc
import weakref

import pytest
from test_aggregate import build_tables

from components.engine.analysis import Analysis
from components.engine.sources import FilesSource
from components.ingest.corpus import Corpus
from components.views import selection
from components.views.aggregate import count_mentions
from components.views.selection import build_views
from components.views.viewstate import ViewState


@pytest.fixture
def analysis() -> Analysis:
    return Analysis(*build_tables())


SOURCE = FilesSource(Corpus(articles=()))


def counting(calls: list, value: object = None):
    """A compute function that records its calls."""

    def compute(filtered=None):
        calls.append(filtered)
        return value if value is not None else object()

    return compute


def test_selection_is_filtered_as_its_state_says(analysis) -> None:
    views = build_views(analysis, ViewState(actor="IAEA"), SOURCE)
    assert list(views.selection.articles["id"]) == ["a2"]
    assert list(views.overview.articles["id"]) == ["a1", "a2", "a3"]
    assert views.selection is views.selection  # worked out once


def test_an_overview_result_survives_a_click_on_the_charts(analysis) -> None:
    calls: list = []
    first = build_views(analysis, ViewState(), SOURCE).of_overview("counts", counting(calls))
    # Selecting an actor, a keyword, a pair, an article or a sentence changes no sidebar filter.
    for state in (ViewState(actor="Iran"), ViewState(keyword="oil"), ViewState(pair=("Iran", "Russia")),
                  ViewState(article="a1", sentence=1), ViewState(tab="actor", colour="source")):
        assert build_views(analysis, state, SOURCE).of_overview("counts", counting(calls)) is first
    assert len(calls) == 1
    # A sidebar filter does change it.
    filtered = build_views(analysis, ViewState(sources=("Reuters",)), SOURCE).of_overview("counts", counting(calls))
    assert filtered is not first and len(calls) == 2
    assert list(calls[1].articles["id"]) == ["a3"]


def test_a_selection_result_follows_the_selection_but_not_the_reader(analysis) -> None:
    calls: list = []
    iran = build_views(analysis, ViewState(actor="Iran"), SOURCE).of_selection("table", counting(calls))
    same = build_views(analysis, ViewState(actor="Iran", article="a2", sentence=0), SOURCE).of_selection("table", counting(calls))
    assert same is iran and len(calls) == 1
    build_views(analysis, ViewState(actor="IAEA"), SOURCE).of_selection("table", counting(calls))
    assert len(calls) == 2 and list(calls[1].articles["id"]) == ["a2"]


def test_results_are_told_apart_by_name_by_corpus_and_by_settings(analysis, monkeypatch) -> None:
    views = build_views(analysis, ViewState(), SOURCE)
    by_type = views.of_overview(("actor counts", "type"), lambda f: count_mentions(f.mentions, f.articles, by="type"))
    by_source = views.of_overview(("actor counts", "source"), lambda f: count_mentions(f.mentions, f.articles, by="source"))
    assert "source" not in by_type.columns and "source" in by_source.columns
    other = Analysis(*build_tables())  # the same tables, another corpus object
    calls: list = []
    build_views(other, ViewState(), SOURCE).of_overview(("actor counts", "type"), counting(calls))
    assert len(calls) == 1
    monkeypatch.setenv("NEWSSCOPE_ACTOR_TONE", "sentence")
    views.of_overview(("actor counts", "type"), counting(calls))
    assert len(calls) == 2  # a changed setting is never answered from before


def test_few_tables_are_kept_and_a_corpus_takes_its_results_with_it() -> None:
    analysis = Analysis(*build_tables())
    views = build_views(analysis, ViewState(), SOURCE)
    kept = [views.filtered(ViewState(search=f"word{i}"), narrow=False) for i in range(selection.KEPT_TABLES + 3)]
    remembered = selection._remembered(analysis)
    assert len(remembered.tables) == selection.KEPT_TABLES
    assert len(kept) == selection.KEPT_TABLES + 3
    before, alive = len(selection._REMEMBERED), weakref.ref(analysis)
    del views, remembered, analysis, kept
    gc.collect()
    assert alive() is None  # what was remembered does not keep the corpus alive,
    assert len(selection._REMEMBERED) <= before - 1  # and goes with it
