"""Stage: quantities. Reads tokens, entities (PROCEDURE, and FACILITY/ORG/PROGRAM to leave out
procedure names nested in them), dates and decrees; fills `Document.quantities`.

A quantity is a number with what it counts (see docs/quantities.md):

    "6 عمليات قسطرة"                 -> 6 operation, procedure catheterization (the PROCEDURE after the noun)
    "عدد “3” عمليات"                 -> 3 operation (the span starts at عدد)
    "عمليتي قسطرة" / "لمريضين"        -> 2: a dual counts two by itself
    "أكثر من 600 حالة ... شهرياً"     -> 600 case, more_than, monthly
    "تفوق أعمارهم الستون عاماً"       -> 60 year_of_age, more_than
    "نسخته الـ 32"                   -> 32 edition (an ordinal after an edition noun)
    "زراعة دعامة"                    -> 1 stent (a bare singular after an implanting word, where the
                                        unit allows it: units.tsv `singular_counts`)
    "أجريت له عملية جراحية"          -> 1 operation, surgery (a singular procedure noun after a
                                        performing word, when the procedure is named)
    "بواقع (375) و(346) و(189) مراجعاً" -> three visitor counts (a list shares its last noun)
    "30 في المائة", "85%"            -> 30 percent, 85 percent

Numbers come from `pipeline.numbers`; counted nouns from `lexicons/units.tsv`; qualifiers,
periods and the other cue words from `lexicons/quantity_cues.tsv`. Not quantities: numbers
inside a date or decree span, a number without a counted noun, ordinals (except editions),
phone numbers and labels ("رقم 5", "المادة 3"), a year after سنة/عام, and a definite number
after a definite noun ("العمليات الثلاث": the same operations again).
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import accumulate
from typing import Literal

from pipeline.lexicons import Entry, load, register
from pipeline.models import Document, Entity, Quantity
from pipeline.normalize import norm
from pipeline.numbers import NumberSpan, find_numbers, lookup, read_number
from pipeline.spans import Spans
from pipeline.tokenize import PROCLITICS, Token, tokenize_text

UnitKind = Literal["procedure", "person", "thing", "time", "money", "edition"]
CueRole = Literal[
    "qualifier",
    "period",
    "age",
    "count_marker",
    "not_count",
    "treated",
    "waiting",
    "implant",
    "perform",
    "record",
    "case_kind",
    "department",
    "others",
    "donation",
]


@register("units")
class UnitEntry(Entry):
    """lexicons/units.tsv: a counted noun, its forms, and what it counts."""

    unit: str
    kind: UnitKind
    procedure: str | None = None
    singular_counts: bool = False
    ar_plural: list[str] = []
    ar_dual: list[str] = []


@register("quantity_cues")
class QuantityCue(Entry):
    """lexicons/quantity_cues.tsv: words around a number (qualifiers, periods, ages, ...)."""

    role: CueRole
    value: str | None = None
    position: Literal["before", "after", "any"] = "before"


# Grammar, not vocabulary: punctuation that closes a clause or a sentence, and the particles
# that open a new clause without punctuation ("..., فيما ينتظر طفلان").
_SENTENCE_END = {".", "!", "?", "؟", "..."}
_CLAUSE_END = _SENTENCE_END | {"،", ",", "؛", ";", ":"}
_CLAUSE_OPENERS = {"فيما", "بينما", "حيث", "كما", "بعدما", "عندما"}
_OPENERS = {'"', "(", "["}
_RANGE_LINKS = {"و", "الي", "حتي", "-", "او"}  # normalized: إلى -> الي, حتى -> حتي
_RANGE_OPENERS = {"بين", "من"}
_LIST_LINKS = {"و", "او"}  # "(375) و(346) و(189) مراجعاً": counts that share the last one's noun
_TO_HIM = {"له", "لها", "لهم", "لهما", "لهن"}  # "أجريت له عملية": between a verb and what it performs
_CLOSERS = {'"', ")", "]"}
# names whose nested PROCEDURE is the name's, not a procedure performed; a programme or campaign
# ("حملة تطعيم ضد شلل الأطفال") is not among them: it performs what it names
_NESTING_TYPES = {"FACILITY", "ORG"}
_PROCEDURE_WINDOW = 6  # tokens after the counted noun where its procedure's name may start
_DONATION_WINDOW = 10  # tokens either side of a donor count where what is donated may be said


@dataclass(frozen=True)
class _Form:
    words: tuple[str, ...]  # normalized token texts
    entry: Entry
    number: str = ""  # sg | pl | du for units


@dataclass(frozen=True)
class _Match:
    form: _Form
    i: int
    j: int
    prefix: str  # proclitic on the first word
    definite: bool


class _FormIndex:
    """Multi-word forms indexed by their first word, matched on tokens."""

    def __init__(self, forms: Iterable[_Form]):
        self.by_first: dict[str, list[_Form]] = {}
        for f in forms:
            self.by_first.setdefault(f.words[0], []).append(f)
        for lst in self.by_first.values():
            lst.sort(key=lambda f: -len(f.words))
        self._cache: dict[tuple[str, str, str, bool], list[tuple[_Form, str, bool]]] = {}

    def match_at(self, tokens: list[Token], k: int) -> list[_Match]:
        """Every form starting at tokens[k], longest first."""
        if k >= len(tokens) or k < 0:
            return []
        tok = tokens[k]
        out: list[_Match] = []
        for f, prefix, definite in self._starting(tok.text, tok.stem, tok.prefix, tok.is_word):
            j = k + len(f.words)
            if j > len(tokens):
                continue
            # a following word may carry the accusative tanween too: "155 مركزاً صحياً"
            if all(
                tokens[k + m].text in (w, w + "ا") or tokens[k + m].stem == w
                for m, w in enumerate(f.words[1:], 1)
            ):
                out.append(_Match(f, k, j, prefix, definite))
        return out

    def _starting(self, text: str, stem: str, prefix: str, is_word: bool) -> list[tuple[_Form, str, bool]]:
        """The forms a token can start (form, proclitic, article), longest first, each once;
        worked out once per word (the cache is emptied when it grows large)."""
        key = (text, stem, prefix, is_word)
        got = self._cache.get(key)
        if got is not None:
            return got
        heads: list[tuple[str, str, bool]] = [(text, "", False)]
        if prefix:
            heads.append((stem, prefix, False))
        if stem.startswith("ال") and len(stem) > 3:
            heads.append((stem[2:], prefix, True))
        if not prefix and is_word:
            # a proclitic on a short word the tokenizer keeps whole: "لما يزيد عن"
            for p in PROCLITICS:
                if text.startswith(p) and text[len(p) :] in self.by_first:
                    heads.append((text[len(p) :], p, False))
        for w, p, d in list(heads):
            if w.endswith("ا") and len(w) > 2:
                heads.append((w[:-1], p, d))  # accusative tanween: مريضاً، عاماً
        got, seen = [], set()
        for head, p, d in heads:
            for f in self.by_first.get(head, ()):
                if id(f) not in seen:
                    seen.add(id(f))
                    got.append((f, p, d))
        got.sort(key=lambda c: -len(c[0].words))
        if len(self._cache) > 50_000:
            self._cache.clear()
        self._cache[key] = got
        return got

    def match_ending(self, tokens: list[Token], k: int) -> list[_Match]:
        """Every form that ends right before tokens[k]."""
        out: list[_Match] = []
        for length in range(6, 0, -1):
            for m in self.match_at(tokens, k - length):
                if m.j == k:
                    out.append(m)
        return out


def _words(form: str) -> tuple[str, ...]:
    return tuple(t.text for t in tokenize_text(form))


@lru_cache(maxsize=1)
def _units() -> _FormIndex:
    forms: list[_Form] = []
    for e in load("units"):
        assert isinstance(e, UnitEntry)
        for number, lst in (("sg", e.ar), ("pl", e.ar_plural), ("du", e.ar_dual)):
            forms.extend(_Form(_words(f), e, number) for f in lst if _words(f))
    return _FormIndex(forms)


@cache
def _cues(role: str, position: str) -> _FormIndex:
    forms: list[_Form] = []
    for e in load("quantity_cues"):
        assert isinstance(e, QuantityCue)
        if e.role == role and (e.position == position or e.position == "any"):
            forms.extend(_Form(_words(f), e) for f in e.ar if _words(f))
    return _FormIndex(forms)


@lru_cache(maxsize=1)
def _procedure_forms() -> _FormIndex:
    """The names of procedures.tsv, matched as counted nouns are (a name inside another may count)."""
    return _FormIndex([_Form(_words(f), e) for e in load("procedures") for f in e.ar if _words(f)])


@lru_cache(maxsize=1)
def _year_words() -> frozenset[str]:
    """Forms of the year noun: a 4-digit number after them is a year ("عام 2024", "لسنة 2024")."""
    out: set[str] = set()
    for e in load("units"):
        assert isinstance(e, UnitEntry)
        if e.unit == "year":
            out.update(w for f in e.ar for w in _words(f))
    return frozenset(out)


@lru_cache(maxsize=1)
def counted_nouns() -> frozenset[str]:
    """Normalized singular forms of the counted nouns of units.tsv that are no time ("حالة",
    "مريض"): a number of four digits right before one counts it (its تمييز is singular), it is
    never a year ("عيد الأضحى 1500 حالة"; but "مارس 2024 عمليات" is a date)."""
    return frozenset(
        norm(f)
        for e in load("units")
        if isinstance(e, UnitEntry) and e.kind not in ("time", "edition")
        for f in e.ar
    )


@lru_cache(maxsize=1)
def _people_units() -> frozenset[str]:
    """Unit codes that count people (kind `person` of units.tsv): "others" after them are of their kind."""
    return frozenset(e.unit for e in load("units") if isinstance(e, UnitEntry) and e.kind == "person")


class _Reader:
    """The quantities of one document."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.tokens = doc.tokens
        self.ends = [t.end for t in self.tokens]
        self.numbers_before = list(accumulate((t.is_num for t in self.tokens), initial=0))
        self.blocked = Spans((s.start, s.end) for s in [*doc.dates, *doc.decrees])
        self.clause, self.sentence = self._segments()
        self.procedures = self._procedure_entities()
        self.procedure_starts = [i for i, _, _ in self.procedures]
        self.longest_procedure = max((j - i for i, j, _ in self.procedures), default=0)
        self.range_ends: set[int] = set()  # first tokens of the upper bounds of ranges
        self.age_range_ends: set[int] = set()  # those of ranges of ages ("من عمر 40 إلى 75 عاماً")
        self.found: list[Quantity] = []  # the quantities read so far, in text order

    # --- structure --------------------------------------------------------------------------

    def _segments(self) -> tuple[list[int], list[int]]:
        """Clause and sentence number of every token."""
        clause: list[int] = []
        sentence: list[int] = []
        c = s = 0
        text = self.doc.view.text
        prev_end = 0
        for tok in self.tokens:
            if "\n" in text[prev_end : tok.nstart]:
                c, s = c + 1, s + 1
            if tok.is_word and tok.text in _CLAUSE_OPENERS:
                c += 1
            clause.append(c)
            sentence.append(s)
            if tok.text in _CLAUSE_END:
                c += 1
            if tok.text in _SENTENCE_END:
                s += 1
            prev_end = tok.nend
        return clause, sentence

    def _token_at(self, offset: int) -> int:
        """The token over `offset`, else the first after it (tokens end in order: a bisection)."""
        k = bisect_right(self.ends, offset)
        return self.tokens[k].i if k < len(self.tokens) else len(self.tokens)

    def _procedure_entities(self) -> list[tuple[int, int, str]]:
        """(first token, one past last token, code) of PROCEDURE entities not inside a name. Those
        that name a department ("قسم الجراحة العامة") are kept apart in `self.departments`."""
        ents = self.doc.entities
        names = sorted((e.start, e.end) for e in ents if e.type in _NESTING_TYPES)
        name_starts = [start for start, _ in names]
        furthest = list(accumulate((end for _, end in names), max, initial=-1))  # of the first k names

        def nested(p: Entity) -> bool:
            """Inside a name: one of the names that start at or before it ends at or after it."""
            return furthest[bisect_right(name_starts, p.start)] >= p.end

        out: list[tuple[int, int, str]] = []
        for e in ents:
            if e.type == "PROCEDURE" and e.id and not nested(e):
                i = self._token_at(e.start)
                j = self._token_at(e.end - 1) + 1 if e.end > e.start else i + 1
                out.append((i, j, e.id))
        out.sort()
        self.departments = {p for p in out if _cues("department", "before").match_ending(self.tokens, p[0])}
        return out

    def _blocked(self, i: int, j: int) -> bool:
        s, e = self.tokens[i].start, self.tokens[j - 1].end
        return self.blocked.overlaps(s, e)

    def _start(self, k: int, prefix: str) -> int:
        """Original offset of token k's surface without `prefix`."""
        tok = self.tokens[k]
        if not prefix:
            return tok.start
        if prefix == tok.prefix:
            return tok.stem_start
        return self.doc.view.to_original(tok.nstart + len(prefix), tok.nend)[0]

    def _end(self, k: int) -> int:
        """Original end of token k, with the diacritics and tatweel written after it ("مريضاً")."""
        text, end = self.doc.text, self.tokens[k].end
        while end < len(text) and (unicodedata.category(text[end]) == "Mn" or text[end] == "\u0640"):
            end += 1
        return end

    # --- cues -------------------------------------------------------------------------------

    def _cue_ending(self, role: str, k: int) -> _Match | None:
        for m in _cues(role, "before").match_ending(self.tokens, k):
            if self.clause[m.i] == self.clause[k - 1] if k > 0 else True:
                return m
        return None

    def _cue_at(self, role: str, k: int, position: str = "after") -> _Match | None:
        ms = _cues(role, position).match_at(self.tokens, k)
        return ms[0] if ms else None

    def _period(self, i: int, j: int) -> str | None:
        """The period cue of a quantity tokens[i:j]: after it in its clause, or right before it."""
        k = j
        while k < len(self.tokens) and self.clause[k] == self.clause[j - 1]:
            if self.tokens[k].is_num or (
                k > j and _units().match_at(self.tokens, k) and lookup(self.tokens[k])[0]
            ):
                break
            m = self._cue_at("period", k)
            if m is not None:
                return m.form.entry.value  # type: ignore[attr-defined]
            k += 1
        for m in _cues("period", "before").match_ending(self.tokens, i):
            return m.form.entry.value  # type: ignore[attr-defined]
        return None

    # --- units ------------------------------------------------------------------------------

    def _unit_after(self, k: int, value: float) -> _Match | None:
        """The counted noun at tokens[k]: no proclitic, no article, singular or plural."""
        ms = [m for m in _units().match_at(self.tokens, k) if not m.prefix and not m.definite]
        ms = [m for m in ms if m.form.number != "du" and m.form.entry.kind != "edition"]  # type: ignore[attr-defined]
        if not ms:
            return None
        longest = max(m.j for m in ms)
        ms = [m for m in ms if m.j == longest]
        # a form that is a plural of one noun and a singular of another (أسرة: beds / family):
        # 3-10 count a plural, other numbers a singular
        want = "pl" if 3 <= value <= 10 else "sg"
        ms.sort(key=lambda m: m.form.number != want)
        return ms[0]

    def _partitive(self, k: int) -> _Match | None:
        """ "600 من الحالات": من + a definite plural noun, or a plural in construct with a definite
        noun ("127 من عمال النظافة")."""
        toks = self.tokens
        if k < len(toks) and toks[k].text == "من":
            for m in _units().match_at(toks, k + 1):
                if m.prefix or m.form.number != "pl":
                    continue
                if m.definite or (
                    m.j < len(toks) and toks[m.j].stem.startswith("ال") and not toks[m.j].prefix
                ):
                    return m
        return None

    # --- procedure --------------------------------------------------------------------------

    def _procedures_from(self, lo: int, hi: int) -> list[tuple[int, int, str]]:
        """The procedures (in order) whose first token is in [lo, hi): a bisection, not a scan."""
        return self.procedures[
            bisect_left(self.procedure_starts, lo) : bisect_left(self.procedure_starts, hi)
        ]

    def _donates_other(self, code: str, count_i: int) -> bool:
        """Whether the clause of a donor count says something else is donated than its unit's
        procedure: "سجل 450 متبرعاً في برنامج التبرع بالأعضاء" (organs, not blood). A donation cue
        followed by what is given (بـ), where no procedure of that code starts."""
        toks, clause = self.tokens, self.clause[count_i]
        lo, hi = max(0, count_i - _DONATION_WINDOW), min(len(toks), count_i + _DONATION_WINDOW)
        for k in range(lo, hi):
            if self.clause[k] != clause:
                continue
            for m in _cues("donation", "any").match_at(toks, k):
                if m.j < len(toks) and toks[m.j].prefix == "ب" and self.clause[m.j] == clause:
                    if not any(p.form.entry.id == code for p in _procedure_forms().match_at(toks, m.i)):
                        return True
        return False

    def _procedure(self, unit: UnitEntry, count_i: int, noun_i: int, noun_j: int) -> str | None:
        if unit.kind == "procedure":
            # a procedure named right after the noun
            for i, _j, code in self._procedures_from(noun_j, noun_j + _PROCEDURE_WINDOW):
                if noun_j <= i < noun_j + _PROCEDURE_WINDOW and self.clause[i] == self.clause[noun_j - 1]:
                    if not any(t.is_num for t in self.tokens[noun_j:i]):
                        return code
            # a procedure name that contains the noun
            for i, j, code in self._procedures_from(noun_i - self.longest_procedure, noun_j):
                if i <= noun_i < j or i < noun_j <= j:
                    return code
            return unit.procedure
        if unit.kind == "person":
            if unit.procedure:
                return None if self._donates_other(unit.procedure, count_i) else unit.procedure
            # "10 حالات ولادة": the procedure in construct with the noun
            for i, j, code in self._procedures_from(noun_i - self.longest_procedure, noun_j + 1):
                if i == noun_j or i <= noun_i < j:
                    return code
            for m in _units().match_at(self.tokens, noun_j):  # "54 حالة ولادة": a procedure noun after it
                after = m.form.entry
                if (
                    isinstance(after, UnitEntry)
                    and after.kind == "procedure"
                    and after.procedure
                    and not m.prefix
                ):
                    return after.procedure
            cue = self._governing_cue(count_i, noun_j)
            if cue != "treated":
                return None
            # a procedure of another count ("547 حالة بينها 54 حالة ولادة") or of a department is not this one's
            procs = [
                p
                for p in self.procedures
                if p not in self.departments
                and not self._number_between(count_i, noun_j, p[0], p[1])
                and not (p[0] > 0 and p[0] != noun_j and self.tokens[p[0] - 1].is_num)  # another count's
            ]
            clause = self.clause[count_i]
            after = [p for p in procs if p[0] >= noun_j and self.clause[p[0]] == clause]
            before = [p for p in procs if p[1] <= count_i and self.clause[p[0]] == clause]
            if after:
                return after[0][2]
            if before:
                return before[-1][2]
            sent = self.sentence[count_i]
            before = [p for p in procs if p[1] <= count_i and self.sentence[p[0]] == sent]
            after = [p for p in procs if p[0] >= noun_j and self.sentence[p[0]] == sent]
            if before:
                return before[-1][2]
            if after:
                return after[0][2]
        return None

    def _number_between(self, count_i: int, noun_j: int, i: int, j: int) -> bool:
        """Whether another number stands between a count (tokens count_i..noun_j) and tokens[i:j]."""
        lo, hi = (noun_j, i) if i >= noun_j else (j, count_i)
        return lo < hi and self.numbers_before[hi] > self.numbers_before[lo]

    def _governing_cue(self, count_i: int, noun_j: int) -> str | None:
        """treated / waiting: the nearest such cue before the count in its clause, else after it."""
        clause = self.clause[count_i]
        k = count_i - 1
        while k >= 0 and self.clause[k] == clause:
            for role in ("waiting", "treated"):
                if _cues(role, "any").match_at(self.tokens, k):
                    return role
            k -= 1
        k = noun_j
        while k < len(self.tokens) and self.clause[k] == clause:
            for role in ("waiting", "treated"):
                if _cues(role, "any").match_at(self.tokens, k):
                    return role
            k += 1
        return None

    # --- quantities -------------------------------------------------------------------------

    def _make(
        self,
        value: float,
        unit: UnitEntry,
        first: int,
        first_prefix: str,
        count_i: int,
        noun_i: int,
        noun_j: int,
        qualifier: str = "exact",
        unit_code: str | None = None,
        span_end: int | None = None,
    ) -> tuple[Quantity, int, int]:
        """The quantity counted by tokens[noun_i:noun_j], its phrase starting at token `first`.

        The phrase ends at the noun, or at `span_end` ("طفلين اثنين")."""
        # a qualifier right before the phrase ("أكثر من 600 حالة"), or right after it ("5 عمليات على
        # الأقل"); the span runs from the number (or the qualifier before it) through the noun
        q = self._cue_ending("qualifier", first)
        end_j = span_end or noun_j
        if q is not None:
            qualifier, first, first_prefix = q.form.entry.value, q.i, q.prefix  # type: ignore[attr-defined]
        else:
            qa = self._cue_at("qualifier", end_j)
            if qa is not None:
                qualifier = qa.form.entry.value  # type: ignore[attr-defined]
        period = self._period(first, end_j)
        start = self._start(first, first_prefix)
        end = self._end(end_j - 1)
        quantity = Quantity(
            value=value,
            unit=unit_code or unit.unit,
            procedure=self._procedure(unit, count_i, noun_i, noun_j),
            qualifier=qualifier,  # type: ignore[arg-type]
            period=period,  # type: ignore[arg-type]
            text=self.doc.text[start:end],
            start=start,
            end=end,
        )
        return quantity, first, end_j

    def _not_count(self, n: NumberSpan, first: int) -> bool:
        toks = self.tokens
        tok = toks[n.i]
        if self._blocked(n.i, n.j):
            return True
        if self._cue_ending("not_count", first) is not None:
            return True
        if self._cue_at("not_count", n.j) is not None:  # 40 %, 30 بالمائة
            return True
        if tok.is_num and n.j == n.i + 1:
            digits = tok.text.replace(",", "").replace(".", "")
            if (len(digits) >= 7 and digits.startswith("0")) or len(digits) >= 9:
                return True  # a phone number
            # joined to other digits: a phone number ("091-1234567"), a code or a fraction; short
            # numbers joined by a dash are a range ("3-5 أيام")
            before = toks[n.i - 2] if n.i > 1 and toks[n.i - 1].text in {"+", "-", "/"} else None
            after = toks[n.j + 1] if n.j + 1 < len(toks) and toks[n.j].text in {"-", "/"} else None
            if n.i > 0 and toks[n.i - 1].text == "+":
                return True
            for other, link in (
                (before, toks[n.i - 1] if before else None),
                (after, toks[n.j] if after else None),
            ):
                if other is None or link is None or not other.is_num:
                    continue
                if link.text == "/" or len(digits) > 3 or len(other.text) > 3 or digits.startswith("0"):
                    return True
            if len(digits) == 4 and 1900 <= int(digits) <= 2100 and n.i > 0:
                prev = toks[n.i - 1]
                if prev.stem in _year_words() or prev.bare in _year_words():
                    return True
        return False

    def from_number(self, n: NumberSpan) -> tuple[Quantity, int, int] | None:
        toks = self.tokens
        first, first_prefix = n.i, n.first_prefix
        if n.ordinal:
            # "نسخته الـ 32", "الدورة الثالثة": an edition is counted by its ordinal
            for m in _units().match_ending(toks, n.i):
                unit = m.form.entry
                if isinstance(unit, UnitEntry) and unit.kind == "edition" and not self._blocked(m.i, n.j):
                    start = self._start(m.i, m.prefix)
                    end = self._end(n.j - 1)
                    quantity = Quantity(
                        value=n.value, unit=unit.unit, text=self.doc.text[start:end], start=start, end=end
                    )
                    return quantity, m.i, n.j
            return None
        opened = n.i > 0 and toks[n.i - 1].text in _OPENERS and n.j < len(toks) and toks[n.j].text in _CLOSERS
        if opened:
            first, first_prefix = n.i - 1, ""
        if self._not_count(n, first):
            return None
        if n.definite and n.i > 0:
            prev = [m for m in _units().match_ending(toks, n.i) if m.definite]
            if prev:
                return None  # "العمليات الثلاث": the operations already counted
        marker = self._cue_ending("count_marker", first)
        if marker is not None:
            first, first_prefix = marker.i, marker.prefix
        k = n.j + 1 if opened else n.j
        if n.i in self.range_ends and k < len(toks) and toks[k].text in _CLOSERS:
            # "(200 - 250) مراجعاً": the upper bound inside the brackets; its span is the whole range
            k += 1
            opener = next((b for b in range(n.i - 1, max(-1, n.i - 5), -1) if toks[b].text in _OPENERS), None)
            if opener is not None:
                first, first_prefix = opener, ""
        m = self._unit_after(k, float(n.value)) or self._partitive(k)
        if m is None:
            return (
                self._others(n, first, first_prefix, k)
                or self._range_start(n, first, first_prefix)
                or self._noun_before(n)
                or self._list_head(n, first, first_prefix, k)
            )
        unit = m.form.entry
        assert isinstance(unit, UnitEntry)
        unit_code = None
        if unit.unit == "year":
            age = self._cue_ending("age", first)
            if age is not None or self._cue_at("age", m.j) is not None or n.i in self.age_range_ends:
                unit_code = "year_of_age"
                if age is not None and self._cue_ending("qualifier", age.i) is not None:
                    first, first_prefix = age.i, age.prefix  # "تفوق أعمارهم الستون عاماً"
        qualifier = "up_to" if n.i in self.range_ends else "exact"
        return self._make(
            n.value, unit, first, first_prefix, n.i, m.i, m.j, qualifier=qualifier, unit_code=unit_code
        )

    def _others(
        self, n: NumberSpan, first: int, first_prefix: str, k: int
    ) -> tuple[Quantity, int, int] | None:
        """ "وفاة 3 أشخاص وإصابة 17 آخرين": "others" (an `others` cue) counts people of the kind the
        sentence counted before it (the injured after the dead), else persons."""
        m = self._cue_at("others", k)
        if m is None or m.prefix:
            return None
        people = "person"
        for q in reversed(self.found):
            if self.sentence[self._token_at(q.start)] != self.sentence[n.i]:
                break
            if q.unit in _people_units():
                people = q.unit
                break
        unit = next(e for e in load("units") if isinstance(e, UnitEntry) and e.unit == people)
        return self._make(n.value, unit, first, first_prefix, n.i, m.i, m.j, unit_code=people)

    def _range_start(self, n: NumberSpan, first: int, first_prefix: str) -> tuple[Quantity, int, int] | None:
        """A range ("ما بين 80 و100 مريض", "من 3 إلى 5 جلسات", "3-5 أيام"): the lower bound counts
        the same noun as the upper one; it is at_least and the upper bound up_to."""
        toks = self.tokens
        k = n.j
        if k + 1 >= len(toks) or toks[k].text not in _RANGE_LINKS or self.clause[k] != self.clause[n.i]:
            return None
        # "من عمر 40 إلى 75 عاماً": the opener may stand before an age word
        age = self._cue_ending("age", first)
        opened_at = age.i if age is not None else first
        if age is None and first > 1 and toks[first - 1].stem in _RANGE_OPENERS:
            # "تتراوح أعمارهم (ما) بين 45 و60 عاماً": or the age word before the opener
            k_age = first - 2 if toks[first - 2].text == "ما" else first - 1
            age = self._cue_ending("age", k_age)
        if toks[k].text != "-" and not (opened_at > 0 and toks[opened_at - 1].stem in _RANGE_OPENERS):
            return None
        upper = read_number(toks, k + 1)
        if upper is None or upper.ordinal or upper.value <= n.value or self._not_count(upper, upper.i):
            return None
        after = upper.j + 1 if upper.j < len(toks) and toks[upper.j].text in _CLOSERS else upper.j
        m = self._unit_after(after, float(upper.value))
        if m is None:
            return None
        unit = m.form.entry
        assert isinstance(unit, UnitEntry)
        self.range_ends.add(upper.i)
        unit_code = None
        if unit.unit == "year" and (age is not None or self._cue_at("age", m.j) is not None):
            unit_code = "year_of_age"
            self.age_range_ends.add(upper.i)
        q, i, _ = self._make(
            n.value, unit, first, first_prefix, n.i, m.i, m.j, span_end=n.j, unit_code=unit_code
        )
        period = self._period(upper.i, m.j)
        return q.model_copy(update={"qualifier": "at_least", "period": period}), i, n.j

    def _list_head(
        self, n: NumberSpan, first: int, first_prefix: str, k: int
    ) -> tuple[Quantity, int, int] | None:
        """A count in a list whose last number carries the noun: "بواقع (375) و(346) و(189) مراجعاً",
        "3 و4 حالات" — each number counts that noun (its span is the number, with its brackets)."""
        toks = self.tokens
        clause = self.clause[n.i]
        for _ in range(8):
            if k + 1 >= len(toks) or toks[k].text not in _LIST_LINKS or self.clause[k] != clause:
                return None
            k += 1
            if toks[k].text in _OPENERS:
                k += 1
            nxt = read_number(toks, k)
            if nxt is None or nxt.ordinal or nxt.definite or self._not_count(nxt, nxt.i):
                return None
            k = nxt.j + 1 if nxt.j < len(toks) and toks[nxt.j].text in _CLOSERS else nxt.j
            m = self._unit_after(k, float(nxt.value))
            if m is not None:
                unit = m.form.entry
                assert isinstance(unit, UnitEntry)
                end = n.j + 1 if first < n.i else n.j  # the closing bracket of "(375)"
                q, i, _ = self._make(n.value, unit, first, first_prefix, n.i, m.i, m.j, span_end=end)
                return q, i, end
        return None

    def _noun_before(self, n: NumberSpan) -> tuple[Quantity, int, int] | None:
        """The noun before the number ("بلغ عدد المستفيدين من الحملة 4500"): عدد + a definite
        counted noun, then the number a few words later in the same clause."""
        toks = self.tokens
        clause = self.clause[n.i]
        for start in range(n.i - 1, max(-1, n.i - 8), -1):
            if self.clause[start] != clause or toks[start].is_num:
                return None
            marker = self._cue_at("count_marker", start, "before")
            if marker is None:
                continue
            for m in _units().match_at(toks, marker.j):
                unit = m.form.entry
                if m.definite and not m.prefix and isinstance(unit, UnitEntry) and unit.kind != "edition":
                    q = self._cue_ending("qualifier", n.i)
                    qualifier = q.form.entry.value if q is not None else "exact"  # type: ignore[attr-defined]
                    got = self._make(n.value, unit, marker.i, marker.prefix, n.i, m.i, m.j, span_end=n.j)
                    return got[0].model_copy(update={"qualifier": qualifier}), marker.i, n.j
            return None
        return None

    def from_noun(self, k: int) -> tuple[Quantity, int, int] | None:
        """Counts written by the noun alone: a dual, a singular + واحد, an implanted singular."""
        toks = self.tokens
        for m in _units().match_at(toks, k):
            unit = m.form.entry
            if not isinstance(unit, UnitEntry) or m.definite or self._blocked(m.i, m.j):
                continue
            if m.form.number == "du":
                end = m.j
                if end < len(toks):  # "طفلين اثنين"
                    words, definite, prefix = lookup(toks[end])
                    if any(w.value == 2 and w.kind == "unit" for w in words) and not definite and not prefix:
                        end += 1
                q, _, end_j = self._make(2, unit, m.i, m.prefix, m.i, m.i, m.j)
                if end > m.j and end_j == m.j:
                    q = q.model_copy(
                        update={"end": toks[end - 1].end, "text": self.doc.text[q.start : toks[end - 1].end]}
                    )
                    end_j = end
                return q, m.i, end_j
            if m.form.number == "sg" and m.j < len(toks):
                words, definite, prefix = lookup(toks[m.j])
                if any(w.value == 1 and w.kind == "unit" for w in words) and not definite and not prefix:
                    return self._make(1, unit, m.i, m.prefix, m.i, m.i, m.j, span_end=m.j + 1)
            if m.form.number == "sg" and unit.singular_counts and not m.prefix and k > 0:
                cue = [c for c in _cues("implant", "before").match_ending(toks, k) if not c.definite]
                if cue:
                    return self._make(1, unit, m.i, m.prefix, m.i, m.i, m.j)
            if (
                m.form.number == "sg"
                and unit.kind == "procedure"
                and m.prefix in {"", "ل"}
                and self._performed(k)
            ):
                q = self._make(1, unit, m.i, m.prefix, m.i, m.i, m.j)
                if q[0].procedure:  # "أجريت له عملية جراحية"; not "أجريت عملية حسابية"
                    return q
            if m.form.number == "sg" and unit.unit in {"case", "death"} and self._recorded(k, m.j, unit.unit):
                return self._make(1, unit, m.i, m.prefix, m.i, m.i, m.j)  # "تسجيل حالة إصابة جديدة"
        return None

    def _recorded(self, k: int, j: int, unit: str) -> bool:
        """Whether a bare case or death tokens[k:j] is one recorded: a verb or noun of recording ends
        right before it ("تسجيل حالة إصابة جديدة", "رصدت حالة وفاة"), and a case is one of illness (a
        `case_kind` word after it: إصابة، اشتباه، جديدة، مؤكدة), not a state of something or a crime
        ("تسجيل حالة من الهلع", "رصد حالة الطقس", "تسجيل حالة سرقة")."""
        toks = self.tokens
        if (
            k == 0
            or toks[k].prefix
            or not any(not c.definite for c in _cues("record", "before").match_ending(toks, k))
        ):
            return False
        return unit == "death" or (j < len(toks) and self._cue_at("case_kind", j) is not None)

    def _performed(self, k: int) -> bool:
        """Whether a verb or noun of performing ends right before tokens[k], perhaps with "له"/"لها"
        between: "أجريت له عملية", "إجراء عملية", "خضع لعملية"."""
        toks = self.tokens
        if k > 1 and toks[k - 1].text in _TO_HIM:
            k -= 1
        return any(not c.definite for c in _cues("perform", "before").match_ending(toks, k))


def find_quantities(doc: Document) -> Document:
    """Fill `doc.quantities` from `doc.tokens`, `doc.entities`, `doc.dates` and `doc.decrees`."""
    reader = _Reader(doc)
    taken = [False] * len(reader.tokens)
    found: list[Quantity] = []
    for n in find_numbers(reader.tokens):
        if taken[n.i]:
            continue  # a number inside a quantity already read: "18 في المائة من الطلاب" counts no 100
        got = reader.from_number(n)
        if got is not None:
            q, i, j = got
            found.append(q)
            reader.found.append(q)
            for k in range(min(i, n.i), max(j, n.j)):
                taken[k] = True
    k = 0
    while k < len(reader.tokens):
        if not taken[k]:
            got = reader.from_noun(k)
            if got is not None:
                q, i, j = got
                if not any(taken[i:j]):
                    found.append(q)
                    for t in range(i, j):
                        taken[t] = True
                    k = j
                    continue
        k += 1
    doc.quantities = sorted(found, key=lambda q: (q.start, q.end))
    return doc
