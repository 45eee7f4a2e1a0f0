"""Aggregation: filters, counts, co-occurrence, sentiment per actor, keywords, context, timeline.

The tables are built by hand (three articles, six sentences) so every expected number can be
checked by reading the fixture.
"""

import re

import numpy as np
import pandas as pd
import pytest

from components.engine.analysis import (
    ARTICLE_COLUMNS,
    KEYWORD_COLUMNS,
    MENTION_COLUMNS,
    SENTENCE_COLUMNS,
)
from components.views.aggregate import (
    actor_sentiment,
    attention_over_time,
    compare_sources,
    cooccurrence,
    count_mentions,
    filter_tables,
    pair_sentence_keys,
    tone_interval,
    top_keywords,
)
from components.views.context import (
    CONTEXT_COLUMNS,
    fill_sentence_texts,
    keyword_in_context,
)
from components.views.viewstate import UNKNOWN_DATE, UNKNOWN_SOURCE, ViewState

TYPES = {"Vladimir Putin": "person", "Ali Khamenei": "person", "Iran": "country", "Russia": "country",
         "IAEA": "organization"}
# The tone toward each actor, the same in every sentence: its mean is easy to tell from the
# sentences' compounds (see the actor_tone tests).
TONES = {"Vladimir Putin": 0.4, "Ali Khamenei": -0.2, "Iran": -0.5, "Russia": 0.3, "IAEA": 0.1}
SURFACES = {"Putin": "Vladimir Putin", "Khamenei": "Ali Khamenei", "Iran": "Iran", "Russia": "Russia",
            "IAEA": "IAEA"}

# id, title, source, published, [(sentence text, compound)]
CORPUS = [
    ("a1", "Putin meets Khamenei", "Newsweek", "2025-06-20", [
        ("Putin met Khamenei in Moscow.", 0.5),
        ("Iran wants oil deals with Russia.", 0.0),
        ("Khamenei thanked Putin, and Putin smiled.", -0.1),
    ]),
    ("a2", "Oil prices", None, None, [
        ("Oil prices rose as Iran exported more oil.", 0.3),
        ("The IAEA warned Iran.", -0.6),
    ]),
    ("a3", "Calm markets", "Reuters", "2025-06-21", [
        ("Markets were calm.", 0.2),
    ]),
]
KEYWORDS = [
    ("a1", "Putin", 0.01, 1), ("a1", "oil deals", 0.05, 2), ("a1", "Moscow", 0.08, 3),
    ("a2", "oil", 0.02, 1), ("a2", "Iran", 0.03, 2), ("a2", "IAEA", 0.09, 3),
    ("a3", "markets", 0.04, 1), ("a3", "Oil", 0.1, 2),  # "Oil" is not in a3's text: only the keyword matches
]


def label(compound: float) -> str:
    return "positive" if compound >= 0.05 else "negative" if compound <= -0.05 else "neutral"


def build_tables() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    articles, sentences, mentions = [], [], []
    for article_id, title, source, published, rows in CORPUS:
        text, compounds = "", []
        for index, (sentence, compound) in enumerate(rows):
            start = len(text) + (1 if text else 0)
            text = f"{text} {sentence}" if text else sentence
            sentences.append({"article_id": article_id, "sentence": index, "start": start,
                              "end": start + len(sentence), "text": sentence, "compound": compound,
                              "label": label(compound)})
            compounds.append(compound)
            for surface, actor in SURFACES.items():
                for match in re.finditer(re.escape(surface), sentence):
                    mentions.append({"article_id": article_id, "sentence": index, "actor": actor,
                                     "type": TYPES[actor], "affiliation": None, "start": start + match.start(),
                                     "end": start + match.end(), "surface": surface, "tone": TONES[actor]})
        mean = sum(compounds) / len(compounds)
        articles.append({"id": article_id, "title": title, "source": source, "published": published,
                         "url": None, "path": f"{article_id}.txt", "authors": "", "text": text, "removed": [],
                         "n_words": len(text.split()), "n_sentences": len(rows), "sentiment_mean": mean,
                         "positive": 0, "neutral": 0, "negative": 0})
    mentions.sort(key=lambda m: (m["article_id"], m["start"]))
    return (
        pd.DataFrame(articles, columns=ARTICLE_COLUMNS),
        pd.DataFrame(sentences, columns=SENTENCE_COLUMNS),
        pd.DataFrame(mentions, columns=MENTION_COLUMNS),
        pd.DataFrame(KEYWORDS, columns=KEYWORD_COLUMNS),
    )


@pytest.fixture
def tables() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    return build_tables()


def empty_tables() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    return tuple(pd.DataFrame(columns=c) for c in (ARTICLE_COLUMNS, SENTENCE_COLUMNS, MENTION_COLUMNS,
                                                   KEYWORD_COLUMNS))  # type: ignore[return-value]


def test_fixture_offsets_are_consistent(tables) -> None:
    articles, sentences, mentions, _ = tables
    texts = dict(zip(articles["id"], articles["text"]))
    for row in sentences.itertuples():
        assert texts[row.article_id][row.start:row.end] == row.text
    for row in mentions.itertuples():
        assert texts[row.article_id][row.start:row.end] == row.surface


