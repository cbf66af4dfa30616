"""Events stage: typing, slots, roles, identity, evidence.

The upstream stages are given by hand: each bulletin lists its entities,
quantities, dates and decrees by surface, and their offsets are found with
`text.index`, so these tests read only what `build_events` does.
"""

from __future__ import annotations

import pytest

from pipeline.events import build_events
from pipeline.lexicons import load
from pipeline.models import EVENT_TYPES, DateMention, Decree, Document, Entity, Quantity

# (type, surface, id) for entities; (surface, value, unit, procedure) for quantities;
# (surface, ISO value) for dates; (surface, number, year) for decrees.
Ent = tuple[str, str, str | None]
Qty = tuple[str, float, str, str | None]


def span(text: str, surface: str, after: int = 0) -> tuple[int, int]:
    s = text.index(surface, after)
    return s, s + len(surface)


def spans(text: str, surface: str) -> list[tuple[int, int]]:
    out = [span(text, surface)]
    while surface in text[out[-1][1] :]:
        out.append(span(text, surface, out[-1][1]))
    return out


def make_doc(
    text: str,
    ents: list[Ent] = (),  # type: ignore[assignment]
    qty: list[Qty] = (),  # type: ignore[assignment]
    dates: list[tuple[str, str | None]] = (),  # type: ignore[assignment]
    decrees: list[tuple[str, str, int]] = (),  # type: ignore[assignment]
    doc_id: str = "test:1-1",
    country: str | None = None,
) -> Document:
    doc = Document(doc_id=doc_id, text=text, country=country)
    # Entities and quantities are marked wherever they occur, as the upstream stages do.
    for type_, surface, ident in ents:
        for s, e in spans(text, surface):
            doc.entities.append(Entity(type=type_, text=surface, start=s, end=e, norm=surface, id=ident))  # type: ignore[arg-type]
    for surface, value, unit, proc in qty:
        for s, e in spans(text, surface):
            doc.quantities.append(
                Quantity(text=surface, start=s, end=e, value=value, unit=unit, procedure=proc)
            )
    for surface, value in dates:
        s, e = span(text, surface)
        doc.dates.append(DateMention(text=surface, start=s, end=e, value=value))
        doc.entities.append(Entity(type="DATE", text=surface, start=s, end=e, norm=surface))
    for surface, number, year in decrees:
        s, e = span(text, surface)
        doc.decrees.append(Decree(text=surface, start=s, end=e, number=number, year=year))
    return build_events(doc)


# --------------------------------------------------------------------------- one bulletin per event type

TYPE_CASES = [
    pytest.param(
        "أجرى الفريق الطبي بمستشفى طرابلس المركزي 12 عملية منظار جراحي ناجحة خلال الأسبوع الماضي، "
        "وذلك ضمن خطة الوزارة لتقليص قوائم الانتظار.",
        [("FACILITY", "مستشفى طرابلس المركزي", None), ("PROCEDURE", "منظار جراحي", "laparoscopic_surgery")],
        [("12 عملية", 12, "operation", "laparoscopic_surgery")],
        ("procedure_performed", 12, "laparoscopic_surgery", "مستشفى طرابلس المركزي", "طرابلس"),
        id="procedure_performed",
    ),
    pytest.param(
        "تم إيفاد 15 مريضاً من مرضى الأورام إلى مستشفى الأمل بتونس لاستكمال العلاج الكيماوي، "
        "وذلك بعد استكمال إجراءات السفر.",
        [
            ("FACILITY", "مستشفى الأمل", None),
            ("LOC", "تونس", "tunisia"),
            ("PROCEDURE", "العلاج الكيماوي", "chemotherapy"),
        ],
        [("15 مريضاً", 15, "patient", None)],
        ("treatment_abroad", 15, "chemotherapy", "مستشفى الأمل", "تونس"),
        id="treatment_abroad",
    ),
    pytest.param(
        "افتتح مدير عام مستشفى سبها الطبي قسم الغسيل الكلوي الجديد، الذي يضم 20 جهازاً حديثاً.",
        [("FACILITY", "مستشفى سبها الطبي", None), ("PROCEDURE", "الغسيل الكلوي", "dialysis")],
        [("20 جهازاً", 20, "device", None)],
        ("service_launch", None, "dialysis", "مستشفى سبها الطبي", "سبها"),
        id="service_launch",
    ),
    pytest.param(
        "تواصل وحدة غسيل الكلى بمستشفى زليتن التعليمي تقديم خدماتها للمرضى، "
        "حيث تستقبل أكثر من 120 حالة أسبوعياً.",
        [("FACILITY", "مستشفى زليتن التعليمي", None), ("PROCEDURE", "غسيل الكلى", "dialysis")],
        [("120 حالة", 120, "case", "dialysis")],
        ("service_ongoing", 120, "dialysis", "مستشفى زليتن التعليمي", "زليتن"),
        id="service_ongoing",
    ),
    pytest.param(
        "انطلقت اليوم بمدينة بنغازي دورة تدريبية لفنيي التخدير والعناية الفائقة بمشاركة 25 متدرباً.",
        [("LOC", "بنغازي", "benghazi")],
        [("25 متدرباً", 25, "person", None)],
        ("training", 25, None, None, "بنغازي"),
        id="training",
    ),
    pytest.param(
        "عقد وزير الصحة اجتماعاً موسعاً مع مدراء المستشفيات العامة بمقر الوزارة في طرابلس، "
        "لمناقشة خطة الطوارئ خلال فصل الصيف.",
        [("ORG", "وزير الصحة", None), ("LOC", "طرابلس", "tripoli")],
        [],
        ("meeting", None, None, None, "طرابلس"),
        id="meeting",
    ),
    pytest.param(
        "وقع جهاز الإسعاف والطوارئ مذكرة تفاهم مع جمعية الهلال الأحمر الليبي لتدريب المسعفين في مدينة سرت.",
        [
            ("ORG", "جهاز الإسعاف والطوارئ", None),
            ("ORG", "جمعية الهلال الأحمر الليبي", None),
            ("LOC", "سرت", "sirte"),
        ],
        [],
        ("agreement", None, None, None, "سرت"),
        id="agreement",
    ),
    pytest.param(
        "قام وكيل وزارة الصحة بزيارة تفقدية إلى مستشفى غريان العام، اطلع خلالها على سير العمل بقسم الطوارئ.",
        [("ORG", "وزارة الصحة", None), ("FACILITY", "مستشفى غريان العام", None)],
        [],
        ("visit", None, None, "مستشفى غريان العام", "غريان"),
        id="visit",
    ),
    pytest.param(
        "تسلم مستشفى الجلاء للنساء والولادة ببنغازي شحنة من الأجهزة الطبية تضمنت 40 جهازاً لمراقبة الأجنة.",
        [("FACILITY", "مستشفى الجلاء للنساء والولادة ببنغازي", None)],
        [("40 جهازاً", 40, "device", None)],
        ("supply_delivery", 40, None, "مستشفى الجلاء للنساء والولادة ببنغازي", "بنغازي"),
        id="supply_delivery",
    ),
    pytest.param(
        "انطلقت صباح اليوم حملة التطعيم الوطنية ضد الحصبة وشلل الأطفال في بلدية سرت، "
        "وتستهدف 50 ألف طفل دون سن الخامسة.",
        [("PROCEDURE", "التطعيم", "vaccination"), ("LOC", "سرت", "sirte")],
        [("50 ألف طفل", 50000, "child", "vaccination")],
        ("campaign", 50000, "vaccination", None, "سرت"),
        id="campaign",
    ),
    pytest.param(
        "اختتمت بطولة كرة القدم الخماسية لموظفي القطاع الصحي بمدينة الزاوية، "
        "والتي دعمها جهاز دعم وتطوير الخدمات العلاجية.",
        [("LOC", "الزاوية", "zawiya"), ("ORG", "جهاز دعم وتطوير الخدمات العلاجية", None)],
        [],
        ("sponsorship", None, None, None, "الزاوية"),
        id="sponsorship",
    ),
    pytest.param(
        "برعاية جهاز دعم وتطوير الخدمات العلاجية، انطلقت مساء أمس منافسات الدورة الرمضانية لكرة القدم "
        "بمدينة زليتن بمشاركة 16 فريقاً.",
        [("ORG", "جهاز دعم وتطوير الخدمات العلاجية", None), ("LOC", "زليتن", "zliten")],
        [],
        ("sponsorship", None, None, None, "زليتن"),
        id="sponsorship_tournament",
    ),
]


@pytest.mark.parametrize(("text", "ents", "qty", "expected"), TYPE_CASES)
def test_event_type_and_slots(text: str, ents: list[Ent], qty: list[Qty], expected: tuple) -> None:
    doc = make_doc(text, ents, qty)
    assert len(doc.events) == 1, [e.type for e in doc.events]
    ev = doc.events[0]
    type_, count, procedure, facility, location = expected
    assert ev.type == type_
    assert ev.count == count
    assert ev.procedure == procedure
    assert (ev.facility.text if ev.facility else None) == facility
    assert ev.location == location


# --------------------------------------------------------------------------- counts


COUNT_CASES = [
    pytest.param(
        "أجرى فريق طبي بمستشفى مصراتة المركزي عمليتي زراعة قوقعة لطفلين من مرضى ضعف السمع.",
        [("FACILITY", "مستشفى مصراتة المركزي", None), ("PROCEDURE", "زراعة قوقعة", "cochlear_implant")],
        [("عمليتي", 2, "operation", "cochlear_implant"), ("طفلين", 2, "child", None)],
        2,
        "operation",
        id="dual",
    ),
    pytest.param(
        "تم إجراء ثلاث عمليات تغيير مفصل الركبة بمستشفى الخمس التعليمي بنجاح.",
        [("FACILITY", "مستشفى الخمس التعليمي", None), ("PROCEDURE", "تغيير مفصل", "joint_replacement")],
        [("ثلاث عمليات", 3, "operation", "joint_replacement")],
        3,
        "operation",
        id="in_words",
    ),
    pytest.param(
        # The first number is a target inside a purpose clause, not what was done.
        "في إطار خطة تستهدف علاج 300 حالة من مرضى المياه البيضاء، أجرى أطباء مستشفى العيون بطرابلس "
        "18 عملية خلال يومين.",
        [("FACILITY", "مستشفى العيون بطرابلس", None), ("PROCEDURE", "المياه البيضاء", "cataract_surgery")],
        [("300 حالة", 300, "case", None), ("18 عملية", 18, "operation", None), ("يومين", 2, "day", None)],
        18,
        "operation",
        id="not_the_first_number",
    ),
    pytest.param(
        "جانب من استمرار عمليات زراعة الكلى بمركز بنغازي الطبي.",
        [("FACILITY", "مركز بنغازي الطبي", None), ("PROCEDURE", "زراعة الكلى", "kidney_transplant")],
        [],
        None,
        None,
        id="no_count",
    ),
]


