"""Candidate names in one field of an article: runs of capitalised words, with titles, common
words, credits and headings dealt with (:mod:`components.language.discovery` merges and types them).

A run is a stretch of capitalised words on one line, with the particles of names inside ("Bank
of England", "Ludwig van Beethoven", "bin Salman", "al-Assad"), initials ("J. K. Rowling"),
suffixes ("Jr.") and acronyms ("CIA", "U.N."). :func:`trim_candidate` cuts titles off a name
("President Emmanuel Macron", counted as evidence of a person), a possessive, and a common word
that only starts a sentence ("Rescuers said"); a title-case or all-caps line is a heading, where
:func:`heading_names` takes only names the article gives elsewhere, countries, places and acronyms.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from components.language.gazetteer import HEAD_TITLES, HONORIFICS, Gazetteer

# Words inside a name that make it an organisation, or a place.
ORGANIZATION_WORDS = frozenset(
    """ministry department university college school institute academy party inc corp corporation
    company co ltd llc plc gmbh group bank court council committee commission agency service
    services office bureau authority association union federation league foundation fund trust
    society organization organisation army navy police force forces guard church club fc
    airlines airways press news times post journal network television tv radio channel center
    centre board congress senate parliament assembly cabinet government administration command
    brigade regiment battalion studios records motors systems technologies holdings partners
    labs laboratory museum team coalition alliance movement front brotherhood mission tribunal
    secretariat magazine shipping tankers industries enterprises media broadcasting
    observatory hospital air airline""".split()
)

PLACE_WORDS = frozenset(
    """city county province island islands river lake mountain mountains mount sea ocean gulf bay
    valley street square avenue road bridge airport park stadium circuit strait peninsula desert
    coast region highway canal harbour harbor port village town state oblast krai prefecture
    district territory""".split()
)

# Capitalised words that start names only as function words, days, months or captions.
STOPWORDS = frozenset(
    """
    a an the this that these those there here it its i we you he she they me us him her them my our
    your his their what which who whom whose why how when where whether if then than and or but
    nor so yet for of in on at by to from with without into onto over under after before since
    until while during about above below between among against through across along around
    behind beyond near as is are was were be been being am do does did has have had will would
    shall should can could may might must not no yes all any both each every some many much more
    most few other such one two three four five six seven eight nine ten first second third last
    next also only just even still again already ever never always often however meanwhile
    furthermore moreover therefore thus hence instead ultimately finally additionally although
    though because unless whereas besides overall indeed perhaps rather according despite like
    unlike following amid yeah well oh okay ok today yesterday tomorrow tonight
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    monday tuesday wednesday thursday friday saturday sunday
    image images photo photos photograph picture pictures credit credits video source sources
    update updated breaking exclusive editor note read more advertisement
    """.split()
)

CONNECTORS = frozenset("of de del della da das dos van von der den la le du bin bint ibn al el y di".split())
JOINERS = frozenset({"and", "&"})
"""Words that join two names into one only where the whole is a known place or an organisation's
name ("Bosnia and Herzegovina", "Pacific Gas and Electric Company"); elsewhere they part them."""

PREFIXED = re.compile(r"(?:al|el|ad|an|as|ash|at|az|bin|ibn|abu)-[^\W\d_]", re.IGNORECASE)

_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[A-Z]\.(?=\s)|[^\W_](?:[\w'’&-]*[^\W_])?|\S")

_UPPER = "".join(ch for code in (*range(0x41, 0x250), *range(0x370, 0x530)) if (ch := chr(code)).isupper())

_CAPITAL_WORD = (
    r"(?:(?:Jr|Sr|Inc|Corp|Co|Ltd|St|Mt|Ft|Gen|Col|Lt|Capt|Sgt|Sen|Rep|Gov|Dr|Mr|Mrs|Ms|Prof|Rev|Adm|Maj)\."
    rf"|(?:[{_UPPER}]\.){{2,}}|[{_UPPER}]\.(?=\s)"
    rf"|(?:(?:al|el|ad|an|as|ash|at|az|bin|ibn|abu)-)?[{_UPPER}](?:[\w'’&-]*[^\W_])?)"
)

_RUN = re.compile(
    rf"{_CAPITAL_WORD}(?:[ \t\u00a0]{{1,2}}(?:(?:of(?: the)?|and|&|de|del|della|da|das|dos|van|von|der|den|la|le|du|bin"
    rf"|bint|ibn|al|el|y|di)[ \t\u00a0]{{1,2}})*{_CAPITAL_WORD})*"
)
"""A stretch of capitalised words (and the particles between them): the only places a name can be."""

INITIAL = re.compile(r"[A-Z]\.")

INITIALS = re.compile(r"(?:[A-Z]\.)+")

_POSSESSIVE = re.compile(r"['’]s?$")

_WORD = re.compile(r"[^\W\d_][\w'’-]*")

_SENTENCE_END = ".!?:;…•|"

_OPENERS = "\"'“‘([«"

_CREDIT = re.compile(
    r"(?:^|(?<=[\s(]))(?:Images?|Photos?|Photograph|Pictures?|Credits?|Video|Source)\s*:[^\n]*|\((?:[^()\n]*\b(?:Getty Images|AP Photo|AFP|Reuters|EPA)\b[^()\n]*)\)",
)

_DATELINE = re.compile(r"\A\s*(?P<place>[A-Z][A-Z'.-]+(?: [A-Z][A-Z'.-]+)*)(?:,\s*[A-Z][\w.]+(?: [A-Z][\w.]+)*)?\s*\((?P<agency>[^()\n]{2,40})\)\s*[-–—]")

_ABBREVIATED = frozenset("jr sr inc corp co ltd st mt ft gen col lt capt sgt sen rep gov dr mr mrs ms prof rev adm maj".split())

@dataclass
class Token:
    text: str
    start: int
    end: int
    initial: bool  # first word of a sentence or line


@dataclass
class Candidate:
    field: str
    tokens: list[Token]
    evidence: Counter[str] = field(default_factory=Counter)
    repeated: bool = False  # a lone word the article writes capitalised mid-sentence 3 times or more
    _words: tuple[str, ...] | None = None

    @property
    def start(self) -> int:
        return self.tokens[0].start

    @property
    def end(self) -> int:
        return self.tokens[-1].end

    @property
    def words(self) -> tuple[str, ...]:
        if self._words is None or len(self._words) != len(self.tokens):
            self._words = tuple(t.text for t in self.tokens)
        return self._words


def mask_field(text: str, spans: Iterable[tuple[int, int]], *, dateline: bool) -> str:
    """``text`` with taken spans, credits and a dateline's agency blanked (same length)."""
    chars = list(text)
    blanks = list(spans) + [m.span() for m in _CREDIT.finditer(text)]
    if dateline and (match := _DATELINE.match(text)):
        blanks.append(match.span())
    for start, end in blanks:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def dateline_candidates(text: str) -> list[Candidate]:
    """The place of an all-caps dateline ("TEHRAN (Reuters) -"): a place, never the agency."""
    match = _DATELINE.match(text)
    if not match:
        return []
    start, end = match.span("place")
    candidate = Candidate("body", [Token(text[start:end], start, end, initial=False)], Counter())
    candidate.evidence["place"] += 5
    return [candidate]


