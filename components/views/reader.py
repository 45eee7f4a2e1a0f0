"""The full-text reader as an HTML string (pure: tables in, escaped HTML out).

Every piece of article text, title and name is escaped with :func:`html.escape` before it
is placed in markup, so an article containing ``<script>`` shows as text. Sentences carry
a subtle sentiment tint, actor mentions a colour by actor type, and the active actor or
keyword a stronger emphasis.
"""

from __future__ import annotations

import base64
import hashlib
import html
from dataclasses import dataclass

import pandas as pd

from components.views.aggregate import keyword_pattern
from components.views.figures import ACTOR_TYPE_COLORS

READER_CSS = """
body { margin: 0; font-family: "Source Serif 4", Georgia, serif; color: #1f2933; overflow-wrap: anywhere; }
.ns-reader { white-space: pre-wrap; line-height: 1.65; font-size: 16px; padding: 4px 12px 24px 4px; max-width: 44em; }
h2, .ns-meta { max-width: 32em; }
.ns-sent { border-radius: 3px; padding: 1px 0; }
.ns-positive { background: rgba(0, 114, 178, 0.07); }
.ns-negative { background: rgba(213, 94, 0, 0.09); }
.ns-selected { outline: 2px solid #0072B2; background: rgba(0, 114, 178, 0.16); }
.ns-actor { border-bottom: 2px solid var(--c); background: color-mix(in srgb, var(--c) 14%, transparent);
            color: inherit; padding: 0 1px; border-radius: 2px; }
.ns-active { background: color-mix(in srgb, var(--c) 45%, white); font-weight: 600; }
.ns-keyword, .ns-actor.ns-keyword { background: #ffe58a; color: inherit; font-weight: 600; padding: 0 1px; border-radius: 2px; }
.ns-quote { border-bottom: 1px dashed #6b7280; }
.ns-speaker { font: 600 11px system-ui, sans-serif; color: #fff; background: #4b5563; border-radius: 3px;
              padding: 0 4px; margin-right: 3px; vertical-align: 1px; white-space: nowrap; }
.ns-legend { font: 13px system-ui, sans-serif; color: #52606d; margin: 0 0 8px 4px; }
.ns-legend mark { margin-right: 8px; }
"""


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    css: str
    title: str
    color: str = ""


def collect_spans(
    text: str,
    mentions: pd.DataFrame,
    *,
    active_actor: str | None = None,
    active_keyword: str | None = None,
    find: str | None = None,
) -> list[Span]:
    """Highlight spans, sorted and non-overlapping.

    Every mention is a span coloured by actor type (emphasised for the active actor). Matches
    of the active keyword and of the concordance's typed text (``find``: literal, whole words,
    a trailing ``*`` for any ending) are highlighted too: a mention inside a match gets the
    keyword style as well, and the parts of a match outside mentions become keyword spans.
    """
    matches: list[tuple[int, int, str]] = []
    if active_keyword and active_keyword.strip():
        found = keyword_pattern(active_keyword.strip()).finditer(text)
        matches += [(*m.span(), f"keyword: {active_keyword}") for m in found]
    if find and find.strip():
        matches += [(*m.span(), f"found: {find.strip()}") for m in keyword_pattern(find.strip(), wildcard=True).finditer(text)]
    matches = _disjoint(sorted(matches))
    spans = []
    for row in mentions.itertuples(index=False):
        start, end = int(row.start), int(row.end)
        css = "ns-actor ns-active" if row.actor == active_actor else "ns-actor"
        if any(s < end and start < e for s, e, _ in matches):
            css += " ns-keyword"
        color = ACTOR_TYPE_COLORS.get(row.type, "#7B8794")
        spans.append(Span(start, end, css, f"{row.actor} ({row.type})", color))
    taken = sorted((s.start, s.end) for s in spans)
    for start, end, label in matches:
        cursor = start
        for taken_start, taken_end in taken:
            if taken_end <= cursor or taken_start >= end:
                continue
            if taken_start > cursor:
                spans.append(Span(cursor, taken_start, "ns-keyword", label))
            cursor = max(cursor, taken_end)
        if cursor < end:
            spans.append(Span(cursor, end, "ns-keyword", label))
    return sorted(spans, key=lambda s: s.start)


