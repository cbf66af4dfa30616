"""Places of events: the places.tsv entry of a place name, a facility's city, whether a place is
abroad (used by the events stage)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import pipeline.entities  # noqa: F401  (registers the schemas of places.tsv and facilities.tsv)
from pipeline.cues import bare_word, safe_load
from pipeline.lexicons import Entry
from pipeline.models import Entity
from pipeline.normalize import norm


@dataclass(frozen=True)
class Places:
    by_id: dict[str, Entry]
    by_form: dict[str, Entry]
    home: str | None  # the country most places belong to


@lru_cache(maxsize=1)
def all_places() -> Places:
    entries = safe_load("places")
    by_id = {e.id: e for e in entries}
    by_form: dict[str, Entry] = {}
    for e in entries:
        for f in e.ar:
            by_form.setdefault(norm(f), e)
            by_form.setdefault(bare_word(norm(f)), e)
    # The home country is not hard-coded: it is the country of most entries.
    countries = Counter(getattr(e, "country", None) for e in entries if getattr(e, "country", None))
    home = countries.most_common(1)[0][0] if countries else None
    return Places(by_id, by_form, home)


@lru_cache(maxsize=1)
def facilities() -> dict[str, Entry]:
    return {e.id: e for e in safe_load("facilities")}


def place_of(text: str, ident: str | None = None) -> Entry | None:
    known = all_places()
    if ident and ident in known.by_id:
        return known.by_id[ident]
    n = norm(text)
    return known.by_form.get(n) or known.by_form.get(bare_word(n))


def is_foreign(place: Entry | None) -> bool:
    home = all_places().home
    if place is None or home is None:
        return False
    country = place.id if getattr(place, "kind", None) == "country" else getattr(place, "country", None)
    return bool(country) and country != home


def facility_city(fac: Entity) -> Entry | None:
    entry = facilities().get(fac.id or "")
    city = getattr(entry, "city", None) if entry else None
    return all_places().by_id.get(city) if city else None
