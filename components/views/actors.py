"""The actors of a selection as one table, and the curation edits that turn into a dictionary.

:func:`actor_table` lists every actor with its type, origin, mentions, articles and the names
seen for it. The edits a user makes in the actors panel (rename, merge, change a type, ignore)
are pure functions from a dictionary to a new one (:func:`rename_actor`, :func:`merge_actors`,
:func:`retype_actor`, :func:`ignore_actor`): the dictionary is the one place curation lives, so
downloading it and uploading it again, or deploying it, reproduces every edit.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import groupby
from operator import itemgetter

import numpy as np
import pandas as pd

from components.engine.analysis import codes_of, settled_type_codes
from components.language.actors import ACTOR_TYPES, Actor, ActorDictionary

ACTOR_TABLE_COLUMNS = ["actor", "type", "origin", "mentions", "articles", "aliases"]


def actor_table(mentions: pd.DataFrame) -> pd.DataFrame:
    """One row per actor of ``mentions``: actor, type, origin, mentions, articles and aliases (the
    distinct surfaces seen, most used first, joined by "; "); most mentioned first, then by name.

    A discovered actor gets one type across the table, as :func:`settle_types` gives it (a table
    put together by hand too). Worked out on integer codes: a selection of millions of mentions
    takes a fraction of a second.
    """
    if mentions.empty:
        return pd.DataFrame(columns=ACTOR_TABLE_COLUMNS)
    actor, actors = codes_of(mentions["actor"])
    kind, kinds = codes_of(mentions["type"])
    origin, origins = codes_of(mentions["origin"])
    article, _ = codes_of(mentions["article_id"])
    kind = settled_type_codes(actor, kind, kinds, origin, origins)
    keep = (actor >= 0) & (kind >= 0) & (origin >= 0)  # groupby leaves out missing keys
    actor, kind, origin, article = actor[keep], kind[keep], origin[keep], article[keep]
    group_key = (actor * (len(kinds) + 1) + kind) * (len(origins) + 1) + origin
    group, first_rows = _first_seen(group_key)
    groups = len(first_rows)
    counts = np.bincount(group, minlength=groups)
    known = article >= 0  # nunique leaves out a missing article
    width = int(article.max()) + 1
    articles = np.bincount(pd.unique(group[known] * width + article[known]) // width, minlength=groups)
    table = pd.DataFrame({
        "actor": np.asarray(actors, dtype=object)[actor[first_rows]],
        "type": np.asarray(kinds, dtype=object)[kind[first_rows]],
        "origin": np.asarray(origins, dtype=object)[origin[first_rows]],
        "mentions": counts,
        "articles": articles,
    })
    table["aliases"] = table["actor"].map(_surfaces_by_actor(actor, actors, mentions["surface"][keep])).fillna("")
    table = table.sort_values(["mentions", "articles", "actor"], ascending=[False, False, True], kind="stable")
    return table.astype({"mentions": int, "articles": int}).reset_index(drop=True)[ACTOR_TABLE_COLUMNS]


def _first_seen(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(a group number per row, numbered by first appearance; the first row of each group)."""
    group, uniques = pd.factorize(keys)
    first_rows = np.full(len(uniques), len(keys), dtype=np.int64)
    np.minimum.at(first_rows, group, np.arange(len(keys)))
    return group.astype(np.int64), first_rows