@pytest.mark.parametrize(("text", "ents", "qty", "count", "unit"), COUNT_CASES)
def test_count(text: str, ents: list[Ent], qty: list[Qty], count: float | None, unit: str | None) -> None:
    doc = make_doc(text, ents, qty)
    assert [e.type for e in doc.events] == ["procedure_performed"]
    assert doc.events[0].count == count
    assert doc.events[0].unit == unit
    assert doc.events[0].procedure is not None


# --------------------------------------------------------------------------- organization roles


ROLE_CASES = [
    pytest.param(
        "بدعم من صندوق الإنماء الاقتصادي والاجتماعي، افتتح مستشفى ترهونة العام قسماً جديداً للولادة.",
        "صندوق الإنماء الاقتصادي والاجتماعي",
        "supporter",
        id="supporter_bdaam",
    ),
    pytest.param(
        "برعاية وزارة الصحة، انطلقت حملة التبرع بالدم في مدينة درنة.",
        "وزارة الصحة",
        "supporter",
        id="supporter_riaya",
    ),
    pytest.param(
        "انطلقت حملة التطعيم ضد شلل الأطفال في الجنوب بإشراف المركز الوطني لمكافحة الأمراض.",
        "المركز الوطني لمكافحة الأمراض",
        "supervisor",
        id="supervisor_ishraf",
    ),
    pytest.param(
        "تسلم مستشفى سرت شحنة أدوية الأورام تحت إشراف هيئة الرقابة الإدارية.",
        "هيئة الرقابة الإدارية",
        "supervisor",
        id="supervisor_taht_ishraf",
    ),
    pytest.param(
        "تم إيفاد 10 مرضى للعلاج بالخارج بمتابعة مباشرة من مكتب النائب العام.",
        "مكتب النائب العام",
        "supervisor",
        id="supervisor_mutabaa",
    ),
    pytest.param(
        "انطلقت في طرابلس ورشة عمل حول سلامة المرضى بالتعاون مع منظمة الصحة العالمية.",
        "منظمة الصحة العالمية",
        "partner",
        id="partner",
    ),
    pytest.param(
        "أجرى الفريق الطبي التابع لجهاز الإسعاف والطوارئ 7 عمليات قسطرة بمستشفى الزاوية التعليمي.",
        "جهاز الإسعاف والطوارئ",
        "performer",
        id="performer",
    ),
    pytest.param(
        "عقد مدير المستشفى اجتماعاً مع ممثلي الهلال الأحمر الليبي لبحث أوجه التعاون.",
        "الهلال الأحمر الليبي",
        "other",
        id="other",
    ),
]


@pytest.mark.parametrize(("text", "org", "role"), ROLE_CASES)
def test_organization_role(text: str, org: str, role: str) -> None:
    ents: list[Ent] = (
        [("ORG", org, None), ("PROCEDURE", "قسطرة", "catheterization")]
        if "قسطرة" in text
        else [("ORG", org, None)]
    )
    qty: list[Qty] = [("7 عمليات", 7, "operation", "catheterization")] if "7 عمليات" in text else []
    doc = make_doc(text, ents, qty)
    assert len(doc.events) == 1
    roles = {o.text: o.role for o in doc.events[0].organizations}
    assert roles == {org: role}


ROLE_CASES_MORE = [
    pytest.param(
        "نظمت إدارة التدريب بوزارة الصحة ورشة عمل حول مكافحة العدوى بمستشفى طرابلس المركزي.",
        ["إدارة التدريب", "وزارة الصحة"],
        "training",
        {"إدارة التدريب": "performer", "وزارة الصحة": "other"},
        id="organizer_is_performer",
    ),
    pytest.param(
        "تم أمس توقيع اتفاقية تعاون بين جهاز الإمداد الطبي والمركز الوطني لمكافحة الأمراض.",
        ["جهاز الإمداد الطبي", "المركز الوطني لمكافحة الأمراض"],
        "agreement",
        {"جهاز الإمداد الطبي": "partner", "المركز الوطني لمكافحة الأمراض": "partner"},
        id="agreement_parties_are_partners",
    ),
    pytest.param(
        "استقبل مدير عام مستشفى الخضراء العام وفداً من منظمة الصحة العالمية لبحث سبل دعم قسم الطوارئ.",
        ["منظمة الصحة العالمية"],
        "meeting",
        {"منظمة الصحة العالمية": "other"},
        id="delegation_received_is_a_meeting",
    ),
]


@pytest.mark.parametrize(("text", "orgs", "type_", "roles"), ROLE_CASES_MORE)
def test_organization_roles_in_context(text: str, orgs: list[str], type_: str, roles: dict[str, str]) -> None:
    doc = make_doc(text, [("ORG", o, None) for o in orgs])
    assert [e.type for e in doc.events] == [type_]
    assert {o.text: o.role for o in doc.events[0].organizations} == roles


def test_launch_of_a_facility_named_after_its_service() -> None:
    text = "افتتح وزير الصحة اليوم مركز غسيل الكلى الجديد بمدينة غريان بسعة 30 سريراً."
    doc = make_doc(text, [("FACILITY", "مركز غسيل الكلى الجديد", None), ("LOC", "غريان", "gharyan")])
    assert [(e.type, e.procedure, e.location) for e in doc.events] == [
        ("service_launch", "dialysis", "غريان")
    ]


SENTENCE_CASES = [
    pytest.param(
        "قدمت الورشة الأخصائية أ. خديجة المرهون بحضور 40 متدربة. وشارك فيها أطباء المستشفى.",
        ["قدمت الورشة الأخصائية أ. خديجة المرهون بحضور 40 متدربة.", "وشارك فيها أطباء المستشفى."],
        id="a_one_letter_title_does_not_end_a_sentence",
    ),
    pytest.param(
        "وقال د. أحمد الزعبي إن العيادة استقبلت 300 مراجع.",
        ["وقال د. أحمد الزعبي إن العيادة استقبلت 300 مراجع."],
        id="doctor_abbreviated",
    ),
    pytest.param(
        "افتتح المركز في عام 1436ه. وبدأ استقبال المرضى بعد شهر.",
        ["افتتح المركز في عام 1436ه.", "وبدأ استقبال المرضى بعد شهر."],
        id="trap_the_calendar_letter_after_a_year_ends_it",
    ),
    pytest.param(
        "تبدأ المناوبة الساعة 8 م. ويستمر العمل حتى الصباح.",
        ["تبدأ المناوبة الساعة 8 م.", "ويستمر العمل حتى الصباح."],
        id="trap_pm_after_an_hour_ends_it",
    ),
]


@pytest.mark.parametrize(("text", "expected"), SENTENCE_CASES)
def test_sentences(text: str, expected: list[str]) -> None:
    from pipeline.sentences import split_sentences

    doc = Document(doc_id="t", text=text)
    assert [text[s.start : s.end] for s in split_sentences(doc)] == expected


def test_the_count_of_a_training_across_a_title_abbreviation() -> None:
    text = "نظمت الجمعية ورشة عمل قدمتها الأخصائية أ. خديجة المرهون بحضور 52 مشاركة من الممرضات."
    doc = make_doc(text, [], [("52 مشاركة", 52, "person", None)])
    assert [(e.type, e.count) for e in doc.events] == [("training", 52)]


def test_a_training_performs_no_procedure() -> None:
    text = "نظم مستشفى الولادة دورة تدريبية لفنيي الأشعة والمختبر استمرت 3 أيام وتم فيها تدريب 40 فنياً."
    doc = make_doc(
        text,
        [("FACILITY", "مستشفى الولادة", None), ("PROCEDURE", "الأشعة", "imaging")],
        [("40 فنياً", 40, "staff", None)],
    )
    assert [(e.type, e.procedure, e.count) for e in doc.events] == [("training", None, 40)]


MEETING_HOST_CASES = [
    pytest.param(
        "وكان مدير مستشفى الكرك الحكومي الدكتور سامي العمري قد اجتمع بعدد من الأطباء المقيمين لبحث "
        "جداول المناوبات.",
        "مستشفى الكرك الحكومي",
        "meeting",
        "مستشفى الكرك الحكومي",
        id="the_hospital_of_the_director_who_meets",
    ),
    pytest.param(
        "عقد مدير عام مستشفى ابن سينا اجتماعاً موسعاً مع رؤساء الأقسام الطبية.",
        "مستشفى ابن سينا",
        "meeting",
        "مستشفى ابن سينا",
        id="the_director_right_after_the_verb",
    ),
    pytest.param(
        "أوضح المتحدث الرسمي أن مدير مستشفى الثورة اجتمع برؤساء الأقسام لمناقشة خطة الطوارئ.",
        "مستشفى الثورة",
        "meeting",
        "مستشفى الثورة",
        id="the_director_in_a_reported_clause",
    ),
    # traps: the employer of a participant, of someone present, of a visitor
    pytest.param(
        "عقد رئيس اللجنة اجتماعاً مع مدير عام مركز سبها للأورام لبحث توفير الأدوية.",
        "مركز سبها للأورام",
        "meeting",
        None,
        id="trap_a_participants_employer",
    ),
    pytest.param(
        "عقد وكيل الوزارة اجتماعاً بحضور مدير مستشفى الثورة لمناقشة نقص الكوادر.",
        "مستشفى الثورة",
        "meeting",
        None,
        id="trap_the_employer_of_someone_present",
    ),
]


