"""The Dask engine: the per-article analysis run on a Dask cluster, written as Parquet.

Only what depends on an article's text (sentences with VADER compounds, YAKE keywords,
word counts; :func:`components.engine.textanalysis.analyze_text`) runs on the workers. The corpus is
cut into partitions of whole articles; each partition is one task that analyses its
articles and writes its rows as one Parquet part file per table. The client writes the
article metadata it already holds, then ``manifest.json`` last, so a folder without a
manifest is an unfinished run. Actor mentions and sentiment labels are not stored: they
depend on the actor dictionary and the threshold, and :func:`load_dask_output` computes them
over the stored texts and compounds, without running YAKE or VADER again.

The output folder (every table is a folder of part files, read with
``pandas.read_parquet(output_dir / "sentences")``, DuckDB's ``read_parquet('.../*.parquet')``
or any Parquet reader)::

    output_dir/
      manifest.json          analyzer version, counts, settings, load errors, created time
      articles/              id, title, source, published, url, path, text, and as JSON lists:
                             authors, removed, removed_reasons, and as a JSON object: extra
                             (the user's own columns; written by the client)
      text_articles/         article_id, n_words, n_sentences
      sentences/             article_id, sentence, start, end, text, compound
      keywords/              article_id, keyword, score, rank

Running against an existing cluster (``scheduler="tcp://host:8786"``) needs, on every
worker: ``components`` importable (``pip install -e '.[dask]'`` of the same checkout), the
same analyzer as the client (:func:`components.engine.textanalysis.analyzer_version`: package version,
``NEWSSCOPE_YAKE_*`` / ``NEWSSCOPE_KEYWORD_BACKEND`` settings, yake / VADER / syntok
versions), and ``output_dir`` at the same path on a filesystem shared with the client. A
worker that cannot import ``components`` fails its task with ModuleNotFoundError; the other
two are checked after the run and raise :class:`DaskEngineError` (no manifest is written).
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import pandas as pd

from components import __version__
from components.engine.analysis import Analysis, build_tables
from components.engine.textanalysis import TextAnalysis, analyze_text, analyzer_version
from components.ingest.corpus import Article, Corpus
from components.ingest.readers import LoadError
from components.language.actors import ActorDictionary
from components.settings import get_setting

if TYPE_CHECKING:
    import pyarrow as pa
    from distributed import Client, LocalCluster

Item = TypeVar("Item")

MANIFEST_NAME = "manifest.json"
OUTPUT_FORMAT = "newsscope-dask"
OUTPUT_FORMAT_VERSION = 1
TABLES = ("articles", "text_articles", "sentences", "keywords")
PARTITIONS_PER_THREAD = 2
WORKER_START_SECONDS = 300  # a hang guard: workers start in seconds
"""Default partitions per worker thread: enough to even out long and short articles."""

_INSTALL_HINT = "the Dask engine needs dask, distributed and pyarrow: pip install -e '.[dask]'"


class DaskEngineError(RuntimeError):
    """A Dask run or output that cannot be used; the message says what to fix."""


@dataclass(frozen=True)
class DaskReport:
    """What one Dask run wrote: row counts, the folder, and the wall time in seconds."""

    articles: int
    sentences: int
    keywords: int
    output_dir: Path
    seconds: float
    partitions: int = 0


def analyze_on_dask(
    corpus: Corpus,
    output_dir: str | Path,
    *,
    scheduler: str | None = None,
    partitions: int | None = None,
) -> DaskReport:
    """Analyse every article of ``corpus`` on Dask and write the Parquet tables to ``output_dir``.

    ``scheduler`` is the address of a running cluster ("tcp://127.0.0.1:8786"); None starts a
    LocalCluster on 127.0.0.1 (``workers`` setting processes, one thread each, no dashboard
    port) for this call and closes it afterwards. ``partitions`` defaults to two per worker
    thread, never more than there are articles. The table folders and manifest of an earlier
    run in ``output_dir`` are replaced; other files there are left alone. With
    ``scheduler=None`` the workers are spawned processes, so a script calling this needs the
    usual ``if __name__ == "__main__":`` guard.
    """
    began = time.perf_counter()
    if partitions is not None and partitions < 1:
        raise ValueError(f"partitions must be >= 1, got {partitions}")
    output = Path(output_dir).resolve()
    _clear_output(output)
    articles = corpus.articles
    if not articles:
        results: list[dict] = []
        chosen = 0
        for table in TABLES[1:]:
            _write_part(output, table, [], index=0)
    else:
        with _open_client(scheduler, partitions=partitions, articles=len(articles)) as client:
            chosen = partitions or max(1, PARTITIONS_PER_THREAD * sum(client.nthreads().values()))
            chunks = split_partitions([(a.id, a.title, a.text) for a in articles], parts=chosen)
            chosen = len(chunks)
            data = client.scatter(chunks)
            futures = client.map(
                analyze_partition, data, [str(output)] * chosen, range(chosen), pure=False
            )
            results = client.gather(futures)
        _check_results(results, output)
    _write_part(output, "articles", [article_row(a) for a in articles], index=0)
    report = DaskReport(
        articles=len(articles),
        sentences=sum(r["sentences"] for r in results),
        keywords=sum(r["keywords"] for r in results),
        output_dir=output,
        seconds=0.0,
        partitions=chosen,
    )
    _write_manifest(output, report, corpus.errors)
    return replace(report, seconds=time.perf_counter() - began)


def load_dask_output(output_dir: str | Path, dictionary: ActorDictionary) -> Analysis:
    """Read a finished Dask run back into the tidy tables, matching actors with ``dictionary``.

    Sentences, compounds and keywords come from the Parquet files (no YAKE or VADER run);
    mentions are matched over the stored texts and labels computed with the current
    threshold, through the same :func:`components.engine.analysis.build_tables` as the local engine.
    """
    articles, texts, errors = read_dask_output(output_dir)
    return build_tables(articles, texts, dictionary, errors=errors)


def read_dask_output(output_dir: str | Path) -> tuple[list[Article], list[TextAnalysis], tuple[LoadError, ...]]:
    """The articles, their text analyses and the load errors of a finished Dask run (same order)."""
    output = Path(output_dir)
    manifest = read_manifest(output)
    tables = {table: pd.read_parquet(output / table) for table in TABLES}
    metadata = tables["articles"].astype(object)
    # Parquet nulls come back as NaN; the engine's articles carry None.
    articles = [_article_from_row(row) for row in metadata.where(metadata.notna(), None).to_dict("records")]
    if len(articles) != manifest["articles"]:
        raise DaskEngineError(
            f"{output}: manifest lists {manifest['articles']} articles, the articles table holds {len(articles)}"
        )
    sentences = _group_rows(tables["sentences"], "sentence", ["start", "end", "text", "compound"])
    keywords = _group_rows(tables["keywords"], "rank", ["keyword", "score"])
    words = dict(zip(tables["text_articles"]["article_id"], tables["text_articles"]["n_words"]))
    missing = [a.id for a in articles if a.id not in words]
    if missing:
        raise DaskEngineError(f"{output}: no text analysis for articles {', '.join(missing[:5])}")
    texts = [
        TextAnalysis(
            sentences=tuple((int(s), int(e), str(t), float(c)) for s, e, t, c in sentences.get(a.id, [])),
            keywords=tuple((str(k), float(score)) for k, score in keywords.get(a.id, [])),
            n_words=int(words[a.id]),
        )
        for a in articles
    ]
    errors = tuple(LoadError(e["path"], e["error"]) for e in manifest.get("errors", []))
    return articles, texts, errors


def read_manifest(output_dir: str | Path) -> dict:
    """Return the manifest of a finished Dask run; DaskEngineError if there is none or it is foreign."""
    path = Path(output_dir) / MANIFEST_NAME
    if not path.is_file():
        raise DaskEngineError(f"{output_dir}: no {MANIFEST_NAME}; not a finished Newsscope Dask run")
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("format") != OUTPUT_FORMAT or manifest.get("format_version") != OUTPUT_FORMAT_VERSION:
        raise DaskEngineError(
            f"{path}: format {manifest.get('format')!r} version {manifest.get('format_version')!r},"
            f" expected {OUTPUT_FORMAT!r} version {OUTPUT_FORMAT_VERSION}"
        )
    return manifest


def split_partitions(items: Sequence[Item], *, parts: int) -> list[list[Item]]:
    """Cut ``items`` into at most ``parts`` consecutive, non-empty runs whose sizes differ by at most one."""
    if parts < 1:
        raise ValueError(f"parts must be >= 1, got {parts}")
    count = min(parts, len(items))
    size, extra = divmod(len(items), count) if count else (0, 0)
    chunks, start = [], 0
    for index in range(count):
        end = start + size + (1 if index < extra else 0)
        chunks.append(list(items[start:end]))
        start = end
    return chunks


def analyze_partition(items: Sequence[tuple[str, str, str]], output_dir: str, index: int) -> dict:
    """Worker task: analyse (id, title, cleaned text) triples and write part ``index`` of the three text tables.

    Returns row counts, plus the worker's :func:`components.engine.textanalysis.analyzer_version` for the
    client to check against its own.
    """
    text_rows, sentence_rows, keyword_rows = [], [], []
    for article_id, title, text in items:
        result = analyze_text(text, title)
        text_rows.append({"article_id": article_id, "n_words": result.n_words, "n_sentences": len(result.sentences)})
        for number, (start, end, sentence, compound) in enumerate(result.sentences):
            sentence_rows.append(
                {"article_id": article_id, "sentence": number, "start": start, "end": end,
                 "text": sentence, "compound": compound}
            )
        for rank, (keyword, score) in enumerate(result.keywords, start=1):
            keyword_rows.append({"article_id": article_id, "keyword": keyword, "score": score, "rank": rank})
    output = Path(output_dir)
    _write_part(output, "text_articles", text_rows, index=index)
    _write_part(output, "sentences", sentence_rows, index=index)
    _write_part(output, "keywords", keyword_rows, index=index)
    return {
        "index": index, "articles": len(text_rows), "sentences": len(sentence_rows),
        "keywords": len(keyword_rows), "analyzer": analyzer_version(),
    }


def article_row(article: Article) -> dict:
    """One row of the articles table: the client-side metadata, lists as JSON."""
    return {
        "id": article.id, "title": article.title, "source": article.source,
        "published": article.published, "url": article.url, "path": article.path, "text": article.text,
        "authors": json.dumps(list(article.authors), ensure_ascii=False),
        "removed": json.dumps(list(article.removed), ensure_ascii=False),
        "removed_reasons": json.dumps(list(article.removed_reasons), ensure_ascii=False),
        "extra": json.dumps(dict(article.extra), ensure_ascii=False),
    }


def _article_from_row(row: dict) -> Article:
    return Article(
        id=row["id"], title=row["title"], text=row["text"], path=row["path"],
        source=row["source"], published=row["published"], url=row["url"],
        authors=tuple(json.loads(row["authors"])),
        removed=tuple(json.loads(row["removed"])),
        removed_reasons=tuple(json.loads(row["removed_reasons"])),
        extra=tuple(json.loads(row.get("extra") or "{}").items()),  # absent from outputs written before it
    )


def _group_rows(frame: pd.DataFrame, order: str, columns: list[str]) -> dict[str, list[tuple]]:
    """{article id: [tuple of ``columns``, ...]} in ``order`` (part files may come back in any order)."""
    ordered = frame.sort_values(["article_id", order], kind="stable")
    grouped: dict[str, list[tuple]] = {}
    for article_id, *values in ordered[["article_id", *columns]].itertuples(index=False, name=None):
        grouped.setdefault(article_id, []).append(tuple(values))
    return grouped


def _schemas() -> dict[str, pa.Schema]:
    import pyarrow as pa

    text = pa.string()
    return {
        "articles": pa.schema(
            [(name, text) for name in
             ("id", "title", "source", "published", "url", "path", "text", "authors", "removed", "removed_reasons",
              "extra")]
        ),
        "text_articles": pa.schema([("article_id", text), ("n_words", pa.int64()), ("n_sentences", pa.int64())]),
        "sentences": pa.schema(
            [("article_id", text), ("sentence", pa.int64()), ("start", pa.int64()), ("end", pa.int64()),
             ("text", text), ("compound", pa.float64())]
        ),
        "keywords": pa.schema(
            [("article_id", text), ("keyword", text), ("score", pa.float64()), ("rank", pa.int64())]
        ),
    }


def _write_part(output: Path, table: str, rows: list[dict], *, index: int) -> Path:
    """Write ``rows`` as ``output/table/part-NNNNN.parquet``, atomically (a retried task rewrites it whole)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise DaskEngineError(_INSTALL_HINT) from exc
    folder = output / table
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"part-{index:05d}.parquet"
    temporary = folder / f".{path.name}.{os.getpid()}.tmp"
    pq.write_table(pa.Table.from_pylist(rows, schema=_schemas()[table]), temporary)
    os.replace(temporary, path)
    return path


