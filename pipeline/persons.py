"""Stage: PERSON names, on the entities stage's tokens and cues (`entity_context.Ctx`).

Where a name is looked for (docs/entities.md, "People"):
  - after a title ("الدكتور أحمد مليطان", "صاحب السمو الملكي الأمير ...");
  - after a role phrase: a role word ("مدير", "المتحدث الرسمي", "رجل الأعمال"),
    its complement (a body, a city, adjectives: "بصحة جدة", "لهيئة ... بالمنطقة
    الشرقية", "السوري") and maybe a comma; the name then starts with a given name,
    or is made of unknown words that close the phrase;
  - after a person noun ("المريض", "الطفلة السورية");
  - a given name linked by بن/آل, wherever it stands;
  - a byline at the start of a line ("<name>- <outlet>- <city>:");
  - a name in apposition to a role ("<name>، وزير ...", "<name> مساعد المدير");
  - names listed after a name ("<name>، و<name>");
  - a family name alone that repeats the last part of a name found in the bulletin,
    or stands between a verb of saying and a quote ("وقال العتيبي: ...").

What a name is (`_person_name`): given names and family names, linked by name
particles (بن، بنت، ابن، أبو، آل، عبد، ولد): "يوسف بن محمد الغامدي" is one
name, "فيصل بن خالد بن عبدالله" too. A name ends before a word that is no name
part: a boundary, a verb, a time word, a title, a role word with its body
("... خالد المصراتي | مساعد المدير"), a common noun (a plural "المواطنين", a
word the lexicons know). The title is not part of the surface.

Data: `titles.tsv` (titles and role words), `person_cues.tsv` (verbs of saying,
person nouns), `given_names.tsv` (curated) and `person_names.tsv` (given and family
names and common words from open data, `make names`).
`entities.find_entities` calls `person_candidates` and merges the candidates
with the other types' (the longest name wins).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from pipeline.entity_context import Cand, Ctx, _nisba
from pipeline.entity_lexicon import _raw, cues
from pipeline.lexicons import Entry, load, register, vocabulary
from pipeline.normalize import norm


@register("person_names")
class PersonNameEntry(Entry):
    """lexicons/person_names.tsv: given and family names from open data (generated), and
    common definite words the source never saw inside names ("الوفد", "التعامل")."""

    kind: Literal["given", "family", "common"]
    count: int = 0  # how often the source saw it in that position


@register("person_cues")
class PersonCueEntry(Entry):
    """lexicons/person_cues.tsv: cue words of the PERSON grammar."""

    kind: Literal["speech", "noun", "surname", "leader"]


def _cues(kind: str) -> frozenset[str]:
    entries = [e for e in load("person_cues") if isinstance(e, PersonCueEntry) and e.kind == kind]
    return frozenset(norm(f) for e in entries for f in e.ar)


@lru_cache(maxsize=1)
def speech_verbs() -> frozenset[str]:
    """Verbs of saying ("قال", "أضاف"): the word after one may be the speaker."""
    return _cues("speech")


@lru_cache(maxsize=1)
def person_nouns() -> frozenset[str]:
    """Nouns of people ("المريض", "الطفلة"): a name may follow. Not titles: "مستشفى الطفل"
    is a body, so these never end a body's name as `titles.tsv` words do."""
    return _cues("noun")


@lru_cache(maxsize=1)
def leader_nouns() -> frozenset[str]:
    """Bodies named after their leader ("حكومة", "مبادرة"): the name after one is a PERSON
    mention inside the body's name ("حكومة عبدالله الثني", "مبادرة حيدر العبادي")."""
    return _cues("leader")


@dataclass(frozen=True)
class Names:
    given: frozenset[str]
    family: frozenset[str]
    common: frozenset[str]


@lru_cache(maxsize=1)
def surname_words() -> frozenset[str]:
    """Common words that are also family names right after a given name ("فراس الأبيض")."""
    return _cues("surname")


def given(w: str) -> bool:
    """A given name: listed, or a compound written as one word ("عبدالهادي", "عبدربه")."""
    return w in names().given or (w.startswith("عبد") and len(w) >= 6)