@pytest.mark.parametrize(("text", "facility", "type_", "expected"), MEETING_HOST_CASES)
def test_meeting_facility_of_its_host(text: str, facility: str, type_: str, expected: str | None) -> None:
    doc = make_doc(text, [("FACILITY", facility, None)])
    assert [(e.type, e.facility.text if e.facility else None) for e in doc.events] == [(type_, expected)]


def test_organizations_joined_by_wa_share_the_role() -> None:
    text = "بدعم من وزارة الصحة وجهاز الإمداد الطبي، بدأ مستشفى الكفرة العام تقديم خدمة الرنين المغناطيسي."
    doc = make_doc(text, [("ORG", "وزارة الصحة", None), ("ORG", "جهاز الإمداد الطبي", None)])
    assert {o.text: o.role for o in doc.events[0].organizations} == {
        "وزارة الصحة": "supporter",
        "جهاز الإمداد الطبي": "supporter",
    }


# --------------------------------------------------------------------------- bulletins as a whole


def test_background_paragraph_adds_slots_not_events() -> None:
    text = (
        "أجرى فريق طبي بمستشفى شهداء الزاوية 5 عمليات قسطرة قلبية للأطفال.\n"
        "وتأتي هذه العمليات ضمن برنامج علاج أمراض القلب لدى الأطفال، وبدعم مباشر من حكومة الوحدة الوطنية، "
        "وتنفيذاً لقرار وزير الصحة رقم (120) لسنة 2023 بشأن إيفاد المرضى للعلاج بالخارج."
    )
    doc = make_doc(
        text,
        [
            ("FACILITY", "مستشفى شهداء الزاوية", None),
            ("PROCEDURE", "قسطرة قلبية", "catheterization"),
            ("PROGRAM", "برنامج علاج أمراض القلب لدى الأطفال", None),
            ("ORG", "حكومة الوحدة الوطنية", None),
        ],
        [("5 عمليات", 5, "operation", "catheterization")],
        decrees=[("قرار وزير الصحة رقم (120) لسنة 2023", "120", 2023)],
    )
    assert [e.type for e in doc.events] == ["procedure_performed"]
    ev = doc.events[0]
    assert ev.program == "برنامج علاج أمراض القلب لدى الأطفال"
    assert ev.decrees == ["120"]
    assert {o.text: o.role for o in ev.organizations} == {"حكومة الوحدة الوطنية": "supporter"}
    # Evidence is the event's sentence, not the background paragraph.
    assert text[ev.evidence.start : ev.evidence.end].startswith("أجرى")
    assert "وتأتي" not in text[ev.evidence.start : ev.evidence.end]


def test_demonstrative_of_a_time_is_no_back_reference() -> None:
    text = "تم خلال هذه الفترة إجراء 50 عملية غسيل كلى بمستشفى ترهونة العام."
    doc = make_doc(
        text,
        [("FACILITY", "مستشفى ترهونة العام", None), ("PROCEDURE", "غسيل كلى", "dialysis")],
        [("50 عملية", 50, "operation", "dialysis")],
    )
    assert [(e.type, e.count) for e in doc.events] == [("procedure_performed", 50)]


def test_demonstrative_of_an_activity_is_background() -> None:
    text = (
        "تم إيفاد 6 مرضى من مرضى زراعة الكبد إلى مستشفى في تركيا.\n"
        "ويتم تنفيذ هذا الإيفاد وفقاً لقرار رئيس مجلس الوزراء رقم (12) لسنة 2024."
    )
    doc = make_doc(
        text,
        [("LOC", "تركيا", "turkey"), ("PROCEDURE", "زراعة الكبد", "liver_transplant")],
        [("6 مرضى", 6, "patient", None)],
        decrees=[("قرار رئيس مجلس الوزراء رقم (12) لسنة 2024", "12", 2024)],
    )
    assert [(e.type, e.count, e.decrees) for e in doc.events] == [("treatment_abroad", 6, ["12"])]
    assert doc.events[0].evidence.end == text.index("\n")


def test_same_happening_told_twice_is_one_event() -> None:
    text = (
        "أجرى فريق طبي بمستشفى طبرق الطبي 4 عمليات قسطرة قلبية. "
        "وقد شملت العمليات الأربع زراعة 3 دعامات لمرضى كبار السن."
    )
    doc = make_doc(
        text,
        [("FACILITY", "مستشفى طبرق الطبي", None), ("PROCEDURE", "قسطرة قلبية", "catheterization")],
        [("4 عمليات", 4, "operation", "catheterization"), ("3 دعامات", 3, "stent", "stent_implantation")],
    )
    assert len(doc.events) == 1
    ev = doc.events[0]
    assert (ev.type, ev.count, ev.procedure) == ("procedure_performed", 4, "catheterization")
    assert ev.evidence.end == len(text)  # the continuation is part of the evidence


def test_reported_speech_is_no_new_event() -> None:
    text = (
        "أجرى فريق طبي بمستشفى غريان العام 6 عمليات استئصال المرارة بالمنظار الجراحي. "
        "وأكد مدير المستشفى استمرار تقديم هذه الخدمة للمرضى خلال الفترة القادمة."
    )
    doc = make_doc(
        text,
        [("FACILITY", "مستشفى غريان العام", None), ("PROCEDURE", "المنظار الجراحي", "laparoscopic_surgery")],
        [("6 عمليات", 6, "operation", "laparoscopic_surgery")],
    )
    assert [(e.type, e.count) for e in doc.events] == [("procedure_performed", 6)]


def test_headline_and_body_are_one_event() -> None:
    text = (
        "مستشفى الجلاء يجري 14 عملية جراحية لتثبيت الكسور خلال يومين\n"
        "أجرى الفريق الطبي بقسم جراحة العظام بمستشفى الجلاء ببنغازي 14 عملية جراحية لتثبيت الكسور خلال يومين."
    )
    doc = make_doc(
        text,
        [("FACILITY", "مستشفى الجلاء", None), ("PROCEDURE", "تثبيت الكسور", "orthopedic_surgery")],
        [("14 عملية", 14, "operation", "orthopedic_surgery")],
    )
    assert [(e.type, e.count) for e in doc.events] == [("procedure_performed", 14)]
    assert (doc.events[0].evidence.start, doc.events[0].evidence.end) == (0, len(text))


def test_headline_naming_the_facility_differently_merges_with_the_body() -> None:
    text = (
        "وزير الصحة يفتتح قسم العناية الفائقة بمستشفى سرت\n"
        "افتتح وزير الصحة قسم العناية الفائقة بمستشفى ابن سينا التعليمي بمدينة سرت بسعة 12 سريراً، "
        "كما تفقد الوزير قسم الأطفال واطلع على احتياجاته."
    )
    doc = make_doc(
        text,
        [
            ("FACILITY", "مستشفى سرت", None),
            ("FACILITY", "مستشفى ابن سينا التعليمي", None),
            ("LOC", "سرت", "sirte"),
        ],
        [("12 سريراً", 12, "bed", None)],
    )
    assert [(e.type, e.facility.text if e.facility else None) for e in doc.events] == [
        ("service_launch", "مستشفى ابن سينا التعليمي"),
        ("visit", "مستشفى ابن سينا التعليمي"),
    ]
    assert doc.events[0].evidence.start == 0
    assert len({e.event_id for e in doc.events}) == 2


def test_date_of_a_later_plan_is_not_the_events() -> None:
    text = (
        "تسلم جهاز الإمداد الطبي 5 سيارات إسعاف مجهزة بالكامل.\n"
        "وسيتم توزيع السيارات على مستشفيات الجنوب خلال الأسبوع المقبل."
    )
    doc = make_doc(
        text,
        [("ORG", "جهاز الإمداد الطبي", None)],
        [("5 سيارات إسعاف", 5, "ambulance", None)],
        dates=[("الأسبوع المقبل", "2024-05-12")],
    )
    assert [(e.type, e.count, e.unit, e.date) for e in doc.events] == [
        ("supply_delivery", 5, "ambulance", None)
    ]


def test_two_events() -> None:
    text = (
        "تفقد وزير الصحة سير العمل بمستشفى مصراتة المركزي، واطلع على احتياجات الأقسام.\n"
        "كما افتتح الوزير وحدة القسطرة القلبية الجديدة بالمستشفى بتكلفة بلغت 3 ملايين دينار."
    )
    doc = make_doc(
        text,
        [
            ("FACILITY", "مستشفى مصراتة المركزي", None),
            ("PROCEDURE", "القسطرة القلبية", "catheterization"),
        ],
        [("3 ملايين دينار", 3000000, "LYD", None)],
    )
    assert [e.type for e in doc.events] == ["visit", "service_launch"]
    visit, launch = doc.events
    assert visit.facility is not None and visit.facility.text == "مستشفى مصراتة المركزي"
    assert launch.procedure == "catheterization"
    assert launch.count is None  # money is no count of a service
    assert visit.event_id != launch.event_id


NO_EVENT_CASES = [
    pytest.param(
        "تعلن وزارة الصحة عن فتح باب التسجيل لإجراء الكشف الطبي الدوري للعاملين بكافة المراكز الصحية.",
        id="periodic_check_up_is_no_league",
    ),
    pytest.param(
        "تأتي هذه الجهود في إطار خطة الوزارة لتطوير القطاع الصحي وتحسين جودة الخدمات المقدمة "
        "للمواطنين في كافة المدن، بدلاً من إرسال المرضى للعلاج بالخارج.",
        id="background_paragraph",
    ),
    pytest.param(
        "يذكر أن المستشفى يعد من أكبر المرافق الصحية في المنطقة الجنوبية.",
        id="yudhkar_anna",
    ),
    pytest.param("", id="empty"),
]


@pytest.mark.parametrize("text", NO_EVENT_CASES)
def test_no_event(text: str) -> None:
    assert make_doc(text).events == []


def test_purpose_clause_is_not_an_event() -> None:
    text = (
        "بدأ مستشفى طرابلس الجامعي تقديم خدمة زراعة الكلى للمرضى، "
        "بهدف الحد من إرسال المرضى للعلاج بالخارج وتخفيف الأعباء عنهم."
    )
    doc = make_doc(
        text,
        [("FACILITY", "مستشفى طرابلس الجامعي", None), ("PROCEDURE", "زراعة الكلى", "kidney_transplant")],
    )
    assert [(e.type, e.procedure) for e in doc.events] == [("service_launch", "kidney_transplant")]


