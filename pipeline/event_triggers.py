"""Events, first half: which sentences hold an event, of which type (docs/events.md).

Sentences are background, continuation or main; the trigger of highest priority of a
main sentence, outside purpose, relative and background clauses, gives the type.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from pipeline.cues import Match, Pattern, compile_patterns, find_matches, loose_forms
from pipeline.event_places import (
    DEFAULT_HOME_COUNTRY,
    country_of,
    facility_city,
    home_country,
    nationality_countries,
    place_in_name,
    place_of,
)
from pipeline.lexicons import Entry, load, register
from pipeline.models import Document, Entity, EventType, Quantity, Role
from pipeline.normalize import norm
from pipeline.sentences import Sentence, clause_end, clause_start, is_clause_end, split_sentences
from pipeline.tokenize import Token

CueKind = Literal[
    "background",
    "continuation",
    "frame",
    "total",
    "relative",
    "anaphor",
    "health",
    "ignore",
    "region_body",
    "object",
    "goods",
    "relief",
]


@register("event_triggers")
class TriggerEntry(Entry):
    """lexicons/event_triggers.tsv: trigger words per event type, and sentence cues."""

    type: EventType | CueKind
    priority: int = 50
    needs: (
        Literal[
            "procedure",
            "procedure_clause",
            "foreign",
            "abroad",
            "health",
            "health_sentence",
            "aid",
            "goods",
            "cases",
            "served",
            "infected",
        ]
        | None
    ) = None
    otherwise: EventType | None = None  # the type when `needs` is not met (else the trigger does not count)
    not_after: list[str] = []
    not_before: list[str] = []
    counted_after: list[str] = []  # a relative after "عدد + noun" says what is counted: not masked
    not_after_definite: bool = False
    abroad: bool = False  # a procedure received (تلقى) in a place abroad is treatment abroad
    events: int = 1  # events one mention tells: 2 for a dual ("مذكرتي تفاهم")


@register("org_roles")
class RoleCue(Entry):
    """lexicons/org_roles.tsv: cues before an organization that give its role."""

    role: Role


# Units that can count what an event of each type is about (Quantity.unit codes).
# A type not listed takes no count.
COUNT_UNITS: dict[str, frozenset[str]] = {
    "procedure_performed": frozenset(
        {
            "operation",
            "case",
            "patient",
            "child",
            "person",
            "student",
            "test",
            "session",
            "dose",
            "birth",
            "image",
        }
    ),
    "treatment_abroad": frozenset({"patient", "child", "case", "person"}),
    "service_ongoing": frozenset(
        {
            "case",
            "patient",
            "child",
            "person",
            "student",
            "session",
            "test",
            "operation",
            "dose",
            "visitor",
            "visit",
            "prescription",
            "consultation",
            "report",
        }
    ),
    "service_launch": frozenset({"case", "patient", "child", "person", "session", "test", "operation"}),
    "campaign": frozenset({"person", "child", "dose", "case", "patient", "test", "donor", "student"}),
    "training": frozenset({"person", "doctor", "staff"}),
    "supply_delivery": frozenset({"device", "dose", "ambulance", "bed", "food_basket", "package", "truck"}),
    "sponsorship": frozenset({"patient", "child", "case"}),  # the patients whose treatment a body pays for
    "other": frozenset(
        {"patient", "person", "case", "child", "death"}
    ),  # those transferred, cases, casualties
}

# In a continuation sentence, a trigger of another type starts an event of its own only from this
# priority up (named activities: a training, a meeting, a procedure performed), not generic verbs.
ANNOUNCED_PRIORITY = 60

# A trigger whose need is not met and that falls back to its `otherwise` type ("بدأت عملية عسكرية":
# a launch without a health context is a happening of type other) ranks with the plain happenings.
FALLBACK_PRIORITY = 30

# Grammatical particles (closed classes, not lexicon data).
# Words right after a decree reference that open what it decides ("القاضي بإنشاء …", "المتضمن …"),
# normalized; a ب + verbal noun does too ("بتشكيل لجنة …", "بإنشاء …", "بالموافقة على …").
DECREE_CONTENT = frozenset({"القاضي", "القاضيه", "المتضمن", "المتضمنه", "يقضي", "تقضي", "الذي", "التي"})


def _opens_decree_content(tok: Token) -> bool:
    """A word right after a decree reference that opens what it decides: a content word, or ب + a
    verbal noun of the forms تفعيل / إفعال / افتعال or an article ("بتشكيل", "بإنشاء", "باعتماد",
    "بالموافقة"); not a verb that tells what followed ("… لسنة 2015 بدأت الوزارة تشغيل …")."""
    text = tok.text
    return tok.stem in DECREE_CONTENT or (
        tok.is_word and len(text) >= 5 and (tok.prefix == "ب" or text.startswith(("بت", "با")))
    )


DEMONSTRATIVES = frozenset({"هذا", "هذه", "هذين", "هاتين", "هذان", "هاتان", "ذلك", "تلك", "هولاء"})
# "…، كما تفقد الوزير …", "…، وتم عمل دورة تدريبية …": a second thing done.
ALSO = frozenset({"كما", "وكما", "وتم"})
PLACE_PREPOSITIONS = frozenset({"في", "داخل", "الي", "إلى", "بمقر", "مقر", "لدى", "لدي"})
ORIGIN_PREPOSITION = "من"
HOST_PREFIXES = ("ب", "وب", "فب")  # "بمستشفى …", "بمدينة …"


@lru_cache(maxsize=1)
def trigger_patterns() -> dict[str, list[Pattern]]:
    entries = load("event_triggers")
    groups: dict[str, list[Entry]] = {
        "event": [],
        "background": [],
        "continuation": [],
        "frame": [],
        "total": [],
        "relative": [],
        "anaphor": [],
        "health": [],
        "region_body": [],
        "object": [],
        "goods": [],
        "relief": [],
    }
    for e in entries:
        assert isinstance(e, TriggerEntry)
        groups[e.type if e.type in groups else "event"].append(e)
    pats = {k: compile_patterns(v) for k, v in groups.items()}
    pats["referred"] = pats["anaphor"] + pats["event"]  # what a demonstrative can refer back to
    return pats


@lru_cache(maxsize=1)
def role_patterns() -> list[Pattern]:
    return compile_patterns(load("org_roles"))


Scope = list[tuple[int, int]]  # token ranges [lo, hi)


@dataclass
class Draft:
    type: str
    trigger: Match
    sentence: Sentence
    more: list[Sentence] = field(default_factory=list)  # continuation sentences
    background: list[Sentence] = field(default_factory=list)
    part: tuple[int, int] | None = None  # tokens of the sentence's part that tells it ("…، كما تفقد …")
    nth: int = 0  # which of the events a dual trigger tells ("مذكرتي تفاهم": 0, then 1)

    @property
    def evidence_sentences(self) -> list[Sentence]:
        return [self.sentence, *self.more]


class Reader:
    """What the event rules need to know about one document."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.tokens = doc.tokens
        self.starts = [t.start for t in self.tokens]
        self._entities_by_start: tuple[tuple[int, int], tuple[list[int], list[Entity], int]] = (
            (0, -1),
            ([], [], 0),
        )
        self._first_country: tuple[tuple[int, int], dict[str, int]] = ((0, -1), {})
        self._starts_of: dict[tuple[int, int], tuple[list, list[tuple[int, int]]]] = {}
        self.sentences = split_sentences(doc)
        pats = trigger_patterns()
        self.pats = pats
        # Token indices where triggers do not count (purpose, relative and background clauses),
        # and those of purpose and background clauses only, whose places and counts are not the event's.
        self.masked: set[int] = set()
        self.purpose: set[int] = set()
        self.totals: set[int] = set()  # running totals ("ليرتفع إجمالي …"), a part of `purpose`
        for s in self.sentences:
            self._mask(s)
        self._mask_decrees()
        # places.tsv id of the country "abroad" is relative to: the one given (the record's or the
        # run's), else the one the bulletin is evidently set in, else the default.
        given = home_country(doc.country) if doc.country else None
        setting = None if given else self.setting_country()
        self.home_from = "given" if given else ("text" if setting else "default")
        self.home = given or setting or home_country(DEFAULT_HOME_COUNTRY)

    # token positions ---------------------------------------------------------
    def tok(self, offset: int) -> int:
        """Index of the token that holds original offset `offset`."""

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
            self.purpose.update(range(m.i, self._reach(m.j, s.last)))
        for m in find_matches(toks, s.first, s.last, self.pats["total"], loose=False):
            # "…، ليرتفع إجمالي الإصابات إلى 1082 حالة": a running total, never what the event counts
            self.totals.update(range(m.i, self._reach(m.j, s.last)))
        self.purpose |= self.totals
        for m in find_matches(toks, s.first, s.last, self.pats["background"], loose=False):
            # A background clause opens the sentence or follows a clause boundary, and runs to its end.
            if m.i == s.first or is_clause_end(toks[m.i - 1]):
                self.purpose.update(range(m.i, s.last))
        self.masked |= self.purpose
        for m in find_matches(toks, s.first, s.last, self.pats["relative"], loose=False):
            # "الأمر الذي يجعل المركز يستقبل …" ("which makes …") goes on telling, it restricts no noun.
            after = getattr(m.entry, "not_after", [])
            if m.i > s.first and any(norm(w) in loose_forms(toks[m.i - 1]) for w in after):
                continue
            # "بلغ عدد المرضى الذين تم إيفادهم …": what a statistic counts is the event told.
            counted = getattr(m.entry, "counted_after", [])
            if m.i - 2 >= s.first and any(norm(w) in loose_forms(toks[m.i - 2]) for w in counted):
                continue
            self.masked.update(range(m.i, self._reach(m.j, s.last)))

    def _mask_decrees(self) -> None:
        """A decree reference and its subject name an act, they tell no event: "قرار وزير الصحة رقم
        1024 لسنة 2015 بشأن تنظيم إيفاد المرضى للعلاج بالخارج" sends nobody abroad."""
        text, toks = self.doc.text, self.tokens
        for d in self.doc.decrees:
            end = d.end
            if d.subject and (at := text.find(d.subject, d.end)) >= 0:
                end = at + len(d.subject)
            first, last = self.tok(d.start), self.tok(max(d.start, end - 1)) + 1
            if last < len(toks) and _opens_decree_content(toks[last]):
                # "قرار … رقم 312 لسنة 2015 بتشكيل لجنة لحصر الجرحى المحتاجين للعلاج بالخارج": what it
                # decides, to the end of its clause
                last = clause_end(toks, last, len(toks))
            self.masked.update(range(first, last))

    def _reach(self, j: int, last: int) -> int:
        """Where a purpose or relative clause that goes on at token j ends: at the end of its clause,
        or at a second thing done ("… من أجل البحث عن حلول … وتم إجراء عملية …")."""
        end = clause_end(self.tokens, j, last)
        return next((k for k in range(j, end) if self.tokens[k].text in ALSO), end)

    def starts_with(self, s: Sentence, group: str) -> bool:
        first = s.first
        while first < s.last and self.tokens[first].is_punct:
            first += 1
        return any(
            m.i == first
            for m in find_matches(self.tokens, first, min(s.last, first + 4), self.pats[group], False)
        )

    def counts_own(self, s: Sentence, m: Match) -> bool:
        """A continuation's trigger of the previous event's type tells a happening of its own when
        its clause, from the trigger on, gives a count of its own: "وقال المتحدث إن مستشفى X أجرى
        وحده 87 عملية قلب مفتوح" after a national total (not "أن الفريق أجرى العمليات بنجاح", nor a
        part of the count before: "أجرى منها 4 عمليات")."""
        units = COUNT_UNITS.get(m.entry.type, frozenset())  # type: ignore[attr-defined]
        end = clause_end(self.tokens, m.j, s.last)
        subset = {"منها", "منهم", "بينها", "بينهم", "ومنها", "ومنهم"}
        return any(
            q.unit in units
            and q.start >= self.tokens[m.i].start
            and self.tok(q.start) not in self.purpose
            and not any(t.text in subset for t in self.before(q.start, 2))
            for q in self.within(self.doc.quantities, [(m.j, end)])
        )

    def refers_back(self, s: Sentence) -> bool:
        """A demonstrative among the first words before a noun of an activity: "ويتم تنفيذ هذا
        الإيفاد", "وتعد هذه الخطوة" (but not "تم خلال هذه الفترة إجراء …", a time)."""
        for k in range(s.first, min(s.last - 1, s.first + 4)):
            if self.tokens[k].stem in DEMONSTRATIVES:
                if find_matches(self.tokens, k + 1, k + 2, self.pats["referred"], loose=True):
                    return True
        return False

    def triggers(self, s: Sentence) -> list[Match]:
        """Event triggers of a sentence outside masked clauses, that their conditions allow; a trigger
        whose need is not met counts as its `otherwise` type, if it has one."""
        out = []
        for m in find_matches(self.tokens, s.first, s.last, self.pats["event"], loose=True):
            e = m.entry
            assert isinstance(e, TriggerEntry)
            if m.i in self.masked or e.type == "ignore" or self.blocked(m, s):
                continue
            if not self.need_met(e, s, m):
                if e.otherwise is None:
                    continue
                m = Match(_fallback(e), m.i, m.j)
            out.append(m)
        return out

    def blocked(self, m: Match, s: Sentence) -> bool:
        """The trigger word is no trigger where it stands: right after a `not_after` word ("حافلة نقل
        ركاب" is a bus, no transfer of patients), right before a `not_before` word ("بدأت معاناة
        المريضة": the start of no service), or an adjective after a definite word ("الكشف الطبي الدوري")."""
        e = m.entry
        assert isinstance(e, TriggerEntry)
        if e.not_after and m.i > s.first and any(self._ends_with(m.i, s.first, w) for w in e.not_after):
            return True
        if e.not_before and m.j < s.last:
            following = loose_forms(self.tokens[m.j])
            if any(norm(w) in following for w in e.not_before):
                return True
        if e.not_after_definite and m.i > s.first:
            prev_tok = self.tokens[m.i - 1]
            return prev_tok.is_word and prev_tok.stem.startswith("ال")
        return False

    def _ends_with(self, i: int, first: int, phrase: str) -> bool:
        """The words of `phrase` stand right before token i, within its sentence ("الأولى من")."""
        words = phrase.split()
        if i - len(words) < first:
            return False
        return all(norm(w) in loose_forms(self.tokens[i - len(words) + n]) for n, w in enumerate(words))

    def need_met(self, e: TriggerEntry, s: Sentence, m: Match) -> bool:
        if e.needs == "procedure":
            return self.names_procedure(s.first, s.last)
        if e.needs == "procedure_clause":
            return self.names_procedure(
                clause_start(self.tokens, m.i, s.first), clause_end(self.tokens, m.j, s.last)
            )
        if e.needs == "foreign":
            return self.names_foreign_place(s)
        if e.needs == "abroad":
            return self.sends_abroad(s, m)
        if e.needs in ("health", "aid"):
            lo, hi = clause_start(self.tokens, m.i, s.first), clause_end(self.tokens, m.j, s.last)
            # "… الأمر الذي يجعل المركز يستقبل ضعف طاقته": "the centre" of a sentence about patients.
            return (
                self.health_context(lo, hi)
                or (self.names_centre(lo, hi) and self.health_context(s.first, s.last))
                or (e.needs == "aid" and self.relief_context(lo, hi))
            )
        if e.needs == "health_sentence":
            return self.health_context_beside_happenings(s)
        if e.needs in ("cases", "infected"):
            # "سجل المستشفى خلال الأسبوع 230 حالة إسهال": cases recorded, with their count; a count
            # that rises counts the sick or the dead ("ارتفع عدد الحجاج إلى 850 ألف حاج" is none)
            end = clause_end(self.tokens, m.j, s.last)
            counted = {"case", "death", "patient", "child", "person", "report"}
            if e.needs == "infected":
                counted = {"case", "death", "patient"}
            return any(q.unit in counted for q in self.within(self.doc.quantities, [(m.j, end)]))
        if e.needs == "served":
            # "يقدم المركز أكثر من 900 جلسة غسيل شهرياً": a service given, with what it counts after it,
            # in a clause about health ("قدمت الشركة 500 وظيفة" serves nobody)
            lo, hi = clause_start(self.tokens, m.i, s.first), clause_end(self.tokens, m.j, s.last)
            served = COUNT_UNITS[e.type]
            return self.health_context(lo, hi) and any(
                q.unit in served for q in self.within(self.doc.quantities, [(m.j, hi)])
            )
        if e.needs == "goods":
            # "توزيع 500 سلة غذائية"، "بتوزيع الأدوية": what is handed out follows the trigger.
            if m.j >= s.last:
                return False
            nxt = self.tokens[m.j]
            goods = nxt.is_num or bool(
                find_matches(self.tokens, m.j, m.j + 1, self.pats["goods"], loose=True)
            )
            lo, hi = clause_start(self.tokens, m.i, s.first), clause_end(self.tokens, m.j, s.last)
            # "توزيع 500 كتاب مدرسي" is no aid
            return goods and (self.health_context(lo, hi) or self.relief_context(lo, hi))
        return True

    def scopes(self, d: Draft, clause: bool = True, background: bool = False) -> list[Scope]:
        """Where an event's slots are looked for, nearest first: the clause of its trigger, the part
        of its sentence that tells it, its sentence, its continuation sentences, then (`background`)
        the background sentences attached to it."""
        s = d.sentence
        lo, hi = d.part or (s.first, s.last)
        out: list[Scope] = []
        if clause:
            out.append(
                [(clause_start(self.tokens, d.trigger.i, lo), clause_end(self.tokens, d.trigger.j, hi))]
            )
        out += [[(lo, hi)], [(s.first, s.last)]]
        if d.more:
            out.append([(x.first, x.last) for x in d.more])
        if background and d.background:
            out.append([(x.first, x.last) for x in d.background])
        return out

    def within(self, items: Iterable[Entity | Quantity], scope: Scope) -> list:
        """The items that start inside one of the token ranges of `scope`, in their order (a list's
        start tokens are indexed once: linear in the length of a document)."""
        if not isinstance(items, list):
            return [x for x in items if any(lo <= self.tok(x.start) < hi for lo, hi in scope)]
        key = (id(items), len(items))
        if key not in self._starts_of:
            if len(self._starts_of) >= 8:  # the document's entities, quantities, places; not every list
                self._starts_of.clear()
            self._starts_of[key] = (items, sorted((self.tok(x.start), k) for k, x in enumerate(items)))
        _, index = self._starts_of[key]
        found = {
            k
            for lo, hi in scope
            for _, k in index[bisect.bisect_left(index, (lo, -1)) : bisect.bisect_left(index, (hi, -1))]
        }
        return [items[k] for k in sorted(found)]

    def health_context(self, lo: int, hi: int) -> bool:
        """Tokens [lo, hi) name something medical: a facility, a procedure, a condition, or a
        word of the `health` cues (patients, medicines, a hospital, "طبي", "صحي" …)."""
        if any(
            e.type in ("FACILITY", "PROCEDURE", "CONDITION")
            for e in self.within(self.doc.entities, [(lo, hi)])
        ):
            return True
        return bool(find_matches(self.tokens, lo, hi, self.pats["health"], loose=True))

    def health_context_beside_happenings(self, s: Sentence) -> bool:
        """A clause of the sentence that tells no happening (`other`: an injury, an accident) names
        something medical: "…، وأصيب مدافعه بكسر نقل على إثره إلى المستشفى" puts no match of a league
        in a health context; "… ضمن المبادرات التي دعمها جهاز دعم وتطوير الخدمات العلاجية" does."""
        lo = s.first
        while lo < s.last:
            hi = clause_end(self.tokens, lo, s.last)
            happening = any(
                m.entry.type == "other"  # type: ignore[attr-defined]
                for m in find_matches(self.tokens, lo, hi, self.pats["event"], loose=True)
            )
            if not happening and self.health_context(lo, hi):
                return True
            lo = hi + 1
        return False

    def relief_context(self, lo: int, hi: int) -> bool:
        """Tokens [lo, hi) name a humanitarian relief (`relief` cues: the displaced, food baskets …)."""
        return bool(find_matches(self.tokens, lo, hi, self.pats["relief"], loose=True))

    def body_places(self) -> list[tuple[Entity, str]]:
        """The places named by the health bodies of the bulletin, from their names (the
        `region_body` cues): "صحة نجران" → نجران, "الشؤون الصحية بمنطقة عسير" → عسير."""
        out = []
        for e in self.doc.entities:
            if e.type not in ("ORG", "FACILITY"):
                continue
            words = e.text.split()
            normed = [norm(w) for w in words]
            for cue in region_body_cues():
                if len(words) > len(cue) and tuple(normed[: len(cue)]) == cue:
                    out.append((e, " ".join(words[len(cue) :])))
                    break
        return out

    def setting_country(self) -> str | None:
        """The one country every place of the bulletin's own is in, when it is not the default home
        country: its places (not an origin "من X", nor where patients are sent or treated:
        "تحويل المريض إلى مستشفى … بحائل", "العلاج في الأردن", wherever it is named), its facilities'
        cities and the places of its health bodies ("صحة حائل"). None when they are in several countries, in
        the default one, or in none that is known."""
        sent: set[int] = set()  # tokens of the clauses that tell where patients are sent or treated
        travel = False  # a clause names a country of destination, or tells of travel for treatment
        for s in self.sentences:
            for m in find_matches(self.tokens, s.first, s.last, self.pats["event"], loose=True):
                if self.blocked(m, s):
                    continue
                if m.entry.type == "treatment_abroad" or getattr(m.entry, "abroad", False):  # type: ignore[attr-defined]
                    clause = range(m.i, clause_end(self.tokens, m.j, s.last))
                    # A treatment received ("يتلقون العلاج في مستشفى نيالا بولاية جنوب دارفور") is
                    # somewhere else only when its clause names the country, as travellers do ("العلاج
                    # في الأردن"); its hospital and region are otherwise the bulletin's own places.
                    names_country = self._names_country(clause)
                    if self._sends(m.entry) or names_country:  # type: ignore[arg-type]
                        sent.update(clause)
                    # a dispatch (إيفاد) is travel by itself, and so is a treatment sought in a place
                    # named after it ("للعلاج في مستشفى الملك حسين"), not one the patient goes on with
                    # where he is taken ("… إلى مستشفى الملك فهد بجدة لاستكمال علاجه")
                    needs = getattr(m.entry, "needs", None)
                    travel = (
                        travel
                        or names_country
                        or needs is None
                        or (needs == "foreign" and self._names_place(clause))
                    )
        places = [e for e in self.doc.entities if e.type in ("LOC", "FACILITY")]
        # A place patients are sent to stays a destination wherever the bulletin names it again
        # ("… وإدارة مستشفى X" in the agreement behind the dispatch).
        destinations = {e.id or norm(e.text) for e in places if self.tok(e.start) in sent}
        countries: set[str | None] = set()
        for e in places:
            if (e.id or norm(e.text)) in destinations or self.is_origin(e):
                continue
            countries.add(country_of(place_of(e.text, e.id) if e.type == "LOC" else self.facility_place(e)))
        countries |= {country_of(place_of(text)) for _, text in self.body_places()}
        countries.discard(None)
        if not countries:  # no place of a known country: the country of its bodies and money
            countries = nationality_countries(self.doc)  # type: ignore[assignment]
        if not countries and not travel:
            # Only hospitals patients are taken to, and no country named: patients taken from a crash
            # site "إلى مستشفى الملك فيصل بالطائف" stay in the country of that hospital, while travellers
            # are dispatched (إيفاد), sent to a country ("للعلاج في تونس") or to a city ("إلى أضنة").
            countries = {
                country_of(self.facility_place(e))
                for e in places
                if e.type == "FACILITY" and self.tok(e.start) in sent and not self.is_origin(e)
            }
            countries.discard(None)
        default = home_country(DEFAULT_HOME_COUNTRY)
        return next(iter(countries)) if len(countries) == 1 and default not in countries else None  # type: ignore[return-value]

    @staticmethod
    def _sends(e: TriggerEntry) -> bool:
        """A trigger that sends patients (إيفاد، للعلاج بالخارج، إرسال / نقل … إلى), not one of a
        treatment received where it is (`foreign` or `abroad`: "تلقى"، "العلاج في")."""
        return e.type == "treatment_abroad" and e.needs != "foreign" and not e.abroad

    def _names_place(self, tokens: range) -> bool:
        """A LOC or a FACILITY starts among `tokens`."""
        return any(
            e.type in ("LOC", "FACILITY") and self.tok(e.start) in tokens
            for e in self.within(self.doc.entities, [(tokens.start, tokens.stop)])
        )

    def _names_country(self, tokens: range) -> bool:
        """A LOC that is a country starts among `tokens`."""
        return any(
            e.type == "LOC"
            and self.tok(e.start) in tokens
            and getattr(place_of(e.text, e.id), "kind", None) == "country"
            for e in self.within(self.doc.entities, [(tokens.start, tokens.stop)])
        )

    def names_centre(self, lo: int, hi: int) -> bool:
        """Tokens [lo, hi) hold a definite head of a facility's name that is also used for other
        bodies (`facility_weak` heads of entity_heads.tsv: "المركز", "المجمع")."""
        return any(norm(t.stem) in centre_words() for t in self.tokens[lo:hi])

    def facility_place(self, f: Entity) -> Entry | None:
        """Where a facility is: the place the text attaches to it ("مستشفى الجمهورية في عدن",
        "بمستشفى الأمل بتونس"), else its city in facilities.tsv (a namesake elsewhere may be meant)."""
        j = self.tok(max(f.end - 1, f.start))
        for loc in self.within(self.doc.entities, [(j + 1, j + 3)]):
            if loc.type != "LOC":
                continue
            i = self.tok(loc.start)
            if (i == j + 1 and self.tokens[i].prefix in HOST_PREFIXES) or (
                i == j + 2 and self.tokens[j + 1].text == "في"
            ):
                return place_of(loc.text, loc.id)
        return facility_city(f)

    def is_abroad(self, place: Entry | None, s: Sentence) -> bool:
        """A place in another country than the bulletin's home country and than the places the
        bulletin told of before (or names as an origin, "من X"): "نقل مصابين من عسير إلى الرياض"
        stays inside one country whatever the home country."""
        country = country_of(place)
        if country is None or country == self.home:
            return False
        return country not in self.local_countries(s)

    def local_countries(self, s: Sentence) -> set[str]:
        """The countries of the places named before the sentence, and of its places of origin."""
        out = {country for country, first in self._first_named().items() if first < s.first}
        for e in self.within(self.doc.entities, [(s.first, s.last)]):
            if e.type == "LOC" and self.is_origin(e):
                place = place_of(e.text, e.id)
            elif e.type == "FACILITY" and self.is_origin(e):  # "نقل مريض من مستشفى عرعر المركزي إلى …"
                place = self.facility_place(e) or place_in_name(e)
            else:
                continue
            if country := country_of(place):
                out.add(country)
        return out

    def _first_named(self) -> dict[str, int]:
        """Each country of the document's places: the token where a place of it is first named."""
        ents = self.doc.entities
        key = (id(ents), len(ents))
        if self._first_country[0] != key:
            first: dict[str, int] = {}
            for loc in ents:
                if loc.type == "LOC" and (country := country_of(place_of(loc.text, loc.id))):
                    i = self.tok(loc.start)
                    first[country] = min(i, first.get(country, i))
            self._first_country = (key, first)
        return self._first_country[1]

    def sends_abroad(self, s: Sentence, m: Match | None = None) -> bool:
        """Patients are sent or taken to another country: a trigger that needs `abroad` ("إرسال",
        "نقل", "تحويل"; or the trigger `m` itself) followed in its clause by a place or a facility abroad: "تم إرسالها
        إلى مستشفى جليلة بالإمارات". Not in a purpose clause ("بدلاً من إرسال المرضى …")."""
        if m is not None:
            cues = [m]
        else:  # the sending triggers, also inside a relative clause ("الحالات التي تم إرسالها إلى …")
            found = find_matches(self.tokens, s.first, s.last, self.pats["event"], loose=True)
            cues = [
                c for c in found if getattr(c.entry, "needs", None) == "abroad" and not self.blocked(c, s)
            ]
        for c in cues:
            if c.i in self.purpose:
                continue
            end = clause_end(self.tokens, c.j, s.last)
            for e in self.within(self.doc.entities, [(c.j, end)]):
                if self.is_origin(e):
                    continue
                place = place_of(e.text, e.id) if e.type == "LOC" else None
                if e.type == "FACILITY":
                    place = self.facility_place(e)
                if self.is_abroad(place, s):
                    return True
        return False

    # entities and quantities ----------------------------------------------------
    def entities(self, type_: str, sentences: Iterable[Sentence]) -> list[Entity]:
        scope = [(x.first, x.last) for x in sentences]
        return [e for e in self.within(self.doc.entities, scope) if e.type == type_]

    def nested(self, e: Entity, types: tuple[str, ...] = ("FACILITY", "ORG", "PROGRAM")) -> bool:
        """An entity inside a name of another type ("العلاج الطبيعي" in "مركز مصراتة للعلاج الطبيعي").
        Only the names that start at most the longest name's length before it are looked at."""
        starts, ents, longest = self._by_start()
        lo = bisect.bisect_left(starts, e.end - longest)
        hi = bisect.bisect_right(starts, e.start)
        return any(
            o is not e and o.type in types and o.start <= e.start and e.end <= o.end and o.type != e.type
            for o in ents[lo:hi]
        )

    def _by_start(self) -> tuple[list[int], list[Entity], int]:
        """The document's entities sorted by start, their starts, and the longest one's length."""
        ents = self.doc.entities
        key = (id(ents), len(ents))
        if self._entities_by_start[0] != key:
            ordered = sorted(ents, key=lambda x: x.start)
            longest = max((x.end - x.start for x in ents), default=0)
            self._entities_by_start = (key, ([x.start for x in ordered], ordered, longest))
        return self._entities_by_start[1]

    def names_procedure(self, lo: int, hi: int) -> bool:
        """Tokens [lo, hi) name a procedure: a PROCEDURE entity or a count of operations / of a procedure."""
        procs = [e for e in self.within(self.doc.entities, [(lo, hi)]) if e.type == "PROCEDURE"]
        acts = procedure_units()
        return any(not self.nested(e) for e in procs) or any(
            q.procedure or q.unit in acts for q in self.within(self.doc.quantities, [(lo, hi)])
        )

    def is_origin(self, e: Entity) -> bool:
        """A place after "من" ("فريق من دولة سلوفاكيا") is where someone comes from."""
        return any(p.text == ORIGIN_PREPOSITION for p in self.before(e.start, 2))

    def names_foreign_place(self, s: Sentence) -> bool:
        """The sentence puts something in a foreign country: a place or a facility abroad."""
        for loc in self.entities("LOC", [s]):
            if not self.is_origin(loc) and self.tok(loc.start) not in self.purpose:
                if self.is_abroad(place_of(loc.text, loc.id), s):
                    return True
        return any(self.is_abroad(self.facility_place(f), s) for f in self.entities("FACILITY", [s]))

    def distance(self, offset: int, m: Match) -> int:
        """Token distance from a trigger; a little more for what comes before it."""
        i = self.tok(offset)
        return i - m.i if i >= m.i else (m.i - i) + 1

    def before(self, offset: int, n: int = 1) -> list[Token]:
        """The n tokens before the one at `offset`."""
        i = self.tok(offset)
        return list(self.tokens[max(0, i - n) : i])


