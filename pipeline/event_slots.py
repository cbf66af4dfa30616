"""Events, second half: the slots of an event read from its sentences (docs/events.md, "Slots")."""

from __future__ import annotations

import bisect
from collections.abc import Callable
from functools import lru_cache
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from pipeline.cues import Match, Pattern, compile_patterns, find_matches, safe_load
from pipeline.event_places import country_of, facility_city, place_in_name, place_of
from pipeline.event_triggers import (
    COUNT_UNITS,
    HOST_PREFIXES,
    PLACE_PREPOSITIONS,
    Draft,
    Reader,
    RoleCue,
    role_patterns,
)
from pipeline.lexicons import Entry
from pipeline.models import Entity, OrgRef, Quantity, Role
from pipeline.normalize import norm
from pipeline.sentences import Sentence, clause_end, clause_start, is_clause_end
from pipeline.tokenize import tokenize_text

T = TypeVar("T")


# "منها"، "بينها": what follows is part of the count before (grammatical words, not lexicon data).
SUBSET_WORDS = frozenset({"منها", "منهم", "بينها", "بينهم", "ومنها", "ومنهم"})


def is_subcount(reader: Reader, q: Quantity) -> bool:
    """A count introduced as part of the one before it: "524 مراجعاً بينها 10 حالات ولادة". With no
    count before it in its sentence, "منها" is "from it": "حملة استفاد منها 870 شخصاً" counts the
    campaign's beneficiaries."""
    return any(t.text in SUBSET_WORDS for t in reader.before(q.start, 2)) and _count_before(reader, q)


def _count_before(reader: Reader, q: Quantity) -> bool:
    """Another quantity starts before `q` in its sentence (bisections over the document's counts
    and sentences, worked out once per document)."""
    starts = _once(reader, "quantity_starts", lambda: sorted(x.start for x in reader.doc.quantities))
    k = bisect.bisect_left(starts, q.start)
    if k == 0:
        return False
    firsts = _once(reader, "sentence_firsts", lambda: [x.first for x in reader.sentences])
    n = bisect.bisect_right(firsts, reader.tok(q.start)) - 1
    return n < 0 or reader.tok(starts[k - 1]) >= firsts[n]


def role_of(reader: Reader, org: Entity, roles: dict[int, list[tuple[int, Match]]], starts: set[int]) -> Role:
    """The role given by a cue that ends at most two tokens before the organization,
    in its clause, with no other organization between them (`roles`: the cues found, numbered
    in the order they were found, by the token they end before; the first found wins)."""
    i = reader.tok(org.start)
    for _, m in sorted(found for j in range(i - 2, i + 1) for found in roles.get(j, ())):
        if not any(is_clause_end(t) for t in reader.tokens[m.j : i]) and not any(
            m.j <= k < i for k in starts
        ):
            assert isinstance(m.entry, RoleCue)
            return m.entry.role
    return "other"


def organizations(reader: Reader, sentences: list[Sentence]) -> list[OrgRef]:
    roles: dict[int, list[tuple[int, Match]]] = {}
    cues = (
        m for s in sentences for m in find_matches(reader.tokens, s.first, s.last, role_patterns(), False)
    )
    for n, m in enumerate(cues):
        roles.setdefault(m.j, []).append((n, m))
    found = reader.entities("ORG", sentences)
    # A name that a longer one begins with ("صندوق التضامن", "صندوق التضامن الاجتماعي") is the same body.
    names = {norm(o.text) for o in found}
    begun = {n[:k] for n in names for k, c in enumerate(n) if c == " "}  # the names longer ones begin with
    orgs = sorted((o for o in found if norm(o.text) not in begun), key=lambda e: e.start)
    starts = {reader.tok(o.start) for o in found}
    out: list[OrgRef] = []
    seen: dict[str, int] = {}
    prev: tuple[Entity, Role] | None = None
    for org in orgs:
        role = role_of(reader, org, roles, starts)
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


