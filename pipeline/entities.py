"""Stage: entities. Reads `Document.tokens`; fills `Document.entities`.

`find_entities(doc)` runs the sub-stages in this order; each adds candidate mentions
(`Cand`: a token range and a type) on one shared view of the document (`Ctx`), and the
merge keeps the longest name:

1. `lexicon_candidates` (here): every Arabic form of every entry of places, facilities,
   organizations, programmes, conditions and procedures, indexed by its first word
   (`entity_lexicon.lexicon_index`). A mention's first token matches on its stem (attached
   proclitics removed: "بمستشفى" matches "مستشفى ..."), with or without the article ال;
   later tokens match on (proclitic, stem without ال). A linked mention carries the
   entry's `id` and `name_en`. Reads the tokens.
2. `entity_medical.modifier_extension`: CONDITION / PROCEDURE lexicon mentions extended by
   their modifiers ("قسطرة قلبية تشخيصية", "الأمراض النادرة والمستعصية") and procedures by
   their organ ("منظار الركبة"). Reads the lexicon mentions. `building_works` drops a
   procedure done on a building ("إعادة تأهيل مستشفى …").
3. `entity_medical.condition_candidates`: conditions no lexicon holds, from a disease noun
   and its complement ("متلازمة توريت", "نقص فيتامين د"). Reads the lexicon conditions and
   the lexicon ORG / LOC spans.
4. `entity_names.head_candidates`: FACILITY / ORG / PROGRAM names from a head noun
   ("مستشفى", "جهاز", "مبادرة" ...) and its complement up to a boundary (`_extend` and its
   rules); "صحة" + city, a quoted programme name, a medical city. Reads the CONDITION /
   PROCEDURE mentions (where a name stops) and the lexicon ORG / LOC spans.
5. `entity_places.place_candidates`: "مدينة X", "دولة X" (X is the place), then
   `entity_places.place_filter` drops LOC mentions that name no place here. Reads all
   candidates so far.
6. `persons.person_candidates`: PERSON after a title or a role phrase (the title is not part
   of the surface). Reads the ORG / FACILITY candidates (a role's body).
7. `merge` (here): the longest name wins, lexicon mentions win ties, allowed nestings
   survive; then each kept candidate becomes an `Entity` (a national body takes the
   country its adjective names: `_country_body`), and a place whose form places of several
   countries share is linked by the bulletin's country evidence
   (`event_places.link_namesakes`).

The grammar's words are data (`entity_heads.tsv`, `entity_words.tsv`, `titles.tsv`,
`given_names.tsv`), loaded by `entity_lexicon.cues`; the token predicates the rules ask
are `entity_context.Ctx`'s.

Every surface excludes the first token's proclitic, so
`doc.text[e.start:e.end] == e.text` holds for every entity.
"""

from __future__ import annotations

from collections import defaultdict

from pipeline.entity_context import QUOTES, Cand, Ctx
from pipeline.entity_lexicon import OrganizationEntry, Pattern, _bare, lexicon_index
from pipeline.entity_medical import building_works, condition_candidates, modifier_extension
from pipeline.entity_names import group_candidates, head_candidates
from pipeline.entity_places import country_adjectives, place_candidates, place_filter, place_head
from pipeline.event_places import link_namesakes
from pipeline.models import Document, Entity
from pipeline.normalize import norm
from pipeline.persons import person_candidates
from pipeline.sentences import SENTENCE_END
from pipeline.tokenize import span_of

# Nesting that survives "the longest wins": a condition inside a programme's name
# A city inside a facility or body name is not emitted (gold: optional at best;
# "مستشفى الهضبة الخضراء" is not a mention of the district) ("برنامج إيفاد مرضى ضمور العضلات الشوكي").
NESTABLE: dict[str, frozenset[str]] = {
    "PROGRAM": frozenset({"LOC", "CONDITION", "PROCEDURE"}),
}


