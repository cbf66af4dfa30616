"""The place, facility and organization lexicons: they load, their references resolve, no form is
shared by two entries, and the common ways of writing a name link to the same id."""

from __future__ import annotations

import pytest

import pipeline.entity_lexicon  # noqa: F401  (registers the schemas of the three lexicons)
from pipeline.lexicons import load, vocabulary
from pipeline.normalize import norm
from pipeline.tokenize import tokenize_text

FILES = ("places", "facilities", "organizations")

# Bare head nouns and generic phrases that name no particular body or place.
GENERIC = (
    "المستشفى",
    "مستشفى",
    "المركز",
    "مركز",
    "الجهاز",
    "جهاز",
    "الوزارة",
    "الهيئة",
    "الحكومة",
    "البلدية",
    "الصندوق",
    "المستشفى الجامعي",
    "المستشفيات المحلية",
    "المركز الطبي",
    "المركز الوطني لأمراض القلب",
    "مجلس الوزراء",
)


def index(name: str) -> dict[str, str]:
    """Normalized form -> id, for one lexicon."""
    return {norm(form): e.id for e in load(name) for form in e.ar}


@pytest.mark.parametrize("name", FILES)
def test_loads_with_entries(name: str) -> None:
    entries = load(name)
    assert len(entries) >= {"places": 300, "facilities": 130, "organizations": 120}[name]
    assert len({e.id for e in entries}) == len(entries)


@pytest.mark.parametrize("name", FILES)
def test_no_form_shared_by_two_entries(name: str) -> None:
    """One entry per form; only places of different countries share one (namesakes, linked by
    the bulletin's country evidence: "المنطقة الشرقية" in Libya and in Saudi Arabia)."""
    seen: dict[str, object] = {}
    clashes = []
    for e in load(name):
        for form in e.ar:
            n = norm(form)
            first = seen.setdefault(n, e)
            if first is not e and (name != "places" or getattr(first, "country", None) == e.country):
                clashes.append((form, first.id, e.id))  # type: ignore[attr-defined]
    assert not clashes


@pytest.mark.parametrize("name", FILES)
def test_no_generic_form(name: str) -> None:
    forms = index(name)
    assert not [g for g in GENERIC if norm(g) in forms]


@pytest.mark.parametrize("name", FILES)
def test_no_form_starts_with_a_proclitic_preposition(name: str) -> None:
    """Surfaces exclude attached proclitics, so no form may start with one ("بمستشفى ...")."""
    assert not [form for e in load(name) for form in e.ar if tokenize_text(form)[0].prefix]


def test_place_countries_resolve() -> None:
    places = {e.id: e for e in load("places")}
    for e in places.values():
        if e.kind == "country":
            assert e.country is None, e.id
        elif e.kind == "region" and e.country is None:
            continue  # a region of the world ("الشرق الأوسط")
        else:
            assert e.country in places and places[e.country].kind == "country", e.id


def test_every_facility_has_a_known_city() -> None:
    places = {e.id for e in load("places")}
    missing = [e.id for e in load("facilities") if e.city not in places]
    assert not missing


def test_organization_cities_resolve() -> None:
    places = {e.id for e in load("places")}
    assert not [e.id for e in load("organizations") if e.city and e.city not in places]


def test_vocabulary_is_built() -> None:
    vocab = vocabulary()
    assert {norm("طرابلس"), norm("مستشفى"), norm("وزارة")} <= vocab
    # a clitic form of a listed word is not itself a word
    assert norm("بطرابلس") not in vocab


