"""The dashboard's view state: filters and selections, as one small frozen dataclass.

Three pure functions move it around, all without streamlit:

- :func:`apply_selection` turns a Plotly selection event (as Streamlit reports it) into a new state;
- :func:`state_to_query_params` / :func:`state_from_query_params` turn it into URL query
  parameters and back (a round trip: ``state_from_query_params(state_to_query_params(s)) == (s, [])``).

Query parameters (only non-default fields are written; tuples are repeated parameters, so names
containing commas or pipes need no escaping):

=============  ==========================  ===========================================
name           field                       encoding
=============  ==========================  ===========================================
``actors``     ``actors``                  repeated, one actor name each
``types``      ``actor_types``             repeated: person / organization / country / place / other
``sources``    ``sources``                 repeated, :data:`UNKNOWN_SOURCE` for none
``q``          ``search``                  text
``sentiment``  ``sentiment``               ``"low,high"``, e.g. ``"-0.5,1"``
``actor``      ``actor``                   actor name
``keyword``    ``keyword``                 text
``article``    ``article``                 article id
``sentence``   ``sentence``                whole number >= 0 (needs ``article``)
``pair``       ``pair``                    repeated twice, one actor name each
``dict``       ``dictionary``              16 hex digits: the edited actor dictionary the view was made with
``upload``     ``upload``                  16 hex digits: the uploaded files the view was made with
``share``      ``share``                   32 characters of ``[A-Za-z0-9_-]``: the shared corpus the view shows
``dates``      ``dates``                   ``"YYYY-MM-DD,YYYY-MM-DD"``, first day first (inclusive)
``colour``     ``colour``                  ``source`` (the actor chart stacked by source; default ``type``)
``measure``    ``measure``                 ``share`` or ``mentions`` (attention over time; default ``articles``)
``period``     ``period``                  ``day``, ``week``, ``month`` or ``year`` (attention over time; default ``auto``)
``tab``        ``tab``                     ``actor`` (the sentiment panel's per-actor view; default ``article``)
``find``       ``find``                    text: the word or phrase the concordance finds (``*`` ends a prefix)
``sort``       ``sort``                    ``left``, ``right`` or ``date`` (the concordance's order; default ``order``)
``tints``      ``tints``                   ``off`` (the reader without tone tints; default ``on``)
=============  ==========================  ===========================================

The state, its URL form and its selection handling stay in one module: a new field needs all
three, and the round-trip tests read them side by side.
"""

from __future__ import annotations

import dataclasses
import datetime
import math
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from components.engine.shares import SHARE_ID_CHARS, valid_share_id
from components.language.actors import ACTOR_TYPES

UNKNOWN_SOURCE = "(unknown)"  # how a missing source is shown and filtered
DEFAULT_SENTIMENT: tuple[float, float] = (-1.0, 1.0)

MAX_VALUE_CHARS = 500  # longer URL values are ignored
MAX_VALUES = 50  # at most this many repeated values are read per parameter
MAX_SENTENCE = 1_000_000
MAX_NOTES = 20  # more notes than this are summarised in one line
LABEL_CHARS = 40  # chips and notes show at most this many characters of a value

SELECTABLE_CHARTS: tuple[str, ...] = (
    "actors", "cooccurrence", "keywords", "article_sentiment", "actor_sentiment", "sentences", "timeline", "speakers", "sources",
)

_SENTENCE_RE = re.compile(r"[0-9]{1,7}")
_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
CHOICES: dict[str, tuple[str, ...]] = {
    "colour": ("type", "source"),
    "measure": ("articles", "share", "mentions"),
    "period": ("auto", "day", "week", "month", "year"),
    "tab": ("article", "actor"),
    "sort": ("order", "left", "right", "date"),
    "tints": ("on", "off"),
}
"""The view fields with a fixed set of values, the default first."""
_DIGEST_RE = re.compile(r"[0-9a-f]{16}")
_FLOAT_RE = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?")


UNKNOWN_DATE = "date unknown"


