"""Normalization: the matching view folds Arabic spelling variants, and its
offset map always leads back to the original characters."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.normalize import norm, normalize


@pytest.mark.parametrize(
    "original, view",
    [
        ("أحمد إبراهيم آل ٱلشيخ", "احمد ابراهيم ال الشيخ"),  # alef forms
        ("مستشفى", "مستشفي"),  # alef maksura
        ("الوحدة الوطنية", "الوحده الوطنيه"),  # teh marbuta
        ("عُقِدَ اجتماعٌ", "عقد اجتماع"),  # diacritics
        ("الصحـــة", "الصحه"),  # tatweel
        ("٢٠٢٤ و۱۲", "2024 و12"),  # Arabic-Indic and Persian digits
        ("٣٫٥ و١٬٢٠٠", "3.5 و1,200"),  # Arabic decimal and thousands separators
        ("عدد “3” «عودة الحياة»", 'عدد "3" "عوده الحياه"'),  # typographic quotes
        ("الخدمات العلاجية…بدأت", "الخدمات العلاجيه...بدات"),  # ellipsis
        ("بمدينة #مصراتة", "بمدينه مصراته"),  # hashtag
        ("#توطين_العلاج", "توطين العلاج"),  # hashtag words
        ("طرابلس\u200f،\xa0ليبيا", "طرابلس، ليبيا"),  # RLM dropped, no-break space
        ("ﷲ", "الله"),  # presentation-form ligature (NFKC)
        # marks pyarabic knows and camel-tools' dediac_ar keeps: a verse quoted in Uthmani spelling
        # (small high dotless head of khah as sukun, subscript alef), an honorific sign after a name,
        # a hamza or madda typed as a combining mark after alef
        ("قال تعالى: وَقُل\u06e1 رَّبِّ زِد\u06e1نِي عِل\u06e1مًا", "قال تعالي: وقل رب زدني علما"),
        ("ولا تقربوا الز\u0656نى", "ولا تقربوا الزني"),
        ("في ذكرى مولد النبي محمد\u0610 الشريف", "في ذكري مولد النبي محمد الشريف"),
        ("ا\u0654طلقت وزارة الصحة حملة ا\u0653منة", "اطلقت وزاره الصحه حمله امنه"),
        # trap: the hamza letters are letters, not marks
        ("مسؤول الإسعاف ونائبه ورئيس الهيئة والأعباء", "مسؤول الاسعاف ونائبه ورئيس الهيئه والاعباء"),
    ],
)
def test_view(original, view):
    assert normalize(original).text == view


@pytest.mark.parametrize(
    "original, needle, surface",
    [
        ("أُجريت اليوم عدد “3” عمليات قسطرة قلبية", "عمليات قسطره قلبيه", "عمليات قسطرة قلبية"),
        ("الخدمات العلاجية…بدأت داخل", "بدات", "بدأت"),
        ("في نسخته الـ 32 بمدينة #مصراتة", "مصراته", "مصراتة"),
        ("في نسخته الـــ ٣٢ بمدينة", "ال 32", "الـــ ٣٢"),
        ("مستشفى الهضبة الخضراء العام", "مستشفي الهضبه", "مستشفى الهضبة"),
        ("قال تعالى: وَقُل\u06e1 رَّبِّ زِد\u06e1نِي عِل\u06e1مًا", "علما", "عِل\u06e1مًا"),
        ("مولد النبي محمد\u0610 الشريف", "محمد الشريف", "محمد\u0610 الشريف"),
    ],
)
def test_view_span_maps_back_to_the_original(original, needle, surface):
    v = normalize(original)
    ns = v.text.index(needle)
    s, e = v.to_original(ns, ns + len(needle))
    assert original[s:e] == surface
    assert v.to_view(s, e) == (ns, ns + len(needle))


@pytest.mark.parametrize(
    "original, starts",
    [
        ("عُقِدَ اجتماعٌ", (0, 2, 4, 6, 7, 8, 9, 10, 11, 12)),  # dropped marks leave gaps
        ("الصحـــة", (0, 1, 2, 3, 7)),  # tatweel dropped
        ("ﷲ أكبر…", (0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 6, 6)),  # a ligature and "…" give several
        ("أجرى الفريق", tuple(range(11))),  # one for one: the identity
    ],
)
def test_offset_map_of_uneven_characters(original, starts):
    v = normalize(original)
    assert v.starts == starts
    assert v.ends == tuple(s + 1 for s in starts)


def test_norm_collapses_spaces():
    assert norm("  مستشفى   الهضبة\tالخضراء ") == "مستشفي الهضبه الخضراء"


ARABIC_TEXT = st.text(
    alphabet=st.sampled_from(
        list("ابتثجحخدذرسشصضطظعغفقكلمنهويأإآىةءؤئـًٌٍَُِّْ٠١٢٣٤٥٦٧٨٩0123456789 \n،.“”«»…#_\u200f\xa0ﻻ")
    ),
    max_size=60,
)


@given(ARABIC_TEXT)
def test_offset_map_is_monotonic_and_local(text):
    v = normalize(text)
    assert len(v.text) == len(v.starts) == len(v.ends)
    assert list(v.starts) == sorted(v.starts)
    for i, ch in enumerate(v.text):
        s, e = v.starts[i], v.ends[i]
        assert 0 <= s < e <= len(text)
        # every view character comes from the original character it maps to
        assert ch in normalize(text[s:e]).text


@given(ARABIC_TEXT, st.integers(0, 60), st.integers(0, 60))
def test_round_trip_of_any_view_span(text, a, b):
    v = normalize(text)
    ns, ne = sorted((min(a, len(v.text)), min(b, len(v.text))))
    s, e = v.to_original(ns, ne)
    assert 0 <= s <= e <= len(text)
    # the original span normalizes back to (at least) the view span
    assert v.text[ns:ne] in normalize(text[s:e]).text
