"""Helpers for driving the dashboard in real Chromium with Playwright: wait for reruns, find and
click chart marks, read the URL, the metrics and the reader. Shared by the browser tests and the
browser benchmarks (``benchmarks/bench_dashboard.py``, ``benchmarks/load_test.py``)."""

from __future__ import annotations

import os
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse


def settle(page, *, timeout: float = 60) -> None:
    """Wait until streamlit has finished rerunning (no status widget) and the page is quiet."""
    time.sleep(1.0)
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=timeout * 1000)
    time.sleep(0.5)


def click_and_settle(page, x: float, y: float) -> None:
    """Click a chart point, wait for the URL to take the new view state, then for the rerun to end."""
    before = page.url
    page.mouse.click(x, y)
    page.wait_for_function("old => location.href !== old", arg=before, timeout=30_000)
    settle(page)


def new_context(browser):
    """A fresh, independent browser session (own cookies, storage and websocket)."""
    return browser.new_context(viewport={"width": 1500, "height": 2200})


def open_app(browser, url: str, *, context=None):
    page = (context or new_context(browser)).new_page()
    page.goto(url)
    page.wait_for_selector('[class*="st-key-ns_chart_actors_"] g.trace', timeout=90_000)
    settle(page)
    return page


def chart(page, name: str):
    """The chart ``name`` as drawn now (not a stale copy that a rerun is about to replace)."""
    return page.locator(f'[class*="st-key-ns_chart_{name}_"]:not([data-stale="true"])')


DATUM_POSITION_JS = """
(el, want) => {
    const gd = el.querySelector('.js-plotly-plot');
    const box = gd.getBoundingClientRect();
    for (const trace of gd._fullData) {
        const data = trace.customdata || [];
        for (let i = 0; i < data.length; i++) {
            const item = Array.isArray(data[i]) ? data[i] : [data[i]];
            if (JSON.stringify(item.slice(0, want.length)) !== JSON.stringify(want)) continue;
            const xa = gd._fullLayout[trace.xaxis.replace('x', 'xaxis')];
            const ya = gd._fullLayout[trace.yaxis.replace('y', 'yaxis')];
            let x = trace.x[i], y = trace.y[i];
            if (trace.type === 'bar' && trace.orientation === 'h') x = x / 2;
            if (trace.type === 'bar' && trace.orientation !== 'h') y = y / 2;
            return [box.left + xa._offset + xa.d2p(x), box.top + ya._offset + ya.d2p(y)];
        }
    }
    return null;
}
"""


def click_datum(page, name: str, *customdata: object) -> None:
    """Click the bar, cell or point of chart ``name`` whose customdata starts with ``customdata``.

    Plotly's drag layer covers the marks, so the click goes to the mark's centre on the page.
    """
    chart(page, name).scroll_into_view_if_needed()
    position = chart(page, name).evaluate(DATUM_POSITION_JS, list(customdata))
    assert position is not None, f"no point with customdata {customdata} in chart {name}"
    click_and_settle(page, *position)


def reader(page):
    return page.frame_locator('[data-testid="stIFrame"]').first


def query(page) -> dict[str, list[str]]:
    """The address bar's query parameters (``location.href``: ``page.url`` can miss a
    ``history.replaceState``)."""
    return parse_qs(urlparse(page.evaluate("location.href")).query)


def metric(page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]', has_text=label)
    return box.locator('[data-testid="stMetricValue"]').inner_text()


def cpu_seconds(pid: int) -> float:
    """The CPU time (user and system) process ``pid`` has used so far, in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
