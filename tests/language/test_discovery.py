"""Actor discovery and the mentions of an article: each rule of the issue, with sentences written here."""

from __future__ import annotations

import pytest

from components.language.actors import load_actor_dictionary, parse_actor_dictionary
from components.language.discovery import discover_actors
from components.language.mentions import find_article_mentions

EMPTY = parse_actor_dictionary("")


def names(body: str, title: str = "") -> dict[str, str]:
    """Actor name -> type, of everything discovered in ``title`` and ``body``."""
    return {found.name: found.type for found in discover_actors(title, body)}


def surfaces(body: str, title: str = "") -> list[tuple[str, str]]:
    return [(found.surface, found.name) for found in discover_actors(title, body)]


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("The composer Ludwig van Beethoven wrote nine symphonies.", "Ludwig van Beethoven", "person"),
        ("Crown Prince Mohammed bin Salman met the envoy.", "Mohammed bin Salman", "person"),
        ("Forces loyal to Bashar al-Assad advanced.", "Bashar al-Assad", "person"),
        ("The group was led by Abu Bakr al-Baghdadi until 2019.", "Abu Bakr al-Baghdadi", "person"),
        ("A speech by Martin Luther King Jr. opened the event.", "Martin Luther King Jr.", "person"),
        ("The books of J. K. Rowling sold well.", "J. K. Rowling", "person"),
        ("He spoke with President Emmanuel Macron on Tuesday.", "Emmanuel Macron", "person"),
        ("The bill was backed by Sen. Warren and others.", "Warren", "person"),
        ("The statement from Ms Lam came late.", "Lam", "person"),
        ("Officials at the Ministry of Foreign Affairs refused.", "Ministry of Foreign Affairs", "organization"),
        ("She studied at Stanford University for years.", "Stanford University", "organization"),
        ("Members of the Labour Party voted against it.", "Labour Party", "organization"),
        ("Shares of Acme Widgets Inc. fell.", "Acme Widgets Inc.", "organization"),
        ("The case went to the Supreme Court last year.", "Supreme Court", "organization"),
        ("An analyst at Barclays Bank said so.", "Barclays Bank", "organization"),
        ("The agents of the CIA and NATO met.", "CIA", "organization"),
        ("The agents of the CIA and NATO met.", "NATO", "organization"),
        ("A resolution at the U.N. failed.", "U.N.", "organization"),
        ("Protests spread in Magnitogorsk overnight.", "Magnitogorsk", "place"),
        ("Flooding hit parts of Texas again.", "Texas", "place"),
        ("A Denver-based company filed the claim.", "Denver", "place"),
        ("The ministers met in Moscow on Monday.", "Moscow", "place"),  # a capital is a place
        ("Iranian officials denied it.", "Iran", "country"),  # a demonym is its country
        ("Talks between Germany and Japan resumed.", "Germany", "country"),
        ("Talks between Germany and Japan resumed.", "Japan", "country"),  # "and" parts two names
        ("Power cuts by Pacific Gas and Electric Company spread.", "Pacific Gas and Electric Company", "organization"),
        ("Troops left Bosnia and Herzegovina in May.", "Bosnia and Herzegovina", "country"),
    ],
)
def test_names_and_their_types(text: str, name: str, kind: str) -> None:
    found = names(text)
    assert found.get(name) == kind, found


@pytest.mark.parametrize(
    ("text", "not_a_name"),
    [
        ("Rescuers worked through the night. Rescuers said the building was empty.", "Rescuers"),
        ("Officials confirmed the deal. Search and rescue was suspended.", "Search"),
        ("On Monday the talks resumed in Geneva.", "Monday"),
        ("In January the talks resumed in Geneva.", "January"),
        ("Image: Nicholas Moreau.\nA deer stood in the snow near Dakota.", "Nicholas Moreau"),
        ("The deer (Getty Images) stood near the road in Ohio.", "Getty Images"),
        ("What People Are Saying\nIran said it would respond.", "People"),
        ("The President said little.", "President"),
        ("The quake struck at 04:42 UTC on Friday near Surigao.", "UTC"),
    ],
)
def test_words_that_are_not_names(text: str, not_a_name: str) -> None:
    assert not_a_name not in names(text), names(text)


def test_a_sentence_may_start_with_a_name() -> None:
    text = "The envoy met Nancy Pelosi. Pelosi said she would travel to Kyiv."
    assert surfaces(text) == [("Nancy Pelosi", "Nancy Pelosi"), ("Pelosi", "Nancy Pelosi"), ("Kyiv", "Kyiv")]
    assert names("Magnitogorsk is a steel town in the Ural region.")["Magnitogorsk"] == "place"


def test_a_dateline_names_a_place_and_not_the_agency() -> None:
    text = "TEHRAN (Reuters) - Iran's foreign minister flew to Moscow on Sunday."
    found = surfaces(text)
    assert ("TEHRAN", "TEHRAN") in found
    assert all(surface != "Reuters" for surface, _ in found)
    assert names(text)["TEHRAN"] == "place"