def lexicon_candidates(ctx: Ctx) -> list[Cand]:
    """Every lexicon form found in the document (all lengths; the merge keeps the longest)."""
    toks = ctx.toks
    keys = [(t.prefix, t.bare) for t in toks]  # what a pattern's later words are matched on
    out: list[Cand] = []
    for i, t in enumerate(toks):
        if t.kind == "punct":
            continue
        stem, start = t.stem, None
        if t.text.startswith("لل") and ctx.unsplit_lam(i):
            # ل + ال in a word some lexicon lists whole ("للتبرع"): match "التبرع", start after the ل
            stem, start = "ا" + t.text[1:], ctx.doc.view.to_original(t.nstart + 1, t.nend)[0]
        bare = _bare(stem)
        groups = _by_size(bare, False) + (_by_size(stem, True) if stem != bare else ())
        for size, by_rest in groups:
            j = i + size
            if j > len(toks):
                continue
            for p in by_rest.get(tuple(keys[i + 1 : j]), ()):
                if p.exact_first and p.first != stem:
                    continue
                out.append(Cand(p.type, i, j, p.entry, lexical=True, start=start, common=p.common))
    return out


_GROUPS: list = [None, {}]  # the lexicon index the groups were made from, and (word, exact) -> groups


def _by_size(
    word: str, exact: bool
) -> tuple[tuple[int, dict[tuple[tuple[str, str], ...], list[Pattern]]], ...]:
    """The lexicon patterns whose first token is `word` (`exact`: only those that must be written
    so), by size, longest first, each size by its later tokens: a token is matched against the
    forms of its length, not against each of the hundreds that start with "مستشفى" (same order)."""
    index = lexicon_index()
    if _GROUPS[0] is not index or len(_GROUPS[1]) > 65536:  # bounded: every word asked is kept
        _GROUPS[:] = [index, {}]
    got = _GROUPS[1].get((word, exact))
    if got is None:
        sizes: dict[int, dict[tuple[tuple[str, str], ...], list[Pattern]]] = {}
        for p in index.get(word, ()):  # longest first
            if p.exact_first or not exact:
                sizes.setdefault(p.size, {}).setdefault(p.rest, []).append(p)
        got = _GROUPS[1][(word, exact)] = tuple(sizes.items())
    return got


# ---------------------------------------------------------------------------
# Merge and emit


def _overlaps(a: Cand, b: Cand) -> bool:
    return a.i < b.j and b.i < a.j


def _inside(a: Cand, b: Cand) -> bool:
    return b.i <= a.i and a.j <= b.j


def merge(cands: list[Cand]) -> list[Cand]:
    """The longest name wins; lexicon mentions win ties; allowed nestings survive.
    (Kept names are indexed by the tokens they cover: linear in the length of a document.)"""
    order = sorted(cands, key=lambda c: (-(c.j - c.i), not c.lexical, c.i))
    kept: list[Cand] = []
    covering: dict[int, list[Cand]] = defaultdict(list)  # token -> kept names over it
    for c in order:
        near = (k for t in range(c.i, max(c.j, c.i + 1)) for k in covering.get(t, ()))
        if not any(_clashes(c, k) for k in near):
            kept.append(c)
            for t in range(c.i, c.j):
                covering[t].append(c)
    # A grammar name that starts with a lexicon mention of the same type is that entry, extended.
    lexical: dict[tuple[int, str], list[Cand]] = defaultdict(list)
    for other in cands:
        if other.lexical:
            lexical[(other.i, other.type)].append(other)
    for c in kept:
        if c.entry is None:
            for other in lexical.get((c.i, c.type), ()):
                if other.j <= c.j:
                    c.entry = other.entry
                    break
    return sorted(kept, key=lambda c: (c.i, c.j))


def _clashes(c: Cand, k: Cand) -> bool:
    """Whether c overlaps the kept name k other than as a nesting k allows."""
    if not _overlaps(c, k):
        return False
    nests = c.type in NESTABLE.get(k.type, ()) or c.nests
    return not (_inside(c, k) and nests and (c.i, c.j) != (k.i, k.j))


