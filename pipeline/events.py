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
   highest priority gives the event type. A procedure performed on patients sent
   to another country than the home country (`Document.country`) is treatment abroad.
3. Slots come from the event's sentence, nearest to its trigger: the quantity of
   a unit fitting the type, the procedure, the facility where it happened, the
   place, the date; organizations (with roles from `lexicons/org_roles.tsv`),
   programme and decrees also from the background sentences attached to it.
4. Events of the same type that agree on procedure and facility are merged:
   a happening told twice is one event.
"""

from __future__ import annotations

import hashlib

from pipeline.cues import Match
from pipeline.event_places import code_of_country, place_in_name
from pipeline.event_slots import (
    COUNT_UNITS,
    attached_place,
    is_subcount,
    organizations,
    pick_date,
    pick_facility,
    pick_location,
    pick_procedure,
    pick_program,
    pick_quantity,
    procedure_in_name,
    unit_of_facility,
)
from pipeline.event_triggers import Draft, Reader, RoleCue, TriggerEntry, drafts_of, is_fallback
from pipeline.models import EVENT_TYPES, Document, Entity, Event, Evidence, FacilityRef, Quantity
from pipeline.normalize import norm
from pipeline.sentences import SENTENCE_END, clause_end, clause_start

# Events whose sentence can list several activities, each with its count (a hospital's statistics).
STATISTICS_TYPES = frozenset({"procedure_performed", "service_ongoing", "service_launch"})


def _event_id(doc_id: str, type_: str, start: int, end: int, n: int = 1) -> str:
    """Stable id: sha1 of document, type and evidence (and the rank among events sharing them)."""
    key = f"{doc_id}|{type_}|{start}|{end}" + (f"|{n}" if n > 1 else "")
    return hashlib.sha1(key.encode()).hexdigest()[:16]


def build_events(doc: Document) -> Document:
    """Fill `doc.events` from the sentences' triggers and the entities, quantities, dates, decrees."""
    if not doc.text.strip():
        doc.events = []
        return doc
    reader = Reader(doc)
    if reader.home_from != "given":
        doc.country = code_of_country(reader.home)
        doc.country_from = reader.home_from  # type: ignore[assignment]
    events: list[Event] = []
    drafts = drafts_of(reader)
    if any(not is_fallback(d.trigger.entry) for d in drafts):
        # "أطلق المجلس أمس، ممثلاً باللجنة الصحية، برنامجه …": a trigger that found no health context in
        # its clause is a happening of its own only in a bulletin that tells of nothing else; its
        # sentence is the background of the next event (or of the one before).
        kept = [d for d in drafts if not is_fallback(d.trigger.entry)]
        for d in drafts:
            if is_fallback(d.trigger.entry):
                host = next((k for k in kept if k.sentence.index > d.sentence.index), kept[-1])
                host.background = sorted({*host.background, d.sentence}, key=lambda x: x.index)
        drafts = kept
    attached = {s.index for d in drafts for s in d.background}
    for d in drafts:
        q = pick_quantity(reader, d)
        fac = pick_facility(reader, d)
        location = pick_location(reader, d, fac)
        type_ = d.type
        if type_ == "procedure_performed" and (
            reader.sends_abroad(d.sentence)
            or (getattr(d.trigger.entry, "abroad", False) and reader.sends_abroad(d.sentence, d.trigger))
        ):
            # "تلقى 4 أطفال من الحالات التي تم إرسالها إلى مستشفى … بالإمارات": patients sent abroad;
            # "تلقى 3 أطفال العلاج في مستشفى … بالأردن": a treatment received abroad.
            type_ = "treatment_abroad"
        scope = [d.sentence, *d.more, *d.background]
        ev_sents = d.evidence_sentences
        start, end = min(x.start for x in ev_sents), max(x.end for x in ev_sents)
        decrees = [x.number for x in doc.decrees if reader.in_sentences(x.start, scope)]
        event = Event(
            event_id=_event_id(doc.doc_id, type_, start, end),
            type=type_,  # type: ignore[arg-type]
            procedure=pick_procedure(reader, d, q)
            or (procedure_in_name(fac) if type_ in ("service_launch", "service_ongoing") else None),
            count=q.value if q else None,
            unit=q.unit if q else None,
            facility=FacilityRef(text=fac.text, id=fac.id) if fac else None,
            location=location,
            organizations=organizations(reader, scope),
            program=pick_program(reader, d),
            date=pick_date(reader, d, attached),
            decrees=list(dict.fromkeys(decrees)),
            evidence=Evidence(start=start, end=end),
        )
        events.append(event)
        events += _activities(reader, d, event, q)
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


def _activities(reader: Reader, d: Draft, event: Event, q: Quantity | None) -> list[Event]:
    """More procedures performed, each with its own count, that a statistics sentence tells besides
    its event: "استقبل المستشفى 6500 مراجع، وأجرى 140 عملية جراحية، و85 حالة ولادة" gives an event
    per (procedure, count), at the facility named last before the count."""
    if event.type not in STATISTICS_TYPES and event.type != "campaign":
        return []
    # A campaign's own counts are its target or its turnout ("تستهدف 50 ألف طفل"، "128 متبرعاً"); the
    # operations done during it are performed ("قافلة طبية …، أجريت خلالها 35 عملية جراحية").
    units = COUNT_UNITS["procedure_performed"] if event.type in STATISTICS_TYPES else frozenset({"operation"})
    s = d.sentence
    lo, hi = d.part or (s.first, s.last)
    out: list[Event] = []
    seen = {(event.procedure, event.count)}
    for x in reader.within(reader.doc.quantities, [(lo, hi)]):
        if x is q or not x.procedure or x.unit not in units or reader.tok(x.start) in reader.purpose:
            continue
        if (x.procedure, x.value) in seen or _part_of_previous(reader, x):
            continue
        seen.add((x.procedure, x.value))
        out.append(_activity(reader, d, event, x, "procedure_performed", lo))
    if event.type == "campaign":
        return out
    for x in _parallel_counts(reader, d, q, (lo, hi)):
        if (event.procedure, x.value) not in seen:
            seen.add((event.procedure, x.value))
            # at its own place, not the first clause's: "…، فيما استقبل مستشفى صبيا العام 120 حالة"
            out.append(_activity(reader, d, event, x, event.type, lo, own_place=True))
    if event.type == "procedure_performed":
        # "استقبل المستشفى 1200 مراجع، وأجرى 300 تحليل": the visitors received are the service's.
        served = _served(reader, d, (lo, hi))
        if served is not None:
            out.append(_activity(reader, d, event, served, "service_ongoing", lo))
    return out


