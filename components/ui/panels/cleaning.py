"""Removed by cleaning: every line cleaning dropped from the corpus, grouped by the rule that
dropped it, with counts and examples; and switches that turn a rule off for this session's uploads."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.ingest.cleaning import CLEANING_RULES
from components.ui.corpus import DISABLED_RULES_KEY
from components.ui.widgets import md_escape
from components.views.cleaning import summarize_removed
from components.views.selection import Views

EXAMPLES = 3  # example lines shown per rule
EXAMPLE_CHARS = 160  # an example line is cut at this length (the reader shows it whole)


def _removed(articles: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """The corpus's removed lines by rule, and how many articles lost a line."""
    return summarize_removed(articles, examples=EXAMPLES), int(articles["removed"].map(len).gt(0).sum())


def render_cleaning_panel(views: Views, *, key: str = "ns_cleaning") -> None:
    """The corpus-wide "Removed by cleaning" table and the per-session rule switches.

    ``key``: the prefix of this panel's widget keys, so it can appear twice without clashes.
    """
    st.subheader("Removed by cleaning")
    articles = views.analysis.articles
    summary, cleaned = views.remember(("removed", EXAMPLES), lambda: _removed(articles))
    if summary.empty:
        st.caption(f"Cleaning removed no line from the {len(articles):,} article(s).")
    else:
        st.caption(
            f"{int(summary['lines'].sum()):,} line(s) removed from"
            f" {cleaned:,} of {len(articles):,} article(s), by reason."
            " Each article's own removed lines are in the reader."
        )
        shown = summary.assign(
            examples=summary["examples"].map(
                lambda pairs: "\n".join(f"{_cut(line)}" + (f"  (×{n:,})" if n > 1 else "") for line, n in pairs)
            )
        )
        st.dataframe(
            shown[["label", "lines", "articles", "examples", "rule"]],
            hide_index=True,
            width="stretch",
            column_config={  # widths that fit 1280 x 720; a wider screen shares out the rest
                "label": st.column_config.TextColumn("Reason", width=200),
                "lines": st.column_config.NumberColumn("Lines", format="%d", width=60),
                "articles": st.column_config.NumberColumn("Articles", format="%d", width=70),
                "examples": st.column_config.TextColumn("Examples (most frequent first)", width=320),
                "rule": st.column_config.TextColumn("Rule", width=110),
            },
            key=f"{key}_table",
        )
    _render_rule_switches(key)


def _render_rule_switches(key: str) -> None:
    disabled: frozenset[str] = st.session_state.get(DISABLED_RULES_KEY, frozenset())
    label = "Cleaning rules" + (f" ({len(disabled)} off)" if disabled else "")
    with st.expander(md_escape(label), expanded=bool(disabled)):
        # Honest scope: the base corpus is cleaned once, when the server loads it (and shared).
        st.caption(
            "Switching a rule off applies to the files you upload in this session: they are cleaned again"
            " without it and analysed again. The bundled corpus or the server's store keeps every rule."
        )
        for rule in CLEANING_RULES:
            st.checkbox(
                md_escape(rule.label),
                value=rule.name not in disabled,
                help=md_escape(rule.help),
                key=f"{key}_rule_{rule.name}",
                on_change=_switch_rule,
                args=(key, rule.name),
            )


def _switch_rule(key: str, name: str) -> None:
    """Keep the switched-off rules in a plain session key (widget state goes when a panel is not drawn)."""
    disabled = set(st.session_state.get(DISABLED_RULES_KEY, frozenset()))
    if st.session_state[f"{key}_rule_{name}"]:
        disabled.discard(name)
    else:
        disabled.add(name)
    st.session_state[DISABLED_RULES_KEY] = frozenset(disabled)


def _cut(line: str) -> str:
    return line if len(line) <= EXAMPLE_CHARS else line[: EXAMPLE_CHARS - 1] + "…"