# --- filter_tables ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "kept"),
    [
        (ViewState(), ["a1", "a2", "a3"]),
        (ViewState(sources=("Newsweek",)), ["a1"]),
        (ViewState(sources=(UNKNOWN_SOURCE,)), ["a2"]),
        (ViewState(sources=("Reuters", UNKNOWN_SOURCE)), ["a2", "a3"]),
        (ViewState(search="iaea"), ["a2"]),
        (ViewState(search="OIL PRICES"), ["a2"]),
        (ViewState(search="calm markets"), ["a3"]),  # title only
        (ViewState(search="oil"), ["a1", "a2"]),  # substring of text, not of keywords
        (ViewState(sentiment=(0.0, 0.2)), ["a1", "a3"]),  # 0.1333 and 0.2 (inclusive)
        (ViewState(sentiment=(-1.0, 0.0)), ["a2"]),  # -0.15
        (ViewState(actors=("Russia", "IAEA")), ["a1", "a2"]),
        (ViewState(actors=("Nobody",)), []),
        (ViewState(actor="Ali Khamenei"), ["a1"]),
        (ViewState(actor="Iran"), ["a1", "a2"]),
        (ViewState(keyword="Moscow"), ["a1"]),
        (ViewState(keyword="MARKETS"), ["a3"]),  # keyword table (any case) and text
        (ViewState(keyword="calm"), ["a3"]),  # text only
        (ViewState(keyword="market"), []),  # whole words only
        (ViewState(keyword="oil"), ["a1", "a2", "a3"]),  # a3 through its keywords only
        (ViewState(pair=("Iran", "Russia")), ["a1"]),
        (ViewState(pair=("IAEA", "Vladimir Putin")), []),
        (ViewState(actor="Iran", keyword="Moscow"), ["a1"]),
        (ViewState(sources=("Newsweek",), actor="IAEA"), []),
        (ViewState(article="a3", sentence=0), ["a1", "a2", "a3"]),  # the reader's article never narrows
    ],
)
def test_filter_keeps_articles(tables, state: ViewState, kept: list[str]) -> None:
    filtered = filter_tables(*tables, state)
    assert list(filtered.articles["id"]) == kept
    assert set(filtered.sentences["article_id"]) <= set(kept)
    assert set(filtered.mentions["article_id"]) <= set(kept)
    assert set(filtered.keywords["article_id"]) <= set(kept)


@pytest.mark.parametrize(
    ("state", "kept"),
    [
        (ViewState(actor="Ali Khamenei"), ["a1", "a2", "a3"]),
        (ViewState(keyword="Moscow"), ["a1", "a2", "a3"]),
        (ViewState(pair=("Iran", "Russia")), ["a1", "a2", "a3"]),
        (ViewState(actor="Ali Khamenei", sources=("Newsweek", "Reuters")), ["a1", "a3"]),
    ],
)
def test_selection_does_not_narrow_when_asked_not_to(tables, state: ViewState, kept: list[str]) -> None:
    assert list(filter_tables(*tables, state, narrow_to_selection=False).articles["id"]) == kept


def test_filter_counts_rows_of_every_table(tables) -> None:
    filtered = filter_tables(*tables, ViewState(sources=("Newsweek",)))
    assert (len(filtered.articles), len(filtered.sentences), len(filtered.mentions), len(filtered.keywords)) == (
        1, 3, 7, 3)


@pytest.mark.parametrize(
    ("types", "actors"),
    [
        ((), {"Vladimir Putin", "Ali Khamenei", "Iran", "Russia", "IAEA"}),
        (("country",), {"Iran", "Russia"}),
        (("person", "organization"), {"Vladimir Putin", "Ali Khamenei", "IAEA"}),
    ],
)
def test_actor_types_restrict_mentions_not_articles(tables, types: tuple[str, ...], actors: set[str]) -> None:
    filtered = filter_tables(*tables, ViewState(actor_types=types))
    assert set(filtered.mentions["actor"]) == actors
    assert len(filtered.articles) == 3


def test_filter_does_not_mutate_inputs(tables) -> None:
    copies = [t.copy() for t in tables]
    filter_tables(*tables, ViewState(sources=("Newsweek",), actor="Iran", keyword="oil", actor_types=("country",)))
    for table, copy in zip(tables, copies):
        pd.testing.assert_frame_equal(table, copy)


def test_filter_empty_tables() -> None:
    filtered = filter_tables(*empty_tables(), ViewState(search="x", actor="A", keyword="k", pair=("A", "B"),
                                                        sources=("S",), sentiment=(0.0, 1.0)))
    assert filtered.articles.empty and filtered.mentions.empty


# --- counts ----------------------------------------------------------------------------------------


def test_count_mentions_by_type(tables) -> None:
    articles, _, mentions, _ = tables
    counts = count_mentions(mentions, articles)
    assert list(counts.columns) == ["actor", "type", "mentions", "articles"]
    assert counts.values.tolist() == [
        ["Iran", "country", 3, 2],
        ["Vladimir Putin", "person", 3, 1],
        ["Ali Khamenei", "person", 2, 1],
        ["IAEA", "organization", 1, 1],
        ["Russia", "country", 1, 1],
    ]


def test_count_mentions_by_source(tables) -> None:
    articles, _, mentions, _ = tables
    counts = count_mentions(mentions, articles, by="source")
    assert list(counts.columns) == ["actor", "type", "source", "mentions"]
    assert counts.values.tolist() == [
        ["Iran", "country", UNKNOWN_SOURCE, 2],
        ["Iran", "country", "Newsweek", 1],
        ["Vladimir Putin", "person", "Newsweek", 3],
        ["Ali Khamenei", "person", "Newsweek", 2],
        ["IAEA", "organization", UNKNOWN_SOURCE, 1],
        ["Russia", "country", "Newsweek", 1],
    ]


