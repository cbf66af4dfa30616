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
    # a royal or ministerial order (أمر) is a decree (GOLD.md)
    ("بموجب الأمر الملكي رقم أ/90", [("الأمر الملكي رقم أ/90", "أ/90", None, "decree", None, None)]),
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
    # an issuer after the reference ("الصادر عن ..."), then the subject
    (
        "بناءً على القرار رقم (12) لسنة 2024م الصادر عن مجلس الوزراء بشأن اعتماد الهيكل التنظيمي للجهاز، تقرر",
        [
            (
                "القرار رقم (12) لسنة 2024م",
                "12",
                2024,
                "decree",
                "مجلس الوزراء",
                "اعتماد الهيكل التنظيمي للجهاز",
            )
        ],
    ),
    (
        "وبحسب التعميم رقم 5 الصادر عن وزارة الصحة في شأن الإجازات.",
        [("التعميم رقم 5", "5", None, "circular", "وزارة الصحة", "الإجازات")],
    ),
    ("قرار وزاري رقم 5 لسنة 2020", [("قرار وزاري رقم 5 لسنة 2020", "5", 2020, "decree", None, None)]),
    # a joint decision of two ministries (the Maghreb's قرار وزاري مشترك)
    (
        "صدر القرار الوزاري المشترك رقم 88 لسنة 2022",
        [("القرار الوزاري المشترك رقم 88 لسنة 2022", "88", 2022, "decree", None, None)],
    ),
    (
        "أصدر الوزيران قراراً مشتركاً رقم 7 لسنة 2021",
        [("قراراً مشتركاً رقم 7 لسنة 2021", "7", 2021, "decree", None, None)],
    ),
    # not references
    ("اتخذ القرار بعد اجتماع اللجنة", []),
    ("القرار 3 وزراء", []),
    ("قرار إنشاء المركز جاء متأخراً", []),
    ("قانون العمل الجديد", []),
    ("منشور على صفحة الجهاز", []),
    ("وأصدر وزير الصحة قراراً بتشكيل لجنة لمتابعة أعمال الصيانة في المستشفى رقم 3 بالمدينة.", []),
]


