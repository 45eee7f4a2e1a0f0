"""The concordance: every hit of the selected actor, keyword or pair, or of a typed word or
phrase, as left context, the hit and right context, with its article; a click opens that sentence
in the reader."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.ui.session import KWIC_KEY, VIEW_WIDGETS, rows_key
from components.ui.widgets import generation_key, md_escape
from components.views.context import (
    build_context_table,
    context_query,
    keyword_in_context,
)
from components.views.selection import Views
from components.views.viewstate import CHOICES, ViewState

PAGE_LINES = 50  # concordance lines per page
MAX_HITS = 2_000  # hits found at most (the count says when there are more)
SORT_LABELS = {"order": "reading order", "left": "left word", "right": "right word", "date": "date"}


def render_kwic_panel(state: ViewState, views: Views) -> None:
    """The concordance of the selection."""
    st.subheader("In context")
    find, sort = st.columns([3, 2])
    find.text_input(
        "Find in context", key=VIEW_WIDGETS["find"], placeholder="a word or phrase; sanction* for any ending",
        help="Literal, any case, whole words; a trailing * matches any ending. Hits are highlighted in the reader too.",
    )
    sort.radio(
        "Sort by", CHOICES["sort"], key=VIEW_WIDGETS["sort"], horizontal=True, format_func=SORT_LABELS.get,
    )
    context = views.of_selection(
        ("context", state.find),
        lambda f: keyword_in_context(f.sentences, f.mentions, state, article_texts=views.article_texts, limit=MAX_HITS),
    )
    if context.empty:
        st.session_state[rows_key(KWIC_KEY)] = []
        query = context_query(state)
        if query:
            st.caption(f"No sentence of the selection holds “{md_escape(query)}”.")
        else:
            st.caption("Select an actor, a keyword or a co-occurrence cell, or type a word, to list its sentences here.")
        return
    table = views.of_selection(("context lines", state.find, state.sort), lambda _: build_context_table(context, views.analysis.articles, sort=state.sort))
    pages = max(1, -(-len(table) // PAGE_LINES))
    page = 1
    more = "+" if len(context) >= MAX_HITS else ""
    if pages > 1:
        page = int(st.number_input(f"Page (of {pages:,})", min_value=1, max_value=pages, value=1, key="ns_kwic_page"))
    shown = table.iloc[(page - 1) * PAGE_LINES : page * PAGE_LINES].reset_index(drop=True)
    st.session_state[rows_key(KWIC_KEY)] = list(zip(shown["article_id"], shown["sentence"]))
    sentences = len(context[["article_id", "sentence"]].drop_duplicates())
    hits, articles = len(context), context["article_id"].nunique()
    first, last = (page - 1) * PAGE_LINES + 1, (page - 1) * PAGE_LINES + len(shown)
    st.caption(
        f"{sentences:,}{md_escape(more)} sentence(s); click one to open it in the reader. {hits:,}{md_escape(more)}"
        f" hit(s) in {articles:,} article(s); lines {first:,} to {last:,} shown."
    )
    st.dataframe(
        _highlighted(shown), key=generation_key(KWIC_KEY), on_select="rerun",
        selection_mode="single-row", hide_index=True, height=38 + 35 * min(len(shown), 12),
        column_order=["left", "match", "right", "title", "source", "date"],
        column_config={
            "left": st.column_config.TextColumn("", width="large", alignment="right"),
            "match": st.column_config.TextColumn("hit", width=110, alignment="center"),
            "right": st.column_config.TextColumn("", width="large"),
            "title": st.column_config.TextColumn("article", width="medium"),
            "source": st.column_config.TextColumn(width="small"),
            "date": st.column_config.TextColumn(width="small"),
        },
    )


def _highlighted(table: pd.DataFrame):
    """The lines with the left context right-aligned and the hit highlighted, so hits line up."""
    return (
        table.style.set_properties(subset=["left"], **{"text-align": "right"})
        .set_properties(subset=["match"], **{"background-color": "#ffe58a", "font-weight": "600", "text-align": "center"})
    )