@pytest.mark.parametrize("by", ["type", "source"])
def test_count_mentions_empty(by: str) -> None:
    articles, _, mentions, _ = empty_tables()
    counts = count_mentions(mentions, articles, by=by)
    assert counts.empty and "mentions" in counts.columns


def test_count_mentions_rejects_unknown_grouping(tables) -> None:
    with pytest.raises(ValueError):
        count_mentions(tables[2], tables[0], by="colour")


def test_cooccurrence(tables) -> None:
    _, sentences, mentions, _ = tables
    pairs = cooccurrence(mentions, sentences)
    assert list(pairs.columns) == ["actor_a", "actor_b", "sentences", "mean_tone", "ci_low", "ci_high", "mean_compound"]
    assert pairs[["actor_a", "actor_b", "sentences"]].values.tolist() == [
        ["Ali Khamenei", "Vladimir Putin", 2, ],
        ["IAEA", "Iran", 1],
        ["Iran", "Russia", 1],
    ]
    assert pairs["mean_compound"].tolist() == pytest.approx([0.2, -0.6, 0.0])
    # The pair's tone: the mean of the tones toward its two actors (the actor_tone setting is "target").
    assert pairs["mean_tone"].tolist() == pytest.approx([0.1, -0.2, -0.1])


def test_cooccurrence_tone_is_the_sentences_under_the_sentence_setting(tables, monkeypatch) -> None:
    monkeypatch.setenv("NEWSSCOPE_ACTOR_TONE", "sentence")
    _, sentences, mentions, _ = tables
    pairs = cooccurrence(mentions, sentences)
    assert pairs["mean_tone"].tolist() == pytest.approx([0.2, -0.6, 0.0])


def test_cooccurrence_of_filtered_tables(tables) -> None:
    filtered = filter_tables(*tables, ViewState(sources=(UNKNOWN_SOURCE,)))
    pairs = cooccurrence(filtered.mentions, filtered.sentences)
    assert pairs[["actor_a", "actor_b", "sentences"]].values.tolist() == [["IAEA", "Iran", 1]]


def test_cooccurrence_without_shared_sentences() -> None:
    _, sentences, mentions, _ = build_tables()
    alone = mentions.loc[mentions["actor"] == "Iran"]
    assert cooccurrence(alone, sentences).empty
    assert cooccurrence(mentions.iloc[0:0], sentences).empty


