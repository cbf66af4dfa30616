"""Writers: every output file of a run, generated from the models in `pipeline.models`.

    paths = write_all(Path("outputs"), documents, rejects)   # {"documents.jsonl": Path(...), ...}

Files (in `out_dir`, created if missing):

    documents.jsonl   one `Document` a line (its JSON dump), in input order
    <table>.csv       one row per item with its `doc_id` (UTF-8 with BOM, so that
                      spreadsheet programs show the Arabic; pandas reads it as is;
                      CRLF rows, every cell with a CR or LF quoted; a text cell
                      starting with = + - @ tab or CR gets a leading ' so that no
                      spreadsheet runs it as a formula: Parquet and SQLite keep
                      the text as is)
    <table>.parquet   the same tables, with explicit column types
    bulletins.sqlite  one table each; keys, foreign keys, indexes on doc_id and type columns,
                      and `documents_fts`, a full-text index (FTS5) of the documents' text
    schema.json       JSON Schema of a document (`Document.model_json_schema()`)
    rejects.jsonl     one `Reject` a line: inputs that could not be read, and why
    signatures.jsonl  one `pipeline.duplicates.Signature` a line (read by `run --against`)
    report.html       a self-contained report for analysts (see `pipeline.report`); above
                      `MAX_INLINE_BULLETINS` bulletins, its bulletins in report/bulletins-NNNN.html
    manifest.json     every other file with its size and sha256, and the run's
                      inputs, options, version and counts (`write_manifest`)

Tables (columns are the model's fields, in order, never listed by hand):

    documents             the flat fields of `Document` (doc_id, published, country, text) with
                          `Source` flattened in (source_path, ...), text_length and n_<part>,
                          the number of entities, quantities, decrees, dates and events
    entities              doc_id + `Entity`
    quantities            doc_id + `Quantity`
    decrees               doc_id + `Decree`
    dates                 doc_id + `DateMention`
    events                `EventRow` (an `Event` flattened: facility text/id, organizations
                          and decrees joined by " | ", evidence offsets and text; `date` only
                          when resolved, the unresolved date as written in `date_text`)
    event_organizations   doc_id, event_id + `OrgRef`: the organizations of each event, one a row
    duplicates            `DuplicateRow`: the bulletins of each near-duplicate group (pipeline.duplicates)
    event_clusters        `EventClusterRow`: one happening a row, with the bulletins that report it
    aggregates            `AggregateRow`: per month x facility x procedure, each happening counted once

Column types come from the field annotations: str/Literal -> text, int ->
integer, float or int|float -> number, bool -> boolean, a str marked as a date
(`models.DATE`) -> date. In SQLite they are TEXT, INTEGER, NUMERIC (6 stays an
integer, 2.5 a real), INTEGER and TEXT (ISO); in Parquet string, int64,
float64, bool and date32, and pandas reads them back as string, Int64, Float64,
boolean and datetime.date (a count may have a fraction, 4.6 tons: numbers stay
Float64); a field that may be None is nullable. Each Parquet field carries its
description (field metadata "description", the model's). SQLite keys:
documents.doc_id and events.event_id are PRIMARY KEYs (ingest rejects a second
bulletin with an id already seen), every other table has a FOREIGN KEY doc_id
-> documents, event_organizations also event_id -> events.

Every file is written to a hidden temp file in the same directory, flushed to
disk and then renamed over the target (`os.replace`), so a reader or an
interrupted run sees the old file or the new one, never half a file. A run
(`pipeline.run`) writes them all into a staging folder that replaces the output
folder as a whole once every file is there (`pipeline.publish`).

Nothing depends on the time or the machine: a rerun on the same input writes
byte-identical files (SQLite: fixed page size, no journal, rows in input order;
Parquet: fixed writer settings).
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import json
import os
import sqlite3
import tempfile
import types
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from pipeline import duplicates
from pipeline.models import (
    DATE,
    AggregateRow,
    DateMention,
    Decree,
    Document,
    DuplicateRow,
    Entity,
    Event,
    EventClusterRow,
    EventRow,
    OrgRef,
    Quantity,
    Reject,
    Source,
)
from pipeline.report import RunInfo, write_report

Kind = Literal["text", "integer", "number", "boolean", "date"]
Row = dict[str, Any]

JOIN = " | "  # separator of lists flattened into one cell (organizations, decrees)
SQLITE_PAGE_SIZE = 4096

_SQLITE_TYPES: dict[Kind, str] = {
    "text": "TEXT",
    "integer": "INTEGER",
    "number": "NUMERIC",
    "boolean": "INTEGER",
    "date": "TEXT",  # ISO YYYY-MM-DD
}
_ARROW_TYPES: dict[Kind, pa.DataType] = {
    "text": pa.string(),
    "integer": pa.int64(),
    "number": pa.float64(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
}
_PANDAS_DTYPES: dict[Kind, str] = {
    "text": "string",
    "integer": "Int64",
    "number": "Float64",
    "boolean": "boolean",
    "date": "object",  # datetime.date values (Parquet date32)
}


# --------------------------------------------------------------------------- columns from models


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    nullable: bool
    description: str = ""  # the model field's description (docs/DATA.md)
    example: Any = None  # the model field's first example


def _kind_of(annotation: Any) -> tuple[Kind, bool]:
    """The column kind of a scalar field annotation, and whether it admits None."""
    origin = typing.get_origin(annotation)
    if origin is Literal:
        values = typing.get_args(annotation)
        if all(isinstance(v, str) for v in values):
            return "text", False
        raise TypeError(f"no column type for {annotation!r}")
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(annotation)
        nullable = type(None) in args
        kinds = {_kind_of(a)[0] for a in args if a is not type(None)}
        if kinds == {"integer", "number"}:
            return "number", nullable
        if len(kinds) == 1:
            return kinds.pop(), nullable
        raise TypeError(f"no column type for {annotation!r}")
    # bool before int: bool is a subclass of int.
    for py_type, kind in ((bool, "boolean"), (str, "text"), (int, "integer"), (float, "number")):
        if annotation is py_type:
            return kind, False  # type: ignore[return-value]
    raise TypeError(f"no column type for {annotation!r} (tables hold scalar fields only)")


def columns_of(model: type[BaseModel], prefix: str = "", skip: tuple[str, ...] = ()) -> list[Column]:
    """The columns of a model's fields, in declaration order (`prefix` before each name)."""
    cols = []
    for name, field in model.model_fields.items():
        if name in skip:
            continue
        cols.append(_column(prefix + name, field))
    return cols


