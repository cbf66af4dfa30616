"""The entity recognizer on real Arabic: (text, expected type, surface[, id]).

Three tables:
  - LINKED: mentions of lexicon entries (checked with their id where it is a
    contract: procedure codes, condition and programme ids);
  - UNSEEN: names no lexicon holds, found by the grammar (the test checks that
    the name is indeed in no lexicon);
  - ABSENT: traps and generic mentions that are not entities of a type.
"""

from __future__ import annotations

from functools import lru_cache

import pytest

from pipeline.entities import LEXICON_TYPES, find_entities
from pipeline.lexicons import load
from pipeline.models import Document, Entity
from pipeline.normalize import norm


def entities(text: str) -> list[Entity]:
    doc = find_entities(Document(doc_id="t", text=text))
    for e in doc.entities:
        assert doc.text[e.start : e.end] == e.text, e
    return doc.entities


def found(text: str, etype: str) -> dict[str, Entity]:
    return {e.text: e for e in entities(text) if e.type == etype}


@lru_cache(maxsize=1)
def lexicon_forms() -> frozenset[str]:
    forms: set[str] = set()
    for name, _ in LEXICON_TYPES:
        for entry in load(name):
            forms.update(norm(f) for f in entry.ar)
    return frozenset(forms)


# (text, type, surface, id or None when the id is not checked)
LINKED = [
    # procedures: the id is the procedure code (contract with quantities and events)
    ("أجرى الفريق الطبي 6 عمليات قسطرة خلال هذا الأسبوع.", "PROCEDURE", "قسطرة", "catheterization"),
    ("تم إجراء ثلاث عمليات قسطرة قلبية ناجحة لمرضى القلب.", "PROCEDURE", "قسطرة قلبية", "catheterization"),
    ("أجريت عمليتي قسطرة تشخيصية بنجاح.", "PROCEDURE", "قسطرة تشخيصية", "catheterization"),
    ("إجراء قسطرة قلبية تشخيصية لطفل.", "PROCEDURE", "قسطرة قلبية تشخيصية", "catheterization"),
    ("بالإضافة إلى قسطرة استكشافية للحالة الثالثة.", "PROCEDURE", "قسطرة استكشافية", "catheterization"),
    ("استمرار عمليات القسطرة القلبية للأطفال.", "PROCEDURE", "القسطرة القلبية", "catheterization"),
    ("شملت العمليات إجراء زراعة دعامة لمريض.", "PROCEDURE", "زراعة دعامة", "stent_implantation"),
    ("تم تركيب دعامات قلبية لعدد من المرضى.", "PROCEDURE", "تركيب دعامات قلبية", "stent_implantation"),
    ("نجاح عمليات القلب المفتوح للأطفال.", "PROCEDURE", "عمليات القلب المفتوح", "open_heart_surgery"),
    ("قسم جراحة القلب يستقبل الحالات.", "PROCEDURE", "جراحة القلب", "cardiac_surgery"),
    ("أجريت 12 عملية جراحية في قسم العظام.", "PROCEDURE", "عملية جراحية", "surgery"),
    ("نجاح أول عملية زراعة كلى في المستشفى.", "PROCEDURE", "زراعة كلى", "kidney_transplant"),
    ("تستأنف عمليات زراعة الكلى بعد توقف.", "PROCEDURE", "زراعة الكلى", "kidney_transplant"),
    ("أجرى الفريق عملية زراعة كبد لطفلة.", "PROCEDURE", "زراعة كبد", "liver_transplant"),
    ("إيفاد مرضى زراعة النخاع إلى الخارج.", "PROCEDURE", "زراعة النخاع", "bone_marrow_transplant"),
    ("عمليات زراعة القرنية للمرضى.", "PROCEDURE", "زراعة القرنية", "cornea_transplant"),
    ("برنامج زراعة القوقعة للأطفال الصم.", "PROCEDURE", "زراعة القوقعة", "cochlear_implant"),
    ("افتتاح وحدة غسيل الكلى بالمستشفى.", "PROCEDURE", "غسيل الكلى", "dialysis"),
    ("يحتاج مرضى الغسيل الكلوي إلى جلسات منتظمة.", "PROCEDURE", "الغسيل الكلوي", "dialysis"),
    ("إجراء عمليات المياه البيضاء لكبار السن.", "PROCEDURE", "المياه البيضاء", "cataract_surgery"),
    ("مخيم لعمليات العيون في الجنوب.", "PROCEDURE", "عمليات العيون", "eye_surgery"),
    ("أجريت عمليات جراحة العظام بنجاح.", "PROCEDURE", "جراحة العظام", "orthopedic_surgery"),
    ("أجريت عملية تغيير مفصل الركبة لمريضة.", "PROCEDURE", "تغيير مفصل الركبة", "joint_replacement"),
    ("قسم جراحة المخ والأعصاب يجري العمليات.", "PROCEDURE", "جراحة المخ والأعصاب", "neurosurgery"),
    ("استئصال المرارة بالمنظار الجراحي.", "PROCEDURE", "المنظار الجراحي", "laparoscopic_surgery"),
    ("وصول جهاز منظار هضمي جديد.", "PROCEDURE", "منظار هضمي", "endoscopy"),
    ("تمت 40 ولادة قيصرية خلال الشهر.", "PROCEDURE", "ولادة قيصرية", "cesarean_section"),
    ("سجل القسم 120 حالة ولادة طبيعية.", "PROCEDURE", "ولادة طبيعية", "delivery"),
    ("انطلاق حملة التطعيم في المدارس.", "PROCEDURE", "التطعيم", "vaccination"),
    ("توفير لقاحات الأطفال في المراكز.", "PROCEDURE", "لقاحات", "vaccination"),
    ("وصول أدوية العلاج الكيماوي إلى المركز.", "PROCEDURE", "العلاج الكيماوي", "chemotherapy"),
    ("توقف جهاز العلاج الإشعاعي عن العمل.", "PROCEDURE", "العلاج الإشعاعي", "radiotherapy"),
    # ل + ال written "لل": the surface keeps the article's lam ("لعلاج"), the scorer reads "العلاج"
    ("للعلاج الجيني في الخارج.", "PROCEDURE", "لعلاج الجيني", "gene_therapy"),
    ("تلقى 4 أطفال الحقن الجينية.", "PROCEDURE", "الحقن الجينية", "gene_therapy"),
    ("بدأت التحاليل الجينية وتشخيص الأمراض النادرة.", "PROCEDURE", "التحاليل الجينية", "genetic_testing"),
    ("استكمال التحاليل الطبية اللازمة.", "PROCEDURE", "التحاليل الطبية", "lab_test"),
    ("تشغيل جهاز الرنين المغناطيسي بالمستشفى.", "PROCEDURE", "الرنين المغناطيسي", "imaging"),
    ("يحتاجون للعلاج الطبيعي داخل البلاد.", "PROCEDURE", "لعلاج الطبيعي", "physiotherapy"),
    ("يحتاجون إلى العلاج الطبيعي داخل البلاد.", "PROCEDURE", "العلاج الطبيعي", "physiotherapy"),
    ("إجراء الكشف الطبي على التلاميذ.", "PROCEDURE", "الكشف الطبي", "medical_examination"),
    ("حث المواطنين على التبرع بالدم.", "PROCEDURE", "التبرع بالدم", "blood_donation"),
    # conditions
    ("في إطار تعزيز خدمات علاج أمراض القلب داخل المستشفيات.", "CONDITION", "أمراض القلب", "heart_disease"),
    ("برنامج إيفاد مرضى ضمور العضلات الشوكي (SMA) للعلاج.", "CONDITION", "ضمور العضلات الشوكي", "sma"),
    ("خاصة مرض ضمور العضلات.", "CONDITION", "ضمور العضلات", "muscular_dystrophy"),
    ("تشخيص الأمراض النادرة والمستعصية ، بالتعاون", "CONDITION", "الأمراض النادرة والمستعصية", None),
    ("يعاني المرضى من السكري وارتفاع ضغط الدم.", "CONDITION", "السكري", "diabetes"),
    ("يعاني المرضى من السكري وارتفاع ضغط الدم.", "CONDITION", "ارتفاع ضغط الدم", "hypertension"),
    ("مرضى الأورام بحاجة إلى الدعم.", "CONDITION", "الأورام", "cancer"),
    ("الكشف المبكر عن سرطان الثدي.", "CONDITION", "سرطان الثدي", "cancer"),
    ("ارتفاع إصابات كورونا في المدينة.", "CONDITION", "كورونا", "covid19"),
    ("تسجيل حالات كوفيد-19 جديدة.", "CONDITION", "كوفيد-19", "covid19"),
    ("حملة التطعيم ضد شلل الأطفال.", "CONDITION", "شلل الأطفال", "polio"),
    ("رصد حالات الحصبة في الجنوب.", "CONDITION", "الحصبة", "measles"),
    ("مرضى الفشل الكلوي ينتظرون.", "CONDITION", "الفشل الكلوي", "kidney_failure"),
    ("أطفال التوحد يحتاجون رعاية.", "CONDITION", "التوحد", "autism"),
    ("توفير أدوية الثلاسيميا للمرضى.", "CONDITION", "الثلاسيميا", "thalassemia"),
    ("مرضى الهيموفيليا يتلقون العلاج.", "CONDITION", "الهيموفيليا", "hemophilia"),
    ("مكافحة السل في المناطق النائية.", "CONDITION", "السل", "tuberculosis"),
    ("انتشار الجرب في المدارس.", "CONDITION", "الجرب", "scabies"),
    ("انتشار التهاب الكبد الوبائي بين السكان.", "CONDITION", "التهاب الكبد الوبائي", "hepatitis"),
    ("علاج الأمراض المزمنة والوراثية في الداخل.", "CONDITION", "الأمراض المزمنة والوراثية", None),
    # programmes
    ("وتأتي هذه الجهود ضمن مبادرة توطين العلاج، وبدعم", "PROGRAM", "مبادرة توطين العلاج", "tawteen_alilaj"),
    ("ضمن مشروع توطين العلاج بالداخل.", "PROGRAM", "مشروع توطين العلاج بالداخل", "tawteen_alilaj"),
    ("يأتي هذا ضمن مشروع توطين العلاج الذي يهدف إلى", "PROGRAM", "مشروع توطين العلاج", "tawteen_alilaj"),
    ("ضمن إطار مشروع عودة الحياة بتوطين العلاج", "PROGRAM", "مشروع عودة الحياة", "awdat_alhayat"),
    (
        "في إطار تنفيذ برنامج إيفاد مرضى ضمور العضلات الشوكي (SMA) للعلاج",
        "PROGRAM",
        "برنامج إيفاد مرضى ضمور العضلات الشوكي",
        "sma_treatment_abroad",
    ),
    (
        "انطلقت الحملة الوطنية للتطعيم ضد شلل الأطفال في كل البلديات.",
        "PROGRAM",
        "الحملة الوطنية للتطعيم ضد شلل الأطفال",
        "polio_campaign",
    ),
    # organizations, facilities, places (linked by the data lexicons)
    ("جهاز دعم وتطوير الخدمات العلاجية", "ORG", "جهاز دعم وتطوير الخدمات العلاجية", None),
    ("التابع لجهاز دعم وتطوير الخدمات العلاجية، بالتعاون", "ORG", "جهاز دعم وتطوير الخدمات العلاجية", None),
    ("وبدعم مباشر من حكومة الوحدة الوطنية، لضمان", "ORG", "حكومة الوحدة الوطنية", None),
    ("الذي يدعمه رئيس الحكومة الوحدة الوطنية.", "ORG", "الحكومة الوحدة الوطنية", None),
    ("وبمتابعة مباشرة من مكتب النائب العام، في إطار", "ORG", "مكتب النائب العام", None),
    ("حذر المركز الوطني لمكافحة الأمراض من انتشار الحصبة.", "ORG", "المركز الوطني لمكافحة الأمراض", None),
    (
        "بالتعاون مع الكوادر الطبية بمستشفى الهضبة الخضراء العام، 6 عمليات",
        "FACILITY",
        "مستشفى الهضبة الخضراء العام",
        None,
    ),
    ("أجريت العملية في مستشفى الزاوية التعليمي أمس.", "FACILITY", "مستشفى الزاوية التعليمي", None),
    (
        "بالمركز الوطني لجراحة وعلاج القلب تاجوراء، عمليتي",
        "FACILITY",
        "المركز الوطني لجراحة وعلاج القلب تاجوراء",
        None,
    ),
    ("داخل مركز مصراتة للعلاج الطبيعي في مدينة مصراتة", "FACILITY", "مركز مصراتة للعلاج الطبيعي", None),
    (
        "للأطفال وحديثي الولادة بالمستشفى الجامعي بطرابلس، بإشراف",
        "FACILITY",
        "المستشفى الجامعي بطرابلس",
        None,
    ),
    ("الحالات التي تم إرسالها إلى مستشفى جليلة بالإمارات الحقن", "FACILITY", "مستشفى جليلة", None),
    ("داخل قسم العلاج الطبيعي في مستشفى الحوادث أبوسليم .", "FACILITY", "مستشفى الحوادث أبوسليم", None),
    ("تواصل فعاليات الدوري بمدينة #مصراتة الذي انطلق", "LOC", "مصراتة", None),
    ("إلى مستشفى جليلة بالإمارات الحقن الجينية", "LOC", "الإمارات", None),
    ("حيث سيقوم فريق من دولة سلوفاكيا بتنفيذ الدورة", "LOC", "سلوفاكيا", None),
    ("وصل الوفد إلى بنغازي قادما من طرابلس.", "LOC", "بنغازي", None),
    ("وصل الوفد إلى بنغازي قادما من طرابلس.", "LOC", "طرابلس", None),
]