def _is_heading(words: Sequence[str], gaz: Gazetteer) -> bool:
    """A line in Title Case or ALL CAPS, whose capitals say nothing about names: three words or
    more, all capitalised but for short function words, and some of them common words."""
    letters = [w for w in words if w[:1].isalpha()]
    if len(letters) < 3:
        return False
    if all(w.isupper() for w in letters if len(w) > 1) and sum(len(w) > 1 for w in letters) >= 3:
        return True
    capitalised = [w for w in letters if w[:1].isupper()]
    lower_ok = all(w[:1].isupper() or w.lower() in STOPWORDS or w in CONNECTORS for w in letters)
    common = sum(1 for w in capitalised if w.lower() in STOPWORDS or gaz.zipf_of(w) >= 4.5)
    return lower_ok and common >= 2


def field_candidates(field_name: str, text: str, gaz: Gazetteer) -> tuple[list[Candidate], list[tuple[int, int]]]:
    """Runs of capitalised words, line by line; heading lines are returned apart."""
    found: list[Candidate] = []
    headings: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        if _is_heading(_WORD.findall(line), gaz):
            headings.append((offset, offset + len(line)))
        else:
            # Only the stretches of capitalised words can hold a name: tokenise those alone.
            for run in _RUN.finditer(line):
                found += _runs(field_name, line, tokenize(line, offset, gaz, run.start(), run.end()), offset)
        offset += len(line) + 1
    return found, headings


