"""Keyphrase candidates of one text, and their ranking: noun-phrase-like phrases, names kept whole.

:func:`rank_keyphrases` reranks a text's phrases with what makes a news keyphrase, YAKE's own
list (:mod:`components.language.keywords`) being one of the signals:

- **Candidates** (:func:`find_phrases`) are runs of content words inside a clause (no
  punctuation, stopword, verb-like word, weekday, month or credit word inside), of two kinds:
  a *name* (a run of capitalised words, with the particles of names such as "of" and "de"
  inside, cut after a title: "District Judge Michael Smith" gives "Michael Smith"), never cut in
  pieces; or a *common phrase* (lower-case words, with at most one capitalised word in front:
  "gas explosion", "Iraqi air base"). Two names are never one phrase, so "Putin told Araqchi"
  is "Putin" and "Araqchi". A surname or first name alone counts for the full name it belongs
  to ("Mandela" for "Nelson Mandela"), and a demonym alone for its country when the text names
  it. Credit lines ("Image: ...", "Photo: ...") are not read.
- **Ranking** multiplies how often the phrase occurs, how early it first occurs (news says
  what matters first), how rare its words are in English (``wordfreq``, through the gazetteer:
  a corpus-free document frequency), YAKE's rank of it, when YAKE has it, and whether the
  headline holds it (a common phrase of several words: "car accident").
- **The headline** is read before the text, with the same rules (a title-case headline is
  lowered where the text writes its words in lower case). Its phrases count only as evidence:
  a phrase of the text keeps the text's count, position and spelling; a common phrase of the
  headline alone ("missile strike") is a candidate when the text uses each of its words.

Everything is per text and dictionary-free, like the rest of ``analyze_text``.
"""

from __future__ import annotations

import heapq
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from components.language.gazetteer import HONORIFICS, Gazetteer, load_gazetteer
from components.language.keyword_backends import Keyword
from components.language.keyword_repairs import FRAGMENT_COVERAGE, keyword_key
from components.language.name_candidates import ORGANIZATION_WORDS, PLACE_WORDS

CALENDAR_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec""".split()
)
"""Weekdays and months: never part of a keyphrase (capitalised, as a date; "march" as a noun is fine)."""

CREDIT_WORDS = frozenset(
    "image images photo photos photograph photographs picture pictures credit credits courtesy caption".split()
)
"""Words of photo credits and captions: never part of a keyphrase."""

# Titles after which a capitalised run is a person's name ("Senate Majority Leader Harry Reid").
PERSON_TITLES = HONORIFICS | frozenset(
    """president vice-president president-elect minister secretary senator congressman congresswoman
    representative governor mayor judge justice chancellor premier ambassador envoy spokesman
    spokeswoman spokesperson chairman chairwoman chief director commissioner commander general
    admiral colonel captain lieutenant sergeant officer king queen prince princess leader speaker
    attorney prosecutor coach manager ceo founder candidate detective bishop archbishop cardinal
    sultan emir pope professor doctor actor actress singer writer author journalist reporter
    player striker footballer""".split()
)

# Lower-case verbs news writes between names and around quotes: a phrase ends before them.
VERBS = frozenset(
    """said says say told tells tell asked asks ask added adds stated states announced announces
    reported reports claimed claims warned warns urged urges called calls made makes make took takes
    take gave gives give went goes go came comes come got gets get held holds hold met meets meet
    left leaves leave ran runs run saw sees see sent sends send won wins win lost loses lose put puts
    kept keeps keep found finds find brought brings bring began begins begin became becomes become
    built builds bought buys paid pays led leads fell falls struck strikes wrote writes spoke speaks
    chose chooses rose rises thought thinks think knew knows know felt feels heard hears meant means
    stood stands understood showed shows show let lets seemed seems seem became believed believes
    believe including according following despite amid regarding concerning saying telling making
    taking giving getting going coming having being done been did does doing used uses use wanted
    wants want needed needs need tried tries try agreed agrees agree allowed allows allow expected
    expects expect died dies die killed kills kill""".split()
)
"""Verb forms that would glue words into a clause ("Putin told Araqchi"); "-ed" and "-ly" words
are told by their ending."""

AGENCIES = frozenset("reuters afp interfax xinhua dpa efe ansa tass itar-tass ria novosti upi".split())
"""News agencies, named in credits and datelines: sources, not topics."""

_NOT_ADVERBS = frozenset(
    "family assembly supply rally ally italy july anomaly monopoly butterfly jelly reply fly bully holly lily emily kelly "
    "belly holy only ugly early daily weekly monthly elderly friendly".split()
)
_ED_NOUNS = frozenset("bed red shed seed need speed feed greed creed hundred fled breed deed".split())

_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W_](?:[\w'’&-]*[^\W_])?")
_CREDIT_LINE = re.compile(
    r"(?im)^[ \t]*(?:images?|photos?|photographs?|pictures?|credits?|courtesy|caption|video|source)\b[ \t]*:[^\n]*"
    r"|\((?:images?|photos?|pictures?|credits?)\s*:[^()\n]*\)"
)
_POSSESSIVE = re.compile(r"['’]s?$")
_PREFIXED = re.compile(r"(?:al|el|ad|an|as|ash|at|az|bin|ibn|abu)-[^\W\d_]")
_PARTY_STATE = re.compile(r"[DRI]-[A-Z][a-z]")  # "Harry Reid (D-Nevada)"
_SENTENCE_GAP = re.compile(r"[.!?…]|\n")
_NAME_PARTICLES = frozenset("of for & de del della da das dos van von der den la le du bin bint ibn al el y di".split())
_MAX_NAME_WORDS = 6
HEADLINE = -1
"""The sentence number of the headline's words."""

