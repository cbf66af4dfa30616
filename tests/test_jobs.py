"""`--jobs N`: bulletins processed in worker processes give the outputs of one process."""

from __future__ import annotations

import json
import os
import sys

import pytest

from pipeline.cli import main
from pipeline.run import _chunksize, run
from tests.conftest import CORPUS

# Bulletins of our own, in several lengths; one line is not JSON (an input reject in the
# middle of the documents) and one makes a stage fail (a processing reject).
BULLETINS = [
    "أجرى الفريق الطبي بمستشفى مصراتة المركزي 14 عملية قسطرة قلبية خلال الأسبوع الماضي.",
    "افتتح وزير الصحة قسم الغسيل الكلوي الجديد بمستشفى زليتن التعليمي بسعة 20 سريراً.",
    "أوفد جهاز دعم وتطوير الخدمات العلاجية 35 مريضاً للعلاج في الخارج يوم 3 مارس 2024.",
    "وصلت شحنة أدوية إلى مستشفى سبها الطبي تضم 12 طناً من المستلزمات.",
    "نفذ مركز طرابلس الطبي 8 عمليات زراعة كلى ناجحة بإشراف فريق محلي.\n" * 5,
    "FAIL أجرى مستشفى الجلاء 6 عمليات جراحية.",
    "استقبل مستشفى غريان العام 120 حالة خلال شهر رمضان.",
]


def _inputs(tmp_path):
    src = tmp_path / "in" / "news.jsonl"
    src.parent.mkdir()
    lines = [json.dumps({"id": f"b{k}", "text": t}, ensure_ascii=False) for k, t in enumerate(BULLETINS)]
    lines.insert(3, "{not json")
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [src, CORPUS]


def _fragile(doc):
    if doc.text.startswith("FAIL"):
        raise ValueError("cannot handle this bulletin")
    return doc


@pytest.fixture
def fragile_stage(monkeypatch):
    stages = sys.modules["pipeline.process"]
    monkeypatch.setattr(stages, "STAGES", (*stages.STAGES, _fragile))


# Every file but those naming the run itself (the output folder, start and end times).
RUN_METADATA = {"report.html", "manifest.json"}


@pytest.mark.parametrize("jobs", [2, 3])
def test_outputs_are_byte_identical_to_one_process(tmp_path, fragile_stage, jobs):
    inputs = _inputs(tmp_path)
    one = run(inputs, tmp_path / "one", progress=False, jobs=1)
    many = run(inputs, tmp_path / "many", progress=False, jobs=jobs)
    assert (one.documents, one.rejects) == (many.documents, many.rejects)
    assert one.rejects == 2 and one.documents > len(BULLETINS)
    names = sorted(p.name for p in (tmp_path / "one").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "many").iterdir())
    for name in set(names) - RUN_METADATA:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "many" / name).read_bytes(), name
    assert [r.doc_id for r in one.reject_list] == [r.doc_id for r in many.reject_list]


def _pid_stage(doc):
    raise RuntimeError(f"pid {os.getpid()}")


def test_documents_are_processed_in_worker_processes(tmp_path, monkeypatch):
    stages = sys.modules["pipeline.process"]
    monkeypatch.setattr(stages, "STAGES", (_pid_stage,))
    result = run(_inputs(tmp_path)[:1], tmp_path / "out", progress=False, jobs=2)
    pids = {r.reason.rsplit(" ", 1)[1] for r in result.reject_list if "pid" in r.reason}
    assert len(pids) >= 1 and str(os.getpid()) not in pids


def test_cli_jobs_flag(tmp_path):
    assert main(["run", str(CORPUS), "--out", str(tmp_path / "a"), "--quiet", "--jobs", "2"]) == 0
    assert main(["run", str(CORPUS), "--out", str(tmp_path / "b"), "--quiet", "-j", "1"]) == 0
    for name in ("documents.jsonl", "events.csv", "bulletins.sqlite"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


@pytest.mark.parametrize("bad", ["0", "-1", "two"])
def test_cli_jobs_must_be_positive(tmp_path, bad, capsys):
    assert main(["run", str(CORPUS), "--out", str(tmp_path / "o"), "--jobs", bad]) == 2
    assert "--jobs" in capsys.readouterr().err


@pytest.mark.parametrize(("n", "jobs", "size"), [(1, 2, 1), (10, 2, 1), (400, 2, 50), (100_000, 2, 64)])
def test_chunks_are_small_enough_to_share_the_work(n, jobs, size):
    assert _chunksize(n, jobs) == size
