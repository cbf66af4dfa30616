"""Stage: model entities. Reads `Document.tokens` and the rules' entities; adds
PERSON / LOC / ORG / FACILITY mentions a learned model finds where the rules found nothing.

The model is a linear-chain CRF (python-crfsuite) trained by `pipeline.ner_train`
(`make model`) on open annotated Arabic news and Wikipedia (data/ner/, docs/ner.md).
It reads the project's own tokens, sentence by sentence, with the tag the rules'
entities (already in the document: the rules ran before) give each token
(`rule_tags`); `sentence_features` is the one feature function of training and tagging.

Merging (the rules win):
  - a model mention is kept only where no entity already found overlaps it
    (rules, dates), only for PERSON / LOC / ORG / FACILITY, and only when its
    probability (the smallest marginal of its tokens' labels) reaches the
    type's threshold, chosen on the dev split for precision >= 0.80 (model card);
  - the rules' words veto a span: a title, a preposition, a verb, a time word, a
    department, a disease noun, a decree kind or a quotation mark inside it means
    the model read across a boundary the grammar knows; a head noun first
    ("الوزارة ...") leaves the name to the grammar;
  - a LOC that is a gazetteer form is the rules' call: they match every form of
    places.tsv, so where they emitted none they rejected it (a place name that is
    also a common word, a newspaper, a name part); the model overrules them from
    the card's `loc_overrule` probability on, but never on a common-word form;
  - the surface excludes the first token's proclitic, like every entity (but a ك
    split off an unknown name: "كاليفورنيا");
  - a mention whose normalized text is a lexicon form of its type is linked (id, name_en).
Model entities carry `source="model"` and `score`.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.decrees import grammar as decree_grammar
from pipeline.entity_lexicon import OrganizationEntry, cues, lexicon_index
from pipeline.entity_places import adverbial
from pipeline.lexicons import Entry
from pipeline.models import Document, Entity
from pipeline.normalize import norm
from pipeline.sentences import split_sentences
from pipeline.spans import Spans
from pipeline.tokenize import Token, split_clitics

MODEL_DIR = Path(__file__).resolve().parent / "models"
MODEL_PATH = MODEL_DIR / "ner.crfsuite"
CARD_PATH = MODEL_DIR / "ner.card.json"
TYPES = ("PERSON", "LOC", "ORG", "FACILITY")
VETO_KINDS = frozenset({"boundary", "verb", "time", "department", "device", "cond_noun", "rank"})
_LEX_FLAG = {"LOC": "loc", "FACILITY": "fac", "ORG": "org"}
QUOTES = frozenset('"«»“”„')
LOC_OVERRULE = 0.9  # the probability from which a model LOC overrules the rules' rejection of a place (card: loc_overrule)


# ---------------------------------------------------------------------------
# Features (shared by training and tagging)


def _bare(s: str) -> str:
    return s[2:] if s.startswith("ال") and len(s) > 3 else s


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, frozenset[str]]:
    """Normalized word -> flags from the project's lexicons (places, facilities, bodies, names, cues)."""
    flags: dict[str, set[str]] = defaultdict(set)
    for pats in lexicon_index().values():
        for p in pats:
            tag = _LEX_FLAG.get(p.type)
            if tag is None or _club(p.entry):
                continue  # a bare club's name is a common word the rules read in context only
            flags[_bare(p.first)].add(tag + ("1" if not p.rest else "<"))  # a one-word name / a name's start
            for _, w in p.rest:
                flags[w].add(tag + ">")  # a later word of a name
    c = cues()
    for w, kinds in c.words.items():
        flags[_bare(w)].update("cue:" + k for k in kinds)
    for first, heads in c.heads.items():
        flags[first].update("head:" + kind for _, kind in heads)
    for first, titles in c.titles.items():
        flags[_bare(first)].update("title:" + kind for _, kind in titles)
    for g in c.given:
        flags[g].add("given")
    return {w: frozenset(f) for w, f in flags.items()}


def _club(entry: Entry | None) -> bool:
    return isinstance(entry, OrganizationEntry) and entry.kind == "club"


def _shape(w: str) -> str:
    if any(ch.isdigit() for ch in w):
        return "num"
    if any("a" <= ch.lower() <= "z" for ch in w):
        return "lat"
    if not any(ch.isalpha() for ch in w):
        return "punct"
    return "ar"


