"""Arabic numbers: digits, words in both genders, compounds, scales, mixed forms, ordinals."""

from __future__ import annotations

import pytest

from pipeline.numbers import digits_value, find_numbers, parse_number, parse_ordinal, to_words
from pipeline.tokenize import tokenize_text

CARDINALS = [
    # digits, separators, decimals
    ("6", 6),
    ("٦", 6),
    ("29", 29),
    ("٢٩", 29),
    ("600", 600),
    ("1,250", 1250),
    ("١٬٢٥٠", 1250),
    ("1,250,000", 1250000),
    ("1.5", 1.5),
    ("١٫٥", 1.5),
    ("2.25", 2.25),
    # units, both genders, case endings
    ("واحد", 1),
    ("واحدة", 1),
    ("اثنان", 2),
    ("اثنين", 2),
    ("اثنتان", 2),
    ("اثنتين", 2),
    ("ثلاث", 3),
    ("ثلاثة", 3),
    ("ثلاثاً", 3),
    ("أربع", 4),
    ("أربعة", 4),
    ("خمس", 5),
    ("خمسة", 5),
    ("ست", 6),
    ("ستة", 6),
    ("سبع", 7),
    ("سبعة", 7),
    ("ثماني", 8),
    ("ثمان", 8),
    ("ثمانية", 8),
    ("تسع", 9),
    ("تسعة", 9),
    ("عشر", 10),
    ("عشرة", 10),
    ("عشراً", 10),
    # teens
    ("أحد عشر", 11),
    ("إحدى عشرة", 11),
    ("اثنا عشر", 12),
    ("اثني عشر", 12),
    ("اثنتا عشرة", 12),
    ("ثلاثة عشر", 13),
    ("ثلاث عشرة", 13),
    ("خمسة عشر", 15),
    ("تسعة عشر", 19),
    ("تسع عشرة", 19),
    # tens and compounds
    ("عشرون", 20),
    ("عشرين", 20),
    ("ثلاثون", 30),
    ("أربعين", 40),
    ("الستون", 60),
    ("تسعين", 90),
    ("ثلاثة وعشرون", 23),
    ("تسعة وعشرين", 29),
    ("واحد وعشرون", 21),
    ("إحدى وعشرون", 21),
    ("اثنان وثلاثون", 32),
    ("خمس وأربعين", 45),
    ("ثمانية و تسعون", 98),
    # hundreds
    ("مائة", 100),
    ("مئة", 100),
    ("مائتان", 200),
    ("مائتي", 200),
    ("مئتين", 200),
    ("مائتا", 200),
    ("ثلاثمائة", 300),
    ("ثلاث مئة", 300),
    ("ستمائة", 600),
    ("ثمانمائة", 800),
    ("تسعمئة", 900),
    ("مائة وخمسون", 150),
    ("ثلاثمائة وخمسة وعشرون", 325),
    ("مائتان وأحد عشر", 211),
    # thousands and millions
    ("ألف", 1000),
    ("ألفاً", 1000),
    ("ألفان", 2000),
    ("ألفين", 2000),
    ("ثلاثة آلاف", 3000),
    ("عشرة آلاف", 10000),
    ("أحد عشر ألفاً", 11000),
    ("مائة ألف", 100000),
    ("مائتي ألف", 200000),
    ("ثلاثمائة وخمسون ألفاً ومائتان", 350200),
    ("ألف ومائتان", 1200),
    ("ألفاً ومائتي", 1200),
    ("مليون", 1000000),
    ("مليونين", 2000000),
    ("مليوني", 2000000),
    ("ثلاثة ملايين", 3000000),
    ("مليار", 1000000000),
    ("مليون وخمسمائة ألف", 1500000),
    # mixed digits and words
    ("39 ألفاً و225", 39225),
    ("2 مليون", 2000000),
    ("1.5 مليون", 1500000),
    ("5 آلاف", 5000),
    ("500 ألف", 500000),
    # and a half of the last scale
    ("مليون ونصف المليون", 1500000),
    ("مليون ونصف", 1500000),
    ("ألفان ونصف", 2500),
    ("3 ملايين ونصف المليون", 3500000),
    # clitics
    ("بثلاث", 3),
    ("وستة", 6),
    ("لمائة", 100),
]


