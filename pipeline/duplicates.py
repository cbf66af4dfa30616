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
never the text. A run keeps them on disk, not in memory: a private scratch
SQLite file (`scratch`, SQLite's temporary file, deleted when the run ends)
holds each bulletin's row, its digest and LSH band keys (indexed: band key ->
bulletins) and the clusters' event keys (indexed by slots); a candidate's
MinHash and facts are read back to confirm it. A streaming run links each
bulletin as it arrives (`Linker.add`), so its duplicate and cluster fields are
known when it is written, and `RunTables` gathers the run's tables (duplicates,
event clusters, aggregates) from a few fields of each in another scratch file,
read back in order at the end. `signatures.jsonl` (one a line) is what a later
run reads with `--against`.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
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
SCRATCH_CACHE_KB = 4096  # page cache of a scratch database (`scratch`)

_WORD = re.compile(r"[^\W_]+")
_DIGITS = re.compile(r"[0-9]+")


# --------------------------------------------------------------------------- signatures


def _fields(obj: Any) -> dict[str, Any]:
    """The fields of a slotted dataclass by name, in their order, the values as they are: what
    `dataclasses.asdict` gives for these flat records, without its deep copy of every list."""
    return {name: getattr(obj, name) for name in obj.__slots__}


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
        fields = _fields(self)
        fields["events"] = [_fields(e) for e in self.events]
        return json.dumps(fields, ensure_ascii=False, separators=(",", ":"))

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


def scratch() -> sqlite3.Connection:
    """A private scratch database on disk (SQLite's temporary file, deleted when the connection
    closes): what a run gathers per bulletin, looked up by index, with a bounded page cache."""
    con = sqlite3.connect("", check_same_thread=False)
    con.execute(f"PRAGMA cache_size = -{SCRATCH_CACHE_KB}")
    con.execute("PRAGMA journal_mode = OFF")  # scratch: nothing to roll back to
    con.execute("PRAGMA synchronous = OFF")
    return con


class BulletinIndex:
    """Signatures by exact hash and by LSH band; `match` finds the best earlier one.

    Kept on disk (`scratch`), never in memory: per bulletin a row (doc_id, group, published, MinHash
    values, facts, event keys), its digest and its `BANDS` band keys, indexed."""

    def __init__(self, con: sqlite3.Connection, name: str) -> None:
        self.con, self.b, self.n = con, name, 0
        con.execute(
            f"CREATE TABLE {name} (i INTEGER PRIMARY KEY, doc_id TEXT, grp TEXT, published TEXT,"
            " minhash BLOB, facts TEXT, events TEXT)"
        )
        con.execute(f"CREATE TABLE {name}_exact (h BLOB PRIMARY KEY, i INTEGER) WITHOUT ROWID")
        con.execute(f"CREATE TABLE {name}_band (k INTEGER, i INTEGER, PRIMARY KEY (k, i)) WITHOUT ROWID")

    def add(self, sig: Signature, group: str) -> int:
        """Stored as the `i`-th bulletin, with the group (first bulletin's doc_id) it joined."""
        i, self.n = self.n, self.n + 1
        values = np.array(sig.minhash, np.uint32)
        events = json.dumps([_fields(e) for e in sig.events], ensure_ascii=False)
        self.con.execute(
            f"INSERT INTO {self.b} VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                i,
                sig.doc_id,
                group,
                sig.published,
                values.tobytes(),
                json.dumps(sig.facts, ensure_ascii=False),
                events,
            ),
        )
        self.con.execute(f"INSERT OR IGNORE INTO {self.b}_exact VALUES (?, ?)", (bytes.fromhex(sig.exact), i))
        keys = band_keys(values).view(np.int64).tolist()
        self.con.executemany(f"INSERT OR IGNORE INTO {self.b}_band VALUES (?, ?)", [(k, i) for k in keys])
        return i

    def item(self, i: int) -> Signature:
        """The `i`-th bulletin's signature, without its MinHash and digest."""
        doc_id, published, facts_, events = self.con.execute(
            f"SELECT doc_id, published, facts, events FROM {self.b} WHERE i = ?", (i,)
        ).fetchone()
        keys = [EventKey(**e) for e in json.loads(events)]
        return Signature(doc_id, published, "", [], json.loads(facts_), keys)

    def group(self, i: int) -> str:
        return self.con.execute(f"SELECT grp FROM {self.b} WHERE i = ?", (i,)).fetchone()[0]

    def match(self, sig: Signature) -> tuple[int, float] | None:
        """(index, similarity) of the earlier signature `sig` duplicates, or None."""
        digest = bytes.fromhex(sig.exact)
        exact = self.con.execute(f"SELECT i FROM {self.b}_exact WHERE h = ?", (digest,)).fetchone()
        if exact is not None:
            return exact[0], 1.0
        values = np.array(sig.minhash, np.uint32)
        keys = band_keys(values).view(np.int64).tolist()
        found = self.con.execute(
            f"SELECT i, minhash, published, facts FROM {self.b} WHERE i IN"
            f" (SELECT i FROM {self.b}_band WHERE k IN ({','.join('?' * len(keys))})) ORDER BY i",
            keys,
        )
        best: tuple[int, float] | None = None
        for i, minhash, published, facts_ in found:
            # datasketch's MinHash.jaccard: the share of equal values
            sim = float(np.count_nonzero(np.frombuffer(minhash, np.uint32) == values)) / float(NUM_PERM)
            if sim < THRESHOLD or (best is not None and sim <= best[1]):
                continue
            if not conflict(sig, Signature("", published, "", [], json.loads(facts_))):
                best = (i, sim)
        return best


