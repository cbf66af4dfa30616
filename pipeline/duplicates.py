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
never the text. A run keeps the signatures of its bulletins in memory (about
1.5 kB a bulletin, `BulletinIndex`), not the bulletins: a streaming run links
each bulletin as it arrives (`Linker.add`), so its duplicate and cluster fields
are known when it is written, and `RunTables` gathers the run's tables
(duplicates, event clusters, aggregates) from a few fields of each. `signatures.jsonl` (one a line) is what a later run reads with
`--against`.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.models import AggregateRow, Document, DuplicateRow, Event, EventClusterRow
from pipeline.normalize import norm

NUM_PERM = 128  # MinHash permutations: a Jaccard estimate within about ±0.09 (1/sqrt(128))
SEED = 1  # fixed: the same signatures on every run and machine
SCHEME = "affine32"  # datasketch's permutation scheme (2.0 default), written down for stored signatures
_FMIX = (16, 0x85EBCA6B, 13, 0xC2B2AE35, 16)  # MurmurHash3's 32-bit finalizer (the scheme's pre-mix)
SHINGLE = 3  # words per shingle
THRESHOLD = 0.5  # least estimated Jaccard similarity of two near-duplicate bulletins
WINDOW_DAYS = 3  # most days between two reports of the same happening, or a bulletin and its repost
SIGNATURES = "signatures.jsonl"
JOIN = " | "

_WORD = re.compile(r"[^\W_]+")
_DIGITS = re.compile(r"[0-9]+")


# --------------------------------------------------------------------------- signatures


@dataclass(frozen=True, slots=True)
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


@dataclass(slots=True)
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


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The `NUM_PERM` affine permutations h -> a*h + b (mod 2**32, `a` odd) of seed `SEED`: the
    values datasketch's `MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)` draws, made here
    without importing datasketch (it imports scipy: half a second of every start-up)."""
    gen = np.random.RandomState(SEED)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def words(text: str) -> list[str]:
    """The words of a text's normalized view (letters and digits; punctuation and spacing dropped)."""
    return _WORD.findall(norm(text))


def sketch(tokens: list[str]) -> np.ndarray:
    """MinHash values (`NUM_PERM` uint32) of the word shingles (a text shorter than a shingle is one
    shingle), as datasketch's `MinHash.update_batch` makes them in the `SCHEME` scheme: each
    shingle's SHA-1 (its first 4 bytes, little-endian), pre-mixed by `_FMIX`, through every
    permutation; the least value per permutation."""
    n = max(1, len(tokens) - SHINGLE + 1)
    shingles = (" ".join(tokens[i : i + SHINGLE]).encode("utf-8") for i in range(n))
    hv = np.frombuffer(b"".join(hashlib.sha1(s).digest()[:4] for s in shingles), dtype="<u4")
    hv = hv.astype(np.uint32).reshape(-1, 1)
    s1, m1, s2, m2, s3 = (np.uint32(c) for c in _FMIX)
    hv = hv ^ (hv >> s1)
    hv = hv * m1
    hv = hv ^ (hv >> s2)
    hv = hv * m2
    hv = hv ^ (hv >> s3)
    a, b = _permutations()
    return (hv * a + b).min(axis=0)


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
        minhash=sketch(tokens).tolist(),
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


# LSH bands of the MinHash values: two bulletins are compared when they share a band. These are
# the parameters datasketch's MinHashLSH chooses for THRESHOLD 0.5 and NUM_PERM 128.
BANDS, ROWS = 25, 5
_MIX = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93, 0xFF51AFD7ED558CCD],
    np.uint64,
)
_SALT = np.arange(BANDS, dtype=np.uint64) * np.uint64(0x94D049BB133111EB)


def band_keys(hashvalues: np.ndarray) -> np.ndarray:
    """One 64-bit key per band of `ROWS` MinHash values (the same band, the same key)."""
    bands = np.asarray(hashvalues[: BANDS * ROWS], dtype=np.uint64).reshape(BANDS, ROWS)
    return (bands * _MIX).sum(axis=1, dtype=np.uint64) ^ _SALT


