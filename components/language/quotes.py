"""Who said what: direct quotes, partial quotes and reported speech, with their speakers.

:func:`find_quotes` reads one text (an article's body) and its actor mentions and returns every
quote in reading order. Offsets are into the text given, which is never altered.

Kinds (the rules of ``benchmarks/gold/quotes/GUIDELINES.md``):

- **direct**: words in quotation marks given as a speaker's own sentence or more, introduced by
  an attribution before (``X said: "…"``, ``X said, "…"``, ``X told reporters "We …"``,
  ``X: "…"``) or after (``"…," X said.``, ``"…," said X.``, ``"Why?" he asked.``). A quote split
  around its attribution (``"A," X said, "B."``) is two direct quotes with the same speaker; a
  quote opening a sentence right after an attributed quote, with no attribution of its own,
  continues that speaker. A quote running over several paragraphs, where each paragraph opens a
  mark and only the last closes it, is one quote from its first word to its last.
- **partial**: a quoted fragment inside the writer's own sentence, spoken by the subject of a
  speech or naming verb in that sentence (``X called it "a grave mistake"``, ``she described
  him as "a force"``, ``X said he was "humbled"``) or of an attribution after it. A fragment
  with no such speaker (scare quotes, ``the so-called "peace plan"``, titles, ``a group called
  "X"``) is not a quote.
- **reported**: indirect speech after a speech verb (``X said (that) …``, ``X told reporters
  …``, ``X warned/claimed/denied/accused/announced/stated/added …``, ``X threatened to …``),
  with a trailing attribution (``…, X said.``) or with ``according to X``. The span is the
  reported content only. A reported clause may hold a partial quote; both are returned.

Quote marks: straight and curly double quotes pair within a paragraph (a curly opener met while
a quote is open closes the open one at its last comma); single quotes (``'…'``, ``‘…’``) pair
outside double quotes, opening only before a letter at a word start and closing only before a
non-letter, so apostrophes (``don't``, ``Iran’s``, ``Iranians'``) are never taken for quotes.
Spans are the words inside the marks, without the marks.

Speakers: the noun phrase that is the attribution verb's subject (or, after the verb, its
inverted subject). A mention of an actor there is the speaker when it heads the phrase (nothing
but an apposition or adverbs between it and the verb): "Russian officials said" has no speaker
(Russia is only an adjective) while "Iran says" and "the Kremlin said" do; a person mention wins
over an organisation's. "A spokesperson for X" speaks for the organisation X. Pronouns resolve
backwards in the article: "he"/"she" to the last quoted person when no other person was named
since, else to the nearest person mentioned before; "it" to the nearest organisation in the
last two sentences; "they" to the previous quote's organisation or country, if there was one.
Role nouns ("the minister", "the governor", "the Russian leader", "the ministry") resolve to the
nearest earlier actor whose mention carries that role word (or, for "the Russian leader", whose
dictionary affiliation is Russia). Anything else ("an official said", "witnesses said",
"analysts") stays unresolved: ``speaker_actor`` is None, never a guess.

Speed: regular expressions compiled once find the marks, the sentence ends and the verbs; Python
code only runs per mark, per verb and per sentence, never per character.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from components.language.mentions import ActorMention

KINDS = ("direct", "partial", "reported")
QUOTES_VERSION = 1
"""Bump when :func:`find_quotes` gives other quotes for the same text and mentions: stored quotes
are then found again."""


@dataclass(frozen=True)
class Quote:
    """One quote: its content's offsets in the text, how it is attributed, and whom it names."""

    kind: str  # "direct" | "partial" | "reported"
    start: int  # content offsets: without the quote marks and without the attribution
    end: int
    text: str  # text[start:end]
    verb: str | None  # the speech verb or cue ("said", "told", "according to"), or None
    speaker: str | None  # the speaker's words at the quote ("he", "the minister", "Putin")
    speaker_actor: str | None  # the actor the speaker resolves to, or None
    about: tuple[str, ...]  # actors mentioned inside the span, distinct, in order


# --- vocabulary -------------------------------------------------------------------------------

# Verbs that attribute a direct quote (any tense a news sentence uses).
_SPEECH_VERBS = (
    "say says said saying tell tells told telling add adds added adding ask asks asked "
    "explain explains explained note notes noted noting warn warns warned warning claim claims "
    "claimed insist insists insisted argue argues argued continue continues continued conclude "
    "concludes concluded remark remarks remarked reply replies replied respond responds responded "
    "answer answers answered admit admits admitted acknowledge acknowledges acknowledged "
    "confirm confirms confirmed announce announces announced declare declares declared write "
    "writes wrote tweet tweets tweeted twittered post posts posted stress stresses stressed "
    "emphasise emphasises emphasised emphasize emphasizes emphasized recall recalls recalled "
    "observe observes observed comment comments commented suggest suggests suggested urge urges "
    "urged caution cautions cautioned predict predicts predicted report reports reported deny "
    "denies denied allege alleges alleged maintain maintains maintained agree agrees agreed "
    "complain complains complained joke jokes joked quip quips quipped vow vows vowed pledge "
    "pledges pledged promise promises promised reveal reveals revealed exclaim exclaims "
    "exclaimed shout shouts shouted state states stated stating assert asserts asserted "
    "praise praises praised criticise criticised criticize criticized describe describes "
    "described mention mentions mentioned admit admits admitted concede concedes conceded "
    "recount recounts recounted read reads"
).split()
# Verbs that introduce reported content (a clause, or the thing announced/denied/demanded).
_REPORT_VERBS = (
    "said says told tells stated states added adds claimed claims warned warns denied denies "
    "announced announces reported reports noted notes explained explains argued argues insisted "
    "insists confirmed confirms admitted admits acknowledged acknowledges alleged alleges "
    "maintained maintains emphasised emphasized stressed concluded remarked predicted predicts "
    "estimated estimates suggested suggests revealed declared declares asserted asserts accused "
    "accuses wrote tweeted believes saying stating adding claiming warning noting announcing "
    "insisting arguing threatened threatens vowed vows pledged pledges promised promises "
    "demanded demands urged urges ordered"
).split()
# Reported verbs whose content must be a "to" infinitive ("threatened to …").
_TO_VERBS = frozenset("threatened threatens vowed vows pledged pledges promised promises".split())
# Reported verbs that report speech only with "that" ("declared that …", "adding that …").
_THAT_ONLY_VERBS = frozenset("declared declares believes".split())
# Reported verbs that take a person object before the content ("told reporters that …").
_OBJECT_VERBS = frozenset("told tells warned warns urged urges ordered accused accuses".split())
# Verbs that introduce a partial quote but are no speech verbs: "called it 'a mistake'".
_NAMING_VERBS = (
    "call calls called calling describe describes described describing label labels labelled "
    "labeled term terms termed dub dubs dubbed brand brands branded hail hails hailed quoted "
    "hint hints hinted dismiss dismisses dismissed decry decries decried condemn condemns "
    "condemned talk talks talked spoke speaks"
).split()