def date_label(published: object) -> str:
    """How a published date is shown: the date, or :data:`UNKNOWN_DATE` when it is missing
    (None, NaN after a table was put together, or empty), never "nan"."""
    if published is None or (isinstance(published, float) and math.isnan(published)) or str(published).strip() in ("", "NaT"):
        return UNKNOWN_DATE
    return str(published)


def source_label(source: object) -> str:
    """Return how a source is shown and filtered: its name, or :data:`UNKNOWN_SOURCE` when missing."""
    if source is None or (isinstance(source, float) and math.isnan(source)) or source == "":
        return UNKNOWN_SOURCE
    return str(source)


def shorten(text: str, *, limit: int = LABEL_CHARS) -> str:
    """Cut ``text`` to at most ``limit`` characters, ending with "…" when it was cut."""
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + "…"


def _unique_texts(values: Any) -> tuple[str, ...]:
    """Strings in first-seen order, without duplicates or empty strings."""
    if values is None:
        return ()
    if isinstance(values, str):
        values = (values,)
    seen: dict[str, None] = {}
    for value in values:
        if value is not None and str(value) != "":
            seen.setdefault(str(value), None)
    return tuple(seen)


@dataclass(frozen=True)
class ViewState:
    """Sidebar filters and chart selections.

    Normalised on construction: tuples are deduplicated (lists are accepted), ``pair`` is
    sorted, empty strings in ``actor``/``keyword``/``article`` mean "none", and ``sentence``
    is dropped when no ``article`` is selected (a sentence index means nothing without one).
    """

    actors: tuple[str, ...] = ()  # keep articles mentioning ANY of these actors
    actor_types: tuple[str, ...] = ()  # only count mentions of these types (empty = all)
    sources: tuple[str, ...] = ()  # keep articles from these sources (UNKNOWN_SOURCE for None)
    search: str = ""  # keep articles whose text or title contains it (case-insensitive)
    sentiment: tuple[float, float] = DEFAULT_SENTIMENT  # keep articles whose mean is in range (inclusive)
    actor: str | None = None  # selected by clicking an actor bar
    keyword: str | None = None  # selected by clicking a keyword bar (or typed)
    article: str | None = None  # selected article id (reader)
    sentence: int | None = None  # selected sentence index (0-based) within the selected article
    pair: tuple[str, str] | None = None  # selected co-occurrence cell (sorted pair of actor names)
    dictionary: str | None = None  # digest of an edited actor dictionary in force (None: the bundled one)
    upload: str | None = None  # digest of the uploaded files in the corpus (None: no upload)
    share: str | None = None  # id of the shared corpus the session shows ("Share this corpus"; None: none)
    dates: tuple[str, str] | None = None  # keep articles published in this range (inclusive, YYYY-MM-DD)
    colour: str = "type"  # the actor chart coloured by type or stacked by source
    measure: str = "articles"  # attention over time: articles, share of articles, or mentions
    period: str = "auto"  # attention over time: per day, week, month, or the finest that fits
    tab: str = "article"  # the sentiment panel's view: per article or per actor
    find: str = ""  # the concordance's typed word or phrase (highlighted in the reader too)
    sort: str = "order"  # the concordance's order: reading order, left word, right word, date
    tints: str = "on"  # the reader's tone tints behind sentences

    def __post_init__(self) -> None:
        set_ = object.__setattr__  # frozen: normalise through object.__setattr__
        set_(self, "actors", _unique_texts(self.actors))
        set_(self, "actor_types", _unique_texts(self.actor_types))
        set_(self, "sources", _unique_texts(self.sources))
        set_(self, "search", "" if self.search is None else str(self.search))
        set_(self, "find", "" if self.find is None else str(self.find))
        low, high = self.sentiment
        set_(self, "sentiment", (float(low), float(high)))
        for name in ("actor", "keyword", "article", "dictionary", "upload", "share"):
            value = getattr(self, name)
            set_(self, name, None if value is None or str(value) == "" else str(value))
        if self.article is None or self.sentence is None:
            set_(self, "sentence", None)
        else:
            set_(self, "sentence", int(self.sentence))
        if self.pair is not None:
            a, b = self.pair
            set_(self, "pair", None if str(a) == str(b) else tuple(sorted((str(a), str(b)))))
        if self.dates is not None:
            first, last = (str(d)[:10] for d in self.dates)
            set_(self, "dates", (min(first, last), max(first, last)))
        for name, allowed in CHOICES.items():
            if getattr(self, name) not in allowed:
                set_(self, name, allowed[0])

    def with_changes(self, **changes: Any) -> ViewState:
        """Return a copy with some fields replaced (``dataclasses.replace``)."""
        return dataclasses.replace(self, **changes)

    def without(self, field: str) -> ViewState:
        """Return a copy with ``field`` back at its default (a chip's ×); ValueError for unknown fields."""
        defaults = {f.name: f.default for f in dataclasses.fields(self)}
        if field not in defaults:
            raise ValueError(f"ViewState has no field {field!r}")
        return dataclasses.replace(self, **{field: defaults[field]})

    def chips(self, *, article_titles: Mapping[str, str] | None = None) -> list[tuple[str, str]]:
        """Active filters and selections as ``(field, label)``, e.g. ``("actor", "Actor: Vladimir Putin")``.

        One chip per field (a chip's × calls :meth:`without` on that field). Labels are plain
        text, each value cut to :data:`LABEL_CHARS`; ``article_titles`` maps ids to titles.
        """

        def many(singular: str, plural: str, values: tuple[str, ...]) -> str:
            head = singular if len(values) == 1 else plural
            return f"{head}: " + ", ".join(shorten(v) for v in values)

        chips: list[tuple[str, str]] = []
        if self.actors:
            chips.append(("actors", many("Actor filter", "Actor filter", self.actors)))
        if self.actor_types:
            chips.append(("actor_types", many("Type", "Types", self.actor_types)))
        if self.sources:
            chips.append(("sources", many("Source", "Sources", self.sources)))
        if self.search:
            chips.append(("search", f"Search: “{shorten(self.search)}”"))
        if self.find:
            chips.append(("find", f"Find: “{shorten(self.find)}”"))
        if self.sentiment != DEFAULT_SENTIMENT:
            low, high = self.sentiment
            chips.append(("sentiment", f"Sentiment: {low:+.2f} to {high:+.2f}"))
        if self.actor is not None:
            chips.append(("actor", f"Actor: {shorten(self.actor)}"))
        if self.keyword is not None:
            chips.append(("keyword", f"Keyword: {shorten(self.keyword)}"))
        if self.pair is not None:
            chips.append(("pair", f"Pair: {shorten(self.pair[0])} & {shorten(self.pair[1])}"))
        if self.article is not None:
            title = (article_titles or {}).get(self.article) or self.article
            chips.append(("article", f"Article: {shorten(str(title))}"))
        if self.sentence is not None:
            chips.append(("sentence", f"Sentence: {self.sentence + 1}"))
        if self.dates is not None:
            chips.append(("dates", f"Dates: {self.dates[0]} to {self.dates[1]}"))
        return chips


