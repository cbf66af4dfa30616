"""Typed tables: documents.csv/.parquet, integers as Int64, dates as date32 with the raw text beside them,
decree numbers as text, column descriptions in Parquet, SQLite keys and full-text search."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline import process_text
from pipeline.writers import TABLES, write_all

LEDE = "أجرى الفريق الطبي بمستشفى الهضبة الخضراء العام 6 عمليات قسطرة قلبية يوم 13 مارس الجاري بدعم من وزارة الصحة."
DECREE = (
    "صدر قرار وزير الصحة رقم 12/أ لسنة 2024 بشأن تنظيم نقل 4.6 أطنان من الأدوية إلى مستشفى طرابلس المركزي."
)


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    docs = [
        process_text(LEDE, published="2024-03-20", doc_id="dated"),  # the event's date resolves
        process_text(LEDE, doc_id="undated"),  # no publication date: "13 مارس الجاري" stays text
        process_text(DECREE, published="2024-03-20", doc_id="decree"),
    ]
    out_dir = tmp_path_factory.mktemp("tables")
    write_all(out_dir, docs, [])
    return out_dir


def test_documents_table_one_row_per_bulletin_with_counts(out: Path) -> None:
    df = pd.read_parquet(out / "documents.parquet")
    assert df["doc_id"].tolist() == ["dated", "undated", "decree"]
    assert df["text_length"].tolist() == [len(LEDE), len(LEDE), len(DECREE)]
    assert df["n_events"].tolist() == [1, 1, len(process_text(DECREE).events)]
    assert df["n_decrees"].tolist() == [0, 0, 1]
    assert df["published"].tolist() == [dt.date(2024, 3, 20), None, dt.date(2024, 3, 20)]
    csv = pd.read_csv(out / "documents.csv")
    assert csv["doc_id"].tolist() == df["doc_id"].tolist() and csv["n_quantities"].tolist() == [1, 1, 1]


@pytest.mark.parametrize(
    ("table", "column", "dtype"),
    [
        ("entities", "start", "Int64"),
        ("documents", "source_line_start", "Int64"),  # nullable integers stay integers
        ("decrees", "year", "Int64"),
        ("decrees", "number", "string"),  # "12/أ": text, never a number
        ("events", "evidence_start", "Int64"),
        ("dates", "relative", "boolean"),
    ],
)
def test_pandas_reads_the_documented_dtypes_without_hints(
    out: Path, table: str, column: str, dtype: str
) -> None:
    assert str(pd.read_parquet(out / f"{table}.parquet")[column].dtype) in (
        dtype,
        "str" if dtype == "string" else dtype,
    )


@pytest.mark.parametrize(
    ("table", "column"), [("documents", "published"), ("dates", "value"), ("events", "date")]
)
def test_dates_are_date32(out: Path, table: str, column: str) -> None:
    assert str(pq.read_schema(out / f"{table}.parquet").field(column).type) == "date32[day]"


def test_an_unresolved_event_date_is_in_date_text_not_in_date(out: Path) -> None:
    df = pd.read_parquet(out / "events.parquet").set_index("doc_id")
    assert df.loc["dated", "date"] == dt.date(2024, 3, 13) and pd.isna(df.loc["dated", "date_text"])
    assert pd.isna(df.loc["undated", "date"]) and df.loc["undated", "date_text"] == "13 مارس الجاري"


def test_decree_number_stays_text(out: Path) -> None:
    assert pd.read_parquet(out / "decrees.parquet")["number"].tolist() == ["12/أ"]
    with sqlite3.connect(out / "bulletins.sqlite") as con:
        assert con.execute("SELECT number, typeof(number) FROM decrees").fetchall() == [("12/أ", "text")]


@pytest.mark.parametrize("table", [t.name for t in TABLES])
def test_parquet_columns_carry_their_descriptions(out: Path, table: str) -> None:
    schema = pq.read_schema(out / f"{table}.parquet")
    expected = {c.name: c.description for c in next(t for t in TABLES if t.name == table).columns}
    assert {f.name: f.metadata[b"description"].decode() for f in schema} == expected
    assert all(expected.values())


def test_sqlite_keys(out: Path) -> None:
    with sqlite3.connect(out / "bulletins.sqlite") as con:
        pk = {
            t: [r[1] for r in con.execute(f'PRAGMA table_info("{t}")') if r[5]]
            for t in ("documents", "events", "entities")
        }
        fks = {
            t.name: sorted((r[3], r[2], r[4]) for r in con.execute(f'PRAGMA foreign_key_list("{t.name}")'))
            for t in TABLES
        }
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    assert pk == {"documents": ["doc_id"], "events": ["event_id"], "entities": []}
    assert fks["documents"] == []
    assert fks["entities"] == [("doc_id", "documents", "doc_id")]
    assert fks["event_organizations"] == [
        ("doc_id", "documents", "doc_id"),
        ("event_id", "events", "event_id"),
    ]


def test_sqlite_refuses_an_orphan_row(out: Path) -> None:
    """Trap: the keys are real constraints, not comments."""
    con = sqlite3.connect(out / "bulletins.sqlite")
    try:
        con.execute("PRAGMA foreign_keys = ON")
        with pytest.raises(sqlite3.IntegrityError):
            con.execute(
                "INSERT INTO entities (doc_id, text, start, end, type, norm) VALUES ('nope', 'x', 0, 1, 'LOC', 'x')"
            )
        with pytest.raises(sqlite3.IntegrityError):
            con.execute(
                "INSERT INTO documents (doc_id, text, text_length, n_entities, n_quantities, n_decrees, n_dates, n_events) SELECT doc_id, text, 1, 0, 0, 0, 0, 0 FROM documents LIMIT 1"
            )
    finally:
        con.rollback()
        con.close()


@pytest.mark.parametrize(
    ("query", "ids"), [("قسطرة", ["dated", "undated"]), ("أطنان", ["decree"]), ("غسيل", [])]
)
def test_full_text_search_on_documents(out: Path, query: str, ids: list[str]) -> None:
    with sqlite3.connect(out / "bulletins.sqlite") as con:
        rows = con.execute(
            "SELECT d.doc_id FROM documents_fts f JOIN documents d ON d.rowid = f.rowid "
            "WHERE documents_fts MATCH ? ORDER BY d.rowid",
            (query,),
        ).fetchall()
    assert [r[0] for r in rows] == ids
