"""The full-text reader as an HTML string (pure: tables in, escaped HTML out).

Every piece of article text, title and name is escaped with :func:`html.escape` before it
is placed in markup, so an article containing ``<script>`` shows as text. Sentences carry
a subtle sentiment tint, actor mentions a colour by actor type, and the active actor or
keyword a stronger emphasis.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import pandas as pd

from components.figures import ACTOR_TYPE_COLORS

READER_CSS = """
body { margin: 0; font-family: "Source Serif 4", Georgia, serif; color: #1f2933; }
.ns-reader { white-space: pre-wrap; line-height: 1.65; font-size: 16px; padding: 4px 12px 24px 4px; }
.ns-sent { border-radius: 3px; padding: 1px 0; }
.ns-positive { background: rgba(0, 114, 178, 0.07); }
.ns-negative { background: rgba(213, 94, 0, 0.09); }
.ns-selected { outline: 2px solid #0072B2; background: rgba(0, 114, 178, 0.16); }
.ns-actor { border-bottom: 2px solid var(--c); background: color-mix(in srgb, var(--c) 14%, transparent);
            color: inherit; padding: 0 1px; border-radius: 2px; }
.ns-active { background: color-mix(in srgb, var(--c) 45%, white); font-weight: 600; }
.ns-keyword { background: #ffe58a; color: inherit; font-weight: 600; padding: 0 1px; border-radius: 2px; }
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


def keyword_pattern(keyword: str) -> re.Pattern[str]:
    """A case-insensitive whole-word pattern for a keyword; quotes match either form."""
    words = [re.escape(w) for w in keyword.split()]
    body = r"\s+".join(words).replace("'", "['’]")
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)


def collect_spans(
    text: str,
    mentions: pd.DataFrame,
    *,
    active_actor: str | None = None,
    active_keyword: str | None = None,
) -> list[Span]:
    """Highlight spans, sorted and non-overlapping: mentions first, keyword matches in the gaps."""
    spans = []
    for row in mentions.itertuples(index=False):
        css = "ns-actor ns-active" if row.actor == active_actor else "ns-actor"
        color = ACTOR_TYPE_COLORS.get(row.type, "#7B8794")
        spans.append(Span(int(row.start), int(row.end), css, f"{row.actor} ({row.type})", color))
    spans.sort(key=lambda s: s.start)
    if active_keyword and active_keyword.strip():
        taken = [(s.start, s.end) for s in spans]
        for match in keyword_pattern(active_keyword.strip()).finditer(text):
            if not any(match.start() < end and start < match.end() for start, end in taken):
                spans.append(Span(match.start(), match.end(), "ns-keyword", f"keyword: {active_keyword}"))
        spans.sort(key=lambda s: s.start)
    return spans


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


def build_reader_html(
    text: str,
    sentences: pd.DataFrame,
    mentions: pd.DataFrame,
    *,
    active_actor: str | None = None,
    active_keyword: str | None = None,
    selected_sentence: int | None = None,
) -> str:
    """Render an article's cleaned text with sentence tints and highlights, all text escaped.

    ``sentences``: that article's rows (sentence, start, end, label); ``mentions``: its rows
    (actor, type, start, end). Each sentence is a ``<span id="s-N">`` so it can be scrolled to.
    """
    spans = collect_spans(text, mentions, active_actor=active_actor, active_keyword=active_keyword)
    parts, cursor = [], 0
    for row in sentences.sort_values("start").itertuples(index=False):
        start, end = int(row.start), int(row.end)
        if start < cursor:
            continue
        parts.append(_render_segment(text, cursor, start, spans))
        selected = " ns-selected" if selected_sentence is not None and int(row.sentence) == selected_sentence else ""
        parts.append(
            f'<span class="ns-sent ns-{html.escape(str(row.label))}{selected}" id="s-{int(row.sentence)}" '
            f'title="sentence {int(row.sentence) + 1}: {html.escape(str(row.label))} ({row.compound:+.2f})">'
            f"{_render_segment(text, start, end, spans)}</span>"
        )
        cursor = end
    parts.append(_render_segment(text, cursor, len(text), spans))
    return f'<div class="ns-reader">{"".join(parts)}</div>'


def build_legend_html(types: list[str]) -> str:
    """A small legend of actor-type colours and the sentiment tints."""
    marks = "".join(
        f'<mark class="ns-actor" style="--c:{ACTOR_TYPE_COLORS.get(t, "#7B8794")}">{html.escape(t)}</mark>' for t in types
    )
    return (
        f'<div class="ns-legend">{marks}<span class="ns-sent ns-positive">positive sentence</span> '
        f'<span class="ns-sent ns-negative">negative sentence</span></div>'
    )


def build_reader_document(body: str, *, legend: str = "", scroll_to: int | None = None) -> str:
    """Wrap the reader in a standalone page; our own script (no user text) scrolls to a sentence."""
    script = ""
    if scroll_to is not None:
        script = (
            "<script>const el = document.getElementById('s-%d');"
            "if (el) { el.scrollIntoView({block: 'center'}); }</script>" % int(scroll_to)
        )
    return f"<!doctype html><html><head><meta charset='utf-8'><style>{READER_CSS}</style></head><body>{legend}{body}{script}</body></html>"
