"""The quotes' tables for the panel, the CLI and quotes.csv: by speaker, by actor, with metadata."""

from __future__ import annotations

import pandas as pd

from components.engine.analysis import QUOTE_COLUMNS
from components.views.quotes import (
    QUOTE_TABLE_COLUMNS,
    SPEAKER_COLUMNS,
    UNNAMED_SPEAKER,
    quote_table,
    quotes_by_speaker,
    quotes_of,
    split_by_actor,
)
from components.views.viewstate import UNKNOWN_DATE, UNKNOWN_SOURCE

QUOTES = pd.DataFrame(
    [
        ("a1", 0, 0, "direct", 1, 20, "We will respond.", "said", "Putin", "Vladimir Putin", []),
        ("a1", 1, 2, "reported", 40, 70, "Iran had asked for help", "said", "he", "Vladimir Putin", ["Iran"]),
        ("a1", 2, 3, "partial", 80, 95, "a grave mistake", "called", "Araqchi", "Abbas Araqchi", ["Vladimir Putin"]),
        ("a2", 0, 0, "reported", 5, 30, "two men were arrested", "said", "an official", None, []),
        ("a2", 1, 1, "direct", 35, 60, "Putin is a partner.", "told", "Araqchi", "Abbas Araqchi", ["Vladimir Putin"]),
    ],
    columns=QUOTE_COLUMNS,
)
ARTICLES = pd.DataFrame(
    [("a1", "Putin speaks", "Newsweek", "2025-06-20", "https://example.org/a1"),
     ("a2", "Arrests", None, None, None)],
    columns=["id", "title", "source", "published", "url"],
)


def test_quotes_by_speaker_counts_each_kind_most_quoted_first() -> None:
    speakers = quotes_by_speaker(QUOTES)
    assert list(speakers.columns) == SPEAKER_COLUMNS
    assert speakers.values.tolist() == [
        ["Abbas Araqchi", 2, 1, 1, 0],
        ["Vladimir Putin", 2, 1, 0, 1],
        [UNNAMED_SPEAKER, 1, 0, 0, 1],
    ]
    assert quotes_by_speaker(QUOTES.iloc[:0]).empty


def test_an_actors_quotes_and_the_quotes_about_it_are_apart() -> None:
    spoken, about = split_by_actor(QUOTES, "Vladimir Putin")
    assert spoken["text"].tolist() == ["We will respond.", "Iran had asked for help"]
    # Quotes that mention Putin and that he does not speak himself.
    assert about["text"].tolist() == ["a grave mistake", "Putin is a partner."]
    spoken, about = split_by_actor(QUOTES, "Iran")
    assert spoken.empty and about["text"].tolist() == ["Iran had asked for help"]


def test_quotes_of_keeps_the_selected_articles_only() -> None:
    assert quotes_of(QUOTES, ["a2"])["text"].tolist() == ["two men were arrested", "Putin is a partner."]
    assert quotes_of(QUOTES, []).empty


def test_the_quote_table_carries_each_articles_metadata() -> None:
    table = quote_table(QUOTES, ARTICLES)
    assert list(table.columns) == QUOTE_TABLE_COLUMNS
    assert table["title"].tolist() == ["Putin speaks"] * 3 + ["Arrests"] * 2
    assert table["source"].tolist()[-1] == UNKNOWN_SOURCE and table["published"].tolist()[-1] == UNKNOWN_DATE
    assert table["url"].tolist()[0] == "https://example.org/a1"
    assert table["speaker_actor"].tolist()[3] == UNNAMED_SPEAKER and table["speaker"].tolist()[3] == "an official"
    assert table["about"].tolist()[2] == "Vladimir Putin"
    assert table["text"].tolist() == QUOTES["text"].tolist()  # the quotes' own order
    assert quote_table(QUOTES.iloc[:0], ARTICLES).empty


def test_the_tone_toward_each_actor_a_quote_mentions() -> None:
    mentions = pd.DataFrame(
        [("a1", 2, "Iran", "body", 41, 45, -0.5), ("a1", 2, "Iran", "body", 60, 64, -0.1),
         ("a1", 3, "Vladimir Putin", "body", 85, 90, 0.3), ("a1", 3, "Vladimir Putin", "body", 100, 105, 0.9),
         ("a2", 1, "Vladimir Putin", "body", 35, 40, 0.6), ("a2", -1, "Vladimir Putin", "title", 35, 40, -1.0)],
        columns=["article_id", "sentence", "actor", "field", "start", "end", "tone"],
    )
    table = quote_table(QUOTES, ARTICLES, mentions)
    # Only mentions inside the quote count (Putin at 100 is after the partial quote); titles never.
    assert table["about_tone"].tolist() == ["", "Iran: -0.30", "Vladimir Putin: +0.30", "", "Vladimir Putin: +0.60"]