def pick_quantity(reader: Reader, d: Draft) -> Quantity | None:
    units = COUNT_UNITS.get(d.type)
    if not units:
        return None
    scopes = reader.scopes(d, clause=False)
    if (
        d.part
    ):  # the counts of the sentence's other parts are theirs ("…، وتم عقد دورة ثانية تم فيها تدريب 40")
        scopes = [sc for sc in scopes if sc != [(d.sentence.first, d.sentence.last)]]
    for scope in scopes:
        # A part of a count ("… مراجعاً بينها 10 حالات ولادة") is not what the event counts: it is
        # the part's own activity, or nothing.
        qs = [
            q
            for q in reader.within(reader.doc.quantities, scope)
            if q.unit in units and not is_subcount(reader, q) and reader.tok(q.start) not in reader.totals
        ]
        # A count inside a purpose clause ("… تهدف إلى علاج 29 حالة") is a target, not what happened;
        # that of a service launched ("وحدة جديدة … لتخدم نحو 150 مريضاً") is never what it counts.
        done = [q for q in qs if reader.tok(q.start) not in reader.purpose]
        qs = done if done or d.type == "service_launch" else qs
        if d.type == "campaign":
            # "عدد المتبرعين في اليوم تجاوز 128 متبرعاً": a rate is not what the campaign gathered.
            qs = [q for q in qs if not q.period and not _rate(reader, q)]
        if qs:
            return min(qs, key=lambda q: reader.distance(q.start, d.trigger))
    return None


@lru_cache(maxsize=1)
def _period_patterns() -> list[Pattern]:
    return compile_patterns(e for e in safe_load("quantity_cues") if getattr(e, "role", None) == "period")


def _rate(reader: Reader, q: Quantity) -> bool:
    """A period cue of quantity_cues.tsv ("في اليوم", "يومياً") stands in the count's clause before it."""
    i = reader.tok(q.start)
    lo = clause_start(reader.tokens, i, max(0, i - 8))
    return bool(find_matches(reader.tokens, lo, i, _period_patterns(), loose=False))


@lru_cache(maxsize=1)
def procedure_patterns() -> list[Pattern]:
    return compile_patterns(safe_load("procedures"))


def procedure_in_name(fac: Entity | None) -> str | None:
    """A procedure that a facility is named after: "مركز غسيل الكلى", "وحدة القسطرة القلبية"."""
    if fac is None:
        return None
    toks = tokenize_text(fac.text)
    hits = find_matches(toks, 0, len(toks), procedure_patterns(), loose=True)
    return hits[0].entry.id if hits else None


def pick_procedure(reader: Reader, d: Draft, q: Quantity | None) -> str | None:
    if d.type == "training":
        # A training teaches staff ("فني أشعة", "دورة في القسطرة"): it performs no procedure.
        return None
    if q is not None and q.procedure:
        return q.procedure
    # Beyond its own sentence, only an event about a service looks for its procedure; a campaign
    # also in its background ("أطلق المجلس برنامجه … للتبرع بالدم. … أن الحملة أقيمت …").
    scopes = reader.scopes(d, clause=False, background=d.type == "campaign")
    if d.more and d.type not in COUNT_UNITS:
        scopes = [sc for sc in scopes if sc != [(x.first, x.last) for x in d.more]]
    # A campaign's procedure may stand in its programme's name ("حملة تطعيم ضد شلل الأطفال"); a
    # facility's or an organization's name tells no event's procedure ("مركز مصراتة للعلاج الطبيعي").
    hosts = ("FACILITY", "ORG") if d.type == "campaign" else ("FACILITY", "ORG", "PROGRAM")
    for scope in scopes:
        procs = [e for e in reader.within(reader.doc.entities, scope) if e.type == "PROCEDURE"]
        cands: list[tuple[int, str]] = [
            (reader.distance(e.start, d.trigger), e.id) for e in procs if e.id and not reader.nested(e, hosts)
        ]
        cands += [
            (reader.distance(x.start, d.trigger) + 1, x.procedure)
            for x in reader.within(reader.doc.quantities, scope)
            if x.procedure
        ]
        if cands:
            return min(cands)[1]
    return None