@pytest.mark.parametrize(("text", "etype", "surface", "eid"), LINKED)
def test_linked(text: str, etype: str, surface: str, eid: str | None) -> None:
    got = found(text, etype)
    assert surface in got, f"{surface!r} not among {sorted(got)}"
    if eid is not None:
        assert got[surface].id == eid
    if etype != "PERSON" and got[surface].id is not None:
        assert got[surface].name_en


# Names that no lexicon holds: the grammar alone must find them.
UNSEEN = [
    # FACILITY: a head and its modifiers up to a boundary
    ("زار الوفد مستوصف الفرناج الصحي واطلع على سير العمل.", "FACILITY", "مستوصف الفرناج الصحي"),
    ("افتتاح مصحة الأمل الخاصة في المدينة.", "FACILITY", "مصحة الأمل الخاصة"),
    ("تستقبل عيادة الأسنان المركزية المراجعين يوميا.", "FACILITY", "عيادة الأسنان المركزية"),
    ("أعلن مختبر الصحة العامة المركزي عن نتائج التحاليل.", "FACILITY", "مختبر الصحة العامة المركزي"),
    ("أجريت الفحوصات في مجمع العيادات الخارجية بسبها.", "FACILITY", "مجمع العيادات الخارجية"),
    ("وقع مستشفى النساء والولادة اتفاقية تعاون.", "FACILITY", "مستشفى النساء والولادة"),
    ("نقل المصاب إلى مستشفى ابن سينا لتلقي العلاج.", "FACILITY", "مستشفى ابن سينا"),
    ("افتتاح مركز الكلى الصناعية بزليتن بعد صيانته.", "FACILITY", "مركز الكلى الصناعية"),
    ("تبرع المواطنون بالدم في مصحة الشفاء أمس.", "FACILITY", "مصحة الشفاء"),
    ("وصل الفريق إلى مستشفى الوحدة العلاجي بدرنة.", "FACILITY", "مستشفى الوحدة العلاجي"),
    ("يقدم مركز طب الأسرة خدماته للمواطنين.", "FACILITY", "مركز طب الأسرة"),
    ("زيارة ميدانية إلى مستوصف قصر بن غشير، حيث", "FACILITY", "مستوصف قصر بن غشير"),
    ("تستقبل عيادة الشفاء التخصصية الأطفال.", "FACILITY", "عيادة الشفاء التخصصية"),
    ("أعلن المركز الوطني لأمراض الدم عن حاجته للمتبرعين.", "FACILITY", "المركز الوطني لأمراض الدم"),
    ("تم تجهيز مختبر التحاليل الطبية المركزي بأحدث الأجهزة.", "FACILITY", "مختبر التحاليل الطبية المركزي"),
    ("يستقبل مجمع الصحة الإنجابية السيدات الحوامل.", "FACILITY", "مجمع الصحة الإنجابية"),
    ("تبرع المواطنون لبنك الدم المركزي ببنغازي.", "FACILITY", "بنك الدم المركزي"),
    ("صرح مدير مستشفى الجلاء محمد الفيتوري بأن الحالة مستقرة.", "FACILITY", "مستشفى الجلاء"),
    ("نقل الجرحى إلى مستشفى شهداء الزاوية لتلقي العلاج.", "FACILITY", "مستشفى شهداء الزاوية"),
    ("تم افتتاح مركز القلب بالبيضاء.", "FACILITY", "مركز القلب"),
    ("نقل المرضى إلى المستشفى الجامعي بغدامس أمس.", "FACILITY", "المستشفى الجامعي بغدامس"),
    # ORG: a head and its genitive/adjective complement
    ("شاركت نقابة أطباء ليبيا في الاجتماع.", "ORG", "نقابة أطباء ليبيا"),
    ("وجهت لجنة الأزمة الصحية بمتابعة الحالات.", "ORG", "لجنة الأزمة الصحية"),
    ("نظمت جمعية أصدقاء مرضى السكري ندوة توعوية.", "ORG", "جمعية أصدقاء مرضى السكري"),
    ("حصل مركز إيداع الأوراق المالية على شهادة الجودة.", "ORG", "مركز إيداع الأوراق المالية"),
    ("أعلنت شركة البريقة لتسويق النفط دعمها للمستشفى.", "ORG", "شركة البريقة لتسويق النفط"),
    ("شارك اتحاد الكشافة والمرشدات في حملة النظافة.", "ORG", "اتحاد الكشافة والمرشدات"),
    ("أعلن مكتب الخدمات الصحية بالبلدية عن الحملة.", "ORG", "مكتب الخدمات الصحية"),
    ("قررت اللجنة العليا لمكافحة جائحة كورونا فرض الحظر.", "ORG", "اللجنة العليا لمكافحة جائحة كورونا"),
    ("طلاب كلية الطب البشري بجامعة الزيتونة يتطوعون.", "ORG", "كلية الطب البشري"),
    ("طلاب كلية الطب البشري بجامعة الزيتونة يتطوعون.", "ORG", "جامعة الزيتونة"),
    ("اجتمع مجلس إدارة صندوق دعم المزارعين أمس.", "ORG", "مجلس إدارة صندوق دعم المزارعين"),
    ("أطلقت الهيئة العامة للمعلومات الرقمية منصة جديدة.", "ORG", "الهيئة العامة للمعلومات الرقمية"),
    # PERSON: after a title or a role phrase, the title excluded
    ("ويأتي هذا الإجراء برئاسة الدكتور أحمد مليطان، وإدارة المستشفى", "PERSON", "أحمد مليطان"),
    ("التقى وزير الصحة الدكتور رمضان أبو جناح بالوفد.", "PERSON", "رمضان أبو جناح"),
    ("أكد المهندس خالد الطاهر أن المشروع يسير وفق الخطة.", "PERSON", "خالد الطاهر"),
    ("صرح مدير مستشفى الجلاء محمد الفيتوري بأن الحالة مستقرة.", "PERSON", "محمد الفيتوري"),
    ("وقالت د. فاطمة الحمروش إن الحملة مستمرة.", "PERSON", "فاطمة الحمروش"),
    ("استقبل السيد عبد الحميد الدبيبة الوفد الطبي.", "PERSON", "عبد الحميد الدبيبة"),
    ("كرمت الأستاذة نجاة الزروق، المتطوعين.", "PERSON", "نجاة الزروق"),
    ("أوضح الدكتور علي الزناتي على هامش الاجتماع.", "PERSON", "علي الزناتي"),
    ("وقال رئيس الجهاز عمر الهادي خلال المؤتمر.", "PERSON", "عمر الهادي"),
    ("حضر المستشار الصديق الصور الجلسة.", "PERSON", "الصديق الصور"),
    ("أشرف الأستاذ الدكتور سالم المبروك بن علي على العملية.", "PERSON", "سالم المبروك بن علي"),
    # PROGRAM: a head and its name, quoted names
    ("تأتي هذه الجهود ضمن مبادرة صحة المرأة في الجنوب.", "PROGRAM", "مبادرة صحة المرأة"),
    ("انطلقت حملة تطعيم ضد الحصبة في المدارس.", "PROGRAM", "حملة تطعيم ضد الحصبة"),
    ("أطلقت الوزارة الخطة الوطنية لمكافحة التدخين هذا العام.", "PROGRAM", "الخطة الوطنية لمكافحة التدخين"),
    ("نظم الهلال الأحمر حملة التبرع بالدم في الجامعة.", "PROGRAM", "حملة التبرع بالدم"),
    ("يستفيد الجنوب من برنامج الطبيب الزائر منذ سنوات.", "PROGRAM", "برنامج الطبيب الزائر"),
    ("ضمن مشروع “عودة الحياة” لتوطين العلاج في الداخل،", "PROGRAM", "مشروع “عودة الحياة”"),
    ("أطلقت البلدية مبادرة «صحتك أولاً» للتوعية.", "PROGRAM", "مبادرة «صحتك أولاً»"),
    ("تواصل حملة النظافة الشاملة أعمالها في الأحياء.", "PROGRAM", "حملة النظافة الشاملة"),
    # LOC: "مدينة X" / "دولة X"
    ("وصل الوفد الطبي من دولة ليتوانيا أمس.", "LOC", "ليتوانيا"),
    ("شارك الفريق في مؤتمر طبي في مدينة فيرونا الإيطالية.", "LOC", "فيرونا"),
    ("وصلت شحنة الأدوية من دولة بوتسوانا أمس.", "LOC", "بوتسوانا"),
]