def plain_cooccurrence(mentions: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """What cooccurrence gives, the plain pandas way: every sentence's actors joined with each other."""
    rows = mentions.loc[mentions["sentence"] >= 0].astype({"actor": str, "article_id": str})
    per_sentence = rows.groupby(["article_id", "sentence", "actor"], as_index=False)["tone"].mean()
    joined = per_sentence.merge(per_sentence, on=["article_id", "sentence"], suffixes=("_a", "_b"))
    joined = joined.loc[joined["actor_a"] < joined["actor_b"]]
    joined = joined.merge(sentences.astype({"article_id": str})[["article_id", "sentence", "compound"]], how="left")
    joined["pair_tone"] = (joined["tone_a"] + joined["tone_b"]) / 2
    pairs = joined.groupby(["actor_a", "actor_b"], as_index=False).agg(
        sentences=("sentence", "size"), mean_tone=("pair_tone", "mean"), mean_compound=("compound", "mean")
    )
    return pairs.sort_values(["sentences", "actor_a", "actor_b"], ascending=[False, True, True]).reset_index(drop=True)


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("categories", [False, True], ids=["strings", "categories"])
def test_cooccurrence_equals_the_plain_join(seed: int, categories: bool) -> None:
    # Random sentences of up to 6 mentions (an actor may come twice, the headline is -1), some
    # sentences without a compound, and names that sort differently by case and accent.
    rng = np.random.default_rng(seed)
    names = ["Iran", "Russia", "al-Assad", "Ägypten", "US", "Zed", "iran"]
    rows = [
        (f"a{article}", sentence, str(rng.choice(names)), float(rng.choice([0.5, -0.25, 0.0, 0.3])))
        for article in range(5)
        for sentence in range(-1, 5)
        for _ in range(rng.integers(0, 7))
    ]
    mentions = pd.DataFrame(rows, columns=["article_id", "sentence", "actor", "tone"]).assign(type="person")
    if categories:  # as a store loads them: sorted categories, some of them unused
        mentions["actor"] = mentions["actor"].astype(pd.CategoricalDtype(sorted({*names, "Unused"})))
    sentences = pd.DataFrame(
        [(f"a{article}", sentence, float(rng.uniform(-1, 1))) for article in range(5) for sentence in range(5) if rng.random() < 0.8],
        columns=["article_id", "sentence", "compound"],
    )
    result = cooccurrence(mentions, sentences)
    expected = plain_cooccurrence(mentions, sentences)
    assert len(expected) > 0
    assert (result["actor_a"].astype(str) < result["actor_b"].astype(str)).all()
    got = result[["actor_a", "actor_b", "sentences", "mean_tone", "mean_compound"]].astype({"actor_a": str, "actor_b": str})
    pd.testing.assert_frame_equal(got, expected, check_dtype=False, rtol=1e-9)


def plain_actor_sentiment(mentions: pd.DataFrame, sentences: pd.DataFrame, per: tuple[str, ...]) -> pd.DataFrame:
    """What actor_sentiment gives, the plain pandas way: one row per actor per sentence, joined with
    the sentences' compounds, grouped by actor and type."""
    rows = mentions.loc[mentions["sentence"] >= 0].astype({"actor": str, "type": str, "article_id": str})
    per_sentence = rows.groupby(["article_id", "sentence", "actor"], sort=False, as_index=False).agg(
        type=("type", "first"), tone=("tone", "mean"), **{c: (c, "first") for c in per}
    )
    joined = per_sentence.merge(sentences.astype({"article_id": str})[["article_id", "sentence", "compound"]], how="left")
    result = joined.groupby([*per, "actor", "type"], as_index=False).agg(
        sentences=("sentence", "size"), mean_tone=("tone", "mean"), mean_compound=("compound", "mean")
    )
    return result.sort_values(["mean_tone", "actor"], kind="stable").reset_index(drop=True)


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("per", [(), ("source",)], ids=["actors", "per source"])
@pytest.mark.parametrize("categories", [False, True], ids=["strings", "categories"])
def test_actor_sentiment_equals_the_plain_grouping(seed: int, per: tuple[str, ...], categories: bool) -> None:
    # Random sentences naming actors once or more, one actor typed two ways in different
    # sentences (a row per type), headlines, sentences without a compound, and ties of tone.
    rng = np.random.default_rng(seed)
    names = ["Iran", "Russia", "al-Assad", "Ägypten", "US", "Zed"]
    rows = []
    for article in range(6):
        source = str(rng.choice(["AP", "BBC", "Zeit"]))
        for sentence in range(-1, 5):
            for _ in range(rng.integers(0, 5)):
                name = str(rng.choice(names))
                kind = str(rng.choice(["country", "place"])) if name == "Zed" else "person"
                rows.append((f"a{article}", sentence, name, kind, float(rng.choice([0.5, -0.25, 0.0, 0.3])), source))
    mentions = pd.DataFrame(rows, columns=["article_id", "sentence", "actor", "type", "tone", "source"])
    if categories:
        mentions["actor"] = mentions["actor"].astype(pd.CategoricalDtype(sorted({*names, "Unused"})))
        mentions["type"] = mentions["type"].astype("category")
    sentences = pd.DataFrame(
        [(f"a{article}", sentence, float(rng.choice([0.5, -0.5, 0.1]))) for article in range(6) for sentence in range(5)
         if rng.random() < 0.8],
        columns=["article_id", "sentence", "compound"],
    )
    result = actor_sentiment(mentions, sentences, per=per)
    expected = plain_actor_sentiment(mentions, sentences, per)
    assert len(expected) > 0
    got = result[[*per, "actor", "type", "sentences", "mean_tone", "mean_compound"]].astype({"actor": str, "type": str})
    pd.testing.assert_frame_equal(got, expected[got.columns], check_dtype=False, check_exact=True)


def test_actor_sentiment_counts_each_sentence_once(tables, monkeypatch) -> None:
    _, sentences, mentions, _ = tables
    monkeypatch.setenv("NEWSSCOPE_ACTOR_TONE", "sentence")
    result = actor_sentiment(mentions, sentences)
    assert list(result.columns) == ["actor", "type", "sentences", "mean_tone", "ci_low", "ci_high", "mean_compound"]
    assert result[["actor", "type", "sentences"]].values.tolist() == [
        ["IAEA", "organization", 1],
        ["Iran", "country", 3],
        ["Russia", "country", 1],
        ["Ali Khamenei", "person", 2],
        ["Vladimir Putin", "person", 2],  # Putin is named twice in one sentence: counted once
    ]
    assert result["mean_compound"].tolist() == pytest.approx([-0.6, -0.1, 0.0, 0.2, 0.2])
    assert result["mean_tone"].tolist() == pytest.approx([-0.6, -0.1, 0.0, 0.2, 0.2])


def test_actor_sentiment_is_the_tone_toward_each_actor_by_default(tables) -> None:
    _, sentences, mentions, _ = tables
    result = actor_sentiment(mentions, sentences)
    # Sorted by the tone toward the actor; the sentences' own compound stays beside it.
    assert result["actor"].tolist() == ["Iran", "Ali Khamenei", "IAEA", "Russia", "Vladimir Putin"]
    assert result["mean_tone"].tolist() == pytest.approx([-0.5, -0.2, 0.1, 0.3, 0.4])
    assert result["mean_compound"].tolist() == pytest.approx([-0.1, 0.2, -0.6, 0.0, 0.2])


def test_a_tone_has_a_95_percent_interval_from_its_support(tables) -> None:
    low, high = tone_interval(pd.Series([0.2, 0.9, 0.5]), pd.Series([0.4, 0.4, None]), pd.Series([4, 4, 1]))
    assert low.tolist() == pytest.approx([0.2 - 0.392, 0.508, -1.0])  # one sentence: nothing is known
    assert high.tolist() == pytest.approx([0.592, 1.0, 1.0])  # never beyond 1
    _, sentences, mentions, _ = tables
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setenv("NEWSSCOPE_ACTOR_TONE", "sentence")
    try:
        iran = actor_sentiment(mentions, sentences).set_index("actor").loc["Iran"]
    finally:
        monkeypatch.undo()
    compounds = sentences.loc[sentences["text"].str.contains("Iran"), "compound"]
    half = 1.96 * compounds.std() / len(compounds) ** 0.5
    assert (iran["ci_low"], iran["ci_high"]) == pytest.approx((compounds.mean() - half, compounds.mean() + half))


def test_actor_sentiment_empty() -> None:
    _, sentences, mentions, _ = empty_tables()
    columns = ["actor", "type", "sentences", "mean_tone", "ci_low", "ci_high", "mean_compound"]
    assert list(actor_sentiment(mentions, sentences).columns) == columns


# --- keywords ---------------------------------------------------------------------------------------


def test_top_keywords(tables) -> None:
    result = top_keywords(tables[3])
    assert list(result.columns) == ["keyword", "articles", "best_score", "mean_rank", "weight"]
    assert [k.casefold() for k in result["keyword"]] == [
        "oil", "putin", "markets", "iran", "oil deals", "moscow", "iaea"]
    assert result["articles"].tolist() == [2, 1, 1, 1, 1, 1, 1]
    assert result["best_score"].tolist() == pytest.approx([0.02, 0.01, 0.04, 0.03, 0.05, 0.08, 0.09])
    assert result["mean_rank"].tolist() == pytest.approx([1.5, 1, 1, 2, 2, 3, 3])
    assert result["weight"].tolist() == pytest.approx([1.5, 1, 1, 0.5, 0.5, 1 / 3, 1 / 3])


@pytest.mark.parametrize(("top", "expected"), [(2, 2), (100, 7), (0, 0)])
def test_top_keywords_limit(tables, top: int, expected: int) -> None:
    assert len(top_keywords(tables[3], top=top)) == expected


def test_missing_sources_as_none_and_nan_together_are_one_unknown_source(tables) -> None:
    # After an upload joins the bundled corpus, a missing source is NaN on one side, None on the other.
    articles, sentences, mentions, keywords = tables
    mixed = pd.concat(
        [articles.assign(source=articles["source"].astype("str")), articles.iloc[:1].assign(id="u1", source=None)],
        ignore_index=True,
    )
    assert mixed["source"].isna().sum() == 2
    kept = filter_tables(mixed, sentences, mentions, keywords, ViewState(sources=(UNKNOWN_SOURCE,)))
    assert kept.articles["id"].tolist() == ["a2", "u1"]
    by_source = count_mentions(mentions, mixed, by="source")
    assert set(by_source["source"]) == {UNKNOWN_SOURCE, "Newsweek"}


def test_top_keywords_keeps_most_frequent_spelling() -> None:
    keywords = pd.DataFrame([("a", "Iran", 0.1, 1), ("b", "Iran", 0.2, 1), ("c", "iran", 0.3, 1)],
                            columns=KEYWORD_COLUMNS)
    assert top_keywords(keywords)[["keyword", "articles"]].values.tolist() == [["Iran", 3]]


# --- keyword in context ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "rows", "matches"),
    [
        (ViewState(actor="Vladimir Putin"), [("a1", 0), ("a1", 2)], ["Putin", "Putin"]),
        (ViewState(keyword="iran"), [("a1", 1), ("a2", 0), ("a2", 1)], ["Iran", "Iran", "Iran"]),
        (ViewState(keyword="OIL"), [("a1", 1), ("a2", 0), ("a2", 0)], ["oil", "Oil", "oil"]),  # a line per hit
        (ViewState(pair=("Ali Khamenei", "Vladimir Putin")), [("a1", 0), ("a1", 2)], ["Putin", "Khamenei"]),
        (ViewState(actor="Iran", keyword="oil"), [("a1", 1), ("a2", 0), ("a2", 0)], ["oil", "Oil", "oil"]),
        (ViewState(find="khamenei"), [("a1", 0), ("a1", 2)], ["Khamenei", "Khamenei"]),
        (ViewState(find="expor*"), [("a2", 0)], ["exported"]),  # a trailing * matches any ending
        (ViewState(find="prices rose"), [("a2", 0)], ["prices rose"]),
        (ViewState(find="Put"), [], []),  # whole words only
        (ViewState(find="(Iran|oil)"), [], []),  # literal: never a regular expression
        (ViewState(search="iran"), [("a1", 1), ("a2", 0), ("a2", 1)], ["Iran", "Iran", "Iran"]),  # the sidebar search
        (ViewState(actor="Vladimir Putin", find="smiled"), [("a1", 2)], ["smiled"]),
        (ViewState(actor="IAEA", pair=("IAEA", "Iran")), [("a2", 1)], ["IAEA"]),
        (ViewState(actor="IAEA", keyword="oil"), [], []),
        (ViewState(keyword="market"), [], []),
    ],
)
def test_keyword_in_context(tables, state: ViewState, rows: list, matches: list[str]) -> None:
    _, sentences, mentions, _ = tables
    result = keyword_in_context(sentences, mentions, state)
    assert list(result.columns) == CONTEXT_COLUMNS
    assert list(zip(result["article_id"], result["sentence"])) == rows
    assert [t[s:e] for t, s, e in zip(result["text"], result["match_start"], result["match_end"])] == matches


