"""Stage: events. Reads `Document.tokens`, `.entities`, `.quantities`, `.dates`, `.decrees`;
fills `Document.events`.

An event is one thing that happened (or is announced) in a bulletin. How it is
read (docs/events.md has the full rules):

1. The text is cut into sentences (`pipeline.sentences`). Each sentence is
   - background when it starts with a background cue ("وتأتي هذه الجهود …",
     "يأتي هذا …") or refers back with a demonstrative ("ويتم تنفيذ هذا الإيفاد …"):
     it adds slots (programme, organizations, decrees) to an event, never an event;
   - continuation when it starts with a continuation cue ("وقد شملت …", "تمحور …")
     or with a definite mention of the previous event's trigger ("العمليات الثلاث"):
     it goes on describing that event (and may announce an event of another type);
   - main otherwise.
2. In a main sentence, triggers of `lexicons/event_triggers.tsv` are looked up
   outside purpose and relative clauses ("في إطار تعزيز …،", "التي تم إرسالها …")
   and outside a trailing background clause ("، ويأتي ضمن …"). The trigger of
   highest priority gives the event type. A procedure performed in a foreign
   country (a place of `places.tsv` outside the home country: a country, or a city of
   the hand-made list, not one of the generated world gazetteer) is treatment abroad.
3. Slots come from the event's sentence, nearest to its trigger: the quantity of
   a unit fitting the type, the procedure, the facility where it happened, the
   place, the date; organizations (with roles from `lexicons/org_roles.tsv`),
   programme and decrees also from the background sentences attached to it.
4. Events of the same type that agree on procedure and facility are merged:
   a happening told twice is one event.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

import pipeline.entities  # noqa: F401  (registers the schemas of places.tsv and facilities.tsv)
from pipeline.lexicons import Entry, LexiconError, load, register
from pipeline.models import (
    EVENT_TYPES,
    Document,
    Entity,
    Event,
    EventType,
    Evidence,
    FacilityRef,
    OrgRef,
    Quantity,
    Role,
)
from pipeline.normalize import norm
from pipeline.sentences import SENTENCE_END, Sentence, clause_end, is_clause_end, split_sentences
from pipeline.tokenize import PROCLITICS, Token, tokenize_text

CueKind = Literal["background", "continuation", "frame", "relative", "anaphor"]


@register("event_triggers")
class TriggerEntry(Entry):
    """lexicons/event_triggers.tsv: trigger words per event type, and sentence cues."""

    type: EventType | CueKind
    priority: int = 50
    needs: Literal["procedure", "foreign"] | None = None
    not_after: list[str] = []
    not_after_definite: bool = False


@register("org_roles")
class RoleCue(Entry):
    """lexicons/org_roles.tsv: cues before an organization that give its role."""

    role: Role


# Units that can count what an event of each type is about (Quantity.unit codes).
# A type not listed takes no count.
COUNT_UNITS: dict[str, frozenset[str]] = {
    "procedure_performed": frozenset(
        {"operation", "case", "patient", "child", "person", "test", "session", "dose"}
    ),
    "treatment_abroad": frozenset({"patient", "child", "case", "person"}),
    "service_ongoing": frozenset(
        {"case", "patient", "child", "person", "session", "test", "operation", "dose"}
    ),
    "service_launch": frozenset({"case", "patient", "child", "person", "session", "test", "operation"}),
    "campaign": frozenset({"person", "child", "dose", "case", "patient", "test"}),
    "training": frozenset({"person", "doctor", "staff"}),
    "supply_delivery": frozenset({"device", "dose", "ambulance", "bed"}),
}

# In a continuation sentence, a trigger of another type starts an event of its own only from this
# priority up (named activities: a training, a meeting, a procedure performed), not generic verbs.
ANNOUNCED_PRIORITY = 60

# Grammatical particles (closed classes, not lexicon data).
DEMONSTRATIVES = frozenset({"هذا", "هذه", "هذين", "هاتين", "هذان", "هاتان", "ذلك", "تلك", "هولاء"})
ALSO = frozenset({"كما", "وكما"})  # "…، كما تفقد الوزير …": a second thing done
PLACE_PREPOSITIONS = frozenset({"في", "داخل", "الي", "إلى", "بمقر", "مقر", "لدى", "لدي"})
ORIGIN_PREPOSITION = "من"
HOST_PREFIXES = ("ب", "وب", "فب")  # "بمستشفى …", "بمدينة …"


# --------------------------------------------------------------------------- cue matching


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one object per lexicon form
class Pattern:
    entry: Entry
    words: tuple[str, ...]  # normalized words of one form
    tail_clitic: str = ""  # a trailing proclitic ("التابع ل") that the next token must carry


@dataclass(frozen=True)
class Match:
    entry: Entry
    i: int  # first token
    j: int  # one past the last token (the next token, for a tail clitic)


def _compile(entries: Iterable[Entry]) -> list[Pattern]:
    out: list[Pattern] = []
    for e in entries:
        for form in e.ar:
            words = tuple(t.text for t in tokenize_text(form) if not t.is_punct)
            tail = ""
            if len(words) > 1 and len(words[-1]) == 1 and words[-1] in PROCLITICS:
                words, tail = words[:-1], words[-1]
            if words:
                out.append(Pattern(e, words, tail))
    # Longest forms first, so that "بدعم مباشر من" wins over "بدعم".
    out.sort(key=lambda p: -len(p.words))
    return out


@lru_cache(maxsize=65536)
def _loose_forms(tok: Token) -> frozenset[str]:
    """Ways a token can match a trigger word: as written, without proclitics, without the article."""
    forms = {tok.text, tok.stem, tok.bare}
    for p in PROCLITICS:
        rest = tok.text[len(p) :]
        if tok.text.startswith(p) and len(rest) >= 3:
            forms.add(rest)
            if p.endswith("ل") and rest.startswith("ل"):
                forms.add("ا" + rest)
    forms |= {f[2:] for f in list(forms) if f.startswith("ال") and len(f) > 4}
    return frozenset(forms)


@lru_cache(maxsize=65536)
def _exact_forms(tok: Token) -> frozenset[str]:
    """Ways a token can match a cue: as written, or after a conjunction و / ف."""
    forms = {tok.text}
    if tok.text[:1] in ("و", "ف") and len(tok.text) > 2:
        forms.add(tok.text[1:])
    return frozenset(forms)


def _bare(word: str) -> str:
    return word[2:] if word.startswith("ال") and len(word) > 4 else word


_INDEXES: dict[tuple[int, bool], tuple[list[Pattern], dict[str, list[Pattern]]]] = {}


def _index(patterns: list[Pattern], loose: bool) -> dict[str, list[Pattern]]:
    """Patterns by the forms their first word can take (longest patterns first), built once per list."""
    key = (id(patterns), loose)
    if key in _INDEXES and _INDEXES[key][0] is patterns:
        return _INDEXES[key][1]
    index: dict[str, list[Pattern]] = {}
    for p in patterns:
        keys = {p.words[0], _bare(p.words[0])} if loose else {p.words[0]}
        for k in keys:
            index.setdefault(k, []).append(p)
    _INDEXES[key] = (patterns, index)
    return index


def find_matches(
    tokens: Sequence[Token], lo: int, hi: int, patterns: list[Pattern], loose: bool
) -> list[Match]:
    """Non-overlapping matches of `patterns` in tokens[lo:hi], left to right, longest first."""
    out: list[Match] = []
    forms = _loose_forms if loose else _exact_forms
    index = _index(patterns, loose)
    k = lo
    while k < hi:
        hit: Match | None = None
        if not tokens[k].is_punct:
            cands = {id(p): p for f in forms(tokens[k]) for p in index.get(f, ())}.values()
            for p in sorted(cands, key=lambda p: -len(p.words)):
                n = len(p.words)
                if k + n > hi:
                    continue
                ok = all(
                    not tokens[k + m].is_punct
                    and (w in forms(tokens[k + m]) or (loose and _bare(w) in forms(tokens[k + m])))
                    for m, w in enumerate(p.words)
                )
                if not ok:
                    continue
                if p.tail_clitic:
                    nxt = tokens[k + n] if k + n < hi else None
                    if (
                        nxt is None
                        or not nxt.is_word
                        or not nxt.text.startswith(p.tail_clitic)
                        or len(nxt.text) < 3
                    ):
                        continue
                hit = Match(p.entry, k, k + n)
                break
        if hit:
            out.append(hit)
            k = hit.j
        else:
            k += 1
    return out


def _safe_load(name: str) -> tuple[Entry, ...]:
    """A lexicon's entries, or none while its file is not written yet."""
    try:
        return load(name)
    except LexiconError as exc:
        if exc.message in ("file not found", "no schema registered for this lexicon"):
            return ()
        raise


