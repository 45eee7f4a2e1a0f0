"""The user's own columns in real Chromium: an uploaded CSV's ``doc_id``, ``tags`` and ``id`` come back
in the table downloads, beside our id, title, source, date and URL, with formulas neutralised."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from browsing import click_datum, open_app, query, settle

pytestmark = pytest.mark.browser

ROWS = [
    {"doc_id": f"DOC-{i}", "title": f"Berlin talks {i}", "source": "Test Wire", "published": f"2025-07-0{i + 1}",
     "url": f"https://example.org/berlin-{i}", "tags": tags, "id": f"mine-{i}",
     "text": f"Chancellor Olaf Scholz met President Emmanuel Macron in Berlin on day {i}. They discussed trade."}
    for i, tags in enumerate(["germany; france", "=HYPERLINK(\"http://evil\")", ""])
]


def test_the_mentions_download_carries_the_uploaded_csvs_own_columns(server, browser, tmp_path: Path) -> None:
    upload = tmp_path / "mine.csv"
    with upload.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(ROWS[0]))
        writer.writeheader()
        writer.writerows(ROWS)
    page = open_app(browser, server.url)
    page.locator('[class*="st-key-ns_corpus_upload"] input[type="file"]').set_input_files(str(upload))
    page.get_by_text("Analysed 3 uploaded article(s)").wait_for(timeout=120_000)
    settle(page)
    click_datum(page, "actors", "Olaf Scholz")  # only the uploaded articles mention him
    assert query(page)["actor"] == ["Olaf Scholz"]
    with page.expect_download() as download:
        page.locator('[class*="st-key-ns_dl_mentions"] button').click()
    rows = pd.read_csv(download.value.path(), dtype=str, keep_default_na=False)
    assert list(rows.columns[:8]) == ["article_id", "title", "source", "published", "url", "doc_id", "tags", "user_id"]
    assert set(rows["actor"]) >= {"Olaf Scholz", "Emmanuel Macron"}
    by_title = rows.drop_duplicates("title").set_index("title")
    assert sorted(by_title.index) == [r["title"] for r in ROWS]
    for row in ROWS:
        got = by_title.loc[row["title"]]
        assert (got["doc_id"], got["user_id"], got["url"]) == (row["doc_id"], row["id"], row["url"])
    assert by_title.loc["Berlin talks 0", "tags"] == "germany; france"
    assert by_title.loc["Berlin talks 1", "tags"] == "'=HYPERLINK(\"http://evil\")"  # user text, neutralised
    assert by_title.loc["Berlin talks 2", "tags"] == ""
    # The other table downloads carry them too.
    with page.expect_download() as download:
        page.locator('[class*="st-key-ns_dl_keywords"] button').click()
    keywords = pd.read_csv(download.value.path(), dtype=str, keep_default_na=False)
    assert set(keywords["doc_id"]) == {"DOC-0", "DOC-1", "DOC-2"}
