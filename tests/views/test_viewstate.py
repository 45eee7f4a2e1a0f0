"""View state: query-parameter round trip, malformed URLs, chart selections, chips."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from components.views.viewstate import (
    MAX_VALUE_CHARS,
    MAX_VALUES,
    UNKNOWN_SOURCE,
    ViewState,
    apply_selection,
    source_label,
    state_from_query_params,
    state_to_query_params,
)

ACTORS = ["Vladimir Putin", "Ali Khamenei", "Iran", "Russia, Federation of", "A|B", "<script>x</script>"]
SOURCES = ["Newsweek", "Reuters", UNKNOWN_SOURCE]
ARTICLES = ["000_f16bc1375f36de9e", "002_ccd4c79e6b5cab95"]

STATES = [
    ViewState(),
    ViewState(actors=("Vladimir Putin",)),
    ViewState(actors=("Russia, Federation of", "A|B"), actor_types=("person", "country")),
    ViewState(sources=(UNKNOWN_SOURCE, "Newsweek")),
    ViewState(search="oil & gas, Iran"),
    ViewState(sentiment=(-0.5, 0.5)),
    ViewState(sentiment=(-1.0, 0.25)),
    ViewState(sentiment=(0.1, 0.1)),
    ViewState(actor="Vladimir Putin", keyword="Middle East"),
    ViewState(article="000_f16bc1375f36de9e", sentence=0),
    ViewState(article="002_ccd4c79e6b5cab95", sentence=41),
    ViewState(pair=("Ali Khamenei", "Vladimir Putin"), actor="Vladimir Putin"),
    ViewState(pair=("A|B", "Russia, Federation of")),
    ViewState(dates=("2025-06-20", "2025-06-20")),
    ViewState(upload="0123456789abcdef", article="000_f16bc1375f36de9e"),
    ViewState(upload="0123456789abcdef", share="Ab-_" + "x" * 28, actor="Vladimir Putin"),
    ViewState(colour="source", measure="mentions", period="month"),
    ViewState(
        actors=("Iran",), actor_types=("organization",), sources=("Reuters",), search="q=1&x", sentiment=(-0.75, 0.0),
        actor="<script>x</script>", keyword="U.S.", article="000_f16bc1375f36de9e", sentence=3,
        pair=("Iran", "Vladimir Putin"), dates=("2025-06-01", "2025-06-30"), colour="source", measure="share",
        period="week", tab="actor", find="sanction*", sort="left", tints="off",
    ),
]


@pytest.mark.parametrize("state", STATES)
def test_round_trip(state: ViewState) -> None:
    assert state_from_query_params(state_to_query_params(state)) == (state, [])


@pytest.mark.parametrize("state", STATES)
def test_round_trip_with_known_names(state: ViewState) -> None:
    params = state_to_query_params(state)
    result = state_from_query_params(params, known_actors=ACTORS, known_sources=SOURCES, known_articles=ARTICLES)
    assert result == (state, [])


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (ViewState(), {}),
        (ViewState(actors=("A", "B")), {"actors": ["A", "B"]}),
        (ViewState(actor_types=("person",)), {"types": ["person"]}),
        (ViewState(search="iran"), {"q": "iran"}),
        (ViewState(sentiment=(-0.5, 1.0)), {"sentiment": "-0.5,1"}),
        (ViewState(sentiment=(0.0, 0.5)), {"sentiment": "0,0.5"}),
        (ViewState(article="a1", sentence=2), {"article": "a1", "sentence": "2"}),
        (ViewState(pair=("B", "A")), {"pair": ["A", "B"]}),
        (ViewState(sources=(UNKNOWN_SOURCE,)), {"sources": [UNKNOWN_SOURCE]}),
        (ViewState(dates=("2025-06-30", "2025-06-01")), {"dates": "2025-06-01,2025-06-30"}),
        (ViewState(colour="source", tab="actor"), {"colour": "source", "tab": "actor"}),
        (ViewState(measure="share", period="week"), {"measure": "share", "period": "week"}),
        (ViewState(colour="type", measure="articles", period="auto", tab="article"), {}),
    ],
)
def test_query_params_encoding(state: ViewState, expected: dict) -> None:
    assert state_to_query_params(state) == expected


names = st.text(min_size=1, max_size=40)
bounds = st.floats(min_value=-1.0, max_value=1.0, allow_nan=False)


@st.composite
def view_states(draw: st.DrawFn) -> ViewState:
    low, high = sorted((draw(bounds), draw(bounds)))
    article = draw(st.none() | names)
    pair = draw(st.none() | st.lists(names, min_size=2, max_size=2, unique=True).map(tuple))
    return ViewState(
        actors=tuple(draw(st.lists(names, max_size=5, unique=True))),
        actor_types=tuple(draw(st.lists(st.sampled_from(["person", "country", "organization"]), unique=True))),
        sources=tuple(draw(st.lists(names, max_size=5, unique=True))),
        search=draw(st.text(max_size=60)),
        sentiment=(low, high),
        actor=draw(st.none() | names),
        keyword=draw(st.none() | names),
        article=article,
        sentence=None if article is None else draw(st.none() | st.integers(0, 5000)),
        pair=pair,
        dates=draw(st.none() | st.tuples(st.dates(), st.dates()).map(lambda d: tuple(x.isoformat() for x in d))),
        colour=draw(st.sampled_from(["type", "source"])),
        measure=draw(st.sampled_from(["articles", "share", "mentions"])),
        period=draw(st.sampled_from(["auto", "day", "week", "month", "year"])),
        tab=draw(st.sampled_from(["article", "actor"])),
        find=draw(st.text(max_size=40)),
        sort=draw(st.sampled_from(["order", "left", "right", "date"])),
        tints=draw(st.sampled_from(["on", "off"])),
    )


@settings(max_examples=300)
@given(view_states())
def test_round_trip_property(state: ViewState) -> None:
    params = state_to_query_params(state)
    assert all(isinstance(v, str) or all(isinstance(x, str) for x in v) for v in params.values())
    assert state_from_query_params(params) == (state, [])


@settings(max_examples=300)
@given(
    st.dictionaries(
        st.sampled_from(["actors", "types", "sources", "q", "sentiment", "actor", "keyword", "article", "sentence",
                         "pair", "dates", "colour", "measure", "period", "tab", "find", "sort", "tints"]) | st.text(max_size=10),
        st.text(max_size=30) | st.lists(st.text(max_size=30), max_size=4),
        max_size=8,
    ),
    st.booleans(),
)
def test_arbitrary_params_never_raise(params: dict, with_known: bool) -> None:
    known = {"known_actors": ACTORS, "known_sources": SOURCES, "known_articles": ARTICLES} if with_known else {}
    state, notes = state_from_query_params(params, **known)
    assert isinstance(state, ViewState)
    assert all(isinstance(n, str) for n in notes)
    # whatever was read is itself a valid URL state
    assert state_from_query_params(state_to_query_params(state)) == (state, [])


@given(st.dictionaries(st.text(max_size=5), st.none() | st.integers() | st.lists(st.integers() | st.none())))
def test_non_text_values_never_raise(params: dict) -> None:
    state, notes = state_from_query_params(params)
    assert isinstance(state, ViewState)
    assert len(notes) >= (1 if params else 0)


@pytest.mark.parametrize(
    ("params", "expected_state", "note"),
    [
        ({"foo": "1"}, ViewState(), "Ignored unknown URL parameter 'foo'"),
        ({"sentiment": "abc"}, ViewState(), "Ignored sentiment range 'abc': not two numbers between -1 and 1"),
        ({"sentiment": "0.5,-0.5"}, ViewState(), "Ignored sentiment range '0.5,-0.5'"),
        ({"sentiment": "-2,1"}, ViewState(), "Ignored sentiment range '-2,1'"),
        ({"sentiment": "nan,1"}, ViewState(), "Ignored sentiment range 'nan,1'"),
        ({"sentiment": "0,1,2"}, ViewState(), "Ignored sentiment range '0,1,2'"),
        ({"sentiment": ["-0.2,0.2"], "x": "y"}, ViewState(sentiment=(-0.2, 0.2)), "Ignored unknown URL parameter 'x'"),
        ({"types": ["person", "alien"]}, ViewState(actor_types=("person",)), "Ignored actor type 'alien'"),
        ({"sentence": "two", "article": "a"}, ViewState(article="a"), "Ignored sentence 'two'"),
        ({"sentence": "-1", "article": "a"}, ViewState(article="a"), "Ignored sentence '-1'"),
        ({"sentence": "3"}, ViewState(), "Ignored sentence '3': no article is selected"),
        ({"pair": "Iran"}, ViewState(), "Ignored pair: expected two different actor names"),
        ({"pair": ["Iran", "Iran"]}, ViewState(), "Ignored pair"),
        ({"pair": ["A", "B", "C"]}, ViewState(), "Ignored pair"),
        ({"actor": ["A", "B"]}, ViewState(actor="B"), "URL parameter 'actor' was given 2 times; used the last one"),
        ({"q": "x" * (MAX_VALUE_CHARS + 1)}, ViewState(), "longer than 500 characters"),
        ({"actor": 7}, ViewState(), "Ignored URL parameter 'actor': not text"),
        ({"actors": ["A", None]}, ViewState(actors=("A",)), "not text"),
    ],
)
def test_malformed_params_give_notes(params: dict, expected_state: ViewState, note: str) -> None:
    state, notes = state_from_query_params(params)
    assert state == expected_state
    assert any(n.startswith(note) or note in n for n in notes), notes


def test_too_many_repeated_values_are_cut() -> None:
    state, notes = state_from_query_params({"actors": [f"a{i}" for i in range(MAX_VALUES + 10)]})
    assert state.actors == tuple(f"a{i}" for i in range(MAX_VALUES))
    assert notes == [f"Ignored all but the first {MAX_VALUES} values of URL parameter 'actors'"]


def test_many_unknown_parameters_give_a_bounded_list_of_notes() -> None:
    _, notes = state_from_query_params({f"p{i}": "1" for i in range(100)})
    assert len(notes) == 21
    assert notes[-1] == "… and 80 more ignored URL values"


def test_long_values_are_shortened_in_notes() -> None:
    _, notes = state_from_query_params({"y" * 400: "1"})
    assert len(notes[0]) < 100


@pytest.mark.parametrize(
    ("params", "expected_state", "expected_notes"),
    [
        ({"actor": "Nobody"}, ViewState(), ["Ignored actor 'Nobody': not in the actor dictionary"]),
        (
            {"actors": ["Iran", "Nobody"]},
            ViewState(actors=("Iran",)),
            ["Ignored actor filter 'Nobody': not in the actor dictionary"],
        ),
        ({"pair": ["Iran", "Nobody"]}, ViewState(), ["Ignored pair actor 'Nobody': not in the actor dictionary"]),
        ({"sources": ["BBC"]}, ViewState(), ["Ignored source 'BBC': no article has this source"]),
        (
            {"article": "zzz", "sentence": "1"},
            ViewState(),
            ["Ignored article 'zzz': no article has this id", "Ignored sentence '1': no article is selected"],
        ),
        ({"actor": "Iran", "sources": UNKNOWN_SOURCE}, ViewState(actor="Iran", sources=(UNKNOWN_SOURCE,)), []),
    ],
)
def test_unknown_names_are_ignored_when_known_names_are_given(
    params: dict, expected_state: ViewState, expected_notes: list[str]
) -> None:
    result = state_from_query_params(params, known_actors=ACTORS, known_sources=SOURCES, known_articles=ARTICLES)
    assert result == (expected_state, expected_notes)


def test_without_known_names_anything_textual_is_accepted() -> None:
    assert state_from_query_params({"actor": "Nobody"}) == (ViewState(actor="Nobody"), [])


def test_not_a_mapping_gives_a_note() -> None:
    state, notes = state_from_query_params(None)  # type: ignore[arg-type]
    assert state == ViewState()
    assert notes == ["Ignored the URL parameters: not a mapping of names to text"]


# --- normalisation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (ViewState(actors=["A", "B", "A", ""]), ViewState(actors=("A", "B"))),  # type: ignore[arg-type]
        (ViewState(pair=("Z", "A")), ViewState(pair=("A", "Z"))),
        (ViewState(pair=("A", "A")), ViewState()),
        (ViewState(sentence=3), ViewState()),
        (ViewState(actor="", keyword="", article=""), ViewState()),
        (ViewState(sentiment=(-1, 1)), ViewState()),
    ],
)
def test_state_is_normalised(state: ViewState, expected: ViewState) -> None:
    assert state == expected


def test_state_is_hashable_and_frozen() -> None:
    state = ViewState(actors=["A"])  # type: ignore[arg-type]
    assert hash(state) == hash(ViewState(actors=("A",)))
    with pytest.raises(AttributeError):
        state.actor = "B"  # type: ignore[misc]


# --- selections --------------------------------------------------------------------------------


def event(*points: dict) -> dict:
    """A selection event shaped like the one st.plotly_chart(on_select="rerun") returns."""
    return {
        "selection": {
            "points": list(points),
            "point_indices": [p.get("point_index", 0) for p in points],
            "box": [],
            "lasso": [],
        }
    }


def point(customdata: object, *, curve: int = 0, index: int = 2, x: object = 5, y: object = 2) -> dict:
    return {"curve_number": curve, "point_number": index, "point_index": index, "x": x, "y": y,
            "customdata": customdata}


START = ViewState(actor="Iran", keyword="oil", article="a1", sentence=4, pair=("Iran", "Russia"))


@pytest.mark.parametrize(
    ("chart", "selection", "expected"),
    [
        ("actors", event(point(["Vladimir Putin"], curve=1)), START.with_changes(actor="Vladimir Putin", pair=None)),
        ("actor_sentiment", event(point(["Ali Khamenei"])), START.with_changes(actor="Ali Khamenei", pair=None)),
        ("actors", event(point("Vladimir Putin")), START.with_changes(actor="Vladimir Putin", pair=None)),
        (
            "cooccurrence",
            event(point(["Vladimir Putin", "Ali Khamenei"])),
            START.with_changes(pair=("Ali Khamenei", "Vladimir Putin")),
        ),
        ("cooccurrence", event(point(["Vladimir Putin", "Ali Khamenei", 3, 0.2])), START.with_changes(
            pair=("Ali Khamenei", "Vladimir Putin"))),
        ("cooccurrence", event(point(["Vladimir Putin"])), START),
        ("cooccurrence", event(point(["Iran", "Iran"])), START),
        ("keywords", event(point(["Middle East"])), START.with_changes(keyword="Middle East")),
        ("article_sentiment", event(point(["a2"])), START.with_changes(article="a2", sentence=None)),
        ("sentences", event(point([7])), START.with_changes(sentence=7)),
        ("sentences", event(point(7.0)), START.with_changes(sentence=7)),
        ("sentences", event(point(["7"])), START.with_changes(sentence=7)),
        ("sentences", event(point(["seven"])), START),
        ("sentences", event(point([True])), START),
        ("sentences", event(point([-1])), START),
        ("timeline", event(point(["2025-06-20"])), START),
        ("actors", event(), START),
        ("actors", {"selection": {"points": [{"curve_number": 0, "point_number": 1}]}}, START),
        ("actors", event(point(None)), START),
        ("actors", event(point([])), START),
        ("actors", None, START),
        ("actors", {}, START),
        ("actors", {"selection": None}, START),
        ("keywords", event({"curve_number": 0, "point_index": 0}, point(["Iran"])), START.with_changes(
            keyword="Iran")),
    ],
)
def test_apply_selection(chart: str, selection: dict | None, expected: ViewState) -> None:
    before = dict(selection) if selection else selection
    assert apply_selection(START, chart, selection) == expected
    assert selection == before


def test_point_indices_are_never_used() -> None:
    selection = event(point(["Russia"], index=0))
    selection["selection"]["point_indices"] = [99]
    assert apply_selection(ViewState(), "actors", selection).actor == "Russia"


def test_sentence_needs_an_article() -> None:
    assert apply_selection(ViewState(), "sentences", event(point([3]))) == ViewState()


def test_unknown_chart_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown chart"):
        apply_selection(ViewState(), "pie", event(point(["x"])))


# --- chips ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "chips"),
    [
        (ViewState(), []),
        (ViewState(actor="Vladimir Putin"), [("actor", "Actor: Vladimir Putin")]),
        (ViewState(sources=("Newsweek",)), [("sources", "Source: Newsweek")]),
        (ViewState(sources=("Newsweek", UNKNOWN_SOURCE)), [("sources", "Sources: Newsweek, (unknown)")]),
        (ViewState(actors=("Iran", "Russia")), [("actors", "Actor filter: Iran, Russia")]),
        (ViewState(actor_types=("person",)), [("actor_types", "Type: person")]),
        (ViewState(search="oil"), [("search", "Search: “oil”")]),
        (ViewState(sentiment=(-0.5, 0.25)), [("sentiment", "Sentiment: -0.50 to +0.25")]),
        (ViewState(keyword="oil"), [("keyword", "Keyword: oil")]),
        (ViewState(pair=("B", "A")), [("pair", "Pair: A & B")]),
        (ViewState(article="a1", sentence=0), [("article", "Article: a1"), ("sentence", "Sentence: 1")]),
        (ViewState(actor="x" * 100), [("actor", "Actor: " + "x" * 39 + "…")]),
    ],
)
def test_chips(state: ViewState, chips: list[tuple[str, str]]) -> None:
    assert state.chips() == chips


def test_chips_use_article_titles() -> None:
    state = ViewState(article="a1")
    assert state.chips(article_titles={"a1": "Khamenei asks Putin"}) == [("article", "Article: Khamenei asks Putin")]


@pytest.mark.parametrize("field", [f for f, _ in STATES[-1].chips()])
def test_without_removes_exactly_that_chip(field: str) -> None:
    state = STATES[-1]
    after = state.without(field)
    remaining = [f for f, _ in after.chips()]
    expected = [f for f, _ in state.chips() if f != field and not (field == "article" and f == "sentence")]
    assert remaining == expected


def test_without_unknown_field() -> None:
    with pytest.raises(ValueError, match="no field"):
        ViewState().without("color")


@pytest.mark.parametrize(("source", "label"), [(None, UNKNOWN_SOURCE), ("", UNKNOWN_SOURCE),
                                               (float("nan"), UNKNOWN_SOURCE), ("Newsweek", "Newsweek")])
def test_source_label(source: object, label: str) -> None:
    assert source_label(source) == label


@pytest.mark.parametrize(
    ("published", "shown"),
    [(None, "date unknown"), (float("nan"), "date unknown"), ("", "date unknown"), ("2019-01-04", "2019-01-04")],
)
def test_a_missing_date_reads_date_unknown(published: object, shown: str) -> None:
    from components.views.viewstate import date_label

    assert date_label(published) == shown


@pytest.mark.parametrize(
    ("value", "expected", "note"),
    [
        ("0123456789abcdef", "0123456789abcdef", None),
        ("0123456789ABCDEF", None, "Ignored dictionary '0123456789ABCDEF': not 16 hexadecimal digits"),
        ("<script>", None, "Ignored dictionary '<script>': not 16 hexadecimal digits"),
    ],
)
def test_the_dictionary_digest_parameter_is_validated(value: str, expected: str | None, note: str | None) -> None:
    state, notes = state_from_query_params({"dict": value})
    assert state.dictionary == expected
    assert notes == ([note] if note else [])
    if expected:
        assert state_from_query_params(state_to_query_params(state)) == (state, [])


@pytest.mark.parametrize(
    ("value", "note"),
    [
        ("2025-06-30,2025-06-01", "the first one first"),
        ("2025-02-30,2025-03-01", "not two dates"),
        ("2025-06-01", "not two dates"),
        ("yesterday,today", "not two dates"),
    ],
)
def test_a_bad_date_range_in_the_url_is_ignored_with_a_note(value: str, note: str) -> None:
    state, notes = state_from_query_params({"dates": value})
    assert state.dates is None and len(notes) == 1 and note in notes[0]


def test_an_unknown_choice_in_the_url_is_ignored_with_a_note() -> None:
    state, notes = state_from_query_params({"colour": "rainbow", "tab": "actor"})
    assert (state.colour, state.tab) == ("type", "actor")
    assert notes == ["Ignored colour 'rainbow': expected type, source"]


@pytest.mark.parametrize(
    ("box", "dates"),
    [
        ({"x": ["2025-06-21 13:02:11.5", "2025-06-19 08:00"]}, ("2025-06-19", "2025-06-21")),
        ({"x": [1750291200000, 1750377600000.0]}, ("2025-06-19", "2025-06-20")),  # epoch milliseconds
        ({"x": ["soon", "2025-06-19"]}, None),
        ({"x": ["2025-06-19"]}, None),
    ],
)
def test_a_box_dragged_over_the_timeline_sets_the_date_range(box: dict, dates) -> None:
    state = ViewState(actor="Iran")
    after = apply_selection(state, "timeline", {"selection": {"points": [], "box": [box]}})
    assert after == (state if dates is None else state.with_changes(dates=dates))
    assert apply_selection(state, "timeline", {"selection": {"points": [{"customdata": ["2025-06-19"]}]}}) == state


def test_a_bad_upload_digest_in_the_url_is_ignored_with_a_note() -> None:
    state, notes = state_from_query_params({"upload": "not-a-digest"})
    assert state.upload is None and notes == ["Ignored upload 'not-a-digest': not 16 hexadecimal digits"]


@pytest.mark.parametrize("bad", ["short", "../" + "a" * 29, "a" * 33, "a" * 31 + "/", "a" * 31 + "%"])
def test_a_bad_share_id_in_the_url_is_ignored_with_a_note(bad: str) -> None:
    state, notes = state_from_query_params({"share": bad, "actor": "Iran"})
    assert state.share is None and state.actor == "Iran"
    assert len(notes) == 1 and notes[0].startswith("Ignored shared corpus '") and "not 32 letters, digits, - or _" in notes[0]


def test_a_share_id_is_written_to_the_url_and_read_back() -> None:
    share = "Q" * 31 + "-"
    assert state_to_query_params(ViewState(share=share))["share"] == share
    assert state_from_query_params({"share": share})[0].share == share
