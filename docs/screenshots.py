"""Take the README's six analyst-task screenshots at 1280x720 (run by hand; needs Debian's chromium).

    newsscope analyze --store /tmp/wn100.duckdb wn100.csv   # 100 Wikinews articles (see the README)
    python docs/screenshots.py /tmp/wn100.duckdb

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

from conftest import CHROMIUM, CHROMIUM_ARGS, free_port  # noqa: E402

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


if __name__ == "__main__":
    main(sys.argv[1])