@lru_cache(maxsize=1)
def _trigger_patterns() -> dict[str, list[Pattern]]:
    entries = load("event_triggers")
    groups: dict[str, list[Entry]] = {
        "event": [],
        "background": [],
        "continuation": [],
        "frame": [],
        "relative": [],
        "anaphor": [],
    }
    for e in entries:
        assert isinstance(e, TriggerEntry)
        groups[e.type if e.type in groups else "event"].append(e)
    return {k: _compile(v) for k, v in groups.items()}


@lru_cache(maxsize=1)
def _role_patterns() -> list[Pattern]:
    return _compile(load("org_roles"))


# --------------------------------------------------------------------------- places


@dataclass(frozen=True)
class Places:
    by_id: dict[str, Entry]
    by_form: dict[str, Entry]
    home: str | None  # the country most places belong to


@lru_cache(maxsize=1)
def _places() -> Places:
    entries = _safe_load("places")
    by_id = {e.id: e for e in entries}
    by_form: dict[str, Entry] = {}
    for e in entries:
        common = {norm(f) for f in getattr(e, "common", ())}  # also common words ("الجلاء"): not by form
        for f in e.ar:
            if norm(f) in common:
                continue
            by_form.setdefault(norm(f), e)
            by_form.setdefault(_bare(norm(f)), e)
    # The home country is not hard-coded: it is the country of most hand-made entries
    # (the generated world gazetteer places_open.tsv does not vote).
    countries = Counter(
        getattr(e, "country", None) for e in entries if getattr(e, "country", None) and e.file == "places"
    )
    home = countries.most_common(1)[0][0] if countries else None
    return Places(by_id, by_form, home)


