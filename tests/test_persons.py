"""PERSON names on real-sounding news sentences (pipeline/persons.py).

Tables:
  - EXACT: the PERSON surfaces a sentence gives, all of them: where a name starts
    and ends (after role phrases, bylines, appositions, nasab chains, foreign names);
  - ABSENT: traps: a surface that must not be a PERSON (a role phrase followed by a
    common noun, a body after a role, "أبو" in a place, a role noun after a name).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.entities import find_entities
from pipeline.lexicons import LEXICON_DIR, load
from pipeline.models import Document
from pipeline.normalize import norm
from pipeline.persons import names
from pipeline.tokenize import tokenize_text


def persons(text: str) -> list[str]:
    doc = find_entities(Document(doc_id="t", text=text))
    for e in doc.entities:
        assert doc.text[e.start : e.end] == e.text, e
    return sorted(e.text for e in doc.entities if e.type == "PERSON")


# (text, every PERSON surface expected)
EXACT = [
    # a role phrase, its body (with بـ/لـ and a city), then the name
    (
        "وأوضح المتحدث الرسمي باسم الشؤون الصحية بمنطقة تبوك خالد بن سعيد العنزي أن الحالات مستقرة.",
        ["خالد بن سعيد العنزي"],
    ),
    ("ذكر المتحدث الرسمي لوزارة الصحة الأردنية حاتم الأزرعي أن الوزارة أغلقت المطعم.", ["حاتم الأزرعي"]),
    ("وأكد الناطق الإعلامي بصحة القصيم بالنيابة تركي المطيري أن الفرق باشرت الحادث.", ["تركي المطيري"]),
    # a role phrase closed by a comma, the name in commas
    (
        "وقال الناطق الإعلامي لمستشفى الولادة بالرياض، ماجد الحربي، إن المستشفى استقبل الحالات.",
        ["ماجد الحربي"],
    ),
    # role + nationality adjective, foreign names
    ("وصل الرئيس الفرنسي فرانسوا هولاند إلى بيروت أمس.", ["فرانسوا هولاند"]),
    ("قال رئيس الوزراء البريطاني ديفيد كاميرون إن بلاده ستساعد.", ["ديفيد كاميرون"]),
    ("التقى وزير الخارجية جون كيري نظيره الروسي في جنيف.", ["جون كيري"]),
    ("وأوضح الخبير الاقتصادي السعودي منصور الهزاع أن الأسعار سترتفع.", ["منصور الهزاع"]),
    # occupational roles with the name at once
    ("وقدم رجل الأعمال سليمان بن صالح الراجحي تبرعا للجمعية.", ["سليمان بن صالح الراجحي"]),
    ("وقالت الفنانة نجوى كرم إنها ستحيي الحفل.", ["نجوى كرم"]),
    ("أكد المحافظ مبارك الصالح أن المحافظة تعمل على تطوير المستشفى.", ["مبارك الصالح"]),
    # nasab chains: one name, closed by a family name or a role noun
    (
        "وأشار المشرف العام على المستشفى الدكتور يوسف بن محمد الغامدي إلى توسعة الطوارئ.",
        ["يوسف بن محمد الغامدي"],
    ),
    (
        "استقبل ولي العهد الأمير سلمان بن عبدالعزيز بن سعود الوفد الطبي في مكتبه.",
        ["سلمان بن عبدالعزيز بن سعود"],
    ),
    ("بحضور صاحب السمو الأمير فيصل بن خالد بن عبدالله ولي العهد.", ["فيصل بن خالد بن عبدالله"]),
    ("قالت الممرضة فاطمة بنت علي الزهراني إن الأطفال بخير.", ["فاطمة بنت علي الزهراني"]),
    (
        "وأوضح عضو مجلس الشورى الدكتور عبدالرحمن بن عبدالعزيز آل الشيخ أن النظام جديد.",
        ["عبدالرحمن بن عبدالعزيز آل الشيخ"],
    ),
    ("وقال القائد الميداني للفريق ناصر صالح آل مرعي إن العمل مستمر.", ["ناصر صالح آل مرعي"]),
    ("أكد رجل الأعمال عبدالمحسن بن ناصر الدوسري دعمه للمبادرة.", ["عبدالمحسن بن ناصر الدوسري"]),
    ("أكد رئيس المجلس البلدي نور الدين الطاهر أن الجلسة مفتوحة.", ["نور الدين الطاهر"]),
    # a name ends before a role noun and its body
    (
        "وقال مدير الإدارة العامة للطوارئ إبراهيم المصراتي مساعد المدير العام للجهاز إن الفرق جاهزة.",
        ["إبراهيم المصراتي"],
    ),
    # a name no list holds, closing a role phrase; a foreign surname in ل
    ("وقال المتحدث الرسمي لشركة أرامكو السعودية بيل نوردين إن الإنتاج مستقر.", ["بيل نوردين"]),
    (
        "وذكر الناطق الإعلامي بصحة الجوف بالنيابة حمود عايض الشهراني أن الحالات مستقرة.",
        ["حمود عايض الشهراني"],
    ),
    ("وقال المتحدث باسم المفوضية توماس لوبيز في بيان إن اللاجئين وصلوا.", ["توماس لوبيز"]),
    # a given name linked by بن/آل is a name with no title or role before it
    ("وشارك في الحفل سعد آل مرعي وعدد من الأهالي.", ["سعد آل مرعي"]),
    ("حضر اللقاء صالح بن عبدالله القحطاني والوفد المرافق.", ["صالح بن عبدالله القحطاني"]),
    # bylines at the start of a line, appositions
    ("أحمد الزهراني- الرياض: أعلنت وزارة الصحة عن حملة جديدة.", ["أحمد الزهراني"]),
    ("تقرير\nسامي الحضيري - طرابلس - خاص: أعلن المركز عن تسجيل حالات.", ["سامي الحضيري"]),
    ("نجا سامي العطار، مدير مستشفى الأمل، من حادث سير.", ["سامي العطار"]),
    # a family name alone that repeats a name of the bulletin
    (
        "أعلن المتحدث باسم الجيش العقيد أحمد المسماري أن القوات تقدمت، وأضاف المسماري أن الوضع مستقر.",
        ["أحمد المسماري", "المسماري"],
    ),
    ("أصيب سالم القطعاني، وزير خارجية الحكومة المؤقتة، في الحادث.", ["سالم القطعاني"]),
    ("وأكد أمين عام الجامعة العربية أحمد أبو الغيط دعم المبادرة.", ["أحمد أبو الغيط"]),
    ("وسجل اللاعب محمد صلاح هدفين في المباراة.", ["محمد صلاح"]),
    # a family name that is also a place name (a nisba of a town) is a name part
    ("وقال الربان عبدالله الدهماني إن الرحلة انطلقت.", ["عبدالله الدهماني"]),
    ("وأكد المتحدث الرسمي فيصل الصبيحي أن العمل مستمر.", ["فيصل الصبيحي"]),
    # a name before a role word and its body (no comma)
    ("وقال خالد المصراتي مساعد المدير العام إن الفرق جاهزة.", ["خالد المصراتي"]),
    ("وحضر الاجتماع الدكتور سالم المبروك", ["سالم المبروك"]),  # a name at the end of the text
    # a person noun, maybe an adjective, then the name
    ("أجريت عملية ناجحة للطفلة السورية ريم محمد الأحمد في مستشفى الأطفال.", ["ريم محمد الأحمد"]),
    ("وقال المريض علي حسن الورفلي إنه تلقى العلاج.", ["علي حسن الورفلي"]),
    ("قال المحامي خالد الزايدي إن القضية مؤجلة.", ["خالد الزايدي"]),
    # compound military ranks
    ("وقال العميد الركن أحمد المسماري إن الوضع مستقر.", ["أحمد المسماري"]),
    ("وصرح الفريق أول خليفة حفتر بأن القوات تقدمت.", ["خليفة حفتر"]),
    # lists of names after a name, with "و" or a comma
    (
        "وفاز بالجائزة الدكتور أحمد علي، وسالم المبروك، ومحمد الطاهر.",
        ["أحمد علي", "سالم المبروك", "محمد الطاهر"],
    ),
    ("وكرم الوزير الدكتورة فاطمة الزروق وعلي حسن الورفلي في الحفل.", ["فاطمة الزروق", "علي حسن الورفلي"]),
    ("والتقى الدكتور أحمد علي والوفد المرافق له.", ["أحمد علي"]),
    ("وحضر الدكتور خالد الطاهر، ومدير المستشفى.", ["خالد الطاهر"]),
    # a family name alone between a verb of saying and a quote
    ("وقال العتيبي: إن الفرق باشرت عملها فورا.", ["العتيبي"]),
    ("وأضاف الزهراني أن الحالات مستقرة.", ["الزهراني"]),
    # titles, tatweel
    ("وبين استشاري أمراض القلب الدكتور فيصل الشمري أن المريض بحالة جيدة.", ["فيصل الشمري"]),
    ("وقالت الأخصائية الاجتماعية أ. نورة القحطاني إن الدورة ناجحة.", ["نورة القحطاني"]),
    (
        "وقال المتحـدث الرسمي بصحـة تبوك عـادل بـــن سعـد الـعـنـزي إن الحالة مستقرة.",
        ["عـادل بـــن سعـد الـعـنـزي"],
    ),
    # a role, a body's long name (with its adjectives, لـ complement or في + its place), the name
    ("وأكد رئيس هيئة الرقابة الإدارية عبد الله قادربوه أن الهيئة أحالت الملف.", ["عبد الله قادربوه"]),
    ("وقع مدير عام المركز الوطني لمكافحة الأمراض حيدر السائح اتفاقية مع المنظمة.", ["حيدر السائح"]),
    ("وأوضح مدير مكتب الصحة في سبها محمود الورفلي أن الأدوية وصلت.", ["محمود الورفلي"]),
    # a feminine role; a title word that is a family name ("السيد", "الشيخ")
    ("ناقشت وزيرة الصحة جليلة السيد خطة تطوير مراكز الرعاية الأولية.", ["جليلة السيد"]),
    ("وقالت مديرة المستشفى سعاد الشيخ إن الجناح افتتح.", ["سعاد الشيخ"]),
    ("أعلنت ممثلة المنظمة في ليبيا رنا الحاج عن شحنة لقاحات.", ["رنا الحاج"]),
    (
        "زار المدير العام لمستشفى الأمير حمزة الدكتور عبد الرزاق الخشمان قسم الأورام.",
        ["عبد الرزاق الخشمان"],
    ),
    # a country adjective after the role's body; a family name that is also a gazetteer place
    ("تفقد وزير الصحة الأردني فراس الهواري قسم الطوارئ في المستشفى.", ["فراس الهواري"]),
    ("واستقبل وزير الصحة العراقي باقر الزبيدي وفد المنظمة.", ["باقر الزبيدي"]),
    # a definite role word and an adjective; "برئاسة" + a name
    ("استقبل الوزير وفدا برئاسة المدير الإقليمي أحمد المنظري في مكتبه.", ["أحمد المنظري"]),
    ("زار وفد من البنك الدولي برئاسة ستيفان غيمبرت المستشفى.", ["ستيفان غيمبرت"]),
    ("وصل إلى المدينة فريق طبي بقيادة علي الربيعي.", ["علي الربيعي"]),
    ("وأوضح الوكيل المساعد لشؤون الأدوية عبدالله البدر أن الشحنة تصل غدا.", ["عبدالله البدر"]),
    ("قالت الأمينة العامة للهيئة هدى الزوي إن التقرير جاهز.", ["هدى الزوي"]),
    # after a title, a family name that is also a city
    ("وأكدت الدكتورة مها الرباط أن معدل الخصوبة تراجع.", ["مها الرباط"]),
    # a body's place, then two words no list knows (the last maybe a given name) and the clause
    ("قالت مديرة مكتب المنظمة في اليمن أديل خضر إن الملايين بحاجة إلى المساعدة.", ["أديل خضر"]),
    # "لدى" + a body closes the role's complement too
    ("وقال المندوب الدائم لليبيا لدى الأمم المتحدة طاهر السني إن البعثة جاهزة.", ["طاهر السني"]),
    # a verb of saying, a role phrase and two words before the quote: a given name that is also
    # a verb ("أشرف") and a family name that is also a common noun
    ("وقال المتحدث باسم وزارة الصحة في غزة أشرف القدرة إن المستشفى خرج عن الخدمة.", ["أشرف القدرة"]),
    # a speaker between a verb of saying and the quote needs no title
    ("وأكد فراس الأبيض أن الفرق الطبية تعاملت مع 17 إصابة جراء الانفجار.", ["فراس الأبيض"]),
    ("وقال خالد العتيبي إن القسم يستقبل نحو 400 حالة يوميا.", ["خالد العتيبي"]),
    ("أكد أنطونيو غوتيريش أن الأزمة الإنسانية تتفاقم في المنطقة.", ["أنطونيو غوتيريش"]),
    ("وأضافت نورة بنت عبدالله العمر: إن البرنامج يشجع الرضاعة الطبيعية.", ["نورة بنت عبدالله العمر"]),
    # a "بن" chain closed by a definite word before an indefinite object (maybe behind بـ)
    ("أهدى الأمير سعود بن عبدالله العمر كتاباً عن تاريخ المنطقة.", ["سعود بن عبدالله العمر"]),
    ("قام الدكتور ناصر بن علي السلطان بجولة على المراكز الصحية.", ["ناصر بن علي السلطان"]),
    # a family name in ين that is no plural, closing a "بن" chain
    ("وتسلم المهمة الدكتور سليمان بن صالح الجبرين.", ["سليمان بن صالح الجبرين"]),
    ("وأشاد المحافظ بجهود الدكتور خالد بن محمد العثيمين، مدير المستشفى.", ["خالد بن محمد العثيمين"]),
    # feminine role words; a woman's given name no list holds, after a feminine role
    ("وقالت الناطقة باسم المستشفى هديل الرميحي إن المصابين غادروا.", ["هديل الرميحي"]),
    ("وأعلنت وزيرة التنمية الاجتماعية سهيلة حمود إغلاق دار الرعاية مؤقتاً.", ["سهيلة حمود"]),
    # two words no list knows (the second maybe a city's name) before the verb's definite object
    ("واستقبل السفير دومينيك تروكان الوفد الطبي في السفارة.", ["دومينيك تروكان"]),
    ("وحث المبعوث الأممي ستيفان ليون الأطراف على الحوار.", ["ستيفان ليون"]),
    ("وحث نائب رئيس الوزراء الأردني نضال القطامي المنظمات الدولية على الدعم.", ["نضال القطامي"]),
    # a compound family name in الله; a department after a name is the verb's object
    ("وأوضح مدير المستشفى الدكتور أحمد نصر الله أن الحالة مستقرة.", ["أحمد نصر الله"]),
    ("وافتتح الوزير الدكتور ماهر عواد قسم الأشعة بالمستشفى.", ["ماهر عواد"]),
    # a given name that is also a verb, right after a title
    ("وأكد الدكتور أشرف الزعبي بأن المصابين نقلوا إلى المستشفى.", ["أشرف الزعبي"]),
    # a body after "في" closes a role's complement; an indefinite player role
    ("وقالت منسقة المشروع في منظمة الصحة العالمية كلير ماسون إن اللقاحات وصلت.", ["كلير ماسون"]),
    ("وأصيب لاعب نادي النصر سلمان الفرج في المباراة.", ["سلمان الفرج"]),
    # a "بن" chain before ب + a noun; a Hadrami family name in با stays
    ("ووجه الأمير سلطان بن سلمان بن عبدالعزيز بصرف المكافآت.", ["سلطان بن سلمان بن عبدالعزيز"]),
    ("وقال الدكتور سالم بن أحمد باعشن إن الحملة ناجحة.", ["سالم بن أحمد باعشن"]),
    # the deposed ruler; an envoy; a mufti and his body before the title
    ("وقصفت قوات المخلوع علي عبدالله صالح أحياء المدينة.", ["علي عبدالله صالح"]),
    ("وقال المبعوث الأممي إسماعيل ولد الشيخ أحمد إن المشاورات مستمرة.", ["إسماعيل ولد الشيخ أحمد"]),
    (
        "واستقبل سماحة مفتي عام المملكة الشيخ عبدالعزيز بن عبدالله آل الشيخ الوفد.",
        ["عبدالعزيز بن عبدالله آل الشيخ"],
    ),
]

# (text, a surface that must not be a PERSON)
ABSENT = [
    # a role phrase followed by a common noun
    ("قال رئيس البلدية حسن التعامل مع المراجعين واجب.", "حسن التعامل"),
    ("يذكر أن مدير المستشفى صالح للاستمرار في منصبه.", "صالح للاستمرار"),
    ("وقال رئيس الجمعية سعيد بالنتائج التي تحققت.", "سعيد بالنتائج"),
    ("التقى المتحدث الرسمي للهيئة المواطنين في مقر الهيئة.", "المواطنين"),
    ("كرم المحافظ محمد بن عبدالرحمن المتطوعين في الحملة.", "محمد بن عبدالرحمن المتطوعين"),
    ("استقبل الأمير خالد بن سلمان الوفد الطبي في مكتبه.", "خالد بن سلمان الوفد"),
    ("وقال مدير المختبر عادل الأطباء إلى التدقيق.", "عادل الأطباء"),
    # a "بن" chain before its definite object and a ب-phrase or a possessed noun; a plural in ين
    ("استقبل الأمير خالد بن سلمان الوفد بمكتبه في الإمارة.", "خالد بن سلمان الوفد"),
    ("استقبل الأمير خالد بن سلمان الوفد أمس في مكتبه.", "خالد بن سلمان الوفد"),
    ("كرم الأمير فيصل بن بندر الفائزين.", "فيصل بن بندر الفائزين"),
    ("زار الأمير فيصل بن بندر المرضى المنومين.", "فيصل بن بندر المرضى"),
    # a verbal noun إفعال after a name
    ("وقرر وزير الصحة علي حمود إغلاق المستوصف.", "علي حمود إغلاق"),
    # a name an airport, a prize or a palace is named after; a title repeated as a family name
    ("وصل الوفد إلى مطار الملك عبدالعزيز الدولي بجدة.", "عبدالعزيز الدولي"),
    ("هبطت الطائرة في مطار الأمير محمد بن عبدالعزيز بالمدينة المنورة.", "محمد بن عبدالعزيز"),
    ("فاز الباحث بجائزة الأمير سلطان بن عبدالعزيز العالمية للمياه.", "سلطان بن عبدالعزيز"),
    ("استقبل الشيخ عبدالعزيز بن عبدالله آل الشيخ الوفد.", "الشيخ"),
    ("وقال سماحة مفتي عام المملكة إن الفتوى واضحة.", "مفتي عام"),
    ("وقال المسعف أحمد ولد في المستشفى نفسه عام 1990.", "أحمد ولد"),
    ("وافتتح الوزير الدكتور ماهر عواد قسم الأشعة بالمستشفى.", "ماهر عواد قسم"),
    ("وكان المهندس أشرف على تنفيذ المشروع بنفسه.", "أشرف على"),
    # verbal nouns after a role's body are the clause's, no foreign name
    ("وبحث مع المدير الإقليمي للمنظمة سبل تعزيز التعاون الصحي.", "سبل تعزيز"),
    ("وناقش مع الممثل المقيم للبرنامج خطط تطوير الخدمات.", "خطط تطوير"),
    # a title word after "آل" is the family name, and no title of what follows
    ("واستقبل الدكتور عبدالرحمن بن حسن آل الشيخ وفدا طبيا في مكتبه.", "وفدا طبيا"),
    ("ووقع المهندس عبدالله بن محمد آل الشيخ مذكرة تفاهم مع الجامعة.", "مذكرة تفاهم"),
    ("وقال مدير المستشفى أمل المرضى كبير في الشفاء.", "أمل المرضى"),  # ى is no relative adjective
    # a body after a role is no name
    ("زار وزير الصحة مستشفى الملك فهد بجدة أمس.", "فهد"),
    ("وعقد الأمين العام لمجلس الوزراء اجتماعا مع اللجنة.", "مجلس الوزراء"),
    ("وصل المدير العام لمنظمة الصحة العالمية إلى صنعاء.", "الصحة العالمية"),
    ("افتتح وزير الصحة مستشفى الملك عبدالله بن عبدالعزيز الجامعي بالرياض.", "عبدالله بن عبدالعزيز الجامعي"),
    # "أبو" in a place
    ("وصل وزير الصحة إلى أبو ظبي للمشاركة في المؤتمر.", "أبو ظبي"),
    ("افتتح أمير منطقة جازان مستشفى أبو عريش العام.", "أبو عريش"),
    ("وأكد مدير مكتب الصحة بأبو سليم أن الحملة مستمرة.", "أبو سليم"),
    # a role noun, a pronoun or a time word after a name is not part of it
    ("وقال مدير الشؤون الصحية عادل الجهني مساعد المدير العام إن الخدمة متوفرة.", "عادل الجهني مساعد"),
    ("التقى وزير الخارجية جون كيري نظيره الروسي في جنيف.", "جون كيري نظيره"),
    (
        "استقبل ولي العهد الأمير سلمان بن عبدالعزيز بن سعود ولي العهد السابق.",
        "سلمان بن عبدالعزيز بن سعود ولي",
    ),
    ("وأشار مدير المستشفى يوم الأحد إلى وصول الأدوية.", "يوم الأحد"),
    ("وقال مدير المستشفى إن الأطباء المقيمين سيعملون ساعات إضافية.", "الأطباء المقيمين"),
    # a role's object after the role phrase is no name: "تفقد وزير الصحة سير العمل"
    ("تفقد وزير الصحة الأردني سير العمل في المستشفى.", "سير العمل"),
    # a title after a name with its body is the name's role, not a family name
    ("وقال الدكتور محمد علي المدير العام للمستشفى إن العمل مستمر.", "محمد علي المدير"),
    ("وصل فريق برئاسة وزارة الصحة إلى المدينة.", "وزارة الصحة"),
    # an accusative noun with tanween, ل + a common word: no part of the name before them
    ("وقع وزير النفط حسن عبد الغني عقداً مع الشركة.", "حسن عبد الغني عقداً"),
    ("تعاقد النادي مع المدرب البرتغالي جورجي جيسوس لمدة موسمين.", "جورجي جيسوس لمدة"),
]

# Sentences with a role phrase or a given name and no person at all.
NONE = [
    "وكان المتحدث الرسمي قد أكد أن الحالات تحت السيطرة.",
    "عقد مدير المستشفى اجتماعا مع الأطباء لمناقشة الخطة.",
    "وأشاد مدير الصحة المدرسية بالمواطنين المتعاونين مع الحملة.",
    "وأوضح مدير المستشفى سالم أن الحالة مستقرة.",
    "نشر المتحدث الإعلامي للهيئة صورا من الموقع، مؤكدا سلامة الجميع.",
    "سيكون الطقس جميلا - بحسب الأرصاد - خلال الأسبوع.",
    # a person noun without a name
    "وعاد المريض إلى منزله بعد العلاج.",
    "وقال المريض حالته مستقرة.",
    "وشكر المواطن الطاقم الطبي.",
    # a verb of saying and a subject that is no family name
    "وقال المسؤول إن الحالات مستقرة.",
    "وأضاف البيان أن الوزارة تتابع الوضع.",
    "وقال الأمريكي إن الاتفاق جيد.",
    "وذكرت الوزارة أن الحملة ناجحة.",
    # a verb of saying, then a given name that is a common word and a definite noun: no speaker
    "وأكد أمل الجميع أن الموسم سيكون ناجحا.",
    "وقال صباح الأحد إن الاجتماع تأجل.",
    "وصلت القافلة الطبية إلى قصر بن غشير صباح اليوم.",
    "افتتح المركز الصحي في حي أبو سليم بطرابلس.",
    # unknown words closing a role phrase that are a place or a body, not a name
    "وقال مدير مستشفى تراغن العام إن الحالة مستقرة.",
    "قال مدير مكتب صحة غات أوباري إن الأدوية وصلت.",
    "وقال رئيس بلدية وادي عتبة إن المياه مقطوعة.",
    "وأوضح المتحدث باسم قوات حماية طرابلس أن الاشتباكات توقفت.",
    # "أشرف" the verb after a role phrase; a role phrase in a place before a quote
    "وقال مدير مكتب الصحة في عدن أشرف على توزيع الأدوية.",
    "وقال المتحدث باسم الوزارة في طرابلس إن الحالات مستقرة.",
    "وقال مدير المستشفى لدى وصوله إن الأجهزة معطلة.",
    "وصل وفد طبي برئاسة فريق من الأطباء.",
    # a role phrase, the object body and its place: what follows the place is no name
    "افتتح محافظ ظفار مستشفى السلطان قابوس الجديد في صلالة بطاقة استيعابية تبلغ 700 سرير.",
]


@pytest.mark.parametrize(("text", "expected"), EXACT)
def test_person_names(text: str, expected: list[str]) -> None:
    assert persons(text) == sorted(expected)


@pytest.mark.parametrize(("text", "surface"), ABSENT)
def test_person_traps(text: str, surface: str) -> None:
    assert surface not in persons(text)


@pytest.mark.parametrize("text", NONE)
def test_no_person(text: str) -> None:
    assert persons(text) == []


# Adjectives of bodies that are no role words: the body stays a body.
BODIES = [
    ("وأعلن المكتب الإعلامي لوزارة الصحة عن وصول الشحنة.", "ORG", "المكتب الإعلامي لوزارة الصحة"),
    ("واجتمع المجلس الاستشاري للوزارة أمس.", "ORG", "المجلس الاستشاري للوزارة"),
    ("وأوصت اللجنة الاستشارية العليا بتمديد الحظر.", "ORG", "اللجنة الاستشارية العليا"),
    ("وافتتحت العيادة الاستشارية الجديدة.", "FACILITY", "العيادة الاستشارية"),  # "الجديدة" is no part
    ("أطلقت الوزارة برنامج مساعدة المرضى على العلاج.", "PROGRAM", "برنامج مساعدة المرضى"),
    ("وافتتح وزير الصحة مستشفى الطفل في طرابلس.", "FACILITY", "مستشفى الطفل"),
]


@pytest.mark.parametrize(("text", "etype", "surface"), BODIES)
def test_role_words_leave_bodies_whole(text: str, etype: str, surface: str) -> None:
    doc = find_entities(Document(doc_id="t", text=text))
    assert (etype, surface) in {(e.type, e.text) for e in doc.entities}


def test_names_do_not_split_common_words() -> None:
    """A listed name that is the end of a common word ("يان" in "بيان") would make the
    tokenizer read that word as proclitic + name; the build script leaves such names out."""
    words = tokenize_text("صدر بيان عن لجان الفلاحين ووفد من الفلاح وفلاح")
    assert [t.prefix for t in words[:5]] == ["", "", "", "", ""]


# The open-data names: generated, attributed, validated, used.
def test_open_names_are_attributed_and_loaded() -> None:
    head = (LEXICON_DIR / "person_names.tsv").read_text(encoding="utf-8").splitlines()[:8]
    assert any("WikiFANE" in line for line in head) and any("CC BY-SA 3.0" in line for line in head)
    kinds = {e.kind for e in load("person_names")}  # type: ignore[attr-defined]
    assert kinds == {"given", "family", "common"}
    n = names()
    assert {norm("يوسف"), norm("إبراهيم")} <= n.given  # hamza-less source forms match hamza'd text
    assert not n.family & n.common


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        # given names only the open data holds
        ("وقال رئيس الاتحاد نابليون الحسيني إن البطولة ستقام في موعدها.", "نابليون الحسيني"),
        ("وقال مدير الصندوق صدام الحمداني إن الدعم مستمر.", "صدام الحمداني"),
    ],
)
def test_open_given_names(text: str, surface: str) -> None:
    assert surface in persons(text)


OPEN_DATA = LEXICON_DIR.parent.parent / "shared" / "data" / "ner" / "WikiFANE_2014_Gold_standard.zip"


@pytest.mark.skipif(not OPEN_DATA.exists(), reason="the open data is not beside the repository")
def test_names_lexicon_is_rebuilt_identically(tmp_path: Path) -> None:
    out = tmp_path / "person_names.tsv"
    script = LEXICON_DIR.parent / "scripts" / "build_names.py"
    subprocess.run([sys.executable, str(script), "--zip", str(OPEN_DATA), "--out", str(out)], check=True)
    assert out.read_text(encoding="utf-8") == (LEXICON_DIR / "person_names.tsv").read_text(encoding="utf-8")
