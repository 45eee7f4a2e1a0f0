"""Take the README's six analyst-task screenshots at 1280x720 (run by hand; needs Debian's chromium).

    newsscope analyze --store /tmp/wn100.duckdb wn100.csv   # 100 Wikinews articles (see the README)
    python docs/screenshots.py /tmp/wn100.duckdb
    python docs/screenshots.py --tone     # docs/tone-toward-actors.png: one sentence, two tones

Each view is opened from its link (the whole view state is in the address bar), the panel the
task is about is scrolled to the top, and the window is photographed as a visitor sees it.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "ui")]

from browsing import DATUM_POSITION_JS, chart, reader, settle  # noqa: E402
from conftest import CHROMIUM, CHROMIUM_ARGS, free_port, start_server  # noqa: E402

# (file, view state as URL parameters, heading of the panel to show)
TASKS = [
    ("task-a-actors.png", {}, "Actor mentions"),
    ("task-b-attention.png", {"actors": ["Donald Trump", "Joe Biden"], "period": "month"}, "Attention over time"),
    ("task-c-sources.png", {"actor": "Donald Trump"}, "Sources side by side"),
    ("task-d-pair.png", {"pair": ["Donald Trump", "United States"]}, "In context"),
    ("task-e-concordance.png", {"find": "government", "sort": "left"}, "In context"),
    ("task-f-export.png", {"actor": "Donald Trump"}, "Download the current selection"),
]


def main(store: str) -> None:
    from playwright.sync_api import sync_playwright

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port), "--server.address",
         "127.0.0.1", "--server.headless", "true", "--", "--store", store],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name, params, heading in TASKS:
                page = browser.new_page(viewport={"width": 1280, "height": 720})
                url = f"http://127.0.0.1:{port}/?{urlencode(params, doseq=True)}"
                for _ in range(600):
                    try:
                        page.goto(url, timeout=2_000)
                        break
                    except Exception:  # the server is not listening yet
                        time.sleep(0.2)
                page.wait_for_selector('[class*="st-key-ns_chart_sentences_"] g.trace', timeout=600_000)
                page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=600_000)
                title = page.get_by_role("heading", name=heading, exact=True).first
                title.evaluate("el => el.scrollIntoView({block: 'start'})")
                time.sleep(1.0)  # charts redraw after the scroll
                page.screenshot(path=str(ROOT / "docs" / name))
                page.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)


def tone_toward_actors() -> None:
    """The per-actor tone of ``tests/ui/test_actor_tone.py``'s sentence, opened as a shared corpus,
    the hover on the actor it thanks, the sentence in the reader; every actor's bar coloured
    (``tone_min_sentences`` = 1: the article is one sentence long for each)."""
    import tempfile

    from playwright.sync_api import sync_playwright
    from test_actor_tone import CSV

    from components.engine.shares import ShareStore

    with tempfile.TemporaryDirectory() as folder:
        settings = {"NEWSSCOPE_SHARE_PATH": folder, "NEWSSCOPE_TONE_MIN_SENTENCES": "1"}
        shared = ShareStore(Path(folder), max_bytes=10**6, quota_bytes=10**7, ttl_seconds=3600).create(
            (("shelling.csv", CSV),), include_base=False
        )
        server = start_server(Path(folder), settings=settings)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1280, "height": 720})
                page.goto(f"{server.url}/?share={shared.id}&tab=actor&actor=John+Reed")
                page.wait_for_selector('[class*="st-key-ns_chart_actor_sentiment_"] g.trace', timeout=120_000)
                settle(page)
                reader(page).locator("mark").first.wait_for(timeout=60_000)
                page.get_by_role("heading", name="Sentiment", exact=True).first.evaluate(
                    "el => el.scrollIntoView({block: 'start'})"
                )
                time.sleep(1.0)
                x, y = chart(page, "actor_sentiment").evaluate(DATUM_POSITION_JS, ["John Reed"])
                page.mouse.move(x, y)
                time.sleep(1.0)
                page.screenshot(path=str(ROOT / "docs" / "tone-toward-actors.png"))
                browser.close()
        finally:
            server.process.terminate()
            server.process.wait(timeout=30)


if __name__ == "__main__":
    if sys.argv[1] == "--tone":
        tone_toward_actors()
    else:
        main(sys.argv[1])