@lru_cache(maxsize=1)
def _facilities() -> dict[str, Entry]:
    return {e.id: e for e in _safe_load("facilities")}


def _place_of(text: str, ident: str | None = None) -> Entry | None:
    places = _places()
    if ident and ident in places.by_id:
        return places.by_id[ident]
    n = norm(text)
    return places.by_form.get(n) or places.by_form.get(_bare(n))


def _is_foreign(place: Entry | None) -> bool:
    """A place of another country than the home one. A city of the generated world gazetteer
    (places_open.tsv) is not enough: news from another newsroom names its own country's
    cities ("مستشفى الملك خالد بحائل"); a country, or a city the hand-made list knows, is."""
    home = _places().home
    if place is None or home is None:
        return False
    if place.file != "places" and getattr(place, "kind", None) != "country":
        return False
    country = place.id if getattr(place, "kind", None) == "country" else getattr(place, "country", None)
    return bool(country) and country != home


def _facility_city(fac: Entity) -> Entry | None:
    entry = _facilities().get(fac.id or "")
    city = getattr(entry, "city", None) if entry else None
    return _places().by_id.get(city) if city else None


# --------------------------------------------------------------------------- the stage


@dataclass
class _Draft:
    type: str
    trigger: Match
    sentence: Sentence
    more: list[Sentence] = field(default_factory=list)  # continuation sentences
    background: list[Sentence] = field(default_factory=list)

    @property
    def evidence_sentences(self) -> list[Sentence]:
        return [self.sentence, *self.more]


