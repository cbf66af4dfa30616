"""Stage: entities. Reads `Document.tokens`; fills `Document.entities`.

Two sources of mentions, merged so that the longest name wins:

1. Lexicon matching. Every Arabic form of every entry of places, facilities,
   organizations, programmes, conditions and procedures is tokenized like a
   document and indexed by its first word. A mention's first token matches on
   its stem (attached proclitics removed: "بمستشفى" matches "مستشفى ..."), with
   or without the article ال; later tokens match on (proclitic, stem without ال).
   A linked mention carries the entry's `id` and `name_en`.

2. Grammar for names no lexicon holds, with its words as data
   (`entity_heads.tsv`, `entity_words.tsv`, `titles.tsv`, `given_names.tsv`):
   - FACILITY / ORG / PROGRAM: a head noun ("مستشفى", "جهاز", "مبادرة" ...) and its
     complement up to a boundary (a preposition, a verb, punctuation, a number,
     a conjunction that starts a new phrase, a word of the clause). See `_extend`
     and its rules for what may continue a name ("لـ" purposes, "و" coordination,
     "بـ" + city); "صحة" + city, a quoted programme name, a medical city.
   - PERSON: a title or a role phrase, then a name (`pipeline/persons.py`); the
     title is not part of the surface.
   - LOC: "مدينة X", "دولة X" (X is the place).
   - CONDITION / PROCEDURE: lexicon mentions extended by their modifiers
     ("قسطرة قلبية تشخيصية", "الأمراض النادرة والمستعصية"), procedures by their
     organ ("منظار الركبة"); conditions no lexicon holds from a disease noun and its
     complement ("متلازمة توريت", "نقص فيتامين د").

Every surface excludes the first token's proclitic, so
`doc.text[e.start:e.end] == e.text` holds for every entity.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from pydantic import ValidationInfo, field_validator

from pipeline.lexicons import Entry, load, register, vocabulary
from pipeline.models import Document, Entity
from pipeline.normalize import norm
from pipeline.tokenize import PROCLITICS, Token, span_of, tokenize_text

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
    "media",
    "purpose",
    "body",
    "prep_noun",
    "cond_head",
    "cond_head_weak",
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
# Nesting that survives "the longest wins": a condition inside a programme's name
# A city inside a facility or body name is not emitted (gold: optional at best;
# "مستشفى الهضبة الخضراء" is not a mention of the district) ("برنامج إيفاد مرضى ضمور العضلات الشوكي").
NESTABLE: dict[str, frozenset[str]] = {
    "PROGRAM": frozenset({"LOC", "CONDITION", "PROCEDURE"}),
}
QUOTES = frozenset({'"'})
MAX_COMPLEMENT = 10  # words after a head
CONJ = ("و", "ف")


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

    @property
    def size(self) -> int:
        return 1 + len(self.rest)


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


# ---------------------------------------------------------------------------
# Token predicates


class Ctx:
    """A document's tokens with the predicates the grammar asks of them."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.toks: list[Token] = doc.tokens
        self.c = cues()
        self.mention_starts: set[int] = set()  # tokens where a CONDITION/PROCEDURE mention starts
        self.mention_ends: set[int] = set()  # tokens right after one
        self.org_spans: dict[int, int] = {}  # start -> end of lexicon ORG mentions
        self.place_spans: dict[int, int] = {}  # start -> end of lexicon LOC mentions

    def __len__(self) -> int:
        return len(self.toks)

    def forms(self, i: int) -> tuple[str, ...]:
        """The token's word, and the word without a leading conjunction (و/ف)."""
        t = self.toks[i]
        out = [t.text, t.stem]
        if t.text[:1] in "وفبلك" and len(t.text) > 2:
            out.append(t.text[1:])  # "وفي", "بأن", "لأن": a particle behind a proclitic
        if t.text.startswith("لل") and len(t.text) > 4:
            out.append("ا" + t.text[1:])  # "للأورام": ل + "الأورام"
        return tuple(out)

    def kinds(self, i: int) -> set[str]:
        t = self.toks[i]
        if not t.is_word:
            return set()
        ks: set[str] = set()
        for f in self.forms(i):
            for k in self.c.words.get(f, ()):
                if k == "boundary" and f in self.c.maqsura and not self._maqsura(i):
                    continue  # "علي" the name, not "على" the preposition
                ks.add(k)
        return ks

    def _maqsura(self, i: int) -> bool:
        t = self.toks[i]
        surf = _raw(self.doc.text[t.start : t.end])
        return surf.endswith("ى")

    def stops(self, i: int) -> bool:
        """A word a name never runs across (preposition, particle, verb, time word)."""
        return bool(self.kinds(i) & {"boundary", "verb", "time"})

    def head_at(self, i: int) -> tuple[int, HeadKind] | None:
        """(end, kind) of a head noun starting at token i (its proclitic allowed)."""
        t = self.toks[i]
        if not t.is_word:
            return None
        key = _bare(t.text) if self.whole_head(i) else t.bare
        if key in self.c.ya_heads and self._maqsura(i):
            return None  # "نادى المتظاهرون": the verb, not "نادي" the club
        for seq, kind in self.c.heads.get(key, ()):
            j = i + len(seq)
            if j <= len(self.toks) and all(
                self.toks[i + n].is_word and not self.toks[i + n].prefix and self.toks[i + n].bare == seq[n]
                for n in range(1, len(seq))
            ):
                if kind == "org_place" and (self.definite(i) or self.place_end(j) is None):
                    continue  # "وزارة الصحة", "بصحة جيدة": "صحة" names a body only before a city
                return j, kind
        return None

    def whole_head(self, i: int) -> bool:
        """Token i is a head the tokenizer split as clitics ("وكالة" = و + ك + "آلة")."""
        t = self.toks[i]
        return bool(t.prefix) and _bare(t.text) in self.c.whole_heads

    def unsplit_lam(self, i: int) -> str:
        """ "ل" when token i is ل + a word the lexicons do not know ("لتسويق"), else "".

        The tokenizer separates a proclitic only before a known word; inside a name
        a purpose "لـ + verbal noun" matters even when the noun is unknown.
        """
        t = self.toks[i]
        if (
            not t.prefix
            and t.text.startswith("ل")
            and self.c.words.get(t.text[1:], set()) & {"medical", "purpose"}
        ):
            return "ل"  # "لطب": a short field word the tokenizer leaves whole
        if t.prefix or not t.text.startswith("ل") or len(t.text) < 5 or t.text.startswith("ال"):
            return ""
        if t.text.startswith("لل"):
            return "ل"  # ل + ال, even when a lexicon lists the whole word ("للتبرع")
        if t.text in vocabulary() or t.text in self.c.given or t.text in self.c.places:
            return ""
        return "ل"

    def head_purpose(self, i: int) -> bool:
        """Whether the head at i takes a purpose in its name ("شركة ... لتسويق ...")."""
        return self.toks[i].bare in self.c.purpose_heads

    def title_at(self, i: int) -> tuple[int, str] | None:
        t = self.toks[i]
        if not t.is_word:
            return None
        for seq, kind in self.c.titles.get(t.stem, ()):
            j = i + len(seq)
            if j <= len(self.toks) and all(self.toks[i + n].stem == seq[n] for n in range(1, len(seq))):
                return j, kind
        return None

    def definite(self, i: int) -> bool:
        t = self.toks[i]
        return t.stem.startswith("ال") or (not t.prefix and t.text.startswith("لل") and len(t.text) >= 5)

    def is_place(self, i: int) -> bool:
        t = self.toks[i]
        return t.is_word and t.stem in self.c.places

    def place_end(self, i: int) -> int | None:
        """End of the place named at token i (a lexicon LOC or a one-word place), if any."""
        if i >= len(self.toks):
            return None
        if i in self.place_spans:
            return self.place_spans[i]
        return i + 1 if self.is_place(i) else None

    def nisba(self, i: int) -> bool:
        """A relative adjective, definite or not ("كلوي", "الوطنية"), not a word in ى ("استدعى")."""
        stem = self.toks[i].stem
        return _nisba(stem if self.definite(i) else "ال" + stem) and not self._maqsura(i)

    def feminine(self, i: int) -> bool:
        """A singular feminine word ("الطبية", "جامعة"): written with ة."""
        return self.toks[i].stem.endswith("ه")

    def adjective(self, i: int) -> bool:
        """A definite word that qualifies a noun ("الطبية", "المتخصص", "العام", "الوطني")."""
        t = self.toks[i]
        plural_participle = (
            t.stem.startswith("الم") and t.stem.endswith(("ين", "ون")) and len(t.stem) > 6
        ) or t.stem.endswith(("يين", "يون"))  # "المسجلين", "الأردنيين"
        if self._maqsura(i) and not _adjective_form(t.stem) or "cond_noun" in self.kinds(i):
            return False  # "المرضى", "المستشفى": ى is no nisba
        return self.definite(i) and (
            _nisba(t.stem)
            or _participle(t.stem)
            or plural_participle
            or _adjective_form(t.stem)
            or bool(self.kinds(i) & {"generic", "national", "rank"})
        )

    def agrees(self, head: int, k: int) -> bool:
        """Whether the adjective at k can qualify the singular head at `head` (number and gender).

        "جامعة ... المكلف", "الحملة الأساسي", "الشركة المسجلين": the adjective belongs to the clause.
        """
        if self.toks[k].stem.endswith(("ين", "ون")):
            return False
        return self.feminine(head) == _feminine_form(self.toks[k].stem, self._maqsura(k))

    def person_at(self, k: int) -> bool:
        """A personal name starts at k: an honorific ("الملك", "الأمير") or a given name."""
        t = self.toks[k]
        tt = self.title_at(k)
        return (tt is not None and tt[1] == "honorific") or (
            t.is_word and not t.prefix and not self.definite(k) and t.stem in self.c.given
        )


