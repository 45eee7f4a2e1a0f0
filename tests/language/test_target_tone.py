"""Tests for components.language.target_tone: tone toward each target, on sentences written here."""

from __future__ import annotations

import numpy as np
import pytest

from components.language.sentiment import NEGATIVE, NEUTRAL, POSITIVE
from components.language.target_tone import (
    LABELS,
    MODEL_FILE,
    extract_features,
    label_targets,
    load_model,
    predict_probabilities,
    score_targets,
)

REBELS = "Rebels shelled the town, the governor said, thanking the army for its swift help."


def target(sentence: str, mention: str) -> tuple[str, int, int]:
    """The item for the first occurrence of ``mention`` in ``sentence``."""
    start = sentence.index(mention)
    return sentence, start, start + len(mention)


def test_the_model_file_loads_and_is_small() -> None:
    model = load_model()
    assert MODEL_FILE.stat().st_size < 50_000_000
    assert len(model.index) > 10_000
    assert model.weights.shape == (len(model.index) + 1, 3)
    assert not model.weights[-1].any()  # the row of unseen features weighs nothing
    assert "w=<t>" in model.index
    assert LABELS == (NEGATIVE, NEUTRAL, POSITIVE)


def test_two_actors_of_one_sentence_get_different_tones() -> None:
    rebels, army = score_targets([target(REBELS, "Rebels"), target(REBELS, "army")])
    assert army - rebels > 0.1


@pytest.mark.parametrize(
    "sentence,mention,expected",
    [
        ("The senator criticised the president for his handling of the crisis.", "president", NEGATIVE),
        ("Critics accused Smith of lying to voters.", "Smith", NEGATIVE),
        ("The minister was arrested on corruption charges.", "minister", NEGATIVE),
        ("Jones won the award for her outstanding work.", "Jones", POSITIVE),
        ("Protesters praised the mayor for her courage.", "mayor", POSITIVE),
        ("The minister met the ambassador on Tuesday.", "minister", NEUTRAL),
        ("The minister met the ambassador on Tuesday.", "ambassador", NEUTRAL),
    ],
)
def test_label_targets(sentence: str, mention: str, expected: str) -> None:
    assert label_targets([target(sentence, mention)]) == [expected]


@pytest.mark.parametrize(
    "sentence,mention,low,high",
    [
        ("The senator criticised the president for his handling of the crisis.", "president", -1.0, -0.3),
        ("Jones won the award for her outstanding work.", "Jones", 0.5, 1.0),
        ("The minister met the ambassador on Tuesday.", "ambassador", -0.3, 0.3),
    ],
)
def test_score_targets_values(sentence: str, mention: str, low: float, high: float) -> None:
    (score,) = score_targets([target(sentence, mention)])
    assert low <= score <= high


def test_scores_are_in_range_one_per_target_and_deterministic() -> None:
    items = [target(REBELS, m) for m in ("Rebels", "town", "governor", "army")] + [
        target("Jones won the award.", "Jones")
    ]
    first = score_targets(items)
    assert len(first) == len(items)
    assert all(-1.0 <= s <= 1.0 for s in first)
    assert score_targets(items) == first
    assert score_targets(list(reversed(items))) == pytest.approx(list(reversed(first)))  # no batch effect
    assert score_targets([]) == []
    assert label_targets([]) == []


def test_score_and_label_come_from_the_same_probabilities() -> None:
    items = [target(REBELS, "Rebels"), target(REBELS, "army"), target("Critics accused Smith.", "Smith")]
    probabilities = predict_probabilities(items)
    assert probabilities.sum(axis=1) == pytest.approx([1.0, 1.0, 1.0])
    assert score_targets(items) == pytest.approx(list(probabilities[:, 2] - probabilities[:, 0]))
    assert label_targets(items) == [LABELS[i] for i in np.argmax(probabilities, axis=1)]


def test_typographic_quotes_score_as_straight_ones() -> None:
    curly = "“We will not give in,” Lopez said of the strikers’ demands."
    straight = '"We will not give in," Lopez said of the strikers\' demands.'
    assert score_targets([target(curly, "Lopez")]) == pytest.approx(score_targets([target(straight, "Lopez")]))


def test_features_replace_the_target_and_mark_its_neighbours() -> None:
    features = extract_features(*target("Critics accused Smith of lying.", "Smith"))
    assert features["w=<t>"] == 1.0
    assert "w=smith" not in features  # the mention itself is the placeholder ...
    assert features["t=smith"] == 1.0  # ... and counts apart
    assert features["L1=accused"] == 1.0  # "accused <t>": the target is the object
    assert features["R1=of"] == 1.0
    assert features["vL1"] < 0  # "accused" is negative in VADER


@pytest.mark.parametrize("start,end", [(-1, 3), (5, 5), (3, 2), (0, 100)])
def test_a_span_outside_the_sentence_is_refused(start: int, end: int) -> None:
    with pytest.raises(ValueError):
        score_targets([("Jones won the award.", start, end)])