@lru_cache(maxsize=1)
def names() -> Names:
    """Given names of both lists, family names, common words (normalized)."""
    kinds: dict[str, set[str]] = {"given": set(cues().given), "family": set(), "common": set()}
    for e in load("person_names"):
        assert isinstance(e, PersonNameEntry)
        kinds[e.kind].update(norm(f) for f in e.ar)
    return Names(frozenset(kinds["given"]), frozenset(kinds["family"]), frozenset(kinds["common"]))


# Name particles (normalized): the word after one is part of the name.
LINKS = frozenset({"بن", "بنت", "ابن", "ابو", "ابا", "ال", "عبد", "ولد"})  # "ولد": Mauritanian "son of"
NASAB = frozenset({"بن", "بنت", "ابن"})
KIN = NASAB | {"ال"}  # "بن", "آل": a given name so linked is a person's name wherever it stands
FAMILY_LINKS = frozenset({"ابو", "ابا", "ال"})
STARTS_WITH_LINK = frozenset({"عبد", "ابو"})  # "عبد الحميد", "أبو بكر" start a name
COMPOUND_TAILS = frozenset({"الدين", "الله", "الاسلام"})  # "نور الدين", "عز الدين": one given name
MAX_NAME = 7  # tokens of a name, particles included
ROLE_REACH = 10  # tokens of a role's complement before its name
COMMAS = frozenset({"،", ","})
DASHES = frozenset({"-", "–", "—"})
_PLURAL_ENDINGS = ("ين", "ات", "اء")  # not "ون": family names end so ("الماجدون")
_LAM_NOUNS = ("لت", "لم", "لا", "لل")  # ل + تفعيل، مفاعلة، إفعال (hamza folded), ال...
_PRONOUNS = ("ه", "ها", "هم", "هما", "هن", "كم")  # possessed nouns: "نظيره"


def _plain(ctx: Ctx, n: int, prefix: str = "") -> bool:
    """An Arabic word without a proclitic (or with `prefix`): what a name part looks like.

    An unknown word in ل is a foreign name ("لوبيز", "لاريجاني") rather than ل + a
    verbal noun, unless it has that noun's shape ("لتسويق", "لمكافحة", "لإنشاء").
    """
    t = ctx.toks[n]
    return (
        t.is_word
        and t.prefix == prefix
        and not (ctx.unsplit_lam(n) and t.text.startswith(_LAM_NOUNS))
        and "\u0621" <= t.text[0] <= "\u064a"
        and not ctx.kinds(n) & {"boundary", "verb", "time"}
    )


def _role_noun(ctx: Ctx, n: int) -> bool:
    """A title or a role word here ends a name; a given name that is also a role word
    ("مساعد") does only when a definite word (its body) follows: "مساعد المدير"."""
    tt = ctx.title_at(n)
    if tt is None:
        return False
    if tt[1] == "role" and given(ctx.toks[n].stem):
        e = tt[0]
        return e < len(ctx.toks) and ctx.toks[e].is_word and ctx.definite(e)
    return True


def _title_surname(ctx: Ctx, n: int) -> bool:
    """A one-word definite title or role after a given name is a family name ("جليلة السيد",
    "محمد الشيخ", "خليل الوزير"); not before a name ("الأمير حمزة | الدكتور عبد الرزاق …"),
    nor a role before its body ("أحمد علي | المدير العام")."""
    tt = ctx.title_at(n)
    if tt is None or tt[0] != n + 1 or not ctx.definite(n):
        return False
    e = tt[0]
    if ctx.toks[n].stem in surname_words() and e < len(ctx.toks) and given(ctx.toks[e].stem):
        return True  # "فاطمة السيد علي": a title that is a family name, inside a longer name
    if e < len(ctx.toks) and ctx.toks[e].is_word and (given(ctx.toks[e].stem) or ctx.title_at(e) is not None):
        return False  # "الأمير حمزة | الدكتور عبد الرزاق ...": a title and the next name
    if tt[1] != "role":
        return True
    return not (e < len(ctx.toks) and ctx.toks[e].is_word and (ctx.definite(e) or ctx.head_at(e) is not None))


