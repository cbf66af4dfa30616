"""Cue matching (pipeline.cues): loose and exact matches, the longest first, ties by list order,
and the same answers when a token list is scanned again (the matches and forms are kept)."""

from __future__ import annotations

import pytest

from pipeline.cues import compile_patterns, find_matches
from pipeline.lexicons import Entry
from pipeline.tokenize import tokenize_text


def _entry(id_: str, *forms: str) -> Entry:
    return Entry(id=id_, name_en=id_, ar=list(forms))


FIELD = _entry("field", "المستشفى الميداني")
FIELD_BARE = _entry("field_bare", "مستشفى ميداني")
VISIT = _entry("visit", "زيارة")
VISIT_LONG = _entry("visit_long", "زيارة ميدانية")
SUPPORT = _entry("support", "بدعم من")


@pytest.mark.parametrize(
    ("text", "entries", "loose", "expected"),
    [
        # with a proclitic and the article or without them: two same-length forms, the first listed wins
        ("افتتح الوزير بالمستشفى الميداني قسماً جديداً", [FIELD, FIELD_BARE], True, [("field", 2, 4)]),
        ("افتتح الوزير بالمستشفى الميداني قسماً جديداً", [FIELD_BARE, FIELD], True, [("field_bare", 2, 4)]),
        # the longest form wins, whatever the order of the list
        ("قام المدير بزيارة ميدانية للقسم", [VISIT, VISIT_LONG], True, [("visit_long", 2, 4)]),
        ("قام المدير بزيارة ميدانية للقسم", [VISIT_LONG, VISIT], True, [("visit_long", 2, 4)]),
        # exact matching: as written, a leading و allowed, no other proclitic
        ("وبدعم من الهلال الأحمر وصلت الأدوية", [SUPPORT], False, [("support", 0, 2)]),
        ("وصلت الأدوية لدعم من يحتاجها", [_entry("d", "دعم من")], False, []),
        ("بدعم من الهلال الأحمر، وبدعم من الوزارة", [SUPPORT], False, [("support", 0, 2), ("support", 5, 7)]),
        # a punctuation mark between the words breaks a form
        ("زيارة، ميدانية", [VISIT_LONG], True, []),
    ],
)
def test_matches(text, entries, loose, expected):
    toks = tokenize_text(text)
    pats = compile_patterns(entries)
    got = [(m.entry.id, m.i, m.j) for m in find_matches(toks, 0, len(toks), pats, loose)]
    assert got == expected
    # scanned again (kept matches), and in a narrower range (kept forms): the same answers
    assert [(m.entry.id, m.i, m.j) for m in find_matches(toks, 0, len(toks), pats, loose)] == expected
    inner = [x for x in expected if x[1] >= 1]
    assert [(m.entry.id, m.i, m.j) for m in find_matches(toks, 1, len(toks), pats, loose)] == inner


def test_a_kept_result_is_not_shared():
    toks = tokenize_text("قام المدير بزيارة ميدانية للقسم")
    pats = compile_patterns([VISIT])
    first = find_matches(toks, 0, len(toks), pats, True)
    first.clear()
    assert [m.entry.id for m in find_matches(toks, 0, len(toks), pats, True)] == ["visit"]


def test_another_token_list_is_not_answered_from_the_kept_one():
    pats = compile_patterns([VISIT])
    a = tokenize_text("قام المدير بزيارة للقسم")
    b = tokenize_text("قام المدير بجولة للقسم")
    assert [m.entry.id for m in find_matches(a, 0, len(a), pats, True)] == ["visit"]
    assert find_matches(b, 0, len(b), pats, True) == []
