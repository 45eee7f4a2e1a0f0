"""Dashboard timings in a real browser (run by hand; results go in README.md).

    python benchmarks/bench_dashboard.py                       # the bundled articles
    python benchmarks/bench_dashboard.py --store bench.duckdb  # a stored corpus (fill it with newsscope analyze --store)

Runs the dashboard, then its floor (``benchmarks/floor_app.py``: a bare Streamlit app drawing
the same Plotly figures, recorded from the dashboard's own script run), and reports each measure for
both and their ratio. For each `streamlit run` on 127.0.0.1 driven by Debian's Chromium:
- start: seconds from `streamlit run` to the first complete page (every chart drawn), and
  for later visitors of the running server, from opening the address to the complete page;
- clicks: p50/p95 seconds from a click on an actor bar to the settled page (the URL holds the
  new selection and no rerun is running), alternating between the two most mentioned actors;
- memory: the server's peak resident memory (VmHWM) after the clicks;
- the server's CPU time per later visitor's page and per click: the server's own part of them
  (it runs one script at a time here); the rest of their time is the browser's.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "ui")]

from browsing import DATUM_POSITION_JS, chart, cpu_seconds, settle  # noqa: E402
from conftest import CHROMIUM, CHROMIUM_ARGS, free_port  # noqa: E402


def timed_click(page, name: str) -> float:
    """Seconds from a click on actor ``name``'s bar until the URL holds it, no rerun is running
    and the browser has painted twice since."""
    x, y = chart(page, "actors").evaluate(DATUM_POSITION_JS, [name])
    clicked = time.perf_counter()
    page.mouse.click(x, y)
    page.wait_for_function("name => new URL(location.href).searchParams.get('actor') === name", arg=name, timeout=120_000)
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=120_000)
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    return time.perf_counter() - clicked


def wait_complete(page) -> None:
    """Every chart drawn (the reader's sentence chart is the last) and no rerun running."""
    page.wait_for_selector('[class*="st-key-ns_chart_sentences_"] g.trace', timeout=600_000)
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=600_000)


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def capture_figures(store: str | None, actors: list[str]) -> dict[str, list]:
    """The Plotly figures the dashboard draws on the first page ("") and with each of ``actors``
    selected: the dashboard runs in this process (Streamlit's AppTest) and each ``st.plotly_chart``
    call is recorded as (key, figure as JSON), which is what the floor app then draws."""
    import plotly.io
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    drawn: list = []
    original = st.plotly_chart

    def record(figure, *args, key=None, **kwargs):
        drawn.append([key, json.loads(plotly.io.to_json(figure, validate=False))])
        return original(figure, *args, key=key, **kwargs)

    st.plotly_chart = record
    argv = sys.argv
    sys.argv = ["dashboard.py", *(["--store", store] if store else [])]
    try:
        figures = {}
        for actor in ["", *actors]:
            drawn.clear()
            app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=600)
            if actor:
                app.query_params["actor"] = actor
            app.run()
            figures[actor] = list(drawn)
    finally:
        st.plotly_chart = original
        sys.argv = argv
    return figures


def measure(command: list[str], clicks: int) -> dict:
    """Run one app with ``command`` and time its first pages and its actor clicks."""
    from playwright.sync_api import sync_playwright

    port = free_port()
    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", *command[:1], "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", *command[1:]],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1500, "height": 2200})
            while True:
                try:
                    page.goto(f"http://127.0.0.1:{port}/", timeout=2_000)
                    break
                except Exception:  # the server is not listening yet
                    time.sleep(0.1)
            listening = time.perf_counter() - started
            wait_complete(page)
            first_page = time.perf_counter() - started
            # Later visitors of the running server (the tables are loaded and cached): the median of three.
            later = []
            cpu_before = cpu_seconds(server.pid)
            for _ in range(3):
                visitor = browser.new_page(viewport={"width": 1500, "height": 2200})
                opened = time.perf_counter()
                visitor.goto(f"http://127.0.0.1:{port}/")
                wait_complete(visitor)
                later.append(time.perf_counter() - opened)
                visitor.close()
            later_cpu = (cpu_seconds(server.pid) - cpu_before) / 3
            settle(page)
            actors = chart(page, "actors").evaluate(
                "el => el.querySelector('.js-plotly-plot')._fullData.flatMap(t => (t.customdata || []).map(c => [c[0], t.x[(t.customdata || []).indexOf(c)]]))"
            )
            top_two = [name for name, _ in sorted(actors, key=lambda a: -a[1])[:2]]
            timings = []
            cpu_before = cpu_seconds(server.pid)
            for i in range(clicks):
                time.sleep(0.5)  # never a double-click
                timings.append(timed_click(page, top_two[i % 2]))
            click_cpu = (cpu_seconds(server.pid) - cpu_before) / clicks
            browser.close()
        memory = peak_rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    timings.sort()
    return {
        "listening": listening,
        "first_page": first_page,
        "later_visitor": statistics.median(later),
        "later_cpu": later_cpu,
        "click_cpu": click_cpu,
        "click_p50": statistics.median(timings),
        "click_p95": timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))],
        "top_two": top_two,
        "memory_mb": memory,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", help="open this analysis store (store mode)")
    parser.add_argument("--clicks", type=int, default=20)
    parser.add_argument("--figures", type=Path, help="keep the captured figures in this file (for floor_app.py)")
    args = parser.parse_args()
    extra = ["--", "--store", args.store] if args.store else []
    app = measure([str(ROOT / "dashboard.py"), *extra], args.clicks)
    figures = capture_figures(args.store, app["top_two"])
    with tempfile.TemporaryDirectory() as tmp:
        captured = args.figures or Path(tmp) / "figures.json"
        captured.write_text(json.dumps(figures), encoding="utf-8")
        floor = measure([str(ROOT / "benchmarks" / "floor_app.py"), "--", str(captured)], args.clicks)
    print(f"source: {args.store or 'bundled articles'}; {len(figures[''])} Plotly charts on the first page")
    print("| measure | Newsscope | floor app | ratio |")
    print("| --- | --- | --- | --- |")
    for name, label in (
        ("first_page", "first complete page after `streamlit run` (s)"),
        ("later_visitor", "a later visitor's complete page (s, median of 3)"),
        ("click_p50", f"click on an actor bar until settled, p50 (s; {args.clicks} clicks)"),
        ("click_p95", "click on an actor bar until settled, p95 (s)"),
        ("later_cpu", "the server's CPU time per later visitor's page (s, mean)"),
        ("click_cpu", "the server's CPU time per click (s, mean)"),
    ):
        print(f"| {label} | {app[name]:.2f} | {floor[name]:.2f} | {app[name] / floor[name]:.2f}x |")
    print(f"server answering after {app['listening']:.2f} s (floor {floor['listening']:.2f} s)")
    print(f"server peak memory: {app['memory_mb']:.0f} MB (floor {floor['memory_mb']:.0f} MB)")


if __name__ == "__main__":
    main()
