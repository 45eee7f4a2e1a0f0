"""The top of the page: the selection at a glance, notes about the URL, and the chips."""

from __future__ import annotations

import streamlit as st

from components.ui.session import clear_all, remove_field
from components.ui.widgets import md_escape, titles_of
from components.views.selection import Views
from components.views.viewstate import ViewState


def render_header(views: Views) -> None:
    """The corpus at a glance, for the current selection."""
    count, words, actors, mentions, mean, sources = views.glance()
    st.title("Newsscope")
    cols = st.columns(5)
    cols[0].metric("Articles", f"{count:,}", help=f"of {len(views.analysis.articles):,} loaded")
    cols[1].metric("Words", f"{words:,}")
    cols[2].metric("Actors found", f"{actors:,}", help=f"{mentions:,} mentions")
    cols[3].metric("Mean sentiment", f"{mean:+.3f}", help="Mean of the articles' sentence-level VADER means")
    cols[4].metric("Sources", f"{sources:,}")


def render_url_notes() -> None:
    for note in st.session_state.get("ns_url_notes", []):
        st.warning(md_escape(note), icon="🔗")


def render_chips(state: ViewState, views: Views) -> None:
    """Active filters and selections as removable chips, plus "Clear all"."""
    chips = state.chips(article_titles=titles_of(views.analysis.articles, [state.article] if state.article else []))
    if not chips:
        st.caption("Click a bar, a cell or a point to select it; every chart and the reader follow.")
        return
    cols = st.columns(min(len(chips), 6) + 1)
    for i, (field, label) in enumerate(chips):
        cols[i % 6].button(f"✕ {md_escape(label)}", key=f"ns_chip_{field}", on_click=remove_field, args=(field,), help="Remove")
    cols[-1].button("Clear all", key="ns_chip_clear_all", on_click=clear_all, type="primary")