_PERSON_PRONOUNS = frozenset({"he", "she"})
_PERSON_ROLES = frozenset(
    "minister president premier leader governor mayor chancellor secretary spokesman spokeswoman "
    "spokesperson senator judge chairman chairwoman chair ceo director chief ambassador king queen "
    "prince general commander coach manager head envoy lawyer attorney prosecutor official "
    "representative congressman congresswoman mp pm speaker ayatollah".split()
)
_ORG_ROLES = frozenset(
    "ministry government company firm agency department council court committee party police army "
    "military union commission kremlin bank group organisation organization office service "
    "administration board authority authorities parliament senate congress regime".split()
)
_SPOKES = re.compile(
    r"\b(?:spokes(?:man|woman|person|people)|representatives?|statement)\s+(?:for|from|of|at|by)\s+",
    re.IGNORECASE,
)
# Words that may stand between a speaker and the verb: "Putin also said", "she has said".
_ADVERBS = frozenset(
    "also later then has have had again previously earlier once further additionally reportedly "
    "allegedly publicly repeatedly recently herself himself itself themselves would will had".split()
)
# A verb right after one of these is passive or an adjective: "was said", "the reported cases".
_NOT_ACTIVE = frozenset("was were is are be been being the a an as its his her their this that".split())
_UNNAMED_HEADS = frozenset(
    "official officials source sources witness witnesses analyst analysts expert experts report reports "
    "observer observers resident residents people critics some others many media reporters journalists "
    "one someone authorities diplomats activists".split()
)
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st prof gen lt col sgt sen rep gov jr sr inc corp ltd co vs no jan feb mar apr "
    "aug sep sept oct nov dec mt ft capt cmdr adm rev hon pres messrs".split()
)



