"""Entities sub-stage: LOC names after a place prefix, and the filter of LOC candidates.

- `place_candidates`: "مدينة X", "محافظة X", "مخيم X": X is a LOC even when no lexicon lists it;
- `place_filter`: drops LOC mentions that name no place here (a newspaper's title, a country
  adjective, a name after a title) and keeps a place name that is also a common word only in
  a place context;
- `country_adjectives()`: nationality adjectives derived from places.tsv ("اليمنية" -> Yemen).
"""

from __future__ import annotations

from functools import lru_cache

from pipeline.entity_context import QUOTES, Cand, Ctx, _participle
from pipeline.entity_lexicon import PlaceEntry, _bare
from pipeline.lexicons import load, vocabulary
from pipeline.normalize import norm
from pipeline.tokenize import PROCLITICS


def place_candidates(ctx: Ctx) -> list[Cand]:
    """ "مدينة X", "محافظة X", "مخيم X", "مدن X و Y": X is a LOC even when no lexicon lists it.

    X is one word. It may be definite only after a head marked `article` in entity_heads.tsv
    ("محافظة الأنبار", "حي الشقة"; not "منطقة العمليات") or when no lexicon knows it ("منطقة
    القصيص"), and not a plural ("مخيم النازحين").
    """
    toks = ctx.toks
    out: list[Cand] = []
    for i, t in enumerate(toks):
        if not t.is_word or ctx.definite(i):
            continue
        j = place_head(ctx, i)
        if j is None or j >= len(toks):
            continue
        x = toks[j]
        if not x.is_word or x.prefix or ctx.stops(j) or ctx.kinds(j):
            continue
        head = next(w for w in (t.bare, *(t.text[len(p) :] for p in PROCLITICS)) if w in ctx.c.heads)
        if ctx.definite(j) and (
            x.stem.endswith(("ين", "ون"))
            or (head not in ctx.c.article_places and not _unknown_definite(ctx, j))
        ):
            continue
        if ctx.head_at(j) is not None or ctx.title_at(j) is not None:
            continue
        if j + 1 < len(toks) and toks[j + 1].is_word and ctx.kinds(j + 1) & {"medical"}:
            continue  # "مدينة ... الطبية" is a facility
        out.append(Cand("LOC", j, j + 2 if _genitive_name(ctx, j) else j + 1))
    return out


def _unknown_definite(ctx: Ctx, j: int) -> bool:
    """A definite word no lexicon knows, no plural nor relative adjective: after any place
    prefix it is a place's own name ("منطقة القصيص"), where a known word is a common noun
    ("منطقة العمليات")."""
    t = ctx.toks[j]
    return (
        t.stem not in vocabulary()
        and t.bare not in vocabulary()
        and not ctx.nisba(j)
        and not _participle(t.stem)
        and not t.stem.endswith(("ات", "ين", "ون", "يه"))
    )


def _genitive_name(ctx: Ctx, j: int) -> bool:
    """An unknown indefinite X after a place prefix and a definite noun after it: a name of two
    words, X and its genitive ("محافظة حفر الباطن", "مدينة دومة الجندل"), not X and an adjective
    ("مدينة غات الحدودية", "مخيم طبي المتنقل") nor X and the clause ("مدينة غات الأسبوع")."""
    toks = ctx.toks
    n = j + 1
    if ctx.definite(j) or ctx.is_place(j) or n >= len(toks) or not toks[n].is_word or toks[n].prefix:
        return False
    if toks[j].stem.endswith("ات"):
        return False  # "منطقة عمليات الجيش": a plural is no place's name
    w = toks[n].stem
    tt = ctx.title_at(n)
    return (
        ctx.definite(n)
        and not ctx.kinds(n)
        and not ctx.nisba(n)
        and not _participle(w)
        and not w.endswith(("ين", "ون", "ات"))
        and not ctx.is_place(n)
        and ctx.head_at(n) is None
        and (tt is None or tt[1] == "honorific")  # "محافظة كفر الشيخ"
    )


def place_head(ctx: Ctx, i: int) -> int | None:
    """End of a place prefix at token i ("مدينة", "بمحافظة"), or None. A two-letter head keeps
    its proclitic in the token ("بحي": the tokenizer splits only before words of three letters)."""
    h = ctx.head_at(i)
    if h is not None:
        return h[0] if h[1] == "place_prefix" else None
    t = ctx.toks[i]
    if not t.is_word or t.prefix:
        return None
    for p in PROCLITICS:
        if t.text.startswith(p):
            if ((t.text[len(p) :],), "place_prefix") in ctx.c.heads.get(t.text[len(p) :], ()):
                return i + 1
    return None


