"""Entities sub-stage: CONDITION and PROCEDURE grammar around and beyond the lexicons.

- `modifier_extension`: lexicon mentions extended by their modifiers ("قسطرة قلبية تشخيصية",
  "الأمراض النادرة والمستعصية"), procedures by their organ ("منظار الركبة") or by the specific
  procedure a generic operation names ("عملية جراحية لاستئصال ورم");
- `condition_candidates`: conditions no lexicon holds, from a disease noun and its complement
  ("متلازمة توريت", "نقص فيتامين د").
"""

from __future__ import annotations

from pipeline.entity_context import _PRONOUN_SUFFIXES, QUOTES, Cand, Ctx, _circumstantial, _nisba, _possessed
from pipeline.lexicons import Entry, load


def modifier_extension(ctx: Ctx, cands: list[Cand]) -> None:
    """Extend CONDITION / PROCEDURE mentions over their modifiers ("قسطرة قلبية تشخيصية").

    A procedure also takes the organ it is done on ("منظار الركبة", "قسطرة علاجية للشرايين
    التاجية") and a "لـ" + procedure that says what a generic operation was ("عملية جراحية
    دقيقة لاستئصال ورم": the code becomes the specific one).
    """
    procedures = {c.i: c for c in sorted(cands, key=lambda c: c.j - c.i) if c.type == "PROCEDURE"}  # longest
    for cand in cands:
        if cand.type not in ("CONDITION", "PROCEDURE"):
            continue
        mod = "proc_mod" if cand.type == "PROCEDURE" else "cond_mod"
        k = cand.j
        while k < len(ctx.toks) and k - cand.j < 3:
            t = ctx.toks[k]
            if not t.is_word or t.prefix not in ("", "و") or mod not in ctx.kinds(k):
                break
            if t.prefix == "و" and cand.type != "CONDITION":
                break
            k += 1
        if cand.type == "PROCEDURE":
            k = _procedure_object(ctx, cand, k, procedures)
        cand.j = k


def _procedure_object(ctx: Ctx, cand: Cand, k: int, procedures: dict[int, Cand]) -> int:
    """End of a procedure with its organ ("منظار الركبة", "للركبة") or its "لـ" + procedure."""
    toks = ctx.toks
    if k >= len(toks) or not toks[k].is_word:
        return k
    t = toks[k]
    pre = t.prefix or ctx.unsplit_lam(k)
    if (
        not pre
        and ctx.definite(k)
        and "body" in ctx.kinds(k)
        and (k == cand.i + 1 or not ctx.definite(k - 1))
    ):
        return _organ_end(ctx, k)  # "منظار الركبة", "تركيب مفصل الركبة الصناعي": its genitive organ
    if pre == "و" and ctx.definite(k) and "body" in ctx.kinds(k) and "body" in ctx.kinds(k - 1):
        return k + 1  # "جراحة العظام والمفاصل": a second organ
    if pre == "ب" and k in procedures and procedures[k].entry is not None:
        if procedures[k].entry.id in ("endoscopy", "laparoscopic_surgery"):
            if cand.entry is not None and cand.entry.id == "surgery":
                cand.entry = _procedure_entry("laparoscopic_surgery")  # "استئصال المرارة بالمنظار"
            return procedures[k].j
    if pre != "ل":
        return k
    if ctx.definite(k) and "body" in ctx.kinds(k):
        return _organ_end(ctx, k)  # "قسطرة علاجية للشرايين التاجية", "تركيب مفصل صناعي للركبة"
    inner = procedures.get(k)
    if inner is not None and inner is not cand:
        if cand.entry is not None and cand.entry.id == "surgery":
            cand.entry = inner.entry  # "عملية جراحية لاستئصال ورم": the specific procedure
        return inner.j  # "عملية جراحية دقيقة لاستئصال ورم"
    return k


def building_works(ctx: Ctx, cands: list[Cand]) -> list[Cand]:
    """Drop a procedure whose object is a building or a body: "إعادة تأهيل مستشفى ابن سينا" is
    rebuilding a hospital, not rehabilitation (a procedure in construct, its last word
    indefinite, right before a facility or body head)."""

    def works(c: Cand) -> bool:
        if c.type != "PROCEDURE" or c.j >= len(ctx.toks) or ctx.definite(c.j - 1):
            return False
        h = ctx.head_at(c.j)
        return h is not None and not ctx.toks[c.j].prefix and h[1] in ("facility", "facility_weak", "org")

    return [c for c in cands if not works(c)]