def tokenize(line: str, offset: int, gaz: Gazetteer | None = None, start: int = 0, end: int | None = None) -> list[Token]:
    """The words of ``line[start:end]`` with offsets (plus ``offset``), abbreviations with their dot."""
    tokens: list[Token] = []
    before = line[max(0, start - 40) : start].split()
    previous = before[-1] if before else ""
    taken_to = start
    for match in _TOKEN.finditer(line, start, len(line) if end is None else end):
        word, first, last = match.group(), match.start(), match.end()
        if first < taken_to:
            continue  # the dot an abbreviation took ("Sen.")
        if word[:1].isalpha() and last < len(line) and line[last] == "." and word.lower() in _ABBREVIATED:
            word, last = word + ".", last + 1
        taken_to = last
        # Only a capitalised word can start a name: lower-case ones need no sentence check.
        initial = (word[:1].isupper() or word[:1].isdigit()) and _starts_sentence(line, first, previous)
        if "-" in word:
            for part, part_start in _hyphen_parts(word, first, gaz):
                tokens.append(Token(part, offset + part_start, offset + part_start + len(part), initial))
                initial = False
        else:
            tokens.append(Token(word, offset + first, offset + last, initial))
        previous = word
    return tokens


def _hyphen_parts(word: str, start: int, gaz: Gazetteer | None) -> list[tuple[str, int]]:
    """``word`` cut at hyphens where it joins names: "Greece-based" -> "Greece" (the rest is a
    lower-case word), "US-Iran" -> "US", "Iran" (both known names); "Jean-Claude" stays whole."""
    if "-" not in word[1:-1] or PREFIXED.match(word):
        return [(word, start)]
    head, _, rest = word.partition("-")
    if rest[:1].islower() and head[:1].isupper():
        return [(head, start)]
    parts = word.split("-")
    if gaz is not None and all(p in gaz.countries or p in gaz.places for p in parts):
        found, position = [], start
        for part in parts:
            found.append((part, position))
            position += len(part) + 1
        return found
    return [(word, start)]


def _starts_sentence(line: str, start: int, previous: str) -> bool:
    i = start - 1
    while i >= 0 and (line[i] in " \t\u00a0" or line[i] in _OPENERS):
        i -= 1
    if i < 0:
        return True
    if line[i] == "." and previous.endswith(".") and previous[:-1].lower() in _ABBREVIATED:
        return False  # "Sen. Warren": the dot is the title's
    if line[i] == "." and INITIALS.fullmatch(previous or ""):
        return False  # "J. K. Rowling", "the U.S. Army"
    return line[i] in _SENTENCE_END


def _is_name_word(word: str) -> bool:
    return word[:1].isupper() or PREFIXED.match(word) is not None


def _runs(field_name: str, line: str, tokens: list[Token], offset: int) -> list[Candidate]:
    runs: list[Candidate] = []
    current: list[Token] = []
    pending: list[Token] = []  # connectors waiting for a capitalised word after them

    def close() -> None:
        nonlocal current, pending
        if current:
            runs.append(Candidate(field_name, current, Counter()))
        current, pending = [], []

    for token in tokens:
        word = token.text
        if current:
            gap = line[current[-1].end - offset : token.start - offset] if not pending else line[pending[-1].end - offset : token.start - offset]
            if gap.strip() or "\n" in gap or len(gap) > 2:
                close()
        if _is_name_word(word) and word.lower().rstrip(".") not in STOPWORDS:
            current.extend(pending)
            pending = []
            current.append(token)
            if len(word) > 2 and word[-1] in "'’s" and _POSSESSIVE.search(word):
                close()  # "United Kingdom's Foreign Office": a possessive ends the name
        elif current and (word in CONNECTORS or word in JOINERS or (word == "the" and pending and pending[-1].text == "of")):
            pending.append(token)
        else:
            close()
            if _is_name_word(word):  # a capitalised stopword ("The", "In") ends a run but starts none
                continue
    close()
    return runs


