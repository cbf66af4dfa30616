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
     a conjunction that starts a new phrase). See `_extend` for what may continue
     a name ("لـ" purposes, "و" coordination, "بـ" + city).
   - PERSON: a title or a role phrase, then two to four name words; the title is
     not part of the surface.
   - LOC: "مدينة X", "دولة X" (X is the place).
   - CONDITION / PROCEDURE: lexicon mentions extended by their modifiers
     ("قسطرة قلبية تشخيصية", "الأمراض النادرة والمستعصية").

Every surface excludes the first token's proclitic, so
`doc.text[e.start:e.end] == e.text` holds for every entity.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from pipeline.lexicons import Entry, load, register, vocabulary
from pipeline.models import Document, Entity
from pipeline.normalize import norm
from pipeline.tokenize import Token, span_of, tokenize_text

# ---------------------------------------------------------------------------
# Lexicon schemas


@register("places")
class PlaceEntry(Entry):
    """lexicons/places.tsv: cities, districts, regions, countries."""

    kind: Literal["city", "district", "neighbourhood", "region", "country"]
    country: str | None = None  # id of the country entry ("libya"); empty for a country


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


HeadKind = Literal["facility", "facility_weak", "org", "program", "program_weak", "place_prefix"]


@register("entity_heads")
class HeadEntry(Entry):
    """lexicons/entity_heads.tsv: head nouns of names no lexicon holds."""

    kind: HeadKind
    purpose: bool = False  # its names carry "لـ + purpose" after a genitive ("شركة البريقة لتسويق النفط")


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
MAX_COMPLEMENT = 8  # words after a head
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
    return Pattern(etype, entry, key, exact, rest)


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
            c.heads[toks[0].bare].append((tuple(_bare(t.stem) for t in toks), e.kind))
            if e.purpose:
                c.purpose_heads.add(toks[0].bare)
    for e in load("titles"):
        assert isinstance(e, TitleEntry)
        for form in e.ar:
            toks = tokenize_text(form)
            c.titles[toks[0].stem].append((tuple(t.stem for t in toks), e.kind))
    for e in load("given_names"):
        for form in e.ar:
            c.given.add(norm(form))
    for key, pats in lexicon_index().items():
        if any(p.type == "LOC" and not p.rest for p in pats):
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

    def __len__(self) -> int:
        return len(self.toks)

    def forms(self, i: int) -> tuple[str, ...]:
        """The token's word, and the word without a leading conjunction (و/ف)."""
        t = self.toks[i]
        out = [t.text, t.stem]
        if t.text[:1] in "وفبلك" and len(t.text) > 2:
            out.append(t.text[1:])  # "وفي", "بأن", "لأن": a particle behind a proclitic
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
        for seq, kind in self.c.heads.get(t.bare, ()):
            j = i + len(seq)
            if j <= len(self.toks) and all(
                self.toks[i + n].is_word and not self.toks[i + n].prefix and self.toks[i + n].bare == seq[n]
                for n in range(1, len(seq))
            ):
                return j, kind
        return None

    def unsplit_lam(self, i: int) -> str:
        """ "ل" when token i is ل + a word the lexicons do not know ("لتسويق"), else "".

        The tokenizer separates a proclitic only before a known word; inside a name
        a purpose "لـ + verbal noun" matters even when the noun is unknown.
        """
        t = self.toks[i]
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
                out.append(Cand(p.type, i, j, p.entry, lexical=True, start=start))
    return out


