"""The same news told twice: near-duplicate bulletins and repeated events, counted once.

Runs over a whole run, after the bulletins went through the stages
(`pipeline.run`): `link(documents, previous)` (or `Linker.add(doc)`, one
bulletin at a time, in input order) fills

  - `Document.duplicate_of` / `similarity`: the doc_id of the first bulletin
    (input order) of the bulletin's near-duplicate group, and the estimated
    Jaccard similarity with the bulletin it was matched to;
  - `Event.cluster_id`: the event_id of the first event of the happening it
    reports (events of other bulletins that report the same happening share it);
  - `Document.seen_in` / `Event.seen_in`: the same bulletin / happening in an
    earlier run's outputs (`bulletins run --against PREVIOUS_OUT`).

Near-duplicate bulletins (docs/duplicates.md gives the figures):

  - words: the runs of letters and digits of the normalized view (no
    diacritics, one alef, Arabic digits as ASCII …); punctuation and spacing
    do not count;
  - identical: the same word sequence -> similarity 1.0 (whatever the dates);
  - near: MinHash (`NUM_PERM` permutations, seed `SEED`) over word `SHINGLE`-grams,
    candidates from `datasketch.MinHashLSH`, kept when the estimated Jaccard
    similarity is at least `THRESHOLD`, and when the two bulletins do not
    disagree on a fact: each has a fact the other lacks (a number, a count in
    words, an absolute date, counted with repeats; a facility, a place, a name
    read a word longer or shorter being the same). A fact
    only one of them has (a headline added, a sentence dropped) is an edit; a
    fact swapped for another (6 operations instead of 8, another hospital, next
    week's date) is another piece of news. So are two bulletins published more
    than `WINDOW_DAYS` apart (a weekly series told in the same words);
  - a bulletin joins the group of its most similar earlier match; the group is
    named after its first bulletin.

Repeated events: two events report the same happening when their type,
procedure, place (facility id, else its normalized text; else the location)
and count agree, and their days (the event's own ISO date, else the
bulletin's `published`) lie within `WINDOW_DAYS` of the cluster's first event.
Only events with enough identifying slots are matched this way: a type other
than `other`, a place, a day, and a count, or (without a count) a date of
their own, which must then be the same day. So meetings with no place and no
count never merge, nor do undated events. Inside a near-duplicate group, an
event also joins the event with the same type, procedure, place and count of
the bulletin it was matched to, whatever its slots (the same text told again).
A happening read only from near-duplicates of another bulletin (a reading the
first bulletin did not give) is marked `repost_only` and left out of the
aggregates, which count each happening once.

The index is small and bounded per bulletin: a `Signature` holds the doc_id,
a hash of the word sequence, `NUM_PERM` integers, the facts and the event keys,
never the text. `signatures.jsonl` (one a line) is what a later run reads with
`--against`.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from datasketch import MinHash, MinHashLSH

from pipeline.models import AggregateRow, Document, DuplicateRow, Event, EventClusterRow
from pipeline.normalize import norm

NUM_PERM = 128  # MinHash permutations: a Jaccard estimate within about ±0.09 (1/sqrt(128))
SEED = 1  # fixed: the same signatures on every run and machine
SCHEME = "affine32"  # datasketch's permutation scheme (2.0 default), written down for stored signatures
SHINGLE = 3  # words per shingle
THRESHOLD = 0.5  # least estimated Jaccard similarity of two near-duplicate bulletins
WINDOW_DAYS = 3  # most days between two reports of the same happening, or a bulletin and its repost
SIGNATURES = "signatures.jsonl"
JOIN = " | "

_WORD = re.compile(r"[^\W_]+")
_DIGITS = re.compile(r"[0-9]+")


# --------------------------------------------------------------------------- signatures


@dataclass(frozen=True)
class EventKey:
    """What identifies an event's happening: no evidence, no text beyond the place key."""

    event_id: str
    cluster_id: str | None
    type: str
    procedure: str | None
    place: str | None
    count: int | float | None
    day: str | None  # ISO date: the event's own, else the bulletin's published
    own_day: bool  # the day is the event's own (read from the text)

    @property
    def slots(self) -> tuple[Any, ...]:
        return (self.type, self.procedure, self.place, self.count)

    @property
    def identified(self) -> bool:
        """Enough slots to be matched with an event of an unrelated bulletin."""
        if self.type == "other" or self.place is None or self.day is None:
            return False
        return self.count is not None or self.own_day


