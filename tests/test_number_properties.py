"""Property tests: numbers read back what `to_words` writes; quantity spans are exact on any text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.models import DateMention, Document
from pipeline.numbers import parse_number, to_words
from pipeline.quantities import find_quantities


@settings(max_examples=300, deadline=None)
@given(n=st.integers(min_value=1, max_value=999_999), feminine=st.booleans(), oblique=st.booleans())
def test_every_integer_in_words_reads_back(n: int, feminine: bool, oblique: bool) -> None:
    assert parse_number(to_words(n, feminine=feminine, oblique=oblique)) == n


@settings(max_examples=200, deadline=None)
@given(n=st.integers(min_value=1, max_value=999_999), feminine=st.booleans())
def test_spelled_variants_read_back(n: int, feminine: bool) -> None:
    # other spellings of the same words: مئة for مائة, و written apart, hamza dropped
    words = to_words(n, feminine=feminine).replace("مائة", "مئة").replace(" و", " و ").replace("أ", "ا")
    assert parse_number(words) == n


@settings(max_examples=200, deadline=None)
@given(n=st.integers(min_value=1, max_value=999_999))
def test_digits_read_back(n: int) -> None:
    assert parse_number(str(n)) == n
    assert parse_number(f"{n:,}") == n
    assert parse_number(str(n).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))) == n


# Pieces of bulletins: number words, counted nouns, cue words, clitics, digits, punctuation.
_PIECES = [
    "عمليات",
    "عملية",
    "عمليتين",
    "لمريضين",
    "طفلان",
    "أطفال",
    "حالة",
    "قسطرة",
    "دعامة",
    "زراعة",
    "ثلاث",
    "وعشرون",
    "ألفاً",
    "آلاف",
    "مائتي",
    "الـ",
    "نسخته",
    "أكثر",
    "من",
    "عدد",
    "شهرياً",
    "أعمارهم",
    "الستون",
    "عاماً",
    "دينار",
    "%",
    "،",
    ".",
    "“",
    "”",
    "(",
    ")",
    "ـ",
    "\u064b",
    "\n",
    "و",
    "بـ",
    "لسنة",
    "رقم",
]
_text = st.lists(
    st.one_of(
        st.sampled_from(_PIECES),
        st.integers(min_value=0, max_value=10**7).map(str),
        st.text(alphabet="٠١٢٣٤٥٦٧٨٩٫٬,.", min_size=1, max_size=6),
        st.text(min_size=1, max_size=4),
    ),
    max_size=25,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(text=_text)
def test_quantity_offsets_on_arbitrary_text(text: str) -> None:
    doc = find_quantities(Document(doc_id="t", text=text))
    for q in doc.quantities:
        assert text[q.start : q.end] == q.text
        assert q.text == q.text.strip()


@settings(max_examples=100, deadline=None)
@given(text=_text, cut=st.integers(min_value=0, max_value=200))
def test_numbers_inside_dates_are_not_quantities(text: str, cut: int) -> None:
    # a date covering the whole text hides every number in it
    doc = Document(doc_id="t", text=text)
    if text:
        doc.dates = [DateMention(text=text, start=0, end=len(text))]
    assert find_quantities(doc).quantities == []
