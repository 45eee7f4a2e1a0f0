"""Tests for components.keywords: YAKE options, clean-up rules, seeds, corpus aggregate."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yake
from hypothesis import given, settings
from hypothesis import strategies as st

from components import keywords as kw_module
from components.keywords import (
    AGGREGATE_COLUMNS,
    Keyword,
    aggregate_keywords,
    drop_fragments,
    extract_keywords,
    is_junk_keyword,
    merge_case_variants,
)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_000 = (SEEDS / "000_f16bc1375f36de9e.txt").read_text(encoding="utf-8")
SEED_002 = (SEEDS / "002_ccd4c79e6b5cab95.txt").read_text(encoding="utf-8")
ENGLISH_STOPWORDS = frozenset({"the", "of", "us", "a", "and"})


def words_of(keywords: list[Keyword]) -> list[str]:
    return [k.keyword for k in keywords]


# --- seeds: hand-checked terms -------------------------------------------------------


def test_seed_000_top_keywords() -> None:
    found = words_of(extract_keywords(SEED_000))
    assert len(found) == 20
    assert found[:4] == ["Iran", "Middle East", "Russia", "Putin"]
    for term in ("United States", "Khamenei", "Iran nuclear deal", "Russia strategic interests"):
        assert term in found


def test_seed_000_fragments_are_gone() -> None:
    extractor = yake.KeywordExtractor(n=3, dedup_lim=0.7, top=60)
    raw = [k for k, _ in extractor.extract_keywords(SEED_000)]
    # YAKE itself keeps the pieces beside the phrase ...
    assert {"Middle East", "Middle", "East", "United States", "United", "States"} <= set(raw)
    assert "Russia fears Middle" in raw
    found = words_of(extract_keywords(SEED_000))
    # ... we keep the phrase only, and drop n-grams that cut it in two.
    assert "Middle East" in found and "United States" in found
    for piece in ("Middle", "East", "United", "States", "Russia fears Middle", "Iran nuclear"):
        assert piece not in found


def test_seed_002_top_keywords() -> None:
    found = words_of(extract_keywords(SEED_002))
    assert found[:2] == ["Iranian Foreign Minister", "Iran"]
    for term in ("Putin", "Araqchi", "Avi Melamed", "Russia", "Ayatollah Ali Khamenei"):
        assert term in found


@pytest.mark.parametrize("text", [SEED_000, SEED_002], ids=["seed000", "seed002"])
@pytest.mark.parametrize("max_ngram", [1, 3])
def test_no_page_chrome_reaches_the_list(text: str, max_ngram: int) -> None:
    found = [k.casefold() for k in words_of(extract_keywords(text, max_ngram=max_ngram))]
    for keyword in found:
        for chrome in ("trinity", "audio", "player", "post", "comment"):
            assert chrome not in keyword.split(), keyword


def test_seed_002_chrome_was_there_to_remove() -> None:
    # The raw text starts with "Getting your Trinity Audio player ready...": YAKE ranks it first.
    extractor = yake.KeywordExtractor(n=3, dedup_lim=0.7, top=20)
    raw = [k for k, _ in extractor.extract_keywords(SEED_002)]
    assert raw[:3] == ["Trinity Audio player", "Audio player ready", "Trinity Audio"]


@pytest.mark.parametrize("text", [SEED_000, SEED_002], ids=["seed000", "seed002"])
def test_scores_ascend_and_keywords_are_unique(text: str) -> None:
    found = extract_keywords(text)
    scores = [k.score for k in found]
    assert scores == sorted(scores)
    assert all(isinstance(s, float) and s > 0 for s in scores)
    folded = [k.keyword.casefold() for k in found]
    assert len(folded) == len(set(folded))


# --- options ---------------------------------------------------------------------


def test_defaults_come_from_settings() -> None:
    assert extract_keywords(SEED_002) == extract_keywords(
        SEED_002, top=20, max_ngram=3, dedup_lim=0.7, window=1, language="en"
    )


@pytest.mark.parametrize("top", [1, 5, 12])
def test_top_is_the_number_returned(top: int) -> None:
    assert len(extract_keywords(SEED_000, top=top)) == top


@pytest.mark.parametrize("max_ngram", [1, 2])
def test_max_ngram_limits_words(max_ngram: int) -> None:
    found = words_of(extract_keywords(SEED_002, max_ngram=max_ngram))
    assert max(len(k.split()) for k in found) == max_ngram


def test_dedup_option_has_an_effect() -> None:
    # yake 0.7.3 swallows a misspelt option: this is why we pass `dedup_lim` by name.
    assert yake.KeywordExtractor(dedupLim=0.5).config["dedup_lim"] == 0.9
    loose = words_of(extract_keywords(SEED_002, dedup_lim=0.9))
    strict = words_of(extract_keywords(SEED_002, dedup_lim=0.5))
    # At 0.5 YAKE finds "Avi Melamed told" too close to "Avi Melamed" and "Iranian" to
    # "Iranian Foreign", and drops them.
    assert "Avi Melamed told" in loose and "Avi Melamed told" not in strict
    assert "Iranian" in loose and "Iranian" not in strict
    assert "Avi Melamed" in strict


def test_window_option_reaches_yake() -> None:
    narrow = extract_keywords(SEED_002, top=3, window=1)
    wide = extract_keywords(SEED_002, top=3, window=3)
    assert narrow[0].keyword == wide[0].keyword == "Iranian Foreign Minister"
    assert narrow[0].score == pytest.approx(0.0098, abs=1e-4)
    assert wide[0].score == pytest.approx(0.0109, abs=1e-4)


def test_language_option_reaches_yake() -> None:
    # With German stopwords, English function words are candidates (and are not stopwords).
    assert "the" not in words_of(extract_keywords(SEED_002))
    assert "the" in words_of(extract_keywords(SEED_002, language="de"))


def test_extractor_is_built_once_per_option_set() -> None:
    extract_keywords(SEED_002, top=7)
    before = kw_module._extractor.cache_info()
    extract_keywords(SEED_000, top=7)
    extract_keywords(SEED_002, top=7)
    after = kw_module._extractor.cache_info()
    assert after.misses == before.misses
    assert after.hits == before.hits + 2


@pytest.mark.parametrize("text", ["", "   \n\t", "\u3002"])
def test_blank_text_gives_no_keywords(text: str) -> None:
    assert extract_keywords(text) == []


@pytest.mark.parametrize("option", [{"top": 0}, {"max_ngram": 0}, {"window": 0}])
def test_invalid_options_raise(option: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        extract_keywords("Iran and Russia.", **option)


def test_overlong_tokens_are_not_keywords() -> None:
    # YAKE returns the 200,000-character token itself as a keyword.
    assert extract_keywords("a" * 200_000) == []


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gives_a_clean_sorted_list(text: str) -> None:
    found = extract_keywords(text, top=5)
    assert len(found) <= 5
    assert [k.score for k in found] == sorted(k.score for k in found)
    assert not any(is_junk_keyword(k.keyword) for k in found)


# --- clean-up rules on hand-built lists ----------------------------------------------


def test_case_variants_merge_with_best_score_and_most_used_spelling() -> None:
    text = "Iran and the US. iran? Iran! US officials met us."
    merged = merge_case_variants(
        [Keyword("iran", 0.02), Keyword("Iran", 0.01), Keyword("US", 0.03), Keyword("us", 0.05)],
        text=text,
    )
    assert merged == [Keyword("Iran", 0.01), Keyword("US", 0.03)]


@pytest.mark.parametrize(
    "text,keyword,display",
    [
        ("the Middle East and the Middle East, not the middle east", "middle east", "Middle East"),
        # a capitalised YAKE form is kept as it is; a lower-cased one gets the text's spelling
        ("a foreign minister, a foreign minister, the Foreign Minister", "Foreign Minister",
         "Foreign Minister"),
        ("a foreign minister, a foreign minister, the Foreign Minister", "foreign minister",
         "foreign minister"),
        ("Russia's strategic interests, russia's strategic interests", "russia strategic interests",
         "Russia strategic interests"),
        ("no match in this text", "kremlin", "kremlin"),
    ],
)
def test_display_form_is_the_text_spelling(text: str, keyword: str, display: str) -> None:
    assert merge_case_variants([Keyword(keyword, 0.1)], text=text) == [Keyword(display, 0.1)]


def test_fragments_and_straddlers_are_dropped() -> None:
    text = (
        "The Middle East is tense. Middle East talks went on. Russia fears Middle East chaos. "
        "Putin spoke. Putin left. Putin told Araqchi no. Putin won. "
        "The nuclear deal held. Iran nuclear sites, nuclear talks, nuclear power, nuclear fuel."
    )
    keywords = [
        Keyword("Middle East", 0.01),
        Keyword("Putin", 0.015),
        Keyword("Middle", 0.02),
        Keyword("East", 0.03),
        Keyword("Putin told Araqchi", 0.04),
        Keyword("Russia fears Middle", 0.05),
        Keyword("nuclear deal", 0.06),
        Keyword("Iran nuclear", 0.07),
    ]
    assert words_of(drop_fragments(keywords, text=text)) == [
        "Middle East",  # "Middle" and "East" only occur inside it: dropped
        "Putin",  # 4 uses, only 1 inside "Putin told Araqchi": kept
        "Putin told Araqchi",
        "nuclear deal",
        "Iran nuclear",  # shares "nuclear" with "nuclear deal", but "nuclear" is mostly elsewhere
    ]  # "Russia fears Middle" cuts "Middle East" in two: dropped


@pytest.mark.parametrize(
    "keyword,junk",
    [
        ("Iran", False),
        ("Middle East", False),
        ("Washington Post", False),  # a one-word chrome entry only matches the whole keyword
        ("Newsweek", False),  # outlet names are not chrome
        ("US", False),  # an acronym, although "us" is a stopword
        ("2022", True),
        ("30,000", True),
        ("--", True),
        ("x", True),
        ("the", True),
        ("of the", True),
        ("Post", True),
        ("comment", True),
        ("Share", True),
        ("Advertisement", True),
        ("Previous Post", True),
        ("Next Post", True),
        ("read more", True),
        ("Click here", True),
        ("Trinity Audio", True),
        ("Trinity Audio player", True),
        ("Audio player ready", True),
        ("a" * 61, True),
    ],
)
def test_is_junk_keyword(keyword: str, junk: bool) -> None:
    assert is_junk_keyword(keyword, stopwords=ENGLISH_STOPWORDS) is junk


# --- corpus aggregate ---------------------------------------------------------------


def per_article_frame() -> pd.DataFrame:
    return pd.DataFrame(
        [
            ("a1", "Iran", 0.01, 1),
            ("a1", "Middle East", 0.02, 2),
            ("a1", "Putin", 0.03, 3),
            ("a2", "Putin", 0.005, 1),
            ("a2", "iran", 0.02, 2),
            ("a3", "Russia", 0.01, 1),
            ("a3", "Middle East", 0.04, 2),
            ("a3", "Iran", 0.05, 3),
        ],
        columns=["article_id", "keyword", "score", "rank"],
    )


def test_aggregate_keywords_exact_values() -> None:
    table = aggregate_keywords(per_article_frame())
    expected = pd.DataFrame(
        {
            # "Iran" in a1 and a3, "iran" in a2: one keyword, spelt as most articles do
            "keyword": ["Iran", "Putin", "Middle East", "Russia"],
            "articles": [3, 2, 2, 1],
            "best_score": [0.01, 0.005, 0.02, 0.01],
            "mean_rank": [2.0, 2.0, 2.0, 1.0],
            # weight = sum of 1 / rank: 1 + 1/2 + 1/3, 1/3 + 1, 1/2 + 1/2, 1
            "weight": [1 + 1 / 2 + 1 / 3, 1 / 3 + 1, 1.0, 1.0],
        }
    )
    assert list(table.columns) == list(AGGREGATE_COLUMNS)
    # Middle East and Russia tie on weight: more articles first.
    pd.testing.assert_frame_equal(table, expected, check_dtype=False)
    assert table["articles"].dtype.kind == "i"


def test_aggregate_keywords_top_and_purity() -> None:
    frame = per_article_frame()
    before = frame.copy()
    table = aggregate_keywords(frame, top=2)
    assert list(table["keyword"]) == ["Iran", "Putin"]
    pd.testing.assert_frame_equal(frame, before)  # the input is not touched


def test_aggregate_counts_a_keyword_once_per_article() -> None:
    frame = pd.DataFrame(
        [("a1", "Iran", 0.01, 1), ("a1", "IRAN", 0.09, 5), ("a2", "Iran", 0.02, 2)],
        columns=["article_id", "keyword", "score", "rank"],
    )
    table = aggregate_keywords(frame)
    assert table.to_dict("records") == [
        {"keyword": "Iran", "articles": 2, "best_score": 0.01, "mean_rank": 1.5, "weight": 1.5}
    ]


def test_aggregate_keywords_empty_and_invalid_input() -> None:
    empty = pd.DataFrame(columns=["article_id", "keyword", "score", "rank"])
    table = aggregate_keywords(empty)
    assert table.empty and list(table.columns) == list(AGGREGATE_COLUMNS)
    with pytest.raises(ValueError, match="rank"):
        aggregate_keywords(per_article_frame().drop(columns=["rank"]))
    with pytest.raises(ValueError, match="rank"):
        aggregate_keywords(per_article_frame().assign(rank=0))


def test_aggregate_from_real_extraction() -> None:
    rows = [
        (article_id, k.keyword, k.score, rank)
        for article_id, text in (("000", SEED_000), ("002", SEED_002))
        for rank, k in enumerate(extract_keywords(text), start=1)
    ]
    frame = pd.DataFrame(rows, columns=["article_id", "keyword", "score", "rank"])
    table = aggregate_keywords(frame)
    shared = table[table["articles"] == 2]
    # "Iran" is 1st in seed 000 and 2nd in seed 002: the heaviest corpus keyword.
    assert table.iloc[0].to_dict() == {
        "keyword": "Iran",
        "articles": 2,
        "best_score": pytest.approx(0.0014, abs=1e-4),
        "mean_rank": 1.5,
        "weight": 1.5,
    }
    assert {"Iran", "Putin", "Russia", "Middle East"} <= set(shared["keyword"])