def _nasab_surname(ctx: Ctx, n: int) -> bool:
    """After a "بن" chain, a one-word definite common noun or title that closes the clause (the
    quote, a verb, punctuation) is the family name: "نورة بنت عبدالله العمر أن", "إبراهيم بن
    محمد السلطان، ...", "فهد بن عبدالرحمن الجبرين."; not a plural or a word of the grammar, nor an object before a preposition
    or its adjective ("خالد بن سلمان | الوفد في مكتبه", "| الوفد الطبي")."""
    toks = ctx.toks
    w = toks[n].stem
    tt = ctx.title_at(n)
    if not ctx.definite(n) or (tt is not None and tt[0] != n + 1):
        return False
    if w.endswith(_PLURAL_ENDINGS) and not _family_in_in(w):
        return False
    if ctx.kinds(n) - {"cond_noun"} or ctx.head_at(n) is not None:
        return False
    m = n + 1
    if m >= len(toks) or not toks[m].is_word:
        return True
    return "verb" in ctx.kinds(m) or toks[m].stem in _QUOTE_OPENERS or _indefinite_object(ctx, m)


def _indefinite_object(ctx: Ctx, m: int) -> bool:
    """An indefinite noun (maybe behind بـ) after the definite word that closes a "بن" chain: a
    definite object takes no indefinite word after it, so the definite word was the family name
    ("عبدالله بن محمد العمر كتاباً", "إبراهيم بن محمد السلطان بجولة"); not a time word ("الوفد
    أمس"), a verb, a title, a head noun or a possessed noun ("الوفد بمكتبه")."""
    t = ctx.toks[m]
    return (
        t.prefix in ("", "ب")
        and not ctx.definite(m)
        and not ctx.kinds(m) & {"boundary", "verb", "time"}
        and ctx.title_at(m) is None
        and ctx.head_at(m) is None
        and "\u0621" <= t.stem[:1] <= "\u064a"
        and not _raw(ctx.doc.text[t.start : t.end]).endswith(_PRONOUNS)  # "الوفد | بمكتبه"
    )


def _family_in_in(w: str) -> bool:
    """A family name in ين that is no plural ("الجبرين", "العثيمين", "الحصين"): not a participle
    in الم ("المواطنين"), a فاعلين ("الفائزين", "النازحين") or a nisba's plural ("السوريين")."""
    return (
        w.startswith("ال")
        and w.endswith("ين")
        and not w.startswith("الم")
        and not w.endswith("يين")
        and w[3:4] != "ا"
        and len(w) <= 8
    )


def _family_nisba(ctx: Ctx, n: int) -> bool:
    """A relative adjective in ي ("الغامدي"), not a word in ى ("المرضى") the view folds to ي."""
    t = ctx.toks[n]
    return _nisba(t.stem) and not _raw(ctx.doc.text[t.start : t.end]).endswith("ى")


def _common_noun(ctx: Ctx, n: int) -> bool:
    """A definite word that is no family name: a plural, a word the lexicons know, a frequent
    word of the open data that is seldom a name (a relative adjective may be one: "الحربي")."""
    w = ctx.toks[n].stem
    if given(w) or w in names().family:
        return False
    cue = bool(ctx.kinds(n) - {"cond_noun"})  # "الطبية", "العامة": the grammar's own words
    if w in names().common:  # (in the vocabulary too, as every lexicon word)
        return cue or not _family_nisba(ctx, n)
    return cue or w.endswith(_PLURAL_ENDINGS) or w in _known_words()


@lru_cache(maxsize=1)
def _known_words() -> frozenset[str]:
    """Words of the lexicons other than names and places: many family names are also the
    names of places ("الشمري", a tribe's region; nisbas of towns)."""
    place_words = {w for e in load("places") for f in e.ar for w in norm(f).split()}
    nm = names()
    return frozenset(vocabulary() - place_words - nm.given - nm.family - nm.common)


