"""Cleaning: exact boilerplate removed from each seed, titles, source inference, offsets."""


import pytest
from conftest import seed_text

from components.ingest.cleaning import (
    classify_line,
    clean_text,
    fold_quotes,
    infer_source,
    normalize_line,
)

SEED_000, SEED_002 = seed_text("000"), seed_text("002")

TITLE_002_LINE = (
    "Iran Makes Direct Plea to Putin After US, Israel Strikes | Avi Melamed’s insights quoted in this "
    "article by Brendan Cole and Barney Henderson for NEWSWEEK."
)


def test_seed_000_removed_lines_exactly() -> None:
    cleaned = clean_text(SEED_000, find_title=True)
    assert [(r.line, r.reason) for r in cleaned.removed] == [
        ("Khamenei asks Putin for more support against US escalation", "repeated title"),
        ("Khamenei asks Putin for more support against US escalation", "repeated title"),
        (
            "Source: Let down by Russia, Khamenei writes to Putin for more support against US: Report",
            "source credit",
        ),
        ("Post a Comment", "comment or navigation"),
        ("Previous Post Next Post", "comment or navigation"),
    ]
    assert cleaned.title == "Khamenei asks Putin for more support against US escalation"
    assert cleaned.text.startswith("• Khamenei seeks Putin's support against US after recent military action.\n")
    assert cleaned.text.endswith("in the coming weeks and months.")
    assert "Post a Comment" not in cleaned.text


def test_seed_002_removed_lines_exactly() -> None:
    cleaned = clean_text(SEED_002, find_title=True)
    assert [(r.line, r.reason) for r in cleaned.removed] == [
        ("Getting your Trinity Audio player ready...", "audio player prompt"),
        ("|", "separator"),
        (TITLE_002_LINE, "repeated title"),
        (TITLE_002_LINE, "repeated title"),
        (
            "If you want to have a better understanding of the news and what really drives the unfolding "
            "events… Read the latest book of Avi Melamed,",
            "author promo",
        ),
        ("INSIDE THE MIDDLE EAST | ENTERING A NEW ERA, available now >>>", "author promo"),
        (
            "Follow me on Twitter @AviMelamed; Facebook @InsideTheMiddleEast; for more Videos on YouTube "
            "https://www.youtube.com/c/AviMelamed",
            "social-media links",
        ),
        ("I can always be reached at Av*@********ed.com", "e-mail address"),
    ]
    assert cleaned.title == "Iran Makes Direct Plea to Putin After US, Israel Strikes"
    assert cleaned.text.startswith("Iran’s supreme leader has written to Vladimir Putin")
    assert cleaned.text.endswith("as speculation mounts over what Iran’s next move will be.")
    # Headings inside the article are article text, not boilerplate.
    assert "\nWhy It Matters\n" in cleaned.text


def test_newsweek_inferred_from_byline() -> None:
    cleaned = clean_text(SEED_002, find_title=True)
    assert cleaned.source == "Newsweek"
    assert cleaned.authors == ("Brendan Cole", "Barney Henderson")


@pytest.mark.parametrize(
    ("lines", "source"),
    [
        (["Story | Reporting by Jane Roe for THE GUARDIAN."], "The Guardian"),
        (["TEHRAN (Reuters) - Iran said on Monday it would respond."], "Reuters"),
        (["Written by Ann Lee for BBC"], "BBC"),
        (["Iran said on Monday it would respond, Reuters reported."], None),  # a citation is not a byline
        ([], None),
    ],
)
def test_infer_source(lines: list[str], source: str | None) -> None:
    assert infer_source(lines)[0] == source


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Getting your Trinity Audio player ready...", "audio player prompt"),
        ("Listen to this article", "audio player prompt"),
        ("* * *", "separator"),
        ("—", "separator"),
        ("Post a Comment", "comment or navigation"),
        ("Previous Post Next Post", "comment or navigation"),
        ("Share this article", "comment or navigation"),
        ("Follow us on Instagram for more", "social-media links"),
        ("Contact: jo*@*****le.org", "e-mail address"),
        ("Write to editor@example.com with tips", "e-mail address"),
        ("Read the latest book of Jane Doe,", "author promo"),
        # Any case, and lines with non-ASCII characters (searched without the words' shortcut).
        ("FOLLOW US ON TWITTER", "social-media links"),
        ("Suivez-nous — follow us on Telegram", "social-media links"),
        ("Reporter Jo Smith can be reached at the desk", "e-mail address"),
        ("Écrivez à rédaction@example.fr", "e-mail address"),
        ("SUPPORT OUR JOURNALISM", "author promo"),
        ("The U.S. struck three nuclear sites on Saturday.", None),
        ("Why It Matters", None),
        ("Home prices rose in March.", None),  # "home" only as a whole navigation line
        ("3.5", None),  # digits are content, not a separator
    ],
)
def test_classify_line(line: str, reason: str | None) -> None:
    assert classify_line(line) == reason


def test_long_prose_mentioning_twitter_is_kept() -> None:
    line = "The minister said on Twitter: " + "the talks went well and will continue next week " * 8
    assert classify_line(line) is None


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("  a\u00a0\u00a0b\tc  ", "a b c"),
        ("zero\u200bwidth", "zerowidth"),
        ("soft\u00adhyphen", "softhyphen"),
    ],
)
def test_normalize_line(raw: str, normalized: str) -> None:
    assert normalize_line(raw) == normalized


def test_fold_quotes_keeps_length_and_offsets() -> None:
    cleaned = clean_text(SEED_002, find_title=True).text
    folded = fold_quotes(cleaned)
    assert len(folded) == len(cleaned)
    assert "’" in cleaned and "’" not in folded and "“" not in folded
    index = folded.index("Iran's supreme leader")
    assert cleaned[index : index + len("Iran’s supreme leader")] == "Iran’s supreme leader"


def test_blank_lines_collapse_to_one_and_crlf_is_handled() -> None:
    cleaned = clean_text("Title\r\n\r\n\r\n\r\nFirst para.\r\n\r\n\r\nSecond para.\r\n", find_title=True)
    assert cleaned.title == "Title"
    assert cleaned.text == "First para.\n\nSecond para."


def test_known_title_removes_repeats_with_curly_quotes() -> None:
    cleaned = clean_text("Iran’s plea\nIran's plea\nBody text here.", title="Iran's plea")
    assert cleaned.text == "Body text here."
    assert [r.reason for r in cleaned.removed] == ["repeated title", "repeated title"]


def test_long_first_line_is_not_a_title() -> None:
    body = "This opening paragraph is long. " * 20
    assert clean_text(body, find_title=True).title is None


def test_every_kind_of_line_break_ends_a_line() -> None:
    # Found by hypothesis: U+2028, form feed and the like joined boilerplate to article text.
    cleaned = clean_text("Body text.\u2028Post a Comment\fShare this article\x85More text.")
    assert cleaned.text == "Body text.\nMore text."
    assert [r.reason for r in cleaned.removed] == ["comment or navigation", "comment or navigation"]


def test_known_title_holding_a_bar_is_removed_when_repeated() -> None:
    # Found by hypothesis: a page title such as "Headline | Newsweek" was compared by its head only.
    cleaned = clean_text("the | Newsweek\nBody text here.\nthe | Newsweek", title="the | Newsweek")
    assert cleaned.text == "Body text here."
    assert [r.reason for r in cleaned.removed] == ["repeated title", "repeated title"]