class _BandTable:
    """The bulletins of each band key: a sorted array, and the keys added since the last merge in a dict
    (12 bytes a band, 300 a bulletin, where a dict of sets takes about 16 kB)."""

    MERGE = 25_000  # keys held in the dict before they join the sorted array

    def __init__(self) -> None:
        self.keys = np.empty(0, np.uint64)
        self.ids = np.empty(0, np.int32)
        self.recent: dict[int, list[int]] = {}
        self.held = 0

    def add(self, keys: np.ndarray, i: int) -> None:
        for k in keys.tolist():
            self.recent.setdefault(k, []).append(i)
        self.held += len(keys)
        if self.held >= self.MERGE:
            self._merge()

    def _merge(self) -> None:
        new = [(k, i) for k, ids in self.recent.items() for i in ids]
        keys = np.concatenate([self.keys, np.array([k for k, _ in new], np.uint64)])
        ids = np.concatenate([self.ids, np.array([i for _, i in new], np.int32)])
        order = np.argsort(keys, kind="stable")
        self.keys, self.ids = keys[order], ids[order]
        self.recent, self.held = {}, 0

    def query(self, keys: np.ndarray) -> list[int]:
        """The bulletins sharing at least one key, in input order."""
        found: set[int] = set()
        lo = np.searchsorted(self.keys, keys, side="left")
        hi = np.searchsorted(self.keys, keys, side="right")
        for a, b in zip(lo.tolist(), hi.tolist(), strict=True):
            found.update(self.ids[a:b].tolist())
        for k in keys.tolist():
            found.update(self.recent.get(k, ()))
        return sorted(found)


class BulletinIndex:
    """Signatures by exact hash and by LSH band; `match` finds the best earlier one.

    What it keeps of a bulletin is small and without text: its MinHash values (512 bytes, in one
    growing array), its band keys, the digest of its word sequence, and its signature without the
    MinHash list (doc_id, published, facts, event keys): about 1.5 kB a bulletin."""

    def __init__(self) -> None:
        self.bands = _BandTable()
        self.exact: dict[bytes, int] = {}
        self.items: list[Signature] = []
        self.values = np.empty((64, NUM_PERM), np.uint32)

    def add(self, sig: Signature) -> int:
        i = len(self.items)
        if i == len(self.values):
            self.values = np.concatenate([self.values, np.empty_like(self.values)])
        self.values[i] = sig.minhash
        self.items.append(replace(sig, minhash=[], exact="", facts=[sys.intern(f) for f in sig.facts]))
        self.exact.setdefault(bytes.fromhex(sig.exact), i)
        self.bands.add(band_keys(self.values[i]), i)
        return i

    def match(self, sig: Signature) -> tuple[int, float] | None:
        """(index, similarity) of the earlier signature `sig` duplicates, or None."""
        exact = self.exact.get(bytes.fromhex(sig.exact))
        if exact is not None:
            return exact, 1.0
        values = np.array(sig.minhash, np.uint32)
        best: tuple[int, float] | None = None
        for i in self.bands.query(band_keys(values)):
            # datasketch's MinHash.jaccard: the share of equal values
            sim = float(np.count_nonzero(self.values[i] == values)) / float(NUM_PERM)
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

        `sig`: the document's signature when already made (by the worker process that had its
        views), else it is made here. Returns it, with its events' cluster_id."""
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


@dataclass(slots=True)
class _Cluster:
    """A happening as it is being gathered: its first event's slots, and who reports it."""

    first: tuple[Any, ...]  # EventClusterRow's fields from cluster_id to repost_only (`_first_slots`)
    doc_ids: list[str]
    events: int = 0
    seen_in: str | None = None

    def row(self) -> EventClusterRow:
        cluster_id, type_, procedure, count, unit, facility, facility_id, location, day, repost = self.first
        return EventClusterRow(
            cluster_id=cluster_id,
            type=type_,
            procedure=procedure,
            count=count,
            unit=unit,
            facility=facility,
            facility_id=facility_id,
            location=location,
            date=day,
            month=day[:7] if day else None,
            events=self.events,
            bulletins=len(self.doc_ids),
            doc_ids=JOIN.join(self.doc_ids),
            repost_only=repost,
            seen_in=self.seen_in,
        )


