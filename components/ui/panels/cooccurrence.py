"""Co-occurrence: actors mentioned in the same sentence, as a clickable matrix of squares."""

from __future__ import annotations

import streamlit as st

from components.ui.widgets import draw_chart
from components.views.aggregate import cooccurrence
from components.views.figures import build_cooccurrence_chart
from components.views.selection import Views
from components.views.viewstate import ViewState


def render_cooccurrence_panel(state: ViewState, views: Views) -> None:
    st.subheader("Co-occurrence in sentences")
    pairs = views.of_overview("pairs", lambda f: cooccurrence(f.mentions, f.sentences))
    figure = views.figure("cooccurrence", lambda: build_cooccurrence_chart(pairs, selected=state.pair, actor=state.actor))
    draw_chart(figure, "cooccurrence", pairs)
