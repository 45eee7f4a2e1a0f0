"""Clean an article's text: drop what is not the article, keep a record of what was dropped.

Cleaning works line by line. Each dropped line is kept (with its reason) so a reader can
see what was removed. Whitespace is normalised in the cleaned text itself, which is what
every character offset in the project points into; typographic quotes are kept there and
only folded for matching by :func:`fold_quotes`, a one-to-one character map, so offsets
computed on the folded text are exact in the cleaned text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# One-to-one: every typographic quote becomes one straight quote, so lengths never change.
_QUOTE_TABLE = str.maketrans("‘’‚‛′“”„‟″«»", "''''\'\"\"\"\"\"\"\"")
_SPACE_RE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE_RE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_WORD_RE = re.compile(r"\w+")

@dataclass(frozen=True)
class CleaningRule:
    """One way a line is found not to be article text: a stable ``name`` (stored with each removed
    line, given to switch the rule off), a short ``label`` to show, and ``help`` for the README."""

    name: str
    label: str
    help: str


CLEANING_RULES: tuple[CleaningRule, ...] = (
    CleaningRule("audio_player", "audio player", 'Audio-player prompts ("Getting your Trinity Audio player ready...", "Listen to this article").'),
    CleaningRule("separator", "separator", 'Lines of punctuation only ("* * *", "—", a lone bar).'),
    CleaningRule(
        "navigation", "comment or navigation",
        'Comment and navigation lines ("Post a Comment", "Previous Post Next Post", "Share this article", "Read more").',
    ),
    CleaningRule("author_promo", "author promo", 'An author\'s promotion ("Read the latest book of …", "Support our journalism").'),
    CleaningRule(
        "social_links", "social-media links",
        'Follow-us lines, a platform\'s name with a handle or link ("Twitter: @name"), and lines that are only'
        ' social-media or embed links ("pic.twitter.com/…"). A quoted post stays: its words, with the link or'
        ' the "— Name (@handle) date" line that attributes it, are article text.',
    ),
    CleaningRule("email", "e-mail address", "Short lines holding an e-mail address, obfuscated ones included, or \"can be reached at\"."),
    CleaningRule(
        "photo_credit", "photo credit",
        'Whole-line photo and image credits ("Image: Jane Doe", "Photo: Jane Doe/Reuters", "(Getty Images)",'
        ' "Credit: AP Photo/Jane Doe", "Photograph: …", "Photo by … on Unsplash").',
    ),
    CleaningRule(
        "photo_caption", "photo caption",
        'A short caption line that ends with its photo credit ("Protesters at the march. Image: Jane Doe.").',
    ),
    CleaningRule("source_credit", "source credit", 'Credit lines naming a source ("Source: …", "Via: …", "Credit: …").'),
    CleaningRule("repeated_title", "repeated title", "Lines that repeat the headline."),
)
RULE_NAMES = frozenset(rule.name for rule in CLEANING_RULES)
UNKNOWN_RULE = "unknown"
"""The reason of a removed line stored before reasons were kept."""
_LABELS = {rule.name: rule.label for rule in CLEANING_RULES} | {UNKNOWN_RULE: "reason not recorded"}

_PLATFORMS = r"(?:twitter|facebook|instagram|youtube|telegram|tiktok|linkedin|threads|bluesky|x)"
_SOCIAL_URL = (
    r"(?:https?://(?:www\.|m\.)?(?:youtube\.com|youtu\.be|twitter\.com|facebook\.com|instagram\.com|t\.me|"
    r"x\.com|tiktok\.com|linkedin\.com|t\.co|bsky\.app)\S*|\bpic\.twitter\.com/\S+)"
)
_LINK_OR_HANDLE_RE = re.compile(r"(?:https?://\S+|\bpic\.twitter\.com/\S+|\bwww\.\S+|@\w+)", re.I)
# Photo agencies and libraries: a whole line naming one ("(Getty Images)", "Jane Doe/Reuters") is a credit.
_AGENCIES = (
    r"(?:getty images|ap photo|ap images|afp photo|afp|reuters|epa(?:-efe)?|shutterstock|alamy|xinhua|anadolu"
    r"(?: agency)?|sipa(?: press)?|nurphoto|zuma(?: press)?|pa images|pa wire|istock(?:photo)?|unsplash|"
    r"flickr|wikimedia commons)"
)
_PICTURE_WORDS = r"(?:image|images|photo|photos|photograph|photography|picture|pictures|pic|illustration|file photo)"
_CREDIT_HEADS = rf"(?:{_PICTURE_WORDS}(?: credits?| source| courtesy)?|(?:photo|image|picture) credits?)"


@dataclass(frozen=True)
class _Rule:
    name: str
    pattern: re.Pattern[str]
    max_words: int | None = None  # longer lines are prose, never this rule's
    needles: tuple[str, ...] = ()  # words a matching ASCII line must hold (lower case); none: always searched


# In the order they are tried: the first that matches gives the reason.
_RULES: tuple[_Rule, ...] = (
    _Rule(
        "audio_player",
        re.compile(r"^(getting your .{0,40}audio player ready.*|listen to (this|the) (article|story).{0,40}|"
                   r".{0,30}\baudio player\b.{0,30})$", re.I),
    ),
    _Rule("separator", re.compile(r"^[\W_]{1,40}$")),
    _Rule(
        "navigation",
        re.compile(
            r"^(post a comment|leave a (comment|reply)|\d+ comments?|comments?|"
            r"previous (post|article)( next (post|article))?|next (post|article)|older posts?|newer posts?|"
            r"related (posts|articles|stories)|you (may|might) also like|read more|read next|"
            r"share( this( article| story| post)?)?|share on \w+|advertisement|sponsored( content)?|"
            r"skip to (main )?content|subscribe( now)?|home|menu|search|back to top|"
            r"sign up for .{0,60}newsletter.*|click here\b.{0,80})[.:!]?$",
            re.I,
        ),
    ),
    _Rule(
        "author_promo",
        re.compile(
            r"(\bread (the|my|our) (latest |new )?book\b|\bavailable now\s*>+|\bbuy (the|my) (new )?book\b|"
            r"if you want to have a better understanding of the news|"
            r"\bsubscribe to (my|our) (newsletter|channel|podcast)\b|\bsupport (our|my) (work|journalism)\b)",
            re.I,
        ),
        max_words=60,
        needles=("book", "available now", "better understanding", "subscribe to", "support"),
    ),
    _Rule(
        "social_links",
        # "on Twitter: "…"" introduces a quoted post, which is article text: a platform's name counts
        # only before a handle or a link ("Twitter: @name", "Facebook @page").
        re.compile(
            rf"(\bfollow (me|us|him|her) on {_PLATFORMS}\b|\b{_PLATFORMS}\s*:?\s*(@\w|https?://))",
            re.I,
        ),
        max_words=60,
        needles=("follow", "@", "http"),
    ),
    _Rule(
        "email",
        re.compile(r"([\w.+*-]*\*[\w.+*-]*@[\w*-]+(\.[\w*-]+)+|\b[\w.+-]+@[\w-]+(\.[\w-]+)+\b|"
                   r"\bcan (always )?be reached at\b)", re.I),
        max_words=60,
        needles=("@", "reached at"),
    ),
    _Rule(
        "photo_credit",
        re.compile(
            r"^[(\[]?\s*(?:"
            rf"{_CREDIT_HEADS}\s*[:|]\s*\S.*"  # Image: Jane Doe; Photo | Reuters
            rf"|{_PICTURE_WORDS}\s+(?:by|courtesy of|courtesy|via)\s+\S.*"  # Photo by Jane Doe on Unsplash
            rf"|credits?\s*:.*\b(?:{_AGENCIES}|{_PICTURE_WORDS})\b.*"  # Credit: AP Photo/Jane Doe
            rf"|(?:[\w.'’ -]{{1,60}}/\s*)?{_AGENCIES}(?:\s*(?:/|via|for)\s*[\w.'’ /-]{{1,60}})?"  # Jane Doe/AFP via Getty Images
            r")\s*[)\]]?\.?$",
            re.I,
        ),
        max_words=25,
        needles=("image", "photo", "picture", "pic", "illustration", "credit", "getty", "afp", "reuters", "epa",
                 "shutterstock", "alamy", "xinhua", "anadolu", "sipa", "nurphoto", "zuma", "pa images", "pa wire",
                 "istock", "unsplash", "flickr", "wikimedia"),
    ),
    _Rule(
        "photo_caption",
        re.compile(
            rf"^.*\S\s*(?:[(\[]\s*)?(?:{_CREDIT_HEADS}|credits?)\s*:\s*[^:]{{1,80}}$"  # … at the march. Image: Jane Doe.
            rf"|^.*\S\s*\(\s*(?:[^()]{{1,60}}/\s*)?(?:getty images|ap photo|afp photo|shutterstock|alamy|istock)"
            r"[^()]{0,60}\)\.?$",  # … on Monday. (AP Photo/Jane Doe)
            re.I,
        ),
        max_words=40,
        needles=("image", "photo", "picture", "pic", "illustration", "credit", "getty", "shutterstock", "alamy",
                 "istock"),
    ),
    _Rule("source_credit", re.compile(r"^(source|sources|via|credit)\s*:\s*\S", re.I)),
)
# A line that, besides links and handles, says no more than this many words is a link line; with
# more, it is a quoted post (its words are article text) or prose citing a link.
_LINK_LINE_WORDS = 3
_SOCIAL_URL_RE = re.compile(_SOCIAL_URL, re.I)

_BYLINE_SOURCE_RE = re.compile(r"\bby\s+(?P<authors>[^|]+?)\s+for\s+(?P<source>[A-Z][\w&'. -]{1,40}?)\.?\s*$")
_DATELINE_SOURCE_RE = re.compile(r"^[A-Z][A-Za-z ,.'-]{0,40}\((?P<source>Reuters|AP|AFP|Bloomberg|UPI|dpa)\)\s*[-–—]")
_KNOWN_OUTLETS = {
    "AP": "AP", "AFP": "AFP", "BBC": "BBC", "CNN": "CNN", "NPR": "NPR", "UPI": "UPI", "TASS": "Tass",
    "NYT": "The New York Times", "WSJ": "The Wall Street Journal",
}


@dataclass(frozen=True)
class RemovedLine:
    """A line cleaning dropped, and the name of the rule that dropped it (:data:`CLEANING_RULES`)."""

    line: str
    rule: str

    @property
    def label(self) -> str:
        return rule_label(self.rule)


@dataclass(frozen=True)
class CleanedText:
    """The cleaned text, the lines dropped from it, and what the text itself says about itself."""

    text: str
    removed: tuple[RemovedLine, ...]
    title: str | None = None
    source: str | None = None
    authors: tuple[str, ...] = ()


def fold_quotes(text: str) -> str:
    """Map typographic quotes and apostrophes to straight ones, one character for one."""
    return text.translate(_QUOTE_TABLE)


def normalize_line(line: str) -> str:
    """Collapse runs of spaces (tabs, no-break spaces ...), drop invisible characters, strip."""
    return _SPACE_RE.sub(" ", _INVISIBLE_RE.sub("", line)).strip()


def rule_label(name: str) -> str:
    """The label shown for a rule's name ("photo_credit" -> "photo credit"); an unknown name as is."""
    return _LABELS.get(name, name)