def _extend(ctx: Ctx, i: int, j: int, kind: HeadKind) -> int:
    """End of the name whose head is tokens[i:j]: the head's complement up to a boundary.

    What may continue a name:
      - plain words (no proclitic) that are not boundaries, verbs, time words,
        departments or another head (an ORG may chain ORG heads: "مجلس وزراء حكومة ...");
      - "و" + word coordinating two nouns of the complement: "دعم وتطوير",
        "جراحة وعلاج", "الإسعاف والطوارئ";
      - "لـ" + word: the purpose that names a centre ("المركز الوطني لجراحة ...",
        "مركز مصراتة للعلاج الطبيعي") but not a purpose after a complete name
        ("حكومة الوحدة الوطنية لدعم ..." stops before "لدعم");
      - "بـ" + city after an adjective-only name ("المستشفى الجامعي بطرابلس").
    """
    toks = ctx.toks
    k = j
    adjectival = ctx.definite(i)  # the complement so far only qualifies the head (definite adjectives)
    in_lam = False  # inside a "لـ" complement
    while k < len(toks) and k - j < MAX_COMPLEMENT:
        t = toks[k]
        if not t.is_word or not t.text[0].isalpha() or not ("\u0621" <= t.text[0] <= "\u064a"):
            break
        kinds = ctx.kinds(k)
        if t.stem.endswith(_PRONOUN_SUFFIXES) and k > j:
            break  # "التزامهم", "دعمهما": a possessed noun is not part of a name
        if kinds & {"boundary", "verb", "time", "department", "branch"}:
            if not (kind == "program" and t.stem == "ضد" and k > j):
                break  # a campaign "ضد" its disease goes on: "حملة التطعيم ضد الحصبة"
            k += 1
            continue
        tt = ctx.title_at(k)
        if tt is not None and tt[1] == "title":
            break  # "جامعة بنغازي | الدكتور سالم ...": a person follows
        h = ctx.head_at(k)
        if h is not None and h[1] == "place_prefix":
            h = None  # "اللجنة المركزية للمنطقة الوسطى": a region inside a name
        if h is not None and not t.prefix:
            if kind == "org" and h[1] == "org":
                k = h[0]
                adjectival = False
                continue
            break
        pre = t.prefix or ctx.unsplit_lam(k)
        if not pre and k - j >= 2 and k in ctx.mention_starts and ctx.definite(k - 1):
            break  # "بمستشفى الهضبة الخضراء العام التحاليل الجينية": a procedure starts
        if not pre and k - j >= 2 and ctx.definite(k) and _nisba(toks[k - 1].stem):
            if kinds & {"cond_noun"} or not (
                _nisba(t.stem)
                or _participle(t.stem)
                or kinds & {"generic", "rank", "national"}
                or ctx.is_place(k)
            ):
                break  # "تستقبل عيادة الأسنان المركزية | المراجعين": an object after the adjective
        if not pre and k > j and not ctx.definite(k) and ctx.is_place(k - 1) and not ctx.is_place(k):
            break  # "بلدية زليتن | سبل تطوير ...": a city ends a name
        if not pre and k > j and not ctx.definite(k) and k in ctx.mention_ends and not ctx.is_place(k):
            break  # "اللجنة العليا لمكافحة جائحة كورونا | فرض الحظر"
        if not pre:
            if not ctx.definite(k):
                if k == j and ctx.definite(i):
                    break  # "المستشفى يستقبل ...": a definite head and a predicate
                if k > j and ctx.definite(k - 1) and not ctx.is_place(k) and ctx.title_at(k - 1) is None:
                    break  # "مستشفى الكفرة العام اتفاقية": the name ended, an object follows
                adjectival = False
            k += 1
            continue
        if h is not None and kind == "org" and h[1] == "org" and pre == "ل" and adjectival and k > j:
            k = h[0]  # "الهيئة العامة لصندوق التضامن الاجتماعي": a body named after another
            adjectival = False
            in_lam = True
            continue
        if h is not None:
            break  # "والمركز", "بالمستشفى": another name starts
        prev_def = ctx.definite(k - 1)
        if pre[0] in CONJ and len(pre) > 1:
            break  # "وللعلاج", "وبالتعاون": a conjunction starts a new phrase
        if pre in CONJ:
            if k == j:
                break
            if not ctx.definite(k) and not prev_def and k - 1 >= j:
                k += 1  # "دعم وتطوير", "جراحة وعلاج"
                continue
            if ctx.definite(k) and prev_def and k - 1 == j and kind != "program":
                if kind.startswith("facility") and "medical" not in kinds:
                    break
                k += 1  # "جهاز الإسعاف والطوارئ", "مستشفى النساء والولادة"
                continue
            break
        if pre.endswith("ل") and not in_lam:
            place_name = k - j == 1 and ctx.is_place(j)
            if ctx.definite(k):
                ok = kind != "program" and (k - j) <= 3 or (kind == "program" and adjectival and k > j)
            else:
                # "المركز الوطني لجراحة", "مركز مصراتة لعلاج", "شركة البريقة لتسويق النفط";
                # not "حكومة الوحدة الوطنية لدعم ...": a purpose after a complete name
                ok = (adjectival and k > j) or place_name or ctx.head_purpose(i)
            if not ok:
                break
            in_lam = True
            adjectival = False
            k += 1
            continue
        if pre == "ب" and kind.startswith("facility") and adjectival and k > j and ctx.is_place(k):
            return k + 1  # "المستشفى الجامعي بطرابلس"
        if pre == "ب" and kind == "program" and k > j and ctx.definite(k) and not ctx.is_place(k):
            k += 1  # "حملة التبرع بالدم", "مشروع توطين العلاج بالداخل"
            continue
        break
    # Trailing words that follow a name without being part of it ("التابع", "المختص").
    while k > j and ctx.kinds(k - 1) & {"generic"} and toks[k - 1].stem in _TRAIL:
        k -= 1
    return k


