"""Actors: every actor of the selection (type, origin, mentions, articles, names seen), sortable and
searchable, with the curation edits: rename, merge, change the type, ignore.

Each edit becomes an edit of the session's actor dictionary (:mod:`components.views.actors`), so
every view follows at once, and "Download the dictionary" carries the edits: uploading it again,
or deploying it, reproduces them.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.language.actors import (
    ACTOR_TYPES,
    ActorDictionary,
    DictionaryError,
    parse_actor_dictionary,
)
from components.ui.session import DICTIONARY_KEY, current_dictionary_toml
from components.ui.widgets import md_escape
from components.views.actors import (
    ignore_actor,
    merge_actors,
    rename_actor,
    retype_actor,
)
from components.views.selection import Views

MESSAGE_KEY = "ns_actors_message"
MAX_ACTOR_NAME = 200  # a longer new name is refused (the dictionary's own limits apply too)
EDIT_CHOICES = 1_000  # actors offered to pick from (the search reaches the others)
LISTED_ACTORS = 2_000  # rows of the table sent to the browser, most mentioned first (the search reaches the others)


def render_actors_panel(views: Views) -> None:
    st.subheader("Actors")
    table = views.actor_table()
    if table.empty:
        st.caption("No actor in the current selection.")
        return
    query = st.text_input("Find an actor", key="ns_actors_find", placeholder="name or alias", label_visibility="collapsed")
    shown = table
    if query.strip():
        needle = query.strip().casefold()  # literal, any case: never a pattern a visitor controls
        hit = table["actor"].str.casefold().str.contains(needle, regex=False) | table["aliases"].str.casefold().str.contains(
            needle, regex=False
        )
        shown = table.loc[hit]
    discovered = int((table["origin"] == "discovered").sum())
    listed = f" The {LISTED_ACTORS:,} most mentioned are listed; find any other by name." if len(shown) > LISTED_ACTORS else ""
    st.caption(
        f"{len(shown):,} of {len(table):,} actors ({discovered:,} discovered, {len(table) - discovered:,} from the"
        f" dictionary). Click a column header to sort.{md_escape(listed)}"
    )
    st.dataframe(
        shown.iloc[:LISTED_ACTORS], hide_index=True, height=280, key="ns_actors_table",
        column_config={
            # Widths that fit 1280 x 720 (about 760 px); a wider screen shares out the rest.
            "actor": st.column_config.TextColumn("actor", width=200),
            "type": st.column_config.TextColumn(width=100),
            "origin": st.column_config.TextColumn(width=90),
            "mentions": st.column_config.NumberColumn(format="%d", width=80),
            "articles": st.column_config.NumberColumn(format="%d", width=70),
            "aliases": st.column_config.TextColumn("names seen", width=220),
        },
    )
    with st.expander("Edit actors (rename, merge, change type, ignore)", expanded=False):
        _render_edits(shown.head(EDIT_CHOICES), table)


def _render_edits(choices: pd.DataFrame, table: pd.DataFrame) -> None:
    if choices.empty:
        st.caption("No actor matches the search.")
        return
    names = list(choices["actor"])
    picked = st.selectbox("Actor", names, key="ns_actors_pick", help=f"The first {EDIT_CHOICES:,} of the list above; search to reach others.")
    row = _row(table, picked)
    rename, retype, merge, ignore = st.columns(4)
    with rename:
        new_name = st.text_input("New name", key="ns_actors_new_name", max_chars=MAX_ACTOR_NAME)
        if st.button("Rename", key="ns_actors_rename", disabled=not new_name.strip()):
            _apply(lambda d: rename_actor(d, row, new_name), f"Renamed {picked} to {' '.join(new_name.split())}.")
    with retype:
        current = ACTOR_TYPES.index(row["type"]) if row["type"] in ACTOR_TYPES else len(ACTOR_TYPES) - 1
        new_type = st.selectbox("Type", ACTOR_TYPES, index=current, key="ns_actors_new_type")
        if st.button("Change type", key="ns_actors_retype"):
            _apply(lambda d: retype_actor(d, row, new_type), f"{picked} is now of type {new_type}.")
    with merge:
        others = [n for n in table["actor"].head(EDIT_CHOICES) if n != picked]
        target = st.selectbox("Merge into", others, key="ns_actors_merge_into") if others else None
        if st.button("Merge", key="ns_actors_merge", disabled=target is None):
            _apply(lambda d: merge_actors(d, row, _row(table, target)), f"Merged {picked} into {target}.")
    with ignore:
        st.write("")
        if st.button("Ignore", key="ns_actors_ignore", help="Not an actor: never find it again in this session"):
            _apply(lambda d: ignore_actor(d, row), f"Ignoring {picked}.")
    kind, message = st.session_state.get(MESSAGE_KEY, (None, None))
    if kind == "error":
        st.error(md_escape(message))  # it quotes actor names
    elif kind == "success":
        st.success(md_escape(message))
    st.download_button(
        "Download the dictionary with these edits", current_dictionary_toml(), file_name="actors.toml",
        mime="application/toml", key="ns_actors_download",
    )
    st.caption("Edits last for this session. A shared link says when it was made with edits its viewer lacks.")


def _row(table: pd.DataFrame, actor: str) -> pd.Series:
    return table.loc[table["actor"] == actor].iloc[0]


def _apply(edit, message: str) -> None:
    """Apply one edit to the session's dictionary; a refused edit keeps the old one and says why."""
    dictionary: ActorDictionary = parse_actor_dictionary(current_dictionary_toml())
    try:
        edited = edit(dictionary)
        st.session_state[DICTIONARY_KEY] = edited.to_toml()
        st.session_state["ns_dict_origin"] = edited.source
        st.session_state[MESSAGE_KEY] = ("success", message)
    except (DictionaryError, ValueError) as exc:
        st.session_state[MESSAGE_KEY] = ("error", f"{exc}. The dictionary stays as it was.")
    st.rerun()
