"""Output files written as the rows arrive: one sink per format (`pipeline.writers.Output` drives them).

    sink = CsvSink(Path("out/entities.csv"), columns)
    sink.add(rows)          # as many times as there are rows; each call appends
    sink.close()            # the file takes its name; sink.abort() removes it instead

Each sink writes into a hidden temp file beside its target (`.<name>.<random>.tmp`),
which is flushed to disk and renamed over the target by `close`: a reader sees
the old file or the whole new one, never half a file. What a sink holds in
memory is bounded: a CSV or JSONL sink nothing, a Parquet sink one row group
(`ROW_GROUP` rows), a SQLite sink the rows of one transaction (`COMMIT_EVERY`
bulletins, in SQLite's page cache).

    JsonlSink     one JSON object a line (documents.jsonl, rejects.jsonl, signatures.jsonl)
    CsvSink       UTF-8 with BOM, CRLF rows, spreadsheet formulas defused (`csv_cell`)
    ParquetSink   a row group per `ROW_GROUP` rows, zstd, column types from the model fields
    SqliteSink    every table created with its keys and indexes first, rows inserted in
                  batched transactions, the full-text index built at `close`
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from pydantic import BaseModel

from pipeline.columns import ARROW_TYPES, PANDAS_DTYPES, SQLITE_TYPES, Column, iso_date

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow.parquet as pq

    from pipeline.writers import Table

Row = dict[str, Any]

ROW_GROUP = 1000  # rows of a Parquet row group
COMMIT_EVERY = 500  # bulletins a SQLite transaction
SQLITE_PAGE_SIZE = 4096


# --------------------------------------------------------------------------- temp files


def temp_beside(path: Path) -> Path:
    """A fresh hidden temp file in the folder of `path` (made with the folder when missing)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    return Path(name)


def publish_temp(tmp: Path, path: Path) -> Path:
    """Put the finished temp file `tmp` on disk and in the place of `path`."""
    with open(tmp, "rb+") as f:  # on disk before it takes the name
        os.fsync(f.fileno())
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; give the file the usual permissions
    os.replace(tmp, path)
    return path


class Sink:
    """A file written in a temp beside `path`, renamed over `path` by `close`."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.tmp = temp_beside(self.path)

    def _finish(self) -> None:
        """Flush and close what is open on the temp file."""

    def close(self) -> Path:
        try:
            self._finish()
            return publish_temp(self.tmp, self.path)
        except BaseException:
            self.tmp.unlink(missing_ok=True)
            raise

    def abort(self) -> None:
        """Give up the file: the temp is removed, `path` is left as it was."""
        try:
            self._finish()
        except Exception:  # noqa: BLE001, S110 - aborting after another error: that one is raised
            pass
        self.tmp.unlink(missing_ok=True)


class _TextSink(Sink):
    def __init__(self, path: Path, encoding: str = "utf-8") -> None:
        super().__init__(path)
        self.file: IO[str] = open(self.tmp, "w", encoding=encoding, newline="")  # noqa: SIM115

    def _finish(self) -> None:
        self.file.close()


class JsonlSink(_TextSink):
    """One record a line: a model's JSON dump (Arabic kept as is), or a line already made."""

    def add(self, record: BaseModel | str) -> None:
        if isinstance(record, BaseModel):
            record = json.dumps(record.model_dump(mode="json"), ensure_ascii=False)
        self.file.write(record + "\n")


# A text cell starting with one of these is a formula to a spreadsheet program
# ("=HYPERLINK(...)", "+1+1", "-2+3", "@SUM(...)", and tab/CR variants of them).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A value as a CSV cell: text a spreadsheet would run as a formula gets a leading `'`."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class CsvSink(_TextSink):
    """A table as CSV: a header, then the rows as they come.

    utf-8-sig: the BOM makes spreadsheet programs read the Arabic as UTF-8. CRLF rows
    (RFC 4180): the csv module quotes a cell holding any character of the line terminator,
    so a bare CR inside a text can never split a row."""

    def __init__(self, path: Path, columns: Sequence[Column]) -> None:
        super().__init__(path, encoding="utf-8-sig")
        self.out = csv.DictWriter(self.file, fieldnames=[c.name for c in columns], lineterminator="\r\n")
        self.out.writeheader()

    def add(self, rows: Iterable[Row]) -> None:
        for row in rows:
            self.out.writerow({k: csv_cell(v) for k, v in row.items()})


