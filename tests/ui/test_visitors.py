"""Strangers on one shared server, in real Chromium: one uploads as much as the budget allows while
four others click; an upload over the budget is refused up front; a long analysis can be stopped."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest
from browsing import click_datum, metric, open_app, query, settle
from conftest import ROOT, require_browser, start_server

pytestmark = pytest.mark.browser

WIKINEWS = ROOT.parent / "shared" / "corpora" / "wikinews.csv"
BUDGET_CHARS = 400_000


def wikinews_csv(path: Path, *, chars: int, skip: int = 0) -> tuple[Path, int]:
    """A CSV of Wikinews articles (from the ``skip``-th on) holding at most ``chars`` characters."""
    with WIKINEWS.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))[skip:]
    kept, total = [], 0
    for row in rows:
        size = len(row["text"]) + len(row["title"])
        if total + size > chars:
            break
        kept.append(row)
        total += size
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(kept[0]))
        writer.writeheader()
        writer.writerows(kept)
    return path, len(kept)


@pytest.fixture(scope="module")
def budget_server(tmp_path_factory: pytest.TempPathFactory):
    require_browser()
    running = start_server(tmp_path_factory.mktemp("budget"), settings={"NEWSSCOPE_MAX_UPLOAD_CHARS": str(BUDGET_CHARS)})
    yield running
    running.process.terminate()
    running.process.wait(timeout=30)


def errors_on(page) -> int:
    return page.locator('[data-testid="stException"]').count()


def test_four_visitors_click_while_one_uploads_the_most_allowed(budget_server, browser, tmp_path: Path) -> None:
    upload, count = wikinews_csv(tmp_path / "most.csv", chars=BUDGET_CHARS - 20_000)
    uploader = open_app(browser, budget_server.url)
    others = [open_app(browser, budget_server.url) for _ in range(4)]
    uploader.locator('[class*="st-key-ns_corpus_upload"] input[type="file"]').set_input_files(str(upload))
    clicks = 0
    deadline = time.monotonic() + 240
    actors = ["Vladimir Putin", "Donald Trump", "Abbas Araqchi", "Iran"]
    while time.monotonic() < deadline:
        for page, actor in zip(others, actors):
            click_datum(page, "actors", actor)  # the view follows, the URL updates
            assert query(page)["actor"] == [actor]
            clicks += 1
        actors = actors[1:] + actors[:1]
        if metric(uploader, "Articles") == str(2 + count):
            break
    assert metric(uploader, "Articles") == str(2 + count), "the upload was not analysed in time"
    assert clicks >= 4
    for page in [uploader, *others]:
        assert errors_on(page) == 0
        assert page.locator('[data-testid="stAlert"]', has_text="Traceback").count() == 0


def test_an_upload_over_the_budget_is_refused_before_analysis(budget_server, browser, tmp_path: Path) -> None:
    upload, _ = wikinews_csv(tmp_path / "too-much.csv", chars=BUDGET_CHARS + 100_000)
    page = open_app(browser, budget_server.url)
    page.locator('[class*="st-key-ns_corpus_upload"] input[type="file"]').set_input_files(str(upload))
    alert = page.locator('[data-testid="stAlert"]', has_text="Refused the upload")
    alert.wait_for(timeout=60_000)
    assert f"at most {BUDGET_CHARS:,} characters (setting max_upload_chars)" in alert.inner_text()
    settle(page)
    assert metric(page, "Articles") == "2"  # the bundled articles, nothing analysed
    assert errors_on(page) == 0


def test_a_long_analysis_can_be_stopped_and_resumed(budget_server, browser, tmp_path: Path) -> None:
    upload, count = wikinews_csv(tmp_path / "long.csv", chars=BUDGET_CHARS - 20_000, skip=300)
    page = open_app(browser, budget_server.url)
    page.locator('[class*="st-key-ns_corpus_upload"] input[type="file"]').set_input_files(str(upload))
    stop = page.locator('[class*="st-key-ns_upload_stop"] button').first  # a rerun may show the old one too
    stop.wait_for(timeout=60_000)
    assert "Analysing your upload" in page.locator('[data-testid="stProgress"]').first.inner_text()
    stop.click()
    stopped = page.locator('[data-testid="stAlert"]', has_text="Stopped after")
    stopped.first.wait_for(timeout=60_000)
    settle(page)  # the rerun that drew it is over: no stale copy of a button is left to click
    assert metric(page, "Articles") == "2"
    page.locator('[class*="st-key-ns_upload_retry"] button').click()
    page.wait_for_function(
        f"(document.querySelector('[data-testid=\"stMetricValue\"]') || {{}}).innerText === '{2 + count}'",
        timeout=240_000,
    )
    assert errors_on(page) == 0