_PRONOUN_SUFFIXES = ("هم", "هما", "هن", "كم")

# Post-name words trimmed from the end of a name: they describe the relation, not the body.
_TRAIL = frozenset(
    norm(w)
    for w in ("التابع", "التابعة", "المختص", "المختصة", "المعني", "المعنية", "المذكور", "المذكورة", "المشار")
)


def _nisba(word: str) -> bool:
    """A relative adjective ("الوطني", "الوطنية", "الصحي"): what names a definite head."""
    return word.endswith(("ي", "يه")) and len(word) > 4


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
            continue
        j, kind = h
        if kind == "place_prefix":
            continue
        if kind in ("program", "program_weak") and j < len(toks) and toks[j].text in QUOTES:
            # A quoted name: مشروع “عودة الحياة”
            close = next((q for q in range(j + 1, min(len(toks), j + 12)) if toks[q].text in QUOTES), None)
            if close is not None and close > j + 1:
                out.append(Cand("PROGRAM", i, close + 1))
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
            out.append(Cand("PROGRAM", i, k))
            continue
        if ctx.title_at(j) is not None and ctx.title_at(j)[1] != "honorific":
            continue  # "مدير الدكتور ..." is no name; "مؤسسة الشيخ زايد ..." is
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
    return out


def place_candidates(ctx: Ctx) -> list[Cand]:
    """ "مدينة X", "دولة X": X is a LOC even when no lexicon lists it."""
    toks = ctx.toks
    out: list[Cand] = []
    for i, t in enumerate(toks):
        if not t.is_word or ctx.definite(i):
            continue
        h = ctx.head_at(i)
        if h is None or h[1] != "place_prefix":
            continue
        j = h[0]
        if j >= len(toks):
            continue
        x = toks[j]
        if not x.is_word or x.prefix or ctx.definite(j) or ctx.stops(j) or ctx.kinds(j):
            continue
        if ctx.head_at(j) is not None:
            continue
        if j + 1 < len(toks) and toks[j + 1].is_word and ctx.kinds(j + 1) & {"medical"}:
            continue  # "مدينة ... الطبية" is a facility
        out.append(Cand("LOC", j, j + 1))
    return out


def _person_name(ctx: Ctx, k: int, need_given: bool) -> int:
    """End of a name of two to four words starting at token k, or k when there is none."""
    toks, c = ctx.toks, ctx.c
    n = k
    units = 0  # name parts, a compound ("عبد الحميد", "بن علي") counting once
    while n < len(toks) and n - k < 4:
        t = toks[n]
        if not t.is_word or t.prefix or ctx.unsplit_lam(n) or not ("\u0621" <= t.text[0] <= "\u064a"):
            break
        kinds = ctx.kinds(n)
        if kinds & {"boundary", "verb", "time"} or (kinds - {"cond_noun"} and t.stem not in c.given):
            break
        if ctx.head_at(n) is not None or ctx.title_at(n) is not None:
            break
        if n == k:
            if need_given and t.stem not in c.given:
                return k
            if ctx.definite(n) and t.stem not in c.given:
                return k
        units += 1
        if units >= 3 and t.stem[0] in "يت" and len(t.stem) >= 4 and t.stem not in c.given:
            break  # "رمضان أبو جناح | يتفقد": an imperfect verb after the name
        if units >= 3 and ctx.definite(n) and not _nisba(t.stem) and t.stem not in c.given:
            break  # "استقبل السيد عبد الحميد الدبيبة | الوفد": the object, not a third name
        n += 1
        if t.stem in ("عبد", "ابو", "بن", "ابن") and n < len(toks) and toks[n].is_word and n - k < 4:
            n += 1  # "عبد الحميد", "أبو بكر"
    return n if n - k >= 2 else k