def _surfaces_by_actor(actor: np.ndarray, actors: pd.Index, surface_column: pd.Series) -> dict[str, str]:
    """Each actor's distinct surfaces (white space folded), most used first, then by spelling,
    joined by "; " (``actor``: the actor code of each row of ``surface_column``)."""
    surface, surfaces = codes_of(surface_column)
    keep = surface >= 0
    counted = pd.Series(actor[keep] * (len(surfaces) + 1) + surface[keep]).value_counts(sort=False)
    keys = counted.index.to_numpy()
    folded = np.asarray([" ".join(str(s).split()) for s in surfaces], dtype=object)
    per_spelling = (
        pd.DataFrame({
            "actor": np.asarray(actors, dtype=object)[keys // (len(surfaces) + 1)],
            "surface": folded[keys % (len(surfaces) + 1)],
            "n": counted.to_numpy(),
        })
        .groupby(["actor", "surface"], sort=False)["n"].sum().reset_index()
        .sort_values(["actor", "n", "surface"], ascending=[True, False, True], kind="stable")
    )
    # One pass over the sorted rows (a pandas join per group costs seconds with thousands of actors).
    return {
        name: "; ".join(spelling for _, spelling in rows)
        for name, rows in groupby(zip(per_spelling["actor"], per_spelling["surface"]), key=itemgetter(0))
    }


def aliases_of(row: pd.Series) -> list[str]:
    """The surfaces of an actor-table row, as a list."""
    return [a for a in str(row["aliases"]).split("; ") if a]


def actors_to_dictionary(table: pd.DataFrame, *, source: str = "discovered.toml") -> ActorDictionary:
    """A starting dictionary of the table's actors, each with the names seen for it.

    A name seen for two actors is nobody's alias (the dictionary would refuse it); the rest
    become aliases as they were written.
    """
    claimed: dict[str, set[str]] = {}
    for row in table.itertuples(index=False):
        for alias in (row.actor, *aliases_of(pd.Series(row._asdict()))):
            claimed.setdefault(_key(alias), set()).add(row.actor)
    actors = []
    for row in table.itertuples(index=False):
        aliases = [a for a in aliases_of(pd.Series(row._asdict())) if claimed[_key(a)] == {row.actor}]
        kind = row.type if row.type in ACTOR_TYPES else "other"
        actors.append(Actor(name=row.actor, type=kind, affiliation=None, aliases=tuple(dict.fromkeys((row.actor, *aliases)))))
    return ActorDictionary(actors=tuple(actors), source=source)


def _key(name: str) -> str:
    return " ".join(name.split()).upper()


def _entry(dictionary: ActorDictionary, row: pd.Series) -> Actor:
    """The dictionary's entry for the row's actor, or a new one from what discovery saw."""
    existing = dictionary.by_name().get(row["actor"])
    if existing is not None:
        return existing
    taken = {_key(a) for actor in dictionary.actors for a in (actor.name, *actor.aliases)}
    taken |= {_key(p) for p in dictionary.ignore}
    aliases = [a for a in aliases_of(row) if _key(a) not in taken]
    kind = row["type"] if row["type"] in ACTOR_TYPES else "other"
    return Actor(name=row["actor"], type=kind, affiliation=None, aliases=tuple(dict.fromkeys((row["actor"], *aliases))))


def _with(dictionary: ActorDictionary, new: Actor, *, replacing: str, dropping: str | None = None) -> ActorDictionary:
    """``dictionary`` with ``new`` in place of the entry named ``replacing`` (or added), and the
    entry named ``dropping`` removed."""
    actors = [a for a in dictionary.actors if a.name != dropping]
    names = [a.name for a in actors]
    if replacing in names:
        actors[names.index(replacing)] = new
    else:
        actors.append(new)
    return ActorDictionary(actors=tuple(actors), source=_edited(dictionary.source), ignore=dictionary.ignore)


def _edited(source: str) -> str:
    return source if source.endswith("(edited)") else f"{source} (edited)"


def rename_actor(dictionary: ActorDictionary, row: pd.Series, new_name: str) -> ActorDictionary:
    """The actor of ``row`` is called ``new_name``; its old name stays an alias. Raises
    :class:`~components.language.actors.DictionaryError` if another actor has that name or alias."""
    new_name = " ".join(new_name.split())
    entry = _entry(dictionary, row)
    renamed = replace(entry, name=new_name, aliases=tuple(dict.fromkeys((new_name, *entry.aliases))))
    return _with(dictionary, renamed, replacing=entry.name)


def merge_actors(dictionary: ActorDictionary, source_row: pd.Series, target_row: pd.Series) -> ActorDictionary:
    """The actor of ``source_row`` becomes part of the one of ``target_row``: its name and aliases
    become the target's aliases, and its own dictionary entry (if any) goes."""
    target = _entry(dictionary, target_row)
    without_source = ActorDictionary(
        actors=tuple(a for a in dictionary.actors if a.name != source_row["actor"]), source=dictionary.source,
        ignore=dictionary.ignore,
    )
    source = _entry(without_source, source_row)
    merged = replace(target, aliases=tuple(dict.fromkeys((*target.aliases, source.name, *source.aliases))))
    return _with(dictionary, merged, replacing=target.name, dropping=source_row["actor"])


def retype_actor(dictionary: ActorDictionary, row: pd.Series, new_type: str) -> ActorDictionary:
    """The actor of ``row`` is of ``new_type`` (one of :data:`ACTOR_TYPES`)."""
    if new_type not in ACTOR_TYPES:
        raise ValueError(f"unknown actor type {new_type!r}; expected one of {', '.join(ACTOR_TYPES)}")
    entry = _entry(dictionary, row)
    return _with(dictionary, replace(entry, type=new_type), replacing=entry.name)


def ignore_actor(dictionary: ActorDictionary, row: pd.Series) -> ActorDictionary:
    """The actor of ``row`` is not an actor: its dictionary entry goes, and its name and the names
    seen for it (those no other actor claims) go into ``ignore``."""
    actors = tuple(a for a in dictionary.actors if a.name != row["actor"])
    claimed = {_key(a) for actor in actors for a in (actor.name, *actor.aliases)}
    phrases = [p for p in (row["actor"], *aliases_of(row)) if _key(p) not in claimed]
    ignore = tuple(dict.fromkeys((*dictionary.ignore, *phrases)))
    return ActorDictionary(actors=actors, source=_edited(dictionary.source), ignore=ignore)
