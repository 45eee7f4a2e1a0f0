"""The actors panel under AppTest: discovered actors listed beside the dictionary's, and each
curation edit (rename, change type, merge, ignore) followed by every view and by the URL."""

from __future__ import annotations

import pytest
from test_dashboard import chart, customdata_ids, run_app

from components.language.actors import parse_actor_dictionary
from components.ui.session import DICTIONARY_KEY

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def actors_table(at):
    (table,) = [d for d in at.dataframe if "origin" in d.value.columns]
    return table.value.set_index("actor")


def actor_bars(at) -> dict[str, str]:
    """Actor -> type, from the mentions chart's traces (one trace per type)."""
    spec = chart(at, "actors")
    return {
        (item[0] if isinstance(item, list) else item): trace["name"]
        for trace in spec["data"] for item in trace.get("customdata") or []
    }


def edit(at, actor: str, button: str, **inputs: str):
    at.selectbox(key="ns_actors_pick").set_value(actor)
    at.run()
    for key, value in inputs.items():
        widget = at.text_input(key=key) if key == "ns_actors_new_name" else at.selectbox(key=key)
        widget.set_value(value)
    at.run()  # as a browser does when a field is left
    at.button(key=button).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_discovered_actors_are_listed_beside_the_dictionary() -> None:
    at = run_app()
    table = actors_table(at)
    assert table.loc["Middle East", "origin"] == "discovered" and table.loc["Middle East", "type"] == "place"
    assert table.loc["Middle East", "mentions"] == 19
    assert table.loc["Vladimir Putin", "origin"] == "dictionary" and table.loc["Vladimir Putin", "articles"] == 2
    assert "Russian President Vladimir Putin" in table.loc["Vladimir Putin", "aliases"]
    assert actor_bars(at)["Middle East"] == "place"


def test_rename_then_change_type_then_ignore() -> None:
    at = run_app()
    edit(at, "Middle East", "ns_actors_rename", ns_actors_new_name="Greater Middle East")
    assert "Greater Middle East" in actor_bars(at) and "Middle East" not in actor_bars(at)
    dictionary = parse_actor_dictionary(at.session_state[DICTIONARY_KEY])
    assert dictionary.by_name()["Greater Middle East"].aliases[:2] == ("Greater Middle East", "Middle East")
    digest = at.query_params["dict"]
    digest = digest if isinstance(digest, str) else digest[0]
    assert len(digest) == 16  # the link says it was made with an edited dictionary
    edit(at, "Greater Middle East", "ns_actors_retype", ns_actors_new_type="other")
    assert actor_bars(at)["Greater Middle East"] == "other"
    edit(at, "Greater Middle East", "ns_actors_ignore")
    assert "Greater Middle East" not in actors_table(at).index
    assert "Middle East" in parse_actor_dictionary(at.session_state[DICTIONARY_KEY]).ignore


def test_merge_moves_the_mentions_to_the_target() -> None:
    at = run_app()
    before = actors_table(at).loc["Iran", "mentions"]
    edit(at, "Bushehr", "ns_actors_merge", ns_actors_merge_into="Iran")
    table = actors_table(at)
    assert "Bushehr" not in table.index and table.loc["Iran", "mentions"] == before + 2
    assert "Bushehr" not in customdata_ids(chart(at, "actors"))


def test_a_link_made_with_edits_says_so_where_they_are_missing() -> None:
    at = run_app(dict="0123456789abcdef")
    assert any("edited or uploaded actor dictionary" in w.value for w in at.warning)
    assert "dict" not in at.query_params  # this session has the bundled dictionary


def test_a_refused_edit_keeps_the_dictionary() -> None:
    at = run_app()
    before = at.session_state[DICTIONARY_KEY]
    edit(at, "Middle East", "ns_actors_rename", ns_actors_new_name="Vladimir Putin")  # taken
    assert at.session_state[DICTIONARY_KEY] == before
    assert any("Vladimir Putin" in e.value and "stays as it was" in e.value for e in at.error)


def test_a_long_table_lists_the_most_mentioned_and_the_search_reaches_the_rest(monkeypatch) -> None:
    from components.ui.panels import actors

    monkeypatch.setattr(actors, "LISTED_ACTORS", 3)  # AppTest runs the panel in this process
    at = run_app()
    listed = actors_table(at)
    assert len(listed) == 3 and list(listed["mentions"]) == sorted(listed["mentions"], reverse=True)
    caption = " ".join(c.value for c in at.caption)
    assert "The 3 most mentioned are listed; find any other by name" in caption
    at.text_input(key="ns_actors_find").set_value("Putin").run()
    assert "Vladimir Putin" in actors_table(at).index