@lru_cache(maxsize=1)
def _facility_nouns() -> frozenset[str]:
    """The facility heads of entity_heads.tsv, singular and (ة → ات) plural, bare of the article."""
    out: set[str] = set()
    for e in safe_load("entity_heads"):
        if getattr(e, "kind", None) in ("facility", "facility_weak"):
            for f in e.ar:
                if " " not in f:
                    out |= {norm(f), norm(f[:-1] + "ات") if f.endswith("ة") else norm(f)}
    return frozenset(out)


def unit_of_facility(f: Entity) -> bool:
    """A unit of a facility named by referring back to it, "صيدلية العيادات", "مختبر المستشفى":
    a facility head, then the definite form of another one. The event is at the facility itself."""
    words = [norm(w) for w in f.text.split()]
    nouns = _facility_nouns()
    return len(words) == 2 and words[0] in nouns and words[1].startswith("ال") and words[1][2:] in nouns


def work_objects(reader: Reader, d: Draft) -> list[Entity]:
    """The facilities of the event's sentence that its work is about, in order: right after a
    noun of work (`object` cues: تشغيل، إنشاء، إدارة …): "وقعت الوزارة مذكرة تفاهم لتشغيل مستشفى X"."""
    s = d.sentence
    ends = {m.j for m in find_matches(reader.tokens, s.first, s.last, reader.pats["object"], loose=True)}
    out: list[Entity] = []
    for e in reader.entities("FACILITY", [s]):
        i = reader.tok(e.start)
        # "لإنشاء مستشفى X ومستشفى Y": a facility joined by و to an object is one too.
        joined = bool(out) and i == reader.tok(max(out[-1].end - 1, out[-1].start)) + 1
        if i in ends or (joined and reader.tokens[i].prefix.startswith("و")):
            out.append(e)
    return out


# "بحي الحضن غرب نجران": a place that lies in the one named after a direction (grammatical words).
DIRECTIONS = frozenset({"شمال", "جنوب", "شرق", "غرب", "وسط", "شمالي", "جنوبي", "شرقي", "غربي"})

# Role words of titles.tsv that head a facility ("مدير مستشفى X", "المشرف العام على مستشفى X").
FACILITY_HEADS = frozenset({"director", "head", "supervisor"})
# "أكد أن مدير مستشفى X اجتمع …": the subject of a reported clause.
THAT = frozenset({"أن", "ان", "إن"})


@lru_cache(maxsize=1)
def facility_head_patterns() -> list[Pattern]:
    return compile_patterns(e for e in safe_load("titles") if e.id in FACILITY_HEADS)


# Events that happen at the facility a bulletin's lead sentence is about, when their own
# sentences name none ("مستشفى X: … . كما استقبل قسم الطوارئ 300 حالة").
LEAD_FACILITY_TYPES = frozenset({"procedure_performed", "service_launch", "service_ongoing"})


def lead_facility(reader: Reader, d: Draft) -> Entity | None:
    """The one facility the bulletin's first sentence names (not a unit, not a partner), for an
    event told by a later sentence."""
    lead = reader.sentences[0]
    if d.sentence.index == 0:
        return None
    partners = {m.j for m in find_matches(reader.tokens, lead.first, lead.last, role_patterns(), False)}
    facs = [
        e
        for e in reader.entities("FACILITY", [lead])
        if not unit_of_facility(e)
        and reader.tok(e.start) not in partners
        and reader.tok(e.start) not in reader.purpose
    ]
    names = {e.id or norm(e.text) for e in facs}
    return facs[0] if len(names) == 1 else None