# Ranking weights, tuned on the development half of the keyphrase gold (benchmarks/eval_keywords.py).
POSITION_WEIGHT = 1.5
"""How much the first sentences count over the rest: factor 1 + POSITION_WEIGHT / (1 + sentence)."""
YAKE_WEIGHT = 0.5
"""Factor 1 + YAKE_WEIGHT * 5 / (5 + YAKE's rank) for a phrase YAKE also ranks."""
COMMON_ZIPF = 6.5
"""A word's rarity is COMMON_ZIPF minus its Zipf frequency in English (at least ``MIN_RARITY``)."""
MIN_RARITY = 0.5
NAME_BONUS = 2.0
"""Extra factor for names (people, organisations, places: most of what readers tag news with)."""
TITLE_WEIGHT = 2.0
"""Factor 1 + TITLE_WEIGHT for a common phrase of several words that the headline holds ("car
accident"). Names and single words get none: names rank high anyway, and a headline's single
words are as often generic ("dies", "report")."""


@dataclass
class Phrase:
    """One candidate: its spellings and where it occurs (sentence and word index; the headline's
    sentence is ``HEADLINE``, before the text's first)."""

    key: str
    words: int
    is_name: bool
    surfaces: dict[str, int] = field(default_factory=dict)
    count: int = 0  # occurrences in the text (0: a phrase of the headline alone)
    first_sentence: int = 0
    first_word: int = 0
    in_headline: int = 0  # occurrences in the headline

    @property
    def display(self) -> str:
        """The spelling used most often (ties: capitalised, then first seen)."""
        order = {s: i for i, s in enumerate(self.surfaces)}
        return max(self.surfaces, key=lambda s: (self.surfaces[s], s[:1].isupper(), -order[s]))


class _Word:
    """One word of the text (a plain class: a text has thousands)."""

    __slots__ = ("text", "lower", "sentence", "index", "capital", "kind")

    def __init__(self, text: str, lower: str, sentence: int, index: int, capital: bool, kind: str) -> None:
        self.text, self.lower, self.sentence, self.index, self.capital = text, lower, sentence, index, capital
        self.kind = kind  # "word", "name", "lowerable", "number", "particle" (of, de... inside a name), "break"