def check_rule_names(names: Iterable[str]) -> frozenset[str]:
    """``names`` as a frozenset; raises ValueError naming any that is not a rule of :data:`CLEANING_RULES`."""
    chosen = frozenset(names)
    if unknown := sorted(chosen - RULE_NAMES):
        raise ValueError(f"unknown cleaning rule(s): {', '.join(unknown)}; the rules are {', '.join(sorted(RULE_NAMES))}")
    return chosen


def classify_line(line: str, *, disabled: frozenset[str] = frozenset()) -> str | None:
    """Return the name of the rule that finds a (normalised) line not to be article text, or None
    when it is article text. Rules named in ``disabled`` are not applied."""
    n_words = len(_WORD_RE.findall(line))
    # The words a rule's match needs (its needles) are looked for first: an ASCII line that holds
    # none of them is not searched (searching every line of prose is most of the cleaning's time).
    lowered = line.lower() if line.isascii() else None
    for rule in _RULES:
        if rule.name in disabled or (rule.max_words is not None and n_words > rule.max_words):
            continue
        if (lowered is None or not rule.needles or any(n in lowered for n in rule.needles)) and rule.pattern.search(line):
            return rule.name
        if rule.name == "social_links" and _is_link_line(line, lowered):
            return rule.name
    return None


