"""In context: every sentence of the selection with the active actor, keyword or pair; a click
opens that sentence in the reader."""

from __future__ import annotations

import streamlit as st

from components.ui.session import KWIC_KEY, rows_key
from components.ui.widgets import generation_key, titles_of
from components.views.context import build_context_table, keyword_in_context
from components.views.selection import Views
from components.views.viewstate import ViewState


def render_kwic_panel(state: ViewState, views: Views) -> None:
    """Keyword in context: every sentence of the selection with the active actor/keyword/pair."""
    st.subheader("In context")
    context = keyword_in_context(views.selection.sentences, views.selection.mentions, state, article_texts=views.article_texts)
    if context.empty:
        st.session_state[rows_key(KWIC_KEY)] = []
        st.caption("Select an actor, a keyword or a co-occurrence cell to list its sentences here.")
        return
    titles = titles_of(views.analysis.articles, context["article_id"].unique())
    st.session_state[rows_key(KWIC_KEY)] = list(zip(context["article_id"], context["sentence"].astype(int)))
    table = build_context_table(context, titles)
    st.caption(f"{len(context):,} sentence(s); click one to open it in the reader.")
    st.dataframe(
        table, key=generation_key(KWIC_KEY), on_select="rerun",
        selection_mode="single-row", hide_index=True, height=360,
        column_order=["left", "match", "right", "sentiment", "article", "#"],
        column_config={
            "left": st.column_config.TextColumn("", alignment="right", width="medium"),
            "match": st.column_config.TextColumn("match", width="small"),
            "right": st.column_config.TextColumn("", width="medium"),
            "article": st.column_config.TextColumn(width="small"),
        },
    )
