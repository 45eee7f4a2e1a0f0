"""\"Share this corpus\": the one, opt-in way an upload leaves the session.

A click keeps the session's uploaded files on the server (:class:`~components.engine.shares.ShareStore`)
and puts the share's id in the view state, so the page's address, and the share link shown above
the charts, open the same corpus and view for anyone who has them. A session opened from such a
link loads the shared files as if they were uploaded (they are analysed again, in this session
only), with the bundled articles in or out, the cleaning rules and the actor dictionary as they
were shared. Without the click nothing is written.
"""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from components.engine.shares import (
    SharedCorpus,
    ShareError,
    ShareMissing,
    ShareRefused,
    ShareStore,
    valid_share_id,
)
from components.ui.corpus import DISABLED_RULES_KEY
from components.ui.session import (
    DICTIONARY_KEY,
    SHARE_ID_KEY,
    VIEW_KEY,
    current_dictionary_toml,
    dictionary_digest,
)
from components.ui.widgets import md_escape
from components.views.viewstate import ViewState, state_to_query_params

LINKED_KEY = "ns_linked_share"
"""Session state: the :class:`SharedCorpus` this session's link opened (its files are in the corpus), or None."""
SHARED_KEY = "ns_shared_corpus"
"""Session state: the :class:`SharedCorpus` this session last opened or made, or None."""
PROBLEM_KEY = "ns_share_problem"  # why the link's shared corpus could not be opened
REFUSED_KEY = "ns_share_refused"  # (corpus key, why) the last "Share this corpus" was refused
MAX_NAMES_SHOWN = 5  # file names of a linked share listed in the sidebar
INCLUDE_BASE_KEY = "ns_corpus_bundled"  # the corpus panel's "Include the bundled articles" checkbox


def open_linked_share() -> None:
    """On a session's first run, open the shared corpus its link names (``share=<id>``), before
    any panel is drawn: the corpus panel then analyses its files, and the dictionary and cleaning
    rules it was shared with are in force. A malformed id is left to the URL notes; an unknown or
    expired one gets a plain message (:func:`render_share_problem`)."""
    if VIEW_KEY in st.session_state:
        return
    wanted = st.query_params.get_all("share")
    if not wanted or not valid_share_id(wanted[-1]):
        return
    try:
        shared = ShareStore.from_settings().load(wanted[-1])
    except ShareMissing as exc:
        st.session_state[PROBLEM_KEY] = str(exc)
        return
    st.session_state[LINKED_KEY] = st.session_state[SHARED_KEY] = shared
    st.session_state[INCLUDE_BASE_KEY] = shared.include_base
    st.session_state[DISABLED_RULES_KEY] = shared.disabled_rules
    if shared.dictionary_toml is not None:
        st.session_state[DICTIONARY_KEY] = shared.dictionary_toml
        st.session_state["ns_dict_origin"] = "the shared corpus"


def shared_files() -> tuple[tuple[str, bytes], ...]:
    """The files of the shared corpus this session's link opened (none without one)."""
    shared: SharedCorpus | None = st.session_state.get(LINKED_KEY)
    return shared.files if shared is not None else ()


def render_share_problem() -> None:
    """Why the link's shared corpus is not shown (expired, unknown), in plain words."""
    problem = st.session_state.get(PROBLEM_KEY)
    if problem:
        st.error(md_escape(problem), icon="🔗")


def _current_share(files: tuple[tuple[str, bytes], ...], *, include_base: bool) -> SharedCorpus | None:
    """The share that holds exactly this corpus (files, bundled articles, cleaning, dictionary), or None."""
    shared: SharedCorpus | None = st.session_state.get(SHARED_KEY)
    if shared is None or shared.files != files or shared.include_base != include_base:
        return None
    if shared.disabled_rules != frozenset(st.session_state.get(DISABLED_RULES_KEY, frozenset())):
        return None
    edited = current_dictionary_toml() if dictionary_digest() is not None else None
    return shared if shared.dictionary_toml == edited else None


def render_share_control(box, files: tuple[tuple[str, bytes], ...], *, include_base: bool, analysed: bool) -> None:
    """Under the uploader: "Share this corpus" once the uploads are analysed, or, when this corpus
    is shared, until when. Sets ``st.session_state[SHARE_ID_KEY]`` (the view state's ``share``)."""
    shared = _current_share(files, include_base=include_base) if files else None
    st.session_state[SHARE_ID_KEY] = shared.id if shared is not None else None
    linked: SharedCorpus | None = st.session_state.get(LINKED_KEY)
    if linked is not None:
        names = ", ".join(name for name, _ in linked.files[:MAX_NAMES_SHOWN]) + (", …" if len(linked.files) > MAX_NAMES_SHOWN else "")
        box.caption(f"From the share link ({len(linked.files):,} file(s)): {md_escape(names)}")
    if shared is not None:
        box.caption(f"This corpus is shared until {md_escape(shared.expiry_date)}: anyone with the share link sees it.")
        return
    if not files or not analysed:
        return
    days = ShareStore.from_settings().ttl_seconds / 86_400
    clicked = box.button(
        "Share this corpus", key="ns_share_button", width="stretch",
        help=f"Keep your uploaded files on this server for {days:g} days under a link that cannot be guessed, so that"
        " anyone who has the link sees this corpus and view. Without this, your uploads stay in your session only.",
    )
    if clicked:
        _share(files, include_base=include_base)
        st.rerun()
    refused = st.session_state.get(REFUSED_KEY)
    if refused is not None and refused[0] == _corpus_key(files, include_base=include_base):
        box.error(md_escape(refused[1]))  # said for this corpus; another one gets its own answer


def _corpus_key(files: tuple[tuple[str, bytes], ...], *, include_base: bool) -> tuple:
    """A cheap name for the corpus in the uploader (file names and sizes)."""
    return (include_base, tuple((name, len(data)) for name, data in files))


def _share(files: tuple[tuple[str, bytes], ...], *, include_base: bool) -> None:
    try:
        shared = ShareStore.from_settings().create(
            files, include_base=include_base,
            disabled_rules=frozenset(st.session_state.get(DISABLED_RULES_KEY, frozenset())),
            dictionary_toml=current_dictionary_toml() if dictionary_digest() is not None else None,
        )
    except ShareRefused as exc:
        st.session_state[REFUSED_KEY] = (_corpus_key(files, include_base=include_base), str(exc))
        return
    except (ShareError, OSError):
        st.session_state[REFUSED_KEY] = (
            _corpus_key(files, include_base=include_base),
            "Not shared: this server cannot keep shared corpora right now. Your uploads are unchanged.",
        )
        return
    st.session_state.pop(REFUSED_KEY, None)
    st.session_state.pop(PROBLEM_KEY, None)
    st.session_state[SHARED_KEY] = shared


def share_link(state: ViewState) -> str | None:
    """The address that opens this shared corpus and view (None when the corpus is not shared)."""
    if state.share is None:
        return None
    base = st.context.url or ""
    return f"{base}?{urlencode(state_to_query_params(state), doseq=True)}"


def render_share_link(state: ViewState) -> None:
    """Above the charts, while the corpus is shared: the link to this corpus and view, to copy."""
    link = share_link(state)
    if link is None:
        return
    shared: SharedCorpus | None = st.session_state.get(SHARED_KEY)
    until = shared.expiry_date if shared is not None else "its expiry"
    st.caption(f"Share link: opens this corpus and this view for anyone who has it, until {md_escape(until)}.")
    st.code(link, language=None, wrap_lines=True)