def _person_name(ctx: Ctx, k: int, need_given: bool, lead: str = "", first: bool = False) -> int:
    """End of a name of two or more parts starting at token k, or k when there is none.

    `need_given`: the first word must be a given name (no title introduces the name), unless
    `first` says the context made it one (`_womans_name`).
    `lead`: the proclitic the first word carries ("و" in a list of names).
    """
    toks = ctx.toks
    if k > 0 and toks[k - 1].stem in LINKS:
        return k  # "بن عبدالكريم ...": the middle of a name
    n = k
    units = 0  # name parts; a particle and its word count once
    nasab = False  # a "بن X" chain was seen: a definite family name may close it
    ended = False  # a definite family name was seen: only a particle may follow
    while (
        n < len(toks)
        and n - k < MAX_NAME
        and (_plain(ctx, n, lead if n == k else "") or (n == k and not need_given and _titled_verb(ctx, n)))
    ):
        t = toks[n]
        w = t.stem
        if w in LINKS:
            if units == 0 and w not in STARTS_WITH_LINK:
                break
            if n + 1 >= len(toks) or not _plain(ctx, n + 1) or n + 1 - k >= MAX_NAME:
                break
            nasab = nasab or w in NASAB
            n += 2  # the particle and its word: "بن عبدالعزيز", "آل حريد", "أبو بكر"
            units += 1
            # "أبو الغيط", "آل الشيخ": a family name; "عبد الحميد", "بن الحسن": a given name
            ended = w in FAMILY_LINKS and ctx.definite(n - 1)
            continue
        if ended or ctx.head_at(n) is not None:
            break
        if _role_noun(ctx, n):
            if nasab and _nasab_surname(ctx, n):
                n, units, ended = n + 1, units + 1, True  # "إبراهيم بن محمد السلطان، …"
                continue
            if units != 1 or not _title_surname(ctx, n):
                break
            # "جليلة السيد"; a title that is a family name may open a longer one: "فاطمة السيد علي"
            inner = w in surname_words() and n + 1 < len(toks) and given(toks[n + 1].stem)
            n, units, ended = n + 1, 2, not inner
            continue
        if w in COMPOUND_TAILS and (units == 1 or not ctx.definite(n - 1)):
            n += 1  # "نور الدين الطاهر", "عبدالرحمن جار الله": a compound given or family name
            continue
        if units == 0:
            if (need_given or ctx.definite(n)) and not (given(w) or first or _given_before_abd(ctx, n)):
                return k
        elif not _name_part(ctx, n, units, nasab, need_given):
            break
        n += 1
        units += 1
        if ctx.definite(n - 1) and units >= 2:
            ended = True
    return n if units >= 2 else k


def _titled_verb(ctx: Ctx, n: int) -> bool:
    """A given name that is also a verb, right after a title: "الدكتور أشرف القدرة"."""
    t = ctx.toks[n]
    return t.is_word and not t.prefix and given(t.stem) and not ctx.kinds(n) - {"verb"}


def _given_before_abd(ctx: Ctx, n: int) -> bool:
    """An unknown word right before "عبد" + a name is a given name no list holds: "حيان عبد
    الغني" (not an imperfect verb, "يستقبل عبد الله")."""
    toks = ctx.toks
    return (
        n + 2 < len(toks)
        and toks[n + 1].stem == "عبد"
        and _plain(ctx, n + 2)
        and _unknown(ctx, n)
        and not toks[n].stem.startswith("ي")
    )


def _name_part(ctx: Ctx, n: int, units: int, nasab: bool, need_given: bool) -> bool:
    """Whether token n (not the first) continues a name of `units` parts.

    After a title the second part is taken unless it is a grammar word ("المستشار
    الصديق الصور"); after a role phrase it must not be a common noun ("رئيس البلدية
    حسن | التعامل").
    """
    w = ctx.toks[n].stem
    t = ctx.toks[n]
    if "\u064b" in ctx.doc.text[t.start : t.end + 1]:
        return False  # "حيان عبد الغني | عقداً": an accusative noun with tanween
    if "department" in ctx.kinds(n):
        return False  # "افتتح الوزير جواد عواد | قسم غسيل الكلى": the object, a department
    if given(w) or w in names().family or (units == 1 and w in surname_words()):
        return True
    if w.startswith("ل") and "ال" + w[1:] in names().common:
        return False  # "جورجي جيسوس | لمدة موسمين": ل + a common word
    if ctx.definite(n):
        if units == 1 and not need_given:
            # "المستشار الصديق | الصور"; a place is a family name: "الدكتورة مها الرباط"
            return not ctx.kinds(n) - {"cond_noun"} or ctx.is_place(n)
        if _common_noun(ctx, n):
            # "استقبل الأمير ... | الوفد", "المدير ... | المواطنين"; but "نورة بنت عبدالله العمر أن"
            return nasab and _nasab_surname(ctx, n)
        # A third definite part must look like a family name, unless a "بن" chain precedes it.
        return units < 2 or nasab or _family_nisba(ctx, n)
    if units >= 2 and w[0] in "يت" and len(w) >= 4:
        return False  # "رمضان أبو جناح | يتفقد": an imperfect verb after the name
    if nasab and ctx.toks[n - 2].stem in NASAB and w.startswith("ب") and not w.startswith("با"):
        return False  # "فيصل بن خالد بن عبدالعزيز | بصرف إعانات": ب + a noun (not "باداود")
    if ctx.doc.text[t.start : t.end].startswith("إ") and len(w) == 5 and w[3] == "ا":
        return False  # "عديلة حمود | إغلاق": a verbal noun إفعال ("إسحاق" is a given name)
    if units >= 2 and w.endswith(_PLURAL_ENDINGS + ("ون", "ا")):
        return False  # "محمد صلاح | هدفين", "… | وزيرا": a dual, plural or accusative noun
    t = ctx.toks[n]
    raw = _raw(ctx.doc.text[t.start : t.end])
    if raw.endswith("وه") and len(raw) >= 5:
        return True  # "قادربوه", "بالروه": a family name in وه, not "أخوه", "أبوه"
    # A possessed noun ("جون كيري | نظيره"): a pronoun written ه, not the ة of "حمزة".
    return not raw.endswith(_PRONOUNS)