def _is_link_line(line: str, lowered: str | None) -> bool:
    """True for a line of social-media or embed links with hardly a word besides ("pic.twitter.com/x",
    "Watch on YouTube https://youtu.be/x"); a quoted post with its link says more, and stays."""
    if lowered is not None and "http" not in lowered and "pic.twitter" not in lowered:
        return False
    if not _SOCIAL_URL_RE.search(line):
        return False
    return len(_WORD_RE.findall(_LINK_OR_HANDLE_RE.sub(" ", line))) <= _LINK_LINE_WORDS


def _comparable(line: str) -> str:
    return " ".join(_WORD_RE.findall(fold_quotes(line).lower()))


def split_title_line(line: str) -> tuple[str, str | None]:
    """Split "Headline | byline" into its parts; a line without " | " is all headline."""
    head, sep, tail = line.partition(" | ")
    if sep and head.strip():
        return head.strip(), tail.strip() or None
    return line.strip(), None


def infer_source(lines: list[str]) -> tuple[str | None, tuple[str, ...]]:
    """Find the outlet (and authors) that the text names for itself.

    Looks for a byline ("... by A and B for NEWSWEEK.") and a wire dateline
    ("TEHRAN (Reuters) -"). Returns (None, ()) when the text does not say.
    """
    for line in lines[:40] + lines[-40:]:
        _, byline = split_title_line(line)
        match = _BYLINE_SOURCE_RE.search(byline or line)
        if match:
            authors = re.split(r",\s*|\s+and\s+|\s*&\s*", match["authors"].strip())
            return _display_outlet(match["source"]), tuple(a.strip() for a in authors if a.strip())
        match = _DATELINE_SOURCE_RE.search(line)
        if match:
            return _display_outlet(match["source"]), ()
    return None, ()