def fetcher(texts: dict[str, str]):
    """(every id list asked for, an ArticleTexts over ``texts`` that records them)."""
    asked: list[list[str]] = []

    def article_texts(ids):
        asked.append(list(ids))
        return {i: texts[i] for i in ids}

    return asked, article_texts


def unfilled_sentences(ids) -> pd.DataFrame:
    """One sentence (offsets 0 to 9) per article of ``ids``, without its text, as a store gives it."""
    return pd.DataFrame([(i, 0, 0, 9, "", 0.0, "neutral") for i in ids], columns=SENTENCE_COLUMNS)


@pytest.mark.parametrize(
    "view",
    [ViewState(actor="Vladimir Putin"), ViewState(keyword="iran"), ViewState(actor="Iran", keyword="oil"),
     ViewState(pair=("Ali Khamenei", "Vladimir Putin")), ViewState(keyword="market")],
)
def test_keyword_in_context_cuts_texts_from_articles_when_sentences_have_none(tables, view: ViewState) -> None:
    articles, sentences, mentions, _ = tables
    texts = dict(zip(articles["id"], articles["text"]))
    asked, article_texts = fetcher(texts)
    expected = keyword_in_context(sentences, mentions, view)
    without = sentences.assign(text="")
    result = keyword_in_context(without, mentions, view, article_texts=article_texts)
    pd.testing.assert_frame_equal(result, expected)
    assert all(set(ids) <= set(texts) for ids in asked)
    assert sentences["text"].ne("").all()  # the input is not changed


