"""Events as other newsrooms write them (Egypt, the Gulf, Iraq, the Maghreb, Sudan, Yemen, Libya):
statistics told in a quoted statement, aid distributions, counts defined by a relative clause,
patients treated at home. Sentences written for these tests; entities and quantities are given
by hand (as the upstream stages would mark them), so the rows exercise the events stage alone."""

from __future__ import annotations

import pytest

from tests.test_events import Ent, Qty, make_doc

Row = tuple  # (type, procedure, count, facility text or None, location)


def rows(text: str, ents: list[Ent], qty: list[Qty], country: str | None = None) -> list[Row]:
    doc = make_doc(text, ents, qty, country=country)
    return [
        (e.type, e.procedure, e.count, e.facility.text if e.facility else None, e.location)
        for e in doc.events
    ]


# --------------------------------------------------------------------------- a quoted statement with its own count

STATEMENT_CASES = [
    pytest.param(
        "أعلنت مديرية الصحة عن إجراء 640 عملية جراحية في مستشفيات المحافظة خلال الشهر الماضي. "
        "وأوضح مدير المديرية أن مستشفى الرازي أجرى وحده 95 عملية منظار.",
        [("ORG", "مديرية الصحة", None), ("FACILITY", "مستشفى الرازي", None)],
        [("640 عملية", 640, "operation", "surgery"), ("95 عملية", 95, "operation", "endoscopy")],
        [
            ("procedure_performed", "surgery", 640, None, None),
            ("procedure_performed", "endoscopy", 95, "مستشفى الرازي", None),
        ],
        id="a_hospital_quoted_apart_from_the_total",
    ),
    pytest.param(
        "أجرى مستشفى الرازي 12 عملية قسطرة قلبية. وأوضح مدير المستشفى أن الفريق أجرى العمليات بنجاح.",
        [("FACILITY", "مستشفى الرازي", None)],
        [("12 عملية", 12, "operation", "catheterization")],
        [("procedure_performed", "catheterization", 12, "مستشفى الرازي", None)],
        id="trap_a_statement_without_a_count_goes_on_telling",
    ),
    pytest.param(
        "أجرى مستشفى الرازي 12 عملية قسطرة قلبية. وأشار المدير إلى أن الفريق أجرى منها 5 عمليات لأطفال.",
        [("FACILITY", "مستشفى الرازي", None)],
        [("12 عملية", 12, "operation", "catheterization"), ("5 عمليات", 5, "operation", "catheterization")],
        [("procedure_performed", "catheterization", 12, "مستشفى الرازي", None)],
        id="trap_a_part_of_the_count_is_no_event",
    ),
]


@pytest.mark.parametrize(("text", "ents", "qty", "expected"), STATEMENT_CASES)
def test_quoted_statement_with_its_own_count(
    text: str, ents: list[Ent], qty: list[Qty], expected: list
) -> None:
    assert rows(text, ents, qty) == expected


# --------------------------------------------------------------------------- aid handed out

AID_CASES = [
    pytest.param(
        "وزعت جمعية الهلال الأحمر 800 سلة غذائية على النازحين في مدينة بنغازي.",
        [("ORG", "جمعية الهلال الأحمر", None), ("LOC", "بنغازي", None)],
        [("800 سلة غذائية", 800, "food_basket", None)],
        [("supply_delivery", None, 800, None, "بنغازي")],
        id="food_baskets_to_the_displaced",
    ),
    pytest.param(
        "أعلن فرع الجمعية بالزاوية عن توزيع 250 سلة غذائية على الأسر المتضررة من الفيضانات في مدينة درنة.",
        [("LOC", "الزاوية", None), ("LOC", "درنة", None)],
        [("250 سلة غذائية", 250, "food_basket", None)],
        [("supply_delivery", None, 250, None, "درنة")],
        id="a_distribution_where_it_is_placed_not_where_the_branch_is",
    ),
    pytest.param(
        "قامت المنظمة بتوزيع الأدوية على المراكز الصحية في ولاية كسلا.",
        [("LOC", "كسلا", None)],
        [],
        [("supply_delivery", None, None, None, "كسلا")],
        id="medicines_handed_out",
    ),
    pytest.param(
        "وصلت 14 شاحنة محملة بالمساعدات الإنسانية إلى مخيمات النازحين.",
        [],
        [("14 شاحنة", 14, "truck", None)],
        [("supply_delivery", None, 14, None, None)],
        id="trucks_of_humanitarian_aid",
    ),
    pytest.param(
        "تم التوزيع العادل للأطباء على مستشفيات المنطقة.",
        [],
        [],
        [],
        id="trap_allocating_doctors_is_no_supply",
    ),
    pytest.param(
        "جرى توزيع 300 كتاب على تلاميذ المدارس.",
        [],
        [],
        [],
        id="trap_school_books_are_no_aid",
    ),
]


