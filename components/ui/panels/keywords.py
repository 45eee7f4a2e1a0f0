"""Keywords of the selection: the corpus-level top keywords; a click selects one."""

from __future__ import annotations

import streamlit as st

from components.ui.widgets import draw_chart
from components.views.figures import build_keyword_chart
from components.views.selection import Views
from components.views.viewstate import ViewState


def render_keyword_panel(state: ViewState, views: Views) -> None:
    st.subheader("Keywords of the selection")
    top = views.top_keywords()
    draw_chart(views.figure("keywords", lambda: build_keyword_chart(top, selected=state.keyword)), "keywords", top)