# ---------------------------------------------------------------------------------------------
# Query parameters


def _format_float(value: float) -> str:
    """Shortest text that reads back as the same float: -0.5 -> "-0.5", 1.0 -> "1"."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def state_to_query_params(state: ViewState) -> dict[str, str | list[str]]:
    """Return the non-default fields of ``state`` as query parameters (see the module docstring)."""
    params: dict[str, str | list[str]] = {}
    if state.actors:
        params["actors"] = list(state.actors)
    if state.actor_types:
        params["types"] = list(state.actor_types)
    if state.sources:
        params["sources"] = list(state.sources)
    if state.search:
        params["q"] = state.search
    if state.find:
        params["find"] = state.find
    if state.sentiment != DEFAULT_SENTIMENT:
        params["sentiment"] = ",".join(_format_float(v) for v in state.sentiment)
    if state.actor is not None:
        params["actor"] = state.actor
    if state.keyword is not None:
        params["keyword"] = state.keyword
    if state.article is not None:
        params["article"] = state.article
    if state.sentence is not None:
        params["sentence"] = str(state.sentence)
    if state.pair is not None:
        params["pair"] = list(state.pair)
    if state.dictionary is not None:
        params["dict"] = state.dictionary
    if state.upload is not None:
        params["upload"] = state.upload
    if state.share is not None:
        params["share"] = state.share
    if state.dates is not None:
        params["dates"] = ",".join(state.dates)
    for name, allowed in CHOICES.items():
        if getattr(state, name) != allowed[0]:
            params[name] = getattr(state, name)
    return params


def _quote(value: object) -> str:
    return "'" + shorten(str(value)) + "'"


class _Reader:
    """Collects the values of one parameter mapping, with a note for everything ignored."""

    def __init__(self, params: Mapping[str, Any]) -> None:
        self.notes: list[str] = []
        self.values: dict[str, list[str]] = {}
        try:
            items = list(params.items())
        except Exception:  # noqa: BLE001 - anything that is not a mapping is ignored, never raised
            self.notes.append("Ignored the URL parameters: not a mapping of names to text")
            return
        for name, raw in items:
            if name not in _PARAM_NAMES:
                self.notes.append(f"Ignored unknown URL parameter {_quote(name)}")
                continue
            self.values[name] = self._texts(name, raw)

    def _texts(self, name: str, raw: Any) -> list[str]:
        if isinstance(raw, str):
            raw = [raw]
        elif not isinstance(raw, (list, tuple)):
            self.notes.append(f"Ignored URL parameter {_quote(name)}: not text")
            return []
        if len(raw) > MAX_VALUES:
            self.notes.append(f"Ignored all but the first {MAX_VALUES} values of URL parameter {_quote(name)}")
            raw = raw[:MAX_VALUES]
        texts = []
        for value in raw:
            if not isinstance(value, str):
                self.notes.append(f"Ignored a value of URL parameter {_quote(name)}: not text")
            elif len(value) > MAX_VALUE_CHARS:
                self.notes.append(
                    f"Ignored a value of URL parameter {_quote(name)}: longer than {MAX_VALUE_CHARS} characters"
                )
            elif value != "":
                texts.append(value)
        return texts

    def many(self, name: str) -> list[str]:
        return list(dict.fromkeys(self.values.get(name, [])))

    def one(self, name: str) -> str | None:
        values = self.values.get(name, [])
        if len(values) > 1:
            self.notes.append(f"URL parameter {_quote(name)} was given {len(values)} times; used the last one")
        return values[-1] if values else None


_PARAM_NAMES = frozenset(
    ["actors", "types", "sources", "q", "sentiment", "actor", "keyword", "article", "sentence", "pair", "dict",
     "dates", "find", "upload", "share", *CHOICES]
)


def _parse_dates(text: str) -> tuple[str, str] | None:
    """Two ISO dates, the first not after the second; None when the text is anything else."""
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 2 or not all(_DATE_RE.fullmatch(p) for p in parts) or parts[0] > parts[1]:
        return None
    try:
        for part in parts:
            datetime.date.fromisoformat(part)
    except ValueError:
        return None
    return parts[0], parts[1]


def _parse_sentiment(text: str) -> tuple[float, float] | None:
    parts = text.split(",")
    if len(parts) != 2 or not all(_FLOAT_RE.fullmatch(p.strip()) for p in parts):
        return None
    low, high = (float(p) for p in parts)
    if not (-1.0 <= low <= high <= 1.0):
        return None
    return low, high


def state_from_query_params(
    params: Mapping[str, str | list[str]],
    *,
    known_actors: Collection[str] | None = None,
    known_sources: Collection[str] | None = None,
    known_articles: Collection[str] | None = None,
) -> tuple[ViewState, list[str]]:
    """Read a view state from query parameters; never raises.

    ``params`` maps names to a string or a list of strings (pass
    ``{k: st.query_params.get_all(k) for k in st.query_params}`` so repeated values survive).
    ``known_*`` collections, when given, reject names that are not in the data
    (``known_sources`` holds display names, so include :data:`UNKNOWN_SOURCE` when some
    article has no source). Returns the state and one human-readable note per ignored
    parameter or value.
    """
    reader = _Reader(params)
    notes = reader.notes

    def known(values: list[str], allowed: Collection[str] | None, what: str, why: str) -> list[str]:
        if allowed is None:
            return values
        kept = []
        for value in values:
            if value in allowed:
                kept.append(value)
            else:
                notes.append(f"Ignored {what} {_quote(value)}: {why}")
        return kept

    in_dictionary = "not in the actor dictionary"
    fields: dict[str, Any] = {}
    fields["actors"] = tuple(known(reader.many("actors"), known_actors, "actor filter", in_dictionary))
    fields["actor_types"] = tuple(
        known(reader.many("types"), ACTOR_TYPES, "actor type", "expected " + ", ".join(ACTOR_TYPES))
    )
    fields["sources"] = tuple(known(reader.many("sources"), known_sources, "source", "no article has this source"))
    fields["search"] = reader.one("q") or ""
    fields["find"] = reader.one("find") or ""

    sentiment = reader.one("sentiment")
    if sentiment is not None:
        parsed = _parse_sentiment(sentiment)
        if parsed is None:
            notes.append(f"Ignored sentiment range {_quote(sentiment)}: not two numbers between -1 and 1, low first")
        else:
            fields["sentiment"] = parsed

    for name, what, allowed, why in (
        ("actor", "actor", known_actors, in_dictionary),
        ("keyword", "keyword", None, ""),
        ("article", "article", known_articles, "no article has this id"),
    ):
        value = reader.one(name)
        if value is not None and known([value], allowed, what, why):
            fields[name] = value

    sentence = reader.one("sentence")
    if sentence is not None:
        if not _SENTENCE_RE.fullmatch(sentence) or int(sentence) > MAX_SENTENCE:
            notes.append(f"Ignored sentence {_quote(sentence)}: not a whole number from 0 to {MAX_SENTENCE}")
        elif "article" not in fields:
            notes.append(f"Ignored sentence {_quote(sentence)}: no article is selected")
        else:
            fields["sentence"] = int(sentence)

    pair = reader.many("pair")
    if pair:
        if len(pair) != 2:
            notes.append("Ignored pair: expected two different actor names")
        elif len(known(pair, known_actors, "pair actor", in_dictionary)) == 2:
            fields["pair"] = (pair[0], pair[1])

    for name, field, what in (("dict", "dictionary", "dictionary"), ("upload", "upload", "upload")):
        digest = reader.one(name)
        if digest is None:
            continue
        if _DIGEST_RE.fullmatch(digest):
            fields[field] = digest
        else:
            notes.append(f"Ignored {what} {_quote(digest)}: not 16 hexadecimal digits")

    share = reader.one("share")
    if share is not None:
        if valid_share_id(share):
            fields["share"] = share
        else:
            notes.append(f"Ignored shared corpus {_quote(share)}: not {SHARE_ID_CHARS} letters, digits, - or _")

    dates = reader.one("dates")
    if dates is not None:
        parsed_dates = _parse_dates(dates)
        if parsed_dates is None:
            notes.append(f"Ignored date range {_quote(dates)}: not two dates YYYY-MM-DD, the first one first")
        else:
            fields["dates"] = parsed_dates

    for name, allowed in CHOICES.items():
        value = reader.one(name)
        if value is None:
            continue
        if value in allowed:
            fields[name] = value
        else:
            notes.append(f"Ignored {name} {_quote(value)}: expected " + ", ".join(allowed))

    if len(notes) > MAX_NOTES:
        notes[MAX_NOTES:] = [f"… and {len(notes) - MAX_NOTES} more ignored URL values"]
    return ViewState(**fields), notes


# ---------------------------------------------------------------------------------------------
# Chart selections


def _first_customdata(event: Mapping | None) -> list[Any] | None:
    """The customdata of the first selected point that has one, as a list; None when there is none."""
    if not isinstance(event, Mapping):
        return None
    selection = event.get("selection")
    points = selection.get("points") if isinstance(selection, Mapping) else None
    if not isinstance(points, (list, tuple)):
        return None
    for point in points:
        if not isinstance(point, Mapping) or point.get("customdata") is None:
            continue
        data = point["customdata"]
        data = list(data) if isinstance(data, (list, tuple)) else [data]
        if data and data[0] is not None:
            return data
    return None


def _box_dates(event: Mapping | None) -> tuple[str, str] | None:
    """The days a box selection spans on a date axis ("2025-06-19 08:12:33.12" or epoch
    milliseconds, in either order); None when the event holds no usable box."""
    selection = event.get("selection") if isinstance(event, Mapping) else None
    boxes = selection.get("box") if isinstance(selection, Mapping) else None
    if not isinstance(boxes, (list, tuple)) or not boxes or not isinstance(boxes[0], Mapping):
        return None
    xs = boxes[0].get("x")
    if not isinstance(xs, (list, tuple)) or len(xs) != 2:
        return None
    days = []
    for x in xs:
        if isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x):
            x = datetime.datetime.fromtimestamp(x / 1000, tz=datetime.timezone.utc).strftime("%Y-%m-%d")
        if not isinstance(x, str) or not _DATE_RE.fullmatch(x[:10]):
            return None
        days.append(x[:10])
    return min(days), max(days)


def _as_index(value: Any) -> int | None:
    """A sentence index from customdata: an int, an integral float or a digit string; else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float) and value.is_integer() and value >= 0:
        return int(value)
    if isinstance(value, str) and _SENTENCE_RE.fullmatch(value):
        return int(value)
    return None