# ---------------------------------------------------------------------------
# Candidates


@dataclass
class Cand:
    type: str
    i: int  # token range [i, j)
    j: int
    entry: Entry | None = None
    lexical: bool = False
    start: int | None = None  # original start when not the first token's stem_start
    common: bool = False  # a place name that is also a common word (see `place_filter`)


def lexicon_candidates(ctx: Ctx) -> list[Cand]:
    """Every lexicon form found in the document (all lengths; the merge keeps the longest)."""
    index = lexicon_index()
    toks = ctx.toks
    out: list[Cand] = []
    for i, t in enumerate(toks):
        if t.kind == "punct":
            continue
        stem, start = t.stem, None
        if ctx.unsplit_lam(i) and t.text.startswith("لل"):
            # ل + ال in a word some lexicon lists whole ("للتبرع"): match "التبرع", start after the ل
            stem, start = "ا" + t.text[1:], ctx.doc.view.to_original(t.nstart + 1, t.nend)[0]
        bare = _bare(stem)
        pats = list(index.get(bare, ()))
        if stem != bare:
            pats += [p for p in index.get(stem, ()) if p.exact_first]
        for p in pats:
            if p.exact_first and p.first != stem:
                continue
            j = i + p.size
            if j > len(toks):
                continue
            if all(
                toks[i + 1 + n].prefix == pre and _bare(toks[i + 1 + n].stem) == stem
                for n, (pre, stem) in enumerate(p.rest)
            ):
                out.append(Cand(p.type, i, j, p.entry, lexical=True, start=start, common=p.common))
    return out


@dataclass
class _Name:
    """A name being read: its head is tokens[i:j], its complement runs to k (excluded)."""

    i: int
    j: int
    kind: HeadKind
    k: int
    adjectival: bool  # the complement so far only qualifies the head (definite adjectives)
    person: bool  # the complement is a personal name ("مستشفى الملك فهد", "مركز سعود البابطين")
    in_lam: bool = False  # inside a "لـ" complement
    lam_def: bool = False  # whether the noun after "لـ" is definite


def _extend(ctx: Ctx, i: int, j: int, kind: HeadKind) -> int:
    """End of the name whose head is tokens[i:j]: the head's complement up to a boundary.

    Each word is read by the first rule it falls under; every rule either takes the
    word (and what must follow it) into the name or ends the name:
      - `_clause_word`: words of the clause, never of a name (a detached "بـ", a possessed
        noun "مستشفياتها", a circumstantial participle "ممثلا", a title);
      - `_boundary_word`: prepositions, verbs, time words, departments, except "ضد" in a
        campaign and "في" after a committee's verbal noun ("لجنة النظر في ...");
      - `_inner_head`: another head ends the name, except ORG heads chained after an
        indefinite word ("مجلس وزراء حكومة ...");
      - `_plain_word`: a word without a proclitic, up to an object or a new phrase;
      - `_coordinated`: "و" + a noun of the same field ("دعم وتطوير", "للأطفال والولادة");
      - `_purpose`: "لـ" + the purpose that names a body ("المركز الوطني لجراحة ...",
        "مركز الأمير فيصل بن مشعل لعلاج العقم"), not after a complete name ("حكومة الوحدة
        الوطنية | لدعم ...") nor right after the head ("لجنة | للوقوف على ...");
      - `_with_bi`: "بـ" + city after an adjective-only facility ("المستشفى الجامعي بطرابلس"),
        "بـ" + noun in a campaign ("حملة التبرع بالدم").
    """
    toks = ctx.toks
    n = _Name(i, j, kind, j, adjectival=ctx.definite(i), person=j < len(toks) and ctx.person_at(j))
    while n.k < len(toks) and n.k - j < MAX_COMPLEMENT:
        if _clause_word(ctx, n):
            break
        taken = _boundary_word(ctx, n)
        if taken is None:
            taken = _inner_head(ctx, n)
        if taken is None:
            pre = toks[n.k].prefix or ctx.unsplit_lam(n.k)
            if not pre:
                taken = _plain_word(ctx, n)
            elif pre[0] in CONJ:
                taken = len(pre) == 1 and _coordinated(ctx, n)  # "وللعلاج", "وبالتعاون": a new phrase
            elif pre.endswith("ل"):
                taken = _purpose(ctx, n, pre)
            else:
                taken = pre == "ب" and _with_bi(ctx, n)
        if not taken:
            break
    # Trailing words that follow a name without being part of it ("التابع", "المختص").
    k = n.k
    while k > j and ctx.kinds(k - 1) & {"generic"} and toks[k - 1].stem in _TRAIL:
        k -= 1
    return k