def _disjoint(matches: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Sorted matches without overlaps (a keyword hit and a found hit on the same words: the first)."""
    kept: list[tuple[int, int, str]] = []
    for match in matches:
        if not kept or match[0] >= kept[-1][1]:
            kept.append(match)
    return kept


def _render_segment(text: str, start: int, end: int, spans: list[Span]) -> str:
    parts, cursor = [], start
    for span in spans:
        if span.end <= start or span.start >= end:
            continue
        s, e = max(span.start, start), min(span.end, end)
        parts.append(html.escape(text[cursor:s]))
        style = f' style="--c:{span.color}"' if span.color else ""
        parts.append(f'<mark class="{span.css}"{style} title="{html.escape(span.title)}">{html.escape(text[s:e])}</mark>')
        cursor = e
    parts.append(html.escape(text[cursor:end]))
    return "".join(parts)


@dataclass(frozen=True)
class QuoteMark:
    """A quote to mark in the reader: its span and who says it (a label, already plain text)."""

    start: int
    end: int
    speaker: str
    kind: str


def quote_marks(quotes: pd.DataFrame | None) -> list[QuoteMark]:
    """The reader's marks for one article's quote rows (``QUOTE_COLUMNS``), in order, not overlapping."""
    if quotes is None or quotes.empty:
        return []
    marks: list[QuoteMark] = []
    for row in quotes.sort_values("start").itertuples(index=False):
        if marks and int(row.start) < marks[-1].end:
            continue
        speaker = row.speaker_actor if isinstance(row.speaker_actor, str) else "unnamed speaker"
        marks.append(QuoteMark(int(row.start), int(row.end), speaker, str(row.kind)))
    return marks


def _render_quoted(text: str, start: int, end: int, spans: list[Span], marks: list[QuoteMark]) -> str:
    """:func:`_render_segment`, with the parts inside quotes underlined and each quote's speaker
    named where it starts."""
    parts, cursor = [], start
    for mark in marks:
        if mark.end <= cursor or mark.start >= end:
            continue
        s, e = max(mark.start, cursor), min(mark.end, end)
        parts.append(_render_segment(text, cursor, s, spans))
        if mark.start >= start:  # the quote starts in this piece: name its speaker
            parts.append(f'<span class="ns-speaker">{html.escape(mark.speaker)} · {html.escape(mark.kind)}</span>')
        title = f"{mark.kind} quote, {mark.speaker}"
        parts.append(f'<span class="ns-quote" title="{html.escape(title)}">{_render_segment(text, s, e, spans)}</span>')
        cursor = e
    parts.append(_render_segment(text, cursor, end, spans))
    return "".join(parts)


def build_reader_html(
    text: str,
    sentences: pd.DataFrame,
    mentions: pd.DataFrame,
    *,
    active_actor: str | None = None,
    active_keyword: str | None = None,
    selected_sentence: int | None = None,
    quotes: pd.DataFrame | None = None,
    find: str | None = None,
    tints: bool = True,
) -> str:
    """Render an article's cleaned text with sentence tints and highlights, all text escaped.

    ``sentences``: that article's rows (sentence, start, end, label); ``mentions``: its rows
    (actor, type, start, end); ``quotes``: its quote rows, underlined, each with its speaker named
    where it starts; ``tints``: sentences tinted by their tone. Each sentence is a ``<span id="s-N">``
    so it can be scrolled to.
    """
    spans = collect_spans(text, mentions, active_actor=active_actor, active_keyword=active_keyword, find=find)
    marks = quote_marks(quotes)
    parts, cursor = [], 0
    for row in sentences.sort_values("start").itertuples(index=False):
        start, end = int(row.start), int(row.end)
        if start < cursor:
            continue
        parts.append(_render_quoted(text, cursor, start, spans, marks))
        selected = " ns-selected" if selected_sentence is not None and int(row.sentence) == selected_sentence else ""
        tint = f" ns-{html.escape(str(row.label))}" if tints else ""
        parts.append(
            f'<span class="ns-sent{tint}{selected}" id="s-{int(row.sentence)}" '
            f'title="sentence {int(row.sentence) + 1}: {html.escape(str(row.label))} ({row.compound:+.2f})">'
            f"{_render_quoted(text, start, end, spans, marks)}</span>"
        )
        cursor = end
    parts.append(_render_quoted(text, cursor, len(text), spans, marks))
    return f'<div class="ns-reader">{"".join(parts)}</div>'


def build_title_html(
    title: str,
    mentions: pd.DataFrame,
    *,
    active_actor: str | None = None,
    active_keyword: str | None = None,
    find: str | None = None,
) -> str:
    """The headline, escaped, with its actor mentions (offsets into the title) and keyword and
    found matches highlighted as in the text."""
    spans = collect_spans(title, mentions, active_actor=active_actor, active_keyword=active_keyword, find=find)
    return _render_segment(title, 0, len(title), spans)


def build_legend_html(types: list[str]) -> str:
    """A small legend of actor-type colours and the sentiment tints."""
    marks = "".join(
        f'<mark class="ns-actor" style="--c:{ACTOR_TYPE_COLORS.get(t, "#7B8794")}">{html.escape(t)}</mark>' for t in types
    )
    return (
        f'<div class="ns-legend">{marks}<span class="ns-sent ns-positive">positive sentence</span> '
        f'<span class="ns-sent ns-negative">negative sentence</span> '
        f'<span class="ns-speaker">speaker · kind</span><span class="ns-quote">quote</span></div>'
    )


def build_reader_document(body: str, *, legend: str = "", scroll_to: int | None = None) -> str:
    """Wrap the reader in a standalone page; our own script (no user text) scrolls to a sentence.

    A Content-Security-Policy allows only that one script (by its SHA-256) and no other
    script, inline handler, image or connection: a second line of defence behind escaping.
    """
    script = ""
    if scroll_to is not None:
        script = (
            "const el = document.getElementById('s-%d');"
            "if (el) { el.scrollIntoView({block: 'center'}); }" % int(scroll_to)
        )
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    policy = f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{digest}'"
    return (
        f"<!doctype html><html><head><meta charset='utf-8'>"
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
        f"<style>{READER_CSS}</style></head><body>{legend}{body}"
        f"{f'<script>{script}</script>' if script else ''}</body></html>"
    )