def host_facility(reader: Reader, d: Draft) -> Entity | None:
    """The facility whose head holds the meeting: the head is the subject of the trigger's clause
    (its first noun, after a leading verb or أن), with the facility right after the role word:
    "وكان مدير مستشفى X … قد اجتمع بالأطباء", "عقد مدير مستشفى X اجتماعاً". Not the employer of a
    participant ("… اجتماعاً مع مدير مستشفى X")."""
    s = d.sentence
    lo = clause_start(reader.tokens, d.trigger.i, s.first)
    facs = {reader.tok(e.start): e for e in reader.entities("FACILITY", [s])}
    for m in find_matches(reader.tokens, lo, min(d.trigger.j + 1, s.last), facility_head_patterns(), False):
        subject = m.i - lo <= 1 or (m.i > lo and reader.tokens[m.i - 1].stem in THAT)
        if subject and not reader.tokens[m.i].prefix and m.j in facs:
            return facs[m.j]
    return None


def pick_facility(reader: Reader, d: Draft) -> Entity | None:
    found = _nearest_facility(reader, d)
    if found is None and d.type == "meeting":
        return host_facility(reader, d)
    if found is None and d.type in LEAD_FACILITY_TYPES:
        return lead_facility(reader, d)
    if found is not None and spread(reader, d):
        # Held at several places, each with its hospital: no one facility.
        names = {e.id or norm(e.text) for e in reader.entities("FACILITY", [d.sentence])}
        return found if len(names) < 2 else None
    return found


def _nearest_facility(reader: Reader, d: Draft) -> Entity | None:
    if d.type == "agreement":
        # An agreement is about the facility it runs, builds or equips; a dual about one each.
        objects = work_objects(reader, d)
        if objects:
            return objects[min(d.nth, len(objects) - 1)]
    partner_cues = [
        m
        for m in find_matches(reader.tokens, d.sentence.first, d.sentence.last, role_patterns(), False)
        if isinstance(m.entry, RoleCue) and m.entry.role == "partner"
    ]
    # A lead sentence without a trigger ("تم إخضاع الطاقم التمريضي بمستشفى X …") can still say where.
    aside = while_clauses(reader, d)
    for scope in reader.scopes(d, background=True):
        facs = [
            e
            for e in reader.within(reader.doc.entities, scope)
            if e.type == "FACILITY" and not unit_of_facility(e) and reader.tok(e.start) not in aside
        ]
        if not facs:
            continue

        def score(f: Entity) -> float:
            s = float(reader.distance(f.start, d.trigger))
            i = reader.tok(f.start)
            if hosted(reader, f):
                s -= 10  # "بمستشفى X", "في مستشفى X", "إلى مستشفى X": where it happened
            if any(m.j == i for m in partner_cues):
                s += 15  # "بالتعاون مع مستشفى X": a partner, not the place
            if i in reader.purpose:
                s += 30  # "في إطار تعزيز الخدمات داخل المستشفيات المحلية"
            return s

        best = min(facs, key=score)
        if d.type == "visit" and visited(reader, d, best):
            return best  # "زار وزير الصحة الكويتي مستشفى الجهراء": what the visit is to
        if d.type not in COUNT_UNITS and score(best) > 2 and not hosted(reader, best):
            # A meeting, visit or agreement happens at a facility named as its place or its
            # object ("تفقد مستشفى X"), not at one that only names a participant's employer.
            return None
        return best
    return None


@lru_cache(maxsize=1)
def _role_words() -> frozenset[str]:
    """The role and title words of titles.tsv ("مدير", "رئيس"): a facility after one is an employer."""
    return frozenset(norm(w) for e in safe_load("titles") for f in e.ar for w in f.split())


def visited(reader: Reader, d: Draft, f: Entity) -> bool:
    """The facility is the object of a visit verb, after its subject in the trigger's clause ("زار
    وزير الصحة مستشفى X"، "تفقدت الوزيرة أمس مستشفى X"): bare (no preposition, no proclitic) and not
    after a role word ("زار الوفد مدير مستشفى X" visits a person)."""
    i = reader.tok(f.start)
    toks = reader.tokens
    if not d.trigger.j <= i < clause_end(toks, d.trigger.j, d.sentence.last) or i > d.trigger.j + 6:
        return False
    if toks[i].start < f.start:
        return False  # "بمستشفى"، "لمستشفى"
    prev = toks[i - 1]
    return not prev.is_punct and prev.stem not in PLACE_PREPOSITIONS and norm(prev.stem) not in _role_words()