def _clause_word(ctx: Ctx, n: _Name) -> bool:
    """A word that belongs to the clause, never to a name."""
    t, k = ctx.toks[n.k], n.k
    if not t.is_word or not t.text[0].isalpha() or not ("\u0621" <= t.text[0] <= "\u064a"):
        return True
    if len(t.stem) < 2:
        return True  # "مستشفى الملك عبدالعزيز بـ 963 مراجعا": a proclitic written apart
    if (t.stem.endswith(_PRONOUN_SUFFIXES) and k > n.j and not ctx.definite(k)) or _possessed(ctx, k):
        return True  # "التزامهم", "مستشفياتها": a possessed noun is not part of a name
    if k > n.j and _circumstantial(ctx, k):
        return True  # "نظم مستشفى ... ممثلا في ...": the clause goes on
    tt = ctx.title_at(k)
    return tt is not None and tt[1] == "title"  # "جامعة بنغازي | الدكتور سالم ...": a person follows


def _boundary_word(ctx: Ctx, n: _Name) -> bool | None:
    """Prepositions, verbs, time words, departments end a name, with two exceptions."""
    t, k = ctx.toks[n.k], n.k
    if not ctx.kinds(k) & {"boundary", "verb", "time", "department", "branch"}:
        return None
    if n.kind == "program" and t.stem == "ضد" and k > n.j:
        n.k += 1  # a campaign "ضد" its disease goes on: "حملة التطعيم ضد الحصبة"
        return True
    if t.stem == "في" and k - 1 == n.j and "prep_noun" in ctx.kinds(n.j):
        n.k += 1  # "لجنة النظر في مخالفات نظام ..."
        return True
    return False


def _inner_head(ctx: Ctx, n: _Name) -> bool | None:
    """Another head inside the complement: chained, named after, or the start of a new name."""
    t, k = ctx.toks[n.k], n.k
    h = ctx.head_at(k)
    if h is None or h[1] == "place_prefix":
        return None  # "اللجنة المركزية للمنطقة الوسطى": a region inside a name
    if not t.prefix:
        if n.kind == "org" and h[1] in ("org", "org_place") and not ctx.definite(k - 1):
            n.k, n.adjectival = h[0], False  # "مجلس وزراء حكومة ..."; not "الوزارة | لجنة"
            return True
        return False
    pre = t.prefix
    if n.kind == "org" and h[1] == "org" and pre == "ل" and n.adjectival and k > n.j and not n.in_lam:
        n.k, n.adjectival, n.in_lam = h[0], False, True  # "الهيئة العامة لصندوق التضامن الاجتماعي"
        return True
    return False  # "والمركز", "بالمستشفى": another name starts


def _plain_word(ctx: Ctx, n: _Name) -> bool:
    """A word without a proclitic: taken unless an object or a new phrase starts with it."""
    toks, k, i, j = ctx.toks, n.k, n.i, n.j
    t, kinds = toks[k], ctx.kinds(k)
    definite, prev_definite = ctx.definite(k), k > j and ctx.definite(k - 1)
    if k > j and definite and k + 1 < len(toks) and _time_adjective(ctx, k + 1):
        return False  # "... وسلامة المرضى | العام الماضي": a time phrase
    family_name = k - 1 == j and toks[j].stem in ctx.c.given  # "جامعة عمر المختار", "مركز سعود البابطين"
    if ctx.adjective(k) and (
        k == j and ctx.definite(i) or k > j and not family_name and (n.person or ctx.is_place(k - 1))
    ):
        if not ctx.agrees(i, k):
            return False  # "الشركة | المسجلين", "جامعة الملك عبدالعزيز | المكلف"
    if k - j >= 2 and k in ctx.mention_starts and prev_definite:
        return False  # "بمستشفى الهضبة الخضراء العام التحاليل الجينية": a procedure starts
    if k - j >= 2 and definite and _closing(ctx, k - 1):
        if kinds & {"cond_noun"} or not (
            _nisba(t.stem)
            or _participle(t.stem)
            or kinds & {"generic", "rank", "national"}
            or ctx.is_place(k)
        ):
            return False  # "تستقبل عيادة الأسنان المركزية | المراجعين": an object after the adjective
    if definite and prev_definite and ctx.title_at(k - 1) is None:
        if not (ctx.adjective(k) or ctx.is_place(k)):
            return False  # "جامعة الباحة | العمل السريري": a definite noun takes no genitive
    if k > j and ctx.is_place(k - 1) and not ctx.is_place(k) and not (definite and ctx.adjective(k)):
        return False  # "بلدية زليتن | سبل تطوير ...": a city ends a name
    if k > j and not definite and k in ctx.mention_ends and not ctx.is_place(k):
        return False  # "اللجنة العليا لمكافحة جائحة كورونا | فرض الحظر"
    if not definite:
        if k == j and ctx.definite(i):
            return False  # "المستشفى يستقبل ...": a definite head and a predicate
        if prev_definite and not ctx.is_place(k) and ctx.title_at(k - 1) is None:
            return False  # "مستشفى الكفرة العام اتفاقية": the name ended, an object follows
        n.adjectival = False
    n.k += 1
    return True