def test_procedure_received_abroad_is_treatment_abroad() -> None:
    text = "تلقى 3 أطفال من مرضى سرطان الدم جرعات العلاج الكيماوي في مستشفى الملك حسين بالأردن."
    doc = make_doc(
        text,
        [
            ("FACILITY", "مستشفى الملك حسين", None),
            ("LOC", "الأردن", "jordan"),
            ("PROCEDURE", "العلاج الكيماوي", "chemotherapy"),
        ],
        [("3 أطفال", 3, "child", "chemotherapy")],
    )
    assert [(e.type, e.count, e.location) for e in doc.events] == [("treatment_abroad", 3, "الأردن")]


def test_return_from_treatment_in_a_foreign_country() -> None:
    text = (
        "وصل صباح اليوم إلى مطار معيتيقة الدولي 23 مريضاً من مرضى الأورام بعد استكمال علاجهم "
        "في جمهورية تونس، وذلك ضمن برنامج إيفاد المرضى."
    )
    doc = make_doc(
        text,
        [("LOC", "معيتيقة", None), ("LOC", "تونس", "tunisia"), ("PROGRAM", "برنامج إيفاد المرضى", None)],
        [("23 مريضاً", 23, "patient", None)],
    )
    assert [(e.type, e.count, e.location, e.program) for e in doc.events] == [
        ("treatment_abroad", 23, "تونس", "برنامج إيفاد المرضى")
    ]


def test_treatment_word_without_a_foreign_place_is_no_event() -> None:
    text = "يواصل المرضى تلقي العلاج في مستشفى غريان العام بعد تحسن حالتهم."
    doc = make_doc(text, [("FACILITY", "مستشفى غريان العام", None)])
    assert [e.type for e in doc.events] == ["service_ongoing"]


def test_conference_is_a_meeting() -> None:
    text = "شارك جهاز الإسعاف والطوارئ في المؤتمر الطبي الدولي الثالث لطب الطوارئ الذي عقد في مدينة بنغازي."
    doc = make_doc(text, [("ORG", "جهاز الإسعاف والطوارئ", None), ("LOC", "بنغازي", "benghazi")])
    assert [(e.type, e.location) for e in doc.events] == [("meeting", "بنغازي")]


def test_date_of_a_background_sentence_is_not_the_events() -> None:
    text = (
        "أجرى فريق طبي بمستشفى الزاوية التعليمي 8 عمليات زراعة قوقعة لأطفال من ضعاف السمع. "
        "يذكر أن المستشفى أجرى خلال العام الماضي أكثر من 50 عملية مماثلة."
    )
    doc = make_doc(
        text,
        [("FACILITY", "مستشفى الزاوية التعليمي", None), ("PROCEDURE", "زراعة قوقعة", "cochlear_implant")],
        [("8 عمليات", 8, "operation", "cochlear_implant"), ("50 عملية", 50, "operation", None)],
        dates=[("العام الماضي", None)],
    )
    assert [(e.type, e.count, e.date) for e in doc.events] == [("procedure_performed", 8, None)]


def test_origin_country_is_not_the_location() -> None:
    text = "أجرى فريق طبي من دولة ألمانيا 9 عمليات جراحة قلب مفتوح بمستشفى البيضاء الطبي في مدينة البيضاء."
    doc = make_doc(
        text,
        [
            ("LOC", "ألمانيا", "germany"),
            ("FACILITY", "مستشفى البيضاء الطبي", None),
            ("LOC", "البيضاء", "bayda"),
            ("PROCEDURE", "قلب مفتوح", "open_heart_surgery"),
        ],
        [("9 عمليات", 9, "operation", "open_heart_surgery")],
    )
    # "البيضاء" is first found inside the facility's name: either occurrence is the same place.
    assert [(e.type, e.location) for e in doc.events] == [("procedure_performed", "البيضاء")]


def test_date_of_the_event() -> None:
    text = "أجريت يوم الخميس 14 مارس 2024 خمس عمليات قسطرة بمستشفى الهضبة الخضراء العام."
    doc = make_doc(
        text,
        [("FACILITY", "مستشفى الهضبة الخضراء العام", None), ("PROCEDURE", "قسطرة", "catheterization")],
        [("خمس عمليات", 5, "operation", "catheterization")],
        dates=[("14 مارس 2024", "2024-03-14")],
    )
    assert doc.events[0].date == "2024-03-14"


# --------------------------------------------------------------------------- identity and evidence


EVIDENCE_CASES = [pytest.param(*p.values[:3], id=p.id) for p in TYPE_CASES + COUNT_CASES]


@pytest.mark.parametrize(("text", "ents", "qty"), EVIDENCE_CASES)
def test_evidence_inside_document(text: str, ents: list[Ent], qty: list[Qty]) -> None:
    doc = make_doc(text, ents, qty)
    assert doc.events
    for ev in doc.events:
        assert 0 <= ev.evidence.start < ev.evidence.end <= len(doc.text)
        quoted = doc.text[ev.evidence.start : ev.evidence.end]
        assert quoted == quoted.strip()


def test_event_id_is_stable() -> None:
    text, ents, qty, _ = TYPE_CASES[0].values
    ids1 = [e.event_id for e in make_doc(text, ents, qty).events]
    ids2 = [e.event_id for e in make_doc(text, ents, qty).events]
    other = [e.event_id for e in make_doc(text, ents, qty, doc_id="other:1-1").events]
    assert ids1 == ids2
    assert len(ids1[0]) == 16 and ids1 != other


def test_lexicons_validate() -> None:
    triggers = load("event_triggers")
    assert {e.type for e in triggers} >= set(EVENT_TYPES) - {"other"}
    assert {e.role for e in load("org_roles")} == {"performer", "supporter", "supervisor", "partner"}  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- abroad is relative to the home country

ABROAD_CASES = [
    pytest.param(
        "أجرى الفريق الطبي بمستشفى الملك فهد التخصصي بالدمام 14 عملية قلب مفتوح خلال الشهر الماضي.",
        [("FACILITY", "مستشفى الملك فهد التخصصي", None), ("LOC", "الدمام", "dammam")],
        [("14 عملية", 14, "operation", "cardiac_surgery")],
        "SA",
        ("procedure_performed", 14, "الدمام"),
        id="saudi_hospital_own_surgery_home_sa",
    ),
    pytest.param(
        "أجرى الفريق الطبي بمستشفى الملك فهد التخصصي بالدمام 14 عملية قلب مفتوح خلال الشهر الماضي.",
        [("FACILITY", "مستشفى الملك فهد التخصصي", None), ("LOC", "الدمام", "dammam")],
        [("14 عملية", 14, "operation", "cardiac_surgery")],
        None,
        ("procedure_performed", 14, "الدمام"),
        id="foreign_hospital_own_surgery_is_no_travel",
    ),
    pytest.param(
        "تم نقل 5 مرضى من مرضى الأورام من مدينة سبها إلى تونس لاستكمال علاجهم على نفقة الدولة.",
        [("LOC", "سبها", "sabha"), ("LOC", "تونس", "tunisia"), ("CONDITION", "الأورام", None)],
        [("5 مرضى", 5, "patient", None)],
        "LY",
        ("treatment_abroad", 5, "تونس"),
        id="libyan_patients_taken_to_tunisia",
    ),
    pytest.param(
        "تم نقل 5 مرضى من مرضى الأورام من مدينة سبها إلى تونس لاستكمال علاجهم على نفقة الدولة.",
        [("LOC", "سبها", "sabha"), ("LOC", "تونس", "tunisia"), ("CONDITION", "الأورام", None)],
        [("5 مرضى", 5, "patient", None)],
        "TN",
        ("other", 5, "تونس"),
        id="taken_to_the_home_country_is_no_travel_abroad",
    ),
    pytest.param(
        "أوضحت إدارة المستشفى أنه تم نقل 4 مصابين من سبها إلى طرابلس بطائرة الإسعاف الطائر.",
        [("LOC", "سبها", "sabha"), ("LOC", "طرابلس", "tripoli")],
        [("4 مصابين", 4, "person", None)],
        "LY",
        ("other", 4, "طرابلس"),
        id="transfer_inside_the_country_is_other",
    ),
    pytest.param(
        "تلقى مريضان من مدينة الزاوية العلاج الإشعاعي في مستشفى الملك حسين بالأردن.",
        [
            ("LOC", "الزاوية", "zawiya"),
            ("FACILITY", "مستشفى الملك حسين", None),
            ("LOC", "الأردن", "jordan"),
            ("PROCEDURE", "العلاج الإشعاعي", "radiotherapy"),
        ],
        [("مريضان", 2, "patient", "radiotherapy")],
        "LY",
        ("treatment_abroad", 2, "الأردن"),
        id="treatment_received_in_another_country",
    ),
    pytest.param(
        "تلقى مريضان العلاج الإشعاعي في مستشفى الملك حسين بالأردن.",
        [
            ("FACILITY", "مستشفى الملك حسين", None),
            ("LOC", "الأردن", "jordan"),
            ("PROCEDURE", "العلاج الإشعاعي", "radiotherapy"),
        ],
        [("مريضان", 2, "patient", "radiotherapy")],
        "JO",
        ("procedure_performed", 2, "الأردن"),
        id="treatment_received_at_home",
    ),
]


@pytest.mark.parametrize(("text", "ents", "qty", "country", "expected"), ABROAD_CASES)
def test_abroad_is_relative_to_the_home_country(
    text: str, ents: list[Ent], qty: list[Qty], country: str | None, expected: tuple
) -> None:
    doc = make_doc(text, ents, qty, country=country)
    assert [(e.type, e.count, e.location) for e in doc.events] == [expected]


# --------------------------------------------------------------------------- a bulletin set in another country