@pytest.mark.parametrize(("text", "etype", "surface"), UNSEEN)
def test_unseen_names(text: str, etype: str, surface: str) -> None:
    bare = surface.strip('“”«»"')
    assert norm(surface) not in lexicon_forms() and norm(bare) not in lexicon_forms(), "in a lexicon"
    got = found(text, etype)
    assert surface in got, f"{surface!r} not among {sorted(got)}"
    assert got[surface].id is None or etype == "PROGRAM"


def test_enough_unseen_names() -> None:
    assert len(UNSEEN) >= 40


# (text, type, surface): no entity of `type` with that surface; surface None: none of that type.
ABSENT = [
    # traps of the issue
    ("حصل الفريق على المركز الثالث في البطولة.", "FACILITY", None),
    ("حصل الفريق على المركز الثالث في البطولة.", "ORG", None),
    ("حصل مركز إيداع الأوراق المالية على شهادة الجودة.", "FACILITY", None),
    ("تابع الوزير سير العمل من غرفة العمليات الرئيسية.", "FACILITY", None),
    ("أجريت العمليات داخل غرف العمليات الرئيسية بالمستشفى.", "FACILITY", None),
    ("أطلقت البلدية حملة زراعة الأشجار في الطرق.", "PROCEDURE", None),
    (
        "في إطار جهود حكومة الوحدة الوطنية لدعم وتطوير الخدمات العلاجية، تم",
        "ORG",
        "جهاز دعم وتطوير الخدمات العلاجية",
    ),
    (
        "في إطار جهود حكومة الوحدة الوطنية لدعم وتطوير الخدمات العلاجية، تم",
        "ORG",
        "حكومة الوحدة الوطنية لدعم وتطوير الخدمات العلاجية",
    ),
    ("لتوفير خدمات طبية متقدمة داخل المستشفيات المحلية، في إطار", "FACILITY", None),
    # generic mentions
    ("داخل المستشفيات والمراكز الصحية العامة، كجزء من", "FACILITY", None),
    ("أجرى الفريق الطبي العملية بالتعاون مع الكوادر الطبية.", "ORG", None),
    ("يأتي هذا في إطار التزام الجهاز بتوفير الرعاية.", "ORG", None),
    ("بحضور عدد من مدراء الإدارات المعنية بالهيئة، إضافة", "ORG", None),
    ("وأكدت الوزارة أن المستشفى سيستقبل الحالات.", "ORG", None),
    ("وأكدت الوزارة أن المستشفى سيستقبل الحالات.", "FACILITY", None),
    ("بالتعاون مع الكادر الطبي بالمستشفى .", "FACILITY", None),
    (
        "بدأت داخل قسم المختبرات الرئيسية بمستشفى الهضبة الخضراء العام التحاليل",
        "FACILITY",
        "قسم المختبرات الرئيسية",
    ),
    (
        "بدأت داخل قسم المختبرات الرئيسية بمستشفى الهضبة الخضراء العام التحاليل",
        "FACILITY",
        "مستشفى الهضبة الخضراء العام التحاليل",
    ),
    ("حيث يتم تنفيذ عمليات جراحية في عدة مراكز ومستشفيات عامة أخرى.", "FACILITY", None),
    ("أكدت اللجنة المختصة استمرار العمل.", "ORG", None),
    ("افتتح المستشفى الميداني أبوابه.", "FACILITY", None),
    # a name ends at a boundary, a verb or an object
    ("وقع مستشفى الكفرة العام اتفاقية مع الوزارة.", "FACILITY", "مستشفى الكفرة العام اتفاقية"),
    ("أكد ديوان المحاسبة التزامهم بالقانون.", "ORG", "ديوان المحاسبة التزامهم"),
    ("صرح مدير مستشفى الجلاء محمد الفيتوري بأن الحالة مستقرة.", "FACILITY", "مستشفى الجلاء محمد الفيتوري"),
    (
        "قرار رئيس مجلس وزراء حكومة الوحدة الوطنية رقم (649) لسنة 2024",
        "ORG",
        "مجلس وزراء حكومة الوحدة الوطنية رقم",
    ),
    ("إلى مستشفى جليلة بالإمارات الحقن الجينية", "FACILITY", "مستشفى جليلة بالإمارات"),
    ("ضمن مشروع “عودة الحياة” لتوطين العلاج في الداخل", "PROGRAM", "توطين العلاج"),
    ("مشروع عودة الحياة بتوطين العلاج، حيث", "PROGRAM", "مشروع عودة الحياة بتوطين العلاج"),
    # persons need a title or a role phrase and a name
    ("الذي يدعمه رئيس الحكومة الوحدة الوطنية.", "PERSON", None),
    ("ومدير صندوق التضامن الاجتماعي فرع مصراتة، بحضور", "PERSON", None),
    ("بين رئيس اللجنة المركزية للمنطقة الوسطى بالجهاز ومدير الصندوق", "PERSON", None),
    ("أكد الدكتور المشرف على الحالة استقرارها.", "PERSON", None),
    ("برئاسة الدكتور أحمد مليطان، وإدارة المستشفى", "PERSON", "الدكتور أحمد مليطان"),
    # programmes: a plan of a body, a predicate after a definite head
    ("تأتي هذه الخطوة في إطار استراتيجية حكومة الوحدة الوطنية لتوطين علاجات", "PROGRAM", None),
    ("أكد المهندس أن المشروع يسير وفق الخطة.", "PROGRAM", None),
    ("وقالت إن الحملة مستمرة حتى نهاية الشهر.", "PROGRAM", None),
    ("ويأتي ضمن المبادرات الرياضية الرمضانية التي دعمها الجهاز.", "PROGRAM", None),
    # places: adjectives of nationality and common nouns are not places
    ("يواصل الفريق الطبي السلوفاكي عمله من مختلف المدن الليبية.", "LOC", None),
    ("حصلت المدينة الرياضية على الدعم.", "LOC", None),
    # nested: the longest name wins
    ("بالمركز الوطني لجراحة وعلاج القلب تاجوراء، عمليتي", "PROCEDURE", None),
    ("داخل مركز مصراتة للعلاج الطبيعي في مدينة", "FACILITY", "مركز مصراتة"),
    ("جهود جهاز دعم وتطوير الخدمات العلاجية في", "ORG", "دعم وتطوير الخدمات العلاجية"),
]


