"""Places of events: the places.tsv entry of a place name, a facility's city, the country of a
place, and the home country a bulletin is read against (used by the events stage).

The home country is a setting: the `country` of an input record, else `--home-country` of a
run when it is given, as an ISO 3166-1 alpha-2 code that `lexicons/country_codes.tsv` maps to
a country of places.tsv. When neither is given, a bulletin that is evidently set in one other
country (every place of its own is there) is read against that country
(`Reader.setting_country`), and any other against `DEFAULT_HOME_COUNTRY`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pipeline.entity_lexicon  # noqa: F401  (registers the schemas of places.tsv and facilities.tsv)
from pipeline.cues import bare_word, safe_load
from pipeline.lexicons import Entry, register
from pipeline.models import Entity
from pipeline.normalize import norm

DEFAULT_HOME_COUNTRY = "LY"


@register("country_codes")
class CountryCode(Entry):
    """lexicons/country_codes.tsv: an ISO 3166-1 alpha-2 code (the id, lower case) and its country."""

    place: str  # id of the country in places.tsv


@dataclass(frozen=True)
class Places:
    by_id: dict[str, Entry]
    by_form: dict[str, Entry]


@lru_cache(maxsize=1)
def all_places() -> Places:
    entries = safe_load("places")
    by_id = {e.id: e for e in entries}
    by_form: dict[str, Entry] = {}
    for e in entries:
        common = {norm(f) for f in getattr(e, "common", ())}  # also common words ("الجلاء"): not by form
        for f in e.ar:
            if norm(f) in common:
                continue
            by_form.setdefault(norm(f), e)
            by_form.setdefault(bare_word(norm(f)), e)
    return Places(by_id, by_form)


@lru_cache(maxsize=1)
def _codes() -> dict[str, str]:
    return {e.id: e.place for e in safe_load("country_codes") if isinstance(e, CountryCode)}


def country_of_code(code: str | None) -> str | None:
    """The places.tsv id of the country of an ISO code ("LY", "sa"), or None when unknown."""
    if not code:
        return None
    return _codes().get(code.strip().lower())


def code_of_country(place_id: str | None) -> str | None:
    """The ISO code (upper case) of a places.tsv country id: "saudi_arabia" → "SA"."""
    return next((code.upper() for code, place in _codes().items() if place == place_id), None)


def home_country(code: str | None) -> str | None:
    """The places.tsv id of a bulletin's home country: its code, else the default."""
    return country_of_code(code or DEFAULT_HOME_COUNTRY)


@lru_cache(maxsize=1)
def facilities() -> dict[str, Entry]:
    return {e.id: e for e in safe_load("facilities")}


def place_of(text: str, ident: str | None = None) -> Entry | None:
    known = all_places()
    if ident and ident in known.by_id:
        return known.by_id[ident]
    n = norm(text)
    return known.by_form.get(n) or known.by_form.get(bare_word(n))


def country_of(place: Entry | None) -> str | None:
    """The places.tsv id of the country a place is in (a country is its own)."""
    if place is None:
        return None
    if getattr(place, "kind", None) == "country":
        return place.id
    return getattr(place, "country", None) or None


def facility_city(fac: Entity) -> Entry | None:
    entry = facilities().get(fac.id or "")
    city = getattr(entry, "city", None) if entry else None
    return all_places().by_id.get(city) if city else None
