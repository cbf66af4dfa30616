"""Counted quantities: units, duals, qualifiers, periods, ages, editions, procedures, non-counts.

PROCEDURE entities, dates and decrees are built by hand here (as the upstream stages would give
them), so these tests exercise the quantities stage alone.
"""

from __future__ import annotations

import pytest

from pipeline.models import DateMention, Decree, Document, Entity, Quantity
from pipeline.normalize import norm
from pipeline.quantities import find_quantities

Row = tuple[float, str, str | None, str, str | None, str]  # value, unit, procedure, qualifier, period, text


def _span(text: str, surface: str) -> tuple[int, int]:
    i = text.index(surface)
    return i, i + len(surface)


def run(
    text: str,
    procedures: tuple[tuple[str, str], ...] = (),
    names: tuple[tuple[str, str], ...] = (),
    dates: tuple[str, ...] = (),
    decrees: tuple[str, ...] = (),
) -> list[Quantity]:
    doc = Document(doc_id="t", text=text)
    for surface, code in procedures:
        s, e = _span(text, surface)
        doc.entities.append(
            Entity(type="PROCEDURE", text=surface, start=s, end=e, norm=norm(surface), id=code)
        )
    for surface, kind in names:
        s, e = _span(text, surface)
        doc.entities.append(Entity(type=kind, text=surface, start=s, end=e, norm=norm(surface)))  # type: ignore[arg-type]
    for surface in dates:
        s, e = _span(text, surface)
        doc.dates.append(DateMention(text=surface, start=s, end=e))
    for surface in decrees:
        s, e = _span(text, surface)
        doc.decrees.append(Decree(number="0", text=surface, start=s, end=e))
    out = find_quantities(doc).quantities
    for q in out:
        assert text[q.start : q.end] == q.text
    return out


def rows(qs: list[Quantity]) -> list[Row]:
    return [(q.value, q.unit, q.procedure, q.qualifier, q.period, q.text) for q in qs]