# No `country` given: the bulletin's own places (not where patients are sent, not origins), its
# facilities' cities and the places of its health bodies tell the country it is set in.
SETTING_CASES = [
    pytest.param(
        "أوضح المتحدث الرسمي بصحة الرياض أنه تم تحويل المصاب إلى مستشفى الملك فيصل بالطائف "
        "حيث أجريت له عملية جراحية عاجلة.",
        [("ORG", "صحة الرياض", None), ("FACILITY", "مستشفى الملك فيصل", None), ("LOC", "الطائف", None)],
        [("عملية", 1, "operation", "surgery")],
        None,
        (["procedure_performed"], "SA", "text"),
        id="saudi_transfer_to_a_saudi_city",
    ),
    pytest.param(
        "أعلنت صحة إربد تحويل 3 مرضى إلى مستشفى الجامعة الأردنية في عمان لإجراء عمليات القلب المفتوح.",
        [("ORG", "صحة إربد", None), ("FACILITY", "مستشفى الجامعة الأردنية", None), ("LOC", "عمان", "amman")],
        [("3 مرضى", 3, "patient", None)],
        None,
        (["other"], "JO", "text"),
        id="jordanian_transfer_inside_jordan",
    ),
    pytest.param(
        "أعلنت مديرية الصحة بالإسكندرية تحويل طفلين إلى مستشفى أبو الريش بالقاهرة لتلقي العلاج.",
        [
            ("LOC", "الإسكندرية", "alexandria"),
            ("FACILITY", "مستشفى أبو الريش", None),
            ("LOC", "القاهرة", "cairo"),
        ],
        [("طفلين", 2, "child", None)],
        None,
        (["other"], "EG", "text"),
        id="egyptian_transfer_inside_egypt",
    ),
    pytest.param(
        "أعلنت دائرة صحة البصرة تحويل 4 جرحى إلى مستشفى الكاظمية في بغداد لإجراء عمليات جراحية.",
        [("ORG", "دائرة صحة البصرة", None), ("FACILITY", "مستشفى الكاظمية", None), ("LOC", "بغداد", None)],
        [("4 جرحى", 4, "person", None)],
        None,
        (["other"], "IQ", "text"),
        id="iraqi_transfer_inside_iraq_body_place",
    ),
    pytest.param(
        "أعلنت صحة إربد تحويل 3 مرضى إلى مستشفى المواساة في دمشق لاستكمال العلاج.",
        [("ORG", "صحة إربد", None), ("FACILITY", "مستشفى المواساة", None), ("LOC", "دمشق", None)],
        [("3 مرضى", 3, "patient", None)],
        None,
        (["treatment_abroad"], "JO", "text"),
        id="jordanian_patients_sent_to_syria_are_abroad",
    ),
    # traps: a dispatch names only the country it sends to; places of two countries; a given country
    pytest.param(
        "تم إيفاد 12 مريضاً إلى مستشفى الملك حسين للسرطان في عمان لتلقي العلاج الإشعاعي.",
        [("FACILITY", "مستشفى الملك حسين للسرطان", None), ("LOC", "عمان", "amman")],
        [("12 مريضاً", 12, "patient", None)],
        None,
        (["treatment_abroad"], "LY", "default"),
        id="trap_dispatch_names_only_its_destination",
    ),
    pytest.param(
        "أعلنت صحة إربد تحويل 3 مرضى إلى مستشفى الجامعة الأردنية في عمان، بينما استقبل مستشفى مصراتة "
        "المركزي وفداً طبياً.",
        [
            ("ORG", "صحة إربد", None),
            ("FACILITY", "مستشفى الجامعة الأردنية", None),
            ("LOC", "عمان", "amman"),
            ("LOC", "مصراتة", "misrata"),
        ],
        [("3 مرضى", 3, "patient", None)],
        None,
        (["treatment_abroad"], "LY", "default"),
        id="trap_places_of_two_countries_keep_the_default",
    ),
    pytest.param(
        "أوضح المتحدث الرسمي بصحة الرياض أنه تم تحويل المصاب إلى مستشفى الملك فيصل بالطائف "
        "حيث أجريت له عملية جراحية عاجلة.",
        [("ORG", "صحة الرياض", None), ("FACILITY", "مستشفى الملك فيصل", None), ("LOC", "الطائف", None)],
        [("عملية", 1, "operation", "surgery")],
        "LY",
        (["treatment_abroad"], "LY", None),
        id="trap_a_given_country_wins",
    ),
]


# The place the text attaches to a facility wins over the city of its namesake in facilities.tsv;
# a treatment abroad is where the patients were sent, not the sender's city.
FACILITY_PLACE_CASES = [
    pytest.param(
        "أعلن مكتب الصحة بمحافظة تعز نقل 5 جرحى إلى مستشفى الجمهورية في عدن لتلقي العلاج.",
        [
            ("LOC", "تعز", None),
            ("FACILITY", "مستشفى الجمهورية", "al_jumhuriya_hospital"),
            ("LOC", "عدن", None),
        ],
        [("5 جرحى", 5, "person", None)],
        ("other", "عدن", "YE"),
        id="a_namesake_hospital_in_the_named_city_is_at_home",
    ),
    pytest.param(
        "أوفد الجهاز بمصراتة 7 أطفال إلى مستشفى في عمان لإجراء عمليات زراعة القوقعة.",
        [("LOC", "مصراتة", "misrata"), ("LOC", "عمان", "amman")],
        [("7 أطفال", 7, "child", None)],
        ("treatment_abroad", "عمان", "LY"),
        id="a_dispatch_is_at_its_destination",
    ),
]


@pytest.mark.parametrize(("text", "ents", "qty", "expected"), FACILITY_PLACE_CASES)
def test_place_of_a_facility_and_of_a_dispatch(
    text: str, ents: list[Ent], qty: list[Qty], expected: tuple
) -> None:
    doc = make_doc(text, ents, qty)
    assert [(e.type, e.location, doc.country) for e in doc.events] == [expected]


@pytest.mark.parametrize(("text", "ents", "qty", "country", "expected"), SETTING_CASES)
def test_home_country_of_a_bulletin_set_in_another_country(
    text: str, ents: list[Ent], qty: list[Qty], country: str | None, expected: tuple
) -> None:
    doc = make_doc(text, ents, qty, country=country)
    assert ([e.type for e in doc.events], doc.country, doc.country_from) == expected


# --------------------------------------------------------------------------- a type needs a health context

TRAP_CASES = [
    pytest.param(
        "بدأت القوات الأمنية صباح اليوم عملية عسكرية واسعة لاستعادة السيطرة على الطريق الساحلي.",
        [],
        id="military_operation_is_no_service_launch",
    ),
    pytest.param(
        "أعلنت وزارة الدفاع تسلم شحنة من المدرعات والأسلحة الخفيفة ضمن صفقة التسليح الجديدة.",
        [("ORG", "وزارة الدفاع", None)],
        id="arms_delivery_is_no_medical_supply",
    ),
    pytest.param(
        "افتتح عميد البلدية حديقة الأندلس العامة بعد الانتهاء من أعمال الصيانة والتشجير.",
        [],
        id="park_opening_is_no_health_service",
    ),
    pytest.param(
        "انطلقت مساء أمس منافسات بطولة كرة القدم للأحياء الشعبية على الملعب البلدي بحضور جماهيري كبير.",
        [],
        id="football_match_without_health_sponsor",
    ),
]


@pytest.mark.parametrize(("text", "ents"), TRAP_CASES)
def test_trap_without_health_context_is_other(text: str, ents: list[Ent]) -> None:
    assert [e.type for e in make_doc(text, ents).events] == ["other"]


HEALTH_CONTEXT_CASES = [
    pytest.param(
        "افتتح وزير الصحة قسم العناية المركزة الجديد بمستشفى الجلاء للجراحة والحوادث.",
        [("FACILITY", "مستشفى الجلاء للجراحة والحوادث", None)],
        "service_launch",
        id="ward_opening_is_a_launch",
    ),
    pytest.param(
        "تسلمت إدارة الصيدلة شحنة من الأدوية والمستلزمات الطبية لتوزيعها على المراكز الصحية.",
        [],
        "supply_delivery",
        id="medicines_delivery_is_a_supply",
    ),
    pytest.param(
        "انطلقت بطولة كرة القدم الرمضانية للعاملين في القطاع الصحي بدعم من إدارة الخدمات الصحية.",
        [("ORG", "إدارة الخدمات الصحية", None)],
        "sponsorship",
        id="tournament_of_a_health_body_is_a_sponsorship",
    ),
]


@pytest.mark.parametrize(("text", "ents", "expected"), HEALTH_CONTEXT_CASES)
def test_trigger_with_health_context_keeps_its_type(text: str, ents: list[Ent], expected: str) -> None:
    assert [e.type for e in make_doc(text, ents).events] == [expected]


HAPPENING_CASES = [
    pytest.param(
        "اندلع حريق في مستودع للأخشاب بالمنطقة الصناعية وتمكنت فرق الإطفاء من السيطرة عليه.",
        id="fire",
    ),
    pytest.param(
        "حصل مستشفى الأطفال على شهادة الاعتماد الدولية في معايير الجودة وسلامة المرضى.",
        id="accreditation",
    ),
]


@pytest.mark.parametrize("text", HAPPENING_CASES)
def test_reported_happening_is_other(text: str) -> None:
    assert [e.type for e in make_doc(text).events] == ["other"]


# --------------------------------------------------------------------------- several events per bulletin

