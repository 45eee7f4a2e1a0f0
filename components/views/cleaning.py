"""What cleaning removed, corpus-wide: the removed lines grouped by the rule that removed them.

Pure pandas over the articles table (``removed`` and ``removed_reasons``, see
:data:`components.engine.analysis.ARTICLE_COLUMNS`); the panel is
:mod:`components.ui.panels.cleaning`.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import pandas as pd

from components.ingest.cleaning import CLEANING_RULES, UNKNOWN_RULE, rule_label

REMOVED_COLUMNS = ["rule", "label", "lines", "articles", "examples"]
"""One row per rule: its name and label, how many lines it removed, from how many articles, and
up to ``examples`` of the most frequent lines (a list of (line, count))."""


def article_reasons(article: pd.Series | dict) -> list[str]:
    """The rule names beside an article's removed lines; "unknown" where none was recorded."""
    removed = list(article["removed"])
    reasons = article.get("removed_reasons")
    reasons = [] if reasons is None or isinstance(reasons, float) else list(reasons)  # NaN: a table without them
    return (reasons + [UNKNOWN_RULE] * len(removed))[: len(removed)]


def summarize_removed(articles: pd.DataFrame, *, examples: int = 3) -> pd.DataFrame:
    """The removed lines of ``articles`` grouped by rule (:data:`REMOVED_COLUMNS`), in the order of
    :data:`~components.ingest.cleaning.CLEANING_RULES` (then any other reason); rules that removed
    nothing are left out."""
    lines: dict[str, Counter[str]] = defaultdict(Counter)
    in_articles: dict[str, set[str]] = defaultdict(set)
    reasons = articles["removed_reasons"] if "removed_reasons" in articles else [None] * len(articles)
    for article_id, removed, why in zip(articles["id"], articles["removed"], reasons):
        if len(removed) == 0:  # most articles: nothing to count
            continue
        for line, rule in zip(removed, article_reasons({"removed": removed, "removed_reasons": why})):
            lines[rule][line] += 1
            in_articles[rule].add(article_id)
    order = [rule.name for rule in CLEANING_RULES] + sorted(set(lines) - {r.name for r in CLEANING_RULES})
    rows = [
        {
            "rule": rule, "label": rule_label(rule), "lines": sum(lines[rule].values()),
            "articles": len(in_articles[rule]),
            # Most frequent first; ties in the order first seen.
            "examples": lines[rule].most_common(examples),
        }
        for rule in order
        if lines.get(rule)
    ]
    return pd.DataFrame(rows, columns=REMOVED_COLUMNS)
