"""Bodies, facilities, programmes, conditions and procedures: spans on sentences of Arab
newsrooms (Saudi, Jordanian, Egyptian, Iraqi style), and the traps that stay traps.

SPANS: (text, type, surface, id or None when the id is not checked) — the mention must be
found with exactly that surface. TRAPS: (text, type, surface or None) — no mention of that
type with that surface (None: no mention of that type at all).
"""

from __future__ import annotations

import pytest

from pipeline.entities import find_entities
from pipeline.entity_places import country_adjectives
from pipeline.models import Document, Entity


def entities(text: str) -> list[Entity]:
    doc = find_entities(Document(doc_id="t", text=text))
    for e in doc.entities:
        assert doc.text[e.start : e.end] == e.text, e
    return doc.entities


def found(text: str, etype: str) -> dict[str, Entity]:
    return {e.text: e for e in entities(text) if e.type == etype}


SPANS = [
    # a city's health directorate: "صحة" + the city, alone or after إدارة/مديرية
    ("وأوضح المتحدث الرسمي بصحة الرياض أن الحالات مستقرة.", "ORG", "صحة الرياض", None),
    ("وأعلنت صحة مكة المكرمة عن خطتها لموسم الحج.", "ORG", "صحة مكة المكرمة", None),
    ("دعمت إدارة صحة الدمام مستشفياتها بأجهزة حديثة.", "ORG", "إدارة صحة الدمام", None),
    ("أعلنت الشؤون الصحية بمنطقة الرياض عن حملة جديدة.", "ORG", "الشؤون الصحية", "health_affairs"),
    ("وجهت مديرية الشؤون الصحية بمحافظة جدة بالتحقيق.", "ORG", "مديرية الشؤون الصحية", None),
    ("وباشرت فرق الدفاع المدني إخماد الحريق في إربد.", "ORG", "الدفاع المدني", "civil_defence"),
    # a name goes on across "و" + a noun of the same field, and across "لـ" + purpose
    (
        "وقعت مؤسسة الملك حسين للإغاثة والتنمية الاجتماعية مذكرة تفاهم.",
        "ORG",
        "مؤسسة الملك حسين للإغاثة والتنمية الاجتماعية",
        None,
    ),
    (
        "وزار وفد من منظمة الأمل للإغاثة والتنمية مخيمات النازحين.",
        "ORG",
        "منظمة الأمل للإغاثة والتنمية",
        None,
    ),
    (
        "وحصلت الجمعية على اعتماد الهيئة الوطنية لمعايير الجودة وسلامة المرضى العام الماضي.",
        "ORG",
        "الهيئة الوطنية لمعايير الجودة وسلامة المرضى",
        None,
    ),
    (
        "افتتحت الإدارة العامة للتموين الطبي للقوات المسلحة مستودعا جديدا.",
        "ORG",
        "الإدارة العامة للتموين الطبي للقوات المسلحة",
        None,
    ),
    (
        "أحيلت الشكوى إلى لجنة الفصل في المنازعات الطبية للنظر فيها.",
        "ORG",
        "لجنة الفصل في المنازعات الطبية",
        None,
    ),
    ("ونقلت وكالة الأنباء الأردنية عن الوزير قوله إن", "ORG", "وكالة الأنباء الأردنية", None),
    ("وقالت أمانة عمان الكبرى إن فرقها باشرت العمل.", "ORG", "أمانة عمان الكبرى", None),
    ("وفاز النادي الأهلي بالبطولة.", "ORG", "النادي الأهلي", None),
    ("وأكدت الداخلية أن خلية تنظيم حسم في قبضة الأمن.", "ORG", "تنظيم حسم", None),
    ("نظمت الجمعية الأردنية لمرضى السكري ندوة توعوية.", "ORG", "الجمعية الأردنية لمرضى السكري", None),
    (
        "وتبرع صندوق التنمية الاقتصادية والاجتماعية بمبلغ كبير.",
        "ORG",
        "صندوق التنمية الاقتصادية والاجتماعية",
        None,
    ),
    (
        "قدمت جمعية الأمير فهد بن سلمان الخيرية لرعاية مرضى الفشل الكلوي أجهزة غسيل.",
        "ORG",
        "جمعية الأمير فهد بن سلمان الخيرية لرعاية مرضى الفشل الكلوي",
        None,
    ),
    ("وأعلنت دائرة صحة البصرة تسجيل إصابات جديدة.", "ORG", "دائرة صحة البصرة", None),
    ("وأكدت نقابة الأطباء العراقيين أن الإضراب مستمر.", "ORG", "نقابة الأطباء العراقيين", None),
    ("وأعلن المجلس الأعلى للسكان عن نتائج المسح.", "ORG", "المجلس الأعلى للسكان", None),
    # a country's adjective after a ministry: that country's ministry
    (
        "بالتعاون مع وزارة الصحة العراقية أطلقت المنظمة",
        "ORG",
        "وزارة الصحة العراقية",
        "ministry_of_health_iraq",
    ),
    (
        "وقعت وزارة الصحة الأردنية اتفاقية مع المنظمة.",
        "ORG",
        "وزارة الصحة الأردنية",
        "ministry_of_health_jordan",
    ),
    ("وأكدت وزارة الصحة الليبية جاهزية المستشفيات.", "ORG", "وزارة الصحة الليبية", "ministry_of_health"),
    ("وصادق مجلس النواب المصري على القانون.", "ORG", "مجلس النواب المصري", "house_of_representatives_egypt"),
    (
        "وقدمت هيئة الهلال الأحمر السعودي الإسعافات.",
        "ORG",
        "هيئة الهلال الأحمر السعودي",
        "saudi_red_crescent",
    ),
    # medical cities and named centres are facilities
    ("نقل المصاب إلى مدينة الملك فهد الطبية بالرياض.", "FACILITY", "مدينة الملك فهد الطبية", None),
    (
        "أعلن مركز مصراتة الطبي لجراحة القلب عن نجاح العملية.",
        "FACILITY",
        "مركز مصراتة الطبي لجراحة القلب",
        None,
    ),
    (
        "يعالج في مدينة الأمير سلطان الطبية العسكرية منذ أسبوع.",
        "FACILITY",
        "مدينة الأمير سلطان الطبية العسكرية",
        None,
    ),
    (
        "نجح فريق مركز الأمير محمد بن فهد لعلاج أمراض الدم في إجراء العملية.",
        "FACILITY",
        "مركز الأمير محمد بن فهد لعلاج أمراض الدم",
        None,
    ),
    (
        "يستقبل مركز خالد العلي لطب وجراحة العيون المرضى يوميا.",
        "FACILITY",
        "مركز خالد العلي لطب وجراحة العيون",
        None,
    ),
    ("استقبل مستشفى البشير للأمومة والطفولة 300 مراجع.", "FACILITY", "مستشفى البشير للأمومة والطفولة", None),
    ("وأعلن المركز الوطني للأورام عن حملة للكشف المبكر.", "FACILITY", "المركز الوطني للأورام", None),
    ("يقدم المعهد العالي للعلوم الصحية دورات في التمريض.", "ORG", "المعهد العالي للعلوم الصحية", None),
    # a name stops before a word of the clause
    ("وتصدر مستشفى الأمير محمد العام الترتيب بـ 900 مراجع.", "FACILITY", "مستشفى الأمير محمد العام", None),
    ("يليه مستشفى الملك سعود بـ 300 حالة.", "FACILITY", "مستشفى الملك سعود", None),
    ("شارك مستشفى الملكة رانيا العسكري في الحملة.", "FACILITY", "مستشفى الملكة رانيا العسكري", None),
    (
        "نظم مستشفى الزرقاء الحكومي ممثلا بقسم التثقيف الصحي معرضا.",
        "FACILITY",
        "مستشفى الزرقاء الحكومي",
        None,
    ),
    ("قال مدير جامعة الملك فيصل المكلف الدكتور سامي العلي إن", "ORG", "جامعة الملك فيصل", None),
    ("دشنت جامعة بغداد البرنامج الجديد للطلبة.", "ORG", "جامعة بغداد", None),
    ("وكرمت جامعة عمر المختار الطلبة المتفوقين.", "ORG", "جامعة عمر المختار", None),
    # programmes: the quoted name is the name
    ("أطلقت الوزارة حملتها الوطنية «صحتك تهمنا» في المدارس.", "PROGRAM", "صحتك تهمنا", None),
    ("ضمن حملة وزارتي الصحة والتعليم «مدرستي صحية» للعام الدراسي.", "PROGRAM", "مدرستي صحية", None),
    # conditions: a disease noun and its complement
    ("يعاني الطفل من متلازمة توريت منذ ولادته.", "CONDITION", "متلازمة توريت", None),
    ("أصيب المريض بفشل كلوي حاد استدعى الغسيل.", "CONDITION", "فشل كلوي حاد", "kidney_failure"),
    ("خضع اللاعب لجراحة بعد تمزق الرباط الصليبي في المباراة.", "CONDITION", "تمزق الرباط الصليبي", None),
    ("وحذرت من نقص فيتامين د لدى الأطفال.", "CONDITION", "نقص فيتامين د", None),
    ("تحمي من شلل الأطفال والجدري المائي معا.", "CONDITION", "الجدري المائي", "chickenpox"),
    ("سجلت الوزارة إصابات بحمى الضنك في عدن.", "CONDITION", "حمى الضنك", "dengue"),
    ("لا توجد أي إصابة بفيروس إيبولا في البلاد.", "CONDITION", "فيروس إيبولا", None),
    (
        "وقدمت التطعيمات ضد الأمراض الوبائية السارية.",
        "CONDITION",
        "الأمراض الوبائية السارية",
        "infectious_diseases",
    ),
    ("ويعاني كبار السن من أمراض الجهاز التنفسي في الشتاء.", "CONDITION", "أمراض الجهاز التنفسي", None),
    ("نقل إلى المستشفى إثر التهاب الزائدة الدودية.", "CONDITION", "التهاب الزائدة الدودية", None),
    ("وسجلت المستشفيات حالات الإسهال الحاد بين الأطفال.", "CONDITION", "الإسهال الحاد", "diarrhoea"),
    # procedures: long spans keep their code
    (
        "أجريت له قسطرة علاجية للشرايين التاجية بنجاح.",
        "PROCEDURE",
        "قسطرة علاجية للشرايين التاجية",
        "catheterization",
    ),
    ("وأجري للاعب منظار الركبة أمس.", "PROCEDURE", "منظار الركبة", "endoscopy"),
    ("تم إجراء 30 عملية جراحة العظام والمفاصل.", "PROCEDURE", "جراحة العظام والمفاصل", "orthopedic_surgery"),
    (
        "تم تركيب مفصل صناعي للركبة لمريضة سبعينية.",
        "PROCEDURE",
        "تركيب مفصل صناعي للركبة",
        "joint_replacement",
    ),
    (
        "أجريت عملية جراحية دقيقة لاستئصال ورم من الدماغ.",
        "PROCEDURE",
        "عملية جراحية دقيقة لاستئصال ورم",
        "tumour_removal",
    ),
    ("أجريت له عملية جراحية عاجلة مساء أمس.", "PROCEDURE", "عملية جراحية عاجلة", "surgery"),
    (
        "أجريت لها عملية استئصال المرارة بالمنظار.",
        "PROCEDURE",
        "استئصال المرارة بالمنظار",
        "laparoscopic_surgery",
    ),
    ("استئصال الزائدة الدودية لطفل في العاشرة.", "PROCEDURE", "استئصال الزائدة الدودية", "surgery"),
    # a body named after a person ends with the name: an indefinite object follows
    (
        "وقعت جامعة الإمام عبدالرحمن بن فيصل اتفاقية تعاون مع المستشفى.",
        "ORG",
        "جامعة الإمام عبدالرحمن بن فيصل",
        None,
    ),
    (
        "وقع مستشفى الأمير محمد بن عبدالعزيز عقدا مع شركة للصيانة.",
        "FACILITY",
        "مستشفى الأمير محمد بن عبدالعزيز",
        None,
    ),
    (
        "زار الوفد مركز الأمير سلطان بن عبدالعزيز للعلوم والتقنية.",
        "ORG",
        "مركز الأمير سلطان بن عبدالعزيز للعلوم والتقنية",
        None,
    ),
    # militias, police commands, banks
    ("وقتل ثلاثة مدنيين بقذائف ميليشيات الحوثي في تعز.", "ORG", "ميليشيات الحوثي", None),
    ("قصفت مليشيات فجر ليبيا مطار طرابلس الدولي.", "ORG", "مليشيات فجر ليبيا", None),
    ("وقال مصدر في شرطة محافظة البصرة إن مسلحين اختطفوا طبيبا.", "ORG", "شرطة محافظة البصرة", None),
    ("تم توقيف المعتدي في مركز شرطة الخالدية.", "ORG", "مركز شرطة الخالدية", None),
    ("أعلن البنك المركزي العراقي تخصيص مليار دينار للمستشفيات.", "ORG", "البنك المركزي العراقي", None),
    ("قال الناطق باسم الجيش الوطني الليبي إن الوحدات تقدمت في بنغازي.", "ORG", "الجيش الوطني الليبي", None),
    ("انشق عشرات الضباط عن الجيش السوري والتحقوا بالمعارضة.", "ORG", "الجيش السوري", None),
    # Saudi state bodies of the lexicon
    (
        "أعلنت الرئاسة العامة لرعاية الشباب إقامة معسكر للمنتخب في إسطنبول.",
        "ORG",
        "الرئاسة العامة لرعاية الشباب",
        "youth_welfare_presidency",
    ),
    (
        "أكد أمين عام مجلس التعاون لدول الخليج العربية دعم دول المجلس للحكومة.",
        "ORG",
        "مجلس التعاون لدول الخليج العربية",
        "gcc",
    ),
    # an armed group after a fighters noun: a listed group's name without its group noun, or one
    # word no lexicon knows; the fighters noun is no part of the name
    ("وأفاد السكان بأن مسلحي القاعدة سيطروا على مبنى المستشفى.", "ORG", "القاعدة", "al_qaeda"),
    ("وقصف مسلحو الحوثي الأحياء السكنية في المدينة.", "ORG", "الحوثي", "ansar_allah"),
    ("واشتبك الأهالي مع مقاتلي النصرة قرب المعبر.", "ORG", "النصرة", "nusra_front"),
    ("وفخخ عناصر داعش مداخل المبنى قبل انسحابهم.", "ORG", "داعش", "isis"),
    ("وأكد الشهود أن مقاتلي غرابيش انسحبوا من البلدة.", "ORG", "غرابيش", None),
    # listed groups, and a group noun before one word no lexicon knows
    ("وتقدمت قوات الحشد الشعبي نحو مستشفى المدينة.", "ORG", "قوات الحشد الشعبي", "popular_mobilization"),
    ("وسيطرت المقاومة الشعبية على مستشفى الجمهورية.", "ORG", "المقاومة الشعبية", "popular_resistance"),
    ("وأعلنت قيادة قوات التحالف العربي عن هدنة إنسانية.", "ORG", "قيادة قوات التحالف العربي", None),
    ("ونفت جماعة زاهرون مسؤوليتها عن الهجوم.", "ORG", "جماعة زاهرون", None),
    # a plural and its participle, a definite head's adjective: "و" starts a new phrase
    ("وقصفت ميليشيا الحوثي والقوات الموالية لها المستشفى.", "ORG", "ميليشيا الحوثي", None),
    ("وناشد الأهالي الحكومة المركزية والمنظمات الإنسانية التدخل.", "ORG", "الحكومة المركزية", None),
    ("واتهمت منظمة العفو الدولية قوات الأمن بمنع وصول سيارات الإسعاف.", "ORG", "منظمة العفو الدولية", None),
    ("وحملت منظمة أطباء بلا حدود قوات النظام مسؤولية القصف.", "ORG", "منظمة أطباء بلا حدود", None),
    # bodies named by a monitoring or university head noun; a listed border guard
    ("وأفاد المرصد الوطني لحقوق الإنسان بمقتل ثلاثة مسعفين.", "ORG", "المرصد الوطني لحقوق الإنسان", None),
    ("وأقامت عمادة شؤون الطلاب بالجامعة حملة للتبرع بالدم.", "ORG", "عمادة شؤون الطلاب", None),
    ("ونقل المصابون من رجال حرس الحدود إلى مستشفى جازان العام.", "ORG", "حرس الحدود", "saudi_border_guard"),
    # a city completes a body's name: another head after it starts a new name
    ("وافتتحت جامعة تبوك كلية الصيدلة الجديدة.", "ORG", "جامعة تبوك", None),
    # ل + a تفعيل purpose after an adjective-only name, even when a lexicon lists the whole word
    (
        "وأطلق المركز الوطني لتعزيز السلامة المرورية حملته السنوية.",
        "ORG",
        "المركز الوطني لتعزيز السلامة المرورية",
        None,
    ),
    # a command before a forces word
    ("وأعلنت قيادة عمليات الأنبار تحرير المستشفى.", "ORG", "قيادة عمليات الأنبار", None),
    ("وذكر بيان لقيادة شرطة محافظة ذي قار أن المصابين نقلوا.", "ORG", "قيادة شرطة محافظة ذي قار", None),
    # a programme's quoted name after "بعنوان" stays a programme
    ("أطلقت الجمعية حملة توعوية بعنوان «قلبك بين يديك» في المدارس.", "PROGRAM", "قلبك بين يديك", None),
    # a hospital in construct with a doctor's name is named after him: the title is part of it
    (
        "خضع المهاجم لفحوص بالأشعة في مستشفى الدكتور سليمان فقيه بجدة.",
        "FACILITY",
        "مستشفى الدكتور سليمان فقيه",
        None,
    ),
    (
        "ووقع مستشفى الدكتور سليمان الحبيب اتفاقية مع الجامعة.",
        "FACILITY",
        "مستشفى الدكتور سليمان الحبيب",
        None,
    ),
    (
        "أفاد مدير مستشفى الدكتور عبدالرحمن المشاري الدكتور خالد العتيبي بأن المستشفى استقبل الحالات.",
        "PERSON",
        "خالد العتيبي",
        None,
    ),
    # a second adjective coordinated with the first qualifies the same field
    (
        "وافق مجلس الوزراء على تنظيم المركز الوطني للطب البديل والتكميلي.",
        "ORG",
        "المركز الوطني للطب البديل والتكميلي",
        None,
    ),
    # a general presidency names its field after "لـ"; an airline's name runs over its adjectives
    (
        "أصدرت الرئاسة العامة للبحوث العلمية والإفتاء بيانا حول التبرع بالأعضاء.",
        "ORG",
        "الرئاسة العامة للبحوث العلمية والإفتاء",
        None,
    ),
    (
        "أعلنت الخطوط الجوية العربية السعودية عن رحلات إضافية للحجاج.",
        "ORG",
        "الخطوط الجوية العربية السعودية",
        None,
    ),
    ("وأعلنت الخطوط الجوية الكويتية استئناف رحلاتها إلى بيروت.", "ORG", "الخطوط الجوية الكويتية", None),
    ("أعلنت الخطوط الملكية الأردنية استئناف رحلاتها إلى أربيل.", "ORG", "الخطوط الملكية الأردنية", None),
]


