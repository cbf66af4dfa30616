"""The `bulletins` command: run end to end, exit codes 0/1/2, help, eval, lexicons."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from pipeline.cli import main
from tests.conftest import CORPUS, GOLD, ROOT, read_jsonl

LEDE = "افتتح وزير الصحة قسم الغسيل الكلوي الجديد بمستشفى زليتن التعليمي بسعة 20 سريراً."


def test_run_corpus_exit_0(tmp_path, gold, capsys):
    out = tmp_path / "out"
    assert main(["run", str(CORPUS), "--out", str(out), "--no-progress"]) == 0
    docs = read_jsonl(out / "documents.jsonl")
    assert [d["doc_id"] for d in docs] == [g["id"] for g in gold]
    assert (out / "rejects.jsonl").read_text(encoding="utf-8") == ""
    assert "11 documents" in capsys.readouterr().err


def test_run_with_rejects_exit_1_and_outputs_written(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text(LEDE, encoding="utf-8")
    (tmp_path / "in" / "bad.jsonl").write_text('{"id": "x", "text": "وصلت\n', encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(tmp_path / "in"), "--out", str(out), "--published", "2024-03-20"]) == 1
    docs = read_jsonl(out / "documents.jsonl")
    assert [(d["doc_id"], d["published"]) for d in docs] == [("good:1-1", "2024-03-20")]
    rejects = read_jsonl(out / "rejects.jsonl")
    assert len(rejects) == 1 and rejects[0]["line"] == 1 and "broken JSON" in rejects[0]["reason"]
    err = capsys.readouterr().err
    assert "rejected" in err and "Traceback" not in err


SURGERY = "أجرى الفريق الطبي بمستشفى الملك فهد التخصصي بالدمام 14 عملية قلب مفتوح خلال الشهر الماضي."
LIBYAN = "أجرى الفريق الطبي بمستشفى مصراتة المركزي 9 عمليات قسطرة خلال الأسبوع الماضي."


@pytest.mark.parametrize(
    ("flag", "records", "expected"),
    [
        ([], [{"id": "a", "text": SURGERY}], [("a", "SA", "text")]),
        ([], [{"id": "a", "text": LIBYAN}], [("a", "LY", "default")]),
        (["--home-country", "eg"], [{"id": "a", "text": SURGERY}], [("a", "EG", "run")]),
        ([], [{"id": "a", "text": SURGERY, "country": "jo"}], [("a", "JO", "input")]),
        (["--home-country", "SA"], [{"id": "a", "text": SURGERY, "country": "EG"}], [("a", "EG", "input")]),
    ],
)
def test_home_country_of_a_run_and_of_a_record(tmp_path, flag, records, expected):
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    assert main(["run", str(src), "--out", str(tmp_path / "out"), "--quiet", *flag]) == 0
    docs = read_jsonl(tmp_path / "out" / "documents.jsonl")
    assert [(d["doc_id"], d["country"], d["country_from"]) for d in docs] == expected


def test_unknown_country_of_a_record_is_rejected(tmp_path):
    src = tmp_path / "in.jsonl"
    rows = [{"id": "a", "text": SURGERY, "country": "XX"}, {"id": "b", "text": SURGERY}]
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    assert main(["run", str(src), "--out", str(tmp_path / "out"), "--quiet"]) == 1
    assert [d["doc_id"] for d in read_jsonl(tmp_path / "out" / "documents.jsonl")] == ["b"]
    rejects = read_jsonl(tmp_path / "out" / "rejects.jsonl")
    assert [r["doc_id"] for r in rejects] == ["a"] and "country code" in rejects[0]["reason"]


def test_quiet_prints_nothing(tmp_path, capsys):
    assert main(["run", str(CORPUS), "--out", str(tmp_path), "--quiet"]) == 0
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["run"],
        ["run", "corpus/", "--out", "x", "--published", "20-03-2024"],
        ["run", "corpus/", "--out", "x", "--home-country", "Libya"],
        ["frobnicate"],
        ["eval", "--gold", "nowhere.jsonl", "--pred", "nowhere.jsonl"],
    ],
)
def test_usage_errors_exit_2(argv, capsys):
    assert main(argv) == 2
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv, words",
    [
        (["--help"], ["run", "eval", "lexicons", "exit status", "0", "1", "2"]),
        (
            ["run", "--help"],
            [
                "--out",
                "--published",
                "--home-country",
                "--progress",
                "--no-progress",
                "--quiet",
                "exit status",
            ],
        ),
        (["eval", "--help"], ["--gold", "--pred", "--json", "--types"]),
        (["lexicons", "--help"], ["lexicons"]),
    ],
)
def test_help(argv, words, capsys):
    assert main(argv) == 0
    out = capsys.readouterr().out
    for w in words:
        assert w in out


def test_eval_json(tmp_path, capsys):
    if not GOLD.is_file():
        pytest.skip("no gold file")
    assert main(["run", str(CORPUS), "--out", str(tmp_path), "--quiet"]) == 0
    assert main(["eval", "--gold", str(GOLD), "--pred", str(tmp_path / "documents.jsonl"), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert isinstance(result, dict) and result


def _module(args: list[str], env_extra: dict[str, str]) -> subprocess.CompletedProcess[str]:
    import os

    env = {**os.environ, **env_extra}
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_bad_lexicon_exits_2_with_file_and_line(tmp_path):
    lex = tmp_path / "lexicons"
    lex.mkdir()
    good = (ROOT / "lexicons" / "segment_cues.tsv").read_text(encoding="utf-8")
    (lex / "segment_cues.tsv").write_text(good + "cue.bad\tbad cue\tهكذا\tadverb\n", encoding="utf-8")
    line = len(good.splitlines()) + 1
    for args in (["lexicons"], ["run", str(CORPUS), "--out", str(tmp_path / "out")]):
        proc = _module(args, {"BULLETINS_LEXICONS": str(lex)})
        assert proc.returncode == 2, proc.stderr
        assert f"segment_cues.tsv:{line}" in proc.stderr
        assert "kind" in proc.stderr
        assert "Traceback" not in proc.stderr


def test_python_dash_m_runs(tmp_path):
    shutil.copy(CORPUS / "000_83d44f455a603adc.txt", tmp_path / "a.txt")
    proc = _module(["run", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out")], {})
    assert proc.returncode == 0, proc.stderr
    assert len(read_jsonl(tmp_path / "out" / "documents.jsonl")) == 5


def test_a_failing_stage_rejects_only_its_document(tmp_path, monkeypatch):
    from pipeline.run import run

    # (`pipeline.process` the attribute is the function; the module is in sys.modules)
    stages = sys.modules["pipeline.process"]

    def fragile(doc):
        if "زليتن" in doc.text:
            raise ValueError("cannot handle this bulletin")
        return doc

    monkeypatch.setattr(stages, "STAGES", (*stages.STAGES, fragile))
    src = tmp_path / "in.jsonl"
    src.write_text(
        "\n".join(
            json.dumps({"id": i, "text": t}, ensure_ascii=False)
            for i, t in (("z", LEDE), ("s", "وصلت شحنة أدوية إلى سبها."))
        )
        + "\n",
        encoding="utf-8",
    )
    result = run([src], tmp_path / "out", progress=True)
    assert (result.documents, result.rejects) == (1, 1)
    r = result.reject_list[0]
    assert (r.doc_id, r.line) == ("z", 1) and "ValueError: cannot handle this bulletin" in r.reason
    assert [d["doc_id"] for d in read_jsonl(tmp_path / "out" / "documents.jsonl")] == ["s"]
    assert read_jsonl(tmp_path / "out" / "rejects.jsonl")[0]["doc_id"] == "z"


def test_rerun_gives_identical_documents(tmp_path):
    from pipeline.run import run

    run([CORPUS], tmp_path / "a", progress=False)
    run([CORPUS], tmp_path / "b", progress=False)
    for name in ("documents.jsonl", "rejects.jsonl"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_output_folder_inside_the_input_is_not_read_back(tmp_path):
    from pipeline.run import run

    (tmp_path / "news.txt").write_text(LEDE, encoding="utf-8")
    first = run([tmp_path], tmp_path / "out", progress=False)
    again = run([tmp_path], tmp_path / "out", progress=False)
    assert (first.documents, first.rejects) == (again.documents, again.rejects) == (1, 0)


def test_eval_types_restricts_entity_types(tmp_path, capsys):
    if not GOLD.is_file():
        pytest.skip("no gold file")
    assert main(["run", str(CORPUS), "--out", str(tmp_path), "--quiet"]) == 0
    pred = str(tmp_path / "documents.jsonl")
    assert main(["eval", "--gold", str(GOLD), "--pred", pred, "--json", "--types", "facility, ORG"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result["entity_types"]) == {"FACILITY", "ORG"}