def person_candidates(ctx: Ctx, bodies: list[Cand]) -> list[Cand]:
    """PERSON after a title ("الدكتور أحمد مليطان") or a role phrase and its body."""
    toks = ctx.toks
    starts: dict[int, int] = {}
    for b in bodies:
        starts[b.i] = max(starts.get(b.i, 0), b.j)
    out: list[Cand] = []
    for i in range(len(toks)):
        tt = ctx.title_at(i)
        if tt is None:
            continue
        j, kind = tt
        if kind in ("title", "honorific"):
            while j < len(toks) and ctx.title_at(j) is not None and ctx.title_at(j)[1] != "role":
                j = ctx.title_at(j)[0]  # "الأستاذ الدكتور"
            e = _person_name(ctx, j, need_given=False)
            if e > j:
                out.append(Cand("PERSON", j, e))
            continue
        # A role word: its body (an entity or one definite word), then a title or a given name.
        k = j
        if k < len(toks) and toks[k].stem in ("عام", "العام"):
            k += 1
        if k in starts:
            k = starts[k]
        elif k < len(toks) and toks[k].is_word and ctx.definite(k) and not toks[k].prefix:
            k += 1
        else:
            continue
        if k < len(toks) and ctx.title_at(k) is not None:
            continue  # the title rule finds the name
        e = _person_name(ctx, k, need_given=True)
        if e > k:
            out.append(Cand("PERSON", k, e))
    return out


def modifier_extension(ctx: Ctx, cands: list[Cand]) -> None:
    """Extend CONDITION / PROCEDURE mentions over their modifiers ("قسطرة قلبية تشخيصية")."""
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
        cand.j = k


# ---------------------------------------------------------------------------
# Merge and emit


def _overlaps(a: Cand, b: Cand) -> bool:
    return a.i < b.j and b.i < a.j


def _inside(a: Cand, b: Cand) -> bool:
    return b.i <= a.i and a.j <= b.j


def merge(cands: list[Cand]) -> list[Cand]:
    """The longest name wins; lexicon mentions win ties; allowed nestings survive."""
    order = sorted(cands, key=lambda c: (-(c.j - c.i), not c.lexical, c.i))
    kept: list[Cand] = []
    for c in order:
        clash = False
        for k in kept:
            if not _overlaps(c, k):
                continue
            if _inside(c, k) and c.type in NESTABLE.get(k.type, ()) and (c.i, c.j) != (k.i, k.j):
                continue
            clash = True
            break
        if not clash:
            kept.append(c)
    # A grammar name that starts with a lexicon mention of the same type is that entry, extended.
    for c in kept:
        if c.entry is None:
            for other in cands:
                if other.lexical and other.type == c.type and other.i == c.i and other.j <= c.j:
                    c.entry = other.entry
                    break
    return sorted(kept, key=lambda c: (c.i, c.j))


def find_entities(doc: Document) -> Document:
    """Fill `doc.entities` (FACILITY, ORG, PERSON, LOC, PROGRAM, CONDITION, PROCEDURE).

    Reads `doc.tokens` (and `doc.text` for surfaces). Every occurrence is emitted
    with its offsets; linked mentions carry the lexicon `id` and `name_en`.
    Keeps entities of other types already present (DATE is the dates stage's).
    """
    ctx = Ctx(doc)
    cands = lexicon_candidates(ctx)
    modifier_extension(ctx, cands)
    ctx.mention_starts = {c.i for c in cands if c.type in ("CONDITION", "PROCEDURE")}
    ctx.mention_ends = {c.j for c in cands if c.type in ("CONDITION", "PROCEDURE")}
    cands += head_candidates(ctx)
    cands += place_candidates(ctx)
    bodies = [c for c in cands if c.type in ("ORG", "FACILITY")]
    cands += person_candidates(ctx, bodies)
    ents: list[Entity] = []
    for c in merge(cands):
        start, end = span_of(ctx.toks, c.i, c.j)
        if c.start is not None:
            start = c.start
        text = doc.text[start:end]
        ents.append(
            Entity(
                type=c.type,  # type: ignore[arg-type]
                text=text,
                start=start,
                end=end,
                norm=norm(text),
                id=c.entry.id if c.entry else None,
                name_en=c.entry.name_en if c.entry else None,
                source="lexicon" if c.lexical else "grammar",
            )
        )
    mine = {"FACILITY", "ORG", "PERSON", "LOC", "PROGRAM", "CONDITION", "PROCEDURE"}
    doc.entities = [e for e in doc.entities if e.type not in mine] + ents
    return doc
