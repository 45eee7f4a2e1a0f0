"""Actors: the dictionary of people, countries and organizations, and finding their mentions
(the names it does not know are :mod:`components.language.names`).

The dictionary is a TOML file (``seeds/actors.toml`` by default) of ``[[actor]]`` tables with
``name``, ``type``, optional ``affiliation`` and ``aliases``, plus an optional top-level
``ignore`` list of phrases that contain an alias but are not that actor ("Latin America").

Matching rules, applied by :func:`find_mentions`:

- **Whole words.** An alias matches only where the characters just before and after it are
  not word characters (letters, digits, ``_``). Hyphens, apostrophes and punctuation are
  boundaries, so "US-Iran" is two mentions (United States, Iran) and "Newsweeklast" is none.
- **Longest match first, no overlaps.** Of the matches starting at a position, the longest
  wins, and a match starting inside an earlier one is dropped, so "Russian President Vladimir
  Putin" is one Putin mention, not Russia + Putin, and "Middle East Forum" never yields a
  shorter alias inside it.
- **Case.** An alias matches case-sensitively exactly as written, or in ALL CAPS. So "US"
  matches "US" but not the "us" of "told us"; "Newsweek" matches "NEWSWEEK" in a byline;
  "Turkey" would not match "turkey". (ALL CAPS text such as "TALK TO US" can still match.)
- **Whitespace.** The spaces inside an alias match any run of whitespace, so a name broken
  over a line still matches; the surface keeps the text's own whitespace.
- **Possessives.** "Iran's", "Iran’s" (curly) and "Iranians'" are mentions of the actor; the
  mention covers the name only (surface "Iran"), never the ``'s``.
- **Trailing dots.** An alias ending in a dot ("U.S.") keeps it, even at the end of a
  sentence: "in the U.S." has the surface "U.S." (the dot serves both the alias and the
  sentence).
- **Currencies.** An alias followed by "$" is a currency code ("US$856"), not a mention.
- Aliases are literal text: "C++ (.*)" matches only itself.

All aliases go into one Aho-Corasick automaton (pyahocorasick), so matching costs one pass over
the text whatever the size of the dictionary, and building it is linear in the aliases. Offsets
are into the text given, which is never altered. The matcher is built once per dictionary.
"""

from __future__ import annotations

import bisect
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import ahocorasick

from components.settings import DEFAULT_ACTORS_FILE, get_setting

ACTOR_TYPES = ("person", "organization", "country", "place", "other")

_ACTOR_KEYS = frozenset({"name", "type", "affiliation", "aliases"})
_TOP_LEVEL_KEYS = frozenset({"actor", "ignore"})


class DictionaryError(ValueError):
    """An actor dictionary that cannot be used; the message names the file and the reason."""


@dataclass(frozen=True)
class Actor:
    """One actor: its canonical name, type, optional affiliation and the aliases that match it."""

    name: str
    type: str
    affiliation: str | None
    aliases: tuple[str, ...]  # includes the name itself


@dataclass(frozen=True)
class ActorDictionary:
    """A validated set of actors (constructing one raises DictionaryError if it is invalid).

    ``ignore`` lists phrases that contain an alias but are not a mention ("Latin America").
    """

    actors: tuple[Actor, ...]
    source: str = "actors.toml"  # file name it came from, for messages
    ignore: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _validate(self)

    def by_name(self) -> dict[str, Actor]:
        """Return the actors keyed by canonical name, in dictionary order."""
        return {actor.name: actor for actor in self.actors}

    def to_toml(self) -> str:
        """Return the dictionary as TOML text that :func:`parse_actor_dictionary` reads back."""
        lines: list[str] = []
        if self.ignore:
            lines.append(f"ignore = {_toml_list(self.ignore)}")
            lines.append("")
        for actor in self.actors:
            lines.append("[[actor]]")
            lines.append(f"name = {_toml_string(actor.name)}")
            lines.append(f"type = {_toml_string(actor.type)}")
            if actor.affiliation is not None:
                lines.append(f"affiliation = {_toml_string(actor.affiliation)}")
            lines.append(f"aliases = {_toml_list(actor.aliases)}")
            lines.append("")
        return "\n".join(lines)


