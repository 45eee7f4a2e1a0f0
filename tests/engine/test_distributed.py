"""The Dask engine on a real cluster: Parquet out, and the same tables as the local engine back in."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import psutil
import pytest
from conftest import SEED_IDS
from distributed import LocalCluster

import components
from components.engine.analysis import Analysis, analyze_corpus
from components.engine.distributed import (
    MANIFEST_NAME,
    TABLES,
    DaskEngineError,
    analyze_on_dask,
    load_dask_output,
    split_partitions,
    start_local_cluster,
)
from components.engine.textanalysis import analyzer_version
from components.ingest.corpus import Corpus, load_corpus, load_uploads, merge_corpora
from components.language.actors import load_actor_dictionary, parse_actor_dictionary

pytestmark = pytest.mark.slow

SEED_000, SEED_002 = SEED_IDS["000"], SEED_IDS["002"]

ACTORS = ["Vladimir Putin", "Iran", "Russia", "Israel", "China", "Donald Trump", "Ukraine", "Syria"]
MOODS = [
    "The talks were a great success and both sides welcomed the progress.",
    "Officials warned of a terrible crisis and condemned the deadly attack.",
    "The delegation met on Tuesday to discuss the schedule.",
]


def generated_corpus(count: int) -> Corpus:
    """``count`` small articles naming actors from the seed dictionary, in a mix of moods.

    They come as one .jsonl upload, so titles, sources, dates and authors are set, and one
    blank row adds a load error to the corpus.
    """
    rows = []
    for n in range(count):
        first, second = ACTORS[n % len(ACTORS)], ACTORS[(n + 3) % len(ACTORS)]
        text = (
            f"Report {n}. {first} spoke with {second} about the pipeline project number {n}. "
            f"{MOODS[n % 3]} {first} said the agreement with {second} would hold. "
            f"Analysts in {second} expect a decision on pipeline {n} next month."
        )
        rows.append(
            {"title": f"Pipeline talks {n}", "text": text, "source": f"Wire {n % 2}",
             "published": f"2025-06-{n + 1:02d}", "authors": f"Writer {n}; Editor {n}",
             "doc_id": f"gen-{n}", "tags": ["pipeline", f"n{n}"]}
        )
    rows.append({"title": "Blank", "text": "   ", "source": "Wire 0"})
    data = "\n".join(json.dumps(row) for row in rows).encode("utf-8")
    return load_uploads([("generated.jsonl", data)])


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    """Two worker processes on loopback, no dashboard; every test in the module shares it."""
    with start_local_cluster(workers=2) as running:
        yield running


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return merge_corpora(load_corpus(), generated_corpus(10))


@pytest.fixture(scope="module")
def dictionary():
    return load_actor_dictionary()


@pytest.fixture(scope="module")
def expected(corpus: Corpus, dictionary) -> Analysis:
    return analyze_corpus(corpus, dictionary)


@pytest.fixture(scope="module")
def run(cluster: LocalCluster, corpus: Corpus, tmp_path_factory: pytest.TempPathFactory):
    """One run on the existing cluster, in four partitions, with its output folder."""
    output = tmp_path_factory.mktemp("dask-output")
    report = analyze_on_dask(corpus, output, scheduler=cluster.scheduler_address, partitions=4)
    return report, output


@pytest.fixture(scope="module")
def loaded(run, dictionary) -> Analysis:
    return load_dask_output(run[1], dictionary)


def test_cluster_has_two_workers_and_listens_on_loopback_only(cluster: LocalCluster) -> None:
    assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
    assert len(cluster.scheduler_info["workers"]) == 2
    http = f"http://127.0.0.1:{cluster.scheduler.http_server.port}"
    assert cluster.scheduler.http_server.port != 8787  # a random port: never a dashboard's usual one
    with urllib.request.urlopen(f"{http}/health", timeout=5) as response:
        assert response.read() == b"ok"
    with pytest.raises(urllib.error.HTTPError, match="404"):
        urllib.request.urlopen(f"{http}/status", timeout=5)  # no Bokeh dashboard
    me = psutil.Process()
    listening = [
        c.laddr for p in [me, *me.children(recursive=True)] for c in p.net_connections(kind="inet")
        if c.status == psutil.CONN_LISTEN
    ]
    assert len(listening) >= 6  # scheduler comm + HTTP, and per worker: nanny, worker comm, worker HTTP
    assert {address.ip for address in listening} == {"127.0.0.1"}


def test_corpus_is_the_seeds_plus_ten_generated_articles(corpus: Corpus) -> None:
    assert len(corpus.articles) == 12
    assert {SEED_000, SEED_002} <= {a.id for a in corpus.articles}
    assert len(corpus.errors) == 1


def test_report_counts_match_the_local_engine(run, expected: Analysis) -> None:
    report, output = run
    assert report.articles == 12
    assert report.sentences == len(expected.sentences)
    assert report.keywords == len(expected.keywords)
    assert report.partitions == 4
    assert report.output_dir == output.resolve()
    assert report.seconds > 0


@pytest.mark.parametrize("table", TABLES)
def test_each_table_is_a_folder_of_parquet_parts(run, table: str) -> None:
    parts = sorted(p.name for p in (run[1] / table).iterdir())
    if table == "articles":
        assert parts == ["part-00000.parquet"]  # written by the client
    else:
        assert parts == [f"part-{i:05d}.parquet" for i in range(4)]  # one per partition


def test_manifest_records_analyzer_counts_and_errors(run, corpus: Corpus) -> None:
    manifest = json.loads((run[1] / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert manifest["analyzer"]["name"] == "newsscope"
    assert manifest["analyzer"]["version"] == components.__version__ == "0.1.0"
    assert manifest["analyzer"]["analyzer_version"] == analyzer_version()
    assert "yake_top=20" in manifest["analyzer"]["analyzer_version"].split(";")
    assert (manifest["articles"], manifest["partitions"]) == (12, 4)
    assert manifest["sentences"] == run[0].sentences
    assert manifest["errors"] == [{"path": e.path, "error": e.error} for e in corpus.errors]
    assert manifest["created"].endswith("+00:00")


def test_duckdb_reads_the_parquet_folders(run, expected: Analysis) -> None:
    output = run[1]
    with duckdb.connect() as connection:
        sentences = connection.execute(f"SELECT count(*) FROM read_parquet('{output}/sentences/*.parquet')").fetchall()
        words = connection.execute(
            f"SELECT n_words FROM read_parquet('{output}/text_articles/*.parquet') WHERE article_id = ?", [SEED_002]
        ).fetchall()
    assert sentences == [(len(expected.sentences),)]
    assert words == [(int(expected.articles.set_index("id").loc[SEED_002, "n_words"]),)]


def test_sentence_compounds_match_the_local_engine(loaded: Analysis, expected: Analysis) -> None:
    key = ["article_id", "sentence"]
    got = loaded.sentences.set_index(key)
    want = expected.sentences.set_index(key)
    assert list(got.index) == list(want.index)
    assert got["compound"].tolist() == pytest.approx(want["compound"].tolist(), abs=1e-12)
    assert got["text"].tolist() == want["text"].tolist()
    assert got["label"].tolist() == want["label"].tolist()
    assert set(got["label"]) == {"positive", "neutral", "negative"}


def test_keyword_lists_match_the_local_engine(loaded: Analysis, expected: Analysis) -> None:
    def lists(analysis: Analysis) -> dict[str, list[str]]:
        return analysis.keywords.groupby("article_id", sort=False)["keyword"].apply(list).to_dict()

    assert lists(loaded) == lists(expected)
    assert len(lists(loaded)) == 12


def test_mention_counts_match_the_local_engine(loaded: Analysis, expected: Analysis) -> None:
    def counts(analysis: Analysis) -> dict[tuple[str, str], int]:
        return analysis.mentions.groupby(["article_id", "actor"]).size().to_dict()

    assert counts(loaded) == counts(expected)
    # Hand-checked gold counts on the cleaned seeds, headlines included (tests/engine/test_analysis.py).
    assert counts(loaded)[(SEED_002, "Vladimir Putin")] == 8 + 1
    assert counts(loaded)[(SEED_000, "Vladimir Putin")] == 19 + 1


@pytest.mark.parametrize("table", ["articles", "sentences", "mentions", "keywords"])
def test_every_tidy_table_equals_the_local_engine(loaded: Analysis, expected: Analysis, table: str) -> None:
    pd.testing.assert_frame_equal(getattr(loaded, table), getattr(expected, table), check_exact=False, rtol=1e-12)


def test_article_metadata_and_load_errors_round_trip(loaded: Analysis, corpus: Corpus) -> None:
    row = loaded.articles.set_index("title").loc["Pipeline talks 3"]
    assert (row["source"], row["published"], row["authors"]) == ("Wire 1", "2025-06-04", "Writer 3; Editor 3")
    assert row["extra"] == {"doc_id": "gen-3", "tags": '["pipeline", "n3"]'}  # the user's own columns
    assert loaded.articles.set_index("id").loc[SEED_000, "extra"] == {}
    assert pd.isna(loaded.articles.set_index("id").loc[SEED_000, "published"])  # the seed has no date
    assert loaded.errors == corpus.errors


def test_another_dictionary_only_rematches_actors(run, loaded: Analysis, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSSCOPE_ACTOR_DISCOVERY", "false")  # the one-actor dictionary's mentions only
    only_china = parse_actor_dictionary('[[actor]]\nname = "China"\ntype = "country"\naliases = ["China"]\n')
    rematched = load_dask_output(run[1], only_china)
    assert set(rematched.mentions["actor"]) == {"China"}
    assert len(rematched.mentions) == int((loaded.mentions["surface"] == "China").sum())
    pd.testing.assert_frame_equal(rematched.keywords, loaded.keywords)


def test_a_rerun_replaces_the_earlier_parts(cluster: LocalCluster, tmp_path: Path, dictionary, expected) -> None:
    corpus = merge_corpora(load_corpus(), generated_corpus(10))
    analyze_on_dask(corpus, tmp_path, scheduler=cluster.scheduler_address, partitions=3)
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    report = analyze_on_dask(corpus, tmp_path, scheduler=cluster.scheduler_address, partitions=1)
    assert report.partitions == 1
    assert sorted(p.name for p in (tmp_path / "sentences").iterdir()) == ["part-00000.parquet"]
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"
    pd.testing.assert_frame_equal(load_dask_output(tmp_path, dictionary).sentences, expected.sentences)


def test_an_analyzer_that_differs_from_the_workers_fails_without_a_manifest(
    cluster: LocalCluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The workers were started with the default yake_top; only the client sees this one.
    monkeypatch.setenv("NEWSSCOPE_YAKE_TOP", "5")
    tiny = generated_corpus(2)
    with pytest.raises(DaskEngineError, match=r"yake_top \(client 5, worker 20\)"):
        analyze_on_dask(tiny, tmp_path, scheduler=cluster.scheduler_address)
    assert not (tmp_path / MANIFEST_NAME).exists()
    with pytest.raises(DaskEngineError, match="no manifest.json"):
        load_dask_output(tmp_path, load_actor_dictionary())


def test_partitions_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="partitions must be >= 1"):
        analyze_on_dask(generated_corpus(1), tmp_path, partitions=0)


def test_an_empty_corpus_writes_empty_tables_without_a_cluster(tmp_path: Path) -> None:
    report = analyze_on_dask(Corpus(articles=()), tmp_path)
    assert (report.articles, report.sentences, report.keywords, report.partitions) == (0, 0, 0, 0)
    loaded = load_dask_output(tmp_path, load_actor_dictionary())
    expected = analyze_corpus(Corpus(articles=()), load_actor_dictionary())
    for table in ("articles", "sentences", "mentions", "keywords"):
        assert getattr(loaded, table).empty
        assert list(getattr(loaded, table).columns) == list(getattr(expected, table).columns)


def test_own_local_cluster_runs_and_leaves_no_processes(tmp_path: Path, cluster: LocalCluster) -> None:
    me = psutil.Process()
    before = {p.pid for p in me.children(recursive=True)}  # the shared cluster's workers
    tiny = generated_corpus(3)
    report = analyze_on_dask(tiny, tmp_path)  # scheduler=None: a LocalCluster of its own
    assert (report.articles, report.partitions) == (3, 3)
    dictionary = load_actor_dictionary()
    expected = analyze_corpus(tiny, dictionary)
    loaded = load_dask_output(tmp_path, dictionary)
    for table in ("articles", "sentences", "mentions", "keywords"):
        pd.testing.assert_frame_equal(getattr(loaded, table), getattr(expected, table))
    deadline = time.monotonic() + 10
    while {p.pid for p in me.children(recursive=True)} - before and time.monotonic() < deadline:
        time.sleep(0.1)
    assert {p.pid for p in me.children(recursive=True)} - before == set()


@pytest.mark.parametrize(
    ("count", "parts", "sizes"),
    [
        (12, 4, [3, 3, 3, 3]),
        (10, 4, [3, 3, 2, 2]),
        (2, 5, [1, 1]),
        (1, 1, [1]),
        (0, 3, []),
    ],
)
def test_split_partitions_keeps_order_and_balances(count: int, parts: int, sizes: list[int]) -> None:
    items = [(str(n), f"text {n}") for n in range(count)]
    chunks = split_partitions(items, parts=parts)
    assert [len(c) for c in chunks] == sizes
    assert [item for chunk in chunks for item in chunk] == items
