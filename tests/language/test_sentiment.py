"""Tests for components.language.sentiment: labels at the threshold, summaries, gold values on seeds."""

from __future__ import annotations

import pytest
from conftest import seed_text

from components.language import sentiment
from components.language.sentences import split_sentences
from components.language.sentiment import (
    SentimentSummary,
    label_sentiment,
    score_sentences,
    summarize_sentiment,
)

SEED_000, SEED_002 = seed_text("000"), seed_text("002")


@pytest.mark.parametrize(
    "compound,threshold,expected",
    [
        (0.05, None, "positive"),  # the boundary itself is positive ...
        (0.049, None, "neutral"),
        (0.0, None, "neutral"),
        (-0.049, None, "neutral"),
        (-0.05, None, "negative"),  # ... and negative
        (1.0, None, "positive"),
        (-1.0, None, "negative"),
        (0.3, 0.5, "neutral"),
        (0.5, 0.5, "positive"),
        (-0.5, 0.5, "negative"),
    ],
)
def test_label_sentiment(compound: float, threshold: float | None, expected: str) -> None:
    assert label_sentiment(compound, threshold=threshold) == expected


def test_label_sentiment_rejects_a_threshold_that_is_not_positive() -> None:
    with pytest.raises(ValueError):
        label_sentiment(0.1, threshold=0.0)


@pytest.mark.parametrize(
    "compounds,threshold,expected",
    [
        ([], None, SentimentSummary(mean=0.0, positive=0.0, neutral=0.0, negative=0.0)),
        ([0.5], None, SentimentSummary(mean=0.5, positive=1.0, neutral=0.0, negative=0.0)),
        (
            [0.05, 0.049, -0.05, -0.049],
            None,
            SentimentSummary(mean=0.0, positive=0.25, neutral=0.5, negative=0.25),
        ),
        (
            [0.6, -0.2, 0.0, 0.4],
            0.3,
            SentimentSummary(mean=0.2, positive=0.5, neutral=0.5, negative=0.0),
        ),
    ],
)
def test_summarize_sentiment(
    compounds: list[float], threshold: float | None, expected: SentimentSummary
) -> None:
    summary = summarize_sentiment(compounds, threshold=threshold)
    assert summary.mean == pytest.approx(expected.mean)
    assert summary.positive == pytest.approx(expected.positive)
    assert summary.neutral == pytest.approx(expected.neutral)
    assert summary.negative == pytest.approx(expected.negative)


@pytest.mark.parametrize(
    "compounds", [[0.9], [0.1, -0.1, 0.0], [0.3, 0.02, -0.7, -0.05, 0.05, 0.049]]
)
def test_shares_sum_to_one(compounds: list[float]) -> None:
    summary = summarize_sentiment(compounds)
    assert summary.positive + summary.neutral + summary.negative == pytest.approx(1.0)


@pytest.mark.parametrize(
    "sentence,label",
    [
        ("This is wonderful news.", "positive"),
        ("The attack killed many people.", "negative"),
        ("The meeting is on Monday.", "neutral"),
    ],
)
def test_known_sentences(sentence: str, label: str) -> None:
    [compound] = score_sentences([sentence])
    assert label_sentiment(compound) == label


def test_score_sentences_known_values() -> None:
    # VADER 3.3.2's compounds, rounded by VADER to 4 decimals.
    assert score_sentences(["This is wonderful news.", "The attack killed many people.", ""]) == [
        pytest.approx(0.5719),
        pytest.approx(-0.8225),
        0.0,
    ]
    assert score_sentences([]) == []


def test_analyzer_is_built_once() -> None:
    score_sentences(["warm up"])
    before = sentiment._analyzer.cache_info()
    score_sentences(["One.", "Two."])
    after = sentiment._analyzer.cache_info()
    assert after.misses == before.misses
    assert after.currsize == 1


# Gold values. The whole-text scores are VADER's (rounded to 4 decimals by VADER), so
# abs=1e-4. The sentence means depend on our splitter (118 and 43 sentences): one
# sentence more or less moves them by about |compound| / n, 0.004 for seed 000 and 0.01
# for seed 002, so abs=0.003 catches a changed split but not float noise. STYLE.md's
# +0.107 and -0.056 were measured with another splitter; ours gives +0.1067 and -0.0593.
@pytest.mark.parametrize(
    "text,whole,sentence_mean,sentences",
    [
        (SEED_000, 0.9997, 0.1067, 118),
        (SEED_002, -0.9891, -0.0593, 43),
    ],
    ids=["seed000", "seed002"],
)
def test_whole_document_saturates_but_sentence_mean_does_not(
    text: str, whole: float, sentence_mean: float, sentences: int
) -> None:
    [whole_compound] = score_sentences([text])
    compounds = score_sentences([s.text for s in split_sentences(text)])
    summary = summarize_sentiment(compounds)

    assert whole_compound == pytest.approx(whole, abs=1e-4)
    assert len(compounds) == sentences
    assert summary.mean == pytest.approx(sentence_mean, abs=0.003)
    assert abs(whole_compound) > 0.98
    assert abs(summary.mean) < 0.15  # the same text, read sentence by sentence: mixed
