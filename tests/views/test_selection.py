"""The panels' views: filtered tables and aggregates are remembered per corpus and per the view
fields they depend on, and worked out again whenever one of those fields or a setting changes."""

import gc
import threading
import weakref

import pytest
from test_aggregate import build_tables

from components.engine.analysis import Analysis, analyze_corpus
from components.engine.sources import FilesSource
from components.ingest.corpus import Corpus, load_corpus
from components.language.actors import load_actor_dictionary
from components.settings import settings_stamp
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


def test_a_figure_is_remembered_for_its_whole_view_state_and_what_it_is_drawn_from(analysis) -> None:
    calls: list = []
    state = ViewState(actor="Iran")
    first = build_views(analysis, state, SOURCE).figure("actors", counting(calls), "type")
    assert build_views(analysis, ViewState(actor="Iran"), SOURCE).figure("actors", counting(calls), "type") is first
    assert len(calls) == 1
    # Any other view field (here the reader's sentence, the colouring, another actor), another
    # chart, or another thing drawn from gives another figure.
    for other, chart, drawn_from in ((ViewState(actor="Iran", article="a1", sentence=1), "actors", "type"),
                                     (ViewState(actor="Iran", colour="source"), "actors", "type"),
                                     (ViewState(actor="IAEA"), "actors", "type"),
                                     (state, "keywords", "type"), (state, "actors", "source")):
        assert build_views(analysis, other, SOURCE).figure(chart, counting(calls), drawn_from) is not first
    assert len(calls) == 6
    remembered = selection._remembered(analysis)
    assert len(remembered.figures) == 6 and not remembered.results  # figures are kept apart from aggregates
    for i in range(selection.KEPT_FIGURES):
        build_views(analysis, ViewState(search=f"word{i}"), SOURCE).figure("actors", counting(calls))
    assert len(remembered.figures) == selection.KEPT_FIGURES


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


def test_a_result_being_worked_out_is_waited_for_not_worked_out_again(analysis) -> None:
    started, release, calls = threading.Event(), threading.Event(), []

    def slow(_filtered):
        calls.append(1)
        started.set()
        release.wait(5)
        return object()

    views = build_views(analysis, ViewState(actor="Iran"), SOURCE)
    results: list = []
    first = threading.Thread(target=lambda: results.append(views.of_selection("slow", slow)))
    first.start()
    assert started.wait(5)
    second = threading.Thread(target=lambda: results.append(views.of_selection("slow", slow)))
    second.start()
    second.join(0.2)
    assert second.is_alive()  # waiting for the first, not working it out again
    release.set()
    first.join(5), second.join(5)
    assert len(calls) == 1 and len(results) == 2 and results[0] is results[1]


def test_a_failed_result_is_worked_out_again_by_the_next_one_who_needs_it(analysis) -> None:
    views = build_views(analysis, ViewState(), SOURCE)

    def fail(_filtered):
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        views.of_overview("fragile", fail)
    assert views.of_overview("fragile", lambda f: len(f.articles)) == 3


def bundled() -> Analysis:
    """The bundled articles, analysed (quotes and discovered actors too), as a new corpus object."""
    return analyze_corpus(load_corpus(), load_actor_dictionary(), workers=1)


def test_prepare_remembers_what_the_page_shows() -> None:
    analysis = bundled()
    assert len(analysis.quotes)
    for state in (ViewState(actor="Vladimir Putin"), ViewState(),
                  ViewState(actor="Iran", tab="actor", find="strikes", sort="left")):
        build_views(analysis, state, SOURCE).prepare()
        views = build_views(analysis, state, SOURCE)
        remembered = selection._remembered(analysis)
        kept = lambda: ({k: id(v) for k, v in remembered.results.items()}, {k: id(v) for k, v in remembered.tables.items()})  # noqa: E731
        before = kept()
        shown = [views.glance(), views.actor_table(), views.top_keywords(), views.context(), views.quotes,
                 views.speakers(), views.reader_rows(views.reader_article_id()), views.attention(),
                 views.source_comparison()]
        shown += [views.actor_tone()] if state.tab == "actor" else [views.article_sentiment_table(), views.strongest_articles()]
        shown += [views.quote_list(which) for which in (("by", "about") if state.actor else ("all",))]
        assert kept() == before  # nothing worked out again
        assert all(value is not None for value in shown)


def test_the_heavy_actors_are_those_in_many_articles(analysis, monkeypatch) -> None:
    views = build_views(analysis, ViewState(), SOURCE)
    counts = count_mentions(views.overview.mentions, views.overview.articles)
    assert selection.heavy_actors(views) == []  # three articles: nothing is long to work out
    monkeypatch.setattr(selection, "HEAVY_ARTICLES", 2)
    many = counts.loc[counts["articles"] >= 2, "actor"]  # the actor chart's order: most mentioned first
    assert selection.heavy_actors(views) == list(many[: selection.HEAVY_ACTORS]) and len(many) >= 1


def test_heavy_actors_are_prepared_once_per_corpus_on_a_thread(monkeypatch) -> None:
    analysis = bundled()
    monkeypatch.setattr(selection, "HEAVY_ARTICLES", 2)  # actors in both bundled articles
    thread = selection.prepare_heavy_actors(analysis, SOURCE)
    assert thread is not None and thread.name == "newsscope-prepare"
    thread.join(30)
    assert selection.prepare_heavy_actors(analysis, SOURCE) is None  # once per corpus
    actor = selection.heavy_actors(build_views(analysis, ViewState(), SOURCE))[0]
    remembered = selection._remembered(analysis)
    before = dict(remembered.results)
    views = build_views(analysis, ViewState(actor=actor), SOURCE)
    for name in ("glance", "actor table", "top keywords", "strongest articles", "quotes"):
        assert ((name, *selection.filter_key(views.state, narrow=True)), settings_stamp()) in before
    assert views.actor_table() is before[(("actor table", *selection.filter_key(views.state, narrow=True)), settings_stamp())]


def test_the_preparation_waits_while_a_visitor_s_script_runs(monkeypatch) -> None:
    analysis = bundled()
    monkeypatch.setattr(selection, "HEAVY_ARTICLES", 2)
    actor = selection.heavy_actors(build_views(analysis, ViewState(), SOURCE))[0]
    glance = (("glance", *selection.filter_key(ViewState(actor=actor), narrow=True)), settings_stamp())
    remembered = selection._remembered(analysis)
    with selection.VISITORS.serving():
        thread = selection.prepare_heavy_actors(analysis, SOURCE)
        thread.join(1.0)
        assert thread.is_alive() and glance not in remembered.results  # waiting, nothing worked out
    thread.join(30)
    assert not thread.is_alive() and glance in remembered.results


def test_prepare_pauses_before_each_part() -> None:
    analysis = bundled()
    views = build_views(analysis, ViewState(actor="Vladimir Putin"), SOURCE)
    remembered = selection._remembered(analysis)
    seen: list[int] = []
    views.prepare(pause=lambda: seen.append(len(remembered.results)))
    assert len(seen) >= 12  # a pause before each part of the page
    assert seen == sorted(seen) and seen[-1] < len(remembered.results)  # each part between two pauses


def test_with_no_selection_the_selection_is_the_overview(analysis) -> None:
    for state in (ViewState(), ViewState(sources=("Reuters",))):
        views = build_views(analysis, state, SOURCE)
        assert views.selection is views.overview  # one copy of the filtered tables, not two
    views = build_views(analysis, ViewState(sources=("Reuters",), actor="Iran"), SOURCE)
    assert views.selection is not views.overview