def _trie_pattern(words: Sequence[str]) -> str:
    """One regular expression alternative for a word list, shared prefixes factored out
    ("sa(?:id|ys)"): Python's engine tries a plain alternation word by word at every offset."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and not ends else "(?:" + "|".join(branches) + ")"
        if ends:
            body = body + "?" if body.startswith("(?:") else "(?:" + body + ")?"
        return body

    return build(trie)


_SPEECH_ALT = _trie_pattern(sorted(set(_SPEECH_VERBS)))
_SPEECH_RE = re.compile(rf"\b{_SPEECH_ALT}\b")
_REPORT_RE = re.compile(r"\b(?:[Aa]ccording\s+to|" + _trie_pattern(sorted(set(_REPORT_VERBS))) + r")\b")
_NAMING_RE = re.compile(r"\b" + _trie_pattern(sorted(set(_NAMING_VERBS) | set(_SPEECH_VERBS))) + r"\b")

# Double quote marks; single-quote openers (at a word start, before a letter) and closers.
_DOUBLE = re.compile("[\"\u201c\u201d\u201e\u00ab\u00bb]")
_DOUBLE_OPENERS = "\u201c\u201e\u00ab"
_DOUBLE_CLOSERS = "\u201d\u00bb"
_SINGLE_OPEN = re.compile("(?:^|(?<=[\\s(\\[\u2014\u2013]))['\u2018](?=[^\\W\\d_]{2}|[^\\W\\d_]\\s)", re.MULTILINE)
_SINGLE_CLOSE = re.compile("(?<=[^\\s'\u2018])['\u2019](?![^\\W_])")
_QUOTE_CHARS = "\"'\u201c\u201d\u201e\u00ab\u00bb\u2018\u2019"

# A sentence end: terminal punctuation (and closing marks) before whitespace and a capital,
# digit or opening mark; or a line break.
_SENTENCE_END = re.compile(
    "[.!?\u2026]+[\"'\u201d\u2019)\\]]*(?=[ \\t]+[\"'\u201c\u2018(\\[]?[A-Z0-9])|\\n"
)
_CLAUSE_CUT = re.compile(r"[;:\u2014]|\s\u2013\s|\b(?:that|but|while|because|although|whereas|and)\s", re.IGNORECASE)
_THAT = re.compile(r"\s*(?:[\w.,'’$%-]+\s+){0,7}?that\s+")
_TIME_OR_PLACE = re.compile(
    r"\s*(?:(?:on|in|at|late|early|earlier|last|this|during|after|before|to|via|through|from|with)\s+"
    r"(?:[\w.'’-]+\s+){0,5}?)?(?=[,;])|\s*(?:on|in|at|late|earlier|last|this)\s+\w+(?:\s+(?:morning|afternoon|evening|night|week|month|year))?\s*",
)
_OBJECT = re.compile(
    r"\s*(?:reporters|journalists|the\s+press|the\s+media|the\s+BBC|the\s+court|"
    r"him|her|them|us|me|the\s+\w+|(?:[A-Z][\w.'’-]*\s*){1,4})\s*",
)
_CLAUSE_START = re.compile(
    r"(?:he|she|it|they|we|i|there|the|a|an|this|these|those|his|her|its|their|our|no|all|some|"
    r"[A-Z0-9\u201c\"])",
)
_TERMINAL = ".!?;:,\u2026 \t"


# --- public API -------------------------------------------------------------------------------


def find_quotes(text: str, mentions: Sequence[ActorMention] = ()) -> list[Quote]:
    """The direct, partial and reported quotes of ``text``, sorted by start.

    ``mentions`` are the text's actor mentions (offsets into ``text``; title mentions are
    ignored), used to name speakers and the actors each quote is about.
    """
    reader = _Reader(text, [m for m in mentions if getattr(m, "field", "body") != "title"])
    pairs = _pair_marks(text)
    marked = reader.marked_quotes(pairs)
    reported = reader.reported_quotes([q for q in marked if q.kind == "direct"], [(o, c) for o, c, _, _ in pairs])
    return sorted(marked + reported, key=lambda q: (q.start, q.end, q.kind))


# --- the reader -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Speaker:
    surface: str | None
    actor: str | None
    kind: str | None  # the actor's type, for pronoun resolution


_NOBODY = _Speaker(None, None, None)


class _Reader:
    """One text with its sentences and mentions; finds its quotes."""

    def __init__(self, text: str, mentions: list[ActorMention]) -> None:
        self.text = text
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.mention_starts = [m.start for m in self.mentions]
        self.sentence_starts = _sentence_starts(text)
        self.last_quote: tuple[int, _Speaker] | None = None  # end and speaker of the last quote
        self.attributing: set[int] = set()  # offsets of the verbs that attribute direct quotes
        self.intro_at = -1  # offset of the verb found by the last attribution_before

    # sentences -----------------------------------------------------------------------------

    def sentence(self, position: int) -> tuple[int, int]:
        """The span of the sentence holding ``position`` (up to the next sentence start)."""
        i = bisect.bisect_right(self.sentence_starts, position) - 1
        start = self.sentence_starts[max(i, 0)]
        end = self.sentence_starts[i + 1] if i + 1 < len(self.sentence_starts) else len(self.text)
        return start, end

    def mentions_in(self, start: int, end: int) -> list[ActorMention]:
        i = bisect.bisect_left(self.mention_starts, start)
        found = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            if self.mentions[i].end <= end:
                found.append(self.mentions[i])
            i += 1
        return found

    def about(self, start: int, end: int) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.actor for m in self.mentions_in(start, end)))

    def quote(self, kind: str, start: int, end: int, verb: str | None, speaker: _Speaker) -> Quote:
        return Quote(kind, start, end, self.text[start:end], verb, speaker.surface, speaker.actor, self.about(start, end))

    # quote marks ---------------------------------------------------------------------------

    def marked_quotes(self, pairs: list[tuple[int, int, int, int]]) -> list[Quote]:
        """Direct and partial quotes: every pair of quote marks, classified and attributed."""
        quotes: list[Quote] = []
        previous: tuple[int, int, _Speaker, int] | None = None  # close mark, attribution end, speaker, sentence
        for open_at, close_at, start, end in pairs:
            found = self.classify(open_at, close_at, start, end, previous)
            if found is None:
                continue
            kind, verb, speaker, attribution_end = found
            quotes.append(self.quote(kind, start, end, verb, speaker))
            if speaker.actor is not None or kind == "direct":
                self.last_quote = (end, speaker)
            if kind == "direct":
                previous = (close_at, attribution_end, speaker, self.sentence(open_at)[0])
        return quotes

    def classify(
        self, open_at: int, close_at: int, start: int, end: int, previous: tuple[int, int, _Speaker, int] | None
    ) -> tuple[str, str | None, _Speaker, int] | None:
        """(kind, verb, speaker, end of the attribution after it) of one quoted span, or None."""
        text = self.text
        if end - start < 2:
            return None
        sentence_start, _ = self.sentence(open_at)
        prefix = text[sentence_start:open_at]
        stripped = prefix.strip(" \t\u2014\u2013-\u2022*")
        content = text[start:end]
        after = self.attribution_after(close_at + 1, content)
        # A split quote: '"A," X said, "B."' (the attribution of A ends where B opens).
        if previous is not None and previous[1] >= 0 and text[previous[1]:open_at].strip(" ,:\t") == "":
            return "direct", None, previous[2], -1
        if not stripped:
            if after is not None:
                return "direct", after[0], after[1], after[2]
            if previous is not None and (
                not text[previous[0] + 1:open_at].strip()
                or (previous[1] >= 0 and _is_attribution_rest(text[previous[1]:open_at]))
            ):
                return "direct", None, previous[2], -1  # '"A," X said. "B."': the same speaker goes on
            return None
        colon = stripped.endswith(":")
        intro = self.attribution_before(sentence_start, open_at, colon=colon)
        if colon and intro is not None and intro[0] is not None:
            self.attributing.add(self.intro_at)
            return "direct", *intro, -1
        if after is not None and (colon or _is_sentence(content)):
            return "direct", after[0], after[1], after[2]
        if colon:
            return "direct", *self.colon_speaker(sentence_start, open_at), -1
        if intro is not None and (
            stripped.endswith(",")
            or (content[:1].isupper() and _ends_sentence(content))
            or (_THAT_END.search(stripped) and len(content.split()) >= 5)
        ):
            self.attributing.add(self.intro_at)
            return "direct", *intro, -1
        if stripped.endswith(("so-called", "so called")) or _is_title(content):
            return None
        partial = self.partial_attribution(sentence_start, open_at)
        if partial is None or (partial[1].actor is None and after is not None):
            if after is None:
                return None
            return "partial", after[0], after[1], after[2]
        return ("direct" if _is_sentence(content) else "partial"), *partial, -1

    def attribution_after(self, position: int, content: str) -> tuple[str, _Speaker, int] | None:
        """``, X said`` or ``, said X`` right after a closing mark: (verb, speaker, end)."""
        if content.rstrip()[-1:] == "." and not content.rstrip().endswith("..."):
            return None  # a quote ending its own sentence carries no attribution after it
        _, sentence_end = self.sentence(position)
        match = _AFTER.match(self.text, position, sentence_end)
        if match is None:
            return None
        verb = match.group("verb")
        self.attributing.add(match.start("verb"))
        if match.group("subject").strip():
            if _looks_like_clause(match.group("subject")) or match.group("subject").split()[0].lower() in ("and", "but", "or", "then"):
                return None
            speaker = self.resolve_subject(match.start("subject"), match.start("verb"))
        else:
            speaker = self.resolve_object(match.end("verb"), sentence_end)
        return verb, speaker, match.end()

    def attribution_before(self, sentence_start: int, open_at: int, *, colon: bool) -> tuple[str | None, _Speaker] | None:
        """``X said: "``, ``X said, "``, ``X told reporters "``, ``X said that "``: (verb, speaker)."""
        floor = self.quote_floor(sentence_start, open_at)
        verbs = [
            v for v in _SPEECH_RE.finditer(self.text, floor, open_at)
            if _is_active(self.text, v.start()) or _QUOTED_AS.search(self.text, max(v.start() - 20, 0), v.start())
        ]
        verbs = [v for v in verbs if colon or len(self.text[v.end():open_at].split()) <= 6]
        if not verbs:
            return None  # "X said the plan was "…"" is a partial quote
        verb = verbs[0] if colon else verbs[-1]
        self.intro_at = verb.start()
        quoted_as = _QUOTED_AS.search(self.text, max(verb.start() - 20, floor), verb.start())
        speaker = self.resolve_subject(
            floor, quoted_as.start() if quoted_as else verb.start(), participle=verb.group().endswith("ing") and not quoted_as
        )
        if speaker.surface is None and not colon and verb.group() not in ("said", "says", "told", "added", "wrote"):
            return None
        return verb.group(), speaker

    def colon_speaker(self, sentence_start: int, open_at: int) -> tuple[None, _Speaker]:
        """``Putin: "…"``, ``X took a parting shot on Twitter: "…"``: the sentence's first person,
        or the mention heading the phrase before the colon."""
        floor = self.quote_floor(sentence_start, open_at)
        colon = self.text.rindex(":", floor, open_at)
        mentions = self.mentions_in(floor, colon)
        persons = [m for m in mentions if m.type == "person" and m.start - floor < 60]
        if persons:
            return None, self.speaker_from(persons[0])
        return None, self.resolve_subject(floor, colon)

    def quote_floor(self, sentence_start: int, open_at: int) -> int:
        """Where the attribution of a quote opening at ``open_at`` may start: after any earlier
        closing mark of the same sentence."""
        text = self.text
        return max(sentence_start, text.rfind('"', sentence_start, open_at) + 1, text.rfind("\u201d", sentence_start, open_at) + 1)

    def partial_attribution(self, sentence_start: int, open_at: int) -> tuple[str, _Speaker] | None:
        """The speech or naming verb of a partial quote in the sentence before it: (verb, speaker)."""
        for verb in reversed(list(_NAMING_RE.finditer(self.text, sentence_start, open_at))):
            quoted_as = _QUOTED_AS_PARTIAL.search(self.text, max(verb.start() - 20, sentence_start), verb.end())
            if quoted_as is not None:
                return verb.group(), self.resolve_subject(sentence_start, quoted_as.start())
            if not _is_active(self.text, verb.start()):
                continue
            between = self.text[verb.end():open_at]
            if verb.group().startswith(("call", "dub", "term", "label", "brand")) and not between.strip():
                return None  # "a group called "X"" names a thing
            speaker = self.resolve_subject(sentence_start, verb.start())
            if speaker.surface is None:
                continue
            return verb.group(), speaker
        return None

    # reported speech -----------------------------------------------------------------------

    def reported_quotes(self, direct: list[Quote], marked: list[tuple[int, int]]) -> list[Quote]:
        """Indirect speech: clauses after a speech verb, before a trailing one, or with "according to"."""
        text = self.text
        quoted = sorted((q.start, q.end) for q in direct)
        found: list[Quote] = []
        taken_until = -1
        for verb in _REPORT_RE.finditer(text):
            if verb.start() < taken_until or _inside(marked, verb.start()) or verb.start() in self.attributing:
                continue
            word = verb.group()
            if word[0].isupper() and word.lower() != "according to":
                continue
            sentence_start, sentence_end = self.sentence(verb.start())
            if word.lower().startswith("according"):
                result = self.according_to(verb, sentence_start, sentence_end)
                word = "according to"
            elif _is_active(text, verb.start()):
                result = self.trailing(verb, sentence_start, sentence_end) or self.leading(verb, sentence_start, sentence_end)
            else:
                result = None
            if result is None:
                continue
            start, end, speaker = result
            start, end = _trim(text, start, end)
            if end - start < 2 or any(s < end and start < e for s, e in quoted):
                continue
            if found and found[-1].start < end and start < found[-1].end:
                continue
            found.append(self.quote("reported", start, end, word, speaker))
            taken_until = max(verb.end(), min(end, sentence_end))
        return found

    def according_to(self, verb: re.Match[str], sentence_start: int, sentence_end: int) -> tuple[int, int, _Speaker] | None:
        text = self.text
        comma = text.find(",", verb.end(), sentence_end)
        source_end = comma if comma >= 0 else sentence_end
        speaker = self.resolve_object(verb.end(), source_end)
        before = text[sentence_start:verb.start()].strip(" ,\t")
        if len(before.split()) >= 3:
            return sentence_start, verb.start(), speaker
        if comma < 0:
            return None
        return comma + 1, sentence_end, speaker

    def trailing(self, verb: re.Match[str], sentence_start: int, sentence_end: int) -> tuple[int, int, _Speaker] | None:
        """``…, X said.`` / ``…, said X.``: the content is the sentence before the comma."""
        text = self.text
        comma = text.rfind(",", sentence_start, verb.start())
        if comma < 0:
            return None
        subject = text[comma + 1:verb.start()]
        rest = text[verb.end():sentence_end]
        if len(subject.split()) > 8 or _looks_like_clause(subject) or _THAT_START.match(rest):
            return None
        if len(rest.split()) > 14 or (rest.strip()[:1] not in ("", ".", ",", "!", "?") and not _TRAILING_REST.match(rest)):
            return None
        content = text[sentence_start:comma]
        if len(content.split()) < 3 or content.lstrip()[:1] in _QUOTE_CHARS:
            return None
        if subject.strip():
            speaker = self.resolve_subject(comma + 1, verb.start())
        else:
            speaker = self.resolve_object(verb.end(), sentence_end)
        if not _is_speakerish(speaker):
            return None
        return sentence_start, comma, speaker

    def leading(self, verb: re.Match[str], sentence_start: int, sentence_end: int) -> tuple[int, int, _Speaker] | None:
        """``X said (that) …``, ``X told reporters …``, ``X threatened to …``."""
        text = self.text
        word = verb.group()
        speaker = self.resolve_subject(sentence_start, verb.start(), participle=word.endswith("ing"))
        if not _is_speakerish(speaker):
            return None
        position = verb.end()
        that = _THAT.match(text, position, sentence_end)
        if that is not None and not any(c in that.group() for c in _QUOTE_CHARS):
            return that.end(), sentence_end, speaker
        if word in _OBJECT_VERBS:
            obj = _OBJECT.match(text, position, sentence_end)
            if obj is not None:
                position = obj.end()
        time = _TIME_OR_PLACE.match(text, position, sentence_end)
        if time is not None and time.end() > position:
            position = time.end()
        rest = text[position:sentence_end].lstrip(" ,\t")
        position = sentence_end - len(rest)
        if word == "adding" or word in _THAT_ONLY_VERBS:
            return None  # "adding an element of …", "declared a state of emergency": no speech
        if word in _TO_VERBS:
            return (position + 3, sentence_end, speaker) if rest.startswith("to ") else None
        if not rest or rest[0] in _QUOTE_CHARS or rest[0] in ":;" or not _CLAUSE_START.match(rest):
            return None
        if rest.split(" ", 1)[0].lower() in ("in", "on", "at", "to", "by", "for", "with", "from"):
            return None
        if len(rest.split()) < 2:
            return None
        return position, sentence_end, speaker

    # speakers ------------------------------------------------------------------------------

    def resolve_subject(self, start: int, verb_at: int, *, participle: bool = False) -> _Speaker:
        """The speaker named before a verb: a mention heading the phrase, a pronoun, a role noun."""
        text = self.text
        start = max(start, verb_at - 160)
        cut = start
        for match in _CLAUSE_CUT.finditer(text, start, verb_at):
            if not self.inside_mention(match.start()):
                cut = match.end()
        chunk_start = cut
        # Names inside a relative clause ("the minister, who met the Russian leader,") do not speak.
        relatives = [(m.start(), m.end()) for m in _RELATIVE_CLAUSE.finditer(text, chunk_start, verb_at)]
        candidates = [m for m in self.mentions_in(chunk_start, verb_at) if not any(a <= m.start < b for a, b in relatives)]
        if participle:
            return self.sentence_subject(start, verb_at)
        best = self.heading_mention(candidates, verb_at)
        if best is not None:
            return self.speaker_from(best)
        words = _words_before(text, chunk_start, relatives[-1][0] if relatives and relatives[-1][1] >= verb_at - 1 else verb_at)
        if not words:
            # "he said A, and concluded that …": a second verb of the sentence's subject.
            return self.sentence_subject(start, verb_at) if cut > start and text[start:cut].rstrip().endswith("and") else _NOBODY
        phrase = " ".join(words)
        last = words[-1].lower().strip(",")
        if last in _PERSON_PRONOUNS or last in ("it", "they"):
            return self.resolve_pronoun(last, words[-1], chunk_start)
        if last in ("i", "we"):
            return _Speaker(words[-1], None, None)
        spokes = _SPOKES.search(text, chunk_start, verb_at)
        if spokes is not None:
            orgs = [m for m in self.mentions_in(spokes.end(), verb_at) if m.type != "person"]
            if orgs:
                return _Speaker(phrase, orgs[-1].actor, orgs[-1].type)
            role = self.resolve_role(text[spokes.end():verb_at], chunk_start)
            return _Speaker(phrase, role.actor, role.kind)
        head = last.strip("'’")
        if head in _UNNAMED_HEADS or words[0].lower() in ("a", "an", "one", "some", "several", "two", "three", "many"):
            return _Speaker(phrase, None, None)
        if head in _PERSON_ROLES or head in _ORG_ROLES:
            role = self.resolve_role(phrase, chunk_start)
            return _Speaker(phrase, role.actor, role.kind)
        if words[-1][:1].isupper():
            return self.resolve_name(words[-1].strip(",'’"), phrase, chunk_start)
        return _NOBODY

    def sentence_subject(self, start: int, verb_at: int) -> _Speaker:
        """The subject opening the sentence ("Johnson …, saying he …"): a mention or a pronoun
        among its first words."""
        opening = [w.lower().strip(",") for w in self.text[start:verb_at].split()[:3]]
        pronoun = next((w for w in opening if w in _PERSON_PRONOUNS), None)
        candidates = [m for m in self.mentions_in(start, verb_at) if m.start - start < 40]
        if pronoun is not None and (not candidates or self.text[start:candidates[0].start].lower().split().count(pronoun)):
            return self.resolve_pronoun(pronoun, pronoun, start)
        if candidates:
            persons = [m for m in candidates if m.type == "person"]
            return self.speaker_from(persons[0] if persons else candidates[0])
        first = self.text[start:verb_at].split()[:1]
        if first and first[0].lower() in _PERSON_PRONOUNS:
            return self.resolve_pronoun(first[0].lower(), first[0], start)
        return _NOBODY

    def resolve_object(self, start: int, end: int) -> _Speaker:
        """The speaker named after the verb ("said Putin", "said the chancellor, Pradeep Khosla",
        "according to the ministry"): the first person named before any relative clause, else a
        mention opening the phrase, else a pronoun or role noun; an unnamed one stays None."""
        end = min(end, start + 160)
        relative = _RELATIVE.search(self.text, start, end)
        end = relative.start() if relative else end
        comma = self.text.find(",", start, end)
        first_part = comma if comma >= 0 else end
        mentions = self.mentions_in(start, end)
        persons = [m for m in mentions if m.type == "person"]
        if persons:
            return self.speaker_from(persons[0])
        words = self.text[start:first_part].split()
        if not words:
            return _NOBODY
        phrase = " ".join(words[:8]).rstrip(".")
        head = words[0].lower()
        if mentions and mentions[0].start < first_part and head not in _INDEFINITE:
            opening = self.text[start:mentions[0].start].split()
            following = self.text[mentions[0].end:first_part].split()[:1]
            if len(opening) <= 1 and not (following and following[0].lower().strip(".,") in _UNNAMED_HEADS):
                return self.speaker_from(mentions[0])
        if head in _PERSON_PRONOUNS or head in ("it", "they"):
            return self.resolve_pronoun(head, words[0], start)
        if head in _INDEFINITE or any(w.lower().strip(".") in _UNNAMED_HEADS for w in words[:4]):
            if _SPOKES.search(self.text, start, end) and mentions:
                return _Speaker(phrase, mentions[-1].actor, mentions[-1].type)
            return _Speaker(phrase, None, None)
        if any(w.lower().strip(".,") in _PERSON_ROLES or w.lower().strip(".,") in _ORG_ROLES for w in words[:5]):
            role = self.resolve_role(phrase, start)
            return _Speaker(phrase, role.actor, role.kind)
        if words[0][:1].isupper():
            return self.resolve_name(words[0].strip(",.'’"), phrase, start)
        return _Speaker(phrase, None, None)

    def heading_mention(self, candidates: list[ActorMention], verb_at: int) -> ActorMention | None:
        """The mention that heads the subject phrase before ``verb_at``: nothing but adverbs
        between it and the verb (preferred), or an apposition (", the minister,")."""
        close: list[ActorMention] = []
        apposed: list[ActorMention] = []
        for mention in candidates:
            gap = self.text[mention.end:verb_at]
            if _is_adverbs(gap) or _SOURCE_GAP.fullmatch(gap) or (mention.type == "person" and _MODIFIER_GAP.fullmatch(gap)):
                close.append(mention)
            elif gap.lstrip()[:1] == "," and not _SPEECH_RE.search(gap):
                before = self.text[max(mention.start - 5, 0):mention.start].lower()
                if not before.rstrip().endswith((" of", " for", " from", " with", " at", " to", " by")):
                    apposed.append(mention)
        for group in (close, apposed):
            persons = [m for m in group if m.type == "person"]
            if persons:
                return persons[0] if group is apposed else persons[-1]
        for group in (close, apposed):
            # A place does not speak, unless it is a mistyped surname ("Solana" of "Javier SOLANA").
            named = [
                m for m in group
                if m.type in ("organization", "country", "other") or (m.type == "place" and self.speaker_from(m).kind != "place")
            ]
            if named:
                pick = named[-1]
                start_of_phrase = self.text[max(pick.start - 20, 0):pick.start].lower()
                if pick.type == "other" and not start_of_phrase.strip():
                    continue
                return pick
        return None

    def speaker_from(self, mention: ActorMention) -> _Speaker:
        """A mention as a speaker; a one-word name becomes the longer actor of the article that
        holds it ("Solana" of "Javier SOLANA"), preferring a person."""
        if " " not in mention.actor:
            word = mention.actor.casefold()
            owners = [
                m for m in self.mentions
                if m.actor != mention.actor and word in m.actor.casefold().replace(",", " ").split()
            ]
            if owners:
                owners.sort(key=lambda m: m.type != "person")
                return _Speaker(mention.surface, owners[0].actor, owners[0].type)
        return _Speaker(mention.surface, mention.actor, mention.type)

    def inside_mention(self, position: int) -> bool:
        i = bisect.bisect_right(self.mention_starts, position) - 1
        return i >= 0 and self.mentions[i].start <= position < self.mentions[i].end

    def resolve_pronoun(self, pronoun: str, surface: str, before: int) -> _Speaker:
        """he/she: the last quoted person, unless another person was named since; else the
        nearest person before. it: the nearest organisation of the last two sentences. they:
        the previous quote's organisation or country."""
        if pronoun in _PERSON_PRONOUNS:
            named = [m for m in self.mentions_in(0, before) if m.type == "person"]
            if self.last_quote is not None and self.last_quote[1].kind == "person":
                since = {m.actor for m in named if m.start >= self.last_quote[0]}
                if since <= {self.last_quote[1].actor}:
                    return _Speaker(surface, self.last_quote[1].actor, "person")
            if named:
                return _Speaker(surface, named[-1].actor, "person")
            return _Speaker(surface, None, None)
        if pronoun == "it":
            window = self.sentence_starts[max(bisect.bisect_right(self.sentence_starts, before) - 2, 0)]
            orgs = [m for m in self.mentions_in(window, before) if m.type == "organization"]
            return _Speaker(surface, orgs[-1].actor, "organization") if orgs else _Speaker(surface, None, None)
        if self.last_quote is not None and self.last_quote[1].kind in ("organization", "country"):
            return _Speaker(surface, self.last_quote[1].actor, self.last_quote[1].kind)
        return _Speaker(surface, None, None)

    def resolve_role(self, phrase: str, before: int) -> _Speaker:
        """"the minister", "the Russian leader", "the ministry": the nearest earlier actor whose
        mention carries the role word (or, with a country adjective, whose affiliation it is)."""
        words = [w.lower().strip(".,'’") for w in phrase.split()]
        roles = [w for w in words if w in _PERSON_ROLES or w in _ORG_ROLES]
        if not roles:
            return _NOBODY
        role = roles[-1]
        wanted = "person" if role in _PERSON_ROLES else "organization"
        earlier = [m for m in self.mentions_in(0, before) if (m.type == "person") == (wanted == "person")]
        countries = {m.actor for m in self.mentions_in(before, before + 200) if m.type == "country" and m.surface in phrase}
        if wanted == "organization":
            earlier += [m for m in self.mentions_in(0, before) if m.type == "country"]
            earlier.sort(key=lambda m: m.start)
        for mention in reversed(earlier):
            # The role word in the mention's own phrase: "Governor John Bel Edwards", "the mayor
            # of New Orleans, LaToya Cantrell", "the German government".
            before_words = _SENTENCE_STOP.split(self.text[max(mention.start - 50, 0):mention.start])[-1].lower().split()[-5:]
            after_words = self.text[mention.end:mention.end + 30].lower().split()[:1]
            if mention.type == "country":
                if after_words and after_words[0].strip(".,'’") == role:
                    return _Speaker(phrase, mention.actor, mention.type)
                continue
            own = mention.surface.lower().split() + mention.actor.lower().split()
            if role in (w.strip(".,'’") for w in before_words + after_words + own):
                return _Speaker(phrase, mention.actor, mention.type)
        if wanted == "person" and countries:
            for mention in reversed(earlier):
                if mention.affiliation in countries:
                    return _Speaker(phrase, mention.actor, mention.type)
        return _NOBODY

    def resolve_name(self, name: str, phrase: str, before: int) -> _Speaker:
        """A capitalised name that no mention covers: the article's person actor it ends or
        starts ("Terri" of "Terri Collins"), else the name unresolved."""
        owners = {m.actor for m in self.mentions if m.type == "person" and name in (m.actor.split()[0], m.actor.split()[-1])}
        if len(owners) == 1:
            return _Speaker(phrase, owners.pop(), "person")
        return _Speaker(phrase, None, None)


