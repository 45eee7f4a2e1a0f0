"""The reader: the selected article, highlighted, with its sentence line and what cleaning removed."""

from __future__ import annotations

import html
from urllib.parse import urlparse

import numpy as np
import pandas as pd
import streamlit as st

from components.ingest.cleaning import removed_lines_text
from components.ui.panels.sentence_line import render_sentence_line
from components.ui.session import (
    READER_ARTICLE_KEY,
    VIEW_WIDGETS,
    open_article,
    pick_article,
)
from components.views.context import context_query
from components.views.reader import (
    build_legend_html,
    build_reader_document,
    build_reader_html,
    build_title_html,
)
from components.views.selection import Views
from components.views.viewstate import ViewState, date_label, shorten, source_label

READER_TITLE_CHARS = 300  # longer titles are cut in the reader's heading (the tooltip holds more)


def render_reader_panel(state: ViewState, views: Views) -> None:
    """The selected article, highlighted, with its sentence line and what cleaning removed."""
    st.subheader("Reader")
    article_id = views.reader_article_id()
    if article_id is None:
        st.info("No article matches the current filters.")
        return
    articles = views.selection.articles
    # The picker lists the first 500 articles of the selection (and the one shown); charts and
    # the in-context list reach the others.
    listed = articles.loc[articles.index[:500].union(articles.index[articles["id"] == article_id])]
    titles = dict(zip(listed["id"], listed["title"]))
    st.session_state[READER_ARTICLE_KEY] = article_id
    picker, back, forward, tints = st.columns([6, 1, 1, 2], vertical_alignment="center")
    picker.selectbox(
        "Article", list(titles), key=READER_ARTICLE_KEY, format_func=lambda i: titles.get(i, i),
        on_change=pick_article, label_visibility="collapsed",
    )
    ids = articles["id"]  # the selection's order (a Series: no list of 100,000 ids per click)
    at = int(np.flatnonzero((ids == article_id).to_numpy())[0])
    back.button(
        "◀", key="ns_reader_previous", disabled=at == 0, help="The previous article of the selection",
        on_click=open_article, args=(str(ids.iloc[at - 1]) if at else article_id,), width="stretch",
    )
    forward.button(
        "▶", key="ns_reader_next", disabled=at == len(ids) - 1, help="The next article of the selection",
        on_click=open_article, args=(str(ids.iloc[at + 1]) if at + 1 < len(ids) else article_id,), width="stretch",
    )
    tints.toggle("Tone tints", key=VIEW_WIDGETS["tints"], help="Tint each sentence by its tone (VADER).")
    article, text, sentences, mentions, quotes = views.reader_rows(article_id)
    in_title = mentions["field"] == "title"
    selected_sentence = state.sentence if state.article == article_id else None
    render_sentence_line(views, article_id, sentences, selected=selected_sentence)
    body = build_reader_html(
        text, sentences, mentions.loc[~in_title],
        active_actor=state.actor, active_keyword=state.keyword, selected_sentence=selected_sentence,
        quotes=quotes,
        find=context_query(state) or None,
        tints=state.tints == "on",
    )
    header = _reader_header_html(article, mentions.loc[in_title], state)
    legend = build_legend_html(sorted(mentions["type"].unique()))
    st.iframe(build_reader_document(header + body, legend=legend, scroll_to=selected_sentence), height=620)
    removed = list(article["removed"])
    if removed:
        with st.expander(f"Cleaning removed {len(removed):,} line(s)"):
            st.code(removed_lines_text(removed, list(article["removed_reasons"])), language=None, wrap_lines=True)


def _reader_header_html(article: pd.Series, title_mentions: pd.DataFrame, state: ViewState) -> str:
    parts = [source_label(article["source"]), date_label(article["published"])]
    if article["authors"]:
        parts.append(f"by {article['authors']}")
    meta = " · ".join(html.escape(str(p)) for p in parts)
    url = str(article["url"] or "")
    if urlparse(url).scheme in ("http", "https"):
        meta += f' · <a href="{html.escape(url, quote=True)}" target="_blank" rel="noopener noreferrer">source link</a>'
    title = str(article["title"])
    shown = shorten(title, limit=READER_TITLE_CHARS)
    # Headline mentions are highlighted like the text's; a cut title keeps those it still holds.
    marks = title_mentions.loc[title_mentions["end"] <= len(shown)] if shown == title else title_mentions.iloc[:0]
    heading = build_title_html(
        shown, marks, active_actor=state.actor, active_keyword=state.keyword, find=context_query(state) or None
    )
    return (
        f'<h2 style="font:600 22px system-ui,sans-serif;margin:4px 4px 2px" title="{html.escape(shorten(title, limit=2_000))}">'
        f'{heading}</h2>'
        f'<div class="ns-legend">{meta}</div>'
    )