# "…، فيما يعاني مجمع X من نقص حاد في الوقود": a clause that tells something else meanwhile.
WHILE = frozenset({"فيما", "وفيما", "بينما", "وبينما"})


def while_clauses(reader: Reader, d: Draft) -> set[int]:
    """Tokens of the clauses of the event's sentence opened by "فيما" / "بينما" (to the clause's
    end) that do not hold its trigger: what they name happens beside the event, not in it; and of
    the clauses that tell the same activity again with a count of their own, elsewhere ("استقبلت
    مستشفيات المنطقة 12 ألف مراجع، حيث استقبل مستشفى X 3 آلاف حالة": X's part, not the total's place)."""
    s = d.sentence
    toks = reader.tokens
    out: set[int] = set()
    for k in range(s.first, s.last):
        if toks[k].text in WHILE:
            end = clause_end(toks, k + 1, s.last)
            if not k <= d.trigger.i < end:
                out.update(range(k, end))
    own = (clause_start(toks, d.trigger.i, s.first), clause_end(toks, d.trigger.j, s.last))
    for m in reader.triggers(s):
        if m.entry.type != d.type or own[0] <= m.i < own[1]:  # type: ignore[attr-defined]
            continue
        lo, hi = clause_start(toks, m.i, s.first), clause_end(toks, m.j, s.last)
        if any(
            q.unit in COUNT_UNITS.get(d.type, ()) for q in reader.within(reader.doc.quantities, [(lo, hi)])
        ):
            out.update(range(lo, hi))
    return out


def hosted(reader: Reader, f: Entity) -> bool:
    """The facility is introduced as a place: "بمستشفى X", "في مستشفى X", "داخل مستشفى X"."""
    tok = reader.tokens[reader.tok(f.start)]
    if tok.start < f.start and tok.prefix in HOST_PREFIXES:
        return True
    return any(p.stem in PLACE_PREPOSITIONS for p in reader.before(f.start, 1))


def attached_place(reader: Reader, fac: Entity) -> str | None:
    """The place inside a facility's name or right after it with ب / في ("بمستشفى الملك فهد بالهفوف")."""
    near = [(reader.tok(fac.start), reader.tok(max(fac.end - 1, fac.start)) + 3)]  # in it, or after it
    attached = [loc for loc in reader.within(_places(reader), near) if _attached(reader, loc, fac)]
    return _longest(reader, attached[0]) if attached else None


def pick_location(reader: Reader, d: Draft, fac: Entity | None) -> str | None:
    """The event's place: a place attached to its facility ("بمستشفى الملك فهد بالهفوف"), else
    the place nearest the facility (or the trigger) in the trigger's clause, its part, its
    sentence, its continuation; else the facility's city or a place in its name; else the
    place the bulletin is about (its first place: "صحة نجران"، "سبق- نجران:")."""
    anchor = reader.tok(fac.start if fac is not None else reader.tokens[d.trigger.i].start)
    if d.background and spread(reader, d):
        # "أقيمت الحملة في سكاكا … وفي القريات … وفي دومة الجندل": held in several places, it is
        # at the one place its lead names ("… في جميع محافظات منطقة الجوف").
        lead = reader.within(_places(reader), [(x.first, x.last) for x in d.background])
        if lead:
            return _within_city(reader, lead[0])
    if fac is not None and (attached := attached_place(reader, fac)):
        return attached
    for scope in reader.scopes(d):
        locs = reader.within(_places(reader), scope)
        locs = [e for e in locs if reader.tok(e.start) not in reader.purpose]
        if d.type == "treatment_abroad":
            # "أوفد الجهاز بمصراتة 7 أطفال إلى مستشفى في عمان": the treatment is where they were sent.
            locs = [e for e in locs if reader.is_abroad(place_of(e.text, e.id), d.sentence)] or locs
        if locs:
            # Without a facility, a place introduced after the trigger as where it happened ("… عن
            # توزيع 500 سلة في مدينة غات") comes before a nearer one that names who acts ("أعلن فرع
            # سبها"، "فرع الجمعية بالزاوية").
            def far(e: Entity) -> int:
                i = reader.tok(e.start)
                placed = fac is None and i >= d.trigger.j and _placed(reader, e)
                return abs(i - anchor) - (10 if placed else 0)

            return _within_city(reader, min(locs, key=far))
    if fac is not None:
        for place in (facility_city(fac), place_in_name(fac)):
            if place is not None and not _homonym_abroad(reader, place):
                return place.ar[0]
        if city := _city_suffix(fac):
            return city
    # The place the bulletin is about is named before the event's sentences end (a dateline, a
    # lead): a place a later sentence gives another happening is not this one's.
    told = max(x.last for x in d.evidence_sentences)
    first = next(
        (
            e
            for e in _places(reader)
            if reader.tok(e.start) not in reader.purpose and reader.tok(e.start) < told
        ),
        None,
    )
    return _within_city(reader, first) if first else _place_of_body(reader)


