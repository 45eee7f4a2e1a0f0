"""Figure builders, tested structurally: traces, axis titles, customdata, emphasis, escaping."""

import html
import json

import pandas as pd
import plotly.graph_objects as go
import plotly.io
import pytest

from components.views.aggregate import (
    ACTOR_SENTIMENT_COLUMNS,
    ATTENTION_COLUMNS,
    COOCCURRENCE_COLUMNS,
    COUNT_BY_SOURCE_COLUMNS,
    COUNT_BY_TYPE_COLUMNS,
    SOURCE_COMPARISON_COLUMNS,
    TOP_KEYWORD_COLUMNS,
)
from components.views.figures import (
    ACTOR_TYPE_COLORS,
    FADED_OPACITY,
    HOVER_LINE_CHARS,
    MATRIX_LABEL_CHARS,
    NAME_HOVER_CHARS,
    NAME_LABEL_CHARS,
    NEGATIVE_COLOR,
    NEUTRAL_COLOR,
    POSITIVE_COLOR,
    TITLE_LABEL_CHARS,
    build_actor_chart,
    build_actor_sentiment_chart,
    build_article_sentiment_chart,
    build_attention_chart,
    build_cooccurrence_chart,
    build_keyword_chart,
    build_sentence_chart,
    build_source_chart,
    build_speaker_chart,
    empty_figure,
    hover_name,
    short_label,
)
from components.views.quotes import SPEAKER_COLUMNS
from components.views.viewstate import UNKNOWN_SOURCE, ViewState, apply_selection

EVIL = "<script>x</script>"
ESCAPED = "&lt;script&gt;x&lt;/script&gt;"
LONG = "L" * 10_000

COUNTS = pd.DataFrame(
    [("Iran", "country", 3, 2), ("Vladimir Putin", "person", 3, 1), ("Ali Khamenei", "person", 2, 1),
     ("IAEA", "organization", 1, 1), ("Russia", "country", 1, 1)],
    columns=COUNT_BY_TYPE_COLUMNS,
)
COUNTS_BY_SOURCE = pd.DataFrame(
    [("Iran", "country", UNKNOWN_SOURCE, 2), ("Iran", "country", "Newsweek", 1),
     ("Vladimir Putin", "person", "Newsweek", 3), ("IAEA", "organization", UNKNOWN_SOURCE, 1)],
    columns=COUNT_BY_SOURCE_COLUMNS,
)
PAIRS = pd.DataFrame(
    [("Ali Khamenei", "Vladimir Putin", 2, 0.1, -0.2, 0.4, 0.2), ("IAEA", "Iran", 1, -0.5, -1.0, 1.0, -0.6),
     ("Iran", "Russia", 1, 0.3, -1.0, 1.0, 0.0)],
    columns=COOCCURRENCE_COLUMNS,
)
KEYWORDS = pd.DataFrame(
    [("oil", 2, 0.02, 1.5, 1.5), ("Putin", 1, 0.01, 1.0, 1.0), ("markets", 1, 0.04, 1.0, 1.0)],
    columns=TOP_KEYWORD_COLUMNS,
)
ARTICLES = pd.DataFrame(
    [("a1", "Putin meets Khamenei", "Newsweek", 0.4 / 3), ("a2", "Oil prices", None, -0.15),
     ("a3", "Calm markets", "Reuters", 0.2), ("a4", None, None, None)],
    columns=["id", "title", "source", "sentiment_mean"],
)
ACTOR_SENT = pd.DataFrame(
    [("IAEA", "organization", 5, -0.3, -0.6, 0.0, -0.6), ("Iran", "country", 7, -0.2, -0.4, 0.0, -0.1),
     ("Vladimir Putin", "person", 6, 0.5, 0.2, 0.8, 0.2)],
    columns=ACTOR_SENTIMENT_COLUMNS,
)
SENTENCES = pd.DataFrame(
    [("a1", 0, "Putin met Khamenei in Moscow.", 0.5, "positive"),
     ("a1", 1, "Iran wants oil deals with Russia.", 0.0, "neutral"),
     ("a1", 2, "Khamenei thanked Putin, and Putin smiled.", -0.1, "negative")],
    columns=["article_id", "sentence", "text", "compound", "label"],
)
OVER_TIME = pd.DataFrame(
    [("2025-06-20", "Iran", 1, 3, 2, 0.5, "day"), ("2025-06-21", "Iran", 2, 2, 2, 1.0, "day"),
     ("2025-06-20", "“oil”", 0, 0, 2, 0.0, "day"), ("2025-06-21", "“oil”", 1, 1, 2, 0.5, "day")],
    columns=ATTENTION_COLUMNS,
)


def customdata(trace) -> list[list]:
    return [list(c) for c in trace.customdata]