@pytest.mark.parametrize(
    ("text", "prefix", "stem"),
    [
        ("وزارة", "", "وزاره"),  # not و + "زارة" (of "عين زارة")
        ("بعين", "ب", "عين"),
        ("بطرابلس", "ب", "طرابلس"),
        ("بمصراتة", "ب", "مصراته"),
        ("لليبيا", "ل", "ليبيا"),
        ("وتاجوراء", "و", "تاجوراء"),
        ("بنغازي", "", "بنغازي"),
        ("ببنغازي", "ب", "بنغازي"),
        ("وسبها", "و", "سبها"),
        ("لسلوفاكيا", "ل", "سلوفاكيا"),
    ],
)
def test_place_words_and_their_clitics(text: str, prefix: str, stem: str) -> None:
    t = tokenize_text(text)[0]
    assert (t.prefix, t.stem) == (prefix, stem)


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        ("طرابلس", "tripoli"),
        ("مصراتة", "misrata"),
        ("مصراته", "misrata"),
        ("تاجوراء", "tajoura"),
        ("أبوسليم", "abu_salim"),
        ("أبو سليم", "abu_salim"),
        ("ابو سليم", "abu_salim"),
        ("عين زارة", "ain_zara"),
        ("سوق الجمعة", "souq_al_juma"),
        ("حي الاندلس", "hay_al_andalus"),
        ("بني وليد", "bani_walid"),
        ("بنى وليد", "bani_walid"),
        ("القره بوللي", "garabulli"),
        ("القربوللي", "garabulli"),
        ("رأس لانوف", "ras_lanuf"),
        ("راس لانوف", "ras_lanuf"),
        ("أجدابيا", "ajdabiya"),
        ("إجدابيا", "ajdabiya"),
        ("أوباري", "ubari"),
        ("الكُفرة", "kufra"),
        ("براك الشاطئ", "brak"),
        ("وادي الشاطئ", "wadi_al_shati"),
        ("جبل نفوسة", "nafusa_mountains"),
        ("الجبل الغربي", "nafusa_mountains"),
        ("الجنوب الليبي", "libya_south"),
        ("المنطقة الوسطى", "libya_centre"),
        ("فزان", "fezzan"),
        ("برقة", "cyrenaica"),
        ("الإمارات", "uae"),
        ("الامارات", "uae"),
        ("دولة الإمارات", "uae"),
        ("الإمارات العربية المتحدة", "uae"),
        ("المملكة العربية السعودية", "saudi_arabia"),
        ("سلوفاكيا", "slovakia"),
        ("التشيك", "czechia"),
        ("روسيا البيضاء", "belarus"),
        ("الولايات المتحدة الأمريكية", "usa"),
        ("أميركا", "usa"),
        ("سورية", "syria"),
        ("تونس", "tunisia"),
        ("تونس العاصمة", "tunis"),
        ("عمّان", "amman"),
        ("سلطنة عُمان", "oman"),
        ("إسطنبول", "istanbul"),
        ("اسطنبول", "istanbul"),
        ("أبو ظبي", "abu_dhabi"),
        ("أبوظبي", "abu_dhabi"),
        ("القاهرة", "cairo"),
        ("سوسة", "susa"),
        ("سوسة التونسية", "sousse"),
    ],
)
def test_place_variants(form: str, expected: str) -> None:
    assert index("places").get(norm(form)) == expected


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        ("مستشفى طرابلس الجامعي", "tripoli_university_hospital"),
        ("المستشفى الجامعي بطرابلس", "tripoli_university_hospital"),
        ("مستشفى طرابلس الجامعي التعليمي", "tripoli_university_hospital"),
        ("مركز طرابلس الطبي", "tripoli_university_hospital"),
        ("مستشفى طرابلس المركزي", "tripoli_central_hospital"),
        ("مستشفى الحوادث أبوسليم", "abu_salim_trauma_hospital"),
        ("مستشفى أبوسليم للحوادث", "abu_salim_trauma_hospital"),
        ("مستشفى ابو سليم للحوادث", "abu_salim_trauma_hospital"),
        ("مستشفى الهضبة الخضراء العام", "al_khadra_hospital"),
        ("مستشفى الخضراء العام", "al_khadra_hospital"),
        ("مستشفى الهضبة", "al_khadra_hospital"),
        ("المركز الوطني لجراحة وعلاج القلب تاجوراء", "tajoura_national_heart_centre"),
        ("المركز الوطني لجراحة وعلاج القلب", "tajoura_national_heart_centre"),
        ("مركز تاجوراء لأمراض القلب", "tajoura_national_heart_centre"),
        ("مستشفى الجلاء للنساء والولادة", "al_jala_maternity_tripoli"),
        ("مستشفى الجلاء للجراحة والحوادث", "al_jala_benghazi"),
        ("مستشفى الرازي للأمراض النفسية", "al_razi_psychiatric_hospital"),
        ("مستشفى الزاوية التعليمي", "zawiya_teaching_hospital"),
        ("مركز مصراتة الطبي", "misrata_medical_centre"),
        ("مستشفى مصراته المركزي", "misrata_medical_centre"),
        ("مركز مصراتة للعلاج الطبيعي", "misrata_physiotherapy_centre"),
        ("مركز مصراتة للأورام", "misrata_cancer_centre"),
        ("مركز بنغازي الطبي", "benghazi_medical_centre"),
        ("مستشفى الهواري العام", "al_hawari_hospital"),
        ("مستشفى بنغازي للأطفال", "benghazi_children_hospital"),
        ("مركز سبها الطبي", "sabha_medical_centre"),
        ("مركز طبرق الطبي", "tobruk_medical_centre"),
        ("مستشفى ابن سينا التعليمي", "ibn_sina_sirte"),
        ("مستشفى ابن سيناء بسرت", "ibn_sina_sirte"),
        ("مستشفى الثورة التعليمي", "al_thawra_bayda"),
        ("مستشفى الهريش", "al_harish_derna"),
        ("مركز زليتن الطبي", "zliten_medical_centre"),
        ("مستشفى جليلة", "al_jalila_childrens"),
        ("مستشفى الجليلة التخصصي للأطفال", "al_jalila_childrens"),
        ("مركز الحسين للسرطان", "king_hussein_cancer_center"),
    ],
)
def test_facility_variants(form: str, expected: str) -> None:
    assert index("facilities").get(norm(form)) == expected


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        ("حكومة الوحدة الوطنية", "gnu"),
        ("مجلس وزراء حكومة الوحدة الوطنية", "gnu"),
        ("رئاسة مجلس الوزراء", "gnu"),
        ("الحكومة الليبية", "gns"),
        ("حكومة الاستقرار الوطني", "gns"),
        ("وزارة الصحة", "ministry_of_health"),
        ("وزارة التربية والتعليم", "ministry_of_education"),
        ("وزارة الحكم المحلي", "ministry_of_local_government"),
        ("وزارة الشؤون الاجتماعية", "ministry_of_social_affairs"),
        ("وزارة الشئون الاجتماعية", "ministry_of_social_affairs"),  # ئ/ؤ are not folded: both listed
        ("المركز الوطني لمكافحة الأمراض", "ncdc"),
        ("جهاز الإسعاف والطوارئ", "ambulance_emergency_service"),
        ("الهيئة الوطنية لزراعة الأعضاء", "organ_transplant_authority"),
        ("الهيئة الوطنية العامة لزراعة الأعضاء والأنسجة والخلايا", "organ_transplant_authority"),
        ("جهاز دعم وتطوير الخدمات العلاجية", "medical_services_support_agency"),
        ("جهاز تنفيذ مشروعات الإسكان والمرافق", "housing_utilities_projects_agency"),
        ("صندوق التضامن الاجتماعي", "social_solidarity_fund"),
        ("صندوق الضمان الاجتماعي", "social_security_fund"),
        ("مكتب النائب العام", "attorney_general"),
        ("ديوان المحاسبة", "audit_bureau"),
        ("هيئة الرقابة الإدارية", "administrative_control_authority"),
        ("المؤسسة الوطنية للنفط", "noc"),
        ("مصرف ليبيا المركزي", "central_bank"),
        ("المجلس الرئاسي", "presidential_council"),
        ("مجلس النواب", "house_of_representatives"),
        ("المجلس الأعلى للدولة", "high_council_of_state"),
        ("الهلال الأحمر الليبي", "libyan_red_crescent"),
        ("جهاز الطب العسكري", "military_medicine_agency"),
        ("بلدية طرابلس المركز", "municipality_tripoli_centre"),
        ("بلدية مصراتة", "municipality_misrata"),
        ("منظمة الصحة العالمية", "who"),
        ("اليونيسف", "unicef"),
        ("المفوضية السامية للأمم المتحدة لشؤون اللاجئين", "unhcr"),
        ("أطباء بلا حدود", "msf"),
        ("الاتحاد الأوروبي", "european_union"),
        ("بعثة الأمم المتحدة للدعم في ليبيا", "unsmil"),
        ("الهلال الأحمر الإماراتي", "emirates_red_crescent"),
    ],
)
def test_organization_variants(form: str, expected: str) -> None:
    assert index("organizations").get(norm(form)) == expected


def test_trap_phrase_is_not_the_agency() -> None:
    """ "لدعم وتطوير الخدمات العلاجية" after a government names no agency: only the جهاز form is listed."""
    forms = index("organizations")
    assert norm("دعم وتطوير الخدمات العلاجية") not in forms
    assert norm("جهاز دعم وتطوير الخدمات العلاجية") in forms