# --- helpers ----------------------------------------------------------------------------------

_ADVERB_GAP = re.compile(r"\s*(?:(?:" + "|".join(_ADVERBS) + r")\s+){0,3}$", re.IGNORECASE)
# An attribution right after a closing mark: ', X said', ', he also told', ', said X'.
_AFTER = re.compile(
    r"[ \t]*[,\u2014\u2013-]?[ \t]*"
    rf"(?P<subject>(?:[^\s\"\u201c\u201d]+[ \t]+){{0,9}}?)(?:(?:{'|'.join(_ADVERBS)})[ \t]+)?(?P<verb>{_SPEECH_ALT})\b"
)
_THAT_END = re.compile(r"\bthat$")
_SENTENCE_STOP = re.compile(r"[.!?;:\n]\s")
_RELATIVE_CLAUSE = re.compile(r",\s*(?:who|which|whose)\b[^,]*,")
_RELATIVE = re.compile(r",\s*(?:who|which|whose|where|when)\b")
_INDEFINITE = frozenset("a an one some two three several unnamed anonymous another".split())
# "The WHO's website said", "the ministry's spokesman said": the organisation speaks.
_SOURCE_GAP = re.compile(r"['’]s\s+(?:official\s+|press\s+)?(?:website|statement|spokes\w+|office|account|twitter\s+account|representatives?|report)\s*")
# "Suman Haripriya of the Hajo assembly said": a person with a short modifier.
_MODIFIER_GAP = re.compile(r"\s+(?:of|from|at|with)\s+[\w\s'’.&-]{1,60}?\s*")
_QUOTED_AS_PARTIAL = re.compile(r"\b(?:was|is|were|are|been)\s+quoted\b")
_QUOTED_AS = re.compile(r"\b(?:was|is|were|are|been)\s+(?:quoted|cited)\s+as\s+$")
_THAT_START = re.compile(r"\s*(?:[\w,.'’-]+\s+){0,5}?that\s")
_TRAILING_REST = re.compile(r"\s*(?:on|in|at|late|earlier|last|this|citing|during|after|when|while|to|as|from|by|with)\b", re.IGNORECASE)