@pytest.mark.parametrize(("text", "etype", "surface"), ABSENT)
def test_absent(text: str, etype: str, surface: str | None) -> None:
    got = found(text, etype)
    if surface is None:
        assert not got, f"unexpected {etype}: {sorted(got)}"
    else:
        assert surface not in got


def test_every_occurrence_with_offsets() -> None:
    text = "زار الوزير مستشفى الهضبة الخضراء العام، ثم عاد إلى مستشفى الهضبة الخضراء العام مساء."
    ents = [e for e in entities(text) if e.type == "FACILITY"]
    assert len(ents) == 2
    assert ents[0].start < ents[1].start
    assert all(text[e.start : e.end] == "مستشفى الهضبة الخضراء العام" for e in ents)


def test_proclitic_excluded_from_surface() -> None:
    text = "بالتعاون مع الكوادر الطبية بمستشفى الهضبة الخضراء العام وللعلاج الطبيعي"
    got = {e.text: e for e in entities(text)}
    assert "مستشفى الهضبة الخضراء العام" in got
    assert got["مستشفى الهضبة الخضراء العام"].start == text.index("مستشفى")
    assert "لعلاج الطبيعي" in got  # "وللعلاج": the conjunction and the preposition left out
    assert got["لعلاج الطبيعي"].start == text.index("وللعلاج") + 2


def test_variants_link_to_one_id() -> None:
    a = found("الذي يدعمه رئيس الحكومة الوحدة الوطنية.", "ORG")
    b = found("بدعم مباشر من حكومة الوحدة الوطنية، لضمان", "ORG")
    assert a and b
    assert next(iter(a.values())).id == next(iter(b.values())).id is not None


def test_other_types_kept() -> None:
    doc = Document(doc_id="t", text="مستشفى الزاوية التعليمي")
    doc.entities = [Entity(type="DATE", text="اليوم", start=0, end=5, norm="اليوم")]
    find_entities(doc)
    assert any(e.type == "DATE" for e in doc.entities)
    assert any(e.type == "FACILITY" for e in doc.entities)
