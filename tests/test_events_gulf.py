"""Events as Gulf, Yemeni, Iraqi and Jordanian newsrooms write them: transfers inside the country,
casualties of an accident, epidemiological case reports, medical caravans, two hospitals' figures
in one sentence. Sentences written for these tests; the whole pipeline runs on them (rules only).
A row lists the events expected, each as (type, procedure, count, facility text or None, location)."""

from __future__ import annotations

import pytest

from pipeline.process import process_text

Row = tuple


def events_of(text: str) -> list[Row]:
    doc = process_text(text, published="2015-08-01", model=False)
    return [
        (e.type, e.procedure, e.count, e.facility.text if e.facility else None, e.location)
        for e in doc.events
    ]


# --------------------------------------------------------------------------- a transfer at home is no travel abroad

HOME_CASES = [
    pytest.param(
        "لقي 3 أشخاص مصرعهم في حادث تصادم بين حافلة نقل ركاب وشاحنة على طريق الرياض الطائف السريع، "
        "ونقل المصابون إلى مستشفى عفيف العام.",
        "other",
        id="a_passenger_bus_is_no_transfer_and_the_road_is_at_home",
    ),
    pytest.param(
        "نقل مريض من مستشفى عرعر المركزي إلى مستشفى الملك فهد التخصصي بالدمام عبر طائرة الإخلاء الطبي.",
        "other",
        id="from_a_hospital_named_after_a_city_of_the_same_country",
    ),
    pytest.param(
        "تم إخلاء 6 مصابين جواً من موقع انقلاب حافلة إلى مستشفى الملك فيصل بالطائف.",
        "other",
        id="only_a_destination_city_is_named_so_the_bulletin_is_set_there",
    ),
    pytest.param(
        "نقلت سيارات الإسعاف 11 مصاباً من موقع الحريق إلى مستشفى الملك سعود بعنيزة.",
        "other",
        id="ambulances_take_the_injured_to_a_hospital_of_a_city",
    ),
    pytest.param(
        "نقلت طائرة الإخلاء الطبي مريضة من موقع الحادث إلى مستشفى الملك خالد بنجران لاستكمال علاجها.",
        "other",
        id="taken_to_a_hospital_to_go_on_with_her_treatment",
    ),
    # traps: travellers sent to a country named as such, or a transfer to another country
    pytest.param(
        "أوفدت الوزارة 25 جريحاً للعلاج في مستشفيات تونس على نفقة الدولة.",
        "treatment_abroad",
        id="trap_sent_to_a_country_named_as_such",
    ),
    pytest.param(
        "تم نقل 4 مرضى من مستشفى سبها الطبي إلى مستشفى في تونس لاستكمال علاجهم.",
        "treatment_abroad",
        id="trap_a_transfer_to_another_country",
    ),
]


@pytest.mark.parametrize(("text", "type_"), HOME_CASES)
def test_transfer_at_home(text: str, type_: str) -> None:
    assert [e[0] for e in events_of(text)] == [type_]


# --------------------------------------------------------------------------- casualties and case reports are happenings

