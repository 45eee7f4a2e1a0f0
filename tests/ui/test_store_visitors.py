"""Store mode as a stranger sees it: plain messages, no paths, no tracebacks, and the CLI free to
add articles while the dashboard serves."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest
from test_dashboard import metrics

from components.engine.store import STORE_SCHEMA, AnalysisStore
from components.ingest.corpus import load_corpus

APP = str(Path(__file__).resolve().parents[2] / "dashboard.py")


def open_app(path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setattr("sys.argv", ["dashboard.py", "--store", str(path)])
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shown_text(at: AppTest) -> str:
    """The messages on the page, as read (their Markdown escapes taken off)."""
    return "\n".join(e.value for kind in (at.error, at.warning, at.caption, at.info) for e in kind).replace("\\", "")


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    path = tmp_path / "folder-that-is-private" / "news.duckdb"
    path.parent.mkdir()
    with AnalysisStore.open(path) as store:
        store.ingest(load_corpus(), workers=1)
    return path


def test_the_dashboard_holds_no_lock_so_the_cli_can_add_articles(store_path: Path, monkeypatch, tmp_path: Path) -> None:
    at = open_app(store_path, monkeypatch)
    assert metrics(at)["Articles"] == "2"
    extra = tmp_path / "more.txt"
    extra.write_text("Talks in Oman\nIran and the United States held talks in Oman on Sunday.", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "components.cli", "analyze", str(extra), "--store", str(store_path), "--quiet"],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr  # the write lock was free while the dashboard served
    at.run()
    assert metrics(at)["Articles"] == "3"  # picked up on the next rerun


def test_a_store_locked_by_another_process_gives_a_plain_message(store_path: Path, monkeypatch) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb, sys; c = duckdb.connect({str(store_path)!r}); print('ready', flush=True); sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        at = open_app(store_path, monkeypatch)
        text = shown_text(at)
        assert "cannot be read right now" in text and "in use by another process" in text
        assert "folder-that-is-private" not in text and "Traceback" not in text
        assert metrics(at)["Articles"] == "0"
    finally:
        holder.communicate(input="", timeout=30)


def test_a_damaged_store_is_moved_aside_and_the_dashboard_says_where(store_path: Path, monkeypatch) -> None:
    store_path.write_bytes(store_path.read_bytes()[:4096])
    at = open_app(store_path, monkeypatch)
    text = shown_text(at)
    moved = list(store_path.parent.glob("news.corrupt-*"))
    assert len(moved) == 1 and moved[0].name in text and "started a new store" in text
    assert "folder-that-is-private" not in text


def test_a_store_from_a_newer_newsscope_is_refused_in_plain_words(store_path: Path, monkeypatch) -> None:
    with duckdb.connect(str(store_path)) as con:
        con.execute(f"UPDATE meta SET value = '{STORE_SCHEMA + 1}'")
    before = store_path.read_bytes()
    at = open_app(store_path, monkeypatch)
    text = shown_text(at)
    assert "written by a newer Newsscope" in text and "folder-that-is-private" not in text
    assert store_path.read_bytes() == before