@lru_cache(maxsize=1)
def procedure_units() -> frozenset[str]:
    """Units that count acts of a procedure (units.tsv kind `procedure`: operations, tests, doses,
    images, births): "أجرت الفرق 6200 فحص" performs one. Not a session, which a meeting or a course
    has too ("أجرى الطرفان 3 جلسات حوار")."""
    from pipeline.quantities import UnitEntry

    return frozenset(
        e.unit
        for e in load("units")
        if isinstance(e, UnitEntry) and e.kind == "procedure" and e.unit != "session"
    )


_FALLBACKS: dict[str, TriggerEntry] = {}


def _fallback(e: TriggerEntry) -> TriggerEntry:
    """The trigger as its `otherwise` type, at the rank of a plain happening."""
    if e.id not in _FALLBACKS:
        update = {"type": e.otherwise, "priority": min(e.priority, FALLBACK_PRIORITY)}
        _FALLBACKS[e.id] = e.model_copy(update=update)
    return _FALLBACKS[e.id]


def is_fallback(e: Entry) -> bool:
    """The trigger counts as its `otherwise` type: its need was not met."""
    return _FALLBACKS.get(e.id) is e


@lru_cache(maxsize=1)
def centre_words() -> frozenset[str]:
    """The definite forms of the `facility_weak` heads of entity_heads.tsv ("المركز", "المجمع")."""
    return frozenset(
        norm("ال" + f)
        for e in load("entity_heads")
        if getattr(e, "kind", None) == "facility_weak"
        for f in e.ar
    )