def _clear_output(output: Path) -> None:
    """Remove an earlier run's manifest and part files, so no stale part is read with the new ones."""
    (output / MANIFEST_NAME).unlink(missing_ok=True)
    for table in TABLES:
        for part in (output / table).glob("part-*.parquet"):
            part.unlink()


@contextmanager
def _open_client(scheduler: str | None, *, partitions: int | None, articles: int) -> Iterator[Client]:
    """A client of the given scheduler, or of a LocalCluster on loopback that is closed with it."""
    try:
        from distributed import Client
    except ImportError as exc:
        raise DaskEngineError(_INSTALL_HINT) from exc
    if scheduler is not None:
        # Closing this client leaves the cluster running: it is not ours.
        with Client(scheduler, set_as_default=False) as client:
            yield client
        return
    workers = int(get_setting("workers")) or os.cpu_count() or 1  # type: ignore[arg-type]
    workers = max(1, min(workers, partitions or articles, articles))
    with start_local_cluster(workers=workers) as cluster, Client(cluster, set_as_default=False) as client:
        yield client


def start_local_cluster(*, workers: int) -> LocalCluster:
    """A LocalCluster of ``workers`` processes (one thread each) that listens on 127.0.0.1 only.

    There is no Bokeh dashboard. Distributed still gives the scheduler and each worker a small
    HTTP server (health, metrics); it goes on a random loopback port rather than 8787, so it
    never takes or collides with a dashboard's usual port. Use it as a context manager.
    """
    try:
        from distributed import LocalCluster
    except ImportError as exc:
        raise DaskEngineError(_INSTALL_HINT) from exc
    cluster = LocalCluster(
        host="127.0.0.1", n_workers=workers, threads_per_worker=1, processes=True,
        dashboard_address=None, scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
        silence_logs=logging.ERROR,
    )
    # Workers register with the scheduler on their own time (on a busy machine, seconds after
    # the cluster object exists): hand out the cluster only once all of them have.
    try:
        cluster.wait_for_workers(workers, timeout=WORKER_START_SECONDS)
    except BaseException:
        cluster.close()
        raise
    return cluster