class _Reader:
    """What the event rules need to know about one document."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.tokens = doc.tokens
        self.starts = [t.start for t in self.tokens]
        self.sentences = split_sentences(doc)
        pats = _trigger_patterns()
        self.pats = pats
        # Token indices where triggers do not count (purpose, relative and background clauses),
        # and those of purpose and background clauses only, whose places and counts are not the event's.
        self.masked: set[int] = set()
        self.purpose: set[int] = set()
        self.kind: dict[int, str] = {}
        for s in self.sentences:
            self._mask(s)
        self.nested_types = ("FACILITY", "ORG", "PROGRAM")

    # token positions ---------------------------------------------------------
    def tok(self, offset: int) -> int:
        """Index of the token that holds original offset `offset`."""
        import bisect

        return max(0, bisect.bisect_right(self.starts, offset) - 1)

    def sentence_of(self, offset: int) -> Sentence | None:
        i = self.tok(offset)
        for s in self.sentences:
            if i in s:
                return s
        return None

    def in_sentences(self, start: int, sentences: Iterable[Sentence]) -> bool:
        i = self.tok(start)
        return any(i in s for s in sentences)

    # clause structure ----------------------------------------------------------
    def _mask(self, s: Sentence) -> None:
        toks = self.tokens
        for m in find_matches(toks, s.first, s.last, self.pats["frame"], loose=False):
            self.purpose.update(range(m.i, clause_end(toks, m.j, s.last)))
        for m in find_matches(toks, s.first, s.last, self.pats["background"], loose=False):
            # A background clause opens the sentence or follows a clause boundary, and runs to its end.
            if m.i == s.first or is_clause_end(toks[m.i - 1]):
                self.purpose.update(range(m.i, s.last))
        self.masked |= self.purpose
        for m in find_matches(toks, s.first, s.last, self.pats["relative"], loose=False):
            self.masked.update(range(m.i, clause_end(toks, m.j, s.last)))

    def starts_with(self, s: Sentence, group: str) -> bool:
        first = s.first
        while first < s.last and self.tokens[first].is_punct:
            first += 1
        return any(
            m.i == first
            for m in find_matches(self.tokens, first, min(s.last, first + 4), self.pats[group], False)
        )

    def refers_back(self, s: Sentence) -> bool:
        """A demonstrative among the first words before a noun of an activity: "ويتم تنفيذ هذا
        الإيفاد", "وتعد هذه الخطوة" (but not "تم خلال هذه الفترة إجراء …", a time)."""
        for k in range(s.first, min(s.last - 1, s.first + 4)):
            if self.tokens[k].stem in DEMONSTRATIVES:
                nouns = self.pats["anaphor"] + self.pats["event"]
                if find_matches(self.tokens, k + 1, k + 2, nouns, loose=True):
                    return True
        return False

    def triggers(self, s: Sentence) -> list[Match]:
        """Event triggers of a sentence outside masked clauses, that their conditions allow."""
        out = []
        for m in find_matches(self.tokens, s.first, s.last, self.pats["event"], loose=True):
            e = m.entry
            assert isinstance(e, TriggerEntry)
            if m.i in self.masked:
                continue
            if e.not_after and m.i > s.first:
                prev = _loose_forms(self.tokens[m.i - 1])
                if any(norm(w) in prev for w in e.not_after):
                    continue
            if e.not_after_definite and m.i > s.first:
                prev_tok = self.tokens[m.i - 1]
                if prev_tok.is_word and prev_tok.stem.startswith("ال"):
                    continue  # an adjective: "الكشف الطبي الدوري"
            if e.needs == "procedure" and not self.names_procedure(s):
                continue
            if e.needs == "foreign" and not self.names_foreign_place(s):
                continue
            out.append(m)
        return out

    # entities and quantities ----------------------------------------------------
    def entities(self, type_: str, sentences: Iterable[Sentence]) -> list[Entity]:
        sents = list(sentences)
        return [e for e in self.doc.entities if e.type == type_ and self.in_sentences(e.start, sents)]

    def nested(self, e: Entity) -> bool:
        """An entity inside a name of another type ("العلاج الطبيعي" in "مركز مصراتة للعلاج الطبيعي")."""
        return any(
            o is not e
            and o.type in self.nested_types
            and o.start <= e.start
            and e.end <= o.end
            and o.type != e.type
            for o in self.doc.entities
        )

    def procedures(self, sentences: Iterable[Sentence]) -> list[Entity]:
        return [e for e in self.entities("PROCEDURE", sentences) if not self.nested(e)]

    def quantities(self, sentences: Iterable[Sentence]) -> list[Quantity]:
        sents = list(sentences)
        return [q for q in self.doc.quantities if self.in_sentences(q.start, sents)]

    def names_procedure(self, s: Sentence) -> bool:
        return bool(self.procedures([s])) or any(
            q.procedure or q.unit == "operation" for q in self.quantities([s])
        )

    def is_origin(self, e: Entity) -> bool:
        """A place after "من" ("فريق من دولة سلوفاكيا") is where someone comes from."""
        return any(p.text == ORIGIN_PREPOSITION for p in self.before(e.start, 2))

    def names_foreign_place(self, s: Sentence) -> bool:
        """The sentence puts something in a foreign country: a place or a facility abroad."""
        for loc in self.entities("LOC", [s]):
            if not self.is_origin(loc) and self.tok(loc.start) not in self.purpose:
                if _is_foreign(_place_of(loc.text, loc.id)):
                    return True
        return any(_is_foreign(_facility_city(f)) for f in self.entities("FACILITY", [s]))

    def distance(self, offset: int, m: Match) -> int:
        """Token distance from a trigger; a little more for what comes before it."""
        i = self.tok(offset)
        return i - m.i if i >= m.i else (m.i - i) + 1

    def before(self, offset: int, n: int = 1) -> list[Token]:
        """The n tokens before the one at `offset`."""
        i = self.tok(offset)
        return list(self.tokens[max(0, i - n) : i])


