"""Over time: articles and mean sentiment per day, week or month (when there are two dates or more)."""

from __future__ import annotations

import streamlit as st

from components.ui.widgets import draw_chart
from components.views.aggregate import sentiment_over_time
from components.views.figures import build_timeline_chart
from components.views.selection import Views


def render_timeline_panel(views: Views) -> None:
    over_time = sentiment_over_time(views.selection.articles)
    if over_time["date"].nunique() >= 2:
        st.subheader("Over time")
        draw_chart(build_timeline_chart(over_time), "timeline")