def _check_results(results: list[dict], output: Path) -> None:
    """Fail when a worker analysed differently (version, settings, libraries) or wrote where the client cannot read."""
    expected = analyzer_version()
    for result in results:
        if result["analyzer"] != expected:
            raise DaskEngineError(
                f"a worker's analyzer differs from the client's: {_version_difference(expected, result['analyzer'])};"
                " install the same Newsscope checkout and libraries on every worker and set the same NEWSSCOPE_* variables"
            )
        for table in TABLES[1:]:
            if not (output / table / f"part-{result['index']:05d}.parquet").is_file():
                raise DaskEngineError(
                    f"a worker wrote {table} part {result['index']} but it is not in {output}:"
                    " output_dir must be on a filesystem the client and every worker share, at the same path"
                )


def _version_difference(client: str, worker: str) -> str:
    """The parts of two analyzer versions ("name=value;...") that differ, in plain words."""
    mine = dict(part.partition("=")[::2] for part in client.split(";"))
    theirs = dict(part.partition("=")[::2] for part in worker.split(";"))
    names = [name for name in {**mine, **theirs} if mine.get(name) != theirs.get(name)]
    return ", ".join(f"{name} (client {mine.get(name)}, worker {theirs.get(name)})" for name in names)


def _write_manifest(output: Path, report: DaskReport, errors: Sequence[LoadError]) -> None:
    manifest = {
        "format": OUTPUT_FORMAT,
        "format_version": OUTPUT_FORMAT_VERSION,
        "analyzer": {"name": "newsscope", "version": __version__, "analyzer_version": analyzer_version()},
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "articles": report.articles,
        "sentences": report.sentences,
        "keywords": report.keywords,
        "partitions": report.partitions,
        "tables": list(TABLES),
        "errors": [{"path": e.path, "error": e.error} for e in errors],
    }
    output.mkdir(parents=True, exist_ok=True)
    (output / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