def trim_candidate(candidate: Candidate, gaz: Gazetteer, mid_sentence: set[str], lowercase: set[str]) -> list[Candidate]:
    """Cut titles, possessives and sentence-initial common words; split a run at a title, and at
    "and" unless the whole is one name."""
    tokens = list(candidate.tokens)
    joins = [i for i, t in enumerate(tokens) if t.text in JOINERS]
    if joins:
        whole = " ".join(t.text for t in tokens)
        if not (tokens[-1].text.replace(".", "").lower() in ORGANIZATION_WORDS or whole in gaz.countries or whole in gaz.places):
            parts, start = [], 0
            for end in [*joins, len(tokens)]:
                if start < end:
                    parts.append(Candidate(candidate.field, tokens[start:end], Counter(candidate.evidence)))
                start = end + 1
            return [piece for part in parts for piece in trim_candidate(part, gaz, mid_sentence, lowercase)]
    evidence: Counter[str] = Counter(candidate.evidence)
    pieces: list[Candidate] = []
    # A title inside the run ("Russian President Vladimir Putin", "Emergencies Minister Yevgeny
    # Zinichev"): what follows it is the person; what comes before is kept only if it is a
    # known name on its own (a country or its demonym), not a portfolio ("Emergencies").
    for index in range(len(tokens) - 1, -1, -1):
        if is_title_word(tokens[index].text) and index + 1 < len(tokens) and _person_after_title(tokens[index + 1 :], gaz):
            before = tokens[:index]
            while before and (is_title_word(before[-1].text) or before[-1].text in CONNECTORS):
                before = before[:-1]
            joined = " ".join(t.text for t in before)
            if before and (
                joined in gaz.countries
                or any(t.text.replace(".", "").lower() in ORGANIZATION_WORDS for t in before)
                or (len(before) > 1 and not is_title_word(before[0].text))
            ):
                pieces.append(Candidate(candidate.field, before, Counter()))
            tokens = tokens[index + 1 :]
            evidence["person"] += 4  # a title right before a name: stronger than a gazetteer's town
            break
    if all(is_title_word(t.text) or t.text in CONNECTORS for t in tokens):
        return pieces  # "Secretary of State", "Governor-General": a title with no name
    for index, token in enumerate(tokens[:-1]):
        if token.text == "of" and all(is_title_word(t.text) for t in tokens[:index]):
            tokens = tokens[index + 1 :]  # "Governor-General of Australia" -> "Australia"
            break
    if tokens and tokens[0].text in ("MV", "MS", "HMS", "USS", "SS", "RMS", "MT"):
        evidence["other"] += 6  # a ship
    stripped = _strip_titles(tokens, gaz)
    if len(stripped) < len(tokens) and stripped:
        honorific = tokens[0].text.lower().rstrip(".") in HONORIFICS
        evidence["person"] += 4 if honorific or _looks_personal(stripped, gaz) else 1
    tokens = stripped
    if len(tokens) > 1 and is_title_word(tokens[-1].text) and " ".join(t.text for t in tokens[:-1]) in gaz.countries:
        tokens = tokens[:-1]  # "Australian Governor-General" -> "Australian"
    tokens = _strip_initial_common(tokens, gaz, mid_sentence, lowercase)
    while tokens and (tokens[0].text in CONNECTORS or tokens[0].text == "the"):
        tokens = tokens[1:]
    while tokens and tokens[-1].text in CONNECTORS:
        tokens = tokens[:-1]
    if not tokens:
        return pieces
    last = tokens[-1]
    possessive = _POSSESSIVE.search(last.text) if len(last.text) > 2 else None
    if possessive:
        trimmed = last.text[: possessive.start()]
        tokens[-1] = Token(trimmed, last.start, last.start + len(trimmed), last.initial)
    if any(t.text.endswith(".") and t.text[:-1].lower() in gaz.suffixes for t in tokens):
        evidence["person"] += 2
    return pieces + [Candidate(candidate.field, tokens, evidence)]


def is_title_word(word: str) -> bool:
    lowered = word.lower().rstrip(".")
    return lowered in HONORIFICS or lowered in HEAD_TITLES or (
        "-" in lowered and any(part in HEAD_TITLES for part in lowered.split("-"))
    )


