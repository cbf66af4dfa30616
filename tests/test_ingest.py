"""Ingest: every kind of bad input becomes a Reject with a reason while the good
bulletin beside it comes through; encodings and formats are detected."""

from __future__ import annotations

import json
import os
import random
import socket
import tracemalloc
from pathlib import Path

import pytest

from pipeline.ingest import MAX_CHARS, decode, ingest
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
    assert "broken symlink" in items[1].reason


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


# --------------------------------------------------------------------------- hostile input (issue rows)


def _noise(seed: int, size: int = 4096) -> bytes:
    """Random bytes 0x80-0xFF: what Windows-1256 decodes without an error."""
    rnd = random.Random(seed)
    return bytes(rnd.randrange(0x80, 0x100) for _ in range(size))


THIRD = "نظمت إدارة الخدمات الصحية حملة للتبرع بالدم بمشاركة 150 متطوعاً."


def test_mixed_encodings_each_bulletin_decoded_on_its_own(tmp_path):
    """A UTF-8 bulletin and a Windows-1256 bulletin in one .txt: both read right, no mojibake."""
    raw = LEDE.encode("utf-8") + b"\n\n" + NEXT.encode("cp1256") + b"\n\n" + THIRD.encode("utf-8")
    docs, rejects = _items(tmp_path, {"mixed.txt": raw})
    assert not rejects
    assert [d.text for d in docs] == [LEDE, NEXT, THIRD]


@pytest.mark.parametrize(
    "bulletin, line, reason",
    [
        # a Windows-1256 line inside a UTF-8 bulletin: rejected with its line, never mojibake
        (GOOD.split("\n")[0].encode() + b"\n" + GOOD.split("\n")[1].encode("cp1256"), 4, "not valid UTF-8"),
        # broken UTF-8 among UTF-8 letters
        ("أعلنت وزارة الصحة عن".encode() + b" \xc3\x28 " + "حملة".encode(), 3, "not valid UTF-8"),
        # a NUL byte costs its own bulletin only (row 4 of the issue)
        ("أعلنت وزارة الصحة عن".encode() + b"\x00" + "حملة تطعيم".encode(), 3, "NUL byte"),
        # 4 KB of random high bytes: Windows-1256 would take them, but they are not text (row 3)
        (_noise(3), 3, "not text"),
    ],
    ids=["cp1256-line-in-utf8", "broken-utf8", "nul-byte", "random-high-bytes"],
)
def test_a_bad_bulletin_costs_only_itself(tmp_path, bulletin, line, reason):
    raw = LEDE.encode() + b"\n\n" + bulletin + b"\n\n" + NEXT.encode()
    docs, rejects = _items(tmp_path, {"news.txt": raw})
    assert [d.text for d in docs] == [LEDE, NEXT]
    assert [(r.line, r.doc_id) for r in rejects] == [(line, rejects[0].doc_id)]
    assert rejects[0].doc_id.startswith("news:3-") and reason in rejects[0].reason


def test_random_high_bytes_alone_are_not_text(tmp_path):
    raw = _noise(7)
    docs, rejects = _items(tmp_path, {"noise.txt": raw})
    assert not docs and len(rejects) == 1 and "not text" in rejects[0].reason


def test_jsonl_lines_decoded_one_by_one(tmp_path):
    raw = (
        json.dumps({"id": "u", "text": LEDE}, ensure_ascii=False).encode()
        + b"\n"
        + json.dumps({"id": "w", "text": NEXT}, ensure_ascii=False).encode("cp1256")
        + b"\n"
        + b'{"id": "z", "text": "\x00"}\n'
    )
    docs, rejects = _items(tmp_path, {"feed.jsonl": raw})
    assert [(d.doc_id, d.text) for d in docs] == [("u", LEDE), ("w", NEXT)]
    assert [(r.line, "NUL" in r.reason) for r in rejects] == [(3, True)]


def test_csv_unclosed_quote_rejects_its_row_and_reads_on(tmp_path):
    csv_text = f'id,text\nc1,{LEDE}\nc2,"{NEXT}\nc3,{THIRD}\nc4,{LEDE} مرة أخرى\n'
    docs, rejects = _items(tmp_path, {"sheet.csv": csv_text})
    assert [d.doc_id for d in docs] == ["c1", "c3", "c4"]
    assert [(r.line, "never closed" in r.reason) for r in rejects] == [(3, True)]


def test_csv_row_with_more_cells_than_columns(tmp_path):
    docs, rejects = _items(tmp_path, {"sheet.csv": f"id,text\nc1,{LEDE},extra\nc2,{NEXT},\n"})
    assert [d.doc_id for d in docs] == ["c2"]
    assert rejects[0].line == 2 and "3 cells" in rejects[0].reason


