"""The dashboard's cached entry points: thin streamlit caches around the pure engine.

Two levels, so that a click never re-runs YAKE or VADER and a new actor dictionary only
re-matches actors: text analyses are cached by content, tables by content + dictionary.
The bundled corpus and a store are cached globally (the same for every visitor); uploads
never come here: :func:`components.panels.analyze_uploads` keeps them in the session's own
``st.session_state``, so one visitor's upload never reaches another.
``st.cache_resource`` rather than ``st.cache_data``: the tables are never mutated (the code
returns new frames), and cache_data would unpickle a fresh copy on every rerun, which at
10,000 articles costs more than the whole click.
"""

from __future__ import annotations

import streamlit as st

from components.actors import ActorDictionary, parse_actor_dictionary
from components.analysis import Analysis, TextAnalysis, analyze_text, build_tables
from components.corpus import Corpus, load_corpus
from components.store import AnalysisStore

@st.cache_resource(show_spinner="Analysing the bundled articles…")
def bundled_text_analyses() -> tuple[Corpus, tuple[TextAnalysis, ...]]:
    corpus = load_corpus()
    return corpus, tuple(analyze_text(a.text) for a in corpus.articles)


@st.cache_resource(show_spinner=False, max_entries=8)
def bundled_analysis(dictionary_toml: str) -> Analysis:
    corpus, texts = bundled_text_analyses()
    return build_tables(corpus.articles, texts, _dictionary(dictionary_toml), errors=corpus.errors)


def _dictionary(dictionary_toml: str) -> ActorDictionary:
    # The caller has validated this TOML already; parsing is cheap next to the analysis.
    return parse_actor_dictionary(dictionary_toml)


@st.cache_resource(show_spinner="Opening the analysis store…")
def open_store(path: str) -> AnalysisStore:
    """One store connection per server process, shared by every session (reads are locked)."""
    return AnalysisStore.open(path)


@st.cache_resource(show_spinner=False, max_entries=4)
def store_outdated(path: str) -> int:
    """How many stored articles an older analyzer made (checked once per server; cleared after an update)."""
    return open_store(path).outdated()


@st.cache_resource(show_spinner="Reading the analysis store…", max_entries=4)
def store_analysis(path: str, dictionary_toml: str) -> Analysis:
    """The store's tables without article texts (the reader fetches one text at a time)."""
    return open_store(path).load_analysis(_dictionary(dictionary_toml), with_text=False)


@st.cache_data(show_spinner=False, max_entries=256)
def store_search(path: str, needle: str, whole_word: bool) -> set[str]:
    return open_store(path).search_text(needle, whole_word)


@st.cache_resource(show_spinner="Reading the Parquet tables…", max_entries=4)
def parquet_analysis(path: str, dictionary_toml: str) -> Analysis:
    from components.distributed import load_dask_output

    return load_dask_output(path, _dictionary(dictionary_toml))
