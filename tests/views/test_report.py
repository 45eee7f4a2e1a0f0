"""The downloads: CSV safe to open in a spreadsheet, and the JSON report with texts filled in."""

import dataclasses
import io
import json

import pandas as pd

from components.engine.analysis import analyze_corpus
from components.ingest.corpus import load_corpus
from components.language.actors import load_actor_dictionary
from components.views.report import report_json, to_csv


def test_to_csv_neutralises_formulas_in_text_cells_only() -> None:
    frame = pd.DataFrame(
        {
            "text": ["=HYPERLINK(\"http://x\")", "+1 vote", "-minus", "@SUM(A1)", "\tTab", "plain", None],
            "compound": [-0.5, 0.1, -1.0, 0.0, 0.2, 0.3, 0.4],
        }
    )
    back = pd.read_csv(io.StringIO(to_csv(frame)), keep_default_na=False)
    assert back["text"].tolist() == ["'=HYPERLINK(\"http://x\")", "'+1 vote", "'-minus", "'@SUM(A1)", "'\tTab", "plain", ""]
    assert back["compound"].tolist() == [-0.5, 0.1, -1.0, 0.0, 0.2, 0.3, 0.4]  # numbers stay numbers
    assert frame["text"].iloc[0] == "=HYPERLINK(\"http://x\")"  # the input is not changed


def test_report_json_fills_texts_the_tables_do_not_hold() -> None:
    analysis = analyze_corpus(load_corpus(), load_actor_dictionary())
    texts = dict(zip(analysis.articles["id"], analysis.articles["text"]))
    first = analysis.articles["id"].iloc[0]
    without = analysis.articles.assign(text=[""] * len(texts))
    asked: list[list[str]] = []

    def fetch(ids):
        asked.append(list(ids))
        return {i: texts[i] for i in ids if i == first}

    report = json.loads(report_json(dataclasses.replace(analysis, articles=without), fetch))
    assert asked == [list(texts)]
    assert [a["text"] for a in report["articles"]] == [texts[first], ""]
    # With the texts in the tables, nothing is fetched.
    assert json.loads(report_json(analysis, fetch))["articles"][1]["text"] == list(texts.values())[1]
    assert len(asked) == 1


def test_downloads_carry_each_articles_metadata() -> None:
    from components.views.report import with_article_metadata

    articles = pd.DataFrame(
        [("a1", "Putin speaks", "Newsweek", "2025-06-20", "https://example.org/a1"), ("a2", "Quiet", None, None, None)],
        columns=["id", "title", "source", "published", "url"],
    )
    mentions = pd.DataFrame({"article_id": ["a2", "a1", "a1"], "actor": ["Iran", "Vladimir Putin", "Iran"]})
    table = with_article_metadata(mentions, articles)
    assert list(table.columns) == ["article_id", "title", "source", "published", "url", "actor"]
    assert table.iloc[1].tolist() == ["a1", "Putin speaks", "Newsweek", "2025-06-20", "https://example.org/a1", "Vladimir Putin"]
    assert table.iloc[0].tolist()[:2] == ["a2", "Quiet"] and table.iloc[0][["source", "url"]].isna().all()
    assert table["actor"].tolist() == ["Iran", "Vladimir Putin", "Iran"]  # the rows as they were
