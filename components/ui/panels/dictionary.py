"""Sidebar: the actor dictionary in force: download it, upload a replacement or additions, reset it."""

from __future__ import annotations

import streamlit as st

from components.language.actors import (
    DictionaryError,
    load_actor_dictionary,
    merge_actor_dictionaries,
    parse_actor_dictionary,
)
from components.ui.session import DICTIONARY_KEY, current_dictionary_toml
from components.ui.widgets import md_escape


def render_dictionary_panel(box) -> None:
    """Download the dictionary in force; upload a replacement or additions (bad files keep the old one)."""
    with box.expander("Actor dictionary", expanded=False):
        toml_text = current_dictionary_toml()
        dictionary = parse_actor_dictionary(toml_text)
        origin = st.session_state.get("ns_dict_origin", "the bundled actors.toml")
        st.caption(f"{len(dictionary.actors)} actors from {md_escape(origin)}")
        st.download_button(
            "Download current dictionary", toml_text, file_name="actors.toml", mime="application/toml",
            key="ns_dict_download", width="stretch",
        )
        mode = st.radio("Uploaded dictionary", ["Add to current", "Replace current"], key="ns_dict_mode", horizontal=True)
        upload = st.file_uploader("Actor dictionary (.toml)", type=["toml"], key="ns_dict_upload")
        if upload is not None and st.session_state.get("ns_dict_applied") != (upload.file_id, mode):
            st.session_state["ns_dict_applied"] = (upload.file_id, mode)
            try:
                text = upload.getvalue().decode("utf-8")
                extra = parse_actor_dictionary(text, source=upload.name)
                new = extra if mode == "Replace current" else merge_actor_dictionaries(dictionary, extra)
                st.session_state[DICTIONARY_KEY] = new.to_toml()
                st.session_state["ns_dict_origin"] = new.source
                st.session_state["ns_dict_message"] = ("success", f"Using {len(new.actors)} actors ({upload.name}).")
            except UnicodeDecodeError:
                st.session_state["ns_dict_message"] = ("error", f"{upload.name}: not UTF-8 text. The previous dictionary stays in force.")
            except DictionaryError as exc:
                st.session_state["ns_dict_message"] = ("error", f"{exc}. The previous dictionary stays in force.")
            st.rerun()
        kind, message = st.session_state.get("ns_dict_message", (None, None))
        if kind == "error":
            st.error(message)
        elif kind == "success":
            st.success(message)
        if st.button("Reset to the bundled dictionary", key="ns_dict_reset", width="stretch"):
            st.session_state[DICTIONARY_KEY] = load_actor_dictionary().to_toml()
            st.session_state.pop("ns_dict_origin", None)
            st.session_state["ns_dict_message"] = (None, None)
            st.rerun()
