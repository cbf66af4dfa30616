"""Arabic numbers over tokens: digits, number words, and the two mixed.

Reads tokens (`pipeline.tokenize.Token`); used by the quantities stage (and
available to dates). The words themselves are data, `lexicons/number_words.tsv`;
this module is the grammar that puts them together:

    number   := group (scale group?)* joined by و           "ثلاثمائة وخمسون ألفاً ومائتان"
    group    := digits | hundred [و unit] [و ten] | unit [و ten] | teen | ten
    teen     := (unit 1-9 | teen_head) (عشر|عشرة)            "ثلاثة عشر", "إحدى عشرة"
    scale    := ألف | مليون | مليار (after a group: × group)  "39 ألفاً", "1.5 مليون", "ثلاثة آلاف"
    ordinal  := [ال]ordinal [عشر | و ال-ten] | "الـ" digits  "الثالثة", "الحادي عشر", "الـ 32"

Parts joined by و must go down in size the way Arabic writes them (units
before tens: "ثلاثة وعشرون" = 23), so "6 و 7" stays two numbers. Case endings
are read: "عشرين", "ألفين", and the accusative tanween "ثلاثاً", "ألفاً" (the
final alef is dropped when what remains is a number word). A proclitic
(و ب ل ف ك) before a number word is allowed: "بثلاث", "لمائة".

`parse_number(text)` reads a whole string as one cardinal; `to_words(n)`
writes one out (used by the property tests: every integer reads back).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from pipeline.lexicons import Entry, load, register
from pipeline.normalize import norm
from pipeline.tokenize import Token, tokenize_text

NumberKind = Literal[
    "unit", "teen_head", "teen_tail", "ten", "hundred", "scale", "scale_dual", "scale_plural", "ordinal"
]


@register("number_words")
class NumberWord(Entry):
    """lexicons/number_words.tsv: one number word with its forms."""

    value: int
    kind: NumberKind
    gender: Literal["m", "f", "any"] = "any"


@dataclass(frozen=True)
class NumberSpan:
    """A number read from tokens[i:j]."""

    value: int | float
    i: int
    j: int
    ordinal: bool = False
    definite: bool = False  # written with the article: "الثلاث", "الستون", "الـ 32"
    words: bool = False  # at least one number word (not digits only)
    first_prefix: str = ""  # proclitic of the first token ("ب" in "بثلاث")


# Proclitics a number word may carry; the tokenizer splits only before known
# words of 3+ letters, so short ones ("وست") are split here.
# The longest digit string read as a number, and the bound of any number read:
# beyond them a "number" is noise (an id, a pasted hash), and 10**15 still fits
# the integer columns of Parquet and SQLite and is exact as a float.
MAX_DIGITS = 15
MAX_NUMBER = 10**15

_CLITICS = ("وب", "ول", "فب", "فل", "و", "ف", "ب", "ل", "ك")
_CONJ = "و"


@lru_cache(maxsize=1)
def _forms() -> dict[str, tuple[NumberWord, ...]]:
    """Normalized form -> the number words written that way."""
    table: dict[str, list[NumberWord]] = {}
    for e in load("number_words"):
        assert isinstance(e, NumberWord)
        for f in e.ar:
            table.setdefault(norm(f), []).append(e)
    return {k: tuple(v) for k, v in table.items()}


def _lookup_stem(stem: str) -> tuple[tuple[NumberWord, ...], bool]:
    """Number words a clitic-free stem can be, and whether it carries the article."""
    forms = _forms()
    for s, definite in ((stem, False), (stem[2:] if stem.startswith("ال") and len(stem) > 3 else "", True)):
        if not s:
            continue
        if s in forms:
            return forms[s], definite
        if s.endswith("ا") and s[:-1] in forms:  # accusative tanween: ثلاثاً, ألفاً, عشريناً never occurs
            return forms[s[:-1]], definite
    return (), False


def lookup(tok: Token, after_number: bool = False) -> tuple[tuple[NumberWord, ...], bool, str]:
    """(number words, definite, proclitic) of a word token; () when it is not a number word.

    `after_number`: the token follows a number, where a leading و is the conjunction
    ("مائتان وأحد عشر": و + أحد; the view folds وأحد and واحد together).
    """
    if not tok.is_word:
        return (), False, ""
    return _lookup_word(tok.text, tok.stem, tok.prefix, after_number)


@lru_cache(maxsize=65536)
def _lookup_word(
    text: str, stem: str, prefix: str, after_number: bool
) -> tuple[tuple[NumberWord, ...], bool, str]:
    # Keyed on the word's strings: tried at almost every token, worked out once per word.
    if prefix and not after_number:
        # a number word that merely starts like a clitic: "واحد" is not و + أحد
        found, definite = _lookup_stem(text)
        if found:
            return found, definite, ""
    found, definite = _lookup_stem(stem)
    if found:
        return found, definite, prefix
    if not prefix:
        for p in _CLITICS:
            if text.startswith(p) and len(text) > len(p) + 1:
                found, definite = _lookup_stem(text[len(p) :])
                if found:
                    return found, definite, p
    return (), False, ""


def digits_value(s: str) -> int | float | None:
    """Value of a digit string of the normalized view: "1,250", "1.5", "1.250.000", "12".

    None for a string that is no number, and for one of more than `MAX_DIGITS`
    digits: no count of a bulletin is that long, and converting thousands of
    digits would hit Python's int-string limit."""
    if sum(c.isdigit() for c in s) > MAX_DIGITS or not re.fullmatch(r"\d+(?:[.,]\d+)*", s):
        return None
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", s) or re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}", s):
        return int(re.sub(r"[.,]", "", s))  # thousands separators
    if re.fullmatch(r"\d+[.,]\d+", s):
        v = float(s.replace(",", "."))
        return int(v) if v.is_integer() else v
    if re.fullmatch(r"\d+", s):
        return int(s)
    return None


