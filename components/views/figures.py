"""Figure builders: tables in, ``go.Figure`` out (no streamlit).

Conventions shared by every builder:

- Clickable traces carry ``customdata`` with the ids :func:`components.views.viewstate.apply_selection`
  reads: ``[actor]``, ``[actor_a, actor_b]``, ``[keyword]``, ``[article id]``, ``[sentence index]``
  or ``[date]``.
- Bars and cells sit at integer positions; names appear only as ``ticktext`` and ``hovertext``,
  both escaped with :func:`html.escape` (Plotly renders tags such as ``<b>``, ``<br>``, ``<a>`` in
  labels). A tick label is cut by :func:`short_label` so charts stay readable in a laptop's half
  column; the hover gives the whole name (:func:`hover_name`), and ``customdata`` always carries
  it, so a click selects the real actor and two names cut to the same label never merge.
  Hover templates show ``%{hovertext}`` only, never raw ``customdata``.
- A selection cannot be set from code, so the current one is shown by emphasis: the selected
  marks at full opacity with an outline, the others faded to :data:`FADED_OPACITY`.
- An empty table gives :func:`empty_figure`, never an exception.

One module for every chart, though it is long: the builders share these conventions and their
helpers (labels, emphasis, axes), and a chart is easiest to change beside its siblings.
"""

from __future__ import annotations

import html
import math
import textwrap
from collections.abc import Collection, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sequential

from components.settings import get_setting
from components.views.viewstate import shorten, source_label

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
ACTOR_TYPE_COLORS: dict[str, str] = {
    "person": "#E69F00", "country": "#009E73", "organization": "#CC79A7", "place": "#56B4E9", "other": "#7B8794",
}
OTHER_COLOR = "#999999"
SOURCE_COLORS: tuple[str, ...] = (
    "#56B4E9", "#E69F00", "#009E73", "#CC79A7", "#F0E442", "#0072B2", "#D55E00", "#000000",
)
POSITIVE_COLOR = "#0072B2"  # blue
NEGATIVE_COLOR = "#D55E00"  # vermillion (reads as red)
NEUTRAL_COLOR = "#999999"
KEYWORD_COLOR = "#56B4E9"
OUTLINE_COLOR = "#222222"
# Plotly's "Viridis", spelt out as its validator would (figures are not validated: see _figure).
COOCCURRENCE_COLORSCALE = [[i / (len(sequential.Viridis) - 1), color] for i, color in enumerate(sequential.Viridis)]

FADED_OPACITY = 0.35
COOCCURRENCE_PLOT_PIXELS = 280  # about the width of the co-occurrence grid in a half column at 1280 px
COOCCURRENCE_CELL_PIXELS = 14  # the grid's height per actor: vertical labels of 10 px never touch
LABEL_CHARS = 40  # legend entries and other short texts
NAME_LABEL_CHARS = 24  # an actor's, speaker's or keyword's tick label (9 in 10 names fit whole)
MATRIX_LABEL_CHARS = 16  # the co-occurrence matrix's tick labels, on both axes
TITLE_LABEL_CHARS = 32  # an article title's tick label
NAME_HOVER_CHARS = 200  # a name in hover text: whole (the actor dictionary allows 200), wrapped
HOVER_LINE_CHARS = 40  # a hover line wraps here: a hover label wider than its chart is clipped
SENTENCE_HOVER_CHARS = 120
HEIGHT = 380
SMALL_HEIGHT = 320
MARGIN = {"l": 8, "r": 8, "t": 32, "b": 8}


def safe_label(value: object, *, limit: int = LABEL_CHARS) -> str:
    """Text that Plotly shows literally: cut to ``limit`` characters, then HTML-escaped."""
    text = "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)
    return html.escape(shorten(text, limit=limit), quote=False)  # Plotly shows &quot; literally


