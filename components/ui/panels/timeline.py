"""Attention over time: articles, their share, or mentions per day, week or month, one line per
selected actor, term or source; dragging across the chart filters the dates."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.ui.session import VIEW_WIDGETS
from components.ui.widgets import draw_chart
from components.views.aggregate import attention_over_time
from components.views.figures import MEASURE_TITLES, build_attention_chart
from components.views.selection import Views, filter_key
from components.views.viewstate import CHOICES, ViewState


def render_timeline_panel(state: ViewState, views: Views) -> None:
    st.subheader("Attention over time")
    # Count within the sidebar's filters, but not those naming what is tracked (else every
    # tracked actor would fill 100% of its own articles), nor the date range (so it can widen).
    tracked = state.with_changes(actors=(), search="", dates=None)

    def attention_of() -> pd.DataFrame:
        base = views.filtered(tracked, narrow=False)
        return attention_over_time(base.articles, base.mentions, state, find=views.find_text)

    # What attention_over_time reads of the state besides the filters: the series and the period.
    series = (state.actors, state.actor, state.keyword, state.search, state.sources, state.period)
    attention = views.remember(("attention", series, *filter_key(tracked, narrow=False)), attention_of)
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
    draw_chart(build_attention_chart(attention, measure=state.measure), "timeline", attention, selection_mode="box")
