"""Actor mentions: a bar per actor, coloured by type or stacked by source; a click selects the actor."""

from __future__ import annotations

import streamlit as st

from components.ui.session import VIEW_WIDGETS
from components.ui.widgets import draw_chart
from components.views.figures import build_actor_chart
from components.views.selection import Views
from components.views.viewstate import CHOICES, ViewState


def render_actor_panel(state: ViewState, views: Views) -> None:
    st.subheader("Actor mentions")
    by = st.radio(
        "Colour", CHOICES["colour"], horizontal=True, key=VIEW_WIDGETS["colour"], format_func=lambda v: f"by {v}",
        label_visibility="collapsed",
    )
    counts = views.actor_counts(by)
    draw_chart(views.figure("actors", lambda: build_actor_chart(counts, by=by, selected=state.actor), by), "actors", counts)
