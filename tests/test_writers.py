"""Writers: every output file, columns from the models, Arabic intact, SQLite keys, atomicity, stable bytes."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path
from typing import Any, Literal

import pandas as pd
import pyarrow.parquet as pq
import pytest
from pydantic import BaseModel

from pipeline import writers
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
    Evidence,
    FacilityRef,
    OrgRef,
    Quantity,
    Reject,
    Source,
)
from pipeline.report import highlight
from pipeline.sinks import ParquetSink, SqliteSink
from pipeline.writers import TABLES, atomic_write, event_row, write_all
from tests.conftest import span

TEXT_1 = (
    "أجرى الفريق الطبي التابع لجهاز دعم وتطوير الخدمات العلاجية، بالتعاون مع الكوادر الطبية "
    "بمستشفى الهضبة الخضراء العام، 6 عمليات قسطرة خلال هذا الأسبوع.\n"
    "وتأتي هذه الجهود ضمن مبادرة توطين العلاج، وبدعم مباشر من حكومة الوحدة الوطنية."
)
TEXT_2 = (
    "صدر قرار رئيس مجلس وزراء حكومة الوحدة الوطنية رقم (649) لسنة 2024 بإيفاد مرضى ضمور العضلات "
    "الشوكي إلى مستشفى جليلة بالإمارات، وتلقى 4 أطفال الحقن الجينية في 26 مايو 2024 م."
)
TEXT_3 = "نشرة بلا شيء يستخرج منها <b>&amp;</b>"


def make_documents() -> list[Document]:
    d1 = Document(
        doc_id="000_83d44f455a603adc:2-3",
        source=Source(path="corpus/000_83d44f455a603adc.txt", line_start=2, line_end=3),
        text=TEXT_1,
        entities=[
            span(
                TEXT_1,
                "جهاز دعم وتطوير الخدمات العلاجية",
                Entity,
                type="ORG",
                norm="جهاز دعم وتطوير الخدمات العلاجيه",
                id="org_sdtms",
                name_en="Agency",
            ),
            span(
                TEXT_1,
                "مستشفى الهضبة الخضراء العام",
                Entity,
                type="FACILITY",
                norm="مستشفي الهضبه الخضراء العام",
            ),
            span(TEXT_1, "قسطرة", Entity, type="PROCEDURE", norm="قسطره"),
            span(TEXT_1, "هذا الأسبوع", Entity, type="DATE", norm="هذا الاسبوع"),
            span(TEXT_1, "مبادرة توطين العلاج", Entity, type="PROGRAM", norm="مبادره توطين العلاج"),
            span(TEXT_1, "حكومة الوحدة الوطنية", Entity, type="ORG", norm="حكومه الوحده الوطنيه"),
        ],
        quantities=[
            span(TEXT_1, "6 عمليات", Quantity, value=6, unit="operation", procedure="catheterization")
        ],
        dates=[span(TEXT_1, "هذا الأسبوع", DateMention, relative=True)],
        events=[
            Event(
                event_id="ev_1",
                type="procedure_performed",
                procedure="catheterization",
                count=6,
                unit="operation",
                facility=FacilityRef(text="مستشفى الهضبة الخضراء العام", id="fac_hadba"),
                organizations=[
                    OrgRef(text="جهاز دعم وتطوير الخدمات العلاجية", role="performer"),
                    OrgRef(text="حكومة الوحدة الوطنية", role="supporter"),
                ],
                program="مبادرة توطين العلاج",
                evidence=Evidence(start=0, end=TEXT_1.index("\n")),
            )
        ],
    )
    d2 = Document(
        doc_id="bulletin-2",
        published="2024-05-27",
        text=TEXT_2,
        entities=[
            span(TEXT_2, "حكومة الوحدة الوطنية", Entity, type="ORG", norm="حكومه الوحده الوطنيه"),
            span(TEXT_2, "ضمور العضلات الشوكي", Entity, type="CONDITION", norm="ضمور العضلات الشوكي"),
            span(TEXT_2, "مستشفى جليلة", Entity, type="FACILITY", norm="مستشفي جليله"),
            span(
                TEXT_2,
                "الإمارات",
                Entity,
                type="LOC",
                norm="الامارات",
                id="uae",
                name_en="United Arab Emirates",
            ),
            span(TEXT_2, "26 مايو 2024 م", Entity, type="DATE", norm="26 مايو 2024 م"),
        ],
        quantities=[span(TEXT_2, "4 أطفال", Quantity, value=4, unit="child", procedure="gene_therapy")],
        decrees=[
            span(
                TEXT_2,
                "قرار رئيس مجلس وزراء حكومة الوحدة الوطنية رقم (649) لسنة 2024",
                Decree,
                number="649",
                year=2024,
                issuer="رئيس مجلس وزراء حكومة الوحدة الوطنية",
            )
        ],
        dates=[span(TEXT_2, "26 مايو 2024 م", DateMention, value="2024-05-26")],
        events=[
            Event(
                event_id="ev_2",
                type="treatment_abroad",
                procedure="gene_therapy",
                count=4,
                unit="child",
                facility=FacilityRef(text="مستشفى جليلة"),
                location="الإمارات",
                date="2024-05-26",
                decrees=["649"],
                evidence=Evidence(start=0, end=len(TEXT_2)),
            )
        ],
    )
    d3 = Document(doc_id="bulletin-3", text=TEXT_3)
    return [d1, d2, d3]


REJECTS = [
    Reject(path="corpus/broken.jsonl", line=3, reason="invalid JSON: Expecting value"),
    Reject(path="corpus/image.png", reason="binary file"),
]

FILES = [
    "documents.jsonl",
    "documents.csv",
    "entities.csv",
    "quantities.csv",
    "decrees.csv",
    "dates.csv",
    "events.csv",
    "event_organizations.csv",
    "documents.parquet",
    "entities.parquet",
    "quantities.parquet",
    "decrees.parquet",
    "dates.parquet",
    "events.parquet",
    "event_organizations.parquet",
    "duplicates.csv",
    "duplicates.parquet",
    "event_clusters.csv",
    "event_clusters.parquet",
    "aggregates.csv",
    "aggregates.parquet",
    "signatures.jsonl",
    "bulletins.sqlite",
    "schema.json",
    "rejects.jsonl",
    "report.html",
]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out_dir = tmp_path_factory.mktemp("run") / "outputs" / "nested"  # created if missing
    paths = write_all(out_dir, make_documents(), REJECTS)
    assert sorted(paths) == sorted(FILES)
    assert all(p.parent == out_dir for p in paths.values())
    return out_dir


# --------------------------------------------------------------------------- files and columns


@pytest.mark.parametrize("name", FILES)
def test_file_exists(out: Path, name: str) -> None:
    assert (out / name).stat().st_size > 0


def test_no_temp_files_left(out: Path) -> None:
    assert sorted(p.name for p in out.iterdir()) == sorted(FILES)


# table, the fields of its model, fields before them, item count in make_documents()
TABLE_FIELDS = [
    ("entities", Entity, ["doc_id"], 11),
    ("quantities", Quantity, ["doc_id"], 2),
    ("decrees", Decree, ["doc_id"], 1),
    ("dates", DateMention, ["doc_id"], 2),
    ("events", EventRow, [], 2),
    ("event_organizations", OrgRef, ["doc_id", "event_id"], 2),
    ("duplicates", DuplicateRow, [], 0),  # not linked (pipeline.duplicates.link): no groups,
    ("event_clusters", EventClusterRow, [], 2),  # each event a happening of its own
    ("aggregates", AggregateRow, [], 2),
]


@pytest.mark.parametrize(("table", "model", "before", "rows"), TABLE_FIELDS)
def test_csv_columns_and_rows(
    out: Path, table: str, model: type[BaseModel], before: list[str], rows: int
) -> None:
    df = pd.read_csv(out / f"{table}.csv", dtype=str, keep_default_na=False)
    assert list(df.columns) == before + list(model.model_fields)
    assert len(df) == rows


@pytest.mark.parametrize(("table", "model", "before", "rows"), TABLE_FIELDS)
def test_parquet_columns_and_rows(
    out: Path, table: str, model: type[BaseModel], before: list[str], rows: int
) -> None:
    t = pq.read_table(out / f"{table}.parquet")
    assert t.schema.names == before + list(model.model_fields)
    assert t.num_rows == rows


@pytest.mark.parametrize(("table", "model", "before", "rows"), TABLE_FIELDS)
def test_sqlite_columns_and_rows(
    out: Path, table: str, model: type[BaseModel], before: list[str], rows: int
) -> None:
    with sqlite3.connect(out / "bulletins.sqlite") as con:
        cols = [r[1] for r in con.execute(f'PRAGMA table_info("{table}")')]
        n = con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
    assert cols == before + list(model.model_fields)
    assert n == rows


def test_csv_arabic_intact(out: Path) -> None:
    df = pd.read_csv(out / "entities.csv")
    docs = make_documents()
    assert df["text"].tolist() == [e.text for d in docs for e in d.entities]
    assert (out / "entities.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: spreadsheets read UTF-8
    for _, row in df.iterrows():  # offsets still point at the surface
        doc = next(d for d in docs if d.doc_id == row["doc_id"])
        assert doc.text[row["start"] : row["end"]] == row["text"]


@pytest.mark.parametrize(
    ("table", "column", "expected"),
    [
        (
            "events",
            "organizations",
            ["جهاز دعم وتطوير الخدمات العلاجية [performer] | حكومة الوحدة الوطنية [supporter]", ""],
        ),
        ("events", "facility", ["مستشفى الهضبة الخضراء العام", "مستشفى جليلة"]),
        ("events", "facility_id", ["fac_hadba", ""]),
        ("events", "decrees", ["", "649"]),
        ("events", "count", ["6", "4"]),
        ("decrees", "issuer", ["رئيس مجلس وزراء حكومة الوحدة الوطنية"]),
        ("dates", "relative", ["True", "False"]),
        ("event_organizations", "role", ["performer", "supporter"]),
    ],
)
def test_csv_values(out: Path, table: str, column: str, expected: list[str]) -> None:
    with open(out / f"{table}.csv", encoding="utf-8-sig", newline="") as f:
        assert [row[column] for row in csv.DictReader(f)] == expected


def test_event_row_evidence_is_the_sentence() -> None:
    doc = make_documents()[0]
    row = event_row(doc, doc.events[0])
    assert row.evidence == TEXT_1.split("\n")[0]
    assert (row.evidence_start, row.evidence_end) == (0, len(row.evidence))


@pytest.mark.parametrize(
    ("annotation", "kind", "nullable"),
    [
        (str, "text", False),
        (str | None, "text", True),
        (int, "integer", False),
        (int | None, "integer", True),
        (int | float, "number", False),
        (int | float | None, "number", True),
        (bool, "boolean", False),
        (Literal["a", "b"], "text", False),
        (Literal["a", "b"] | None, "text", True),
    ],
)
def test_column_kinds(annotation: Any, kind: str, nullable: bool) -> None:
    assert writers._kind_of(annotation) == (kind, nullable)


@pytest.mark.parametrize("annotation", [list[str], dict[str, int], FacilityRef, str | int])
def test_no_column_for_structures(annotation: Any) -> None:
    with pytest.raises(TypeError):
        writers._kind_of(annotation)


@pytest.mark.parametrize(
    ("table", "column", "arrow_type"),
    [
        ("entities", "start", "int64"),
        ("entities", "id", "string"),
        ("quantities", "value", "double"),
        ("dates", "relative", "bool"),
        ("decrees", "year", "int64"),
        ("events", "count", "double"),
    ],
)
def test_empty_tables_keep_typed_columns(tmp_path: Path, table: str, column: str, arrow_type: str) -> None:
    write_all(tmp_path, [], [])
    t = pq.read_table(tmp_path / f"{table}.parquet")
    assert t.num_rows == 0
    assert str(t.schema.field(column).type) == arrow_type
    assert pd.read_csv(tmp_path / f"{table}.csv").columns.tolist() == t.schema.names


# --------------------------------------------------------------------------- SQLite


def test_sqlite_indexes(out: Path) -> None:
    with sqlite3.connect(out / "bulletins.sqlite") as con:
        indexed = {
            (table, r[2])
            for (table,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            for idx in con.execute(f'PRAGMA index_list("{table}")')
            for r in con.execute(f'PRAGMA index_info("{idx[1]}")')
        }
    for table in TABLES:  # its first index, or its primary key's own (documents.doc_id)
        assert (table.name, (*table.indexed, table.primary_key)[0]) in indexed
    assert {("entities", "type"), ("events", "type"), ("quantities", "unit")} <= indexed


def test_sqlite_join_on_doc_id(out: Path) -> None:
    """Every entity joins its document, and its offsets cut its surface out of the text."""
    with sqlite3.connect(out / "bulletins.sqlite") as con:
        rows = con.execute(
            "SELECT e.text, substr(d.text, e.start + 1, e.end - e.start) FROM entities e "
            "JOIN documents d ON d.doc_id = e.doc_id"
        ).fetchall()
        docs = con.execute(
            "SELECT doc_id, source_path, source_line_start, published FROM documents"
        ).fetchall()
    assert len(rows) == 11
    assert all(a == b for a, b in rows)
    assert docs == [
        ("000_83d44f455a603adc:2-3", "corpus/000_83d44f455a603adc.txt", 2, None),
        ("bulletin-2", None, None, "2024-05-27"),
        ("bulletin-3", None, None, None),
    ]


def test_sqlite_number_types(out: Path) -> None:
    with sqlite3.connect(out / "bulletins.sqlite") as con:
        assert con.execute("SELECT value, typeof(value) FROM quantities").fetchall() == [
            (6, "integer"),
            (4, "integer"),
        ]
        assert con.execute("SELECT relative FROM dates").fetchall() == [(1,), (0,)]


# --------------------------------------------------------------------------- JSON files


def test_documents_jsonl_round_trip(out: Path) -> None:
    lines = (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    assert [Document.model_validate_json(line) for line in lines] == make_documents()
    assert "مستشفى الهضبة الخضراء العام" in lines[0]  # not \\u-escaped


def test_rejects_jsonl(out: Path) -> None:
    lines = (out / "rejects.jsonl").read_text(encoding="utf-8").splitlines()
    assert [Reject.model_validate_json(line) for line in lines] == REJECTS


def validate(instance: Any, schema: dict, root: dict) -> list[str]:
    """Errors of `instance` against a JSON Schema (the subset pydantic emits)."""
    if "$ref" in schema:
        ref = schema["$ref"].removeprefix("#/$defs/")
        return validate(instance, root["$defs"][ref], root)
    if "anyOf" in schema:
        if any(not validate(instance, s, root) for s in schema["anyOf"]):
            return []
        return [f"{instance!r} matches no alternative"]
    errors: list[str] = []
    types = {
        "object": dict,
        "array": list,
        "string": str,
        "integer": int,
        "number": (int, float),
        "boolean": bool,
        "null": type(None),
    }
    t = schema.get("type")
    if t and not (
        isinstance(instance, types[t]) and not (t in ("integer", "number") and isinstance(instance, bool))
    ):
        return [f"{instance!r} is not {t}"]
    if "enum" in schema and instance not in schema["enum"]:
        errors.append(f"{instance!r} not in {schema['enum']}")
    if "const" in schema and instance != schema["const"]:
        errors.append(f"{instance!r} != {schema['const']!r}")
    if "minimum" in schema and instance < schema["minimum"]:
        errors.append(f"{instance!r} < {schema['minimum']}")
    if isinstance(instance, dict):
        props = schema.get("properties", {})
        errors += [f"missing {k}" for k in schema.get("required", []) if k not in instance]
        if schema.get("additionalProperties") is False:
            errors += [f"unexpected {k}" for k in instance if k not in props]
        for k, v in instance.items():
            if k in props:
                errors += validate(v, props[k], root)
    if isinstance(instance, list) and "items" in schema:
        for v in instance:
            errors += validate(v, schema["items"], root)
    return errors


def _broken(doc: dict, how: str) -> dict:
    doc = json.loads(json.dumps(doc))
    if how == "entity type":
        doc["entities"][0]["type"] = "HOSPITAL"
    elif how == "no text":
        del doc["text"]
    elif how == "extra field":
        doc["entities"][0]["confidence"] = 0.9
    elif how == "negative offset":
        doc["quantities"][0]["start"] = -1
    elif how == "event type":
        doc["events"][0]["type"] = "surgery"
    return doc


@pytest.mark.parametrize(
    "how", [None, "entity type", "no text", "extra field", "negative offset", "event type"]
)
def test_schema_json_validates_documents(out: Path, how: str | None) -> None:
    schema = json.loads((out / "schema.json").read_text(encoding="utf-8"))
    assert schema == Document.model_json_schema()
    doc = json.loads((out / "documents.jsonl").read_text(encoding="utf-8").splitlines()[0])
    errors = validate(doc if how is None else _broken(doc, how), schema, schema)
    assert bool(errors) == (how is not None), errors


# --------------------------------------------------------------------------- report


def test_report_is_self_contained_rtl_and_escaped(out: Path) -> None:
    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.startswith('<!DOCTYPE html>\n<html lang="ar" dir="rtl">')
    assert '<meta charset="utf-8">' in html
    assert " src=" not in html and "http" not in html  # nothing loaded from elsewhere (the script is inline)
    assert "&lt;b&gt;&amp;amp;&lt;/b&gt;" in html  # the text of bulletin-3, escaped
    assert '<mark class="FACILITY" title="مرفق صحي · FACILITY">مستشفى جليلة</mark>' in html
    assert "binary file" in html and "corpus/broken.jsonl" in html
    data = html[html.index('id="events-data">') : html.index("</script>", html.index('id="events-data">'))]
    assert data.count('["') == 2  # one row per event, in the page's data


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        (
            "زار الوفد مستشفى جليلة بالإمارات",
            [("FACILITY", "مستشفى جليلة"), ("LOC", "الإمارات")],
            'زار الوفد <mark class="FACILITY" title="مرفق صحي · FACILITY">مستشفى جليلة</mark> '
            'ب<mark class="LOC" title="مكان · LOC">الإمارات</mark>',
        ),
        (  # a city inside the name of a centre: nested
            "المركز الوطني لجراحة القلب تاجوراء",
            [("FACILITY", "المركز الوطني لجراحة القلب تاجوراء"), ("LOC", "تاجوراء")],
            '<mark class="FACILITY" title="مرفق صحي · FACILITY">المركز الوطني لجراحة القلب '
            '<mark class="LOC" title="مكان · LOC">تاجوراء</mark></mark>',
        ),
        (  # crossing spans: the second is not highlighted
            "مبادرة توطين العلاج بالداخل",
            [("PROGRAM", "مبادرة توطين العلاج"), ("PROCEDURE", "العلاج بالداخل")],
            '<mark class="PROGRAM" title="برنامج · PROGRAM">مبادرة توطين العلاج</mark> بالداخل',
        ),
        ("أ < ب & ج", [("LOC", "ج")], 'أ &lt; ب &amp; <mark class="LOC" title="مكان · LOC">ج</mark>'),
    ],
)
def test_highlight(text: str, spans: list[tuple[str, str]], expected: str) -> None:
    ents = [span(text, s, Entity, type=t, norm=s) for t, s in spans]
    assert highlight(text, ents) == expected


def test_highlight_skips_wrong_offsets() -> None:
    bad = Entity(type="LOC", text="طرابلس", start=0, end=3, norm="طرابلس")
    assert highlight("مصراتة", [bad]) == "مصراتة"


# --------------------------------------------------------------------------- atomicity and stable bytes


def test_failed_write_keeps_old_file(tmp_path: Path) -> None:
    target = tmp_path / "entities.csv"
    target.write_text("old content\n", encoding="utf-8")

    def half_then_fail(tmp: Path) -> None:
        tmp.write_text("doc_id,text\nhalf a fi", encoding="utf-8")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        atomic_write(target, half_then_fail)
    assert target.read_text(encoding="utf-8") == "old content\n"
    assert [p.name for p in tmp_path.iterdir()] == ["entities.csv"]


def test_interrupted_run_keeps_old_outputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A run that dies mid-way (here: while its Parquet files take their names) leaves every file
    whole, old or new."""
    docs = make_documents()
    write_all(tmp_path, docs[:1], [])
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    real_close = ParquetSink.close

    def dying_close(self: ParquetSink) -> Path:
        if self.path.name == "quantities.parquet":
            raise KeyboardInterrupt
        return real_close(self)

    monkeypatch.setattr(ParquetSink, "close", dying_close)
    with pytest.raises(KeyboardInterrupt):
        write_all(tmp_path, docs, REJECTS)
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert sorted(after) == sorted(before)  # no temp file left
    assert after["quantities.parquet"] == before["quantities.parquet"]
    assert after["bulletins.sqlite"] == before["bulletins.sqlite"]
    assert len(after["documents.jsonl"].splitlines()) == 3  # written before the failure: the new one, whole