@pytest.mark.parametrize(("text", "ents", "qty", "expected"), AID_CASES)
def test_aid_distribution(text: str, ents: list[Ent], qty: list[Qty], expected: list) -> None:
    assert rows(text, ents, qty) == expected


# --------------------------------------------------------------------------- what a statistic counts

STATISTIC_CASES = [
    pytest.param(
        "بلغ عدد المرضى الذين تم إيفادهم للعلاج بالخارج خلال الربع الأول 950 مريضاً.",
        [],
        [("950 مريضاً", 950, "patient", None)],
        [("treatment_abroad", None, 950, None, None)],
        id="patients_sent_abroad_counted",
    ),
    pytest.param(
        "بلغ إجمالي العمليات التي أجريت في مستشفى الجلاء خلال العام 3100 عملية جراحية.",
        [("FACILITY", "مستشفى الجلاء", None)],
        [("3100 عملية", 3100, "operation", "surgery")],
        [("procedure_performed", "surgery", 3100, "مستشفى الجلاء", None)],
        id="operations_performed_counted",
    ),
    pytest.param(
        "زار الوزير المرضى الذين تم إيفادهم للعلاج بالخارج.",
        [],
        [],
        [("visit", None, None, None, None)],
        id="trap_a_relative_clause_of_a_visit_stays_masked",
    ),
]


@pytest.mark.parametrize(("text", "ents", "qty", "expected"), STATISTIC_CASES)
def test_relative_clause_of_a_count(text: str, ents: list[Ent], qty: list[Qty], expected: list) -> None:
    assert rows(text, ents, qty) == expected


# --------------------------------------------------------------------------- treated at home, treated abroad

TREATED_CASES = [
    pytest.param(
        "قالت منظمة اليونيسف إن 250 طفلاً مصابين بسوء التغذية يتلقون العلاج في مستشفى كسلا التعليمي "
        "بولاية كسلا، محذرة من نقص الأدوية.",
        [("ORG", "منظمة اليونيسف", None), ("FACILITY", "مستشفى كسلا التعليمي", None), ("LOC", "كسلا", None)],
        [("250 طفلاً", 250, "child", None)],
        ("SD", [("service_ongoing", None, 250, "مستشفى كسلا التعليمي", "كسلا")]),
        id="children_treated_in_the_reported_countrys_hospital",
    ),
    pytest.param(
        "ذكر مكتب الصحة أن 60 جريحاً يتلقون العلاج في المستشفى الجمهوري بمدينة تعز.",
        [("FACILITY", "المستشفى الجمهوري", None), ("LOC", "تعز", None)],
        [("60 جريحاً", 60, "person", None)],
        ("YE", [("service_ongoing", None, 60, "المستشفى الجمهوري", "تعز")]),
        id="the_wounded_treated_in_a_city_of_the_bulletin",
    ),
    pytest.param(
        "تلقى 5 مرضى من مرضى الأورام العلاج الإشعاعي في مستشفى الملك حسين بالأردن.",
        [
            ("FACILITY", "مستشفى الملك حسين", None),
            ("LOC", "الأردن", "jordan"),
            ("PROCEDURE", "العلاج الإشعاعي", "radiotherapy"),
        ],
        [("5 مرضى", 5, "patient", "radiotherapy")],
        ("LY", [("treatment_abroad", "radiotherapy", 5, "مستشفى الملك حسين", "الأردن")]),
        id="trap_treated_where_the_country_is_named_is_abroad",
    ),
    pytest.param(
        "عاد 9 أطفال من رحلة علاج في تونس استمرت شهرين.",
        [("LOC", "تونس", "tunisia")],
        [("9 أطفال", 9, "child", None)],
        ("LY", [("treatment_abroad", None, 9, None, "تونس")]),
        id="trap_a_treatment_trip_to_a_named_country_is_abroad",
    ),
]