def test_keyword_in_context_fetches_only_enough_articles() -> None:
    # 250 articles of one sentence each, all containing the keyword: a limit of 5 needs the
    # first chunk of 100 articles only.
    sentences = unfilled_sentences(f"a{i:03}" for i in range(250))
    asked, article_texts = fetcher(dict.fromkeys(sentences["article_id"], "Oil rose."))
    result = keyword_in_context(sentences, pd.DataFrame(columns=MENTION_COLUMNS), ViewState(keyword="oil"),
                                limit=5, article_texts=article_texts)
    assert result["article_id"].tolist() == ["a000", "a001", "a002", "a003", "a004"]
    assert result["text"].tolist() == ["Oil rose."] * 5 and result["match_end"].tolist() == [3] * 5
    assert [len(ids) for ids in asked] == [100]


def test_keyword_in_context_fetches_more_articles_each_time() -> None:
    # 1,000 articles, the keyword only in the last one: fetches of 100, 200, 400, then the 300 left.
    sentences = unfilled_sentences(f"a{i:04}" for i in range(1_000))
    asked, article_texts = fetcher({i: "Oil rose." if i == "a0999" else "Gas fell." for i in sentences["article_id"]})
    result = keyword_in_context(sentences, pd.DataFrame(columns=MENTION_COLUMNS), ViewState(keyword="oil"),
                                article_texts=article_texts)
    assert result["article_id"].tolist() == ["a0999"]
    assert [len(ids) for ids in asked] == [100, 200, 400, 300]