def shown_text(fig: go.Figure) -> list[str]:
    """Every string Plotly renders as (HTML-interpreting) text: hover, ticks, legend, annotations."""
    texts: list[str] = []
    for trace in fig.data:
        texts += [str(t) for t in (trace.hovertext or ())]
        texts.append(str(trace.name or ""))
    for axis in (fig.layout.xaxis, fig.layout.yaxis):
        texts += [str(t) for t in (axis.ticktext or ())]
    texts += [str(a.text) for a in fig.layout.annotations]
    return texts


def as_list(value, n: int) -> list:
    return list(value) if isinstance(value, (list, tuple)) else [value] * n


# --- structure -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fig", "n_traces", "x_title", "y_title"),
    [
        (build_actor_chart(COUNTS), 3, "Mentions", "Actor"),
        (build_actor_chart(COUNTS_BY_SOURCE, by="source"), 2, "Mentions", "Actor"),
        (build_cooccurrence_chart(PAIRS), 1, "Actor", "Actor"),
        (build_keyword_chart(KEYWORDS), 1, "Weight (sum of 1/rank)", "Keyword"),
        (build_article_sentiment_chart(ARTICLES), 1, "Mean sentence sentiment (VADER)", "Article"),
        (build_actor_sentiment_chart(ACTOR_SENT), 1, "Mean tone toward the actor", "Actor"),
        (build_sentence_chart(SENTENCES), 1, "Sentence", "Sentiment (VADER compound)"),
        (build_attention_chart(OVER_TIME), 2, "Published (per day); drag across to filter the dates", "Articles"),
    ],
)
def test_traces_and_axis_titles(fig: go.Figure, n_traces: int, x_title: str, y_title: str) -> None:
    assert isinstance(fig, go.Figure)
    assert len(fig.data) == n_traces
    assert fig.layout.xaxis.title.text == x_title
    assert fig.layout.yaxis.title.text == y_title
    assert fig.layout.clickmode == "event+select"
    assert 300 <= fig.layout.height <= 450
    assert all(t.customdata is not None for t in fig.data)
    assert all(t.hovertemplate == "%{hovertext}<extra></extra>" for t in fig.data)


def test_actor_chart_by_type() -> None:
    fig = build_actor_chart(COUNTS)
    assert [t.name for t in fig.data] == ["person", "country", "organization"]
    assert [t.marker.color for t in fig.data] == [ACTOR_TYPE_COLORS[t] for t in ("person", "country", "organization")]
    assert customdata(fig.data[0]) == [["Vladimir Putin"], ["Ali Khamenei"]]
    assert customdata(fig.data[1]) == [["Iran"], ["Russia"]]
    assert list(fig.data[1].x) == [3, 1]
    assert all(t.orientation == "h" for t in fig.data)
    # most mentioned at the top: positions follow the counts order, axis reversed
    assert list(fig.layout.yaxis.ticktext) == ["Iran", "Vladimir Putin", "Ali Khamenei", "IAEA", "Russia"]
    assert list(fig.data[0].y) == [1, 2]
    assert fig.layout.yaxis.range[0] > fig.layout.yaxis.range[1]


def test_actor_chart_by_source_is_stacked() -> None:
    fig = build_actor_chart(COUNTS_BY_SOURCE, by="source")
    assert fig.layout.barmode == "stack"
    assert sorted(t.name for t in fig.data) == sorted([UNKNOWN_SOURCE, "Newsweek"])
    iran_bars = [c for t in fig.data for c in customdata(t) if c == ["Iran"]]
    assert len(iran_bars) == 2


def test_actor_chart_top_keeps_selected() -> None:
    fig = build_actor_chart(COUNTS, top=2, selected="Russia")
    assert list(fig.layout.yaxis.ticktext) == ["Iran", "Vladimir Putin", "Russia"]
    assert sum(len(t.x) for t in fig.data) == 3


def test_cooccurrence_chart_is_a_symmetric_square_scatter() -> None:
    fig = build_cooccurrence_chart(PAIRS)
    trace = fig.data[0]
    assert trace.type == "scatter" and trace.mode == "markers"
    assert trace.marker.symbol == "square"
    assert len(trace.x) == 2 * len(PAIRS)
    cells = set(zip(trace.x, trace.y))
    assert all((y, x) in cells for x, y in cells)
    assert all(x != y for x, y in cells)
    labels = list(fig.layout.xaxis.ticktext)
    assert labels == list(fig.layout.yaxis.ticktext)
    for x, y, data in zip(trace.x, trace.y, customdata(trace)):
        assert data == sorted([labels[x], labels[y]])
    assert sorted(map(tuple, customdata(trace))) == sorted(
        [("Ali Khamenei", "Vladimir Putin")] * 2 + [("IAEA", "Iran")] * 2 + [("Iran", "Russia")] * 2
    )
    sizes = dict(zip(map(tuple, customdata(trace)), trace.marker.size))
    assert sizes[("Ali Khamenei", "Vladimir Putin")] > sizes[("IAEA", "Iran")]
    hover = trace.hovertext[0]
    assert "Ali Khamenei" in hover and "Vladimir Putin" in hover and "Shared sentences: 2" in hover
    assert "Mean tone toward the actors: +0.100 (95%: -0.20 to +0.40)" in hover