# (text, expected rows) without procedure entities
COUNTS: list[tuple[str, list[Row]]] = [
    # digits and words before plural / singular nouns
    ("أجرى الفريق الطبي 6 عمليات خلال هذا الأسبوع.", [(6, "operation", None, "exact", None, "6 عمليات")]),
    ("تم إجراء ٦ عمليات ناجحة.", [(6, "operation", None, "exact", None, "٦ عمليات")]),
    ("تم إجراء ثلاث عمليات ناجحة.", [(3, "operation", None, "exact", None, "ثلاث عمليات")]),
    ("تلقى 4 أطفال العلاج.", [(4, "child", None, "exact", None, "4 أطفال")]),
    ("تهدف إلى علاج 29 حالة وفق التوصيات.", [(29, "case", None, "exact", None, "29 حالة")]),
    ("أجريت تسعة وعشرين عملية.", [(29, "operation", None, "exact", None, "تسعة وعشرين عملية")]),
    ("استقبل القسم ستمائة مريض.", [(600, "patient", None, "exact", None, "ستمائة مريض")]),
    ("استقبل المركز 1,250 مريضاً.", [(1250, "patient", None, "exact", None, "1,250 مريضاً")]),
    ("استقبل المركز ١٬٢٥٠ مريضاً.", [(1250, "patient", None, "exact", None, "١٬٢٥٠ مريضاً")]),
    (
        "شارك 15 طبيباً و30 ممرضاً.",
        [(15, "doctor", None, "exact", None, "15 طبيباً"), (30, "staff", None, "exact", None, "30 ممرضاً")],
    ),
    (
        "استفاد ثلاثة عشر طفلاً وإحدى عشرة طفلة.",
        [
            (13, "child", None, "exact", None, "ثلاثة عشر طفلاً"),
            (11, "child", None, "exact", None, "إحدى عشرة طفلة"),
        ],
    ),
    ("وصل مائتا مريض.", [(200, "patient", None, "exact", None, "مائتا مريض")]),
    ("تم تطعيم 39 ألفاً و225 طفلاً.", [(39225, "child", None, "exact", None, "39 ألفاً و225 طفلاً")]),
    ("سجلت ثلاثة آلاف حالة.", [(3000, "case", None, "exact", None, "ثلاثة آلاف حالة")]),
    ("سجلت ألفا حالة.", [(1000, "case", None, "exact", None, "ألفا حالة")]),
    ("وصلت 4 سيارات إسعاف جديدة.", [(4, "ambulance", None, "exact", None, "4 سيارات إسعاف")]),
    ("وصلت 4 سيارات.", [(4, "vehicle", None, "exact", None, "4 سيارات")]),
    (
        "تجهيز القسم بـ 20 سريراً و3 أجهزة غسيل.",
        [(20, "bed", None, "exact", None, "20 سريراً"), (3, "device", None, "exact", None, "3 أجهزة")],
    ),
    ("ارتفع عدد الإصابات إلى 150 إصابة.", [(150, "case", None, "exact", None, "150 إصابة")]),
    ("بمشاركة 12 شخصاً.", [(12, "person", None, "exact", None, "12 شخصاً")]),
    ("استفاد 500 مواطن من الخدمة.", [(500, "person", None, "exact", None, "500 مواطن")]),
    ("تم توزيع 3 شحنات أدوية.", [(3, "shipment", None, "exact", None, "3 شحنات")]),
    ("سجل المستشفى 120 ولادة.", [(120, "birth", "delivery", "exact", None, "120 ولادة")]),
    ("أجريت عملية واحدة فقط.", [(1, "operation", None, "exact", None, "عملية واحدة")]),
    ("وصل مريض واحد.", [(1, "patient", None, "exact", None, "مريض واحد")]),
    ("تلقى 600 من المرضى العلاج.", [(600, "patient", None, "exact", None, "600 من المرضى")]),
    # عدد + number
    ("أجريت اليوم عدد “3” عمليات.", [(3, "operation", None, "exact", None, "عدد “3” عمليات")]),
    ("أجري عدد (7) حالات.", [(7, "case", None, "exact", None, "عدد (7) حالات")]),
    ("أجريت عدد 45 عملية.", [(45, "operation", None, "exact", None, "عدد 45 عملية")]),
    ("أجريت (5) عمليات.", [(5, "operation", None, "exact", None, "(5) عمليات")]),
    ("حضر عدد من المرضى.", []),
    # duals: 2 in every case form, in construct, with clitics
    ("نجحت عمليتان.", [(2, "operation", None, "exact", None, "عمليتان")]),
    ("أجرى الفريق عمليتين.", [(2, "operation", None, "exact", None, "عمليتين")]),
    ("نجحت عمليتا الفريق.", [(2, "operation", None, "exact", None, "عمليتا")]),
    ("أجرى عمليتي قسطرة.", [(2, "operation", None, "exact", None, "عمليتي")]),
    ("ينتظر طفلان آخران استكمال التحاليل.", [(2, "child", None, "exact", None, "طفلان")]),
    ("وصل مريضين إلى القسم.", [(2, "patient", None, "exact", None, "مريضين")]),
    ("قدمت الرعاية لمريضين.", [(2, "patient", None, "exact", None, "مريضين")]),
    ("وقدمت الرعاية لطفلين اثنين.", [(2, "child", None, "exact", None, "طفلين اثنين")]),
    ("خضع لجلستين.", [(2, "session", None, "exact", None, "جلستين")]),
    ("تلقى جرعتين.", [(2, "dose", None, "exact", None, "جرعتين")]),
    ("تم زراعة دعامتين.", [(2, "stent", "stent_implantation", "exact", None, "دعامتين")]),
    ("استمرت يومين.", [(2, "day", None, "exact", None, "يومين")]),
    ("أجرى فحصين.", [(2, "test", None, "exact", None, "فحصين")]),
    ("وعمليتين أخريين.", [(2, "operation", None, "exact", None, "عمليتين")]),
    ("وكانت الحالتان مستقرتين.", []),  # the two cases already counted
    ("تكللت العمليتان بالنجاح.", []),
    # qualifiers
    ("يستقبل المركز أكثر من 600 حالة.", [(600, "case", None, "more_than", None, "أكثر من 600 حالة")]),
    (
        "قدم خدماته لما يزيد عن 3000 مواطن.",
        [(3000, "person", None, "more_than", None, "ما يزيد عن 3000 مواطن")],
    ),
    ("عالج ما يزيد على 20 مريضاً.", [(20, "patient", None, "more_than", None, "ما يزيد على 20 مريضاً")]),
    ("استقبل نحو 50 حالة.", [(50, "case", None, "about", None, "نحو 50 حالة")]),
    ("استقبل حوالي 50 حالة.", [(50, "case", None, "about", None, "حوالي 50 حالة")]),
    ("استقبل قرابة 70 حالة.", [(70, "case", None, "about", None, "قرابة 70 حالة")]),
    ("استقبل ما يقارب 80 حالة.", [(80, "case", None, "about", None, "ما يقارب 80 حالة")]),
    ("عالج أقل من 10 مرضى.", [(10, "patient", None, "less_than", None, "أقل من 10 مرضى")]),
    ("أجريت 5 عمليات على الأقل.", [(5, "operation", None, "at_least", None, "5 عمليات")]),
    ("أجرى ما لا يقل عن 40 عملية.", [(40, "operation", None, "at_least", None, "ما لا يقل عن 40 عملية")]),
    ("يستوعب حتى 30 مريضاً.", [(30, "patient", None, "up_to", None, "حتى 30 مريضاً")]),
    ("يصل إلى 10 جلسات كحد أقصى.", [(10, "session", None, "up_to", None, "يصل إلى 10 جلسات")]),
    ("أجرى 3 عمليات تقريباً.", [(3, "operation", None, "about", None, "3 عمليات")]),
    ("وبأكثر من عشرين طبيباً.", [(20, "doctor", None, "more_than", None, "أكثر من عشرين طبيباً")]),
    ("تفوق 100 عملية.", [(100, "operation", None, "more_than", None, "تفوق 100 عملية")]),
    # periods
    (
        "يستقبل المركز أكثر من 600 حالة من حالات ضمور العضلات شهرياً.",
        [(600, "case", None, "more_than", "monthly", "أكثر من 600 حالة")],
    ),
    ("يستقبل القسم حوالي 50 حالة يومياً.", [(50, "case", None, "about", "daily", "حوالي 50 حالة")]),
    ("يجري 10 عمليات أسبوعياً.", [(10, "operation", None, "exact", "weekly", "10 عمليات")]),
    ("يستقبل 2000 مريض سنوياً.", [(2000, "patient", None, "exact", "yearly", "2000 مريض")]),
    ("بمعدل 5 عمليات شهرياً.", [(5, "operation", None, "exact", "monthly", "5 عمليات")]),
    ("يستقبل 40 حالة في اليوم.", [(40, "case", None, "exact", "daily", "40 حالة")]),
    ("يجري 8 جلسات كل أسبوع.", [(8, "session", None, "exact", "weekly", "8 جلسات")]),
    ("يحتاج المريض إلى جلستين أسبوعياً.", [(2, "session", None, "exact", "weekly", "جلستين")]),
    ("يستقبل يومياً 40 حالة.", [(40, "case", None, "exact", "daily", "40 حالة")]),
    ("أجرى 5 عمليات، ويستقبل المركز الزوار شهرياً.", [(5, "operation", None, "exact", None, "5 عمليات")]),
    # ranges: the lower bound counts the same noun
    (
        "يستقبل ما بين 80 و100 مريض يومياً.",
        [
            (80, "patient", None, "at_least", "daily", "80"),
            (100, "patient", None, "up_to", "daily", "100 مريض"),
        ],
    ),
    (
        "يحتاج من 3 إلى 5 جلسات.",
        [(3, "session", None, "at_least", None, "3"), (5, "session", None, "up_to", None, "5 جلسات")],
    ),
    ("تستمر 3-5 أيام.", [(3, "day", None, "at_least", None, "3"), (5, "day", None, "up_to", None, "5 أيام")]),
    ("اتصل على 091-1234567 حالة الطوارئ.", []),
    ("بين 2020 و2024 أجريت 500 عملية.", [(500, "operation", None, "exact", None, "500 عملية")]),
    # the noun before the number: عدد + a definite noun
    (
        "وبلغ عدد المستفيدين من الحملة 4500 في 12 بلدية.",
        [
            (4500, "person", None, "exact", None, "عدد المستفيدين من الحملة 4500"),
            (12, "municipality", None, "exact", None, "12 بلدية"),
        ],
    ),
    (
        "بلغ عدد الحالات المسجلة أكثر من 300 خلال الأسبوع.",
        [(300, "case", None, "more_than", None, "عدد الحالات المسجلة أكثر من 300")],
    ),
    ("بلغ عدد الحالات، 300", []),
    # deaths are not cases; rooms are not operations
    (
        "تسجيل 1,245 إصابة جديدة و12 حالة وفاة.",
        [
            (1245, "case", None, "exact", None, "1,245 إصابة"),
            (12, "death", None, "exact", None, "12 حالة وفاة"),
        ],
    ),
    ("سجلت حالتا وفاة.", [(2, "death", None, "exact", None, "حالتا وفاة")]),
    # the killed (شهيد، قتيل) are deaths, the wounded (جريح، مصاب) persons, an injury a case
    (
        "ووصل إلى مستشفيات القطاع منذ صباح اليوم 37 شهيدا و95 إصابة.",
        [(37, "death", None, "exact", None, "37 شهيدا"), (95, "case", None, "exact", None, "95 إصابة")],
    ),
    (
        "أسفر انهيار المبنى عن 4 قتلى و19 جريحاً نقلوا إلى المستشفى.",
        [(4, "death", None, "exact", None, "4 قتلى"), (19, "person", None, "exact", None, "19 جريحاً")],
    ),
    ("سقط شهيدان في القصف.", [(2, "death", None, "exact", None, "شهيدان")]),
    ("استهدفت الدورة 25 مشرفاً صحياً.", [(25, "staff", None, "exact", None, "25 مشرفاً")]),
    # a trap: a place named after martyrs counts nothing
    ("يقع المركز في حي الشهداء وبه 6 عيادات.", [(6, "clinic", None, "exact", None, "6 عيادات")]),
    (
        "يضم المركز 3 غرف عمليات و24 سريراً.",
        [(3, "room", None, "exact", None, "3 غرف عمليات"), (24, "bed", None, "exact", None, "24 سريراً")],
    ),
    ("شحنة تضم أكثر من 300 صنف.", [(300, "item", None, "more_than", None, "أكثر من 300 صنف")]),
    ("شحنة تضم 120 صنفاً دوائياً.", [(120, "medicine", None, "exact", None, "120 صنفاً دوائياً")]),
    # ages, time, money
    (
        "لمرضى تفوق أعمارهم الستون عاماً.",
        [(60, "year_of_age", None, "more_than", None, "تفوق أعمارهم الستون عاماً")],
    ),
    ("طفل عمره 5 سنوات.", [(5, "year_of_age", None, "exact", None, "5 سنوات")]),
    ("مريض يبلغ من العمر 70 عاماً.", [(70, "year_of_age", None, "exact", None, "70 عاماً")]),
    ("للأطفال بعمر 3 سنوات.", [(3, "year_of_age", None, "exact", None, "3 سنوات")]),
    # a range of ages: the age word before the lower bound (the opener before it) or after the noun
    (
        "يستهدف الفحص المواطنين من عمر 45 إلى 70 عاماً.",
        [
            (45, "year_of_age", None, "at_least", None, "45"),
            (70, "year_of_age", None, "up_to", None, "70 عاماً"),
        ],
    ),
    (
        "تشمل الحملة الأطفال بين 5 و14 سنة من العمر.",
        [(5, "year_of_age", None, "at_least", None, "5"), (14, "year_of_age", None, "up_to", None, "14 سنة")],
    ),
    # a trap: a range of years without an age word is a duration
    (
        "تستمر الأعمال من 2 إلى 4 سنوات.",
        [(2, "year", None, "at_least", None, "2"), (4, "year", None, "up_to", None, "4 سنوات")],
    ),
    ("استمرت الحملة لمدة 3 أيام.", [(3, "day", None, "exact", None, "3 أيام")]),
    ("تستمر الدورة ثلاثة أشهر.", [(3, "month", None, "exact", None, "ثلاثة أشهر")]),
    ("خلال أسبوعين.", [(2, "week", None, "exact", None, "أسبوعين")]),
    ("على مدى 5 سنوات.", [(5, "year", None, "exact", None, "5 سنوات")]),
    ("بقيمة 2 مليون دينار.", [(2000000, "LYD", None, "exact", None, "2 مليون دينار")]),
    ("بقيمة 1.5 مليون دولار.", [(1500000, "USD", None, "exact", None, "1.5 مليون دولار")]),
    ("تم صرف 500 ألف دينار ليبي.", [(500000, "LYD", None, "exact", None, "500 ألف دينار ليبي")]),
    ("بتكلفة 300 يورو.", [(300, "EUR", None, "exact", None, "300 يورو")]),
    ("بمبلغ 50 دينار تونسي.", [(50, "TND", None, "exact", None, "50 دينار تونسي")]),
    ("بكلفة 40 مليون ليرة سورية.", [(40000000, "SYP", None, "exact", None, "40 مليون ليرة سورية")]),
    ("تبرع بمليون دولار.", [(1000000, "USD", None, "exact", None, "مليون دولار")]),
    # percentages: the sign or the words after the number are the unit
    ("بلغت نسبة الإشغال 85% في المستشفى.", [(85, "percent", None, "exact", None, "85%")]),
    ("بلغت نسبة النجاح 90 ٪ من الحالات.", [(90, "percent", None, "exact", None, "90 ٪")]),
    ("بلغت نسبة النجاح 90 بالمائة.", [(90, "percent", None, "exact", None, "90 بالمائة")]),
    ("ارتفعت بنسبة 30 في المائة.", [(30, "percent", None, "exact", None, "30 في المائة")]),
    # editions and ordinals
    (
        "تواصل فعاليات الدوري في نسخته الـ 32 بمدينة مصراتة.",
        [(32, "edition", None, "exact", None, "نسخته الـ 32")],
    ),
    ("انطلقت النسخة الخامسة من المؤتمر.", [(5, "edition", None, "exact", None, "النسخة الخامسة")]),
    ("الدورة الـ 12 لمؤتمر طب القلب.", [(12, "edition", None, "exact", None, "الدورة الـ 12")]),
    ("فاز الفريق بالمركز الثالث.", []),
    ("وقسطرة استكشافية للحالة الثالثة.", []),
    ("تلقى الجرعة الأولى.", []),
    ("في اليوم الحادي عشر.", []),
    # not counts
    ("وشملت العمليات الثلاث زراعة الصمامات.", []),
    ("للاستفسار الاتصال على الرقم 0912345678.", []),
    ("الاتصال على 0912345678 حالة الطوارئ.", []),
    ("وفقاً للمادة 5 حالات الاستثناء.", []),
    ("بحضور 3 من الأطباء.", [(3, "doctor", None, "exact", None, "3 من الأطباء")]),
    ("صدر في عام 2024 عام الصحة.", []),
    ("خلال سنة 2023 حالات عديدة.", []),
    ("أجري 6 و 7 مرات.", []),
    ("مستشفى 7 أكتوبر", []),
    ("أعلن المستشفى عن خطة جديدة.", []),
    ("حضر 5 لسنة", []),  # a counted noun never carries a preposition
]


