"""Entities sub-stage: FACILITY, ORG and PROGRAM names no lexicon holds, read from a head noun.

`head_candidates` finds a head noun ("مستشفى", "جهاز", "مبادرة" ... in `entity_heads.tsv`) and
its complement up to a boundary (`_extend` and its rules: a preposition, a verb, punctuation, a
number, a conjunction that starts a new phrase, a word of the clause); also "صحة" + city, a
quoted programme name, a medical city, "تنظيم" + a proper name; `group_candidates`: the armed
group after a fighters noun ("مسلحي القاعدة"). Reads the tokens, the cue
words and the lexicon mentions found before it (`Ctx.mention_starts`, `org_spans`, `place_spans`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from pipeline.entity_context import (
    _PRONOUN_SUFFIXES,
    QUOTES,
    Cand,
    Ctx,
    _circumstantial,
    _nisba,
    _participle,
    _possessed,
)
from pipeline.entity_lexicon import HeadKind
from pipeline.entity_places import country_adjectives
from pipeline.lexicons import load, vocabulary
from pipeline.normalize import norm
from pipeline.numbers import lookup
from pipeline.persons import LINKS, given, names

MAX_COMPLEMENT = 10  # words after a head
CONJ = ("و", "ف")


@dataclass
class _Name:
    """A name being read: its head is tokens[i:j], its complement runs to k (excluded)."""

    i: int
    j: int
    kind: HeadKind
    k: int
    adjectival: bool  # the complement so far only qualifies the head (definite adjectives)
    person: bool  # the complement is a personal name ("مستشفى الملك فهد", "مركز سعود البابطين")
    in_lam: bool = False  # inside a "لـ" complement
    lam_def: bool = False  # whether the noun after "لـ" is definite


def _extend(ctx: Ctx, i: int, j: int, kind: HeadKind) -> int:
    """End of the name whose head is tokens[i:j]: the head's complement up to a boundary.

    Each word is read by the first rule it falls under; every rule either takes the
    word (and what must follow it) into the name or ends the name:
      - `_clause_word`: words of the clause, never of a name (a detached "بـ", a possessed
        noun "مستشفياتها", a circumstantial participle "ممثلا", a title);
      - `_boundary_word`: prepositions, verbs, time words, departments, except "ضد" in a
        campaign and "في" after a committee's verbal noun ("لجنة النظر في ...");
      - `_inner_head`: another head ends the name, except ORG heads chained after an
        indefinite word ("مجلس وزراء حكومة ...");
      - `_plain_word`: a word without a proclitic, up to an object or a new phrase;
      - `_coordinated`: "و" + a noun of the same field ("دعم وتطوير", "للأطفال والولادة");
      - `_purpose`: "لـ" + the purpose that names a body ("المركز الوطني لجراحة ...",
        "مركز الأمير فيصل بن مشعل لعلاج العقم"), not after a complete name ("حكومة الوحدة
        الوطنية | لدعم ...") nor right after the head ("لجنة | للوقوف على ...");
      - `_with_bi`: "بـ" + city after an adjective-only facility ("المستشفى الجامعي بطرابلس"),
        "بـ" + noun in a campaign ("حملة التبرع بالدم").
    """
    toks = ctx.toks
    n = _Name(i, j, kind, j, adjectival=ctx.definite(i), person=j < len(toks) and ctx.person_at(j))
    while n.k < len(toks) and n.k - j < MAX_COMPLEMENT:
        if _clause_word(ctx, n):
            break
        taken = _boundary_word(ctx, n)
        if taken is None:
            taken = _inner_head(ctx, n)
        if taken is None:
            pre = toks[n.k].prefix or ctx.unsplit_lam(n.k)
            if not pre:
                taken = _plain_word(ctx, n)
            elif pre[0] in CONJ:
                taken = len(pre) == 1 and _coordinated(ctx, n)  # "وللعلاج", "وبالتعاون": a new phrase
            elif pre.endswith("ل"):
                taken = _purpose(ctx, n, pre)
            else:
                taken = pre == "ب" and _with_bi(ctx, n)
        if not taken:
            break
    # Trailing words that follow a name without being part of it ("التابع", "المختص").
    k = n.k
    while k > j and ctx.kinds(k - 1) & {"generic"} and toks[k - 1].stem in _TRAIL and not _place_ends(ctx, k):
        k -= 1
    return k


def _clause_word(ctx: Ctx, n: _Name) -> bool:
    """A word that belongs to the clause, never to a name."""
    t, k = ctx.toks[n.k], n.k
    if not t.is_word or not t.text[0].isalpha() or not ("\u0621" <= t.text[0] <= "\u064a"):
        return True
    if len(t.stem) < 2:
        return True  # "مستشفى الملك عبدالعزيز بـ 963 مراجعا": a proclitic written apart
    if (t.stem.endswith(_PRONOUN_SUFFIXES) and k > n.j and not ctx.definite(k)) or _possessed(ctx, k):
        return True  # "التزامهم", "مستشفياتها": a possessed noun is not part of a name
    if k > n.j and _circumstantial(ctx, k):
        return True  # "نظم مستشفى ... ممثلا في ...": the clause goes on
    tt = ctx.title_at(k)
    return tt is not None and tt[1] == "title"  # "جامعة بنغازي | الدكتور سالم ...": a person follows


def _boundary_word(ctx: Ctx, n: _Name) -> bool | None:
    """Prepositions, verbs, time words, departments end a name, with two exceptions."""
    t, k = ctx.toks[n.k], n.k
    if not ctx.kinds(k) & {"boundary", "verb", "time", "department", "branch"}:
        return None
    if n.kind == "program" and t.stem == "ضد" and k > n.j:
        n.k += 1  # a campaign "ضد" its disease goes on: "حملة التطعيم ضد الحصبة"
        return True
    if t.stem == "في" and k - 1 == n.j and "prep_noun" in ctx.kinds(n.j):
        n.k += 1  # "لجنة النظر في مخالفات نظام ..."
        return True
    return False


def _inner_head(ctx: Ctx, n: _Name) -> bool | None:
    """Another head inside the complement: chained, named after, or the start of a new name."""
    t, k = ctx.toks[n.k], n.k
    h = ctx.head_at(k)
    if h is None or h[1] == "place_prefix":
        return None  # "اللجنة المركزية للمنطقة الوسطى": a region inside a name
    if not t.prefix:
        chain = not ctx.definite(k - 1) and not ctx.is_place(k - 1)  # not "جامعة جازان | كلية التمريض"
        if n.kind in ("org", "facility_weak") and h[1] in ("org", "org_place") and chain:
            n.k, n.adjectival = h[0], False  # "مجلس وزراء حكومة ...", "مركز شرطة …"; not "الوزارة | لجنة"
            return True
        return False
    pre = t.prefix
    if n.kind == "org" and h[1] == "org" and pre == "ل" and n.adjectival and k > n.j and not n.in_lam:
        n.k, n.adjectival, n.in_lam = h[0], False, True  # "الهيئة العامة لصندوق التضامن الاجتماعي"
        return True
    return False  # "والمركز", "بالمستشفى": another name starts


def _agreeing_head(ctx: Ctx, i: int, j: int) -> int:
    """The word of the head tokens[i:j] an adjective after it agrees with: the head's own closing
    adjective ("الخطوط الجوية | العربية": a broken plural is qualified in the feminine), else its noun."""
    return j - 1 if j - i >= 2 and ctx.adjective(j - 1) else i


def _prefixed_place_agrees(ctx: Ctx, k: int) -> bool:
    """The adjective at k qualifies the place prefix before the place at k - 1: "مجلس محافظة حلب
    | الحرة" (the free governorate, not the free council)."""
    return k >= 2 and ctx.head_at(k - 2) == (k - 1, "place_prefix") and ctx.agrees(k - 2, k)


def _plain_word(ctx: Ctx, n: _Name) -> bool:
    """A word without a proclitic: taken unless an object or a new phrase starts with it."""
    toks, k, i, j = ctx.toks, n.k, n.i, n.j
    t, kinds = toks[k], ctx.kinds(k)
    definite, prev_definite = ctx.definite(k), k > j and ctx.definite(k - 1)
    if k > j and definite and k + 1 < len(toks) and _time_adjective(ctx, k + 1):
        return False  # "... وسلامة المرضى | العام الماضي": a time phrase
    family_name = k - 1 == j and toks[j].stem in ctx.c.given  # "جامعة عمر المختار", "مركز سعود البابطين"
    if n.person and k > j and definite and "rank" in kinds:
        n.k += 1  # "مؤسسة الملك عبدالله الثاني": an ordinal after a royal name is part of it
        return True
    if n.kind.startswith("facility") and n.adjectival and k > j and prev_definite and _named_after(ctx, k):
        n.k, n.person, n.adjectival = k + 1, True, False  # "المستشفى الجهوي الحسن الثاني"
        return True
    if ctx.adjective(k) and (
        k == j and ctx.definite(i) or k > j and not family_name and (n.person or ctx.is_place(k - 1))
    ):
        if not ctx.agrees(_agreeing_head(ctx, i, j), k) and not _prefixed_place_agrees(ctx, k):
            return False  # "الشركة | المسجلين", "جامعة الملك عبدالعزيز | المكلف"
    if k - j >= 2 and k in ctx.mention_starts and prev_definite:
        return False  # "بمستشفى الهضبة الخضراء العام التحاليل الجينية": a procedure starts
    if k - j >= 2 and definite and _closing(ctx, k - 1):
        if kinds & {"cond_noun"} or not (
            _nisba(t.stem)
            or _participle(t.stem)
            or kinds & {"generic", "rank", "national"}
            or ctx.is_place(k)
        ):
            return False  # "تستقبل عيادة الأسنان المركزية | المراجعين": an object after the adjective
    if definite and (prev_definite or k == j and ctx.definite(i)) and ctx.title_at(k - 1) is None:
        if not (ctx.adjective(k) or ctx.is_place(k) or kinds & {"generic", "rank", "national"}):
            # "جامعة الباحة | العمل السريري", "وأعلنت الشرطة | القبض على …": a definite noun
            # takes no genitive
            return False
    if k > j and ctx.is_place(k - 1) and not ctx.is_place(k) and not (definite and ctx.adjective(k)):
        return False  # "بلدية زليتن | سبل تطوير ...": a city ends a name
    if k > j and not definite and k in ctx.mention_ends and not ctx.is_place(k):
        return False  # "اللجنة العليا لمكافحة جائحة كورونا | فرض الحظر"
    if not definite:
        if k > j and not ctx.definite(i) and all(_plain_description(ctx, m) for m in range(j, k)):
            if not _plain_description(ctx, k):
                return False  # "مستشفى جديد | بسعة 300 سرير": a described common noun, no name
        if k > j and "forces" in kinds:
            return False  # "منظمة هيومن رايتس ووتش | قوات النظام": forces start the object
        if (
            n.person
            and k > j
            and ctx.title_at(k - 1) is None
            and not ({t.stem, toks[k - 1].stem} & LINKS)
            and t.stem not in ctx.c.given
        ):
            return False  # "جامعة الإمام عبدالرحمن بن فيصل | اتفاقية تعاون": a personal name ended
        if k == j and ctx.definite(i):
            return False  # "المستشفى يستقبل ...": a definite head and a predicate
        if prev_definite and not ctx.is_place(k) and ctx.title_at(k - 1) is None:
            return False  # "مستشفى الكفرة العام اتفاقية": the name ended, an object follows
        n.adjectival = False
    n.k += 1
    return True


def _named_after(ctx: Ctx, k: int) -> bool:
    """A personal name at k after a definite facility head and its adjectives: an honorific
    ("الملك") or a definite given name ("الحسن"); not a person after a body ("المجلس الرئاسي محمد")."""
    tt = ctx.title_at(k)
    return (tt is not None and tt[1] == "honorific") or (ctx.definite(k) and ctx.toks[k].stem in ctx.c.given)


def _coordinated(ctx: Ctx, n: _Name) -> bool:
    """ "و" + a word that coordinates with the complement, not one that starts a new phrase."""
    k, j = n.k, n.j
    if k == j:
        return False
    definite, prev_definite = ctx.definite(k), ctx.definite(k - 1)
    if ctx.toks[k].stem.endswith("وا"):
        return False  # "الجيش السوري | والتحقوا": a plural verb (its ال is no article)
    if ctx.toks[k].stem.endswith("ات") and k + 1 < len(ctx.toks) and _plural_described(ctx, k + 1):
        return False  # "وزارة الصحة | والجهات المعنية", "ميليشيا الحوثي | والقوات الموالية"
    if ctx.definite(n.i) and k - 1 == j and ctx.adjective(j) and not ctx.adjective(k):
        return False  # "الحكومة الاتحادية | والمنظمات الدولية": a definite head has no genitive
    # "وزارة الصحة العامة والسكان": the genitive and its adjective, then a second genitive
    second = k - 2 == j and n.kind == "org" and prev_definite and ctx.adjective(k - 1)
    if n.in_lam and definite == n.lam_def and not ctx.is_place(k) and k not in ctx.org_spans:
        ok = True  # "للأطفال والولادة", "للإغاثة والأعمال الإنسانية", "لمعايير الجودة وسلامة المرضى"
    elif not definite and not prev_definite:
        ok = True  # "دعم وتطوير", "جراحة وعلاج"
    elif definite and k - 1 > j and ctx.nisba(k) and (ctx.nisba(k - 1) or ctx.adjective(k - 1)):
        # "صندوق التنمية الاقتصادية والاجتماعية", "للطب البديل والتكميلي": two adjectives of one
        # noun; not a second country's ("وزارتا الصحة الأردنية | والسورية")
        ok = country_adjectives().get(ctx.toks[k].stem) is None
    elif definite and (prev_definite and k - 1 == j or second) and n.kind != "program":
        # "جهاز الإسعاف والطوارئ", "مستشفى النساء والولادة"
        ok = not n.kind.startswith("facility") or "medical" in ctx.kinds(k)
    else:
        ok = False
    if ok:
        n.k += 1
    return ok


def _plural_described(ctx: Ctx, k: int) -> bool:
    """A describing adjective after a plural: generic ("المعنية") or a participle ("الموالية",
    "المختصة"); a relative adjective may name a field ("والأعمال الإنسانية")."""
    t = ctx.toks[k]
    return "generic" in ctx.kinds(k) or (
        t.is_word and not t.prefix and ctx.definite(k) and _participle(t.stem)
    )


def _purpose(ctx: Ctx, n: _Name, pre: str) -> bool:
    """ "لـ" + the purpose or field that names a body."""
    k, j, kind = n.k, n.j, n.kind
    if n.in_lam:
        if pre == "ل" and k in ctx.org_spans:
            n.k = ctx.org_spans[k]  # "الإدارة العامة للخدمات الطبية للقوات المسلحة"
        return False
    if k == j and not (j - n.i >= 2 and ctx.head_purpose(n.i)):
        return False  # "شكلت لجنة للوقوف على ...": a body for a purpose, not a name
        # ("الرئاسة العامة للبحوث العلمية": a head that is a whole name with its adjective is one)
    if k + 1 < len(ctx.toks) and ctx.toks[k + 1].is_num:
        return False  # "شركة فايزر | لتوريد 500 ألف جرعة": a purpose counted is the clause's
    if ctx.definite(k):
        ok = kind != "program" and (k - j) <= 3 or (kind == "program" and n.adjectival and k > j)
    else:
        # "المركز الوطني لجراحة", "مركز مصراتة لعلاج", "شركة البريقة لتسويق النفط";
        # not "حكومة الوحدة الوطنية لدعم ...": a purpose after a complete name
        ok = (
            (n.adjectival and k > j)
            or (k - j == 1 and ctx.is_place(j))
            or (ctx.head_purpose(n.i) and country_adjectives().get(ctx.toks[k - 1].stem) is None)
        )  # not "شركة توتال الفرنسية | لتطوير حقل …": a nationality closes a company's name
        ok = ok or (kind == "program" and _role_genitive(ctx, j))  # "مبادرة رئيس الجمهورية لإنهاء …"
    named = n.person or (ctx.is_place(j) and all(ctx.adjective(m) for m in range(j + 1, k)))
    if named and kind != "program" and ctx.kinds(k) & {"medical", "org_cue", "purpose"}:
        ok = True  # "مركز الأمير فيصل بن مشعل لعلاج العقم", "مركز طرابلس الطبي لجراحة العظام"
    if ok:
        n.in_lam, n.lam_def, n.adjectival, n.person = True, ctx.definite(k), False, False
        n.k += 1
    return ok


def _with_bi(ctx: Ctx, n: _Name) -> bool:
    """ "بـ" + city after an adjective-only facility, "بـ" + noun in a campaign's name."""
    k = n.k
    if n.kind.startswith("facility") and n.adjectival and (k > n.j or n.j - n.i >= 2) and ctx.is_place(k):
        n.k += 1  # "المستشفى الجامعي بطرابلس", "المدينة الطبية بعمان"
        return False
    if n.kind == "program" and k > n.j and ctx.definite(k) and not ctx.is_place(k):
        n.k += 1  # "حملة التبرع بالدم", "مشروع توطين العلاج بالداخل"
        return True
    return False


def _place_ends(ctx: Ctx, k: int) -> bool:
    """A lexicon place ends at token k ("مستشفى الوادي الجديد": the governorate keeps its adjective)."""
    return any(e == k and s < k - 1 for s, e in ctx.place_spans.items())


def _time_adjective(ctx: Ctx, k: int) -> bool:
    """ "الماضي", "المقبل", "الجاري": the word before them is a time noun ("العام الماضي")."""
    return ctx.toks[k].is_word and ctx.definite(k) and "time" in ctx.kinds(k)


def _closing(ctx: Ctx, k: int) -> bool:
    """A word after which a definite name is complete: a relative or general adjective ("العام")."""
    return _nisba(ctx.toks[k].stem) or (ctx.definite(k) and "generic" in ctx.kinds(k))


# Post-name words trimmed from the end of a name: they describe the relation, not the body.
_TRAIL = frozenset(
    norm(w)
    for w in (
        *("التابع", "التابعة", "المختص", "المختصة", "المعني", "المعنية", "المذكور", "المذكورة", "المشار"),
        *("الجديد", "الجديدة", "نفسه", "نفسها", "ذاته", "ذاتها"),  # "مستشفى الولادة والأطفال | الجديد"
    )
)


def _counted_name(ctx: Ctx, i: int, j: int) -> Cand | None:
    """An indefinite programme head, a number, a scale word and a noun no unit names: the
    number is part of the name ("مبادرة 100 مليون صحة", "حملة مليون شتلة"); not a sum
    ("مبادرة بـ 100 مليون دولار") nor a count of days ("حملة 100 يوم" has no scale word)."""
    toks = ctx.toks
    if ctx.definite(i) or j + 2 >= len(toks):
        return None
    k = j if toks[j].kind == "num" else j - 1  # "مليون" written alone is the number itself
    if k + 2 >= len(toks) or not any(w.kind == "scale" for w in lookup(toks[k + 1])[0]):
        return None
    noun = toks[k + 2]
    if noun.prefix or ctx.definite(k + 2) or norm(noun.stem) in _unit_words() or ctx.stops(k + 2):
        return None
    return Cand("PROGRAM", i, k + 3)


@lru_cache(maxsize=1)
def _unit_words() -> frozenset[str]:
    """Every word of a counted noun of units.tsv ("دولار", "جرعة", "ريال")."""
    from pipeline.quantities import UnitEntry  # registers the schema of units.tsv

    return frozenset(
        norm(w)
        for e in load("units")
        if isinstance(e, UnitEntry)
        for f in (*e.ar, *e.ar_plural, *e.ar_dual)
        for w in f.split()
    )


def _name_words(ctx: Ctx, i: int, j: int) -> list[int]:
    """Indices of the complement words that name something (not generic modifiers)."""
    return [k for k in range(i, j) if not (ctx.kinds(k) & {"generic", "rank"})]


def head_candidates(ctx: Ctx) -> list[Cand]:
    """FACILITY, ORG and PROGRAM names built from a head noun and its complement."""
    toks = ctx.toks
    out: list[Cand] = []
    for i, t in enumerate(toks):
        if not t.is_word:
            continue
        h = ctx.head_at(i)
        if h is None:
            if _suffixed_programme(ctx, i):
                quoted = _quoted_name(ctx, i + 1)  # برنامجه الصحي «بقطرة دم»
                if quoted is not None:
                    out.append(quoted)
            continue
        j, kind = h
        if kind == "not_name" or _counted(ctx, i):
            continue  # "أعضاء هيئة التدريس", "عبر (12) عيادة اختصاص": no name
        if kind == "place_prefix":
            if j < len(toks) and ctx.person_at(j):
                c = _medical_city(ctx, i, j)  # "مدينة الملك عبدالله الطبية"
                if c is not None:
                    out.append(c)
            continue
        if kind == "org_place":
            k = ctx.place_end(j) or j
            if k < len(toks) and "national" in ctx.kinds(k) and ctx.agrees(i, k):
                k += 1  # "صحة حماة الحرة": a naming adjective closes the body's name
            out.append(Cand("ORG", i, k))  # "صحة جدة", "صحة مكة المكرمة"
            continue
        named = _named_after_doctor(ctx, i, j, kind)
        if named is not None:
            out.append(named)  # "مستشفى الدكتور سليمان فقيه"
            continue
        if kind == "org_proper":
            if _proper_name(ctx, j):
                out.append(Cand("ORG", i, j + 1))  # "تنظيم داعش"
            continue
        if kind in ("program", "program_weak"):
            quoted = _quoted_name(ctx, j)
            if quoted is not None:
                out.append(quoted)  # مشروع “عودة الحياة”: the name is what the quotes hold
                continue
            counted = _counted_name(ctx, i, j) if kind == "program" else None
            if counted is not None:
                out.append(counted)  # "مبادرة 100 مليون صحة"
                continue
        k = _extend(ctx, i, j, kind)
        comp = range(j, k)
        if not comp:
            if kind == "facility" and j - i >= 2 and ctx.definite(i) and _place_word(ctx, i):
                out.append(Cand("FACILITY", i, j))  # "المدينة الطبية": one complex, not a kind of place
            continue
        if not _name_words(ctx, j, k):
            continue  # "المستشفى العام", "اللجنة المختصة"
        first = toks[j]
        if kind in ("program", "program_weak"):
            if ctx.head_at(j) is not None or ctx.title_at(j) is not None and not _for_purpose(ctx, j, k):
                continue  # "استراتيجية حكومة ..." is the government's plan, not a named one
            if kind == "program_weak" and not (ctx.definite(i) and ctx.kinds(j) & {"national"}):
                continue
            if ctx.definite(i) and not _nisba(first.stem) and not ctx.kinds(j) & {"national"}:
                continue  # "البرنامج التطعيم", "الحملة مستمرة": not a name
            if not ctx.definite(i) and all(_describing(ctx, n) for n in comp):
                continue  # "حملة تفتيشية", "برنامج تدريبي مكثف": a description, not a name
            if not ctx.definite(i) and k - j == 1 and _common_activity(ctx, j):
                continue  # "حملة تطعيم", "حملة تفتيش": what the campaign does, no name
            out.append(Cand("PROGRAM", i, k))
            continue
        if ctx.title_at(j) is not None and ctx.title_at(j)[1] != "honorific":
            continue  # "مدير الدكتور ..." is no name; "مؤسسة الشيخ زايد ..." is
        if not ctx.definite(i) and all(_plain_description(ctx, n) for n in comp):
            continue  # "لجنة طبية", "مستشفى ميدانيا", "مستوصف حكومي جديد": a kind of body, not a name
        if kind == "org":
            if j in ctx.mention_starts or "device" in ctx.kinds(j):
                continue  # "جهاز الرنين المغناطيسي", "جهاز تخطيط القلب": equipment, not a body
            if "district" in ctx.kinds(i) and ctx.place_end(j) == k:
                continue  # "مديرية بيحان": a Yemeni district (its place is the LOC), no directorate
            out.append(Cand("ORG", i, k))
            continue
        if kind == "facility":
            out.append(Cand("FACILITY", i, k))
            continue
        # A weak facility head: "مركز" / "مجمع" needs a medical word; else a rank, a body or nothing.
        kinds = set().union(*(ctx.kinds(n) for n in comp))
        if "rank" in ctx.kinds(j):
            continue  # "المركز الثالث"
        if "org_cue" in kinds:
            out.append(Cand("ORG", i, k))
        elif "medical" in kinds:
            out.append(Cand("FACILITY", i, k))
        elif k - j >= 2 and not ctx.is_place(j) and first.is_word:
            out.append(Cand("ORG", i, k))  # "مركز إيداع الأوراق المالية"
    for c in out:
        if ctx.whole_head(c.i) and ctx.head_at(c.i) is not None:
            c.start = toks[c.i].start  # "وكالة الأنباء": the whole word is the head
    return out


def _named_after_doctor(ctx: Ctx, i: int, j: int, kind: HeadKind) -> Cand | None:
    """A hospital in construct with a doctor's name is named after its founder: "مستشفى الدكتور
    سليمان فقيه" (the title is part of the name). A definite head is followed by a person in
    apposition: "المستشفى | الدكتور أحمد" (the hospital's doctor), no name."""
    if kind != "facility" or ctx.definite(i) or j >= len(ctx.toks) or ctx.toks[j].prefix:
        return None
    tt = ctx.title_at(j)
    if tt is None or tt[1] != "title" or not ctx.toks[j].stem.startswith("الدكتور"):
        return None
    if tt[0] >= len(ctx.toks) or not ctx.person_at(tt[0]):
        return None
    k = _extend(ctx, i, tt[0], kind)
    if k - tt[0] == 1 and k < len(ctx.toks) and _family_word(ctx, k):
        k += 1  # "سليمان | فقيه": a family name that is also a common word
    return Cand("FACILITY", i, k) if k - tt[0] >= 2 else None


def _family_word(ctx: Ctx, k: int) -> bool:
    """A bare indefinite word after a given name that may be the family name: no grammar word,
    head, title, place nor number."""
    t = ctx.toks[k]
    return (
        t.is_word
        and not t.prefix
        and not ctx.definite(k)
        and not ctx.kinds(k)
        and not ctx.stops(k)
        and ctx.head_at(k) is None
        and ctx.title_at(k) is None
        and not ctx.is_place(k)
    )


def _suffixed_programme(ctx: Ctx, i: int) -> bool:
    """A programme head with a possessive suffix: "برنامجه", "حملتها" (ة written ت before it)."""
    bare = ctx.toks[i].bare
    if _SUFFIXED[0] is not ctx.c or len(_SUFFIXED[1]) > 65536:
        _SUFFIXED[:] = [ctx.c, {}]
    got = _SUFFIXED[1].get(bare)
    if got is None:
        got = _SUFFIXED[1][bare] = _suffixed_head(ctx, bare)
    return got


_SUFFIXED: list = [None, {}]  # the cues the table was made with, and a word -> _suffixed_head


def _suffixed_head(ctx: Ctx, bare: str) -> bool:
    for suffix in ("ه", "ها"):
        if bare.endswith(suffix) and len(bare) > len(suffix) + 2:
            base = bare[: -len(suffix)]
            for cand in (base, base[:-1] + "ه" if base.endswith("ت") else base):
                if any(
                    len(seq) == 1 and k in ("program", "program_weak") for seq, k in ctx.c.heads.get(cand, ())
                ):
                    return True
    return False


def _role_genitive(ctx: Ctx, j: int) -> bool:
    """A programme named after a role ("مبادرة رئيس الجمهورية"): a role word opens its complement."""
    tt = ctx.title_at(j)
    return tt is not None and tt[1] == "role"


def _for_purpose(ctx: Ctx, j: int, k: int) -> bool:
    """A role's programme that says what it is for: "مبادرة رئيس الجمهورية | لإنهاء قوائم الانتظار"."""
    return _role_genitive(ctx, j) and any(
        ctx.toks[m].prefix.endswith("ل") or ctx.unsplit_lam(m) for m in range(j, k)
    )


def _place_word(ctx: Ctx, i: int) -> bool:
    """The head's first word is also a place prefix ("مدينة"): "المدينة الطبية" names a complex."""
    return any(kind == "place_prefix" for _, kind in ctx.c.heads.get(ctx.toks[i].bare, ()))


def _counted(ctx: Ctx, i: int) -> bool:
    """A head counted by a number before it ("12 عيادة", "(12) عيادة") or after a quantifier
    ("كل صيدلية", "أي مستشفى"; `quantifier` in entity_words.tsv): a common noun."""
    n = i - 1
    while n >= 0 and ctx.toks[n].kind == "punct" and ctx.toks[n].text in "()[]":
        n -= 1
    if n == i - 1 and n >= 0 and not ctx.toks[i].prefix and "quantifier" in ctx.kinds(n):
        return not ctx.definite(i)
    return n >= 0 and ctx.toks[n].kind == "num"


def _common_activity(ctx: Ctx, j: int) -> bool:
    """One indefinite verbal noun after a programme head: a تفعيل/تفعلة ("تطعيم", "تفتيش",
    "توعية") or a word the lexicons know ("علاج"); an unknown word is a name ("برنامج نطاقات")."""
    t = ctx.toks[j]
    if not t.is_word or t.prefix or ctx.definite(j):
        return False
    return (t.stem.startswith("ت") and len(t.stem) in (4, 5)) or t.stem in vocabulary()


def _medical_city(ctx: Ctx, i: int, j: int) -> Cand | None:
    """ "مدينة" + a personal name + "الطبية": a medical city is a FACILITY."""
    k = _extend(ctx, i, j, "facility_weak")
    if any("medical" in ctx.kinds(n) and ctx.definite(n) for n in range(j, k)):
        return Cand("FACILITY", i, k)
    return None


@lru_cache(maxsize=1)
def _group_tails() -> dict[tuple[str, ...], object]:
    """The listed groups by the words that name them after a group noun: "تنظيم القاعدة" ->
    ("القاعدة",), "ميليشيات الحوثي" -> ("الحوثي",); and their forms without one ("داعش")."""
    group_nouns = {
        norm(f)
        for e in load("entity_heads")
        if getattr(e, "kind", None) == "org_proper" or e.id == "militia"
        for f in e.ar
    }
    tails: dict[tuple[str, ...], object] = {}
    for e in load("organizations"):
        for f in e.ar:
            words = tuple(norm(f).split())
            bare = words[0][2:] if words[0].startswith("ال") else words[0]
            if len(words) >= 2 and bare in group_nouns:
                tails.setdefault(words[1:], e)
    return tails


def group_candidates(ctx: Ctx) -> list[Cand]:
    """The armed group whose members a fighters noun counts (`fighters` in entity_words.tsv):
    "مسلحي القاعدة", "عناصر داعش", "مسلحو الحوثي" (a listed group's name after its group noun),
    "مقاتلي <one word no lexicon knows>". The noun itself is not part of the name."""
    toks = ctx.toks
    tails = _group_tails()
    out: list[Cand] = []
    for i, t in enumerate(toks[:-1]):
        if not (t.is_word and "fighters" in ctx.kinds(i)) or toks[i + 1].prefix:
            continue
        j = i + 1
        for size in (4, 3, 2, 1):
            entry = tails.get(tuple(tk.stem for tk in toks[j : j + size])) if j + size <= len(toks) else None
            if entry is not None:
                out.append(Cand("ORG", j, j + size, entry))
                break
        else:
            if _unknown_group(ctx, j):
                out.append(Cand("ORG", j, j + 1))
    return out


def _unknown_group(ctx: Ctx, j: int) -> bool:
    """One indefinite word no lexicon or name list knows, closing the phrase: "عناصر <X> فخخوا";
    not an adjective, a feminine or a plural ("عناصر مجهولة", "عناصر مسلحين")."""
    t = ctx.toks[j]
    if not t.is_word or ctx.definite(j) or t.stem in vocabulary() or ctx.kinds(j) or len(t.stem) < 3:
        return False
    if ctx.adjective(j) or t.stem.endswith(("ه", "ات", "ين", "ون")):
        return False
    if given(t.stem) or t.stem in names().family or ctx.head_at(j) is not None or ctx.title_at(j) is not None:
        return False
    n = j + 1  # then no genitive or adjective of it: the clause goes on
    return n >= len(ctx.toks) or not ctx.toks[n].is_word or not (ctx.definite(n) or ctx.adjective(n))


def _proper_name(ctx: Ctx, j: int) -> bool:
    """One indefinite word no lexicon knows, not the first of a genitive chain ("تنظيم ورش عمل")."""
    toks = ctx.toks
    if j >= len(toks):
        return False
    t = toks[j]
    if not t.is_word or t.prefix or ctx.definite(j) or ctx.kinds(j) or t.stem in vocabulary():
        return False
    if t.stem.endswith(("ات", "ه")) or len(t.stem) < 3 or ctx.head_at(j) is not None:
        return False
    head, before = j - 1, j - 2
    verbal = toks[head].bare.startswith("ت") and len(toks[head].bare) == 5  # تفعيل: "تنظيم"
    if verbal and (toks[head].prefix or (before >= 0 and ctx.kinds(before) & {"verb", "boundary"})):
        return False  # "قام بتنظيم حفل", "تم تنظيم حفل": the verbal noun, not a body
    if j + 1 >= len(toks) or not toks[j + 1].is_word:
        return True
    if _possessed(ctx, j + 1):
        return True  # "نفت جماعة <X> مسؤوليتها": the verb's object, a possessed noun
    return bool(ctx.kinds(j + 1) & {"verb", "boundary"}) or (ctx.adjective(j + 1) and ctx.nisba(j + 1))


def _quoted_name(ctx: Ctx, j: int) -> Cand | None:
    """The quoted name that follows a programme head and its modifiers: حملة وزارتي ... «كن نظامياً»."""
    toks = ctx.toks
    k = j
    while k < len(toks) and k - j <= 5:
        t = toks[k]
        if t.text in QUOTES:
            close = next((q for q in range(k + 1, min(len(toks), k + 12)) if toks[q].text in QUOTES), None)
            if close is None or close == k + 1 or not ("\u0621" <= toks[k + 1].text[0] <= "\u064a"):
                return None  # no name, or a Latin abbreviation: برنامج الأمم المتحدة الإنمائي "UNDP"
            return Cand("PROGRAM", k + 1, close)
        if not t.is_word or ctx.stops(k) or len(t.stem) < 2:
            return None
        k += 1
    return None


def _relative_adjective(ctx: Ctx, n: int) -> bool:
    """An indefinite nisba ("طبية", "ميدانيا", "خيرية"), not a place or a given name."""
    t = ctx.toks[n]
    return (
        not ctx.definite(n)
        and t.stem.endswith(("ي", "يه", "يا"))
        and len(t.stem) > 3
        and not ctx._maqsura(n)
        and ctx.place_end(n) is None
        and t.stem not in ctx.c.given
    )


def _plain_description(ctx: Ctx, n: int) -> bool:
    """A generic or relative indefinite adjective ("جديد", "طبية", "ميداني")."""
    return "generic" in ctx.kinds(n) or _relative_adjective(ctx, n)


def _describing(ctx: Ctx, n: int) -> bool:
    """An indefinite adjective ("تفتيشية", "تدريبي", "مكثف") that describes rather than names."""
    t = ctx.toks[n]
    return not ctx.definite(n) and (t.stem.endswith(("ي", "يه")) or t.stem.startswith("م"))
