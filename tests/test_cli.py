"""`newsscope analyze`: JSON shape, summary, errors on stderr, exit codes."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from components.cli import main

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
ARTICLE_KEYS = {
    "id", "title", "source", "published", "url", "path", "text", "removed",
    "n_words", "n_sentences", "keywords", "actors", "sentiment",
}


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
    assert newsweek["actors"][:3] == [
        {"actor": "Iran", "type": "country", "mentions": 25},
        {"actor": "Russia", "type": "country", "mentions": 21},
        {"actor": "United States", "type": "country", "mentions": 9},
    ]
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
    assert main(["analyze", str(SEEDS / "002_ccd4c79e6b5cab95.txt"), "--actors", str(actors), "--json", str(out)]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["articles"][0]["actors"] == [{"actor": "Tass", "type": "organization", "mentions": 2}]


def test_summary_table_and_console_script() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "components.cli", "analyze"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "Iran Makes Direct Plea to Putin After US, Israel Strikes" in result.stdout
    assert "source Newsweek" in result.stdout
    assert "2 article(s) analysed, 0 error(s)." in result.stdout