def find_phrases(
    text: str, *, stopwords: Iterable[str], title: str = "", max_ngram: int = 3, gaz: Gazetteer | None = None
) -> dict[str, Phrase]:
    """The candidate phrases of ``text`` and its headline ``title`` by key (``keyword_key``), with
    counts and first positions (the headline's come first).

    See the module's docstring for what a candidate is; phrases have at most ``max_ngram`` words.
    A phrase that only the headline holds ("missile strike") is a candidate when it is a common
    phrase and each of its words is a word of the text's phrases (so neither a file name standing
    in for a missing title nor names a headline runs together, "Asiana Boeing 777", are); its
    count is 0, its first sentence ``HEADLINE``.
    """
    gaz = gaz or load_gazetteer()
    stop = frozenset(stopwords)
    phrases: dict[str, Phrase] = {}
    headline = _headline_case(title, text) if title.strip() else ""
    for chunk in _chunks(_without_credits(text), stop, gaz, headline=headline):
        _add_chunk(chunk, phrases, max_ngram)
    _merge_name_parts(phrases, gaz)
    if title.strip():
        words = {w for p in phrases.values() if p.count for w in p.key.split()}
        for key in [k for k, p in phrases.items() if not p.count and (p.is_name or not words.issuperset(k.split()))]:
            del phrases[key]
    return phrases


def _without_credits(text: str) -> str:
    """``text`` with its credit lines ("Image: ...") blanked out, offsets kept."""
    return _CREDIT_LINE.sub(lambda m: " " * len(m.group()), text)


def _headline_case(title: str, text: str) -> str:
    """``title`` with the capitals of a title-case headline ("Building Collapses After Blast")
    lowered where ``text`` writes the word in lower case more often; other headlines unchanged."""
    words = [m.group() for m in _TOKEN.finditer(title) if len(m.group()) > 3 and m.group().isalpha()]
    if len(words) < 3 or sum(w[:1].isupper() for w in words) < 0.75 * len(words):
        return title
    uses: dict[str, int] = {}
    for match in _TOKEN.finditer(text):
        word = match.group()
        uses[word] = uses.get(word, 0) + 1

    def lowered(match: re.Match[str]) -> str:
        word = match.group()
        lower = word.lower()
        return lower if word != lower and uses.get(lower, 0) > uses.get(word, 0) else word

    return _TOKEN.sub(lowered, title)


def rank_keyphrases(
    text: str,
    yake_ranked: Sequence[Keyword],
    *,
    stopwords: Iterable[str],
    title: str = "",
    max_ngram: int = 3,
    limit: int | None = None,
) -> list[Keyword]:
    """The best ``limit`` candidates of ``text`` (all when None), best first, each with a score
    (lower is better, > 0), less the fragments of a longer one among them (``_without_fragments``).

    ``yake_ranked``: YAKE's list of the same text, best first (a phrase's place in it is one of
    the signals). ``title``: the article's headline (see :func:`find_phrases`); the common
    phrases of several words that it holds rank higher (``TITLE_WEIGHT``).
    """
    gaz = load_gazetteer()
    phrases = find_phrases(text, stopwords=stopwords, title=title, max_ngram=max_ngram, gaz=gaz)
    yake_rank = {keyword_key(k.keyword): rank for rank, k in enumerate(yake_ranked, start=1)}
    scored = [
        (1.0 / _value(phrase, gaz, yake_rank.get(key)), phrase.first_sentence, phrase.first_word, key)
        for key, phrase in phrases.items()
    ]
    best = sorted(scored) if limit is None else heapq.nsmallest(limit, scored)
    kept = _without_fragments([(phrases[key], score) for score, _, _, key in best])
    return [Keyword(keyword=phrase.display, score=round(score, 9)) for phrase, score in kept]


def _without_fragments(ranked: list[tuple[Phrase, float]]) -> list[tuple[Phrase, float]]:
    """Drop a phrase that lies inside a longer phrase of the list which accounts for at least
    ``FRAGMENT_COVERAGE`` of its occurrences ("minor planet" beside "Minor Planet Center")."""
    longer = [(p, f" {p.key} ") for p, _ in ranked if p.words > 1]
    kept = []
    for phrase, score in ranked:
        padded = f" {phrase.key} "
        if not any(
            other.words > phrase.words and padded in other_padded and other.count >= FRAGMENT_COVERAGE * phrase.count
            for other, other_padded in longer
        ):
            kept.append((phrase, score))
    return kept


def first_phrases(text: str, *, max_ngram: int = 3) -> list[str]:
    """The candidates of ``text`` in order of first occurrence (a baseline for the benchmark)."""
    from components.language.keyword_backends import stopwords_for

    phrases = find_phrases(text, stopwords=stopwords_for("en"), max_ngram=max_ngram)
    ordered = sorted(phrases.values(), key=lambda p: (p.first_sentence, p.first_word, -p.words))
    return [p.display for p in ordered]