def _role_of(reader: _Reader, org: Entity, roles: list[Match], starts: set[int]) -> Role:
    """The role given by a cue that ends at most two tokens before the organization,
    in its clause, with no other organization between them."""
    i = reader.tok(org.start)
    for m in roles:
        if (
            m.j <= i <= m.j + 2
            and not any(is_clause_end(t) for t in reader.tokens[m.j : i])
            and not any(m.j <= k < i for k in starts)
        ):
            assert isinstance(m.entry, RoleCue)
            return m.entry.role
    return "other"


def _organizations(reader: _Reader, sentences: list[Sentence]) -> list[OrgRef]:
    roles = [
        m for s in sentences for m in find_matches(reader.tokens, s.first, s.last, _role_patterns(), False)
    ]
    found = reader.entities("ORG", sentences)
    # A name that a longer one begins with ("صندوق التضامن", "صندوق التضامن الاجتماعي") is the same body.
    names = {norm(o.text) for o in found}
    orgs = sorted(
        (o for o in found if not any(n != norm(o.text) and n.startswith(norm(o.text) + " ") for n in names)),
        key=lambda e: e.start,
    )
    starts = {reader.tok(o.start) for o in found}
    out: list[OrgRef] = []
    seen: dict[str, int] = {}
    prev: tuple[Entity, Role] | None = None
    for org in orgs:
        role = _role_of(reader, org, roles, starts)
        if role == "other" and prev is not None:
            # "بدعم من وزارة الصحة وجهاز …": an organization joined by و shares the role before it.
            i = reader.tok(org.start)
            p_end = reader.tok(max(prev[0].end - 1, prev[0].start))
            if i == p_end + 1 and reader.tokens[i].prefix.startswith("و"):
                role = prev[1]
        prev = (org, role)
        key = org.id or norm(org.text)
        ref = OrgRef(text=org.text, id=org.id, role=role)
        if key in seen:
            k = seen[key]
            if out[k].role == "other" and role != "other":
                out[k] = ref
            continue
        seen[key] = len(out)
        out.append(ref)
    return out


def _pick_quantity(reader: _Reader, d: _Draft) -> Quantity | None:
    units = COUNT_UNITS.get(d.type)
    if not units:
        return None
    for sents in ([d.sentence], d.more):
        qs = [q for q in reader.quantities(sents) if q.unit in units]
        # A count inside a purpose clause ("… تهدف إلى علاج 29 حالة") is a target, not what happened.
        qs = [q for q in qs if reader.tok(q.start) not in reader.purpose] or qs
        if qs:
            return min(qs, key=lambda q: reader.distance(q.start, d.trigger))
    return None


@lru_cache(maxsize=1)
def _procedure_patterns() -> list[Pattern]:
    return _compile(_safe_load("procedures"))


def _procedure_in_name(fac: Entity | None) -> str | None:
    """A procedure that a facility is named after: "مركز غسيل الكلى", "وحدة القسطرة القلبية"."""
    if fac is None:
        return None
    toks = tokenize_text(fac.text)
    hits = find_matches(toks, 0, len(toks), _procedure_patterns(), loose=True)
    return hits[0].entry.id if hits else None