# Bodies every state has under one name: the lexicon's entry is Libya's (organizations.tsv),
# another country's adjective after the name makes it that country's body.
_NATIONAL_KINDS = frozenset({"ministry", "council", "government", "authority", "agency", "committee", "fund"})


def _country_body(ctx: Ctx, c: Cand) -> tuple[str, str] | None:
    """(id, name_en) of "وزارة الصحة اليمنية": the entry's id for the country the adjective names."""
    entry = c.entry
    if c.type != "ORG" or not isinstance(entry, OrganizationEntry) or entry.kind not in _NATIONAL_KINDS:
        return None
    for k in range(c.i + 1, c.j):
        country = country_adjectives().get(ctx.toks[k].stem)
        if country is not None and ctx.toks[k].is_word and not ctx.toks[k].prefix:
            if country.id == "libya" or any(ctx.toks[k].stem in norm(f).split() for f in entry.ar):
                return None  # Libya's, or a body the lexicon lists as that country's own
            return f"{entry.id}_{country.id}", f"{entry.name_en} ({country.name_en})"
    return None


_PLAY_REACH = 30  # tokens either side of a club's name where a sports word puts it in play


def _club_out_of_play(ctx: Ctx, c: Cand) -> bool:
    """A club named bare ("الهلال", "الاتحاد", "الأهلي": common words too) is an ORG only in a
    sentence with a sports word, not behind بـ ("بالتعاون مع") nor before an adjective ("الاتحاد
    الأوروبي", "القطاع الأهلي" has no sports word)."""
    if not (isinstance(c.entry, OrganizationEntry) and c.entry.kind == "club"):
        return False
    toks = ctx.toks
    if "ب" in toks[c.i].prefix or (c.j < len(toks) and ctx.adjective(c.j)):
        return True
    for step in (-1, 1):
        k = c.i + step
        while 0 <= k < len(toks) and abs(k - c.i) <= _PLAY_REACH and toks[k].text not in SENTENCE_END:
            if "sports" in ctx.kinds(k):
                return False
            k += step
    return True


def _quarter_named_as_city(ctx: Ctx, c: Cand) -> bool:
    """A city of the gazetteer after "حي" names a quarter of the bulletin's own city ("في حي
    الروضة", "بحي النسيم"), not the town elsewhere that bears the name."""
    return (
        c.type == "LOC"
        and c.i > 0
        and getattr(c.entry, "kind", None) == "city"
        and place_head(ctx, c.i - 1) == c.i
        and ctx.toks[c.i - 1].text.endswith("حي")  # "حي", "وحي", "بحي" (not "مخيم", "مدينة")
    )


def _attached_places(ctx: Ctx, kept: list[Cand], cands: list[Cand]) -> list[Cand]:
    """The place that closes a body's name after بـ or في is a LOC of its own ("مستشفى الجلاء
    للجراحة والحوادث ببنغازي", "المستشفى الجامعي بطرابلس"); a city that is part of the name
    ("مستشفى غريان المركزي") is not."""
    ends: dict[int, list[Cand]] = defaultdict(list)
    for c in kept:
        if c.type in ("FACILITY", "ORG"):
            ends[c.j].append(c)
    out: list[Cand] = []
    seen: set[tuple[int, int]] = set()
    for p in cands:
        if p.type != "LOC" or (p.i, p.j) in seen:
            continue
        attached = ctx.toks[p.i].prefix.endswith("ب") or (p.i > 0 and ctx.toks[p.i - 1].stem == "في")
        if attached and any(b.i < p.i - 1 for b in ends.get(p.j, ())):
            out.append(p)
            seen.add((p.i, p.j))
    return out


def _spans(cands: list[Cand], etype: str) -> dict[int, int]:
    """Start -> end of the longest mention of a type starting there."""
    out: dict[int, int] = {}
    for c in cands:
        if c.type == etype:
            out[c.i] = max(out.get(c.i, 0), c.j)
    return out


