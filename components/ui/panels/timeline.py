"""Attention over time: articles, their share, or mentions per day, week or month, one line per
selected actor, term or source; dragging across the chart filters the dates."""

from __future__ import annotations

import streamlit as st

from components.ui.session import VIEW_WIDGETS
from components.ui.widgets import draw_chart
from components.views.figures import MEASURE_TITLES, build_attention_chart
from components.views.selection import Views
from components.views.viewstate import CHOICES, ViewState


def render_timeline_panel(state: ViewState, views: Views) -> None:
    st.subheader("Attention over time")
    attention = views.attention()
    if attention["date"].nunique() < 2:
        st.caption("The selection has fewer than two publication dates.")
        return
    measure, period = st.columns([2, 3])  # each radio on one line at 1280 px
    measure.radio(
        "Measure", CHOICES["measure"], key=VIEW_WIDGETS["measure"], horizontal=True, label_visibility="collapsed",
        format_func=lambda m: MEASURE_TITLES[m].replace("Share of the period's articles", "Share of articles"),
    )
    period.radio(
        "Period", CHOICES["period"], key=VIEW_WIDGETS["period"], horizontal=True, label_visibility="collapsed",
        format_func=lambda p: "auto" if p == "auto" else f"per {p}",
    )
    figure = views.figure("timeline", lambda: build_attention_chart(attention, measure=state.measure))
    draw_chart(figure, "timeline", attention, selection_mode="box")