SEVERAL_CASES = [
    pytest.param(
        "أجرى مستشفى الجلاء خلال الشهر الماضي 140 عملية جراحية، و85 حالة ولادة، و930 صورة أشعة، "
        "واستقبل 6500 مراجع.",
        [("FACILITY", "مستشفى الجلاء", None)],
        [
            ("140 عملية", 140, "operation", "surgery"),
            ("85 حالة", 85, "case", "delivery"),
            ("930 صورة", 930, "test", "imaging"),
            ("6500 مراجع", 6500, "patient", None),
        ],
        [
            ("procedure_performed", "surgery", 140, "مستشفى الجلاء"),
            ("procedure_performed", "delivery", 85, "مستشفى الجلاء"),
            ("procedure_performed", "imaging", 930, "مستشفى الجلاء"),
            ("service_ongoing", None, 6500, "مستشفى الجلاء"),
        ],
        id="hospital_statistics_paragraph",
    ),
    pytest.param(
        "استقبل مستشفى الولادة 524 مراجعاً بينها 12 حالة ولادة، بينما استقبل مستشفى الأطفال 300 مراجع "
        "بينها 40 حالة ولادة.",
        [("FACILITY", "مستشفى الولادة", None), ("FACILITY", "مستشفى الأطفال", None)],
        [
            ("524 مراجعاً", 524, "patient", None),
            ("12 حالة", 12, "case", "delivery"),
            ("300 مراجع", 300, "patient", None),
            ("40 حالة", 40, "case", "delivery"),
        ],
        [
            ("service_ongoing", "delivery", 524, "مستشفى الولادة"),
            ("procedure_performed", "delivery", 12, "مستشفى الولادة"),
            ("procedure_performed", "delivery", 40, "مستشفى الأطفال"),
        ],
        id="each_count_at_its_own_hospital",
    ),
    pytest.param(
        "نفذت إدارة الرعاية الصحية الأولية حملة تطعيم ضد الحصبة استهدفت 12 ألف طفل.\n"
        "كما تسلمت الإدارة شحنة من اللقاحات والأدوية من المخازن المركزية.",
        [("PROCEDURE", "تطعيم", "vaccination")],
        [("12 ألف طفل", 12000, "child", None)],
        [("campaign", "vaccination", 12000, None), ("supply_delivery", None, None, None)],
        id="campaign_and_supply",
    ),
    pytest.param(
        "نظم المستشفى برنامجاً تدريبياً للممرضين بمستشفى الزهراء لمدة يومين، وتم عقد دورة تدريبية ثانية "
        "بمستشفى الشفاء تم خلالها تدريب 40 ممرضاً.",
        [("FACILITY", "مستشفى الزهراء", None), ("FACILITY", "مستشفى الشفاء", None)],
        [("40 ممرضاً", 40, "staff", None)],
        [("training", None, None, "مستشفى الزهراء"), ("training", None, 40, "مستشفى الشفاء")],
        id="a_second_thing_done_after_wa_tamma",
    ),
    pytest.param(
        "أجرى قسم جراحة العظام 6 عمليات تغيير مفصل الركبة يوم الأحد.\n"
        "وأجرى القسم 4 عمليات تغيير مفصل الركبة يوم الاثنين.",
        [("PROCEDURE", "تغيير مفصل الركبة", "joint_replacement")],
        [
            ("6 عمليات", 6, "operation", "joint_replacement"),
            ("4 عمليات", 4, "operation", "joint_replacement"),
        ],
        [
            ("procedure_performed", "joint_replacement", 6, None),
            ("procedure_performed", "joint_replacement", 4, None),
        ],
        id="same_procedure_other_count_is_another_event",
    ),
    pytest.param(
        "استقبل مستشفى الكرامة 4100 مراجع خلال الشهر، وأجرى 160 عملية جراحية.",
        [("FACILITY", "مستشفى الكرامة", None)],
        [("4100 مراجع", 4100, "visitor", None), ("160 عملية", 160, "operation", "surgery")],
        [
            ("procedure_performed", "surgery", 160, "مستشفى الكرامة"),
            ("service_ongoing", None, 4100, "مستشفى الكرامة"),
        ],
        id="statistics_with_visitors_and_operations",
    ),
    pytest.param(
        "أجرى مستشفى الكرامة 160 عملية جراحية خلال الشهر، ويستقبل المرضى على مدار الساعة.",
        [("FACILITY", "مستشفى الكرامة", None)],
        [("160 عملية", 160, "operation", "surgery")],
        [("procedure_performed", "surgery", 160, "مستشفى الكرامة")],
        id="trap_a_service_without_a_count_is_no_activity",
    ),
    pytest.param(
        "أجرى قسم القلب 6 عمليات قسطرة، منها 4 عمليات قسطرة تشخيصية.",
        [("PROCEDURE", "قسطرة", "catheterization")],
        [("6 عمليات", 6, "operation", "catheterization"), ("4 عمليات", 4, "operation", "catheterization")],
        [("procedure_performed", "catheterization", 6, None)],
        id="a_part_of_the_count_before_is_no_other_event",
    ),
    pytest.param(
        "استقبل مستشفى الأمير حمزة خلال الأسبوع الماضي 2300 مراجع بينها 45 حالة ولادة، فيما استقبل "
        "مستشفى البشير 1900 مراجع بينها 38 حالة ولادة.",
        [("FACILITY", "مستشفى الأمير حمزة", None), ("FACILITY", "مستشفى البشير", None)],
        [
            ("2300 مراجع", 2300, "visitor", None),
            ("45 حالة ولادة", 45, "case", "delivery"),
            ("1900 مراجع", 1900, "visitor", None),
            ("38 حالة ولادة", 38, "case", "delivery"),
        ],
        [
            ("service_ongoing", "delivery", 2300, "مستشفى الأمير حمزة"),
            ("procedure_performed", "delivery", 45, "مستشفى الأمير حمزة"),
            ("procedure_performed", "delivery", 38, "مستشفى البشير"),
        ],
        id="a_part_of_a_count_is_its_own_activity_not_the_services_count",
    ),
    pytest.param(
        "راجعت المريضة عدة مراكز طبية من أجل البحث عن علاج لحالتها وتم إجراء عملية جراحية ناجحة لها.",
        [("PROCEDURE", "عملية جراحية", "surgery")],
        [],
        [("procedure_performed", "surgery", None, None)],
        id="purpose_clause_ends_at_a_second_thing_done",
    ),
]


@pytest.mark.parametrize(("text", "ents", "qty", "expected"), SEVERAL_CASES)
def test_several_events_per_bulletin(text: str, ents: list[Ent], qty: list[Qty], expected: list) -> None:
    doc = make_doc(text, ents, qty)
    got = [(e.type, e.procedure, e.count, e.facility.text if e.facility else None) for e in doc.events]
    assert got == expected


@pytest.mark.parametrize(
    ("text", "loc", "ident", "expected"),
    [
        pytest.param(
            "أرسلت المنظمة شحنة من الأدوية والمستلزمات الطبية لليمن.",
            "ليمن",
            "yemen",
            "اليمن",
            id="article_restored",
        ),
        pytest.param(
            "أرسلت المنظمة شحنة من الأدوية والمستلزمات الطبية إلى لبنان.",
            "لبنان",
            "lebanon",
            "لبنان",
            id="trap_lebanon",
        ),
    ],
)
def test_location_after_lil_gets_its_article(text: str, loc: str, ident: str, expected: str) -> None:
    doc = make_doc(text, [("LOC", loc, ident)])
    assert [(e.type, e.location) for e in doc.events] == [("supply_delivery", expected)]


LEAD_FACILITY_CASES = [
    pytest.param(
        "أجرى مستشفى الجمهورية التعليمي 20 عملية قسطرة قلبية خلال الشهر الماضي. واستقبل قسم الطوارئ "
        "خلال أيام العيد 450 حالة.",
        [("FACILITY", "مستشفى الجمهورية التعليمي", None)],
        [("20 عملية", 20, "operation", "catheterization"), ("450 حالة", 450, "case", None)],
        [
            ("procedure_performed", "مستشفى الجمهورية التعليمي"),
            ("service_ongoing", "مستشفى الجمهورية التعليمي"),
        ],
        id="a_later_service_at_the_leads_facility",
    ),
    pytest.param(
        "أجرى مستشفى الجمهورية ومستشفى الصداقة 20 عملية قسطرة قلبية خلال الشهر الماضي. واستقبل قسم "
        "الطوارئ خلال أيام العيد 450 حالة.",
        [("FACILITY", "مستشفى الجمهورية", None), ("FACILITY", "مستشفى الصداقة", None)],
        [("20 عملية", 20, "operation", "catheterization"), ("450 حالة", 450, "case", None)],
        [("procedure_performed", "مستشفى الجمهورية"), ("service_ongoing", None)],
        id="trap_a_lead_with_two_facilities",
    ),
    pytest.param(
        "أجرى مستشفى الجمهورية التعليمي 20 عملية قسطرة قلبية خلال الشهر الماضي. وعقد وكيل الوزارة "
        "اجتماعاً مع رؤساء الأقسام.",
        [("FACILITY", "مستشفى الجمهورية التعليمي", None)],
        [("20 عملية", 20, "operation", "catheterization")],
        [("procedure_performed", "مستشفى الجمهورية التعليمي"), ("meeting", None)],
        id="trap_a_later_meeting_is_not_at_the_leads_facility",
    ),
]


@pytest.mark.parametrize(("text", "ents", "qty", "expected"), LEAD_FACILITY_CASES)
def test_facility_of_the_lead_for_later_events(
    text: str, ents: list[Ent], qty: list[Qty], expected: list[tuple]
) -> None:
    doc = make_doc(text, ents, qty)
    assert [(e.type, e.facility.text if e.facility else None) for e in doc.events] == expected


# --------------------------------------------------------------------------- a campaign counts its donors, not a rate

DONOR_CASES = [
    pytest.param(
        "نظمت صحة الجوف حملة للتبرع بالدم شارك فيها 230 متبرعاً خلال ثلاثة أيام.",
        [("230 متبرعاً", 230, "donor", "blood_donation")],
        230,
        id="the_donors_of_a_campaign",
    ),
    pytest.param(
        "نظمت صحة الجوف حملة للتبرع بالدم، وتجاوز عدد المتبرعين في اليوم 80 متبرعاً.",
        [("80 متبرعاً", 80, "donor", "blood_donation")],
        None,
        id="trap_donors_per_day_are_a_rate",
    ),
    pytest.param(
        "نظمت صحة الجوف حملة للتبرع بالدم، وتجاوز عدد المتبرعين يومياً 80 متبرعاً.",
        [("80 متبرعاً", 80, "donor", "blood_donation")],
        None,
        id="trap_donors_daily_are_a_rate",
    ),
]


@pytest.mark.parametrize(("text", "qty", "count"), DONOR_CASES)
def test_campaign_count_of_donors(text: str, qty: list[Qty], count: int | None) -> None:
    assert [(e.type, e.count) for e in make_doc(text, [], qty).events] == [("campaign", count)]


# --------------------------------------------------------------------------- a unit of a facility is not the facility