@pytest.mark.parametrize(("text", "ents", "qty", "expected"), TREATED_CASES)
def test_treated_at_home_or_abroad(text: str, ents: list[Ent], qty: list[Qty], expected: tuple) -> None:
    doc = make_doc(text, ents, qty)
    country, events = expected
    assert doc.country == country
    assert [
        (e.type, e.procedure, e.count, e.facility.text if e.facility else None, e.location)
        for e in doc.events
    ] == events


# --------------------------------------------------------------------------- a body pays for the treatment

SPONSOR_CASES = [
    pytest.param(
        "تكفلت جمعية الإحسان الخيرية بعلاج 40 طفلاً من مرضى السرطان في مستشفى الأطفال التخصصي.",
        [("ORG", "جمعية الإحسان الخيرية", None), ("FACILITY", "مستشفى الأطفال التخصصي", None)],
        [("40 طفلاً", 40, "child", None)],
        [("sponsorship", None, 40, "مستشفى الأطفال التخصصي", [("جمعية الإحسان الخيرية", "supporter")])],
        id="a_charity_pays_for_childrens_treatment",
    ),
    pytest.param(
        "تكفلت مؤسسة الأمل للتنمية بعلاج 18 طفلاً، حيث تم إجراء عمليات القلب لهم في مستشفى الرحمة.",
        [
            ("ORG", "مؤسسة الأمل للتنمية", None),
            ("FACILITY", "مستشفى الرحمة", None),
            ("PROCEDURE", "عمليات القلب", "cardiac_surgery"),
        ],
        [("18 طفلاً", 18, "child", None)],
        [
            (
                "procedure_performed",
                "cardiac_surgery",
                18,
                "مستشفى الرحمة",
                [("مؤسسة الأمل للتنمية", "supporter")],
            )
        ],
        id="the_operations_it_paid_for_are_the_event",
    ),
    pytest.param(
        "عاد 12 مريضاً من رحلة علاج في إيطاليا، على نفقة جهاز دعم الخدمات العلاجية.",
        [("LOC", "إيطاليا", None), ("ORG", "جهاز دعم الخدمات العلاجية", None)],
        [("12 مريضاً", 12, "patient", None)],
        [("treatment_abroad", None, 12, None, [("جهاز دعم الخدمات العلاجية", "supporter")])],
        id="trap_paid_for_is_a_role_not_an_event",
    ),
    pytest.param(
        "تكفل رجل أعمال بتكاليف حفل الزفاف الجماعي.",
        [],
        [],
        [],
        id="trap_a_wedding_paid_for_is_no_health_sponsorship",
    ),
]


@pytest.mark.parametrize(("text", "ents", "qty", "expected"), SPONSOR_CASES)
def test_treatment_paid_for(text: str, ents: list[Ent], qty: list[Qty], expected: list) -> None:
    doc = make_doc(text, ents, qty)
    assert [
        (
            e.type,
            e.procedure,
            e.count,
            e.facility.text if e.facility else None,
            [(o.text, o.role) for o in e.organizations],
        )
        for e in doc.events
    ] == expected


# --------------------------------------------------------------------------- other newsrooms' words