class ParquetSink(Sink):
    """A table as Parquet, one row group per `ROW_GROUP` rows, with explicit column types.

    Each group goes through the DataFrame of `Table.frame` (the same conversion for every
    group); the file's schema, pandas metadata included, is that of the first group."""

    def __init__(self, path: Path, table: Table) -> None:
        super().__init__(path)
        self.table = table
        self.rows: list[Row] = []
        self.writer: pq.ParquetWriter | None = None

    def add(self, rows: Iterable[Row]) -> None:
        self.rows.extend(rows)
        while len(self.rows) >= ROW_GROUP:
            self._write(self.rows[:ROW_GROUP])
            del self.rows[:ROW_GROUP]

    def _write(self, rows: list[Row]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        arrow = pa.Table.from_pandas(
            self.table.frame(rows), schema=self.table.arrow_schema(), preserve_index=False
        )
        if self.writer is None:
            self.writer = pq.ParquetWriter(self.tmp, arrow.schema, compression="zstd", write_statistics=True)
        self.writer.write_table(arrow)

    def _finish(self) -> None:
        if self.rows or self.writer is None:  # the last group; an empty table keeps its columns
            self._write(self.rows)
            self.rows = []
        if self.writer is not None:
            self.writer.close()


class SqliteSink(Sink):
    """Every table in one database file, filled as the rows come.

    Fixed settings, no journal file beside the temp file, rows in input order: the content
    depends only on the rows. Tables, keys and indexes are created first, in table order;
    rows are inserted in transactions of `COMMIT_EVERY` bulletins (`step`); `close` builds
    `documents_fts`, the full-text index (FTS5) of the documents' text."""

    def __init__(self, path: Path, tables: Sequence[Table]) -> None:
        super().__init__(path)
        self.con: sqlite3.Connection | None = sqlite3.connect(self.tmp, isolation_level=None)
        self.inserts: dict[str, str] = {}
        self.names: dict[str, list[str]] = {}
        self.pending = 0
        con = self.con
        con.execute(f"PRAGMA page_size = {SQLITE_PAGE_SIZE}")
        con.execute("PRAGMA journal_mode = OFF")
        con.execute("PRAGMA synchronous = OFF")
        con.execute("PRAGMA foreign_keys = ON")  # every row's doc_id / event_id is checked
        con.execute("BEGIN")
        for table in tables:
            self._create(table, tables)
        con.execute("COMMIT")
        con.execute("BEGIN")

    def _create(self, table: Table, tables: Sequence[Table]) -> None:
        assert self.con is not None
        cols = [
            f'"{c.name}" {SQLITE_TYPES[c.kind]}{"" if c.nullable else " NOT NULL"}'
            + (" PRIMARY KEY" if c.name == table.primary_key else "")
            for c in table.columns
        ]
        for ref in table.references:  # documents -> doc_id, events -> event_id
            key = next(t.primary_key for t in tables if t.name == ref)
            cols.append(f'FOREIGN KEY ("{key}") REFERENCES "{ref}" ("{key}")')
        self.con.execute(f'CREATE TABLE "{table.name}" ({", ".join(cols)})')
        self.names[table.name] = [c.name for c in table.columns]
        marks = ", ".join("?" for _ in table.columns)
        self.inserts[table.name] = f'INSERT INTO "{table.name}" VALUES ({marks})'
        for col in table.indexed:
            self.con.execute(f'CREATE INDEX "idx_{table.name}_{col}" ON "{table.name}" ("{col}")')
        if (
            table.name == "documents"
        ):  # full-text search on the bulletins' text (datasette finds documents_fts)
            self.con.execute(
                'CREATE VIRTUAL TABLE "documents_fts" USING fts5(text, content="documents", content_rowid="rowid")'
            )

    def add(self, table: str, rows: Iterable[Row]) -> None:
        assert self.con is not None
        names = self.names[table]
        self.con.executemany(self.inserts[table], ([row.get(n) for n in names] for row in rows))

    def step(self) -> None:
        """One bulletin's rows are in: every `COMMIT_EVERY` bulletins, a transaction ends."""
        assert self.con is not None
        self.pending += 1
        if self.pending >= COMMIT_EVERY:
            self.con.execute("COMMIT")
            self.con.execute("BEGIN")
            self.pending = 0

    def close(self) -> Path:
        if self.con is not None:
            try:
                self.con.execute("INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')")
                self.con.execute("COMMIT")
            except BaseException:
                self.abort()
                raise
        return super().close()

    def _finish(self) -> None:
        if self.con is not None:
            self.con.close()
            self.con = None


def frame_columns(columns: Sequence[Column], rows: list[Row]) -> dict[str, Any]:
    """The columns of a DataFrame of `rows`, each with the pandas dtype of its kind."""
    import pandas as pd

    return {
        c.name: pd.Series([_cell(c, r.get(c.name)) for r in rows], dtype=PANDAS_DTYPES[c.kind])
        for c in columns
    }


def arrow_fields(columns: Sequence[Column]) -> list[Any]:
    """The Parquet fields: each column's type, and its description as field metadata."""
    import pyarrow as pa

    return [
        pa.field(c.name, ARROW_TYPES[c.kind], nullable=c.nullable, metadata={"description": c.description})
        for c in columns
    ]


def _cell(column: Column, value: Any) -> Any:
    return iso_date(value) if column.kind == "date" else value
