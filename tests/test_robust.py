"""A whole run under hostile conditions: the output folder, the lock, the published set, CSV safety.

Every input is generated here; nothing binary is committed.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from pipeline.cli import main
from pipeline.writers import TABLES
from tests.conftest import CORPUS, ROOT, read_jsonl, table_rows

LEDE = "أجرى الفريق الطبي بمستشفى الجلاء للجراحة والحوادث 12 عملية جراحية دقيقة خلال الأسبوع الماضي."
NEXT = "وزعت وزارة الصحة 3 سيارات إسعاف جديدة على بلديات الجنوب."


def _jsonl(path: Path, records: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def _cli(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *argv], capture_output=True, text=True, cwd=ROOT, timeout=300
    )


def _whole_set(out: Path) -> dict:
    """The manifest of `out`, after checking that the folder is exactly the set it lists."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    listed = {f["name"]: f for f in manifest["files"]}
    assert sorted(p.name for p in out.iterdir()) == sorted([*listed, "manifest.json"])
    for name, f in listed.items():
        data = (out / name).read_bytes()
        assert len(data) == f["size"] and hashlib.sha256(data).hexdigest() == f["sha256"], name
    return manifest


# --------------------------------------------------------------------------- the output folder


def test_out_equal_to_an_input_is_refused(tmp_path, capsys):
    _jsonl(tmp_path / "in" / "a.jsonl", [{"id": "a", "text": LEDE}])
    assert main(["run", str(tmp_path / "in"), "--out", str(tmp_path / "in")]) == 2
    assert "is also an input" in capsys.readouterr().err
    assert sorted(p.name for p in (tmp_path / "in").iterdir()) == ["a.jsonl"]  # nothing written


def test_an_input_inside_out_is_refused(tmp_path, capsys):
    src = _jsonl(tmp_path / "out" / "a.jsonl", [{"id": "a", "text": LEDE}])
    assert main(["run", str(src), "--out", str(tmp_path / "out")]) == 2
    assert "is inside --out" in capsys.readouterr().err
    assert src.is_file()


def test_out_holding_other_files_keeps_them_and_gets_the_outputs(tmp_path, capsys):
    """A folder with files of its own (a log the caller writes while the run runs, a thesis) is not
    swapped away: the outputs are moved in one by one, its files kept, twice in a row."""
    src = _jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": LEDE}])
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.docx").write_text("my own work", encoding="utf-8")
    for _ in range(2):
        assert main(["run", str(src), "--out", str(tmp_path / "mine")]) == 0
        assert "holds files of its own" in capsys.readouterr().err
        assert (tmp_path / "mine" / "thesis.docx").read_text(encoding="utf-8") == "my own work"
        assert [d["doc_id"] for d in read_jsonl(tmp_path / "mine" / "documents.jsonl")] == ["a"]
    assert not [p for p in tmp_path.iterdir() if ".staging-" in p.name]


def test_out_inside_an_input_is_left_out_with_a_note(tmp_path, capsys):
    _jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": LEDE}])
    for _ in range(2):
        assert main(["run", str(tmp_path), "--out", str(tmp_path / "out")]) == 0
        assert "is inside the input folder" in capsys.readouterr().err
    assert [d["doc_id"] for d in read_jsonl(tmp_path / "out" / "documents.jsonl")] == ["a"]


# --------------------------------------------------------------------------- lock, publication, manifest


def test_a_second_run_into_the_same_out_is_refused(tmp_path, capsys):
    src = _jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": LEDE}])
    out = tmp_path / "out"
    assert main(["run", str(src), "--out", str(out), "--quiet"]) == 0
    before = _whole_set(out)
    fd = os.open(tmp_path / ".out.lock", os.O_RDWR)  # what a run writing into out holds
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        assert main(["run", str(src), "--out", str(out)]) == 2
    finally:
        os.close(fd)
    assert "another run" in capsys.readouterr().err
    assert _whole_set(out) == before
    assert main(["run", str(src), "--out", str(out), "--quiet"]) == 0  # the lock is free again


