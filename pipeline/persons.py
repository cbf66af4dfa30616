"""Stage: PERSON names, on the entities stage's tokens and cues (`entities.Ctx`).

A name follows a title ("الدكتور أحمد مليطان") or a role word and its body
("مدير مستشفى الجلاء محمد الفيتوري"); the title is not part of the surface.
`entities.find_entities` calls `person_candidates` and merges its candidates with
the other types' (the longest name wins).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from pipeline.entities import Cand, Ctx, _nisba, cues
from pipeline.lexicons import Entry, load, register
from pipeline.normalize import norm


@register("person_names")
class PersonNameEntry(Entry):
    """lexicons/person_names.tsv: given and family names from open data (generated)."""

    kind: Literal["given", "family"]
    count: int = 0  # how often the source saw it in that position


@dataclass(frozen=True)
class Names:
    given: frozenset[str]
    family: frozenset[str]


@lru_cache(maxsize=1)
def names() -> Names:
    given = set(cues().given)
    family: set[str] = set()
    for e in load("person_names"):
        assert isinstance(e, PersonNameEntry)
        (given if e.kind == "given" else family).update(norm(f) for f in e.ar)
    return Names(frozenset(given), frozenset(family))


def _person_name(ctx: Ctx, k: int, need_given: bool) -> int:
    """End of a name of two to four words starting at token k, or k when there is none."""
    toks, c = ctx.toks, ctx.c
    n = k
    units = 0  # name parts, a compound ("عبد الحميد", "بن علي") counting once
    while n < len(toks) and n - k < 4:
        t = toks[n]
        if not t.is_word or t.prefix or ctx.unsplit_lam(n) or not ("\u0621" <= t.text[0] <= "\u064a"):
            break
        kinds = ctx.kinds(n)
        if kinds & {"boundary", "verb", "time"} or (kinds - {"cond_noun"} and t.stem not in c.given):
            break
        if ctx.head_at(n) is not None or ctx.title_at(n) is not None:
            break
        if n == k:
            if need_given and t.stem not in c.given:
                return k
            if ctx.definite(n) and t.stem not in c.given:
                return k
        units += 1
        if units >= 3 and t.stem[0] in "يت" and len(t.stem) >= 4 and t.stem not in c.given:
            break  # "رمضان أبو جناح | يتفقد": an imperfect verb after the name
        if units >= 3 and ctx.definite(n) and not _nisba(t.stem) and t.stem not in c.given:
            break  # "استقبل السيد عبد الحميد الدبيبة | الوفد": the object, not a third name
        n += 1
        if t.stem in ("عبد", "ابو", "بن", "ابن") and n < len(toks) and toks[n].is_word and n - k < 4:
            n += 1  # "عبد الحميد", "أبو بكر"
    return n if n - k >= 2 else k


def person_candidates(ctx: Ctx, bodies: list[Cand]) -> list[Cand]:
    """PERSON after a title ("الدكتور أحمد مليطان") or a role phrase and its body."""
    toks = ctx.toks
    starts: dict[int, int] = {}
    for b in bodies:
        starts[b.i] = max(starts.get(b.i, 0), b.j)
    out: list[Cand] = []
    for i in range(len(toks)):
        tt = ctx.title_at(i)
        if tt is None:
            continue
        j, kind = tt
        if kind in ("title", "honorific"):
            while j < len(toks) and ctx.title_at(j) is not None and ctx.title_at(j)[1] != "role":
                j = ctx.title_at(j)[0]  # "الأستاذ الدكتور"
            e = _person_name(ctx, j, need_given=False)
            if e > j:
                out.append(Cand("PERSON", j, e))
            continue
        # A role word: its body (an entity or one definite word), then a title or a given name.
        k = j
        if k < len(toks) and toks[k].stem in ("عام", "العام"):
            k += 1
        if k in starts:
            k = starts[k]
        elif k < len(toks) and toks[k].is_word and ctx.definite(k) and not toks[k].prefix:
            k += 1
        else:
            continue
        if k < len(toks) and ctx.title_at(k) is not None:
            continue  # the title rule finds the name
        e = _person_name(ctx, k, need_given=True)
        if e > k:
            out.append(Cand("PERSON", k, e))
    return out
