"""Entities sub-stage base: a document's tokens with the predicates the grammar asks of them.

`Ctx` answers, for a token, its cue kinds, a head noun or a title starting there, whether it is
definite, a place, an adjective that agrees with a head ...; `Cand` is a candidate mention
(a token range and a type). The word-form tests (`_nisba`, `_participle` ...) are shared by the
sub-stages (`entity_names`, `entity_places`, `entity_medical`, `persons`).
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.entity_lexicon import HeadKind, _bare, _raw, cues
from pipeline.lexicons import Entry, vocabulary
from pipeline.models import Document
from pipeline.tokenize import Token

QUOTES = frozenset({'"'})
# The cues the table was made with, and (text, stem) -> `Ctx._kinds_either_way` of a word:
# worked out once per word, not once per token.
_KINDS: list = [None, {}]


class Ctx:
    """A document's tokens with the predicates the grammar asks of them."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.toks: list[Token] = doc.tokens
        self.c = cues()
        self.mention_starts: set[int] = set()  # tokens where a CONDITION/PROCEDURE mention starts
        self.mention_ends: set[int] = set()  # tokens right after one
        self.org_spans: dict[int, int] = {}  # start -> end of lexicon ORG mentions
        self.place_spans: dict[int, int] = {}  # start -> end of lexicon LOC mentions
        self._kinds: list[frozenset[str] | None] = [None] * len(self.toks)
        self._heads: dict[int, tuple[int, HeadKind] | None] = {}  # head_at, by token

    def __len__(self) -> int:
        return len(self.toks)

    def forms(self, i: int) -> tuple[str, ...]:
        """The token's word, and the word without a leading conjunction (و/ف)."""
        t = self.toks[i]
        out = [t.text, t.stem]
        if t.text[:1] in "وفبلك" and len(t.text) > 2:
            out.append(t.text[1:])  # "وفي", "بأن", "لأن": a particle behind a proclitic
        if t.text.startswith("لل") and len(t.text) > 4:
            out.append("ا" + t.text[1:])  # "للأورام": ل + "الأورام"
        return tuple(out)

    def kinds(self, i: int) -> frozenset[str]:
        """The cue kinds of token i's word (worked out once per token: the grammar asks often)."""
        ks = self._kinds[i]
        if ks is None:
            ks = self._kinds[i] = self._word_kinds(i)
        return ks

    def _word_kinds(self, i: int) -> frozenset[str]:
        t = self.toks[i]
        if not t.is_word:
            return frozenset()
        key = (t.text, t.stem)  # what forms(i) reads
        if _KINDS[0] is not self.c or len(_KINDS[1]) > 65536:
            _KINDS[:] = [self.c, {}]
        got = _KINDS[1].get(key)
        if got is None:
            got = _KINDS[1][key] = self._kinds_either_way(i)
        as_name, as_maqsura = got
        return as_name if as_name == as_maqsura or not self._maqsura(i) else as_maqsura

    def _kinds_either_way(self, i: int) -> tuple[frozenset[str], frozenset[str]]:
        """The cue kinds of token i's word when it is written with ي and with ى: "علي" the name,
        "على" the preposition (a boundary)."""
        ks: set[str] = set()
        maqsura: set[str] = set()
        for f in self.forms(i):
            for k in self.c.words.get(f, ()):
                (maqsura if k == "boundary" and f in self.c.maqsura else ks).add(k)
        return frozenset(ks), frozenset(ks | maqsura)

    def _maqsura(self, i: int) -> bool:
        t = self.toks[i]
        surf = _raw(self.doc.text[t.start : t.end])
        return surf.endswith("ى")

    def stops(self, i: int) -> bool:
        """A word a name never runs across (preposition, particle, verb, time word)."""
        return bool(self.kinds(i) & {"boundary", "verb", "time"})

    def head_at(self, i: int) -> tuple[int, HeadKind] | None:
        """(end, kind) of a head noun starting at token i (its proclitic allowed)."""
        if i in self._heads:
            return self._heads[i]
        found, known = self._head_at(i)
        if known:  # kept unless it depended on the places found so far
            self._heads[i] = found
        return found

    def _head_at(self, i: int) -> tuple[tuple[int, HeadKind] | None, bool]:
        t = self.toks[i]
        if not t.is_word:
            return None, True
        key = _bare(t.text) if self.whole_head(i) else t.bare
        if key in self.c.ya_heads and self._maqsura(i):
            return None, True  # "نادى المتظاهرون": the verb, not "نادي" the club
        known = True
        for seq, kind in self.c.heads.get(key, ()):
            j = i + len(seq)
            if j <= len(self.toks) and all(
                self.toks[i + n].is_word and not self.toks[i + n].prefix and self.toks[i + n].bare == seq[n]
                for n in range(1, len(seq))
            ):
                if kind == "org_command":
                    if self.toks[i].prefix == "ب" or j >= len(self.toks) or "forces" not in self.kinds(j):
                        continue  # "بقيادة قوات ...": led by; "قيادة السيارة": driving
                    return (j, "org"), known
                if kind == "org_place":
                    known = False  # place_end reads the place mentions found so far
                    if self.definite(i) or self.place_end(j) is None:
                        continue  # "وزارة الصحة", "بصحة جيدة": "صحة" names a body only before a city
                return (j, kind), known
        return None, known

    def whole_head(self, i: int) -> bool:
        """Token i is a head the tokenizer split as clitics ("وكالة" = و + ك + "آلة")."""
        t = self.toks[i]
        return bool(t.prefix) and _bare(t.text) in self.c.whole_heads

    def unsplit_lam(self, i: int) -> str:
        """ "ل" when token i is ل + a word the lexicons do not know ("لتسويق"), else "".

        The tokenizer separates a proclitic only before a known word; inside a name
        a purpose "لـ + verbal noun" matters even when the noun is unknown.
        """
        t = self.toks[i]
        if (
            not t.prefix
            and t.text.startswith("ل")
            and self.c.words.get(t.text[1:], set()) & {"medical", "purpose"}
        ):
            return "ل"  # "لطب": a short field word the tokenizer leaves whole
        if t.prefix or not t.text.startswith("ل") or len(t.text) < 5 or t.text.startswith("ال"):
            return ""
        if t.text.startswith("لل"):
            return "ل"  # ل + ال, even when a lexicon lists the whole word ("للتبرع")
        rest = t.text[1:]
        if len(rest) == 5 and rest[0] == "ت" and rest[3] == "ي":
            return "ل"  # ل + تفعيل even when a lexicon lists the whole word ("لتعزيز", a cue)
        if t.text in vocabulary() or t.text in self.c.given or t.text in self.c.places:
            return ""
        return "ل"

    def head_purpose(self, i: int) -> bool:
        """Whether the head at i takes a purpose in its name ("شركة ... لتسويق ...")."""
        return self.toks[i].bare in self.c.purpose_heads

    def title_at(self, i: int) -> tuple[int, str] | None:
        t = self.toks[i]
        if not t.is_word:
            return None
        for seq, kind in self.c.titles.get(t.stem, ()):
            j = i + len(seq)
            if j <= len(self.toks) and all(self.toks[i + n].stem == seq[n] for n in range(1, len(seq))):
                return j, kind
        return None

    def definite(self, i: int) -> bool:
        t = self.toks[i]
        return t.stem.startswith("ال") or (not t.prefix and t.text.startswith("لل") and len(t.text) >= 5)

    def is_place(self, i: int) -> bool:
        t = self.toks[i]
        return t.is_word and t.stem in self.c.places

    def place_end(self, i: int) -> int | None:
        """End of the place named at token i (a lexicon LOC or a one-word place), if any."""
        if i >= len(self.toks):
            return None
        if i in self.place_spans:
            return self.place_spans[i]
        return i + 1 if self.is_place(i) else None

    def nisba(self, i: int) -> bool:
        """A relative adjective, definite or not ("كلوي", "الوطنية"), not a word in ى ("استدعى")."""
        stem = self.toks[i].stem
        return _nisba(stem if self.definite(i) else "ال" + stem) and not self._maqsura(i)

    def feminine(self, i: int) -> bool:
        """A singular feminine word ("الطبية", "جامعة"): written with ة."""
        return self.toks[i].stem.endswith("ه")

    def adjective(self, i: int) -> bool:
        """A definite word that qualifies a noun ("الطبية", "المتخصص", "العام", "الوطني")."""
        t = self.toks[i]
        plural_participle = (
            t.stem.startswith("الم") and t.stem.endswith(("ين", "ون")) and len(t.stem) > 6
        ) or t.stem.endswith(("يين", "يون"))  # "المسجلين", "الأردنيين"
        if self._maqsura(i) and not _adjective_form(t.stem) or "cond_noun" in self.kinds(i):
            return False  # "المرضى", "المستشفى": ى is no nisba
        return self.definite(i) and (
            _nisba(t.stem)
            or _participle(t.stem)
            or plural_participle
            or _adjective_form(t.stem)
            or bool(self.kinds(i) & {"generic", "national", "rank"})
        )

    def agrees(self, head: int, k: int) -> bool:
        """Whether the adjective at k can qualify the singular head at `head` (number and gender).

        "جامعة ... المكلف", "الحملة الأساسي", "الشركة المسجلين": the adjective belongs to the clause.
        """
        if self.toks[k].stem.endswith(("ين", "ون")):
            return False
        return self.feminine(head) == _feminine_form(self.toks[k].stem, self._maqsura(k))

    def person_at(self, k: int) -> bool:
        """A personal name starts at k: an honorific ("الملك", "الأمير") or a given name."""
        t = self.toks[k]
        tt = self.title_at(k)
        return (tt is not None and tt[1] == "honorific") or (
            t.is_word and not t.prefix and not self.definite(k) and t.stem in self.c.given
        )