def _display_outlet(name: str) -> str:
    name = name.strip().rstrip(".")
    if name.upper() in _KNOWN_OUTLETS:
        return _KNOWN_OUTLETS[name.upper()]
    if name.isupper() and len(name) > 4:
        return name.title()
    return name


def _is_title_candidate(line: str) -> bool:
    head, _ = split_title_line(line)
    return 0 < len(head) <= 300 and len(_WORD_RE.findall(head)) <= 40


def _repeats_title(line: str, title_key: str) -> bool:
    """True when ``line`` is the title, whole or as the head of "Headline | byline"."""
    # Both: a known title may itself hold " | " ("Headline | Newsweek" from a page's <title>).
    return title_key in (_comparable(line), _comparable(split_title_line(line.lstrip("#"))[0]))


def clean_text(
    text: str, *, title: str | None = None, find_title: bool = False, disabled: frozenset[str] = frozenset()
) -> CleanedText:
    """Clean ``text`` and return the cleaned text with the dropped lines and their reasons.

    ``title``: the known headline; lines repeating it are dropped. With ``find_title`` and
    no ``title``, the first meaningful line is taken as the headline (plain-text files).
    ``disabled``: names of rules (:data:`CLEANING_RULES`) not to apply; their lines stay in the text.
    """
    # Every line break the sentence splitter knows (U+2028, form feed ...) ends a line here too.
    lines = [normalize_line(line) for line in text.splitlines()]
    source, authors = infer_source([line for line in lines if line])
    removed: list[RemovedLine] = []
    if title is None and find_title:
        # The headline is the first line that is not boilerplate, whichever rules are switched off.
        for line in lines:
            if line and classify_line(line) is None:
                if _is_title_candidate(line):
                    title = split_title_line(line)[0].lstrip("#").strip() or None
                break
    title_key = _comparable(title) if title and "repeated_title" not in disabled else None
    kept: list[str] = []
    for line in lines:
        if not line:
            if kept and kept[-1]:
                kept.append("")  # keep one blank line between paragraphs
            continue
        rule = classify_line(line, disabled=disabled)
        if rule is None and title_key and _repeats_title(line, title_key):
            rule = "repeated_title"
        if rule:
            removed.append(RemovedLine(line, rule))
        else:
            kept.append(line)
    while kept and not kept[-1]:
        kept.pop()
    return CleanedText("\n".join(kept), tuple(removed), title, source, authors)


def removed_lines_text(removed: Sequence[str], reasons: Sequence[str]) -> str:
    """The removed lines as text to show, one "label: line" per line (the reader's expander).

    ``reasons``: the rule names beside ``removed`` (``Article.removed_reasons``); a missing one
    reads as unknown.
    """
    labels = [rule_label(reason) for reason in reasons]
    labels += [rule_label(UNKNOWN_RULE)] * (len(removed) - len(labels))
    return "\n".join(f"{label}: {line}" for label, line in zip(labels, removed))
