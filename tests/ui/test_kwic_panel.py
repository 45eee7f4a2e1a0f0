"""The concordance's layout helpers: column widths that fit 1280x720, left contexts that end at the
hit, and the article column. (The browser test ``test_layout.py`` checks the table on the page.)"""

from __future__ import annotations

import pandas as pd
import pytest

from components.ui.panels.kwic import (
    ARTICLE_WIDTH,
    HIT_WIDTH,
    LINE_WIDTH,
    article_labels,
    clip_left,
    concordance_widths,
)


@pytest.mark.parametrize(
    ("longest_hit", "hit"),
    [(1, HIT_WIDTH[0]), (5, 64), (12, 120), (40, HIT_WIDTH[1]), (10_000, HIT_WIDTH[1])],
)
def test_concordance_widths_add_up_to_the_line_whatever_the_hit(longest_hit: int, hit: int) -> None:
    widths = concordance_widths(longest_hit)
    assert widths["match"] == hit
    assert widths["left"] == widths["right"] >= 200  # both contexts keep about 30 characters in view
    assert widths["article"] == ARTICLE_WIDTH
    assert sum(widths.values()) <= LINE_WIDTH


@pytest.mark.parametrize(
    ("text", "width", "shown"),
    [
        ("The first charged", 240, "The first charged"),
        ("x" * 54, 240, "x" * 54),
        ("…esday, the United States House of Representatives impeached", 240,
         "…the United States House of Representatives impeached"),
        ("a " * 100 + "word", 80, "…a a a a word"),
        ("", 240, ""),
    ],
)
def test_clip_left_keeps_the_words_next_to_the_hit(text: str, width: int, shown: str) -> None:
    clipped = clip_left(text, width)
    assert clipped == shown
    assert len(clipped) <= max(width // 4 - 6, 8)  # what the table draws of a cell
    assert text.endswith(clipped.lstrip("…"))


def test_article_labels_put_the_short_parts_first() -> None:
    lines = pd.DataFrame({"date": ["2019-12-21"], "source": ["Wikinews"], "title": ["US House impeaches Trump"]})
    assert list(article_labels(lines)) == ["2019-12-21 · Wikinews · US House impeaches Trump"]
