"""Decree references: each kind, issuers, numbers with and without parentheses, N/YYYY,
several numbers, Hijri years, Arabic-Indic digits, subjects, and kind words that are not references.
Each row: text, expected [(surface, number, year, kind, issuer, subject)]."""

from __future__ import annotations

import pytest

from pipeline.dates import find_dates
from pipeline.decrees import find_decrees
from pipeline.models import Document


def decrees_of(text: str) -> list[tuple[str, str, int | None, str, str | None, str | None]]:
    doc = find_decrees(find_dates(Document(doc_id="t", text=text)))
    for d in doc.decrees:
        assert doc.text[d.start : d.end] == d.text
    return [(d.text, d.number, d.year, d.kind, d.issuer, d.subject) for d in doc.decrees]


PM = "رئيس مجلس وزراء حكومة الوحدة الوطنية"

CASES = [
    (
        f"ويتم تنفيذ هذا الإيفاد وفقًا لقرار {PM} رقم (649) لسنة 2024، وبمتابعة مباشرة",
        [(f"قرار {PM} رقم (649) لسنة 2024", "649", 2024, "decree", PM, None)],
    ),
    (
        "بموجب القرار رقم 649 لسنة 2024",
        [("القرار رقم 649 لسنة 2024", "649", 2024, "decree", None, None)],
    ),
    ("صدر قرار رقم: 12 لعام 2023", [("قرار رقم: 12 لعام 2023", "12", 2023, "decree", None, None)]),
    ("أصدر قراراً رقم 7 للعام 2022", [("قراراً رقم 7 للعام 2022", "7", 2022, "decree", None, None)]),
    (
        "بقرار وزير الصحة رقم (88) لسنة 2022م",
        [("قرار وزير الصحة رقم (88) لسنة 2022م", "88", 2022, "decree", "وزير الصحة", None)],
    ),
    (
        "استناداً إلى قرار مجلس الوزراء رقم 15 لسنة 2021",
        [("قرار مجلس الوزراء رقم 15 لسنة 2021", "15", 2021, "decree", "مجلس الوزراء", None)],
    ),
    (
        "وفقاً لقرار المجلس الرئاسي رقم 3 لسنة 2021",
        [("قرار المجلس الرئاسي رقم 3 لسنة 2021", "3", 2021, "decree", "المجلس الرئاسي", None)],
    ),
    (
        "القرار الصادر عن السيد وزير الصحة رقم 88 لسنة 2022",
        [("القرار الصادر عن السيد وزير الصحة رقم 88 لسنة 2022", "88", 2022, "decree", "وزير الصحة", None)],
    ),
    (
        "بموجب قرار مجلس الأمن رقم 2254 لعام 2015",
        [("قرار مجلس الأمن رقم 2254 لعام 2015", "2254", 2015, "resolution", "مجلس الأمن", None)],
    ),
    (
        "قرار مجلس النواب رقم 5 لسنة 2023",
        [("قرار مجلس النواب رقم 5 لسنة 2023", "5", 2023, "resolution", "مجلس النواب", None)],
    ),
    # laws
    (
        "القانون رقم 12/2020 بشأن تنظيم المهن الطبية، وقد",
        [("القانون رقم 12/2020", "12", 2020, "law", None, "تنظيم المهن الطبية")],
    ),
    (
        "وفق قانون رقم (6) لسنة 2013 م في شأن الضمان الاجتماعي.",
        [("قانون رقم (6) لسنة 2013 م", "6", 2013, "law", None, "الضمان الاجتماعي")],
    ),
    ("طبقاً للقانون 12 لسنة 2020", [("لقانون 12 لسنة 2020", "12", 2020, "law", None, None)]),
    # decree-laws
    (
        "المرسوم بقانون رقم (5) لسنة 1445 هـ",
        [("المرسوم بقانون رقم (5) لسنة 1445 هـ", "5", 1445, "decree_law", None, None)],
    ),
    ("صدر مرسوم رقم 40 لسنة 2019", [("مرسوم رقم 40 لسنة 2019", "40", 2019, "decree_law", None, None)]),
    ("مرسوم سلطاني رقم 12/2024", [("مرسوم سلطاني رقم 12/2024", "12", 2024, "decree_law", None, None)]),
    ("بموجب الأمر الملكي رقم أ/90", [("الأمر الملكي رقم أ/90", "أ/90", None, "decree_law", None, None)]),
    # circulars
    (
        "تعميم وزارة الصحة رقم: ٣٤ لسنة ٢٠٢٣م بخصوص تنظيم الزيارات",
        [("تعميم وزارة الصحة رقم: ٣٤ لسنة ٢٠٢٣م", "34", 2023, "circular", "وزارة الصحة", "تنظيم الزيارات")],
    ),
    ("المنشور رقم 9 لسنة 2024", [("المنشور رقم 9 لسنة 2024", "9", 2024, "circular", None, None)]),
    # several numbers in one reference
    (
        "صدر القراران رقم 14 و15 لسنة 2024 عن وزير الصحة",
        [
            ("القراران رقم 14 و15 لسنة 2024", "14", 2024, "decree", None, None),
            ("القراران رقم 14 و15 لسنة 2024", "15", 2024, "decree", None, None),
        ],
    ),
    (
        "القرارات أرقام 3 و4 و5 لسنة 2022",
        [
            ("القرارات أرقام 3 و4 و5 لسنة 2022", "3", 2022, "decree", None, None),
            ("القرارات أرقام 3 و4 و5 لسنة 2022", "4", 2022, "decree", None, None),
            ("القرارات أرقام 3 و4 و5 لسنة 2022", "5", 2022, "decree", None, None),
        ],
    ),
    (
        "قراري وزير الصحة رقمي (20) و(21) لسنة 2023",
        [
            ("قراري وزير الصحة رقمي (20) و(21) لسنة 2023", "20", 2023, "decree", "وزير الصحة", None),
            ("قراري وزير الصحة رقمي (20) و(21) لسنة 2023", "21", 2023, "decree", "وزير الصحة", None),
        ],
    ),
    # numbers as written, Arabic-Indic digits, no year
    ("للقرار رقم 12/أ الصادر", [("لقرار رقم 12/أ", "12/أ", None, "decree", None, None)]),
    ("القرار رقم ١٢٣ لسنة ١٤٤٥ هـ", [("القرار رقم ١٢٣ لسنة ١٤٤٥ هـ", "123", 1445, "decree", None, None)]),
    ("وفق القرار رقم 77، تم", [("القرار رقم 77", "77", None, "decree", None, None)]),
    ("القرار رقم “15” لسنة 2024", [("القرار رقم “15” لسنة 2024", "15", 2024, "decree", None, None)]),
    (
        "قرار وزير الصحة 5/2024 بشأن التطعيم",
        [("قرار وزير الصحة 5/2024", "5", 2024, "decree", "وزير الصحة", "التطعيم")],
    ),
    (
        "القرار الذي يحمل الرقم 45 لسنة 2021",
        [("القرار الذي يحمل الرقم 45 لسنة 2021", "45", 2021, "decree", None, None)],
    ),
    (
        "قرار وزير الصحة المرقم 120 لسنة 2023",
        [("قرار وزير الصحة المرقم 120 لسنة 2023", "120", 2023, "decree", "وزير الصحة", None)],
    ),
    # not references
    ("اتخذ القرار بعد اجتماع اللجنة", []),
    ("القرار 3 وزراء", []),
    ("قرار إنشاء المركز جاء متأخراً", []),
    ("قانون العمل الجديد", []),
    ("منشور على صفحة الجهاز", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_decrees(text: str, expected: list) -> None:
    assert decrees_of(text) == expected


def test_decree_year_is_not_a_date() -> None:
    """The year of a decree reference is not a DATE of its own (the decree covers it)."""
    doc = find_decrees(find_dates(Document(doc_id="t", text="وفقاً للقرار رقم 5 لسنة 2024 وفي عام 2023")))
    assert [d.text for d in doc.dates] == ["2023"]
    assert [e.text for e in doc.entities if e.type == "DATE"] == ["2023"]