@pytest.mark.parametrize("typed", ["oil", "oil price*", "OIL  Prices", "crude's", "\u00e9t\u00e9"])
def test_keyword_in_context_asks_the_text_search_first_when_many_articles(
    typed: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import components.views.context as context

    texts = {f"a{i:03}": ("Oil prices rose, crude's too. \u00c9t\u00e9." if i % 50 == 7 else "Gas fell.") for i in range(300)}
    sentences = pd.DataFrame([(i, 0, 0, len(t), "", 0.0, "neutral") for i, t in texts.items()], columns=SENTENCE_COLUMNS)
    no_mentions = pd.DataFrame(columns=MENTION_COLUMNS)
    asked, article_texts = fetcher(texts)
    searched: list[tuple[str, bool]] = []

    def find_text(needle: str, whole_word: bool) -> set[str]:
        searched.append((needle, whole_word))
        return {i for i, t in texts.items() if needle in t.lower()}

    view = ViewState(find=typed)
    everything = keyword_in_context(sentences, no_mentions, view, article_texts=article_texts)
    asked.clear()
    monkeypatch.setattr(context, "SEARCH_FIRST", 100)
    narrowed = keyword_in_context(sentences, no_mentions, view, article_texts=article_texts, find_text=find_text)
    pd.testing.assert_frame_equal(narrowed, everything)  # the same hits
    fetched = [i for ids in asked for i in ids]
    if typed.isascii():
        assert len(everything) == 6 and sorted(fetched) == sorted(i for i, t in texts.items() if t.startswith("Oil"))
        assert searched and all(not whole and needle == needle.lower() for needle, whole in searched)
    else:  # no plain word to search for: every text is fetched, as without a search
        assert searched == [] and len(fetched) == 300


def test_fill_sentence_texts() -> None:
    sentences = pd.DataFrame([("a", 0, 0, 4, "", 0.0, "neutral"), ("a", 1, 5, 9, "kept", 0.0, "neutral"),
                              ("b", 0, 2, 5, "", 0.0, "neutral")], columns=SENTENCE_COLUMNS)
    filled = fill_sentence_texts(sentences, lambda ids: {"a": "Oil. Gas!", "b": "xxYes"})
    assert filled["text"].tolist() == ["Oil.", "kept", "Yes"]
    assert fill_sentence_texts(sentences, None) is sentences
    assert sentences["text"].tolist() == ["", "kept", ""]


@pytest.mark.parametrize("state", [ViewState(), ViewState(sources=("Newsweek",), article="a1", sentence=0)])
def test_keyword_in_context_without_selection_is_empty(tables, state: ViewState) -> None:
    result = keyword_in_context(tables[1], tables[2], state)
    assert result.empty and list(result.columns) == CONTEXT_COLUMNS


def test_keyword_in_context_limit(tables) -> None:
    assert len(keyword_in_context(tables[1], tables[2], ViewState(keyword="iran"), limit=1)) == 1


@pytest.mark.parametrize(
    ("keyword", "text", "span"),
    [
        ("U.S.", "Talks with the U.S. resumed.", (15, 19)),
        ("U.S.", "Talks with the UXS resumed.", None),  # the dots are escaped, not regex wildcards
        ("a+b", "x a+b y", (2, 5)),
        ("(Iran)", "Tehran (Iran) said", (7, 13)),
        ("Iran", "Iranian officials and Iran", (22, 26)),  # whole word: not inside "Iranian"
    ],
)
def test_keyword_in_context_escapes_keywords(keyword: str, text: str, span: tuple[int, int] | None) -> None:
    sentences = pd.DataFrame([("x", 0, 0, len(text), text, 0.0, "neutral")], columns=SENTENCE_COLUMNS)
    mentions = pd.DataFrame(columns=MENTION_COLUMNS)
    result = keyword_in_context(sentences, mentions, ViewState(keyword=keyword))
    found = None if result.empty else (int(result["match_start"][0]), int(result["match_end"][0]))
    assert found == span


def test_keyword_in_context_of_empty_tables() -> None:
    _, sentences, mentions, _ = empty_tables()
    assert keyword_in_context(sentences, mentions, ViewState(actor="A")).empty


# --- over time -------------------------------------------------------------------------------------


def no_text(needle: str, whole_word: bool) -> set[str]:
    raise AssertionError(f"no text search expected, got {needle!r}")


def test_attention_counts_all_articles_per_day_when_nothing_is_tracked(tables) -> None:
    articles, _, mentions, _ = tables
    result = attention_over_time(articles, mentions, ViewState(), find=no_text)
    assert list(result.columns) == ["date", "series", "articles", "mentions", "total", "share", "period"]
    assert result[["date", "series", "articles", "total", "period"]].values.tolist() == [
        ["2025-06-20", "All articles", 1, 1, "day"], ["2025-06-21", "All articles", 1, 1, "day"],
    ]


def test_attention_has_a_line_per_tracked_actor_and_term(tables) -> None:
    articles, _, mentions, _ = tables
    found = {"a1", "a2"}  # a2 has no date: it counts nowhere

    def find(needle: str, whole_word: bool) -> set[str]:
        assert (needle, whole_word) == ("oil", True)
        return found

    state = ViewState(actors=("Iran",), actor="Vladimir Putin", keyword="oil")
    result = attention_over_time(articles, mentions, state, find=find)
    by_series = {name: rows for name, rows in result.groupby("series", sort=False)}
    assert list(by_series) == ["Iran", "Vladimir Putin", "“oil”"]
    putin = by_series["Vladimir Putin"]
    assert putin["articles"].tolist() == [1, 0] and putin["share"].tolist() == [1.0, 0.0]
    assert putin["mentions"].tolist() == [int((mentions["actor"] == "Vladimir Putin").sum()), 0]
    assert by_series["“oil”"]["articles"].tolist() == [1, 0]


def test_attention_draws_each_filtered_source_when_nothing_else_is_tracked() -> None:
    articles = pd.DataFrame(
        [("a", "2025-06-20", "Reuters"), ("b", "2025-06-20", "TASS"), ("c", "2025-06-21", "TASS"), ("d", "2025-06-21", None)],
        columns=["id", "published", "source"],
    )
    mentions = pd.DataFrame(columns=["article_id", "actor"])
    result = attention_over_time(articles, mentions, ViewState(sources=("TASS", UNKNOWN_SOURCE)), find=no_text)
    assert result[["series", "date", "articles", "total", "share"]].values.tolist() == [
        ["TASS", "2025-06-20", 1, 2, 0.5], ["TASS", "2025-06-21", 1, 2, 0.5],
        [UNKNOWN_SOURCE, "2025-06-20", 0, 2, 0.0], [UNKNOWN_SOURCE, "2025-06-21", 1, 2, 0.5],
    ]


def test_attention_to_an_actor_only_undated_articles_mention_is_a_line_of_zeros() -> None:
    articles = pd.DataFrame(
        [("a", "2025-06-20", "Reuters"), ("b", None, "TASS")], columns=["id", "published", "source"]
    ).astype("str")
    mentions = pd.DataFrame({"article_id": ["b", "b"], "actor": ["Vladimir Putin"] * 2}).astype("str")
    result = attention_over_time(articles, mentions, ViewState(actor="Vladimir Putin"), find=no_text)
    assert result[["series", "date", "articles", "mentions", "total"]].values.tolist() == [
        ["Vladimir Putin", "2025-06-20", 0, 0, 1]
    ]


def test_attention_skips_bad_dates_and_uses_weeks_then_months_for_long_spans() -> None:
    days = pd.date_range("2024-01-01", "2024-12-31", freq="D")  # 366 days, Monday 2024-01-01 first
    articles = pd.DataFrame(
        {"id": [f"a{i}" for i in range(len(days))] + ["x", "y"], "source": "S",
         "published": list(days.strftime("%Y-%m-%d")) + ["June 2025", None]}
    )
    mentions = pd.DataFrame(columns=["article_id", "actor"])
    daily = attention_over_time(articles, mentions, ViewState(), find=no_text)
    assert (len(daily), set(daily["period"]), daily["articles"].sum()) == (366, {"day"}, 366)
    weekly = attention_over_time(articles, mentions, ViewState(), find=no_text, max_points=100)
    assert set(weekly["period"]) == {"week"}
    assert weekly["date"].iloc[:2].tolist() == ["2024-01-01", "2024-01-08"]  # Mondays
    assert weekly["articles"].iloc[0] == 7 and weekly["articles"].sum() == 366
    monthly = attention_over_time(articles, mentions, ViewState(period="month"), find=no_text)
    assert monthly["date"].tolist()[:3] == ["2024-01-01", "2024-02-01", "2024-03-01"]
    assert monthly["articles"].tolist()[:2] == [31, 29]
    assert set(attention_over_time(articles, mentions, ViewState(), find=no_text, max_points=3)["period"]) == {"year"}
    # Years are the coarsest period, even when there are more of them than max_points.
    assert set(attention_over_time(articles, mentions, ViewState(), find=no_text, max_points=0)["period"]) == {"year"}


def test_a_date_range_keeps_the_articles_published_in_it(tables) -> None:
    filtered = filter_tables(*tables, ViewState(dates=("2025-06-21", "2025-06-30")))
    assert filtered.articles["published"].tolist() == ["2025-06-21"]
    assert set(filtered.mentions["article_id"]) <= set(filtered.articles["id"])


def test_attention_empty() -> None:
    articles, _, mentions, _ = empty_tables()
    assert attention_over_time(articles, mentions, ViewState(), find=no_text).empty



def test_build_context_table_splits_left_match_right_with_the_article() -> None:
    from components.views.context import build_context_table

    context = pd.DataFrame(
        {
            "article_id": ["a1", "a2"],
            "sentence": [4, 0],
            "text": ["x" * 70 + " Putin met Araqchi in Moscow on Monday.", "No match here."],
            "compound": [0.1234, -0.5],
            "match_start": [71, -1],
            "match_end": [76, -1],
        }
    )
    articles = pd.DataFrame([("a1", "Title one", "Newsweek", "2025-06-20")], columns=["id", "title", "source", "published"])
    table = build_context_table(context, articles, width=10)
    first, second = table.to_dict("records")
    assert first == {
        "left": "…xxxxxxxxx ", "match": "Putin", "right": " met Araqc…", "title": "Title one", "source": "Newsweek",
        "date": "2025-06-20", "#": 5, "article_id": "a1", "sentence": 4, "text": context.loc[0, "text"],
    }
    assert (second["left"], second["match"], second["title"], second["date"]) == ("", "", "a2", UNKNOWN_DATE)
    assert second["right"] == "No match h…"


def test_the_concordance_sorts_by_the_word_left_or_right_of_the_hit_or_by_date() -> None:
    from components.views.context import build_context_table

    texts = ["the zebra saw Iran today", "an apple and Iran yesterday", "Iran, briefly"]
    context = pd.DataFrame(
        {"article_id": ["a", "b", "c"], "sentence": [0, 0, 0], "text": texts, "compound": 0.0,
         "match_start": [t.index("Iran") for t in texts], "match_end": [t.index("Iran") + 4 for t in texts]}
    )
    articles = pd.DataFrame(
        [("a", "A", "S", "2025-06-03"), ("b", "B", "S", "2025-06-01"), ("c", "C", "S", "2025-06-02")],
        columns=["id", "title", "source", "published"],
    )
    order = {sort: build_context_table(context, articles, sort=sort)["article_id"].tolist() for sort in ("order", "left", "right", "date")}
    assert order == {"order": ["a", "b", "c"], "left": ["c", "b", "a"], "right": ["c", "a", "b"], "date": ["b", "c", "a"]}


# --- sources side by side ------------------------------------------------------------------------


def test_sources_side_by_side_gives_each_source_its_share_and_tone(tables) -> None:
    articles, sentences, mentions, _ = tables
    result = compare_sources(articles, mentions, sentences, ["Iran", "Vladimir Putin"])
    assert list(result.columns) == [
        "source", "actor", "articles", "mentioning", "share", "sentences", "mean_tone", "ci_low", "ci_high",
    ]
    rows = {(r.source, r.actor): r for r in result.itertuples(index=False)}
    labels = articles["source"].map(lambda s: s if isinstance(s, str) and s else UNKNOWN_SOURCE)
    for (source, actor), row in rows.items():
        ids = set(articles.loc[labels == source, "id"])
        assert row.articles == len(ids)
        mentioning = set(mentions.loc[(mentions["actor"] == actor) & mentions["article_id"].isin(ids), "article_id"])
        assert row.mentioning == len(mentioning) and row.share == pytest.approx(len(mentioning) / len(ids))
        if mentioning:
            assert row.mean_tone == pytest.approx(TONES[actor])  # the fixture's tone toward the actor
        else:
            assert row.sentences == 0 and np.isnan(row.mean_tone)
    assert sorted({s for s, _ in rows}) == [s for s in dict.fromkeys(r.source for r in result.itertuples())]
    assert compare_sources(articles, mentions, sentences, []).empty


def test_attention_spans_every_period_with_zeros_and_picks_a_period_for_the_span() -> None:
    articles = pd.DataFrame(
        {"id": ["a", "b", "c"], "source": "S", "published": ["2010-01-15", "2010-03-02", "2019-06-30"]}
    )
    mentions = pd.DataFrame(columns=["article_id", "actor"])
    result = attention_over_time(articles, mentions, ViewState(), find=no_text)
    # Ten years: too many days and weeks for 366 points, so months, every one of them.
    assert set(result["period"]) == {"month"} and len(result) == 9 * 12 + 6
    assert result["articles"].tolist()[:3] == [1, 0, 1] and result["articles"].sum() == 3
    assert result["share"].iloc[0] == 1.0
    assert pd.isna(result["share"].iloc[1])  # nothing published that month: no share


def test_a_headline_is_no_shared_sentence() -> None:
    mentions = pd.DataFrame(
        [("a", -1, "Iran", "country", 0.1), ("a", -1, "Russia", "country", 0.1),
         ("a", 2, "Iran", "country", 0.2), ("a", 2, "Russia", "country", 0.4)],
        columns=["article_id", "sentence", "actor", "type", "tone"],
    )
    sentences = pd.DataFrame({"article_id": ["a"], "sentence": [2], "compound": [0.5]})
    pairs = cooccurrence(mentions, sentences)
    assert pairs[["actor_a", "actor_b", "sentences"]].values.tolist() == [["Iran", "Russia", 1]]
    assert pair_sentence_keys(mentions, ("Iran", "Russia")) == {("a", 2)}