@lru_cache(maxsize=1)
def region_body_cues() -> tuple[tuple[str, ...], ...]:
    """Normalized word tuples of the `region_body` cues of event_triggers.tsv, longest first."""
    forms = [
        tuple(norm(w) for w in f.split())
        for e in load("event_triggers")
        if e.type == "region_body"
        for f in e.ar
    ]
    return tuple(sorted(forms, key=len, reverse=True))


def best_trigger(triggers: list[Match]) -> Match:
    return max(triggers, key=lambda m: (m.entry.priority, -m.i))  # type: ignore[attr-defined]


def drafts_of(reader: Reader) -> list[Draft]:
    """Event drafts: one per main sentence with a trigger; background and continuation attached."""
    drafts: list[Draft] = []
    pending_bg: list[Sentence] = []
    for s in reader.sentences:
        last = drafts[-1] if drafts else None
        if reader.starts_with(s, "continuation") and last is not None:
            kind = "continuation"
        elif reader.starts_with(s, "background") or reader.refers_back(s):
            kind = "background"
        elif last is not None and mentions_trigger_of(reader, s, last):
            kind = "continuation"
        else:
            kind = "main"
        trig = reader.triggers(s) if kind != "background" else []
        if (
            kind == "continuation"
            and last is not None
            and any(
                m.entry.type == last.type
                and m.entry.priority >= ANNOUNCED_PRIORITY
                and reader.counts_own(s, m)  # type: ignore[attr-defined]
                for m in trig
            )
        ):
            # "وقال المتحدث إن مستشفى X أجرى وحده 87 عملية": a happening of its own, with its count.
            kind = "main"
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
                drafts.append(Draft(best_trigger(other).entry.type, best_trigger(other), s))  # type: ignore[attr-defined]
            continue
        if kind == "background" or not trig:
            (last.background if last is not None else pending_bg).append(s)
            continue
        # "افتتح الوزير القسم، كما تفقد …": each part joined by كما ("also") tells its own event.
        cuts = [k for k in range(s.first, s.last) if reader.tokens[k].text in ALSO]
        parts: list[list[Match]] = [[] for _ in range(len(cuts) + 1)]
        for m in trig:
            parts[sum(1 for c in cuts if c < m.i)].append(m)
        bounds = [s.first, *cuts, s.last]
        for k, part in enumerate(parts):
            if not part:
                continue
            m = best_trigger(part)
            span = (bounds[k], bounds[k + 1]) if cuts else None
            # The lead sentences before the first event are the background of each thing it tells;
            # a dual ("وقعت الجامعتان مذكرتي تفاهم") tells two.
            for n in range(getattr(m.entry, "events", 1)):
                drafts.append(Draft(m.entry.type, m, s, background=list(pending_bg), part=span, nth=n))  # type: ignore[attr-defined]
        pending_bg = []
    return drafts


def mentions_trigger_of(reader: Reader, s: Sentence, d: Draft) -> bool:
    """The sentence opens with a definite mention of the previous event ("العمليات الثلاث …")."""
    head = find_matches(reader.tokens, s.first, min(s.last, s.first + 3), reader.pats["event"], loose=True)
    return any(
        m.entry.type == d.type and reader.tokens[m.i].stem.startswith("ال")  # type: ignore[attr-defined]
        for m in head
    )
