"""The corpus a session sees: the server's base source, plus the visitor's uploads.

:func:`source_from_argv` reads which base source the server was started with; the base's
tables come from :mod:`components.ui.cache` (shared), the uploads' from this session's
``st.session_state`` (never shared). Slow work shows a progress bar with the time left.
"""

from __future__ import annotations

import argparse
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from components.engine import jobs
from components.engine.analysis import (
    ARTICLE_COLUMNS,
    KEYWORD_COLUMNS,
    MENTION_COLUMNS,
    SENTENCE_COLUMNS,
    Analysis,
)
from components.engine.jobs import AnalysisJob
from components.engine.sources import (
    CombinedSource,
    CorpusSource,
    FilesSource,
    combine_analyses,
)
from components.engine.store import StoreError
from components.engine.textanalysis import TextAnalysis
from components.ingest.corpus import Corpus, load_uploads, upload_budget_error
from components.language.actors import parse_actor_dictionary
from components.settings import get_setting
from components.ui import cache
from components.ui.widgets import md_escape

JOB_KEY = "ns_upload_job"
DISABLED_RULES_KEY = "ns_cleaning_disabled"
"""Session state: the names of the cleaning rules switched off for this session's uploads
(a frozenset, set by :func:`components.ui.panels.cleaning.render_cleaning_panel`)."""
RETRY_KEY = "ns_upload_retry_asked"
WATCH_SECONDS = 1.0  # how often the page of a running upload analysis is redrawn
INLINE_CHARS = 50_000
"""Uploads with less text than this (about half a second of work) are analysed at once."""


@dataclass(frozen=True)
class DataSource:
    """Which base corpus the server shows: the bundled seeds, an analysis store, or Dask Parquet output."""

    kind: str = "bundled"  # "bundled" | "store" | "parquet"
    path: str = ""


def source_from_argv(argv: list[str]) -> DataSource:
    """Read ``streamlit run dashboard.py -- [--store [FILE] | --parquet DIR]`` (pure).

    Other arguments are ignored (under AppTest, ``sys.argv`` is pytest's); bad usage of these
    two raises SystemExit with argparse's message.
    """
    parser = argparse.ArgumentParser(prog="streamlit run dashboard.py --")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--store", nargs="?", const=str(get_setting("store_path")), metavar="FILE")
    group.add_argument("--parquet", metavar="DIR")
    args, _ = parser.parse_known_args(argv)
    if args.store:
        return DataSource("store", args.store)
    if args.parquet:
        return DataSource("parquet", args.parquet)
    return DataSource()


@dataclass(frozen=True)
class SessionCorpus:
    """What this session analyses: the tables, and the source that answers for texts and searches."""

    analysis: Analysis
    source: CorpusSource


def base_label(base: DataSource) -> str:
    try:
        return cache.base_source(base.kind, base.path).label
    except (StoreError, OSError):  # said by base_analysis; the label needs no path
        return f"{base.kind} {Path(base.path).name}"


def _base_source(base: DataSource) -> CorpusSource:
    """The base source, or an empty one when it cannot be opened (base_analysis says why)."""
    try:
        return cache.base_source(base.kind, base.path)
    except (StoreError, OSError):
        return FilesSource(Corpus(articles=()), label=base_label(base))


def session_corpus(base: DataSource, files: tuple[tuple[str, bytes], ...], *, include_base: bool, dictionary_toml: str) -> SessionCorpus:
    """The base corpus and/or the uploaded ``files`` (name, bytes), analysed with this dictionary.
    While an upload is being analysed (or was refused), the base corpus alone is shown."""
    source = _base_source(base)
    uploads = analyze_uploads(files, dictionary_toml) if files else None
    if uploads is None:
        return SessionCorpus(base_analysis(base, dictionary_toml), source)
    if not include_base:
        return uploads
    analysis = combine_analyses(base_analysis(base, dictionary_toml), uploads.analysis)
    return SessionCorpus(analysis, CombinedSource(source, uploads.source))


def base_analysis(base: DataSource, dictionary_toml: str) -> Analysis:
    """The base corpus's tables, after analysing what it needs first (a store's outdated articles).

    A store that cannot be read (locked, damaged, on a read-only disk, newer) gives empty tables
    and a plain message, never a traceback or a path; the operator's notes (a damaged file moved
    aside, a migration) are shown on every page until the server restarts.
    """
    try:
        stamp = cache.base_stamp(base.kind, base.path)
        _show_notes(base)
        _prepare_base(base, stamp)
        return cache.base_tables(base.kind, base.path, dictionary_toml, stamp)
    except (StoreError, OSError) as exc:
        st.error(md_escape(store_problem(exc, base.path)))
        return empty_analysis()


