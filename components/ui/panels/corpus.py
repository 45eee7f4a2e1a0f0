"""Sidebar: the corpus: the server's base corpus and/or this visitor's uploads."""

from __future__ import annotations

import streamlit as st

from components.ingest.readers import SUPPORTED_SUFFIXES
from components.ui.corpus import (
    DataSource,
    SessionCorpus,
    base_label,
    session_corpus,
    uploads_digest,
)
from components.ui.session import UPLOAD_DIGEST_KEY
from components.ui.sharing import (
    INCLUDE_BASE_KEY,
    render_share_control,
    render_share_problem,
    shared_files,
)
from components.ui.widgets import md_escape


def render_corpus_panel(box, dictionary_toml: str, base: DataSource) -> SessionCorpus:
    """Choose the corpus (the base source and/or uploads) and return its tables and source."""
    box.subheader("Corpus")
    uploads = box.file_uploader(
        "Your articles",
        type=[s.lstrip(".") for s in SUPPORTED_SUFFIXES],
        accept_multiple_files=True,
        key="ns_corpus_upload",
        help="Text, Markdown, HTML, CSV, JSON Lines, JSON or zip. Uploads stay in your session only,"
        " unless you click \"Share this corpus\".",
    )
    st.session_state.setdefault(INCLUDE_BASE_KEY, True)  # a shared corpus's link may have set it
    include_base = box.checkbox(f"Include {md_escape(base_label(base))}", key=INCLUDE_BASE_KEY)
    files = shared_files() + tuple((f.name, f.getvalue()) for f in uploads or ())
    render_share_problem()
    corpus = session_corpus(base, files, include_base=include_base, dictionary_toml=dictionary_toml)
    digest = uploads_digest(files)
    st.session_state[UPLOAD_DIGEST_KEY] = digest
    render_share_control(box, files, include_base=include_base, analysed=digest is not None)
    errors = corpus.analysis.errors
    if errors:
        with box.expander(f"Problems reading {len(errors):,} file(s) or row(s)", expanded=True):
            for error in errors:
                st.error(f"{md_escape(error.path)}: {md_escape(error.error)}")
    return corpus
