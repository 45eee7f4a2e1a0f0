"""Tests for components.language.quotes: quote forms, speakers, and the seed articles' quotes."""

from __future__ import annotations

import re

import pytest
from conftest import SEED_FILES

from components.language.actors import load_actor_dictionary
from components.language.mentions import ActorMention, find_article_mentions
from components.language.quotes import Quote, find_quotes

# The actors of the hand-written sentences: surface -> (actor, type, affiliation).
ACTORS = {
    "Vladimir Putin": ("Vladimir Putin", "person", "Russia"),
    "Putin": ("Vladimir Putin", "person", "Russia"),
    "Angela Merkel": ("Angela Merkel", "person", "Germany"),
    "Merkel": ("Angela Merkel", "person", "Germany"),
    "Maria Lopez": ("Maria Lopez", "person", None),
    "Lopez": ("Maria Lopez", "person", None),
    "Governor John Reed": ("John Reed", "person", None),
    "Reed": ("John Reed", "person", None),
    "Kremlin": ("Kremlin", "organization", "Russia"),
    "Ministry of Health": ("Ministry of Health", "organization", None),
    "Acme Corp": ("Acme Corp", "organization", None),
    "Russian": ("Russia", "country", None),
    "Russia": ("Russia", "country", None),
    "Ukraine": ("Ukraine", "country", None),
    "Iran": ("Iran", "country", None),
}
_NAMES = re.compile("|".join(sorted(map(re.escape, ACTORS), key=len, reverse=True)))


def mentions_of(text: str) -> list[ActorMention]:
    """The hand-made actors' mentions in ``text`` (longest name first, whole words)."""
    found = []
    for match in _NAMES.finditer(text):
        before = text[match.start() - 1] if match.start() else " "
        after = text[match.end()] if match.end() < len(text) else " "
        if before.isalnum() or after.isalnum():
            continue
        actor, kind, affiliation = ACTORS[match.group()]
        found.append(ActorMention("body", match.start(), match.end(), match.group(), actor, kind, affiliation, "dictionary"))
    return found


def quotes_of(text: str) -> list[Quote]:
    return find_quotes(text, mentions_of(text))


def summary(quote: Quote) -> tuple:
    return (quote.kind, quote.text, quote.verb, quote.speaker, quote.speaker_actor)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            '"We will respond to any attack," Putin said.',
            [("direct", "We will respond to any attack,", "said", "Putin", "Vladimir Putin")],
            id="quote-then-speaker-verb",
        ),
        pytest.param(
            '"The talks were useful," said Angela Merkel.',
            [("direct", "The talks were useful,", "said", "Angela Merkel", "Angela Merkel")],
            id="quote-then-verb-speaker",
        ),
        pytest.param(
            'Putin said: "Russia will not be drawn into this war."',
            [("direct", "Russia will not be drawn into this war.", "said", "Putin", "Vladimir Putin")],
            id="speaker-verb-colon-quote",
        ),
        pytest.param(
            'Merkel told reporters in Berlin, "Europe must stay united."',
            [("direct", "Europe must stay united.", "told", "Merkel", "Angela Merkel")],
            id="speaker-verb-comma-quote",
        ),
        pytest.param(
            '"We are ready," Putin said, "but we will not wait forever."',
            [
                ("direct", "We are ready,", "said", "Putin", "Vladimir Putin"),
                ("direct", "but we will not wait forever.", None, "Putin", "Vladimir Putin"),
            ],
            id="split-quote",
        ),
        pytest.param(
            '"Ready?" asked Putin.',
            [("direct", "Ready?", "asked", "Putin", "Vladimir Putin")],
            id="question-then-inverted-attribution",
        ),
        pytest.param(
            "Putin called the sanctions \u201ca grave mistake\u201d on Monday.",
            [("partial", "a grave mistake", "called", "Putin", "Vladimir Putin")],
            id="partial-curly",
        ),
        pytest.param(
            'Merkel described the talks as "productive but slow".',
            [("partial", "productive but slow", "described", "Merkel", "Angela Merkel")],
            id="partial-described-as",
        ),
        pytest.param(
            "\u201cThe border is closed,\u201d Maria Lopez said.",
            [("direct", "The border is closed,", "said", "Maria Lopez", "Maria Lopez")],
            id="curly-double",
        ),
        pytest.param(
            "\u2018The border is closed,\u2019 Maria Lopez said.",
            [("direct", "The border is closed,", "said", "Maria Lopez", "Maria Lopez")],
            id="curly-single",
        ),
        pytest.param(
            "'The border is closed,' Maria Lopez said.",
            [("direct", "The border is closed,", "said", "Maria Lopez", "Maria Lopez")],
            id="straight-single",
        ),
    ],
)
def test_quote_forms(text: str, expected: list[tuple]) -> None:
    assert [summary(q) for q in quotes_of(text)] == expected


