"""The concordance: every hit of the selected actor, keyword or pair, or of a typed word or
phrase, as left context, the hit and right context, with its article; a click opens that sentence
in the reader."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.ui.session import KWIC_KEY, VIEW_WIDGETS, rows_key
from components.ui.widgets import generation_key, md_escape
from components.views.context import (
    context_query,
)
from components.views.selection import CONTEXT_HITS, Views
from components.views.viewstate import CHOICES, ViewState

PAGE_LINES = 50  # concordance lines per page
# Column widths (px) that fit the main area at 1280 x 720 with the sidebar open (about 820 px, the
# row checkboxes included); on a wider screen streamlit shares the spare width among the columns.
LINE_WIDTH = 760
ARTICLE_WIDTH = 180
HIT_WIDTH = (60, 170)  # the hit column's width grows with the page's longest hit, within these
SORT_LABELS = {"order": "reading order", "left": "left word", "right": "right word", "date": "date"}


def render_kwic_panel(state: ViewState, views: Views) -> None:
    """The concordance of the selection."""
    st.subheader("In context")
    find, sort = st.columns(2)  # the sort radio on one line at 1280 px
    find.text_input(
        "Find in context", key=VIEW_WIDGETS["find"], placeholder="a word or phrase; sanction* for any ending",
        help="Literal, any case, whole words; a trailing * matches any ending. Hits are highlighted in the reader too.",
    )
    sort.radio(
        "Sort by", CHOICES["sort"], key=VIEW_WIDGETS["sort"], horizontal=True, format_func=SORT_LABELS.get,
    )
    context = views.context()
    if context.empty:
        st.session_state[rows_key(KWIC_KEY)] = []
        query = context_query(state)
        if query:
            st.caption(f"No sentence of the selection holds “{md_escape(query)}”.")
        else:
            st.caption("Select an actor, a keyword or a co-occurrence cell, or type a word, to list its sentences here.")
        return
    table = views.context_lines()
    pages = max(1, -(-len(table) // PAGE_LINES))
    page = 1
    more = "+" if len(context) >= CONTEXT_HITS else ""
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
    widths = concordance_widths(int(shown["match"].str.len().max()))
    st.dataframe(
        _highlighted(shown.assign(left=shown["left"].map(lambda t: clip_left(t, widths["left"])), article=article_labels(shown))),
        key=generation_key(KWIC_KEY), on_select="rerun",
        selection_mode="single-row", hide_index=True, height=38 + 35 * min(len(shown), 12),
        column_order=["left", "match", "right", "article"],
        column_config={
            "left": st.column_config.TextColumn("", width=widths["left"], alignment="right"),
            "match": st.column_config.TextColumn("hit", width=widths["match"], alignment="center"),
            "right": st.column_config.TextColumn("", width=widths["right"]),
            "article": st.column_config.TextColumn(
                "date · source · article", width=widths["article"], help="The article's date, source and title"
            ),
        },
    )


def concordance_widths(longest_hit: int) -> dict[str, int]:
    """Pixel widths of the concordance's columns for hits of at most ``longest_hit`` characters.

    They add up to :data:`LINE_WIDTH`, so the table fits a laptop's screen without scrolling
    sideways: the hit gets what it needs (within :data:`HIT_WIDTH`), the article
    :data:`ARTICLE_WIDTH`, and the two contexts share the rest. A context longer than its
    column is clipped at its far end, so the words next to the hit stay in view.
    """
    low, high = HIT_WIDTH
    hit = min(max(8 * longest_hit + 24, low), high)
    context = (LINE_WIDTH - ARTICLE_WIDTH - hit) // 2
    return {"left": context, "match": hit, "right": context, "article": ARTICLE_WIDTH}


def clip_left(text: str, width: int) -> str:
    """The end of a left context that a column ``width`` pixels wide shows whole.

    The table draws at most about a quarter of a cell's width in characters and drops the
    rest from the end, which for a right-aligned left context would be the words next to the
    hit; so the context is cut here, from its start."""
    chars = max(width // 4 - 6, 8)
    return text if len(text) <= chars else "…" + text[-(chars - 1):].lstrip()


def article_labels(lines: pd.DataFrame) -> pd.Series:
    """The article of each concordance line as "date · source · title": the short parts first,
    so a narrow column still shows them."""
    return lines["date"].astype(str) + " · " + lines["source"].astype(str) + " · " + lines["title"].astype(str)


def _highlighted(table: pd.DataFrame):
    """The lines with the left context right-aligned and the hit highlighted, so hits line up."""
    return (
        table.style.set_properties(subset=["left"], **{"text-align": "right"})
        .set_properties(subset=["match"], **{"background-color": "#ffe58a", "font-weight": "600", "text-align": "center"})
    )