def short_label(name: object, max_chars: int = NAME_LABEL_CHARS) -> str:
    """A tick label: ``name`` in at most ``max_chars`` characters, HTML-escaped.

    A longer name is cut with "…", at the last space when one falls in its last third (so
    "Republican Senate Majority Leader" becomes "Republican Senate…", not "…Senate Ma…").
    The whole name goes in the hover (:func:`hover_name`) and ``customdata``.
    """
    text = "" if name is None or (isinstance(name, float) and math.isnan(name)) else " ".join(str(name).split())
    if len(text) <= max_chars:
        return html.escape(text, quote=False)
    cut = text[: max(max_chars - 1, 0)]
    space = cut.rfind(" ")
    if space >= max(1, (2 * len(cut)) // 3):
        cut = cut[:space]
    return html.escape(cut.rstrip(" ,;:-") + "…", quote=False)


def hover_name(name: object, *, limit: int = NAME_HOVER_CHARS) -> str:
    """``name`` whole for a hover (up to ``limit`` characters), escaped, wrapped onto lines of
    about :data:`HOVER_LINE_CHARS` characters joined by ``<br>``."""
    text = "" if name is None or (isinstance(name, float) and math.isnan(name)) else " ".join(str(name).split())
    lines = textwrap.wrap(shorten(text, limit=limit), HOVER_LINE_CHARS, break_long_words=True, break_on_hyphens=False)
    return "<br>".join(html.escape(line, quote=False) for line in lines)


def _signed(value: float) -> str:
    return "n/a" if value is None or pd.isna(value) else f"{value:+.3f}"


def _figure(traces: list[dict], *, height: int, **layout: object) -> go.Figure:
    """One figure from plain trace and layout dicts, not validated.

    Building the whole figure at once costs a tenth of adding traces and updating the layout
    call by call (Plotly parses and validates every update), and a click redraws seven figures.
    Validating even that once took seven times as long as building it unvalidated, on every
    rerun; the builders write what validation would (``tests/views/test_figures.py`` checks that
    each figure validates to itself, so the browser gets the same figure either way).
    """
    defaults = {
        "margin": MARGIN,
        "clickmode": "event+select",
        "dragmode": False,
        "hovermode": "closest",
        "hoverlabel": {"align": "left"},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "left", "x": 0.0},
    }
    return go.Figure({"data": traces, "layout": {**defaults, **layout, "height": height}}, _validate=False)


def _emphasis(
    keys: Sequence[object], selected: object, *, shown: Collection[object] | None = None
) -> tuple[list[float] | float, list[float] | float]:
    """(opacity, outline width) per mark; all plain when ``selected`` is None or not ``shown``.

    ``shown`` is every key of the figure (default: ``keys``), so a trace without the selected
    mark still fades when another trace of the same figure holds it.
    """
    if selected is None or selected not in (keys if shown is None else shown):
        return 1.0, 0.0
    return (
        [1.0 if k == selected else FADED_OPACITY for k in keys],
        [2.0 if k == selected else 0.0 for k in keys],
    )


def _category_axis(labels: Sequence[str], *, title: str, reversed_: bool = True) -> dict:
    """An axis of integer positions labelled with (already safe) ``labels``."""
    axis = {
        "title": {"text": title},
        "tickmode": "array",
        "tickvals": list(range(len(labels))),
        "ticktext": list(labels),
        "automargin": True,
        "range": [len(labels) - 0.5, -0.5] if reversed_ else [-0.5, len(labels) - 0.5],
        "fixedrange": True,
    }
    return axis


def empty_figure(message: str) -> go.Figure:
    """A blank figure with ``message`` in the middle (for "no data in this selection")."""
    note = {
        "text": safe_label(message, limit=200), "x": 0.5, "y": 0.5, "xref": "paper", "yref": "paper",
        "showarrow": False, "font": {"size": 14, "color": "#666666"},
    }
    return _figure(
        [], height=SMALL_HEIGHT, annotations=[note], xaxis={"visible": False}, yaxis={"visible": False}
    )


