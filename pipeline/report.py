"""report.html: a self-contained, readable report of a run for analysts.

One HTML file (UTF-8, right to left, no scripts, no external resources):
summary counts, the events as a table, each bulletin's text with its entities
highlighted by type (nested mentions inside longer ones), its quantities and
decrees, and the rejected inputs. Every piece of input text is escaped.
Nothing in it depends on the time or the machine, so a rerun is byte-identical.
"""

from __future__ import annotations

from collections import Counter
from html import escape

from pipeline.models import ENTITY_TYPES, EVENT_TYPES, Document, Entity, Reject

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

_CSS = """
body { font-family: "Noto Naskh Arabic", "Amiri", "Segoe UI", Tahoma, sans-serif; margin: 2em;
       line-height: 1.7; color: #212529; }
h1, h2, h3 { font-weight: 600; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
th, td { border: 1px solid #ced4da; padding: 0.25em 0.6em; vertical-align: top; text-align: start; }
th { background: #f1f3f5; }
.code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.85em; }
.doc { border-top: 1px solid #dee2e6; padding-top: 0.5em; margin-top: 1.5em; }
.meta { color: #868e96; font-size: 0.9em; }
.text { white-space: pre-wrap; font-size: 1.1em; }
mark { border-radius: 3px; padding: 0 2px; }
mark mark { outline: 1px dashed #495057; }
.legend mark { margin-inline-end: 0.6em; }
.empty { color: #adb5bd; }
"""
_CSS += "".join(f"mark.{t} {{ background: {c}; }}\n" for t, c in TYPE_COLOURS.items())


def _e(value: object) -> str:
    """Escaped text of a cell (empty for None)."""
    return "" if value is None else escape(str(value), quote=True)


def _code(value: object) -> str:
    """A code (type, unit, id): left to right inside the Arabic page."""
    return "" if value is None else f'<bdi class="code" dir="ltr">{_e(value)}</bdi>'


def _mark_class(entity_type: str) -> str:
    return entity_type if entity_type in TYPE_COLOURS else "other"


def _nest(entities: list[Entity], text: str) -> list[tuple[Entity, list]]:
    """The valid entity spans as a forest: a span inside another is its child.

    Spans that cross another (neither inside nor outside it) and spans whose
    offsets do not point at their text are left out of the highlighting.
    """
    valid = [e for e in entities if 0 <= e.start < e.end <= len(text) and text[e.start : e.end] == e.text]
    valid.sort(key=lambda e: (e.start, -e.end, e.type))
    roots: list[tuple[Entity, list]] = []
    stack: list[tuple[Entity, list]] = []
    for ent in valid:
        while stack and stack[-1][0].end <= ent.start:
            stack.pop()
        if stack and ent.end > stack[-1][0].end:
            continue  # crosses the enclosing span
        if stack and (ent.start, ent.end, ent.type) == (
            stack[-1][0].start,
            stack[-1][0].end,
            stack[-1][0].type,
        ):
            continue  # the same mention twice
        node: tuple[Entity, list] = (ent, [])
        (stack[-1][1] if stack else roots).append(node)
        stack.append(node)
    return roots


def highlight(text: str, entities: list[Entity]) -> str:
    """`text` as escaped HTML with each entity in a <mark> of its type."""

    def render(start: int, end: int, nodes: list[tuple[Entity, list]]) -> str:
        out: list[str] = []
        pos = start
        for ent, children in nodes:
            out.append(_e(text[pos : ent.start]))
            title = (
                ent.type + (f" · {ent.id}" if ent.id else "") + (f" · {ent.name_en}" if ent.name_en else "")
            )
            inner = render(ent.start, ent.end, children)
            out.append(f'<mark class="{_mark_class(ent.type)}" title="{_e(title)}">{inner}</mark>')
            pos = ent.end
        out.append(_e(text[pos:end]))
        return "".join(out)

    return render(0, len(text), _nest(entities, text))


def _counts_table(title: str, counts: Counter[str], order: tuple[str, ...]) -> str:
    keys = [k for k in order if counts[k]] + sorted(k for k in counts if k not in order)
    if not keys:
        return ""
    rows = "".join(f"<tr><td>{_code(k)}</td><td>{counts[k]}</td></tr>" for k in keys)
    return f"<table><tr><th>{_e(title)}</th><th>العدد</th></tr>{rows}</table>"