def _pick_procedure(reader: _Reader, d: _Draft, q: Quantity | None) -> str | None:
    if q is not None and q.procedure:
        return q.procedure
    # Beyond its own sentence, only an event about a service looks for its procedure.
    for sents in ([d.sentence], d.more if d.type in COUNT_UNITS else []):
        cands: list[tuple[int, str]] = [
            (reader.distance(e.start, d.trigger), e.id) for e in reader.procedures(sents) if e.id
        ]
        cands += [
            (reader.distance(x.start, d.trigger) + 1, x.procedure)
            for x in reader.quantities(sents)
            if x.procedure
        ]
        if cands:
            return min(cands)[1]
    return None


def _pick_facility(reader: _Reader, d: _Draft) -> Entity | None:
    partner_cues = [
        m
        for m in find_matches(reader.tokens, d.sentence.first, d.sentence.last, _role_patterns(), False)
        if isinstance(m.entry, RoleCue) and m.entry.role == "partner"
    ]
    for sents in ([d.sentence], d.more):
        facs = reader.entities("FACILITY", sents)
        if not facs:
            continue

        def score(f: Entity) -> float:
            s = float(reader.distance(f.start, d.trigger))
            i = reader.tok(f.start)
            if _hosted(reader, f):
                s -= 10  # "بمستشفى X", "في مستشفى X", "إلى مستشفى X": where it happened
            if any(m.j == i for m in partner_cues):
                s += 15  # "بالتعاون مع مستشفى X": a partner, not the place
            if i in reader.purpose:
                s += 30  # "في إطار تعزيز الخدمات داخل المستشفيات المحلية"
            return s

        best = min(facs, key=score)
        if d.type not in COUNT_UNITS and score(best) > 2 and not _hosted(reader, best):
            # A meeting, visit or agreement happens at a facility named as its place or its
            # object ("تفقد مستشفى X"), not at one that only names a participant's employer.
            return None
        return best
    return None


def _hosted(reader: _Reader, f: Entity) -> bool:
    """The facility is introduced as a place: "بمستشفى X", "في مستشفى X", "داخل مستشفى X"."""
    tok = reader.tokens[reader.tok(f.start)]
    if tok.start < f.start and tok.prefix in HOST_PREFIXES:
        return True
    return any(p.stem in PLACE_PREPOSITIONS for p in reader.before(f.start, 1))


def _place_in_name(fac: Entity) -> Entry | None:
    """A place named in a facility's name, the last one first: "المستشفى الجامعي بطرابلس",
    "المركز الوطني لجراحة وعلاج القلب تاجوراء", "مستشفى زليتن التعليمي"."""
    words = [t for t in tokenize_text(fac.text) if t.is_word]
    for end in range(len(words), 1, -1):
        for n in (3, 2, 1):
            if end - n < 1:  # the head noun ("مستشفى") is no place
                continue
            tail = words[end - n : end]
            place = _place_of(" ".join(t.stem if k == 0 else t.text for k, t in enumerate(tail)))
            if place is not None:
                return place
    return None


def _pick_location(reader: _Reader, d: _Draft, fac: Entity | None) -> tuple[str | None, Entry | None]:
    """The event's place as text, and its places.tsv entry when known."""
    anchor = fac.start if fac is not None else reader.tokens[d.trigger.i].start
    for sents in ([d.sentence], d.more):
        locs = []
        for loc in reader.entities("LOC", sents):
            if reader.is_origin(loc):
                continue
            if reader.tok(loc.start) in reader.purpose and not (fac and fac.start <= loc.start < fac.end):
                continue
            locs.append(loc)
        if locs:
            best = min(locs, key=lambda e: abs(reader.tok(e.start) - reader.tok(anchor)))
            return best.text, _place_of(best.text, best.id)
    if fac is not None:
        for place in (_facility_city(fac), _place_in_name(fac)):
            if place is not None:
                return place.ar[0], place
    return None, None