@dataclass
class Cand:
    """A candidate mention: a type over the tokens [i, j), linked to a lexicon entry or not."""

    type: str
    i: int  # token range [i, j)
    j: int
    entry: Entry | None = None
    lexical: bool = False
    start: int | None = None  # original start when not the first token's stem_start
    common: bool = False  # a place name that is also a common word (see `place_filter`)
    nests: bool = False  # a leader's name that stays inside his body's ("حكومة عبدالله الثني")


def _possessed(ctx: Ctx, k: int) -> bool:
    """A noun with the suffix "ها" ("مستشفياتها", "خدماتها"), not a place ("أبها")."""
    stem = ctx.toks[k].stem
    return (
        stem.endswith("ها")
        and len(stem) >= 5
        and not ctx.definite(k)
        and ctx.place_end(k) is None
        and stem not in ctx.c.given
    )


def _circumstantial(ctx: Ctx, k: int) -> bool:
    """An indefinite accusative participle ("ممثلا", "مؤكدا", "مشيرا"): a clause word, never a name's."""
    t = ctx.toks[k]
    return (
        not t.prefix
        and t.stem.startswith("م")
        and t.stem.endswith("ا")
        and len(t.stem) >= 5
        and ctx.place_end(k) is None
        and t.stem not in ctx.c.given
    )