def test_cooccurrence_chart_max_actors() -> None:
    # shared sentences per actor: Ali Khamenei 2, Iran 2, Vladimir Putin 2, IAEA 1, Russia 1
    fig = build_cooccurrence_chart(PAIRS, max_actors=3)
    assert list(fig.layout.xaxis.ticktext) == ["Ali Khamenei", "Iran", "Vladimir Putin"]
    assert customdata(fig.data[0]) == [["Ali Khamenei", "Vladimir Putin"]] * 2


def test_cooccurrence_chart_max_actors_keeps_selected_pair() -> None:
    fig = build_cooccurrence_chart(PAIRS, max_actors=1, selected=("Iran", "Russia"))
    assert list(fig.layout.xaxis.ticktext) == ["Ali Khamenei", "Iran", "Russia"]
    assert customdata(fig.data[0]) == [["Iran", "Russia"]] * 2


def test_cooccurrence_chart_without_cells_among_shown_actors() -> None:
    fig = build_cooccurrence_chart(PAIRS, max_actors=2)  # Ali Khamenei and Iran share no sentence
    assert len(fig.data) == 0 and len(fig.layout.annotations) == 1


def test_keyword_chart() -> None:
    fig = build_keyword_chart(KEYWORDS)
    assert customdata(fig.data[0]) == [["oil"], ["Putin"], ["markets"]]
    assert list(fig.data[0].x) == [1.5, 1.0, 1.0]
    assert list(fig.layout.yaxis.ticktext) == ["oil", "Putin", "markets"]


def test_article_sentiment_chart_diverges_around_zero() -> None:
    fig = build_article_sentiment_chart(ARTICLES)
    trace = fig.data[0]
    assert customdata(trace) == [["a3"], ["a1"], ["a2"]]  # most positive first; a4 has no mean
    assert list(fig.layout.yaxis.ticktext) == ["Calm markets", "Putin meets Khamenei", "Oil prices"]
    assert list(trace.marker.color) == [POSITIVE_COLOR, POSITIVE_COLOR, NEGATIVE_COLOR]
    low, high = fig.layout.xaxis.range
    assert low == pytest.approx(-high) and high >= 0.2


def test_article_without_title_is_labelled_by_id() -> None:
    articles = pd.DataFrame([("a9", None, None, 0.1)], columns=["id", "title", "source", "sentiment_mean"])
    assert list(build_article_sentiment_chart(articles).layout.yaxis.ticktext) == ["a9"]


def test_actor_sentiment_chart() -> None:
    fig = build_actor_sentiment_chart(ACTOR_SENT)
    assert customdata(fig.data[0]) == [["Vladimir Putin"], ["Iran"], ["IAEA"]]
    assert list(fig.data[0].marker.color) == [POSITIVE_COLOR, NEGATIVE_COLOR, NEGATIVE_COLOR]


def test_sentence_chart() -> None:
    fig = build_sentence_chart(SENTENCES)
    trace = fig.data[0]
    assert trace.mode == "lines+markers"
    assert list(trace.x) == [1, 2, 3]
    assert list(trace.y) == [0.5, 0.0, -0.1]
    assert customdata(trace) == [[0], [1], [2]]
    assert "Iran wants oil deals with Russia." in trace.hovertext[1]
    assert any(s.type == "line" and s.y0 == 0 and s.y1 == 0 for s in fig.layout.shapes)


def test_attention_chart_has_a_line_per_series_and_whole_number_ticks() -> None:
    fig = build_attention_chart(OVER_TIME)
    iran, oil = fig.data
    assert (iran.name, oil.name) == ("Iran", "“oil”")
    assert list(iran.y) == [1, 2] and list(oil.y) == [0, 1]
    assert customdata(iran) == [["2025-06-20"], ["2025-06-21"]]
    assert iran.hovertext[0] == "<b>Iran</b><br>2025-06-20<br>Articles: 1 of 2 (50%)"
    assert (fig.layout.yaxis.dtick, fig.layout.yaxis.tickformat) == (1, "d")  # never "0.5 articles"
    assert fig.layout.dragmode == "select" and fig.layout.selectdirection == "h"


