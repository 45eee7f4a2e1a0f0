"""The actor table, the starting dictionary and the curation edits (pure functions)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from components.engine.analysis import MENTION_COLUMNS, settle_types
from components.language.actors import DictionaryError, parse_actor_dictionary
from components.views.actors import (
    ACTOR_TABLE_COLUMNS,
    actor_table,
    actors_to_dictionary,
    ignore_actor,
    merge_actors,
    rename_actor,
    retype_actor,
)


def mention(article: str, actor: str, kind: str, origin: str, surface: str) -> dict:
    return {"article_id": article, "sentence": 0, "actor": actor, "type": kind, "affiliation": None,
            "origin": origin, "field": "body", "start": 0, "end": len(surface), "surface": surface}


MENTIONS = pd.DataFrame(
    [
        mention("a", "Nancy Pelosi", "person", "discovered", "Nancy Pelosi"),
        mention("a", "Nancy Pelosi", "person", "discovered", "Pelosi"),
        mention("b", "Nancy Pelosi", "person", "discovered", "Pelosi"),
        mention("a", "Iran", "country", "dictionary", "Iranian"),
        mention("b", "Jordan", "person", "discovered", "Jordan"),
        mention("c", "Jordan", "country", "discovered", "Jordan"),
        mention("d", "Jordan", "country", "discovered", "Jordan"),
        mention("b", "Gray", "person", "discovered", "Gray"),
    ],
    columns=MENTION_COLUMNS,
)
DICTIONARY = parse_actor_dictionary('[[actor]]\nname = "Iran"\ntype = "country"\naliases = ["Iranian"]\n')


def row(table: pd.DataFrame, actor: str) -> pd.Series:
    return table.loc[table["actor"] == actor].iloc[0]


def test_actor_table_counts_names_and_origins() -> None:
    table = actor_table(MENTIONS)
    assert list(table.columns) == ACTOR_TABLE_COLUMNS
    assert list(table["actor"]) == ["Jordan", "Nancy Pelosi", "Gray", "Iran"]
    pelosi = row(table, "Nancy Pelosi")
    assert (pelosi["mentions"], pelosi["articles"], pelosi["aliases"]) == (3, 2, "Pelosi; Nancy Pelosi")
    assert actor_table(MENTIONS.iloc[:0]).empty


def test_a_discovered_name_gets_one_type_across_the_corpus() -> None:
    settled = settle_types(MENTIONS)
    assert set(settled.loc[settled["actor"] == "Jordan", "type"]) == {"country"}  # two articles to one
    assert MENTIONS.loc[4, "type"] == "person"  # the input is not changed


def test_starting_dictionary_leaves_out_names_two_actors_claim() -> None:
    table = pd.concat([actor_table(MENTIONS), pd.DataFrame([{
        "actor": "Pelosi", "type": "person", "origin": "discovered", "mentions": 1, "articles": 1, "aliases": "Pelosi",
    }])], ignore_index=True)
    started = actors_to_dictionary(table)
    assert started.by_name()["Nancy Pelosi"].aliases == ("Nancy Pelosi",)  # "Pelosi" is claimed twice
    assert started.by_name()["Jordan"].type == "country"


def test_rename_a_discovered_and_a_dictionary_actor() -> None:
    table = actor_table(MENTIONS)
    renamed = rename_actor(DICTIONARY, row(table, "Nancy Pelosi"), "Speaker  Pelosi")
    assert renamed.by_name()["Speaker Pelosi"].aliases == ("Speaker Pelosi", "Nancy Pelosi", "Pelosi")
    assert renamed.source.endswith("(edited)")
    again = rename_actor(DICTIONARY, row(table, "Iran"), "Islamic Republic of Iran")
    assert [a.name for a in again.actors] == ["Islamic Republic of Iran"]
    assert again.actors[0].aliases == ("Islamic Republic of Iran", "Iran", "Iranian")
    with pytest.raises(DictionaryError):
        rename_actor(again, row(table, "Jordan"), "Iranian")  # an alias of another actor


def test_merge_retype_and_ignore() -> None:
    table = actor_table(MENTIONS)
    merged = merge_actors(DICTIONARY, row(table, "Gray"), row(table, "Nancy Pelosi"))
    assert merged.by_name()["Nancy Pelosi"].aliases == ("Nancy Pelosi", "Pelosi", "Gray")
    assert "Gray" not in merged.by_name()
    retyped = retype_actor(DICTIONARY, row(table, "Jordan"), "place")
    assert retyped.by_name()["Jordan"].type == "place"
    with pytest.raises(ValueError, match="unknown actor type"):
        retype_actor(DICTIONARY, row(table, "Jordan"), "planet")
    ignored = ignore_actor(DICTIONARY, row(table, "Iran"))
    assert ignored.actors == () and ignored.ignore == ("Iran", "Iranian")
    # The edited dictionary reads back the same: it is what "Download" gives and an upload restores.
    assert parse_actor_dictionary(merged.to_toml()).by_name() == merged.by_name()


def test_an_edit_cannot_grow_the_dictionary_past_its_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSSCOPE_MAX_DICTIONARY_ALIASES", "3")
    table = actor_table(MENTIONS)
    with pytest.raises(DictionaryError, match="over the max_dictionary_aliases limit of 3"):
        merge_actors(DICTIONARY, row(table, "Nancy Pelosi"), row(table, "Iran"))
    monkeypatch.setenv("NEWSSCOPE_MAX_ALIAS_CHARS", "20")
    with pytest.raises(DictionaryError, match="over the max_alias_chars limit of 20"):
        rename_actor(DICTIONARY, row(table, "Gray"), "A name far longer than twenty characters")


def reference_settle(mentions: pd.DataFrame) -> pd.DataFrame:
    """settle_types the plain way: per discovered actor, its most given type but "other" (ties: by name)."""
    discovered = mentions["origin"] == "discovered"
    told = mentions.loc[discovered & (mentions["type"] != "other"), ["actor", "type"]]
    counts = told.groupby(["actor", "type"]).size().reset_index(name="n")
    counts = counts.sort_values(["actor", "n", "type"], ascending=[True, False, True], kind="stable")
    chosen = counts.drop_duplicates("actor").set_index("actor")["type"]
    settled = mentions["actor"].map(chosen)
    return mentions.assign(type=mentions["type"].where(~discovered | settled.isna(), settled))


def reference_actor_table(mentions: pd.DataFrame) -> pd.DataFrame:
    """The table worked out the plain way: settle the types, group by strings."""
    settled = reference_settle(mentions)
    grouped = settled.groupby(["actor", "type", "origin"], sort=False)
    table = grouped.agg(mentions=("article_id", "size"), articles=("article_id", "nunique")).reset_index()
    spellings = settled.assign(surface=settled["surface"].map(lambda s: " ".join(str(s).split())))
    counted = spellings.groupby(["actor", "surface"]).size().reset_index(name="n")
    counted = counted.sort_values(["actor", "n", "surface"], ascending=[True, False, True], kind="stable")
    aliases = counted.groupby("actor", sort=False)["surface"].agg("; ".join)
    table["aliases"] = table["actor"].map(aliases).fillna("")
    table = table.sort_values(["mentions", "articles", "actor"], ascending=[False, False, True], kind="stable")
    return table.astype({"mentions": int, "articles": int}).reset_index(drop=True)[ACTOR_TABLE_COLUMNS]


@pytest.mark.parametrize("seed", range(8))
def test_actor_table_matches_the_plain_way_on_random_tables(seed: int) -> None:
    rng = np.random.default_rng(seed)
    names = ["Jordan", "Iran", "Nancy Pelosi", "Gray", "Amazon", "Paris"]
    rows = []
    for _ in range(int(rng.integers(1, 300))):
        actor = str(rng.choice(names))
        origin = "dictionary" if actor == "Iran" else "discovered"
        kind = "country" if actor == "Iran" else str(rng.choice(["person", "country", "place", "organization", "other"]))
        surface = str(rng.choice([actor, actor.split()[-1], f"{actor}  ", actor.upper()]))
        rows.append(mention(f"a{rng.integers(0, 20)}", actor, kind, origin, surface))
    mentions = pd.DataFrame(rows, columns=MENTION_COLUMNS)
    pd.testing.assert_frame_equal(actor_table(mentions), reference_actor_table(mentions))
    pd.testing.assert_frame_equal(settle_types(mentions), reference_settle(mentions))
    # the store's categorical article ids give the same table
    as_stored = mentions.assign(article_id=mentions["article_id"].astype("category"))
    pd.testing.assert_frame_equal(actor_table(as_stored), reference_actor_table(mentions))


def test_a_tie_between_two_types_goes_to_the_first_by_name() -> None:
    mentions = pd.DataFrame(
        [mention("a", "Jordan", "place", "discovered", "Jordan"), mention("b", "Jordan", "country", "discovered", "Jordan"),
         mention("c", "Jordan", "other", "discovered", "Jordan")],
        columns=MENTION_COLUMNS,
    )
    assert actor_table(mentions)[["actor", "type", "mentions", "articles"]].values.tolist() == [["Jordan", "country", 3, 3]]