def _after_place_prefix(ctx: Ctx, i: int) -> bool:
    return any(place_head(ctx, k) == i for k in range(max(0, i - 2), i))


def _listed_place(ctx: Ctx, c: Cand, starts: set[int], ends: set[int]) -> bool:
    """Whether c stands in a list beside a place: "تعز وحجة", "حجة، تعز", "حجة وتعز"."""
    toks = ctx.toks
    comma = ("،", ",")
    before = c.i - 1 if c.i > 0 and toks[c.i - 1].text in comma else c.i
    if (toks[c.i].prefix == "و" or before < c.i) and before in ends:
        return True
    after = c.j + 1 if c.j < len(toks) and toks[c.j].text in comma else c.j
    return after < len(toks) and after in starts and (after > c.j or toks[after].prefix == "و")


def _newspaper(ctx: Ctx, c: Cand) -> bool:
    """ "لـ«الشرق الأوسط»", "صحيفة "الرياض"": a quoted name after لـ or a media word is a title."""
    toks = ctx.toks
    if c.i < 2 or c.j >= len(toks) or toks[c.i - 1].text not in QUOTES or toks[c.j].text not in QUOTES:
        return False
    k = c.i - 2
    return toks[k].text == "ل" or "media" in ctx.kinds(k)


def _country_adjective(ctx: Ctx, c: Cand) -> bool:
    """ "وزارة الصحة السعودية", "الحملة الوطنية السعودية": a one-word definite country or region
    name in ية right after a definite word is an adjective of what precedes, not the place."""
    toks = ctx.toks
    t = toks[c.i]
    if c.j - c.i != 1 or t.prefix or not t.stem.startswith("ال") or not t.stem.endswith("يه") or c.i == 0:
        return False
    if getattr(c.entry, "kind", None) not in ("country", "region"):
        return False  # a city ("الإسماعيلية") is no adjective
    k = c.i - 1
    return (
        toks[k].is_word
        and not toks[k].prefix
        and ctx.definite(k)
        and not ctx.stops(k)
        and not ctx.is_place(k)
        and ctx.title_at(k) is None
    )


@lru_cache(maxsize=1)
def _money_words() -> frozenset[str]:
    """The first words of the money units of units.tsv ("ليرة", "دينار", "ريال"), all numbers."""
    return frozenset(
        norm(f).split()[0]
        for e in load("units")
        if getattr(e, "kind", None) == "money"
        for f in (*e.ar, *getattr(e, "ar_plural", ()), *getattr(e, "ar_dual", ()))
    )


def _currency_adjective(ctx: Ctx, c: Cand) -> bool:
    """ "300 مليون ليرة سورية": a one-word country name in ية right after a money unit is the
    currency's adjective, not the place."""
    t = ctx.toks[c.i]
    if c.j - c.i != 1 or c.i == 0 or t.prefix or not t.stem.endswith("يه"):
        return False
    return getattr(c.entry, "kind", None) == "country" and ctx.toks[c.i - 1].stem in _money_words()


def _masculine_noun(ctx: Ctx, c: Cand) -> bool:
    """ "الرباط الصليبي" (a ligament), "العين اليمنى" no: a city's name is feminine, so a one-word
    definite city followed by a definite masculine relative adjective ("الصليبي", not "الساحلية",
    nor a direction "الشمالي") is the common noun the name also spells."""
    toks = ctx.toks
    k = c.j
    if c.j - c.i != 1 or k >= len(toks) or getattr(c.entry, "kind", None) != "city":
        return False
    t = toks[k]
    return (
        t.is_word
        and not t.prefix
        and ctx.definite(c.i)
        and ctx.definite(k)
        and ctx.nisba(k)
        and not t.stem.endswith("يه")
        and not (ctx.kinds(k) | ctx.c.words.get(t.bare, set())) & {"direction", "national"}
        and country_adjectives().get(t.stem) is None
    )


TANWEEN_FATH = "\u064b"


def adverbial(text: str, start: int, end: int) -> bool:
    """The word text[start:end] ends in the accusative tanween ("ليبياً"، "ليبيًا"، "محلياً"): an
    adverbial nisba adjective ("الأكبر ليبياً", "الأول عربياً"), never a place's name, which
    takes no tanween (a country name in ا is indeclinable)."""
    while end < len(text) and ("\u064b" <= text[end] <= "\u065f" or text[end] in "\u0640\u0670"):
        end += 1  # the token may end before its diacritics
    word = text[start:end].rstrip("\u0640")
    return word.endswith(TANWEEN_FATH) or word.endswith(TANWEEN_FATH + "ا")


