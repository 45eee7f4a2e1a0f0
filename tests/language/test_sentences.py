"""Tests for components.language.sentences: cases table, seed gold data, offsets, robustness."""

from __future__ import annotations

import pytest
from conftest import scaling_ratio, seed_text

from components.language.sentences import MAX_SENTENCE_CHARS, Sentence, split_sentences

SEED_000, SEED_002 = seed_text("000"), seed_text("002")


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("", []),
        ("   \n\t\n", []),
        ("One. Two!  Three?", ["One.", "Two!", "Three?"]),
        # abbreviations, initials, decimals, "No. 5"
        (
            "The U.S. and Israel struck. Iran replied.",
            ["The U.S. and Israel struck.", "Iran replied."],
        ),
        (
            "Mr. Smith met Dr. Jones at 10 a.m. on Monday. They talked.",
            ["Mr. Smith met Dr. Jones at 10 a.m. on Monday.", "They talked."],
        ),
        ("J. R. R. Tolkien wrote it. It sold.", ["J. R. R. Tolkien wrote it.", "It sold."]),
        ("Prices rose 3.5 percent. Then fell.", ["Prices rose 3.5 percent.", "Then fell."]),
        ("He ranked No. 5 in the list. Next one.", ["He ranked No. 5 in the list.", "Next one."]),
        ("Talks began Jan. 5. They ended.", ["Talks began Jan. 5.", "They ended."]),
        # a closing quote belongs to the sentence it closes
        ("\u201cGo home.\u201d He left.", ["\u201cGo home.\u201d", "He left."]),
        ('He shouted: "Stop!" She stopped.', ['He shouted: "Stop!"', "She stopped."]),
        # lines are paragraphs: a heading without final punctuation stays alone
        (
            "Why It Matters\nIran\u2019s talks will be watched in the U.S.\nRussia and Iran agree.",
            [
                "Why It Matters",
                "Iran\u2019s talks will be watched in the U.S.",
                "Russia and Iran agree.",
            ],
        ),
        ("Title\r\n\r\nBody text here.", ["Title", "Body text here."]),
        # a semicolon does not end a sentence
        ("It rained; we stayed. Then it stopped.", ["It rained; we stayed.", "Then it stopped."]),
        # a one-character ellipsis ends a sentence before a capitalised word only
        ("Wait… Then he left. And… and then", ["Wait…", "Then he left.", "And… and then"]),
        ("Wait... Then it happened.", ["Wait...", "Then it happened."]),
        # separator lines carry no sentence
        ("|\n***\nReal text.", ["Real text."]),
        ("Text.\n_____\nMore. ___", ["Text.", "More."]),  # underscores: found by hypothesis
        # other scripts
        ("中文句子。第二句。", ["中文句子。", "第二句。"]),
        ("שלום עולם. מה שלומך?", ["שלום עולם.", "מה שלומך?"]),
        ("We won 🏆. Fans cheered 🎉! Bye.", ["We won 🏆.", "Fans cheered 🎉!", "Bye."]),
    ],
)
def test_split_sentences_cases(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_sentence_records_carry_index_and_offsets() -> None:
    text = "  First one.  Second one.\nHeading"
    assert split_sentences(text) == [
        Sentence(index=0, start=2, end=12, text="First one."),
        Sentence(index=1, start=14, end=25, text="Second one."),
        Sentence(index=2, start=26, end=33, text="Heading"),
    ]


def test_us_abbreviation_does_not_split_real_seed_sentences() -> None:
    sentences = texts(SEED_002)
    assert (
        "The U.S. struck over fears Iran was trying to build nuclear weapons; Iran says its "
        "nuclear program is peaceful and focused on boosting energy production in the "
        "oil-rich state."
    ) in sentences
    assert (
        "Iranian Foreign Minister Abbas Araqchi will hand the letter from Ayatollah Ali Khamenei "
        "to Putin in Moscow on Monday, Reuters reported citing an unnamed senior source, after "
        "U.S. and Israel\u2019s strikes on Tehran\u2019s nuclear sites."
    ) in sentences
    # "U.S." at the end of a line ends that sentence; the next line starts a new one.
    position = sentences.index("Iran\u2019s talks with Putin will be closely watched in the U.S.")
    assert sentences[position + 1].startswith("Russia and Iran have deepened their military ties")


def test_seed_headings_are_sentences_of_their_own() -> None:
    sentences = texts(SEED_002)
    headings = ("Why It Matters", "What To Know", "What People Are Saying", "What Happens Next")
    for heading in headings:
        assert heading in sentences
    assert texts(SEED_000)[:2] == ["Khamenei asks Putin for more support against US escalation"] * 2


def test_seed_quotes_close_their_sentence() -> None:
    sentences = texts(SEED_002)
    assert "\u201cThe Russians got what they wanted out of Iran,\u201d Roman said." in sentences
    assert (
        "The Russian leader called the military strikes on Iran \u201cunjustified\u201d and "
        "\u201cabsolutely unprovoked aggression.\u201d"
    ) in sentences
    assert "The other is to return to the negotiating table.\u201d" in sentences


@pytest.mark.parametrize("text", [SEED_000, SEED_002], ids=["seed000", "seed002"])
def test_offsets_are_exact_on_seeds(text: str) -> None:
    sentences = split_sentences(text)
    assert sentences
    for i, sentence in enumerate(sentences):
        assert sentence.index == i
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()


def test_seed_002_sentence_count() -> None:
    # Counted by hand, line by line, on the file as it is on disk:
    # "Getting your Trinity Audio player ready..." 1 | "|" 0 (no letters) | headline 1 |
    # "Iran's supreme leader..." 1 | "Iranian Foreign Minister..." 2 | quote paragraph 3 |
    # "In response..." 2 | "Why It Matters" 1 | "Iran's talks..." 1 | "Russia and Iran..." 2 |
    # "In January..." 2 | "What To Know" 1 | "Araqchi arrived..." 2 (the ";" joins) |
    # "Putin signed..." 2 | "Reuters said..." 1 | "Gregg Roman..." 2 | "Meanwhile..." 1 |
    # "But regarding..." 1 | "What People Are Saying" 1 | Araqchi quote 2 | Putin quote 1 |
    # Melamed quote 3 | China quote 2 | "What Happens Next" 1 | "Araghchi will meet..." 1 |
    # headline again 1 | "If you want ... events\u2026 Read the latest book..." 2 |
    # "INSIDE THE MIDDLE EAST..." 1 | "Follow me on Twitter...; Facebook...; ..." 1 |
    # "I can always be reached..." 1  => 43
    sentences = texts(SEED_002)
    assert len(sentences) == 43
    assert sentences[0] == "Getting your Trinity Audio player ready..."
    assert sentences[-1] == "I can always be reached at Av*@********ed.com"
    assert (
        "If you want to have a better understanding of the news and what really drives "
        "the unfolding events\u2026"
    ) in sentences
    assert "Read the latest book of Avi Melamed," in sentences


def test_seed_000_sentence_count() -> None:
    # Seed 000 has no abbreviations, so its sentences can be counted independently:
    # 113 "." / "!" / "?" followed by whitespace or a line end, plus 5 lines without final
    # punctuation (the title twice, the "Source:" line, "Post a Comment",
    # "Previous Post Next Post"); its one ";" joins two clauses of one sentence.
    sentences = texts(SEED_000)
    assert len(sentences) == 118
    assert (
        "\u2022 Trump speculated killing Khamenei; Russia fears Middle East sinking into abyss."
    ) in sentences
    assert sentences[-3:] == [
        "Source: Let down by Russia, Khamenei writes to Putin for more support against US: Report",
        "Post a Comment",
        "Previous Post Next Post",
    ]


def test_no_punctuation_paragraph_is_cut_in_bounded_time() -> None:
    words = ("alpha", "beta", "gamma", "delta", "Iran", "Putin", "strikes", "talks")
    text = " ".join(words[i % len(words)] for i in range(40_000))[:200_000]
    sentences = split_sentences(text)
    # 10 times the text: about 10 times the time when linear, 100 when quadratic.
    assert scaling_ratio(lambda: split_sentences(text[:20_000]), lambda: split_sentences(text)) < 30
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in sentences)
    assert "".join(s.text for s in sentences).replace(" ", "") == text.replace(" ", "")


def test_run_without_whitespace_is_cut_at_the_limit() -> None:
    text = "a" * 200_000
    sentences = split_sentences(text)
    assert len(sentences) == 200_000 // MAX_SENTENCE_CHARS
    assert {len(s.text) for s in sentences} == {MAX_SENTENCE_CHARS}


def test_long_text_stays_linear() -> None:
    # 1 MB of seed text in many paragraphs: syntok's own document mode pads every
    # paragraph with its offset in spaces (quadratic); our line-by-line use must not.
    text = "\n".join([SEED_000] * 55)
    sentences = split_sentences(text)
    assert len(sentences) == 118 * 55
    small = "\n".join([SEED_000] * 5)
    assert scaling_ratio(lambda: split_sentences(small), lambda: split_sentences(text)) < 33  # 11 times the text
