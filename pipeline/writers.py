"""Writers: every output file of a run, generated from the models in `pipeline.models`.

    with Output(Path("staging")) as out:    # every file open, written as the documents arrive
        for doc in linked_documents:
            out.add(doc)                    # its lines and rows appended to every file
        out.reject(reject)                  # (rejects in input order, as they come)
        paths = out.close()                 # {"documents.jsonl": Path(...), ...}: each file takes its name
    paths = write_all(Path("outputs"), documents, rejects)   # the same for documents in a list

Streaming: nothing holds the documents. Each file is appended to as they
arrive (JSONL lines, CSV rows, Parquet row groups, SQLite inserts in batched
transactions; see `pipeline.sinks`); the tables over the whole run
(duplicates, event_clusters, aggregates) are gathered by
`pipeline.duplicates.RunTables` from a few fields of each bulletin and written
at `close`. The report is written after the database is complete
(`write_report`).

Files (in `out_dir`, created if missing):

    documents.jsonl   one `Document` a line (its JSON dump), in input order
    <table>.csv       one row per item with its `doc_id` (UTF-8 with BOM, so that
                      spreadsheet programs show the Arabic; pandas reads it as is;
                      CRLF rows, every cell with a CR or LF quoted; a text cell
                      starting with = + - @ tab or CR gets a leading ' so that no
                      spreadsheet runs it as a formula: Parquet and SQLite keep
                      the text as is)
    <table>.parquet   the same tables, with explicit column types (a row group per 1,000 rows)
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

Column types come from the field annotations (`pipeline.columns`): str/Literal -> text, int ->
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
disk at `close` and then renamed over the target (`os.replace`), so a reader or an
interrupted run sees the old file or the new one, never half a file. A run
(`pipeline.run`) writes them all into a staging folder that replaces the output
folder as a whole once every file is there (`pipeline.publish`).

Nothing depends on the time or the machine: a rerun on the same input writes
byte-identical files (SQLite: fixed page size, no journal, rows in input order, the same
transactions; Parquet: fixed writer settings and row groups).
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from pipeline import duplicates
from pipeline.columns import Column, _column, _kind_of, columns_of, iso_date  # noqa: F401 - _kind_of: tests
from pipeline.duplicates import RunTables, Signature, signature
from pipeline.models import (
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
from pipeline.report import RunInfo
from pipeline.sinks import (  # noqa: F401 - csv_cell: part of this module's interface
    ROW_GROUP,
    CsvSink,
    JsonlSink,
    ParquetSink,
    Sink,
    SqliteSink,
    arrow_fields,
    csv_cell,
    frame_columns,
    publish_temp,
    temp_beside,
)

Row = dict[str, Any]

JOIN = " | "  # separator of lists flattened into one cell (organizations, decrees)

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
        date=event.date if iso_date(event.date) else None,
        date_text=event.date if event.date and not iso_date(event.date) else None,
        decrees=JOIN.join(event.decrees) if event.decrees else None,
        evidence_start=event.evidence.start,
        evidence_end=event.evidence.end,
        evidence=doc.text[event.evidence.start : event.evidence.end],
        cluster_id=event.cluster_id,
        seen_in=event.seen_in,
    )


def _items(field: str) -> Callable[[Document], Iterator[Row]]:
    """Rows of one list field of a document (entities, quantities, ...), each with its doc_id."""

    def rows(doc: Document) -> Iterator[Row]:
        for item in getattr(doc, field):
            yield {"doc_id": doc.doc_id, **item.model_dump(mode="json")}

    return rows


def _event_rows(doc: Document) -> Iterator[Row]:
    for event in doc.events:
        yield event_row(doc, event).model_dump(mode="json")


def _event_organization_rows(doc: Document) -> Iterator[Row]:
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


_DOCUMENT_NAMES = [c.name for c in _document_columns()]


def _document_rows(doc: Document) -> Iterator[Row]:
    data = doc.model_dump(mode="json", exclude=set(PARTS))
    source = data.pop("source") or {}
    data.update({f"source_{k}": v for k, v in source.items()})
    data["text_length"] = len(doc.text)
    data.update({f"n_{part}": len(getattr(doc, part)) for part in PARTS})
    yield {n: data.get(n) for n in _DOCUMENT_NAMES}


@dataclass(frozen=True)
class Table:
    """One flat table: its columns, how its rows are made, and what SQLite indexes.

    `rows` gives a document's rows; a table over the whole run has `run_rows` instead,
    its rows made at the end from `pipeline.duplicates.RunTables`."""

    name: str
    columns: list[Column]
    rows: Callable[[Document], Iterator[Row]] | None = None
    indexed: tuple[str, ...] = ("doc_id",)
    files: bool = True  # also written as CSV and Parquet
    primary_key: str | None = None  # SQLite
    references: tuple[str, ...] = ("documents",)  # SQLite: FOREIGN KEY (<table>_id) REFERENCES <table>
    run_rows: Callable[[RunTables], Iterator[Row]] | None = None

    def rows_of(self, documents: Iterable[Document]) -> Iterator[Row]:
        """The table's rows over `documents` (a run table: over them as they are linked)."""
        if self.rows is not None:
            for doc in documents:
                yield from self.rows(doc)
        elif self.run_rows is not None:
            yield from self.run_rows(duplicates.run_tables(documents))

    def frame(self, rows: list[Row]) -> Any:
        """Rows as a DataFrame with explicit dtypes (an empty table keeps its columns)."""
        import pandas as pd

        names = [c.name for c in self.columns]
        return pd.DataFrame(frame_columns(self.columns, rows), columns=names)

    def arrow_schema(self) -> Any:
        """The Parquet schema: each column's type, and its description as field metadata."""
        import pyarrow as pa

        return pa.schema(arrow_fields(self.columns))


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
    Table(
        "duplicates", columns_of(DuplicateRow), indexed=("group", "doc_id"), run_rows=RunTables.duplicate_rows
    ),
    Table(
        "event_clusters",
        columns_of(EventClusterRow),
        indexed=("cluster_id", "type", "procedure", "facility_id", "month"),
        references=(),  # a happening spans bulletins: its doc_ids are a joined list
        run_rows=RunTables.cluster_rows,
    ),
    Table(
        "aggregates",
        columns_of(AggregateRow),
        indexed=("month", "procedure"),
        references=(),
        run_rows=RunTables.aggregate_rows,
    ),
)