def _pick_date(reader: _Reader, d: _Draft, attached: set[int]) -> str | None:
    """The nearest date of the event's sentence, else of its continuation, else the bulletin's
    only date when it stands outside every background sentence (`attached`): "يذكر أن المستشفى
    أجرى خلال العام الماضي …" and "وسيتم توزيعها الأسبوع المقبل" date something else."""
    for sents in ([d.sentence], d.more):
        dates = [x for x in reader.doc.dates if reader.in_sentences(x.start, sents)]
        if dates:
            best = min(dates, key=lambda x: reader.distance(x.start, d.trigger))
            return best.value or best.text
    distinct = {(x.value or norm(x.text)): x for x in reader.doc.dates}
    if len(distinct) == 1:
        x = next(iter(distinct.values()))
        s = reader.sentence_of(x.start)
        if s is None or s.index not in attached:
            return x.value or x.text
    return None


def _pick_program(reader: _Reader, d: _Draft) -> str | None:
    for sents in ([d.sentence], d.more, d.background):
        progs = reader.entities("PROGRAM", sents)
        if progs:
            return min(progs, key=lambda e: reader.distance(e.start, d.trigger)).text
    return None


def _event_id(doc_id: str, type_: str, start: int, end: int, n: int = 1) -> str:
    """Stable id: sha1 of document, type and evidence (and the rank among events sharing them)."""
    key = f"{doc_id}|{type_}|{start}|{end}" + (f"|{n}" if n > 1 else "")
    return hashlib.sha1(key.encode()).hexdigest()[:16]


def _best(triggers: list[Match]) -> Match:
    return max(triggers, key=lambda m: (m.entry.priority, -m.i))  # type: ignore[attr-defined]


def _drafts(reader: _Reader) -> list[_Draft]:
    """Event drafts: one per main sentence with a trigger; background and continuation attached."""
    drafts: list[_Draft] = []
    pending_bg: list[Sentence] = []
    for s in reader.sentences:
        last = drafts[-1] if drafts else None
        if reader.starts_with(s, "continuation") and last is not None:
            kind = "continuation"
        elif reader.starts_with(s, "background") or reader.refers_back(s):
            kind = "background"
        elif last is not None and _mentions_trigger_of(reader, s, last):
            kind = "continuation"
        else:
            kind = "main"
        trig = reader.triggers(s) if kind != "background" else []
        if kind == "continuation" and last is not None:
            last.more.append(s)
            # Only a named activity of another type (not a generic verb: "وأكد المدير استمرار
            # تقديم الخدمات" is commentary) starts an event of its own.
            other = [
                m
                for m in trig
                if m.entry.type != last.type and m.entry.priority >= ANNOUNCED_PRIORITY  # type: ignore[attr-defined]
            ]
            if other:
                # "تمحور الاجتماع حول … دورة تدريبية مقرر عقدها": a meeting that announces a training.
                drafts.append(_Draft(_best(other).entry.type, _best(other), s))  # type: ignore[attr-defined]
            continue
        if kind == "background" or not trig:
            (last.background if last is not None else pending_bg).append(s)
            continue
        # "افتتح الوزير القسم، كما تفقد …": each part joined by كما ("also") tells its own event.
        cuts = [k for k in range(s.first, s.last) if reader.tokens[k].text in ALSO]
        parts: list[list[Match]] = [[] for _ in range(len(cuts) + 1)]
        for m in trig:
            parts[sum(1 for c in cuts if c < m.i)].append(m)
        for part in (p for p in parts if p):
            m = _best(part)
            drafts.append(_Draft(m.entry.type, m, s, background=pending_bg))  # type: ignore[attr-defined]
            pending_bg = []
    return drafts


def _mentions_trigger_of(reader: _Reader, s: Sentence, d: _Draft) -> bool:
    """The sentence opens with a definite mention of the previous event ("العمليات الثلاث …")."""
    head = find_matches(reader.tokens, s.first, min(s.last, s.first + 3), reader.pats["event"], loose=True)
    return any(
        m.entry.type == d.type and reader.tokens[m.i].stem.startswith("ال")  # type: ignore[attr-defined]
        for m in head
    )


