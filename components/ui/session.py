"""The session's view state: read from the URL on a session's first run, then from the widgets,
chart selections and chips; written back to the URL. Also the actor dictionary in force.

One :class:`~components.views.viewstate.ViewState` lives in ``st.session_state[VIEW_KEY]``;
turning selections into a new state and the state into query parameters are the pure
functions of :mod:`components.views.viewstate`.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import json

import streamlit as st

from components.engine.analysis import Analysis
from components.language.actors import load_actor_dictionary, parse_actor_dictionary
from components.ui.widgets import GENERATION_KEY, chart_key, generation_key
from components.views.selection import remember
from components.views.viewstate import (
    SELECTABLE_CHARTS,
    UNKNOWN_SOURCE,
    ViewState,
    apply_selection,
    source_label,
    state_from_query_params,
    state_to_query_params,
)

VIEW_KEY = "ns_view"
SEEN_KEY = "ns_seen_selections"
DICTIONARY_KEY = "ns_dictionary_toml"
CHARTS = SELECTABLE_CHARTS
# Sidebar widgets bound to view-state fields: field -> widget key.
FILTER_WIDGETS = {
    "actors": "ns_filter_actors",
    "actor_types": "ns_filter_types",
    "sources": "ns_filter_sources",
    "search": "ns_filter_search",
    "sentiment": "ns_filter_sentiment",
    "dates": "ns_filter_dates",
}
# Widgets of the views bound to view-state fields (they change what is shown, so they are in the URL).
VIEW_WIDGETS = {
    "colour": "ns_actors_by",
    "measure": "ns_attention_measure",
    "period": "ns_attention_period",
    "tab": "ns_sentiment_tab",
    "find": "ns_kwic_find",
    "sort": "ns_kwic_sort",
    "tints": "ns_reader_tints",
}
UPLOAD_DIGEST_KEY = "ns_upload_digest"  # the digest of the uploads in the corpus, or None
SHARE_ID_KEY = "ns_share_id"  # the id of the share that holds exactly this corpus, or None
_WAITING_URL_KEY = "ns_url_waiting_upload"  # (digest, URL params) of a link made with uploads not here yet
DATE_BOUNDS_KEY = "ns_date_bounds"  # (first, last) published date of the corpus, or None
READER_ARTICLE_KEY = "ns_reader_article"
KWIC_KEY = "ns_kwic_table"
QUOTES_BY_KEY = "ns_quotes_by_table"
QUOTES_ABOUT_KEY = "ns_quotes_about_table"
SENTENCE_TABLES = (KWIC_KEY, QUOTES_BY_KEY, QUOTES_ABOUT_KEY)
"""Tables whose rows open a sentence in the reader: a panel lists the (article id, sentence) of
its rows in ``st.session_state[rows_key(KEY)]``, in the order shown."""


def rows_key(table: str) -> str:
    return f"{table}_rows"


def current_dictionary_toml() -> str:
    """The actor dictionary in force for this session (the bundled one until the user changes it)."""
    if DICTIONARY_KEY not in st.session_state:
        st.session_state[DICTIONARY_KEY] = _bundled_toml()
    return st.session_state[DICTIONARY_KEY]


def dictionary_digest() -> str | None:
    """16 hex digits naming the session's actor dictionary when it is not the bundled one (an
    upload or edits): a shared link carries it, so a view opened without them can say so."""
    toml_text = current_dictionary_toml()
    if toml_text == _bundled_toml():
        return None
    return hashlib.sha256(toml_text.encode("utf-8")).hexdigest()[:16]


@functools.lru_cache(maxsize=1)
def _bundled_toml() -> str:
    return load_actor_dictionary().to_toml()


def _query_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def _known(analysis: Analysis) -> tuple[set[str], set[str], set[str]]:
    """The actors, sources and article ids a link may name (once per corpus: millions of mentions)."""
    return (
        set(analysis.mentions["actor"].unique()),
        {source_label(s) for s in analysis.articles["source"].unique()} | {UNKNOWN_SOURCE},
        set(analysis.articles["id"]),
    )


def read_view_state(analysis: Analysis) -> ViewState:
    """This run's view state: from the URL on a session's first run, then from the widgets and
    any new chart or table selection. Notes about ignored URL parameters are shown once."""
    st.session_state[DATE_BOUNDS_KEY] = date_bounds(analysis.articles)
    uploaded = st.session_state.get(UPLOAD_DIGEST_KEY)
    waiting = st.session_state.get(_WAITING_URL_KEY)
    if VIEW_KEY not in st.session_state or (waiting is not None and waiting[0] == uploaded):
        # A session's first run reads the URL; so does the run where the uploads a link was made
        # with arrive (their articles, actors and sources are known only then).
        params = _query_params() if waiting is None else waiting[1]
        st.session_state.pop(_WAITING_URL_KEY, None)
        actors, sources, articles = remember(analysis, "known names", lambda: _known(analysis))
        state, notes = state_from_query_params(
            params,
            known_actors=actors | set(parse_actor_dictionary(current_dictionary_toml()).by_name()),
            known_sources=sources, known_articles=articles,
        )
        if state.upload is not None and state.upload != uploaded:
            st.session_state[_WAITING_URL_KEY] = (state.upload, params)
            if state.share is None:  # a shared corpus says itself whether it opened (ui.sharing)
                notes.insert(
                    0,
                    "This link shows a view of an uploaded corpus that is not loaded here, so parts of it"
                    " may be missing. Upload the same files under \"Your articles\" to see that view.",
                )
        if state.dictionary is not None and state.dictionary != dictionary_digest():
            notes.append(
                "This link was made with an edited or uploaded actor dictionary, which this session does"
                " not have: actors and counts here come from the dictionary in force. Upload that"
                " dictionary under \"Actor dictionary\" to see the same numbers."
            )
        st.session_state["ns_url_notes"] = notes
    elif PENDING_KEY in st.session_state:  # a click in the views changed a sidebar filter: it wins
        state = st.session_state.pop(PENDING_KEY)
    else:
        state = _state_from_widgets(st.session_state[VIEW_KEY])
    state = _apply_new_selections(state).with_changes(
        dictionary=dictionary_digest(), upload=uploaded, share=st.session_state.get(SHARE_ID_KEY)
    )
    st.session_state[VIEW_KEY] = state
    _write_widgets(state)
    return state


FULL_RUN_KEY = "ns_full_run"
PENDING_KEY = "ns_pending_view"  # a state the views set that changes sidebar filters
_VIEWS_RUN_KEY = "ns_views_run"  # (full run, its sidebar filters) as the views last saw them


def begin_full_run() -> int:
    """Number this run of the whole page (the views fragment tells its own reruns by it)."""
    run = st.session_state.get(FULL_RUN_KEY, 0) + 1
    st.session_state[FULL_RUN_KEY] = run
    return run


def views_state(analysis: Analysis, full_run: int) -> ViewState:
    """The view state inside the views fragment (``dashboard.render_views``).

    In a run of the whole page it is the one :func:`read_view_state` just read. A click inside
    the views reruns only them: the state is read again then, and when a sidebar filter
    changed (a filter's chip removed), the whole page reruns so that the sidebar shows it.
    """
    seen = st.session_state.get(_VIEWS_RUN_KEY)
    if seen is None or seen[0] != full_run:
        filters = {field: getattr(st.session_state[VIEW_KEY], field) for field in FILTER_WIDGETS}
        st.session_state[_VIEWS_RUN_KEY] = (full_run, filters)
        return st.session_state[VIEW_KEY]
    state = read_view_state(analysis)
    if any(getattr(state, field) != value for field, value in seen[1].items()):
        # The sidebar's widgets can only take the new values in a run of the whole page, before
        # they are drawn; until then they still hold the old ones, so the state waits aside.
        st.session_state[PENDING_KEY] = state
        st.rerun()
    return state


def date_bounds(articles) -> tuple[str, str] | None:
    """The first and last published date (YYYY-MM-DD) of ``articles``; None without dates."""
    dates = articles["published"].dropna().astype(str)
    dates = dates.loc[dates.str.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")]
    return (dates.min(), dates.max()) if not dates.empty else None


def _state_from_widgets(state: ViewState) -> ViewState:
    widgets = FILTER_WIDGETS | VIEW_WIDGETS
    changes = {field: st.session_state[key] for field, key in widgets.items() if key in st.session_state}
    if "sentiment" in changes:
        changes["sentiment"] = tuple(changes["sentiment"])
    if "tints" in changes:  # a toggle: True or False
        changes["tints"] = "on" if changes["tints"] else "off"
    if "dates" in changes:
        picked = [d.isoformat() for d in changes["dates"] or ()]
        if len(picked) != 2:  # the picker shows one date until the range's end is chosen
            changes["dates"] = state.dates
        else:
            whole = st.session_state.get(DATE_BOUNDS_KEY)
            changes["dates"] = None if whole is not None and tuple(picked) == tuple(whole) else tuple(picked)
    return state.with_changes(**changes)


def pick_article() -> None:
    """The reader's article picker's callback."""
    state: ViewState = st.session_state[VIEW_KEY]
    st.session_state[VIEW_KEY] = state.with_changes(article=st.session_state[READER_ARTICLE_KEY], sentence=None)


def open_article(article_id: str) -> None:
    """The reader's previous and next buttons' callback: that article, from its start."""
    state: ViewState = st.session_state[VIEW_KEY]
    st.session_state[VIEW_KEY] = state.with_changes(article=article_id, sentence=None)
    st.session_state[READER_ARTICLE_KEY] = article_id


def _write_widgets(state: ViewState) -> None:
    for field, key in (FILTER_WIDGETS | VIEW_WIDGETS).items():
        value = getattr(state, field)
        if field == "dates":
            bounds = st.session_state.get(DATE_BOUNDS_KEY)
            if bounds is None:
                st.session_state.pop(key, None)
                continue
            first, last = value or bounds  # the picker cannot show days beyond the corpus's
            first, last = max(first, bounds[0]), min(last, bounds[1])
            value = tuple(datetime.date.fromisoformat(d) for d in ((first, last) if first <= last else bounds))
        if field == "tints":
            value = value == "on"
        st.session_state[key] = list(value) if field in ("actors", "actor_types", "sources") else value
    if state.article is not None:
        st.session_state[READER_ARTICLE_KEY] = state.article


def _fingerprint(event: object) -> str:
    try:
        return json.dumps(event, sort_keys=True, default=str)
    except (TypeError, ValueError):
        return repr(event)


def _apply_new_selections(state: ViewState) -> ViewState:
    seen = st.session_state.setdefault(SEEN_KEY, {})
    for chart in CHARTS:
        event = st.session_state.get(chart_key(chart))
        if event is None:
            continue
        event = {"selection": dict(event["selection"])} if "selection" in event else event
        fingerprint = _fingerprint(event)
        if seen.get(chart_key(chart)) != fingerprint:
            seen[chart_key(chart)] = fingerprint
            state = apply_selection(state, chart, event)
    for table in SENTENCE_TABLES:
        picked = st.session_state.get(generation_key(table))
        if picked is None:
            continue
        rows = list(picked["selection"]["rows"])
        listed = st.session_state.get(rows_key(table)) or []
        fingerprint = _fingerprint(rows) + _fingerprint(listed)
        if rows and seen.get(table) != fingerprint:
            seen[table] = fingerprint
            if rows[0] < len(listed):
                article_id, sentence = listed[rows[0]]
                state = state.with_changes(article=article_id, sentence=int(sentence))
    return state


def remove_field(field: str) -> None:
    """A chip's callback: that filter or selection back to its default."""
    _replace_view(st.session_state[VIEW_KEY].without(field), forget_article=field == "article")


def clear_all() -> None:
    """"Clear all"'s callback."""
    _replace_view(ViewState(dictionary=dictionary_digest()), forget_article=True)


def _replace_view(state: ViewState, *, forget_article: bool) -> None:
    """The new state, its widgets, and fresh (unselected) charts."""
    if forget_article:
        st.session_state.pop(READER_ARTICLE_KEY, None)
    st.session_state[VIEW_KEY] = state
    st.session_state[GENERATION_KEY] = st.session_state.get(GENERATION_KEY, 0) + 1
    _write_widgets(state)


def write_url(state: ViewState) -> None:
    """Mirror the view state in the address bar, so copying it shares this exact view."""
    wanted = state_to_query_params(state)
    current = _query_params()
    normalised = {k: v if isinstance(v, list) else [v] for k, v in wanted.items()}
    if normalised != current:
        st.query_params.from_dict(wanted)
