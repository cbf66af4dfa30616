"""Ingest: every kind of bad input becomes a Reject with a reason while the good
bulletin beside it comes through; encodings and formats are detected."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pipeline.ingest import decode, ingest
from pipeline.models import Document, Reject

GOOD = (
    "أجرى الفريق الطبي بمركز بنغازي الطبي 4 عمليات قسطرة قلبية للأطفال خلال هذا الأسبوع.\n"
    "وتأتي هذه العمليات ضمن برنامج توطين العلاج بالداخل."
)
LEDE = "افتتح وزير الصحة قسم الغسيل الكلوي الجديد بمستشفى زليتن التعليمي بسعة 20 سريراً."
NEXT = "وزعت وزارة الصحة 3 سيارات إسعاف جديدة على بلديات الجنوب."


def _items(tmp_path: Path, files: dict[str, bytes | str], **kw) -> tuple[list[Document], list[Reject]]:
    for name, content in files.items():
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode("utf-8")
        p.write_bytes(content)
    items = list(ingest([tmp_path], **kw))
    return [i for i in items if isinstance(i, Document)], [i for i in items if isinstance(i, Reject)]


@pytest.mark.parametrize(
    "name, content, line, reason",
    [
        ("empty.txt", b"", None, "empty file"),
        ("blank.txt", b"\n  \n\t\n", None, "empty"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01", None, "binary"),
        ("blob.jsonl", bytes(range(256)) * 4, None, "binary"),
        ("records.jsonl", '{"id": "a1", "text": "وصلت شحنة أدوية"\n', 1, "broken JSON"),
        ("records.jsonl", '{"id": "a2", "title": "شحنة أدوية"}\n', 1, 'without a "text"'),
        ("records.jsonl", '{"id": "a3", "text": ""}\n', 1, "empty bulletin text"),
        ("records.jsonl", '{"id": "a4", "text": "   \\n "}\n', 1, "empty bulletin text"),
        ("records.jsonl", '{"id": "a5", "text": 42}\n', 1, "not a string"),
        ("records.jsonl", '["a6", "وصلت شحنة أدوية"]\n', 1, "not an object"),
        ("records.jsonl", '{"id": "a7", "text": "وصلت شحنة", "published": "20/03/2024"}\n', 1, "not a date"),
        ("table.csv", "id,body\nb1,وصلت شحنة أدوية\n", 1, 'without a "text" column'),
        ("table.csv", "id,text\nb2,\n", 2, "empty bulletin text"),
        ("report.docx", "وصلت شحنة أدوية", None, "unsupported extension"),
        ("README", "وصلت شحنة أدوية", None, "unsupported extension"),
    ],
)
def test_bad_input_is_rejected_and_good_comes_through(tmp_path, name, content, line, reason):
    docs, rejects = _items(tmp_path, {"a_good.txt": GOOD, name: content})
    assert [d.doc_id for d in docs] == ["a_good:1-2"]
    assert docs[0].text == GOOD
    assert len(rejects) == 1
    r = rejects[0]
    assert r.path.endswith(name)
    assert r.line == line
    assert reason in r.reason


def test_undecodable_bytes_reject_only_their_bulletin(tmp_path):
    raw = (
        (LEDE + "\n\n").encode() + "أعلنت وزارة الصحة عن".encode() + b" \xc3\x28 " + "حملة".encode() + b"\n\n"
    )
    raw += NEXT.encode()
    docs, rejects = _items(tmp_path, {"mixed.txt": raw})
    assert [d.doc_id for d in docs] == ["mixed:1-1", "mixed:5-5"]
    assert [(r.doc_id, r.line) for r in rejects] == [("mixed:3-3", 3)]
    assert "undecodable" in rejects[0].reason


def test_missing_and_unreadable_paths(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    dangling = tmp_path / "dangling.txt"
    os.symlink(tmp_path / "gone.txt", dangling)
    items = list(ingest([tmp_path / "nowhere", dangling, good]))
    assert [type(i).__name__ for i in items] == ["Reject", "Reject", "Document"]
    assert "no such file" in items[0].reason
    assert "cannot read" in items[1].reason


def test_duplicate_ids_are_rejected(tmp_path):
    jl = "\n".join(json.dumps({"id": "x1", "text": t}, ensure_ascii=False) for t in (LEDE, NEXT))
    docs, rejects = _items(tmp_path, {"dup.jsonl": jl})
    assert [d.text for d in docs] == [LEDE]
    assert rejects[0].line == 2 and "duplicate id" in rejects[0].reason


@pytest.mark.parametrize(
    "raw",
    [
        GOOD.encode("utf-8"),
        b"\xef\xbb\xbf" + GOOD.encode("utf-8"),  # UTF-8 with BOM
        GOOD.replace("\n", "\r\n").encode("utf-8"),  # CRLF
        GOOD.replace("\n", "\r\n").encode("cp1256"),  # Windows-1256 (and CRLF)
        GOOD.encode("cp1256"),
        "\ufeff".encode("utf-16-le") + GOOD.encode("utf-16-le"),  # UTF-16 with BOM
        (GOOD.replace("\n", "   \n") + " \t\n").encode("utf-8"),  # trailing whitespace is dropped
    ],
    ids=["utf8", "utf8-bom", "crlf", "cp1256-crlf", "cp1256", "utf16", "trailing-space"],
)
def test_encodings_give_the_same_bulletin(tmp_path, raw):
    docs, rejects = _items(tmp_path, {"b.txt": raw})
    assert not rejects
    assert [(d.doc_id, d.text) for d in docs] == [("b:1-2", GOOD)]


@pytest.mark.parametrize(
    "raw, encoding",
    [
        (GOOD.encode("utf-8"), "utf-8"),
        (GOOD.encode("cp1256"), "cp1256"),
        ("تقرير".encode() + b"\xff" + LEDE.encode("utf-8"), "utf-8"),
    ],
)
def test_decode_detects_the_encoding(raw, encoding):
    assert decode(raw).encoding == encoding


def test_jsonl_fields_and_default_published(tmp_path):
    lines = [
        {
            "id": "lana-1",
            "text": LEDE,
            "published": "2024-03-20",
            "source": "LANA",
            "url": "https://lana.gov.ly/1",
        },
        {"id": 7, "text": NEXT},
        {"text": GOOD},
    ]
    jl = "\n\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n"
    docs, rejects = _items(tmp_path, {"feed.jsonl": jl}, published="2024-05-01")
    assert not rejects
    assert [d.doc_id for d in docs] == ["lana-1", "7", "feed:5"]
    assert [d.published for d in docs] == ["2024-03-20", "2024-05-01", "2024-05-01"]
    assert docs[0].source.name == "LANA" and docs[0].source.url == "https://lana.gov.ly/1"
    assert docs[2].text == GOOD and docs[2].source.line_start == 5


def test_csv_quoted_multiline_text_and_optional_columns(tmp_path):
    body = GOOD.replace('"', '""')
    csv_text = f'ID,Text,Published\nc1,"{body}",2024-04-02\nc2,{NEXT},\n'
    docs, rejects = _items(tmp_path, {"sheet.csv": csv_text})
    assert not rejects
    assert [(d.doc_id, d.text, d.published, d.source.line_start) for d in docs] == [
        ("c1", GOOD, "2024-04-02", 2),
        ("c2", NEXT, None, 4),
    ]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("feed.jsonl", json.dumps({"id": "k1", "text": LEDE, "country": "sa"}, ensure_ascii=False) + "\n"),
        ("sheet.csv", f"id,text,Country\nk1,{LEDE}, SA\n"),
    ],
)
def test_optional_country_is_read_as_an_upper_case_code(tmp_path, name, content):
    docs, rejects = _items(tmp_path, {name: content})
    assert not rejects and [(d.doc_id, d.country) for d in docs] == [("k1", "SA")]


def test_csv_semicolon_and_cp1256(tmp_path):
    raw = f"id;text\nd1;{LEDE}\n".encode("cp1256")
    docs, rejects = _items(tmp_path, {"excel.csv": raw})
    assert not rejects and [d.text for d in docs] == [LEDE]


def test_input_order_is_kept(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text(NEXT, encoding="utf-8")
    (tmp_path / "b" / "1.txt").write_text(LEDE, encoding="utf-8")
    (tmp_path / "b" / ".hidden.txt").write_text(LEDE, encoding="utf-8")
    (tmp_path / "a.jsonl").write_text(json.dumps({"id": "j", "text": GOOD}), encoding="utf-8")
    items = list(ingest([tmp_path / "b", tmp_path / "a.jsonl"]))
    assert [i.doc_id for i in items] == ["1:1-1", "2:1-1", "j"]