@dataclass(frozen=True)
class Mention:
    """One mention of an actor: offsets into the text searched, and the text found there."""

    actor: str  # canonical name
    start: int
    end: int
    surface: str  # text[start:end] exactly


# ------------------------------------------------------------------------------ loading


def parse_actor_dictionary(text: str, *, source: str = "actors.toml") -> ActorDictionary:
    """Parse the TOML ``text`` of an actor dictionary.

    ``source`` names the file in error messages. Whitespace inside names and aliases is
    collapsed to single spaces; the name is added to the aliases if missing, duplicates
    within one actor are dropped. Raises :class:`DictionaryError` for invalid TOML, unknown
    keys, a missing name, an unknown type, an empty alias, duplicate names, or an alias
    claimed by two actors.
    """
    limit = int(get_setting("max_dictionary_bytes"))  # type: ignore[call-overload]
    size = len(text.encode("utf-8"))
    if size > limit:
        raise DictionaryError(f"{source}: {size:,} bytes, over the max_dictionary_bytes limit of {limit:,}")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DictionaryError(f"{source}: not valid TOML: {exc}") from None
    except RecursionError:
        raise DictionaryError(f"{source}: not a dictionary: nested too deeply") from None
    unknown = sorted(set(data) - _TOP_LEVEL_KEYS)
    if unknown:
        raise DictionaryError(
            f"{source}: unknown top-level key {unknown[0]!r} (expected [[actor]] tables and 'ignore')"
        )
    entries = data.get("actor", [])
    if not isinstance(entries, list):
        raise DictionaryError(f"{source}: 'actor' must be an array of [[actor]] tables")
    actors = tuple(_parse_actor(entry, number=i, source=source) for i, entry in enumerate(entries, 1))
    ignore = _string_list(data.get("ignore", []), where="'ignore'", source=source)
    return ActorDictionary(actors=actors, source=source, ignore=ignore)


def check_dictionary_limits(dictionary: ActorDictionary) -> None:
    """Raise :class:`DictionaryError` when ``dictionary`` holds more aliases than the
    ``max_dictionary_aliases`` setting allows, or one longer than ``max_alias_chars``: a shared
    server must not let one visitor's dictionary take its time and memory."""
    most = int(get_setting("max_dictionary_aliases"))  # type: ignore[call-overload]
    longest = int(get_setting("max_alias_chars"))  # type: ignore[call-overload]
    count = len(dictionary.ignore)
    for actor in dictionary.actors:
        for alias in _aliases_of(actor):
            count += 1
            if len(alias) > longest:
                raise DictionaryError(
                    f"{dictionary.source}: actor {actor.name[:60]!r} has an alias of {len(alias):,} characters,"
                    f" over the max_alias_chars limit of {longest:,}"
                )
    for phrase in dictionary.ignore:
        if len(phrase) > longest:
            raise DictionaryError(
                f"{dictionary.source}: an ignored phrase of {len(phrase):,} characters is over the"
                f" max_alias_chars limit of {longest:,}"
            )
    if count > most:
        raise DictionaryError(
            f"{dictionary.source}: {count:,} aliases and ignored phrases, over the max_dictionary_aliases limit of {most:,}"
        )