CASUALTY_CASES = [
    pytest.param(
        "أعلنت وزارة الصحة وفاة 12 شخصاً بحمى الضنك في محافظة تعز خلال الأسبوع الماضي.",
        [("other", None, 12, None, "تعز")],
        id="deaths_announced",
    ),
    pytest.param(
        "توفي شخصان وأصيب ثلاثة آخرون إثر انقلاب سيارتهم بمحافظة القريات.",
        [("other", None, 2, None, "القريات")],
        id="died_and_injured_verbs",
    ),
    pytest.param(
        "قالت الوزارة إنها سجلت 10 وفيات بالفيروس في مدينة جدة.",
        [("other", None, 10, None, "جدة")],
        id="deaths_recorded_are_counted",
    ),
    pytest.param(
        "أعلنت وزارة الصحة تسجيل حالة وفاة جديدة بفيروس كورونا في المدينة المنورة، "
        "ليرتفع إجمالي الوفيات منذ ظهور المرض إلى 452 حالة.",
        [("other", None, 1, None, "المدينة المنورة")],
        id="a_running_total_is_no_count_of_the_new_case",
    ),
    pytest.param(
        "أجرى مستشفى الملك فهد بجازان 12 عملية قسطرة قلبية خلال الأسبوع الماضي، "
        "ليصل عدد العمليات منذ افتتاح القسم إلى 950 عملية.",
        [("procedure_performed", "catheterization", 12, "مستشفى الملك فهد", "جازان")],
        id="a_running_total_of_operations",
    ),
    # traps: the words without a count of people tell no happening; a patient flown "to arrive" at a
    # hospital is no running total
    pytest.param(
        "تم نقل مريض بطائرة الإخلاء الطبي من منطقة تبوك ليصل إلى مستشفى الملك فهد التخصصي بالدمام.",
        [("other", None, None, "مستشفى الملك فهد التخصصي بالدمام", "الدمام")],
        id="trap_to_arrive_is_no_total",
    ),
    pytest.param("لقي القرار ترحيباً واسعاً من أهالي مدينة أبها.", [], id="trap_laqiya_without_casualties"),
    pytest.param("وتبلغ نسبة الإصابة بالسكري في المنطقة 25 في المائة.", [], id="trap_a_rate_of_infection"),
    pytest.param(
        "أجرى مستشفى الملك فهد بجازان 15 عملية جراحية لمصابي الحوادث المرورية.",
        [("procedure_performed", "surgery", 15, "مستشفى الملك فهد", "جازان")],
        id="trap_operations_on_the_injured_stay_operations",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASUALTY_CASES)
def test_casualties(text: str, expected: list[Row]) -> None:
    assert events_of(text) == expected


# --------------------------------------------------------------------------- two hospitals' figures in one sentence

PARALLEL_CASES = [
    pytest.param(
        "استقبل مستشفى الملك فهد بجازان 300 حالة خلال أيام العيد، فيما استقبل مستشفى صبيا العام 120 حالة.",
        [
            ("service_ongoing", None, 300, "مستشفى الملك فهد", "جازان"),
            ("service_ongoing", None, 120, "مستشفى صبيا العام", "صبيا"),
        ],
        id="while_another_hospital_received",
    ),
    pytest.param(
        "استقبلت طوارئ مستشفى الملك خالد بتبوك 420 حالة، بينما استقبلت طوارئ مستشفى الملك فهد بحائل 260 حالة.",
        [
            ("service_ongoing", None, 420, "مستشفى الملك خالد", "تبوك"),
            ("service_ongoing", None, 260, "مستشفى الملك فهد", "حائل"),
        ],
        id="emergency_departments_of_two_hospitals",
    ),
    # traps: a total of the region's hospitals is one event without a facility; a second count of the
    # same hospital is no second hospital
    pytest.param(
        "استقبلت أقسام الطوارئ بمستشفيات منطقة الرياض أكثر من 12 ألف مراجع، حيث استقبل مستشفى الإيمان "
        "العام 3 آلاف حالة، فيما استقبل مستشفى اليمامة 950 حالة.",
        [("service_ongoing", None, 12000, None, "الرياض")],
        id="trap_a_total_and_its_parts",
    ),
    pytest.param(
        "استقبل مستشفى الملك فهد بجازان 300 حالة يوم العيد، واستقبل 250 حالة في اليوم التالي.",
        [("service_ongoing", None, 300, "مستشفى الملك فهد", "جازان")],
        id="trap_the_same_hospital_again",
    ),
]


@pytest.mark.parametrize(("text", "expected"), PARALLEL_CASES)
def test_parallel_clauses(text: str, expected: list[Row]) -> None:
    assert events_of(text) == expected


# --------------------------------------------------------------------------- medical caravans

CARAVAN_CASES = [
    pytest.param(
        "أجرت القافلة الطبية السعودية 60 عملية قسطرة قلبية في مستشفى الثورة بصنعاء.",
        [("procedure_performed", "catheterization", 60, "مستشفى الثورة", "صنعاء")],
        id="the_caravan_performs_the_operations",
    ),
    pytest.param(
        "نفذت قافلة طبية تابعة لمركز الملك سلمان 240 عملية جراحية في محافظة مأرب خلال أسبوع.",
        [("procedure_performed", "surgery", 240, None, "مأرب")],
        id="a_caravan_carried_out_operations",
    ),
    pytest.param(
        "استفاد أكثر من 900 مواطن من القافلة الطبية التي نظمتها جمعية البر الخيرية في قرى محافظة العارضة، "
        "حيث أجريت 35 عملية جراحية لإزالة المياه البيضاء.",
        [
            ("campaign", "cataract_surgery", 900, None, "العارضة"),
            ("procedure_performed", "cataract_surgery", 35, None, "العارضة"),
        ],
        id="a_caravan_and_the_operations_done_during_it",
    ),
    # traps: a caravan sent by a body stays a campaign; a campaign's target and its donors are its own
    # counts, not procedures performed
    pytest.param(
        "سيرت جمعية البر قافلة طبية إلى قرى محافظة الداير لتقديم الكشف الطبي للأهالي.",
        [("campaign", "medical_examination", None, None, "الداير")],
        id="trap_a_caravan_sent",
    ),
    pytest.param(
        "نفذت الشؤون الصحية بمنطقة جازان حملة للتطعيم ضد شلل الأطفال استهدفت 280 ألف طفل.",
        [("campaign", "vaccination", 280000, None, "جازان")],
        id="trap_a_body_carried_out_a_campaign",
    ),
    pytest.param(
        "نظمت جمعية الهلال الأحمر بالمنطقة الشرقية حملة للتبرع بالدم استقطبت 320 متبرعاً.",
        [("campaign", "blood_donation", 320, None, "المنطقة الشرقية")],
        id="trap_donors_of_a_blood_drive",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CARAVAN_CASES)
def test_caravans(text: str, expected: list[Row]) -> None:
    assert events_of(text) == expected


# --------------------------------------------------------------------------- emergency services handling calls

EMERGENCY_CASES = [
    pytest.param(
        "باشرت فرق الهلال الأحمر بمنطقة المدينة المنورة 1250 بلاغاً خلال شهر رمضان.",
        [("service_ongoing", None, 1250, None, "المدينة المنورة")],
        id="red_crescent_teams_handled_calls",
    ),
    pytest.param(
        "باشرت الفرق الإسعافية بمحافظة الطائف 430 حالة خلال إجازة العيد.",
        [("service_ongoing", None, 430, None, "الطائف")],
        id="ambulance_teams_handled_cases",
    ),
    # traps: the civil defence handling a fire is a happening; a doctor who started work is a launch
    pytest.param(
        "باشرت فرق الدفاع المدني بمحافظة جدة حريقاً اندلع في مستودع للأخشاب.",
        [("other", None, None, None, "جدة")],
        id="trap_civil_defence_at_a_fire",
    ),
    pytest.param(
        "وأوضح المدير أن الاستشارية باشرت عملها في مستشفى الملك فهد بجازان.",
        [("service_launch", None, None, "مستشفى الملك فهد", "جازان")],
        id="trap_started_her_work",
    ),
]


@pytest.mark.parametrize(("text", "expected"), EMERGENCY_CASES)
def test_emergency_services(text: str, expected: list[Row]) -> None:
    assert events_of(text) == expected


# --------------------------------------------------------------------------- a launch announced in the present tense

LAUNCH_CASES = [
    pytest.param(
        "ينطلق يوم الأحد المقبل برنامج الفحص الطبي قبل الزواج في مراكز الرعاية الصحية الأولية بمنطقة القصيم.",
        [("service_launch", None, None, None, "القصيم")],
        id="starts_next_sunday",
    ),
    pytest.param(
        "تدشن صحة الرياض غداً عيادة الإقلاع عن التدخين في مستشفى اليمامة.",
        [("service_launch", None, None, "مستشفى اليمامة", "الرياض")],
        id="inaugurates_tomorrow",
    ),
    # whom a new service is to serve is its target, not a count of what was done
    pytest.param(
        "دشن مدير صحة الباحة وحدة جديدة للعلاج الطبيعي في مستشفى الملك فهد لتخدم نحو 200 مراجع شهرياً.",
        [("service_launch", "physiotherapy", None, "مستشفى الملك فهد", "الباحة")],
        id="a_unit_to_serve_200_visitors",
    ),
    pytest.param(
        "افتتح أمير منطقة حائل مركزاً جديداً لغسيل الكلى يضم 30 جهازاً، ليستوعب أكثر من 120 مريضاً.",
        [("service_launch", "dialysis", None, None, "حائل")],
        id="a_centre_to_take_in_120_patients",
    ),
    # traps: the patients a new centre received are its count; a campaign's target is its count
    pytest.param(
        "افتتح مدير صحة نجران مركزاً جديداً لغسيل الكلى استقبل في يومه الأول 18 مريضاً.",
        [("service_launch", "dialysis", 18, None, "نجران")],
        id="trap_the_patients_a_new_centre_received",
    ),
    pytest.param(
        "أطلقت جمعية البر بجدة حملة طبية تهدف إلى علاج 40 طفلاً من مرضى القلب.",
        [("campaign", None, 40, None, "جدة")],
        id="trap_a_campaign_aimed_at_40_children",
    ),
    # trap: a launch with no health context is a happening
    pytest.param(
        "تنطلق مساء اليوم فعاليات مهرجان الصيف في كورنيش جدة.",
        [("other", None, None, None, "جدة")],
        id="trap_a_summer_festival",
    ),
]


@pytest.mark.parametrize(("text", "expected"), LAUNCH_CASES)
def test_launch_in_the_present(text: str, expected: list[Row]) -> None:
    assert events_of(text) == expected


# --------------------------------------------------------------------------- statistics told without an activity verb

STATISTIC_CASES = [
    pytest.param(
        "بلغ عدد المراجعين لعيادات مستشفى الملك فهد بالباحة خلال شهر شوال 5 آلاف مراجع.",
        [("service_ongoing", None, 5000, "مستشفى الملك فهد", "الباحة")],
        id="the_number_of_visitors_reached",
    ),
    pytest.param(
        "تم تطعيم 12 ألف طفل ضد الحصبة في مخيمات النازحين بمحافظة دهوك.",
        [("procedure_performed", "vaccination", 12000, None, "دهوك")],
        id="children_were_vaccinated",
    ),
    # traps: a vaccination centre opened is a launch; vaccinations during a campaign are its count
    pytest.param(
        "افتتح مدير صحة جازان مركز التطعيم الجديد في مستشفى صبيا العام.",
        [("service_launch", "vaccination", None, "مستشفى صبيا العام", "صبيا")],
        id="trap_a_vaccination_centre_opened",
    ),
    pytest.param(
        "تواصل وزارة الصحة حملتها للتطعيم ضد الحمى الشوكية في منطقة مكة المكرمة، حيث تم تطعيم 45 ألف حاج.",
        [("campaign", "vaccination", 45000, None, "مكة المكرمة")],
        id="trap_vaccinated_during_a_campaign",
    ),
]


@pytest.mark.parametrize(("text", "expected"), STATISTIC_CASES)
def test_statistics_without_a_verb(text: str, expected: list[Row]) -> None:
    assert events_of(text) == expected


# --------------------------------------------------------------------------- who performed, who gave

ROLE_CASES = [
    pytest.param(
        "نفذت قافلة طبية تابعة لمركز الملك سلمان 240 عملية جراحية في محافظة مأرب.",
        {"مركز الملك سلمان": "performer"},
        id="a_caravan_of_the_centre",
    ),
    pytest.param(
        "وصلت إلى مطار عدن طائرة تحمل 20 طناً من الأدوية والمستلزمات الطبية مقدمة من منظمة الصحة العالمية.",
        {"منظمة الصحة العالمية": "supporter"},
        id="aid_given_by_the_organization",
    ),
    # trap: a body that only announces has no role
    pytest.param(
        "أعلنت وزارة الصحة تسجيل 5 حالات إصابة جديدة بفيروس كورونا في الرياض.",
        {"وزارة الصحة": "other"},
        id="trap_the_announcing_ministry",
    ),
]


@pytest.mark.parametrize(("text", "roles"), ROLE_CASES)
def test_roles(text: str, roles: dict[str, str]) -> None:
    doc = process_text(text, published="2015-08-01", model=False)
    got = {o.text: o.role for e in doc.events for o in e.organizations}
    assert {k: got.get(k) for k in roles} == roles


# --------------------------------------------------------------------------- a service given, counted after its verb

SERVED_CASES = [
    pytest.param(
        "يقدم مركز غسيل الكلى بمستشفى الدوادمي العام أكثر من 700 جلسة غسيل شهرياً لنحو 60 مريضاً.",
        [("service_ongoing", "dialysis", 700, "مستشفى الدوادمي العام", "الدوادمي")],
        id="sessions_given_monthly",
    ),
    pytest.param(
        "قدمت المراكز الصحية بمحافظة الطائف خدماتها لأكثر من 9 آلاف مراجع خلال إجازة العيد.",
        [("service_ongoing", None, 9000, None, "الطائف")],
        id="services_given_to_pilgrims",
    ),
    pytest.param(
        "تعالج وحدة الحروق في مستشفى الملك سعود نحو 150 مريضاً سنوياً.",
        [("service_ongoing", None, 150, "مستشفى الملك سعود", None)],
        id="patients_treated_yearly",
    ),
    pytest.param(
        "بلغ عدد المستفيدين من خدمات العيادات المتنقلة في محافظة شبوة خلال الشهر الماضي 2800 مستفيد.",
        [("service_ongoing", None, 2800, None, "شبوة")],
        id="beneficiaries_of_mobile_clinics",
    ),
    pytest.param(
        "بلغ عدد المستفيدين من برنامج الإسكان 3150 مستفيداً.", [], id="trap_beneficiaries_of_housing"
    ),
    pytest.param(
        "تعالج الحكومة ملف البطالة عبر 20 برنامجاً للتوظيف.", [], id="trap_a_government_treats_a_file"
    ),
    # traps: people who apply for jobs are served by no health service; a gift of devices is no service
    pytest.param(
        "تقدم 300 مواطن بطلبات توظيف إلى الشركة الجديدة في المدينة الصناعية.", [], id="trap_applicants"
    ),
    pytest.param("قدمت الشركة 500 وظيفة للشباب السعوديين هذا العام.", [], id="trap_jobs_offered"),
]


@pytest.mark.parametrize(("text", "expected"), SERVED_CASES)
def test_service_given(text: str, expected: list[Row]) -> None:
    assert events_of(text) == expected


# --------------------------------------------------------------------------- one case recorded, a negated service

ONE_CASE_CASES = [
    pytest.param(
        "أعلنت وزارة الصحة تسجيل حالة إصابة جديدة بفيروس كورونا في الطائف لمقيم يبلغ من العمر 58 عاماً.",
        [("other", None, 1, None, "الطائف")],
        id="one_new_case",
    ),
    pytest.param(
        "أعلنت صحة جازان عن ارتفاع عدد المصابين بحمى الضنك في المنطقة إلى 23 حالة، شفيت منها 15 حالة.",
        [("other", None, 23, None, "جازان")],
        id="the_count_of_the_infected_rises",
    ),
    pytest.param(
        "وقال إن قرار وزير الصحة رقم 512 لسنة 2015 بشأن تنظيم إيفاد المرضى للعلاج بالخارج سيطبق قريباً.",
        [],
        id="trap_a_decree_about_dispatches_sends_nobody",
    ),
    pytest.param(
        "صدر قرار وزير الصحة رقم 208 لسنة 2015 بتشكيل لجنة لحصر الجرحى المحتاجين للعلاج بالخارج.",
        [],
        id="trap_what_a_decree_decides_is_no_dispatch",
    ),
    pytest.param(
        "وبموجب القرار رقم 5 لسنة 2015 بدأت الوزارة تشغيل مستشفى الولادة في محافظة الخرج.",
        [("service_launch", None, None, "مستشفى الولادة", "الخرج")],
        id="trap_a_launch_after_its_decree_stays",
    ),
    pytest.param(
        "وجهت المديرية المستشفيات الخاصة بعدم رفض استقبال الحالات الإسعافية تحت أي ظرف.",
        [],
        id="trap_a_directive_not_to_refuse_patients",
    ),
    pytest.param(
        "اشتكى الأهالي من تأخر افتتاح مستشفى الولادة والأطفال في المحافظة منذ ثلاث سنوات.",
        [],
        id="trap_a_delayed_opening",
    ),
    # trap: the same hospital opened stays a launch
    pytest.param(
        "افتتح وزير الصحة مستشفى الولادة والأطفال في محافظة الخرج.",
        [("service_launch", None, None, "مستشفى الولادة والأطفال", "الخرج")],
        id="trap_an_opening_stays_a_launch",
    ),
]


@pytest.mark.parametrize(("text", "expected"), ONE_CASE_CASES)
def test_one_case_and_negated_services(text: str, expected: list[Row]) -> None:
    assert events_of(text) == expected


# --------------------------------------------------------------------------- treatment ordered abroad

ORDERED_CASES = [
    pytest.param(
        "وجه خادم الحرمين الشريفين بعلاج المواطن المصاب بالسرطان في ألمانيا على نفقة الدولة.",
        [("treatment_abroad", None, None, None, "ألمانيا")],
        id="treatment_ordered_in_germany",
    ),
    # trap: treatment ordered at a hospital at home, or paid for, is no travel
    pytest.param(
        "وجه أمير المنطقة بعلاج المواطن في مستشفى الملك فهد بجازان على نفقة الدولة.",
        [],
        id="trap_treated_at_home",
    ),
]


@pytest.mark.parametrize(("text", "expected"), ORDERED_CASES)
def test_treatment_ordered_abroad(text: str, expected: list[Row]) -> None:
    assert events_of(text) == expected


# --------------------------------------------------------------------------- a player's injury is no health sponsor

SPORTS_CASES = [
    pytest.param(
        "خسر الاتحاد أمام الفتح بهدف دون رد في الجولة الرابعة من الدوري، وأصيب مهاجمه بكسر في الكاحل نقل على إثره إلى المستشفى.",
        ["other"],
        id="trap_an_injured_player_taken_to_hospital",
    ),
    # a tournament of health workers, or supported by a health body, stays a sponsorship
    pytest.param(
        "انطلقت بطولة كرة القدم الرمضانية للعاملين في القطاع الصحي بدعم من إدارة الخدمات الصحية.",
        ["sponsorship"],
        id="a_tournament_of_health_workers",
    ),
]


@pytest.mark.parametrize(("text", "types"), SPORTS_CASES)
def test_sports_and_injuries(text: str, types: list[str]) -> None:
    assert [e[0] for e in events_of(text)] == types


# --------------------------------------------------------------------------- routine figures of a health service

ROUTINE_CASES = [
    pytest.param(
        "نفذ فريق الرعاية الصحية المنزلية بمستشفى رفحاء العام 540 زيارة منزلية خلال الربع الأول من العام.",
        [("service_ongoing", None, 540, "مستشفى رفحاء العام", "رفحاء")],
        id="home_visits_are_a_service",
    ),
    pytest.param(
        "بلغ عدد المرضى المراجعين لمراكز الرعاية الصحية الأولية في محافظة القطيف خلال شهر يوليو 31 ألف مراجع.",
        [("service_ongoing", None, 31000, None, "القطيف")],
        id="patients_visiting_primary_care",
    ),
    pytest.param(
        "أعلنت صحة محافظة المفرق عن إجراء 9 عمليات جراحية في مستشفى الأميرة بسمة خلال الأسبوع الماضي.",
        [("procedure_performed", "surgery", 9, "مستشفى الأميرة بسمة", "المفرق")],
        id="a_name_after_an_honorific_is_no_city",
    ),
    # trap: a city attached to a hospital's name with ب stays its place
    pytest.param(
        "أجرى مستشفى الملك خالد بحائل 12 عملية قسطرة قلبية.",
        [("procedure_performed", "catheterization", 12, "مستشفى الملك خالد", "حائل")],
        id="trap_a_city_attached_with_b",
    ),
    pytest.param(
        "أجرت الفرق الطبية في مراكز فحص ما قبل الزواج بمنطقة الباحة 3100 فحص خلال العام الماضي.",
        [("procedure_performed", None, 3100, None, "الباحة")],
        id="tests_performed_without_a_named_procedure",
    ),
    pytest.param(
        "صرفت صيدلية مستشفى الملك خالد بالخرج خلال شهر رمضان 9 آلاف وصفة طبية.",
        [("service_ongoing", None, 9000, "مستشفى الملك خالد", "الخرج")],
        id="prescriptions_dispensed",
    ),
    pytest.param(
        "ألقى استشاري الغدد محاضرة توعوية عن داء السكري في مركز الملك فهد الثقافي بتبوك حضرها 200 شخص.",
        [("campaign", None, 200, None, "تبوك")],
        id="an_awareness_lecture",
    ),
    pytest.param(
        "ارتفع عدد الحالات المؤكدة بالفيروس في محافظة الطائف إلى 17 حالة، بينها 5 من العاملين الصحيين.",
        [("other", None, 17, None, "الطائف")],
        id="a_count_of_cases_rises",
    ),
    # trap: a campaign of labour inspectors stays no health campaign
    pytest.param(
        "نفذت فرق وزارة العمل حملة على محلات الذهب في جدة رصدت خلالها 120 مخالفة.",
        [("other", None, None, None, "جدة")],
        id="trap_a_labour_inspection_campaign",
    ),
    # traps: an official visit stays a visit; money disbursed and a session of talks serve no patient;
    # pilgrims arriving are no cases
    pytest.param(
        "زار وزير الصحة مستشفى الملك خالد بالخرج وتفقد أقسامه.",
        [("visit", None, None, "مستشفى الملك خالد", "الخرج")],
        id="trap_an_official_visit",
    ),
    pytest.param("صرفت الوزارة 5 ملايين ريال مكافآت للموظفين.", [], id="trap_money_disbursed"),
    pytest.param("أجرى الطرفان 3 جلسات حوار في الرياض.", [], id="trap_sessions_of_talks"),
    pytest.param("ارتفع عدد الحجاج القادمين من الخارج إلى 850 ألف حاج.", [], id="trap_pilgrims_are_no_cases"),
]


@pytest.mark.parametrize(("text", "expected"), ROUTINE_CASES)
def test_routine_figures(text: str, expected: list[Row]) -> None:
    assert events_of(text) == expected


def test_an_organ_donation_campaign_is_about_health() -> None:
    """Organ donors put a campaign in a health context (its procedure is left to the quantities:
    the donor unit says blood donation, which organ donation is not — not asserted here)."""
    got = events_of(
        "وتقدم 800 متبرع للتسجيل في برنامج التبرع بالأعضاء خلال الحملة التي نظمها المركز في الدمام."
    )
    assert [(e[0], e[2], e[4]) for e in got] == [("campaign", 800, "الدمام")]


# --------------------------------------------------------------------------- some of the people received count a procedure

OF_THEM_CASES = [
    pytest.param(
        "استقبل مستشفى الثورة بتعز أمس 70 جريحاً، أجريت لـ 12 منهم عمليات جراحية عاجلة.",
        [
            ("procedure_performed", "surgery", 12, "مستشفى الثورة", "تعز"),
            ("service_ongoing", None, 70, "مستشفى الثورة", "تعز"),
        ],
        id="operated_on_12_of_the_70_received",
    ),
    pytest.param(
        "وصل إلى مستشفى الزرقاء الحكومي 35 مصاباً في حادث تصادم، خضع 9 منهم لعمليات جراحية.",
        [("procedure_performed", "surgery", 9, "مستشفى الزرقاء الحكومي", None)],
        id="9_of_them_underwent_surgery",
    ),
    # traps: the dead among the received are no procedure; a part of operations counted keeps the whole
    pytest.param(
        "استقبلت مستشفيات حلب خلال يومين 64 جريحاً، توفي 7 منهم متأثرين بجراحهم.",
        [("service_ongoing", None, 64, None, "حلب")],
        id="trap_7_of_them_died",
    ),
    pytest.param(
        "أجرى مستشفى الملك فهد بجازان 40 عملية جراحية لمرضى السكري، منهم 15 عملية بتر.",
        [("procedure_performed", "surgery", 40, "مستشفى الملك فهد", "جازان")],
        id="trap_a_part_of_the_operations",
    ),
]


@pytest.mark.parametrize(("text", "expected"), OF_THEM_CASES)
def test_some_of_them_count_the_procedure(text: str, expected: list[Row]) -> None:
    assert events_of(text) == expected


# --------------------------------------------------------------------------- a time within a campaign told before

WITHIN_CAMPAIGN_CASES = [
    pytest.param(
        "تم تطعيم 9 آلاف طفل في محافظة الزرقاء خلال الأيام الثلاثة الأولى من الحملة.",
        [("procedure_performed", "vaccination", 9000, None, "الزرقاء")],
        id="vaccinated_in_the_first_days_of_the_campaign",
    ),
    pytest.param(
        "تم تطعيم 14 ألف طفل ضد الحصبة في محافظة إب خلال اليومين الأولين من الحملة.",
        [("procedure_performed", "vaccination", 14000, None, "إب")],
        id="vaccinated_in_the_first_two_days",
    ),
    # traps: a campaign launched, and the beneficiaries of a campaign, stay a campaign
    pytest.param(
        "أطلقت صحة عسير حملة للتطعيم ضد الحصبة تستهدف 50 ألف طفل.",
        [("campaign", "vaccination", 50000, None, "عسير")],
        id="trap_a_campaign_launched",
    ),
    pytest.param(
        "بلغ عدد المستفيدين من الحملة الطبية في صنعاء 4500 مستفيد.",
        [("campaign", None, 4500, None, "صنعاء")],
        id="trap_the_beneficiaries_of_the_campaign",
    ),
]


@pytest.mark.parametrize(("text", "expected"), WITHIN_CAMPAIGN_CASES)
def test_a_time_within_a_campaign(text: str, expected: list[Row]) -> None:
    assert events_of(text) == expected


# --------------------------------------------------------------------------- "منها" with no count before it is "from it"

FROM_IT_CASES = [
    pytest.param(
        "نفذت صحة تبوك حملة للكشف المبكر عن سرطان الثدي استفادت منها 870 سيدة.",
        [("campaign", "medical_examination", 870, None, "تبوك")],
        id="a_campaign_870_women_benefited_from",
    ),
    pytest.param(
        "نظمت إدارة الصحة المدرسية بالطائف حملة توعوية استفاد منها 1500 طالب.",
        [("campaign", None, 1500, None, "الطائف")],
        id="an_awareness_drive_1500_students_benefited_from",
    ),
    # trap: after a count, "منها" introduces a part of it, which is not the count of the whole
    pytest.param(
        "أجرى مستشفى الملك فهد بجازان 40 عملية جراحية لمرضى السكري، منها 15 عملية بتر.",
        [("procedure_performed", "surgery", 40, "مستشفى الملك فهد", "جازان")],
        id="trap_a_part_after_a_count",
    ),
]


@pytest.mark.parametrize(("text", "expected"), FROM_IT_CASES)
def test_from_it_is_no_part(text: str, expected: list[Row]) -> None:
    assert events_of(text) == expected