# Counting nouns of general news (units.tsv), lists sharing one noun, ranges in brackets.
NEWS_COUNTS: list[tuple[str, list[Row]]] = [
    ("استقبلت المستشفيات 2150 مراجعاً خلال العيد.", [(2150, "visitor", None, "exact", None, "2150 مراجعاً")]),
    ("تلقت غرفة العمليات 312 بلاغاً.", [(312, "report", None, "exact", None, "312 بلاغاً")]),
    ("شملت الحملة سبع محافظات.", [(7, "governorate", None, "exact", None, "سبع محافظات")]),
    ("تعمل المنظمة في أكثر من 60 دولة.", [(60, "country", None, "more_than", None, "أكثر من 60 دولة")]),
    ("وصلت 4 شاحنات محملة بالأدوية.", [(4, "truck", None, "exact", None, "4 شاحنات")]),
    (
        "يضم المجمع 15 عيادة و3 مستشفيات.",
        [(15, "clinic", None, "exact", None, "15 عيادة"), (3, "hospital", None, "exact", None, "3 مستشفيات")],
    ),
    ("صرفت الصيدلية 640 وصفة طبية.", [(640, "prescription", None, "exact", None, "640 وصفة طبية")]),
    ("وزعت 300 عبوة حليب للأطفال.", [(300, "package", None, "exact", None, "300 عبوة")]),
    (
        "رصدت الفرق 57 مخالفة في 120 محلاً تجارياً.",
        [
            (57, "violation", None, "exact", None, "57 مخالفة"),
            (120, "shop", None, "exact", None, "120 محلاً تجارياً"),
        ],
    ),
    ("أغلقت البلدية 9 منشآت غذائية.", [(9, "establishment", None, "exact", None, "9 منشآت")]),
    ("على مساحة 2000 م2 شمال المدينة.", [(2000, "square_metre", None, "exact", None, "2000 م2")]),
    ("تضمن الاتفاق 12 بنداً.", [(12, "item", None, "exact", None, "12 بنداً")]),
    ("حضر الدورة 52 مشاركة.", [(52, "person", None, "exact", None, "52 مشاركة")]),
    ("وزعت 250 سلة غذائية على الأسر.", [(250, "food_basket", None, "exact", None, "250 سلة غذائية")]),
    ("تم تدريب (90) من عمال النظافة.", [(90, "staff", None, "exact", None, "(90) من عمال")]),
    # a list whose last number carries the noun: each number counts it
    (
        "توزعت الحالات بواقع (140) و(95) و(60) مراجعاً على العيادات.",
        [
            (140, "visitor", None, "exact", None, "(140)"),
            (95, "visitor", None, "exact", None, "(95)"),
            (60, "visitor", None, "exact", None, "(60) مراجعاً"),
        ],
    ),
    (
        "سجلت 3 و4 حالات في اليومين.",
        [(3, "case", None, "exact", None, "3"), (4, "case", None, "exact", None, "4 حالات")],
    ),
    # a range in brackets: two numbers
    (
        "تراوح عدد المراجعين ما بين (150 - 220) مراجعاً يومياً.",
        [
            (220, "visitor", None, "up_to", "daily", "(150 - 220) مراجعاً"),
            (150, "visitor", None, "at_least", "daily", "150"),
        ],
    ),
    # "others" count people of the kind counted before them, else persons
    (
        "أسفر الحادث عن وفاة 3 أشخاص وإصابة 17 آخرين.",
        [(3, "person", None, "exact", None, "3 أشخاص"), (17, "person", None, "exact", None, "17 آخرين")],
    ),
    (
        "وصل 3 مرضى صباح اليوم، ويصل 4 آخرون غداً.",
        [(3, "patient", None, "exact", None, "3 مرضى"), (4, "patient", None, "exact", None, "4 آخرون")],
    ),
    ("قتل جنديان وأصيب ثلاثة آخرون في الهجوم.", [(3, "person", None, "exact", None, "ثلاثة آخرون")]),
    # a donor gives blood, unless the clause says what else is donated
    (
        "سجل 450 متبرعاً أسماءهم في سجل التبرع بالأعضاء خلال الأسبوع التوعوي.",
        [(450, "donor", None, "exact", None, "450 متبرعاً")],
    ),
    (
        "انضم 120 متبرعاً جديداً إلى برنامج للتبرع بالأعضاء بعد الوفاة.",
        [(120, "donor", None, "exact", None, "120 متبرعاً")],
    ),
    # traps: a blood drive's donors, and donors with nothing said of what they give, give blood
    (
        "استقطبت حملة التبرع بالدم في مستشفى الثورة 230 متبرعاً.",
        [(230, "donor", "blood_donation", "exact", None, "230 متبرعاً")],
    ),
    ("استقبل بنك الدم 500 متبرع.", [(500, "donor", "blood_donation", "exact", None, "500 متبرع")]),
    # "of them" counts part of the people counted before (persons when it counted none)
    (
        "استقبل مستشفى الثورة 70 مريضاً، وأجريت لـ 12 منهم عمليات جراحية.",
        [(70, "patient", None, "exact", None, "70 مريضاً"), (12, "patient", None, "exact", None, "12 منهم")],
    ),
    ("وتوفي 4 منهم في الطريق إلى المستشفى.", [(4, "person", None, "exact", None, "4 منهم")]),
    # trap: "منها" after a number of things is no count of people
    (
        "وزعت الجمعية 300 سلة غذائية، وصل 120 منها إلى القرى.",
        [(300, "food_basket", None, "exact", None, "300 سلة غذائية")],
    ),
    (
        "قدمت العيادات المتنقلة 2300 استشارة طبية للاجئين.",
        [(2300, "consultation", None, "exact", None, "2300 استشارة طبية")],
    ),
    ("نظمت الإدارة ورشة عمل لـ 120 معلماً.", [(120, "person", None, "exact", None, "120 معلماً")]),
    (
        "وصول 23 جثة و60 جريحاً إلى المستشفى.",
        [(23, "death", None, "exact", None, "23 جثة"), (60, "person", None, "exact", None, "60 جريحاً")],
    ),
    (
        "عبر 25 مستشفى و155 مركزاً صحياً.",
        [
            (25, "hospital", None, "exact", None, "25 مستشفى"),
            (155, "facility", None, "exact", None, "155 مركزاً صحياً"),
        ],
    ),
    # trap: a school (مدرسة) is no teacher
    ("شملت الحملة 45 مدرسة.", []),
    # traps: "others" of another sentence's count, and "other" things after a noun
    (
        "استقبل المستشفى 20 مريضاً. وأصيب 5 آخرون في حادث ثان.",
        [(20, "patient", None, "exact", None, "20 مريضاً"), (5, "person", None, "exact", None, "5 آخرون")],
    ),
    ("وتم تمديد الحملة 3 أيام أخرى.", [(3, "day", None, "exact", None, "3 أيام")]),
    # traps: a list of numbers without a noun, a phone number in a list, a year
    ("أجري 6 و 7 مرات.", []),
    ("الاتصال على 0912345678 و 3 حالات", [(3, "case", None, "exact", None, "3 حالات")]),
    # a range of ages with the age word before the opener; trap: a range of years of treatment
    (
        "لمرضى تتراوح أعمارهم ما بين 45 و60 عاماً.",
        [
            (45, "year_of_age", None, "at_least", None, "45"),
            (60, "year_of_age", None, "up_to", None, "60 عاماً"),
        ],
    ),
    (
        "زرعت القوقعة لطفلين تتراوح أعمارهما بين 3 و5 سنوات.",
        [
            (2, "child", None, "exact", None, "طفلين"),
            (3, "year_of_age", None, "at_least", None, "3"),
            (5, "year_of_age", None, "up_to", None, "5 سنوات"),
        ],
    ),
    (
        "وتتراوح مدة العلاج بين 3 و5 سنوات.",
        [(3, "year", None, "at_least", None, "3"), (5, "year", None, "up_to", None, "5 سنوات")],
    ),
    # one case or death recorded, told by the noun alone; traps: a state of something, a subject between
    ("أعلنت الوزارة تسجيل حالة إصابة جديدة بفيروس كورونا.", [(1, "case", None, "exact", None, "حالة")]),
    ("وأعلنت الوزارة رصد حالة وفاة جديدة بالفيروس.", [(1, "death", None, "exact", None, "حالة وفاة")]),
    ("وتم اكتشاف حالة اشتباه في المطار.", [(1, "case", None, "exact", None, "حالة")]),
    ("تسجيل حالة من الهلع بين السكان.", []),
    ("رصد حالة الطقس في المنطقة.", []),
    ("سجل المستشفى حالة استنفار قصوى.", []),
    ("أعلنت الشرطة تسجيل حالة سرقة جديدة في الحي.", []),
    ("وأعلنت الوزارة تسجيل حالة جديدة بالفيروس في جدة.", [(1, "case", None, "exact", None, "حالة")]),
    # the hundred of a percent is no count of the people after it
    (
        "أظهر المسح أن 18 في المائة من طلاب المدارس يعانون من السمنة.",
        [(18, "percent", None, "exact", None, "18 في المائة")],
    ),
    ("وأوضح أن 30 بالمائة من المرضى تماثلوا للشفاء.", [(30, "percent", None, "exact", None, "30 بالمائة")]),
    # trap: a hundred that counts stays a count
    ("استقبل المستشفى مائة من المرضى.", [(100, "patient", None, "exact", None, "مائة من المرضى")]),
    # and a half of a scale
    (
        "صرفت الجمعية إعانات بقيمة مليون ونصف المليون ريال لـ 600 أسرة.",
        [
            (1500000, "SAR", None, "exact", None, "مليون ونصف المليون ريال"),
            (600, "family", None, "exact", None, "600 أسرة"),
        ],
    ),
    # a bare غسيل after جلسة is dialysis
    (
        "يقدم المركز أكثر من 900 جلسة غسيل شهرياً.",
        [(900, "session", "dialysis", "more_than", "monthly", "أكثر من 900 جلسة غسيل")],
    ),
    ("خضع المريض لجلستي غسيل في الأسبوع.", [(2, "session", "dialysis", "exact", "weekly", "جلستي غسيل")]),
]