def _without_folder(text: str, path: str) -> str:
    """``text`` with the store's path, as given or resolved, cut to the file's name."""
    name = Path(path).name
    return text.replace(str(Path(path).resolve()), name).replace(str(path), name)


def store_problem(exc: BaseException, path: str) -> str:
    """A store error for a visitor: what went wrong, with the file's name and no folder."""
    return f"The analysis store cannot be read right now, so its articles are not shown: {_without_folder(str(exc), path)}"


def _show_notes(base: DataSource) -> None:
    source = cache.base_source(base.kind, base.path)
    for note in getattr(source, "notes", ()):  # found once per server start; shown to every visitor
        st.warning(md_escape(store_problem_note(note, base.path)), icon="🗄️")


def store_problem_note(note: str, path: str) -> str:
    """An operator's note about the store, with the file's name instead of its path."""
    return "Analysis store: " + _without_folder(note, path)


def _prepare_base(base: DataSource, stamp: object) -> None:
    """Re-analyse, with progress, stored articles an older Newsscope (or other settings) analysed:
    without this they would silently be missing from the dashboard."""
    count = cache.base_pending(base.kind, base.path, stamp)
    if not count:
        return
    failed = st.session_state.get("ns_store_update_failed")
    if failed:  # tried once in this session: say so, do not redo the work on every click
        st.warning(f"{count:,} stored article(s) an older Newsscope analysed are left out: {md_escape(failed)}")
        return
    with st.status(f"Updating {count:,} stored article(s) analysed by an older Newsscope or other settings…", expanded=True) as status:
        try:
            notes = cache.base_source(base.kind, base.path).prepare(progress=progress_bar())
        except StoreError as exc:
            message = store_problem(exc, base.path).split(": ", 1)[1]
            st.session_state["ns_store_update_failed"] = message
            status.update(label=f"Could not update the store: {md_escape(message)}", state="error")
            return
        status.update(label=md_escape("; ".join(notes)), state="complete", expanded=False)
    cache.base_pending.clear()
    cache.base_tables.clear()


def empty_analysis() -> Analysis:
    """Tables with no article (a store that cannot be read)."""
    return Analysis(
        articles=pd.DataFrame(columns=ARTICLE_COLUMNS), sentences=pd.DataFrame(columns=SENTENCE_COLUMNS),
        mentions=pd.DataFrame(columns=MENTION_COLUMNS), keywords=pd.DataFrame(columns=KEYWORD_COLUMNS),
    )


def _files_digest(files: tuple[tuple[str, bytes], ...]) -> str:
    digest = hashlib.sha256()
    for name, data in files:
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()


def uploads_digest(files: tuple[tuple[str, bytes], ...]) -> str | None:
    """16 hex digits naming the uploaded files once their analysis is in the corpus (None before,
    and with no upload): a shared link carries it, so a view opened without them can say so."""
    cached = st.session_state.get("ns_upload_analysis")
    if not files or cached is None or cached[0][0] != _files_digest(files):
        return None
    return cached[0][0][:16]


def analyze_uploads(files: tuple[tuple[str, bytes], ...], dictionary_toml: str) -> SessionCorpus | None:
    """Analyse uploaded files in this session only; None while that is under way or was refused.

    Text analyses are kept per article id in ``st.session_state`` (never a global cache), so
    adding a file analyses only the new articles and a new dictionary re-matches actors only.
    The upload is checked against the upload and session budgets before any analysis; a large
    one is analysed off the script thread (:class:`~components.engine.jobs.AnalysisJob`), with
    its progress, the time left and a Stop button, while the page stays usable. The uploads are
    cleaned without the rules named in ``st.session_state[DISABLED_RULES_KEY]``.
    """
    disabled = frozenset(st.session_state.get(DISABLED_RULES_KEY, frozenset()))
    digest = hashlib.sha256("\0".join(sorted(disabled)).encode())
    for name, data in files:
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    key = (digest.hexdigest(), hashlib.sha256(dictionary_toml.encode()).hexdigest())
    cached = st.session_state.get("ns_upload_analysis")
    if cached is not None and cached[0] == key:
        return cached[1]
    analysed: dict[str, TextAnalysis] = st.session_state.setdefault("ns_upload_texts", {})
    corpus = load_uploads(files, disabled=disabled)
    fresh = [a for a in corpus.articles if a.id not in analysed]
    refusal = upload_budget_error(
        Corpus(articles=tuple(fresh)),
        session_articles=len(analysed),
        session_chars=st.session_state.get("ns_upload_chars", 0),
    )
    if refusal is not None:
        st.error(md_escape(refusal))
        return None
    if fresh and not _analyse(fresh, analysed, key[0]):
        return None
    source = FilesSource(corpus, label="your uploads", analysed=analysed)
    result = SessionCorpus(source.tables(parse_actor_dictionary(dictionary_toml)), source)
    st.session_state["ns_upload_analysis"] = (key, result)
    return result