def build_events(doc: Document) -> Document:
    """Fill `doc.events` from the sentences' triggers and the entities, quantities, dates, decrees."""
    if not doc.text.strip():
        doc.events = []
        return doc
    reader = _Reader(doc)
    events: list[Event] = []
    drafts = _drafts(reader)
    attached = {s.index for d in drafts for s in d.background}
    for d in drafts:
        q = _pick_quantity(reader, d)
        fac = _pick_facility(reader, d)
        location, place = _pick_location(reader, d, fac)
        type_ = d.type
        if type_ == "procedure_performed" and (
            _is_foreign(place) or (fac is not None and _is_foreign(_facility_city(fac)))
        ):
            type_ = "treatment_abroad"  # a procedure received in a foreign country
        scope = [d.sentence, *d.more, *d.background]
        ev_sents = d.evidence_sentences
        start, end = min(x.start for x in ev_sents), max(x.end for x in ev_sents)
        decrees = [x.number for x in doc.decrees if reader.in_sentences(x.start, scope)]
        events.append(
            Event(
                event_id=_event_id(doc.doc_id, type_, start, end),
                type=type_,  # type: ignore[arg-type]
                procedure=_pick_procedure(reader, d, q)
                or (_procedure_in_name(fac) if type_ in ("service_launch", "service_ongoing") else None),
                count=q.value if q else None,
                unit=q.unit if q else None,
                facility=FacilityRef(text=fac.text, id=fac.id) if fac else None,
                location=location,
                organizations=_organizations(reader, scope),
                program=_pick_program(reader, d),
                date=_pick_date(reader, d, attached),
                decrees=list(dict.fromkeys(decrees)),
                evidence=Evidence(start=start, end=end),
            )
        )
    doc.events = []
    seen: set[str] = set()
    for ev in _merge(events, _headline_end(reader)):
        event_id = _event_id(doc.doc_id, ev.type, ev.evidence.start, ev.evidence.end)
        n = 1
        while event_id in seen:  # two events of one type read from the same sentence
            n += 1
            event_id = _event_id(doc.doc_id, ev.type, ev.evidence.start, ev.evidence.end, n)
        seen.add(event_id)
        doc.events.append(ev.model_copy(update={"event_id": event_id}))
    return doc


def _headline_end(reader: _Reader) -> int | None:
    """End of the bulletin's first line when it is a headline: it ends without a full stop
    and more text follows."""
    if len(reader.sentences) < 2:
        return None
    first = reader.sentences[0]
    last_tok = reader.tokens[first.last - 1]
    if last_tok.is_punct and last_tok.text in SENTENCE_END:
        return None
    return first.end if "\n" in reader.doc.text[first.end : reader.sentences[1].start] else None


def _merge(events: list[Event], headline: int | None = None) -> list[Event]:
    """One event per happening: same type, and no disagreement on procedure or facility.

    A headline (`headline`: the end offset of a first line without a full stop) retells the
    body in fewer words, often naming the facility differently: its event merges with the
    body's first event of the same type whatever the facility."""
    out: list[Event] = []
    for ev in events:
        for k, kept in enumerate(out):
            if kept.type != ev.type:
                continue
            if kept.procedure and ev.procedure and kept.procedure != ev.procedure:
                continue
            kf, ef = kept.facility, ev.facility
            from_headline = headline is not None and kept.evidence.end <= headline < ev.evidence.start
            if kf and ef and (kf.id or norm(kf.text)) != (ef.id or norm(ef.text)) and not from_headline:
                continue
            # The body tells more than its headline: its slots win over the headline's.
            filled = {
                name: getattr(ev, name)
                for name in ("procedure", "count", "unit", "facility", "location", "program", "date")
                if getattr(ev, name) is not None and (getattr(kept, name) is None or from_headline)
            }
            known = {(o.id or norm(o.text)) for o in kept.organizations}
            orgs = kept.organizations + [o for o in ev.organizations if (o.id or norm(o.text)) not in known]
            decrees = list(dict.fromkeys(kept.decrees + ev.decrees))
            # The evidence grows to cover both mentions ("headline … body" of one happening).
            evidence = Evidence(
                start=min(kept.evidence.start, ev.evidence.start), end=max(kept.evidence.end, ev.evidence.end)
            )
            update = {**filled, "organizations": orgs, "decrees": decrees, "evidence": evidence}
            out[k] = kept.model_copy(update=update)
            break
        else:
            out.append(ev)
    return out


__all__ = ["EVENT_TYPES", "RoleCue", "TriggerEntry", "build_events", "find_matches"]
