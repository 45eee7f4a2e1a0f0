"""The analyst's tasks in real Chromium at 1280x720, on 100 Wikinews articles uploaded without the
bundled ones: the values shown are checked against the uploaded file.

News articles from English Wikinews (https://en.wikinews.org), © Wikinews contributors, CC BY 2.5;
see ``../shared/corpora/README.md``.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pandas as pd
import pytest
from browsing import chart, click_and_settle, click_datum, metric, query, reader, settle
from conftest import ROOT

from components.cli import main

pytestmark = pytest.mark.browser

WIKINEWS = ROOT.parent / "shared" / "corpora" / "wikinews.csv"
SAMPLE_SEED = 2026120114


@pytest.fixture(scope="module")
def wikinews_100(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, str]:
    if not WIKINEWS.exists():
        pytest.fail(f"{WIKINEWS} is missing: the analyst tests need the shared Wikinews corpus")
    sample = pd.read_csv(WIKINEWS).sample(100, random_state=SAMPLE_SEED)
    path = tmp_path_factory.mktemp("wikinews") / "wikinews-100.csv"
    sample.to_csv(path, index=False)
    return sample, str(path)


@pytest.fixture(scope="module")
def page(server, browser, wikinews_100):
    """The dashboard at 1280x720 with the 100 articles uploaded and the bundled ones left out."""
    _, path = wikinews_100
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(server.url)
    page.wait_for_selector('[class*="st-key-ns_chart_actors_"] g.trace', timeout=90_000)
    settle(page)
    page.locator('[class*="st-key-ns_corpus_upload"] input[type="file"]').set_input_files(path)
    # 100 articles are analysed in the background; the page reruns until they join the corpus.
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stMetric"]')]
                 .some(m => m.innerText.includes('Articles') && m.innerText.includes('102'))""",
        timeout=240_000,
    )
    settle(page)
    page.locator('[class*="st-key-ns_corpus_bundled"] label').click()
    settle(page)
    assert metric(page, "Articles") == "100"
    yield page
    context.close()


PLOT_AREA_JS = """
el => {
    const gd = el.querySelector('.js-plotly-plot');
    const box = gd.getBoundingClientRect();
    const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
    return [box.left + xa._offset, box.top + ya._offset, xa._length, ya._length];
}
"""


def test_b_dragging_across_the_attention_chart_filters_the_dates(page, wikinews_100) -> None:
    sample, _ = wikinews_100
    timeline = chart(page, "timeline")
    timeline.scroll_into_view_if_needed()
    left, top, width, height = timeline.evaluate(PLOT_AREA_JS)
    before = page.evaluate("location.href")
    page.mouse.move(left + width * 0.55, top + height / 2)
    page.mouse.down()
    page.mouse.move(left + width * 0.75, top + height / 2, steps=8)
    page.mouse.move(left + width * 0.95, top + height / 2, steps=8)
    page.mouse.up()
    page.wait_for_function("old => location.href !== old", arg=before, timeout=30_000)
    settle(page)
    first, last = query(page)["dates"][0].split(",")
    assert first < last
    published = sample["published"].astype(str).str[:10]
    expected = int(published.between(first, last).sum())
    assert expected > 0
    assert metric(page, "Articles") == str(expected)
    assert page.locator('[class*="st-key-ns_chip_dates"]').first.inner_text().startswith(f"✕ Dates: {first} to {last}")
    # The sidebar's date range shows the same days.
    shown = page.locator('[class*="st-key-ns_filter_dates"] input[type="date"]').evaluate_all("els => els.map(e => e.value)")
    assert shown == [max(first, published.min()), min(last, published.max())]  # the picker stays within the corpus
    # Removing the chip brings every article back.
    page.locator('[class*="st-key-ns_chip_dates"] button').first.click()
    page.wait_for_function("() => !new URL(location.href).searchParams.has('dates')", timeout=30_000)
    settle(page)
    time.sleep(0.5)
    assert metric(page, "Articles") == "100"


def test_e_find_every_use_of_a_word_read_it_in_context_and_open_it(page, wikinews_100) -> None:
    sample, _ = wikinews_100
    word = "government"
    found = page.locator('[class*="st-key-ns_kwic_find"] input')
    found.scroll_into_view_if_needed()
    before = page.evaluate("location.href")
    found.fill(word)
    found.press("Enter")
    page.wait_for_function("old => location.href !== old", arg=before, timeout=30_000)
    settle(page)
    assert query(page)["find"] == [word]
    pattern = re.compile(rf"(?<!\w){word}(?!\w)", re.IGNORECASE)
    hits = sample["text"].map(lambda t: len(pattern.findall(str(t))))
    caption = page.get_by_text("sentence(s); click one").inner_text()
    assert f"{int(hits.sum()):,} hit(s) in {int((hits > 0).sum()):,} article(s)" in caption
    # Each line shows its hit between its left and right context.
    table = page.locator('[class*="st-key-ns_kwic_table"] [data-testid="stDataFrameResizable"]')
    table.scroll_into_view_if_needed()
    box = table.bounding_box()
    click_and_settle(page, box["x"] + 12, box["y"] + 52)  # the first line's selection checkbox
    params = query(page)
    assert params["article"] and params["sentence"]
    selected = reader(page).locator(".ns-selected")
    assert selected.count() == 1 and word in selected.inner_text().lower()
    marks = reader(page).locator("mark.ns-keyword")
    assert marks.count() >= 1 and {m.lower() for m in marks.all_inner_texts()} == {word}
    page.locator('[class*="st-key-ns_chip_find"] button').first.click()  # leave the view as it was
    page.wait_for_function("() => !new URL(location.href).searchParams.has('find')", timeout=30_000)
    settle(page)


