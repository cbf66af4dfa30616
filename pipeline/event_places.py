"""Places of events: the places.tsv entry of a place name, a facility's city, the country of a
place, and the home country a bulletin is read against (used by the events stage).

The home country is a setting: the `country` of an input record, else `--home-country` of a
run when it is given, as an ISO 3166-1 alpha-2 code that `lexicons/country_codes.tsv` maps to
a country of places.tsv. When neither is given, a bulletin that is evidently set in one other
country (every place of its own is there) is read against that country
(`Reader.setting_country`); one that names no place of a known country is read against the
one country its bodies and money name (`nationality_countries`: "وزارة الصحة الأردنية", "وزير
الصحة المصري", "هيئة الهلال الأحمر السعودي", "50 ألف ريال"), and any other against
`DEFAULT_HOME_COUNTRY`. The same evidence links a place whose form places of several countries
share (`link_namesakes`, called by the entities stage).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pipeline.entity_lexicon  # noqa: F401  (registers the schemas of places.tsv and facilities.tsv)
from pipeline.cues import bare_word, safe_load
from pipeline.entity_lexicon import TitleEntry
from pipeline.entity_places import country_adjectives
from pipeline.lexicons import Entry, register
from pipeline.models import Document, Entity
from pipeline.normalize import norm
from pipeline.tokenize import tokenize_text

DEFAULT_HOME_COUNTRY = "LY"


# Currencies quoted in any country's news ("مليون دولار"): their code names no bulletin's country.
WORLD_CURRENCIES = frozenset({"USD", "EUR"})


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
    """Places by id and by form; a form shared by places of several countries (`namesakes`) is
    no place by form alone: only the id its mention was linked to says which one it is."""
    entries = safe_load("places")
    by_id = {e.id: e for e in entries}
    shared = namesakes()
    by_form: dict[str, Entry] = {}
    for e in entries:
        common = {norm(f) for f in getattr(e, "common", ())}  # also common words ("الجلاء"): not by form
        for f in e.ar:
            if norm(f) in common:
                continue
            if norm(f) not in shared:
                by_form.setdefault(norm(f), e)
                by_form.setdefault(bare_word(norm(f)), e)
    return Places(by_id, by_form)


@lru_cache(maxsize=1)
def namesakes() -> dict[str, tuple[Entry, ...]]:
    """Normalized forms that places of several countries share, with those places in file order
    ("المنطقة الشرقية": eastern Libya, Saudi Arabia's Eastern Province; "الجوف": a Saudi region, a
    Yemeni governorate). The first listed is the reading of a bulletin that names no country."""
    by_form: dict[str, list[Entry]] = {}
    for e in safe_load("places"):
        for f in e.ar:
            places = by_form.setdefault(norm(f), [])
            if e not in places:
                places.append(e)
    return {f: tuple(es) for f, es in by_form.items() if len({country_of(e) for e in es}) > 1}


def link_namesakes(doc: Document) -> None:
    """Link each place mention whose form several countries share to the namesake in the one
    country the bulletin is evidently about (`evidence_countries`); with no evidence, to the
    first listed; with evidence that names none of them or several, to none."""
    shared = namesakes()
    mentions = [e for e in doc.entities if e.type == "LOC" and _shared_form(e.text, shared)]
    if not mentions:
        return
    evidence = evidence_countries(doc, shared)
    for e in mentions:
        places = _shared_form(e.text, shared)
        fits = [p for p in places if country_of(p) in evidence]
        entry = places[0] if not evidence else (fits[0] if len(fits) == 1 else None)
        e.id = entry.id if entry else None
        e.name_en = entry.name_en if entry else None


def _shared_form(text: str, shared: dict[str, tuple[Entry, ...]]) -> tuple[Entry, ...]:
    return shared.get(norm(text), ())


def evidence_countries(doc: Document, shared: dict[str, tuple[Entry, ...]]) -> set[str]:
    """The countries a bulletin's entities point to: the given home country alone when there is
    one (the record's `country`, the run's --home-country); else the countries of its places
    that no other country shares, of its facilities' cities, of its state bodies and of the
    officials whose role names a country (`nationality_countries`)."""
    if doc.country and doc.country_from in ("input", "run") and (given := home_country(doc.country)):
        return {given}
    out: set[str | None] = set(nationality_countries(doc))
    for e in doc.entities:
        if e.type == "LOC" and not _shared_form(e.text, shared):
            out.add(country_of(place_of(e.text, e.id)))
        elif e.type == "FACILITY":
            out.add(country_of(facility_city(e)))
    out.discard(None)
    return out  # type: ignore[return-value]


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


def place_in_name(fac: Entity) -> Entry | None:
    """A place named in a facility's name, the last one first: "المستشفى الجامعي بطرابلس",
    "المركز الوطني لجراحة وعلاج القلب تاجوراء", "مستشفى زليتن التعليمي"."""
    words = [t for t in tokenize_text(fac.text) if t.is_word]
    for end in range(len(words), 1, -1):
        for n in (3, 2, 1):
            if end - n < 1:  # the head noun ("مستشفى") is no place
                continue
            tail = words[end - n : end]
            place = place_of(" ".join(t.stem if k == 0 else t.text for k, t in enumerate(tail)))
            if place is not None:
                return place
    return None


@lru_cache(maxsize=1)
def _roles() -> frozenset[str]:
    """Role words of titles.tsv ("وزير", "مدير"): "وزير الصحة الأردني" is a role of a country."""
    return frozenset(
        norm(f) for e in safe_load("titles") if isinstance(e, TitleEntry) and e.kind == "role" for f in e.ar
    )


def _adjective_country(word: str) -> str | None:
    entry = country_adjectives().get(norm(word))
    return entry.id if entry is not None else None


@lru_cache(maxsize=1)
def state_body_seats() -> dict[str, str]:
    """organizations.tsv id -> the country of its seat (`city`), for a state's own bodies: "هيئة
    الهلال الأحمر السعودي" is Saudi Arabia's. Not relief societies, companies or international
    bodies, which work abroad."""
    out: dict[str, str] = {}
    for e in safe_load("organizations"):
        if getattr(e, "kind", None) not in ("ngo", "company", "international") and (
            city := getattr(e, "city", None)
        ):
            if country := country_of(all_places().by_id.get(city)):
                out[e.id] = country
    return out


def nationality_countries(doc: Document) -> set[str]:
    """The countries a bulletin's own bodies, officials and money belong to: a country adjective
    in a body's name ("وزارة الصحة المصرية") or after a role ("وزير الصحة الأردني"), the seat of a
    state body of organizations.tsv ("هيئة الهلال الأحمر السعودي": Riyadh), and the
    country of a currency (ISO 4217 starts with the country's code: "ريال" SAR, "دينار أردني" JOD).
    A bare unit of the default country's currency ("دينار") is any dinar: no evidence."""
    out: set[str] = set()
    for e in doc.entities:
        if e.type == "ORG":  # a state's body ("وزارة الصحة المصرية"), not a company ("شركة … الدنماركية")
            out |= {
                c
                for w in e.text.split()[1:]
                if (c := _adjective_country(w)) and (e.id or "").endswith("_" + c)
            }
            if seat := state_body_seats().get(e.id or ""):
                out.add(seat)
    toks = doc.tokens
    for k, t in enumerate(toks):
        if t.is_word and not t.prefix and (c := _adjective_country(t.stem)):
            if any(toks[m].stem in _roles() for m in range(max(0, k - 3), k)):
                out.add(c)
    for q in doc.quantities:
        if len(q.unit) != 3 or q.unit in WORLD_CURRENCIES or not q.unit.isupper():
            continue
        country = country_of_code(q.unit[:2])
        named = any(_adjective_country(w) for w in q.text.split())
        if country and (named or q.unit[:2] != DEFAULT_HOME_COUNTRY):
            out.add(country)
    return out