_PRONOUN_SUFFIXES = ("هم", "هما", "هن", "كم")


def _nisba(word: str) -> bool:
    """A relative adjective ("الوطني", "الوطنية", "الصحي"): what names a definite head."""
    return word.endswith(("ي", "يه")) and len(word) > 4


def _adjective_form(word: str) -> bool:
    """Adjective patterns: أفعل (الأحمر), فعلاء (الخضراء), فعلى (الكبرى، العليا), فعيل (الكبير),
    فاعل (الزائر، القائمة)."""
    w = word[2:] if word.startswith("ال") else word
    if len(w) == 4:
        return w[0] == "ا" or w[1] == "ا" or w[2] == "ي" or w.endswith(("ي", "يا"))
    return len(w) == 5 and (w.endswith("اء") or (w[1] == "ا" and w.endswith("ه")))


def _feminine_form(word: str, maqsura: bool) -> bool:
    """A feminine singular: ة ("الطبية"), فعلاء ("الخضراء"), فعلى ("الكبرى", "العليا")."""
    w = word[2:] if word.startswith("ال") else word
    # أفعل ends in ى too and is masculine ("الأعلى", "الأدنى"), but for أولى and أخرى
    fu3la = maqsura and (not w.startswith("ا") or w in ("اولي", "اخري"))
    return (
        w.endswith("ه") or (len(w) == 5 and w.endswith("اء")) or (len(w) == 4 and (fu3la or w.endswith("يا")))
    )


def _participle(word: str) -> bool:
    """A definite participle used as an adjective ("المتقدمة", "المتخصص"), not a plural noun."""
    return word.startswith("الم") and not word.endswith(("ين", "ون", "ات", "اء")) and len(word) > 5