def test_a_defined_acronym_and_its_long_form_are_one_actor() -> None:
    text = "The Federal Security Service (FSB) said it was a gas leak. The FSB gave no details."
    assert surfaces(text) == [
        ("Federal Security Service", "Federal Security Service"),
        ("FSB", "Federal Security Service"),
        ("FSB", "Federal Security Service"),
    ]
    assert names(text)["Federal Security Service"] == "organization"


def test_a_title_is_not_part_of_the_name_but_types_it() -> None:
    text = "Russian President Vladimir Putin was briefed. Emergencies Minister Yevgeny Zinichev flew in."
    found = surfaces(text)
    assert ("Vladimir Putin", "Vladimir Putin") in found and ("Yevgeny Zinichev", "Yevgeny Zinichev") in found
    assert ("Russian", "Russia") in found  # the demonym before the title is its own mention
    assert all("Emergencies" not in surface for surface, _ in found)
    assert names(text)["Yevgeny Zinichev"] == "person"


def test_full_name_surname_and_honorific_are_one_actor_within_an_article() -> None:
    text = "Nancy Pelosi arrived late. Ms Pelosi spoke first, and Pelosi left early."
    assert {name for _, name in surfaces(text)} == {"Nancy Pelosi"}
    assert [surface for surface, _ in surfaces(text)] == ["Nancy Pelosi", "Pelosi", "Pelosi"]


def test_a_surname_alone_does_not_reach_another_article() -> None:
    assert {name for _, name in surfaces("Pelosi spoke to reporters in Washington about Pelosi's plan.")} >= {"Pelosi"}


def test_two_people_with_one_surname_stay_apart() -> None:
    text = "Hillary Clinton spoke first. Then Bill Clinton spoke. Clinton thanked the crowd."
    found = surfaces(text)
    assert ("Hillary Clinton", "Hillary Clinton") in found and ("Bill Clinton", "Bill Clinton") in found
    assert found[-1] == ("Clinton", "Bill Clinton")  # the nearest full name before it


def test_a_title_case_headline_gives_only_names() -> None:
    found = discover_actors("Iran Makes Direct Plea to Putin After Strikes", "Vladimir Putin met envoys from Iran.")
    title = [(f.surface, f.name) for f in found if f.field == "title"]
    assert title == [("Iran", "Iran"), ("Putin", "Vladimir Putin")]


def test_weak_evidence_gives_other_not_a_guess() -> None:
    found = names("The Zorblax was praised by the Qwertz.")
    assert set(found.values()) <= {"other"}


# ------------------------------------------------------------------ with the dictionary


SEEDS = load_actor_dictionary()


def test_the_dictionary_wins_and_discovery_fills_in() -> None:
    found = find_article_mentions("Putin and Macron meet", "Vladimir Putin met Emmanuel Macron in Paris.", SEEDS)
    by_surface = {(m.field, m.surface): (m.actor, m.type, m.origin) for m in found}
    assert by_surface[("title", "Putin")] == ("Vladimir Putin", "person", "dictionary")
    assert by_surface[("body", "Vladimir Putin")] == ("Vladimir Putin", "person", "dictionary")
    assert by_surface[("body", "Emmanuel Macron")] == ("Emmanuel Macron", "person", "discovered")
    assert by_surface[("title", "Macron")] == ("Emmanuel Macron", "person", "discovered")
    assert by_surface[("body", "Paris")] == ("Paris", "place", "discovered")


def test_a_dictionary_entry_overrides_the_discovered_name_and_type() -> None:
    dictionary = parse_actor_dictionary(
        '[[actor]]\nname = "Élysée"\ntype = "organization"\naliases = ["Emmanuel Macron", "Macron"]\n'
    )
    found = find_article_mentions("", "Emmanuel Macron spoke. Macron left.", dictionary)
    assert [(m.actor, m.type, m.origin) for m in found] == [("Élysée", "organization", "dictionary")] * 2


def test_ignore_suppresses_a_false_discovery_and_discovery_can_be_off() -> None:
    text = "Acme Widgets Inc. hired Jane Doe in Ohio."
    ignoring = parse_actor_dictionary('ignore = ["Jane Doe"]\n')
    assert {m.actor for m in find_article_mentions("", text, ignoring)} == {"Acme Widgets Inc.", "Ohio"}
    assert find_article_mentions("", text, EMPTY, discover=False) == []


def test_a_surname_joins_the_dictionary_person_of_the_article() -> None:
    dictionary = parse_actor_dictionary('[[actor]]\nname = "Nancy Pelosi"\ntype = "person"\n')
    found = find_article_mentions("", "Nancy Pelosi spoke. Ms Pelosi left.", dictionary)
    assert [(m.surface, m.actor, m.origin) for m in found] == [
        ("Nancy Pelosi", "Nancy Pelosi", "dictionary"), ("Pelosi", "Nancy Pelosi", "dictionary"),
    ]


def test_headline_mentions_record_their_field_and_offsets() -> None:
    found = find_article_mentions("Talks in Oman", "Iran and Oman met.", EMPTY)
    assert [(m.field, m.start, m.end, m.surface) for m in found] == [
        ("title", 9, 13, "Oman"), ("body", 0, 4, "Iran"), ("body", 9, 13, "Oman"),
    ]