@lru_cache(maxsize=1)
def _place_nouns() -> frozenset[str]:
    """The heads before a place's name (`place_prefix` of entity_heads.tsv: مدينة، محافظة، ولاية …)."""
    return frozenset(
        norm(f) for e in safe_load("entity_heads") if getattr(e, "kind", None) == "place_prefix" for f in e.ar
    )


def _placed(reader: Reader, loc: Entity) -> bool:
    """A place introduced as where something is: "بغات", "في غات", "في مدينة غات", "بولاية X"."""
    i = reader.tok(loc.start)
    toks = reader.tokens
    if toks[i].start < loc.start and toks[i].prefix in HOST_PREFIXES:
        return True
    if i > 0:
        word = norm(toks[i - 1].text)
        bare = word[1:] if word[:1] in ("و", "ف") else word
        if bare[:1] == "ب" and bare[1:] in _place_nouns():
            return True  # "بمدينة X", "بحي X" (a short head keeps its ب in its stem)
        if bare in _place_nouns():
            i -= 1
    return i > 0 and toks[i - 1].stem in PLACE_PREPOSITIONS


def _homonym_abroad(reader: Reader, place: Entry) -> bool:
    """In a bulletin set in a country that is not the default one, a place of another country read
    from a facility's name, that the bulletin names nowhere else, is a namesake: "مستشفى العزيزية"
    in a Saudi bulletin is not the Libyan town of the gazetteer."""
    country = country_of(place)
    if reader.home_from == "default" or country in (None, reader.home):
        return False
    named = _once(
        reader,
        "countries",
        lambda: {country_of(place_of(e.text, e.id)) for e in reader.doc.entities if e.type == "LOC"},
    )
    return country not in named


def spread(reader: Reader, d: Draft) -> bool:
    """The event's sentence lists places it happened at, joined by و: "في مدينة سكاكا … وفي
    محافظة القريات …"، "في الرياض وجدة"."""
    s = d.sentence
    locs = [
        e
        for e in reader.within(_places(reader), [(s.first, s.last)])
        if reader.tok(e.start) not in reader.purpose
    ]
    if len({e.id or norm(e.text) for e in locs}) < 2:
        return False
    return any(
        reader.tokens[reader.tok(e.start)].prefix.startswith("و")
        or any(norm(t.text) == "وفي" for t in reader.before(e.start, 2))
        for e in locs[1:]
    )


def _within_city(reader: Reader, loc: Entity) -> str:
    """The place, or the one it lies in when a direction says so: "بحي الحضن غرب نجران" → نجران."""
    i = reader.tok(max(loc.end - 1, loc.start))
    after = reader.tokens[i + 1 : i + 3]
    if len(after) == 2 and after[0].stem in DIRECTIONS:
        outer = reader.within(_places(reader), [(i + 2, i + 3)])
        if outer:
            return _longest(reader, outer[0])
    return _longest(reader, loc)


