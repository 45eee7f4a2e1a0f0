"""Split a text into sentences with exact character offsets.

Every line of the text is a paragraph or a heading of its own (news texts here carry
headings such as "Why It Matters" with no final punctuation), so lines are never merged;
each line is segmented with syntok, which knows abbreviations ("U.S.", "Mr."), initials,
decimals and quotes, and reports token offsets we map back onto the given text.

Corrections to syntok: it ends a sentence at a semicolon, which we undo (a semicolon
joins two clauses of one sentence). It misses a sentence end at a one-character ellipsis
("events\u2026 Read the book") and at a terminal glued to an emoji ("won \U0001f3c6. Fans"),
which we add when a capitalised word follows, and at a CJK full stop with no space after
it, which we add. Spans with no letter or digit (separator lines such as "|" or "***")
are not sentences.

Time and memory stay linear on any input: very long lines are cut into blocks before
segmenting (preferably after a sentence end), and sentences longer than
``MAX_SENTENCE_CHARS`` are cut at whitespace afterwards (VADER's cost grows with the
square of a sentence's length).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from syntok.segmenter import segment
from syntok.tokenizer import Tokenizer

MAX_SENTENCE_CHARS = 2_000
"""Longest sentence returned; longer ones (tables, unpunctuated text) are cut at whitespace."""

MAX_BLOCK_CHARS = 10_000
"""Longest piece of one line handed to syntok at a time (bounds its memory on huge lines)."""

# The same line boundaries as str.splitlines().
_LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
# A sentence end (terminal, optional closing quotes/brackets) followed by whitespace.
_SENTENCE_END = re.compile(r"[.!?\u3002\uff01\uff1f][\"'\u2019\u201d)\]]*\s")
_WHITESPACE = re.compile(r"\s")
# Breaks syntok misses: "\u2026", or a terminal glued to an emoji ("won \U0001f3c6."), before
# a word (kept only when the word is capitalised), and CJK full stops directly followed by
# the next sentence (CJK text has no spaces).
_EXTRA_BREAK = re.compile(
    r"(?:\u2026|(?<=[\u2600-\u27bf\ufe0f\U0001f000-\U0001faff])[.!?]+)[\"'\u2019\u201d)\]]*"
    r"(?=\s+[\"'\u201c\u2018(\[]?(?P<word>[^\W\d_]))"
    r"|[\u3002\uff01\uff1f][\u300d\u300f\u201d\uff09]*(?=[^\s\u3002\uff01\uff1f])"
)
# A letter or digit: "\w" without "_", so a line of underscores is a separator, not a sentence.
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")

# Built once: syntok's tokenizer is stateless between calls.
_TOKENIZER = Tokenizer(replace_not_contraction=False)


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: ``text == source[start:end]``, stripped of surrounding whitespace."""

    index: int
    start: int
    end: int
    text: str


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences, in order, with offsets into ``text``.

    Lines are paragraphs: a sentence never spans a line break. Empty input gives ``[]``.
    """
    spans: list[tuple[int, int]] = []
    for line_start, line_end in _line_spans(text):
        for block_start, block_end in _block_spans(text, line_start, line_end, MAX_BLOCK_CHARS):
            segmented = _join_after_semicolons(text, _segment_block(text, block_start, block_end))
            for start, end in _split_missed_breaks(text, segmented):
                if _LETTER_OR_DIGIT.search(text, start, end):
                    spans.extend(_cut_long_span(text, start, end, MAX_SENTENCE_CHARS))
    return [
        Sentence(index=i, start=start, end=end, text=text[start:end])
        for i, (start, end) in enumerate(spans)
    ]


def _line_spans(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of every line that is not blank."""
    start = 0
    for match in _LINE_BREAK.finditer(text):
        if text[start : match.start()].strip():
            yield start, match.start()
        start = match.end()
    if text[start:].strip():
        yield start, len(text)


def _block_spans(text: str, start: int, end: int, limit: int) -> Iterator[tuple[int, int]]:
    """Cut ``text[start:end]`` into pieces of at most ``limit`` characters.

    A cut goes after the last sentence end in the window, else after the last
    whitespace, else (no whitespace at all, e.g. CJK or a garbage token) at the limit.
    """
    while end - start > limit:
        window = text[start : start + limit]
        cut = _last_match_end(_SENTENCE_END, window) or _last_match_end(_WHITESPACE, window)
        cut = cut or limit
        yield start, start + cut
        start += cut
    yield start, end


def _last_match_end(pattern: re.Pattern[str], window: str) -> int:
    """End of the last match of ``pattern`` in ``window`` (0 if none)."""
    last = 0
    for match in pattern.finditer(window):
        last = match.end()
    return last


def _segment_block(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Yield stripped, non-empty sentence spans of ``text[start:end]`` found by syntok."""
    block = text[start:end]
    # Offset 0: syntok pads the text with `offset` spaces when given a base offset.
    for tokens in segment(_TOKENIZER.tokenize(block)):
        first, last = tokens[0], tokens[-1]
        span = _strip_span(text, start + first.offset, start + last.offset + len(last.value))
        if span is not None:
            yield span


def _join_after_semicolons(
    text: str, spans: Iterator[tuple[int, int]]
) -> Iterator[tuple[int, int]]:
    """Merge a span ending in ";" with the span that follows it."""
    pending: tuple[int, int] | None = None
    for start, end in spans:
        if pending is not None:
            start = pending[0]
        if text[end - 1] == ";":
            pending = (start, end)
        else:
            pending = None
            yield start, end
    if pending is not None:
        yield pending


def _split_missed_breaks(
    text: str, spans: Iterator[tuple[int, int]]
) -> Iterator[tuple[int, int]]:
    """Cut spans at the sentence ends syntok misses (see ``_EXTRA_BREAK``)."""
    for start, end in spans:
        for match in _EXTRA_BREAK.finditer(text, start, end):
            word = match.group("word")
            if word is None or word.isupper():
                span = _strip_span(text, start, match.end())
                if span is not None:
                    yield span
                start = match.end()
        span = _strip_span(text, start, end)
        if span is not None:
            yield span


def _strip_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Shrink (start, end) past surrounding whitespace; None when nothing is left."""
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return None
    lead = len(piece) - len(piece.lstrip())
    return start + lead, start + lead + len(stripped)


def _cut_long_span(text: str, start: int, end: int, limit: int) -> Iterator[tuple[int, int]]:
    """Yield (start, end) unchanged, or cut into stripped pieces of at most ``limit`` chars."""
    if end - start <= limit:
        yield start, end
        return
    for piece_start, piece_end in _block_spans(text, start, end, limit):
        span = _strip_span(text, piece_start, piece_end)
        if span is not None:
            yield span
