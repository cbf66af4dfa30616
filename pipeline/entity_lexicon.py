"""Entities sub-stage data: the lexicon schemas and the indexes built from them, once.

- the schemas of places, facilities, organizations, programmes, conditions, procedures,
  titles, given names and of the grammar's words (`entity_heads.tsv`, `entity_words.tsv`);
- `lexicon_index()`: every Arabic form of every entry, tokenized like a document and
  indexed by its first word (`Pattern`);
- `cues()`: the grammar's word lists, normalized (`Cues`).
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from pydantic import ValidationInfo, field_validator

from pipeline.lexicons import Entry, load, register
from pipeline.normalize import norm
from pipeline.tokenize import tokenize_text

# ---------------------------------------------------------------------------
# Lexicon schemas


@register("places")
class PlaceEntry(Entry):
    """lexicons/places.tsv: cities, districts, regions, countries."""

    kind: Literal["city", "district", "neighbourhood", "region", "country"]
    country: str | None = None  # id of the country entry ("libya"); empty for a country
    # Forms of `ar` that are also common words ("حجة" argument, "الداخلية" the interior):
    # such a form is a LOC only in a place context (see `place_context`).
    common: list[str] = []

    @field_validator("common")
    @classmethod
    def _common_forms_listed(cls, v: list[str], info: ValidationInfo) -> list[str]:
        forms = {norm(f) for f in info.data.get("ar", ())}
        missing = [f for f in v if norm(f) not in forms]
        if missing:
            raise ValueError(f"{missing} not among the forms of ar")
        return v


@register("place_stopwords")
class PlaceStopword(Entry):
    """lexicons/place_stopwords.tsv: common words that are also place names ("أمل", "صور",
    "العين"); scripts/build_lexicons.py marks a generated place form equal to one `common`."""


@register("facilities")
class FacilityEntry(Entry):
    """lexicons/facilities.tsv: hospitals, medical centres, clinics, labs."""

    kind: Literal["hospital", "centre", "clinic", "polyclinic", "laboratory", "blood_bank", "other"] = (
        "hospital"
    )
    city: str | None = None  # id of a places.tsv entry


@register("organizations")
class OrganizationEntry(Entry):
    """lexicons/organizations.tsv: government bodies, agencies, funds, companies."""

    kind: Literal[
        "government",
        "ministry",
        "agency",
        "authority",
        "fund",
        "office",
        "committee",
        "council",
        "municipality",
        "company",
        "ngo",
        "international",
        "club",
        "other",
    ] = "other"
    city: str | None = None  # id of a places.tsv entry, for local bodies


@register("conditions")
class ConditionEntry(Entry):
    """lexicons/conditions.tsv: diseases and conditions."""

    category: str | None = None  # a broad specialty ("oncology", "infectious")


@register("procedures")
class ProcedureEntry(Entry):
    """lexicons/procedures.tsv: `id` is the procedure code of OUTPUT.md (docs/entities.md)."""


@register("programmes")
class ProgrammeEntry(Entry):
    """lexicons/programmes.tsv: named recurring programmes, initiatives, campaigns."""


@register("titles")
class TitleEntry(Entry):
    """lexicons/titles.tsv: person titles (the name follows) and role words (a body first)."""

    kind: Literal["title", "honorific", "role"]


HeadKind = Literal[
    "facility",
    "facility_weak",
    "org",
    "org_place",
    "org_proper",
    "org_command",
    "not_name",
    "program",
    "program_weak",
    "place_prefix",
]


@register("entity_heads")
class HeadEntry(Entry):
    """lexicons/entity_heads.tsv: head nouns of names no lexicon holds."""

    kind: HeadKind
    purpose: bool = False  # its names carry "لـ + purpose" after a genitive ("شركة البريقة لتسويق النفط")
    article: bool = (
        False  # place_prefix: an unknown X may be definite ("محافظة الأنبار", not "منطقة العمليات")
    )


WordKind = Literal[
    "boundary",
    "verb",
    "generic",
    "medical",
    "rank",
    "department",
    "proc_mod",
    "cond_mod",
    "cond_noun",
    "time",
    "branch",
    "org_cue",
    "national",
    "device",
    "direction",
    "place_list",
    "district",
    "sports",
    "media",
    "purpose",
    "body",
    "prep_noun",
    "cond_head",
    "cond_head_weak",
    "named_way",
    "fighters",
    "quantifier",
    "work",
    "forces",
]


@register("entity_words")
class WordEntry(Entry):
    """lexicons/entity_words.tsv: the grammar's cue words, by kind."""

    kind: WordKind


@register("given_names")
class GivenNameEntry(Entry):
    """lexicons/given_names.tsv: common given names (PERSON after a role phrase)."""

    sex: Literal["m", "f"] | None = None


# ---------------------------------------------------------------------------
# Indexes, built once

LEXICON_TYPES: tuple[tuple[str, str], ...] = (
    ("places", "LOC"),
    ("facilities", "FACILITY"),
    ("organizations", "ORG"),
    ("programmes", "PROGRAM"),
    ("conditions", "CONDITION"),
    ("procedures", "PROCEDURE"),
)


