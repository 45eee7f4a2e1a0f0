"""Sources side by side: for the selected actors, the share of each source's articles that mention
them and the tone toward them; a click filters by that source and selects that actor."""

from __future__ import annotations

import streamlit as st

from components.settings import get_setting
from components.ui.widgets import draw_chart, md_escape
from components.views.figures import build_source_chart
from components.views.selection import Views
from components.views.viewstate import ViewState


def render_sources_panel(state: ViewState, views: Views) -> None:
    st.subheader("Sources side by side")
    chosen = views.compared_actors()
    comparison = views.source_comparison()
    what = "the selected actors" if state.actor or state.actors else f"the {len(chosen)} most mentioned actors"
    least = int(get_setting("tone_min_sentences"))  # type: ignore[arg-type]
    st.caption(
        f"For {md_escape(what)}: each square's size is the share of a source's articles that mention the actor, its"
        f" colour the mean tone toward the actor (grey: fewer than {least:d} sentences). Click a square to filter"
        " by that source and select that actor."
    )
    draw_chart(views.figure("sources", lambda: build_source_chart(comparison)), "sources", comparison)