# Decrees as newsrooms write them: the year of a date after the number (with its calendar), a
# "لسنة" year after the subject, indefinite and accusative kinds, orders, legislative decrees, named
# laws, UN resolutions. Each row: text, expected [(surface, number, year, calendar, kind, issuer, subject)].
NEWSROOM_CASES = [
    # Saudi royal orders and decrees dated in the Hijri calendar
    (
        "وصدرت الموافقة بالمرسوم الملكي رقم م/ 48 وتاريخ 7/9/1433هـ على نظام المرور الجديد",
        [("المرسوم الملكي رقم م/ 48 وتاريخ 7/9/1433هـ", "م/48", 1433, "hijri", "decree_law", None, None)],
    ),
    (
        "وذلك بموجب القرار الوزاري رقم 212 بتاريخ 14/3/1437هـ الخاص بتنظيم الصيدليات",
        [
            (
                "القرار الوزاري رقم 212 بتاريخ 14/3/1437هـ",
                "212",
                1437,
                "hijri",
                "decree",
                None,
                "تنظيم الصيدليات",
            )
        ],
    ),
    (
        "اللائحة الصادرة بالمرسوم الملكي الكريم رقم م/ 31 في 2 / 7 / 1428هـ، وتعديلاتها",
        [
            (
                "المرسوم الملكي الكريم رقم م/ 31 في 2 / 7 / 1428هـ",
                "م/31",
                1428,
                "hijri",
                "decree_law",
                None,
                None,
            )
        ],
    ),
    (
        "الصادر بالأمر الملكي رقم ( أ / 14 ) بتاريخ 3/ 2/ 1415هـ والمعدل لاحقاً",
        [("الأمر الملكي رقم ( أ / 14 ) بتاريخ 3/ 2/ 1415هـ", "أ/14", 1415, "hijri", "decree", None, None)],
    ),
    (
        "تنفيذاً للأمر السامي رقم 3310 وتاريخ 5/6/1440هـ بدأت الوزارة",
        [("لأمر السامي رقم 3310 وتاريخ 5/6/1440هـ", "3310", 1440, "hijri", "decree", None, None)],
    ),
    (
        "وصدر أمر من وزير الصحة رقم 44 بتاريخ 3 مارس 2022 بنقل المرضى",
        [
            (
                "أمر من وزير الصحة رقم 44 بتاريخ 3 مارس 2022",
                "44",
                2022,
                "gregorian",
                "decree",
                "وزير الصحة",
                None,
            )
        ],
    ),
    (
        "القرار رقم 9 الصادر عن مجلس إدارة الهيئة بتاريخ 12/1/1444هـ بشأن الرسوم",
        [
            (
                "القرار رقم 9 الصادر عن مجلس إدارة الهيئة بتاريخ 12/1/1444هـ",
                "9",
                1444,
                "hijri",
                "decree",
                "مجلس إدارة الهيئة",
                "الرسوم",
            )
        ],
    ),
    # Syrian legislative decrees, Gulf decree-laws, Egyptian presidential decrees
    (
        "وأصدر الرئيس المرسوم التشريعي رقم 17 لعام 2023 القاضي بزيادة الرواتب",
        [("المرسوم التشريعي رقم 17 لعام 2023", "17", 2023, "gregorian", "decree_law", None, None)],
    ),
    (
        "أصدر الرئيس السوري مرسوماً تشريعياً رقم 5 لعام 2024 يمنح عفواً عاماً",
        [("مرسوماً تشريعياً رقم 5 لعام 2024", "5", 2024, "gregorian", "decree_law", None, None)],
    ),
    (
        "أصدر رئيس الدولة مرسوما بقانون رقم 9 لسنة 2021 بشأن تنظيم الصيدليات",
        [("مرسوما بقانون رقم 9 لسنة 2021", "9", 2021, "gregorian", "decree_law", None, "تنظيم الصيدليات")],
    ),
    (
        "ونشرت الجريدة الرسمية قرار رئيس الجمهورية رقم 318 لسنة 2022 بتخصيص الأرض",
        [
            (
                "قرار رئيس الجمهورية رقم 318 لسنة 2022",
                "318",
                2022,
                "gregorian",
                "decree",
                "رئيس الجمهورية",
                None,
            )
        ],
    ),
    (
        "أصدر وزير الصحة قرارا رقم 88 يقضي بإغلاق العيادة",
        [("قرارا رقم 88", "88", None, None, "decree", None, None)],
    ),
    # Iraqi and other named laws; a "لسنة" year after the subject and the issuer
    (
        "استناداً إلى المادة 19 من قانون الصحة العامة رقم 89 لسنة 1981م، يعاقب المخالف",
        [("قانون الصحة العامة رقم 89 لسنة 1981م", "89", 1981, "gregorian", "law", None, "الصحة العامة")],
    ),
    (
        "صدر القانون رقم 7 الخاص بتنظيم مهنة التمريض الصادر عن المجلس لسنة 2019",
        [
            (
                "القانون رقم 7 الخاص بتنظيم مهنة التمريض الصادر عن المجلس لسنة 2019",
                "7",
                2019,
                "gregorian",
                "law",
                None,
                "تنظيم مهنة التمريض",
            )
        ],
    ),
    # UN resolutions
    (
        "تبنى مجلس الأمن القرار 2254 (2015) بالإجماع",
        [("القرار 2254 (2015)", "2254", 2015, "gregorian", "resolution", None, None)],
    ),
    (
        "وأكد أن القرار الأممي رقم 2401 لعام 2018 يطالب بهدنة",
        [("القرار الأممي رقم 2401 لعام 2018", "2401", 2018, "gregorian", "resolution", None, None)],
    ),
    (
        "ويستند إلى القرار رقم 1325 الصادر عن مجلس الأمن عام 2000 حول المرأة والسلام",
        [
            (
                "القرار رقم 1325 الصادر عن مجلس الأمن عام 2000",
                "1325",
                2000,
                "gregorian",
                "resolution",
                "مجلس الأمن",
                "المرأة والسلام",
            )
        ],
    ),
    (
        "وشدد على تطبيق القرار الأممي 2254 بكل بنوده",
        [("القرار الأممي 2254", "2254", None, None, "resolution", None, None)],
    ),
    # an Iraqi diwani order, a royal cable, file numbers in parts, a number whose last part is a year
    (
        "وأصدر رئيس الوزراء الأمر الديواني رقم 58 لسنة 2015 بتشكيل لجنة عليا للصحة",
        [("الأمر الديواني رقم 58 لسنة 2015", "58", 2015, "gregorian", "decree", None, None)],
    ),
    (
        "وجاء ذلك تنفيذاً للبرقية السامية رقم 41872 وتاريخ 1436/9/17هـ القاضية بصرف المستحقات",
        [("لبرقية السامية رقم 41872 وتاريخ 1436/9/17هـ", "41872", 1436, "hijri", "decree", None, None)],
    ),
    (
        "وذكرت البرقية رقم 2214/ص أن على المديريات الرفع بالاحتياج",
        [("البرقية رقم 2214/ص", "2214/ص", None, None, "decree", None, None)],
    ),
    (
        "بموجب القرار الوزاري رقم 4/1/43923 وتاريخ 1436/8/20هـ على تخصيص مبالغ للوقاية",
        [
            (
                "القرار الوزاري رقم 4/1/43923 وتاريخ 1436/8/20هـ",
                "4/1/43923",
                1436,
                "hijri",
                "decree",
                None,
                None,
            )
        ],
    ),
    (
        "استناداً إلى التعميم رقم 11/2/1436 الموجه إلى المستشفيات",
        [("التعميم رقم 11/2/1436", "11/2", 1436, "hijri", "circular", None, None)],
    ),
    # a statute or bylaw (نظام) named before its number; a circular's addressee before برقم
    (
        "ونص نظام التأمين الصحي المدني رقم 71 لسنة 2004 على شمول الأطفال بالتأمين",
        [
            (
                "نظام التأمين الصحي المدني رقم 71 لسنة 2004",
                "71",
                2004,
                "gregorian",
                "law",
                None,
                "التأمين الصحي المدني",
            )
        ],
    ),
    (
        "أصدر الوزير تعميماً إلى جميع المديريات برقم 2231/12 في 1436/10/2هـ يقضي بمنع بيع المضادات",
        [
            (
                "تعميماً إلى جميع المديريات برقم 2231/12 في 1436/10/2هـ",
                "2231/12",
                1436,
                "hijri",
                "circular",
                None,
                None,
            )
        ],
    ),
    # traps: a statute's number that is the number of the decree that issued it; a diet is no statute
    (
        "وفق نظام مكافحة التدخين الصادر بالمرسوم الملكي رقم م/56 وتاريخ 1436/7/28هـ",
        [("المرسوم الملكي رقم م/56 وتاريخ 1436/7/28هـ", "م/56", 1436, "hijri", "decree_law", None, None)],
    ),
    (
        "وطبق قانون العمل الصادر بالمرسوم رقم 8 لسنة 2010 على العاملين",
        [("المرسوم رقم 8 لسنة 2010", "8", 2010, "gregorian", "decree_law", None, None)],
    ),
    ("ونصح باتباع نظام غذائي صحي رقم واحد في حياة المريض", []),
    # trap: a statute cited without its year is not read (نظام is a common word)
    ("وطالب الأعضاء بتعديل النظام رقم 14 الخاص بالمرور", []),
    # traps: a cable of congratulations has no number, a number in parts without a kind word is none
    ("بعث خادم الحرمين الشريفين برقية تهنئة إلى رئيس الدولة في 1436/9/1هـ", []),
    ("ويمكن الاستفسار على الرقم 920/33/1000 يومياً", []),
    # traps: a phone number, a date that is not the decree's, an order that is a verb, a law article,
    # a bare number after a قرار that is no resolution
    ("للاستفسار الاتصال على الرقم 0912345678 في 3/3/2024", []),
    (
        "اتخذ القرار رقم 15 ، وفي 5/3/2024 بدأ التنفيذ",
        [("القرار رقم 15", "15", None, None, "decree", None, None)],
    ),
    ("أمر الوزير بصرف 5 ملايين دينار عام 2020", []),
    ("ونص القانون في المادة رقم 5 على العقوبة", []),
    ("وصوت لصالح القرار 125 نائباً", []),
    (
        "القرار رقم 12 بشأن الإجازات. وفي عام 2020 لسنة كاملة",
        [("القرار رقم 12", "12", None, None, "decree", None, "الإجازات")],
    ),
    # a text cut right after a date cue: no date follows the reference (make fuzz found it raising)
    (
        "صدر القرار الوزاري رقم (45/ب) في ",
        [("القرار الوزاري رقم (45/ب)", "45/ب", None, None, "decree", None, None)],
    ),
    ("صدر القرار الوزاري رقم 45 بتاريخ", [("القرار الوزاري رقم 45", "45", None, None, "decree", None, None)]),
]


