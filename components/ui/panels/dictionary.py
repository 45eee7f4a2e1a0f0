"""Sidebar: the actor dictionary in force: download it, upload a replacement or additions, reset it."""

from __future__ import annotations

import streamlit as st

from components.language.actors import (
    ActorDictionary,
    DictionaryError,
    load_actor_dictionary,
    merge_actor_dictionaries,
    parse_actor_dictionary,
)
from components.ui.session import DICTIONARY_KEY, current_dictionary_toml
from components.ui.widgets import md_escape


def read_dictionary_upload(
    name: str, data: bytes, current: ActorDictionary, *, replace: bool
) -> tuple[ActorDictionary | None, str, str]:
    """An uploaded dictionary, ready to use: (the new dictionary or None, "success" or "error",
    a message in plain text that names the file). A bad one leaves ``current`` in force."""
    try:
        extra = parse_actor_dictionary(data.decode("utf-8"), source=name)
        new = extra if replace else merge_actor_dictionaries(current, extra)
    except UnicodeDecodeError:
        return None, "error", f"{name}: not UTF-8 text. The previous dictionary stays in force."
    except DictionaryError as exc:
        return None, "error", f"{exc}. The previous dictionary stays in force."
    return new, "success", f"Using {len(new.actors):,} actors ({name})."


def render_dictionary_panel(box) -> None:
    """Download the dictionary in force; upload a replacement or additions (bad files keep the old one)."""
    with box.expander("Actor dictionary", expanded=False):
        toml_text = current_dictionary_toml()
        dictionary = parse_actor_dictionary(toml_text)
        origin = st.session_state.get("ns_dict_origin", "the bundled actors.toml")
        st.caption(f"{len(dictionary.actors):,} actors from {md_escape(origin)}")
        st.download_button(
            "Download current dictionary", toml_text, file_name="actors.toml", mime="application/toml",
            key="ns_dict_download", width="stretch",
        )
        mode = st.radio("Uploaded dictionary", ["Add to current", "Replace current"], key="ns_dict_mode", horizontal=True)
        upload = st.file_uploader("Actor dictionary (.toml)", type=["toml"], key="ns_dict_upload")
        if upload is not None and st.session_state.get("ns_dict_applied") != (upload.file_id, mode):
            st.session_state["ns_dict_applied"] = (upload.file_id, mode)
            new, kind, message = read_dictionary_upload(upload.name, upload.getvalue(), dictionary, replace=mode == "Replace current")
            if new is not None:
                st.session_state[DICTIONARY_KEY] = new.to_toml()
                st.session_state["ns_dict_origin"] = new.source
            st.session_state["ns_dict_message"] = (kind, message)
            st.rerun()
        kind, message = st.session_state.get("ns_dict_message", (None, None))
        if kind == "error":
            st.error(md_escape(message))  # it quotes the visitor's file name and aliases
        elif kind == "success":
            st.success(md_escape(message))
        if st.button("Reset to the bundled dictionary", key="ns_dict_reset", width="stretch"):
            st.session_state[DICTIONARY_KEY] = load_actor_dictionary().to_toml()
            st.session_state.pop("ns_dict_origin", None)
            st.session_state["ns_dict_message"] = (None, None)
            st.rerun()
