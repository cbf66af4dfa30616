"""report.html: a self-contained page to read a run at a glance and check every figure at its source.

    names = write_report(Path("out/bulletins.sqlite"), Path("out"), info)
    # ["report.html", "report/bulletins-0001.html", ...]: the files written into out/

The report is read from the run's SQLite database (`pipeline.writers`), never from
documents in memory: counts and charts are SQL aggregates, the events table is
streamed row by row into the page, the bulletins are read a page (PAGE_SIZE) at a
time. The memory it takes does not grow with the run. Rejects are not in the
database: they come with `RunInfo.rejects`.

One right-to-left HTML page (UTF-8, no external resource, works offline):

- the run's metadata (inputs, options, version, start and end time) and its
  rejects (file, line, reason), at the top when there are any;
- the overview: counts, then inline SVG bar charts (events by type, procedures
  by summed count, top facilities and places, events per month, organizations
  by role); every bar links to the events table filtered to it. When the run
  has the duplicates stage's `event_clusters` table, the charts count each
  happening once (a happening told by several bulletins is one bar unit; one
  read only from reposts is left out, as in `aggregates`), and the page says so;
- the events table (sortable), with a search box and filters (event type,
  procedure, facility, place, role, date range, "has rejects": bulletins read
  from a file that had a rejected input). Its rows are one compact JSON array
  in the page, drawn by the page's script ROW_LIMIT at a time, so that a large
  run's page stays light; a filter is also read from the URL fragment
  (`#filter?type=visit&procedure=dialysis`), so a chart bar is a link;
- every bulletin: its text with entities, quantities and the evidence of its
  events highlighted, its events' slots beside the text. An event row links to
  the event's card in its bulletin and lights its evidence.

Every code (event type, procedure, unit, role ...) is shown by its Arabic label
(`lexicons/labels.tsv`), with the code on hover. Numbers and ISO dates are
isolated in `<bdi dir="ltr">`; other values in `<bdi>` (direction from their
own text), so Arabic is never put in a left-to-right box.

Scale: above MAX_INLINE_BULLETINS bulletins, the bulletins go into pages of
PAGE_SIZE under `report/` (the overview and the events table stay complete on
report.html and link into those pages). With `jobs` above one, the bulletins
(their sections of report.html, or their report/ pages) are rendered in that
many worker processes (`pipeline.pool`), each reading its share from the
database; the bytes are the same.

Reruns: the page depends only on the database and `info`. The start and end
times are the only thing that changes from one run to the next; when the
environment sets SOURCE_DATE_EPOCH (the reproducible-builds convention, seconds
since 1970 UTC), both are shown as that time instead, and a rerun writes
byte-identical pages.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from html import escape
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlencode

from pipeline.lexicons import Entry, load, register
from pipeline.models import (
    ENTITY_TYPES,
    EVENT_TYPES,
    DateMention,
    Decree,
    Document,
    Entity,
    Event,
    OrgRef,
    Quantity,
    Reject,
    Source,
)
from pipeline.pool import in_order

MAX_INLINE_BULLETINS = 2000  # above this, bulletins go into report/ pages
PAGE_SIZE = 250  # bulletins per report/ page
ROW_LIMIT = 500  # events table rows drawn at once (the page's script draws more on demand)
TOP = 10  # bars of the "top facilities / places" charts
MAX_MONTHS = 36  # the latest months shown in the events-per-month chart
JOIN = " | "  # lists joined into one cell of the events table (pipeline.writers)

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# One background colour per entity type (light, so that the Arabic stays readable).
TYPE_COLOURS: dict[str, str] = {
    "FACILITY": "#ffd8a8",
    "ORG": "#a5d8ff",
    "PERSON": "#fcc2d7",
    "LOC": "#b2f2bb",
    "DATE": "#e9ecef",
    "PROGRAM": "#d0bfff",
    "CONDITION": "#ffc9c9",
    "PROCEDURE": "#fff3bf",
}


@register("labels")
class Label(Entry):
    """An Arabic label of a code: id `<vocabulary>:<code>`, the first Arabic form is shown."""


@cache
def _labels() -> dict[str, str]:
    return {e.id: e.ar[0] for e in load("labels")}


def label(vocabulary: str, code: str) -> str | None:
    """The Arabic label of `code` in `vocabulary` (event_type, procedure, unit, ...), or None."""
    return _labels().get(f"{vocabulary}:{code.lower()}")


@dataclass(frozen=True)
class RunInfo:
    """What the report says about the run itself (nothing of it is required)."""

    inputs: tuple[str, ...] = ()
    options: tuple[tuple[str, str], ...] = ()
    version: str = ""
    started: str | None = None  # ISO date-time
    finished: str | None = None
    rejects: tuple[Reject, ...] = ()  # the run's rejects (they are not in the database)


def package_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("bulletins-pipeline")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree without install
        return "unknown"


def shown_times(info: RunInfo) -> tuple[str | None, str | None]:
    """The start and end time the page shows: SOURCE_DATE_EPOCH's time for both when it is set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return info.started, info.finished
    try:
        when = datetime.fromtimestamp(int(epoch), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (ValueError, OverflowError, OSError) as exc:
        raise ValueError(f"SOURCE_DATE_EPOCH must be seconds since 1970 UTC, not {epoch!r}") from exc
    return when, when


# --------------------------------------------------------------------------- small pieces of HTML


def _e(value: object) -> str:
    """Escaped text (empty for None)."""
    return "" if value is None else escape(str(value), quote=True)


def _num(value: object) -> str:
    """A number, an ISO date or an ASCII code: left to right, isolated from the Arabic around it."""
    return "" if value is None else f'<bdi dir="ltr" class="num">{_e(value)}</bdi>'


def _val(value: object) -> str:
    """A value of unknown script (a name, a path, an id): isolated, its direction from its own text."""
    return "" if value is None else f"<bdi>{_e(value)}</bdi>"


def _date(value: str | None) -> str:
    return _num(value) if value and ISO_DATE.match(value) else _val(value)


def _coded(vocabulary: str, code: str | None) -> str:
    """A code shown by its Arabic label, the code on hover (the code itself when it has no label)."""
    if code is None:
        return ""
    ar = label(vocabulary, code)
    if ar is None:
        return f'<bdi dir="ltr" class="code">{_e(code)}</bdi>'
    return f'<span class="lbl" title="{_e(code)}">{_e(ar)}</span>'


def number(value: float) -> str:
    """A count as written in the page: 1500000, 2.5 (never 1.5e+06)."""
    return str(int(value)) if float(value).is_integer() else str(value)


def _fragment(**params: str | None) -> str:
    """The URL fragment that applies a filter on load (read by the page's script)."""
    return "#filter?" + urlencode({k: v for k, v in params.items() if v})


def _iso(value: str | None) -> str | None:
    return value if value and ISO_DATE.match(value) else None


# --------------------------------------------------------------------------- what the page shows of an event


def event_date(doc: Document, event: Event) -> str | None:
    """The event's ISO date, else the bulletin's publication date (None when neither is known)."""
    return _iso(event.date) or _iso(doc.published)


def _facility_key(event: Event) -> str | None:
    return (event.facility.id or event.facility.text) if event.facility else None


def _page_name(n: int) -> str:
    return f"report/bulletins-{n + 1:04d}.html"


# --------------------------------------------------------------------------- highlighting


@dataclass(frozen=True)
class _Mark:
    start: int
    end: int
    rank: int  # for equal spans, the lower rank is the outer one
    key: str  # two marks with the same span and key are one
    open: str
    close: str


def _nest(marks: list[_Mark]) -> list[tuple[_Mark, list]]:
    """The marks as a forest: a span inside another is its child; a span that crosses another is left out."""
    marks = sorted(marks, key=lambda m: (m.start, -m.end, m.rank, m.key))
    roots: list[tuple[_Mark, list]] = []
    stack: list[tuple[_Mark, list]] = []
    for mark in marks:
        while stack and stack[-1][0].end <= mark.start:
            stack.pop()
        if stack and mark.end > stack[-1][0].end:
            continue  # crosses the enclosing span
        if stack and (mark.start, mark.end, mark.key) == (
            stack[-1][0].start,
            stack[-1][0].end,
            stack[-1][0].key,
        ):
            continue  # the same mention twice
        node: tuple[_Mark, list] = (mark, [])
        (stack[-1][1] if stack else roots).append(node)
        stack.append(node)
    return roots


def _render(text: str, marks: list[_Mark]) -> str:
    def render(start: int, end: int, nodes: list[tuple[_Mark, list]]) -> str:
        out: list[str] = []
        pos = start
        for mark, children in nodes:
            out.append(_e(text[pos : mark.start]))
            out.append(mark.open + render(mark.start, mark.end, children) + mark.close)
            pos = mark.end
        out.append(_e(text[pos:end]))
        return "".join(out)

    return render(0, len(text), _nest(marks))


def _fits(text: str, start: int, end: int, surface: str | None = None) -> bool:
    return 0 <= start < end <= len(text) and (surface is None or text[start:end] == surface)


def _entity_marks(
    text: str, entities: list[Entity], date_values: dict[tuple[int, int], str | None]
) -> list[_Mark]:
    marks = []
    for ent in entities:
        if not _fits(text, ent.start, ent.end, ent.text):
            continue
        parts = [label("entity_type", ent.type) or "", ent.type, ent.id, ent.name_en]
        if ent.type == "DATE":
            parts.append(date_values.get((ent.start, ent.end)))
        title = " · ".join(p for p in parts if p)
        cls = ent.type if ent.type in TYPE_COLOURS else "other"
        marks.append(
            _Mark(ent.start, ent.end, 2, ent.type, f'<mark class="{cls}" title="{_e(title)}">', "</mark>")
        )
    return marks


def highlight(text: str, entities: list[Entity]) -> str:
    """`text` as escaped HTML with each entity in a <mark> of its type (nested mentions inside longer ones)."""
    return _render(text, _entity_marks(text, entities, {}))


def _count_spans(doc: Document) -> set[tuple[int, int]]:
    """The quantities that are an event's count: same value and unit, inside the event's evidence."""
    spans = set()
    for ev in doc.events:
        for q in doc.quantities:
            if (
                ev.count is not None
                and q.value == ev.count
                and q.unit == ev.unit
                and ev.evidence.start <= q.start < ev.evidence.end
            ):
                spans.add((q.start, q.end))
    return spans


def _document_marks(doc: Document) -> list[_Mark]:
    text = doc.text
    dates = {(d.start, d.end): d.value for d in doc.dates}
    marks = _entity_marks(text, doc.entities, dates)
    counts = _count_spans(doc)
    for q in doc.quantities:
        if not _fits(text, q.start, q.end, q.text):
            continue
        parts = [str(q.value), label("unit", q.unit) or q.unit]
        parts += [label(v, c) or c for v, c in (("procedure", q.procedure), ("period", q.period)) if c]
        if q.qualifier != "exact":
            parts.insert(0, label("qualifier", q.qualifier) or q.qualifier)
        cls = "qty count" if (q.start, q.end) in counts else "qty"
        marks.append(
            _Mark(q.start, q.end, 1, "qty", f'<span class="{cls}" title="{_e(" ".join(parts))}">', "</span>")
        )
    evidence: dict[tuple[int, int], list[str]] = defaultdict(list)
    for ev in doc.events:
        if _fits(text, ev.evidence.start, ev.evidence.end):
            evidence[(ev.evidence.start, ev.evidence.end)].append(ev.event_id)
    for (start, end), ids in evidence.items():
        marks.append(
            _Mark(start, end, 0, "ev", f'<span class="ev" data-ev="{_e(" ".join(ids))}">', "</span>")
        )
    return marks


# --------------------------------------------------------------------------- reading the run's database

# The key of a facility (its lexicon id, else its name as written), in SQL.
_FAC = "COALESCE(e.facility_id, e.facility)"


class _Run:
    """The run's database, read with SQL: counts, chart and filter aggregates, bulletins a page at a
    time. Nothing of it is held beyond the page being written."""

    def __init__(self, con: sqlite3.Connection, info: RunInfo):
        self.con = con
        self.info = info
        self.rejected_files = {r.path for r in info.rejects}
        self.rejected_ids = {r.doc_id for r in info.rejects if r.doc_id}
        self.n_documents = self.count("documents")
        self.paginate = self.n_documents > MAX_INLINE_BULLETINS
        self.clustered = self._has_table("event_clusters")
        self._facility_names: dict[str, str] | None = None

    def _has_table(self, name: str) -> bool:
        found = self.con.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,))
        return found.fetchone() is not None

    def count(self, table: str, where: str = "") -> int:
        return self.con.execute(f'SELECT COUNT(*) FROM "{table}" {where}').fetchone()[0]

    def rows(self, sql: str, params: Iterable[Any] = ()) -> Iterator[sqlite3.Row]:
        yield from self.con.execute(sql, tuple(params))

    def has_rejects(self, doc_id: str, path: str | None) -> bool:
        return doc_id in self.rejected_ids or (path or "") in self.rejected_files

    def page_of(self, n: int) -> str:
        """The file that shows the n-th bulletin (0-based, input order): "" for report.html."""
        return _page_name(n // PAGE_SIZE) if self.paginate else ""

    def facility_name(self, key: str) -> str:
        """The name a facility is most often written with in the run's events."""
        if self._facility_names is None:
            self._facility_names = {}
            for row in self.rows(
                f"SELECT {_FAC} AS k, e.facility, COUNT(*) AS c FROM events e WHERE e.facility IS NOT NULL "
                "GROUP BY k, e.facility ORDER BY k, c DESC, MIN(e.rowid)"
            ):
                self._facility_names.setdefault(row["k"], row["facility"])
        return self._facility_names.get(key, key)

    # ----------------------------------------------------------------------- the charts' source

    def happenings(self) -> tuple[str, str]:
        """What the charts count, as SQL: a subquery with type, procedure, count, fac, place, month
        and k (the happening's key), and the expression of an events row's happening key. With the
        duplicates stage's clusters: one row per happening, reposts-only ones left out; else one
        row per event."""
        if self.clustered:
            return (
                "SELECT type, procedure, count, COALESCE(facility_id, facility) AS fac, location AS place, "
                "month, cluster_id AS k FROM event_clusters WHERE NOT repost_only",
                "COALESCE(e.cluster_id, e.event_id)",
            )
        iso = "d.published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'"
        return (
            f"SELECT e.type, e.procedure, e.count, {_FAC} AS fac, e.location AS place, "
            f"substr(COALESCE(e.date, CASE WHEN {iso} THEN d.published END), 1, 7) AS month, "
            "e.event_id AS k FROM events e JOIN documents d USING (doc_id)",
            "e.event_id",
        )

    # ----------------------------------------------------------------------- bulletins

    def stream(self, table: str, key: str = "doc_id", span: tuple[int, int] | None = None) -> _Stream:
        """The rows of `table` in input order; with a `span` (start, stop), only those of the
        start-th to the (stop-1)-th bulletin."""
        if span is None:
            return _Stream(table, key, self.con.execute(f'SELECT * FROM "{table}" ORDER BY rowid'))
        sql = f'SELECT * FROM "{table}" WHERE doc_id IN ({_SPAN}) ORDER BY rowid'
        return _Stream(table, key, self.con.execute(sql, _span_params(span)))

    def documents(self, span: tuple[int, int] | None = None) -> Iterator[tuple[int, list[Any]]]:
        """The bulletins in input order (with a `span` (start, stop): the start-th to the (stop-1)-th),
        PAGE_SIZE at a time, with the index of the first one. Each table is read in one pass beside
        the documents (the writer stores every table in input order).
        Each record is a read-only view with the model's field names (`_Record`), not a model: they
        were validated before they were written, and a view costs a tenth of `model_construct`."""
        parts = [(name, model, self.stream(name, span=span)) for name, model in _PARTS]
        events = self.stream("events", span=span)
        orgs = self.stream("event_organizations", key="event_id", span=span)
        if span is None:
            cursor = self.con.execute("SELECT * FROM documents ORDER BY rowid")
        else:
            cursor = self.con.execute(
                f"SELECT * FROM documents WHERE doc_id IN ({_SPAN}) ORDER BY rowid", _span_params(span)
            )
        names = [c[0] for c in cursor.description]
        doc_fields = _present(Document, names)
        first = span[0] if span else 0
        while rows := cursor.fetchmany(PAGE_SIZE):
            docs = []
            for row in rows:
                doc_id = row["doc_id"]
                data = {k: row[k] for k in doc_fields}
                data["source"] = _Record(**{k: row[f"source_{k}"] for k in Source.model_fields})
                for name, model, stream in parts:
                    data[name] = [_Record(**r) for r in stream.take(doc_id, model)]
                data["events"] = [
                    _event(r, [_Record(**o) for o in orgs.take(r["event_id"], OrgRef)])
                    for r in events.take(doc_id)
                ]
                docs.append(_Record(**data))
            yield first, docs
            first += len(rows)
        for _, _, stream in parts:
            stream.done()
        events.done()
        orgs.done()


# The doc_ids of a span of bulletins (start, stop: input order, 0-based), for `_Run.documents`.
_SPAN = "SELECT doc_id FROM documents ORDER BY rowid LIMIT ? OFFSET ?"


def _span_params(span: tuple[int, int]) -> tuple[int, int]:
    start, stop = span
    return stop - start, start


# A record read back from the database: the fields of its model as attributes (Document, Entity,
# Event ...). The page's code reads them as it reads the models.
_Record = SimpleNamespace

_PARTS = (("entities", Entity), ("quantities", Quantity), ("decrees", Decree), ("dates", DateMention))


def _present(model: type[Any], columns: list[str]) -> list[str]:
    """The fields of `model` that are columns."""
    return [k for k in model.model_fields if k in columns]


class _Stream:
    """The rows of a table in input order, taken a bulletin (or an event) at a time."""

    def __init__(self, table: str, key: str, cursor: sqlite3.Cursor):
        self.table, self.key, self.cursor = table, key, cursor
        self.columns = [c[0] for c in cursor.description]
        self.fields: dict[type[Any], list[str]] = {}
        self.next: sqlite3.Row | None = cursor.fetchone()

    def take(self, value: str, model: type[Any] | None = None) -> list[Any]:
        """The rows of `value` that come next (none when the next row is another's); with a model,
        each as a dict of the model's fields."""
        out = []
        while self.next is not None and self.next[self.key] == value:
            out.append(self.next)
            self.next = self.cursor.fetchone()
        if model is None:
            return out
        if model not in self.fields:
            self.fields[model] = _present(model, self.columns)
        keys = self.fields[model]
        return [{k: r[k] for k in keys} for r in out]

    def done(self) -> None:
        """Every row was taken: else the table is not in the order of the documents."""
        if self.next is not None:
            raise ValueError(
                f"{self.table}: row of {self.key} {self.next[self.key]!r} out of input order; "
                "the report reads every table in the order pipeline.writers writes it"
            )


def _event(row: sqlite3.Row, organizations: list[Any]) -> Any:
    """An `Event` (as a `_Record`) back from its flat row (`pipeline.models.EventRow`) and its
    organizations."""
    facility = row["facility"]
    return _Record(
        event_id=row["event_id"],
        type=row["type"],
        procedure=row["procedure"],
        count=row["count"],
        unit=row["unit"],
        facility=None if facility is None else _Record(text=facility, id=row["facility_id"]),
        location=row["location"],
        organizations=organizations,
        program=row["program"],
        date=row["date"] or row["date_text"],
        decrees=row["decrees"].split(JOIN) if row["decrees"] else [],
        evidence=_Record(start=row["evidence_start"], end=row["evidence_end"]),
        cluster_id=row["cluster_id"],
        seen_in=row["seen_in"],
    )


# --------------------------------------------------------------------------- charts


@dataclass(frozen=True)
class Bar:
    label: str  # Arabic label (or the value itself)
    hover: str  # the code, or the full name
    value: float
    href: str


def bar_chart(bars: list[Bar], chart_id: str, title: str) -> str:
    """A horizontal bar chart as inline SVG, drawn right to left: label at the right, bar growing leftwards."""
    if not bars:
        return f'<figure class="chart" id="{chart_id}"><figcaption>{_e(title)}</figcaption><p class="empty">لا بيانات</p></figure>'
    width, row, label_w, pad = 640, 26, 210, 8
    bar_max = width - label_w - pad - 60
    top = max(b.value for b in bars) or 1
    height = row * len(bars) + pad
    rows = []
    for i, b in enumerate(bars):
        y = pad + i * row
        w = max(2.0, bar_max * b.value / top)
        x_bar = width - label_w - pad
        shown = b.label if len(b.label) <= 30 else b.label[:29] + "…"
        value = number(b.value)
        rows.append(
            f'<a href="{_e(b.href)}"><title>{_e(b.label)} ({_e(b.hover)}): {value}</title>'
            f'<rect x="{x_bar - w:.1f}" y="{y + 3}" width="{w:.1f}" height="{row - 8}" rx="2"></rect>'
            f'<text class="lab" x="{width - pad}" y="{y + row / 2 + 4:.0f}" direction="rtl" '
            f'text-anchor="start">{_e(shown)}</text>'
            f'<text class="val" x="{x_bar - w - 5:.1f}" y="{y + row / 2 + 4:.0f}" direction="ltr" '
            f'text-anchor="end">{value}</text></a>'
        )
    return (
        f'<figure class="chart" id="{chart_id}"><figcaption>{_e(title)}</figcaption>'
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{_e(title)}">{"".join(rows)}</svg></figure>'
    )


def _ordered(counts: Counter[str], order: Iterable[str] = ()) -> list[str]:
    order = list(order)
    return sorted(counts, key=lambda k: (-counts[k], order.index(k) if k in order else len(order), k))


def _charts(run: _Run) -> str:
    src, key = run.happenings()

    def grouped(column: str) -> Counter[str]:
        sql = f"SELECT {column}, COUNT(*) FROM ({src}) WHERE {column} IS NOT NULL GROUP BY 1"
        return Counter({k: n for k, n in run.rows(sql)})

    def top(column: str) -> list[tuple[str, int]]:
        sql = (
            f"SELECT {column}, COUNT(*) AS n FROM ({src}) WHERE {column} IS NOT NULL "
            f"GROUP BY 1 ORDER BY n DESC, 1 LIMIT {TOP}"
        )
        return [(k, n) for k, n in run.rows(sql)]

    def coded(vocabulary: str, counts: Counter[str], param: str, **fixed: str) -> list[Bar]:
        order = EVENT_TYPES if vocabulary == "event_type" else ()
        return [
            Bar(label(vocabulary, k) or k, k, counts[k], _fragment(**fixed, **{param: k}))
            for k in _ordered(counts, order)
        ]

    sums: Counter[str] = Counter()
    n_proc: Counter[str] = Counter()
    for proc, total, n in run.rows(
        f"SELECT procedure, SUM(COALESCE(count, 0)), COUNT(*) FROM ({src}) "
        "WHERE type = 'procedure_performed' AND procedure IS NOT NULL GROUP BY 1"
    ):
        sums[proc], n_proc[proc] = total, n
    unit = "واقعة" if run.clustered else "حدث"
    procedures = [  # a procedure whose events give no count is listed with 0
        Bar(b.label, f"{b.hover} · {n_proc[b.hover]} {unit}", b.value, b.href)
        for b in coded("procedure", sums, "procedure", type="procedure_performed")
    ]
    facilities = [Bar(run.facility_name(k), k, n, _fragment(facility=k)) for k, n in top("fac")]
    places = [Bar(k, k, n, _fragment(place=k)) for k, n in top("place")]
    by_month = grouped("month")
    undated = run.con.execute(f"SELECT COUNT(*) FROM ({src}) WHERE month IS NULL").fetchone()[0]
    months = [
        Bar(m, m, by_month[m], _fragment(**{"from": f"{m}-01", "to": f"{m}-31"}))
        for m in sorted(by_month)[-MAX_MONTHS:]
    ]
    # organizations by role: each organization once per happening
    by_role = Counter(
        {
            role: n
            for role, n in run.rows(
                f"SELECT o.role, COUNT(DISTINCT h.k || char(31) || COALESCE(o.id, o.text)) "
                f"FROM event_organizations o JOIN events e USING (event_id) JOIN ({src}) h ON h.k = {key} "
                "GROUP BY 1"
            )
        }
    )
    what = "الوقائع" if run.clustered else "الأحداث"
    return (
        '<div class="charts">'
        + bar_chart(coded("event_type", grouped("type"), "type"), "chart-types", f"{what} حسب النوع")
        + bar_chart(procedures, "chart-procedures", "الإجراءات المنفذة (مجموع الأعداد)")
        + bar_chart(facilities, "chart-facilities", f"أكثر المرافق {what}")
        + bar_chart(places, "chart-places", f"أكثر الأماكن {what}")
        + bar_chart(
            months,
            "chart-months",
            f"{what} حسب الشهر (تاريخ الحدث، وإلا تاريخ النشر)"
            + (f"، وبلا تاريخ: {undated}" if undated else ""),
        )
        + bar_chart(coded("role", by_role, "role"), "chart-roles", "الجهات حسب الدور")
        + "</div>"
    )


def _counted_once_note(run: _Run) -> str:
    if not run.clustered:
        return ""
    happenings = run.count("event_clusters", "WHERE NOT repost_only")
    return (
        '<p class="note" id="counted-once" title="event_clusters, aggregates">تعدّ الرسوم كل واقعة مرة '
        "واحدة: الحدث الذي نقلته عدة نشرات (نشرات مكررة أو أخبار عن الواقعة نفسها) يُحسب مرة واحدة، "
        f"ويُترك ما لم يُقرأ إلا من نشرات مكررة. عدد الوقائع {_num(happenings)} من {_num(run.count('events'))} "
        "حدث؛ لذلك قد يعرض جدول الأحداث بعد النقر على عمود صفوفاً أكثر من قيمته.</p>"
    )


def _run_info(run: _Run) -> str:
    info, rows = run.info, []
    if info.inputs:
        rows.append(("المدخلات", "<br>".join(_val(i) for i in info.inputs)))
    for name, value in info.options:
        rows.append((f'الخيار <bdi dir="ltr" class="code">{_e(name)}</bdi>', _val(value)))
    if info.version:
        rows.append(("الإصدار", _num(info.version)))
    started, finished = shown_times(info)
    if started:
        rows.append(("البداية", _num(started)))
    if finished:
        rows.append(("النهاية", _num(finished)))
    totals = [
        ("النشرات", run.n_documents),
        ("الكيانات", run.count("entities")),
        ("الكميات", run.count("quantities")),
        ("القرارات", run.count("decrees")),
        ("التواريخ", run.count("dates")),
        ("الأحداث", run.count("events")),
        ("المرفوضات", len(info.rejects)),
    ]
    counts = "".join(f'<div class="stat"><b>{_num(n)}</b><span>{_e(k)}</span></div>' for k, n in totals)
    meta = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
    return (
        '<section id="run"><h2>التشغيل</h2>'
        + (f'<table class="meta-table">{meta}</table>' if meta else "")
        + f'<div class="stats">{counts}</div></section>'
    )


def _rejects(rejects: Iterable[Reject]) -> str:
    rows = "".join(
        f"<tr><td>{_val(r.path)}</td><td>{_num(r.line)}</td><td>{_val(r.doc_id)}</td><td>{_val(r.reason)}</td></tr>"
        for r in rejects
    )
    if not rows:
        return ""
    return (
        '<section id="rejects" class="rejects"><h2>المرفوضات</h2><table><thead><tr><th>الملف</th><th>السطر</th>'
        f"<th>النشرة</th><th>السبب</th></tr></thead><tbody>{rows}</tbody></table></section>"
    )


def _entity_counts(run: _Run) -> str:
    counts = Counter({t: n for t, n in run.rows("SELECT type, COUNT(*) FROM entities GROUP BY type")})
    cells = "".join(
        f'<div class="stat"><b>{_num(counts[t])}</b><span><mark class="{t}">{_coded("entity_type", t)}</mark></span></div>'
        for t in ENTITY_TYPES
        if counts[t]
    )
    return f'<h3>الكيانات حسب النوع</h3><div class="stats">{cells}</div>' if cells else ""


def _select(name: str, title: str, options: list[tuple[str, str]]) -> str:
    opts = "".join(f'<option value="{_e(v)}">{_e(t)}</option>' for v, t in options)
    return f'<label>{_e(title)} <select name="{name}"><option value="">الكل</option>{opts}</select></label>'


def _filter_counts_sql(run: _Run) -> dict[str, Counter[str]]:
    """The values of each filter over the whole run, with their number of events."""
    columns = {
        "type": ("e.type", "events"),
        "procedure": ("e.procedure", "events"),
        "facility": (_FAC, "events"),
        "place": ("e.location", "events"),
        "role": ("e.role", "event_organizations"),
    }
    return {
        name: Counter(
            {
                k: n
                for k, n in run.rows(
                    f"SELECT {col}, COUNT(*) FROM {table} e WHERE {col} IS NOT NULL GROUP BY 1"
                )
            }
        )
        for name, (col, table) in columns.items()
    }


def _filter_counts(documents: list[Document]) -> dict[str, Counter[str]]:
    """The values of each filter over these bulletins' events."""
    events = [ev for d in documents for ev in d.events]
    return {
        "type": Counter(ev.type for ev in events),
        "procedure": Counter(ev.procedure for ev in events if ev.procedure),
        "facility": Counter(k for ev in events if (k := _facility_key(ev))),
        "place": Counter(ev.location for ev in events if ev.location),
        "role": Counter(o.role for ev in events for o in ev.organizations),
    }


def _filters(run: _Run, counts: dict[str, Counter[str]]) -> str:
    def coded(vocabulary: str, found: Counter[str]) -> list[tuple[str, str]]:
        return [(k, label(vocabulary, k) or k) for k in _ordered(found)]

    return (
        '<form id="filters" class="filters" onsubmit="return false">'
        '<label>بحث <input type="search" name="q" placeholder="كلمة في النص أو الجدول"></label>'
        + _select("type", "نوع الحدث", coded("event_type", counts["type"]))
        + _select("procedure", "الإجراء", coded("procedure", counts["procedure"]))
        + _select("facility", "المرفق", [(k, run.facility_name(k)) for k in _ordered(counts["facility"])])
        + _select("place", "المكان", [(k, k) for k in _ordered(counts["place"])])
        + _select("role", "دور الجهة", coded("role", counts["role"]))
        + '<label>من <input type="date" name="from" dir="ltr"></label>'
        '<label>إلى <input type="date" name="to" dir="ltr"></label>'
        '<label><input type="checkbox" name="rejects" value="1"> من ملفات فيها مرفوضات</label>'
        '<button type="reset">مسح</button>'
        '<output id="shown" aria-live="polite"></output></form>'
    )


EVENT_COLUMNS = ("النشرة", "النوع", "الإجراء", "العدد", "المرفق", "المكان", "الجهات", "البرنامج", "التاريخ")


class _Strings:
    """The page's string table: each repeated value (a code, a name, a page) written once; the events
    refer to it by index. Codes bring their Arabic label along."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.labels: dict[str, str] = {}

    def __call__(self, value: str | None, vocabulary: str | None = None) -> int | None:
        if value is None:
            return None
        if vocabulary and (ar := label(vocabulary, value)) is not None:
            self.labels[f"{vocabulary}:{value.lower()}"] = ar
        return self.index.setdefault(value, len(self.index))


def _json(value: Any) -> str:
    """JSON that can sit inside a <script> element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


# The fields of an event in the page's data, in order (the page's script reads them by position):
# event id, doc id, its page (string), has rejects (1/0), type, procedure, count, unit, facility key,
# facility name, place, [[organization, role], ...], programme, date as written, date to filter on.
# Every field but the ids, the count, the rejects mark and the dates is an index in the string table.


@dataclass(frozen=True)
class _Placed:
    """An event with what the events table needs of its bulletin."""

    event: Any  # an Event, or its _Record read back from the database
    doc_id: str
    published: str | None
    href: str  # the page that shows the bulletin ("" for the page itself)
    rejected: bool


def _event_json(run: _Run, p: _Placed, strings: _Strings) -> str:
    ev, key = p.event, _facility_key(p.event)
    return _json(
        [
            ev.event_id,
            p.doc_id,
            strings(p.href),
            int(p.rejected),
            strings(ev.type, "event_type"),
            strings(ev.procedure, "procedure"),
            ev.count,
            strings(ev.unit, "unit"),
            strings(key),
            strings(run.facility_name(key) if key else None),
            strings(ev.location),
            [[strings(o.text), strings(o.role, "role")] for o in ev.organizations],
            strings(ev.program),
            ev.date,
            _iso(ev.date) or _iso(p.published),
        ]
    )


def _all_events(run: _Run) -> Iterator[_Placed]:
    """Every event of the run in input order, read in one pass with its bulletin and organizations."""
    orgs = run.stream("event_organizations", key="event_id")
    events = run.stream("events")
    for n, doc in enumerate(run.rows("SELECT doc_id, published, source_path FROM documents ORDER BY rowid")):
        page, rejected = run.page_of(n), run.has_rejects(doc["doc_id"], doc["source_path"])
        for row in events.take(doc["doc_id"]):
            found = [_Record(**o) for o in orgs.take(row["event_id"], OrgRef)]
            yield _Placed(_event(row, found), doc["doc_id"], doc["published"], page, rejected)
    events.done()
    orgs.done()


def _page_events(run: _Run, documents: list[Document]) -> Iterator[_Placed]:
    """The events of the bulletins of one page (they link to the page itself)."""
    for doc in documents:
        rejected = run.has_rejects(doc.doc_id, doc.source.path)
        for ev in doc.events:
            yield _Placed(ev, doc.doc_id, doc.published, "", rejected)


def _events_section(
    run: _Run, counts: dict[str, Counter[str]], events: Iterable[_Placed], write: Callable[[str], Any]
) -> None:
    """The events section: filters, an empty table the page's script fills, and the events' data."""
    head = "".join(f'<th scope="col" title="فرز">{_e(c)}</th>' for c in EVENT_COLUMNS)
    empty = f'<tr><td colspan="{len(EVENT_COLUMNS)}" class="empty">لا أحداث</td></tr>'
    write(
        '<section id="events"><h2>الأحداث</h2>'
        + _filters(run, counts)
        + f'<table class="events sortable"><thead><tr>{head}</tr></thead><tbody>{empty}</tbody></table>'
        + '<p><button type="button" id="more" hidden>أحداث أخرى</button></p>'
        + '<noscript><p class="empty">جدول الأحداث يرسمه سكربت الصفحة.</p></noscript>'
        + '<script type="application/json" id="events-data">['
    )
    strings = _Strings()
    for i, placed in enumerate(events):
        write(("," if i else "") + _event_json(run, placed, strings) + ("\n" if i % 100 == 99 else ""))
    write(
        ']</script><script type="application/json" id="events-strings">'
        + _json({"s": list(strings.index), "l": strings.labels})
        + "</script></section>"
    )


def _count(ev: Event) -> str:
    if ev.count is None:
        return ""
    return f"{_num(number(ev.count))} {_coded('unit', ev.unit)}"


def _orgs(ev: Event) -> str:
    return "<br>".join(f"{_val(o.text)} <small>({_coded('role', o.role)})</small>" for o in ev.organizations)


def _event_card(ev: Event) -> str:
    slots = [
        ("الإجراء", _coded("procedure", ev.procedure)),
        ("العدد", _count(ev)),
        ("المرفق", _val(ev.facility.text if ev.facility else None)),
        ("المكان", _val(ev.location)),
        ("الجهات", _orgs(ev)),
        ("البرنامج", _val(ev.program)),
        ("التاريخ", _date(ev.date)),
        ("القرارات", " ".join(_num(d) for d in ev.decrees)),
    ]
    dl = "".join(f"<dt>{_e(k)}</dt><dd>{v}</dd>" for k, v in slots if v)
    return (
        f'<div class="card" id="ev-{_e(ev.event_id)}"><b>{_coded("event_type", ev.type)}</b>'
        f'<dl>{dl}</dl><a href="#events" class="back">↑ جدول الأحداث</a></div>'
    )


def _data(**values: Iterable[str | None]) -> str:
    """data-* attributes of a filterable bulletin (several values joined by "|")."""
    out = []
    for name, vals in values.items():
        if joined := "|".join(dict.fromkeys(v for v in vals if v)):
            out.append(f' data-{name}="{_e(joined)}"')
    return "".join(out)


def _document(doc: Document, rejected: bool) -> str:
    src = doc.source
    where = _val(src.path) + (
        f" {_num(f'{src.line_start}-{src.line_end}')}" if src.line_start is not None else ""
    )
    meta = [where]
    if doc.published:
        meta.append("نُشرت " + _date(doc.published))
    if src.name:
        meta.append(_val(src.name))
    if src.url:
        meta.append(_val(src.url))
    attrs = _data(
        type=[ev.type for ev in doc.events],
        procedure=[ev.procedure for ev in doc.events],
        facility=[_facility_key(ev) for ev in doc.events],
        place=[ev.location for ev in doc.events],
        role=[o.role for ev in doc.events for o in ev.organizations],
        date=[event_date(doc, ev) for ev in doc.events] + [doc.published],
    ) + (' data-rej="1"' if rejected else "")
    parts = [
        f'<section class="doc" id="{_e(doc.doc_id)}" data-f="doc"{attrs}>',
        f'<h3 class="code">{_val(doc.doc_id)}</h3><div class="meta">{" · ".join(meta)}</div>',
        f'<div class="docbody"><p class="text">{_render(doc.text, _document_marks(doc))}</p>',
    ]
    if doc.events:
        parts.append(f'<aside class="slots">{"".join(_event_card(ev) for ev in doc.events)}</aside>')
    parts.append("</div>")
    if doc.quantities:
        items = "".join(
            f"<li>{_val(q.text)}: {_num(number(q.value))} {_coded('unit', q.unit)} {_coded('procedure', q.procedure)} "
            f"{'' if q.qualifier == 'exact' else _coded('qualifier', q.qualifier)} {_coded('period', q.period)}</li>"
            for q in doc.quantities
        )
        parts.append(
            f"<details><summary>الكميات ({_num(len(doc.quantities))})</summary><ul>{items}</ul></details>"
        )
    if doc.decrees:
        items = "".join(
            f"<li>{_val(d.text)}: {_coded('decree_kind', d.kind)} {_num(d.number)} / {_num(d.year)}</li>"
            for d in doc.decrees
        )
        parts.append(
            f"<details><summary>القرارات ({_num(len(doc.decrees))})</summary><ul>{items}</ul></details>"
        )
    parts.append("</section>\n")
    return "".join(parts)


def _legend() -> str:
    marks = "".join(f'<mark class="{t}">{_coded("entity_type", t)}</mark>' for t in TYPE_COLOURS)
    return (
        f'<p class="legend">{marks}<span class="qty">كمية</span><span class="qty count">عدد الحدث</span>'
        '<span class="ev">دليل الحدث</span></p>'
    )


def _toc(has_rejects: bool) -> str:
    items = [("#run", "التشغيل")]
    if has_rejects:
        items.append(("#rejects", "المرفوضات"))
    items += [
        ("#overview", "نظرة عامة"),
        ("#chart-types", "الأحداث حسب النوع"),
        ("#chart-procedures", "الإجراءات المنفذة"),
        ("#chart-facilities", "المرافق"),
        ("#chart-places", "الأماكن"),
        ("#chart-months", "الأحداث حسب الشهر"),
        ("#chart-roles", "أدوار الجهات"),
        ("#events", "الأحداث"),
        ("#bulletins", "النشرات"),
    ]
    links = "".join(f'<li><a href="{h}">{_e(t)}</a></li>' for h, t in items)
    return f'<nav class="toc" aria-label="المحتويات"><b>المحتويات</b><ol>{links}</ol></nav>'


# --------------------------------------------------------------------------- pages


def _head(title: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="ar" dir="rtl">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
    )


def _foot() -> str:
    return f"\n<script>{_JS.replace('LIMIT', str(ROW_LIMIT))}</script>\n</body>\n</html>\n"


def _main_page(run: _Run, write: Callable[[str], Any], bulletins: Iterable[str] = ()) -> None:
    """report.html; `bulletins`: the HTML of every bulletin in input order (unless paginated)."""
    rejects = _rejects(run.info.rejects)
    write(
        _head("تقرير النشرات")
        + "<header><h1>تقرير النشرات</h1></header>"
        + _toc(bool(rejects))
        + _run_info(run)
        + rejects
        + '<section id="overview"><h2>نظرة عامة</h2>'
        + _entity_counts(run)
        + _counted_once_note(run)
        + _charts(run)
        + "</section>"
    )
    _events_section(run, _filter_counts_sql(run), _all_events(run), write)
    write('<section id="bulletins"><h2>النشرات</h2>')
    if run.paginate:
        n, size = run.n_documents, PAGE_SIZE
        links = "".join(
            f'<li><a href="{_page_name(i)}">{_num(i * size + 1)}–{_num(min(n, (i + 1) * size))}</a></li>'
            for i in range((n + size - 1) // size)
        )
        write(
            f"<p>عدد النشرات {_num(n)}، أكثر من {_num(MAX_INLINE_BULLETINS)}: "
            f'تُعرض في صفحات من {_num(size)} نشرة.</p><ol class="pages">{links}</ol>'
        )
    else:
        write(_legend())
        for part in bulletins:
            write(part)
    write("</section>" + _foot())


def _bulletin_page(run: _Run, first: int, docs: list[Document], write: Callable[[str], Any]) -> None:
    write(
        _head(f"النشرات {first + 1}")
        + f"<header><h1>النشرات {_num(first + 1)}–{_num(first + len(docs))}</h1>"
        + '<p><a href="../report.html">↩ التقرير</a></p></header>'
    )
    _events_section(run, _filter_counts(docs), _page_events(run, docs), write)
    write(f'<section id="bulletins"><h2>النشرات</h2>{_legend()}')
    for doc in docs:
        write(_document(doc, run.has_rejects(doc.doc_id, doc.source.path)))
    write("</section>" + _foot())


def write_report(db_path: Path, out_dir: Path, info: RunInfo | None = None, jobs: int = 1) -> list[str]:
    """Write report.html (and, above MAX_INLINE_BULLETINS bulletins, report/bulletins-NNNN.html) into
    `out_dir` from the run's database `db_path`; returns the names written, relative to `out_dir`.
    `jobs`: the bulletins are rendered in that many worker processes, a share of them each (the
    same bytes whatever the number)."""
    info = info or RunInfo()
    with _connect(db_path) as con:
        run = _Run(con, info)
        n, paginate = run.n_documents, run.paginate
        shares = [(db_path, out_dir, info, span) for span in _shares(n, PAGE_SIZE if paginate else 1, jobs)]
        # The workers render the bulletins while this process renders the top of report.html.
        if paginate:
            with in_order(jobs, _bulletin_pages, shares) as pages:
                _put(out_dir, "report.html", lambda w: _main_page(run, w))
                return ["report.html", *(name for names in pages for name in names)]
        with in_order(jobs, _bulletin_sections, shares) as sections:
            _put(out_dir, "report.html", lambda w: _main_page(run, w, sections))
        return ["report.html"]


MIN_SHARE = 100  # bulletins a worker renders at least: fewer cost less here than a worker's start


def _shares(n: int, unit: int, jobs: int) -> list[tuple[int, int]]:
    """Spans (start, stop) of `n` bulletins, one per job, each a whole number of `unit`s
    (a report/ page) but the last, and of MIN_SHARE bulletins at least."""
    units = (n + unit - 1) // unit
    per = max(1, (units + jobs - 1) // jobs, (MIN_SHARE + unit - 1) // unit) * unit
    return [(start, min(n, start + per)) for start in range(0, n, per)]


@contextlib.contextmanager
def _connect(db_path: Path) -> Iterator[sqlite3.Connection]:
    """The run's database, read-only."""
    con = sqlite3.connect(f"{Path(db_path).resolve().as_uri()}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    try:
        yield con
    finally:
        con.close()


def _put(out_dir: Path, name: str, fill: Callable[[Callable[[str], Any]], None]) -> None:
    """out_dir/name written by `fill(write)`, atomically."""
    from pipeline.writers import atomic_write  # writers calls this module: imported here, not above

    def write(tmp: Path) -> None:
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            fill(f.write)

    atomic_write(Path(out_dir) / name, write)


def _bulletin_sections(db_path: Path, out_dir: Path, info: RunInfo, span: tuple[int, int]) -> str:
    """A share of report.html's bulletins (a worker's task): their sections' HTML."""
    with _connect(db_path) as con:
        run = _Run(con, info)
        return "".join(
            _document(doc, run.has_rejects(doc.doc_id, doc.source.path))
            for _, docs in run.documents(span)
            for doc in docs
        )


def _bulletin_pages(db_path: Path, out_dir: Path, info: RunInfo, span: tuple[int, int]) -> list[str]:
    """A share of the report/ pages (a worker's task), written; their names."""
    names = []
    with _connect(db_path) as con:
        run = _Run(con, info)
        for first, docs in run.documents(span):
            name = run.page_of(first)
            _put(out_dir, name, lambda w, f=first, d=docs: _bulletin_page(run, f, d, w))
            names.append(name)
    return names


_CSS = """
body { font-family: "Noto Naskh Arabic", "Amiri", "Segoe UI", Tahoma, sans-serif; margin: 0 auto;
       padding: 1em 2em; max-width: 1400px; line-height: 1.7; color: #212529; overflow-wrap: break-word; }
[hidden] { display: none !important; }
h1, h2, h3 { font-weight: 600; }
h2 { border-bottom: 2px solid #dee2e6; margin-top: 1.5em; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; width: 100%; }
th, td { border: 1px solid #ced4da; padding: 0.25em 0.6em; vertical-align: top; text-align: start; }
th { background: #f1f3f5; }
.sortable th { cursor: pointer; user-select: none; }
.sortable th[data-dir=asc]::after { content: " ▲"; } .sortable th[data-dir=desc]::after { content: " ▼"; }
.meta-table { width: auto; }
.num, .code { white-space: nowrap; font-variant-numeric: tabular-nums; }
.code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.85em; }
.lbl { text-decoration: underline dotted #adb5bd; cursor: help; }
.toc ol { display: flex; flex-wrap: wrap; gap: 0.3em 1.2em; padding: 0; list-style: none; margin: 0.3em 0; }
.stats { display: flex; flex-wrap: wrap; gap: 0.6em; }
.stat { border: 1px solid #dee2e6; border-radius: 6px; padding: 0.3em 0.9em; min-width: 6em; text-align: center; }
.stat b { display: block; font-size: 1.4em; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 520px), 1fr)); gap: 1em; }
.chart { margin: 0; border: 1px solid #dee2e6; border-radius: 6px; padding: 0.5em; min-width: 0; }
.chart figcaption { font-weight: 600; }
.chart svg { width: 100%; height: auto; display: block; font-size: 13px; }
.chart rect { fill: #4c6ef5; } .chart a:hover rect { fill: #f76707; }
.chart .lab { fill: #212529; } .chart .val { fill: #495057; font-size: 12px; }
.filters { display: flex; flex-wrap: wrap; gap: 0.4em 1em; align-items: center; background: #f8f9fa;
           padding: 0.5em; border-radius: 6px; position: sticky; top: 0; z-index: 1; }
.filters select { max-width: 14em; }
#shown { font-weight: 600; }
.doc { border-top: 1px solid #dee2e6; padding-top: 0.5em; margin-top: 1.5em;
       content-visibility: auto; contain-intrinsic-size: auto 500px; }
.meta { color: #868e96; font-size: 0.9em; }
.docbody { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 1.3fr); gap: 1em; }
.text { white-space: pre-wrap; font-size: 1.1em; margin: 0; }
.slots .card { border: 1px solid #ced4da; border-radius: 6px; padding: 0.3em 0.6em; margin-bottom: 0.5em;
               font-size: 0.9em; }
.card:target { outline: 3px solid #f76707; }
.card dl { display: grid; grid-template-columns: auto 1fr; gap: 0 0.6em; margin: 0.2em 0; }
.card dt { color: #868e96; } .card dd { margin: 0; }
.back { font-size: 0.85em; }
mark { border-radius: 3px; padding: 0 2px; }
mark mark { outline: 1px dashed #495057; }
.qty { border-bottom: 2px solid #1c7ed6; }
.qty.count { background: #d0ebff; border: 2px solid #1c7ed6; border-radius: 3px; }
.ev { background: #f8f9fa; box-shadow: inset 0 -2px #ced4da; }
.ev.on { background: #fff4e6; box-shadow: inset 0 -3px #f76707; }
.legend > * { margin-inline-end: 0.6em; }
.empty { color: #adb5bd; }
.note { background: #f8f9fa; border-inline-start: 4px solid #4c6ef5; padding: 0.3em 0.8em; }
.rejects { background: #fff5f5; border: 1px solid #ffc9c9; border-radius: 6px; padding: 0 1em; }
@media (max-width: 760px) {
  body { padding: 0.5em; }
  .docbody { grid-template-columns: 1fr; }
  .filters { position: static; }
  table.events thead { display: none; }
  table.events, table.events tbody, table.events tr, table.events td { display: block; width: auto; }
  table.events tr { border: 1px solid #ced4da; border-radius: 6px; margin-bottom: 0.5em; }
  table.events td { border: 0; padding: 0.1em 0.6em; }
  table.events td:empty { display: none; }
  table.events td::before { color: #868e96; }
}
"""
_CSS += "".join(
    f'@media (max-width: 760px) {{ table.events td:nth-child({i}){"::before"} {{ content: "{c}: "; }} }}\n'
    for i, c in enumerate(EVENT_COLUMNS, 1)
)
_CSS += "".join(f"mark.{t} {{ background: {c}; }}\n" for t, c in TYPE_COLOURS.items())

# The page's script: the events table drawn from the page's data (LIMIT rows at a time), filters
# (from the form and from "#filter?..." in the URL) over the events and the bulletins, sortable
# columns, the evidence of the event in the URL fragment lit, and data-* attributes of <html> that
# the browser test reads (data-shown-events, data-total-events, data-load-ms; data-fits and
# data-overflowing only when the URL asks for that check with ?check-fit: it lays out every element).
_JS = """
(function () {
  var F = document.getElementById('filters'), root = document.documentElement, limit = LIMIT;
  var dataEl = document.getElementById('events-data'), strEl = document.getElementById('events-strings');
  var E = dataEl ? JSON.parse(dataEl.textContent) : [], T = strEl ? JSON.parse(strEl.textContent) : {s: [], l: {}};
  var S = T.s, L = T.l, order = E.map(function (e, i) { return i; }), texts = null;
  var KEYS = {type: 4, procedure: 5, facility: 8, place: 10};
  function s(i) { return i === null || i === undefined ? null : S[i]; }
  function esc(v) {
    return String(v).replace(/[&<>"']/g, function (c) {
      return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;'}[c];
    });
  }
  function val(v) { return v === null ? '' : '<bdi>' + esc(v) + '</bdi>'; }
  function num(v) { return v === null ? '' : '<bdi dir="ltr" class="num">' + esc(v) + '</bdi>'; }
  function iso(v) { return v !== null && /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(v); }
  function lab(voc, c) { return c === null ? null : L[voc + ':' + c.toLowerCase()]; }
  function coded(voc, c) {
    if (c === null) return '';
    var a = lab(voc, c);
    return a === undefined ? '<bdi dir="ltr" class="code">' + esc(c) + '</bdi>'
      : '<span class="lbl" title="' + esc(c) + '">' + esc(a) + '</span>';
  }
  function shown(voc, c) { var a = lab(voc, c); return c === null ? '' : (a === undefined ? c : a); }
  // what a column sorts by and the search box looks into
  function cellText(e, i) {
    switch (i) {
      case 0: return e[1];
      case 1: return shown('event_type', s(e[4]));
      case 2: return shown('procedure', s(e[5]));
      case 3: return e[6] === null ? '' : String(e[6]) + ' ' + shown('unit', s(e[7]));
      case 4: return s(e[9]) || '';
      case 5: return s(e[10]) || '';
      case 6: return e[11].map(function (o) { return S[o[0]] + ' (' + shown('role', S[o[1]]) + ')'; }).join(' ');
      case 7: return s(e[12]) || '';
      default: return e[13] || '';
    }
  }
  function row(e) {
    var orgs = e[11].map(function (o) {
      return val(S[o[0]]) + ' <small>(' + coded('role', S[o[1]]) + ')</small>';
    }).join('<br>');
    var count = e[6] === null ? '' : num(e[6]) + ' ' + coded('unit', s(e[7]));
    var date = e[13] === null ? '' : (iso(e[13]) ? num(e[13]) : val(e[13]));
    return '<tr data-f="ev" data-type="' + esc(s(e[4])) + '" data-procedure="' + esc(s(e[5]) || '') + '">' +
      '<td><a href="' + esc(S[e[2]]) + '#ev-' + esc(e[0]) + '" class="code">' + val(e[1]) + '</a></td>' +
      '<td>' + coded('event_type', s(e[4])) + '</td><td>' + coded('procedure', s(e[5])) + '</td>' +
      '<td' + (e[6] === null ? '' : ' data-sort="' + e[6] + '"') + '>' + count + '</td>' +
      '<td>' + val(s(e[9])) + '</td><td>' + val(s(e[10])) + '</td><td>' + orgs + '</td>' +
      '<td>' + val(s(e[12])) + '</td><td>' + date + '</td></tr>';
  }
  function params() {
    var p = new URLSearchParams();
    if (F) for (var el of F.elements) {
      if (!el.name) continue;
      var v = el.type === 'checkbox' ? (el.checked ? '1' : '') : el.value.trim();
      if (v) p.set(el.name, v);
    }
    return p;
  }
  function inRange(ds, p) {
    var a = p.get('from'), b = p.get('to');
    return !(a || b) || ds.some(function (d) { return d && (!a || d >= a) && (!b || d <= b); });
  }
  function matchEvent(e, i, p) {
    for (var k in KEYS) { var v = p.get(k); if (v && s(e[KEYS[k]]) !== v) return false; }
    var role = p.get('role');
    if (role && !e[11].some(function (o) { return S[o[1]] === role; })) return false;
    if (!inRange([e[14]], p)) return false;
    if (p.get('rejects') && !e[3]) return false;
    var q = (p.get('q') || '').toLowerCase();
    if (!q) return true;
    if (!texts) texts = [];
    if (texts[i] === undefined) {
      var t = [];
      for (var c = 0; c < 9; c++) t.push(cellText(e, c));
      texts[i] = t.join(' ').toLowerCase();
    }
    return texts[i].indexOf(q) >= 0;
  }
  function matchDoc(el, p) {
    for (var k of ['type', 'procedure', 'facility', 'place', 'role']) {
      var v = p.get(k);
      if (v && (el.dataset[k] || '').split('|').indexOf(v) < 0) return false;
    }
    if (!inRange((el.dataset.date || '').split('|'), p)) return false;
    if (p.get('rejects') && el.dataset.rej !== '1') return false;
    var q = (p.get('q') || '').toLowerCase();
    return !q || el.textContent.toLowerCase().indexOf(q) >= 0;
  }
  function apply(write) {
    var p = params(), n = 0, html = [], docs = 0, all = 0;
    for (var i of order) {
      if (!matchEvent(E[i], i, p)) continue;
      if (n++ < limit) html.push(row(E[i]));
    }
    var tb = document.querySelector('table.events tbody');
    if (tb && E.length) tb.innerHTML = html.join('');
    for (var el of document.querySelectorAll('[data-f=doc]')) {
      var ok = matchDoc(el, p); el.hidden = !ok; all++; if (ok) docs++;
    }
    var out = document.getElementById('shown'), more = document.getElementById('more');
    if (out) out.textContent = n + ' / ' + E.length + ' حدث، ' + docs + ' / ' + all + ' نشرة';
    if (more) { more.hidden = n <= limit; more.textContent = 'أحداث أخرى (' + Math.min(LIMIT, n - limit) + ')'; }
    root.dataset.filter = p.toString(); root.dataset.shownEvents = n; root.dataset.totalEvents = E.length;
    if (write) history.replaceState(null, '', p.toString() ? '#filter?' + p.toString() : location.pathname);
  }
  function fromHash() {
    var h = location.hash;
    document.querySelectorAll('.ev.on').forEach(function (e) { e.classList.remove('on'); });
    if (h.indexOf('#ev-') === 0) {
      var id = decodeURIComponent(h.slice(4));
      document.querySelectorAll('.ev[data-ev]').forEach(function (e) {
        if (e.dataset.ev.split(' ').indexOf(id) >= 0) e.classList.add('on');
      });
    }
    if (!F) return;
    if (h.indexOf('#filter?') !== 0) { apply(false); return; }
    var p = new URLSearchParams(h.slice(8));
    for (var el of F.elements) {
      if (!el.name) continue;
      var v = p.get(el.name) || '';
      if (el.type === 'checkbox') el.checked = !!v; else el.value = v;
    }
    limit = LIMIT;
    apply(false);
    document.getElementById('events').scrollIntoView();
  }
  var more = document.getElementById('more');
  if (more) more.addEventListener('click', function () { limit += LIMIT; apply(false); });
  if (F) {
    F.addEventListener('input', function () { limit = LIMIT; apply(true); });
    F.addEventListener('reset', function () { setTimeout(function () { limit = LIMIT; apply(true); }); });
  }
  document.querySelectorAll('table.sortable th').forEach(function (th, i) {
    th.addEventListener('click', function () {
      var asc = th.dataset.dir !== 'asc';
      th.parentNode.querySelectorAll('th').forEach(function (o) { delete o.dataset.dir; });
      th.dataset.dir = asc ? 'asc' : 'desc';
      var keys = E.map(function (e) { return cellText(e, i); });
      if (i === 3) keys = E.map(function (e) { return e[6] === null ? '' : String(e[6]); });
      order.sort(function (a, b) {
        var x = keys[a], y = keys[b], nx = parseFloat(x), ny = parseFloat(y);
        var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y, 'ar');
        return (asc ? c : -c) || a - b;
      });
      apply(false);
    });
  });
  window.addEventListener('hashchange', fromHash);
  fromHash();
  window.addEventListener('load', function () {
    root.dataset.loadMs = Math.round(performance.now());  // before the check below forces a layout
    if (location.search.indexOf('check-fit') < 0) return;  // the browser test's check, on demand only
    var w = root.clientWidth, out = [], all = document.body.querySelectorAll('*');
    if (all.length < 200000) for (var el of all) {
      var r = el.getBoundingClientRect();
      if (r.width && (r.right > w + 1 || r.left < -1)) out.push(el.tagName + '.' + el.className);
    }
    root.dataset.fits = String(root.scrollWidth <= window.innerWidth && !out.length);
    root.dataset.overflowing = out.slice(0, 5).join(' ');
  });
})();
"""
