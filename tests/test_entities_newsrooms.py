"""Entities in the styles of other newsrooms (Egypt, the Gulf, Iraq, the Levant, the Maghreb,
Sudan, Yemen, Libya): names of bodies and places the grammar must read the same way.

SPANS: (text, type, surface) — a mention of that type with exactly that surface.
TRAPS: (text, type, surface) — no mention of that type with that surface.
"""

from __future__ import annotations

import pytest

from pipeline.entities import find_entities
from pipeline.models import Document


def found(text: str, etype: str) -> set[str]:
    doc = find_entities(Document(doc_id="t", text=text))
    for e in doc.entities:
        assert doc.text[e.start : e.end] == e.text, e
    return {e.text for e in doc.entities if e.type == etype}


SPANS = [
    # an ordinal after a royal name continues the name
    ("تكفلت مؤسسة الملك عبدالله الثاني للتنمية بعلاج الأطفال.", "ORG", "مؤسسة الملك عبدالله الثاني للتنمية"),
    ("نقل المصاب إلى مستشفى الملك فيصل الأول في المدينة.", "FACILITY", "مستشفى الملك فيصل الأول"),
    # a personal name after a definite facility head and its adjective
    (
        "استقبل المستشفى الجهوي الحسن الثاني بأكادير مئات الحالات.",
        "FACILITY",
        "المستشفى الجهوي الحسن الثاني",
    ),
    # a city after بـ that closes a facility's name is a LOC of its own
    ("استقبل المستشفى الجهوي الحسن الثاني بأكادير مئات الحالات.", "LOC", "أكادير"),
    ("أجرى قسم العظام بمستشفى الجلاء للجراحة والحوادث ببنغازي ثلاث عمليات.", "LOC", "بنغازي"),
    ("ونظم المستشفى العسكري بالرباط يوما طبيا لفائدة السكان.", "LOC", "الرباط"),
    ("وأعلنت المديرية العامة للصحة في وهران عن حملة.", "LOC", "وهران"),
    # "الجديد" after a name is not part of it; a place that ends in it keeps it
    ("دشن الوزير مستشفى الولادة والأطفال الجديد في المحافظة.", "FACILITY", "مستشفى الولادة والأطفال"),
    ("افتتح المحافظ مركز الفحص الطبي الجديد في المنطقة.", "FACILITY", "مركز الفحص الطبي"),
    # a place after a role word is the role's place
    ("افتتح محافظ الخرطوم مركز غسيل الكلى بالمستشفى.", "LOC", "الخرطوم"),
]

TRAPS = [
    # a city inside a name, not attached with بـ/في, is no LOC of its own
    ("زار الوزير مستشفى غريان المركزي أمس.", "LOC", "غريان"),
    # a person after a body's adjective is no part of the body
    ("افتتح رئيس المجلس الرئاسي محمد المنفي المستشفى.", "ORG", "المجلس الرئاسي محمد المنفي"),
    ("احتل المنتخب المركز الثاني في البطولة.", "ORG", "المركز الثاني"),
    # a place after a title is a person's name
    ("استقبل الأمير نايف الوفد الطبي.", "LOC", "نايف"),
]


@pytest.mark.parametrize(("text", "etype", "surface"), SPANS)
def test_spans(text: str, etype: str, surface: str) -> None:
    got = found(text, etype)
    assert surface in got, f"{surface!r} not among {sorted(got)}"


@pytest.mark.parametrize(("text", "etype", "surface"), TRAPS)
def test_traps(text: str, etype: str, surface: str) -> None:
    assert surface not in found(text, etype)