def test_partial_quote_inside_reported_speech_gives_both() -> None:
    text = 'Lopez said she was "deeply humbled" by the result.'
    assert [summary(q) for q in quotes_of(text)] == [
        ("reported", 'she was "deeply humbled" by the result', "said", "Lopez", "Maria Lopez"),
        ("partial", "deeply humbled", "said", "Lopez", "Maria Lopez"),
    ]


def test_multi_paragraph_quote_is_one_quote_from_first_word_to_last() -> None:
    text = (
        'Maria Lopez said: "The first paragraph ends here.\n\n'
        '"The second paragraph goes on.\n\n'
        '"And the third one closes it."\n\nThe meeting ended at noon.'
    )
    (quote,) = quotes_of(text)
    assert quote.kind == "direct" and quote.speaker_actor == "Maria Lopez"
    assert quote.text.startswith("The first paragraph") and quote.text.endswith("closes it.")
    assert text[quote.start:quote.end] == quote.text


def test_quote_offsets_exclude_the_marks_and_the_attribution() -> None:
    text = 'In Moscow, "We are ready," Putin said.'
    (quote,) = quotes_of(text)
    assert (text[quote.start - 1], text[quote.end]) == ('"', '"')


@pytest.mark.parametrize(
    ("text", "content", "verb", "speaker", "actor"),
    [
        ("Putin said that Russia would keep its troops in place.", "Russia would keep its troops in place", "said", "Putin", "Vladimir Putin"),
        ("Putin said the troops would stay.", "the troops would stay", "said", "Putin", "Vladimir Putin"),
        ("According to the Kremlin, the meeting lasted two hours.", "the meeting lasted two hours", "according to", "Kremlin", "Kremlin"),
        ("The meeting lasted two hours, according to the Kremlin.", "The meeting lasted two hours", "according to", "Kremlin", "Kremlin"),
        ("Merkel told reporters that the deal was close.", "the deal was close", "told", "Merkel", "Angela Merkel"),
        ("Merkel told reporters the deal was close.", "the deal was close", "told", "Merkel", "Angela Merkel"),
        ("The Kremlin warned that any strike would be answered.", "any strike would be answered", "warned", "Kremlin", "Kremlin"),
        ("Acme Corp denied any wrongdoing in the case.", "any wrongdoing in the case", "denied", "Acme Corp", "Acme Corp"),
        ("Reed announced his resignation on Friday.", "his resignation on Friday", "announced", "Reed", "John Reed"),
        ("Lopez claimed the vote had been rigged.", "the vote had been rigged", "claimed", "Lopez", "Maria Lopez"),
        ("The talks will resume next week, Merkel added.", "The talks will resume next week", "added", "Merkel", "Angela Merkel"),
        ("Ukraine threatened to close its airspace.", "close its airspace", "threatened", "Ukraine", "Ukraine"),
    ],
)
def test_reported_speech(text: str, content: str, verb: str, speaker: str, actor: str) -> None:
    (quote,) = quotes_of(text)
    assert summary(quote) == ("reported", content, verb, speaker, actor)


@pytest.mark.parametrize(
    ("text", "speaker", "actor"),
    [
        pytest.param(
            'Maria Lopez visited the camp on Monday. "Nobody should live like this," she said.',
            "she", "Maria Lopez", id="she-to-the-person-before",
        ),
        pytest.param(
            '"We are ready," Putin said. Merkel met him later. "Peace is close," he said.',
            "he", "Angela Merkel", id="he-to-the-nearest-person-named-since",
        ),
        pytest.param(
            'Governor John Reed toured the coast. "The storm is serious," the governor said.',
            "the governor", "John Reed", id="role-noun-to-the-person-with-that-role",
        ),
        pytest.param(
            'Putin met the envoy in Moscow. "The talks went well," the Russian leader said.',
            "the Russian leader", "Vladimir Putin", id="role-with-country-adjective-to-affiliation",
        ),
        pytest.param(
            'The Ministry of Health opened an inquiry. "The data are incomplete," a spokesperson for the ministry said.',
            "a spokesperson for the ministry", "Ministry of Health", id="spokesperson-for-the-organisation",
        ),
        pytest.param(
            '"There will be no talks," the Kremlin said.',
            "Kremlin", "Kremlin", id="organisation-speaks",
        ),
    ],
)
def test_speakers_resolve(text: str, speaker: str, actor: str) -> None:
    quote = quotes_of(text)[-1]
    assert (quote.speaker, quote.speaker_actor) == (speaker, actor)