@pytest.mark.parametrize(("text", "etype", "surface", "eid"), SPANS)
def test_spans(text: str, etype: str, surface: str, eid: str | None) -> None:
    got = found(text, etype)
    assert surface in got, f"{surface!r} not among {sorted(got)}"
    if eid is not None:
        assert got[surface].id == eid


TRAPS = [
    # a definite head takes no definite genitive: the object of the verb follows it
    ("وأعلنت الشرطة القبض على المتهم في الحادث.", "ORG", None),
    ("وأعلنت الوزارة القبض على شبكة لتهريب الأدوية.", "ORG", None),
    # a bare militia or army, an indefinite bank: no name; a plural verb after و is no coordinate
    ("وتقدم الجيش نحو المدينة بعد معارك عنيفة.", "ORG", None),
    ("انشق عشرات الضباط عن الجيش السوري والتحقوا بالمعارضة.", "ORG", "الجيش السوري والتحقوا"),
    ("وتسيطر الميليشيات على المدينة منذ أشهر.", "ORG", None),
    ("أودع المتبرع المبلغ في بنك تجاري.", "ORG", None),
    # a personal name closes a body's name: the object after it is not part of it
    (
        "وقعت جامعة الإمام عبدالرحمن بن فيصل اتفاقية تعاون مع المستشفى.",
        "ORG",
        "جامعة الإمام عبدالرحمن بن فيصل اتفاقية تعاون",
    ),
    # a department or an outpatient clinic is not a facility
    ("نقل المصاب إلى قسم الطوارئ في المستشفى.", "FACILITY", None),
    ("يراجع المرضى العيادة الخارجية صباحا.", "FACILITY", None),
    ("عبر (15) عيادة متخصصة في مختلف الأقسام.", "FACILITY", None),
    # generic bodies
    ("وشكلت الوزارة لجنة طبية لمتابعة الحالات.", "ORG", None),
    ("أقام الهلال الأحمر مستشفى ميدانيا على الحدود.", "FACILITY", None),
    ("وشاركت جمعية خيرية في توزيع المساعدات.", "ORG", None),
    ("يشارك أعضاء هيئة التدريس في تشغيل المستشفى.", "ORG", None),
    ("وشكلت الوزارة لجنة للتحقيق في الحادث.", "ORG", None),
    ("أرباح لمساهمي الشركة المسجلين لدى مركز الإيداع.", "ORG", "الشركة المسجلين"),
    ("وعاد اللاعب إلى نادي الحي بعد الإصابة.", "ORG", None),
    ("ونادى المتظاهرون بتحسين الخدمات الصحية.", "ORG", None),
    ("وتمنى له الجميع أن يعود بصحة جيدة قريبا.", "ORG", None),
    # a word of the clause is not in the name
    ("قال مدير جامعة الملك فيصل المكلف الدكتور سامي العلي إن", "ORG", "جامعة الملك فيصل المكلف"),
    ("وتصدر مستشفى الأمير محمد العام الترتيب بـ 900 مراجع.", "FACILITY", "مستشفى الأمير محمد العام الترتيب"),
    ("يليه مستشفى الملك سعود بـ 300 حالة.", "FACILITY", "مستشفى الملك سعود ب"),
    (
        "نظم مستشفى الزرقاء الحكومي ممثلا بقسم التثقيف الصحي معرضا.",
        "FACILITY",
        "مستشفى الزرقاء الحكومي ممثلا",
    ),
    ("دعمت إدارة صحة الدمام مستشفياتها بأجهزة حديثة.", "ORG", "إدارة صحة الدمام مستشفياتها"),
    ("دشنت جامعة بغداد البرنامج الجديد للطلبة.", "ORG", "جامعة بغداد البرنامج"),
    ("وشهدت القاعة تنظيم حفل التخرج للدفعة الأولى.", "ORG", None),
    ("وتم تنظيم حفل للمتطوعين في القاعة.", "ORG", None),
    ("وأكد بكل أمانة أن الخدمات تحسنت.", "ORG", None),
    ("وعادت القضية إلى دائرة الضوء من جديد.", "ORG", None),
    # descriptions are not programme names
    ("نفذت البلدية حملة تفتيشية شملت المطاعم.", "PROGRAM", None),
    ("وأكد أن هدف الحملة الأساسي هو التوعية.", "PROGRAM", None),
    ('بدعم من برنامج الأمم المتحدة الإنمائي "UNDP" وشركائه.', "PROGRAM", "UNDP"),
    ("ضمن حملة وزارتي الصحة والتعليم «مدرستي صحية» للعام الدراسي.", "PROGRAM", "حملة وزارتي الصحة والتعليم"),
    # a shortage, a failure or a military operation is not medical
    ("وتعاني المستشفيات من نقص الأدوية والمستلزمات.", "CONDITION", None),
    ("وأعلن الوسيط فشل المفاوضات بين الطرفين.", "CONDITION", None),
    ("وتعاني المستشفيات من نقص الأكسجين منذ أيام.", "CONDITION", None),
    ("وسجل البنك ارتفاع النمو الاقتصادي.", "CONDITION", None),
    ("بدأت القوات عملية عسكرية لتحرير المدينة.", "PROCEDURE", None),
    ("ويعاني المريض من مرض خطير منذ سنوات.", "CONDITION", None),
    ("وتغيب عن العمل بسبب مرض الطفل.", "CONDITION", None),
    ("أجريت ثلاث عمليات قسطرة قلبية ناجحة للشرايين التاجية.", "PROCEDURE", "قسطرة قلبية ناجحة"),
    # the lexicon keeps its condition after a generic disease noun
    ("ضمن برنامج علاج مرض ضمور العضلات في الخارج.", "CONDITION", "مرض ضمور العضلات"),
    # a whole-word head is not found inside another word
    ("قال إن آلة التصوير معطلة منذ أيام.", "ORG", None),
    # a fighters noun before an adjective, a plural, a common body; a group noun before a
    # definite common noun (traffic, a battlefront, a group of people)
    ("وهاجمت عناصر مجهولة سيارة الإسعاف.", "ORG", None),
    ("وانتشر عناصر الأمن حول المستشفى.", "ORG", None),
    ("وتسببت الأمطار في شلل حركة المرور وسط المدينة.", "ORG", None),
    ("ووصل الجرحى من جبهة القتال إلى المستشفى.", "ORG", None),
    ("وتبرعت جماعة من المواطنين بالدم.", "ORG", None),
    ("ونقل المصابون إلى المستشفى بحماس كبير من المتطوعين.", "ORG", None),
    # "قيادة" is driving or leading before any other word, and "led by" behind بـ
    ("ويمنع القانون قيادة السيارات دون رخصة.", "ORG", None),
    ("وتولى المدرب قيادة الفريق الأول.", "ORG", None),
    ("وتقدمت الوحدات بقيادة قوات النخبة نحو المدينة.", "ORG", "قيادة قوات النخبة"),
    # an indefinite head described by adjectives alone, then a noun: a common noun, no name
    ("وتنفذ الوزارة مستشفى جديد بسعة 200 سرير في المحافظة.", "FACILITY", None),
    ("وافتتحت الوزارة مستوصف حكومي جديد بحي النسيم.", "FACILITY", None),
    ("وافتتحت جامعة تبوك كلية الصيدلة الجديدة.", "ORG", "جامعة تبوك كلية الصيدلة"),
    # a head after a quantifier is a common noun
    ("وتلزم اللائحة كل صيدلية بتعيين صيدلي مناوب.", "FACILITY", None),
    ("ولا يحق لأي مستشفى خاص رفض الحالات الطارئة.", "FACILITY", None),
    # a campaign of one verbal noun says what it does, no name (an unknown word stays one)
    ("ونفذت البلدية حملة تفتيش على المطاعم.", "PROGRAM", None),
    ("وأطلقت الوزارة حملة توعية في المدارس.", "PROGRAM", None),
    # a body's or a hospital's name inside a work's quoted title is the title
    ("وعرض التلفزيون فيلم «مستشفى الرحمة» الوثائقي.", "FACILITY", None),
    ("ونشر الكاتب مقالا بعنوان «وزارة الصحة والمسؤولية».", "ORG", None),
    ("وصدر كتاب «جامعة الملك عبدالعزيز: سيرة ومسيرة» عن دار النشر.", "ORG", None),
    # a definite hospital before a doctor is in apposition; a time word is no family name
    ("وقال المستشفى الدكتور أحمد الزهراني إن الحالة مستقرة.", "FACILITY", None),
    ("وزار الوزير مستشفى الدكتور أحمد أمس.", "FACILITY", "مستشفى الدكتور أحمد أمس"),
    # a second country's adjective after "و" is another ministry, no part of the first's name
    (
        "اجتمع ممثلو وزارة الصحة الأردنية والسورية لبحث أوضاع اللاجئين.",
        "ORG",
        "وزارة الصحة الأردنية والسورية",
    ),
    # front lines, broad outlines and flight routes are no airline; a presidency of a session no body
    ("تقدمت القوات إلى الخطوط الأمامية للجبهة في تعز.", "ORG", None),
    ("ووضع الوزير الخطوط العريضة لخطة الوزارة.", "ORG", None),
    ("وقال إن الخطوط الجوية بين البلدين ستفتح قريبا.", "ORG", None),
    ("وتسلم الرئاسة العامة للمجلس رئيس جديد.", "ORG", None),
]


@pytest.mark.parametrize(("text", "etype", "surface"), TRAPS)
def test_traps(text: str, etype: str, surface: str | None) -> None:
    got = found(text, etype)
    if surface is None:
        assert not got, f"unexpected {etype}: {sorted(got)}"
    else:
        assert surface not in got


@pytest.mark.parametrize(
    ("adjective", "country"),
    [
        ("اليمنيه", "yemen"),
        ("السعودي", "saudi_arabia"),
        ("الليبيه", "libya"),
        ("الاردني", "jordan"),
        ("مصري", "egypt"),
    ],
)
def test_country_adjectives(adjective: str, country: str) -> None:
    assert country_adjectives()[adjective].id == country


def test_mali_is_not_an_adjective() -> None:
    assert "المالي" not in country_adjectives()  # "المالي" is "financial"


def test_quoted_name_surface_keeps_its_marks() -> None:
    text = "أطلقت البلدية مبادرة «صحتك أولاً» للتوعية."
    got = found(text, "PROGRAM")
    assert "صحتك أولاً" in got
    e = got["صحتك أولاً"]
    assert text[e.start : e.end] == "صحتك أولاً"