def candidate_words(text: str, *, stopwords: Iterable[str]) -> list[tuple[str, int]]:
    """The words of ``text``'s candidate runs in order, each (lower-case word, token index), for
    the benchmark's graph baseline; particles of names ("of", "de") left out."""
    gaz = load_gazetteer()
    runs = _chunks(_without_credits(text), frozenset(stopwords), gaz)
    return [(word.lower, word.index) for run in runs for word in run if word.kind != "particle"]


def _value(phrase: Phrase, gaz: Gazetteer, yake_rank: int | None) -> float:
    """How good a keyphrase ``phrase`` is (higher is better)."""
    rarity = sum(max(COMMON_ZIPF - gaz.zipf.get(w, 0.0), MIN_RARITY) for w in phrase.key.split()) / phrase.words
    value = (1.0 + math.log(max(phrase.count, 1))) * rarity
    value *= 1.0 + POSITION_WEIGHT / (1.0 + max(phrase.first_sentence, 0))
    if phrase.in_headline and phrase.count and phrase.words > 1 and not phrase.is_name:
        value *= 1.0 + TITLE_WEIGHT
    if yake_rank is not None:
        value *= 1.0 + YAKE_WEIGHT * 5.0 / (5.0 + yake_rank)
    if phrase.is_name:
        value *= 1.0 + NAME_BONUS
    return value


def _chunks(text: str, stop: frozenset[str], gaz: Gazetteer, *, headline: str = "") -> list[list[_Word]]:
    """The runs of content words of ``headline`` and then ``text``, each word classified, with its
    sentence number (``HEADLINE`` for the headline's words). A run ends wherever a phrase cannot go
    on: punctuation, a line end, a possessive, a stopword, a verb, a weekday, month or credit word."""
    tokens = []  # (token, lower, kind, sentence, starts a sentence)
    kinds = _kinds_for(stop)
    lower_case: set[str] = set()  # words the text writes in lower case
    mid_capital: set[str] = set()  # words it capitalises inside a sentence
    for segment, sentence in ((headline, HEADLINE), (text, 0)):
        previous_end, seen = 0, False
        tokens.append(_BREAK)
        in_text = sentence != HEADLINE  # headlines capitalise as they like: only the text tells case
        for match in _TOKEN.finditer(segment):
            start, end = match.span()
            gap = segment[previous_end:start]
            previous_end = end
            starts = False
            if gap != " ":
                if _SENTENCE_GAP.search(gap) or not seen:
                    starts = True
                    sentence += seen and in_text
                if not gap.isspace() or "\n" in gap:
                    tokens.append(_BREAK)
            seen = True
            token = match.group()
            known = kinds.get(token)
            if known is None:
                known = kinds[token] = _classify(token, stop)
            lower, kind, possessive = known
            if possessive:
                token = token[: len(lower)]
            if in_text and token[:1].islower():
                lower_case.add(lower)
            elif in_text and not starts:
                mid_capital.add(lower)
            tokens.append((token, lower, kind, sentence, starts))
            if possessive:  # "Russia's strategic interests": "Russia", then "strategic interests"
                tokens.append(_BREAK)
    # Second pass: the runs of content words between breaks. A lower-case "-s" word with more
    # content after it is read as a verb and breaks too ("Iran seeks support"), and so is an
    # "-ed" word after a common word.
    chunks: list[list[_Word]] = []
    current: list[_Word] = []
    zipf, countries = gaz.zipf, gaz.countries
    last = len(tokens) - 1
    for i, (token, lower, kind, sentence, starts) in enumerate(tokens):
        if kind == "break" or (
            kind == "word"
            and current
            and (
                (i < last and tokens[i + 1][2] in _CONTENT and _verb_s(lower))
                # an "-ed" word after a common word is a verb ("the crossing stayed shut")
                or (current[-1].kind == "word" and not _may_end(lower))
            )
        ):
            if current:
                chunks.append(current)
                current = []
            continue
        if kind == "name" and starts and token not in countries and (
            lower in stop or lower in lower_case or (zipf.get(lower, 0.0) >= 4.5 and lower not in mid_capital)
        ):
            kind = "lowerable"  # a common word starting a sentence: a name only before another name
        current.append(_Word(token, lower, sentence, i, kind == "name" or kind == "lowerable", kind))
    if current:
        chunks.append(current)
    return chunks