def _column(name: str, field: FieldInfo) -> Column:
    kind, nullable = _kind_of(field.annotation)
    if kind == "text" and field.json_schema_extra == DATE:  # a YYYY-MM-DD string: a date column
        kind = "date"
    return Column(name, kind, nullable, field.description or "", (field.examples or [None])[0])


DOC_ID = _column("doc_id", EventRow.model_fields["doc_id"])


# --------------------------------------------------------------------------- tables


def event_row(doc: Document, event: Event) -> EventRow:
    """An event as a flat row: nested slots become columns, lists become joined text."""
    orgs = [f"{o.text} [{o.role}]" for o in event.organizations]
    return EventRow(
        doc_id=doc.doc_id,
        event_id=event.event_id,
        type=event.type,
        procedure=event.procedure,
        count=event.count,
        unit=event.unit,
        facility=event.facility.text if event.facility else None,
        facility_id=event.facility.id if event.facility else None,
        location=event.location,
        organizations=JOIN.join(orgs) if orgs else None,
        program=event.program,
        date=event.date if _iso_date(event.date) else None,
        date_text=event.date if event.date and not _iso_date(event.date) else None,
        decrees=JOIN.join(event.decrees) if event.decrees else None,
        evidence_start=event.evidence.start,
        evidence_end=event.evidence.end,
        evidence=doc.text[event.evidence.start : event.evidence.end],
        cluster_id=event.cluster_id,
        seen_in=event.seen_in,
    )