def build_actor_chart(
    counts: pd.DataFrame, *, by: str = "type", selected: str | None = None, top: int = 30
) -> go.Figure:
    """Horizontal bars of mentions per actor, most mentioned at the top.

    ``counts`` is :func:`components.views.aggregate.count_mentions` output for the same ``by``:
    one trace per actor type (``by="type"``, coloured by :data:`ACTOR_TYPE_COLORS`) or per
    source (``by="source"``, stacked). Shows the ``top`` actors (the ``selected`` one is kept
    even beyond them). ``customdata`` is ``[actor]``; the selected actor's bars are emphasised.
    """
    if by not in ("type", "source"):
        raise ValueError(f"by must be 'type' or 'source', not {by!r}")
    if counts.empty:
        return empty_figure("No actor mentions in this selection")
    totals = counts.groupby("actor", sort=False)["mentions"].sum().sort_values(ascending=False, kind="stable")
    actors = list(totals.index[:top])
    if selected is not None and selected in totals.index and selected not in actors:
        actors.append(selected)
    position = {actor: i for i, actor in enumerate(actors)}
    shown = counts.loc[counts["actor"].isin(position)]
    group_column = "type" if by == "type" else "source"
    groups = list(dict.fromkeys(shown[group_column]))
    if by == "type":
        groups.sort(key=lambda t: (list(ACTOR_TYPE_COLORS).index(t) if t in ACTOR_TYPE_COLORS else 99, str(t)))
    traces = []
    for i, group in enumerate(groups):
        rows = shown.loc[shown[group_column] == group]
        names = list(rows["actor"])
        if by == "type":
            color = ACTOR_TYPE_COLORS.get(group, OTHER_COLOR)
            hover = [
                f"<b>{hover_name(a)}</b><br>Type: {safe_label(t)}<br>Mentions: {m}<br>Articles: {n}"
                for a, t, m, n in zip(names, rows["type"], rows["mentions"], rows["articles"])
            ]
        else:
            color = SOURCE_COLORS[i % len(SOURCE_COLORS)]
            hover = [
                f"<b>{hover_name(a)}</b><br>Source: {safe_label(s)}<br>Mentions: {m}"
                for a, s, m in zip(names, rows["source"], rows["mentions"])
            ]
        opacity, outline = _emphasis(names, selected, shown=position)
        traces.append(
            {
                "type": "bar",
                "x": list(rows["mentions"]),
                "y": [position[a] for a in names],
                "orientation": "h",
                "name": safe_label(group),
                "customdata": [[a] for a in names],
                "hovertext": hover,
                "hovertemplate": "%{hovertext}<extra></extra>",
                "marker": {"color": color, "opacity": opacity, "line": {"width": outline, "color": OUTLINE_COLOR}},
            }
        )
    return _figure(
        traces,
        height=max(HEIGHT, 110 + 16 * len(actors)),  # at least 16 px a bar, so names never overlap
        barmode="stack",
        xaxis={"title": {"text": "Mentions"}, "fixedrange": True},
        yaxis=_category_axis([short_label(a) for a in actors], title="Actor"),
    )


QUOTE_KIND_COLORS = {"direct": "#0072B2", "partial": "#56B4E9", "reported": "#E69F00"}


def build_speaker_chart(speakers: pd.DataFrame, *, selected: str | None = None, top: int = 15) -> go.Figure:
    """Horizontal bars of quotes per speaker, stacked by kind, most quoted at the top.

    ``speakers`` is :func:`components.views.quotes.quotes_by_speaker` output without the unnamed
    speaker's row (it is no actor to select). Shows the ``top`` speakers (and the ``selected``
    one). ``customdata`` is ``[actor]``, as in the actor chart, so a click selects the speaker.
    """
    if speakers.empty:
        return empty_figure("No attributed quotes in this selection")
    names = list(speakers["speaker"][:top])
    if selected is not None and selected in set(speakers["speaker"]) and selected not in names:
        names.append(selected)
    rows = speakers.set_index("speaker").loc[names]
    position = {name: i for i, name in enumerate(names)}
    opacity, outline = _emphasis(names, selected, shown=position)
    traces = [
        {
            "type": "bar",
            "x": [int(v) for v in rows[kind]],
            "y": [position[n] for n in names],
            "orientation": "h",
            "name": kind,
            "customdata": [[n] for n in names],
            "hovertext": [
                f"<b>{hover_name(n)}</b><br>{kind.capitalize()} quotes: {int(v)}<br>All quotes: {int(t)}"
                for n, v, t in zip(names, rows[kind], rows["quotes"])
            ],
            "hovertemplate": "%{hovertext}<extra></extra>",
            "marker": {"color": color, "opacity": opacity, "line": {"width": outline, "color": OUTLINE_COLOR}},
        }
        for kind, color in QUOTE_KIND_COLORS.items()
    ]
    return _figure(
        traces,
        height=SMALL_HEIGHT,
        barmode="stack",
        xaxis={"title": {"text": "Quotes"}, "fixedrange": True},
        yaxis=_category_axis([short_label(n) for n in names], title="Speaker"),
    )


TONE_COLORSCALE = [[0.0, NEGATIVE_COLOR], [0.5, "#f2f2f2"], [1.0, POSITIVE_COLOR]]