_TITLE_REACH = 12  # tokens of a quoted title


def _in_title(ctx: Ctx, c: Cand) -> bool:
    """A body or facility inside the quotes after a work word (`work` in entity_words.tsv) is the
    work's title, no mention: "فيلم «مستشفى الأمل»", "مقالا بعنوان «وزارة الصحة والمسؤولية»".
    A programme's quoted name stays ("حملة بعنوان «لا تنساني»")."""
    if c.type not in ("ORG", "FACILITY"):
        return False
    toks = ctx.toks
    for q in range(c.i - 1, max(0, c.i - _TITLE_REACH) - 1, -1):
        if toks[q].text in QUOTES:
            closed = any(toks[m].text in QUOTES for m in range(c.j, min(len(toks), q + _TITLE_REACH)))
            return q > 0 and closed and "work" in ctx.kinds(q - 1)
    return False


def find_entities(doc: Document) -> Document:
    """Fill `doc.entities` (FACILITY, ORG, PERSON, LOC, PROGRAM, CONDITION, PROCEDURE).

    Reads `doc.tokens` (and `doc.text` for surfaces). Every occurrence is emitted
    with its offsets; linked mentions carry the lexicon `id` and `name_en`.
    Keeps entities of other types already present (DATE is the dates stage's).
    """
    ctx = Ctx(doc)
    cands = [c for c in lexicon_candidates(ctx) if not _club_out_of_play(ctx, c)]
    modifier_extension(ctx, cands)
    cands = building_works(ctx, cands)
    ctx.org_spans = _spans(cands, "ORG")
    ctx.place_spans = _spans(cands, "LOC")
    cands += condition_candidates(ctx, cands)
    ctx.mention_starts = {c.i for c in cands if c.type in ("CONDITION", "PROCEDURE")}
    ctx.mention_ends = {c.j for c in cands if c.type in ("CONDITION", "PROCEDURE")}
    cands += head_candidates(ctx)
    cands += group_candidates(ctx)
    cands = [c for c in cands if not _in_title(ctx, c)]
    cands += place_candidates(ctx)
    cands = place_filter(ctx, cands)
    bodies = [c for c in cands if c.type in ("ORG", "FACILITY")]
    cands += person_candidates(ctx, bodies)
    kept = merge(cands)
    kept = sorted(kept + _attached_places(ctx, kept, cands), key=lambda c: (c.i, c.j))
    ents: list[Entity] = []
    for c in kept:
        start, end = span_of(ctx.toks, c.i, c.j)
        if c.start is not None:
            start = c.start
        while end < len(doc.text) and ("\u064b" <= doc.text[end] <= "\u0652" or doc.text[end] == "\u0640"):
            end += 1  # the last word's marks ("أولاً") belong to it
        text = doc.text[start:end]
        eid = c.entry.id if c.entry else None
        name_en = c.entry.name_en if c.entry else None
        national = _country_body(ctx, c)
        if national is not None:
            eid, name_en = national  # "وزارة الصحة اليمنية": Yemen's ministry, not Libya's
        if _quarter_named_as_city(ctx, c):
            eid, name_en = None, None  # "حي الروضة" in Riyadh is no town of that name in Yemen
        ents.append(
            Entity(
                type=c.type,  # type: ignore[arg-type]
                text=text,
                start=start,
                end=end,
                norm=norm(text),
                id=eid,
                name_en=name_en,
                source="lexicon" if c.lexical else "grammar",
            )
        )
    mine = {"FACILITY", "ORG", "PERSON", "LOC", "PROGRAM", "CONDITION", "PROCEDURE"}
    doc.entities = [e for e in doc.entities if e.type not in mine] + ents
    link_namesakes(doc)  # "المنطقة الشرقية" beside "الدمام" is Saudi Arabia's
    return doc
