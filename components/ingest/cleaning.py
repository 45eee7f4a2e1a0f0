"""Clean an article's text: drop what is not the article, keep a record of what was dropped.

Cleaning works line by line. Each dropped line is kept (with its reason) so a reader can
see what was removed. Whitespace is normalised in the cleaned text itself, which is what
every character offset in the project points into; typographic quotes are kept there and
only folded for matching by :func:`fold_quotes`, a one-to-one character map, so offsets
computed on the folded text are exact in the cleaned text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# One-to-one: every typographic quote becomes one straight quote, so lengths never change.
_QUOTE_TABLE = str.maketrans("‘’‚‛′“”„‟″«»", "''''\'\"\"\"\"\"\"\"")
_SPACE_RE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE_RE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_WORD_RE = re.compile(r"\w+")

_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "audio player prompt",
        re.compile(r"^(getting your .{0,40}audio player ready.*|listen to (this|the) (article|story).{0,40}|"
                   r".{0,30}\baudio player\b.{0,30})$", re.I),
    ),
    ("separator", re.compile(r"^[\W_]{1,40}$")),
    (
        "comment or navigation",
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
    (
        "author promo",
        re.compile(
            r"(\bread (the|my|our) (latest |new )?book\b|\bavailable now\s*>+|\bbuy (the|my) (new )?book\b|"
            r"if you want to have a better understanding of the news|"
            r"\bsubscribe to (my|our) (newsletter|channel|podcast)\b|\bsupport (our|my) (work|journalism)\b)",
            re.I,
        ),
    ),
    (
        "social-media links",
        re.compile(
            r"(\bfollow (me|us|him|her) on (twitter|facebook|instagram|x|linkedin|youtube|telegram|tiktok)\b|"
            r"\b(twitter|facebook|instagram|youtube|telegram|tiktok)\s*[:@]|"
            r"https?://(www\.)?(youtube\.com|youtu\.be|twitter\.com|facebook\.com|instagram\.com|t\.me|"
            r"x\.com|tiktok\.com|linkedin\.com))",
            re.I,
        ),
    ),
    (
        "e-mail address",
        re.compile(r"([\w.+*-]*\*[\w.+*-]*@[\w*-]+(\.[\w*-]+)+|\b[\w.+-]+@[\w-]+(\.[\w-]+)+\b|"
                   r"\bcan (always )?be reached at\b)", re.I),
    ),
    ("source credit", re.compile(r"^(source|sources|via|credit|image credit|photo credit)\s*:\s*\S", re.I)),
)
# Lines of ordinary prose are never dropped by the promo/social/e-mail rules: only short ones.
_SHORT_LINE_WORDS = 60
_LINE_RULES = {"audio player prompt", "separator", "comment or navigation", "source credit"}

_BYLINE_SOURCE_RE = re.compile(r"\bby\s+(?P<authors>[^|]+?)\s+for\s+(?P<source>[A-Z][\w&'. -]{1,40}?)\.?\s*$")
_DATELINE_SOURCE_RE = re.compile(r"^[A-Z][A-Za-z ,.'-]{0,40}\((?P<source>Reuters|AP|AFP|Bloomberg|UPI|dpa)\)\s*[-–—]")
_KNOWN_OUTLETS = {
    "AP": "AP", "AFP": "AFP", "BBC": "BBC", "CNN": "CNN", "NPR": "NPR", "UPI": "UPI", "TASS": "Tass",
    "NYT": "The New York Times", "WSJ": "The Wall Street Journal",
}


@dataclass(frozen=True)
class RemovedLine:
    line: str
    reason: str


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


# Words that a line matched by an unanchored rule must hold (lower case): an ASCII line that
# holds none of them cannot match, and is not searched (searching every line of prose is most of
# the cleaning's time). A line with other characters is always searched.
_RULE_NEEDLES = {
    "author promo": ("book", "available now", "better understanding", "subscribe to", "support"),
    "social-media links": ("follow", "twitter", "facebook", "instagram", "youtube", "telegram", "tiktok", "http"),
    "e-mail address": ("@", "reached at"),
}


def classify_line(line: str) -> str | None:
    """Return why a (normalised) line is not article text, or None when it is."""
    n_words = len(_WORD_RE.findall(line))
    lowered = line.lower() if line.isascii() else None
    for reason, pattern in _RULES:
        if reason in _LINE_RULES:
            if pattern.search(line):
                return reason
        elif n_words <= _SHORT_LINE_WORDS and _may_match(reason, lowered) and pattern.search(line):
            return reason
    return None


def _may_match(reason: str, lowered: str | None) -> bool:
    needles = _RULE_NEEDLES.get(reason)
    return lowered is None or needles is None or any(needle in lowered for needle in needles)


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


def clean_text(text: str, *, title: str | None = None, find_title: bool = False) -> CleanedText:
    """Clean ``text`` and return the cleaned text with the dropped lines and their reasons.

    ``title``: the known headline; lines repeating it are dropped. With ``find_title`` and
    no ``title``, the first meaningful line is taken as the headline (plain-text files).
    """
    # Every line break the sentence splitter knows (U+2028, form feed ...) ends a line here too.
    lines = [normalize_line(line) for line in text.splitlines()]
    source, authors = infer_source([line for line in lines if line])
    removed: list[RemovedLine] = []
    if title is None and find_title:
        for line in lines:
            if line and classify_line(line) is None:
                if _is_title_candidate(line):
                    title = split_title_line(line)[0].lstrip("#").strip() or None
                break
    title_key = _comparable(title) if title else None
    kept: list[str] = []
    for line in lines:
        if not line:
            if kept and kept[-1]:
                kept.append("")  # keep one blank line between paragraphs
            continue
        reason = classify_line(line)
        if reason is None and title_key and _repeats_title(line, title_key):
            reason = "repeated title"
        if reason:
            removed.append(RemovedLine(line, reason))
        else:
            kept.append(line)
    while kept and not kept[-1]:
        kept.pop()
    return CleanedText("\n".join(kept), tuple(removed), title, source, authors)