def build_source_chart(comparison: pd.DataFrame, *, min_sentences: int | None = None) -> go.Figure:
    """Sources side by side: a row per source, a column per actor.

    ``comparison`` is :func:`components.views.aggregate.compare_sources` output. Each cell is a
    square sized by the share of the source's articles that mention the actor and coloured by
    the mean tone toward it (grey when fewer than ``min_sentences`` sentences, default the
    ``tone_min_sentences`` setting, stand behind it); its label is the share. The hover gives
    the counts, the tone, its interval and its support. ``customdata`` is ``[source, actor]``.
    """
    if comparison.empty:
        return empty_figure("Select actors to compare the sources on")
    least = int(get_setting("tone_min_sentences")) if min_sentences is None else min_sentences  # type: ignore[arg-type]
    sources = list(dict.fromkeys(comparison["source"]))
    actors = list(dict.fromkeys(comparison["actor"]))
    row, column = {s: i for i, s in enumerate(sources)}, {a: i for i, a in enumerate(actors)}
    largest = max(float(comparison["share"].max()), 0.01)
    cells = list(comparison.itertuples(index=False))
    supported = [c.sentences >= least and pd.notna(c.mean_tone) for c in cells]
    hover = [
        f"<b>{hover_name(c.source)}</b> on <b>{hover_name(c.actor)}</b>"
        f"<br>{c.mentioning} of {c.articles} articles ({c.share:.0%})"
        + (f"<br>Tone: {c.mean_tone:+.3f} (95%: {c.ci_low:+.2f} to {c.ci_high:+.2f})" if pd.notna(c.mean_tone) else "")
        + f"<br>Sentences: {c.sentences}{'' if ok else ', too few for a tone'}"
        for c, ok in zip(cells, supported)
    ]
    trace = {
        "type": "scatter",
        "x": [column[c.actor] for c in cells],
        "y": [row[c.source] for c in cells],
        "mode": "markers+text",
        "text": [f"{c.share:.0%}" if c.mentioning else "" for c in cells],
        "textposition": "middle right",
        "customdata": [[c.source, c.actor] for c in cells],
        "hovertext": hover,
        "hovertemplate": "%{hovertext}<extra></extra>",
        "marker": {
            "symbol": "square",
            "size": [6 + 22 * (c.share / largest) ** 0.5 for c in cells],
            "color": [float(c.mean_tone) if ok else 0.0 for c, ok in zip(cells, supported)],
            "cmin": -1, "cmax": 1, "colorscale": TONE_COLORSCALE,
            "colorbar": {"title": {"text": "Tone"}, "thickness": 10},
            "opacity": [1.0 if ok else 0.35 for ok in supported],
            "line": {"width": 1, "color": "#7b8794"},
        },
        "showlegend": False,
    }
    return _figure(
        [trace],
        height=max(SMALL_HEIGHT, 60 + 34 * len(sources)),
        xaxis={**_category_axis([short_label(a) for a in actors], title="Actor", reversed_=False), "side": "top"},
        yaxis=_category_axis([short_label(s) for s in sources], title="Source"),
    )


