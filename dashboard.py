"""Newsscope dashboard: `streamlit run dashboard.py`. Page config, view state, layout; nothing else.

The body runs only as the main script: the analysis process pool's workers import this file
as ``__mp_main__`` and must not run the dashboard again.
"""

import sys

import streamlit as st

from components.ui import panels
from components.ui.corpus import SessionCorpus, source_from_argv, watch_running_job
from components.ui.session import (
    begin_full_run,
    current_dictionary_toml,
    read_view_state,
    views_state,
    write_url,
)
from components.ui.sharing import open_linked_share, render_share_link
from components.views.selection import VISITORS, build_views, prepare_heavy_actors


def main() -> None:
    with VISITORS.serving():  # work done in advance waits while a visitor's script runs
        page()


def page() -> None:
    st.set_page_config(page_title="Newsscope", page_icon="📰", layout="wide")
    base = source_from_argv(sys.argv[1:])  # `streamlit run dashboard.py -- --store FILE`

    corpus_box, filter_box, dictionary_box = st.sidebar.container(), st.sidebar.container(), st.sidebar.container()
    # The corpus's notes and an upload's progress go above the views, in a box of their own: the
    # views fragment then keeps its place on the page whatever they show.
    notices = st.container()
    open_linked_share()  # a shared corpus's link: its files, dictionary and cleaning, before any panel
    panels.render_dictionary_panel(dictionary_box)
    with notices:
        corpus = panels.render_corpus_panel(corpus_box, current_dictionary_toml(), base)
    read_view_state(corpus.analysis)
    panels.render_filters(filter_box, corpus.analysis)
    render_views(corpus, begin_full_run())
    watch_running_job()


@st.fragment
def render_views(corpus: SessionCorpus, full_run: int) -> None:
    """Every view a click can change. A click in here reruns only this function, not the
    sidebar's corpus, dictionary and filters (see :func:`components.ui.session.views_state`)."""
    with VISITORS.serving():  # a click runs this alone
        draw_views(corpus, full_run)


def draw_views(corpus: SessionCorpus, full_run: int) -> None:
    state = views_state(corpus.analysis, full_run)
    views = build_views(corpus.analysis, state, corpus.source)

    panels.render_header(views)
    panels.render_url_notes()
    render_share_link(state)
    panels.render_chips(state, views)

    left, right = st.columns(2)
    with left:
        panels.render_actor_panel(state, views)
        panels.render_keyword_panel(state, views)
    with right:
        panels.render_cooccurrence_panel(state, views)
        panels.render_sentiment_panel(state, views)
    panels.render_actors_panel(views)

    panels.render_reader_panel(state, views)
    panels.render_kwic_panel(state, views)
    panels.render_timeline_panel(state, views)
    panels.render_sources_panel(state, views)
    panels.render_quotes_panel(state, views)
    panels.render_cleaning_panel(views)

    panels.render_downloads(views)
    write_url(state)
    prepare_heavy_actors(corpus.analysis, corpus.source)  # once per corpus, after its first page


if __name__ == "__main__":
    main()
