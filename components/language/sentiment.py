"""Sentence-level sentiment with VADER, and its summary per article.

VADER's compound squashes a sum of word valences with x / sqrt(x^2 + 15), so a whole
long document saturates near +1 or -1 (seed 000 scores +0.9997 as one text). We score
sentences one by one and aggregate their compounds instead; it is also much faster,
since VADER's cost grows with the square of a text's length.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from components.settings import get_setting

POSITIVE = "positive"
NEUTRAL = "neutral"
NEGATIVE = "negative"


@dataclass(frozen=True)
class SentimentSummary:
    """Mean compound and the shares of positive / neutral / negative sentences.

    The three shares sum to 1 when there is at least one sentence; all fields are 0.0
    when there is none.
    """

    mean: float
    positive: float
    neutral: float
    negative: float


@lru_cache(maxsize=1)
def _analyzer() -> SentimentIntensityAnalyzer:
    """The one VADER analyzer (loading its lexicon takes ~0.1 s)."""
    return SentimentIntensityAnalyzer()


def score_sentences(sentences: Sequence[str]) -> list[float]:
    """Return VADER's compound score (-1..1) for each sentence, in order.

    Pass sentences (see ``components.language.sentences.split_sentences``), not whole documents:
    a long text saturates, and costs quadratic time in its length.
    """
    analyzer = _analyzer()
    return [float(analyzer.polarity_scores(sentence)["compound"]) for sentence in sentences]


def label_sentiment(compound: float, *, threshold: float | None = None) -> str:
    """Return "positive" (compound >= threshold), "negative" (<= -threshold) or "neutral".

    ``threshold`` defaults to the ``sentiment_threshold`` setting (0.05, VADER's own).
    """
    limit = _threshold(threshold)
    if compound >= limit:
        return POSITIVE
    if compound <= -limit:
        return NEGATIVE
    return NEUTRAL


def summarize_sentiment(
    compounds: Sequence[float], *, threshold: float | None = None
) -> SentimentSummary:
    """Summarise sentence compounds: their mean and the share of each label."""
    if not compounds:
        return SentimentSummary(mean=0.0, positive=0.0, neutral=0.0, negative=0.0)
    labels = [label_sentiment(c, threshold=threshold) for c in compounds]
    count = len(compounds)
    positive = labels.count(POSITIVE) / count
    negative = labels.count(NEGATIVE) / count
    return SentimentSummary(
        mean=sum(compounds) / count,
        positive=positive,
        # Computed from counts, not 1 - p - n, so that the shares are exact fractions.
        neutral=labels.count(NEUTRAL) / count,
        negative=negative,
    )


def _threshold(threshold: float | None) -> float:
    """The given threshold, or the setting's default; must be positive."""
    chosen = get_setting("sentiment_threshold") if threshold is None else threshold
    value = float(chosen)  # type: ignore[arg-type]
    if value <= 0:
        raise ValueError(f"sentiment threshold must be > 0, got {value}")
    return value