# --------------------------------------------------------------------------- whole files


def atomic_write(path: Path, write: Callable[[Path], None]) -> Path:
    """Make `path` by calling `write(tmp)` on a temp file beside it, then renaming it over `path`.

    If `write` fails (or the run is interrupted), the temp file is removed and
    `path` is left as it was.
    """
    tmp = temp_beside(path)
    try:
        write(tmp)
        return publish_temp(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write a text file atomically (newlines kept as given)."""

    def write(tmp: Path) -> None:
        tmp.write_bytes(text.encode(encoding))

    return atomic_write(path, write)


def jsonl(records: list[BaseModel]) -> str:
    """Records as JSON lines (their JSON dump, Arabic kept as is)."""
    return "".join(json.dumps(r.model_dump(mode="json"), ensure_ascii=False) + "\n" for r in records)


def _filled(sink: Any, fill: Callable[[Any], None]) -> Path:
    """`sink` filled by `fill` and closed under its name; on any error given up, the path untouched."""
    try:
        fill(sink)
    except BaseException:
        sink.abort()
        raise
    return sink.close()


def write_csv(path: Path, table: Table, documents: list[Document]) -> Path:
    """One table of `documents` as a CSV file."""
    return _filled(CsvSink(path, table.columns), lambda sink: sink.add(table.rows_of(documents)))


def write_parquet(path: Path, table: Table, documents: list[Document]) -> Path:
    """One table of `documents` as a Parquet file (the Dask path's part files), as `Output` writes it."""
    return _filled(ParquetSink(path, table), lambda sink: sink.add(table.rows_of(documents)))


def document_rows(doc: Document) -> Iterator[tuple[Table, list[Row]]]:
    """Each table made of documents, with this document's rows."""
    for table in TABLES:
        if table.rows is not None:
            yield table, list(table.rows(doc))


def run_rows(run_tables: RunTables) -> Iterator[tuple[Table, list[Row]]]:
    """Each table over the run, with its rows, a batch (`ROW_GROUP`) at a time as a document's."""
    for table in TABLES:
        if table.run_rows is not None:
            rows = table.run_rows(run_tables)
            while batch := list(itertools.islice(rows, ROW_GROUP)):
                yield table, batch


def write_sqlite(path: Path, documents: Iterable[Document]) -> Path:
    """The database of `documents` alone (every table, the run's too), as `Output` writes it:
    for a report built from given documents (tests, `bench/report_scale.py`)."""

    def fill(sink: SqliteSink) -> None:
        run_tables = RunTables()
        for doc in documents:
            for table, rows in document_rows(doc):
                sink.add(table.name, rows)
            sink.step()
            run_tables.add(doc)
        for table, rows in run_rows(run_tables):
            sink.add(table.name, rows)

    return _filled(SqliteSink(path, TABLES), fill)


def read_documents(path: Path) -> Iterator[Document]:
    """The documents of a documents.jsonl, one at a time."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            yield Document.model_validate_json(line)


# --------------------------------------------------------------------------- all outputs, streamed


class Output:
    """Every output file of a run but the report and the manifest, in `out_dir`, written as the
    documents arrive (a context manager: on an error every file is given up).

    It holds no document: each is written when it is `add`ed (after linking, so that its
    duplicate and cluster fields are known). What it keeps is bounded per bulletin
    (`RunTables`: the run's tables, made at `close`)."""

    def __init__(self, out_dir: Path) -> None:
        self.dir = Path(out_dir)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.sinks: dict[str, Sink] = {}
        self.run_tables = RunTables()
        try:
            self.documents = self._open(JsonlSink, "documents.jsonl")
            self.csv = {t.name: self._open(CsvSink, f"{t.name}.csv", t.columns) for t in TABLES if t.files}
            self.parquet = {
                t.name: self._open(ParquetSink, f"{t.name}.parquet", t) for t in TABLES if t.files
            }
            self.sqlite = self._open(SqliteSink, "bulletins.sqlite", TABLES)
            self.rejects = self._open(JsonlSink, "rejects.jsonl")
            self.signatures = self._open(JsonlSink, duplicates.SIGNATURES)
        except BaseException:
            self.abort()
            raise

    def _open(self, kind: Callable[..., Sink], name: str, *args: Any) -> Any:
        sink = self.sinks[name] = kind(self.dir / name, *args)
        return sink

    def __enter__(self) -> Output:
        return self

    def __exit__(self, kind: object, *_: object) -> None:
        if kind is not None:
            self.abort()

    def add(self, doc: Document, sig: Signature | None = None) -> None:
        """A linked document: its line, its rows in every table, its signature (`sig`, else made)."""
        self.documents.add(doc)
        for table, rows in document_rows(doc):
            self._rows(table, rows)
        self.sqlite.step()
        self.signatures.add((sig or signature(doc)).to_json())
        self.run_tables.add(doc)

    def _rows(self, table: Table, rows: list[Row]) -> None:
        if table.files:
            self.csv[table.name].add(rows)
            self.parquet[table.name].add(rows)
        self.sqlite.add(table.name, rows)

    def reject(self, reject: Reject) -> None:
        self.rejects.add(reject)

    def close(self) -> dict[str, Path]:
        """The tables over the run written, every file closed and given its name: {name: path}."""
        try:
            for table, rows in run_rows(self.run_tables):
                self._rows(table, rows)
            paths = {name: sink.close() for name, sink in self.sinks.items() if name != "rejects.jsonl"}
        except BaseException:
            self.abort()
            raise
        schema = json.dumps(Document.model_json_schema(), ensure_ascii=False, indent=2) + "\n"
        paths["schema.json"] = write_text(self.dir / "schema.json", schema)
        paths["rejects.jsonl"] = self.sinks.pop("rejects.jsonl").close()
        paths[duplicates.SIGNATURES] = paths.pop(duplicates.SIGNATURES)  # the order of the files: as before
        self.sinks.clear()
        return paths

    def abort(self) -> None:
        for sink in self.sinks.values():
            sink.abort()
        self.sinks.clear()


def write_report(
    out_dir: Path, info: RunInfo | None, rejects: list[Reject], jobs: int = 1
) -> dict[str, Path]:
    """report.html (and report/ pages) of the finished output set in `out_dir`, read from its
    bulletins.sqlite (complete and closed) with bounded memory: the one place a run makes its
    report. The rejects come with `info` (they are not in the database). `jobs`: worker processes
    rendering the bulletins."""
    from pipeline import report

    report_info = dataclasses.replace(info or RunInfo(), rejects=tuple(rejects))
    names = report.write_report(out_dir / "bulletins.sqlite", out_dir, report_info, jobs=jobs)
    return {name: out_dir / name for name in names}


def write_all(
    out_dir: Path, documents: Iterable[Document], rejects: list[Reject], info: RunInfo | None = None
) -> dict[str, Path]:
    """Write every output file of `documents` into `out_dir` (through `Output`, then the report);
    returns {file name: path}, in writing order.

    `info` (inputs, options, version, times) is shown at the top of report.html.
    """
    with Output(out_dir) as out:
        for doc in documents:
            out.add(doc)
        for reject in rejects:
            out.reject(reject)
        paths = out.close()
    paths.update(write_report(Path(out_dir), info, rejects))
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