def _iso_date(value: str | None) -> date | None:
    """The date of an ISO YYYY-MM-DD string, else None (an unresolved date as written)."""
    if value is None or len(value) != 10:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _items(field: str) -> Callable[[list[Document]], Iterator[Row]]:
    """Rows of one list field of the documents (entities, quantities, ...), each with its doc_id."""

    def rows(documents: list[Document]) -> Iterator[Row]:
        for doc in documents:
            for item in getattr(doc, field):
                yield {"doc_id": doc.doc_id, **item.model_dump(mode="json")}

    return rows


def _event_rows(documents: list[Document]) -> Iterator[Row]:
    for doc in documents:
        for event in doc.events:
            yield event_row(doc, event).model_dump(mode="json")


def _event_organization_rows(documents: list[Document]) -> Iterator[Row]:
    for doc in documents:
        for event in doc.events:
            for org in event.organizations:
                yield {"doc_id": doc.doc_id, "event_id": event.event_id, **org.model_dump(mode="json")}


PARTS = ("entities", "quantities", "decrees", "dates", "events")  # the lists of a Document, counted


def _document_columns() -> list[Column]:
    """The scalar fields of `Document` (doc_id, published, text), with `Source` flattened in, then the
    length of the text and the number of items of each part."""
    cols: list[Column] = []
    for name, field in Document.model_fields.items():
        if name == "source":
            cols += columns_of(Source, prefix="source_")
            continue
        try:
            cols.append(_column(name, field))
        except TypeError:
            continue  # the lists of items: they are tables of their own
    cols.append(Column("text_length", "integer", False, "number of characters of `text`", 79))
    cols += [
        Column(f"n_{part}", "integer", False, f"number of {part} (rows of `{part}`)", 3) for part in PARTS
    ]
    return cols


def _document_rows(documents: list[Document]) -> Iterator[Row]:
    names = [c.name for c in _document_columns()]
    for doc in documents:
        data = doc.model_dump(mode="json", exclude=set(PARTS))
        source = data.pop("source") or {}
        data.update({f"source_{k}": v for k, v in source.items()})
        data["text_length"] = len(doc.text)
        data.update({f"n_{part}": len(getattr(doc, part)) for part in PARTS})
        yield {n: data.get(n) for n in names}


@dataclass(frozen=True)
class Table:
    """One flat table: its columns, how its rows are made, and what SQLite indexes."""

    name: str
    columns: list[Column]
    rows: Callable[[list[Document]], Iterator[Row]]
    indexed: tuple[str, ...] = ("doc_id",)
    files: bool = True  # also written as CSV and Parquet
    primary_key: str | None = None  # SQLite
    references: tuple[str, ...] = ("documents",)  # SQLite: FOREIGN KEY (<table>_id) REFERENCES <table>

    def frame(self, documents: list[Document]) -> pd.DataFrame:
        """The table as a DataFrame with explicit dtypes (an empty table keeps its columns)."""
        names = [c.name for c in self.columns]
        records = list(self.rows(documents))
        data = {
            n: pd.Series([_cell(c, r.get(n)) for r in records], dtype=_PANDAS_DTYPES[c.kind])
            for n, c in zip(names, self.columns, strict=True)
        }
        return pd.DataFrame(data, columns=names)

    def arrow_schema(self) -> pa.Schema:
        """The Parquet schema: each column's type, and its description as field metadata."""
        return pa.schema(
            [
                pa.field(
                    c.name, _ARROW_TYPES[c.kind], nullable=c.nullable, metadata={"description": c.description}
                )
                for c in self.columns
            ]
        )


def _cell(column: Column, value: Any) -> Any:
    return _iso_date(value) if column.kind == "date" else value


