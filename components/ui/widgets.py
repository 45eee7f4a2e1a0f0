"""What every panel shares: escaping user text for Markdown widgets, chart keys, and drawing a
selectable chart. Every widget key starts with ``ns_`` plus its panel's prefix."""

from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components.views.report import to_csv

GENERATION_KEY = "ns_chart_generation"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md_escape(text: object) -> str:
    """Escape Markdown (and so any HTML) in user text shown through a Markdown-rendering widget."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def generation_key(base: str) -> str:
    """Key of a selectable widget; a new generation (after a chip is removed) starts unselected."""
    return f"{base}_{st.session_state.get(GENERATION_KEY, 0)}"


def chart_key(chart: str) -> str:
    return generation_key(f"ns_chart_{chart}")


def draw_chart(fig: go.Figure, chart: str, data: pd.DataFrame | None = None, *, selection_mode: str = "points") -> None:
    """A Plotly chart whose selections rerun the script (read by :mod:`components.ui.session`).

    Its tool bar offers the chart as a PNG; ``data``, the table the chart was drawn from, is
    offered as CSV below it (built on click)."""
    config = {
        "modeBarButtons": [["toImage"]], "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": f"newsscope-{chart}", "scale": 2},
    }
    st.plotly_chart(fig, key=chart_key(chart), on_select="rerun", selection_mode=selection_mode, config=config)
    if data is not None and not data.empty:
        st.download_button(
            "Chart data (CSV)", lambda: to_csv(data), file_name=f"newsscope-{chart}.csv", mime="text/csv",
            key=f"ns_dl_chart_{chart}", on_click="ignore", type="tertiary",
        )


def titles_of(articles: pd.DataFrame, ids) -> dict[str, str]:
    """Titles of the articles ``ids`` (not of every article: a corpus may hold 100,000)."""
    found = articles.loc[articles["id"].isin(list(ids))]
    return dict(zip(found["id"], found["title"]))
