"""What cleaning removed, corpus-wide (components.views.cleaning): grouped by rule, and the
reasons beside the report's removed lines."""

import pandas as pd
import pytest

from components.views.cleaning import (
    REMOVED_COLUMNS,
    article_reasons,
    summarize_removed,
)


def articles(*rows: tuple[str, list[str], list[str] | None]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"id": i, "removed": removed, "removed_reasons": reasons} for i, removed, reasons in rows]
    )


def test_removed_lines_are_grouped_by_rule_in_the_rules_order_with_counts_and_examples() -> None:
    frame = articles(
        ("a", ["Post a Comment", "Image: Jo Roe", "Image: Jo Roe"], ["navigation", "photo_credit", "photo_credit"]),
        ("b", ["Image: Al Poe", "Image: Jo Roe"], ["photo_credit", "photo_credit"]),
        ("c", [], []),
    )
    summary = summarize_removed(frame, examples=1)
    assert list(summary.columns) == REMOVED_COLUMNS
    assert summary[["rule", "label", "lines", "articles"]].values.tolist() == [
        ["navigation", "comment or navigation", 1, 1],
        ["photo_credit", "photo credit", 4, 2],
    ]
    assert summary["examples"].tolist() == [[("Post a Comment", 1)], [("Image: Jo Roe", 3)]]


def test_lines_without_recorded_reasons_group_as_unknown_last() -> None:
    frame = articles(("a", ["Post a Comment"], None), ("b", ["Share"], ["navigation"]))
    summary = summarize_removed(frame)
    assert summary[["rule", "label", "lines"]].values.tolist() == [
        ["navigation", "comment or navigation", 1], ["unknown", "reason not recorded", 1],
    ]


def test_nothing_removed_is_an_empty_summary() -> None:
    assert summarize_removed(articles(("a", [], []))).empty


@pytest.mark.parametrize(
    ("removed", "reasons", "expected"),
    [
        (["x", "y"], ["separator", "navigation"], ["separator", "navigation"]),
        (["x", "y"], ["separator"], ["separator", "unknown"]),
        (["x"], None, ["unknown"]),
        (["x"], float("nan"), ["unknown"]),  # a table concatenated from one without the column
    ],
)
def test_article_reasons(removed: list[str], reasons, expected: list[str]) -> None:
    assert article_reasons({"removed": removed, "removed_reasons": reasons}) == expected