@dataclass
class Signature:
    """A bulletin as the index keeps it."""

    doc_id: str
    published: str | None
    exact: str  # hash of the normalized word sequence
    minhash: list[int]
    facts: list[str]
    events: list[EventKey] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, line: str) -> Signature:
        data = json.loads(line)
        data["events"] = [EventKey(**e) for e in data.get("events", [])]
        return cls(**data)

    def sketch(self) -> MinHash:
        return MinHash(seed=SEED, hashvalues=self.minhash, permutations=_permutations(), scheme=SCHEME)


@lru_cache(maxsize=1)
def _permutations() -> Any:
    """The permutations of seed `SEED`, made once (making them is most of a MinHash's cost)."""
    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


def words(text: str) -> list[str]:
    """The words of a text's normalized view (letters and digits; punctuation and spacing dropped)."""
    return _WORD.findall(norm(text))


def sketch(tokens: list[str]) -> MinHash:
    """MinHash of the word shingles (a text shorter than a shingle is one shingle)."""
    m = MinHash(seed=SEED, permutations=_permutations(), scheme=SCHEME)
    n = max(1, len(tokens) - SHINGLE + 1)
    m.update_batch([" ".join(tokens[i : i + SHINGLE]).encode("utf-8") for i in range(n)])
    return m


def _iso(value: str | None) -> str | None:
    try:
        return date.fromisoformat(value).isoformat() if value else None
    except ValueError:
        return None


def facts(doc: Document) -> list[str]:
    """What a bulletin asserts, for telling a repost from other news told alike: its numbers in
    digits, its counts in words and absolute dates, with repeats ("25 … 25" is not "25 … 26"),
    and its facilities and places, once each (a name read one word longer is no new fact)."""
    out = [f"n:{n.lstrip('0') or '0'}" for n in _DIGITS.findall(doc.view.text)]  # no int(): any length
    out += [f"n:{_number(q.value)}" for q in doc.quantities if not _DIGITS.search(q.text)]
    out += [f"d:{d.value}" for d in doc.dates if d.value and not d.relative]
    names = {f"{e.type[0].lower()}:{e.id or e.norm}" for e in doc.entities if e.type in ("FACILITY", "LOC")}
    return sorted(out) + sorted(names)


def _number(value: int | float) -> int | float:
    return int(value) if float(value).is_integer() else value


def place(event: Event) -> str | None:
    if event.facility is not None:
        return "f:" + (event.facility.id or norm(event.facility.text))
    if event.location:
        return "l:" + norm(event.location)
    return None


def event_key(doc: Document, event: Event) -> EventKey:
    own = _iso(event.date)
    return EventKey(
        event_id=event.event_id,
        cluster_id=event.cluster_id,
        type=event.type,
        procedure=event.procedure,
        place=place(event),
        count=event.count,
        day=own or _iso(doc.published),
        own_day=own is not None,
    )


def signature(doc: Document) -> Signature:
    tokens = _WORD.findall(doc.view.text)  # = words(doc.text), on the view the stages made
    return Signature(
        doc_id=doc.doc_id,
        published=_iso(doc.published),
        exact=hashlib.sha1(" ".join(tokens).encode("utf-8")).hexdigest(),
        minhash=[int(v) for v in sketch(tokens).hashvalues],
        facts=facts(doc),
        events=[event_key(doc, e) for e in doc.events],
    )


def signatures_jsonl(documents: Iterable[Document]) -> str:
    """signatures.jsonl: one `Signature` a line, in input order (read by `run --against`)."""
    return "".join(signature(d).to_json() + "\n" for d in documents)