UNIT_CASES = [
    pytest.param(
        "استقبل مستشفى الجلاء خلال الأسبوع 1200 مراجع، وأجرى مختبر المستشفى 300 تحليل مخبري.",
        [("FACILITY", "مستشفى الجلاء", None), ("FACILITY", "مختبر المستشفى", None)],
        [("1200 مراجع", 1200, "visitor", None), ("300 تحليل", 300, "test", "lab_test")],
        [("procedure_performed", 300, "مستشفى الجلاء"), ("service_ongoing", 1200, "مستشفى الجلاء")],
        id="the_hospitals_laboratory_works_at_the_hospital",
    ),
    pytest.param(
        "وأفاد المدير الطبي بأن العيادات استقبلت 900 مراجع، وصرفت صيدلية العيادات 700 وصفة طبية.",
        [("FACILITY", "صيدلية العيادات", None)],
        [("900 مراجع", 900, "visitor", None)],
        [("service_ongoing", 900, None)],
        id="a_pharmacy_of_the_clinics_is_no_facility_of_its_own",
    ),
    pytest.param(
        "أجرى مستشفى الولادة 12 عملية قيصرية خلال عطلة العيد.",
        [("FACILITY", "مستشفى الولادة", None)],
        [("12 عملية", 12, "operation", "caesarean")],
        [("procedure_performed", 12, "مستشفى الولادة")],
        id="trap_a_hospital_named_after_its_specialty",
    ),
]


@pytest.mark.parametrize(("text", "ents", "qty", "expected"), UNIT_CASES)
def test_unit_of_a_facility(text: str, ents: list[Ent], qty: list[Qty], expected: list[tuple]) -> None:
    doc = make_doc(text, ents, qty)
    assert [(e.type, e.count, e.facility.text if e.facility else None) for e in doc.events] == expected


# --------------------------------------------------------------------------- an event held in several places

SPREAD_CASES = [
    pytest.param(
        "يشارك شباب منطقة تبوك في المبادرة منذ مطلع الشهر.\nونظمت اللجنة الصحية حملة للتبرع بالدم في "
        "محافظة ضباء بمستشفى ضباء العام وفي محافظة تيماء بمستشفى تيماء العام.",
        [
            ("LOC", "تبوك", None),
            ("LOC", "ضباء", None),
            ("LOC", "تيماء", None),
            ("FACILITY", "مستشفى ضباء العام", None),
            ("FACILITY", "مستشفى تيماء العام", None),
        ],
        ("campaign", None, "تبوك"),
        id="held_in_several_places_it_is_at_the_leads_place",
    ),
    pytest.param(
        "نظم الفريق التطوعي حملة للتبرع بالدم في مقره بحي النزهة شمال تبوك.",
        [("LOC", "النزهة", None), ("LOC", "تبوك", None)],
        ("campaign", None, "تبوك"),
        id="a_neighbourhood_north_of_a_city_is_in_the_city",
    ),
    # traps: a neighbourhood with no direction; places listed without a lead
    pytest.param(
        "نظم الفريق التطوعي حملة للتبرع بالدم في مقره بحي النزهة في تبوك.",
        [("LOC", "النزهة", None), ("LOC", "تبوك", None)],
        ("campaign", None, "النزهة"),
        id="trap_a_neighbourhood_without_a_direction",
    ),
    pytest.param(
        "وزعت المنظمة الأدوية والمستلزمات الطبية في تعز وحجة.",
        [("LOC", "تعز", None), ("LOC", "حجة", None)],
        ("supply_delivery", None, "تعز"),
        id="trap_places_listed_without_a_lead",
    ),
]


@pytest.mark.parametrize(("text", "ents", "expected"), SPREAD_CASES)
def test_event_held_in_several_places(text: str, ents: list[Ent], expected: tuple) -> None:
    got = [(e.type, e.facility.text if e.facility else None, e.location) for e in make_doc(text, ents).events]
    assert got == [expected]


# --------------------------------------------------------------------------- agreements: what they are about

AGREEMENT_CASES = [
    pytest.param(
        "وقعت وزارة الصحة وجامعة اليرموك مذكرة تفاهم لتشغيل مستشفى الأميرة بسمة التعليمي في إربد.",
        [
            ("ORG", "وزارة الصحة", None),
            ("ORG", "جامعة اليرموك", None),
            ("FACILITY", "مستشفى الأميرة بسمة التعليمي", None),
            ("LOC", "إربد", "irbid"),
        ],
        [("agreement", "مستشفى الأميرة بسمة التعليمي", "إربد")],
        id="the_facility_an_agreement_runs",
    ),
    pytest.param(
        "وقعت وزارة الصحة العراقية مع شركتين أجنبيتين اتفاقيتين لإنشاء مستشفى الأمل العام ومستشفى "
        "الشفاء التخصصي.",
        [
            ("ORG", "وزارة الصحة العراقية", None),
            ("FACILITY", "مستشفى الأمل العام", None),
            ("FACILITY", "مستشفى الشفاء التخصصي", None),
        ],
        [("agreement", "مستشفى الأمل العام", None), ("agreement", "مستشفى الشفاء التخصصي", None)],
        id="two_contracts_one_facility_each",
    ),
    pytest.param(
        "وقعت الجامعتان مذكرتي تفاهم مع وزارة الصحة، الأولى لتشغيل مستشفى الشرق العام، والثانية "
        "لتجهيز مركز القلب الجديد.",
        [
            ("ORG", "وزارة الصحة", None),
            ("FACILITY", "مستشفى الشرق العام", None),
            ("FACILITY", "مركز القلب الجديد", None),
        ],
        [("agreement", "مستشفى الشرق العام", None), ("agreement", "مركز القلب الجديد", None)],
        id="a_dual_memorandum_is_two_agreements",
    ),
    # traps: one agreement about two facilities; a participant's employer is no object
    pytest.param(
        "وقعت الوزارة اتفاقية لتطوير مستشفى الجلاء وتجهيز مستشفى الهواري بالأجهزة الحديثة.",
        [("FACILITY", "مستشفى الجلاء", None), ("FACILITY", "مستشفى الهواري", None)],
        [("agreement", "مستشفى الجلاء", None)],
        id="trap_one_agreement_about_two_facilities_is_one_event",
    ),
    pytest.param(
        "وقعت وزارة الصحة عقدين لتوريد أجهزة غسيل الكلى، ويعمل مستشفى الجلاء منذ عقدين على علاج المرضى.",
        [("ORG", "وزارة الصحة", None), ("FACILITY", "مستشفى الجلاء", None)],
        [("agreement", None, None)],
        id="trap_two_decades_are_no_second_agreement",
    ),
]


@pytest.mark.parametrize(("text", "ents", "expected"), AGREEMENT_CASES)
def test_agreement_facility_and_duals(text: str, ents: list[Ent], expected: list[tuple]) -> None:
    doc = make_doc(text, ents)
    got = [(e.type, e.facility.text if e.facility else None, e.location) for e in doc.events]
    assert got == expected


# --------------------------------------------------------------------------- facility and place from the trigger's clause

PLACE_CASES = [
    pytest.param(
        "أجريت 3 عمليات زراعة قوقعة بمستشفى الملك فهد بالهفوف.",
        [("FACILITY", "مستشفى الملك فهد", None), ("LOC", "الهفوف", None), ("PROCEDURE", "زراعة قوقعة", None)],
        [("3 عمليات", 3, "operation", "cochlear_implant")],
        ("مستشفى الملك فهد", "الهفوف"),
        id="facility_and_city_of_the_clause",
    ),
    pytest.param(
        "بحضور مدير صحة الرياض، أجريت 3 عمليات زراعة قوقعة بمستشفى الملك فهد بالهفوف.",
        [
            ("LOC", "الرياض", "riyadh"),
            ("FACILITY", "مستشفى الملك فهد", None),
            ("LOC", "الهفوف", None),
        ],
        [("3 عمليات", 3, "operation", "cochlear_implant")],
        ("مستشفى الملك فهد", "الهفوف"),
        id="the_city_attached_to_the_facility_wins",
    ),
    pytest.param(
        "صحة نجران: نظمت إدارة المختبرات وبنوك الدم حملة التبرع بالدم السنوية وشارك فيها 150 متبرعاً.",
        [("LOC", "نجران", None), ("PROCEDURE", "التبرع بالدم", "blood_donation")],
        [("150 متبرعاً", 150, "person", "blood_donation")],
        (None, "نجران"),
        id="the_place_the_bulletin_is_about",
    ),
    pytest.param(
        "تم إخضاع الطاقم التمريضي بمستشفى الملك خالد لفحوصات احترازية بعد ظهور حالات جرب.\n"
        "وتم عزل الحالات المصابة في غرف خاصة.",
        [("FACILITY", "مستشفى الملك خالد", None), ("CONDITION", "جرب", None)],
        [],
        ("مستشفى الملك خالد", None),
        id="facility_from_the_lead_sentence",
    ),
    pytest.param(
        "أجريت عملية قلب مفتوح لطفل في الشهر الثالث من عمره بمستشفى مكة للولادة والأطفال بمكة المكرمة، "
        "بحضور استشاري من مكة.",
        [
            ("FACILITY", "مستشفى مكة للولادة والأطفال", None),
            ("LOC", "مكة المكرمة", "mecca"),
            ("LOC", "مكة", "mecca"),
            ("PROCEDURE", "قلب مفتوح", "cardiac_surgery"),
        ],
        [],
        ("مستشفى مكة للولادة والأطفال", "مكة المكرمة"),
        id="fullest_name_of_the_place",
    ),
    pytest.param(
        "أجريت عملية جراحية عاجلة لمصاب في حادث مروري بمستشفى الملك خالد بحائل.",
        [("FACILITY", "مستشفى الملك خالد بحائل", None), ("PROCEDURE", "عملية جراحية", "surgery")],
        [],
        ("مستشفى الملك خالد بحائل", "حائل"),
        id="city_at_the_end_of_the_facility_name",
    ),
    pytest.param(
        "أوضح المتحدث الرسمي لصحة تبوك أن المستشفى أجرى 20 عملية قسطرة قلبية خلال الأسبوع.",
        [("ORG", "صحة تبوك", None), ("PROCEDURE", "قسطرة قلبية", "catheterization")],
        [("20 عملية", 20, "operation", "catheterization")],
        (None, "تبوك"),
        id="place_of_the_reporting_health_body",
    ),
    pytest.param(
        "أوضح المتحدث الرسمي بصحة جدة أن مستشفى العزيزية للأطفال أجرى 12 عملية جراحية خلال عطلة العيد.",
        [("ORG", "صحة جدة", None), ("FACILITY", "مستشفى العزيزية للأطفال", None)],
        [("12 عملية", 12, "operation", "surgery")],
        ("مستشفى العزيزية للأطفال", "جدة"),
        id="a_namesake_abroad_in_a_facility_name_is_not_the_place",
    ),
    pytest.param(
        "أجرى مستشفى العزيزية للأطفال 12 عملية جراحية خلال عطلة العيد.",
        [("FACILITY", "مستشفى العزيزية للأطفال", None)],
        [("12 عملية", 12, "operation", "surgery")],
        ("مستشفى العزيزية للأطفال", "العزيزية"),
        id="trap_the_place_in_the_name_at_home",
    ),
    pytest.param(
        "أعلن برنامج صحة المرأة أن الفريق أجرى 20 عملية قسطرة قلبية خلال الأسبوع في مستشفى بن سينا.",
        [("ORG", "برنامج صحة المرأة", None), ("FACILITY", "مستشفى بن سينا", None)],
        [("20 عملية", 20, "operation", "catheterization")],
        ("مستشفى بن سينا", None),
        id="a_body_named_after_no_place",
    ),
]


