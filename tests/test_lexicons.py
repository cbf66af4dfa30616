"""Every lexicon file validates; a broken entry is reported with its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import lexicons
from pipeline.lexicons import LexiconError, validate_all
from pipeline.normalize import norm


def test_every_lexicon_validates() -> None:
    counts = validate_all()
    for name in ("places", "facilities", "organizations", "conditions", "procedures", "programmes", "titles"):
        assert counts.get(name, 0) > 0, name


# The procedure codes of OUTPUT.md's table: each must be an id of procedures.tsv.
CORE_PROCEDURES = """catheterization stent_implantation open_heart_surgery cardiac_surgery surgery
kidney_transplant liver_transplant bone_marrow_transplant cornea_transplant cochlear_implant dialysis
cataract_surgery eye_surgery orthopedic_surgery joint_replacement neurosurgery laparoscopic_surgery
endoscopy cesarean_section delivery vaccination chemotherapy radiotherapy gene_therapy genetic_testing
lab_test imaging physiotherapy medical_examination blood_donation""".split()


@pytest.mark.parametrize("code", CORE_PROCEDURES)
def test_core_procedure_codes(code: str) -> None:
    ids = {e.id for e in lexicons.load("procedures")}
    assert code in ids


def test_no_arabic_form_in_two_entity_lexicons_of_different_types() -> None:
    """A form listed as both a condition and a procedure would make its type a coin toss."""
    seen: dict[str, str] = {}
    clashes = []
    for name in ("conditions", "procedures", "programmes"):
        for e in lexicons.load(name):
            for f in e.ar:
                k = norm(f)
                if k in seen and seen[k] != name:
                    clashes.append((f, seen[k], name))
                seen.setdefault(k, name)
    assert not clashes


def _write(dirpath: Path, name: str, text: str) -> None:
    (dirpath / f"{name}.tsv").write_text(text, encoding="utf-8")


BAD = [
    # (file content, line reported, words of the message)
    ("id\tname_en\tar\tkind\ndoctor\tdoctor\tالدكتور\tbishop\n", 2, "kind"),
    ("id\tname_en\tar\tkind\nDoctor\tdoctor\tالدكتور\ttitle\n", 2, "id"),
    ("id\tname_en\tar\tkind\n# a comment\ndoctor\tdoctor\tالدكتور||د.\ttitle\n", 3, "empty Arabic form"),
    ("id\tname_en\tar\tkind\ndoctor\tdoctor\tالدكتور\ttitle\ndoctor\tdr\tد.\ttitle\n", 3, "duplicate id"),
    ("id\tname_en\tar\tkind\ndoctor\tdoctor\tالدكتور\ttitle\textra\n", 2, "cells"),
    ("id\tname_en\tar\tkind\tcolour\n", 1, "unknown column"),
    ("id\tname_en\tar\tkind\nmister\t\tالسيد\ttitle\n", 2, "name_en"),
]


@pytest.mark.parametrize(("content", "line", "words"), BAD)
def test_bad_entry_reported_with_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str, line: int, words: str
) -> None:
    _write(tmp_path, "titles", content)
    monkeypatch.setattr(lexicons, "LEXICON_DIR", tmp_path)
    with pytest.raises(LexiconError) as exc:
        validate_all()
    assert exc.value.line == line
    assert exc.value.path.name == "titles.tsv"
    assert f"titles.tsv:{line}" in str(exc.value)
    assert words in str(exc.value)


def test_file_without_schema_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path, "mystery", "id\tname_en\tar\nx\tx\tس\n")
    monkeypatch.setattr(lexicons, "LEXICON_DIR", tmp_path)
    with pytest.raises(LexiconError, match="no schema"):
        validate_all()


def test_good_temp_lexicon_validates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path, "titles", "# titles\nid\tname_en\tar\tkind\ndoctor\tdoctor\tالدكتور|د.\ttitle\n")
    monkeypatch.setattr(lexicons, "LEXICON_DIR", tmp_path)
    assert validate_all() == {"titles": 1}
