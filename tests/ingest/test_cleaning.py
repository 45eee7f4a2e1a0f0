"""Cleaning: exact boilerplate removed from each seed, titles, source inference, offsets; each removed
line's rule, rules switched off, photo credits removed and quoted posts kept (issue 14)."""

import pytest
from conftest import seed_text

from components.ingest.cleaning import (
    CLEANING_RULES,
    check_rule_names,
    classify_line,
    clean_text,
    fold_quotes,
    infer_source,
    normalize_line,
    removed_lines_text,
    rule_label,
)
from components.ingest.corpus import load_uploads

SEED_000, SEED_002 = seed_text("000"), seed_text("002")

TITLE_002_LINE = (
    "Iran Makes Direct Plea to Putin After US, Israel Strikes | Avi Melamed’s insights quoted in this "
    "article by Brendan Cole and Barney Henderson for NEWSWEEK."
)


def test_seed_000_removed_lines_exactly() -> None:
    cleaned = clean_text(SEED_000, find_title=True)
    assert [(r.line, r.rule) for r in cleaned.removed] == [
        ("Khamenei asks Putin for more support against US escalation", "repeated_title"),
        ("Khamenei asks Putin for more support against US escalation", "repeated_title"),
        (
            "Source: Let down by Russia, Khamenei writes to Putin for more support against US: Report",
            "source_credit",
        ),
        ("Post a Comment", "navigation"),
        ("Previous Post Next Post", "navigation"),
    ]
    assert cleaned.title == "Khamenei asks Putin for more support against US escalation"
    assert cleaned.text.startswith("• Khamenei seeks Putin's support against US after recent military action.\n")
    assert cleaned.text.endswith("in the coming weeks and months.")
    assert "Post a Comment" not in cleaned.text


def test_seed_002_removed_lines_exactly() -> None:
    cleaned = clean_text(SEED_002, find_title=True)
    assert [(r.line, r.rule) for r in cleaned.removed] == [
        ("Getting your Trinity Audio player ready...", "audio_player"),
        ("|", "separator"),
        (TITLE_002_LINE, "repeated_title"),
        (TITLE_002_LINE, "repeated_title"),
        (
            "If you want to have a better understanding of the news and what really drives the unfolding "
            "events… Read the latest book of Avi Melamed,",
            "author_promo",
        ),
        ("INSIDE THE MIDDLE EAST | ENTERING A NEW ERA, available now >>>", "author_promo"),
        (
            "Follow me on Twitter @AviMelamed; Facebook @InsideTheMiddleEast; for more Videos on YouTube "
            "https://www.youtube.com/c/AviMelamed",
            "social_links",
        ),
        ("I can always be reached at Av*@********ed.com", "email"),
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
    ("line", "rule"),
    [
        ("Getting your Trinity Audio player ready...", "audio_player"),
        ("Listen to this article", "audio_player"),
        ("* * *", "separator"),
        ("—", "separator"),
        ("Post a Comment", "navigation"),
        ("Previous Post Next Post", "navigation"),
        ("Share this article", "navigation"),
        ("Follow us on Instagram for more", "social_links"),
        ("Contact: jo*@*****le.org", "email"),
        ("Write to editor@example.com with tips", "email"),
        ("Read the latest book of Jane Doe,", "author_promo"),
        # Any case, and lines with non-ASCII characters (searched without the words' shortcut).
        ("FOLLOW US ON TWITTER", "social_links"),
        ("Suivez-nous — follow us on Telegram", "social_links"),
        ("Reporter Jo Smith can be reached at the desk", "email"),
        ("Écrivez à rédaction@example.fr", "email"),
        ("SUPPORT OUR JOURNALISM", "author_promo"),
        ("The U.S. struck three nuclear sites on Saturday.", None),
        ("Why It Matters", None),
        ("Home prices rose in March.", None),  # "home" only as a whole navigation line
        ("3.5", None),  # digits are content, not a separator
    ],
)
def test_classify_line(line: str, rule: str | None) -> None:
    assert classify_line(line) == rule


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
    assert [r.rule for r in cleaned.removed] == ["repeated_title", "repeated_title"]


