"""The dashboard's wiring under streamlit's AppTest: runs, filters change charts, URL restores views."""

import json
import re
from pathlib import Path

import pytest
from conftest import SEED_IDS
from streamlit.testing.v1 import AppTest

from components.ui.widgets import md_escape

APP = str(Path(__file__).resolve().parents[2] / "dashboard.py")
SEED_000, SEED_002 = SEED_IDS["000"], SEED_IDS["002"]


def run_app(**query: str | list[str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def chart(at: AppTest, name: str) -> dict:
    """The Plotly spec of chart ``name`` (charts are keyed ns_chart_<name>_<generation>)."""
    matches = [c for c in at.get("plotly_chart") if f"-ns_chart_{name}_" in c.proto.id]
    assert len(matches) == 1, f"chart {name} not found"
    return json.loads(matches[0].proto.spec)


def kwic_table(at: AppTest):
    """The keyword-in-context table (the actors panel shows a table too)."""
    (table,) = [d for d in at.dataframe if "ns_kwic_table" in d.proto.id]
    return table


def customdata_ids(spec: dict) -> set[str]:
    ids = set()
    for trace in spec["data"]:
        for item in trace.get("customdata") or []:
            ids.add(item[0] if isinstance(item, list) else item)
    return ids


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_app_runs_on_the_bundled_corpus() -> None:
    at = run_app()
    assert metrics(at) == {"Articles": "2", "Words": "3,416", "Actors found": "25", "Mean sentiment": "-0.003", "Sources": "2"}
    assert {"Vladimir Putin", "Iran", "Abbas Araqchi"} <= customdata_ids(chart(at, "actors"))
    assert customdata_ids(chart(at, "article_sentiment")) == {SEED_000, SEED_002}
    assert len(chart(at, "sentences")["data"][0]["x"]) == 113  # seed 000 is shown first
    assert not at.warning  # no URL notes


@pytest.mark.parametrize(
    ("widget", "value", "articles", "sentiment_ids"),
    [
        ("ns_filter_sources", ["Newsweek"], "1", {SEED_002}),
        ("ns_filter_actors", ["Donald Trump"], "1", {SEED_000}),
        ("ns_filter_search", "Araghchi", "1", {SEED_002}),
        ("ns_filter_sentiment", (0.0, 1.0), "1", {SEED_000}),
    ],
)
def test_each_filter_changes_the_charts(widget: str, value: object, articles: str, sentiment_ids: set[str]) -> None:
    at = run_app()
    element = next(w for w in [*at.multiselect, *at.text_input, *at.slider] if w.key == widget)
    element.set_value(value).run()
    assert not at.exception
    assert metrics(at)["Articles"] == articles
    assert customdata_ids(chart(at, "article_sentiment")) == sentiment_ids


def test_actor_type_filter_keeps_only_that_type() -> None:
    at = run_app()
    next(w for w in at.multiselect if w.key == "ns_filter_types").set_value(["person"]).run()
    names = [trace["name"] for trace in chart(at, "actors")["data"]]
    assert names == ["person"]
    assert "Iran" not in customdata_ids(chart(at, "actors"))
    assert at.query_params["types"] == "person"


def test_query_params_restore_a_filtered_view() -> None:
    at = run_app(sources="Newsweek", actor="Abbas Araqchi", keyword="Moscow")
    assert metrics(at)["Articles"] == "1"
    assert customdata_ids(chart(at, "article_sentiment")) == {SEED_002}
    assert next(w for w in at.multiselect if w.key == "ns_filter_sources").value == ["Newsweek"]
    # The keyword-in-context table lists the sentences with both the actor and the keyword.
    table = kwic_table(at)
    sentences = list(table.value["text"])
    assert sentences and all("Moscow" in s and ("Araqchi" in s or "Araghchi" in s) for s in sentences)
    # Labels are Markdown-escaped user text; compare what is shown.
    assert [re.sub(r"\\(.)", r"\1", b.label) for b in at.button if b.key and b.key.startswith("ns_chip_")] == [
        "✕ Source: Newsweek", "✕ Actor: Abbas Araqchi", "✕ Keyword: Moscow", "Clear all",
    ]


def test_malformed_query_params_show_a_note_and_are_ignored() -> None:
    at = run_app(sentiment="abc", bogus="1", actor="Nobody Known", sentence="x")
    notes = " ".join(w.value for w in at.warning)
    assert "bogus" in notes and "sentiment" in notes and "Nobody Known" in notes
    assert metrics(at)["Articles"] == "2"


def test_injected_chart_selection_changes_the_view_state_and_url() -> None:
    at = run_app()
    key = next(c.proto.id.split("-", 2)[-1] for c in at.get("plotly_chart") if "ns_chart_actors_" in c.proto.id)
    at.session_state[key] = {
        "selection": {
            "points": [{"curve_number": 0, "point_number": 3, "point_index": 3, "customdata": ["Donald Trump"]}],
            "point_indices": [3], "box": [], "lasso": [],
        }
    }
    at.run()
    assert not at.exception
    assert at.query_params["actor"] == "Donald Trump"
    assert metrics(at)["Articles"] == "1"  # only seed 000 mentions Trump
    assert customdata_ids(chart(at, "article_sentiment")) == {SEED_000}
    table = kwic_table(at)
    assert len(table.value) == 7 and all("Trump" in s for s in table.value["text"])


def test_chip_removes_its_selection() -> None:
    at = run_app(actor="Donald Trump")
    assert metrics(at)["Articles"] == "1"
    next(b for b in at.button if b.key == "ns_chip_actor").click().run()
    assert metrics(at)["Articles"] == "2"
    assert "actor" not in at.query_params


def test_clear_all_resets_filters_and_selections() -> None:
    at = run_app(sources="Newsweek", q="Moscow", actor="Vladimir Putin")
    next(b for b in at.button if b.key == "ns_chip_clear_all").click().run()
    assert metrics(at)["Articles"] == "2"
    assert dict(at.query_params) == {}
    assert next(w for w in at.text_input if w.key == "ns_filter_search").value == ""


def test_store_mode_reads_the_store_and_fetches_texts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from components.engine.store import AnalysisStore
    from components.ingest.corpus import load_corpus

    path = tmp_path / "news.duckdb"
    with AnalysisStore.open(path) as store:
        store.ingest(load_corpus(), workers=1)
    monkeypatch.setattr("sys.argv", ["dashboard.py", "--store", str(path)])
    at = run_app(q="Araghchi")  # the search runs as a DuckDB query: the tables hold no texts
    assert metrics(at)["Articles"] == "1"
    assert customdata_ids(chart(at, "article_sentiment")) == {SEED_002}
    reader = next(e for e in at.get("iframe"))
    assert "’s supreme leader has written to " in reader.proto.srcdoc  # the text came from the store
    # Visitors see the store's file name, never where it lives (Markdown-escaped like all labels).
    assert next(c for c in at.checkbox if c.key == "ns_corpus_bundled").label == "Include " + md_escape("store news.duckdb")
    # Sentence texts are not held either: the in-context list and the sentence chart cut them
    # from the article texts fetched from the store.
    at = run_app(actor="Abbas Araqchi", keyword="Moscow")
    table = kwic_table(at)
    sentences = list(table.value["text"])
    assert sentences and all("Moscow" in s and ("Araqchi" in s or "Araghchi" in s) for s in sentences)
    hovers = chart(at, "sentences")["data"][0]["hovertext"]
    assert len(hovers) == 35 and all(len(h) > 40 for h in hovers)  # seed 002 is shown


def test_store_mode_updates_articles_an_older_version_analysed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from components.engine import textanalysis
    from components.engine.store import AnalysisStore
    from components.ingest.corpus import load_corpus

    path = tmp_path / "old.duckdb"
    with AnalysisStore.open(path) as store:
        store.ingest(load_corpus(), workers=1)
    monkeypatch.setattr(textanalysis, "ANALYSIS_SCHEMA", textanalysis.ANALYSIS_SCHEMA + 1)  # a newer Newsscope
    monkeypatch.setattr("sys.argv", ["dashboard.py", "--store", str(path)])
    at = run_app()
    assert metrics(at)["Articles"] == "2"  # re-analysed from the stored texts, not silently missing
    (status,) = [node for node in at.main if type(node).__name__ == "Status"]
    assert status.label == md_escape("Updated 2 stored article(s) to this version")
    with AnalysisStore.open(path) as store:
        assert store.outdated() == 0


def test_a_failed_store_update_is_said_once_and_not_retried_on_each_click(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from components.engine import textanalysis
    from components.engine.store import AnalysisStore, StoreError
    from components.ingest.corpus import load_corpus

    path = tmp_path / "old.duckdb"
    with AnalysisStore.open(path) as store:
        store.ingest(load_corpus(), workers=1)
    monkeypatch.setattr(textanalysis, "ANALYSIS_SCHEMA", textanalysis.ANALYSIS_SCHEMA + 1)
    attempts: list[int] = []

    def refuse(self, **kwargs) -> None:
        attempts.append(1)
        raise StoreError(f"{path}: disk full")

    monkeypatch.setattr(AnalysisStore, "update_outdated", refuse)
    monkeypatch.setattr("sys.argv", ["dashboard.py", "--store", str(path)])
    at = run_app()
    (status,) = [node for node in at.main if type(node).__name__ == "Status"]
    assert status.label == "Could not update the store: " + md_escape("old.duckdb: disk full")
    assert str(path.parent) not in status.label  # no folder reaches a visitor
    at.run()
    assert attempts == [1]
    assert any("2 stored article(s) an older Newsscope analysed are left out" in w.value for w in at.warning)
    assert metrics(at)["Articles"] == "0"


@pytest.mark.parametrize(
    ("argv", "kind", "path"),
    [
        ([], "bundled", ""),
        (["--store", "x.duckdb"], "store", "x.duckdb"),
        (["--store"], "store", "newsscope.duckdb"),
        (["--parquet", "out"], "parquet", "out"),
        (["-q", "tests/test_dashboard.py"], "bundled", ""),  # pytest's own argv under AppTest
    ],
)
def test_source_from_argv(argv: list[str], kind: str, path: str) -> None:
    from components.ui.corpus import source_from_argv

    source = source_from_argv(argv)
    assert (source.kind, source.path) == (kind, path)


def test_the_reader_highlights_headline_mentions() -> None:
    at = run_app(actor="Vladimir Putin", article=SEED_000)
    srcdoc = next(e for e in at.get("iframe")).proto.srcdoc
    heading = srcdoc.split("<h2", 1)[1].split("</h2>", 1)[0]
    assert 'class="ns-actor ns-active"' in heading and ">Putin</mark>" in heading
    assert ">Khamenei</mark>" in heading and ">US</mark>" in heading