@lru_cache(maxsize=65536)
def stem_key(w: str) -> str:
    """The stem of a normalized token without its proclitics and article ("بالمستشفي" -> "مستشفي")."""
    return _bare(split_clitics(w.lower())[1])


@lru_cache(maxsize=65536)
def word_features(w: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(features of the word itself, features it gives its neighbours) of one normalized token."""
    w = w.lower()
    prefix, stem = split_clitics(w)
    bare = stem_key(w)
    shape = _shape(w)
    gaz = gazetteer()
    flags = sorted(gaz.get(bare, frozenset()) | gaz.get(stem, frozenset()))
    own = [f"w={w}", f"b={bare}", f"sh={shape}", f"len={min(len(bare), 6)}"]
    if prefix:
        own.append(f"pre={prefix}")
    if stem.startswith("ال"):
        own.append("al")
    if not prefix and len(w) > 3 and w[0] in "وف":
        own.append(f"nw={w[1:]}")  # a conjunction the tokenizer left on an unknown word
    if shape == "ar":
        own += [f"p{k}={bare[:k]}" for k in (1, 2, 3)] + [f"s{k}={bare[-k:]}" for k in (1, 2, 3)]
    own += [f"g={f}" for f in flags]
    near = [f"b={bare}", f"sh={shape}"] + [f"g={f}" for f in flags]
    return tuple(own), tuple(near)


def sentence_features(words: list[str], rules: list[str] | None = None) -> list[list[str]]:
    """CRF features of each token of a sentence of normalized words: itself and a ±2 window
    (the stem, shape and gazetteer flags of the tokens at ±1, the stem at ±2), and the pair of
    its stem and the previous token's ("pw=قال|بوتين": a word pair tells a name from a phrase
    that neither word alone does); with `rules` (`rule_tags` of the same tokens), the rules'
    tag of the token and of those at ±1."""
    # two edges each side: what a position beyond the sentence gives a token
    f = [_EDGE, _EDGE, *map(_windowed, words), _EDGE, _EDGE]
    r = (
        [_NONE] * (len(words) + 4)
        if rules is None
        else [_NONE, _NONE, *map(_rule_features, rules), _NONE, _NONE]
    )
    stems = ["^", *(stem_key(w) for w in words)]  # "^": the sentence's start
    return [
        [
            *f[k][0],
            *f[k - 2][-2],
            *f[k - 1][-1],
            *r[k - 1][-1],
            *f[k + 1][1],
            *r[k + 1][1],
            *f[k + 2][2],
            *r[k][0],
            f"pw={stems[k - 2]}|{stems[k - 1]}",
        ]
        for k in range(2, len(words) + 2)
    ]


@lru_cache(maxsize=65536)
def _windowed(w: str) -> dict[int, tuple[str, ...]]:
    """A word's features for the token it is at each offset: at 0 its own, at ±1 and ±2 (the
    stem only) what it gives the token that far from it, prefixed with that offset ("-1:b=...")."""
    own, near = word_features(w)
    out = {o: tuple(f"{o}:{f}" for f in (near if abs(o) == 1 else near[:1])) for o in (-2, -1, 1, 2)}
    return {0: own, **out}


_EDGE = {o: (f"{o}:edge",) for o in (-2, -1, 1, 2)}  # a position beyond the sentence
_NONE: dict[int, tuple[str, ...]] = {0: (), -1: (), 1: ()}  # no rules' tag (or none asked for)


@lru_cache(maxsize=256)
def _rule_features(tag: str) -> dict[int, tuple[str, ...]]:
    """The rules' tag of a token as its own feature (0) and as the feature of a neighbour (±1)."""
    return {0: (f"r={tag}",), -1: (f"-1:r={tag}",), 1: (f"1:r={tag}",)}


