"""The "Removed by cleaning" panel under AppTest: removed lines by reason, and a rule switched off
re-cleans the session's uploads."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from components.ui.corpus import DISABLED_RULES_KEY

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _panel_app() -> None:
    import streamlit as st

    from components.ui.corpus import analyze_uploads
    from components.ui.panels.cleaning import render_cleaning_panel
    from components.views.selection import build_views
    from components.views.viewstate import ViewState

    files = (
        ("a.txt", b"First story\nThe talks resumed on Monday.\nImage: Jo Roe\nPost a Comment"),
        ("b.txt", b"Second story\nThe vote is on Thursday.\nImage: Jo Roe\nPhoto: Al Poe/Reuters"),
    )
    session = analyze_uploads(files, '[[actor]]\nname = "Jo"\ntype = "person"\n')
    assert session is not None  # small files: analysed at once, within the budgets
    st.session_state["texts"] = sorted(session.analysis.articles["text"])
    views = build_views(session.analysis, ViewState(), session.source)
    render_cleaning_panel(views)


def test_removed_lines_by_reason_and_a_rule_switched_off() -> None:
    at = AppTest.from_function(_panel_app, default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    (table,) = at.dataframe
    rows = table.value.set_index("rule")
    assert rows.loc["photo_credit", "lines"] == 3 and rows.loc["photo_credit", "articles"] == 2
    assert "Image: Jo Roe  (×2)" in rows.loc["photo_credit", "examples"]
    assert rows.loc["navigation", "label"] == "comment or navigation"
    assert all("Image: Jo Roe" not in text for text in at.session_state["texts"])
    at.checkbox(key="ns_cleaning_rule_photo_credit").uncheck().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state[DISABLED_RULES_KEY] == frozenset({"photo_credit"})
    assert all("Image: Jo Roe" in text for text in at.session_state["texts"])  # the uploads were cleaned again
    assert "photo_credit" not in set(at.dataframe[0].value["rule"])
    at.checkbox(key="ns_cleaning_rule_photo_credit").check().run()
    assert at.session_state[DISABLED_RULES_KEY] == frozenset()
    assert all("Image: Jo Roe" not in text for text in at.session_state["texts"])