@pytest.mark.parametrize(("text", "ents", "qty", "expected"), PLACE_CASES)
def test_facility_and_place_from_the_clause(
    text: str, ents: list[Ent], qty: list[Qty], expected: tuple
) -> None:
    doc = make_doc(text, ents, qty)
    ev = doc.events[0]
    assert (ev.facility.text if ev.facility else None, ev.location) == expected


# --------------------------------------------------------------------------- trigger forms and the traps next to them

FORM_CASES = [
    pytest.param(
        "جهزت الجمعية 8 سيارات إسعاف حديثة لتقديم خدمة نقل الموتى من المستشفيات.",
        [],
        [],
        id="a_service_to_be_provided_is_a_purpose",
    ),
    pytest.param(
        "يواصل مستشفى الجلاء تقديم الخدمة الطبية للمراجعين خلال أيام العيد.",
        [],
        ["service_ongoing"],
        id="trap_a_service_provided_is_ongoing",
    ),
    pytest.param(
        "بدأت معاناة الطفل مع المرض قبل عامين بين مستشفيات المدينة. وأجريت له أمس عملية جراحية ناجحة "
        "بمستشفى الأطفال.",
        [("FACILITY", "مستشفى الأطفال", None), ("PROCEDURE", "عملية جراحية", "surgery")],
        ["procedure_performed"],
        id="the_start_of_a_suffering_is_no_launch",
    ),
    pytest.param(
        "بدأت الأعراض تظهر على المريض بعد أسبوع من عودته من السفر.",
        [],
        [],
        id="symptoms_that_start_are_no_launch",
    ),
    pytest.param(
        "بدأت عيادة السكري بمستشفى الجمهورية استقبال المرضى يوم الأحد.",
        [("FACILITY", "مستشفى الجمهورية", None)],
        ["service_launch"],
        id="trap_a_clinic_that_starts_is_a_launch",
    ),
    pytest.param(
        "وقال مدير مراكز الغسيل الكلوي إن عدد المرضى تضاعف، الأمر الذي يجعل المركز يستقبل ضعف طاقته.",
        [],
        ["service_ongoing"],
        id="a_consequence_clause_is_no_relative_clause",
    ),
    pytest.param(
        "وقال مدير مراكز الغسيل الكلوي إن المرضى الذين يستقبلهم المركز يأتون من خمس محافظات.",
        [],
        [],
        id="trap_a_relative_clause_still_hides_its_trigger",
    ),
    pytest.param(
        "أكد رئيس البلدية أن المركز الثقافي يستقبل زواره يومياً من الساعة التاسعة.",
        [],
        ["other"],
        id="trap_a_centre_in_no_health_sentence",
    ),
    pytest.param(
        "وصلت أمس المعونات الطبية المقدمة من الهلال الأحمر إلى مدينة غات على متن 4 شاحنات.",
        [("ORG", "الهلال الأحمر", None), ("LOC", "غات", "ghat")],
        ["supply_delivery"],
        id="medical_aid_arrived_is_a_supply",
    ),
    pytest.param(
        "وقال المتحدث في مؤتمر صحفي إن الوزارة وزعت 3 أطنان من الأدوية على المستشفيات.",
        [],
        ["supply_delivery"],
        id="press_conference_is_no_meeting",
    ),
    pytest.param(
        "أوضح مدير المستشفى أن الاستشارية الجديدة في طب الأطفال باشرت عملها أمس.",
        [],
        ["service_launch"],
        id="a_consultant_started_work",
    ),
    pytest.param(
        "بدأ أطباء الامتياز من خريجي كلية الطب عملهم السريري بمستشفى طرابلس المركزي.",
        [("FACILITY", "مستشفى طرابلس المركزي", None)],
        ["training"],
        id="internship_year_is_training",
    ),
    pytest.param(
        "أطلق مجلس الشباب أمس، ممثلاً باللجنة الصحية، حملة التبرع بالدم في المستشفيات.",
        [("PROCEDURE", "التبرع بالدم", "blood_donation")],
        ["campaign"],
        id="a_fallback_other_beside_a_health_event_is_dropped",
    ),
    pytest.param(
        "وأكد المدير أن الإدارة تحرص على تحقيق أعلى معايير الجودة في المستشفيات.",
        [],
        [],
        id="achieving_is_no_investigation",
    ),
]


@pytest.mark.parametrize(("text", "ents", "expected"), FORM_CASES)
def test_trigger_forms_and_traps(text: str, ents: list[Ent], expected: list[str]) -> None:
    assert [e.type for e in make_doc(text, ents).events] == expected


@pytest.mark.parametrize(
    ("country", "expected"), [("SA", ("SA", "input")), ("sa", ("SA", "input")), (None, ("SA", "text"))]
)
def test_process_text_takes_a_home_country(country: str | None, expected: tuple) -> None:
    from pipeline import process_text

    doc = process_text("أجرى مستشفى الملك فهد بالدمام 14 عملية قلب مفتوح.", country=country)
    assert (doc.country, doc.country_from) == expected
    assert [e.type for e in doc.events] == ["procedure_performed"]


def test_process_text_rejects_an_unknown_country_code() -> None:
    from pipeline import process_text

    with pytest.raises(ValueError, match="country code"):
        process_text("أجرى مستشفى الملك فهد بالدمام 14 عملية قلب مفتوح.", country="Saudi")


def test_every_country_of_places_has_one_iso_code() -> None:
    import pipeline.event_places  # noqa: F401  (registers the schema of country_codes.tsv)

    countries = {e.id for e in load("places") if getattr(e, "kind", None) == "country"}
    codes = load("country_codes")
    assert all(len(c.id) == 2 for c in codes)
    assert sorted(c.place for c in codes) == sorted(countries)


@pytest.mark.parametrize(
    ("code", "place"), [("LY", "libya"), ("sa", "saudi_arabia"), (" TN ", "tunisia"), ("XX", None)]
)
def test_iso_codes_map_to_places(code: str, place: str | None) -> None:
    from pipeline.event_places import country_of_code

    assert country_of_code(code) == place


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "استقبل مدير المستشفى أمس وفداً من منظمة أطباء بلا حدود لبحث سبل التعاون.",
            ["meeting"],
            id="a_delegation_received_is_a_meeting",
        ),
        pytest.param(
            "ثمن وفد من الهلال الأحمر جهود المستشفى في خدمة النازحين.\nوزار الوفد أقسام المستشفى.",
            ["visit"],
            id="a_delegation_that_praises_and_visits_is_a_visit",
        ),
    ],
)
def test_delegation(text: str, expected: list[str]) -> None:
    assert [e.type for e in make_doc(text).events] == expected


CAMPAIGN_PROCEDURE_CASES = [
    pytest.param(
        "نفذت إدارة الرعاية الصحية حملة التطعيم ضد الحصبة في مدارس المدينة.",
        [("PROGRAM", "حملة التطعيم ضد الحصبة", None), ("PROCEDURE", "التطعيم", "vaccination")],
        [("campaign", "vaccination")],
        id="procedure_in_the_campaign_name",
    ),
    pytest.param(
        "أطلق مجلس الشباب أمس، ممثلاً باللجنة الصحية، برنامج التبرع بالدم في مدن المنطقة.\n"
        "وأفاد المتحدث أن الحملة أقيمت في مستشفى المدينة.",
        [("PROCEDURE", "التبرع بالدم", "blood_donation"), ("FACILITY", "مستشفى المدينة", None)],
        [("campaign", "blood_donation")],
        id="procedure_in_the_lead_sentence",
    ),
    pytest.param(
        "افتتح وزير الصحة مركز مصراتة للعلاج الطبيعي بعد صيانته.",
        [("FACILITY", "مركز مصراتة للعلاج الطبيعي", None)],
        [("service_launch", "physiotherapy")],
        id="a_launch_takes_the_procedure_a_facility_is_named_after",
    ),
]


@pytest.mark.parametrize(("text", "ents", "expected"), CAMPAIGN_PROCEDURE_CASES)
def test_campaign_procedure(text: str, ents: list[Ent], expected: list[tuple]) -> None:
    assert [(e.type, e.procedure) for e in make_doc(text, ents).events] == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "يعمل قسم العزل بالمستشفى بكامل طاقته منذ بداية الشهر.", id="isolation_ward_is_no_happening"
        ),
        pytest.param(
            "تتم إحالة المرضى من المراكز الصحية إلى المستشفى وفق نظام المواعيد.",
            id="referral_is_no_happening",
        ),
    ],
)
def test_health_words_that_look_like_happenings(text: str) -> None:
    assert make_doc(text).events == []