@pytest.mark.parametrize("name", ["huge.txt", "huge.jsonl"])
def test_a_pathological_line_is_rejected_in_bounded_memory(tmp_path, name):
    """100 MB on one line: a reject "text longer than N characters", without holding the line."""
    size = 100 * 1024 * 1024
    txt = name.endswith(".txt")
    with open(tmp_path / name, "wb") as f:
        f.write(
            LEDE.encode() + b"\n\n" if txt else b'{"id": "a", "text": "' + LEDE.encode() + b'"}\n{"text": "'
        )
        block = "مستشفى ".encode() * (1024 * 1024 // 13)
        for _ in range(size // len(block)):
            f.write(block)
        f.write(b"\n\n" + NEXT.encode() if txt else b'"}\n')
    tracemalloc.start()
    try:
        items = list(ingest([tmp_path / name]))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    rejects = [i for i in items if isinstance(i, Reject)]
    assert len(rejects) == 1 and f"text longer than {MAX_CHARS} characters" in rejects[0].reason
    assert rejects[0].line == (3 if txt else 2)
    assert len(items) == (3 if txt else 2)  # the bulletins around it come through
    assert peak < 30 * 1024 * 1024


@pytest.mark.parametrize("name, text", [("a.txt", LEDE * 3), ("a.jsonl", json.dumps({"text": LEDE * 3}))])
def test_max_chars_is_settable(tmp_path, name, text):
    (tmp_path / name).write_text(text, encoding="utf-8")
    assert isinstance(next(ingest([tmp_path / name])), Document)
    reject = next(ingest([tmp_path / name], max_chars=len(LEDE)))
    assert f"text longer than {len(LEDE)} characters" in reject.reason


def test_symlink_loops_special_files_and_folders(tmp_path):
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text(LEDE, encoding="utf-8")
    (root / "sub" / "b.txt").write_text(NEXT, encoding="utf-8")
    os.symlink(root / "loop2.txt", root / "loop1.txt")  # two links pointing at each other (row 6)
    os.symlink(root / "loop1.txt", root / "loop2.txt")
    os.mkfifo(root / "pipe.txt")  # reading it would hang (row 7)
    os.symlink("/dev/zero", root / "zero.txt")  # reading it would never end
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(root / "s.txt"))
    os.symlink(root / "sub", root / "linked")  # a symlinked folder: followed (row 8)
    os.symlink(root, root / "sub" / "up")  # a link back up: a loop, read once
    try:
        items = list(ingest([root]))
    finally:
        sock.close()
    docs = [i for i in items if isinstance(i, Document)]
    rejects = {Path(i.path).name: i.reason for i in items if isinstance(i, Reject)}
    assert [d.source.path for d in docs] == [f"{root}/a.txt", f"{root}/linked/b.txt"]
    assert rejects["loop1.txt"] == rejects["loop2.txt"] == "symlink loop"
    assert rejects["pipe.txt"] == "not a regular file: a FIFO (named pipe)"
    assert rejects["zero.txt"] == "not a regular file: a character device"
    assert rejects["s.txt"] == "not a regular file: a socket"
    # "linked" comes before "sub": the folder is read through the link, once
    assert rejects["sub"] == f"folder already read as {root / 'linked'} (through a symlink)"
    assert rejects["up"] == f"folder already read as {root} (through a symlink)"


def test_unreadable_folder_is_rejected_not_skipped(tmp_path, monkeypatch):
    (tmp_path / "locked").mkdir()
    (tmp_path / "a.txt").write_text(LEDE, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    items = list(ingest([tmp_path]))
    assert [type(i).__name__ for i in items] == ["Document", "Reject"]
    assert items[1].path.endswith("locked") and items[1].reason == "cannot read folder: Permission denied"


@pytest.mark.parametrize(
    "name, header, line",
    [
        ("feed.jsonl", "", lambda k, text: json.dumps({"id": f"r{k}", "text": text}, ensure_ascii=False)),
        ("sheet.csv", "id,text\n", lambda k, text: f'r{k},"{text}"'),
    ],
)
def test_jsonl_and_csv_files_are_read_record_by_record(tmp_path, monkeypatch, name, header, line):
    """The first bulletin of a file of 3,000 comes out having decoded a few lines only."""
    import pipeline.ingest as ingest_module

    texts = [LEDE, NEXT, GOOD]
    body = "\n".join(line(k, texts[k % 3]) for k in range(3000))
    (tmp_path / name).write_text(header + body + "\n", encoding="utf-8")
    decoded = []
    real = ingest_module._line
    monkeypatch.setattr(ingest_module, "_line", lambda *a: decoded.append(1) or real(*a))
    items = ingest([tmp_path / name])
    first = next(items)
    assert first.doc_id == "r0" and first.text == LEDE
    assert len(decoded) <= 4  # the header, the record, the line read ahead (CSV)
    rest = list(items)
    assert [d.text for d in rest] == [texts[k % 3] for k in range(1, 3000)]


def test_csv_multiline_records_after_a_broken_one_keep_their_lines(tmp_path):
    csv_text = f'id,text\nc1,"{LEDE}\n{NEXT}"\nc2,"a "b" c\nc3,{NEXT}\nc4,"{GOOD}"\n'
    docs, rejects = _items(tmp_path, {"sheet.csv": csv_text})
    assert [(d.doc_id, d.source.line_start) for d in docs][:1] == [("c1", 2)]
    assert docs[0].text == f"{LEDE}\n{NEXT}"
    assert [d.doc_id for d in docs][-1] == "c4" and docs[-1].source.line_start == 6