def test_a_failure_while_documents_stream_in_leaves_every_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = make_documents()
    write_all(tmp_path, docs[:1], [])
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    real_add = SqliteSink.add

    def disk_full(self: SqliteSink, table: str, rows: Any) -> None:
        if table == "events" and self.pending == 1:  # the second document's events
            raise OSError(28, "No space left on device")
        real_add(self, table, rows)

    monkeypatch.setattr(SqliteSink, "add", disk_full)
    with pytest.raises(OSError, match="No space"):
        write_all(tmp_path, docs, REJECTS)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_rerun_is_byte_identical(tmp_path: Path) -> None:
    first = write_all(tmp_path / "a", make_documents(), REJECTS)
    first_bytes = {n: p.read_bytes() for n, p in first.items()}
    second = write_all(tmp_path / "b", make_documents(), REJECTS)
    assert {n: p.read_bytes() for n, p in second.items()} == first_bytes
    again = write_all(tmp_path / "a", make_documents(), REJECTS)  # over the old outputs
    assert {n: p.read_bytes() for n, p in again.items()} == first_bytes


def _many_documents(n: int) -> list[Document]:
    """n linked copies of the sample documents, each with ids of its own."""
    docs = []
    for k in range(n):
        for doc in make_documents():
            copy = doc.model_copy(deep=True, update={"doc_id": f"{doc.doc_id}#{k}"})
            for event in copy.events:
                event.event_id = f"{event.event_id}{k}"
            docs.append(copy)
    from pipeline.duplicates import link

    link(docs)
    return docs