def _summary(documents: list[Document], rejects: list[Reject]) -> str:
    totals = [
        ("النشرات (documents)", len(documents)),
        ("الكيانات (entities)", sum(len(d.entities) for d in documents)),
        ("الكميات (quantities)", sum(len(d.quantities) for d in documents)),
        ("القرارات (decrees)", sum(len(d.decrees) for d in documents)),
        ("التواريخ (dates)", sum(len(d.dates) for d in documents)),
        ("الأحداث (events)", sum(len(d.events) for d in documents)),
        ("المرفوضات (rejects)", len(rejects)),
    ]
    rows = "".join(f"<tr><th>{_e(k)}</th><td>{v}</td></tr>" for k, v in totals)
    by_entity = Counter(e.type for d in documents for e in d.entities)
    by_event = Counter(ev.type for d in documents for ev in d.events)
    return (
        f"<h2>ملخص</h2><table>{rows}</table>"
        + _counts_table("نوع الكيان (entity type)", by_entity, ENTITY_TYPES)
        + _counts_table("نوع الحدث (event type)", by_event, EVENT_TYPES)
    )


def _events(documents: list[Document]) -> str:
    head = (
        "<tr><th>النشرة</th><th>النوع</th><th>الإجراء</th><th>العدد</th><th>المرفق</th>"
        "<th>المكان</th><th>الجهات</th><th>البرنامج</th><th>التاريخ</th></tr>"
    )
    rows = []
    for doc in documents:
        for ev in doc.events:
            count = "" if ev.count is None else f"{_e(ev.count)} {_code(ev.unit)}"
            orgs = "<br>".join(f"{_e(o.text)} {_code(o.role)}" for o in ev.organizations)
            rows.append(
                f'<tr><td><a href="#{_e(doc.doc_id)}">{_code(doc.doc_id)}</a></td><td>{_code(ev.type)}</td>'
                f"<td>{_code(ev.procedure)}</td><td>{count}</td>"
                f"<td>{_e(ev.facility.text if ev.facility else None)}</td><td>{_e(ev.location)}</td>"
                f"<td>{orgs}</td><td>{_e(ev.program)}</td><td>{_code(ev.date)}</td></tr>"
            )
    body = "".join(rows) if rows else '<tr><td colspan="9" class="empty">لا أحداث</td></tr>'
    return f"<h2>الأحداث</h2><table>{head}{body}</table>"


def _document(doc: Document) -> str:
    src = doc.source
    where = _e(src.path) + (f":{src.line_start}-{src.line_end}" if src.line_start is not None else "")
    parts = [
        f'<section class="doc" id="{_e(doc.doc_id)}"><h3>{_code(doc.doc_id)}</h3>',
        f'<div class="meta"><bdi dir="ltr">{where}</bdi>{" · " + _e(doc.published) if doc.published else ""}</div>',
        f'<p class="text">{highlight(doc.text, doc.entities)}</p>',
    ]
    if doc.quantities:
        items = "".join(
            f"<li>{_e(q.text)}: {_code(q.value)} {_code(q.unit)} {_code(q.procedure)} {_code(q.qualifier)}"
            f"{' ' + _code(q.period) if q.period else ''}</li>"
            for q in doc.quantities
        )
        parts.append(f"<div>الكميات:<ul>{items}</ul></div>")
    if doc.decrees:
        items = "".join(
            f"<li>{_e(d.text)}: {_code(d.kind)} {_code(d.number)} / {_code(d.year)}</li>" for d in doc.decrees
        )
        parts.append(f"<div>القرارات:<ul>{items}</ul></div>")
    parts.append("</section>")
    return "".join(parts)


def _rejects(rejects: list[Reject]) -> str:
    if not rejects:
        return '<h2>المرفوضات</h2><p class="empty">لا شيء</p>'
    rows = "".join(
        f"<tr><td>{_code(r.path)}</td><td>{_e(r.line)}</td><td>{_code(r.doc_id)}</td><td>{_e(r.reason)}</td></tr>"
        for r in rejects
    )
    return (
        "<h2>المرفوضات</h2><table><tr><th>الملف</th><th>السطر</th><th>النشرة</th><th>السبب</th></tr>"
        f"{rows}</table>"
    )


def render_report(documents: list[Document], rejects: list[Reject]) -> str:
    """The whole report as one HTML page."""
    legend = "".join(f'<mark class="{t}">{t}</mark>' for t in TYPE_COLOURS)
    return (
        '<!DOCTYPE html>\n<html lang="ar" dir="rtl">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>تقرير النشرات</title>\n"
        f"<style>{_CSS}</style>\n</head>\n<body>\n<h1>تقرير النشرات</h1>\n"
        + _summary(documents, rejects)
        + "\n"
        + _events(documents)
        + f'\n<h2>النشرات</h2>\n<p class="legend">{legend}</p>\n'
        + "\n".join(_document(d) for d in documents)
        + "\n"
        + _rejects(rejects)
        + "\n</body>\n</html>\n"
    )