def _coordinated(ctx: Ctx, n: _Name) -> bool:
    """ "و" + a word that coordinates with the complement, not one that starts a new phrase."""
    k, j = n.k, n.j
    if k == j:
        return False
    definite, prev_definite = ctx.definite(k), ctx.definite(k - 1)
    if n.in_lam and definite == n.lam_def and not ctx.is_place(k) and k not in ctx.org_spans:
        ok = True  # "للأطفال والولادة", "للإغاثة والأعمال الإنسانية", "لمعايير الجودة وسلامة المرضى"
    elif not definite and not prev_definite:
        ok = True  # "دعم وتطوير", "جراحة وعلاج"
    elif definite and k - 1 > j and ctx.nisba(k) and ctx.nisba(k - 1):
        ok = True  # "صندوق التنمية الاقتصادية والاجتماعية": two adjectives of one noun
    elif definite and prev_definite and k - 1 == j and n.kind != "program":
        # "جهاز الإسعاف والطوارئ", "مستشفى النساء والولادة"
        ok = not n.kind.startswith("facility") or "medical" in ctx.kinds(k)
    else:
        ok = False
    if ok:
        n.k += 1
    return ok


def _purpose(ctx: Ctx, n: _Name, pre: str) -> bool:
    """ "لـ" + the purpose or field that names a body."""
    k, j, kind = n.k, n.j, n.kind
    if n.in_lam:
        if pre == "ل" and k in ctx.org_spans:
            n.k = ctx.org_spans[k]  # "الإدارة العامة للخدمات الطبية للقوات المسلحة"
        return False
    if k == j:
        return False  # "شكلت لجنة للوقوف على ...": a body for a purpose, not a name
    if ctx.definite(k):
        ok = kind != "program" and (k - j) <= 3 or (kind == "program" and n.adjectival and k > j)
    else:
        # "المركز الوطني لجراحة", "مركز مصراتة لعلاج", "شركة البريقة لتسويق النفط";
        # not "حكومة الوحدة الوطنية لدعم ...": a purpose after a complete name
        ok = (n.adjectival and k > j) or (k - j == 1 and ctx.is_place(j)) or ctx.head_purpose(n.i)
    named = n.person or (ctx.is_place(j) and all(ctx.adjective(m) for m in range(j + 1, k)))
    if named and kind != "program" and ctx.kinds(k) & {"medical", "org_cue", "purpose"}:
        ok = True  # "مركز الأمير فيصل بن مشعل لعلاج العقم", "مركز طرابلس الطبي لجراحة العظام"
    if ok:
        n.in_lam, n.lam_def, n.adjectival, n.person = True, ctx.definite(k), False, False
        n.k += 1
    return ok


def _with_bi(ctx: Ctx, n: _Name) -> bool:
    """ "بـ" + city after an adjective-only facility, "بـ" + noun in a campaign's name."""
    k = n.k
    if n.kind.startswith("facility") and n.adjectival and k > n.j and ctx.is_place(k):
        n.k += 1  # "المستشفى الجامعي بطرابلس"
        return False
    if n.kind == "program" and k > n.j and ctx.definite(k) and not ctx.is_place(k):
        n.k += 1  # "حملة التبرع بالدم", "مشروع توطين العلاج بالداخل"
        return True
    return False


def _time_adjective(ctx: Ctx, k: int) -> bool:
    """ "الماضي", "المقبل", "الجاري": the word before them is a time noun ("العام الماضي")."""
    return ctx.toks[k].is_word and ctx.definite(k) and "time" in ctx.kinds(k)


def _possessed(ctx: Ctx, k: int) -> bool:
    """A noun with the suffix "ها" ("مستشفياتها", "خدماتها"), not a place ("أبها")."""
    stem = ctx.toks[k].stem
    return (
        stem.endswith("ها")
        and len(stem) >= 5
        and not ctx.definite(k)
        and ctx.place_end(k) is None
        and stem not in ctx.c.given
    )


def _circumstantial(ctx: Ctx, k: int) -> bool:
    """An indefinite accusative participle ("ممثلا", "مؤكدا", "مشيرا"): a clause word, never a name's."""
    t = ctx.toks[k]
    return (
        not t.prefix
        and t.stem.startswith("م")
        and t.stem.endswith("ا")
        and len(t.stem) >= 5
        and ctx.place_end(k) is None
        and t.stem not in ctx.c.given
    )


def _closing(ctx: Ctx, k: int) -> bool:
    """A word after which a definite name is complete: a relative or general adjective ("العام")."""
    return _nisba(ctx.toks[k].stem) or (ctx.definite(k) and "generic" in ctx.kinds(k))


_PRONOUN_SUFFIXES = ("هم", "هما", "هن", "كم")

# Post-name words trimmed from the end of a name: they describe the relation, not the body.
_TRAIL = frozenset(
    norm(w)
    for w in ("التابع", "التابعة", "المختص", "المختصة", "المعني", "المعنية", "المذكور", "المذكورة", "المشار")
)


def _nisba(word: str) -> bool:
    """A relative adjective ("الوطني", "الوطنية", "الصحي"): what names a definite head."""
    return word.endswith(("ي", "يه")) and len(word) > 4


def _adjective_form(word: str) -> bool:
    """Adjective patterns: أفعل (الأحمر), فعلاء (الخضراء), فعلى (الكبرى، العليا), فعيل (الكبير),
    فاعل (الزائر، القائمة)."""
    w = word[2:] if word.startswith("ال") else word
    if len(w) == 4:
        return w[0] == "ا" or w[1] == "ا" or w[2] == "ي" or w.endswith(("ي", "يا"))
    return len(w) == 5 and (w.endswith("اء") or (w[1] == "ا" and w.endswith("ه")))


def _feminine_form(word: str, maqsura: bool) -> bool:
    """A feminine singular: ة ("الطبية"), فعلاء ("الخضراء"), فعلى ("الكبرى", "العليا")."""
    w = word[2:] if word.startswith("ال") else word
    # أفعل ends in ى too and is masculine ("الأعلى", "الأدنى"), but for أولى and أخرى
    fu3la = maqsura and (not w.startswith("ا") or w in ("اولي", "اخري"))
    return (
        w.endswith("ه") or (len(w) == 5 and w.endswith("اء")) or (len(w) == 4 and (fu3la or w.endswith("يا")))
    )


def _participle(word: str) -> bool:
    """A definite participle used as an adjective ("المتقدمة", "المتخصص"), not a plural noun."""
    return word.startswith("الم") and not word.endswith(("ين", "ون", "ات", "اء")) and len(word) > 5


def _name_words(ctx: Ctx, i: int, j: int) -> list[int]:
    """Indices of the complement words that name something (not generic modifiers)."""
    return [k for k in range(i, j) if not (ctx.kinds(k) & {"generic", "rank"})]


