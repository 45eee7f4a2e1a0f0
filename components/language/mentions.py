"""Every actor mention of one article: the dictionary's first, then discovery around them.

The dictionary is the user's curation and wins: its mentions are found first
(:func:`components.language.actors.find_mentions`), in the title and the body, and discovery
(:mod:`components.language.discovery`) finds the other names around them. A discovered name
that the dictionary knows (its name or an alias) becomes the dictionary's actor, with its type;
a surname or first name alone becomes the dictionary actor of the article whose name it ends or
starts; a discovered name in the dictionary's ``ignore`` list is dropped. Each mention says
where it came from (``origin``: ``dictionary`` or ``discovered``).
"""

from __future__ import annotations

from dataclasses import dataclass

from components.language.actors import Actor, ActorDictionary, find_mentions
from components.language.discovery import discover_actors
from components.settings import get_setting

FIELDS = ("title", "body")
ORIGINS = ("dictionary", "discovered")


@dataclass(frozen=True)
class ActorMention:
    """One mention of an actor in an article's title or body (offsets into that field)."""

    field: str  # "title" or "body"
    start: int
    end: int
    surface: str  # the field's text[start:end]
    actor: str
    type: str
    affiliation: str | None
    origin: str  # "dictionary" or "discovered"


def discovery_enabled(discover: bool | None = None) -> bool:
    """``discover``, or the ``actor_discovery`` setting when None."""
    return bool(get_setting("actor_discovery")) if discover is None else discover


def find_article_mentions(
    title: str, body: str, dictionary: ActorDictionary, *, discover: bool | None = None
) -> list[ActorMention]:
    """The actor mentions of one article, title first, each field sorted by start, never overlapping.

    ``discover``: also find names the dictionary lacks (None: the ``actor_discovery`` setting).
    """
    actors = dictionary.by_name()
    taken: dict[str, list[tuple[int, int]]] = {}
    found: list[ActorMention] = []
    for field, text in (("title", title), ("body", body)):
        for mention in find_mentions(text, dictionary):
            actor = actors[mention.actor]
            found.append(_from_dictionary(field, mention.start, mention.end, mention.surface, actor))
            taken.setdefault(field, []).append((mention.start, mention.end))
    if not discovery_enabled(discover):
        return found
    known = _known_names(dictionary)
    ignored = {" ".join(p.split()).casefold() for p in dictionary.ignore}
    present = [actors[m.actor] for m in found]
    for item in discover_actors(title, body, skip=taken):
        if item.surface.casefold() in ignored or item.name.casefold() in ignored:
            continue
        if any(start < item.end and item.start < end for start, end in taken.get(item.field, ())):
            continue
        owner = known.get(item.name) or known.get(item.surface) or _owner_by_part(item.name, present)
        if owner is not None:
            found.append(_from_dictionary(item.field, item.start, item.end, item.surface, owner))
        else:
            found.append(ActorMention(item.field, item.start, item.end, item.surface, item.name, item.type, None, "discovered"))
    return sorted(found, key=lambda m: (FIELDS.index(m.field), m.start))


def _from_dictionary(field: str, start: int, end: int, surface: str, actor: Actor) -> ActorMention:
    return ActorMention(field, start, end, surface, actor.name, actor.type, actor.affiliation, "dictionary")


def _known_names(dictionary: ActorDictionary) -> dict[str, Actor]:
    """Each dictionary actor by its name and aliases (as written and in ALL CAPS)."""
    known: dict[str, Actor] = {}
    for actor in dictionary.actors:
        for alias in (actor.name, *actor.aliases):
            known.setdefault(alias, actor)
            known.setdefault(alias.upper(), actor)
    return known


def _owner_by_part(name: str, present: list[Actor]) -> Actor | None:
    """The person of the dictionary, mentioned in this article, whose name ends or starts with
    the one word ``name`` ("Pelosi" of "Nancy Pelosi"); None when there is none or several."""
    if " " in name:
        return None
    owners = {a.name: a for a in present if a.type == "person" and name in (a.name.split()[-1], a.name.split()[0])}
    return next(iter(owners.values())) if len(owners) == 1 else None
