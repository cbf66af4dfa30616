"""`--jobs N`: bulletins processed in worker processes give the outputs of one process."""

from __future__ import annotations

import json
import os
import sys

import pytest

from pipeline.cli import main
from pipeline.models import Document, Reject
from pipeline.run import IN_FLIGHT, MAX_CHUNK, _chunks, run
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
    if doc.text.startswith("FAIL") or doc.doc_id[1:].isdigit() and int(doc.doc_id[1:]) % 30 == 29:
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


def test_chunks_grow_to_the_largest_and_rejects_keep_their_place():
    items = [Document(doc_id=f"d{k}", text="نص") for k in range(100)]
    items.insert(2, Reject(path="x.jsonl", line=3, reason="broken JSON"))
    chunks = list(_chunks(items))
    assert [sum(isinstance(i, Document) for i in c) for c in chunks] == [1, 2, 4, 8, 16, 32, 32, 5]
    assert [i for c in chunks for i in c] == items
    assert isinstance(chunks[1][1], Reject)


OTHERS = [b for b in BULLETINS if not b.startswith("FAIL")]


def _generated(tmp_path, n):
    """n bulletins of our own sentences, varied (numbers, places, order), one broken line among them."""
    places = ["مستشفى مصراتة المركزي", "مركز بنغازي الطبي", "مستشفى سبها الطبي", "مستشفى زليتن التعليمي"]
    lines = []
    for k in range(n):
        place = places[k % len(places)]
        parts = [
            f"أجرى الفريق الطبي ب{place} {k % 17 + 2} عملية قسطرة قلبية يوم {k % 27 + 1} مارس 2024.",
            f"ووصلت إلى {place} شحنة أدوية تضم {k % 9 + 1} أطنان من المستلزمات.",
            OTHERS[k % len(OTHERS)],
        ]
        text = " ".join(parts[k % 3 :] + parts[: k % 3])
        lines.append(json.dumps({"id": f"g{k}", "text": text, "published": "2024-03-28"}, ensure_ascii=False))
        if k == n // 2:
            lines.append("{broken")
    src = tmp_path / "generated.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return src


def test_a_few_hundred_bulletins_in_two_processes_are_byte_identical_to_one(tmp_path, fragile_stage):
    src = _generated(tmp_path, 300)
    one = run([src], tmp_path / "one", progress=False, jobs=1, report=False)
    two = run([src], tmp_path / "two", progress=False, jobs=2, report=False)
    assert one.documents == two.documents == 300 - 10  # every 30th fails (_fragile): rejected
    assert [(r.line, r.reason) for r in one.reject_list] == [(r.line, r.reason) for r in two.reject_list]
    lines = [r.line for r in one.reject_list]
    assert lines == sorted(lines) and len(lines) == 11  # in input order, the broken line among them
    for name in sorted(p.name for p in (tmp_path / "one").iterdir()):
        if name not in RUN_METADATA:
            assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


@pytest.mark.parametrize("jobs", [1, 2])
def test_documents_are_written_while_the_input_is_still_being_read(tmp_path, monkeypatch, jobs):
    """A bounded window: when the first document is written, only a few have been read."""
    run_module = sys.modules["pipeline.run"]
    src = _generated(tmp_path, 400)
    read = []
    real_ingest, real_add = run_module.ingest, run_module.Output.add

    def counted(*args, **kwargs):
        for item in real_ingest(*args, **kwargs):
            read.append(1)
            yield item

    when_first: list[int] = []

    def add(self, doc, sig=None):
        when_first.append(len(read)) if not when_first else None
        real_add(self, doc, sig)

    monkeypatch.setattr(run_module, "ingest", counted)
    monkeypatch.setattr(run_module.Output, "add", add)
    run([src], tmp_path / "out", progress=False, jobs=jobs, report=False)
    assert len(read) == 401
    most = 1 if jobs == 1 else 1 + sum(min(MAX_CHUNK, 2**k) for k in range(jobs * IN_FLIGHT)) + 1
    assert 1 <= when_first[0] <= most


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_run_leaves_the_garbage_collector_as_it_found_it(tmp_path, jobs):
    import gc

    run(_inputs(tmp_path), tmp_path / "out", jobs=jobs, report=False)
    assert gc.get_freeze_count() == 0  # the run's own freeze (its lexicons and model) is undone


def test_a_failing_run_leaves_the_garbage_collector_as_it_found_it(tmp_path, monkeypatch):
    import gc

    from pipeline import writers

    def broken(self, doc, sig=None):
        assert gc.get_freeze_count() > 0  # the loaded lexicons and model are frozen during the run
        raise OSError("disk full")

    monkeypatch.setattr(writers.Output, "add", broken)
    with pytest.raises(OSError, match="disk full"):
        run(_inputs(tmp_path), tmp_path / "out", jobs=1, report=False)
    assert gc.get_freeze_count() == 0