def _sentence_starts(text: str) -> list[int]:
    """Offsets where sentences start (0, after each sentence end and line break)."""
    starts = [0]
    for match in _SENTENCE_END.finditer(text):
        if match.group() != "\n":
            word = text[max(match.start() - 6, 0):match.start()].rsplit(None, 1)[-1:] or [""]
            token = word[0].lstrip("(\"'\u201c")
            if token.lower().rstrip(".") in _ABBREVIATIONS or (len(token) <= 3 and token[-1:].isupper() and "." in text[match.start():match.end()] and _is_initial(text, match.start())):
                continue
        end = match.end()
        while end < len(text) and text[end] in " \t\n":
            end += 1
        if end > starts[-1]:
            starts.append(end)
    return starts


def _is_initial(text: str, dot: int) -> bool:
    """A dot after a single capital letter ("B. T. Campbell", "U.S.")."""
    return dot >= 1 and text[dot - 1].isupper() and (dot < 2 or not text[dot - 2].isalpha())


def _pair_marks(text: str) -> list[tuple[int, int, int, int]]:
    """(open mark, close mark, content start, content end) of every quote, in order.

    Double quotes pair within a paragraph, unless the next paragraph opens a mark again (a
    quote running over paragraphs); an opener with no closer ends at its paragraph's end.
    Single quotes pair outside double quotes.
    """
    pairs: list[tuple[int, int]] = []
    open_at = -1
    paragraph_end = -1
    for match in _DOUBLE.finditer(text):
        i = match.start()
        mark = match.group()
        if open_at >= 0 and i > paragraph_end:
            if not text[paragraph_end:i].strip() and (mark in _DOUBLE_OPENERS or mark == '"'):
                paragraph_end = _paragraph_end(text, i)  # the quote goes on in this paragraph
                continue
            pairs.append((open_at, paragraph_end))
            open_at = -1
        if open_at < 0:
            if mark in _DOUBLE_CLOSERS:
                continue
            open_at, paragraph_end = i, _paragraph_end(text, i)
        elif mark in _DOUBLE_OPENERS:
            cut = max(text.rfind(",", open_at, i), text.rfind(";", open_at, i))
            pairs.append((open_at, cut if cut > open_at else i))
            open_at, paragraph_end = i, _paragraph_end(text, i)
        else:
            pairs.append((open_at, i))
            open_at = -1
    if open_at >= 0:
        pairs.append((open_at, paragraph_end))
    doubles = sorted(pairs)
    singles = _pair_singles(text, doubles)
    result = []
    for open_at, close_at in sorted(doubles + singles):
        start, end = _trim(text, open_at + 1, close_at, keep_punctuation=True)
        if end > start:
            result.append((open_at, close_at, start, end))
    return result