def build_cooccurrence_chart(
    pairs: pd.DataFrame,
    *,
    selected: tuple[str, str] | None = None,
    actor: str | None = None,
    max_actors: int = 20,
) -> go.Figure:
    """A clickable co-occurrence matrix: square markers on a symmetric actor × actor grid.

    ``pairs`` is :func:`components.views.aggregate.cooccurrence` output. Both (a, b) and (b, a)
    cells are drawn, sized and coloured by shared sentences; the hover shows both names,
    the count and the mean sentiment. Only the ``max_actors`` actors with the most shared
    sentences get a row (plus those of ``selected``), so that at 1280 px the grid's vertical
    labels (cut to :data:`MATRIX_LABEL_CHARS`, whole in the hover) never touch; the chart grows
    with its rows. ``customdata`` is ``[actor_a, actor_b]`` (sorted). Cells of the ``selected`` pair are outlined; when ``actor`` or ``selected``
    is set, the cells involving them stay opaque and the rest fade.
    """
    if pairs.empty:
        return empty_figure("No two actors share a sentence in this selection")
    # An actor's weight is its shared sentences over all its pairs. A corpus has many pairs: they
    # are summed by array, and only the drawn actors' pairs are looped over below.
    sentences = pairs["sentences"].to_numpy(dtype=np.int64)
    codes, names = pd.factorize(np.concatenate([pairs["actor_a"].to_numpy(dtype=object), pairs["actor_b"].to_numpy(dtype=object)]))
    totals = np.bincount(codes, weights=np.concatenate([sentences, sentences]), minlength=len(names))
    weight: dict[str, int] = dict(zip(names.tolist(), totals.astype(np.int64).tolist()))
    ranked = sorted(weight, key=lambda name: (-weight[name], name))
    actors = ranked[:max_actors]
    for name in selected or ():
        if name in weight and name not in actors:
            actors.append(name)
    position = {name: i for i, name in enumerate(actors)}
    chosen = tuple(sorted(selected)) if selected is not None else None
    cells = []
    drawn = pairs.loc[pairs["actor_a"].isin(actors).to_numpy() & pairs["actor_b"].isin(actors).to_numpy()]
    columns = (drawn[c] for c in ("actor_a", "actor_b", "sentences", "mean_tone", "ci_low", "ci_high"))
    for a, b, n, mean, low, high in zip(*columns):
        key = tuple(sorted((a, b)))
        tone = f"{_signed(mean)} (95%: {low:+.2f} to {high:+.2f})"
        cells.append((a, b, int(n), tone, key))
        cells.append((b, a, int(n), tone, key))
    if not cells:
        return empty_figure("No two actors share a sentence in this selection")
    largest = max(c[2] for c in cells)
    emphasised = actor is not None or chosen is not None
    # A square never outgrows its cell of the grid, so neighbours never cover it (nor its clicks).
    biggest = max(6.0, min(26.0, 0.85 * min(COOCCURRENCE_PLOT_PIXELS / len(actors), 2 * COOCCURRENCE_CELL_PIXELS)))

    def strong(key: tuple[str, str]) -> bool:
        return key == chosen or (actor is not None and actor in key)

    trace = {
        "type": "scatter",
        "x": [position[c[0]] for c in cells],
        "y": [position[c[1]] for c in cells],
        "mode": "markers",
        "customdata": [list(c[4]) for c in cells],
        "hovertext": [
            f"<b>{hover_name(c[0])}</b> & <b>{hover_name(c[1])}</b>"
            f"<br>Shared sentences: {c[2]}<br>{_tone_name(pair=True)}: {c[3]}"
            for c in cells
        ],
        "hovertemplate": "%{hovertext}<extra></extra>",
        "marker": {
            "symbol": "square",
            "size": [biggest * (0.3 + 0.7 * math.sqrt(c[2] / largest)) for c in cells],
            "color": [c[2] for c in cells],
            "colorscale": COOCCURRENCE_COLORSCALE,
            "cmin": 0,
            "cmax": largest,
            # Above the grid, not beside it: a half column at 1280 px has no width to spare.
            "colorbar": {
                "title": {"text": "Shared sentences", "side": "top"}, "orientation": "h", "thickness": 8,
                "len": 0.5, "x": 1.0, "xanchor": "right", "y": 1.0, "yanchor": "bottom", "ypad": 6,
            },
            "opacity": [1.0 if not emphasised or strong(c[4]) else FADED_OPACITY for c in cells],
            "line": {"width": [3.0 if c[4] == chosen else 0.0 for c in cells], "color": OUTLINE_COLOR},
        },
        "name": "Co-occurrence",
        "showlegend": False,
    }
    labels = [short_label(a, MATRIX_LABEL_CHARS) for a in actors]
    small = {"size": 10}
    return _figure(
        [trace],
        height=max(SMALL_HEIGHT, 190 + COOCCURRENCE_CELL_PIXELS * len(actors)),  # labels, title, colour bar
        margin={**MARGIN, "t": 40},
        xaxis={**_category_axis(labels, title="Actor", reversed_=False), "tickangle": -90, "tickfont": small},
        yaxis={**_category_axis(labels, title="Actor"), "tickfont": small},
    )


def build_keyword_chart(keywords: pd.DataFrame, *, selected: str | None = None) -> go.Figure:
    """Horizontal bars of corpus keywords by weight (:func:`components.views.aggregate.top_keywords`).

    ``customdata`` is ``[keyword]``; the selected keyword (compared case-insensitively) is emphasised.
    """
    if keywords.empty:
        return empty_figure("No keywords in this selection")
    names = [str(k) for k in keywords["keyword"]]
    folded = [n.casefold() for n in names]
    opacity, outline = _emphasis(folded, selected.casefold() if selected is not None else None)
    trace = {
        "type": "bar",
        "x": list(keywords["weight"]),
        "y": list(range(len(names))),
        "orientation": "h",
        "customdata": [[n] for n in names],
        "hovertext": [
            f"<b>{hover_name(n)}</b><br>Articles: {a}<br>Weight: {w:.2f}"
            f"<br>Best YAKE score: {s:.4g}<br>Mean rank: {r:.1f}"
            for n, a, w, s, r in zip(
                names, keywords["articles"], keywords["weight"], keywords["best_score"], keywords["mean_rank"]
            )
        ],
        "hovertemplate": "%{hovertext}<extra></extra>",
        "marker": {"color": KEYWORD_COLOR, "opacity": opacity, "line": {"width": outline, "color": OUTLINE_COLOR}},
        "name": "Keywords",
        "showlegend": False,
    }
    return _figure(
        [trace],
        height=HEIGHT,
        xaxis={"title": {"text": "Weight (sum of 1/rank)"}, "fixedrange": True},
        yaxis=_category_axis([short_label(n) for n in names], title="Keyword"),
    )