def test_long_first_line_is_not_a_title() -> None:
    body = "This opening paragraph is long. " * 20
    assert clean_text(body, find_title=True).title is None


def test_every_kind_of_line_break_ends_a_line() -> None:
    # Found by hypothesis: U+2028, form feed and the like joined boilerplate to article text.
    cleaned = clean_text("Body text.\u2028Post a Comment\fShare this article\x85More text.")
    assert cleaned.text == "Body text.\nMore text."
    assert [r.rule for r in cleaned.removed] == ["navigation", "navigation"]


def test_known_title_holding_a_bar_is_removed_when_repeated() -> None:
    # Found by hypothesis: a page title such as "Headline | Newsweek" was compared by its head only.
    cleaned = clean_text("the | Newsweek\nBody text here.\nthe | Newsweek", title="the | Newsweek")
    assert cleaned.text == "Body text here."
    assert [r.rule for r in cleaned.removed] == ["repeated_title", "repeated_title"]


# ------------------------------------------------------------------ issue 14: credits, quoted posts, reasons

@pytest.mark.parametrize(
    "line",
    [
        "Image: Nicholas Moreau.",
        "Image: Nicholas Moreau",
        "Photo: Jane Doe/Reuters",
        "(Getty Images)",
        "Getty Images",
        "Credit: AP Photo/Evan Vucci",
        "Photograph: Tom Jenkins/The Guardian",
        "Photo by Jane Doe on Unsplash",
        "Image credit: NASA/JPL-Caltech",
        "PHOTO: JOHN ROE/AFP",
        "Mandel Ngan/AFP via Getty Images",
        "(AP Photo/Evan Vucci)",
        "[Picture: Jane Doe]",
    ],
)
def test_photo_and_image_credit_lines_go(line: str) -> None:
    cleaned = clean_text(f"The talks resumed on Monday.\n{line}\nBoth sides said progress was made.")
    assert cleaned.text == "The talks resumed on Monday.\nBoth sides said progress was made."
    assert [(r.line, r.rule, r.label) for r in cleaned.removed] == [(line, "photo_credit", "photo credit")]


@pytest.mark.parametrize(
    "line",
    [
        "Protesters at the march. Image: Jane Doe.",
        "Dakota, a deer. Image: Nicholas Moreau.",
        "The minister arrives in Paris on Monday. (AP Photo/Evan Vucci)",
        "Sirhan in 1969 (Image: CDCR)",
    ],
)
def test_a_caption_ending_with_its_credit_goes(line: str) -> None:
    assert classify_line(line) == "photo_caption"


@pytest.mark.parametrize(
    "line",
    [
        "Reuters reported on Monday that the talks had failed.",
        "The image of the burning cathedral went around the world.",
        "Photographers were kept away from the site, officials said.",
        (
            "The agency credited AP Photo editors with the find, and Getty Images declined to comment on the "
            "matter when asked by reporters on Tuesday evening in the capital, where the talks continue this week."
        ),
        (
            "Image: the minister's own word for the policy, he said, was 'a reset' that would change how the two "
            "countries deal with each other for years to come, and reporters were told the details would follow."
        ),
    ],
)
def test_prose_about_images_and_agencies_stays(line: str) -> None:
    assert classify_line(line) is None


QUOTED_POST = """\
The senator answered within minutes.
We will not back down, and we will win this vote. pic.twitter.com/Ab12Cd34
— Jane Roe (@janeroe) June 3, 2025
The vote is due on Thursday."""


def test_a_quoted_post_in_the_body_stays_as_article_text() -> None:
    cleaned = clean_text(QUOTED_POST)
    assert "We will not back down, and we will win this vote." in cleaned.text
    assert "— Jane Roe (@janeroe) June 3, 2025" in cleaned.text
    assert cleaned.removed == ()