@pytest.mark.parametrize(("text", "expected"), NEWS_COUNTS)
def test_news_counts(text: str, expected: list[Row]) -> None:
    assert rows(run(text)) == expected


@pytest.mark.parametrize(("text", "expected"), COUNTS)
def test_counts(text: str, expected: list[Row]) -> None:
    assert rows(run(text)) == expected


# (text, PROCEDURE entities (surface, code), other names (surface, type), expected (value, unit, procedure))
PROCEDURES: list[
    tuple[str, tuple[tuple[str, str], ...], tuple[tuple[str, str], ...], list[tuple[float, str, str | None]]]
] = [
    (
        "أجرى الفريق 6 عمليات قسطرة خلال هذا الأسبوع.",
        (("قسطرة", "catheterization"),),
        (),
        [(6, "operation", "catheterization")],
    ),
    (
        "تم إجراء ثلاث عمليات قسطرة قلبية ناجحة.",
        (("قسطرة قلبية", "catheterization"),),
        (),
        [(3, "operation", "catheterization")],
    ),
    (
        "أجرى عمليتي قسطرة تشخيصية بنجاح.",
        (("قسطرة تشخيصية", "catheterization"),),
        (),
        [(2, "operation", "catheterization")],
    ),
    (
        "أجريت عدد “3” عمليات قسطرة قلبية.",
        (("قسطرة قلبية", "catheterization"),),
        (),
        [(3, "operation", "catheterization")],
    ),
    (
        "أجريت 12 عملية ولادة قيصرية.",
        (("ولادة قيصرية", "cesarean_section"),),
        (),
        [(12, "operation", "cesarean_section")],
    ),
    (
        "أجريت 4 عمليات ناجحة لزراعة القوقعة.",
        (("زراعة القوقعة", "cochlear_implant"),),
        (),
        [(4, "operation", "cochlear_implant")],
    ),
    ("أجريت 3 عمليات جراحية.", (("عمليات جراحية", "surgery"),), (), [(3, "operation", "surgery")]),
    # the people a campaign targets receive its procedure, also in a clause after it
    (
        "أطلقت المديرية الحملة الوطنية للتطعيم ضد شلل الأطفال، والتي تستهدف أكثر من 280 ألف طفل.",
        (("تطعيم", "vaccination"),),
        (),
        [(280000, "child", "vaccination")],
    ),
    # trap: the people an attack targets receive nothing
    (
        "استهدف التفجير 20 شخصاً قرب مركز التطعيم.",
        (),
        (),
        [(20, "person", None)],
    ),
    (
        "إجراء 3 عمليات جراحية لتغيير مفصل الركبة.",
        (("عمليات جراحية", "surgery"), ("تغيير مفصل الركبة", "joint_replacement")),
        (),
        [(3, "operation", "joint_replacement")],
    ),
    (
        "أكثر من 100 جلسة علاج طبيعي.",
        (("علاج طبيعي", "physiotherapy"),),
        (),
        [(100, "session", "physiotherapy")],
    ),
    ("تم تسليم 5 آلاف جرعة لقاح.", (("لقاح", "vaccination"),), (), [(5000, "dose", "vaccination")]),
    ("تم تسليم 5 آلاف جرعة.", (), (), [(5000, "dose", None)]),
    (
        "وزراعة دعامتين لمريض آخر.",
        (("زراعة دعامتين", "stent_implantation"),),
        (),
        [(2, "stent", "stent_implantation")],
    ),
    ("تم تركيب 3 دعامات.", (), (), [(3, "stent", "stent_implantation")]),
    # a bare singular after an implanting word counts one; the patient does not
    (
        "شملت إجراء زراعة دعامة لمريض.",
        (("زراعة دعامة", "stent_implantation"),),
        (),
        [(1, "stent", "stent_implantation")],
    ),
    ("نجح الفريق في زراعة دعامة.", (), (), [(1, "stent", "stent_implantation")]),
    ("تحتاج الدعامة إلى متابعة.", (), (), []),
    # people: the procedure of the clause when they receive it
    (
        "تلقى 4 أطفال من بين الحالات التي تم إرسالها إلى مستشفى جليلة بالإمارات الحقن الجينية، فيما ينتظر طفلان آخران استكمال التحاليل الطبية اللازمة قبل تلقي العلاج.",
        (("الحقن الجينية", "gene_therapy"), ("التحاليل الطبية", "lab_test")),
        (("مستشفى جليلة", "FACILITY"),),
        [(4, "child", "gene_therapy"), (2, "child", None)],
    ),
    (
        "يواصل الفريق المختص في العلاج الطبيعي عمله داخل مركز مصراتة للعلاج الطبيعي، حيث يستقبل المركز أكثر من 600 حالة من حالات ضمور العضلات شهرياً.",
        (("العلاج الطبيعي", "physiotherapy"),),
        (("مركز مصراتة للعلاج الطبيعي", "FACILITY"),),
        [(600, "case", "physiotherapy")],
    ),
    ("تهدف الاتفاقية إلى علاج 29 حالة وفق التوصيات.", (), (), [(29, "case", None)]),
    (
        "خضع 30 مريضاً لجلسات الغسيل الكلوي.",
        (("الغسيل الكلوي", "dialysis"),),
        (),
        [(30, "patient", "dialysis")],
    ),
    ("تلقى 200 طفل لقاح شلل الأطفال.", (("لقاح", "vaccination"),), (), [(200, "child", "vaccination")]),
    (
        "ينتظر 50 مريضاً إجراء عمليات القلب المفتوح.",
        (("القلب المفتوح", "open_heart_surgery"),),
        (),
        [(50, "patient", None)],
    ),
    (
        "حضر 20 مواطناً ندوة عن التبرع بالدم.",
        (("التبرع بالدم", "blood_donation"),),
        (),
        [(20, "person", None)],
    ),
    ("تبرع 40 متبرعاً بالدم.", (), (), [(40, "donor", "blood_donation")]),
    (
        "الكشف الطبي على 1200 طالب وطالبة.",
        (("الكشف الطبي", "medical_examination"),),
        (),
        [(1200, "student", "medical_examination")],
    ),
    # a procedure named inside a facility's name is the facility, not the count's procedure
    (
        "استقبل مركز طرابلس للعلاج الطبيعي 15 مريضاً.",
        (("لعلاج الطبيعي", "physiotherapy"),),
        (("مركز طرابلس للعلاج الطبيعي", "FACILITY"),),
        [(15, "patient", None)],
    ),
    # a procedure in construct with a counted case ("حالات ولادة"), not passed to another count
    (
        "استقبل المستشفى 410 حالات بينها 38 حالة ولادة.",
        (),
        (),
        [(410, "case", None), (38, "case", "delivery")],
    ),
    (
        "استقبل المستشفى 12 حالات ولادة قيصرية و300 حالة أخرى.",
        (("حالات ولادة", "delivery"),),
        (),
        [(12, "case", "delivery"), (300, "case", None)],
    ),
    # a procedure that names a department is not the count's
    (
        "يتلقى 15 مصاباً العلاج في قسم الجراحة العامة.",
        (("الجراحة العامة", "surgery"),),
        (),
        [(15, "person", None)],
    ),
    (
        "تستقبل وحدة غسيل الكلى 40 مريضاً أسبوعياً.",
        (("غسيل الكلى", "dialysis"),),
        (),
        [(40, "patient", "dialysis")],
    ),
    # a campaign performs the procedure it names
    (
        "نفذت الوزارة حملة تطعيم في خمس محافظات استهدفت 40 ألف طفل.",
        (("تطعيم", "vaccination"),),
        (("حملة تطعيم", "PROGRAM"),),
        [(5, "governorate", None), (40000, "child", "vaccination")],
    ),
    ("قدمت اللقاحات لـ 75 مراجعاً.", (("اللقاحات", "vaccination"),), (), [(75, "visitor", "vaccination")]),
    # one operation performed: a singular after a performing word, when the procedure is named
    ("وقد أجريت له عملية جراحية ناجحة.", (("عملية جراحية", "surgery"),), (), [(1, "operation", "surgery")]),
    (
        "تم إجراء عملية قسطرة للمريض.",
        (("قسطرة", "catheterization"),),
        (),
        [(1, "operation", "catheterization")],
    ),
    ("خضع لعملية جراحية دقيقة.", (("عملية جراحية", "surgery"),), (), [(1, "operation", "surgery")]),
    ("أجريت عملية أمنية في المنطقة.", (), (), []),
    ("بدأت عملية عسكرية لتحرير المدينة.", (), (), []),
    # beds and staff never get a procedure
    ("افتتاح قسم القسطرة بسعة 10 أسرة.", (("القسطرة", "catheterization"),), (), [(10, "bed", None)]),
]


