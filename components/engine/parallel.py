"""Analyse many texts on every core: :func:`components.engine.textanalysis.analyze_text` in a process pool.

YAKE and VADER are pure Python and hold the GIL, so threads would not help; processes do.
Texts go to the workers in chunks (about ``CHUNKS_PER_WORKER`` per worker, so that the
pickling overhead stays small and a slow chunk cannot leave the other workers idle at the
end), results come back in input order, and they are identical to a serial run.

Workers are started with the ``forkserver`` method where the platform has it (``spawn``
elsewhere), never plain ``fork``: the caller may hold threads (streamlit's server, DuckDB's
thread pool) whose locks a forked child would inherit mid-use. The fork server preloads the
analysis modules once, so each worker starts without importing yake and VADER again. Each
worker gets the caller's ``NEWSSCOPE_*`` environment, so settings overridden after the fork
server started still apply. A script that calls :func:`analyze_texts` needs the usual
``if __name__ == "__main__":`` guard.
"""

from __future__ import annotations

import math
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from functools import lru_cache
from multiprocessing.context import BaseContext

from components.engine import textanalysis
from components.settings import get_setting

POOL_MIN_CHARS = 50_000
"""Less text than this (about 0.4 s of work) is analysed in-process: starting workers costs more."""

CHUNKS_PER_WORKER = 8
"""Chunks handed to each worker when ``chunksize`` is not given."""

_SETTINGS_PREFIX = "NEWSSCOPE_"

Progress = Callable[[int, int], None]


def resolve_workers(workers: int | None = None) -> int:
    """The number of processes to use: ``workers``, or the ``workers`` setting when None.

    0 means one per CPU core. ValueError for a negative number.
    """
    chosen = int(get_setting("workers") if workers is None else workers)  # type: ignore[call-overload]
    if chosen < 0:
        raise ValueError(f"workers must be >= 0 (0: one per CPU core), got {chosen}")
    return chosen or os.cpu_count() or 1


def analyze_texts(
    texts: Sequence[str],
    *,
    workers: int | None = None,
    progress: Progress | None = None,
    chunksize: int | None = None,
) -> list[textanalysis.TextAnalysis]:
    """Run :func:`~components.engine.textanalysis.analyze_text` over ``texts``; results in input order.

    ``workers``: processes to use (None: the ``workers`` setting; 0: one per CPU core). With
    one worker, one text, or less than ``POOL_MIN_CHARS`` of text, everything runs in this
    process. ``chunksize``: texts per task (default: about ``CHUNKS_PER_WORKER`` tasks per
    worker). ``progress(done, total)`` is called with (0, total) first and then as results
    arrive, ending with (total, total); it is not called when ``texts`` is empty. An
    exception raised by the analysis of any text is raised here, and pending work is dropped.
    """
    total = len(texts)
    count = min(resolve_workers(workers), total)
    if chunksize is not None and chunksize < 1:
        raise ValueError(f"chunksize must be >= 1, got {chunksize}")
    if total and progress is not None:
        progress(0, total)
    if count <= 1 or sum(len(text) for text in texts) < POOL_MIN_CHARS:
        return _analyze_here(texts, progress)
    size = chunksize or max(1, math.ceil(total / (count * CHUNKS_PER_WORKER)))
    chunks = [list(texts[start : start + size]) for start in range(0, total, size)]
    try:
        executor = ProcessPoolExecutor(
            max_workers=min(count, len(chunks)),
            mp_context=pool_context(),
            initializer=_set_environment,
            initargs=(_settings_environment(),),
        )
    except OSError:  # no working semaphores (some sandboxes): do the work here instead
        return _analyze_here(texts, progress)
    return _run_pool(executor, chunks, total, progress)


def _run_pool(
    executor: ProcessPoolExecutor, chunks: list[list[str]], total: int, progress: Progress | None
) -> list[textanalysis.TextAnalysis]:
    results: list[list[textanalysis.TextAnalysis] | None] = [None] * len(chunks)
    done = 0
    try:
        futures: dict[Future[list[textanalysis.TextAnalysis]], int] = {
            executor.submit(_analyze_chunk, chunk): index for index, chunk in enumerate(chunks)
        }
        for future in as_completed(futures):
            chunk_results = future.result()
            results[futures[future]] = chunk_results
            done += len(chunk_results)
            if progress is not None:
                progress(done, total)
    finally:
        # On an error or Ctrl-C, drop the chunks not yet started instead of finishing them.
        executor.shutdown(wait=True, cancel_futures=True)
    return [result for chunk_results in results if chunk_results for result in chunk_results]


def _analyze_here(texts: Sequence[str], progress: Progress | None) -> list[textanalysis.TextAnalysis]:
    results = []
    for done, text in enumerate(texts, start=1):
        results.append(textanalysis.analyze_text(text))
        if progress is not None:
            progress(done, len(texts))
    return results


def _analyze_chunk(texts: list[str]) -> list[textanalysis.TextAnalysis]:
    """One task in a worker process."""
    return [textanalysis.analyze_text(text) for text in texts]


def _settings_environment() -> dict[str, str]:
    return {name: value for name, value in os.environ.items() if name.startswith(_SETTINGS_PREFIX)}


def _set_environment(environment: dict[str, str]) -> None:
    """Worker initializer: the caller's NEWSSCOPE_* settings, none other."""
    for name in [name for name in os.environ if name.startswith(_SETTINGS_PREFIX)]:
        del os.environ[name]
    os.environ.update(environment)


@lru_cache(maxsize=1)
def pool_context() -> BaseContext:
    """How worker processes start: a fork server that preloads the analysis (spawn where there is none)."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["components.engine.textanalysis"])
        return context
    return multiprocessing.get_context("spawn")