def _pair_singles(text: str, doubles: list[tuple[int, int]]) -> list[tuple[int, int]]:
    singles = []
    after = -1
    for match in _SINGLE_OPEN.finditer(text):
        i = match.start()
        if i < after or _inside(doubles, i):
            continue
        limit = min(_paragraph_end(text, i), i + 400)
        close = _SINGLE_CLOSE.search(text, i + 2, limit)
        if close is None or _inside(doubles, close.start()):
            continue
        singles.append((i, close.start()))
        after = close.end()
    return singles


def _paragraph_end(text: str, position: int) -> int:
    end = text.find("\n", position)
    return len(text) if end < 0 else end


def _inside(spans: list[tuple[int, int]], position: int) -> bool:
    i = bisect.bisect_right(spans, (position, len(spans) + 10**12)) - 1
    return i >= 0 and spans[i][0] < position < spans[i][1]


def _trim(text: str, start: int, end: int, *, keep_punctuation: bool = False) -> tuple[int, int]:
    """Shrink a span over surrounding whitespace (and, for reported content, trailing punctuation)."""
    while start < end and text[start] in " \t\n\r":
        start += 1
    while end > start and text[end - 1] in (" \t\n\r" if keep_punctuation else _TERMINAL + "\n\r"):
        end -= 1
    return start, end