def _after_title(ctx: Ctx, j: int) -> Cand | None:
    toks = ctx.toks
    while j < len(toks) and ctx.title_at(j) is not None and ctx.title_at(j)[1] != "role":
        j = ctx.title_at(j)[0]  # "الأستاذ الدكتور", "صاحب السمو الملكي الأمير"
    e = _person_name(ctx, j, need_given=False)
    return Cand("PERSON", j, e) if e > j else None


def _after_role(ctx: Ctx, i: int, j: int, bodies: dict[int, int]) -> Cand | None:
    """The name after a role word at [i, j) and its complement, starting with a given name.

    The complement: bodies, cities, adjectives, words behind بـ/لـ ("بصحة جدة",
    "لهيئة الهلال الأحمر بالمنطقة الشرقية", "السوري"), maybe closed by a comma.
    A definite role ("المتحدث الرسمي", "رجل الأعمال") may be followed by the name at once.
    When the phrase ends (a boundary, a verb, punctuation) with words no list knows, they
    are the name (`_unlisted_name`).
    """
    toks = ctx.toks
    k = j
    while k < len(toks) and k - j <= ROLE_REACH:
        if k > j or ctx.definite(i) or ctx.definite(j - 1):
            e = _person_name(ctx, k, need_given=True, first=k > j and _womans_name(ctx, i, k))
            if e > k:
                return Cand("PERSON", k, e)
            if k > j and _quoted_speaker(ctx, i, k):
                return Cand("PERSON", k, k + 2)
        t = toks[k]
        if t.is_punct and t.text in COMMAS and k > j and k + 1 < len(toks):
            e = _person_name(ctx, k + 1, need_given=True)
            return Cand("PERSON", k + 1, e) if e > k + 1 else None
        if k > j and (pe := _body_place(ctx, k, bodies)) is not None and pe < len(toks):
            # "المتحدث باسم وزارة الصحة في غزة <name>": the body's place, then the name at once
            e = _person_name(ctx, pe, need_given=True)
            if e > pe:
                return Cand("PERSON", pe, e)
            if _quoted_speaker(ctx, i, pe):
                return Cand("PERSON", pe, pe + 2)
            s = pe + 2  # two words no list knows, then the clause: "… في اليمن أديل خضر إن"
            return _unlisted_name(ctx, pe - 1, s, bodies) if s >= len(toks) or ctx.stops(s) else None
        if not t.is_word or ctx.stops(k):
            return _unlisted_name(ctx, j, k, bodies)
        if k > j and _foreign_name(ctx, k):
            return Cand("PERSON", k, k + 2)
        tt = ctx.title_at(k)
        if tt is not None and k > j:
            if tt[1] != "role":
                return None  # "مدير المستشفى الدكتور ...": the title rule finds the name
            k = tt[0]  # "مدير إدارة الإعلام والمتحدث الرسمي ...": one more role
            continue
        k = bodies.get(k, k + 1)
    return None


