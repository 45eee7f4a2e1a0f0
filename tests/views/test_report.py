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


USER_ARTICLES = pd.DataFrame(
    [
        ("a1", "Putin speaks", "Newsweek", "2025-06-20", "https://example.org/a1", {"doc_id": "A-17", "tags": "=cmd()"}),
        ("a2", "Quiet", None, None, None, {"actor": "mine", "doc_id": "B-2"}),
        ("a3", "Plain", "AP", None, None, {}),
    ],
    columns=["id", "title", "source", "published", "url", "extra"],
)


def test_downloads_carry_the_users_own_columns_after_ours() -> None:
    from components.views.report import with_article_metadata

    mentions = pd.DataFrame({"article_id": ["a2", "a1", "a3"], "actor": ["Iran", "Vladimir Putin", "Iran"]})
    table = with_article_metadata(mentions, USER_ARTICLES)
    # The user's "actor" would clash with the table's own: it is prefixed, in the order first seen.
    assert list(table.columns) == [
        "article_id", "title", "source", "published", "url", "doc_id", "tags", "user_actor", "actor",
    ]
    assert table[["doc_id", "tags", "user_actor", "actor"]].values.tolist() == [
        ["B-2", "", "mine", "Iran"], ["A-17", "=cmd()", "", "Vladimir Putin"], ["", "", "", "Iran"],
    ]
    back = pd.read_csv(io.StringIO(to_csv(table)), keep_default_na=False, dtype=str)
    assert back.loc[1, "tags"] == "'=cmd()"  # the user's cells are neutralised too
    assert back["doc_id"].tolist() == ["B-2", "A-17", ""]


def test_without_user_columns_the_downloads_are_as_before() -> None:
    from components.views.report import with_article_metadata, with_user_columns

    plain = USER_ARTICLES.assign(extra=[{}, {}, {}])
    mentions = pd.DataFrame({"article_id": ["a1"], "actor": ["Iran"]})
    assert list(with_article_metadata(mentions, plain).columns) == ["article_id", "title", "source", "published", "url", "actor"]
    assert with_user_columns(mentions, plain.drop(columns="extra")) is mentions


def test_an_article_table_takes_the_user_columns_by_its_id() -> None:
    from components.views.report import with_user_columns

    table = with_user_columns(USER_ARTICLES[["id", "title", "url"]], USER_ARTICLES, key="id")
    assert list(table.columns) == ["id", "title", "url", "doc_id", "tags", "actor"]
    assert table["doc_id"].tolist() == ["A-17", "B-2", ""]


def test_the_report_carries_the_users_own_columns_when_there_are_any(tmp_path) -> None:
    from components.ingest.corpus import load_uploads
    from components.views.report import build_report

    data = b'doc_id,title,text,tags\nA-17,Talks,"Iran and Russia met in Moscow on Monday.","iran, russia"\n'
    analysis = analyze_corpus(load_uploads([("mine.csv", data)]), load_actor_dictionary(), workers=1)
    (article,) = build_report(analysis)["articles"]
    assert article["extra"] == {"doc_id": "A-17", "tags": "iran, russia"}
    assert list(article)[:6] == ["id", "title", "source", "published", "url", "extra"]
    assert "extra" not in build_report(analysis, include_extra=False)["articles"][0]
    seeds = analyze_corpus(load_corpus(), load_actor_dictionary(), workers=1)
    assert all("extra" not in a for a in build_report(seeds)["articles"])  # nothing of their own: no key
