"""The dashboard's cached entry points: thin streamlit caches around the corpus sources.

The base corpus (the bundled articles, a store or Parquet output) is opened once per server
and its tables are cached per actor dictionary, so a click never re-runs YAKE or VADER and a
new dictionary only re-matches actors. These caches are global (the same for every visitor);
uploads never come here: :mod:`components.ui.corpus` keeps them in the session's own
``st.session_state``, so one visitor's upload never reaches another.
``st.cache_resource`` rather than ``st.cache_data``: the tables are never mutated (the code
returns new frames), and cache_data would unpickle a fresh copy on every rerun, which at
10,000 articles costs more than the whole click.
"""

from __future__ import annotations

import streamlit as st

from components.engine.analysis import Analysis
from components.engine.sources import (
    CorpusSource,
    FilesSource,
    StoreSource,
    parquet_source,
)
from components.language.actors import parse_actor_dictionary


@st.cache_resource(show_spinner="Analysing the bundled articles…")
def _bundled_source() -> CorpusSource:
    source = FilesSource.from_paths(None)
    source.prepare()
    return source


@st.cache_resource(show_spinner="Opening the analysis store…")
def _store_source(path: str) -> StoreSource:
    """The store, checked once per server process; every read opens it read-only for itself."""
    return StoreSource.at(path)


@st.cache_resource(show_spinner="Reading the Parquet tables…")
def _parquet_source(path: str) -> CorpusSource:
    return parquet_source(path)


def base_source(kind: str, path: str) -> CorpusSource:
    """The server's base corpus: ``kind`` "bundled", "store" (``path``: the DuckDB file) or
    "parquet" (``path``: a Dask run's output folder)."""
    if kind == "store":
        return _store_source(path)
    if kind == "parquet":
        return _parquet_source(path)
    return _bundled_source()


def base_stamp(kind: str, path: str) -> object:
    """What changes when the base corpus does: a store's file (another process may add to it)."""
    source = base_source(kind, path)
    return source.stamp() if isinstance(source, StoreSource) else None


@st.cache_resource(show_spinner=False, max_entries=4)
def base_pending(kind: str, path: str, stamp: object) -> int:
    """Articles the base source would analyse first (checked again when the store changes)."""
    return base_source(kind, path).pending()


@st.cache_resource(show_spinner="Reading the tables…", max_entries=8)
def base_tables(kind: str, path: str, dictionary_toml: str, stamp: object) -> Analysis:
    """The base corpus's tables with this dictionary; a store's hold no texts (fetched one at a
    time), and are read again when the store's file changes (``stamp``)."""
    # The caller has validated this TOML already; parsing is cheap next to the tables.
    return base_source(kind, path).tables(parse_actor_dictionary(dictionary_toml))