_BREAK = ("", "", "break", 0, False)
_KINDS: dict[frozenset[str], dict[str, tuple[str, str, bool]]] = {}


def _kinds_for(stop: frozenset[str]) -> dict[str, tuple[str, str, bool]]:
    """The memo of ``_classify`` for one stopword list (bounded: cleared when large)."""
    kinds = _KINDS.setdefault(stop, {})
    if len(kinds) > 200_000:
        kinds.clear()
    return kinds


def _classify(token: str, stop: frozenset[str]) -> tuple[str, str, bool]:
    """(lower-case form without a possessive, kind, had a possessive) of one token, out of context."""
    possessive = (len(token) > 2 and token[-2] in "'’" and token[-1] in "sS") or token[-1] in "'’"
    if possessive:
        token = _POSSESSIVE.sub("", token)
    lower = token.casefold()
    capital = token[:1].isupper() or bool(_PREFIXED.match(token))
    if (lower in CALENDAR_WORDS and (capital or lower not in ("may", "march"))) or lower in CREDIT_WORDS or lower in AGENCIES:
        kind = "break"
    elif token.isdigit():
        kind = "number"
    elif capital and not (lower in stop and not (token.isupper() and len(token) > 1)):
        kind = "break" if _PARTY_STATE.match(token) else "name"
    elif lower in _NAME_PARTICLES:
        kind = "particle"
    elif lower in stop or lower in VERBS or _is_verb_like(lower):
        kind = "break"
    else:
        kind = "word"
    return lower, kind, possessive


_CONTENT = frozenset({"word", "name", "lowerable", "number"})
_S_NOUNS = frozenset("news arms sports series species means headquarters earnings savings goods customs affairs".split())


def _verb_s(lower: str) -> bool:
    """A lower-case word that may be a verb in the third person ("seeks", "closes")."""
    return (
        len(lower) > 3
        and lower.endswith("s")
        and not lower.endswith(("ss", "us", "is", "ics", "ous"))
        and lower not in _S_NOUNS
    )


def _is_verb_like(lower: str) -> bool:
    if lower.endswith("ly") and len(lower) > 4 and lower not in _NOT_ADVERBS:
        return True
    return False


def _add_chunk(chunk: list[_Word], phrases: dict[str, Phrase], max_ngram: int) -> None:
    """Add the names and common phrases of one run of words."""
    i = 0
    n = len(chunk)
    while i < n:
        word = chunk[i]
        if word.kind in ("name", "lowerable") and (word.kind == "name" or (i + 1 < n and chunk[i + 1].kind == "name")):
            j = i + 1
            while j < n and (
                chunk[j].kind == "name"
                or (chunk[j].kind == "number" and chunk[j - 1].kind == "name")
                or (chunk[j].kind == "particle" and j + 1 < n and chunk[j + 1].kind == "name")
            ):
                j += 1 if chunk[j].kind != "particle" else 2
            name = _without_title(chunk[i:j])
            # after a title, "of" starts another name ("Officer Daniel Mbeki of Riverside Homes")
            parts = _split_at_particles(name) if len(name) < j - i else [name]
            for part in parts:
                if part and len(part) <= max(max_ngram, 1) and len(part) <= _MAX_NAME_WORDS:
                    _add(phrases, part, is_name=True)
            # a single name in front of common words may modify them ("Iraqi air base")
            k = j
            while k < n and chunk[k].kind in ("word", "lowerable") and not chunk[k].capital:
                k += 1
            if j - i == 1 and k > j:
                _add_common(chunk[i:k], phrases, max_ngram, modifier=True)
            i = j
            continue
        if word.kind == "word" or (word.kind == "lowerable"):
            j = i
            while j < n and (chunk[j].kind == "word" or (chunk[j].kind == "lowerable" and j == i)):
                j += 1
            j = max(j, i + 1)
            _add_common(chunk[i:j], phrases, max_ngram, modifier=False)
            i = j
            continue
        i += 1