WORDING_CASES = [
    pytest.param(
        "زار وزير الصحة الكويتي مستشفى العدان الجديد، واطلع على سير العمل في أقسام الطوارئ.",
        [("FACILITY", "مستشفى العدان الجديد", None)],
        [],
        [("visit", None, None, "مستشفى العدان الجديد")],
        id="a_visit_to_a_hospital_after_the_visitor",
    ),
    pytest.param(
        "زار وفد المنظمة مدير مستشفى العدان في مكتبه.",
        [("FACILITY", "مستشفى العدان", None)],
        [],
        [("visit", None, None, None)],
        id="trap_a_visit_to_a_hospitals_director",
    ),
    pytest.param(
        "نظمت المندوبية الجهوية للصحة يوما تحسيسيا حول داء السكري لفائدة 450 تلميذا.",
        [("ORG", "المندوبية الجهوية للصحة", None)],
        [("450 تلميذا", 450, "student", None)],
        [("campaign", None, 450, None)],
        id="an_awareness_day_for_pupils",
    ),
    pytest.param(
        "أعلنت الوزارة عن تسجيل 28 إصابة جديدة بالكوليرا و4 حالات وفاة خلال اليومين الماضيين.",
        [("CONDITION", "الكوليرا", None)],
        [("28 إصابة", 28, "case", None), ("4 حالات وفاة", 4, "death", None)],
        [("other", None, 28, None)],
        id="new_cases_recorded",
    ),
    pytest.param(
        "تمكن فريق طبي بمستشفى الثورة من إجراء عملية فصل توأم سيامي استمرت 7 ساعات.",
        [("FACILITY", "مستشفى الثورة", None), ("PROCEDURE", "فصل توأم سيامي", "surgery")],
        [],
        [("procedure_performed", "surgery", None, "مستشفى الثورة")],
        id="a_team_managed_an_operation",
    ),
    pytest.param(
        "استقبلت مستشفيات المدينة أمس 64 إصابة، فيما يعاني مستشفى العودة من نقص حاد في الوقود.",
        [("FACILITY", "مستشفى العودة", None)],
        [("64 إصابة", 64, "case", None)],
        [("service_ongoing", None, 64, None)],
        id="a_hospital_told_of_meanwhile_is_not_where_it_happened",
    ),
    pytest.param(
        "فيما يستقبل مستشفى العودة 64 إصابة يومياً، يعاني المستشفى من نقص حاد في الوقود.",
        [("FACILITY", "مستشفى العودة", None)],
        [("64 إصابة", 64, "case", None)],
        [("service_ongoing", None, 64, "مستشفى العودة")],
        id="trap_the_trigger_in_the_meanwhile_clause_keeps_its_hospital",
    ),
    pytest.param(
        "بدأت جمعية البر حملتها السنوية لفحص 300 طفل من الأسر الفقيرة في مستشفى السلام.",
        [("ORG", "جمعية البر", None), ("FACILITY", "مستشفى السلام", None)],
        [("300 طفل", 300, "child", None)],
        [("campaign", None, 300, "مستشفى السلام")],
        id="a_campaign_named_with_its_pronoun",
    ),
    pytest.param(
        "أجرت مستشفيات المحافظة 920 عملية جراحية خلال الشهر الماضي، إضافة إلى 540 ولادة طبيعية.",
        [],
        [("920 عملية", 920, "operation", "surgery"), ("540 ولادة", 540, "birth", "delivery")],
        [("procedure_performed", "surgery", 920, None), ("procedure_performed", "delivery", 540, None)],
        id="births_counted_beside_operations",
    ),
    pytest.param(
        "سجل مستشفى الأطفال خلال الأسبوع الماضي 185 حالة إسهال مائي حاد.",
        [("FACILITY", "مستشفى الأطفال", None)],
        [("185 حالة", 185, "case", None)],
        [("other", None, 185, "مستشفى الأطفال")],
        id="cases_recorded_by_a_hospital",
    ),
    pytest.param(
        "سجل المستشفى نسبة إشغال بلغت 90 بالمئة خلال الصيف.",
        [],
        [("90 بالمئة", 90, "percent", None)],
        [],
        id="trap_a_rate_recorded_is_no_case",
    ),
    pytest.param(
        "تمكن رجال الإطفاء من السيطرة على الحريق بعد ساعتين.",
        [],
        [],
        [("other", None, None, None)],
        id="trap_managing_a_fire_is_no_operation",
    ),
]


@pytest.mark.parametrize(("text", "ents", "qty", "expected"), WORDING_CASES)
def test_other_newsrooms_wording(text: str, ents: list[Ent], qty: list[Qty], expected: list) -> None:
    doc = make_doc(text, ents, qty)
    assert [
        (e.type, e.procedure, e.count, e.facility.text if e.facility else None) for e in doc.events
    ] == expected
