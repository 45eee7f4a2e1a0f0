"""Shared fixtures: a real streamlit server and a real Chromium for the browser tests."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests check results, never speed: a shared, loaded machine must not fail them on
# hypothesis's per-example deadline (the timed checks are the ratio tests below and the benchmarks).
settings.register_profile("newsscope", deadline=None)
settings.load_profile("newsscope")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_FILES = {"000": SEEDS / "000_f16bc1375f36de9e.txt", "002": SEEDS / "002_ccd4c79e6b5cab95.txt"}
SEED_IDS = {"000": "e606c3666b9499cf", "002": "24996e53f8f69905"}  # article ids of the cleaned seeds


def scaling_ratio(small: Callable[[], object], large: Callable[[], object], *, repeats: int = 3) -> float:
    """How many times longer ``large()`` takes than ``small()``, each timed at its fastest of
    ``repeats`` runs in this process. A linear cost gives about the ratio of the input sizes, a
    quadratic one its square, whatever the speed of the machine: tests assert on this ratio,
    never on seconds."""

    def fastest(work: Callable[[], object]) -> float:
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            work()
            times.append(time.perf_counter() - started)
        return min(times)

    return fastest(large) / max(fastest(small), 1e-6)


def seed_text(number: str) -> str:
    """The raw text of bundled seed ``number`` ("000" or "002"), as on disk."""
    return SEED_FILES[number].read_text(encoding="utf-8")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def _missing_browser_reason() -> str | None:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        return f"Debian's chromium is not installed at {CHROMIUM} (apt-get install -y chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Python playwright is not installed (pip install -e '.[test]')"
    return None


def require_browser() -> None:
    """Skip with the reason when there is no browser; under CI=true that is a failure."""
    reason = _missing_browser_reason()
    if reason:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"browser tests cannot run under CI: {reason}")
        pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_in_use(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


class Server:
    def __init__(self, port: int, process: subprocess.Popen, log: Path) -> None:
        self.port, self.process, self.log = port, process, log
        self.url = f"http://127.0.0.1:{port}"


def start_server(
    log_dir: Path, *, extra_args: tuple[str, ...] = (), settings: dict[str, str] | None = None,
    script: Path = ROOT / "dashboard.py", script_args: tuple[str, ...] = (),
) -> Server:
    """Start `streamlit run dashboard.py` (or ``script`` with ``script_args``) on a free loopback
    port and wait until it is healthy; ``settings``: environment variables of its own
    (``NEWSSCOPE_…``), this process's untouched."""
    port = free_port()
    if port_in_use(port):  # never talk to a stale server
        raise RuntimeError(f"port {port} is already taken")
    log = log_dir / f"streamlit-{port}.log"
    process = subprocess.Popen(
        [
            sys.executable, "-m", "streamlit", "run", str(script),
            "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
            "--browser.gatherUsageStats", "false", *extra_args, *(("--", *script_args) if script_args else ()),
        ],
        cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT, env={**os.environ, **(settings or {})},
    )
    deadline = time.monotonic() + 180  # a hang guard: a busy machine may start slowly
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return Server(port, process, log)
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError(f"streamlit did not become healthy in 180 s:\n{log.read_text()}")


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    require_browser()
    running = start_server(tmp_path_factory.mktemp("server"))
    yield running
    running.process.terminate()
    try:
        running.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        running.process.kill()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