def head_candidates(ctx: Ctx) -> list[Cand]:
    """FACILITY, ORG and PROGRAM names built from a head noun and its complement."""
    toks = ctx.toks
    out: list[Cand] = []
    for i, t in enumerate(toks):
        if not t.is_word:
            continue
        h = ctx.head_at(i)
        if h is None:
            if _suffixed_programme(ctx, i):
                quoted = _quoted_name(ctx, i + 1)  # برنامجه الصحي «بقطرة دم»
                if quoted is not None:
                    out.append(quoted)
            continue
        j, kind = h
        if kind == "not_name" or _counted(ctx, i):
            continue  # "أعضاء هيئة التدريس", "عبر (12) عيادة اختصاص": no name
        if kind == "place_prefix":
            if j < len(toks) and ctx.person_at(j):
                c = _medical_city(ctx, i, j)  # "مدينة الملك عبدالله الطبية"
                if c is not None:
                    out.append(c)
            continue
        if kind == "org_place":
            out.append(Cand("ORG", i, ctx.place_end(j) or j))  # "صحة جدة", "صحة مكة المكرمة"
            continue
        if kind == "org_proper":
            if _proper_name(ctx, j):
                out.append(Cand("ORG", i, j + 1))  # "تنظيم داعش"
            continue
        if kind in ("program", "program_weak"):
            quoted = _quoted_name(ctx, j)
            if quoted is not None:
                out.append(quoted)  # مشروع “عودة الحياة”: the name is what the quotes hold
                continue
        k = _extend(ctx, i, j, kind)
        comp = range(j, k)
        if not comp:
            continue
        if not _name_words(ctx, j, k):
            continue  # "المستشفى العام", "اللجنة المختصة"
        first = toks[j]
        if kind in ("program", "program_weak"):
            if ctx.head_at(j) is not None or ctx.title_at(j) is not None:
                continue  # "استراتيجية حكومة ..." is the government's plan, not a named one
            if kind == "program_weak" and not (ctx.definite(i) and ctx.kinds(j) & {"national"}):
                continue
            if ctx.definite(i) and not _nisba(first.stem) and not ctx.kinds(j) & {"national"}:
                continue  # "البرنامج التطعيم", "الحملة مستمرة": not a name
            if not ctx.definite(i) and all(_describing(ctx, n) for n in comp):
                continue  # "حملة تفتيشية", "برنامج تدريبي مكثف": a description, not a name
            out.append(Cand("PROGRAM", i, k))
            continue
        if ctx.title_at(j) is not None and ctx.title_at(j)[1] != "honorific":
            continue  # "مدير الدكتور ..." is no name; "مؤسسة الشيخ زايد ..." is
        if not ctx.definite(i) and all(_relative_adjective(ctx, n) for n in comp):
            continue  # "لجنة طبية", "مستشفى ميدانيا", "جمعية خيرية": a kind of body, not a name
        if kind == "org":
            if j in ctx.mention_starts or "device" in ctx.kinds(j):
                continue  # "جهاز الرنين المغناطيسي", "جهاز تخطيط القلب": equipment, not a body
            out.append(Cand("ORG", i, k))
            continue
        if kind == "facility":
            out.append(Cand("FACILITY", i, k))
            continue
        # A weak facility head: "مركز" / "مجمع" needs a medical word; else a rank, a body or nothing.
        kinds = set().union(*(ctx.kinds(n) for n in comp))
        if "rank" in ctx.kinds(j):
            continue  # "المركز الثالث"
        if "org_cue" in kinds:
            out.append(Cand("ORG", i, k))
        elif "medical" in kinds:
            out.append(Cand("FACILITY", i, k))
        elif k - j >= 2 and not ctx.is_place(j) and first.is_word:
            out.append(Cand("ORG", i, k))  # "مركز إيداع الأوراق المالية"
    for c in out:
        if ctx.whole_head(c.i) and ctx.head_at(c.i) is not None:
            c.start = toks[c.i].start  # "وكالة الأنباء": the whole word is the head
    return out


def _suffixed_programme(ctx: Ctx, i: int) -> bool:
    """A programme head with a possessive suffix: "برنامجه", "حملتها" (ة written ت before it)."""
    bare = ctx.toks[i].bare
    for suffix in ("ه", "ها"):
        if bare.endswith(suffix) and len(bare) > len(suffix) + 2:
            base = bare[: -len(suffix)]
            for cand in (base, base[:-1] + "ه" if base.endswith("ت") else base):
                if any(
                    len(seq) == 1 and k in ("program", "program_weak") for seq, k in ctx.c.heads.get(cand, ())
                ):
                    return True
    return False


def _counted(ctx: Ctx, i: int) -> bool:
    """A head counted by a number before it ("12 عيادة", "(12) عيادة"): a common noun."""
    n = i - 1
    while n >= 0 and ctx.toks[n].kind == "punct" and ctx.toks[n].text in "()[]":
        n -= 1
    return n >= 0 and ctx.toks[n].kind == "num"


def _medical_city(ctx: Ctx, i: int, j: int) -> Cand | None:
    """ "مدينة" + a personal name + "الطبية": a medical city is a FACILITY."""
    k = _extend(ctx, i, j, "facility_weak")
    if any("medical" in ctx.kinds(n) and ctx.definite(n) for n in range(j, k)):
        return Cand("FACILITY", i, k)
    return None


def _proper_name(ctx: Ctx, j: int) -> bool:
    """One indefinite word no lexicon knows, not the first of a genitive chain ("تنظيم ورش عمل")."""
    toks = ctx.toks
    if j >= len(toks):
        return False
    t = toks[j]
    if not t.is_word or t.prefix or ctx.definite(j) or ctx.kinds(j) or t.stem in vocabulary():
        return False
    if t.stem.endswith(("ات", "ه")) or len(t.stem) < 3 or ctx.head_at(j) is not None:
        return False
    head, before = j - 1, j - 2
    if toks[head].prefix or (before >= 0 and ctx.kinds(before) & {"verb", "boundary"}):
        return False  # "قام بتنظيم حفل", "تم تنظيم حفل": the verbal noun, not a body
    if j + 1 >= len(toks) or not toks[j + 1].is_word:
        return True
    return bool(ctx.kinds(j + 1) & {"verb", "boundary"}) or (ctx.adjective(j + 1) and ctx.nisba(j + 1))


def _quoted_name(ctx: Ctx, j: int) -> Cand | None:
    """The quoted name that follows a programme head and its modifiers: حملة وزارتي ... «كن نظامياً»."""
    toks = ctx.toks
    k = j
    while k < len(toks) and k - j <= 5:
        t = toks[k]
        if t.text in QUOTES:
            close = next((q for q in range(k + 1, min(len(toks), k + 12)) if toks[q].text in QUOTES), None)
            if close is None or close == k + 1 or not ("\u0621" <= toks[k + 1].text[0] <= "\u064a"):
                return None  # no name, or a Latin abbreviation: برنامج الأمم المتحدة الإنمائي "UNDP"
            return Cand("PROGRAM", k + 1, close)
        if not t.is_word or ctx.stops(k) or len(t.stem) < 2:
            return None
        k += 1
    return None