@pytest.mark.parametrize(
    "text",
    [
        'Putin visited the plant. "The blast was huge," an official said.',
        'Putin visited the plant. "The blast was huge," witnesses said.',
        "Putin visited the plant. Russian officials said the blast was huge.",
    ],
)
def test_unnamed_speakers_stay_unresolved(text: str) -> None:
    quote = quotes_of(text)[-1]
    assert quote.speaker is not None and quote.speaker_actor is None


@pytest.mark.parametrize(
    "text",
    [
        "Russia's army and the workers' union don't agree; it's the Iranians' turn.",
        "Russia\u2019s army and the workers\u2019 union don\u2019t agree; it\u2019s the Iranians\u2019 turn.",
        "Rock 'n' roll came back in the '90s, Lopez's friends recall.",
    ],
)
def test_apostrophes_are_not_quotes(text: str) -> None:
    assert [q for q in quotes_of(text) if q.kind != "reported"] == []


@pytest.mark.parametrize(
    "text",
    [
        'The so-called "peace plan" was published on Monday.',
        'She read the novel "War and Peace" twice.',
        'A group called "Friends of the Coast" met on Monday.',
        "The \u201cbunker-buster\u201d bombs were dropped at night.",
    ],
)
def test_scare_quotes_and_titles_are_not_quotes(text: str) -> None:
    assert quotes_of(text) == []


def test_passive_and_adjectival_verbs_are_not_speech() -> None:
    assert quotes_of("The reported cases rose, and the plan was announced by the Kremlin.") == []


def test_about_lists_the_actors_inside_the_quote() -> None:
    (quote,) = quotes_of('"Russia and Ukraine must talk, and Russia must stop," Merkel said.')
    assert quote.about == ("Russia", "Ukraine")
    assert quote.speaker_actor == "Angela Merkel"


def test_no_mentions_still_finds_quotes_with_unresolved_speakers() -> None:
    (quote,) = find_quotes('"We are ready," the general said.')
    assert (quote.kind, quote.speaker, quote.speaker_actor) == ("direct", "the general", None)


def test_title_mentions_are_ignored() -> None:
    text = '"We are ready," Putin said.'
    title_mention = ActorMention("title", 16, 21, "Putin", "Someone Else", "person", None, "dictionary")
    (quote,) = find_quotes(text, [title_mention])
    assert quote.speaker_actor is None


# --- the seed articles ------------------------------------------------------------------------

DICTIONARY = load_actor_dictionary()


def seed_quotes(number: str) -> tuple[str, list[Quote]]:
    body = SEED_FILES[number].read_bytes().decode("utf-8")
    mentions = [m for m in find_article_mentions("", body, DICTIONARY) if m.field == "body"]
    return body, find_quotes(body, mentions)


def test_seed_002_direct_quotes_and_their_speakers() -> None:
    body, quotes = seed_quotes("002")
    direct = [(q.text[:40], q.speaker_actor) for q in quotes if q.kind == "direct"]
    assert direct == [
        ("We have always had shared concerns, worr", "Abbas Araqchi"),
        ("The Russians got what they wanted out of", "Gregg Roman"),
        ("We have always had shared concerns, worr", "Abbas Araqchi"),  # "Abbas Araqchi: “…”"
        ("The Iranian regime now faces two paths, ", "Avi Melamed"),
        ("In this context, China’s role is worth w", "Avi Melamed"),  # the next paragraph goes on
    ]
    first = next(q for q in quotes if q.kind == "direct")
    assert first.text.endswith("the meeting with the Russian president,") and first.verb == "said"
    assert all(body[q.start:q.end] == q.text for q in quotes)


def test_seed_002_partial_quotes_and_reported_speech() -> None:
    _, quotes = seed_quotes("002")
    partial = {(q.text, q.speaker_actor) for q in quotes if q.kind == "partial"}
    assert {
        ("unjustified", "Vladimir Putin"),
        ("absolutely unprovoked aggression.", "Vladimir Putin"),
        ("making efforts to provide assistance to the Iranian people,", "Vladimir Putin"),
        ("an absolutely unprovoked aggression against Iran", "Vladimir Putin"),
    } <= partial
    reported = {(q.text[:30], q.verb, q.speaker_actor) for q in quotes if q.kind == "reported"}
    assert {
        ("Iranian officials are not happ", "said", "Reuters"),
        ("it was notable that Russia had", "told", "Gregg Roman"),
        ("its nuclear program is peacefu", "says", "Iran"),
        ("Russia was “making efforts to ", "told", "Vladimir Putin"),
    } <= reported


def test_seed_000_is_mostly_reported_speech() -> None:
    _, quotes = seed_quotes("000")
    assert not [q for q in quotes if q.kind == "direct"]
    reported = [(q.text, q.verb, q.speaker_actor) for q in quotes if q.kind == "reported"]
    assert ("take military action against Iran", "threatened", "Israel") in reported
