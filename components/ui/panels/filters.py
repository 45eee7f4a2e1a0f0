"""Sidebar: the filters (actors, actor types, sources, text search, article sentiment, dates)."""

from __future__ import annotations

import datetime

import streamlit as st

from components.engine.analysis import Analysis
from components.ui.session import DATE_BOUNDS_KEY, FILTER_WIDGETS
from components.views.selection import remember
from components.views.viewstate import ACTOR_TYPES, source_label


def render_filters(box, analysis: Analysis) -> None:
    """Sidebar filters; their values live in the view state (see FILTER_WIDGETS)."""
    box.subheader("Filters")
    actor_options, source_options = remember(analysis, "filter options", lambda: _options(analysis))
    for key, options in ((FILTER_WIDGETS["actors"], actor_options), (FILTER_WIDGETS["sources"], source_options)):
        st.session_state[key] = [v for v in st.session_state.get(key, []) if v in options]
    box.multiselect("Actors", actor_options, key=FILTER_WIDGETS["actors"], help="Keep articles that mention any of these actors.")
    box.multiselect("Actor types", list(ACTOR_TYPES), key=FILTER_WIDGETS["actor_types"], help="Count only mentions of these types.")
    box.multiselect("Sources", source_options, key=FILTER_WIDGETS["sources"])
    box.text_input("Search the text", key=FILTER_WIDGETS["search"], placeholder="e.g. nuclear", help="Case-insensitive; keeps articles containing it.")
    box.slider("Article sentiment", -1.0, 1.0, step=0.05, key=FILTER_WIDGETS["sentiment"], help="Mean VADER compound of the article's sentences.")
    bounds = st.session_state.get(DATE_BOUNDS_KEY)
    if bounds is not None and bounds[0] != bounds[1]:
        first, last = (datetime.date.fromisoformat(d) for d in bounds)
        box.date_input(
            "Published", min_value=first, max_value=last, key=FILTER_WIDGETS["dates"], format="YYYY-MM-DD",
            help="Keep articles published in this range (both days included); drag over the attention chart to set it too.",
        )


def _options(analysis: Analysis) -> tuple[list[str], list[str]]:
    """The actors, most mentioned first, and the sources, by name."""
    actors = list(analysis.mentions["actor"].value_counts().index)
    return actors, sorted({source_label(s) for s in analysis.articles["source"].unique()})
