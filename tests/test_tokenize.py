"""Tokenization: attached proclitics are separated for matching, spans exclude
them, and words that merely start with those letters stay whole."""

from __future__ import annotations

import pytest

from pipeline.tokenize import span_of, tokenize_text


def _word(text: str, i: int = 0):
    return [t for t in tokenize_text(text) if t.is_word][i]


@pytest.mark.parametrize(
    "word, prefix, stem, surface",
    [
        ("بمستشفى", "ب", "مستشفي", "مستشفى"),  # a lexicon word after ب
        ("للعلاج", "ل", "العلاج", "لعلاج"),  # ل + ال written لل: the stem gets its alef back
        ("وبالتعاون", "وب", "التعاون", "التعاون"),  # conjunction + preposition + article
        ("بالإمارات", "ب", "الامارات", "الإمارات"),
        ("والتحاليل", "و", "التحاليل", "التحاليل"),
        ("فالمستشفى", "ف", "المستشفي", "المستشفى"),
        ("كالمعتاد", "ك", "المعتاد", "المعتاد"),
        ("وبمستشفى", "وب", "مستشفي", "مستشفى"),
    ],
)
def test_proclitics_are_separated(word, prefix, stem, surface):
    t = _word(word)
    assert (t.prefix, t.stem) == (prefix, stem)
    assert word[t.stem_start : t.end] == surface


@pytest.mark.parametrize(
    "word",
    [
        "وزارة",
        "بنغازي",
        "لجنة",
        "فريق",
        "وطني",
        "بطاقة",
        "كلية",
        "فرع",
        "لقاء",
        "برنامج",
        "ليبيا",
        "بلدية",
        # given names whose rest is another name: كريم is not ك + ريم, كامل not ك + أمل
        "كريم",
        "كامل",
        "فيصل",
        "كمال",
        "وليد",
        "بشير",
        "فرج",
        "لطفي",
        "وفاء",
        "فاطمة",
    ],
)
def test_words_that_merely_start_with_a_clitic_letter_stay_whole(word):
    t = _word(word)
    assert t.prefix == ""
    assert t.stem_start == t.start


@pytest.mark.parametrize(
    "text, kinds",
    [
        ("أجرى 6 عمليات.", ["word", "num", "word", "punct"]),
        ("عدد “3” عمليات", ["word", "punct", "num", "punct", "word"]),
        ("٣٫٥ مليون دينار", ["num", "word", "word"]),
        ("العلاجية…بدأت", ["word", "punct", "word"]),
    ],
)
def test_token_kinds(text, kinds):
    tokens = tokenize_text(text)
    assert [t.kind for t in tokens] == kinds
    # the kind tests are fields set by the tokenizer: they must agree with the kind
    assert [(t.is_word, t.is_num, t.is_punct) for t in tokens] == [
        (k == "word", k == "num", k == "punct") for k in kinds
    ]


@pytest.mark.parametrize(
    "word, bare",
    [
        ("بالمستشفى", "مستشفي"),  # proclitic and article off
        ("للعلاج", "علاج"),  # ل + ال: the stem gets its article back, the bare stem drops it
        ("وزارة", "وزاره"),  # no article
        ("الم", "الم"),  # too short to be the article and a word
    ],
)
def test_bare_stem(word, bare):
    (token,) = tokenize_text(word)
    assert token.bare == bare


def test_offsets_point_into_the_original():
    text = "بالتعاون مع الكوادر الطبية بمستشفى الهضبة الخضراء العام، ٦ عمليات قسطرة"
    tokens = tokenize_text(text)
    for t in tokens:
        assert text[t.start : t.end]  # never empty
        assert t.start <= t.stem_start < t.end
    i = next(k for k, t in enumerate(tokens) if t.stem == "مستشفي")
    s, e = span_of(tokens, i, i + 4)
    assert text[s:e] == "مستشفى الهضبة الخضراء العام"
    num = next(t for t in tokens if t.is_num)
    assert (num.text, text[num.start : num.end]) == ("6", "٦")