def _procedure_entry(code: str) -> Entry | None:
    return next((e for e in load("procedures") if e.id == code), None)


def _organ_end(ctx: Ctx, k: int) -> int:
    """After an organ word, one more organ word or adjective ("الشرايين التاجية")."""
    n = k + 1
    if n < len(ctx.toks) and ctx.toks[n].is_word and not ctx.toks[n].prefix and ctx.definite(n):
        if "body" in ctx.kinds(n) or _nisba(ctx.toks[n].stem):
            n += 1
    return n


def condition_candidates(ctx: Ctx, cands: list[Cand]) -> list[Cand]:
    """CONDITION names no lexicon holds: a disease noun and its complement.

    "متلازمة ..."، "التهاب ..."، "الأمراض الوبائية السارية"، "فيروس ...": any complement;
    "نقص"، "فشل"، "قصور"، "تمزق" ... only with an organ or nutrient ("فشل كلوي", "نقص
    فيتامين د"; not "فشل المفاوضات", "نقص الأدوية"). A noun before a lexicon condition is
    left to the lexicon ("مرض ضمور العضلات" gives "ضمور العضلات").
    """
    lexical = {c.i for c in cands if c.type == "CONDITION"}
    toks = ctx.toks
    out: list[Cand] = []
    for i, t in enumerate(toks):
        if not t.is_word:
            continue
        kinds = ctx.kinds(i)
        if not kinds & {"cond_head", "cond_head_weak"} or i + 1 >= len(toks) or i + 1 in lexical:
            continue
        if "cond_head" not in kinds and not ctx.kinds(i + 1) & {"body"}:
            continue
        if ctx.definite(i + 1) and not (
            ctx.kinds(i + 1) & {"body", "medical", "cond_mod"} or ctx.adjective(i + 1)
        ):
            continue  # "مرض الطفل": whose illness, not which
        k = _condition_end(ctx, i)
        if k > i + 1:
            out.append(Cand("CONDITION", i, k))
    return out


def _condition_end(ctx: Ctx, i: int) -> int:
    """End of a condition's complement: nouns and adjectives up to a boundary (three words at most)."""
    toks = ctx.toks
    j = i + 1
    k = j
    while k < len(toks) and k - j < 3:
        t = toks[k]
        if k > j and toks[k - 1].stem == "فيتامين":
            return _vitamin_end(ctx, k)  # "نقص فيتامين د", "نقص فيتامين «د»"
        if not t.is_word or not ("\u0621" <= t.text[0] <= "\u064a"):
            break
        kinds = ctx.kinds(k)
        if t.prefix == "و" and k > j and "cond_mod" in kinds:
            k += 1  # "الأمراض المزمنة والوراثية"
            continue
        if t.prefix or ctx.unsplit_lam(k) or len(t.stem) < 2:
            break
        if kinds & {"boundary", "verb", "time", "department", "generic", "cond_noun"} - {"body"}:
            break
        if t.stem.endswith(_PRONOUN_SUFFIXES) or _possessed(ctx, k) or _circumstantial(ctx, k):
            break
        if ctx.title_at(k) is not None:
            break
        prev_def = ctx.definite(k - 1)
        if prev_def and not ctx.definite(k):
            break  # "الأمراض المزمنة | مرضى": a definite name is complete
        if k > j and prev_def and not (ctx.adjective(k) or kinds & {"cond_mod", "body"}):
            break  # "أمراض القلب | المرضى"
        if k > j and not ctx.definite(k) and not (kinds & {"cond_mod", "body"} or ctx.nisba(k)):
            break  # "فشل كلوي حاد | استدعى": only adjectives follow an indefinite complement
        k += 1
    return k


def _vitamin_end(ctx: Ctx, k: int) -> int:
    """The letter after "فيتامين", quoted or not."""
    toks = ctx.toks
    if (
        toks[k].text in QUOTES
        and k + 2 < len(toks)
        and toks[k + 2].text in QUOTES
        and len(toks[k + 1].text) <= 3
    ):
        return k + 3
    if toks[k].is_word and len(toks[k].text) <= 3 and not toks[k].prefix:
        return k + 1
    return k