def test_attention_chart_as_shares_and_mentions_and_by_week() -> None:
    share = build_attention_chart(OVER_TIME, measure="share")
    assert list(share.data[0].y) == [0.5, 1.0] and share.layout.yaxis.tickformat == ".0%"
    mentions = build_attention_chart(OVER_TIME.assign(period="week"), measure="mentions")
    assert list(mentions.data[0].y) == [3, 2] and mentions.data[0].hovertext[0].endswith("<br>Mentions: 3")
    assert "Week of 2025-06-20" in mentions.data[0].hovertext[0]
    assert mentions.layout.xaxis.title.text.startswith("Published (per week)")
    with pytest.raises(ValueError):
        build_attention_chart(OVER_TIME, measure="colour")


# --- customdata feeds apply_selection ----------------------------------------------------------


def click(trace, index: int, curve: int = 0) -> dict:
    return {"selection": {"points": [{"curve_number": curve, "point_number": index, "point_index": index,
                                      "customdata": list(trace.customdata[index])}],
                          "point_indices": [index], "box": [], "lasso": []}}


@pytest.mark.parametrize(
    ("chart", "fig", "trace", "index", "field", "value"),
    [
        ("actors", build_actor_chart(COUNTS), 2, 0, "actor", "IAEA"),
        ("cooccurrence", build_cooccurrence_chart(PAIRS), 0, 1, "pair", ("Ali Khamenei", "Vladimir Putin")),
        ("keywords", build_keyword_chart(KEYWORDS), 0, 1, "keyword", "Putin"),
        ("article_sentiment", build_article_sentiment_chart(ARTICLES), 0, 2, "article", "a2"),
        ("actor_sentiment", build_actor_sentiment_chart(ACTOR_SENT), 0, 1, "actor", "Iran"),
        ("sentences", build_sentence_chart(SENTENCES), 0, 2, "sentence", 2),
    ],
)
def test_customdata_is_what_apply_selection_reads(chart, fig, trace, index, field, value) -> None:
    state = apply_selection(ViewState(article="a1"), chart, click(fig.data[trace], index, trace))
    assert getattr(state, field) == value


# --- emphasis --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fig", "selected_key"),
    [
        (build_actor_chart(COUNTS, selected="Ali Khamenei"), ["Ali Khamenei"]),
        (build_actor_chart(COUNTS_BY_SOURCE, by="source", selected="Iran"), ["Iran"]),
        (build_keyword_chart(KEYWORDS, selected="PUTIN"), ["Putin"]),
        (build_article_sentiment_chart(ARTICLES, selected="a2"), ["a2"]),
        (build_actor_sentiment_chart(ACTOR_SENT, selected="Iran"), ["Iran"]),
    ],
)
def test_selected_bar_is_emphasised(fig: go.Figure, selected_key: list) -> None:
    seen_selected = seen_other = 0
    for trace in fig.data:
        opacities = as_list(trace.marker.opacity, len(trace.x))
        widths = as_list(trace.marker.line.width, len(trace.x))
        for data, opacity, width in zip(customdata(trace), opacities, widths):
            if data == selected_key:
                assert (opacity, width) == (1.0, 2.0)
                seen_selected += 1
            else:
                assert (opacity, width) == (FADED_OPACITY, 0.0)
                seen_other += 1
    assert seen_selected >= 1 and seen_other >= 1


@pytest.mark.parametrize(
    "fig",
    [
        build_actor_chart(COUNTS),
        build_actor_chart(COUNTS, selected="Nobody"),  # a selection outside the chart fades nothing
        build_keyword_chart(KEYWORDS),
        build_article_sentiment_chart(ARTICLES),
    ],
)
def test_nothing_selected_nothing_faded(fig: go.Figure) -> None:
    assert all(t.marker.opacity == 1.0 for t in fig.data)


@pytest.mark.parametrize(
    ("selected", "actor", "strong"),
    [
        (None, None, {("Ali Khamenei", "Vladimir Putin"), ("IAEA", "Iran"), ("Iran", "Russia")}),
        (None, "Iran", {("IAEA", "Iran"), ("Iran", "Russia")}),
        (("Vladimir Putin", "Ali Khamenei"), None, {("Ali Khamenei", "Vladimir Putin")}),
        (("Iran", "Russia"), "IAEA", {("IAEA", "Iran"), ("Iran", "Russia")}),
    ],
)
def test_cooccurrence_emphasis(selected, actor, strong: set) -> None:
    trace = build_cooccurrence_chart(PAIRS, selected=selected, actor=actor).data[0]
    for data, opacity, width in zip(customdata(trace), trace.marker.opacity, trace.marker.line.width):
        assert opacity == (1.0 if tuple(data) in strong else FADED_OPACITY)
        assert width == (3.0 if selected is not None and tuple(data) == tuple(sorted(selected)) else 0.0)


