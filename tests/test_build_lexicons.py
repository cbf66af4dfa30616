"""scripts/build_lexicons.py `judge()`: a multi-word place name whose words are all frequent is a
common phrase unless the place is large enough (made-up frequencies, no open data needed)."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

import pipeline.lexicons  # noqa: F401  (fixes LEXICON_DIR before the script points it at a copy)

_PATH = Path(__file__).resolve().parent.parent / "scripts" / "build_lexicons.py"
_spec = importlib.util.spec_from_file_location("build_lexicons", _PATH)
assert _spec is not None and _spec.loader is not None
build = importlib.util.module_from_spec(_spec)
sys.modules["build_lexicons"] = build  # its dataclasses look their module up
_env = os.environ.get("BULLETINS_LEXICONS")
_spec.loader.exec_module(build)  # it points BULLETINS_LEXICONS at a copy of lexicons/: undone
if _env is None:
    os.environ.pop("BULLETINS_LEXICONS", None)
else:
    os.environ["BULLETINS_LEXICONS"] = _env


class Freq:
    """Zipf frequencies of a few words (any other word is rare)."""

    def __init__(self, table: dict[str, float]):
        self.table = table

    def zipf(self, word: str) -> float:
        return self.table.get(word, 1.0)


FREQ = Freq({"خان": 4.7, "يونس": 4.5, "حجر": 4.5, "الأسود": 4.9, "منزل": 5.1, "جميل": 5.2})


@pytest.mark.parametrize(
    ("form", "population", "verdict"),
    [
        # a town of 170,000 people: its name is more frequent than the phrase its words make
        ("خان يونس", 170_000, "ok"),
        # a village whose name is a phrase of frequent words stays a common phrase
        ("حجر الأسود", 20_000, "common"),
        ("منزل جميل", 5_000, "common"),
        ("خان يونس", 3_000, "common"),
    ],
)
def test_multiword_names_weighed_against_population(form: str, population: int, verdict: str) -> None:
    assert build.judge(form, population, FREQ, set(), set(), set(), set()) == verdict