def _of(words: tuple[NumberWord, ...], *kinds: str) -> NumberWord | None:
    for w in words:
        if w.kind in kinds:
            return w
    return None


@dataclass(frozen=True)
class _Atom:
    kind: str  # digit | unit | teen | ten | hundred | scale | scale_dual | scale_plural
    value: int | float
    j: int  # one past its last token


def _is_tail(tok: Token) -> bool:
    """عشر/عشرة closing a teen (no proclitic, no article)."""
    words, definite, prefix = lookup(tok)
    return not prefix and not definite and _of(words, "teen_tail") is not None


def _atom(tokens: list[Token], k: int, words: tuple[NumberWord, ...]) -> _Atom | None:
    """The number part starting at token k (possibly two tokens: a teen, "ثلاث مائة")."""
    tok = tokens[k]
    if tok.is_num:
        v = digits_value(tok.text)
        return _Atom("digit", v, k + 1) if v is not None else None
    nxt = tokens[k + 1] if k + 1 < len(tokens) else None
    unit = _of(words, "unit")
    head = _of(words, "teen_head")
    small = unit if unit is not None and unit.value < 10 else head
    if small is not None and nxt is not None and _is_tail(nxt):
        return _Atom("teen", small.value + 10, k + 2)
    if unit is not None and 3 <= unit.value <= 9 and nxt is not None:
        nw, ndef, npre = lookup(nxt)
        hundred = _of(nw, "hundred")
        if hundred is not None and hundred.value == 100 and not npre and not ndef:
            return _Atom("hundred", unit.value * 100, k + 2)  # "ثلاث مائة"
    if unit is not None:
        return _Atom("unit", unit.value, k + 1)
    if head is not None:
        # إحدى / اثنتا only as the units of a compound: "إحدى وعشرون"
        c = _conj_next(tokens, k + 1)
        if c is not None and _of(c[1], "ten") is not None:
            return _Atom("unit", head.value, k + 1)
        return None
    for kind in ("ten", "hundred", "scale", "scale_dual", "scale_plural"):
        w = _of(words, kind)
        if w is not None:
            return _Atom(kind, w.value, k + 1)
    return None


def _conj_next(
    tokens: list[Token], k: int, definite_ok: bool = False
) -> tuple[int, tuple[NumberWord, ...]] | None:
    """If token k starts a part joined by و ("وعشرون", "و 225"), the part's token index and words.

    The part may carry the article only in an ordinal ("الحادي والعشرون": `definite_ok`)."""
    if k >= len(tokens):
        return None
    tok = tokens[k]
    if tok.is_word and tok.text == _CONJ and k + 1 < len(tokens):
        nxt = tokens[k + 1]
        if nxt.is_num:
            return k + 1, ()
        words, definite, prefix = lookup(nxt)
        if words and not prefix and (definite_ok or not definite):
            return k + 1, words
        return None
    words, definite, prefix = lookup(tok, after_number=True)
    if words and prefix == _CONJ and (definite_ok or not definite):
        if _of(words, "teen_head") and not (k + 1 < len(tokens) and _is_tail(tokens[k + 1])):
            words, definite, prefix = lookup(tok)  # "وواحد" written "واحد" after all
            words = words if prefix == _CONJ else ()
        if words:
            return k, words
    return None