def test_selected_sentence_has_a_bigger_marker() -> None:
    sizes = list(build_sentence_chart(SENTENCES, selected=1).data[0].marker.size)
    assert sizes[1] > sizes[0] == sizes[2]
    assert len(set(build_sentence_chart(SENTENCES).data[0].marker.size)) == 1


# --- escaping and long labels ---------------------------------------------------------------------


def evil_figures() -> list[go.Figure]:
    counts = pd.DataFrame([(EVIL, "person", 2, 1), ("<b>bold</b>", "<i>type</i>", 1, 1)],
                          columns=COUNT_BY_TYPE_COLUMNS)
    by_source = pd.DataFrame([(EVIL, "person", EVIL, 2)], columns=COUNT_BY_SOURCE_COLUMNS)
    pairs = pd.DataFrame([(EVIL, "Iran", 1, 0.1, -1.0, 1.0, 0.1)], columns=COOCCURRENCE_COLUMNS)
    keywords = pd.DataFrame([(EVIL, 1, 0.1, 1.0, 1.0)], columns=TOP_KEYWORD_COLUMNS)
    articles = pd.DataFrame([("a1", EVIL, EVIL, 0.1)], columns=["id", "title", "source", "sentiment_mean"])
    actor_sent = pd.DataFrame([(EVIL, "person", 1, 0.1, -1.0, 1.0, 0.1)], columns=ACTOR_SENTIMENT_COLUMNS)
    speakers = pd.DataFrame([(EVIL, 1, 1, 0, 0)], columns=SPEAKER_COLUMNS)
    sentences = pd.DataFrame([("a1", 0, f"He said {EVIL} twice.", 0.1, "positive")],
                             columns=["article_id", "sentence", "text", "compound", "label"])
    return [
        build_actor_chart(counts), build_actor_chart(by_source, by="source"), build_cooccurrence_chart(pairs),
        build_keyword_chart(keywords), build_article_sentiment_chart(articles),
        build_actor_sentiment_chart(actor_sent), build_sentence_chart(sentences), empty_figure(EVIL),
        build_speaker_chart(speakers),
        build_source_chart(pd.DataFrame([(EVIL, EVIL, 2, 1, 0.5, 6, 0.1, 0.0, 0.2)], columns=SOURCE_COMPARISON_COLUMNS)),
    ]


@pytest.mark.parametrize("fig", evil_figures())
def test_names_are_escaped(fig: go.Figure) -> None:
    texts = shown_text(fig)
    assert not any("<script>" in t or "<i>" in t or "<b>bold" in t for t in texts)
    assert any(ESCAPED in t for t in texts)


def test_raw_names_stay_in_customdata_only() -> None:
    fig = evil_figures()[0]
    assert customdata(fig.data[0]) == [[EVIL]]
    layout = json.dumps(fig.layout.to_plotly_json())
    assert "<script>" not in layout


@pytest.mark.parametrize(
    ("fig", "chars"),
    [
        (build_actor_chart(pd.DataFrame([(LONG, "person", 1, 1)], columns=COUNT_BY_TYPE_COLUMNS)), NAME_LABEL_CHARS),
        (build_keyword_chart(pd.DataFrame([(LONG, 1, 0.1, 1.0, 1.0)], columns=TOP_KEYWORD_COLUMNS)), NAME_LABEL_CHARS),
        (build_article_sentiment_chart(pd.DataFrame([("a", LONG, None, 0.1)], columns=["id", "title", "source", "sentiment_mean"])),
         TITLE_LABEL_CHARS),
        (build_actor_sentiment_chart(pd.DataFrame([(LONG, "person", 1, 0.1, -1.0, 1.0, 0.1)], columns=ACTOR_SENTIMENT_COLUMNS)),
         NAME_LABEL_CHARS),
        (build_cooccurrence_chart(pd.DataFrame([(LONG, "Z", 1, 0.1, -1.0, 1.0, 0.1)], columns=COOCCURRENCE_COLUMNS)),
         MATRIX_LABEL_CHARS),
    ],
)
def test_long_labels_are_cut(fig: go.Figure, chars: int) -> None:
    ticks = list(fig.layout.yaxis.ticktext)
    assert max(len(t) for t in ticks) == chars
    assert any(t == "L" * (chars - 1) + "…" for t in ticks)
    # The hover holds the name up to NAME_HOVER_CHARS, wrapped, and nothing unbounded.
    assert all(len(t) <= NAME_HOVER_CHARS + 200 for t in fig.data[0].hovertext)
    assert any("L" * HOVER_LINE_CHARS + "<br>" in t for t in fig.data[0].hovertext)


