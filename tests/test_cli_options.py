"""CLI details a new user meets first: --version, the default --out, --types checked, make eval's help."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from pipeline.cli import main
from pipeline.models import ENTITY_TYPES
from pipeline.report import package_version
from tests.conftest import CORPUS, ROOT, read_jsonl


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"bulletins {package_version()}"


def test_out_defaults_to_outputs(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["run", str(CORPUS / "000_83d44f455a603adc.txt"), "--quiet"]) == 0
    assert read_jsonl(tmp_path / "outputs" / "documents.jsonl")


@pytest.fixture
def run_jsonl(tmp_path) -> tuple:
    """A gold file and a prediction of one bulletin (the prediction = the gold)."""
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        '{"id": "a", "text": "زار الوزير طرابلس.", "entities": [{"start": 11, "end": 17, "text": "طرابلس", '
        '"type": "LOC"}], "quantities": [], "decrees": [], "events": []}\n',
        encoding="utf-8",
    )
    pred = tmp_path / "pred.jsonl"
    pred.write_text(
        '{"doc_id": "a", "text": "زار الوزير طرابلس.", "entities": [{"start": 11, "end": 17, "text": "طرابلس", '
        '"type": "LOC", "norm": "طرابلس"}], "quantities": [], "decrees": [], "events": []}\n',
        encoding="utf-8",
    )
    return gold, pred


@pytest.mark.parametrize(
    ("types", "status", "said"),
    [
        ("LOC", 0, "LOC"),
        ("loc, facility", 0, "LOC"),  # any case, spaces around commas
        ("FOO", 2, "unknown entity type(s) FOO"),  # trap: no silent "FOO 1.000"
        ("LOC,PLACE", 2, "unknown entity type(s) PLACE"),
    ],
)
def test_types_are_checked(run_jsonl, capsys, types: str, status: int, said: str) -> None:
    gold, pred = run_jsonl
    assert main(["eval", "--gold", str(gold), "--pred", str(pred), "--types", types]) == status
    out = capsys.readouterr()
    assert said in (out.out if status == 0 else out.err)
    if status:
        assert all(t in out.err for t in ENTITY_TYPES) and "FOO 1.000" not in out.out


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_eval_without_gold_says_where_it_is_expected(tmp_path) -> None:
    # check-gold runs before the install step: nothing is installed by this test
    proc = subprocess.run(
        ["make", "-s", "eval", f"SHARED={tmp_path / 'nowhere'}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode != 0
    assert f"{tmp_path / 'nowhere'}/gold/" in proc.stderr and "make eval SHARED=" in proc.stderr


def test_no_report_writes_the_data_files_only(tmp_path) -> None:
    assert main(["run", str(CORPUS), "--out", str(tmp_path / "a"), "--quiet", "-j", "1", "--no-report"]) == 0
    assert main(["run", str(CORPUS), "--out", str(tmp_path / "b"), "--quiet", "-j", "1"]) == 0
    without = sorted(p.relative_to(tmp_path / "a").as_posix() for p in (tmp_path / "a").rglob("*"))
    with_report = sorted(p.relative_to(tmp_path / "b").as_posix() for p in (tmp_path / "b").rglob("*"))
    assert "report.html" in with_report and "report.html" not in without
    assert set(without) == set(with_report) - {"report.html"} - {
        n for n in with_report if n.startswith("report/")
    }
    for name in ("documents.jsonl", "events.csv", "signatures.jsonl"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert "report.html" not in (tmp_path / "a" / "manifest.json").read_text(encoding="utf-8")