@pytest.mark.parametrize(("text", "value"), CARDINALS)
def test_cardinals(text: str, value: int | float) -> None:
    assert parse_number(text) == value


NOT_ONE_CARDINAL = [
    "آلاف",  # "thousands": not a number by itself
    "ملايين",
    "إحدى",  # "one of"
    "أحد",
    "6 و 7",  # two numbers, not 13
    "عشرون و ثلاثة",  # units come before tens in Arabic
    "مستشفى",
    "الثالثة",  # an ordinal
    "الـ 32",
    "ثلاثة ونصف",  # a half after a unit is no scale's half: no one cardinal here
    "",
]


@pytest.mark.parametrize("text", NOT_ONE_CARDINAL)
def test_not_one_cardinal(text: str) -> None:
    assert parse_number(text) is None


ORDINALS = [
    ("الأول", 1),
    ("الأولى", 1),
    ("الثاني", 2),
    ("الثالثة", 3),
    ("الثالث", 3),
    ("الخامسة", 5),
    ("العاشر", 10),
    ("الحادي عشر", 11),
    ("الثالثة عشرة", 13),
    ("الحادي والعشرون", 21),
    ("الثاني والعشرين", 22),
    ("الـ 32", 32),
    ("الـ32", 32),
]


@pytest.mark.parametrize(("text", "value"), ORDINALS)
def test_ordinals(text: str, value: int) -> None:
    assert parse_ordinal(text) == value
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("أجريت 6 عمليات و3 جلسات", [6, 3]),
        ("ثلاثة أطفال وعشرون مريضاً", [3, 20]),  # و before a ten after a unit + noun: two numbers
        ("من 10 إلى 15 حالة", [10, 15]),
        ("بلغ العدد 1,250 ثم 39 ألفاً و225", [1250, 39225]),
    ],
)
def test_find_numbers(text: str, values: list[int]) -> None:
    assert [n.value for n in find_numbers(tokenize_text(text)) if not n.ordinal] == values


@pytest.mark.parametrize(
    ("digits", "value"),
    [
        ("12", 12),
        ("1,250", 1250),
        ("1.5", 1.5),
        ("1.250.000", 1250000),
        ("3,5", 3.5),
        ("x", None),
        ("999,999,999,999,999", 999_999_999_999_999),  # MAX_DIGITS digits: still a number
        ("1" * 16, None),  # one digit more: noise, not a count
        ("7" * 5000, None),  # beyond Python's int-string limit: no ValueError
        ("1" + ",000" * 1500, None),
    ],
)
def test_digits_value(digits: str, value: int | float | None) -> None:
    assert digits_value(digits) == value


@pytest.mark.parametrize(
    ("n", "feminine", "oblique", "words"),
    [
        (3, False, False, "ثلاثة"),
        (3, True, False, "ثلاث"),
        (11, True, False, "إحدى عشرة"),
        (12, False, False, "اثنا عشر"),
        (23, False, False, "ثلاثة وعشرون"),
        (29, False, True, "تسعة وعشرين"),
        (200, False, True, "مائتين"),
        (2000, False, False, "ألفان"),
        (3000, False, False, "ثلاثة آلاف"),
        (600, False, False, "ستمائة"),
    ],
)
def test_to_words(n: int, feminine: bool, oblique: bool, words: str) -> None:
    assert to_words(n, feminine, oblique) == words


@pytest.mark.parametrize(
    "text",
    [
        "وصلت إلى المستشفى " + "9" * 5000 + " جرعة من لقاح الحصبة و3 سيارات إسعاف.",
        "وصلت إلى المستشفى 1" + ",000" * 1500 + " جرعة من لقاح الحصبة و3 سيارات إسعاف.",
        "رصدت الوزارة 999999999999 مليار دينار و3 سيارات إسعاف.",
    ],
)
def test_huge_numbers_cost_nothing_but_themselves(text: str) -> None:
    """A number too long to be a count is no number; the rest of the bulletin is read."""
    from pipeline import process_text
    from pipeline.numbers import MAX_NUMBER

    values = [q.value for q in process_text(text).quantities]
    assert values[-1] == 3
    assert all(v < MAX_NUMBER for v in values)