@pytest.mark.parametrize(
    ("name", "chars", "label"),
    [
        ("Iran", 24, "Iran"),
        ("L" * 24, 24, "L" * 24),
        ("L" * 25, 24, "L" * 23 + "…"),
        ("Republican Senate Majority Leader", 24, "Republican Senate…"),  # cut at a space near the end
        ("Opposition Leader Barry O'Farrell of the Liberal Party", 16, "Opposition…"),
        ("Premier Kristina Keneally", 16, "Premier Kristin…"),  # the space is too early: cut mid-word
        ("A  lot\tof   space", 24, "A lot of space"),
        ("<b>Big</b> Corp & Co", 12, "&lt;b&gt;Big&lt;/b&gt;…"),  # escaped after the cut, never mid-entity
        (None, 24, ""),
        (float("nan"), 24, ""),
    ],
)
def test_short_label(name, chars: int, label: str) -> None:
    assert short_label(name, chars) == label
    assert len(html.unescape(label)) <= chars


def test_hover_name_keeps_the_whole_name_wrapped() -> None:
    name = "Opposition Leader Barry O'Farrell of the Liberal Party of Australia"
    assert hover_name(name) == "Opposition Leader Barry O'Farrell of the<br>Liberal Party of Australia"
    assert hover_name("<img src=x>") == "&lt;img src=x&gt;"
    assert len(hover_name(LONG).replace("<br>", "")) == NAME_HOVER_CHARS  # a bound, with "…"


LONG_ACTOR = "Opposition Leader Barry O'Farrell of the Liberal Party of Australia"


@pytest.mark.parametrize(
    ("chart", "fig", "axis", "chars"),
    [
        ("actors", build_actor_chart(pd.DataFrame([(LONG_ACTOR, "person", 3, 1), ("Iran", "country", 2, 1)],
                                                  columns=COUNT_BY_TYPE_COLUMNS)), "yaxis", NAME_LABEL_CHARS),
        ("actor_sentiment", build_actor_sentiment_chart(pd.DataFrame([(LONG_ACTOR, "person", 9, 0.2, 0.1, 0.3, 0.2)],
                                                                     columns=ACTOR_SENTIMENT_COLUMNS)), "yaxis", NAME_LABEL_CHARS),
        ("cooccurrence", build_cooccurrence_chart(pd.DataFrame([("Iran", LONG_ACTOR, 2, 0.1, -0.2, 0.4, 0.1)],
                                                               columns=COOCCURRENCE_COLUMNS)), "xaxis", MATRIX_LABEL_CHARS),
        ("speakers", build_speaker_chart(pd.DataFrame([(LONG_ACTOR, 2, 1, 1, 0)], columns=SPEAKER_COLUMNS)),
         "yaxis", NAME_LABEL_CHARS),
    ],
)
def test_a_long_actor_name_is_short_on_the_axis_and_whole_on_hover_and_click(chart, fig, axis, chars) -> None:
    ticks = list(fig.layout[axis].ticktext)
    assert LONG_ACTOR not in ticks
    short = [t for t in ticks if t.startswith("Opposition")]
    assert len(short) == 1 and short[0].endswith("…") and len(short[0]) <= chars
    trace = fig.data[0]
    index = next(i for i, c in enumerate(trace.customdata) if LONG_ACTOR in list(c))
    assert html.unescape(trace.hovertext[index].replace("<br>", " ")).count(LONG_ACTOR) >= 1
    # A click on the shortened mark selects the actor by its whole name.
    state = apply_selection(ViewState(), chart, click(trace, index))
    assert LONG_ACTOR in ((state.actor,) + (state.pair or ()))


def test_long_sentence_hover_is_cut() -> None:
    sentences = pd.DataFrame([("a1", 0, "w" * 5000, 0.0, "neutral")],
                             columns=["article_id", "sentence", "text", "compound", "label"])
    hover = build_sentence_chart(sentences).data[0].hovertext[0]
    assert "w" * 119 + "…" in hover and "w" * 121 not in hover


def test_two_names_cut_to_the_same_label_stay_two_bars() -> None:
    counts = pd.DataFrame([(LONG + "a", "person", 2, 1), (LONG + "b", "person", 1, 1)],
                          columns=COUNT_BY_TYPE_COLUMNS)
    trace = build_actor_chart(counts).data[0]
    assert list(trace.y) == [0, 1]
    assert customdata(trace) == [[LONG + "a"], [LONG + "b"]]