def read_signatures(out_dir: Path) -> Iterator[Signature]:
    """The signatures of an earlier run's output directory."""
    with open(Path(out_dir) / SIGNATURES, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield Signature.from_json(line)


# --------------------------------------------------------------------------- bulletins


def conflict(a: Signature, b: Signature) -> bool:
    """Other news told alike, not a repost: each bulletin states a fact the other lacks, or they
    were published more than `WINDOW_DAYS` apart (last week's bulletin told again)."""
    if a.published and b.published and _days(a.published, b.published) > WINDOW_DAYS:
        return True
    only_a = _unshared(Counter(a.facts) - Counter(b.facts), b.facts)
    only_b = _unshared(Counter(b.facts) - Counter(a.facts), a.facts)
    return bool(only_a) and bool(only_b)


def _unshared(facts: Counter[str], other: list[str]) -> list[str]:
    """The facts not in `other`, but for a name that is the start of one of other's names or
    the reverse (a facility read a word longer or shorter in one of them is the same one)."""
    names = [f for f in other if f[:2] in ("f:", "l:")]

    def related(x: str, y: str) -> bool:
        return x[:2] == y[:2] and (x.startswith(y + " ") or y.startswith(x + " "))

    return [f for f in facts if not (f[:2] in ("f:", "l:") and any(related(f, n) for n in names))]


def _days(a: str, b: str) -> int:
    return abs((date.fromisoformat(a) - date.fromisoformat(b)).days)


class BulletinIndex:
    """Signatures by exact hash and in an LSH index; `match` finds the best earlier one."""

    def __init__(self) -> None:
        self.lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
        self.exact: dict[str, int] = {}
        self.items: list[Signature] = []
        self.sketches: list[MinHash] = []

    def add(self, sig: Signature) -> int:
        i = len(self.items)
        self.items.append(sig)
        m = sig.sketch()
        self.sketches.append(m)
        self.exact.setdefault(sig.exact, i)
        self.lsh.insert(str(i), m)
        return i

    def match(self, sig: Signature) -> tuple[int, float] | None:
        """(index, similarity) of the earlier signature `sig` duplicates, or None."""
        if sig.exact in self.exact:
            return self.exact[sig.exact], 1.0
        m = sig.sketch()
        best: tuple[int, float] | None = None
        for i in sorted(int(k) for k in self.lsh.query(m)):
            sim = m.jaccard(self.sketches[i])
            if sim >= THRESHOLD and not conflict(sig, self.items[i]) and (best is None or sim > best[1]):
                best = (i, sim)
        return best


# --------------------------------------------------------------------------- events


class EventIndex:
    """Clusters by (type, procedure, place, count), with the first event's day."""

    def __init__(self) -> None:
        self.by_slots: dict[tuple[Any, ...], list[EventKey]] = defaultdict(list)

    def add(self, key: EventKey) -> None:
        if key.identified:
            self.by_slots[key.slots].append(key)

    def match(self, key: EventKey) -> EventKey | None:
        """The first cluster (its first event's key) that `key` reports the same happening as."""
        if not key.identified:
            return None
        for first in self.by_slots.get(key.slots, ()):
            if _same_time(key, first):
                return first
        return None


def _same_time(a: EventKey, b: EventKey) -> bool:
    if a.day is None or b.day is None:
        return False
    if a.count is None:  # matched on its own date: the same day
        return a.day == b.day and a.own_day and b.own_day
    return _days(a.day, b.day) <= WINDOW_DAYS


def _same_slots(key: EventKey, others: list[EventKey], taken: set[str]) -> EventKey | None:
    for other in others:
        if other.slots == key.slots and other.event_id not in taken:
            return other
    return None


# --------------------------------------------------------------------------- the run


class Linker:
    """Links a run's bulletins one at a time, in input order (a streaming run can feed it as it goes).

    Keeps the signatures only: `NUM_PERM` integers, the facts and the event keys of each bulletin.
    `previous`: the signatures of earlier runs (`read_signatures`), for `seen_in`.
    """

    def __init__(self, previous: Iterable[Signature] = ()) -> None:
        self.bulletins, self.events = BulletinIndex(), EventIndex()
        self.groups: list[str] = []  # the group (first bulletin's doc_id) of each bulletin added
        self.before, self.before_events = BulletinIndex(), EventIndex()
        for sig in previous:
            self.before.add(sig)
            for key in sig.events:
                self.before_events.add(key)

    def add(self, doc: Document, sig: Signature | None = None) -> Signature:
        """Fill the document's duplicate_of, similarity, seen_in and its events' cluster_id and seen_in.
        `sig`: the document's `signature`, when it was made elsewhere (a Dask worker, beside the view)."""
        sig = sig or signature(doc)
        hit = self.bulletins.match(sig)
        doc.duplicate_of = self.groups[hit[0]] if hit else None
        doc.similarity = round(hit[1], 4) if hit else None
        firsts = _match_events(sig, self.events, self.bulletins.items[hit[0]] if hit else None)
        for i, (event, first) in enumerate(zip(doc.events, firsts, strict=True)):
            event.cluster_id = first.cluster_id if first is not None else event.event_id
            sig.events[i] = replace(sig.events[i], cluster_id=event.cluster_id)
            if first is None:
                self.events.add(sig.events[i])
        seen = self.before.match(sig)
        doc.seen_in = self.before.items[seen[0]].doc_id if seen else None
        earlier = _match_events(sig, self.before_events, self.before.items[seen[0]] if seen else None)
        for event, key in zip(doc.events, earlier, strict=True):
            event.seen_in = key.cluster_id if key is not None else None
        self.groups.append(doc.duplicate_of or doc.doc_id)
        self.bulletins.add(sig)
        return sig


def _match_events(sig: Signature, index: EventIndex, duplicated: Signature | None) -> list[EventKey | None]:
    """For each event of `sig`, the key of the event that names its cluster, or None: the event
    with the same slots in the bulletin it duplicates, else the first of a matching cluster."""
    taken: set[str] = set()
    out: list[EventKey | None] = []
    for key in sig.events:
        same = _same_slots(key, duplicated.events, taken) if duplicated is not None else None
        if same is not None:
            taken.add(same.event_id)
        out.append(same or index.match(key))
    return out


def link(documents: Iterable[Document], previous: Iterable[Signature] = ()) -> list[Signature]:
    """Fill duplicate_of, similarity, cluster_id and seen_in over a run (in place, input order).

    `previous`: the signatures of earlier runs (`read_signatures`). Returns the
    run's signatures.
    """
    linker = Linker(previous)
    return [linker.add(doc) for doc in documents]


# --------------------------------------------------------------------------- tables


def _day(doc: Document, event: Event) -> str | None:
    return _iso(event.date) or _iso(doc.published)


def duplicate_rows(documents: list[Document]) -> Iterator[dict[str, Any]]:
    """duplicates.csv: every bulletin of a group of two or more, the group's first one first."""
    groups: dict[str, list[Document]] = defaultdict(list)
    by_id = {}
    for doc in documents:
        by_id.setdefault(doc.doc_id, doc)
        if doc.duplicate_of is not None:
            groups[doc.duplicate_of].append(doc)
    for group, members in groups.items():
        first = by_id[group]
        for doc in (first, *members):
            row = DuplicateRow(
                group=group,
                doc_id=doc.doc_id,
                published=doc.published,
                similarity=doc.similarity if doc is not first else None,
            )
            yield row.model_dump(mode="json")


def clusters(documents: list[Document]) -> list[EventClusterRow]:
    """One row per happening, in the order of their first event."""
    found: dict[str, list[tuple[Document, Event]]] = {}
    for doc in documents:
        for event in doc.events:
            found.setdefault(event.cluster_id or event.event_id, []).append((doc, event))
    rows = []
    for cluster_id, members in found.items():
        doc, first = members[0]
        day = _day(doc, first)
        doc_ids = list(dict.fromkeys(d.doc_id for d, _ in members))
        rows.append(
            EventClusterRow(
                cluster_id=cluster_id,
                type=first.type,
                procedure=first.procedure,
                count=first.count,
                unit=first.unit,
                facility=first.facility.text if first.facility else None,
                facility_id=first.facility.id if first.facility else None,
                location=first.location,
                date=day,
                month=day[:7] if day else None,
                events=len(members),
                bulletins=len(doc_ids),
                doc_ids=JOIN.join(doc_ids),
                repost_only=doc.duplicate_of is not None,
                seen_in=next((e.seen_in for _, e in members if e.seen_in), None),
            )
        )
    return rows


def cluster_rows(documents: list[Document]) -> Iterator[dict[str, Any]]:
    for row in clusters(documents):
        yield row.model_dump(mode="json")


def aggregates(documents: list[Document]) -> list[AggregateRow]:
    """Per month x facility (else location) x procedure x unit: happenings with a procedure,
    each cluster counted once, and the sum of their counts. A cluster read only from
    near-duplicates of another bulletin is left out: the repost tells nothing new."""
    groups: dict[tuple[Any, ...], list[EventClusterRow]] = {}
    for c in clusters(documents):
        if c.procedure is None or c.repost_only:
            continue
        where = c.facility_id or (norm(c.facility) if c.facility else None)
        key = (c.month, where, None if where else c.location, c.procedure, c.unit)
        groups.setdefault(key, []).append(c)
    rows = []
    for (month, _, location, procedure, unit), members in groups.items():
        counts = [c.count for c in members if c.count is not None]
        rows.append(
            AggregateRow(
                month=month,
                facility=members[0].facility,
                facility_id=members[0].facility_id,
                location=location,
                procedure=procedure,
                unit=unit,
                happenings=len(members),
                count_sum=sum(counts) if counts else None,
            )
        )
    return rows


def aggregate_rows(documents: list[Document]) -> Iterator[dict[str, Any]]:
    for row in aggregates(documents):
        yield row.model_dump(mode="json")
