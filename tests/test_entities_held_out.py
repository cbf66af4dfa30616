"""Entities in sentences of newsrooms the gold sets do not hold (written for these tests): the
mechanisms a held-out bulletin needs.

SPANS: (text, type, surface) — a mention of that type with exactly that surface.
TRAPS: (text, type, surface) — no mention of that type with that surface (rules and model).
"""

from __future__ import annotations

import pytest

from pipeline.process import process_text


def found(text: str, etype: str, model: bool = True) -> set[str]:
    doc = process_text(text, model=model)
    for e in doc.entities:
        assert doc.text[e.start : e.end] == e.text, e
    return {e.text for e in doc.entities if e.type == etype}


SPANS = [
    # the country itself, without tanween, stays a place
    ("وصل الوفد الطبي إلى ليبيا أمس لتقييم احتياجات المستشفيات.", "LOC", "ليبيا"),
    ("وأعلنت سوريا عن حملة تطعيم جديدة ضد الحصبة.", "LOC", "سوريا"),
    # a colour word is a family name right after a given name
    ("وقال وزير الصحة فراس الأبيض إن الوضع في المستشفيات مستقر.", "PERSON", "فراس الأبيض"),
    ("وأكد الوزير خالد الأحمر أن الفرق الطبية جاهزة.", "PERSON", "خالد الأحمر"),
    # a title that is a family name inside a three-part name
    ("وقالت الدكتورة فاطمة السيد علي إن العيادة ستستقبل المراجعين.", "PERSON", "فاطمة السيد علي"),
    ("وصرحت مديرة الإدارة منى الشيخ أحمد بأن الحملة ستستمر أسبوعاً.", "PERSON", "منى الشيخ أحمد"),
    # an unknown given name before عبد + a name
    ("وأوضح مدير المستشفى حيان عبد الغني أن العمل مستمر.", "PERSON", "حيان عبد الغني"),
    ("وقال الدكتور رواد عبد الكريم إن المختبر استلم العينات.", "PERSON", "رواد عبد الكريم"),
    # a number and its scale word inside a programme's name
    ("أطلقت الوزارة مبادرة 100 مليون صحة للكشف المبكر عن فيروس سي.", "PROGRAM", "مبادرة 100 مليون صحة"),
    ("وأعلنت الجمعية إطلاق حملة مليون شتلة في المدارس.", "PROGRAM", "حملة مليون شتلة"),
    # a definite word no lexicon knows after منطقة is the place's name
    ("دشنت الهيئة مركز الفحص الطبي الجديد في منطقة القصيص بحضور المدير.", "LOC", "القصيص"),
    # a town's name of two frequent words (places_open.tsv, weighed against its population)
    ("ويعاني مجمع الأمل الطبي في خان يونس من نقص حاد في الوقود.", "LOC", "خان يونس"),
]

TRAPS = [
    # an adverbial nisba adjective with tanween is no place: "الأكبر ليبياً" (the largest in Libya)
    ("ويعد المركز الأكبر ليبياً في جراحة القلب المفتوح.", "LOC", "ليبياً"),
    ("ويحتل المستشفى المرتبة الأولى ليبيًا وعربياً في زراعة الكلى.", "LOC", "ليبيًا"),
    ("وأصبح البرنامج الأوسع انتشاراً سورياً خلال العام الماضي.", "LOC", "سورياً"),
    # a colour after a body is its adjective, no name: the Red Crescent stays one body
    ("وأشاد الوزير بدور الهلال الأحمر في نقل المصابين.", "PERSON", "الهلال الأحمر"),
    # a title that is no family name, before another person's name, ends the first name
    ("استقبل المدير سامي الدكتور عبد الرزاق في مكتبه.", "PERSON", "سامي الدكتور عبد الرزاق"),
    # an imperfect verb before عبد + a name is no given name
    ("وقال مدير المستشفى يستقبل عبد الله المرضى.", "PERSON", "يستقبل عبد الله"),
    # a sum or a count of days is no part of a programme's name
    ("أطلقت الوزارة مبادرة 100 مليون دولار لدعم المستشفيات.", "PROGRAM", "مبادرة 100 مليون دولار"),
    ("نفذت البلدية حملة 100 يوم لتنظيف الشوارع.", "PROGRAM", "حملة 100 يوم"),
    # a known common word after منطقة names no place
    ("ونقل المصابون من منطقة الحوادث إلى المستشفى.", "LOC", "الحوادث"),
    ("وتعرضت منطقة الطوارئ في المستشفى للقصف.", "LOC", "الطوارئ"),
    ("ونجح الجراحون في فصل توأم ملتصق في منطقة البطن بعد عملية دامت ثماني ساعات.", "LOC", "البطن"),
    # the name of a crossing or a street is the place's, no person's
    ("تسلمت الوزارة شحنة من حليب الأطفال عبر معبر كرم أبو سالم، مشيراً إلى نقص حاد.", "PERSON", "أبو سالم"),
    ("وصلت القافلة الطبية إلى شارع أبو بكر الصديق وسط المدينة.", "PERSON", "أبو بكر الصديق"),
]


@pytest.mark.parametrize(("text", "etype", "surface"), SPANS)
@pytest.mark.parametrize("model", [True, False])
def test_spans(text: str, etype: str, surface: str, model: bool) -> None:
    assert surface in found(text, etype, model)


@pytest.mark.parametrize(("text", "etype", "surface"), TRAPS)
@pytest.mark.parametrize("model", [True, False])
def test_traps(text: str, etype: str, surface: str, model: bool) -> None:
    assert surface not in found(text, etype, model)
