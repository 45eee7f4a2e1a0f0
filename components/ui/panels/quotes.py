"""Quotes: who speaks in the selection (a click selects the speaker), and the quotes themselves (a
click opens one in the reader). With an actor selected, its own quotes and the quotes that mention
it are two lists."""

from __future__ import annotations

import streamlit as st

from components.ui.session import QUOTES_ABOUT_KEY, QUOTES_BY_KEY, rows_key
from components.ui.widgets import draw_chart, generation_key, md_escape
from components.views.figures import build_speaker_chart
from components.views.quotes import (
    UNNAMED_SPEAKER,
)
from components.views.selection import LISTED_QUOTES, Views
from components.views.viewstate import ViewState


def render_quotes_panel(state: ViewState, views: Views) -> None:
    st.subheader("Quotes")
    quotes = views.quotes
    if quotes.empty:
        for key in (QUOTES_BY_KEY, QUOTES_ABOUT_KEY):
            st.session_state[rows_key(key)] = []
        st.caption("No quotes or reported speech in this selection.")
        return
    speakers = views.speakers()
    unnamed = speakers.loc[speakers["speaker"] == UNNAMED_SPEAKER, "quotes"].sum()
    # The chart above the lists, not beside them: a list's columns need the page's width at 1280 px.
    st.caption(
        f"{len(quotes):,} quote(s) in {quotes['article_id'].nunique():,} article(s); {int(unnamed):,} with an"
        " unnamed speaker. Click a speaker to select it."
    )
    named = speakers.loc[speakers["speaker"] != UNNAMED_SPEAKER]
    draw_chart(views.figure("speakers", lambda: build_speaker_chart(named, selected=state.actor)), "speakers", speakers)
    if state.actor is None:
        _quote_list(views, "all", QUOTES_BY_KEY, "All quotes of the selection")
        st.session_state[rows_key(QUOTES_ABOUT_KEY)] = []
    else:
        _quote_list(views, "by", QUOTES_BY_KEY, f"Quotes by {state.actor}")
        _quote_list(views, "about", QUOTES_ABOUT_KEY, f"Quotes that mention {state.actor}")


def _quote_list(views: Views, which: str, key: str, title: str) -> None:
    """One clickable list of quotes (speaker, kind, quote, article, source, date), headed
    ``title`` (escaped: it holds the actor's name, user text)."""
    quotes, shown = views.quote_list(which)
    st.markdown(f"**{md_escape(title)}** ({len(quotes):,})")
    st.session_state[rows_key(key)] = list(zip(shown["article_id"], shown["sentence"].astype(int)))
    if shown.empty:
        st.caption("None.")
        return
    if len(quotes) > LISTED_QUOTES:
        st.caption(f"The first {LISTED_QUOTES:,} are listed; quotes.csv below holds all {len(quotes):,}.")
    st.dataframe(
        shown, key=generation_key(key), on_select="rerun", selection_mode="single-row", hide_index=True,
        height=min(38 + 35 * len(shown), 300),
        column_order=["speaker_actor", "kind", "text", "about_tone", "title", "source", "published"],
        column_config={  # widths that fit 1280 x 720 (about 760 px); a wider screen shares out the rest
            "speaker_actor": st.column_config.TextColumn("speaker", width=120),
            "kind": st.column_config.TextColumn(width=70),
            "text": st.column_config.TextColumn("quote", width=220),
            "about_tone": st.column_config.TextColumn(
                "about (tone)", width=100, help="The actors the quote mentions, and its tone toward each (-1 to 1)."
            ),
            "title": st.column_config.TextColumn("article", width=110),
            "source": st.column_config.TextColumn(width=60),
            "published": st.column_config.TextColumn("date", width=80),
        },
    )