def _analyse(articles: list, analysed: dict[str, TextAnalysis], files_key: str) -> bool:
    """Analyse ``articles`` into ``analysed``; True when done, False while under way or stopped."""
    total_chars = sum(len(a.text) for a in articles)
    if total_chars < INLINE_CHARS:  # a few articles: at once, on this thread
        with st.status(f"Analysing {len(articles):,} uploaded article(s)…", expanded=True) as status:
            source = FilesSource(Corpus(articles=tuple(articles)), analysed=analysed, workers=1)
            source.prepare(progress=progress_bar())
            status.update(label=f"Analysed {len(articles):,} uploaded article(s)", state="complete", expanded=False)
        st.session_state["ns_upload_chars"] = st.session_state.get("ns_upload_chars", 0) + total_chars
        return True
    job: AnalysisJob | None = st.session_state.get(JOB_KEY)
    if job is not None and job.key != files_key:
        job.cancel()  # the files changed: that analysis is not wanted any more
    retry = job is not None and job.state in (jobs.CANCELLED, jobs.FAILED) and st.session_state.pop(RETRY_KEY, False)
    if job is None or job.key != files_key or retry:
        job = AnalysisJob([(a.id, a.title, a.text) for a in articles], key=files_key)
        st.session_state[JOB_KEY] = job
    analysed.update(job.results)
    if job.state == jobs.DONE:
        st.session_state.pop(JOB_KEY, None)
        st.session_state["ns_upload_chars"] = st.session_state.get("ns_upload_chars", 0) + job.chars
        return True
    _job_panel(job)
    return False


def _job_panel(job: AnalysisJob) -> None:
    """The job's progress (the page reruns every second while it runs: :func:`watch_running_job`)
    and its Stop button."""
    job.touch()  # the page is open: keep going
    done, total = job.progress
    if job.state == jobs.RUNNING:
        elapsed = time.monotonic() - job.started
        left = elapsed / done * (total - done) if done else 0.0
        st.progress(done / total, text=f"Analysing your upload: {done:,} of {total:,} articles, about {left:.0f} s left")
        if st.button("Stop", key="ns_upload_stop", help="Stop analysing; what is done is kept"):
            job.cancel()
            job.wait(timeout=5)
            st.rerun()
        return
    if job.state == jobs.CANCELLED:
        st.warning(f"Stopped after {done:,} of {total:,} articles; they are kept. Analyse the rest to see your upload.")
    else:
        st.error(f"The analysis of your upload failed: {md_escape(job.error or 'unknown error')}")
    if st.button("Analyse the rest", key="ns_upload_retry"):
        st.session_state[RETRY_KEY] = True
        st.rerun()


def watch_running_job() -> None:
    """At the end of a run: while this session's upload is analysed, run the page again in a
    second, so its progress moves and the upload appears when done. Only this session's own
    script thread waits; other visitors are not affected."""
    job: AnalysisJob | None = st.session_state.get(JOB_KEY)
    if job is not None and job.state == jobs.RUNNING:
        job.touch()
        job.wait(timeout=WATCH_SECONDS)
        st.rerun()


def progress_bar() -> Callable[[int, int], None]:
    """A progress bar here, and the ``progress(done, total)`` callback that moves it with the time left."""
    bar = st.progress(0.0)
    started = time.monotonic()

    def show(finished: int, total: int) -> None:
        left = (time.monotonic() - started) / finished * (total - finished) if finished else 0.0
        bar.progress(finished / total, text=f"{finished:,} of {total:,} articles, about {left:.0f} s left")

    return show