def _diverging_bars(
    values: list[float],
    ids: list[str],
    labels: list[str],
    hover: list[str],
    *,
    selected: str | None,
    x_title: str,
    y_title: str,
    errors: tuple[list[float], list[float]] | None = None,
    faded: list[bool] | None = None,
    label_chars: int = NAME_LABEL_CHARS,
) -> go.Figure:
    """Horizontal bars around zero: blue for positive, vermillion for negative, in the given order.

    ``errors``: (above, below) each value, drawn as error bars; ``faded``: bars drawn grey (too
    little support to rank); ``label_chars``: the tick labels' length. The chart grows with its
    bars, so their labels never overlap."""
    opacity, outline = _emphasis(ids, selected)
    faded = faded or [False] * len(values)
    largest = max([abs(v) for v in values] + [0.05])
    if errors is not None:
        largest = max([largest] + [abs(v) + e for v, e in zip(values, errors[0])] + [abs(v) + e for v, e in zip(values, errors[1])])
        largest = min(largest, 1.0)
    trace = {
        "type": "bar",
        "x": values,
        "y": list(range(len(ids))),
        "orientation": "h",
        "customdata": [[i] for i in ids],
        "hovertext": hover,
        "hovertemplate": "%{hovertext}<extra></extra>",
        "marker": {
            "color": [NEUTRAL_COLOR if f else POSITIVE_COLOR if v >= 0 else NEGATIVE_COLOR for v, f in zip(values, faded)],
            "opacity": opacity if not any(faded) else [
                o * (0.45 if f else 1.0) for o, f in zip(opacity if isinstance(opacity, list) else [opacity] * len(values), faded)
            ],
            "line": {"width": outline, "color": OUTLINE_COLOR},
        },
        "showlegend": False,
    }
    if errors is not None:
        trace["error_x"] = {
            "type": "data", "symmetric": False, "array": errors[0], "arrayminus": errors[1],
            "color": "#52606d", "thickness": 1.2, "width": 3,
        }
    return _figure(
        [trace],
        height=max(HEIGHT, 110 + 16 * len(ids)),  # at least 16 px a bar, so labels never overlap
        xaxis={
            "title": {"text": x_title},
            "range": [-largest * 1.1, largest * 1.1],
            "zeroline": True,
            "zerolinecolor": "#444444",
            "fixedrange": True,
        },
        yaxis=_category_axis([short_label(t, label_chars) for t in labels], title=y_title),
    )


def strongest_articles(articles: pd.DataFrame, *, top: int = 15, selected: str | None = None) -> pd.DataFrame:
    """The rows :func:`build_article_sentiment_chart` draws: articles with a mean, most positive
    first; of more than ``2 * top``, the ``top`` most positive and ``top`` most negative (and the
    ``selected`` one). The strongest of a big selection plus the selected row give the same."""
    rows = articles.loc[articles["sentiment_mean"].notna()] if not articles.empty else articles
    rows = rows.sort_values("sentiment_mean", ascending=False, kind="stable")
    if len(rows) > 2 * top:
        keep = rows.index[:top].union(rows.index[-top:]).union(rows.index[rows["id"] == selected])
        rows = rows.loc[rows.index.isin(keep)]
    return rows


def build_article_sentiment_chart(
    articles: pd.DataFrame, *, selected: str | None = None, top: int = 15
) -> go.Figure:
    """Diverging bars of each article's mean sentence sentiment, most positive at the top.

    y shows the (cut, escaped) title, or the id when there is none; articles without a mean
    (no sentences) are left out. With more than ``2 * top`` articles only the ``top`` most
    positive and ``top`` most negative are drawn (plus the selected one), so a corpus of
    10,000 articles stays readable and light. ``customdata`` is ``[article id]``.
    """
    rows = strongest_articles(articles, top=top, selected=selected)
    if rows.empty:
        return empty_figure("No article sentiment in this selection")
    ids = [str(i) for i in rows["id"]]
    titles = [str(t) if isinstance(t, str) and t else i for t, i in zip(rows["title"], ids)]
    values = [float(v) for v in rows["sentiment_mean"]]
    hover = [
        f"<b>{hover_name(t)}</b><br>Source: {safe_label(source_label(s))}"
        f"<br>Mean sentence sentiment: {v:+.3f}"
        for t, s, v in zip(titles, rows["source"], values)
    ]
    return _diverging_bars(
        values, ids, titles, hover, selected=selected, x_title="Mean sentence sentiment (VADER)", y_title="Article",
        label_chars=TITLE_LABEL_CHARS,
    )