def _ordinal(tokens: list[Token], i: int) -> NumberSpan | None:
    tok = tokens[i]
    # "الـ 32": the article written apart (the tatweel is gone in the view), then digits
    if tok.is_word and tok.stem == "ال" and i + 1 < len(tokens) and tokens[i + 1].is_num:
        if tokens[i + 1].nstart - tok.nend <= 1:
            v = digits_value(tokens[i + 1].text)
            if v is not None:
                return NumberSpan(v, i, i + 2, ordinal=True, definite=True, first_prefix=tok.prefix)
    words, definite, prefix = lookup(tok)
    o = _of(words, "ordinal")
    if o is None or _of(words, "unit", "ten", "hundred", "scale") is not None:
        return None
    value, j = o.value, i + 1
    if j < len(tokens) and o.value < 10 and _is_tail(tokens[j]):
        value, j = o.value + 10, j + 1  # الحادي عشر, الثالثة عشرة
    elif (c := _conj_next(tokens, j, definite_ok=True)) is not None and c[1] and _of(c[1], "ten") is not None:
        value, j = o.value + _of(c[1], "ten").value, c[0] + 1  # type: ignore[union-attr]  # الحادي والعشرون
    return NumberSpan(value, i, j, ordinal=True, definite=definite, words=True, first_prefix=prefix)


def read_number(tokens: list[Token], i: int) -> NumberSpan | None:
    """The number (cardinal or ordinal) that starts at tokens[i], or None."""
    if i >= len(tokens):
        return None
    tok = tokens[i]
    if not tok.is_num and tok.stem != "ال" and not lookup(tok)[0]:
        return None  # no number word (most tokens): neither an ordinal nor a cardinal starts here
    ordinal = _ordinal(tokens, i)
    if ordinal is not None:
        return ordinal
    if tok.is_num:
        words: tuple[NumberWord, ...] = ()
        definite, prefix = False, ""
    else:
        words, definite, prefix = lookup(tok)
        if not words:
            return None
    first = _atom(tokens, i, words)
    if first is None or first.kind == "scale_plural":
        return None  # "آلاف" alone is "thousands", not a number
    total: int | float = 0
    group: int | float = 0
    parts: set[str] = set()  # what the current group holds: h(undreds) u(nits) t(ens) d(igits)
    last_scale: float = float("inf")
    has_words = not tok.is_num

    def add(a: _Atom) -> bool:
        """Fold atom `a` into the number; False when it may not follow what came before."""
        nonlocal total, group, parts, last_scale
        if a.kind in ("scale", "scale_dual", "scale_plural"):
            scale = a.value / 2 if a.kind == "scale_dual" else a.value  # ألفان = 2 × 1000
            if a.kind == "scale_dual":
                if parts:
                    return False
                mult: int | float = 2
            elif parts:
                if a.kind == "scale_plural" and "d" not in parts and not 3 <= group <= 10:
                    return False
                mult = group
            elif a.kind == "scale":
                mult = 1
            else:
                return False
            if scale >= last_scale or mult * scale >= last_scale:
                return False
            total += int(mult * scale) if float(mult * scale).is_integer() else mult * scale
            group, parts, last_scale = 0, set(), scale
            return True
        if a.kind == "digit":
            if parts or a.value >= last_scale:
                return False
            group, parts = a.value, {"d"}
            return True
        if a.kind == "hundred":
            if parts:
                return False
            group, parts = a.value, {"h"}
            return True
        if a.kind in ("unit", "teen"):
            if parts - {"h"}:
                return False
            group += a.value
            parts = parts | {"u" if a.kind == "unit" and a.value < 10 else "t"}
            return True
        if a.kind == "ten":
            if "t" in parts or "d" in parts:
                return False
            group += a.value
            parts = parts | {"t"}
            return True
        return False

    if not add(first):
        return None
    j = first.j
    while j < len(tokens):
        nxt = tokens[j]
        # a scale right after a group, no و: "ثلاثة آلاف", "39 ألفاً", "مائة ألف"
        if parts and nxt.is_word and not nxt.prefix:
            nw, ndef, npre = lookup(nxt)
            if nw and not npre and not ndef and _of(nw, "scale", "scale_plural") is not None:
                a = _atom(tokens, j, nw)
                if a is not None and a.kind.startswith("scale") and add(a):
                    j = a.j
                    has_words = True
                    continue
        c = _conj_next(tokens, j)
        if c is None:
            break
        k, cw = c
        a = _atom(tokens, k, cw) if (cw or tokens[k].is_num) else None
        if a is None:
            break
        # after و only a part smaller than what came before: a new group after a scale,
        # or units/tens completing a group of hundreds or units
        if a.kind.startswith("scale") and parts:
            break
        if not add(a):
            break
        has_words = has_words or bool(cw)
        j = a.j
    if not parts and total and j < len(tokens) and _is_half(tokens[j]):
        # "مليون ونصف المليون", "ألفان ونصف": and a half of the last scale
        total += last_scale / 2
        j += 1
        if j < len(tokens) and tokens[j].is_word:
            sw, sdef, _ = lookup(tokens[j])
            if sdef and any(w.kind == "scale" and w.value == last_scale for w in sw):
                j += 1
    value = total + group
    if value >= MAX_NUMBER:
        return None  # "999999999999 مليار": not a count, and too big for the tables' integer columns
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return NumberSpan(value, i, j, definite=definite, words=has_words, first_prefix=prefix)


