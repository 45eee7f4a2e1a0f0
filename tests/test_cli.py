"""`newsscope analyze`: JSON shape, summary, errors on stderr, exit codes."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import SEEDS

from components.cli import main
from components.language.actors import load_actor_dictionary
from components.views.quotes import QUOTE_TABLE_COLUMNS

ARTICLE_KEYS = {
    "id", "title", "source", "published", "url", "path", "text", "removed", "removed_reasons",
    "n_words", "n_sentences", "keywords", "actors", "mentions", "quotes", "sentiment",
}
QUOTE_KEYS = {"kind", "start", "end", "text", "verb", "speaker", "speaker_actor", "about"}


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict, str]:
    code = main(["analyze", *args, "--json", "-"])
    captured = capsys.readouterr()
    return code, json.loads(captured.out), captured.err


def test_json_shape_on_the_bundled_seeds(capsys: pytest.CaptureFixture[str]) -> None:
    code, report, err = run_json(capsys)
    assert code == 0 and err == ""
    assert set(report) == {"articles", "errors"} and report["errors"] == []
    by_title = {a["title"]: a for a in report["articles"]}
    newsweek = by_title["Iran Makes Direct Plea to Putin After US, Israel Strikes"]
    assert set(newsweek) == ARTICLE_KEYS
    assert newsweek["source"] == "Newsweek" and newsweek["published"] is None and newsweek["url"] is None
    assert newsweek["n_sentences"] == 35 and newsweek["n_words"] == 658
    assert newsweek["removed"][0] == "Getting your Trinity Audio player ready..."
    assert len(newsweek["removed_reasons"]) == len(newsweek["removed"]) and newsweek["removed_reasons"][0] == "audio_player"
    assert list(newsweek).index("removed_reasons") == list(newsweek).index("removed") + 1
    assert newsweek["actors"][:3] == [  # the headline's mentions count too
        {"actor": "Iran", "type": "country", "origin": "dictionary", "mentions": 25 + 1},
        {"actor": "Russia", "type": "country", "origin": "dictionary", "mentions": 21},
        {"actor": "United States", "type": "country", "origin": "dictionary", "mentions": 9 + 1},
    ]
    assert {"actor": "Middle East", "type": "place", "origin": "discovered", "mentions": 2} in newsweek["actors"]
    title_mentions = [m for m in newsweek["mentions"] if m["field"] == "title"]
    assert [(m["actor"], m["surface"], m["start"]) for m in title_mentions] == [
        ("Iran", "Iran", 0), ("Vladimir Putin", "Putin", 26), ("United States", "US", 38), ("Israel", "Israel", 42),
    ]
    for m in newsweek["mentions"]:
        text = newsweek["title"] if m["field"] == "title" else newsweek["text"]
        assert text[m["start"] : m["end"]] == m["surface"]
        assert -1 <= m["tone"] <= 1  # the tone of its sentence toward the actor
    assert newsweek["quotes"], "the Newsweek seed quotes Araqchi, Roman and others"
    for q in newsweek["quotes"]:
        assert set(q) == QUOTE_KEYS and q["kind"] in ("direct", "partial", "reported")
        assert newsweek["text"][q["start"] : q["end"]] == q["text"]
    mentions = [a["mentions"] for a in newsweek["actors"]]
    assert mentions == sorted(mentions, reverse=True)
    scores = [k["score"] for k in newsweek["keywords"]]
    assert scores == sorted(scores) and len(scores) == 20
    assert set(newsweek["sentiment"]) == {"mean", "positive", "neutral", "negative"}
    assert newsweek["sentiment"]["mean"] == pytest.approx(-0.106, abs=0.003)


def test_bad_files_are_reported_and_others_analysed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "good.txt").write_text("A headline\nIran and Russia met in Moscow on Monday.", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "rows.csv").write_text("title,text\nOk,Fine text.\nBad,\n", encoding="utf-8")
    code, report, err = run_json(capsys, str(tmp_path))
    assert code == 0
    assert sorted(a["title"] for a in report["articles"]) == ["A headline", "Ok"]
    errors = sorted((Path(e["path"]).name, e["error"]) for e in report["errors"])
    assert errors == [
        ("empty.txt", "empty file"),
        ("picture.txt", "binary file (not text)"),
        ("rows.csv", "row 3: empty text"),
    ]
    assert f"{tmp_path / 'empty.txt'}: empty file" in err
    assert "Traceback" not in err


def test_exit_2_when_nothing_was_analysed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    code, report, _ = run_json(capsys, str(tmp_path / "empty.txt"))
    assert code == 2 and report["articles"] == [] and len(report["errors"]) == 1


@pytest.mark.parametrize("argv", [[], ["frobnicate"], ["analyze", "--no-such-flag"]])
def test_exit_2_on_bad_usage(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert "usage:" in capsys.readouterr().err


def test_bad_actor_dictionary_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "mine.toml"
    bad.write_text("[[actor]]\ntype = 'person'\n", encoding="utf-8")
    assert main(["analyze", "--actors", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "mine.toml" in err and "name" in err


def test_custom_dictionary_and_json_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    actors = tmp_path / "actors.toml"
    actors.write_text('[[actor]]\nname = "Tass"\ntype = "organization"\naliases = ["Tass"]\n', encoding="utf-8")
    out = tmp_path / "out.json"
    argv = ["analyze", str(SEEDS / "002_ccd4c79e6b5cab95.txt"), "--actors", str(actors), "--json", str(out)]
    assert main([*argv, "--no-discovery"]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["articles"][0]["actors"] == [{"actor": "Tass", "type": "organization", "origin": "dictionary", "mentions": 2}]
    # With discovery, the dictionary's actor is still the dictionary's, beside the names it lacks.
    assert main(argv) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    actors = {a["actor"]: a for a in report["articles"][0]["actors"]}
    assert actors["Tass"] == {"actor": "Tass", "type": "organization", "origin": "dictionary", "mentions": 2}
    assert actors["Vladimir Putin"]["origin"] == "discovered" and actors["Vladimir Putin"]["type"] == "person"
    assert actors["Iran"]["type"] == "country" and actors["Iran"]["origin"] == "discovered"


def test_summary_table_and_console_script() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "components.cli", "analyze"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "Iran Makes Direct Plea to Putin After US, Israel Strikes" in result.stdout
    assert "source Newsweek" in result.stdout
    assert "2 article(s) analysed, 0 error(s)." in result.stdout


# ---------------------------------------------------------------------- --store, --workers, --quiet

THREE_FILES = {
    "a.txt": "Moscow talks\nIran and Russia met in Moscow on Monday. The talks went well.",
    "b.txt": "Strikes\nIsrael struck targets in Iran. Tehran condemned the attack.",
    "c.txt": "Oil\nPrices rose sharply. Traders feared a wider war in the Middle East.",
}


def write_articles(folder: Path, count: int) -> Path:
    """``count`` small articles of distinct text in ``folder``."""
    folder.mkdir()
    for i in range(count):
        name, text = list(THREE_FILES.items())[i % 3]
        (folder / f"{i:02d}-{name}").write_text(f"{text} Report number {i} of {count}.", encoding="utf-8")
    return folder


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_store_second_run_reuses_everything(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "store.duckdb"
    _, plain, _ = run_json(capsys)
    code, first, err = run_json(capsys, "--store", str(store))
    assert code == 0
    assert err == (
        f"newsscope: {store}: new store created\n"
        f"newsscope: analysed 2 new articles, reused 0 from {store}\n"
    )
    code, second, err = run_json(capsys, "--store", str(store))
    assert code == 0 and err == f"newsscope: analysed 0 new articles, reused 2 from {store}\n"
    assert first == second == plain


def test_store_analyses_only_the_new_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_articles(tmp_path / "articles", 3)
    store = tmp_path / "store.duckdb"
    run_json(capsys, str(folder), "--store", str(store))
    (folder / "new.txt").write_text("Talks\nIran and the United States held talks in Oman.", encoding="utf-8")
    code, report, err = run_json(capsys, str(folder), "--store", str(store))
    assert code == 0 and err == f"newsscope: analysed 1 new article, reused 3 from {store}\n"
    assert [Path(a["path"]).name for a in report["articles"]] == ["00-a.txt", "01-b.txt", "02-c.txt", "new.txt"]
    assert report["articles"][3]["actors"] == [
        {"actor": "Iran", "type": "country", "origin": "dictionary", "mentions": 1},
        {"actor": "Oman", "type": "country", "origin": "discovered", "mentions": 1},
        {"actor": "United States", "type": "country", "origin": "dictionary", "mentions": 1},
    ]


def test_store_reports_load_errors_and_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    store = tmp_path / "store.duckdb"
    code, report, err = run_json(capsys, str(tmp_path / "empty.txt"), "--store", str(store), "--quiet")
    assert code == 2 and report == {"articles": [], "errors": [{"path": str(tmp_path / "empty.txt"), "error": "empty file"}]}
    assert err == f"newsscope: {tmp_path / 'empty.txt'}: empty file\n"  # --quiet keeps errors


def test_workers_2_gives_the_same_output_as_workers_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from components.engine import parallel, textanalysis

    folder = write_articles(tmp_path / "articles", 12)
    monkeypatch.setattr(parallel, "POOL_MIN_CHARS", 0)  # these few small texts would stay in-process
    code, serial, _ = run_json(capsys, str(folder), "--workers", "1")
    assert code == 0 and len(serial["articles"]) == 12

    def refuse(text: str) -> None:
        raise AssertionError("analysed in the calling process")

    monkeypatch.setattr(textanalysis, "analyze_text", refuse)  # so the pool must do the work
    code, pooled, err = run_json(capsys, str(folder), "--workers", "2")
    assert code == 0 and err == ""
    assert pooled == serial


def test_quiet_is_silent_and_the_bar_shows_on_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["analyze", "--store", str(tmp_path / "quiet.duckdb"), "--quiet", "--json", "-"]) == 0
    assert terminal.getvalue() == ""
    assert main(["analyze", "--store", str(tmp_path / "loud.duckdb"), "--json", "-"]) == 0
    shown = terminal.getvalue()
    assert "analysing" in shown and "/2" in shown  # tqdm's bar, 2 articles
    assert f"analysed 2 new articles, reused 0 from {tmp_path / 'loud.duckdb'}" in shown
    capsys.readouterr()


def test_no_bar_when_stderr_is_not_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_json(capsys, str(SEEDS))
    assert code == 0 and err == ""


@pytest.mark.parametrize(
    ("where", "message"),
    [("no-such-folder/store.duckdb", "does not exist"), ("a-file.txt/store.duckdb", "does not exist"), (".", "not a file")],
)
def test_bad_store_path_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str, message: str
) -> None:
    (tmp_path / "a-file.txt").write_text("x", encoding="utf-8")
    assert main(["analyze", "--store", str(tmp_path / where), "--json", "-"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert message in captured.err and "Traceback" not in captured.err


@pytest.mark.parametrize("value", ["-1", "two", "1.5"])
def test_bad_worker_count_is_a_usage_error(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", "--workers", value]) == 2
    err = capsys.readouterr().err
    assert "usage:" in err and "--workers" in err


def test_bad_workers_setting_is_a_clear_error(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSSCOPE_WORKERS", "many")
    assert main(["analyze"]) == 2
    assert "NEWSSCOPE_WORKERS='many' is not a valid int" in capsys.readouterr().err


@pytest.mark.slow
def test_dask_engine_writes_parquet_and_fills_the_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    parquet, store = tmp_path / "parquet", tmp_path / "news.duckdb"
    code = main(["analyze", "--engine", "dask", "--parquet", str(parquet), "--store", str(store), "--json", "-"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    on_dask = json.loads(captured.out)
    assert "analysed 2 articles on Dask" in captured.err and f"added 2 articles to {store}" in captured.err
    assert sorted(p.name for p in parquet.iterdir()) == ["articles", "keywords", "manifest.json", "sentences", "text_articles"]
    # The same report as the process pool gives, and the store now has both articles.
    code, local, _ = run_json(capsys)
    assert on_dask == local
    assert main(["analyze", "--store", str(store), "--json", str(tmp_path / "out.json")]) == 0
    assert f"analysed 0 new articles, reused 2 from {store}" in capsys.readouterr().err



def test_actors_lists_the_corpus_actors_and_writes_a_starting_dictionary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    articles = tmp_path / "news.csv"
    articles.write_text(
        "title,text\n"
        '"Pelosi meets Macron","House Speaker Nancy Pelosi met President Emmanuel Macron in Paris on Monday. '
        'Ms Pelosi said the Federal Security Service (FSB) worried her. Pelosi left. The FSB declined to comment."\n',
        encoding="utf-8",
    )
    assert main(["actors", str(articles), "--format", "json"]) == 0
    rows = {r["actor"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["Nancy Pelosi"]["type"] == "person" and rows["Nancy Pelosi"]["origin"] == "discovered"
    assert rows["Nancy Pelosi"]["mentions"] == 4  # the title's "Pelosi", the full name, "Ms Pelosi", "Pelosi"
    assert rows["Federal Security Service"]["mentions"] == 3 and rows["Federal Security Service"]["type"] == "organization"  # long form + FSB twice
    assert rows["Paris"]["type"] == "place" and rows["Emmanuel Macron"]["type"] == "person"
    toml_file = tmp_path / "start.toml"
    assert main(["actors", str(articles), "--toml", str(toml_file)]) == 0
    assert "Nancy Pelosi" in capsys.readouterr().out  # the table, as well as the file
    started = load_actor_dictionary(toml_file)
    assert "FSB" in started.by_name()["Federal Security Service"].aliases
    assert "Nancy Pelosi" in started.by_name()
    # The starting dictionary, used as the dictionary, gives the same actors from the dictionary.
    code, report, _ = run_json(capsys, str(articles), "--actors", str(toml_file))
    origins = {a["actor"]: a["origin"] for a in report["articles"][0]["actors"]}
    assert origins["Nancy Pelosi"] == "dictionary" and origins["Federal Security Service"] == "dictionary"


def test_quotes_lists_each_quote_with_its_speaker_and_article(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    articles = tmp_path / "news.csv"
    articles.write_text(
        "title,source,published,url,text\n"
        '"Talks in Paris","Example News","2026-03-02","https://example.org/paris",'
        '"President Emmanuel Macron met Chancellor Olaf Scholz in Paris on Monday. '
        '""We will stand together with Germany,"" Macron said after the talks."\n',
        encoding="utf-8",
    )
    assert main(["quotes", str(articles), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    direct = [r for r in rows if r["kind"] == "direct"]
    assert len(direct) == 1
    quote = direct[0]
    assert quote["text"].rstrip(",") == "We will stand together with Germany"
    assert quote["speaker_actor"] == "Emmanuel Macron" and quote["verb"] == "said"
    assert quote["about"] == ["Germany"]
    assert (quote["title"], quote["source"], quote["published"], quote["url"]) == (
        "Talks in Paris", "Example News", "2026-03-02", "https://example.org/paris"
    )
    out = tmp_path / "quotes.csv"
    assert main(["quotes", str(articles), "--format", "csv", "--output", str(out)]) == 0
    table = pd.read_csv(out)
    assert list(table.columns) == QUOTE_TABLE_COLUMNS
    assert table.loc[table["kind"] == "direct", "about"].tolist() == ["Germany"]


def test_quotes_of_the_seeds_as_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["quotes"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["speaker_actor", "kind", "verb", "text", "title"]
    assert "Abbas Araqchi" in out


def test_user_columns_in_the_json_on_request_with_or_without_a_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    articles = tmp_path / "mine.csv"
    articles.write_text(
        "doc_id,title,text,tags,id\n"
        'A-17,Talks,"President Emmanuel Macron met Chancellor Olaf Scholz in Paris. ""We agree,"" Macron said.",'
        '"france, germany",=1+1\n',
        encoding="utf-8",
    )
    code, plain, _ = run_json(capsys, str(articles))
    assert code == 0 and set(plain["articles"][0]) == ARTICLE_KEYS  # by default the JSON is as before
    code, report, _ = run_json(capsys, str(articles), "--user-columns")
    (article,) = report["articles"]
    assert set(article) == ARTICLE_KEYS | {"extra"}
    assert article["extra"] == {"doc_id": "A-17", "tags": "france, germany", "user_id": "=1+1"}
    store = str(tmp_path / "store.duckdb")
    for _ in range(2):  # analysed, then reused
        assert run_json(capsys, str(articles), "--user-columns", "--store", store, "--quiet")[1] == report
    assert main(["quotes", str(articles), "--format", "csv"]) == 0
    table = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype=str, keep_default_na=False)
    assert list(table.columns) == [*QUOTE_TABLE_COLUMNS[:5], "doc_id", "tags", "user_id", *QUOTE_TABLE_COLUMNS[5:]]
    assert table[["doc_id", "tags", "user_id"]].drop_duplicates().values.tolist() == [["A-17", "france, germany", "'=1+1"]]