def _nisba_adverb(ctx: Ctx, c: Cand) -> bool:
    """ "يعد الأكبر ليبياً": a one-word place that carries tanween is the nisba adverb."""
    return c.j - c.i == 1 and adverbial(ctx.doc.text, ctx.toks[c.i].start, ctx.toks[c.i].end)


def _in_a_name(ctx: Ctx, c: Cand) -> bool:
    """ "الأمير نايف", "محمد الزبير": a one-word place name right after a title or a given name
    is (part of) a person's name; after a role word it is the role's place ("محافظ الخرطوم")."""
    if c.j - c.i != 1 or c.i == 0 or ctx.toks[c.i].prefix:
        return False
    prev = ctx.toks[c.i - 1]
    tt = ctx.title_at(c.i - 1)
    given = prev.is_word and prev.stem in ctx.c.given and "boundary" not in ctx.kinds(c.i - 1)
    return (tt is not None and tt[1] != "role") or given  # "على الرياض": the preposition, not "علي"


def place_filter(ctx: Ctx, cands: list[Cand]) -> list[Cand]:
    """Drop LOC candidates that name no place here.

    A newspaper's quoted name, a country adjective (of a body or a currency), a nisba adverb with tanween ("الأكبر ليبياً") and a name after a title or a given name
    ("الأمير نايف", "محمد الزبير") are not places. A place name that is
    also a common word (`common` in places.tsv) is kept only in a place context: after a
    place prefix ("محافظة حجة"), after a direction word ("شمال حجة") or a plural of places
    ("محافظات حجة وصعدة"), with بـ right after a facility's name (where the facility is:
    "مستشفى الملك فهد الجامعي بالخبر"), or in a list beside another place ("في تعز وحجة
    وصعدة"), found step by step from the places already kept.
    """
    kept: list[Cand] = []
    pending: list[Cand] = []
    for c in cands:
        if c.type == "LOC" and (
            _newspaper(ctx, c)
            or _country_adjective(ctx, c)
            or _currency_adjective(ctx, c)
            or _in_a_name(ctx, c)
            or _masculine_noun(ctx, c)
            or _nisba_adverb(ctx, c)
        ):
            continue
        (pending if c.type == "LOC" and c.common else kept).append(c)
    starts = {c.i for c in kept if c.type == "LOC"}
    ends = {c.j for c in kept if c.type == "LOC"}
    facility_ends = {c.j for c in kept if c.type == "FACILITY"}
    found = True
    while found and pending:
        found = False
        for c in list(pending):
            cue = (
                c.i > 0
                and ctx.kinds(c.i - 1) & {"direction", "place_list", "district"}
                and not ctx.toks[c.i].prefix
            )
            located = c.i in facility_ends and ctx.toks[c.i].prefix == "ب"  # "مستشفى … بالخبر"
            if _after_place_prefix(ctx, c.i) or cue or located or _listed_place(ctx, c, starts, ends):
                pending.remove(c)
                kept.append(c)
                starts.add(c.i)
                ends.add(c.j)
                found = True
    return kept


@lru_cache(maxsize=1)
def country_adjectives() -> dict[str, PlaceEntry]:
    """Nationality adjectives of one-word countries: "اليمنية" -> Yemen, "الأردني" -> Jordan.

    Derived from places.tsv: the name without its article and its ending (ا، ية), then ي / ية.
    Names that end in ي already ("مالي", "جيبوتي") are left out: their adjective is the word itself.
    """
    out: dict[str, PlaceEntry] = {}
    for e in load("places"):
        if not isinstance(e, PlaceEntry) or e.kind != "country":
            continue
        for form in e.ar:
            w = norm(form)
            if " " in w or w.endswith("ي"):
                continue
            w = _bare(w)
            for ending in ("يه", "ه", "ا"):
                if w.endswith(ending) and len(w) > len(ending) + 2:
                    w = w[: -len(ending)]
                    break
            base = w if w.endswith("ي") else w + "ي"  # "ليبيا" -> "ليبي", "اليمن" -> "يمني"
            for adj in (base, base + "ه"):
                out.setdefault("ال" + adj, e)
                out.setdefault(adj, e)
    return out