def _is_half(tok: Token) -> bool:
    """ "ونصف" after a scale: "مليون ونصف المليون ريال" = 1,500,000."""
    return tok.is_word and tok.text == "ونصف"


def find_numbers(tokens: list[Token]) -> list[NumberSpan]:
    """Every number in a token list, left to right, without overlaps."""
    out: list[NumberSpan] = []
    i = 0
    while i < len(tokens):
        n = read_number(tokens, i)
        if n is None:
            i += 1
            continue
        out.append(n)
        i = n.j
    return out


def parse_number(text: str) -> int | float | None:
    """The cardinal that the whole of `text` writes, else None (ordinals give None).

    >>> parse_number("ثلاثة وعشرون"), parse_number("39 ألفاً و225"), parse_number("١٬٢٥٠")
    (23, 39225, 1250)
    """
    tokens = [t for t in tokenize_text(text) if t.text not in ('"', "(", ")")]
    if not tokens:
        return None
    n = read_number(tokens, 0)
    if n is None or n.ordinal or n.j != len(tokens):
        return None
    return n.value


def parse_ordinal(text: str) -> int | None:
    """The ordinal that the whole of `text` writes ("الثالثة" -> 3, "الـ 32" -> 32), else None."""
    tokens = tokenize_text(text)
    if not tokens:
        return None
    n = read_number(tokens, 0)
    if n is None or not n.ordinal or n.j != len(tokens):
        return None
    return int(n.value)


# --- writing numbers out (the inverse, for tests and messages) ---------------------------------


@lru_cache(maxsize=1)
def _by_id() -> dict[str, NumberWord]:
    return {e.id: e for e in load("number_words")}  # type: ignore[misc]


def _word(kind: str, value: int, gender: str = "any", oblique: bool = False) -> str:
    for e in _by_id().values():
        if e.kind == kind and e.value == value and e.gender in (gender, "any"):
            return (
                e.ar[1] if oblique and len(e.ar) > 1 and kind in ("ten", "hundred", "scale_dual") else e.ar[0]
            )
    raise KeyError((kind, value, gender))


def _below_thousand(n: int, feminine: bool, oblique: bool) -> list[str]:
    g = "f" if feminine else "m"
    parts: list[str] = []
    h, r = divmod(n, 100)
    if h:
        parts.append(_word("hundred", h * 100, oblique=oblique))
    if not r:
        return parts
    u, t = r % 10, r // 10
    if r <= 10:
        if r == 2 and oblique:
            parts.append(_by_id()["two_f" if feminine else "two_m"].ar[1])
        else:
            parts.append(_word("unit", r, g))
    elif r < 20:
        head = _word("unit", u, g) if u > 2 else _word("teen_head", u, g)
        parts.append(f"{head} {_word('teen_tail', 10, 'f' if feminine else 'm')}")
    else:
        if u:
            unit = _word("teen_head", u, g) if (u == 1 and feminine) else _word("unit", u, g)
            if u == 2 and oblique:
                unit = _by_id()["two_f" if feminine else "two_m"].ar[1]
            parts.append(unit)
        parts.append(_word("ten", t * 10, oblique=oblique))
    return parts


def to_words(n: int, feminine: bool = False, oblique: bool = False) -> str:
    """Write 1 <= n <= 999,999 in Arabic words, for a counted noun of that gender.

    `feminine` follows Arabic polarity: for a feminine noun "ثلاث", for a masculine one
    "ثلاثة". `oblique` picks accusative/genitive forms ("عشرين", "مائتين", "ألفين").
    Parts are joined by و attached to the next word: "ثلاثة وعشرون".
    """
    if not 1 <= n <= 999_999:
        raise ValueError(f"to_words covers 1..999999, not {n}")
    th, rest = divmod(n, 1000)
    parts: list[str] = []
    if th == 1:
        parts.append(_word("scale", 1000))
    elif th == 2:
        parts.append(_word("scale_dual", 2000, oblique=oblique))
    elif 3 <= th <= 10:
        # ألف is masculine: "ثلاثة آلاف"
        parts.append(" ".join(_below_thousand(th, False, oblique)) + " " + _word("scale_plural", 1000))
    elif th:
        group = _below_thousand(th, False, oblique)
        parts.append(" و".join(group) + " " + _word("scale", 1000))
    if rest:
        parts.extend(_below_thousand(rest, feminine, oblique))
    return " و".join(parts)
