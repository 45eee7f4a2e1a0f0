"""Sentiment per article and per actor, as diverging bars; a click selects the article or actor."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.settings import get_setting
from components.ui.session import VIEW_WIDGETS
from components.ui.widgets import draw_chart, md_escape
from components.views.figures import (
    build_actor_sentiment_chart,
    build_article_sentiment_chart,
)
from components.views.selection import Views
from components.views.viewstate import CHOICES, ViewState


def render_sentiment_panel(state: ViewState, views: Views) -> None:
    st.subheader("Sentiment")
    st.radio(
        "View", CHOICES["tab"], key=VIEW_WIDGETS["tab"], horizontal=True, label_visibility="collapsed",
        format_func=lambda tab: f"Per {tab}",
    )
    if state.tab == "article":
        count = len(views.selection.articles)
        if count > 30:
            st.caption(f"The 15 most positive and 15 most negative of {count:,} articles.")
        articles = views.selection.articles
        table = views.article_sentiment_table()
        # The chart's rows: the selection's strongest (remembered) and the selected article.
        strongest = views.strongest_articles()
        shown = pd.concat([strongest, articles.loc[articles["id"] == state.article]]) if state.article else strongest
        shown = shown.loc[~shown.index.duplicated()].sort_index()  # the selection's order, for ties
        figure = views.figure("article_sentiment", lambda: build_article_sentiment_chart(shown, selected=state.article))
        draw_chart(figure, "article_sentiment", table)
    else:
        per_actor = views.actor_tone()
        least = int(get_setting("tone_min_sentences"))
        ranked = int((per_actor["sentences"] >= least).sum())
        shown = f"The 15 most positive and 15 most negative of {ranked:,} actors" if ranked > 30 else f"{ranked:,} actor(s)"
        st.caption(
            f"{md_escape(shown)} in {least:d} sentences or more, ranked by the mean tone toward them, with its 95%"
            " interval; actors in fewer sentences are grey, listed last and never ranked."
        )
        figure = views.figure("actor_sentiment", lambda: build_actor_sentiment_chart(per_actor, selected=state.actor))
        draw_chart(figure, "actor_sentiment", per_actor)