@pytest.mark.parametrize(("text", "procedures", "names", "expected"), PROCEDURES)
def test_procedures(
    text: str,
    procedures: tuple[tuple[str, str], ...],
    names: tuple[tuple[str, str], ...],
    expected: list[tuple[float, str, str | None]],
) -> None:
    assert [(q.value, q.unit, q.procedure) for q in run(text, procedures, names)] == expected


@pytest.mark.parametrize(
    ("text", "dates", "decrees", "expected"),
    [
        ("انطلق في 13 مارس الجاري بمشاركة 20 فريقاً.", ("13 مارس الجاري",), (), [(20, "team")]),
        ("في الفترة من 26 مايو 2024 م إلى 26 أغسطس 2024 م", ("26 مايو 2024 م", "26 أغسطس 2024 م"), (), []),
        (
            "صدر القرار رقم (649) لسنة 2024 بإيفاد 29 حالة.",
            (),
            ("القرار رقم (649) لسنة 2024",),
            [(29, "case")],
        ),
        ("وفقاً لقرار رقم 15 لسنة 2023.", (), ("قرار رقم 15 لسنة 2023",), []),
        ("بتاريخ 15/03/2024 أجريت 3 عمليات.", ("15/03/2024",), (), [(3, "operation")]),
        ("يوم 5 يوليو عدد 5 يوليو", ("5 يوليو",), (), []),
    ],
)
def test_dates_and_decrees_hide_their_numbers(
    text: str, dates: tuple[str, ...], decrees: tuple[str, ...], expected: list[tuple[float, str]]
) -> None:
    assert [(q.value, q.unit) for q in run(text, dates=dates, decrees=decrees)] == expected