def apply_selection(state: ViewState, chart: str, event: Mapping | None) -> ViewState:
    """Return the state after a selection ``event`` on ``chart`` (one of :data:`SELECTABLE_CHARTS`).

    ``event`` is what ``st.plotly_chart(..., on_select="rerun")`` returns:
    ``{"selection": {"points": [{"customdata": [...], ...}], ...}}``. Only the first point's
    ``customdata`` is read (never ``point_indices``):

    - ``actors``/``actor_sentiment``/``speakers``: ``[actor]`` -> ``actor`` set, ``pair`` cleared;
    - ``cooccurrence``: ``[actor_a, actor_b, ...]`` -> ``pair`` set (sorted), ``actor`` kept;
    - ``sources``: ``[source, actor]`` -> the ``sources`` filter that source alone, ``actor`` set;
    - ``keywords``: ``[keyword]`` -> ``keyword``;
    - ``article_sentiment``: ``[article id]`` -> ``article``, ``sentence`` cleared;
    - ``sentences``: ``[sentence index]`` -> ``sentence`` (only when an article is selected);
    - ``timeline``: a box dragged over the time axis (``selection.box[0].x``) -> ``dates``, the
      days it spans; a click on a point selects nothing.

    No points, no customdata or unusable customdata leave the state unchanged.
    Raises ValueError for an unknown ``chart`` (a programming error, not bad data).
    """
    if chart not in SELECTABLE_CHARTS:
        raise ValueError(f"unknown chart {chart!r}; expected one of {', '.join(SELECTABLE_CHARTS)}")
    if chart == "timeline":
        picked = _box_dates(event)
        return state if picked is None else state.with_changes(dates=picked)
    data = _first_customdata(event)
    if data is None:
        return state
    first = data[0]
    if chart in ("actors", "actor_sentiment", "speakers"):
        return state.with_changes(actor=str(first), pair=None)
    if chart == "cooccurrence":
        if len(data) < 2 or data[1] is None or str(first) == str(data[1]):
            return state
        return state.with_changes(pair=(str(first), str(data[1])))
    if chart == "sources":
        if len(data) < 2 or data[1] is None:
            return state
        return state.with_changes(sources=(str(first),), actor=str(data[1]), pair=None)
    if chart == "keywords":
        return state.with_changes(keyword=str(first))
    if chart == "article_sentiment":
        return state.with_changes(article=str(first), sentence=None)
    index = _as_index(first)  # chart == "sentences"
    if index is None or state.article is None:
        return state
    return state.with_changes(sentence=index)