# --- empty inputs ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fig",
    [
        build_actor_chart(pd.DataFrame(columns=COUNT_BY_TYPE_COLUMNS)),
        build_actor_chart(pd.DataFrame(columns=COUNT_BY_SOURCE_COLUMNS), by="source", selected="x"),
        build_cooccurrence_chart(pd.DataFrame(columns=COOCCURRENCE_COLUMNS), selected=("a", "b"), actor="a"),
        build_keyword_chart(pd.DataFrame(columns=TOP_KEYWORD_COLUMNS), selected="x"),
        build_article_sentiment_chart(pd.DataFrame(columns=["id", "title", "source", "sentiment_mean"])),
        build_article_sentiment_chart(ARTICLES.iloc[3:]),  # only an article without a mean
        build_actor_sentiment_chart(pd.DataFrame(columns=ACTOR_SENTIMENT_COLUMNS)),
        build_sentence_chart(pd.DataFrame(columns=["article_id", "sentence", "text", "compound", "label"])),
        build_attention_chart(pd.DataFrame(columns=ATTENTION_COLUMNS)),
        empty_figure("Nothing here"),
    ],
)
def test_empty_inputs_give_an_annotated_figure(fig: go.Figure) -> None:
    assert isinstance(fig, go.Figure)
    assert len(fig.data) == 0
    assert len(fig.layout.annotations) == 1 and fig.layout.annotations[0].text
    assert 300 <= fig.layout.height <= 450


def test_unknown_grouping_is_an_error() -> None:
    with pytest.raises(ValueError):
        build_actor_chart(COUNTS, by="colour")


def test_builders_do_not_mutate_inputs() -> None:
    before = [t.copy() for t in (COUNTS, PAIRS, KEYWORDS, ARTICLES, ACTOR_SENT, SENTENCES, OVER_TIME)]
    build_actor_chart(COUNTS, selected="Iran")
    build_cooccurrence_chart(PAIRS, selected=("Iran", "Russia"))
    build_keyword_chart(KEYWORDS, selected="oil")
    build_article_sentiment_chart(ARTICLES, selected="a1")
    build_actor_sentiment_chart(ACTOR_SENT, selected="Iran")
    build_sentence_chart(SENTENCES, selected=0)
    build_attention_chart(OVER_TIME)
    after = (COUNTS, PAIRS, KEYWORDS, ARTICLES, ACTOR_SENT, SENTENCES, OVER_TIME)
    for a, b in zip(before, after):
        pd.testing.assert_frame_equal(a, b)


def test_article_sentiment_chart_keeps_the_extremes_of_a_large_corpus() -> None:
    import numpy as np

    n = 1000
    articles = pd.DataFrame(
        {"id": [f"a{i}" for i in range(n)], "title": [f"T{i}" for i in range(n)], "source": ["S"] * n,
         "sentiment_mean": np.linspace(-1, 1, n)}
    )
    fig = build_article_sentiment_chart(articles, selected="a500", top=5)
    ids = [c[0] for trace in fig.data for c in trace.customdata]
    assert sorted(ids) == sorted([f"a{i}" for i in [*range(995, 1000), *range(0, 5), 500]])


@pytest.mark.parametrize(("count", "step"), [(2, 1), (10, 1), (11, 2), (35, 5), (113, 20), (1000, 100)])
def test_sentence_axis_uses_whole_numbers(count: int, step: int) -> None:
    sentences = pd.DataFrame(
        {"sentence": range(count), "compound": [0.1] * count, "label": ["positive"] * count,
         "text": ["x"] * count, "article_id": ["a"] * count, "start": range(count), "end": range(1, count + 1)}
    )
    fig = build_sentence_chart(sentences)
    assert (fig.layout.xaxis.tick0, fig.layout.xaxis.dtick) == (1, step)


def test_actor_sentiment_chart_of_many_actors_draws_the_extremes_only() -> None:
    from components.views.figures import build_actor_sentiment_chart

    many = pd.DataFrame(
        {"actor": [f"A{i}" for i in range(200)], "type": "person", "sentences": [1 + i % 5 for i in range(200)],
         "mean_tone": [i / 200 - 0.5 for i in range(200)], "ci_low": -1.0, "ci_high": 1.0, "mean_compound": 0.0}
    )
    fig = build_actor_sentiment_chart(many, selected="A1")  # A1 has one sentence: kept as selected
    names = [c[0] for c in fig.data[0].customdata]
    assert len(names) == 31 and names[-1] == "A1"  # too little support: last, never ranked
    shown = many.set_index("actor").loc[[n for n in names if n != "A1"]]
    assert (shown["sentences"] >= 5).all()  # the tone_min_sentences setting