# --------------------------------------------------------------------------- events


class EventIndex:
    """Clusters by (type, procedure, place, count), with the first event's key (its day): on disk,
    in the `scratch` database, indexed by the slots."""

    def __init__(self, con: sqlite3.Connection, name: str) -> None:
        self.con, self.t = con, name
        con.execute(f"CREATE TABLE {name} (n INTEGER PRIMARY KEY, slots TEXT, key TEXT)")
        con.execute(f"CREATE INDEX {name}_slots ON {name} (slots, n)")

    def add(self, key: EventKey) -> None:
        if key.identified:
            self.con.execute(
                f"INSERT INTO {self.t} (slots, key) VALUES (?, ?)",
                (_slots(key), json.dumps(_fields(key), ensure_ascii=False)),
            )

    def match(self, key: EventKey) -> EventKey | None:
        """The first cluster (its first event's key) that `key` reports the same happening as."""
        if not key.identified:
            return None
        found = self.con.execute(f"SELECT key FROM {self.t} WHERE slots = ? ORDER BY n", (_slots(key),))
        for (stored,) in found:
            first = EventKey(**json.loads(stored))
            if _same_time(key, first):
                return first
        return None


def _slots(key: EventKey) -> str:
    """The slots as a lookup key (a count 5.0 is the count 5, as in a comparison)."""
    type_, procedure, place_, count = key.slots
    return json.dumps(
        [type_, procedure, place_, None if count is None else _number(count)], ensure_ascii=False
    )


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

    Keeps the signatures only (`NUM_PERM` integers, the facts and the event keys of each bulletin),
    on disk: `BulletinIndex` and `EventIndex` in one `scratch` database.
    `previous`: the signatures of earlier runs (`read_signatures`), for `seen_in`.
    """

    def __init__(self, previous: Iterable[Signature] = ()) -> None:
        self.con = scratch()
        self.bulletins, self.events = BulletinIndex(self.con, "run"), EventIndex(self.con, "run_events")
        self.before, self.before_events = (
            BulletinIndex(self.con, "before"),
            EventIndex(self.con, "before_events"),
        )
        for sig in previous:
            self.before.add(sig, sig.doc_id)
            for key in sig.events:
                self.before_events.add(key)

    def add(self, doc: Document, sig: Signature | None = None) -> Signature:
        """Fill the document's duplicate_of, similarity, seen_in and its events' cluster_id and seen_in.

        `sig`: the document's signature when already made (by the worker process that had its
        views), else it is made here. Returns it, with its events' cluster_id."""
        sig = sig or signature(doc)
        hit = self.bulletins.match(sig)
        doc.duplicate_of = self.bulletins.group(hit[0]) if hit else None
        doc.similarity = round(hit[1], 4) if hit else None
        firsts = _match_events(sig, self.events, self.bulletins.item(hit[0]) if hit else None)
        for i, (event, first) in enumerate(zip(doc.events, firsts, strict=True)):
            event.cluster_id = first.cluster_id if first is not None else event.event_id
            sig.events[i] = replace(sig.events[i], cluster_id=event.cluster_id)
            if first is None:
                self.events.add(sig.events[i])
        seen = self.before.match(sig)
        doc.seen_in = self.before.item(seen[0]).doc_id if seen else None
        earlier = _match_events(sig, self.before_events, self.before.item(seen[0]) if seen else None)
        for event, key in zip(doc.events, earlier, strict=True):
            event.seen_in = key.cluster_id if key is not None else None
        self.bulletins.add(sig, doc.duplicate_of or doc.doc_id)
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
    them on disk (`scratch`), not in memory, and reads them back a row at a time at the end."""

    def __init__(self) -> None:
        self.con = scratch()
        self.con.executescript(
            """
            CREATE TABLE published (doc_id TEXT PRIMARY KEY, published TEXT) WITHOUT ROWID;
            CREATE TABLE groups (grp TEXT PRIMARY KEY, n INTEGER UNIQUE);
            CREATE TABLE members (n INTEGER PRIMARY KEY, grp TEXT, doc_id TEXT, published TEXT, similarity REAL);
            CREATE INDEX members_grp ON members (grp, n);
            CREATE TABLE clusters (id TEXT PRIMARY KEY, n INTEGER UNIQUE, first TEXT, events INTEGER, seen_in TEXT);
            CREATE TABLE reports (cluster INTEGER, n INTEGER, doc_id TEXT, PRIMARY KEY (cluster, doc_id));
            CREATE INDEX reports_order ON reports (cluster, n);
            """
        )
        self.n = 0  # rows added: their order

    def _next(self) -> int:
        self.n += 1
        return self.n

    def add(self, doc: Document) -> None:
        """One linked bulletin (duplicate_of, similarity and cluster_id set)."""
        con = self.con
        con.execute("INSERT OR IGNORE INTO published VALUES (?, ?)", (doc.doc_id, doc.published))
        if doc.duplicate_of is not None:
            con.execute("INSERT OR IGNORE INTO groups VALUES (?, ?)", (doc.duplicate_of, self._next()))
            row = (self._next(), doc.duplicate_of, doc.doc_id, doc.published, doc.similarity)
            con.execute("INSERT INTO members VALUES (?, ?, ?, ?, ?)", row)
        for event in doc.events:
            key = event.cluster_id or event.event_id
            found = con.execute("SELECT n, seen_in FROM clusters WHERE id = ?", (key,)).fetchone()
            if found is None:
                first = json.dumps(_first_slots(key, doc, event), ensure_ascii=False)
                found = (self._next(), None)
                con.execute("INSERT INTO clusters VALUES (?, ?, ?, 0, NULL)", (key, found[0], first))
            cluster, seen_in = found
            seen_in = seen_in or event.seen_in or None
            con.execute(
                "UPDATE clusters SET events = events + 1, seen_in = ? WHERE n = ?", (seen_in, cluster)
            )
            con.execute("INSERT OR IGNORE INTO reports VALUES (?, ?, ?)", (cluster, self._next(), doc.doc_id))

    def duplicate_rows(self) -> Iterator[dict[str, Any]]:
        """duplicates.csv: every bulletin of a group of two or more, the group's first one first."""
        rows = self.con.execute(
            "SELECT g.grp, p.published, m.doc_id, m.published, m.similarity FROM groups g"
            " LEFT JOIN published p ON p.doc_id = g.grp JOIN members m ON m.grp = g.grp ORDER BY g.n, m.n"
        )
        for group, members in itertools.groupby(rows, key=lambda r: r[0]):
            for k, (_, first_published, doc_id, published, similarity) in enumerate(members):
                if k == 0:
                    first = DuplicateRow(
                        group=group, doc_id=group, published=first_published, similarity=None
                    )
                    yield first.model_dump(mode="json")
                row = DuplicateRow(group=group, doc_id=doc_id, published=published, similarity=similarity)
                yield row.model_dump(mode="json")

    def clusters(self) -> list[EventClusterRow]:
        """One row per happening, in the order of their first event."""
        return list(self._clusters())

    def _clusters(self) -> Iterator[EventClusterRow]:
        """Made one at a time, read back in order: never all rows at once."""
        rows = self.con.execute(
            "SELECT c.n, c.first, c.events, c.seen_in, r.doc_id FROM clusters c"
            " JOIN reports r ON r.cluster = c.n ORDER BY c.n, r.n"
        )
        for _, reports in itertools.groupby(rows, key=lambda r: r[0]):
            reports = list(reports)
            _, first, events, seen_in, _ = reports[0]
            cluster = _Cluster(tuple(json.loads(first)), [r[4] for r in reports], events, seen_in)
            yield cluster.row()

    def cluster_rows(self) -> Iterator[dict[str, Any]]:
        for row in self._clusters():
            yield row.model_dump(mode="json")

    def aggregates(self) -> list[AggregateRow]:
        """Per month x facility (else location) x procedure x unit: happenings with a procedure,
        each cluster counted once, and the sum of their counts. A cluster read only from
        near-duplicates of another bulletin is left out: the repost tells nothing new."""
        groups: dict[tuple[Any, ...], AggregateRow] = {}
        for c in self._clusters():
            if c.procedure is None or c.repost_only:
                continue
            where = c.facility_id or (norm(c.facility) if c.facility else None)
            key = (c.month, where, None if where else c.location, c.procedure, c.unit)
            row = groups.get(key)
            if row is None:
                row = groups[key] = AggregateRow(
                    month=c.month,
                    facility=c.facility,
                    facility_id=c.facility_id,
                    location=key[2],
                    procedure=c.procedure,
                    unit=c.unit,
                    happenings=0,
                    count_sum=None,
                )
            row.happenings += 1
            if c.count is not None:
                row.count_sum = c.count if row.count_sum is None else row.count_sum + c.count
        return list(groups.values())

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