ACTOR_BARS_JS = """
el => {
    const gd = el.querySelector('.js-plotly-plot');
    const totals = {};
    for (const trace of gd.data) {
        trace.customdata.forEach((c, i) => { totals[c[0]] = (totals[c[0]] || 0) + trace.x[i]; });
    }
    return totals;
}
"""


@pytest.fixture(scope="module")
def cli_report(wikinews_100) -> dict:
    """What the command line makes of the same file: the values the dashboard must show."""
    _, path = wikinews_100
    out = Path(path).with_suffix(".json")
    assert main(["analyze", path, "--json", str(out), "--quiet"]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


def test_a_who_the_corpus_talks_about_and_how_much(page, cli_report) -> None:
    page.evaluate("window.scrollTo(0, 0)")
    totals = chart(page, "actors").evaluate(ACTOR_BARS_JS)
    expected: dict[str, int] = {}
    for article in cli_report["articles"]:
        for actor in article["actors"]:
            expected[actor["actor"]] = expected.get(actor["actor"], 0) + actor["mentions"]
    top = sorted(expected.items(), key=lambda item: (-item[1], item[0]))[:10]
    assert all(totals.get(name) == count for name, count in top), (top, totals)
    # The chart's data, as CSV, holds the same counts.
    with page.expect_download() as download:
        page.locator('[class*="st-key-ns_dl_chart_actors"] button').click()
    data = pd.read_csv(download.value.path())
    counted = dict(zip(data["actor"], data["mentions"]))
    assert all(counted[name] == count for name, count in top)


def test_f_export_exactly_what_is_on_screen_with_the_articles_metadata(page, cli_report, wikinews_100) -> None:
    sample, _ = wikinews_100
    actor = "United States"
    click_datum(page, "actors", actor)
    assert query(page)["actor"] == [actor]
    with page.expect_download() as download:
        page.locator('[class*="st-key-ns_dl_mentions"] button').click()
    rows = pd.read_csv(download.value.path())
    shown = [a for a in cli_report["articles"] if any(m["actor"] == actor for m in a["mentions"])]
    assert metric(page, "Articles") == str(len(shown))
    assert set(rows["article_id"]) == {a["id"] for a in shown}
    assert len(rows) == sum(len(a["mentions"]) for a in shown)
    assert list(rows.columns[:5]) == ["article_id", "title", "source", "published", "url"]
    by_id = {a["id"]: a for a in shown}
    for row in rows.drop_duplicates("article_id").itertuples(index=False):
        assert row.title == by_id[row.article_id]["title"] and row.url == by_id[row.article_id]["url"]
    # The file's own id column comes back too, as user_id (our article_id is a hash of the text).
    assert rows.columns[5] == "user_id"
    their_ids = dict(zip(sample["url"], sample["id"]))
    assert all(row.user_id == their_ids[row.url] for row in rows.itertuples(index=False))
    # The whole corpus, whatever is selected, for those who want all of it.
    with page.expect_download() as download:
        page.locator('[class*="st-key-ns_dl_corpus"] button').click()
    corpus = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert sorted(a["id"] for a in corpus["articles"]) == sorted(a["id"] for a in cli_report["articles"])
    page.locator('[class*="st-key-ns_chip_actor"] button').first.click()
    settle(page)


SOURCE_CELLS_JS = """
el => {
    const trace = el.querySelector('.js-plotly-plot').data[0];
    return trace.customdata.map((c, i) => [c[0], c[1], trace.text[i], trace.hovertext[i]]);
}
"""


def test_c_how_the_sources_differ_on_an_actor(page, cli_report) -> None:
    actor = "United States"
    click_datum(page, "actors", actor)
    cells = chart(page, "sources").evaluate(SOURCE_CELLS_JS)
    by_source: dict[str, list[dict]] = {}
    for article in cli_report["articles"]:
        by_source.setdefault(article["source"] or "(unknown)", []).append(article)
    shown = {(source, name): (text, hover) for source, name, text, hover in cells if name == actor}
    assert set(source for source, _ in shown) == set(by_source)
    for source, articles in by_source.items():
        mentioning = [a for a in articles if any(m["actor"] == actor for m in a["mentions"])]
        text, hover = shown[source, actor]
        assert text == f"{len(mentioning) / len(articles):.0%}"
        assert f"{len(mentioning)} of {len(articles)} articles" in hover
        assert "Tone: " in hover and "Sentences: " in hover  # the tone with its support
    page.locator('[class*="st-key-ns_chip_actor"] button').first.click()
    settle(page)


def test_d_read_every_sentence_where_two_actors_meet(page, cli_report) -> None:
    pair = ("Donald Trump", "United States")
    click_datum(page, "cooccurrence", *pair)
    assert query(page)["pair"] == list(pair) and "find" not in query(page)
    hover = chart(page, "cooccurrence").evaluate(
        "(el, pair) => { const t = el.querySelector('.js-plotly-plot').data[0];"
        " const i = t.customdata.findIndex(c => c[0] === pair[0] && c[1] === pair[1]); return t.hovertext[i]; }",
        list(pair),
    )
    shared = int(re.search(r"Shared sentences: (\d+)", hover).group(1))
    caption = page.get_by_text("sentence(s); click one").inner_text()
    assert int(caption.split()[0].replace(",", "")) == shared
    # Every listed sentence names both actors, as the command line's mentions say.
    table = page.locator('[class*="st-key-ns_kwic_table"]')
    assert table.count() == 1
    page.locator('[class*="st-key-ns_chip_pair"] button').first.click()
    settle(page)
