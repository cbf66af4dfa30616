"""The package works wherever pip installs it: the wheel carries the lexicons as package data.

The wheel is built from a copy of the sources (so nothing is written into the checkout) and
installed with pip, --no-deps, into a fresh venv that sees the test venv's site-packages through
a .pth file (offline and fast); `bulletins run` then processes the sample corpus from another
directory, and its documents.jsonl is compared with the in-tree run's.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from pipeline import lexicons
from pipeline.cli import main
from tests.conftest import CORPUS, ROOT, read_jsonl

SOURCES = ("pyproject.toml", "README.md", "pipeline", "lexicons")


def _pip(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "pip", *args], check=True, capture_output=True, timeout=300)


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the built wheel installed, and nothing of the checkout on its path."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    src.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(ROOT / name, src / name)
    _pip("wheel", str(src), "--no-deps", "--no-build-isolation", "--no-index", "-q", "-w", str(tmp / "dist"))
    (wheel,) = (tmp / "dist").glob("*.whl")
    env = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True, timeout=120)
    _pip("--python", str(env / "bin" / "python"), "install", "--no-deps", "--no-index", "-q", str(wheel))
    site = subprocess.run(
        [env / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # The dependencies (torch, camel-tools, pydantic ...) from the test venv; a plain path, so the
    # .pth files there (the checkout's editable install) are not run.
    (Path(site) / "test-deps.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    return env


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("BULLETINS_LEXICONS", "PYTHONPATH")}


def test_installed_wheel_runs_the_corpus_like_the_checkout(venv: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    proc = subprocess.run(
        [venv / "bin" / "bulletins", "run", str(CORPUS), "--out", "out", "--quiet"],
        cwd=elsewhere,
        env=_clean_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    where = subprocess.run(
        [
            venv / "bin" / "python",
            "-c",
            "import pipeline, pipeline.lexicons as x; print(pipeline.__file__, x.LEXICON_DIR)",
        ],
        cwd=elsewhere,
        env=_clean_env(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert all(Path(p).is_relative_to(venv) for p in where), where  # the wheel's code and lexicons
    assert main(["run", str(CORPUS), "--out", str(tmp_path / "tree"), "--quiet"]) == 0
    installed = read_jsonl(elsewhere / "out" / "documents.jsonl")
    assert installed and installed == read_jsonl(tmp_path / "tree" / "documents.jsonl")


def test_installed_lexicons_command_counts_the_packaged_lexicons(venv: Path, tmp_path: Path) -> None:
    proc = subprocess.run(
        [venv / "bin" / "bulletins", "lexicons"],
        cwd=tmp_path,
        env=_clean_env(),
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert f"{len(list((ROOT / 'lexicons').glob('*.tsv')))} lexicons" in proc.stdout


def test_lexicons_command_fails_when_it_finds_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setattr(lexicons, "LEXICON_DIR", tmp_path / "nowhere")
    assert main(["lexicons"]) == 2
    assert "no lexicons found" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        ("/srv/my-lexicons", Path("/srv/my-lexicons")),  # BULLETINS_LEXICONS wins
        (None, ROOT / "lexicons"),  # a checkout: its lexicons/ folder
    ],
)
def test_lexicon_dir(monkeypatch: pytest.MonkeyPatch, override: str | None, expected: Path) -> None:
    if override is None:
        monkeypatch.delenv("BULLETINS_LEXICONS", raising=False)
    else:
        monkeypatch.setenv("BULLETINS_LEXICONS", override)
    assert lexicons.lexicon_dir() == expected


def test_installed_spacy_factory_is_found_by_its_entry_point(venv: Path, tmp_path: Path) -> None:
    script = (
        "import sys, spacy\n"
        "nlp = spacy.blank('ar')\n"
        "nlp.add_pipe('bulletins')\n"  # no `import pipeline`: spaCy finds the factory by its entry point
        "doc = nlp('التقى مدير المستشفى بوزارة الصحة في طرابلس.')\n"
        "print('|'.join(f'{e.text}:{e.label_}' for e in doc.ents))\n"
    )
    proc = subprocess.run(
        [venv / "bin" / "python", "-c", script],
        cwd=tmp_path,
        env=_clean_env(),
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "وزارة الصحة:ORG|طرابلس:LOC"