@pytest.mark.parametrize(("row_group", "commit_every"), [(1, 1), (2, 3), (7, 500)])
def test_streamed_files_do_not_depend_on_row_groups_or_transactions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, row_group: int, commit_every: int
) -> None:
    """Parquet row groups and SQLite transactions cut the stream anywhere: the same tables."""
    docs = _many_documents(6)
    whole = write_all(tmp_path / "whole", docs, REJECTS)
    monkeypatch.setattr("pipeline.sinks.ROW_GROUP", row_group)
    monkeypatch.setattr("pipeline.sinks.COMMIT_EVERY", commit_every)
    cut = write_all(tmp_path / "cut", docs, REJECTS)
    assert list(cut) == list(whole)
    for name, path in whole.items():
        if name.endswith((".jsonl", ".csv", ".json")):
            assert cut[name].read_bytes() == path.read_bytes(), name
        elif name.endswith(".parquet"):
            pd.testing.assert_frame_equal(pd.read_parquet(cut[name]), pd.read_parquet(path), check_exact=True)
            groups = pq.ParquetFile(cut[name]).num_row_groups
            rows = len(pd.read_parquet(path))
            assert groups == max(1, -(-rows // row_group)), name
    dumps = []
    for folder in ("whole", "cut"):
        con = sqlite3.connect(tmp_path / folder / "bulletins.sqlite")
        dumps.append(list(con.iterdump()))
        con.close()
    assert dumps[0] == dumps[1] and len(dumps[0]) > 100


def test_run_tables_are_gathered_from_linked_bulletins_as_they_arrive() -> None:
    """Three copies of each bulletin: one group each, one happening per event told three times."""
    from pipeline import duplicates

    docs = _many_documents(3)
    tables = duplicates.RunTables()
    for doc in docs:
        tables.add(doc)
    firsts = [d for d in docs if d.doc_id.endswith("#0")]
    assert [(r["group"], r["doc_id"], r["similarity"]) for r in tables.duplicate_rows()] == [
        (d.doc_id, d.doc_id.replace("#0", f"#{k}"), None if k == 0 else 1.0) for d in firsts for k in range(3)
    ]
    clusters = tables.clusters()
    assert [c.cluster_id for c in clusters] == [e.event_id for d in firsts for e in d.events]
    assert {(c.events, c.bulletins, c.repost_only) for c in clusters} == {(3, 3, False)}
    first = next(d for d in firsts if d.events)
    assert clusters[0].doc_ids == " | ".join(first.doc_id.replace("#0", f"#{k}") for k in range(3))
    assert [a.happenings for a in tables.aggregates()] == [1] * len(tables.aggregates())