def _add_common(run: list[_Word], phrases: dict[str, Phrase], max_ngram: int, *, modifier: bool) -> None:
    """The phrases of a run of lower-case words (with the leading name when ``modifier``): the runs
    that end where it ends (its head: "spending bill", "war spending bill"), and each word alone."""
    n = len(run)
    if modifier:
        for end in range(2, min(n, max_ngram) + 1):
            if _may_end(run[end - 1].lower):
                _add(phrases, run[:end], is_name=False)
        return
    for i, word in enumerate(run):
        if _may_end(word.lower):
            _add(phrases, run[i : i + 1], is_name=False)
    end = n
    while end > 0 and not _may_end(run[end - 1].lower):
        end -= 1
    for start in range(max(end - max_ngram, 0), end - 1):
        _add(phrases, run[start:end], is_name=False)


def _may_end(lower: str) -> bool:
    """A word a phrase may end on: not an "-ed" participle."""
    return not lower.endswith("ed") or lower in _ED_NOUNS


def _add(phrases: dict[str, Phrase], run: Sequence[_Word], *, is_name: bool) -> None:
    if len(run) == 1:
        surface, key = run[0].text, run[0].lower
    else:
        surface, key = " ".join([w.text for w in run]), " ".join([w.lower for w in run])
    phrase = phrases.get(key)
    headline = run[0].sentence == HEADLINE
    if phrase is None:  # words come in order, the headline's first: the first add is the first occurrence
        phrases[key] = Phrase(key, len(run), is_name, {surface: 1}, int(not headline), run[0].sentence, run[0].index, int(headline))
    elif headline:
        phrase.in_headline += 1
    elif phrase.count == 0:  # in the text after the headline: the text's spelling and position count
        phrase.count, phrase.surfaces = 1, {surface: 1}
        phrase.first_sentence, phrase.first_word = run[0].sentence, run[0].index
    else:
        phrase.count += 1
        phrase.surfaces[surface] = phrase.surfaces.get(surface, 0) + 1


def _split_at_particles(run: list[_Word]) -> list[list[_Word]]:
    parts: list[list[_Word]] = [[]]
    for word in run:
        if word.kind == "particle":
            parts.append([])
        else:
            parts[-1].append(word)
    return parts


def _without_title(run: list[_Word]) -> list[_Word]:
    """``run`` after its last person title, when a name follows it ("Judge Michael Smith": "Michael Smith")."""
    cut = 0
    for i, word in enumerate(run[:-1]):
        if word.lower.rstrip(".") in PERSON_TITLES:
            cut = i + 1
    rest = run[cut:]
    if cut and rest[0].kind == "name" and not any(w.lower in ORGANIZATION_WORDS or w.lower in PLACE_WORDS for w in rest):
        return rest
    return run


def _merge_name_parts(phrases: dict[str, Phrase], gaz: Gazetteer) -> None:
    """A one-word name that starts or ends a longer name counts for it ("Mandela": "Nelson Mandela");
    a demonym alone counts for its country when the text names it."""
    longer: dict[str, list[Phrase]] = {}
    for phrase in phrases.values():
        if phrase.is_name and phrase.words > 1 and phrase.count:  # a name of the headline alone owns nothing
            parts = phrase.key.split()
            for part in {parts[0], parts[-1]}:
                longer.setdefault(part, []).append(phrase)
    for key in [k for k, p in phrases.items() if p.is_name and p.words == 1]:
        phrase = phrases[key]
        owners = longer.get(key, [])
        target = None
        if owners:  # the full name used most, then the first one
            target = min(owners, key=lambda p: (-p.count, p.first_sentence, p.first_word))
        elif not owners:
            country = gaz.countries.get(phrase.display)
            if country and phrase.display in gaz.demonyms and keyword_key(country) in phrases:
                target = phrases[keyword_key(country)]
        if target is not None and target is not phrase:
            if phrase.count and (
                not target.count or (phrase.first_sentence, phrase.first_word) < (target.first_sentence, target.first_word)
            ):
                target.first_sentence, target.first_word = phrase.first_sentence, phrase.first_word
            target.count += phrase.count
            target.in_headline += phrase.in_headline
            del phrases[key]