def rule_tags(spans: list[tuple[int, int]], entities: list[tuple[str, int, int]]) -> list[str]:
    """The BIO tag of each token (character span) by the entities (type, start, end) covering it.

    A token overlapping an entity is its B- when it holds the entity's start (a proclitic
    outside the surface is part of the token), else its I-; where entities nest or
    overlap, the one starting first (the longer at the same start) tags the token.
    """
    tags = ["O"] * len(spans)
    ends = [e for _, e in spans]
    for etype, start, end in sorted(entities, key=lambda e: (e[1], -e[2])):
        k = bisect_right(ends, start)  # the first token ending after the entity's start
        first = True
        while k < len(spans) and spans[k][0] < end:
            if tags[k] == "O":
                tags[k] = ("B-" if first else "I-") + etype
            first = False
            k += 1
    return tags


# ---------------------------------------------------------------------------
# Spans of BIO tags


@dataclass(frozen=True)
class Mention:
    type: str
    i: int  # token range [i, j) of the sentence
    j: int
    score: float = 1.0


def bio_spans(tags: list[str]) -> list[tuple[str, int, int]]:
    """(type, i, j) of each mention of a BIO sequence (an I- without its B- starts one)."""
    out: list[tuple[str, int, int]] = []
    cur: list = []
    for k, tag in enumerate([*tags, "O"]):
        if cur and not (tag.startswith("I-") and tag[2:] == cur[0]):
            out.append((cur[0], cur[1], k))
            cur = []
        if tag != "O" and not cur:
            cur = [tag[2:], k]
    return out


# ---------------------------------------------------------------------------
# The model


class Model:
    """A trained CRF and its per-type thresholds (from the model card)."""

    def __init__(self, path: Path = MODEL_PATH, card: Path | None = CARD_PATH, rule_tags: bool | None = None):
        import pycrfsuite

        self.tagger = pycrfsuite.Tagger()
        self.tagger.open(str(path))
        meta = json.loads(card.read_text(encoding="utf-8")) if card is not None else {}
        self.thresholds: dict[str, float] = meta.get("thresholds", {})
        self.loc_overrule: float = meta.get("loc_overrule", LOC_OVERRULE)
        # whether the model reads the rules' tags: the card says what it was trained with
        self.rule_tags: bool = bool(meta.get("rule_tags", False)) if rule_tags is None else rule_tags

    def mentions(self, words: list[str], rules: list[str] | None = None) -> list[Mention]:
        """Mentions of a sentence of normalized words (and the rules' tags of them, `rule_tags`),
        each with its probability."""
        if not words:
            return []
        self.tagger.set(sentence_features(words, rules if self.rule_tags else None))
        tags = self.tagger.tag()
        return [
            Mention(t, i, j, min(self.tagger.marginal(tags[k], k) for k in range(i, j)))
            for t, i, j in bio_spans(tags)
        ]


@lru_cache(maxsize=1)
def model() -> Model:
    return Model()


# ---------------------------------------------------------------------------
# The stage


@lru_cache(maxsize=1)
def _links() -> dict[tuple[str, str], Entry]:
    """(type, normalized form without its article) -> lexicon entry."""
    out: dict[tuple[str, str], Entry] = {}
    for pats in lexicon_index().values():
        for p in pats:
            if p.type in TYPES:
                key = " ".join([_bare(p.first), *(w for _, w in p.rest)])
                out.setdefault((p.type, key), p.entry)
    return out


@lru_cache(maxsize=1)
def _common_places() -> frozenset[str]:
    """Normalized place forms (without the article) that are also common words (places.tsv `common`)."""
    return frozenset(
        " ".join([_bare(p.first), *(w for _, w in p.rest)])
        for pats in lexicon_index().values()
        for p in pats
        if p.type == "LOC" and p.common
    )


@lru_cache(maxsize=1)
def _non_names() -> frozenset[str]:
    """Words the rules know are no part of a name: cue words of VETO_KINDS, titles, decree kinds."""
    c = cues()
    words = {w for w, kinds in c.words.items() if kinds & VETO_KINDS}
    return frozenset(words | set(c.titles) | {k.split()[0] for k in decree_grammar().kinds})


def link(etype: str, normalized: str) -> Entry | None:
    """The lexicon entry of type `etype` one of whose forms is `normalized` (the article optional)."""
    return _links().get((etype, " ".join(_bare(w) for w in normalized.split())))