class RunTables:
    """The tables over a whole run (duplicates, event_clusters, aggregates), gathered as the linked
    bulletins arrive in input order, from a few fields of each, never its text: a bulletin's
    doc_id and published date, and a happening's first slots and doc_ids. A streaming run keeps
    this, not the documents."""

    def __init__(self) -> None:
        self.published: dict[str, str | None] = {}
        self.groups: dict[str, list[DuplicateRow]] = {}
        self.found: dict[str, _Cluster] = {}

    def add(self, doc: Document) -> None:
        """One linked bulletin (duplicate_of, similarity and cluster_id set)."""
        self.published.setdefault(doc.doc_id, doc.published)
        if doc.duplicate_of is not None:
            row = DuplicateRow(
                group=doc.duplicate_of, doc_id=doc.doc_id, published=doc.published, similarity=doc.similarity
            )
            self.groups.setdefault(doc.duplicate_of, []).append(row)
        for event in doc.events:
            key = event.cluster_id or event.event_id
            cluster = self.found.get(key)
            if cluster is None:
                cluster = self.found[key] = _Cluster(_first_slots(key, doc, event), [])
            cluster.events += 1
            if doc.doc_id not in cluster.doc_ids:
                cluster.doc_ids.append(doc.doc_id)
            cluster.seen_in = cluster.seen_in or event.seen_in or None

    def duplicate_rows(self) -> Iterator[dict[str, Any]]:
        """duplicates.csv: every bulletin of a group of two or more, the group's first one first."""
        for group, members in self.groups.items():
            first = DuplicateRow(group=group, doc_id=group, published=self.published[group], similarity=None)
            for row in (first, *members):
                yield row.model_dump(mode="json")

    def clusters(self) -> list[EventClusterRow]:
        """One row per happening, in the order of their first event."""
        return list(self._clusters())

    def _clusters(self) -> Iterator[EventClusterRow]:
        return (c.row() for c in self.found.values())  # made one at a time: never all rows at once

    def cluster_rows(self) -> Iterator[dict[str, Any]]:
        for row in self._clusters():
            yield row.model_dump(mode="json")

    def aggregates(self) -> list[AggregateRow]:
        """Per month x facility (else location) x procedure x unit: happenings with a procedure,
        each cluster counted once, and the sum of their counts. A cluster read only from
        near-duplicates of another bulletin is left out: the repost tells nothing new."""
        groups: dict[tuple[Any, ...], list[EventClusterRow]] = {}
        for c in self._clusters():
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

    def aggregate_rows(self) -> Iterator[dict[str, Any]]:
        for row in self.aggregates():
            yield row.model_dump(mode="json")


def _first_slots(cluster_id: str, doc: Document, first: Event) -> tuple[Any, ...]:
    facility = first.facility
    return (
        cluster_id,
        first.type,
        first.procedure,
        first.count,
        first.unit,
        facility.text if facility else None,
        facility.id if facility else None,
        first.location,
        _day(doc, first),
        doc.duplicate_of is not None,
    )


def run_tables(documents: Iterable[Document]) -> RunTables:
    """The run's tables of linked documents (`RunTables`, fed all at once)."""
    tables = RunTables()
    for doc in documents:
        tables.add(doc)
    return tables


def duplicate_rows(documents: list[Document]) -> Iterator[dict[str, Any]]:
    return run_tables(documents).duplicate_rows()


def clusters(documents: list[Document]) -> list[EventClusterRow]:
    return run_tables(documents).clusters()


def aggregates(documents: list[Document]) -> list[AggregateRow]:
    return run_tables(documents).aggregates()
