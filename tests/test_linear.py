"""Long documents: the indexes that make the stages linear in a document's length answer what
the whole scans answered, and a bulletin of many paragraphs costs about the sum of its parts."""

from __future__ import annotations

import time

import pytest

from pipeline.event_triggers import Reader
from pipeline.models import Document
from pipeline.process import process, process_text
from pipeline.quantities import _Reader

PARAGRAPHS = [
    "أجرى الفريق الطبي بمستشفى مصراتة المركزي 14 عملية قسطرة قلبية خلال الأسبوع الماضي.",
    "وأوضح مدير مركز طرابلس الطبي أن القسم استقبل 120 حالة، بينها 9 حالات ولادة قيصرية.",
    "أوفد جهاز دعم وتطوير الخدمات العلاجية 35 مريضاً للعلاج في تونس يوم 3 مارس 2024.",
    "افتتح وزير الصحة قسم الغسيل الكلوي بمستشفى زليتن التعليمي بسعة 20 سريراً.",
    "وأطلق البرنامج الوطني لزراعة الكلى حملته الثانية في مستشفى سبها الطبي.",
]
BULLETIN = "\n".join(PARAGRAPHS)


def _doc(text: str) -> Document:
    return process(Document(doc_id="t", text=text), model=False)


def test_token_at_is_the_token_over_an_offset_else_the_next():
    doc = _doc(BULLETIN)
    reader = _Reader(doc)

    def scan(offset: int) -> int:  # the definition
        for tok in doc.tokens:
            if tok.start <= offset < tok.end or tok.start > offset:
                return tok.i
        return len(doc.tokens)

    assert [reader._token_at(o) for o in range(len(doc.text) + 2)] == [
        scan(o) for o in range(len(doc.text) + 2)
    ]


def test_number_between_counts_the_numbers_in_a_token_range():
    doc = _doc(BULLETIN)
    reader = _Reader(doc)
    n = len(doc.tokens)
    for count_i in range(0, n, 3):
        for i in range(0, n, 5):
            got = reader._number_between(count_i, count_i + 1, i, i + 1)
            lo, hi = (count_i + 1, i) if i >= count_i + 1 else (i + 1, count_i)
            assert got == any(t.is_num for t in doc.tokens[lo:hi])


def test_event_reader_indexes_answer_as_whole_scans():
    doc = _doc(BULLETIN * 3)
    reader = Reader(doc)
    n = len(doc.tokens)
    for lo in range(0, n, 7):
        scope = [(lo, lo + 9), (lo + 20, lo + 25)]
        for items in (doc.entities, doc.quantities):
            expected = [x for x in items if any(a <= reader.tok(x.start) < b for a, b in scope)]
            assert reader.within(items, scope) == expected
    for e in doc.entities:
        names = ("FACILITY", "ORG", "PROGRAM")
        expected = any(
            o is not e and o.type in names and o.start <= e.start and e.end <= o.end and o.type != e.type
            for o in doc.entities
        )
        assert reader.nested(e) == expected
    assert any(reader.nested(e) for e in doc.entities)  # the table holds a nested name


@pytest.mark.parametrize("copies", [5, 40])
def test_a_repeated_paragraph_gives_its_mentions_once_per_copy(copies):
    one = _doc(BULLETIN + "\n")
    many = _doc((BULLETIN + "\n") * copies)
    step = len(BULLETIN) + 1
    for field in ("entities", "quantities", "dates"):
        first = [(x.start, x.end, x.text) for x in getattr(one, field)]
        assert first, field
        expected = [(s + k * step, e + k * step, t) for k in range(copies) for s, e, t in first]
        assert sorted((x.start, x.end, x.text) for x in getattr(many, field)) == sorted(expected), field


def test_cost_grows_linearly_with_the_length_of_a_document():
    sentence = PARAGRAPHS[0] + " "
    process_text(sentence, model=False)  # lexicons loaded

    def cost(n: int) -> float:
        best = float("inf")
        for _ in range(2):
            t0 = time.process_time()
            process_text(sentence * n, model=False)
            best = min(best, time.process_time() - t0)
        return best

    # 8 times the text: about 8 times the time (a quadratic stage gives 64; a margin for noise)
    assert cost(400) < 20 * cost(50)


@pytest.mark.parametrize(
    ("spans", "query", "expected"),
    [
        ([(0, 5), (10, 30), (12, 14)], (5, 10), False),  # between two names, touching both
        ([(0, 5), (10, 30), (12, 14)], (20, 25), True),  # inside a long name that starts earlier
        ([(0, 5), (10, 30), (12, 14)], (30, 40), False),
        ([(10, 30), (0, 5)], (4, 6), True),  # given out of order
        ([], (0, 3), False),
    ],
)
def test_span_index_answers_overlap_as_a_scan(spans, query, expected):
    from pipeline.spans import Spans  # the NER merge's and the quantities' blocked spans

    start, end = query
    assert Spans(spans).overlaps(start, end) is expected
    assert any(a < end and start < b for a, b in spans) is expected