def _relative_adjective(ctx: Ctx, n: int) -> bool:
    """An indefinite nisba ("طبية", "ميدانيا", "خيرية"), not a place or a given name."""
    t = ctx.toks[n]
    return (
        not ctx.definite(n)
        and t.stem.endswith(("ي", "يه", "يا"))
        and len(t.stem) > 3
        and not ctx._maqsura(n)
        and ctx.place_end(n) is None
        and t.stem not in ctx.c.given
    )


def _describing(ctx: Ctx, n: int) -> bool:
    """An indefinite adjective ("تفتيشية", "تدريبي", "مكثف") that describes rather than names."""
    t = ctx.toks[n]
    return not ctx.definite(n) and (t.stem.endswith(("ي", "يه")) or t.stem.startswith("م"))


def place_candidates(ctx: Ctx) -> list[Cand]:
    """ "مدينة X", "محافظة X", "مخيم X", "مدن X و Y": X is a LOC even when no lexicon lists it.

    X is one word. It may be definite only after a head marked `article` in entity_heads.tsv
    ("محافظة الأنبار", "حي الشقة"; not "منطقة العمليات"), and not a plural ("مخيم النازحين").
    """
    toks = ctx.toks
    out: list[Cand] = []
    for i, t in enumerate(toks):
        if not t.is_word or ctx.definite(i):
            continue
        j = _place_head(ctx, i)
        if j is None or j >= len(toks):
            continue
        x = toks[j]
        if not x.is_word or x.prefix or ctx.stops(j) or ctx.kinds(j):
            continue
        head = next(w for w in (t.bare, *(t.text[len(p) :] for p in PROCLITICS)) if w in ctx.c.heads)
        if ctx.definite(j) and (head not in ctx.c.article_places or x.stem.endswith(("ين", "ون"))):
            continue
        if ctx.head_at(j) is not None or ctx.title_at(j) is not None:
            continue
        if j + 1 < len(toks) and toks[j + 1].is_word and ctx.kinds(j + 1) & {"medical"}:
            continue  # "مدينة ... الطبية" is a facility
        out.append(Cand("LOC", j, j + 1))
    return out


def _place_head(ctx: Ctx, i: int) -> int | None:
    """End of a place prefix at token i ("مدينة", "بمحافظة"), or None. A two-letter head keeps
    its proclitic in the token ("بحي": the tokenizer splits only before words of three letters)."""
    h = ctx.head_at(i)
    if h is not None:
        return h[0] if h[1] == "place_prefix" else None
    t = ctx.toks[i]
    for p in PROCLITICS:
        if t.is_word and not t.prefix and t.text.startswith(p):
            if ((t.text[len(p) :],), "place_prefix") in ctx.c.heads.get(t.text[len(p) :], ()):
                return i + 1
    return None


def _after_place_prefix(ctx: Ctx, i: int) -> bool:
    return any(_place_head(ctx, k) == i for k in range(max(0, i - 2), i))


def _listed_place(ctx: Ctx, c: Cand, starts: set[int], ends: set[int]) -> bool:
    """Whether c stands in a list beside a place: "تعز وحجة", "حجة، تعز", "حجة وتعز"."""
    toks = ctx.toks
    comma = ("،", ",")
    before = c.i - 1 if c.i > 0 and toks[c.i - 1].text in comma else c.i
    if (toks[c.i].prefix == "و" or before < c.i) and before in ends:
        return True
    after = c.j + 1 if c.j < len(toks) and toks[c.j].text in comma else c.j
    return after < len(toks) and after in starts and (after > c.j or toks[after].prefix == "و")


def _newspaper(ctx: Ctx, c: Cand) -> bool:
    """ "لـ«الشرق الأوسط»", "صحيفة "الرياض"": a quoted name after لـ or a media word is a title."""
    toks = ctx.toks
    if c.i < 2 or c.j >= len(toks) or toks[c.i - 1].text not in QUOTES or toks[c.j].text not in QUOTES:
        return False
    k = c.i - 2
    return toks[k].text == "ل" or "media" in ctx.kinds(k)


def _country_adjective(ctx: Ctx, c: Cand) -> bool:
    """ "وزارة الصحة السعودية", "الحملة الوطنية السعودية": a one-word definite country or region
    name in ية right after a definite word is an adjective of what precedes, not the place."""
    toks = ctx.toks
    t = toks[c.i]
    if c.j - c.i != 1 or t.prefix or not t.stem.startswith("ال") or not t.stem.endswith("يه") or c.i == 0:
        return False
    if getattr(c.entry, "kind", None) not in ("country", "region"):
        return False  # a city ("الإسماعيلية") is no adjective
    k = c.i - 1
    return (
        toks[k].is_word
        and not toks[k].prefix
        and ctx.definite(k)
        and not ctx.stops(k)
        and not ctx.is_place(k)
        and ctx.title_at(k) is None
    )


def _in_a_name(ctx: Ctx, c: Cand) -> bool:
    """ "الأمير نايف", "محمد الزبير": a one-word place name right after a title or a given name
    is (part of) a person's name."""
    if c.j - c.i != 1 or c.i == 0 or ctx.toks[c.i].prefix:
        return False
    prev = ctx.toks[c.i - 1]
    return ctx.title_at(c.i - 1) is not None or (prev.is_word and prev.stem in ctx.c.given)


def place_filter(ctx: Ctx, cands: list[Cand]) -> list[Cand]:
    """Drop LOC candidates that name no place here.

    A newspaper's quoted name, a country adjective and a name after a title or a given name
    ("الأمير نايف", "محمد الزبير") are not places. A place name that is
    also a common word (`common` in places.tsv) is kept only in a place context: after a
    place prefix ("محافظة حجة"), after a direction word ("شمال حجة") or a plural of places
    ("محافظات حجة وصعدة"), or in a list beside
    another place ("في تعز وحجة وصعدة"), found step by step from the places already kept.
    """
    kept: list[Cand] = []
    pending: list[Cand] = []
    for c in cands:
        if c.type == "LOC" and (_newspaper(ctx, c) or _country_adjective(ctx, c) or _in_a_name(ctx, c)):
            continue
        (pending if c.type == "LOC" and c.common else kept).append(c)
    starts = {c.i for c in kept if c.type == "LOC"}
    ends = {c.j for c in kept if c.type == "LOC"}
    found = True
    while found and pending:
        found = False
        for c in list(pending):
            cue = c.i > 0 and ctx.kinds(c.i - 1) & {"direction", "place_list"} and not ctx.toks[c.i].prefix
            if _after_place_prefix(ctx, c.i) or cue or _listed_place(ctx, c, starts, ends):
                pending.remove(c)
                kept.append(c)
                starts.add(c.i)
                ends.add(c.j)
                found = True
    return kept