def load_actor_dictionary(path: str | Path | None = None) -> ActorDictionary:
    """Read and parse the actor dictionary at ``path`` (None: the bundled ``seeds/actors.toml``).

    Raises :class:`DictionaryError` naming the file if it cannot be read or is invalid.
    """
    file = Path(path) if path is not None else DEFAULT_ACTORS_FILE
    limit = int(get_setting("max_dictionary_bytes"))  # type: ignore[call-overload]
    try:
        size = file.stat().st_size
        if size > limit:  # refused unread
            raise DictionaryError(f"{file.name}: {size:,} bytes, over the max_dictionary_bytes limit of {limit:,}")
        text = file.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise DictionaryError(f"{file.name}: cannot read the file: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise DictionaryError(f"{file.name}: not UTF-8 text") from None
    return parse_actor_dictionary(text, source=file.name)


def merge_actor_dictionaries(base: ActorDictionary, extra: ActorDictionary) -> ActorDictionary:
    """Return ``base`` with ``extra``'s additions: an actor of ``extra`` replaces the one of the
    same name in place, or is appended; ``ignore`` lists are combined.

    Raises :class:`DictionaryError` if an alias then belongs to two actors.
    """
    replacements = extra.by_name()
    merged = [replacements.pop(actor.name, actor) for actor in base.actors]
    merged.extend(replacements.values())
    ignore = base.ignore + tuple(p for p in extra.ignore if p not in base.ignore)
    return ActorDictionary(
        actors=tuple(merged), source=f"{base.source} + {extra.source}", ignore=ignore
    )


def _parse_actor(entry: object, *, number: int, source: str) -> Actor:
    where = f"actor #{number}"
    if not isinstance(entry, dict):
        raise DictionaryError(f"{source}: {where} is not a table")
    unknown = sorted(set(entry) - _ACTOR_KEYS)
    if unknown:
        raise DictionaryError(
            f"{source}: {where} has unknown key {unknown[0]!r} (expected name, type, affiliation, aliases)"
        )
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise DictionaryError(f"{source}: {where} has no name")
    name = _collapse(name)
    where = f"actor #{number} ({name})"
    kind = entry.get("type")
    if not isinstance(kind, str):
        raise DictionaryError(f"{source}: {where} has no type (one of {', '.join(ACTOR_TYPES)})")
    affiliation = entry.get("affiliation")
    if affiliation is not None and not isinstance(affiliation, str):
        raise DictionaryError(f"{source}: {where} has an affiliation that is not a string")
    aliases = _string_list(entry.get("aliases", []), where=f"{where}'s aliases", source=source)
    return Actor(
        name=name,
        type=kind,
        affiliation=(_collapse(affiliation) or None) if affiliation is not None else None,
        aliases=tuple(dict.fromkeys((name, *aliases))),
    )


def _string_list(value: object, *, where: str, source: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DictionaryError(f"{source}: {where} must be a list of strings")
    return tuple(_collapse(v) for v in value)


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _validate(dictionary: ActorDictionary) -> None:
    """Raise DictionaryError unless names are unique, types known, each alias has one owner and
    the size limits hold (every way a dictionary is made passes here: a file, a merge, an edit)."""
    check_dictionary_limits(dictionary)
    source = dictionary.source
    owner_of: dict[str, str] = {}  # match key (alias, or its ALL CAPS form) -> actor name
    seen_names: dict[str, int] = {}
    for number, actor in enumerate(dictionary.actors, 1):
        if not actor.name.strip():
            raise DictionaryError(f"{source}: actor #{number} has no name")
        where = f"actor #{number} ({actor.name})"
        if actor.name in seen_names:
            raise DictionaryError(
                f"{source}: {where} has the same name as actor #{seen_names[actor.name]}"
            )
        seen_names[actor.name] = number
        if actor.type not in ACTOR_TYPES:
            raise DictionaryError(
                f"{source}: {where} has unknown type {actor.type!r} (expected one of {', '.join(ACTOR_TYPES)})"
            )
        for alias in _aliases_of(actor):
            if not alias.strip():
                raise DictionaryError(f"{source}: {where} has an empty alias")
            for key in _match_keys(alias):
                other = owner_of.setdefault(key, actor.name)
                if other != actor.name:
                    raise DictionaryError(
                        f"{source}: alias {key!r} is claimed by both {other!r} and {actor.name!r}"
                    )
    for phrase in dictionary.ignore:
        if not phrase.strip():
            raise DictionaryError(f"{source}: 'ignore' has an empty phrase")
        for key in _match_keys(phrase):
            if key in owner_of:
                raise DictionaryError(
                    f"{source}: {key!r} is both ignored and an alias of {owner_of[key]!r}"
                )


def _aliases_of(actor: Actor) -> tuple[str, ...]:
    # The name always counts, even for an Actor built without it among its aliases.
    return tuple(dict.fromkeys((actor.name, *actor.aliases)))


def _match_keys(alias: str) -> tuple[str, ...]:
    """The forms of ``alias`` that match: as written and in ALL CAPS, whitespace collapsed."""
    written = _collapse(alias)
    return tuple(dict.fromkeys((written, written.upper())))


_TOML_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def _toml_string(value: str) -> str:
    out = []
    for ch in value:
        if ch in _TOML_ESCAPES:
            out.append(_TOML_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:  # control characters must be escaped in TOML
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _toml_list(values: Sequence[str]) -> str:
    return "[" + ", ".join(_toml_string(v) for v in values) + "]"


# ------------------------------------------------------------------------------ matching


@dataclass(frozen=True)
class _Matcher:
    """Every match key (an alias or ignored phrase, as written and in ALL CAPS, inner whitespace as
    one space) in one Aho-Corasick automaton: finding them costs one pass over the text, whatever
    the number of aliases."""

    automaton: ahocorasick.Automaton | None  # None: an empty dictionary
    actor_by_key: dict[str, str | None]  # key -> actor name (None: ignored phrase)


def _build_matcher(dictionary: ActorDictionary) -> _Matcher:
    actor_by_key: dict[str, str | None] = {}
    for phrase in dictionary.ignore:
        for key in _match_keys(phrase):
            actor_by_key[key] = None
    for actor in dictionary.actors:
        for alias in _aliases_of(actor):
            for key in _match_keys(alias):
                actor_by_key[key] = actor.name
    if not actor_by_key:
        return _Matcher(None, actor_by_key)
    automaton = ahocorasick.Automaton()
    for key in actor_by_key:
        automaton.add_word(key, key)
    automaton.make_automaton()
    return _Matcher(automaton, actor_by_key)


def _matcher_for(dictionary: ActorDictionary) -> _Matcher:
    """The dictionary's matcher, built once and kept on the (immutable) dictionary itself."""
    matcher = dictionary.__dict__.get("_matcher")
    if matcher is None:
        matcher = _build_matcher(dictionary)
        object.__setattr__(dictionary, "_matcher", matcher)
    return matcher


_SPACES = re.compile(r"\s+")


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def find_mentions(text: str, dictionary: ActorDictionary) -> list[Mention]:
    """Return every actor mention in ``text``, sorted by start and never overlapping.

    Offsets are into ``text`` as given; ``text[m.start:m.end] == m.surface``. See the module
    docstring for the rules (whole words, longest first, case, possessives).
    """
    matcher = _matcher_for(dictionary)
    if matcher.automaton is None or not text:
        return []
    # Keys hold single spaces: search a copy with every whitespace run as one space, and map
    # its offsets back (``shifts``: where a run was shortened, and by how much in all).
    flat_parts, shifts, removed, cursor = [], [], 0, 0
    for run in _SPACES.finditer(text):
        if run.group() != " ":
            flat_parts.append(text[cursor : run.start()] + " ")
            removed += len(run.group()) - 1
            shifts.append((run.start() - removed + len(run.group()), removed))
            cursor = run.end()
    flat = "".join(flat_parts) + text[cursor:] if flat_parts else text

    def original(position: int) -> int:
        index = bisect.bisect_right(shifts, (position, float("inf"))) - 1
        return position + (shifts[index][1] if index >= 0 else 0)

    found: list[tuple[int, int, str]] = []
    for last, key in matcher.automaton.iter(flat):
        start, end = last - len(key) + 1, last + 1
        if start > 0 and _is_word_char(flat[start - 1]) or end < len(flat) and (_is_word_char(flat[end]) or flat[end] == "$"):
            continue  # inside a word, or a currency ("US$")
        found.append((start, end, key))
    # Longest first at each position, no overlaps: the rule a regex alternation sorted longest
    # first gave, now over all matches at once.
    found.sort(key=lambda item: (item[0], item[0] - item[1]))
    mentions, taken_to = [], -1
    for start, end, key in found:
        if start < taken_to:
            continue
        taken_to = end
        actor = matcher.actor_by_key[key]
        if actor is not None:
            first, stop = original(start), original(end - 1) + 1
            mentions.append(Mention(actor=actor, start=first, end=stop, surface=text[first:stop]))
    return mentions