TABLES: tuple[Table, ...] = (
    Table("documents", _document_columns(), _document_rows, indexed=(), primary_key="doc_id", references=()),
    Table("entities", [DOC_ID, *columns_of(Entity)], _items("entities"), ("doc_id", "type", "id")),
    Table(
        "quantities", [DOC_ID, *columns_of(Quantity)], _items("quantities"), ("doc_id", "unit", "procedure")
    ),
    Table("decrees", [DOC_ID, *columns_of(Decree)], _items("decrees"), ("doc_id", "kind")),
    Table("dates", [DOC_ID, *columns_of(DateMention)], _items("dates"), ("doc_id", "value")),
    Table(
        "events", columns_of(EventRow), _event_rows, ("doc_id", "type", "procedure"), primary_key="event_id"
    ),
    Table(
        "event_organizations",
        [c for c in columns_of(EventRow) if c.name in ("doc_id", "event_id")] + columns_of(OrgRef),
        _event_organization_rows,
        ("doc_id", "event_id", "id", "role"),
        references=("documents", "events"),
    ),
    # Tables over the whole run (pipeline.duplicates): near-duplicate groups, happenings, counts once.
    Table("duplicates", columns_of(DuplicateRow), duplicates.duplicate_rows, ("group", "doc_id")),
    Table(
        "event_clusters",
        columns_of(EventClusterRow),
        duplicates.cluster_rows,
        ("cluster_id", "type", "procedure", "facility_id", "month"),
        references=(),  # a happening spans bulletins: its doc_ids are a joined list
    ),
    Table(
        "aggregates",
        columns_of(AggregateRow),
        duplicates.aggregate_rows,
        ("month", "procedure"),
        references=(),
    ),
)


# --------------------------------------------------------------------------- atomic files


def atomic_write(path: Path, write: Callable[[Path], None]) -> Path:
    """Make `path` by calling `write(tmp)` on a temp file beside it, then renaming it over `path`.

    If `write` fails (or the run is interrupted), the temp file is removed and
    `path` is left as it was.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        with open(tmp, "rb+") as f:  # on disk before it takes the name
            os.fsync(f.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; give the file the usual permissions
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def write_text(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write a text file atomically (newlines kept as given)."""

    def write(tmp: Path) -> None:
        tmp.write_bytes(text.encode(encoding))

    return atomic_write(path, write)


def jsonl(records: list[BaseModel]) -> str:
    """Records as JSON lines (their JSON dump, Arabic kept as is)."""
    return "".join(json.dumps(r.model_dump(mode="json"), ensure_ascii=False) + "\n" for r in records)


# A text cell starting with one of these is a formula to a spreadsheet program
# ("=HYPERLINK(...)", "+1+1", "-2+3", "@SUM(...)", and tab/CR variants of them).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A value as a CSV cell: text a spreadsheet would run as a formula gets a leading `'`."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_csv(path: Path, table: Table, documents: list[Document]) -> Path:
    names = [c.name for c in table.columns]

    def write(tmp: Path) -> None:
        # utf-8-sig: the BOM makes spreadsheet programs read the Arabic as UTF-8.
        # CRLF rows (RFC 4180): the csv module quotes a cell holding any character
        # of the line terminator, so a bare CR inside a text can never split a row.
        with open(tmp, "w", encoding="utf-8-sig", newline="") as f:
            out = csv.DictWriter(f, fieldnames=names, lineterminator="\r\n")
            out.writeheader()
            for row in table.rows(documents):
                out.writerow({k: csv_cell(v) for k, v in row.items()})

    return atomic_write(path, write)


def write_parquet(path: Path, table: Table, documents: list[Document]) -> Path:
    arrow = pa.Table.from_pandas(table.frame(documents), schema=table.arrow_schema(), preserve_index=False)

    def write(tmp: Path) -> None:
        pq.write_table(arrow, tmp, compression="zstd", write_statistics=True)

    return atomic_write(path, write)


