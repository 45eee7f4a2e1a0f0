"""\"Share this corpus\" in real Chromium: one visitor uploads a CSV, selects an actor and shares;
another visitor (a new browser context: no cookie, storage or session in common) opens the link
and sees the same corpus and view. A share over the size limit is refused with the reason, and a
link to an unknown share says so."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from browsing import click_datum, metric, open_app, query, settle
from conftest import require_browser, start_server

from components.engine.shares import new_share_id, valid_share_id

pytestmark = pytest.mark.browser

SHARE_MAX_BYTES = 2_000
CSV = (
    "title,text,source,published\n"
    '"Moscow talks","Vladimir Putin met Abbas Araqchi in Moscow on Monday. Putin said Russia would help Iran.",Wire,2025-06-02\n'
    '"Tehran waits","Iran waited for an answer from Russia. Abbas Araqchi flew home on Tuesday.",Daily,2025-06-03\n'
    '"Markets calm","Oil prices held steady as traders watched the talks in Moscow.",Wire,2025-06-04\n'
)


@pytest.fixture(scope="module")
def share_server(tmp_path_factory: pytest.TempPathFactory):
    """A server whose shares go to a folder of the test's own, at most 2,000 bytes each."""
    require_browser()
    folder = tmp_path_factory.mktemp("shares")
    settings = {"NEWSSCOPE_SHARE_PATH": str(folder / "store"), "NEWSSCOPE_SHARE_MAX_BYTES": str(SHARE_MAX_BYTES)}
    running = start_server(tmp_path_factory.mktemp("share-server"), settings=settings)
    running.share_root = folder / "store"
    yield running
    running.process.terminate()
    running.process.wait(timeout=30)


def wait_for_articles(page, count: int) -> None:
    page.wait_for_function(
        """want => [...document.querySelectorAll('[data-testid="stMetric"]')]
                 .some(m => m.innerText.includes('Articles') && m.innerText.split('\\n').includes(want))""",
        arg=str(count), timeout=120_000,
    )
    settle(page)


def test_a_shared_corpus_opens_for_another_visitor_with_the_same_view(share_server, browser, tmp_path: Path) -> None:
    upload = tmp_path / "talks.csv"
    upload.write_text(CSV, encoding="utf-8")
    sharer = open_app(browser, share_server.url)
    assert sharer.locator('[class*="st-key-ns_share_button"]').count() == 0  # nothing to share before an upload
    sharer.locator('[class*="st-key-ns_corpus_upload"] input[type="file"]').set_input_files(str(upload))
    wait_for_articles(sharer, 5)  # the 2 bundled articles and the 3 uploaded ones
    sharer.locator('[class*="st-key-ns_corpus_bundled"] label').click()
    wait_for_articles(sharer, 3)
    click_datum(sharer, "actors", "Abbas Araqchi")
    assert metric(sharer, "Articles") == "2"
    assert "share" not in query(sharer)  # not shared yet: the address names no share
    assert list(share_server.share_root.glob("*")) == []  # and nothing is on the disk

    sharer.get_by_role("button", name="Share this corpus").click()
    sharer.get_by_text("Share link: opens this corpus").wait_for(timeout=60_000)
    settle(sharer)
    link = sharer.locator('[data-testid="stCode"] code').first.text_content().strip()
    params = parse_qs(urlparse(link).query)
    assert valid_share_id(params["share"][0]) and params["actor"] == ["Abbas Araqchi"]
    assert link.startswith(share_server.url)
    assert query(sharer)["share"] == params["share"]  # the address bar carries it too
    assert [p.name for p in share_server.share_root.iterdir() if not p.name.startswith(".")] == params["share"]
    assert sharer.get_by_text("This corpus is shared until").count() == 1
    sharer.screenshot(path=str(tmp_path / "sharer.png"), full_page=False)

    # Another visitor: a new browser context, opening the link.
    visitor = open_app(browser, link)
    wait_for_articles(visitor, 2)
    assert metric(visitor, "Actors found") == metric(sharer, "Actors found")
    assert visitor.locator('[class*="st-key-ns_chip_actor"]').first.inner_text().startswith("✕ Actor: Abbas Araqchi")
    assert query(visitor)["share"] == params["share"] and query(visitor)["actor"] == ["Abbas Araqchi"]
    assert visitor.locator('[class*="st-key-ns_corpus_bundled"] input').is_checked() is False
    assert visitor.get_by_text("not loaded here").count() == 0
    assert visitor.get_by_text("From the share link (1 file(s)): talks.csv").count() == 1
    assert visitor.locator('[data-testid="stException"]').count() == 0
    visitor.screenshot(path=str(tmp_path / "visitor.png"), full_page=False)
    # The visitor's page shows the shared articles' own words.
    visitor.locator('[class*="st-key-ns_chip_actor"] button').first.click()
    wait_for_articles(visitor, 3)
    visitor.context.close()
    sharer.context.close()


def test_a_share_over_the_size_limit_is_refused_with_the_reason(share_server, browser, tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    filler = " ".join(["Iran and Russia talked again about oil."] * 20)
    rows = "".join(f'"Long day {i}","Day {i} of the talks. {filler}",Wire,2025-06-1{i}\n' for i in range(3))
    big.write_text(CSV + rows, encoding="utf-8")
    assert big.stat().st_size > SHARE_MAX_BYTES
    page = open_app(browser, share_server.url)
    page.locator('[class*="st-key-ns_corpus_upload"] input[type="file"]').set_input_files(str(big))
    wait_for_articles(page, 8)
    before = set(share_server.share_root.iterdir()) if share_server.share_root.exists() else set()
    page.get_by_role("button", name="Share this corpus").click()
    page.get_by_text("one shared corpus may hold at most").wait_for(timeout=60_000)
    settle(page)
    message = page.locator('[data-testid="stAlert"]', has_text="Not shared").inner_text()
    assert f"{SHARE_MAX_BYTES:,} bytes" in message and "share_max_bytes" in message
    assert "share" not in query(page)
    assert metric(page, "Articles") == "8"  # nothing else is lost
    after = set(share_server.share_root.iterdir()) if share_server.share_root.exists() else set()
    assert {p for p in after - before if not p.name.startswith(".")} == set()
    page.screenshot(path=str(tmp_path / "refused.png"), full_page=False)
    page.context.close()


def test_a_link_to_an_unknown_share_says_so(share_server, browser) -> None:
    page = open_app(browser, f"{share_server.url}/?share={new_share_id()}&upload=0123456789abcdef")
    page.get_by_text("shared corpus is not on this server").wait_for(timeout=30_000)
    assert metric(page, "Articles") == "2"  # the bundled articles, and a plain message: no silent empty view
    assert page.locator('[data-testid="stException"]').count() == 0
    page.context.close()
