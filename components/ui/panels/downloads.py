"""Downloads: the selection's mentions, keywords, sentences and quotes as CSV (each row with its
article's metadata and the user's own columns), and the analysis as JSON."""

from __future__ import annotations

from functools import partial

import streamlit as st

from components.engine.analysis import Analysis
from components.ui.widgets import md_escape
from components.views.context import fill_sentence_texts
from components.views.quotes import quote_table
from components.views.report import (
    report_json,
    to_csv,
    with_article_metadata,
    with_user_columns,
)
from components.views.selection import Views


def render_downloads(views: Views) -> None:
    """CSV of the mentions, keywords, sentences and quotes and the analysis as JSON, as filtered; and
    the whole corpus's analysis as JSON.

    The files are built when a button is clicked (``data`` is a callable), not on every rerun:
    at 10,000 articles building them costs more than the rest of the page.
    """
    selection = views.selection
    st.subheader("Download the current selection")
    cols = st.columns(5)
    quotes = views.quotes
    csv_files = {
        "mentions": lambda: to_csv(with_article_metadata(selection.mentions, selection.articles)),
        "keywords": lambda: to_csv(with_article_metadata(selection.keywords, selection.articles)),
        "sentences": lambda: to_csv(
            with_article_metadata(fill_sentence_texts(selection.sentences, views.article_texts), selection.articles)
        ),
        "quotes": lambda: to_csv(
            with_user_columns(quote_table(quotes, selection.articles, selection.mentions), selection.articles)
        ),
    }
    for col, (name, build) in zip(cols, csv_files.items()):
        col.download_button(
            md_escape(f"{name}.csv"), build, file_name=f"newsscope-{name}.csv", mime="text/csv",
            key=f"ns_dl_{name}", width="stretch", on_click="ignore",
        )
    analysis = Analysis(
        selection.articles, selection.sentences, selection.mentions, selection.keywords, views.analysis.errors, quotes
    )
    cols[4].download_button(
        "analysis.json", partial(report_json, analysis, views.article_texts), file_name="newsscope-analysis.json",
        mime="application/json", key="ns_dl_json", width="stretch", on_click="ignore",
    )
    whole = views.analysis
    st.download_button(
        f"The whole corpus: analysis.json ({len(whole.articles):,} articles, whatever is selected)",
        partial(report_json, whole, views.article_texts), file_name="newsscope-corpus.json",
        mime="application/json", key="ns_dl_corpus", on_click="ignore",
    )
