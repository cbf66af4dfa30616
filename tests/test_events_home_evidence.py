"""The home country of a bulletin that names no place of a known country: the country its own
bodies, officials and money belong to (pipeline/event_places.py `nationality_countries`).
Sentences written for these tests; the whole pipeline runs on them (rules only)."""

from __future__ import annotations

import pytest

from pipeline.process import process_text

CASES = [
    pytest.param(
        "قال وزير الصحة الأردني إن الوزارة أرسلت خمسة مرضى للعلاج في مستشفى الملك حسين للسرطان.",
        ("JO", "text"),
        id="a_minister_with_a_country_adjective",
    ),
    pytest.param(
        "وأرسلت الوزارة خمسة مرضى للعلاج في مستشفى الملك حسين للسرطان بتكلفة 20 ألف دينار أردني.",
        ("JO", "text"),
        id="a_currency_named_with_its_country",
    ),
    pytest.param(
        "أعلنت وزارة الصحة المصرية تخصيص 50 مليون جنيه لدعم مستشفيات الأطفال.",
        ("EG", "text"),
        id="a_ministry_with_a_country_adjective",
    ),
    pytest.param(
        "رصدت الوزارة 3 ملايين ريال لتوفير أجهزة الغسيل الكلوي للمستشفيات.",
        ("SA", "text"),
        id="a_bare_riyal",
    ),
    pytest.param(
        "باشرت فرق هيئة الهلال الأحمر السعودي 312 حالة إسعافية خلال أيام العيد ونقلت 96 منها إلى المستشفيات.",
        ("SA", "text"),
        id="a_state_authority_with_its_seat",
    ),
    pytest.param(
        "حذرت الهيئة العامة للغذاء والدواء من تداول مستحضر تجميلي يحتوي على مواد ضارة.",
        ("SA", "text"),
        id="a_state_authority_of_the_lexicon",
    ),
    # traps: the default country's bare currency, world currencies and two countries are no evidence
    pytest.param(
        "سلم الهلال الأحمر القطري مستشفى الثورة شحنة أدوية ومستلزمات طبية لعلاج الجرحى.",
        ("LY", "default"),
        id="trap_a_relief_society_works_abroad",
    ),
    pytest.param(
        "وأرسلت الوزارة خمسة مرضى للعلاج في مستشفى الملك حسين للسرطان بتكلفة 20 ألف دينار.",
        ("LY", "default"),
        id="trap_a_bare_dinar_is_any_dinar",
    ),
    pytest.param(
        "خصصت المنظمة 2 مليون دولار لدعم مراكز الرعاية الصحية الأولية.",
        ("LY", "default"),
        id="trap_dollars_are_quoted_everywhere",
    ),
    pytest.param(
        "وقعت الجامعة اتفاقية مع شركة نوفا للأدوية الدنماركية لتطوير أبحاث السكري.",
        ("LY", "default"),
        id="trap_a_company_of_another_country",
    ),
    pytest.param(
        "بحث وزير الصحة الأردني مع وزير الصحة المصري سبل التعاون في مجال زراعة الأعضاء.",
        ("LY", "default"),
        id="trap_two_countries_keep_the_default",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_home_country_from_bodies_and_money(text: str, expected: tuple) -> None:
    doc = process_text(text, model=False)
    assert (doc.country, doc.country_from) == expected


def test_treatment_in_the_evidenced_country_is_not_abroad() -> None:
    text = "قال وزير الصحة الأردني إن الوزارة أرسلت خمسة مرضى للعلاج في مستشفى الملك حسين للسرطان."
    assert "treatment_abroad" not in {e.type for e in process_text(text, model=False).events}


def test_without_evidence_treatment_there_is_abroad() -> None:
    text = "وأرسلت الوزارة خمسة مرضى للعلاج في مستشفى الملك حسين للسرطان."
    assert "treatment_abroad" in {e.type for e in process_text(text, model=False).events}
