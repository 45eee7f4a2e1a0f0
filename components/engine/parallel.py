"""Analyse many texts on every core: :func:`components.engine.textanalysis.analyze_text` in a process pool.

YAKE and VADER are pure Python and hold the GIL, so threads would not help; processes do.
Texts go to the workers in chunks (about ``CHUNKS_PER_WORKER`` per worker, so that the
pickling overhead stays small and a slow chunk cannot leave the other workers idle at the
end), results come back in input order, and they are identical to a serial run. Actor
mentions and quotes (:func:`match_articles`) are found, and read files cleaned (:func:`document_cleaner`),
the same way. The pool is started once per
process and number of workers and kept for every later call, so later batches pay no
start-up and find the gazetteer already loaded in the workers.

Workers are started with the ``forkserver`` method where the platform has it (``spawn``
elsewhere), never plain ``fork``: the caller may hold threads (streamlit's server, DuckDB's
thread pool) whose locks a forked child would inherit mid-use. The fork server preloads the
analysis modules once, so each worker starts without importing yake and VADER again. Each
worker gets the caller's ``NEWSSCOPE_*`` environment, so settings overridden after the fork
server started still apply (they travel with each task). A script that calls :func:`analyze_texts` needs the usual
``if __name__ == "__main__":`` guard.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from functools import lru_cache, partial
from multiprocessing.context import BaseContext

from components.engine import textanalysis
from components.ingest.corpus import Article, Cleaner, build_article
from components.ingest.readers import LoadError, RawDocument
from components.language.actors import ActorDictionary
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
    titles: Sequence[str] | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
    chunksize: int | None = None,
) -> list[textanalysis.TextAnalysis]:
    """Run :func:`~components.engine.textanalysis.analyze_text` over ``texts``, each with its title
    from ``titles`` (as long as ``texts``; None: no titles); results in input order.

    ``workers``: processes to use (None: the ``workers`` setting; 0: one per CPU core). With
    one worker, one text, or less than ``POOL_MIN_CHARS`` of text, everything runs in this
    process. ``chunksize``: texts per task (default: about ``CHUNKS_PER_WORKER`` tasks per
    worker). ``progress(done, total)`` is called with (0, total) first and then as results
    arrive, ending with (total, total); it is not called when ``texts`` is empty. An
    exception raised by the analysis of any text is raised here, and pending work is dropped.
    """
    if chunksize is not None and chunksize < 1:
        raise ValueError(f"chunksize must be >= 1, got {chunksize}")
    if titles is not None and len(titles) != len(texts):
        raise ValueError(f"{len(titles)} titles for {len(texts)} texts")
    pairs = list(zip(titles if titles is not None else [""] * len(texts), texts))
    return _map(_analyze_chunk, pairs, [len(text) for text in texts], workers, progress, chunksize)


def match_articles(
    articles: Sequence[tuple[str, str, str, Sequence[int]]],
    dictionary: ActorDictionary,
    *,
    workers: int | None = None,
) -> textanalysis.Matched:
    """The mention and quote rows of :func:`~components.engine.textanalysis.match_article` for
    each (article id, title, text, sentence starts), in input order, on ``workers`` processes as
    :func:`analyze_texts` runs (the dictionary goes to the workers with each chunk)."""
    chunk = partial(_match_chunk, dictionary)
    found = _map(chunk, list(articles), [len(text) for _, _, text, _ in articles], workers, None, None)
    return textanalysis.Matched(
        [row for matched in found for row in matched.mentions], [row for matched in found for row in matched.quotes]
    )


def document_cleaner(workers: int | None = None) -> Cleaner:
    """A :data:`~components.ingest.corpus.Cleaner` that cleans documents on ``workers`` processes,
    as :func:`analyze_texts` runs (for :func:`components.ingest.corpus.load_corpus`); the
    articles are the same as cleaning them here."""

    def clean(documents: Sequence[RawDocument]) -> list[Article | LoadError]:
        return _map(_clean_chunk, list(documents), [len(d.text) for d in documents], workers, None, None)

    return clean


def _map(
    function: Callable[[list], list],
    items: list,
    sizes: list[int],
    workers: int | None,
    progress: Progress | None,
    chunksize: int | None,
) -> list:
    """``function`` over chunks of ``items`` (one result per item, in order), in the shared pool
    when there is enough work (``sizes``: each item's characters) and more than one worker."""
    total = len(items)
    count = min(resolve_workers(workers), total)
    if total and progress is not None:
        progress(0, total)
    if count <= 1 or sum(sizes) < POOL_MIN_CHARS:
        return _run_here(function, items, progress)
    size = chunksize or max(1, math.ceil(total / (count * CHUNKS_PER_WORKER)))
    chunks = [items[start : start + size] for start in range(0, total, size)]
    executor = _shared_pool(count)
    if executor is None:  # no working semaphores (some sandboxes): do the work here instead
        return _run_here(function, items, progress)
    return _run_pool(executor, function, chunks, total, progress)


def _run_pool(
    executor: ProcessPoolExecutor, function: Callable[[list], list], chunks: list[list], total: int,
    progress: Progress | None,
) -> list:
    results: list[list | None] = [None] * len(chunks)
    environment = _settings_environment()
    done = 0
    futures: dict[Future[list], int] = {}
    try:
        for index, chunk in enumerate(chunks):
            futures[executor.submit(_in_worker, environment, function, chunk)] = index
        for future in as_completed(futures):
            chunk_results = future.result()
            results[futures[future]] = chunk_results
            done += len(chunk_results)
            if progress is not None:
                progress(done, total)
    except BrokenProcessPool:
        _discard_pool(executor)
        raise
    finally:
        # On an error or Ctrl-C, drop the chunks not yet started instead of finishing them.
        for future in futures:
            future.cancel()
    return [result for chunk_results in results if chunk_results for result in chunk_results]


def _run_here(function: Callable[[list], list], items: list, progress: Progress | None) -> list:
    results: list = []
    for item in items:
        results.extend(function([item]))
        if progress is not None:
            progress(len(results), len(items))
    return results


def _analyze_chunk(articles: list[tuple[str, str]]) -> list[textanalysis.TextAnalysis]:
    """One task in a worker process: (title, text) pairs."""
    return [textanalysis.analyze_text(text, title) for title, text in articles]


def _clean_chunk(documents: list[RawDocument]) -> list[Article | LoadError]:
    return [build_article(document) for document in documents]


def _match_chunk(dictionary: ActorDictionary, articles: list[tuple[str, str, str, Sequence[int]]]) -> list[textanalysis.Matched]:
    return [
        textanalysis.match_article(article_id, text, starts, dictionary, title=title)
        for article_id, title, text, starts in articles
    ]


def _in_worker(environment: dict[str, str], function: Callable[[list], list], chunk: list) -> list:
    """One task in a worker process, under the caller's NEWSSCOPE_* settings (none other)."""
    for name in [name for name in os.environ if name.startswith(_SETTINGS_PREFIX)]:
        if name not in environment:
            del os.environ[name]
    os.environ.update(environment)
    return function(chunk)


def _settings_environment() -> dict[str, str]:
    return {name: value for name, value in os.environ.items() if name.startswith(_SETTINGS_PREFIX)}


_POOL_LOCK = threading.Lock()
_POOLS: dict[int, ProcessPoolExecutor] = {}


def _shared_pool(count: int) -> ProcessPoolExecutor | None:
    """The process pool of ``count`` workers, started once and kept for every later call (None
    when this platform cannot start one). Workers keep what they loaded (the gazetteer, YAKE's
    stopwords) from one call to the next."""
    with _POOL_LOCK:
        if count not in _POOLS:
            try:
                _POOLS[count] = ProcessPoolExecutor(max_workers=count, mp_context=pool_context())
            except OSError:
                return None
        return _POOLS[count]


def _discard_pool(executor: ProcessPoolExecutor) -> None:
    """Forget a broken pool: the next call starts a new one."""
    with _POOL_LOCK:
        for count, pool in list(_POOLS.items()):
            if pool is executor:
                del _POOLS[count]
    executor.shutdown(wait=False, cancel_futures=True)


@lru_cache(maxsize=1)
def pool_context() -> BaseContext:
    """How worker processes start: a fork server that preloads the analysis (spawn where there is none)."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["components.engine.textanalysis"])
        return context
    return multiprocessing.get_context("spawn")