def _city_suffix(fac: Entity) -> str | None:
    """The city a facility's name ends with, known or not: "مستشفى الملك خالد بحائل" → حائل; not the
    name after an honorific, which may start with ب ("مستشفى الأميرة بسمة")."""
    words = fac.text.split()
    last = words[-1] if len(words) >= 3 else ""
    if last.startswith("ب") and len(last) >= 4 and not norm(last).startswith("بن"):
        if norm(words[-2]) in _honorifics():
            return None
        return last[1:]
    return None


@lru_cache(maxsize=1)
def _honorifics() -> frozenset[str]:
    """The honorifics of titles.tsv ("الأمير"، "الأميرة"، "الشيخ"): a name follows them."""
    from pipeline.entity_lexicon import TitleEntry

    return frozenset(
        norm(f)
        for e in safe_load("titles")
        if isinstance(e, TitleEntry) and e.kind == "honorific"
        for f in e.ar
    )


def _place_of_body(reader: Reader) -> str | None:
    """The place of the health body that reports the bulletin, from its name: "صحة نجران" →
    نجران, "الشؤون الصحية بمنطقة عسير" → عسير."""
    found = _once(reader, "body_places", reader.body_places)
    return found[0][1] if found else None


def _longest(reader: Reader, loc: Entity) -> str:
    """The fullest name the bulletin gives the place: "مكة المكرمة" for "بمكة"."""
    same = [e.text for e in _places(reader) if loc.id and e.id == loc.id] or [loc.text]
    name = max(same, key=len)
    # "لليمن": the span keeps one ل of ل + ال; the place is "اليمن".
    place = place_of(name, loc.id)
    restored = "ال" + name[1:]
    if name.startswith("ل") and place is not None and norm(restored) in {norm(f) for f in place.ar}:
        return restored
    return name


def _places(reader: Reader) -> list[Entity]:
    """The LOC entities of the bulletin that are not an origin ("فريق من دولة سلوفاكيا"), in order."""
    return _once(
        reader,
        "places",
        lambda: sorted(
            (e for e in reader.doc.entities if e.type == "LOC" and not reader.is_origin(e)),
            key=lambda e: e.start,
        ),
    )


def _once(reader: Reader, name: str, compute: Callable[[], T]) -> T:
    """`compute()` once per document (and list of entities): a long bulletin has many events,
    and the facts of the whole document must not be found again for each."""
    key = (id(reader.doc.entities), len(reader.doc.entities))
    known = _PER_DOCUMENT.setdefault(reader, {})
    if name not in known or known[name][0] != key:
        known[name] = (key, compute())
    return known[name][1]


_PER_DOCUMENT: WeakKeyDictionary[Reader, dict[str, tuple[tuple[int, int], Any]]] = WeakKeyDictionary()


def _attached(reader: Reader, loc: Entity, fac: Entity) -> bool:
    """A place inside the facility's name or right after it with ب / في ("مستشفى الملك خالد بحائل")."""
    if fac.start <= loc.start < fac.end:
        return True
    i, j = reader.tok(loc.start), reader.tok(max(fac.end - 1, fac.start))
    if i == j + 1:
        return reader.tokens[i].prefix in HOST_PREFIXES
    return i == j + 2 and reader.tokens[j + 1].text == "في"


def pick_date(reader: Reader, d: Draft, attached: set[int]) -> str | None:
    """The nearest date of the event's sentence, else of its continuation, else the bulletin's
    only date when it stands outside every background sentence (`attached`): "يذكر أن المستشفى
    أجرى خلال العام الماضي …" and "وسيتم توزيعها الأسبوع المقبل" date something else."""
    for sents in ([d.sentence], d.more):
        dates = reader.within(reader.doc.dates, [(x.first, x.last) for x in sents])
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


def pick_program(reader: Reader, d: Draft) -> str | None:
    for sents in ([d.sentence], d.more, d.background):
        progs = reader.entities("PROGRAM", sents)
        if progs:
            return min(progs, key=lambda e: reader.distance(e.start, d.trigger)).text
    return None