def _bare(s: str) -> str:
    return s[2:] if s.startswith("ال") and len(s) > 3 else s


@dataclass(frozen=True)
class Pattern:
    """One tokenized lexicon form."""

    type: str
    entry: Entry
    first: str  # first token: stem (exact) or bare (article optional)
    exact_first: bool
    rest: tuple[tuple[str, str], ...]  # later tokens: (prefix, bare stem)
    common: bool = False  # a place form that is also a common word: a LOC only in a place context
    size: int = field(init=False, compare=False)  # its number of tokens (read for every candidate)

    def __post_init__(self) -> None:
        object.__setattr__(self, "size", 1 + len(self.rest))


def _pattern(form: str, etype: str, entry: Entry) -> Pattern | None:
    toks = tokenize_text(form)
    if not toks:
        return None
    first = toks[0]
    # Places keep their article ("الخمس" is a city, "خمس" is five); so do short one-word forms.
    exact = etype == "LOC" or (len(toks) == 1 and len(first.bare) <= 3)
    key = first.stem if exact else first.bare
    rest = tuple((t.prefix, _bare(t.stem)) for t in toks[1:])
    common = norm(form) in {norm(f) for f in getattr(entry, "common", ())}
    return Pattern(etype, entry, key, exact, rest, common)


@lru_cache(maxsize=1)
def lexicon_index() -> dict[str, tuple[Pattern, ...]]:
    """First-token key -> patterns starting with it, longest first."""
    index: dict[str, list[Pattern]] = defaultdict(list)
    for name, etype in LEXICON_TYPES:
        try:
            entries = load(name)
        except Exception as exc:  # a data file not written yet: match nothing from it
            if "file not found" not in str(exc):
                raise
            continue
        for entry in entries:
            for form in entry.ar:
                p = _pattern(form, etype, entry)
                if p is not None:
                    index[p.first].append(p)
    return {k: tuple(sorted(v, key=lambda p: -p.size)) for k, v in index.items()}


@dataclass
class Cues:
    """The grammar's data, normalized."""

    words: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # word -> kinds
    heads: dict[str, list[tuple[tuple[str, ...], HeadKind]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    titles: dict[str, list[tuple[tuple[str, ...], str]]] = field(default_factory=lambda: defaultdict(list))
    given: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)  # one-word place stems
    purpose_heads: set[str] = field(default_factory=set)
    article_places: set[str] = field(default_factory=set)  # place prefixes whose X may be definite
    whole_heads: set[str] = field(default_factory=set)  # heads the tokenizer splits ("وكالة")
    ya_heads: set[str] = field(default_factory=set)  # one-word heads written with ي ("نادي")
    maqsura: set[str] = field(default_factory=set)  # boundary words written with ى ("على" vs the name "علي")

    def has(self, word: str, kind: str) -> bool:
        return kind in self.words.get(word, ())


def _raw(s: str) -> str:
    """Surface without diacritics or tatweel, alef forms folded, ى kept."""
    s = "".join(
        c for c in unicodedata.normalize("NFKC", s) if not ("\u064b" <= c <= "\u0652" or c == "\u0640")
    )
    return s.translate(str.maketrans("أإآٱ", "اااا"))


@lru_cache(maxsize=1)
def cues() -> Cues:
    c = Cues()
    maqsura: set[str] = set()
    plain: set[str] = set()
    for e in load("entity_words"):
        assert isinstance(e, WordEntry)
        for form in e.ar:
            c.words[norm(form)].add(e.kind)
            if e.kind == "boundary":
                (maqsura if _raw(form).endswith("ى") else plain).add(norm(form))
    c.maqsura = maqsura - plain  # "على" (not "في"/"فى", both prepositions)
    for e in load("entity_heads"):
        assert isinstance(e, HeadEntry)
        for form in e.ar:
            toks = tokenize_text(form)
            key = toks[0].bare
            if toks[0].prefix:  # "وكالة" read as و + ك + "آلة": the head is the whole word
                key = _bare(toks[0].text)
                c.whole_heads.add(key)
            c.heads[key].append(((key, *(_bare(t.stem) for t in toks[1:])), e.kind))
            if len(toks) == 1 and _raw(form).endswith("ي"):
                c.ya_heads.add(key)  # "نادي", not the verb "نادى"
            if e.purpose:
                c.purpose_heads.add(key)
            if e.article:
                c.article_places.add(key)
    for e in load("titles"):
        assert isinstance(e, TitleEntry)
        for form in e.ar:
            toks = tokenize_text(form)
            c.titles[toks[0].stem].append((tuple(t.stem for t in toks), e.kind))
    for e in load("given_names"):
        for form in e.ar:
            c.given.add(norm(form))
    for key, pats in lexicon_index().items():
        if any(p.type == "LOC" and not p.rest and not p.common for p in pats):
            c.places.add(key)
    for table in (c.heads, c.titles):
        for v in table.values():
            v.sort(key=lambda x: -len(x[0]))
    return c
