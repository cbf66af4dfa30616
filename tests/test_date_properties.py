"""Property tests: on arbitrary text mixing Arabic words, month names, digits, cue words and
punctuation, the dates and decrees stages never raise and every span is its own surface."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.dates import find_dates
from pipeline.decrees import find_decrees
from pipeline.models import Document

WORDS = [
    # month names of every tradition, with and without their article or spelling variants
    "مارس",
    "آذار",
    "كانون",
    "الثاني",
    "الأول",
    "تشرين",
    "ماي",
    "مايو",
    "رمضان",
    "شوال",
    "ذو",
    "الحجة",
    "جمادى",
    "الآخرة",
    "الفاتح",
    "الربيع",
    "أي",
    "النار",
    "جانفي",
    "أوت",
    "آب",
    "يونيه",
    # cues and relative words
    "الموافق",
    "من",
    "إلى",
    "حتى",
    "و",
    "بين",
    "يومي",
    "اليوم",
    "أمس",
    "غداً",
    "هذا",
    "الأسبوع",
    "الشهر",
    "العام",
    "الجاري",
    "الماضي",
    "المقبل",
    "الخميس",
    "الأحد",
    "عام",
    "لسنة",
    "لعام",
    "م",
    "هـ",
    "ميلادي",
    "هجري",
    # decree words
    "قرار",
    "لقرار",
    "بقرار",
    "القراران",
    "قانون",
    "مرسوم",
    "بقانون",
    "تعميم",
    "منشور",
    "رقم",
    "أرقام",
    "رئيس",
    "مجلس",
    "الوزراء",
    "وزير",
    "الصحة",
    "الصادر",
    "عن",
    "بشأن",
    "مجلس الأمن",
    # ordinary words
    "مستشفى",
    "عمليات",
    "قسطرة",
    "أجرى",
    "الفريق",
    "الطبي",
]
DIGITS = st.integers(min_value=0, max_value=3000).map(str) | st.sampled_from(
    ["٢٠٢٤", "١٤٤٥", "١٥", "12/أ", "أ/90", "15/03/2024", "2024-03-15", "١١/١٠/١٤٣٦", "5-10", "(649)"]
)
PUNCT = st.sampled_from(
    ["،", ",", ".", "(", ")", "“", "”", '"', "/", "-", ":", "ـ", "\u064b", "\u0651", "\n", "«", "»", "#"]
)
PIECE = st.sampled_from(WORDS) | DIGITS | PUNCT | st.text(max_size=3)
SEP = st.sampled_from([" ", "", "  ", "\u00a0", "\t"])


@st.composite
def texts(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(st.tuples(PIECE, SEP), max_size=30))
    return "".join(p + s for p, s in pieces)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts(), st.sampled_from([None, "2024-03-20", "2023-12-31"]))
def test_spans_are_surfaces(text: str, published: str | None) -> None:
    doc = find_decrees(find_dates(Document(doc_id="p", text=text, published=published)))
    for span in [*doc.dates, *doc.decrees, *doc.entities]:
        assert 0 <= span.start <= span.end <= len(text)
        assert text[span.start : span.end] == span.text
        assert span.text and span.text == span.text.strip()
    for d in doc.dates:
        assert d.value is None or len(d.value) == 10
    for dec in doc.decrees:
        assert dec.number