_SPEAKER_NOUNS = frozenset(
    "spokesman spokeswoman spokesperson team researchers scientists study report statement lawyers "
    "lawyer residents survivors police prosecutors investigators doctors medics paramedics officers "
    "staff members leaders organizers organisers company firm group website".split()
)


def _is_speakerish(speaker: _Speaker) -> bool:
    """A phrase that can speak: an actor, a pronoun, a role or a speaking noun ("officials",
    "the report"), not any subject of "claimed" ("Attacks on Friday claimed 34 lives")."""
    if speaker.actor is not None:
        return True
    if speaker.surface is None:
        return False
    words = re.split(r"\s+(?:of|on|in|at|for|from|with|by)\s+", speaker.surface.lower(), maxsplit=1)[0].split()
    head = words[-1].strip(".,'’") if words else ""
    return (
        head in _PERSON_PRONOUNS or head in ("it", "they", "we", "i") or head in _PERSON_ROLES or head in _ORG_ROLES
        or head in _UNNAMED_HEADS or head in _SPEAKER_NOUNS
    )


def _is_attribution_rest(between: str) -> bool:
    """What may stand between an attributed quote and the next quote of the same speaker:
    the end of the attribution and a full stop, in one paragraph ('" says Verhagen. "')."""
    return "\n" not in between and not any(c in between for c in _QUOTE_CHARS[:1] + "\u201c\u201d") and len(between.split()) <= 8 and between.rstrip().endswith(".")