def _foreign_name(ctx: Ctx, k: int) -> bool:
    """In a role's complement, a word no list knows and an indefinite word (unknown, or a place's
    name: "ليون") or a family nisba before the verb's definite object: "المبعوث الأممي <unknown>
    ليون | الأطراف", "نائب رئيس الوزراء <unknown> الأعرجي | المنظمات"."""
    toks = ctx.toks
    if k + 2 >= len(toks) or not _unknown(ctx, k):
        return False
    second, obj = toks[k + 1], k + 2
    family = ctx.definite(k + 1) and _family_nisba(ctx, k + 1) and second.stem not in names().common
    if not (
        _plain(ctx, k + 1)
        and (family or not ctx.definite(k + 1) and (_unknown(ctx, k + 1) or ctx.is_place(k + 1)))
    ):
        return False
    if any(_verbal_noun(toks[n].stem) for n in (k, k + 1)):
        return False  # "… للصليب الأحمر | سبل تعزيز التعاون": a verbal noun, the clause's
    raw = _raw(ctx.doc.text[second.start : second.end])
    return (
        toks[obj].is_word
        and not toks[obj].prefix
        and ctx.definite(obj)
        and not ctx.adjective(obj)
        and not ctx.is_place(obj)
        and ctx.head_at(obj) is None
        and ctx.title_at(obj) is None
        and not raw.endswith(("ة", "ا"))
    )


def _verbal_noun(w: str) -> bool:
    """A تفعيل ("تعزيز", "تطوير") or إفعال ("اغلاق", hamza folded) verbal noun."""
    return len(w) == 5 and ((w[0] == "ت" and w[3] == "ي") or (w[0] == "ا" and w[3] == "ا"))


def _womans_name(ctx: Ctx, i: int, k: int) -> bool:
    """After a feminine role word ("وزيرة", "الناطقة باسم"), an unknown indefinite word in ة is a
    woman's given name no list holds: "وزيرة الصحة العراقية عديلة حمود"."""
    t = ctx.toks[k]
    return (
        _raw(ctx.doc.text[ctx.toks[i].start : ctx.toks[i].end]).endswith("ة")
        and _unknown(ctx, k)
        and _raw(ctx.doc.text[t.start : t.end]).endswith("ة")
    )


def _body_place(ctx: Ctx, k: int, bodies: dict[int, int]) -> int | None:
    """End of "في" + a place or a body, or "لدى" + a body at k, inside a role's complement:
    "المتحدث باسم وزارة الصحة في غزة", "المندوب الدائم لليبيا لدى الأمم المتحدة"."""
    if k + 1 >= len(ctx.toks):
        return None
    w = ctx.toks[k].stem
    if w == "في":  # "مديرة البرنامج في منظمة أطباء بلا حدود <name>"
        return ctx.place_end(k + 1) or bodies.get(k + 1)
    return bodies.get(k + 1) if w == "لدي" else None


def _quoted_speaker(ctx: Ctx, i: int, k: int) -> bool:
    """Two words between a role phrase that a verb of saying introduces and the quote: a given
    name and any definite word ("وقال المتحدث باسم الوزارة أشرف القدرة إن"): a given name
    that is also a verb ("أشرف"), a family name that is also a common noun ("القدرة")."""
    toks = ctx.toks
    if i == 0 or k + 2 >= len(toks) or toks[i - 1].stem not in speech_verbs():
        return False
    first, last = toks[k], toks[k + 1]
    if (
        not (first.is_word and not first.prefix and given(first.stem))
        or toks[k + 2].stem not in _QUOTE_OPENERS
    ):
        return False
    return (
        last.is_word
        and not last.prefix
        and ctx.definite(k + 1)
        and not ctx.kinds(k + 1) & {"boundary", "time"}
        and ctx.head_at(k + 1) is None
        and ctx.title_at(k + 1) is None
    )


def _unknown(ctx: Ctx, n: int) -> bool:
    """An indefinite word without a proclitic that no lexicon or list knows ("نوردين")."""
    t = ctx.toks[n]
    return (
        _plain(ctx, n)
        and not ctx.definite(n)
        and t.stem not in vocabulary()
        and not ctx.kinds(n)
        and ctx.head_at(n) is None
        and ctx.title_at(n) is None
    )


