"""Laptop-ready (issue 14, item 9), in real Chromium at 1280x720 and 1920x1080: nothing scrolls
sideways, the concordance fits its column, chart labels never overlap, and a long actor name is
short on the axis but whole in the hover, and a click on it selects the whole name."""

from __future__ import annotations

import pytest
from browsing import DATUM_POSITION_JS, chart, click_and_settle, query, settle

from components.views.figures import NAME_LABEL_CHARS

pytestmark = pytest.mark.browser

SIZES = [(1280, 720), (1920, 1080)]

# Every element of the main area that is wider than the main block (so the page or a panel is wider
# than the screen), and every element that scrolls sideways (a table wider than its column).
OVERFLOW_JS = """
root => {
    const block = root.getBoundingClientRect();
    const wide = [];
    for (const el of root.querySelectorAll('*')) {
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) continue;
        const keyed = el.closest('[class*="st-key-"]');
        const key = keyed ? [...keyed.classList].find(c => c.startsWith('st-key-')) : el.tagName;
        if (box.left < block.left - 1 || box.right > block.right + 1) {
            wide.push(`${key}: spans ${Math.round(box.left)}-${Math.round(box.right)} px, the page ${Math.round(block.left)}-${Math.round(block.right)}`);
        }
        const scrolls = ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
        if (scrolls && el.scrollWidth > el.clientWidth + 1) {
            wide.push(`${key}: ${el.scrollWidth} px of content in ${el.clientWidth} px, scrolling sideways`);
        }
    }
    return wide;
}
"""

TICKS_JS = """
(el, axis) => [...el.querySelectorAll(`g.${axis}tick text`)].map(t => {
    const b = t.getBoundingClientRect();
    return [t.textContent, (b.left + b.right) / 2, (b.top + b.bottom) / 2, parseFloat(getComputedStyle(t).fontSize)];
})
"""


LONG_NAMES_JS = """
(el, chars) => {
    const gd = el.querySelector('.js-plotly-plot');
    const names = new Set();
    for (const trace of gd._fullData) for (const c of trace.customdata || []) if (c[0].length > chars) names.add(c[0]);
    return [...names];
}
"""


def open_at(browser, url: str, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector('[class*="st-key-ns_chart_actors_"] g.trace', timeout=90_000)
    settle(page)
    return context, page


def overlapping(ticks: list[list], *, across: bool) -> list[tuple[str, str]]:
    """Neighbouring tick labels closer than their font size (``across``: along x, else along y),
    so that their letters touch or overlap: at a -45 degree angle, or 12 px text on 10 px rows."""
    at = 1 if across else 2
    ordered = sorted(ticks, key=lambda t: t[at])
    return [(a[0], b[0]) for a, b in zip(ordered, ordered[1:]) if b[at] - a[at] < min(a[3], b[3])]


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_nothing_scrolls_sideways_and_labels_never_overlap(server, browser, width: int, height: int) -> None:
    # An actor selected: the concordance, both quote lists and every chart are on the page.
    context, page = open_at(browser, f"{server.url}/?actor=Vladimir+Putin", width, height)
    try:
        page.wait_for_selector('[class*="st-key-ns_kwic_table"] canvas', timeout=60_000)
        sizes = page.evaluate("() => [document.scrollingElement.scrollWidth, window.innerWidth]")
        assert sizes[0] <= sizes[1], f"the page scrolls sideways: {sizes[0]} px wide in a {sizes[1]} px window"
        main = page.locator('[data-testid="stMainBlockContainer"]')
        assert main.evaluate(OVERFLOW_JS) == []
        # The concordance itself: as wide as its column at most, and no sideways scroll inside it.
        table = page.locator('[class*="st-key-ns_kwic_table"] [data-testid="stDataFrame"]')
        table_box, main_box = table.bounding_box(), main.bounding_box()
        assert table_box["x"] + table_box["width"] <= main_box["x"] + main_box["width"] + 1
        scroller = table.locator(".dvn-scroller").first
        assert scroller.evaluate("el => el.scrollWidth <= el.clientWidth + 1"), "the concordance scrolls sideways"
        # The co-occurrence matrix, the most crowded chart: no two labels touch, on either axis.
        matrix = chart(page, "cooccurrence")
        xticks, yticks = matrix.evaluate(TICKS_JS, "x"), matrix.evaluate(TICKS_JS, "y")
        assert len(xticks) >= 10 and len(yticks) >= 10  # the test looks at a crowded grid
        assert overlapping(xticks, across=True) == [] and overlapping(yticks, across=False) == []
        for name in ("actors", "keywords", "article_sentiment"):
            assert overlapping(chart(page, name).evaluate(TICKS_JS, "y"), across=False) == [], name
    finally:
        context.close()


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_a_long_actor_name_is_short_on_the_axis_whole_on_hover_and_selected_whole(
    server, browser, width: int, height: int
) -> None:
    context, page = open_at(browser, server.url, width, height)
    try:
        bars = chart(page, "actors")
        long_names = bars.evaluate(LONG_NAMES_JS, NAME_LABEL_CHARS)
        assert long_names, "the bundled corpus should have an actor name longer than a tick label"
        name = long_names[0]
        labels = [t[0] for t in bars.evaluate(TICKS_JS, "y")]
        assert name not in labels
        short = [t for t in labels if t.endswith("…") and name.startswith(t[:-1].rstrip())]
        assert len(short) == 1 and len(short[0]) <= NAME_LABEL_CHARS
        # Hovering the bar shows the whole name.
        bars.scroll_into_view_if_needed()
        x, y = bars.evaluate(DATUM_POSITION_JS, [name])
        page.mouse.move(x, y)
        hover = bars.locator(".hoverlayer .hovertext")
        hover.wait_for(timeout=10_000)
        shown = " ".join(hover.locator("tspan.line").all_text_contents()) or hover.text_content()
        assert name in " ".join(shown.split())
        # A click on the short label's bar selects the actor by its whole name.
        click_and_settle(page, x, y)
        assert query(page)["actor"] == [name]
    finally:
        context.close()
