"""Real Chromium against a real `streamlit run`: clicks link the views, URLs share them, uploads stay inert.

Needs Debian's chromium (/usr/bin/chromium); skips with the reason without it, fails under CI=true.
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

import pandas as pd
import pytest
from browsing import (
    chart,
    click_and_settle,
    click_datum,
    metric,
    new_context,
    open_app,
    query,
    reader,
    settle,
)
from conftest import ROOT

pytestmark = pytest.mark.browser

SEED_002_TITLE = "Iran Makes Direct Plea to Putin After US, Israel Strikes"


def test_clicking_an_actor_bar_links_every_view(server, browser) -> None:
    page = open_app(browser, server.url)
    assert reader(page).locator("mark.ns-active").count() == 0
    click_datum(page, "actors", "Donald Trump")
    assert query(page) == {"actor": ["Donald Trump"]}
    # The chip, the header and the per-article sentiment chart narrow to Trump's one article.
    assert page.locator('[class*="st-key-ns_chip_actor"]').inner_text().startswith("✕ Actor: Donald Trump")
    assert metric(page, "Articles") == "1"
    assert chart(page, "article_sentiment").locator("g.trace.bars g.point path").count() == 1
    # The reader emphasises every Trump mention; the other actors stay highlighted, unemphasised.
    active = reader(page).locator("mark.ns-active")
    assert active.count() == 7
    assert all("Trump" in active.nth(i).inner_text() for i in range(active.count()))
    assert reader(page).locator("mark.ns-actor:not(.ns-active)").count() > 100
    # Keyword in context lists the 7 sentences mentioning him.
    assert "7 sentence(s)" in page.locator('[data-testid="stCaptionContainer"]', has_text="sentence(s)").inner_text()
    # The co-occurrence chart draws only the cells involving Trump at full opacity.
    opacities = chart(page, "cooccurrence").locator("g.trace.scatter path.point").evaluate_all(
        "els => els.map(e => parseFloat(getComputedStyle(e).opacity))"
    )
    assert min(opacities) < 0.5 and max(opacities) == 1.0
    # The downloads hold the selection: Trump's one article.
    with page.expect_download() as download:
        page.locator('[class*="st-key-ns_dl_mentions"] button').click()
    mentions = pd.read_csv(download.value.path())
    assert len(mentions) > 7 and set(mentions["article_id"]) == {"e606c3666b9499cf"}
    assert (mentions["actor"] == "Donald Trump").sum() == 7
    with page.expect_download() as download:
        page.locator('[class*="st-key-ns_dl_json"] button').click()
    report = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert [a["id"] for a in report["articles"]] == ["e606c3666b9499cf"]
    assert "Trump" in report["articles"][0]["text"]


def test_sentence_point_jumps_the_reader(server, browser) -> None:
    page = open_app(browser, f"{server.url}/?article=24996e53f8f69905")
    click_datum(page, "sentences", 20)
    assert query(page)["sentence"] == ["20"]
    selected = reader(page).locator(".ns-selected")
    assert selected.count() == 1 and selected.get_attribute("id") == "s-20"
    # scrolled into view inside the reader frame
    in_view = selected.evaluate("e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }")
    assert in_view


def test_clicking_a_keyword_highlights_and_lists_it(server, browser) -> None:
    page = open_app(browser, server.url)
    click_datum(page, "keywords", "Middle East")
    assert query(page) == {"keyword": ["Middle East"]}
    marks = reader(page).locator("mark.ns-keyword")
    assert marks.count() >= 10 and {marks.nth(i).inner_text() for i in range(marks.count())} == {"Middle East"}
    rows = page.locator('[class*="st-key-ns_kwic_table"]')
    assert "sentence(s)" in page.get_by_text("sentence(s); click one").inner_text()
    assert rows.count() == 1


def test_clicking_a_cooccurrence_cell_lists_shared_sentences(server, browser) -> None:
    page = open_app(browser, server.url)
    click_datum(page, "cooccurrence", "Donald Trump", "Iran")
    assert query(page) == {"pair": ["Donald Trump", "Iran"]}
    caption = page.get_by_text("sentence(s); click one").inner_text()
    shared = int(caption.split()[0])
    assert shared >= 3
    # Opening one of them from the list jumps the reader there.
    table = page.locator('[class*="st-key-ns_kwic_table"] [data-testid="stDataFrameResizable"]')
    table.scroll_into_view_if_needed()
    box = table.bounding_box()
    click_and_settle(page, box["x"] + 12, box["y"] + 52)  # the first row's selection checkbox
    assert query(page)["sentence"]
    selected = reader(page).locator(".ns-selected")
    assert selected.count() == 1
    text = selected.inner_text()
    assert "Trump" in text and "Iran" in text


def test_shared_url_reproduces_the_view(server, browser) -> None:
    url = f"{server.url}/?sources=Newsweek&actor=Abbas+Araqchi&keyword=Moscow"
    page = open_app(browser, url)
    assert metric(page, "Articles") == "1"
    assert reader(page).locator("h2").inner_text() == SEED_002_TITLE
    assert reader(page).locator("mark.ns-keyword").count() == 5  # every "Moscow" in the article
    chips = page.locator('[class*="st-key-ns_chip_"]').all_inner_texts()
    assert chips[:3] == ["✕ Source: Newsweek", "✕ Actor: Abbas Araqchi", "✕ Keyword: Moscow"]
    assert query(page) == {"sources": ["Newsweek"], "actor": ["Abbas Araqchi"], "keyword": ["Moscow"]}


def test_a_click_reruns_the_views_and_a_filter_chip_the_sidebar_too(server, browser) -> None:
    # A chart click reruns only the views (a Streamlit fragment): the sidebar keeps its filter.
    page = open_app(browser, f"{server.url}/?sources=Newsweek")
    sources = page.locator('[class*="st-key-ns_filter_sources"]')
    assert "Newsweek" in sources.inner_text()
    click_datum(page, "actors", "Abbas Araqchi")
    assert query(page) == {"sources": ["Newsweek"], "actor": ["Abbas Araqchi"]}
    assert "Newsweek" in sources.inner_text() and metric(page, "Articles") == "1"
    # Removing the source's chip changes a sidebar filter: the whole page reruns and shows it.
    page.locator('[class*="st-key-ns_chip_sources"] button').first.click()  # its help tooltip holds a copy
    page.wait_for_function("() => !new URL(location.href).searchParams.has('sources')", timeout=30_000)
    settle(page)
    assert "Newsweek" not in sources.inner_text()
    assert query(page) == {"actor": ["Abbas Araqchi"]}
    assert page.locator('[class*="st-key-ns_chip_"]').all_inner_texts()[0] == "✕ Actor: Abbas Araqchi"


def test_quotes_panel_selects_a_speaker_and_opens_a_quote_in_the_reader(server, browser) -> None:
    page = open_app(browser, server.url)
    click_datum(page, "speakers", "Abbas Araqchi")
    assert query(page) == {"actor": ["Abbas Araqchi"]}
    # Two labelled groups: Araqchi's own quotes, and the quotes that mention him.
    assert page.get_by_text("Quotes by Abbas Araqchi").count() == 1
    assert page.get_by_text("Quotes that mention Abbas Araqchi").count() == 1
    table = page.locator('[class*="st-key-ns_quotes_by_table"] [data-testid="stDataFrameResizable"]')
    table.scroll_into_view_if_needed()
    box = table.bounding_box()
    click_and_settle(page, box["x"] + 12, box["y"] + 52)  # the first quote's selection checkbox
    assert query(page)["sentence"] and query(page)["article"] == ["24996e53f8f69905"]
    selected = reader(page).locator(".ns-selected")
    assert selected.count() == 1
    # The reader marks the quote and names its speaker where it starts.
    speakers = reader(page).locator(".ns-speaker").all_inner_texts()
    assert "Abbas Araqchi · direct" in speakers
    assert reader(page).locator(".ns-quote").count() >= len(speakers)


def test_the_reader_steps_through_the_selection_and_drops_its_tints(server, browser) -> None:
    page = open_app(browser, server.url)
    first = reader(page).locator("h2").inner_text()
    page.locator('[class*="st-key-ns_reader_next"] button').first.click()
    page.wait_for_function("() => new URL(location.href).searchParams.has('article')", timeout=30_000)
    settle(page)
    second_id = query(page)["article"][0]
    assert reader(page).locator("h2").inner_text() != first
    assert page.locator('[class*="st-key-ns_reader_next"] button').first.is_disabled()  # two articles: the last
    page.locator('[class*="st-key-ns_reader_previous"] button').first.click()
    page.wait_for_function("old => new URL(location.href).searchParams.get('article') !== old", arg=second_id, timeout=30_000)
    settle(page)
    assert reader(page).locator("h2").inner_text() == first
    assert reader(page).locator(".ns-positive, .ns-negative").count() > 0
    page.locator('[class*="st-key-ns_reader_tints"] label').click()
    page.wait_for_function("() => new URL(location.href).searchParams.get('tints') === 'off'", timeout=30_000)
    settle(page)
    assert reader(page).locator(".ns-reader .ns-positive, .ns-reader .ns-negative").count() == 0


def test_a_link_to_an_uploaded_corpus_says_so_and_the_same_upload_restores_it(server, browser, tmp_path: Path) -> None:
    feed = tmp_path / "wire.jsonl"
    feed.write_text(
        "\n".join(
            json.dumps({"title": f"Wire story {i}", "source": "Test Wire", "published": f"2025-07-0{i + 1}",
                        "text": f"Chancellor Olaf Scholz met President Emmanuel Macron in Berlin on day {i}."})
            for i in range(3)
        ),
        encoding="utf-8",
    )
    page = open_app(browser, server.url)
    page.locator('[class*="st-key-ns_corpus_upload"] input[type="file"]').set_input_files(str(feed))
    page.get_by_text("Analysed 3 uploaded article(s)").wait_for(timeout=120_000)
    settle(page)
    click_datum(page, "actors", "Olaf Scholz")
    shared = page.evaluate("location.href")
    params = query(page)
    assert params["actor"] == ["Olaf Scholz"] and len(params["upload"][0]) == 16
    # Opened elsewhere, without the upload: it says so plainly.
    other = open_app(browser, shared)
    note = other.get_by_text("uploaded corpus that is not loaded here")
    assert note.count() == 1
    assert "actor" not in query(other)
    # The same file uploaded there brings the view back.
    other.locator('[class*="st-key-ns_corpus_upload"] input[type="file"]').set_input_files(str(feed))
    other.get_by_text("Analysed 3 uploaded article(s)").wait_for(timeout=120_000)
    other.wait_for_function("() => new URL(location.href).searchParams.get('actor') === 'Olaf Scholz'", timeout=30_000)
    settle(other)
    assert query(other)["upload"] == params["upload"]
    assert other.locator('[class*="st-key-ns_chip_actor"]').first.inner_text().startswith("✕ Actor: Olaf Scholz")


def test_uploaded_html_and_script_stay_text(server, browser, tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.txt"
    hostile.write_text(
        "<script>window.__pwned = 1; alert('title')</script> Headline\n"
        "Iran said <img src=x onerror=\"window.__pwned = 2; alert('img')\"> and "
        "<b>bold</b> <a href=\"javascript:alert('link')\">link</a> in Moscow.\n",
        encoding="utf-8",
    )
    context = new_context(browser)
    dialogs: list[str] = []
    page = open_app(browser, server.url, context=context)
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.locator('[class*="st-key-ns_corpus_upload"] input[type="file"]').set_input_files(str(hostile))
    settle(page)
    page.wait_for_function("(document.querySelector('[data-testid=\"stMetricValue\"]') || {}).innerText === '3'", timeout=60_000)
    page.locator('[class*="st-key-ns_reader_article"]').click()
    page.get_by_role("option", name="<script>", exact=False).click()
    settle(page)
    frame = reader(page)
    assert "<script>window.__pwned = 1; alert('title')</script> Headline" in frame.locator("h2").inner_text()
    assert "<img src=x onerror=" in frame.locator(".ns-reader").inner_text()
    assert frame.locator("img, script:not(:last-child), b, a[href^='javascript']").count() == 0
    time.sleep(1)
    assert dialogs == []
    assert page.evaluate("window.__pwned") is None
    assert page.frames[-1].evaluate("window.__pwned") is None
    # Titles stay text in the chips and the chart labels too.
    chip = page.locator('[class*="st-key-ns_chip_article"]').inner_text()
    assert "<script>window.__pwned" in chip
    ticks = chart(page, "article_sentiment").locator("g.ytick text").evaluate_all("els => els.map(e => e.textContent)")
    assert any(t.startswith("<script>window.__pwned") for t in ticks), ticks
    assert page.locator(".js-plotly-plot a, .js-plotly-plot img, .js-plotly-plot b").count() == 0
    # The in-context table (drawn on a canvas by st.dataframe, never parsed as HTML) lists it.
    click_datum(page, "actors", "Iran")
    assert page.locator('[class*="st-key-ns_kwic_table"] [data-testid="stDataFrame"]').count() == 1
    assert dialogs == [] and page.evaluate("window.__pwned") is None
    context.close()
    # Another visitor of the same server never sees the upload.
    other = open_app(browser, server.url)
    assert metric(other, "Articles") == "2"


def test_two_sessions_are_isolated_and_uploads_are_not_written(server, browser, tmp_path: Path) -> None:
    """What one visitor uploads never reaches another (not through caches either), and the upload
    is not written to any file the server can write: its folder, the temp folder or home."""
    marker = f"Zqxvmarker{time.time_ns()}"
    started = time.time()
    upload = tmp_path / "private.txt"
    upload.write_text(f"Private memo\n{marker} said Iran and Russia met in Moscow.\n", encoding="utf-8")
    first = open_app(browser, server.url)
    second = open_app(browser, server.url)
    first.locator('[class*="st-key-ns_corpus_upload"] input[type="file"]').set_input_files(str(upload))
    first.wait_for_function("(document.querySelector('[data-testid=\"stMetricValue\"]') || {}).innerText === '3'", timeout=60_000)
    # The other session, searching for the upload's unique word, finds nothing...
    for page in (second, open_app(browser, server.url)):
        search = page.locator('[class*="st-key-ns_filter_search"] input')
        search.fill(marker)
        search.press("Enter")
        page.get_by_text("No article matches the current filters.").wait_for(timeout=60_000)
        settle(page)
        assert metric(page, "Articles") == "0"
        assert "Private memo" not in page.content()
    # ...while the uploader does.
    search = first.locator('[class*="st-key-ns_filter_search"] input')
    search.fill(marker)
    search.press("Enter")
    first.wait_for_function("(document.querySelector('[data-testid=\"stMetricValue\"]') || {}).innerText === '1'", timeout=60_000)
    settle(first)
    assert "Private memo" in reader(first).locator("h2").inner_text()
    # Nothing written since the test started holds the upload (the test's own copy aside).
    leaked = []
    for folder in (ROOT, Path(tempfile.gettempdir()), Path.home()):
        for path in folder.rglob("*"):
            try:
                fresh = path.is_file() and path.stat().st_mtime >= started and path != upload
                if fresh and ".git" not in path.parts and marker.encode() in path.read_bytes():
                    leaked.append(path)
            except OSError:  # gone, or not ours to read
                continue
    assert leaked == [], leaked


def _bad_and_good_files(folder: Path) -> list[Path]:
    """Files a stranger might upload: broken ones, hostile ones and good ones side by side."""
    import io
    import zipfile

    files = {
        "empty.txt": b"",
        "picture.txt": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
        "feed.jsonl": (
            json.dumps({"title": "Wire story", "text": "Iran and Russia met in Moscow. Talks went well."}) + "\n"
            + '{"title": "broken", "text": \n'
            + json.dumps({"title": "Second wire", "text": "Putin spoke in Moscow on Monday."}) + "\n"
        ).encode(),
        "rows.csv": b"headline,author\nA,B\n",
        "arabic.txt": "إيران وروسيا\nالتقى وزير الخارجية الإيراني بالرئيس الروسي في موسكو. وقال إن المحادثات كانت جيدة.\n".encode(),
        "long-title.jsonl": (json.dumps({"title": "Iran " + "x" * 10_000, "text": "Iran thanked Russia in Moscow."}) + "\n").encode(),
    }
    bundle = io.BytesIO()
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.writestr("../../etc/escape.txt", "Escape attempt\nIran spoke to Russia.\n")
        archive.writestr("tool.exe", b"MZ\x90\x00")
    files["bundle.zip"] = bundle.getvalue()
    paths = []
    for name, data in files.items():
        (folder / name).write_bytes(data)
        paths.append(folder / name)
    return paths


def test_bad_uploads_are_named_and_the_good_ones_analysed(server, browser, tmp_path: Path) -> None:
    page = open_app(browser, server.url)
    page.locator('[class*="st-key-ns_corpus_upload"] input[type="file"]').set_input_files(
        [str(p) for p in _bad_and_good_files(tmp_path)]
    )
    # 2 bundled + 2 from the JSON Lines + the Arabic one + the long title + the zip's text member.
    page.wait_for_function("(document.querySelector('[data-testid=\"stMetricValue\"]') || {}).innerText === '7'", timeout=120_000)
    settle(page)
    problems = page.locator('[data-testid="stSidebar"] [data-testid="stAlertContentError"]').all_inner_texts()
    joined = "\n".join(problems)
    for name, reason in [
        ("empty.txt", "empty file"),
        ("picture.txt", "binary file"),
        ("feed.jsonl", "line 2"),
        ("rows.csv", "text"),
        ("tool.exe", "skipped"),
    ]:
        assert any(name in p and reason in p for p in problems), (name, reason, joined)
    assert page.get_by_text("Problems reading").count() == 1
    # The long title is cut in chips, charts and the picker; the page never scrolls sideways.
    page.locator('[class*="st-key-ns_reader_article"]').click()
    page.get_by_role("option", name="Iran xxxx", exact=False).click()
    settle(page)
    heading = reader(page).locator("h2").inner_text()
    assert heading.startswith("Iran xxx") and heading.endswith("…") and len(heading) == 300
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], widths
    frame_widths = reader(page).locator("body").evaluate("b => [b.scrollWidth, b.clientWidth]")
    assert frame_widths[0] <= frame_widths[1] + 1, frame_widths
    chip = page.locator('[class*="st-key-ns_chip_article"]').inner_text()
    assert len(chip) < 120, chip
    page.screenshot(path=str(tmp_path / "bad-uploads.png"), full_page=True)


def test_a_bad_actor_dictionary_keeps_the_previous_one_and_names_stay_text(server, browser, tmp_path: Path) -> None:
    page = open_app(browser, server.url)
    page.locator('[data-testid="stExpander"] summary', has_text="Actor dictionary").click()
    upload = page.locator('[class*="st-key-ns_dict_upload"] input[type="file"]')
    bars_before = chart(page, "actors").locator("g.point").count()
    for name, text, reason in [
        ("broken.toml", '[[actor]\nname = "X"', "broken.toml"),
        ("twice.toml", '[[actor]]\nname = "A"\ntype = "person"\naliases = ["Zed"]\n'
                       '[[actor]]\nname = "B"\ntype = "person"\naliases = ["Zed"]\n', "Zed"),
    ]:
        (tmp_path / name).write_text(text, encoding="utf-8")
        upload.set_input_files(str(tmp_path / name))
        message = page.locator('[data-testid="stAlertContentError"]', has_text=reason)
        message.wait_for(timeout=60_000)
        assert message.inner_text().endswith("The previous dictionary stays in force.")
        settle(page)
        assert chart(page, "actors").locator("g.point").count() == bars_before
    # A hostile actor name is added and shown as text in the chart, the chip and the reader.
    hostile = '<img src=x onerror="window.__pwned=9">'
    (tmp_path / "hostile.toml").write_text(
        f'[[actor]]\nname = {json.dumps(hostile)}\ntype = "organization"\naliases = ["nuclear"]\n', encoding="utf-8"
    )
    upload.set_input_files(str(tmp_path / "hostile.toml"))
    page.locator('[data-testid="stAlertContentSuccess"]').wait_for(timeout=60_000)
    settle(page)
    labels = chart(page, "actors").locator("g.ytick text").evaluate_all("els => els.map(e => e.textContent)")
    assert '<img src=x onerror="win…' in labels  # shortened on the axis (whole in the hover), as text
    click_datum(page, "actors", hostile)
    assert page.locator('[class*="st-key-ns_chip_actor"]').inner_text().startswith(f"✕ Actor: {hostile}")
    assert reader(page).locator("mark.ns-active").count() >= 1
    assert page.locator(".js-plotly-plot img").count() == 0 and reader(page).locator("img").count() == 0
    assert page.evaluate("window.__pwned") is None


def test_screenshot_for_the_readme(server, browser) -> None:
    page = open_app(browser, f"{server.url}/?actor=Vladimir+Putin")
    page.set_viewport_size({"width": 1500, "height": 1900})
    settle(page)
    target = ROOT / "docs" / "screenshot.png"
    target.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(target), full_page=False)
    assert target.stat().st_size > 50_000


def test_upload_shows_progress_and_joins_the_corpus(server, browser, tmp_path: Path) -> None:
    import json

    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        "\n".join(
            json.dumps({"title": f"Story {i}", "text": f"Iran and Russia met in Moscow on day {i}. Talks went well.",
                        "source": "Test Wire", "published": f"2025-06-{i % 28 + 1:02d}"})
            for i in range(40)
        ),
        encoding="utf-8",
    )
    page = open_app(browser, server.url)
    page.locator('[class*="st-key-ns_corpus_upload"] input[type="file"]').set_input_files(str(feed))
    page.get_by_text("Analysed 40 uploaded article(s)").wait_for(timeout=120_000)
    settle(page)
    assert metric(page, "Articles") == "42"
    assert metric(page, "Sources") == "3"
    # 28 distinct dates: the timeline appears.
    assert chart(page, "timeline").locator("g.trace").count() >= 1