def _unlisted_name(ctx: Ctx, j: int, s: int, bodies: dict[int, int]) -> Cand | None:
    """The two or three words that close a role phrase at token s, when they look like a
    name no list holds: unknown words, the last maybe a family name ("... المنظمة
    بيل نوردين | في", "... بالنيابة <unknown> <unknown> الغامدي | أن")."""
    toks, nm = ctx.toks, names()
    last = s - 1
    for size in (3, 2):
        a = s - size
        if a <= j or _unknown(ctx, a - 1) or any(b < s and a < e for b, e in bodies.items()):
            continue
        if not (
            _unknown(ctx, a)
            and all(_unknown(ctx, n) or toks[n].stem in nm.family for n in range(a + 1, last))
            and (
                _unknown(ctx, last)
                or toks[last].stem in nm.family
                or given(toks[last].stem)
                or _family_nisba(ctx, last)
            )
            and _plain(ctx, last)
        ):
            continue
        return Cand("PERSON", a, s)
    return None


def _line_start(ctx: Ctx, k: int) -> bool:
    if k == 0:
        return True
    t = ctx.toks[k]
    between = ctx.doc.text[ctx.toks[k - 1].end : t.start]
    return "\n" in between


def _unintroduced(ctx: Ctx) -> list[Cand]:
    """Names no title or role precedes: a given name with a kin link ("ناصر آل مرعي",
    "صالح بن سعد ..."), bylines ("<name>- <outlet>:"), appositions ("<name>، وزير ...")."""
    toks = ctx.toks
    out: list[Cand] = []
    for k, t in enumerate(toks):
        if not t.is_word or not given(t.stem):
            continue
        e = _person_name(ctx, k, need_given=True)
        if e <= k:
            continue
        nxt = toks[e].text if e < len(toks) else ""
        if (
            any(toks[n].stem in KIN for n in range(k + 1, e - 1))
            or (nxt in DASHES and _line_start(ctx, k))
            or (nxt in COMMAS and e + 1 < len(toks) and _role_phrase(ctx, e + 1, after_comma=True))
            or _role_phrase(ctx, e)
            or _quoted(ctx, k, e)
        ):
            out.append(Cand("PERSON", k, e))
    return out


def _quoted(ctx: Ctx, k: int, e: int) -> bool:
    """The name [k, e) stands between a verb of saying and the quote: "وأكد <given> <family> أن",
    "وقال <given> <given> <family>: …" (a speaker needs no title)."""
    toks = ctx.toks
    return k > 0 and e < len(toks) and toks[k - 1].stem in speech_verbs() and toks[e].stem in _QUOTE_OPENERS


def _listed(ctx: Ctx, found: list[Cand]) -> list[Cand]:
    """Names listed after a name, with "و" or a comma: "أحمد علي، وسالم المبروك، ومحمد
    الطاهر"; each starts with a given name."""
    toks = ctx.toks
    starts = {c.i for c in found}
    todo = sorted(found, key=lambda c: c.j)
    out: list[Cand] = []
    while todo:
        e = todo.pop(0).j
        comma = e < len(toks) and toks[e].text in COMMAS
        k = e + 1 if comma else e
        if k >= len(toks) or k in starts or not given(toks[k].stem):
            continue
        lead = toks[k].prefix
        if lead not in ("و", "") or (not lead and not comma):
            continue
        end = _person_name(ctx, k, need_given=True, lead=lead)
        if end > k:
            c = Cand("PERSON", k, end)
            out.append(c)
            starts.add(k)
            todo.append(c)
    return out


def _role_phrase(ctx: Ctx, n: int, after_comma: bool = False) -> bool:
    """A role word and its body at token n ("وزير الصحة", "مدير مستشفى …", "مساعد المدير"):
    a name before it is that person's ("<name>، وزير الداخلية", "<name> مساعد المدير العام").
    Without a comma between, the body must be definite or a head noun."""
    tt = ctx.title_at(n) if n < len(ctx.toks) else None
    if tt is None or tt[1] != "role":
        return False
    e = tt[0]
    if after_comma or ctx.definite(e - 1):
        return True  # "المتحدث الرسمي", "رجل الأعمال"
    return e < len(ctx.toks) and ctx.toks[e].is_word and (ctx.definite(e) or ctx.head_at(e) is not None)


def _after_noun(ctx: Ctx, i: int) -> Cand | None:
    """A name after a person noun ("المريض", "الطفلة", "المحامي") and at most two definite
    adjectives ("الطفل السوري ..."); the name starts with a given name."""
    toks = ctx.toks
    k = i + 1
    while k < len(toks) and k - i <= 3:
        e = _person_name(ctx, k, need_given=True)
        if e > k:
            return Cand("PERSON", k, e)
        if not _plain(ctx, k) or not ctx.definite(k) or ctx.title_at(k) is not None:
            return None
        k += 1
    return None