def build_actor_sentiment_chart(
    actor_sent: pd.DataFrame, *, selected: str | None = None, top: int = 15, min_sentences: int | None = None
) -> go.Figure:
    """Diverging bars of the mean tone toward each actor, with its 95% interval as error bars.

    ``actor_sent`` is :func:`components.views.aggregate.actor_sentiment` output. Actors with at
    least ``min_sentences`` sentences (default: the ``tone_min_sentences`` setting) are ranked,
    most positive at the top; with more than ``2 * top`` of them only the ``top`` most positive
    and ``top`` most negative are drawn. Actors with less support are never ranked: they come
    last, grey, and only while the chart stays small (the selected one always shows). The hover
    gives each value's support and interval. ``customdata`` is ``[actor]``.
    """
    least = int(get_setting("tone_min_sentences")) if min_sentences is None else min_sentences  # type: ignore[arg-type]
    rows = actor_sent.loc[actor_sent["mean_tone"].notna()] if not actor_sent.empty else actor_sent
    if rows.empty:
        return empty_figure("No actor sentiment in this selection")
    rows = rows.sort_values(["mean_tone", "actor"], ascending=[False, True], kind="stable")
    supported = rows.loc[rows["sentences"] >= least]
    weak = rows.loc[rows["sentences"] < least]
    if len(supported) > 2 * top:
        keep = supported.index[:top].union(supported.index[-top:])
        supported = supported.loc[supported.index.isin(keep) | (supported["actor"] == selected)]
    room = max(2 * top - len(supported), 0)
    weak = weak.loc[weak.index.isin(weak.index[:room]) | (weak["actor"] == selected)]
    rows = pd.concat([supported, weak])
    names = [str(a) for a in rows["actor"]]
    values = [float(v) for v in rows["mean_tone"]]
    faded = [int(n) < least for n in rows["sentences"]]
    hover = [
        f"<b>{hover_name(a)}</b><br>Type: {safe_label(t)}"
        f"<br>Tone: {v:+.3f} (95%: {lo:+.2f} to {hi:+.2f})"
        f"<br>Sentences: {n}{', too few to rank' if weak_ else ''}<br>VADER: {_signed(c)}"
        for a, t, n, v, lo, hi, c, weak_ in zip(
            names, rows["type"], rows["sentences"], values, rows["ci_low"], rows["ci_high"], rows["mean_compound"], faded
        )
    ]
    errors = ([float(h) - v for h, v in zip(rows["ci_high"], values)], [v - float(lo) for lo, v in zip(rows["ci_low"], values)])
    return _diverging_bars(
        values, names, names, hover, selected=selected, x_title=_tone_name(), y_title="Actor", errors=errors, faded=faded
    )


def _tone_name(*, pair: bool = False) -> str:
    """What the tone toward an actor (or a pair) is, under the ``actor_tone`` setting."""
    if get_setting("actor_tone") == "target":
        return "Mean tone toward the actors" if pair else "Mean tone toward the actor"
    return "Mean sentence sentiment (VADER)"


