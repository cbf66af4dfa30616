"""Places: the generated gazetteer (lexicons/places_open.tsv) merged behind places.tsv, the
place grammar ("محافظة X", "حي X", "شمال X", lists of places) and its traps (common words
that are place names, a newspaper's name, a country adjective, a name after a title)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import pipeline.entity_lexicon  # noqa: F401  (registers the schemas)
from pipeline import lexicons, process_text
from pipeline.entities import find_entities
from pipeline.lexicons import load
from pipeline.models import Document, Entity
from pipeline.normalize import norm
from pipeline.tokenize import tokenize_text

ROOT = Path(__file__).resolve().parent.parent


def locs(text: str) -> dict[str, Entity]:
    doc = find_entities(Document(doc_id="t", text=text))
    for e in doc.entities:
        assert doc.text[e.start : e.end] == e.text, e
    return {e.text: e for e in doc.entities if e.type == "LOC"}


def place_forms() -> set[str]:
    return {norm(f) for e in load("places") for f in e.ar}


# (text, surface, id): a place of the generated gazetteer or of the hand-made regions.
FOUND = [
    ("افتتح وزير الصحة مركزا للغسيل الكلوي في بريدة أمس.", "بريدة", "sa.buraydah"),
    ("ونقل المصابون إلى مستشفيات الموصل لتلقي العلاج.", "الموصل", "iq.mosul"),
    ("وزعت المنظمة شحنة أدوية على مستشفيات صنعاء وعدن.", "صنعاء", "ye.sanaa"),
    ("وزعت المنظمة شحنة أدوية على مستشفيات صنعاء وعدن.", "عدن", "ye.aden"),
    ("واستضافت مدينة الصخيرات جولة جديدة من المفاوضات.", "الصخيرات", "skhirat"),
    ("ونقل الجرحى من مدينتي الرمادي والفلوجة إلى مستشفيات بغداد.", "الرمادي", "iq.ramadi"),
    ("ووصلت القافلة الطبية إلى عامرية الفلوجة ظهر اليوم.", "عامرية الفلوجة", "amiriyat_fallujah"),
    ("وعاد اللاجئون من سورية إلى قراهم.", "سورية", "syria"),
    # cities the generated gazetteer marks as common words, listed plain by hand
    ("دشن مدير الجامعة مركز الأبحاث الطبية بكلية الطب في أبها.", "أبها", "sa.abha"),
    ("تجددت الاشتباكات في مأرب بين المقاومة والمسلحين.", "مأرب", "ye.ma_rib"),
    ("نقل الجرحى إلى مستشفى مرجان التعليمي في الحلة.", "الحلة", "iq.al_hillah"),
    ("تستقبل العيادات المتنقلة المرضى في نابلس وجنين يوميا.", "نابلس", "ps.nablus"),
    ("افتتح مستوصف جديد في مراكش الأسبوع الماضي.", "مراكش", "ma.marrakesh"),
    ("وصلت قافلة طبية إلى اللاذقية صباح اليوم.", "اللاذقية", "sy.latakia"),
    ("أطلقت مديرية الصحة حملة تطعيم في الزقازيق.", "الزقازيق", "eg.zagazig"),
    ("نقل الطفل إلى مستشفى بمدينة أبها لاستكمال علاجه.", "أبها", "sa.abha"),
    ("سجلت الفرق الصحية إصابات جديدة في الحديده.", "الحديده", "ye.al_hudaydah"),  # ة written ه
    ("تواصل الفرق عملها في القصيم وحائل.", "القصيم", "sa_qassim"),
    ("تواصل الفرق عملها في القصيم وحائل.", "حائل", "sa.ha_il"),
    ("وصلت المساعدات إلى حضرموت وشبوة.", "شبوة", "ye_shabwah"),
    ("أعلنت السلطات الصحية في بيرو حالة الطوارئ.", "بيرو", "peru"),
    # a place name that is also a common word, in a place context
    ("وزعت الأدوية في تعز وحجة وصعدة.", "حجة", "ye_hajjah"),
    ("وصلت فرق الإغاثة إلى محافظة حجة أمس.", "حجة", "ye_hajjah"),
    ("نزحت الأسر إلى مناطق شمال حجة.", "حجة", "ye_hajjah"),
    ("شملت الحملة محافظات حجة وصعدة.", "حجة", "ye_hajjah"),
    ("وصلت القافلة إلى شبوة والمهرة.", "المهرة", "ye_mahrah"),
    # ... or attached with بـ to a facility's name: where the facility is
    ("أجرى الفريق الطبي في مستشفى الملك فهد الجامعي بالخبر عشر عمليات.", "الخبر", "sa.khobar"),
    ("وقال مدير مستشفى الولادة بحجة إن الأدوية وصلت.", "حجة", "ye_hajjah"),
]


@pytest.mark.parametrize(("text", "surface", "ident"), FOUND)
def test_places_found(text: str, surface: str, ident: str) -> None:
    got = locs(text)
    assert surface in got, f"{surface!r} not among {sorted(got)}"
    assert got[surface].id == ident


# (text, surface): "X" after a place prefix is a LOC even when no lexicon lists it.
PREFIXED = [
    ("وصلت القافلة الطبية إلى محافظة المريجة أمس.", "المريجة"),
    ("اندلع حريق في مستودع بحي الورود الليلة الماضية.", "الورود"),
    ("زار الفريق الطبي مخيم الصفصوف للاجئين.", "الصفصوف"),
    ("افتتحت عيادة جديدة في إقليم تيغرمت.", "تيغرمت"),
    ("وزعت المساعدات على سكان ولاية قصيبة.", "قصيبة"),
    ("تم نقل المرضى من بلدة ترمسة إلى المستشفى.", "ترمسة"),
]


@pytest.mark.parametrize(("text", "surface"), PREFIXED)
def test_place_after_a_prefix(text: str, surface: str) -> None:
    assert norm(surface) not in place_forms(), "in a lexicon"
    got = locs(text)
    assert surface in got, f"{surface!r} not among {sorted(got)}"
    assert not [s for s in got if s != surface and surface in s], "the prefix is not part of the LOC"


# (text, surface): no LOC with that surface.
TRAPS = [
    ("رفضت اللجنة الطلب بحجة عدم اكتمال الوثائق.", "حجة"),
    ("نشرت الوزارة صور الحملة على موقعها.", "صور"),
    ("بلغ مجموع ما تم صرفه من الأدوية 300 عبوة.", "صرفه"),
    ("استهدفت الحملة آلاف الأطفال في ثماني محافظات رغم صعوبة الأوضاع.", "رغم"),
    ("استهدفت الحملة آلاف الأطفال في ثماني محافظات رغم صعوبة الأوضاع.", "استهدفت"),
    ("تقيم الجمعية معرضا في الحي الجامعي.", "الحي"),
    ("ارتدى الموظفون الزي الرمادي في الحفل.", "الرمادي"),
    # a country name in ية after a money unit is the currency's adjective
    ("وبلغت كلفة الجهاز 90 مليون ليرة سورية.", "سورية"),
    ("وقالت مصادر طبية لـ«الشرق الأوسط» إن الحالات مستقرة.", "الشرق الأوسط"),
    ('ونقلت صحيفة "الرياض" عن مصدر في الوزارة أن الحملة مستمرة.', "الرياض"),
    ("أعلنت وزارة الصحة السعودية تسجيل حالات جديدة.", "السعودية"),
    ("تواصل الحملة الوطنية السعودية تقديم خدماتها للاجئين.", "السعودية"),
    ("أقيمت الحملة في ثانوية الأمير نايف بالمدينة.", "نايف"),
    ("وقال الطبيب محمد الزبير إن الحالة مستقرة.", "الزبير"),
    ("وزعت المساعدات على مخيم النازحين شرق المدينة.", "النازحين"),
    ("انتشرت الفرق في منطقة العمليات منذ الصباح.", "العمليات"),
    ("وشارك في الندوة مخيم طبي مجاني.", "طبي"),
    # a common-word place with بـ, but after no facility
    ("وجاء في الخبر أن الحالات مستقرة.", "الخبر"),
    ("رفضت إدارة المستشفى الطلب بحجة نقص الأسرة.", "حجة"),
]


@pytest.mark.parametrize(("text", "surface"), TRAPS)
def test_traps_are_not_places(text: str, surface: str) -> None:
    assert surface not in locs(text)


# The traps' counterparts: the same names where they are places.
CONTRASTS = [
    ("تشهد منطقة الشرق الأوسط موجة حر شديدة.", "الشرق الأوسط"),
    ("سافر الوفد الطبي إلى السعودية أمس.", "السعودية"),
    ("وقعت الإمارات والسعودية اتفاقية للتعاون الصحي.", "السعودية"),
    ("وصل المرضى إلى الرياض لتلقي العلاج.", "الرياض"),
    ("افتتح مستشفى جديد في الزبير جنوب البصرة.", "الزبير"),
    ("نقلت الحالات إلى المدينة الساحلية اللاذقية.", "اللاذقية"),  # a city in ية is no adjective
]


@pytest.mark.parametrize(("text", "surface"), CONTRASTS)
def test_the_same_names_as_places(text: str, surface: str) -> None:
    assert surface in locs(text)


# --------------------------------------------------------------------------- the generated file


def generated() -> Iterator[lexicons.Entry]:
    return (e for e in load("places") if e.file == "places_open")


def test_generated_gazetteer_is_loaded_behind_the_hand_made_one() -> None:
    entries = load("places")
    files = [e.file for e in entries]
    assert files.index("places_open") > max(i for i, f in enumerate(files) if f == "places")
    assert len({e.id for e in entries}) == len(entries)
    assert sum(1 for _ in generated()) > 1500


def test_generated_forms_are_arabic_and_read_without_a_proclitic() -> None:
    arabic = re.compile(r"^[\u0621-\u064a]+( [\u0621-\u064a]+)*$")
    bad = [f for e in generated() for f in e.ar if not arabic.match(f) or tokenize_text(f)[0].prefix]
    assert not bad


def test_generated_file_names_its_sources() -> None:
    head = (ROOT / "lexicons" / "places_open.tsv").read_text(encoding="utf-8").split("\nid\t")[0]
    for source in ("CLDR", "GeoNames", "CC BY 4.0", "Unicode License", "wordfreq"):
        assert source in head
    assert (ROOT / "lexicons" / "SOURCES.md").exists()


@pytest.mark.parametrize("word", ["حجة", "صور", "الحي", "سلطات", "ميدان", "التربة"])
def test_common_words_are_never_plain_place_forms(word: str) -> None:
    """A common word is either left out or marked common, never matched everywhere."""
    plain = {norm(f) for e in load("places") for f in e.ar if norm(f) not in map(norm, e.common)}
    assert norm(word) not in plain


# Frequent words that a generated place name must not turn into proclitic + name.
@pytest.mark.parametrize("word", ["كسور", "وادي", "وجود", "للحج", "وحدة", "كتاب", "فريق", "لجنة"])
def test_frequent_words_stay_whole(word: str) -> None:
    t = tokenize_text(word)[0]
    assert (t.prefix, t.stem) == ("", norm(word)) or (
        word.startswith("لل") and t.stem == "ا" + norm(word)[1:]
    )


def _write(dirpath: Path, name: str, rows: list[str]) -> None:
    header = "id\tname_en\tar\tkind\tcountry\tcommon\n"
    (dirpath / f"{name}.tsv").write_text(header + "".join(r + "\n" for r in rows), encoding="utf-8")


def test_hand_made_entries_win(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path, "places", ["yemen\tYemen\tاليمن\tcountry\t\t", "taiz\tTaiz\tتعز\tcity\tyemen\t"])
    _write(
        tmp_path,
        "places_open",
        [
            "taiz\tTa'izz\tتعز الحالمة\tcity\tyemen\t",  # same id
            "ye.taiz\tTa'izz\tتعز\tcity\tyemen\t",  # same form
            "ye.ibb\tIbb\tإب\tcity\tyemen\t",
        ],
    )
    monkeypatch.setattr(lexicons, "LEXICON_DIR", tmp_path)
    load.cache_clear()
    try:
        assert [(e.id, e.file) for e in load("places")] == [
            ("yemen", "places"),
            ("taiz", "places"),
            ("ye.ibb", "places_open"),
        ]
    finally:
        load.cache_clear()


def test_common_form_must_be_one_of_the_forms(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path, "places", ["hajjah\tHajjah\tحجة\tcity\t\tصور"])
    monkeypatch.setattr(lexicons, "LEXICON_DIR", tmp_path)
    with pytest.raises(lexicons.LexiconError, match="common"):
        lexicons.read_tsv(tmp_path / "places.tsv", lexicons.SCHEMAS["places"])


# (text, event type): a procedure is "abroad" when patients are sent or taken to another
# country than the home one (Libya by default), wherever the gazetteer entry comes from;
# a hospital's own procedure stays a procedure, even in a foreign city.
ABROAD = [
    ("أجرى الفريق الطبي بمستشفى الملك خالد بحائل 5 عمليات جراحية ناجحة.", "procedure_performed"),
    ("أجرى الفريق الطبي بمستشفى الملك خالد في بريدة 5 عمليات جراحية ناجحة.", "procedure_performed"),
    ("أجرى فريق طبي في إيطاليا 5 عمليات جراحية لأطفال ليبيين.", "procedure_performed"),
    ("أجرى فريق طبي في تونس العاصمة 5 عمليات جراحية لأطفال ليبيين.", "procedure_performed"),
    ("أوفدت الوزارة 5 أطفال إلى إيطاليا لإجراء عمليات جراحية.", "treatment_abroad"),
    ("تم نقل 3 مرضى إلى أضنة لتلقي العلاج في مستشفياتها.", "treatment_abroad"),  # a generated city
]


@pytest.mark.parametrize(("text", "etype"), ABROAD)
def test_abroad_is_where_patients_are_sent(text: str, etype: str) -> None:
    doc = process_text(text, published="2024-03-20")
    assert [e.type for e in doc.events] == [etype]


# (text, surface, id or None): a form places of several countries share is linked by the
# bulletin's country evidence: its other places, its facilities' cities, its state bodies.
NAMESAKES = [
    (
        "أجرى مستشفى الملك فهد التخصصي بالدمام 42 عملية قلب مفتوح، وهو أكبر مركز مرجعي بالمنطقة الشرقية.",
        "المنطقة الشرقية",
        "sa_eastern_province",
    ),
    (
        "سجلت وزارة الصحة خمس وفيات جديدة بفيروس كورونا في الرياض والمنطقة الشرقية.",
        "المنطقة الشرقية",
        "sa_eastern_province",
    ),
    (
        "وصلت قافلة طبية من بنغازي إلى مستشفيات المنطقة الشرقية محملة بالأدوية.",
        "المنطقة الشرقية",
        "libya_east",
    ),
    (
        "تلقت غرف العمليات بهيئة الهلال الأحمر السعودي بالمنطقة الشرقية 984 بلاغا خلال العيد.",
        "المنطقة الشرقية",
        "sa_eastern_province",
    ),
    ("افتتح أمير منطقة الجوف مركز الكلى بمستشفى الأمير متعب بسكاكا.", "الجوف", "sa_jawf"),
    ("اندلعت اشتباكات عنيفة في محافظة الجوف شمال صنعاء أمس.", "الجوف", "ye_jawf"),
    ("هطلت أمطار غزيرة على الشرقية والرياض مساء أمس.", "الشرقية", "sa_eastern_province"),
    ("نفقت عشرات المواشي في قرى محافظة الشرقية شمال القاهرة.", "الشرقية", "eg_sharqia"),
    # evidence for neither namesake: the mention stays unlinked
    ("أعلنت السلطات في بغداد إرسال مساعدات طبية إلى المنطقة الشرقية.", "المنطقة الشرقية", None),
]


@pytest.mark.parametrize(("text", "surface", "ident"), NAMESAKES)
def test_namesakes_linked_by_country_evidence(text: str, surface: str, ident: str | None) -> None:
    got = locs(text)
    assert surface in got, sorted(got)
    assert got[surface].id == ident


def test_namesake_follows_the_given_home_country() -> None:
    doc = Document(doc_id="t", text="نقلت فرق الإسعاف 12 مصابا إلى مستشفيات المنطقة الشرقية.", country="SA")
    doc.country_from = "run"
    got = {e.text: e.id for e in find_entities(doc).entities if e.type == "LOC"}
    assert got["المنطقة الشرقية"] == "sa_eastern_province"


def test_a_region_named_alone_heads_its_health_directorate() -> None:
    doc = find_entities(
        Document(doc_id="t", text="وأفاد المتحدث الإعلامي لصحة الشرقية أن المستشفيات استقبلت 900 مراجع.")
    )
    assert "صحة الشرقية" in {e.text for e in doc.entities if e.type == "ORG"}


@pytest.mark.parametrize(
    "text",
    [
        "تقع البوابة في الجهة الشرقية للمدينة.",
        "قصفت الطائرات أحياء في الغوطة الشرقية.",
        "هبت رياح شرقية قوية.",
    ],
)
def test_the_adjective_eastern_is_no_region(text: str) -> None:
    assert "الشرقية" not in locs(text)


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("هطلت أمطار غزيرة على الرياض وجدة مساء أمس.", "الرياض"),  # على, not the given name علي
        ("وزعت الفرق المساعدات على الموصل وتكريت.", "الموصل"),
        ("واصلت إسرائيل غاراتها على لبنان لليوم الخامس.", "لبنان"),
        ("فرضت واشنطن عقوبات جديدة على إيران بسبب برنامجها النووي.", "إيران"),
    ],
)
def test_a_place_after_the_preposition_ala(text: str, surface: str) -> None:
    assert surface in locs(text)


def test_a_place_after_the_given_name_ali_is_a_name() -> None:
    assert "الرياض" not in locs("وقال الشيخ علي الرياض إن المسجد سيفتتح قريبا.")


@pytest.mark.parametrize(
    ("text", "surface", "linked"),
    [
        # a town's name after "حي" names a quarter of the bulletin's city: no link to the town
        ("تفقد أمين المنطقة مشاريع تصريف المياه في حي النسيم وحي الروضة شرق العاصمة.", "الروضة", False),
        ("اندلع حريق في مستودع بحي الروضة صباح اليوم.", "الروضة", False),
        # the town itself stays linked
        ("وقعت اشتباكات عنيفة في مدينة الروضة أمس.", "الروضة", True),
    ],
)
def test_a_quarter_is_no_town_of_its_name(text: str, surface: str, linked: bool) -> None:
    got = locs(text)
    assert surface in got, sorted(got)
    assert (got[surface].id is not None) == linked  # the town: a city of the generated gazetteer
