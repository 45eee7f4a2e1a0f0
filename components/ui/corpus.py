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

import streamlit as st

from components.engine.analysis import Analysis
from components.engine.sources import (
    CombinedSource,
    CorpusSource,
    FilesSource,
    combine_analyses,
)
from components.engine.store import StoreError
from components.ingest.corpus import load_uploads
from components.language.actors import parse_actor_dictionary
from components.settings import get_setting
from components.ui import cache
from components.ui.widgets import md_escape


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
    return cache.base_source(base.kind, base.path).label


def session_corpus(base: DataSource, files: tuple[tuple[str, bytes], ...], *, include_base: bool, dictionary_toml: str) -> SessionCorpus:
    """The base corpus and/or the uploaded ``files`` (name, bytes), analysed with this dictionary."""
    source = cache.base_source(base.kind, base.path)
    if not files:
        return SessionCorpus(base_analysis(base, dictionary_toml), source)
    uploads = analyze_uploads(files, dictionary_toml)
    if not include_base:
        return uploads
    analysis = combine_analyses(base_analysis(base, dictionary_toml), uploads.analysis)
    return SessionCorpus(analysis, CombinedSource(source, uploads.source))


def base_analysis(base: DataSource, dictionary_toml: str) -> Analysis:
    """The base corpus's tables, after analysing what it needs first (a store's outdated articles)."""
    _prepare_base(base)
    return cache.base_tables(base.kind, base.path, dictionary_toml)


def _prepare_base(base: DataSource) -> None:
    """Re-analyse, with progress, stored articles an older Newsscope (or other settings) analysed:
    without this they would silently be missing from the dashboard."""
    count = cache.base_pending(base.kind, base.path)
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
            st.session_state["ns_store_update_failed"] = str(exc)
            status.update(label=f"Could not update the store: {exc}", state="error")
            return
        status.update(label="; ".join(notes), state="complete", expanded=False)
    cache.base_pending.clear()
    cache.base_tables.clear()


def analyze_uploads(files: tuple[tuple[str, bytes], ...], dictionary_toml: str) -> SessionCorpus:
    """Analyse uploaded files in this session only, showing articles done / total and time left.

    Text analyses are kept per article id in ``st.session_state`` (never a global cache), so
    adding a file analyses only the new articles and a new dictionary re-matches actors only.
    """
    digest = hashlib.sha256()
    for name, data in files:
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    key = (digest.hexdigest(), hashlib.sha256(dictionary_toml.encode()).hexdigest())
    cached = st.session_state.get("ns_upload_analysis")
    if cached is not None and cached[0] == key:
        return cached[1]
    source = FilesSource(
        load_uploads(files), label="your uploads", analysed=st.session_state.setdefault("ns_upload_texts", {})
    )
    count = source.pending()
    if count:
        with st.status(f"Analysing {count:,} uploaded article(s)…", expanded=True) as status:
            source.prepare(progress=progress_bar())
            status.update(label=f"Analysed {count:,} uploaded article(s)", state="complete", expanded=False)
    corpus = SessionCorpus(source.tables(parse_actor_dictionary(dictionary_toml)), source)
    st.session_state["ns_upload_analysis"] = (key, corpus)
    return corpus


def progress_bar() -> Callable[[int, int], None]:
    """A progress bar here, and the ``progress(done, total)`` callback that moves it with the time left."""
    bar = st.progress(0.0)
    started = time.monotonic()

    def show(finished: int, total: int) -> None:
        left = (time.monotonic() - started) / finished * (total - finished) if finished else 0.0
        bar.progress(finished / total, text=f"{finished:,} of {total:,} articles, about {left:.0f} s left")

    return show