@pytest.mark.parametrize(
    "line",
    [
        'The senator said on Twitter: "We will not back down, and we will win this vote."',
        'The minister responded via Twitter: "I strongly reject the new measures."',
        '"Our house is burning," the president wrote on X: "the Amazon is on fire."',
        "Today we went to the Moon and came back! https://t.co/Ab12Cd34",
    ],
)
def test_a_line_quoting_a_post_stays(line: str) -> None:
    assert classify_line(line) is None


@pytest.mark.parametrize(
    "line",
    [
        "pic.twitter.com/Ab12Cd34",
        "https://t.co/Ab12Cd34",
        "Watch on YouTube https://youtu.be/Ab12Cd34",
        "Twitter: @janeroe",
        "Facebook @InsideTheNews",
    ],
)
def test_embed_and_handle_boilerplate_goes(line: str) -> None:
    assert classify_line(line) == "social_links"


def test_every_removed_line_carries_a_rule_and_a_label() -> None:
    cleaned = clean_text(SEED_002, find_title=True)
    names = {rule.name for rule in CLEANING_RULES}
    assert all(r.rule in names and r.label == rule_label(r.rule) for r in cleaned.removed)
    assert rule_label("audio_player") == "audio player" and rule_label("unknown") == "reason not recorded"


def test_a_disabled_rule_keeps_its_lines() -> None:
    text = "Body text here.\nImage: Jane Doe\nPost a Comment\nMore body text."
    assert clean_text(text).text == "Body text here.\nMore body text."
    kept = clean_text(text, disabled=frozenset({"photo_credit"}))
    assert kept.text == "Body text here.\nImage: Jane Doe\nMore body text."
    assert [r.rule for r in kept.removed] == ["navigation"]
    # A line two rules would remove is removed by the next when the first is off.
    assert classify_line("(Getty Images)", disabled=frozenset({"photo_credit"})) is None
    assert classify_line("Credit: Jane Doe", disabled=frozenset()) == "source_credit"


def test_disabling_repeated_title_keeps_the_repeats() -> None:
    text = "Iran's plea\nBody text here.\nIran's plea"
    cleaned = clean_text(text, title="Iran's plea", disabled=frozenset({"repeated_title"}))
    assert cleaned.text == text and cleaned.removed == ()


def test_the_title_is_found_whichever_rules_are_off() -> None:
    text = "Getting your Trinity Audio player ready...\nThe headline\nBody text here."
    cleaned = clean_text(text, find_title=True, disabled=frozenset({"audio_player"}))
    assert cleaned.title == "The headline"
    assert cleaned.text == "Getting your Trinity Audio player ready...\nBody text here."


def test_check_rule_names() -> None:
    assert check_rule_names(["photo_credit"]) == frozenset({"photo_credit"})
    with pytest.raises(ValueError, match="unknown cleaning rule.*photo_credits"):
        check_rule_names(["photo_credits"])


@pytest.mark.parametrize(
    ("removed", "reasons", "text"),
    [
        (["Image: Jane Doe", "Post a Comment"], ["photo_credit", "navigation"],
         "photo credit: Image: Jane Doe\ncomment or navigation: Post a Comment"),
        (["Post a Comment"], [], "reason not recorded: Post a Comment"),  # stored before reasons were kept
        ([], [], ""),
    ],
)
def test_removed_lines_text(removed: list[str], reasons: list[str], text: str) -> None:
    assert removed_lines_text(removed, reasons) == text


def test_build_article_and_uploads_take_the_disabled_rules() -> None:
    data = b"The headline\nBody text here.\nImage: Jane Doe\nMore body text."
    article = load_uploads([("a.txt", data)]).articles[0]
    assert article.removed == ("The headline", "Image: Jane Doe")
    assert article.removed_reasons == ("repeated_title", "photo_credit")
    kept = load_uploads([("a.txt", data)], disabled=frozenset({"photo_credit"})).articles[0]
    assert kept.removed_reasons == ("repeated_title",) and "Image: Jane Doe" in kept.text and kept.id != article.id