def _activity(
    reader: Reader, d: Draft, event: Event, x: Quantity, type_: str, lo: int, own_place: bool = False
) -> Event:
    """One more activity of a statistics sentence, counted by x, at the facility named last before x
    (`own_place`: at the place attached to that facility or named in its name, when it has one)."""
    before = [
        f
        for f in reader.within(reader.doc.entities, [(lo, reader.tok(x.start))])
        if f.type == "FACILITY" and reader.tok(f.start) not in reader.purpose and not unit_of_facility(f)
    ]
    fac = max(before, key=lambda f: f.start) if before else None
    update = {
        "type": type_,
        "procedure": x.procedure,
        "count": x.value,
        "unit": x.unit,
        "facility": FacilityRef(text=fac.text, id=fac.id) if fac else event.facility,
        "location": pick_location(reader, d, fac) if fac else event.location,
    }
    if fac is not None and own_place and (place := attached_place(reader, fac) or _name_place(fac)):
        update["location"] = place
    return event.model_copy(update=update)


def _parallel_counts(reader: Reader, d: Draft, q: Quantity | None, span: tuple[int, int]) -> list[Quantity]:
    """The counts of the same activity at other facilities, each told by a clause of its own: "استقبل
    مستشفى X 300 حالة، فيما استقبل مستشفى Y 120 حالة" (Y's 120). Only when the event itself is at
    one facility, named in its clause before its count; a total of the region's hospitals ("استقبلت
    مستشفيات المنطقة 8540 مراجعاً، منهم 1230 في مستشفى X") is not split into its parts, and a clause
    that counts a procedure is told by that procedure's event."""
    if q is None or not _facility_before(reader, d.trigger, q, span):
        return []
    units = COUNT_UNITS.get(d.type, frozenset())
    own = clause_end(reader.tokens, d.trigger.j, span[1])
    out: list[Quantity] = []
    for m in reader.triggers(d.sentence):
        if m.entry.type != d.type or not own <= m.i < span[1]:  # type: ignore[attr-defined]
            continue
        end = clause_end(reader.tokens, m.j, span[1])
        counts = reader.within(reader.doc.quantities, [(m.j, end)])
        if any(x.procedure for x in counts):
            continue  # "بينما استقبل مستشفى Y 300 مراجع بينها 40 حالة ولادة": told by its procedure's event
        qs = [x for x in counts if x.unit in units and not is_subcount(reader, x)]
        if qs and _facility_before(reader, m, qs[0], span):
            out.append(qs[0])
    return out


def _name_place(fac: Entity) -> str | None:
    """The place a facility is named after ("مستشفى صبيا العام" → صبيا), as the name writes it."""
    place = place_in_name(fac)
    return next((f for f in place.ar if f in fac.text), place.ar[0]) if place else None


def _facility_before(reader: Reader, m: Match, x: Quantity, span: tuple[int, int]) -> bool:
    """A FACILITY (not a unit of one) in the trigger's clause before the count: who received them."""
    lo = clause_start(reader.tokens, m.i, span[0])
    return any(
        f.type == "FACILITY" and not unit_of_facility(f)
        for f in reader.within(reader.doc.entities, [(lo, reader.tok(x.start))])
    )


def _served(reader: Reader, d: Draft, span: tuple[int, int]) -> Quantity | None:
    """The count of people an ongoing-service trigger of the sentence's part has in its clause
    (no procedure, not a part of another count): "استقبل المستشفى 1200 مراجع"."""
    units = COUNT_UNITS["service_ongoing"]
    for m in reader.triggers(d.sentence):
        if m.entry.type != "service_ongoing" or not span[0] <= m.i < span[1]:  # type: ignore[attr-defined]
            continue
        clause = (clause_start(reader.tokens, m.i, span[0]), clause_end(reader.tokens, m.j, span[1]))
        qs = [
            x
            for x in reader.within(reader.doc.quantities, [clause])
            if x.unit in units and not x.procedure and not is_subcount(reader, x)
        ]
        if qs:
            return min(qs, key=lambda x: reader.distance(x.start, m))
    return None


def _part_of_previous(reader: Reader, x: Quantity) -> bool:
    """A count of the same procedure that is part of the one before it: "6 عمليات قسطرة، منها 4
    عمليات قسطرة تشخيصية" (but "524 مراجعاً بينها 10 حالات ولادة" counts an activity of its own)."""
    if not is_subcount(reader, x):
        return False
    earlier = [q for q in reader.doc.quantities if q.start < x.start]
    return bool(earlier) and max(earlier, key=lambda q: q.start).procedure == x.procedure


def _headline_end(reader: Reader) -> int | None:
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
            if kept.count is not None and ev.count is not None and kept.count != ev.count:
                continue  # "10 حالات ولادة … 54 حالة ولادة": two activities, each with its count
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


__all__ = ["EVENT_TYPES", "RoleCue", "TriggerEntry", "build_events"]
