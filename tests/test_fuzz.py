"""Fuzz: generated bulletins and input files never raise, offsets hold, every output reads back.

The suite runs a short profile (`FUZZ_EXAMPLES`, default 300 texts and 15
whole runs over generated files, about 15 s); `make fuzz` runs 100,000 texts
and 1,000 whole runs (about half an hour):

    FUZZ_EXAMPLES=100000 python -m pytest tests/test_fuzz.py

Texts are made of pieces a bulletin has (Arabic words, number words, digits,
dates, decree references, punctuation, hashtags, links) and pieces a bulletin
should not have (huge digit strings, runs of dots, control characters,
diacritics and tatweel everywhere, any Unicode character).
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import process_text
from pipeline.models import Document
from pipeline.run import run
from pipeline.writers import TABLES
from tests.conftest import table_rows

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "300"))
RUNS = max(15, EXAMPLES // 100)  # a whole run (every output file written and read back) costs ~0.3 s
PROFILE = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

WORDS = (
    "أجرى الفريق الطبي بمستشفى مركز طرابلس بنغازي مصراتة سبها وزارة الصحة الليبية جهاز الإسعاف "
    "عملية عمليات قسطرة قلبية جراحية للأطفال مريضاً حالة جرعة لقاح الحصبة حملة تطعيم افتتح وزير "
    "المدير العام الدكتور محمد علي قسم الغسيل الكلوي سريراً سيارات إسعاف بلدية بلديات الجنوب "
    "بالتعاون مع منظمة الصحة العالمية اليونيسف برنامج توطين العلاج بالداخل في إطار من جهته وأوضح "
    "كما يذكر أن وقد وتأتي هذه الخطوة خلال الأسبوع الماضي اليوم أمس الجاري المقبل"
).split()
NUMBERS = (
    "ثلاث ثلاثة عشرون مائة مائتين ألف آلاف مليون مليار أحد عشر الحادي والعشرين خمسة وعشرون "
    "نحو أكثر من أقل من حوالي ما لا يقل عن"
).split()
PIECES = [
    *WORDS,
    *NUMBERS,
    "12",
    "1,250",
    "1.5",
    "3/4",
    "2024",
    "١٢",
    "٢٠٢٤",
    "5 مارس 2024",
    "15/03/2024",
    "2024-03-15",
    "12 رمضان 1445 هـ",
    "القرار رقم 45 لسنة 2023",
    "بموجب قرار مجلس الوزراء رقم (12/أ)",
    "بشأن",
    "#الصحة",
    "https://health.gov.ly/a?b=1",
    "(وال)",
    " - ",
    "،",
    ".",
    ":",
    "؛",
    "«",
    "»",
    '"',
    "…",
    "ـ",
    "\u064e",
    "\u0651",
    "\u200f",
    "\u200d",
    "\xa0",
    "\n",
    "\r",
    "\r\n",
    "\t",
    "\x00",
    "\x1b",
    "🙂",
    "x" * 40,
    "." * 30,
    "#" + "الصحة_" * 12,
    "9" * 5000,
    "1" + ",000" * 300,
]
piece = st.one_of(st.sampled_from(PIECES), st.text(max_size=4))
texts = st.lists(st.tuples(piece, st.sampled_from([" ", "", " ", "\n"])), max_size=50).map(
    lambda parts: "".join(p + sep for p, sep in parts)
)


def assert_offsets(doc: Document) -> None:
    text = doc.text
    for part in (doc.entities, doc.quantities, doc.decrees, doc.dates):
        for span in part:
            assert 0 <= span.start <= span.end <= len(text), span
            assert text[span.start : span.end] == span.text, span
    for event in doc.events:
        assert 0 <= event.evidence.start <= event.evidence.end <= len(text), event


@PROFILE
@given(text=texts)
def test_any_text_is_processed_with_exact_offsets(text: str) -> None:
    assert_offsets(process_text(text, published="2024-03-20"))


# --------------------------------------------------------------------------- whole runs over files


def _encode(text: str, how: str) -> bytes:
    if how == "cp1256":
        return text.encode("cp1256", errors="replace")
    if how == "utf-16":
        return "\ufeff".encode("utf-16-le") + text.encode("utf-16-le", errors="surrogatepass")
    return text.encode("utf-8", errors="surrogatepass")


@st.composite
def input_file(draw: st.DrawFn) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(["txt", "jsonl", "csv"]))
    bulletins = draw(st.lists(texts, min_size=1, max_size=4))
    if kind == "txt":
        body = "\n\n".join(bulletins)
    elif kind == "jsonl":
        body = "\n".join(json.dumps({"id": draw(st.text(max_size=6)), "text": b}) for b in bulletins)
        body += draw(st.sampled_from(["", "\n", '\n{"id": "x", "text": "غير مغلق', "\n[1, 2]"]))
    else:
        rows = [
            '"{}","{}"'.format(draw(st.text(max_size=6)).replace('"', '""'), b.replace('"', '""'))
            for b in bulletins
        ]
        body = "id,text\n" + "\n".join(rows) + draw(st.sampled_from(["", "\n", '\n"z,"بلا إغلاق']))
    raw = _encode(body, draw(st.sampled_from(["utf-8", "utf-8", "cp1256", "utf-16"])))
    if draw(st.booleans()):
        at = draw(st.integers(0, len(raw)))
        raw = raw[:at] + draw(st.binary(max_size=8)) + raw[at:]
    return kind, raw


def assert_outputs_read_back(out: Path, result_documents: int) -> None:
    docs = [
        Document.model_validate_json(line)
        for line in (out / "documents.jsonl").read_text("utf-8").split("\n")[:-1]
    ]
    assert len(docs) == result_documents
    for doc in docs:
        assert_offsets(doc)
    rows = table_rows([d.model_dump(mode="json") for d in docs])
    con = sqlite3.connect(out / "bulletins.sqlite")
    try:
        assert con.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == len(docs)
        for table in (t for t in TABLES if t.files and t.name in rows):
            assert (
                len(pd.read_csv(out / f"{table.name}.csv", dtype=str, keep_default_na=False))
                == rows[table.name]
            )
            assert pq.read_table(out / f"{table.name}.parquet").num_rows == rows[table.name]
            assert con.execute(f'SELECT COUNT(*) FROM "{table.name}"').fetchone()[0] == rows[table.name]
    finally:
        con.close()
    for line in (out / "rejects.jsonl").read_text("utf-8").split("\n")[:-1]:
        json.loads(line)
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert {f["name"] for f in manifest["files"]} | {"manifest.json"} == {p.name for p in out.iterdir()}


@settings(PROFILE, max_examples=RUNS)
@given(files=st.lists(input_file(), min_size=1, max_size=3))
def test_any_input_files_give_readable_outputs(files: list[tuple[str, bytes]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for n, (kind, raw) in enumerate(files):
            (folder / f"f{n}.{kind}").write_bytes(raw)
        result = run([folder], Path(tmp) / "out", progress=False)
        assert_outputs_read_back(Path(tmp) / "out", result.documents)
