"""The reader's HTML: escaped user text, highlights by type, active emphasis, sentence anchors, CSP."""

import re

import pandas as pd
import pytest

from components.views.reader import (
    build_legend_html,
    build_reader_document,
    build_reader_html,
    collect_spans,
)

TEXT = "Putin met Araqchi in Moscow. <script>alert(1)</script> Iran's <b>talks</b> went on."


def sentences() -> pd.DataFrame:
    first_end = TEXT.index(".") + 1
    return pd.DataFrame(
        {
            "sentence": [0, 1],
            "start": [0, first_end + 1],
            "end": [first_end, len(TEXT)],
            "label": ["positive", "negative"],
            "compound": [0.4, -0.3],
        }
    )


def mentions() -> pd.DataFrame:
    rows = [("Vladimir Putin", "person", "Putin"), ("Abbas Araqchi", "person", "Araqchi"),
            ("Russia", "country", "Moscow"), ("Iran", "country", "Iran")]
    return pd.DataFrame(
        [{"actor": a, "type": t, "start": TEXT.index(s), "end": TEXT.index(s) + len(s)} for a, t, s in rows]
    )


def test_user_text_is_escaped() -> None:
    html = build_reader_html(TEXT, sentences(), mentions())
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;b&gt;talks&lt;/b&gt;" in html
    # Removing our own markup gives back exactly the escaped text.
    import html as html_lib

    assert html_lib.unescape(re.sub(r"<[^>]+>", "", html)) == TEXT


def test_mentions_sentences_and_emphasis() -> None:
    html = build_reader_html(TEXT, sentences(), mentions(), active_actor="Russia", selected_sentence=1)
    assert html.count('class="ns-actor"') == 3
    assert re.search(r'<mark class="ns-actor ns-active" style="--c:[^"]+" title="Russia \(country\)">Moscow</mark>', html)
    assert '<span class="ns-sent ns-positive" id="s-0"' in html
    assert '<span class="ns-sent ns-negative ns-selected" id="s-1"' in html


@pytest.mark.parametrize(
    ("keyword", "expected"),
    [
        ("talks", [("ns-keyword", "talks")]),
        ("Moscow", [("ns-actor ns-keyword", "Moscow")]),  # a mention inside a keyword match keeps both styles
        ("in Moscow", [("ns-keyword", "in "), ("ns-actor ns-keyword", "Moscow")]),
        ("Iran's", [("ns-actor ns-keyword", "Iran"), ("ns-keyword", "'s")]),
        ("nothing", []),
    ],
)
def test_keyword_spans(keyword: str, expected: list[tuple[str, str]]) -> None:
    spans = collect_spans(TEXT, mentions(), active_keyword=keyword)
    assert [(s.css, TEXT[s.start : s.end]) for s in spans if "ns-keyword" in s.css] == expected
    ends = [(s.start, s.end) for s in spans]
    assert all(a[1] <= b[0] for a, b in zip(ends, ends[1:]))  # sorted, never overlapping


def test_document_allows_only_its_own_script() -> None:
    page = build_reader_document("<div>x</div>", legend=build_legend_html(["person"]), scroll_to=3)
    assert "document.getElementById('s-3')" in page
    policy = re.search(r'content="([^"]+)"', page).group(1)
    assert policy.startswith("default-src 'none'") and "script-src 'sha256-" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1]
    assert "<script>" not in build_reader_document("<div>x</div>")


def test_legend_escapes_type_names() -> None:
    assert "&lt;i&gt;" in build_legend_html(["<i>"])


def test_quotes_are_marked_and_their_speakers_named_escaped() -> None:
    start = TEXT.index("Iran's")
    quotes = pd.DataFrame(
        [{"start": start, "end": len(TEXT) - 1, "kind": "direct", "speaker_actor": "<i>Putin</i>"},
         {"start": 0, "end": 5, "kind": "reported", "speaker_actor": None}]
    )
    html = build_reader_html(TEXT, sentences(), mentions(), quotes=quotes)
    labels = re.findall(r'<span class="ns-speaker">(.*?)</span>', html)
    assert labels == ["unnamed speaker · reported", "&lt;i&gt;Putin&lt;/i&gt; · direct"]
    quoted = re.findall(r'<span class="ns-quote" title="[^"]*">(.*?)</span>(?!</mark>)', html)
    text_only = [re.sub(r"<[^>]+>", "", part) for part in quoted]
    # The quote's words stay whole (the mention inside it is still highlighted) and escaped.
    assert text_only == ["Putin", "Iran&#x27;s &lt;b&gt;talks&lt;/b&gt; went on"]
    assert '<mark class="ns-actor"' in quoted[1]


def test_tone_tints_can_be_turned_off() -> None:
    tinted = build_reader_html(TEXT, sentences(), mentions())
    plain = build_reader_html(TEXT, sentences(), mentions(), tints=False)
    assert "ns-positive" in tinted and "ns-negative" in tinted
    assert "ns-positive" not in plain and "ns-negative" not in plain
    assert plain.count('class="ns-sent"') == 2  # the sentences stay anchors to scroll to
