"""Actor discovery: the people, organisations, countries and places an article names, with no dictionary.

:func:`discover_actors` reads an article's title and body and returns every name it finds, each
with its field (``title`` or ``body``), exact offsets, the actor it belongs to within the
article and a type (``person``, ``organization``, ``country``, ``place`` or ``other``):

1. **Candidates** are runs of capitalised words on one line, with the particles of names
   inside ("Bank of England", "Ludwig van Beethoven", "bin Salman", "al-Assad"), initials
   ("J. K. Rowling"), suffixes ("Jr."), and acronyms ("CIA", "U.N."). A run is cut at function
   words, days and months. Not names: a common word that only starts a sentence ("Rescuers
   said"; told by word frequency and by whether the article writes it in lower case), photo
   credits ("Image: ..."), and the words of a title-case heading, where only names the article
   gives elsewhere, countries, places and acronyms are taken.
2. **Titles** ("President Emmanuel Macron", "Sen. Warren", "Ms Lam") are cut off the name and
   count as evidence of a person. A dateline ("TEHRAN (Reuters) -") names a place; the agency
   in it is a credit, not a mention.
3. **Merging within the article.** A surname or first name alone belongs to the full name it
   ends or starts, the nearest one before it when two people share it; a defined acronym
   ("the Federal Security Service (FSB)") and its long form are one actor; a demonym
   ("Iranian") is a mention of its country.
4. **Types** come from evidence: a gazetteer of countries, demonyms, cities, US states and
   continents and a census list of first names (:mod:`components.language.gazetteer`),
   titles, organisation words in the name (Ministry, University, Party, Inc., Court...),
   place words (City, River, Airport...) and cues in the text ("in X", "X-based", "X said").
   Where the evidence is weak the type is ``other``: never a silent guess.

Everything here is dictionary-free; :func:`components.engine.textanalysis.match_article` puts it
beside the dictionary's mentions (which win) and applies the dictionary's ``ignore`` list.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from components.language.gazetteer import Gazetteer, load_gazetteer
from components.language.name_candidates import (
    CONNECTORS,
    INITIAL,
    INITIALS,
    ORGANIZATION_WORDS,
    PLACE_WORDS,
    PREFIXED,
    STOPWORDS,
    Candidate,
    dateline_candidates,
    field_candidates,
    heading_names,
    is_acronym,
    is_title_word,
    mask_field,
    trim_candidate,
)

DISCOVERED_TYPES = ("person", "organization", "country", "place", "other")

DISCOVERY_VERSION = 1
"""Bump when the rules find other names in the same text: stored mentions are matched again."""

_DEFINED = re.compile(r"\s*\(\s*([A-Z][A-Za-z0-9.&]{1,9})\s*\)")

_SPEECH = frozenset("said says told tells added asked announced stated wrote explained warned argued claimed insisted".split())

_PLACE_CUES = frozenset("in near at outside across throughout".split())

_EVENT_WORDS = frozenset(
    "war act bill award awards prize cup championship championships olympics games festival summit "
    "conference day year agreement treaty accord plan program programme election elections season "
    "partnership strategy initiative deal pact doctrine".split()
)

_EVENT_PREFIXES = frozenset("hurricane storm typhoon cyclone operation tropical".split())

_TIME_ZONES = frozenset("UTC GMT BST CET CEST EET EEST WET EST EDT CST CDT MST MDT PST PDT IST JST AEST AEDT HKT".split())
# A lone generic word is no name ("Police said", "the State"); these lone words do name one body.
_LONE_INSTITUTIONS = frozenset("Congress Senate Parliament House Kremlin Pentagon Knesset Duma Bundestag Vatican".split())


@dataclass(frozen=True)
class Found:
    """One name found in an article: where it is, and the actor it belongs to there."""

    field: str  # "title" or "body"
    start: int
    end: int
    surface: str  # the field's text[start:end]
    name: str  # the actor's name within the article: full name, long form, or the country
    type: str  # one of DISCOVERED_TYPES


def discover_actors(
    title: str,
    body: str,
    *,
    skip: dict[str, Sequence[tuple[int, int]]] | None = None,
    gazetteer: Gazetteer | None = None,
) -> list[Found]:
    """Every name in ``title`` and ``body`` (see the module docstring), sorted by field then start.

    ``skip`` maps a field to spans already taken (the dictionary's mentions): nothing found
    overlaps them, but they still count as names that a heading or a surname may refer to.
    """
    gaz = gazetteer or load_gazetteer()
    skip = skip or {}
    texts = {"title": title, "body": body}
    candidates: list[Candidate] = []
    headings: list[tuple[str, int, int]] = []
    for name, text in texts.items():
        masked = mask_field(text, skip.get(name, ()), dateline=name == "body")
        found, heading_lines = field_candidates(name, masked, gaz)
        candidates += found
        headings += [(name, start, end) for start, end in heading_lines]
        if name == "body":
            candidates += dateline_candidates(text)
    mid_counts = Counter(t.text for c in candidates for t in c.tokens if not t.initial)
    mid_sentence = set(mid_counts)
    lowercase = {w for text in texts.values() for w in re.findall(r"\b[a-z][a-z'-]+\b", text)}
    kept = [c for part in candidates for c in trim_candidate(part, gaz, mid_sentence, lowercase)]
    for c in kept:
        c.repeated = len(c.words) == 1 and mid_counts[c.words[0]] >= 3 and c.words[0].lower() not in lowercase
    kept += heading_names(texts, headings, kept, gaz)
    return _resolve(kept, texts, gaz)


def _resolve(candidates: list[Candidate], texts: dict[str, str], gaz: Gazetteer) -> list[Found]:
    """Merge the candidates of one article into actors and type them."""
    candidates = sorted((c for c in candidates if c.tokens), key=lambda c: (c.field != "title", c.start))
    surface_of = {id(c): texts[c.field][c.start : c.end] for c in candidates}
    for c in candidates:
        _add_evidence(c, texts[c.field], gaz)
    name_of: dict[int, str] = {}
    # Defined acronyms: "Federal Security Service (FSB)".
    long_form: dict[str, str] = {}
    for c in candidates:
        text = texts[c.field]
        match = _DEFINED.match(text, c.end, c.end + 16) if text[c.end : c.end + 3].lstrip()[:1] == "(" else None
        if match and is_acronym(match.group(1)) and len(c.words) > 1 and match.group(1)[0] == c.words[0][0]:
            long_form[match.group(1)] = " ".join(c.words)
    for c in candidates:
        surface = " ".join(c.words)
        if surface in gaz.countries:
            name_of[id(c)] = gaz.countries[surface]
            c.evidence["country"] += 10
        elif surface in long_form:
            name_of[id(c)] = long_form[surface]
        else:
            name_of[id(c)] = surface
    # A surname or first name alone (or a name's first words) belongs to a fuller name before it.
    full_by_part: dict[str, list[Candidate]] = defaultdict(list)
    for f in candidates:
        if len(f.words) > 1 and name_of[id(f)] == " ".join(f.words):
            full_by_part[f.words[0]].append(f)
            if f.words[-1] != f.words[0]:
                full_by_part[f.words[-1]].append(f)
    for c in candidates:
        if len(c.words) != 1 or name_of[id(c)] != c.words[0] or c.words[0] in gaz.countries:
            continue
        word = c.words[0]
        owners = sorted(full_by_part.get(word, ()), key=lambda f: (f.field != "title", f.start)) if not is_acronym(word) else []
        if not owners:
            continue
        before = [f for f in owners if (f.field, f.start) < (c.field, c.start)] or owners
        owner = before[-1] if (c.field, c.start) > (before[-1].field, before[-1].start) else owners[0]
        if word == owner.words[0] and owner.words[0] in gaz.places and len(owner.words) > 1:
            continue  # "New" of "New York" is no name of its own anyway
        name_of[id(c)] = name_of[id(owner)]
    # Types per actor, from the evidence of all its mentions.
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for c in candidates:
        votes[name_of[id(c)]].update(c.evidence)
    types = {name: _decide(counter) for name, counter in votes.items()}
    found = [
        Found(c.field, c.start, c.end, surface_of[id(c)], name_of[id(c)], types[name_of[id(c)]])
        for c in candidates
        if _worth_keeping(c, name_of[id(c)], types[name_of[id(c)]], gaz)
    ]
    return _without_overlaps(found)


def _worth_keeping(c: Candidate, name: str, kind: str, gaz: Gazetteer) -> bool:
    word = " ".join(c.words)
    if len(word) < 2 or not any(ch.isalpha() for ch in word) or INITIALS.fullmatch(word) and len(word) <= 2:
        return False
    if word in _TIME_ZONES:
        return False  # "12:00 UTC" names no actor
    if len(c.words) > 1 or name != word or word in _LONE_INSTITUTIONS or is_acronym(word):
        return True
    lowered = word.lower().rstrip(".")
    if lowered in STOPWORDS or lowered in ORGANIZATION_WORDS or lowered in PLACE_WORDS or is_title_word(word):
        return False
    # A lone common word with no sign of being a name: a capitalised adjective or noun
    # ("Western", "Jewish", "Industry"), not an actor, unless the article writes it as a name
    # again and again and never in lower case ("Google").
    return not (kind == "other" and gaz.zipf_of(word) >= 3.5 and not c.repeated)


def _add_evidence(c: Candidate, text: str, gaz: Gazetteer) -> None:
    words = c.words
    lowered = [w.replace(".", "").lower() for w in words]
    joined = " ".join(words)
    evidence = c.evidence
    if joined in gaz.countries:
        evidence["country"] += 10
        return
    if any(w in ORGANIZATION_WORDS for w in lowered) or (len(words) > 1 and words[-1].rstrip(".").lower() in ("inc", "corp", "ltd", "co")):
        evidence["organization"] += 4
    if any(w in PLACE_WORDS for w in lowered[1:]) or (lowered[0] in ("mount", "lake", "port", "fort") and len(words) > 1):
        evidence["place"] += 3
    place = joined if joined in gaz.places else joined.title() if joined.isupper() and joined.title() in gaz.places else None
    if place is not None:  # "TEHRAN" of a dateline is Tehran
        evidence["place"] += 3 if gaz.places[place] >= 100_000 else 2
    if len(words) == 1 and is_acronym(words[0]):
        evidence["organization"] += 3
    if len(words) > 1 and words[0] in gaz.first_names:
        evidence["person"] += 2 if words[-1] in gaz.surnames or len(words) == 2 else 1
    elif (
        1 < len(words) <= 3
        and not evidence["organization"] + evidence["place"] + evidence["other"]
        and gaz.zipf_of(words[0]) < 4.5
        and all(w[:1].isupper() or PREFIXED.match(w) or w in CONNECTORS for w in words)
        and joined not in gaz.places
    ):
        evidence["person"] += 2  # two or three capitalised words, not common ones, no other sign
    if len(words) == 1 and words[0] in gaz.first_names and words[0] not in gaz.places and gaz.zipf_of(words[0]) < 4.5:
        evidence["person"] += 2
    if len(words) > 1 and words[0] not in gaz.first_names and lowered[-1] in _EVENT_WORDS or lowered[0] in _EVENT_PREFIXES:
        evidence["other"] += 5  # "Gulf War", "Hurricane Dorian": an event, not an actor
    if len(words) > 2 and INITIAL.fullmatch(words[-2]) is not None:
        evidence["person"] += 2
    before = text[max(0, c.start - 20) : c.start].split()
    after = text[c.end : c.end + 20].split()
    previous = before[-1].lower() if before else ""
    following = after[0].lower().strip(",.;:") if after else ""
    if previous in _PLACE_CUES or text[c.end : c.end + 6] == "-based" or (
        previous == "the" and len(before) > 1 and before[-2].lower() in _PLACE_CUES
    ):
        evidence["place"] += 2 if len(words) > 1 or previous == "the" else 1
    if following in _SPEECH or (previous == "to" and len(before) > 1 and before[-2].lower() == "according"):
        evidence["person" if not any(w in ORGANIZATION_WORDS for w in lowered) and not is_acronym(joined) else "organization"] += 1
    if len(words) == 1 and words[0] in gaz.surnames and words[0] not in gaz.places and gaz.zipf_of(words[0]) < 3.5:
        evidence["person"] += 1


def _decide(evidence: Counter[str]) -> str:
    """The type with the most evidence; "other" when there is too little to tell."""
    if not evidence:
        return "other"
    (best, score), *rest = evidence.most_common() + [("other", 0)]
    runner_up = rest[0][1] if rest else 0
    if score < 2 or score == runner_up:
        return "other"
    return best


def _without_overlaps(found: list[Found]) -> list[Found]:
    """Sorted by field and start; of two overlapping names the longer stays."""
    kept: list[Found] = []
    for item in sorted(found, key=lambda f: (f.field != "title", f.start, -(f.end - f.start))):
        if kept and kept[-1].field == item.field and item.start < kept[-1].end:
            continue
        kept.append(item)
    return kept
