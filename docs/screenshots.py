"""Take the README's six analyst-task screenshots at 1280x720 (run by hand; needs Debian's chromium).

    newsscope analyze --store /tmp/wn100.duckdb wn100.csv   # 100 Wikinews articles (see the README)
    python docs/screenshots.py /tmp/wn100.duckdb
    python docs/screenshots.py --tone     # docs/tone-toward-actors.png: one sentence, two tones

Each view is opened from its link (the whole view state is in the address bar), the panel the
task is about is scrolled to the top, and the window is photographed as a visitor sees it.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "ui")]

from browsing import DATUM_POSITION_JS, chart, reader, settle  # noqa: E402
from conftest import CHROMIUM, CHROMIUM_ARGS, start_server  # noqa: E402

# (file, view state as URL parameters, heading of the panel to show)
TASKS = [
    ("task-a-actors.png", {}, "Actor mentions"),
    ("task-b-attention.png", {"actors": ["Donald Trump", "Joe Biden"], "period": "month"}, "Attention over time"),
    ("task-c-sources.png", {"actor": "Donald Trump"}, "Sources side by side"),
    ("task-d-pair.png", {"pair": ["Donald Trump", "United States"]}, "In context"),
    ("task-e-concordance.png", {"find": "government", "sort": "left"}, "In context"),
    ("task-f-export.png", {"actor": "Donald Trump"}, "Download the current selection"),
]


@contextmanager
def served(folder: Path, *args: str, settings: dict[str, str] | None = None) -> Iterator[tuple[str, object]]:
    """(the address of ``streamlit run dashboard.py -- *args``, a headless Chromium), both
    stopped afterwards; the server's log goes to ``folder``."""
    from playwright.sync_api import sync_playwright

    server = start_server(folder, extra_args=("--", *args) if args else (), settings=settings)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield server.url, browser
            browser.close()
    finally:
        server.process.terminate()
        server.process.wait(timeout=30)


def show_panel(page, heading: str) -> None:
    """Scroll the panel headed ``heading`` to the top of the window and let its charts redraw."""
    page.get_by_role("heading", name=heading, exact=True).first.evaluate("el => el.scrollIntoView({block: 'start'})")
    time.sleep(1.0)


def main(store: str) -> None:
    with tempfile.TemporaryDirectory() as folder, served(Path(folder), "--store", store) as (url, browser):
        for name, params, heading in TASKS:
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            page.goto(f"{url}/?{urlencode(params, doseq=True)}")
            page.wait_for_selector('[class*="st-key-ns_chart_sentences_"] g.trace', timeout=600_000)
            page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=600_000)
            show_panel(page, heading)
            page.screenshot(path=str(ROOT / "docs" / name))
            page.close()


def tone_toward_actors() -> None:
    """The per-actor tone of ``tests/ui/test_actor_tone.py``'s sentence, opened as a shared corpus,
    with the hover on the actor it thanks; every actor's bar coloured (``tone_min_sentences`` = 1:
    the article is one sentence long for each)."""
    from test_actor_tone import CSV

    from components.engine.shares import ShareStore

    with tempfile.TemporaryDirectory() as folder:
        settings = {"NEWSSCOPE_SHARE_PATH": folder, "NEWSSCOPE_TONE_MIN_SENTENCES": "1"}
        os.environ.update(settings)  # the share is made here with the server's settings
        shared = ShareStore.from_settings().create((("shelling.csv", CSV),), include_base=False)
        with served(Path(folder), settings=settings) as (url, browser):
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            page.goto(f"{url}/?share={shared.id}&tab=actor&actor=John+Reed")
            page.wait_for_selector('[class*="st-key-ns_chart_actor_sentiment_"] g.trace', timeout=120_000)
            settle(page)
            reader(page).locator("mark").first.wait_for(timeout=60_000)
            show_panel(page, "Sentiment")
            x, y = chart(page, "actor_sentiment").evaluate(DATUM_POSITION_JS, ["John Reed"])
            page.mouse.move(x, y)
            time.sleep(1.0)
            page.screenshot(path=str(ROOT / "docs" / "tone-toward-actors.png"))


if __name__ == "__main__":
    if sys.argv[1] == "--tone":
        tone_toward_actors()
    else:
        main(sys.argv[1])