def test_manifest_lists_every_file_inputs_options_and_counts(tmp_path):
    src = _jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": LEDE}, {"id": "b", "text": ""}])
    out = tmp_path / "out"
    assert main(["run", str(src), "--out", str(out), "--published", "2024-03-20", "--quiet"]) == 1
    manifest = _whole_set(out)
    assert manifest["inputs"] == [src.as_posix()]
    # no --home-country: None (each bulletin is read against its own places, else LY)
    assert manifest["options"] == {
        "published": "2024-03-20",
        "home_country": None,
        "max_chars": 50_000,
        "model": True,
        "formats": [],
    }
    assert manifest["counts"] == {"documents": 1, "events": manifest["counts"]["events"], "rejects": 1}
    assert manifest["version"]
    assert {f["name"] for f in manifest["files"]} >= {"documents.jsonl", "events.csv", "bulletins.sqlite"}


def test_stale_staging_folders_are_removed_and_nothing_is_left_beside_out(tmp_path):
    src = _jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": LEDE}])
    stale = tmp_path / ".out.staging-999999"
    stale.mkdir()
    (stale / "documents.jsonl").write_text("half\n", encoding="utf-8")
    (tmp_path / ".out.old-999999").mkdir()
    assert main(["run", str(src), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.lock", "a.jsonl", "out"]
    _whole_set(tmp_path / "out")


def test_a_failed_run_leaves_the_old_set(tmp_path, monkeypatch, capsys):
    src = _jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": LEDE}])
    out = tmp_path / "out"
    assert main(["run", str(src), "--out", str(out), "--quiet"]) == 0
    before = _whole_set(out)

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("pipeline.sinks.SqliteSink.add", disk_full)
    _jsonl(src, [{"id": "b", "text": NEXT}])
    assert main(["run", str(src), "--out", str(out)]) == 2
    assert "No space left on device" in capsys.readouterr().err
    assert _whole_set(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.lock", "a.jsonl", "out"]


def test_kill_9_at_any_point_leaves_the_old_set_or_the_new_one(tmp_path):
    """A child run is killed at several points; --out is each time wholly the old set or the new one."""
    old_src = _jsonl(tmp_path / "old.jsonl", [{"id": "old", "text": NEXT}])
    out = tmp_path / "out"
    assert _cli("run", str(old_src), "--out", str(out), "--quiet").returncode == 0
    old = _whole_set(out)
    staging = f".{out.name}.staging-"

    def staged(name: str):
        return lambda: any((p / name).exists() for p in tmp_path.glob(staging + "*"))

    points = {
        "started": lambda: (
            (tmp_path / ".out.lock").exists() and not (tmp_path / ".out.lock").stat().st_size == 0
        ),
        "staging made": lambda: any(tmp_path.glob(staging + "*")),
        "documents written": staged("documents.jsonl"),
        "tables written": staged("events.parquet"),
        "sqlite written": staged("bulletins.sqlite"),
        "manifest written": staged("manifest.json"),
    }
    killed = []
    for label, reached in points.items():
        (tmp_path / ".out.lock").write_bytes(b"")
        child = subprocess.Popen(
            [sys.executable, "-m", "pipeline", "run", str(CORPUS), "--out", str(out), "--quiet"], cwd=ROOT
        )
        deadline = time.monotonic() + 120
        while child.poll() is None and not reached() and time.monotonic() < deadline:
            time.sleep(0.001)
        if child.poll() is None:
            os.kill(child.pid, signal.SIGKILL)
            killed.append(label)
        child.wait()
        manifest = _whole_set(out)
        assert manifest["inputs"] in (old["inputs"], [CORPUS.as_posix()]), label
        if manifest["inputs"] == old["inputs"]:
            assert manifest == old, label
    assert len(killed) >= 3, killed  # the kills did land in the middle of runs
    assert _cli("run", str(CORPUS), "--out", str(out), "--quiet").returncode == 0
    assert _whole_set(out)["inputs"] == [CORPUS.as_posix()]
    assert not list(tmp_path.glob(staging + "*"))  # what the killed runs left is gone


# --------------------------------------------------------------------------- CSV cells


HOSTILE_IDS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "a\rb", "c\nd", "e\r\nf", "plain"]


def test_csv_cells_are_safe_and_read_back_whole(tmp_path):
    """Formula-looking cells get a leading ', and every CSV reads back with one row per record."""
    text = "أجرى الفريق الطبي بمستشفى الجلاء 12 عملية جراحية\rدقيقة خلال الأسبوع الماضي."
    records = [{"id": i, "text": (text if n % 2 else LEDE)} for n, i in enumerate(HOSTILE_IDS)]
    out = tmp_path / "out"
    assert main(["run", str(_jsonl(tmp_path / "a.jsonl", records)), "--out", str(out), "--quiet"]) == 0
    docs = read_jsonl(out / "documents.jsonl")
    assert [d["doc_id"] for d in docs] == HOSTILE_IDS  # JSONL, Parquet and SQLite keep the ids as they are
    count = table_rows(docs)
    assert count["events"] >= len(HOSTILE_IDS)
    for table in (t for t in TABLES if t.files):
        frame = pd.read_csv(out / f"{table.name}.csv", dtype=str, keep_default_na=False)
        if table.name in count:  # aggregates are sums over events, not records of documents.jsonl
            assert len(frame) == count[table.name], table.name
        for cell in frame.to_numpy().ravel():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (table.name, cell)
    ids = set(pd.read_csv(out / "events.csv", dtype=str)["doc_id"])
    assert ids == {"'" + i if i[0] in "=+-@\t\r" else i for i in HOSTILE_IDS}
    assert set(pd.read_parquet(out / "events.parquet")["doc_id"]) == set(HOSTILE_IDS)


@pytest.mark.parametrize(
    "value, cell",
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("x=1", "x=1"),
        ("مستشفى", "مستشفى"),
        (-5, -5),  # numbers are numbers, not formulas
        (None, None),
    ],
)
def test_csv_cell(value, cell):
    from pipeline.writers import csv_cell

    assert csv_cell(value) == cell


def test_csv_rows_end_in_crlf_and_a_bare_cr_is_quoted(tmp_path):
    from pipeline.models import Document, Entity
    from pipeline.writers import write_csv

    ent = Entity(text="مستشفى", start=0, end=6, type="FACILITY", norm="مستشفى")
    docs = [
        Document(doc_id="x\ry", text="مستشفى", entities=[ent]),
        Document(doc_id="\tz", text="مستشفى", entities=[ent]),
    ]
    table = next(t for t in TABLES if t.name == "entities")
    raw = write_csv(tmp_path / "e.csv", table, docs).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfdoc_id,text,") and raw.endswith(b"\r\n")
    assert b'\r\n"x\ry",' in raw and b"\r\n'\tz," in raw
    assert pd.read_csv(tmp_path / "e.csv", dtype=str)["doc_id"].tolist() == ["x\ry", "'\tz"]


# --------------------------------------------------------------------------- exit codes, no traceback


@pytest.mark.parametrize(
    "make, code, says",
    [
        (lambda d: _jsonl(d / "a.jsonl", [{"id": "a", "text": LEDE}]), 0, "1 documents"),
        (lambda d: (d / "bad.txt").write_bytes(b"\x00" * 100) and d / "bad.txt", 1, "binary file"),
        (lambda d: d / "nowhere.txt", 1, "no such file"),
    ],
    ids=["ok", "rejected", "missing"],
)
def test_exit_codes_without_traceback(tmp_path, make, code, says):
    src = make(tmp_path)
    done = _cli("run", str(src), "--out", str(tmp_path / "out"))
    assert done.returncode == code and says in done.stderr and "Traceback" not in done.stderr


def test_refused_out_exits_2_without_traceback(tmp_path):
    src = _jsonl(tmp_path / "in" / "a.jsonl", [{"id": "a", "text": LEDE}])
    done = _cli("run", str(src.parent), "--out", str(src.parent))
    assert done.returncode == 2 and "is also an input" in done.stderr and "Traceback" not in done.stderr


# --------------------------------------------------------------------------- the README says what the code does


def _readme_section(title: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(title)
    return text[start : text.index("### Segmentation", start)]


def test_every_reason_the_code_gives_is_in_the_readme(tmp_path):
    """The reasons of a run over every kind of bad input each start like one listed in the README."""
    section = _readme_section("**Nothing is dropped silently.**")
    bad = tmp_path / "in"
    bad.mkdir()
    files = {
        "empty.txt": b"",
        "blank.txt": b"\n\n",
        "image.txt": b"\x89PNG\x00\x00\x00\x01" * 8,
        "u16.txt": b"\xff\xfe\x00\xd8",
        "nul.txt": "وصلت شحنة أدوية إلى مستشفى الجلاء للجراحة والحوادث".encode() + b"\x00",
        "broken.txt": "وصلت شحنة".encode() + b"\xc3\x28",
        "mixed.txt": "وصلت شحنة أدوية،".encode() + b"\n" + "إلى المستشفى".encode("cp1256"),
        "noise.txt": bytes(range(0x80, 0x100)),
        "a.jsonl": b'{"id": 1\n[1]\n{"id": "t"}\n{"id": "n", "text": 5}\n{"text": " "}\n{"text": "x", "published": "1/2"}\n',
        "b.csv": b'id,text\nd,"x\n',
        "c.csv": b"id,text\nd,x,y\nd,x\n",
        "d.csv": b"id,body\nd,x\n",
        "e.doc": b"x",
    }
    for name, raw in files.items():
        (bad / name).write_bytes(raw)
    os.symlink(bad / "gone", bad / "link.txt")
    os.symlink(bad / "loop.txt", bad / "loop.txt")
    os.mkfifo(bad / "fifo.txt")
    os.symlink(bad, bad / "again")
    _jsonl(tmp_path / "long.jsonl", [{"id": "L", "text": "ا" * 60}])
    from pipeline.run import run

    result = run([bad, tmp_path / "long.jsonl", tmp_path / "nowhere"], tmp_path / "out", max_chars=50)
    reasons = [r.reason for r in result.reject_list]
    assert len(reasons) >= 24
    listed = [re.split(r"…|\bN\b|\(|\d", item)[0].strip() for item in re.findall(r"`([^`]+)`", section)]
    listed = [p for p in listed if len(p) > 8]
    unlisted = [r for r in reasons if not any(r.startswith(p) for p in listed)]
    assert not unlisted


def test_a_hostile_folder_exits_1_without_traceback(tmp_path):
    """Loops, a FIFO, /dev/zero, random bytes, a NUL and an unclosed quote: rejects, exit 1, no hang."""
    src = tmp_path / "in"
    src.mkdir()
    _jsonl(src / "good.jsonl", [{"id": "g", "text": LEDE}])
    os.symlink(src / "b.txt", src / "a.txt")
    os.symlink(src / "a.txt", src / "b.txt")
    os.mkfifo(src / "pipe.txt")
    os.symlink("/dev/zero", src / "zero.jsonl")
    (src / "noise.txt").write_bytes(bytes(range(0x80, 0x100)) * 32)
    (src / "nul.txt").write_bytes((LEDE + "\n\n").encode() + b"\x00".join([NEXT.encode()] * 2))
    (src / "open.csv").write_text(f'id,text\nc1,"{NEXT}\nc2,{LEDE}\n', encoding="utf-8")
    done = _cli("run", str(src), "--out", str(tmp_path / "out"))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    # good.jsonl, the first bulletin of nul.txt, c2 of open.csv; the loop (2), the FIFO, /dev/zero,
    # the noise, the bulletin with the NUL and the row with the unclosed quote are rejected
    assert "3 documents," in done.stderr and "7 rejected" in done.stderr
    _whole_set(tmp_path / "out")


# A JSON escape can make a lone surrogate ("\ud800"), which no UTF-8 file can hold.
@pytest.mark.parametrize(
    ("line", "field"),
    [
        ('{"id": "a", "text": "أجرى المستشفى \\ud800 عملية"}', "text"),
        ('{"id": "a\\udc80", "text": "أجرى المستشفى 5 عمليات"}', "id"),
        ('{"id": "a", "text": "أجرى المستشفى 5 عمليات", "source": "\\udfff"}', "source"),
    ],
)
def test_a_lone_surrogate_rejects_its_record_and_the_run_writes_everything(tmp_path, line, field):
    src = tmp_path / "a.jsonl"
    src.write_text(line + "\n" + json.dumps({"id": "b", "text": LEDE}, ensure_ascii=False) + "\n", "utf-8")
    out = tmp_path / "out"
    assert main(["run", str(src), "--out", str(out), "--quiet"]) == 1
    assert [d["doc_id"] for d in read_jsonl(out / "documents.jsonl")] == ["b"]
    (reject,) = read_jsonl(out / "rejects.jsonl")
    assert reject["line"] == 1 and reject["reason"] == f'"{field}" is not valid Unicode (a lone surrogate)'
    _whole_set(out)  # every file written and listed in the manifest


def test_a_file_name_that_is_not_utf8_is_read_under_a_safe_id(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), b"\xff\xfe.txt"), "wb") as f:
        f.write(LEDE.encode("utf-8"))
    out = tmp_path / "out"
    assert main(["run", str(folder), "--out", str(out), "--quiet"]) == 0
    (doc,) = read_jsonl(out / "documents.jsonl")
    assert doc["doc_id"] == "\ufffd\ufffd:1-1" and doc["source"]["path"].endswith("\ufffd\ufffd.txt")