def write_sqlite(path: Path, documents: list[Document]) -> Path:
    """One table per `TABLES` entry, with its indexes, in a fresh database file."""

    def write(tmp: Path) -> None:
        con = sqlite3.connect(tmp, isolation_level=None)
        try:
            # Fixed settings, no journal file beside the temp file: the bytes depend only on the rows.
            con.execute(f"PRAGMA page_size = {SQLITE_PAGE_SIZE}")
            con.execute("PRAGMA journal_mode = OFF")
            con.execute("PRAGMA synchronous = OFF")
            con.execute("PRAGMA foreign_keys = ON")  # every row's doc_id / event_id is checked
            con.execute("BEGIN")
            for table in TABLES:
                _sqlite_table(con, table, documents)
            con.execute("COMMIT")
        finally:
            con.close()

    return atomic_write(path, write)


def _sqlite_table(con: sqlite3.Connection, table: Table, documents: list[Document]) -> None:
    cols = [
        f'"{c.name}" {_SQLITE_TYPES[c.kind]}{"" if c.nullable else " NOT NULL"}'
        + (" PRIMARY KEY" if c.name == table.primary_key else "")
        for c in table.columns
    ]
    for ref in table.references:  # documents -> doc_id, events -> event_id
        key = next(t.primary_key for t in TABLES if t.name == ref)
        cols.append(f'FOREIGN KEY ("{key}") REFERENCES "{ref}" ("{key}")')
    con.execute(f'CREATE TABLE "{table.name}" ({", ".join(cols)})')
    names = [c.name for c in table.columns]
    marks = ", ".join("?" for _ in names)
    con.executemany(
        f'INSERT INTO "{table.name}" VALUES ({marks})',
        ([row.get(n) for n in names] for row in table.rows(documents)),
    )
    for col in table.indexed:
        con.execute(f'CREATE INDEX "idx_{table.name}_{col}" ON "{table.name}" ("{col}")')
    if table.name == "documents":  # full-text search on the bulletins' text (datasette finds documents_fts)
        con.execute(
            'CREATE VIRTUAL TABLE "documents_fts" USING fts5(text, content="documents", content_rowid="rowid")'
        )
        con.execute("INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')")


# --------------------------------------------------------------------------- all outputs


def write_all(
    out_dir: Path, documents: list[Document], rejects: list[Reject], info: RunInfo | None = None
) -> dict[str, Path]:
    """Write every output file of a run into `out_dir`; returns {file name: path}, in writing order.

    `info` (inputs, options, version, times) is shown at the top of report.html.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}

    def put(name: str, write: Callable[[Path], Path]) -> None:
        paths[name] = write(out_dir / name)

    put("documents.jsonl", lambda p: write_text(p, jsonl(list(documents))))
    for table in TABLES:
        if table.files:
            put(f"{table.name}.csv", lambda p, t=table: write_csv(p, t, documents))
            put(f"{table.name}.parquet", lambda p, t=table: write_parquet(p, t, documents))
    put("bulletins.sqlite", lambda p: write_sqlite(p, documents))
    schema = json.dumps(Document.model_json_schema(), ensure_ascii=False, indent=2) + "\n"
    put("schema.json", lambda p: write_text(p, schema))
    put("rejects.jsonl", lambda p: write_text(p, jsonl(list(rejects))))
    put(duplicates.SIGNATURES, lambda p: write_text(p, duplicates.signatures_jsonl(documents)))
    # report.html (+ report/ pages), read from the database just written; the rejects come with `info`
    report_info = dataclasses.replace(info or RunInfo(), rejects=tuple(rejects))
    paths.update((n, out_dir / n) for n in write_report(paths["bulletins.sqlite"], out_dir, report_info))
    return paths


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_manifest(out_dir: Path, run: dict[str, Any]) -> Path:
    """manifest.json: every other file of `out_dir` with its size and sha256, plus `run`
    (inputs, options, version, counts). No time or machine in it: a rerun gives the same bytes."""
    root = Path(out_dir)
    files = [
        {"name": p.relative_to(root).as_posix(), "size": p.stat().st_size, "sha256": _sha256(p)}
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != "manifest.json" and not p.name.startswith(".")
    ]
    text = json.dumps({**run, "files": files}, ensure_ascii=False, indent=2) + "\n"
    return write_text(Path(out_dir) / "manifest.json", text)
