"""Many visitors at once: concurrent browser sessions clicking through one local server.

    python benchmarks/load_test.py                    # 10 sessions for 60 s each (README figures)
    python benchmarks/load_test.py --sessions 3 --seconds 20
    python benchmarks/load_test.py --actors-only          # actor bars only, as the floor can
    python benchmarks/load_test.py --actors-only --floor  # the same load on the floor app

Starts `streamlit run dashboard.py` on 127.0.0.1 (never another interface), opens
``--sessions`` independent browser contexts in Debian's Chromium, and has each click through
the views for ``--seconds``: an actor bar, a keyword bar, the source filter, "Clear all", in
turn. Reports p50/p95 seconds from click to settled page (the URL holds the new state and no
rerun is running), counts page errors (uncaught exceptions, streamlit exception boxes) and
checks that the server is still healthy.

``--floor`` runs ``benchmarks/floor_app.py`` instead: the bare Streamlit app drawing the
dashboard's own figures, recorded for the first page and for each actor of the actor chart
(see ``benchmarks/bench_dashboard.py``). It can only answer actor bars, so compare it with
``--actors-only``: how the same load slows a Streamlit app that does no work of its own.

It also reports the server's CPU time over the sessions, per click: the server's own work.
Here all the visitors' browsers share the machine with the server; a shared link's visitors
draw on their own machines. ``tests/ui/test_load.py`` runs it in CI.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "ui"), str(ROOT / "benchmarks")]

from browsing import DATUM_POSITION_JS, cpu_seconds  # noqa: E402
from conftest import CHROMIUM, CHROMIUM_ARGS, start_server  # noqa: E402

# The customdata of every mark of a Plotly chart, in drawing order.
_CUSTOMDATA_JS = """
el => {
    const gd = el.querySelector('.js-plotly-plot');
    if (!gd || !gd._fullData) return [];
    return gd._fullData.flatMap(t => (t.customdata || []).map(c => Array.isArray(c) ? c : [c]));
}
"""


@dataclass
class SessionLog:
    timings: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


async def _settled(page, before_url: str, timeout: float) -> None:
    await page.wait_for_function("old => location.href !== old", arg=before_url, timeout=timeout * 1000)
    await page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=timeout * 1000)


async def _click_chart(page, chart: str, index: int, timeout: float) -> float | None:
    locator = page.locator(f'[class*="st-key-ns_chart_{chart}_"]')
    marks = await locator.evaluate(_CUSTOMDATA_JS)
    if not marks:
        return None
    position = await locator.evaluate(DATUM_POSITION_JS, marks[index % len(marks)])
    if position is None:
        return None
    before = page.url
    started = time.perf_counter()
    await page.mouse.click(*position)
    await _settled(page, before, timeout)
    return time.perf_counter() - started


async def _click_button(page, key: str, timeout: float) -> float | None:
    button = page.locator(f'[class*="st-key-{key}"] button')
    if await button.count() == 0:
        return None
    before = page.url
    started = time.perf_counter()
    await button.first.click()
    await _settled(page, before, timeout)
    return time.perf_counter() - started


async def _pick_source(page, index: int, timeout: float) -> float | None:
    box = page.locator('[class*="st-key-ns_filter_sources"]')
    await box.click()
    options = page.get_by_role("option")
    count = await options.count()
    if count == 0:
        await page.keyboard.press("Escape")
        return None
    before = page.url
    started = time.perf_counter()
    await options.nth(index % count).click()
    await _settled(page, before, timeout)
    elapsed = time.perf_counter() - started
    await page.keyboard.press("Escape")
    return elapsed


async def _session(browser, url: str, seconds: float, number: int, timeout: float, actions: int) -> SessionLog:
    log = SessionLog()
    context = await browser.new_context(viewport={"width": 1500, "height": 2200})
    page = await context.new_page()
    page.on("pageerror", lambda error: log.errors.append(f"session {number}: page error: {error}"))
    try:
        await page.goto(url, timeout=timeout * 1000)
        await page.wait_for_selector('[class*="st-key-ns_chart_actors_"] g.trace', timeout=timeout * 1000)
        await page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=timeout * 1000)
        deadline = time.monotonic() + seconds
        step = number  # sessions start at different points of the round
        while time.monotonic() < deadline:
            action = step % actions
            if action == 0:
                elapsed = await _click_chart(page, "actors", step, timeout)
            elif action == 1:
                elapsed = await _click_chart(page, "keywords", step, timeout)
            elif action == 2:
                elapsed = await _pick_source(page, step, timeout)
            else:
                elapsed = await _click_button(page, "ns_chip_clear_all", timeout)
            if elapsed is not None:
                log.timings.append(elapsed)
            exceptions = await page.locator('[data-testid="stException"]').count()
            if exceptions:
                log.errors.append(f"session {number}: {exceptions} exception box(es) after action {action}")
                break
            step += 1
            await asyncio.sleep(0.3)  # a person's pause; never a double-click
    except Exception as exc:  # a timeout or a lost page is a failure of the run, reported
        log.errors.append(f"session {number}: {type(exc).__name__}: {str(exc).splitlines()[0]}")
    finally:
        await context.close()
    return log


async def _run_sessions(url: str, sessions: int, seconds: float, timeout: float, actions: int = 4) -> list[SessionLog]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            return await asyncio.gather(*(_session(browser, url, seconds, n, timeout, actions) for n in range(sessions)))
        finally:
            await browser.close()


@dataclass(frozen=True)
class LoadResult:
    sessions: int
    seconds: float
    clicks: int
    p50: float
    p95: float
    server_cpu: float  # seconds of the server's CPU time while the sessions ran
    errors: tuple[str, ...]
    server_healthy: bool

    def summary(self) -> str:
        return (
            f"{self.sessions} sessions x {self.seconds:.0f} s: {self.clicks} clicks, "
            f"click to settled p50 {self.p50 * 1000:.0f} ms, p95 {self.p95 * 1000:.0f} ms; "
            f"server CPU {self.server_cpu:.1f} s ({self.server_cpu / max(self.clicks, 1) * 1000:.0f} ms per click); "
            f"{len(self.errors)} error(s); server {'healthy' if self.server_healthy else 'DOWN'}"
        )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else float("nan")


def floor_figures(path: Path) -> Path:
    """Record the dashboard's figures on the bundled articles, for the first page and with each
    actor of its actor chart selected, into ``path`` (what ``floor_app.py`` draws)."""
    from bench_dashboard import capture_figures

    overview = capture_figures(None, [])[""]
    actors = next(figure for key, figure in overview if key.startswith("ns_chart_actors_"))
    names = [c[0] if isinstance(c, list) else c for trace in actors["data"] for c in trace.get("customdata", [])]
    path.write_text(json.dumps(capture_figures(None, names)), encoding="utf-8")
    return path


def run_load(
    sessions: int, seconds: float, *, log_dir: Path, timeout: float = 120, actors_only: bool = False, floor: bool = False,
) -> LoadResult:
    """Start a server, run the sessions against it, stop it; the timings and every error seen."""
    if floor:
        figures = floor_figures(log_dir / "figures.json")
        server = start_server(log_dir, script=ROOT / "benchmarks" / "floor_app.py", script_args=(str(figures),))
    else:
        server = start_server(log_dir)
    actions = 1 if actors_only or floor else 4
    try:
        # A thread of its own: under pytest, sync Playwright already runs an event loop here.
        cpu_before = cpu_seconds(server.process.pid)
        with ThreadPoolExecutor(max_workers=1) as runner:
            logs = runner.submit(asyncio.run, _run_sessions(server.url, sessions, seconds, timeout, actions)).result()
        server_cpu = cpu_seconds(server.process.pid) - cpu_before
        try:
            with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=10) as response:
                healthy = response.status == 200 and server.process.poll() is None
        except OSError:
            healthy = False
    finally:
        server.process.terminate()
        server.process.wait(timeout=30)
    timings = [t for log in logs for t in log.timings]
    return LoadResult(
        sessions=sessions, seconds=seconds, clicks=len(timings),
        p50=statistics.median(timings) if timings else float("nan"), p95=percentile(timings, 0.95),
        server_cpu=server_cpu,
        errors=tuple(e for log in logs for e in log.errors), server_healthy=healthy,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--actors-only", action="store_true", help="click actor bars only")
    parser.add_argument("--floor", action="store_true", help="load benchmarks/floor_app.py instead (actor bars only)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as log_dir:
        result = run_load(args.sessions, args.seconds, log_dir=Path(log_dir), actors_only=args.actors_only, floor=args.floor)
    print(result.summary())
    for error in result.errors:
        print(error)
    sys.exit(0 if result.server_healthy and not result.errors else 1)


if __name__ == "__main__":
    main()
