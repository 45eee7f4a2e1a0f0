"""Sources side by side: for the selected actors, the share of each source's articles that mention
them and the tone toward them; a click filters by that source and selects that actor."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.settings import get_setting
from components.ui.widgets import draw_chart, md_escape
from components.views.aggregate import compare_sources, count_mentions
from components.views.figures import build_source_chart
from components.views.selection import Views, filter_key
from components.views.viewstate import ViewState

DEFAULT_ACTORS = 5  # compared when none is selected: the most mentioned


def render_sources_panel(state: ViewState, views: Views) -> None:
    st.subheader("Sources side by side")
    chosen = list(dict.fromkeys([*state.actors, *([state.actor] if state.actor else [])]))
    if not chosen:
        counts = views.of_overview(("actor counts", "type"), lambda f: count_mentions(f.mentions, f.articles))
        chosen = list(counts["actor"][:DEFAULT_ACTORS])
    # Every source under the other sidebar filters: the source filter would leave one row, and the
    # actor filter would make every share 100%.
    every_source = state.with_changes(sources=(), actors=())

    def compare() -> pd.DataFrame:
        base = views.filtered(every_source, narrow=False)
        return compare_sources(base.articles, base.mentions, base.sentences, chosen)

    comparison = views.remember(("sources", tuple(chosen), *filter_key(every_source, narrow=False)), compare)
    what = "the selected actors" if state.actor or state.actors else f"the {len(chosen)} most mentioned actors"
    least = int(get_setting("tone_min_sentences"))  # type: ignore[arg-type]
    st.caption(
        f"For {md_escape(what)}: each square's size is the share of a source's articles that mention the actor, its"
        f" colour the mean tone toward the actor (grey: fewer than {least:d} sentences). Click a square to filter"
        " by that source and select that actor."
    )
    draw_chart(build_source_chart(comparison), "sources", comparison)