def modifier_extension(ctx: Ctx, cands: list[Cand]) -> None:
    """Extend CONDITION / PROCEDURE mentions over their modifiers ("قسطرة قلبية تشخيصية").

    A procedure also takes the organ it is done on ("منظار الركبة", "قسطرة علاجية للشرايين
    التاجية") and a "لـ" + procedure that says what a generic operation was ("عملية جراحية
    دقيقة لاستئصال ورم": the code becomes the specific one).
    """
    procedures = {c.i: c for c in sorted(cands, key=lambda c: c.j - c.i) if c.type == "PROCEDURE"}  # longest
    for cand in cands:
        if cand.type not in ("CONDITION", "PROCEDURE"):
            continue
        mod = "proc_mod" if cand.type == "PROCEDURE" else "cond_mod"
        k = cand.j
        while k < len(ctx.toks) and k - cand.j < 3:
            t = ctx.toks[k]
            if not t.is_word or t.prefix not in ("", "و") or mod not in ctx.kinds(k):
                break
            if t.prefix == "و" and cand.type != "CONDITION":
                break
            k += 1
        if cand.type == "PROCEDURE":
            k = _procedure_object(ctx, cand, k, procedures)
        cand.j = k


def _procedure_object(ctx: Ctx, cand: Cand, k: int, procedures: dict[int, Cand]) -> int:
    """End of a procedure with its organ ("منظار الركبة", "للركبة") or its "لـ" + procedure."""
    toks = ctx.toks
    if k >= len(toks) or not toks[k].is_word:
        return k
    t = toks[k]
    pre = t.prefix or ctx.unsplit_lam(k)
    if not pre and k == cand.i + 1 and ctx.definite(k) and "body" in ctx.kinds(k):
        return _organ_end(ctx, k)  # "منظار الركبة"
    if pre == "و" and ctx.definite(k) and "body" in ctx.kinds(k) and "body" in ctx.kinds(k - 1):
        return k + 1  # "جراحة العظام والمفاصل": a second organ
    if pre == "ب" and k in procedures and procedures[k].entry is not None:
        if procedures[k].entry.id in ("endoscopy", "laparoscopic_surgery"):
            if cand.entry is not None and cand.entry.id == "surgery":
                cand.entry = _procedure_entry("laparoscopic_surgery")  # "استئصال المرارة بالمنظار"
            return procedures[k].j
    if pre != "ل":
        return k
    if ctx.definite(k) and "body" in ctx.kinds(k):
        return _organ_end(ctx, k)  # "قسطرة علاجية للشرايين التاجية", "تركيب مفصل صناعي للركبة"
    inner = procedures.get(k)
    if inner is not None and inner is not cand:
        if cand.entry is not None and cand.entry.id == "surgery":
            cand.entry = inner.entry  # "عملية جراحية لاستئصال ورم": the specific procedure
        return inner.j  # "عملية جراحية دقيقة لاستئصال ورم"
    return k


def _procedure_entry(code: str) -> Entry | None:
    return next((e for e in load("procedures") if e.id == code), None)


def _organ_end(ctx: Ctx, k: int) -> int:
    """After an organ word, one more organ word or adjective ("الشرايين التاجية")."""
    n = k + 1
    if n < len(ctx.toks) and ctx.toks[n].is_word and not ctx.toks[n].prefix and ctx.definite(n):
        if "body" in ctx.kinds(n) or _nisba(ctx.toks[n].stem):
            n += 1
    return n


def condition_candidates(ctx: Ctx, cands: list[Cand]) -> list[Cand]:
    """CONDITION names no lexicon holds: a disease noun and its complement.

    "متلازمة ..."، "التهاب ..."، "الأمراض الوبائية السارية"، "فيروس ...": any complement;
    "نقص"، "فشل"، "قصور"، "تمزق" ... only with an organ or nutrient ("فشل كلوي", "نقص
    فيتامين د"; not "فشل المفاوضات", "نقص الأدوية"). A noun before a lexicon condition is
    left to the lexicon ("مرض ضمور العضلات" gives "ضمور العضلات").
    """
    lexical = {c.i for c in cands if c.type == "CONDITION"}
    toks = ctx.toks
    out: list[Cand] = []
    for i, t in enumerate(toks):
        if not t.is_word:
            continue
        kinds = ctx.kinds(i)
        if not kinds & {"cond_head", "cond_head_weak"} or i + 1 >= len(toks) or i + 1 in lexical:
            continue
        if "cond_head" not in kinds and not ctx.kinds(i + 1) & {"body"}:
            continue
        if ctx.definite(i + 1) and not (
            ctx.kinds(i + 1) & {"body", "medical", "cond_mod"} or ctx.adjective(i + 1)
        ):
            continue  # "مرض الطفل": whose illness, not which
        k = _condition_end(ctx, i)
        if k > i + 1:
            out.append(Cand("CONDITION", i, k))
    return out


def _condition_end(ctx: Ctx, i: int) -> int:
    """End of a condition's complement: nouns and adjectives up to a boundary (three words at most)."""
    toks = ctx.toks
    j = i + 1
    k = j
    while k < len(toks) and k - j < 3:
        t = toks[k]
        if k > j and toks[k - 1].stem == "فيتامين":
            return _vitamin_end(ctx, k)  # "نقص فيتامين د", "نقص فيتامين «د»"
        if not t.is_word or not ("\u0621" <= t.text[0] <= "\u064a"):
            break
        kinds = ctx.kinds(k)
        if t.prefix == "و" and k > j and "cond_mod" in kinds:
            k += 1  # "الأمراض المزمنة والوراثية"
            continue
        if t.prefix or ctx.unsplit_lam(k) or len(t.stem) < 2:
            break
        if kinds & {"boundary", "verb", "time", "department", "generic", "cond_noun"} - {"body"}:
            break
        if t.stem.endswith(_PRONOUN_SUFFIXES) or _possessed(ctx, k) or _circumstantial(ctx, k):
            break
        if ctx.title_at(k) is not None:
            break
        prev_def = ctx.definite(k - 1)
        if prev_def and not ctx.definite(k):
            break  # "الأمراض المزمنة | مرضى": a definite name is complete
        if k > j and prev_def and not (ctx.adjective(k) or kinds & {"cond_mod", "body"}):
            break  # "أمراض القلب | المرضى"
        if k > j and not ctx.definite(k) and not (kinds & {"cond_mod", "body"} or ctx.nisba(k)):
            break  # "فشل كلوي حاد | استدعى": only adjectives follow an indefinite complement
        k += 1
    return k