def overrules(key: str, score: float, level: float) -> bool:
    """Whether a model LOC that is a gazetteer form stands where the rules emitted none.

    The rules match every form of places.tsv, so they rejected this one. A form that is also a
    common word ("امل", "صور") they keep only in a place context, and the model does not
    overrule that; their other rejections read one word before the place ("a name after a
    title or a given name": "الامير نايف", but also "رئيس فنزويلا", "علي لبنان" where علي is
    the preposition على folded) and the model overrules them from `level` on (the card's
    `loc_overrule`, chosen on dev; LOC_OVERRULE without one).
    """
    return score >= level and " ".join(_bare(w) for w in key.split()) not in _common_places()


def _vetoed(toks: list[Token], i: int, j: int) -> bool:
    """A word the rules know is no part of a name inside the span, a quotation mark, or a
    head noun first.

    A name that starts with a head noun ("الوزارة", "مستشفى") is the grammar's to find:
    where it found none, the head and what follows are no name ("الوزارة ستوفر ...").
    A quotation mark bounds a title (a newspaper's, a campaign's): a span across one is
    no name ('صحيفة "الرياض').
    """
    bad = _non_names()
    if any(toks[k].stem in bad or toks[k].text in bad or toks[k].text in QUOTES for k in range(i, j)):
        return True
    return toks[i].bare in cues().heads


def _names_a_way(toks: list[Token], i: int) -> bool:
    """A name right after a crossing, a street, a square, a school or a calendar (or after it
    and one word of the name: "معبر كرم | أبو سالم", "ثانوية الأمير | نايف") is that thing's
    own name, no person's and no place's ("حسب تقويم أم القرى")."""
    ways = [k for k in (i - 1, i - 2) if k >= 0 and "named_way" in cues().words.get(toks[k].stem, ())]
    return any(k == i - 1 or (toks[k + 1].is_word and not toks[k + 1].prefix) for k in ways)


def _name_start(text: str, tok: Token) -> int:
    """Where a model mention starts in its first token: after the proclitic, but a ك the
    tokenizer split off an unknown word that reads as definite ("كاليفورنيا" -> ك + اليفورنيا,
    "كالكوتا") is the name's first letter: the ك of likeness before a name is rare in news,
    a foreign name that starts with كال is not ("وكاليفورنيا" still loses its و)."""
    if not tok.prefix.endswith("ك"):
        return tok.stem_start
    k = text.rfind("ك", tok.start, tok.stem_start)
    return k if k >= 0 else tok.stem_start


def model_entities(doc: Document) -> Document:
    """Add the model's PERSON / LOC / ORG / FACILITY mentions that no entity overlaps."""
    toks = doc.tokens
    if not toks:
        return doc
    m = model()
    taken = Spans([(e.start, e.end) for e in doc.entities])
    rules = rule_tags([(t.start, t.end) for t in toks], [(e.type, e.start, e.end) for e in doc.entities])
    added: list[Entity] = []
    for s in split_sentences(doc):
        taken_here: list[tuple[int, int]] = []  # the model's own, in this sentence (none reach another)
        words = [t.text for t in toks[s.first : s.last]]
        for men in m.mentions(words, rules[s.first : s.last]):
            if men.type not in TYPES or men.score < m.thresholds.get(men.type, 1.01):
                continue
            i, j = s.first + men.i, s.first + men.j
            if _vetoed(toks, i, j) or (men.type in ("PERSON", "LOC") and _names_a_way(toks, i)):
                continue
            if j - i == 1 and adverbial(doc.text, toks[i].start, toks[i].end):
                continue  # a word with tanween ("ليبياً") is an adverb, no name
            start, end = _name_start(doc.text, toks[i]), toks[j - 1].end  # without the proclitic
            if taken.overlaps(start, end) or any(a < end and start < b for a, b in taken_here):
                continue
            text = doc.text[start:end]
            key = norm(text)
            entry = link(men.type, key)
            if entry is not None and men.type == "LOC" and not overrules(key, men.score, m.loc_overrule):
                continue
            if _club(entry):
                continue  # the rules read a bare club's name in a sports sentence: elsewhere it is the word
            added.append(
                Entity(
                    type=men.type,  # type: ignore[arg-type]
                    text=text,
                    start=start,
                    end=end,
                    norm=key,
                    id=entry.id if entry else None,
                    name_en=entry.name_en if entry else None,
                    source="model",
                    score=round(men.score, 3),
                )
            )
            taken_here.append((start, end))
    doc.entities += added
    return doc