def test_a_tone_with_little_support_is_grey_and_never_tops_the_ranking() -> None:
    rows = pd.DataFrame(
        [("Newsweek", "organization", 2, -0.9, -1.0, 0.4, -0.5), ("Iran", "country", 12, -0.3, -0.5, -0.1, -0.2),
         ("Russia", "country", 8, 0.2, 0.0, 0.4, 0.1), ("Lone", "person", 1, 0.95, -1.0, 1.0, 0.9)],
        columns=ACTOR_SENT.columns,
    )
    fig = build_actor_sentiment_chart(rows)
    trace = fig.data[0]
    # Ranked: Russia (most positive), Iran; then the weakly supported ones, grey, whatever their tone.
    assert customdata(trace) == [["Russia"], ["Iran"], ["Lone"], ["Newsweek"]]
    assert list(trace.marker.color) == [POSITIVE_COLOR, NEGATIVE_COLOR, NEUTRAL_COLOR, NEUTRAL_COLOR]
    assert list(trace.marker.opacity)[2:] == [0.45, 0.45]
    # The 95% interval as error bars, and the support on hover.
    assert list(trace.error_x.array) == pytest.approx([0.2, 0.2, 0.05, 1.3])
    assert list(trace.error_x.arrayminus) == pytest.approx([0.2, 0.2, 1.95, 0.1])
    assert "Sentences: 12<" in trace.hovertext[1] and "(95%: -0.50 to -0.10)" in trace.hovertext[1]
    assert "Sentences: 2, too few to rank" in trace.hovertext[3]


def test_sources_side_by_side_chart_sizes_by_share_and_colours_by_tone() -> None:
    comparison = pd.DataFrame(
        [("Newsweek", "Iran", 10, 5, 0.5, 12, -0.4, -0.6, -0.2), ("Newsweek", "Russia", 10, 1, 0.1, 2, 0.8, -1.0, 1.0),
         ("TASS", "Iran", 4, 4, 1.0, 9, 0.3, 0.1, 0.5), ("TASS", "Russia", 4, 0, 0.0, 0, None, None, None)],
        columns=SOURCE_COMPARISON_COLUMNS,
    )
    fig = build_source_chart(comparison)
    trace = fig.data[0]
    assert customdata(trace) == [["Newsweek", "Iran"], ["Newsweek", "Russia"], ["TASS", "Iran"], ["TASS", "Russia"]]
    assert list(trace.text) == ["50%", "10%", "100%", ""]
    assert list(trace.marker.color) == [-0.4, 0.0, 0.3, 0.0]  # too little support: no colour
    assert list(trace.marker.opacity) == [1.0, 0.35, 1.0, 0.35]
    sizes = list(trace.marker.size)
    assert sizes[2] > sizes[0] > sizes[1] > sizes[3]
    assert "5 of 10 articles (50%)" in trace.hovertext[0] and "Sentences: 12" in trace.hovertext[0]
    assert "too few for a tone" in trace.hovertext[1]
    after = apply_selection(ViewState(sources=("Reuters",), pair=("A", "B")), "sources", {"selection": {"points": [{"customdata": ["TASS", "Iran"]}]}})
    assert (after.sources, after.actor, after.pair) == (("TASS",), "Iran", None)


# --- unvalidated figures ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fig",
    [
        *evil_figures(),
        build_actor_chart(COUNTS, selected="Iran"),
        build_actor_chart(COUNTS_BY_SOURCE, by="source", selected="Iran"),
        build_cooccurrence_chart(PAIRS, selected=("IAEA", "Iran"), actor="Iran"),
        build_keyword_chart(KEYWORDS, selected="oil"),
        build_article_sentiment_chart(ARTICLES, selected="a1"),
        build_actor_sentiment_chart(ACTOR_SENT, selected="Iran"),
        build_sentence_chart(SENTENCES, selected=1),
        build_attention_chart(OVER_TIME, measure="share"),
        build_attention_chart(pd.DataFrame(columns=ATTENTION_COLUMNS)),
    ],
)
def test_a_figure_is_what_plotly_would_validate_it_to(fig: go.Figure) -> None:
    """Figures are built without Plotly's validation (it cost seven times the build on every
    rerun); the browser must get the very figure a validated one would give."""
    sent = plotly.io.to_json(fig.to_dict(), validate=False)
    validated = plotly.io.to_json(go.Figure(fig.to_dict()).to_dict(), validate=False)
    assert json.loads(sent) == json.loads(validated)


def test_cooccurrence_chart_is_the_same_from_categorical_names() -> None:
    """A store's tables hold names as categories; the matrix must not depend on it."""
    categorical = PAIRS.astype({"actor_a": "category", "actor_b": "category"})
    for options in ({}, {"actor": "Iran"}, {"selected": ("IAEA", "Iran"), "max_actors": 2}):
        assert plotly.io.to_json(build_cooccurrence_chart(categorical, **options)) == plotly.io.to_json(
            build_cooccurrence_chart(PAIRS, **options)
        )