def _is_sentence(content: str) -> bool:
    """A quoted sentence or more, not a fragment: capitalised, ending like a sentence, long."""
    words = content.lstrip(".\u2026 ").split()
    return len(words) >= 6 and words[0][:1].isupper() and content.rstrip()[-1:] in ".!?\u2026"


def _ends_sentence(content: str) -> bool:
    return content.rstrip()[-1:] in ".!?,\u2026" or len(content.split()) >= 6


def _is_title(content: str) -> bool:
    """Every word capitalised and short: a title or a name, not speech ("Friends of the Earth")."""
    words = content.split()
    small = {"of", "the", "and", "a", "an", "in", "on", "for", "to", "at", "by", "with"}
    return 1 < len(words) <= 8 and all(w[:1].isupper() or w.lower() in small for w in words) and not _ends_sentence(content[-1:])


def _is_active(text: str, verb_at: int) -> bool:
    """Not passive or adjectival: "was said", "the reported cases", "as reported"."""
    before = text[max(verb_at - 12, 0):verb_at].split()
    return not before or before[-1].lower() not in _NOT_ACTIVE


def _is_adverbs(gap: str) -> bool:
    return _ADVERB_GAP.fullmatch(gap) is not None


def _looks_like_clause(subject: str) -> bool:
    """A subject chunk holding its own verb or quote is no subject ("the plan, which …")."""
    lowered = f" {subject.lower()} "
    return any(q in subject for q in _QUOTE_CHARS[:1] + "\u201c\u201d") or any(
        f" {w} " in lowered for w in ("which", "who", "is", "was", "were", "are", "will", "would", "that")
    )


def _words_before(text: str, start: int, end: int) -> list[str]:
    """The last words before a verb, from the last comma, dropping adverbs ("he also")."""
    chunk = text[start:end]
    chunk = chunk.rstrip()
    chunk = chunk.rstrip(",")
    if "," in chunk:
        chunk = chunk.rsplit(",", 1)[1]
    words = chunk.split()
    while words and words[-1].lower() in _ADVERBS:
        words.pop()
    return words[-7:]
