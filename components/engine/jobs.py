"""Analysis off the caller's thread: a job a visitor can stop, and that stops when nobody watches.

A dashboard visitor's upload is analysed by an :class:`AnalysisJob`: a background thread hands
its texts, a few at a time, to a small process pool shared by every visitor, whose workers run
at a lower priority than the server. So the server's own thread stays free for every visitor's
clicks, one large upload cannot take all the cores, and jobs of several visitors take turns,
chunk by chunk. Between chunks the job checks whether it was cancelled (a "Stop" button), or
whether nobody has asked about it for ``idle_seconds`` (the visitor left the page): then it
stops, keeping what it finished.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from functools import lru_cache

from components.engine import parallel, textanalysis
from components.engine.textanalysis import TextAnalysis

CHUNK = 4
"""Texts handed to the pool at a time: small, so a stop or another visitor waits little."""

IDLE_SECONDS = 20.0
"""A job nobody has asked about for this long (its page is gone) stops."""

RUNNING, DONE, CANCELLED, FAILED = "running", "done", "cancelled", "failed"


class AnalysisJob:
    """Analyse ``texts`` (id, title, text) in the background; read :attr:`results` when :attr:`state` is DONE."""

    def __init__(
        self, texts: Sequence[tuple[str, str, str]], *, key: str = "", idle_seconds: float = IDLE_SECONDS
    ) -> None:
        self.texts = list(texts)
        self.key = key  # what the caller knows the job by (a session: its files)
        self.chars = sum(len(text) for _, _, text in self.texts)
        self.results: dict[str, TextAnalysis] = {}
        self.state = RUNNING
        self.error: str | None = None
        self.idle_seconds = idle_seconds
        self._cancelled = threading.Event()
        self.started = self._seen = time.monotonic()
        self._thread = threading.Thread(target=self._run, name="newsscope-analysis-job", daemon=True)
        self._thread.start()

    @property
    def progress(self) -> tuple[int, int]:
        """(articles done, articles in all)."""
        return len(self.results), len(self.texts)

    def touch(self) -> None:
        """Someone is still watching: put off the idle stop."""
        self._seen = time.monotonic()

    def cancel(self) -> None:
        """Stop after the chunk in hand (what is finished is kept)."""
        self._cancelled.set()

    def wait(self, timeout: float | None = None) -> str:
        """Block until the job has ended (or ``timeout`` seconds); return its state."""
        self._thread.join(timeout)
        return self.state

    def _stopping(self) -> bool:
        return self._cancelled.is_set() or time.monotonic() - self._seen > self.idle_seconds

    def _run(self) -> None:
        try:
            for start in range(0, len(self.texts), CHUNK):
                if self._stopping():
                    self.state = CANCELLED
                    return
                chunk = self.texts[start : start + CHUNK]
                future: Future[list[TextAnalysis]] = _pool().submit(
                    _analyze_chunk, [(title, text) for _, title, text in chunk]
                )
                while not future.done():  # a stop need not wait for the pool's whole queue
                    if self._stopping():
                        future.cancel()
                        self.state = CANCELLED
                        return
                    time.sleep(0.05)
                self.results.update(zip((article_id for article_id, _, _ in chunk), future.result()))
            self.state = DONE
        except Exception as exc:  # noqa: BLE001 - a failed job says why; it never kills the server
            self.error = f"{type(exc).__name__}: {exc}"
            self.state = FAILED


def _analyze_chunk(articles: list[tuple[str, str]]) -> list[TextAnalysis]:
    """(title, text) pairs, in a pool worker."""
    return [textanalysis.analyze_text(text, title) for title, text in articles]


def _lower_priority() -> None:
    """Pool workers yield to the server process (and so to every visitor's clicks)."""
    try:
        os.nice(10)
    except OSError:  # not allowed here: run at the normal priority
        pass


@lru_cache(maxsize=1)
def _pool() -> ProcessPoolExecutor:
    """One pool for every job of this server: all cores but one, at a lower priority."""
    workers = max(1, (os.cpu_count() or 2) - 1)
    return ProcessPoolExecutor(max_workers=workers, mp_context=parallel.pool_context(), initializer=_lower_priority)