def _person_after_title(tokens: Sequence[Token], gaz: Gazetteer) -> bool:
    """After a title inside a run: a first name, an initial, or a rare surname-like word or two."""
    if not _looks_personal(tokens, gaz):
        return False
    first = tokens[0].text
    if all(t.text.rstrip(".").lower() in gaz.suffixes for t in tokens):
        return False  # "King Jr.": a name ending in a suffix, not a title and a name
    return (
        first in gaz.first_names
        or INITIAL.fullmatch(first) is not None
        or (len(tokens) > 1 and gaz.zipf_of(first) < 4.0)
        or all(gaz.zipf_of(t.text) < 4.0 for t in tokens)
    )


def _strip_titles(tokens: list[Token], gaz: Gazetteer) -> list[Token]:
    """Leading honorifics always go; other titles only when a person's name follows."""
    index = 0
    while index < len(tokens) and tokens[index].text.lower().rstrip(".") in HONORIFICS and index + 1 < len(tokens):
        index += 1
    end = index
    while end < len(tokens) and (is_title_word(tokens[end].text) or tokens[end].text in CONNECTORS):
        end += 1
    if index < end < len(tokens) and _person_after_title(tokens[end:], gaz):
        index = end
    return tokens[index:]


def _looks_personal(tokens: Sequence[Token], gaz: Gazetteer) -> bool:
    """Could these words be a person's name (not an organisation, country or place)?"""
    if not tokens or len(tokens) > 5:
        return False
    words = [t.text.rstrip(".").lower() for t in tokens]
    if any(w in ORGANIZATION_WORDS or w in PLACE_WORDS for w in words):
        return False
    joined = " ".join(t.text for t in tokens)
    if joined in gaz.countries or (joined in gaz.places and tokens[0].text not in gaz.first_names):
        return False
    return tokens[0].text in gaz.first_names or INITIAL.fullmatch(tokens[0].text) is not None or len(tokens) <= 3


def _strip_initial_common(tokens: list[Token], gaz: Gazetteer, mid_sentence: set[str], lowercase: set[str]) -> list[Token]:
    """Drop a sentence's first word when it is a common word, not a name ("Rescuers", "Examining")."""
    if not tokens or not tokens[0].initial:
        return tokens
    first = tokens[0].text
    joined = " ".join(t.text for t in tokens)
    if joined in gaz.countries or joined in gaz.places or first in mid_sentence or first.isupper():
        return tokens
    if first in gaz.countries or (first in gaz.first_names and len(tokens) > 1):
        return tokens
    if len(tokens) > 1:  # "Examining Iran Air", but "Vladimir Putin met..."
        zipf = gaz.zipf_of(first)
        common = first.lower() in lowercase or zipf >= 4.3 or (zipf >= 3.0 and first.endswith(("ing", "ed", "ly")))
    else:
        common = first.lower() in lowercase or gaz.zipf_of(first) >= 2.5
    if len(tokens) == 1 and first in gaz.places and not common:
        return tokens
    return tokens[1:] if common else tokens


def heading_names(
    texts: dict[str, str], headings: list[tuple[str, int, int]], found: list[Candidate], gaz: Gazetteer
) -> list[Candidate]:
    """In a title-case or all-caps line, the names the article gives elsewhere, countries,
    places and acronyms (longest first), and nothing else."""
    if not headings:
        return []
    known = {" ".join(c.words) for c in found} | {c.words[-1] for c in found if len(c.words) > 1}
    names: list[Candidate] = []
    for field_name, start, end in headings:
        tokens = tokenize(texts[field_name][start:end], start, gaz)
        index = 0
        while index < len(tokens):
            taken = 0
            for size in range(min(5, len(tokens) - index), 0, -1):
                part = tokens[index : index + size]
                joined = " ".join(t.text for t in part)
                bare = re.sub(r"['’]s$", "", joined)
                if bare in known or bare in gaz.countries or (bare in gaz.places and gaz.zipf_of(bare) < 4) or (
                    size == 1 and is_acronym(bare) and len(bare) > 1
                ):
                    if bare != joined:
                        last = part[-1]
                        part = part[:-1] + [Token(last.text[: len(last.text) - 2], last.start, last.end - 2, last.initial)]
                    names.append(Candidate(field_name, part, Counter()))
                    taken = size
                    break
            index += taken or 1
    return names


def is_acronym(word: str) -> bool:
    letters = word.replace(".", "").replace("&", "")
    return len(letters) >= 2 and letters.isalnum() and letters.isupper() and any(c.isalpha() for c in letters)
