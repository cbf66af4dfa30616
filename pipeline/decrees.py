"""Stage: decrees. Reads `Document.view` and `Document.dates`; fills `Document.decrees`
(and drops the bare-year dates that are only the year of a decree reference).

A reference is read as

    KIND  [LEAD-IN] [ISSUER]  [NUMBER-CUE] NUMBER(S)  [YEAR-CUE YEAR [ERA]]  [SUBJECT-CUE SUBJECT]

    "وفقًا لقرار رئيس مجلس وزراء حكومة الوحدة الوطنية رقم (649) لسنة 2024"
        kind decree, issuer "رئيس مجلس وزراء حكومة الوحدة الوطنية", number "649", year 2024
    "القانون رقم 12/2020 بشأن تنظيم المهن الطبية"          number "12", year 2020, subject
    "القراران رقم 14 و15 لسنة 2024"                       two decrees, same year and issuer

The kind words are `lexicons/decree_kinds.tsv`, the cues `lexicons/decree_cues.tsv`,
the eras after a year `lexicons/date_markers.tsv`. A kind word with no number is
not a reference ("اتخذ القرار"); without a number cue the number must come with a
year ("القانون 12 لسنة 2020", "القرار 5/2024"). The span runs from the kind word
(its proclitic excluded) through the year, or the last number when there is no year.
A year is kept as written: a Hijri year (1445) stays 1445.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from pipeline.lexicons import Entry, load, register
from pipeline.models import Decree, DecreeKind, Document
from pipeline.normalize import norm

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


@register("decree_kinds")
class DecreeKindEntry(Entry):
    """lexicons/decree_kinds.tsv: words that open a decree reference, and its kind."""

    kind: DecreeKind


@register("decree_cues")
class DecreeCueEntry(Entry):
    """lexicons/decree_cues.tsv: number, year and subject cues, lead-ins, and resolution bodies."""

    role: Literal[
        "number_cue", "year_cue", "subject_cue", "leadin", "issued_by", "issuer_head", "resolution_body"
    ]


@dataclass(frozen=True)
class _Grammar:
    kinds: dict[str, str]  # normalized kind word -> kind
    leadins: tuple[str, ...]
    heads: frozenset[str]
    bodies: tuple[str, ...]
    reference: re.Pattern[str]
    number: re.Pattern[str]
    subject: re.Pattern[str]
    issued_by: re.Pattern[str]


def _alt(forms: object) -> str:
    items = sorted(set(forms), key=len, reverse=True)  # type: ignore[arg-type]
    return "|".join(r"\s+".join(re.escape(w) for w in f.split()) for f in items)


@lru_cache(maxsize=1)
def grammar() -> _Grammar:
    from pipeline.dates import tables as date_tables

    kinds: dict[str, str] = {}
    for e in load("decree_kinds"):
        assert isinstance(e, DecreeKindEntry)
        for form in e.ar:
            f = norm(form)
            kinds[f] = e.kind
            if f.startswith("ال"):
                kinds["ل" + f[2:]] = e.kind  # after the preposition ل: "للقرار" = ل + لقرار
    cues: dict[str, list[str]] = {}
    for e in load("decree_cues"):
        assert isinstance(e, DecreeCueEntry)
        cues.setdefault(e.role, []).extend(norm(f) for f in e.ar)
    eras = _alt(date_tables().eras)
    # "649", "12/2024" (number/year), "12/أ" and "أ/90" (a series letter, kept as written)
    num = r"(?:(?<!\w)[^\W\d_]\s*/\s*)?\d+(?:\s*/\s*(?:\d+|[^\W\d_](?!\w)))?"
    one = rf"[\"(]?\s*{num}\s*[\")]?"
    reference = re.compile(
        rf"(?<!\w)(?P<pc>[وف]?[بلك]?)(?P<kind>{_alt(kinds)})(?!\w)"
        rf"(?P<issuer>(?:\s+[^\W\d_]+){{0,12}}?)"
        rf"(?:\s*(?P<ncue>{_alt(f.rstrip(':') for f in cues['number_cue'])})\s*:?)?"
        rf"\s*(?P<nums>{one}(?:\s*(?:[،,]|و)\s*{one})*)"
        rf"(?:\s*(?:{_alt(cues['year_cue'])})\s*[\"(]?\s*(?P<year>\d{{4}})(?!\d)\s*[\")]?"
        rf"(?:\s*(?:{eras})(?!\w))?)?"
    )
    number = re.compile(num)
    subject = re.compile(rf"^\s*(?:[،,]\s*)?(?:{_alt(cues['subject_cue'])})\s*(?P<subj>[^.،,؛:\n()\"!?]+)")
    # "... الصادر عن مجلس الوزراء بشأن ...": the issuer after the reference, up to a subject cue,
    # a date, a number or the end of the clause
    issued_by = re.compile(
        rf"^\s*(?:[،,]\s*)?(?:{_alt(cues['issued_by'])})\s+"
        rf"(?P<iss>[^\W\d_]+(?:\s+(?!(?:{_alt(cues['subject_cue'])}|بتاريخ|في)(?!\w))[^\W\d_]+){{0,9}})"
    )
    leadins = tuple(sorted([*cues.get("leadin", []), *cues["issued_by"]], key=len, reverse=True))
    heads = frozenset(cues.get("issuer_head", []))
    bodies = tuple(cues.get("resolution_body", []))
    return _Grammar(kinds, leadins, heads, bodies, reference, number, subject, issued_by)


def _strip_leadins(words: str) -> str:
    """The issuer phrase without lead-ins ("الصادر عن", "السيد") before it."""
    g = grammar()
    changed = True
    while changed:
        changed = False
        for lead in g.leadins:
            if words == lead or words.startswith(lead + " "):
                words = words[len(lead) :].lstrip()
                changed = True
    return words


def read_decrees(doc: Document) -> list[Decree]:
    """Every decree reference of a document, one Decree per number, in text order."""
    g = grammar()
    view = doc.view
    text = view.text
    out: list[Decree] = []
    for m in g.reference.finditer(text):
        kind_word = " ".join(m["kind"].split())
        if kind_word.startswith("ل") and not kind_word.startswith("ال") and not m["pc"].endswith("ل"):
            continue  # a ل-form of a kind word only exists after the preposition ل
        nums = [n for n in g.number.finditer(m["nums"])]
        year = int(m["year"]) if m["year"] else None
        numbers: list[str] = []
        base = m.start("nums")
        for n in nums:
            s, e = view.to_original(base + n.start(), base + n.end())
            raw = re.sub(r"\s+", "", doc.text[s:e].translate(_DIGITS))
            first, _, second = raw.partition("/")
            if second.isdigit() and len(second) == 4:
                numbers.append(first)  # "12/2024": number 12 of the year 2024
                year = year or int(second)
            else:
                numbers.append(raw)
        if not m["ncue"] and year is None:
            continue  # "قرار 3 ..." without "رقم" and without a year is not a reference
        # issuer: the words between the kind word and the number cue, without lead-ins
        issuer = None
        rest = _strip_leadins(" ".join(m["issuer"].split()))
        if rest and rest.split()[0] not in g.heads:
            continue  # "قراراً بتشكيل لجنة ... رقم 3": the words after the kind word are no issuer
        if rest:
            # the phrase that remains after the lead-ins, mapped back to the original text
            s, e = view.to_original(m.start("issuer") + _find_words(m["issuer"], rest), m.end("issuer"))
            issuer = doc.text[s:e].strip()
        after = m.end()
        im = g.issued_by.match(text[after:])
        if im:
            rest = _strip_leadins(" ".join(im["iss"].split()))
            if rest and rest.split()[0] in g.heads:
                s, e = view.to_original(
                    after + im.start("iss") + _find_words(im["iss"], rest), after + im.end()
                )
                issuer = issuer or doc.text[s:e].strip()
                after += im.end()
        kind = g.kinds[kind_word]
        if kind == "decree" and issuer and any(norm(issuer).startswith(b) for b in g.bodies):
            kind = "resolution"
        start, end = view.to_original(m.start("kind"), m.end())
        end = _trim_end(doc.text, start, end)
        subject = None
        sm = g.subject.match(text[after:])
        if sm:
            ss, se = view.to_original(after + sm.start("subj"), after + sm.end("subj"))
            subject = doc.text[ss:se].strip() or None
        for number in numbers:
            out.append(
                Decree(
                    number=number,
                    year=year,
                    kind=kind,  # type: ignore[arg-type]
                    issuer=issuer,
                    subject=subject,
                    text=doc.text[start:end],
                    start=start,
                    end=end,
                )
            )
    return out


def _find_words(haystack: str, phrase: str) -> int:
    """Offset in `haystack` (view text, any spacing) where the words of `phrase` start."""
    pat = r"\s+".join(re.escape(w) for w in phrase.split())
    m = re.search(pat + r"\s*$", haystack)
    return m.start() if m else 0


def _trim_end(text: str, start: int, end: int) -> int:
    """Drop trailing spaces and an unbalanced opening quote or parenthesis from a span; keep the marks
    the view dropped after its last letter (the tatweel of "هـ")."""
    while end > start and (text[end - 1].isspace() or text[end - 1] in '("“«'):
        end -= 1
    while end < len(text) and (text[end] == "\u0640" or unicodedata.category(text[end]) == "Mn"):
        end += 1
    return end


def find_decrees(doc: Document) -> Document:
    """Read `doc.view`; fill `doc.decrees`. Bare years inside a decree reference ("لسنة 2024"),
    which the dates stage reads as year dates, are removed from `doc.dates` and the DATE entities."""
    doc.decrees = read_decrees(doc)
    spans = {(d.start, d.end) for d in doc.decrees}

    def inside_year(s: int, e: int, text: str) -> bool:
        return any(ds <= s and e <= de for ds, de in spans) and bool(
            re.fullmatch(r"\d{4}\D{0,8}", norm(text))
        )

    drop = {(d.start, d.end) for d in doc.dates if inside_year(d.start, d.end, d.text)}
    if drop:
        doc.dates = [d for d in doc.dates if (d.start, d.end) not in drop]
        doc.entities = [e for e in doc.entities if not (e.type == "DATE" and (e.start, e.end) in drop)]
    return doc