def _leaders_name(ctx: Ctx, i: int) -> Cand | None:
    """The leader's name right after a body named for him: "حكومة عبدالله الثني" (a given name
    first, two parts or more); it stays inside the body's name."""
    if ctx.definite(i) or i + 1 >= len(ctx.toks):
        return None
    e = _person_name(ctx, i + 1, need_given=True)
    return Cand("PERSON", i + 1, e, nests=True) if e > i + 1 else None


def _surname_repeats(ctx: Ctx, found: list[Cand]) -> list[Cand]:
    """A definite family name alone: repeating a name found in the bulletin ("وأضاف
    الشهري"), or a speaker's ("وقال العتيبي: ...")."""
    toks = ctx.toks
    covered = {n for c in found for n in range(c.i, c.j)}
    surnames = set()
    for c in found:
        last = toks[c.j - 1]
        if c.j - c.i >= 2 and ctx.definite(c.j - 1) and not given(last.stem) and len(last.stem) >= 5:
            surnames.add(last.stem)
    titled = {c.i - 1 for c in found}  # "الشيخ عبدالعزيز بن عبدالله آل الشيخ": the first is a title
    taken = covered | titled
    return [
        Cand("PERSON", n, n + 1)
        for n, t in enumerate(toks)
        if t.is_word and n not in taken and (t.stem in surnames or _speaker(ctx, n))
    ]


_QUOTE_OPENERS = frozenset({":", "،", ",", "ان"})  # "وقال X: ...", "وقال X إن ..."


def _speaker(ctx: Ctx, n: int) -> bool:
    """A family-name-shaped word between a verb of saying and a quote: "وأضاف الغامدي أن"."""
    toks = ctx.toks
    if n == 0 or n + 1 >= len(toks) or toks[n - 1].stem not in speech_verbs():
        return False
    if toks[n + 1].stem not in _QUOTE_OPENERS or not _plain(ctx, n) or not ctx.definite(n):
        return False
    if ctx.title_at(n) is not None or ctx.head_at(n) is not None or ctx.is_place(n):
        return False
    w = toks[n].stem
    if w in names().common:
        return False  # "وقال الأمريكي": an adjective the open data seldom saw in a name
    return (w in names().family or _family_nisba(ctx, n)) and not _common_noun(ctx, n)


def person_candidates(ctx: Ctx, bodies: list[Cand]) -> list[Cand]:
    """PERSON after a title, a role phrase, a person noun, in a byline or apposition; family
    names repeated."""
    ends: dict[int, int] = {}
    for b in bodies:
        ends[b.i] = max(ends.get(b.i, 0), b.j)
    out: list[Cand] = []
    for i in range(len(ctx.toks)):
        tt = ctx.title_at(i)
        if tt is None:
            t = ctx.toks[i]
            if (
                t.is_word
                and (t.stem in person_nouns() or t.text in person_nouns())
                and (c := _after_noun(ctx, i))
            ):
                out.append(c)
            elif t.is_word and t.stem in leader_nouns() and (c := _leaders_name(ctx, i)):
                out.append(c)
            continue
        if i > 0 and ctx.toks[i - 1].stem in LINKS:
            continue  # "عبداللطيف بن عبدالملك آل الشيخ مذكرة …": a name's part, no title
        j, kind = tt
        c = _after_title(ctx, j) if kind in ("title", "honorific") else _after_role(ctx, i, j, ends)
        if c is not None:
            out.append(c)
    out += _unintroduced(ctx)
    out += _listed(ctx, out)
    out += _surname_repeats(ctx, out)
    return [c for c in out if not _names_a_thing(ctx, c.i)]


def _names_a_thing(ctx: Ctx, k: int) -> bool:
    """A name right after an airport, a street, a school, a prize (`named_way`), maybe behind a
    title, is the thing's own name, no mention of the person: "مطار الملك عبدالعزيز الدولي",
    "مطار الأمير محمد بن عبدالعزيز", "جائزة الأمير نايف"."""
    for w in (k - 1, k - 2):
        if w < 0 or "named_way" not in ctx.kinds(w):
            continue
        tt = ctx.title_at(w + 1)
        if w == k - 1 or (tt is not None and tt[0] == k and tt[1] != "role"):
            return True
    return False
