"""Segmentation: the sample files come out with the gold line ranges, and the
discourse cues join and split paragraphs of other news as they should."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.ingest import ingest
from pipeline.models import Document
from pipeline.segment import continues, segment
from tests.conftest import CORPUS


def test_corpus_doc_ids_equal_gold(gold):
    docs = [d for d in ingest([CORPUS]) if isinstance(d, Document)]
    assert [d.doc_id for d in docs] == [g["id"] for g in gold]
    by_id = {g["id"]: g for g in gold}
    for d in docs:
        g = by_id[d.doc_id]
        assert d.text == g["text"]
        assert (d.source.line_start, d.source.line_end) == (
            g["source"]["line_start"],
            g["source"]["line_end"],
        )


VISIT = "استقبل مستشفى طرابلس المركزي وفداً من منظمة الصحة العالمية لبحث سبل التعاون في مجال مكافحة الأمراض المعدية."
MEETING = "عقدت وزارة الصحة اجتماعاً موسعاً مع مدراء المستشفيات العامة بمدينة بنغازي لمتابعة توفر الأدوية."
SURGERY = "أجرى فريق طبي بمستشفى الجلاء للجراحة والحوادث خمس عمليات جراحية لمرضى الكسور المعقدة."
CAMPAIGN = (
    "أعلن المركز الوطني لمكافحة الأمراض عن انطلاق الحملة الوطنية للتطعيم ضد شلل الأطفال يوم الأحد المقبل."
)
SHIPMENT = "وصلت إلى مخازن الإمداد الطبي بمدينة سبها شحنة جديدة من أدوية الأمراض المزمنة."


@pytest.mark.parametrize(
    "previous, paragraph",
    [
        # continuation particle + verb of reference + demonstrative
        (VISIT, "وتأتي هذه الزيارة في إطار برنامج المنظمة لدعم القطاع الصحي في ليبيا."),
        (SHIPMENT, "ويأتي ذلك ضمن خطة الوزارة لتوفير الأدوية في المناطق الجنوبية."),
        (SHIPMENT, "يأتي هذا في إطار تنفيذ خطة الإمداد للعام الحالي."),
        (SURGERY, "وتتم هذه العمليات بالتعاون مع أطباء من الخارج."),
        # verb of reference + a definite noun naming what the previous paragraph mentioned
        (MEETING, "وناقش الاجتماع خطة الوزارة لتوفير الأدوية خلال فصل الصيف."),
        (MEETING, "تمحور الاجتماع حول آليات توزيع الأدوية على المستشفيات."),
        (SURGERY, "وقد شملت العمليات تثبيت كسور الحوض والفخذ لدى ثلاثة مرضى."),
        (CAMPAIGN, "وتستمر الحملة لمدة أسبوع في جميع البلديات."),
        # reported speech after و/ف
        (CAMPAIGN, "وأوضح مدير المركز أن الحملة تستهدف أكثر من مليون طفل دون سن الخامسة."),
        (SHIPMENT, "وأضافت الوزارة في بيانها أن الشحنة تضم أدوية الأمراض المزمنة والأنسولين."),
        (VISIT, "وأكد ممثل المنظمة استعدادها لتقديم الدعم الفني للمستشفى."),
        (MEETING, "ودعا الوزير إلى الإسراع في توزيع الأدوية على المستشفيات."),
        (SURGERY, "وأشاد مدير المستشفى بجهود الفريق الطبي."),
        # و/ف + قد before any verb
        (SURGERY, "وقد أشرف على العمليات فريق طبي متخصص من أطباء المستشفى."),
        # continuation phrases
        (CAMPAIGN, "من جهته، أكد عميد البلدية استعداد البلدية لتقديم الدعم اللازم للحملة."),
        (VISIT, "كما تم خلال الزيارة تفقد أقسام الإيواء والعناية الفائقة."),
        (SHIPMENT, "يذكر أن الوزارة وزعت الشهر الماضي شحنة مماثلة على مستشفيات الجنوب."),
        (VISIT, "وفي السياق ذاته، زار الوفد مركز طرابلس الطبي."),
        # a demonstrative opening; a new-item phrase that itself points back
        (SURGERY, "وهذه هي المرة الأولى التي تجرى فيها مثل هذه العمليات بالمستشفى."),
        (VISIT, "في إطار هذه الزيارة، اطلع الوفد على سير العمل بقسم الطوارئ."),
        (VISIT, "وبهذه المناسبة، قدم الوفد شكره لإدارة المستشفى."),
        # a preposition relating what follows to something named before
        (MEETING, "وخلال الاجتماع، استعرض مدير إدارة الصيدلة احتياجات المستشفيات."),
        (VISIT, "وعلى هامش هذه الزيارة، وقع الطرفان مذكرة تفاهم."),
        (MEETING, "وحضر الاجتماع عدد من مدراء الإدارات بالوزارة."),
        # the tags of the post; a paragraph after a colon or a comma
        (SURGERY, "#توطين_العلاج #وزارة_الصحة"),
        ("وتشمل الخدمات المقدمة بالمركز:", "- الكشف المبكر عن أمراض القلب."),
        ("أعلنت الوزارة عن وصول شحنة الأدوية إلى مخازن الإمداد،", "وذلك بعد أسبوع من طلبها."),
    ],
)
def test_joins(previous, paragraph):
    assert continues(previous, paragraph)


@pytest.mark.parametrize(
    "previous, paragraph",
    [
        # a new item: framing phrases, support/supervision openers
        (VISIT, "في إطار حملة التوعية بمرض السكري، نظم مركز بنغازي الطبي يوماً مفتوحاً للكشف المبكر."),
        (SHIPMENT, "بدعم من منظمة اليونيسف، وصلت إلى ميناء طرابلس شحنة من اللقاحات."),
        (SURGERY, "بإشراف وزارة الصحة، انطلقت الدورة التدريبية الثانية لفنيي التخدير."),
        # a verb with a new subject
        (SHIPMENT, "استقبل مستشفى مصراتة التعليمي أول دفعة من أجهزة غسيل الكلى الجديدة."),
        (SURGERY, "ويواصل الفريق الطبي الزائر عمله في مستشفى سبها الطبي."),
        # reported speech without a particle opens a lede; قد alone is a modal
        (SURGERY, "قد يؤدي نقص الأدوية إلى تأجيل العمليات الجراحية، بحسب نقابة الأطباء."),
        (VISIT, "أكد وزير الصحة أن الوزارة ستوفر كل الإمكانيات لإنجاح الحملة."),
        # datelines
        (VISIT, "طرابلس - أعلنت وزارة الصحة عن افتتاح قسم جديد للحروق بمستشفى الحوادث."),
        (SHIPMENT, "بنغازي 12 مارس (وال) – افتتح مركز بنغازي الطبي وحدة جديدة للقسطرة."),
        # an explicit change of topic
        (CAMPAIGN, "من جهة أخرى، أعلن جهاز الإسعاف والطوارئ عن تسيير قوافل طبية إلى الجنوب."),
        (SHIPMENT, "وعلى صعيد آخر، استأنفت عيادة الأسنان بمستشفى غريان عملها."),
        # a verb of reference without any back-reference
        (SHIPMENT, "وتأتي مبادرة الجمعية تزامناً مع اليوم العالمي للتوحد."),
        (MEETING, "تم افتتاح مركز جديد لغسيل الكلى بمدينة زليتن."),
        (VISIT, "وخلال شهر رمضان، نظمت الجمعية الليبية للسكري حملة توعية في مدينة درنة."),
        (SURGERY, "بعد انقطاع دام شهرين، استأنف مركز سبها لغسيل الكلى خدماته."),
    ],
)
def test_does_not_join(previous, paragraph):
    assert not continues(previous, paragraph)


def test_segment_ranges():
    paragraphs = [
        MEETING,
        "وناقش الاجتماع خطة الوزارة لتوفير الأدوية خلال فصل الصيف.",
        "وأوضح الوزير أن الخطة تشمل جميع المستشفيات العامة.",
        SURGERY,
        "طرابلس - أعلنت وزارة الصحة عن افتتاح قسم جديد للحروق بمستشفى الحوادث.",
        "ويأتي هذا القسم ضمن خطة الوزارة لتطوير خدمات الطوارئ.",
    ]
    assert segment(paragraphs) == [(0, 2), (3, 3), (4, 5)]


def test_blank_lines_always_end_a_bulletin(tmp_path):
    # With blank lines the file is not segmented: a continuation after a blank line stays separate,
    # and line numbers count the blank lines.
    f = tmp_path / "news.txt"
    f.write_text(f"\n{VISIT}\n\nوتأتي هذه الزيارة في إطار برنامج المنظمة.\n{SHIPMENT}\n\n", encoding="utf-8")
    docs = [d for d in ingest([f]) if isinstance(d, Document)]
    assert [d.doc_id for d in docs] == ["news:2-2", "news:4-5"]
    assert docs[1].text == f"وتأتي هذه الزيارة في إطار برنامج المنظمة.\n{SHIPMENT}"


@pytest.mark.parametrize(
    "previous, paragraph",
    [
        # diacritics, tatweel and hamza variants do not change the decision
        (VISIT, "وتأتـــي هذهِ الزيارةُ في إطار برنامج المنظمة."),
        (MEETING, "تَمَحْوَرَ الاجتماعُ حول آليات توزيع الأدوية."),
        (CAMPAIGN, "واوضح مدير المركز ان الحملة تستهدف الأطفال."),
    ],
)
def test_joins_whatever_the_spelling(previous, paragraph):
    assert continues(previous, paragraph)


@given(
    st.lists(
        st.sampled_from(
            [VISIT, MEETING, SURGERY, "وتأتي هذه الجهود ضمن خطة الوزارة.", "كما تم توزيع الأدوية."]
        ),
        max_size=12,
    )
)
def test_segments_cover_every_paragraph_once_in_order(paragraphs):
    ranges = segment(paragraphs)
    covered = [k for a, b in ranges for k in range(a, b + 1)]
    assert covered == list(range(len(paragraphs)))
    assert all(a <= b for a, b in ranges)


def test_cr_only_line_endings(tmp_path):
    f = tmp_path / "old_mac.txt"
    f.write_bytes(f"{MEETING}\rوناقش الاجتماع خطة الوزارة.\r{SURGERY}\r".encode())
    assert [d.doc_id for d in ingest([f]) if isinstance(d, Document)] == ["old_mac:1-2", "old_mac:3-3"]