def _tick_step(count: int) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50... that gives at most about ten ticks over ``count``."""
    magnitude = 1
    while True:
        for multiple in (1, 2, 5):
            if count / (multiple * magnitude) <= 10:
                return multiple * magnitude
        magnitude *= 10


def build_sentence_chart(sentences: pd.DataFrame, *, selected: int | None = None) -> go.Figure:
    """The selected article's sentence sentiment as lines and markers.

    x is the sentence number (index + 1), y the VADER compound, with a zero line; markers are
    coloured by label and the hover shows the sentence text (escaped, cut to 120 characters).
    ``customdata`` is ``[sentence index]`` (0-based); the selected sentence has a bigger marker.
    """
    if sentences.empty:
        return empty_figure("Select an article to see its sentences")
    rows = sentences.sort_values("sentence", kind="stable")
    indexes = [int(s) for s in rows["sentence"]]
    compounds = [float(c) for c in rows["compound"]]
    colors = {"positive": POSITIVE_COLOR, "negative": NEGATIVE_COLOR}
    trace = {
        "type": "scatter",
        "x": [i + 1 for i in indexes],
        "y": compounds,
        "mode": "lines+markers",
        "customdata": [[i] for i in indexes],
        "hovertext": [
            f"<b>Sentence {i + 1}</b> · {c:+.3f}<br>{safe_label(t, limit=SENTENCE_HOVER_CHARS)}"
            for i, c, t in zip(indexes, compounds, rows["text"])
        ],
        "hovertemplate": "%{hovertext}<extra></extra>",
        "line": {"color": "#BBBBBB", "width": 1},
        "marker": {
            "color": [colors.get(label, NEUTRAL_COLOR) for label in rows["label"]],
            "size": [15 if i == selected else 8 for i in indexes],
            "line": {"width": [2 if i == selected else 0 for i in indexes], "color": OUTLINE_COLOR},
        },
        "name": "Sentences",
        "showlegend": False,
    }
    zero_line = {
        "type": "line", "x0": 0, "x1": 1, "xref": "x domain", "y0": 0, "y1": 0, "yref": "y",
        "line": {"color": "#444444", "width": 1},
    }
    return _figure(
        [trace],
        height=SMALL_HEIGHT,
        shapes=[zero_line],
        # Whole sentence numbers only: a step of 1, 2, 5, 10... keeps about ten ticks.
        xaxis={"title": {"text": "Sentence"}, "fixedrange": True, "tick0": 1, "dtick": _tick_step(len(rows))},
        yaxis={"title": {"text": "Sentiment (VADER compound)"}, "range": [-1.05, 1.05], "fixedrange": True},
    )


ATTENTION_COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
MEASURE_TITLES = {"articles": "Articles", "share": "Share of the period's articles", "mentions": "Mentions"}


def build_attention_chart(attention: pd.DataFrame, *, measure: str = "articles") -> go.Figure:
    """One line per series of :func:`components.views.aggregate.attention_over_time` output.

    ``measure``: "articles" (articles per period), "share" (of all the period's articles) or
    "mentions". Counts get whole-number ticks. Dragging across the chart selects a range of
    dates (``dragmode`` "select", horizontal): see ``apply_selection``. ``customdata`` is ``[date]``.
    """
    if attention.empty:
        return empty_figure("No dated articles in this selection")
    if measure not in MEASURE_TITLES:
        raise ValueError(f"measure must be one of {', '.join(MEASURE_TITLES)}, not {measure!r}")
    period = str(attention["period"].iloc[0])
    prefix = {"week": "Week of ", "month": "Month from ", "year": "Year from "}.get(period, "")
    traces = []
    for i, (name, rows) in enumerate(attention.groupby("series", sort=False)):
        dates = [str(d) for d in rows["date"]]
        values = [None if pd.isna(v) else float(v) for v in rows[measure]] if measure == "share" else [int(v) for v in rows[measure]]
        hover = [
            f"<b>{hover_name(name)}</b><br>{prefix}{safe_label(d)}<br>Articles: {a} of {t}"
            + (f" ({a / t:.0%})" if t else "")
            + (f"<br>Mentions: {m}" if measure == "mentions" else "")
            for d, a, t, m in zip(dates, rows["articles"], rows["total"], rows["mentions"])
        ]
        color = ATTENTION_COLORS[i % len(ATTENTION_COLORS)]
        traces.append({
            "type": "scatter", "x": dates, "y": values, "name": short_label(name), "mode": "lines+markers",
            "customdata": [[d] for d in dates], "hovertext": hover, "hovertemplate": "%{hovertext}<extra></extra>",
            "line": {"color": color, "width": 2}, "marker": {"color": color, "size": 5},
        })
    if measure == "share":
        yaxis = {"title": {"text": MEASURE_TITLES[measure]}, "tickformat": ".0%", "rangemode": "tozero", "fixedrange": True}
    else:
        largest = int(attention[measure].max())
        yaxis = {
            "title": {"text": MEASURE_TITLES[measure]}, "tickmode": "linear", "tick0": 0, "dtick": _tick_step(max(largest, 1)),
            "tickformat": "d", "rangemode": "tozero", "fixedrange": True,
        }
    return _figure(
        traces,
        height=SMALL_HEIGHT,
        xaxis={"title": {"text": f"Published (per {period}); drag across to filter the dates"}, "type": "date", "fixedrange": True},
        yaxis=yaxis,
        dragmode="select",
        selectdirection="h",
    )