def _vitamin_end(ctx: Ctx, k: int) -> int:
    """The letter after "فيتامين", quoted or not."""
    toks = ctx.toks
    if (
        toks[k].text in QUOTES
        and k + 2 < len(toks)
        and toks[k + 2].text in QUOTES
        and len(toks[k + 1].text) <= 3
    ):
        return k + 3
    if toks[k].is_word and len(toks[k].text) <= 3 and not toks[k].prefix:
        return k + 1
    return k


# ---------------------------------------------------------------------------
# Merge and emit


def _overlaps(a: Cand, b: Cand) -> bool:
    return a.i < b.j and b.i < a.j


def _inside(a: Cand, b: Cand) -> bool:
    return b.i <= a.i and a.j <= b.j


def merge(cands: list[Cand]) -> list[Cand]:
    """The longest name wins; lexicon mentions win ties; allowed nestings survive.
    (Kept names are indexed by the tokens they cover: linear in the length of a document.)"""
    order = sorted(cands, key=lambda c: (-(c.j - c.i), not c.lexical, c.i))
    kept: list[Cand] = []
    covering: dict[int, list[Cand]] = defaultdict(list)  # token -> kept names over it
    for c in order:
        near = (k for t in range(c.i, max(c.j, c.i + 1)) for k in covering.get(t, ()))
        if not any(_clashes(c, k) for k in near):
            kept.append(c)
            for t in range(c.i, c.j):
                covering[t].append(c)
    # A grammar name that starts with a lexicon mention of the same type is that entry, extended.
    lexical: dict[tuple[int, str], list[Cand]] = defaultdict(list)
    for other in cands:
        if other.lexical:
            lexical[(other.i, other.type)].append(other)
    for c in kept:
        if c.entry is None:
            for other in lexical.get((c.i, c.type), ()):
                if other.j <= c.j:
                    c.entry = other.entry
                    break
    return sorted(kept, key=lambda c: (c.i, c.j))


def _clashes(c: Cand, k: Cand) -> bool:
    """Whether c overlaps the kept name k other than as a nesting k allows."""
    if not _overlaps(c, k):
        return False
    return not (_inside(c, k) and c.type in NESTABLE.get(k.type, ()) and (c.i, c.j) != (k.i, k.j))


@lru_cache(maxsize=1)
def country_adjectives() -> dict[str, PlaceEntry]:
    """Nationality adjectives of one-word countries: "اليمنية" -> Yemen, "الأردني" -> Jordan.

    Derived from places.tsv: the name without its article and its ending (ا، ية), then ي / ية.
    Names that end in ي already ("مالي", "جيبوتي") are left out: their adjective is the word itself.
    """
    out: dict[str, PlaceEntry] = {}
    for e in load("places"):
        if not isinstance(e, PlaceEntry) or e.kind != "country":
            continue
        for form in e.ar:
            w = norm(form)
            if " " in w or w.endswith("ي"):
                continue
            w = _bare(w)
            for ending in ("يه", "ه", "ا"):
                if w.endswith(ending) and len(w) > len(ending) + 2:
                    w = w[: -len(ending)]
                    break
            base = w if w.endswith("ي") else w + "ي"  # "ليبيا" -> "ليبي", "اليمن" -> "يمني"
            for adj in (base, base + "ه"):
                out.setdefault("ال" + adj, e)
                out.setdefault(adj, e)
    return out


# Bodies every state has under one name: the lexicon's entry is Libya's (organizations.tsv),
# another country's adjective after the name makes it that country's body.
_NATIONAL_KINDS = frozenset({"ministry", "council", "government", "authority", "agency", "committee", "fund"})


def _country_body(ctx: Ctx, c: Cand) -> tuple[str, str] | None:
    """(id, name_en) of "وزارة الصحة اليمنية": the entry's id for the country the adjective names."""
    entry = c.entry
    if c.type != "ORG" or not isinstance(entry, OrganizationEntry) or entry.kind not in _NATIONAL_KINDS:
        return None
    for k in range(c.i + 1, c.j):
        country = country_adjectives().get(ctx.toks[k].stem)
        if country is not None and ctx.toks[k].is_word and not ctx.toks[k].prefix:
            if country.id == "libya":
                return None
            return f"{entry.id}_{country.id}", f"{entry.name_en} ({country.name_en})"
    return None


def _spans(cands: list[Cand], etype: str) -> dict[int, int]:
    """Start -> end of the longest mention of a type starting there."""
    out: dict[int, int] = {}
    for c in cands:
        if c.type == etype:
            out[c.i] = max(out.get(c.i, 0), c.j)
    return out


def find_entities(doc: Document) -> Document:
    """Fill `doc.entities` (FACILITY, ORG, PERSON, LOC, PROGRAM, CONDITION, PROCEDURE).

    Reads `doc.tokens` (and `doc.text` for surfaces). Every occurrence is emitted
    with its offsets; linked mentions carry the lexicon `id` and `name_en`.
    Keeps entities of other types already present (DATE is the dates stage's).
    """
    ctx = Ctx(doc)
    cands = lexicon_candidates(ctx)
    modifier_extension(ctx, cands)
    ctx.org_spans = _spans(cands, "ORG")
    ctx.place_spans = _spans(cands, "LOC")
    cands += condition_candidates(ctx, cands)
    ctx.mention_starts = {c.i for c in cands if c.type in ("CONDITION", "PROCEDURE")}
    ctx.mention_ends = {c.j for c in cands if c.type in ("CONDITION", "PROCEDURE")}
    cands += head_candidates(ctx)
    cands += place_candidates(ctx)
    cands = place_filter(ctx, cands)
    from pipeline.persons import person_candidates  # the PERSON stage builds on this module

    bodies = [c for c in cands if c.type in ("ORG", "FACILITY")]
    cands += person_candidates(ctx, bodies)
    ents: list[Entity] = []
    for c in merge(cands):
        start, end = span_of(ctx.toks, c.i, c.j)
        if c.start is not None:
            start = c.start
        while end < len(doc.text) and ("\u064b" <= doc.text[end] <= "\u0652" or doc.text[end] == "\u0640"):
            end += 1  # the last word's marks ("أولاً") belong to it
        text = doc.text[start:end]
        eid = c.entry.id if c.entry else None
        name_en = c.entry.name_en if c.entry else None
        national = _country_body(ctx, c)
        if national is not None:
            eid, name_en = national  # "وزارة الصحة اليمنية": Yemen's ministry, not Libya's
        ents.append(
            Entity(
                type=c.type,  # type: ignore[arg-type]
                text=text,
                start=start,
                end=end,
                norm=norm(text),
                id=eid,
                name_en=name_en,
                source="lexicon" if c.lexical else "grammar",
            )
        )
    mine = {"FACILITY", "ORG", "PERSON", "LOC", "PROGRAM", "CONDITION", "PROCEDURE"}
    doc.entities = [e for e in doc.entities if e.type not in mine] + ents
    return doc
