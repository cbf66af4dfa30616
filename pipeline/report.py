"""report.html: a self-contained page to read a run at a glance and check every figure at its source.

    pages = render_pages(documents, rejects, info)   # {"report.html": html, "report/bulletins-0001.html": ...}
    html = render_report(documents, rejects)          # the main page alone

One right-to-left HTML page (UTF-8, no external resource, works offline):

- the run's metadata (inputs, options, version, start and end time) and its
  rejects (file, line, reason), at the top when there are any;
- the overview: counts, then inline SVG bar charts (events by type, procedures
  by summed count, top facilities and places, events per month, organizations
  by role); every bar links to the events table filtered to it;
- the events table (sortable), with a search box and filters (event type,
  procedure, facility, place, role, date range, "has rejects": bulletins read
  from a file that had a rejected input) in a few lines of embedded JavaScript; a filter is also read from the URL fragment
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
report.html and link into those pages). A run without `RunInfo` (times) is
byte-identical when rerun.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from html import escape
from urllib.parse import urlencode

from pipeline.lexicons import Entry, load, register
from pipeline.models import ENTITY_TYPES, EVENT_TYPES, Document, Entity, Event, Reject

MAX_INLINE_BULLETINS = 2000  # above this, bulletins go into report/ pages
PAGE_SIZE = 250  # bulletins per report/ page
ROW_LIMIT = 500  # events table rows shown at once (the page's script shows more on demand)
TOP = 10  # bars of the "top facilities / places" charts
MAX_MONTHS = 36  # the latest months shown in the events-per-month chart

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


def package_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("bulletins-pipeline")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree without install
        return "unknown"


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


# --------------------------------------------------------------------------- what the page shows of an event


def event_date(doc: Document, event: Event) -> str | None:
    """The event's ISO date, else the bulletin's publication date (None when neither is known)."""
    if event.date and ISO_DATE.match(event.date):
        return event.date
    return doc.published if doc.published and ISO_DATE.match(doc.published) else None


def _facility_key(event: Event) -> str | None:
    return (event.facility.id or event.facility.text) if event.facility else None


@dataclass
class _Index:
    """What the charts, filters and links need from the whole run, in one pass."""

    pages: dict[int, str]  # id(document) -> the file that shows the bulletin ("" for this page)
    rejected_files: set[str]
    rejected_ids: set[str]
    facility_names: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    def facility_name(self, key: str) -> str:
        names = self.facility_names.get(key)
        return names.most_common(1)[0][0] if names else key

    def has_rejects(self, doc: Document) -> bool:
        return doc.doc_id in self.rejected_ids or (doc.source.path or "") in self.rejected_files


def _index(documents: list[Document], rejects: list[Reject], paginate: bool) -> _Index:
    pages = {id(d): (_page_name(i // PAGE_SIZE) if paginate else "") for i, d in enumerate(documents)}
    index = _Index(pages, {r.path for r in rejects}, {r.doc_id for r in rejects if r.doc_id})
    for doc in documents:
        for ev in doc.events:
            key = _facility_key(ev)
            if key and ev.facility:
                index.facility_names[key][ev.facility.text] += 1
    return index


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


def _charts(documents: list[Document], index: _Index) -> str:
    by_type: Counter[str] = Counter()
    by_proc: Counter[str] = Counter()
    by_fac: Counter[str] = Counter()
    by_place: Counter[str] = Counter()
    by_month: Counter[str] = Counter()
    by_role: Counter[str] = Counter()
    proc_events: Counter[str] = Counter()
    undated = 0
    for doc in documents:
        for ev in doc.events:
            by_type[ev.type] += 1
            if ev.type == "procedure_performed" and ev.procedure:
                by_proc[ev.procedure] += ev.count or 0
                proc_events[ev.procedure] += 1
            if key := _facility_key(ev):
                by_fac[key] += 1
            if ev.location:
                by_place[ev.location] += 1
            if day := event_date(doc, ev):
                by_month[day[:7]] += 1
            else:
                undated += 1
            for org in ev.organizations:
                by_role[org.role] += 1

    def coded(vocabulary: str, counts: Counter[str], param: str, **fixed: str) -> list[Bar]:
        order = EVENT_TYPES if vocabulary == "event_type" else ()
        return [
            Bar(label(vocabulary, k) or k, k, counts[k], _fragment(**fixed, **{param: k}))
            for k in _ordered(counts, order)
        ]

    procedures = [  # a procedure whose events give no count is listed with 0
        Bar(b.label, f"{b.hover} · {proc_events[b.hover]} حدث", b.value, b.href)
        for b in coded("procedure", by_proc, "procedure", type="procedure_performed")
    ]

    facilities = [
        Bar(index.facility_name(k), k, n, _fragment(facility=k)) for k, n in by_fac.most_common(TOP)
    ]
    places = [Bar(k, k, n, _fragment(place=k)) for k, n in by_place.most_common(TOP)]
    months = [
        Bar(m, m, by_month[m], _fragment(**{"from": f"{m}-01", "to": f"{m}-31"}))
        for m in sorted(by_month)[-MAX_MONTHS:]
    ]
    return (
        '<div class="charts">'
        + bar_chart(coded("event_type", by_type, "type"), "chart-types", "الأحداث حسب النوع")
        + bar_chart(
            procedures,
            "chart-procedures",
            "الإجراءات المنفذة (مجموع الأعداد)",
        )
        + bar_chart(facilities, "chart-facilities", "أكثر المرافق أحداثاً")
        + bar_chart(places, "chart-places", "أكثر الأماكن أحداثاً")
        + bar_chart(
            months,
            "chart-months",
            "الأحداث حسب الشهر (تاريخ الحدث، وإلا تاريخ النشر)"
            + (f"، وبلا تاريخ: {undated}" if undated else ""),
        )
        + bar_chart(coded("role", by_role, "role"), "chart-roles", "الجهات حسب الدور")
        + "</div>"
    )


# --------------------------------------------------------------------------- sections


def _run_info(info: RunInfo | None, documents: list[Document], rejects: list[Reject]) -> str:
    rows = []
    if info is not None:
        if info.inputs:
            rows.append(("المدخلات", "<br>".join(_val(i) for i in info.inputs)))
        for name, value in info.options:
            rows.append((f'الخيار <bdi dir="ltr" class="code">{_e(name)}</bdi>', _val(value)))
        if info.version:
            rows.append(("الإصدار", _num(info.version)))
        if info.started:
            rows.append(("البداية", _num(info.started)))
        if info.finished:
            rows.append(("النهاية", _num(info.finished)))
    totals = [
        ("النشرات", len(documents)),
        ("الكيانات", sum(len(d.entities) for d in documents)),
        ("الكميات", sum(len(d.quantities) for d in documents)),
        ("القرارات", sum(len(d.decrees) for d in documents)),
        ("التواريخ", sum(len(d.dates) for d in documents)),
        ("الأحداث", sum(len(d.events) for d in documents)),
        ("المرفوضات", len(rejects)),
    ]
    counts = "".join(f'<div class="stat"><b>{_num(n)}</b><span>{_e(k)}</span></div>' for k, n in totals)
    meta = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
    return (
        '<section id="run"><h2>التشغيل</h2>'
        + (f'<table class="meta-table">{meta}</table>' if meta else "")
        + f'<div class="stats">{counts}</div></section>'
    )


def _rejects(rejects: list[Reject]) -> str:
    if not rejects:
        return ""
    rows = "".join(
        f"<tr><td>{_val(r.path)}</td><td>{_num(r.line)}</td><td>{_val(r.doc_id)}</td><td>{_val(r.reason)}</td></tr>"
        for r in rejects
    )
    return (
        '<section id="rejects" class="rejects"><h2>المرفوضات</h2><table><thead><tr><th>الملف</th><th>السطر</th>'
        f"<th>النشرة</th><th>السبب</th></tr></thead><tbody>{rows}</tbody></table></section>"
    )


def _entity_counts(documents: list[Document]) -> str:
    counts = Counter(e.type for d in documents for e in d.entities)
    cells = "".join(
        f'<div class="stat"><b>{_num(counts[t])}</b><span><mark class="{t}">{_coded("entity_type", t)}</mark></span></div>'
        for t in ENTITY_TYPES
        if counts[t]
    )
    return f'<h3>الكيانات حسب النوع</h3><div class="stats">{cells}</div>' if cells else ""


def _select(name: str, title: str, options: list[tuple[str, str]]) -> str:
    opts = "".join(f'<option value="{_e(v)}">{_e(t)}</option>' for v, t in options)
    return f'<label>{_e(title)} <select name="{name}"><option value="">الكل</option>{opts}</select></label>'


def _filters(documents: list[Document], index: _Index) -> str:
    events = [ev for d in documents for ev in d.events]
    types = Counter(ev.type for ev in events)
    procs = Counter(ev.procedure for ev in events if ev.procedure)
    facs = Counter(k for ev in events if (k := _facility_key(ev)))
    places = Counter(ev.location for ev in events if ev.location)
    roles = Counter(o.role for ev in events for o in ev.organizations)

    def coded(vocabulary: str, counts: Counter[str]) -> list[tuple[str, str]]:
        return [(k, label(vocabulary, k) or k) for k in _ordered(counts)]

    return (
        '<form id="filters" class="filters" onsubmit="return false">'
        '<label>بحث <input type="search" name="q" placeholder="كلمة في النص أو الجدول"></label>'
        + _select("type", "نوع الحدث", coded("event_type", types))
        + _select("procedure", "الإجراء", coded("procedure", procs))
        + _select("facility", "المرفق", [(k, index.facility_name(k)) for k in _ordered(facs)])
        + _select("place", "المكان", [(k, k) for k in _ordered(places)])
        + _select("role", "دور الجهة", coded("role", roles))
        + '<label>من <input type="date" name="from" dir="ltr"></label>'
        '<label>إلى <input type="date" name="to" dir="ltr"></label>'
        '<label><input type="checkbox" name="rejects" value="1"> من ملفات فيها مرفوضات</label>'
        '<button type="reset">مسح</button>'
        '<output id="shown" aria-live="polite"></output></form>'
    )


def _data(**values: Iterable[str | None]) -> str:
    """data-* attributes of a filterable element (several values joined by "|")."""
    out = []
    for name, vals in values.items():
        if joined := "|".join(dict.fromkeys(v for v in vals if v)):
            out.append(f' data-{name}="{_e(joined)}"')
    return "".join(out)


def _event_attrs(doc: Document, ev: Event, rejected: bool) -> str:
    return _data(
        type=[ev.type],
        procedure=[ev.procedure],
        facility=[_facility_key(ev)],
        place=[ev.location],
        role=[o.role for o in ev.organizations],
        date=[event_date(doc, ev)],
    ) + (' data-rej="1"' if rejected else "")


def _count(ev: Event) -> str:
    if ev.count is None:
        return ""
    return f"{_num(number(ev.count))} {_coded('unit', ev.unit)}"


def _orgs(ev: Event) -> str:
    return "<br>".join(f"{_val(o.text)} <small>({_coded('role', o.role)})</small>" for o in ev.organizations)


EVENT_COLUMNS = ("النشرة", "النوع", "الإجراء", "العدد", "المرفق", "المكان", "الجهات", "البرنامج", "التاريخ")


def _events_table(documents: list[Document], index: _Index, here: str = "") -> str:
    rows = []
    for doc in documents:
        page = index.pages[id(doc)]
        href = ("" if page == here else page) + "#"
        rejected = index.has_rejects(doc)
        for ev in doc.events:
            cells = (
                f'<a href="{_e(href)}ev-{_e(ev.event_id)}" class="code">{_val(doc.doc_id)}</a>',
                _coded("event_type", ev.type),
                _coded("procedure", ev.procedure),
                _count(ev),
                _val(ev.facility.text if ev.facility else None),
                _val(ev.location),
                _orgs(ev),
                _val(ev.program),
                _date(ev.date),
            )
            sort = f' data-sort="{number(ev.count)}"' if ev.count is not None else ""
            tds = "".join(f"<td{sort if i == 3 else ''}>{v}</td>" for i, v in enumerate(cells))
            hidden = " hidden" if len(rows) >= ROW_LIMIT else ""
            rows.append(f'<tr data-f="ev"{hidden}{_event_attrs(doc, ev, rejected)}>{tds}</tr>')
    head = "".join(f'<th scope="col" title="فرز">{_e(c)}</th>' for c in EVENT_COLUMNS)
    body = (
        "".join(rows) if rows else f'<tr><td colspan="{len(EVENT_COLUMNS)}" class="empty">لا أحداث</td></tr>'
    )
    more = (
        f'<p><button type="button" id="more">أحداث أخرى ({_num(ROW_LIMIT)})</button></p>'
        if len(rows) > ROW_LIMIT
        else ""
    )
    return f'<table class="events sortable"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}'


def _event_card(doc: Document, ev: Event) -> str:
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


def _document(doc: Document, index: _Index) -> str:
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
    ) + (' data-rej="1"' if index.has_rejects(doc) else "")
    parts = [
        f'<section class="doc" id="{_e(doc.doc_id)}" data-f="doc"{attrs}>',
        f'<h3 class="code">{_val(doc.doc_id)}</h3><div class="meta">{" · ".join(meta)}</div>',
        f'<div class="docbody"><p class="text">{_render(doc.text, _document_marks(doc))}</p>',
    ]
    if doc.events:
        parts.append(f'<aside class="slots">{"".join(_event_card(doc, ev) for ev in doc.events)}</aside>')
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
    parts.append("</section>")
    return "".join(parts)


def _legend() -> str:
    marks = "".join(f'<mark class="{t}">{_coded("entity_type", t)}</mark>' for t in TYPE_COLOURS)
    return (
        f'<p class="legend">{marks}<span class="qty">كمية</span><span class="qty count">عدد الحدث</span>'
        '<span class="ev">دليل الحدث</span></p>'
    )


def _toc(has_rejects: bool, bulletins: bool) -> str:
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
    links = "".join(f'<li><a href="{h}">{_e(t)}</a></li>' for h, t in items if bulletins or h != "#bulletins")
    return f'<nav class="toc" aria-label="المحتويات"><b>المحتويات</b><ol>{links}</ol></nav>'


# --------------------------------------------------------------------------- pages


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="ar" dir="rtl">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n{body}\n"
        f"<script>{_JS.replace('LIMIT', str(ROW_LIMIT))}</script>\n</body>\n</html>\n"
    )


def render_pages(
    documents: list[Document], rejects: list[Reject], info: RunInfo | None = None
) -> dict[str, str]:
    """The report: {"report.html": the main page, "report/bulletins-NNNN.html": ...} (pages only above
    MAX_INLINE_BULLETINS bulletins)."""
    paginate = len(documents) > MAX_INLINE_BULLETINS
    index = _index(documents, rejects, paginate)
    if paginate:
        n_pages = (len(documents) + PAGE_SIZE - 1) // PAGE_SIZE
        links = "".join(
            f'<li><a href="{_page_name(i)}">{_num(i * PAGE_SIZE + 1)}–{_num(min(len(documents), (i + 1) * PAGE_SIZE))}</a></li>'
            for i in range(n_pages)
        )
        bulletins = (
            f"<p>عدد النشرات {_num(len(documents))}، أكثر من {_num(MAX_INLINE_BULLETINS)}: "
            f'تُعرض في صفحات من {_num(PAGE_SIZE)} نشرة.</p><ol class="pages">{links}</ol>'
        )
    else:
        bulletins = _legend() + "\n".join(_document(d, index) for d in documents)
    body = (
        "<header><h1>تقرير النشرات</h1></header>"
        + _toc(bool(rejects), True)
        + _run_info(info, documents, rejects)
        + _rejects(rejects)
        + '<section id="overview"><h2>نظرة عامة</h2>'
        + _entity_counts(documents)
        + _charts(documents, index)
        + "</section>"
        + '<section id="events"><h2>الأحداث</h2>'
        + _filters(documents, index)
        + _events_table(documents, index)
        + "</section>"
        + f'<section id="bulletins"><h2>النشرات</h2>{bulletins}</section>'
    )
    pages = {"report.html": _page("تقرير النشرات", body)}
    if paginate:
        for i in range(0, len(documents), PAGE_SIZE):
            chunk = documents[i : i + PAGE_SIZE]
            name = _page_name(i // PAGE_SIZE)
            body = (
                f"<header><h1>النشرات {_num(i + 1)}–{_num(i + len(chunk))}</h1>"
                '<p><a href="../report.html">↩ التقرير</a></p></header>'
                + '<section id="events"><h2>الأحداث</h2>'
                + _filters(chunk, index)
                + _events_table(chunk, index, here=name)
                + "</section>"
                + f'<section id="bulletins"><h2>النشرات</h2>{_legend()}'
                + "\n".join(_document(d, index) for d in chunk)
                + "</section>"
            )
            pages[name] = _page(f"النشرات {i + 1}", body)
    return pages


def render_report(documents: list[Document], rejects: list[Reject], info: RunInfo | None = None) -> str:
    """The main page of the report (report.html)."""
    return render_pages(documents, rejects, info)["report.html"]


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

# The page's script: filters (from the form and from "#filter?..." in the URL), sortable columns,
# the evidence of the event in the URL fragment lit, and data-* attributes for the browser test.
_JS = """
(function () {
  var F = document.getElementById('filters'), KEYS = ['type', 'procedure', 'facility', 'place', 'role'];
  var root = document.documentElement, limit = LIMIT;
  function params() {
    var p = new URLSearchParams();
    if (F) for (var el of F.elements) {
      if (!el.name) continue;
      var v = el.type === 'checkbox' ? (el.checked ? '1' : '') : el.value.trim();
      if (v) p.set(el.name, v);
    }
    return p;
  }
  function match(el, p) {
    for (var k of KEYS) {
      var v = p.get(k);
      if (v && (el.dataset[k] || '').split('|').indexOf(v) < 0) return false;
    }
    var a = p.get('from'), b = p.get('to');
    if (a || b) {
      var ds = (el.dataset.date || '').split('|').filter(Boolean);
      if (!ds.some(function (d) { return (!a || d >= a) && (!b || d <= b); })) return false;
    }
    if (p.get('rejects') && el.dataset.rej !== '1') return false;
    var q = (p.get('q') || '').toLowerCase();
    return !q || el.textContent.toLowerCase().indexOf(q) >= 0;
  }
  function apply(write) {
    var p = params(), n = {ev: 0, doc: 0}, all = {ev: 0, doc: 0};
    for (var el of document.querySelectorAll('[data-f]')) {
      var ok = match(el, p), f = el.dataset.f;
      el.hidden = !ok || (f === 'ev' && n.ev >= limit); all[f]++; if (ok) n[f]++;
    }
    var out = document.getElementById('shown'), more = document.getElementById('more');
    if (out) out.textContent = n.ev + ' / ' + all.ev + ' حدث، ' + n.doc + ' / ' + all.doc + ' نشرة';
    if (more) more.hidden = n.ev <= limit;
    root.dataset.filter = p.toString(); root.dataset.shownEvents = n.ev;
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
    apply(false);
    document.getElementById('events').scrollIntoView();
  }
  var more = document.getElementById('more');
  if (more) more.addEventListener('click', function () { limit += LIMIT; apply(false); });
  if (F) {
    F.addEventListener('input', function () { apply(true); });
    F.addEventListener('reset', function () { setTimeout(function () { apply(true); }); });
  }
  document.querySelectorAll('table.sortable th').forEach(function (th, i) {
    th.addEventListener('click', function () {
      var tb = th.closest('table').tBodies[0], asc = th.dataset.dir !== 'asc';
      th.parentNode.querySelectorAll('th').forEach(function (o) { delete o.dataset.dir; });
      th.dataset.dir = asc ? 'asc' : 'desc';
      function key(r) { var c = r.cells[i]; return c ? (c.dataset.sort || c.textContent.trim()) : ''; }
      var rows = Array.prototype.slice.call(tb.rows).sort(function (r, s) {
        var x = key(r), y = key(s), nx = parseFloat(x), ny = parseFloat(y);
        var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y, 'ar');
        return asc ? c : -c;
      });
      var frag = document.createDocumentFragment();
      rows.forEach(function (r) { frag.appendChild(r); });
      tb.appendChild(frag);
      apply(false);
    });
  });
  window.addEventListener('hashchange', fromHash);
  fromHash();
  window.addEventListener('load', function () {
    root.dataset.loadMs = Math.round(performance.now());  // before the check below forces a layout
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
