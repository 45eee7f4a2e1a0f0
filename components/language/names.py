"""Names the actor dictionary does not know: capitalised names in texts, by frequency.

:func:`find_unknown_names` lists the runs of capitalised words that no dictionary mention
covers, so a user sees what the dictionary misses. Sentence-initial words, headings, titles
("President") and function words are not names.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from components.language.actors import ActorDictionary, find_mentions

# Words that start sentences or headings but are not names. Matched lowercased.
_STOPWORDS = frozenset(
    """
    a an the this that these those there here it its it's i we you he she they me us him her
    them my our your his their what which who whom whose why how when where whether if then
    than and or but nor so yet for of in on at by to from with without into onto over under
    after before since until while during about above below between among against through
    across along around behind beyond near as is are was were be been being am do does did
    has have had will would shall should can could may might must not no yes all any both
    each every some many much more most few other such one two three first second last next
    also only just even still again already ever never always often however meanwhile
    furthermore moreover therefore thus hence instead ultimately finally additionally
    although though because unless whereas besides overall indeed perhaps rather according
    despite like unlike following amid mr mrs ms dr yeah yep well oh okay ok
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow
    """.split()
)

# Titles stripped from the front of a name ("President Xi Jinping" -> "Xi Jinping").
_TITLE_WORDS = frozenset(
    """
    president vice prime minister foreign deputy secretary general chancellor king queen
    prince princess crown supreme leader ayatollah sheikh emir senator sen governor gov mayor
    ambassador spokesman spokeswoman spokesperson director executive chief chairman
    commander pope judge envoy
    """.split()
)

# Lowercase words allowed inside a name ("Bank of England", "Ludwig van Beethoven").
_CONNECTORS = frozenset("of de del da dos van von der den bin ibn al el la le du".split())

_WORD_RE = re.compile(r"[^\W\d_](?:[\w'’-]*\w)?")
_PREFIXED_RE = re.compile(r"(?:al|el|ad|an|as|ash|at|az|bin|ibn|abu)-(\w)")
_POSSESSIVE_RE = re.compile(r"['’]s$")
_CONTRACTION_RE = re.compile(r"n['’]t$|['’](?:s|m|d|re|ve|ll)$", re.IGNORECASE)  # "I'm", "Don't"
_JOINER_RE = re.compile(r"[ \t\u00a0]+")
_LINE_RE = re.compile(r"[^\n]+")
_NOISE_RE = re.compile(r"(?:https?://|www\.)\S+|\S*[@#]\S+")  # URLs, e-mails, handles, tags
_OPENERS = "\"'“‘([«"
_SENTENCE_ENDS = ".!?:;•|…\n"


@dataclass(frozen=True)
class _Word:
    text: str
    start: int
    initial: bool  # first word of a sentence, line or quotation


def find_unknown_names(
    texts: Iterable[str],
    dictionary: ActorDictionary,
    *,
    top: int = 30,  # the settings table's unknown_names_top (a test keeps them equal)
) -> list[tuple[str, int]]:
    """Return the capitalised names in ``texts`` that no dictionary mention covers.

    A name is a run of capitalised words on one line (lowercase connectors such as "of" or
    "al-" allowed inside), split at stopwords, with leading titles ("President") removed.
    A one-word name that starts a sentence counts only if the word is also seen capitalised
    in mid-sentence somewhere in ``texts``. Returns ``(name, count)`` pairs, most frequent
    first (ties alphabetical), at most ``top`` of them.
    """
    if top < 0:
        raise ValueError(f"top must be >= 0, not {top}")
    masked = [_mask(text, dictionary) for text in texts]
    runs = [run for text in masked for run in _capitalised_runs(text)]
    mid_sentence = {word.text for run in runs for word in run if not word.initial}
    lowercase = {w.group() for text in masked for w in _WORD_RE.finditer(text) if w.group().islower()}
    counts: Counter[str] = Counter()
    for run in runs:
        for part in _split_at_stopwords(run):
            name = _name_of(part, mid_sentence=mid_sentence, lowercase=lowercase)
            if name:
                counts[name] += 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0].lower(), item[0]))
    return ranked[:top]


def _mask(text: str, dictionary: ActorDictionary) -> str:
    """Blank out mentions, URLs and handles with NULs (same length, breaks word runs)."""
    chars = list(text)
    spans = [(m.start, m.end) for m in find_mentions(text, dictionary)]
    spans += [m.span() for m in _NOISE_RE.finditer(text)]
    for start, end in spans:
        chars[start:end] = "\0" * (end - start)
    return "".join(chars)


def _is_capitalised(word: str) -> bool:
    prefixed = _PREFIXED_RE.match(word)
    return word[0].isupper() or (prefixed is not None and prefixed.group(1).isupper())


def _is_initial(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and (text[i] in " \t\u00a0" or text[i] in _OPENERS):
        i -= 1
    return i < 0 or text[i] in _SENTENCE_ENDS


def _capitalised_runs(text: str) -> list[list[_Word]]:
    """Split ``text`` into runs of capitalised words joined by spaces (connectors allowed)."""
    runs: list[list[_Word]] = []
    for line in _LINE_RE.finditer(text):
        matches = list(_WORD_RE.finditer(text, line.start(), line.end()))
        # In a Title Case heading ("What People Are Saying") every word is treated as
        # sentence-initial: capitals there say nothing about names.
        heading = len(matches) > 1 and all(
            _is_capitalised(m.group()) or m.group() in _STOPWORDS for m in matches
        )
        runs.extend(_runs_in_line(text, matches, heading=heading))
    return runs


def _runs_in_line(text: str, matches: list[re.Match[str]], *, heading: bool) -> list[list[_Word]]:
    runs: list[list[_Word]] = []
    current: list[_Word] = []
    pending: list[_Word] = []  # connectors waiting for a capitalised word after them
    last_end = 0
    for match in matches:
        word, start = match.group(), match.start()
        if current and _JOINER_RE.fullmatch(text, last_end, start) is None:
            runs.append(current)
            current, pending = [], []
        last_end = match.end()
        if _is_capitalised(word):
            current.extend(pending)
            current.append(_Word(word, start, heading or _is_initial(text, start)))
            pending = []
        elif current and word in _CONNECTORS:
            pending.append(_Word(word, start, initial=False))
        elif current:
            runs.append(current)
            current, pending = [], []
    if current:
        runs.append(current)
    return runs


def _split_at_stopwords(run: list[_Word]) -> list[list[_Word]]:
    parts: list[list[_Word]] = [[]]
    for word in run:
        if word.text not in _CONNECTORS and _is_stopword(word.text):
            parts.append([])
        else:
            parts[-1].append(word)
    trimmed = (_trim(part) for part in parts)
    return [part for part in trimmed if part]


def _is_stopword(word: str) -> bool:
    """A function word, also when contracted ("I'm", "It's", "Don't", "Can't")."""
    lowered = word.lower()
    return lowered in _STOPWORDS or _CONTRACTION_RE.sub("", lowered) in _STOPWORDS or lowered.endswith(("n't", "n’t"))


def _trim(part: list[_Word]) -> list[_Word]:
    """Drop leading titles and connectors, and trailing connectors."""
    start, end = 0, len(part)
    while start < end and (part[start].text.lower() in _TITLE_WORDS or part[start].text in _CONNECTORS):
        start += 1
    while end > start and part[end - 1].text in _CONNECTORS:
        end -= 1
    return part[start:end]


def _name_of(part: list[_Word], *, mid_sentence: set[str], lowercase: set[str]) -> str | None:
    first = part[0]
    if first.initial and first.text not in mid_sentence:
        if len(part) == 1:
            return None  # "Analyzing ..." at a sentence start is not a name
        if first.text.lower() in lowercase:
            part = part[1:]  # "Examining Iran Air" -> "Iran Air"
    words = [w.text for w in part]
    if len(words) > 1 and all(w.isupper() for w in words):
        return None  # a shouted heading ("INSIDE THE MIDDLE EAST"), not a name
    words[-1] = _POSSESSIVE_RE.sub("", words[-1])
    return " ".join(words) or None
