"""Start-up: what importing the pipeline costs, and the MinHash values made without datasketch.

`pipeline.duplicates` makes datasketch's `affine32` MinHash values itself (datasketch imports
scipy: half a second of every run); the values must stay those datasketch makes, or signatures
written by earlier runs (`--against`) would no longer match.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from pipeline.duplicates import NUM_PERM, SEED, SHINGLE, sketch, words

SENTENCES = [
    "أجرى الفريق الطبي في مستشفى الولادة 14 عملية قيصرية ناجحة خلال الأسبوع الماضي.",
    "افتتح وزير الصحة قسم غسيل الكلى الجديد بحضور مدير المستشفى وعدد من الأطباء.",
    "أعلنت مديرية التربية عن بدء امتحانات الشهادة الثانوية يوم الأحد ٢٠ حزيران.",
    "وصلت قافلة مساعدات تضم ٣٠ شاحنة إلى المدينة",
    "مرحبا",  # shorter than a shingle: one shingle
    "",  # no word: the empty shingle
]


@pytest.mark.parametrize("text", SENTENCES)
def test_minhash_values_are_datasketchs(text):
    datasketch = pytest.importorskip("datasketch")
    tokens = words(text)
    reference = datasketch.MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32")
    n = max(1, len(tokens) - SHINGLE + 1)
    reference.update_batch([" ".join(tokens[i : i + SHINGLE]).encode("utf-8") for i in range(n)])
    assert sketch(tokens).tolist() == reference.hashvalues.tolist()


def test_one_word_changed_changes_some_values_not_all():
    a, b = (sketch(words(t)) for t in (SENTENCES[0], SENTENCES[0].replace("14", "15")))
    assert 0 < int((a == b).sum()) < NUM_PERM


@pytest.mark.parametrize("module", ["datasketch", "scipy"])
def test_a_run_does_not_import(module):
    code = f"import sys, pipeline.run, pipeline.process; print({module!r} in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


UNEVEN = [
    ("مُحَمَّد", "محمد"),  # marks dropped
    ("ﻻ بأس", "لا باس"),  # a presentation-form ligature: one character, two in the view
    ("#الصحة_العامة", "الصحه العامه"),
    ("٣ أطباء", "3 اطباء"),
]


@pytest.mark.parametrize(("text", "view"), UNEVEN)
def test_the_shared_character_table_gives_each_text_its_own_map(text, view):
    from pipeline.normalize import normalize

    first = normalize(text)
    assert first.text == view
    for k in range(len(view)):  # every view character maps back into the original
        s, e = first.to_original(k, k + 1)
        assert 0 <= s < e <= len(text)
    plain = normalize("ابتث" * 3)  # a text of even characters only, after the uneven ones
    assert plain.starts == tuple(range(12))
    again = normalize(text)
    assert (again.text, again.starts, again.ends) == (first.text, first.starts, first.ends)


def test_a_text_of_more_characters_than_the_table_keeps():
    from pipeline.normalize import normalize, normalize_char

    text = "".join(map(chr, range(0x10000, 0x10000 + 70_000))) + "مُحَمَّد ٣"
    view = normalize(text)
    assert view.text == "".join(map(normalize_char, text))
    assert view.text.endswith("محمد 3")
    assert len(view.starts) == len(view.text)