@pytest.mark.parametrize(("text", "expected"), NEWSROOM_CASES)
def test_newsroom_decrees(text: str, expected: list) -> None:
    doc = find_decrees(find_dates(Document(doc_id="t", text=text)))
    for d in doc.decrees:
        assert doc.text[d.start : d.end] == d.text
    assert [
        (d.text, d.number, d.year, d.calendar, d.kind, d.issuer, d.subject) for d in doc.decrees
    ] == expected


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        ("بالمرسوم الملكي رقم م/ 48 وتاريخ 7/9/1433هـ", ["7/9/1433هـ"]),
        ("صدر القانون رقم 7 الخاص بتنظيم مهنة التمريض لسنة 2019 وفي عام 2020", ["2020"]),
        ("القرار رقم 1325 الصادر عن مجلس الأمن عام 2000", []),
        # a number whose parts read as a date is the decree's number, no date
        ("استناداً إلى التعميم رقم 11/2/1436 الموجه إلى المستشفيات", []),
        ("بموجب البرقية رقم 3/7/1436 وتاريخ 1436/7/9هـ", ["1436/7/9هـ"]),
    ],
)
def test_dates_inside_a_decree(text: str, dates: list[str]) -> None:
    """The date after a decree's number gives its year and stays a DATE; a bare cued year that
    closes a reference, right after it or later, is the decree's and no DATE of its own."""
    doc = find_decrees(find_dates(Document(doc_id="t", text=text)))
    assert [d.text for d in doc.dates] == dates
    assert [e.text for e in doc.entities if e.type == "DATE"] == dates


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_decrees(text: str, expected: list) -> None:
    assert decrees_of(text) == expected


def test_decree_year_is_not_a_date() -> None:
    """The year of a decree reference is not a DATE of its own (the decree covers it)."""
    doc = find_decrees(find_dates(Document(doc_id="t", text="وفقاً للقرار رقم 5 لسنة 2024 وفي عام 2023")))
    assert [d.text for d in doc.dates] == ["2023"]
    assert [e.text for e in doc.entities if e.type == "DATE"] == ["2023"]
