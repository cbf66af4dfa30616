"""Stage: decrees. Reads `Document.view` and `Document.dates`; fills `Document.decrees`
(and drops the bare-year dates that are only the year of a decree reference).

A reference is read as

    KIND  [LEAD-IN] [ISSUER]  [NUMBER-CUE] NUMBER(S)  [YEAR-CUE YEAR [ERA]]  [SUBJECT-CUE SUBJECT]

    "وفقًا لقرار رئيس مجلس وزراء حكومة الوحدة الوطنية رقم (649) لسنة 2024"
        kind decree, issuer "رئيس مجلس وزراء حكومة الوحدة الوطنية", number "649", year 2024
    "القانون رقم 12/2020 بشأن تنظيم المهن الطبية"          number "12", year 2020, subject
    "القراران رقم 14 و15 لسنة 2024"                       two decrees, same year and issuer

    "الأمر الملكي رقم (أ/90) بتاريخ 27/8/1412هـ"        kind decree, number "أ/90", year 1412 (hijri)
    "القانون رقم 7 الخاص بتنظيم المهن الصادر عن المجلس لسنة 2019"   year 2019, after the subject

The kind words are `lexicons/decree_kinds.tsv`, the cues `lexicons/decree_cues.tsv`,
the eras after a year `lexicons/date_markers.tsv`. A kind word with no number is
not a reference ("اتخذ القرار"); without a number cue the number must come with a
year ("القانون 12 لسنة 2020", "القرار 5/2024", "القرار 2231 (2015)"). A year may also
come as the year of a date after a date cue ("رقم 212 بتاريخ 14/3/1437هـ", read from
the dates stage), or after a few words before "لسنة"/"لعام". The span runs from the
kind word (its proclitic excluded) through the year or date, or the last number when
there is no year. A year is kept as written: a Hijri year (1445) stays 1445, and
`calendar` says which calendar it is in.
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
    needs_year: bool = False  # a reference only with its year ("نظام ... رقم 83 لسنة 2004")


@register("decree_cues")
class DecreeCueEntry(Entry):
    """lexicons/decree_cues.tsv: number, year and subject cues, lead-ins, and resolution bodies."""

    role: Literal[
        "number_cue",
        "year_cue",
        "subject_cue",
        "leadin",
        "issued_by",
        "issuer_head",
        "resolution_body",
        "resolution_adjective",
        "date_cue",
        "not_a_name",
        "addressee",
    ]


@dataclass(frozen=True)
class _Grammar:
    kinds: dict[str, str]  # normalized kind word -> kind
    dated_kinds: frozenset[str]  # kind words that make a reference only with a year
    leadins: tuple[str, ...]
    heads: frozenset[str]
    bodies: tuple[str, ...]
    un_adjectives: frozenset[str]
    not_a_name: frozenset[str]
    addressees: frozenset[str]
    eras: dict[str, str]  # normalized era -> calendar
    reference: re.Pattern[str]
    number: re.Pattern[str]
    subject: re.Pattern[str]
    issued_by: re.Pattern[str]
    dated: re.Pattern[str]
    late_year: re.Pattern[str]
    body_before: re.Pattern[str]
    issued_by_cue: re.Pattern[str]


def _alt(forms: object) -> str:
    items = sorted(set(forms), key=len, reverse=True)  # type: ignore[arg-type]
    return "|".join(r"\s+".join(re.escape(w) for w in f.split()) for f in items)


@lru_cache(maxsize=1)
def grammar() -> _Grammar:
    from pipeline.dates import tables as date_tables

    kinds: dict[str, str] = {}
    year_kinds: set[str] = set()
    for e in load("decree_kinds"):
        assert isinstance(e, DecreeKindEntry)
        for form in e.ar:
            f = norm(form)
            kinds[f] = e.kind
            if f.startswith("ال"):
                kinds["ل" + f[2:]] = e.kind  # after the preposition ل: "للقرار" = ل + لقرار
            if e.needs_year:
                year_kinds.update({f, "ل" + f[2:]} if f.startswith("ال") else {f})
    cues: dict[str, list[str]] = {}
    for e in load("decree_cues"):
        assert isinstance(e, DecreeCueEntry)
        cues.setdefault(e.role, []).extend(norm(f) for f in e.ar)
    eras = _alt(date_tables().eras)
    # "649", "12/2024" (number/year), "12/أ" and "أ/90" (a series letter, kept as written),
    # "4/1/43923" and "3762/ص" (a file number in parts, a department letter)
    num = r"(?:(?<!\w)[^\W\d_]\s*/\s*)?\d+(?:\s*/\s*\d+)*(?:\s*/\s*[^\W\d_](?!\w))?"
    one = rf"[\"(]?\s*{num}\s*[\")]?"
    reference = re.compile(
        rf"(?<!\w)(?P<pc>[وف]?[بلك]?)(?P<kind>{_alt(kinds)})(?!\w)"
        rf"(?P<issuer>(?:\s+[^\W\d_]+){{0,12}}?)"
        rf"(?:\s*(?P<ncue>{_alt(f.rstrip(':') for f in cues['number_cue'])})\s*:?)?"
        rf"\s*(?P<nums>{one}(?:\s*(?:[،,]|و)\s*{one})*)"
        rf"(?:\s*(?:{_alt(cues['year_cue'])})\s*[\"(]?\s*(?P<year>\d{{4}})(?!\d)\s*[\")]?"
        rf"(?:\s*(?P<era>{eras})(?!\w))?"
        rf"|\s*\(\s*(?P<pyear>(?:19|20)\d\d)\s*\))?"  # "القرار 2231 (2015)", the United Nations' way
    )
    number = re.compile(num)
    subject = re.compile(rf"^\s*(?:[،,]\s*)?(?:{_alt(cues['subject_cue'])})\s*(?P<subj>[^.،,؛:\n()\"!?]+)")
    # "... الصادر عن مجلس الوزراء بشأن ...": the issuer after the reference, up to a subject cue,
    # a date, a number or the end of the clause
    stops = _alt([*cues["subject_cue"], *cues["date_cue"], *cues["year_cue"]])
    issued_by = re.compile(
        rf"^\s*(?:[،,]\s*)?(?:{_alt(cues['issued_by'])})\s+"
        rf"(?P<iss>[^\W\d_]+(?:\s+(?!(?:{stops})(?!\w))[^\W\d_]+){{0,9}})"
    )
    # "رقم 212 بتاريخ 14/3/1437هـ", "رقم 5 الصادر عن المجلس بتاريخ ...": a date cue right after the
    # reference, or a تاريخ cue after a few words; the date itself is one of `doc.dates`
    far = [c for c in cues["date_cue"] if "تاريخ" in c]
    dated = re.compile(
        rf"^\s*(?:[،,]\s*)?(?:(?:{_alt(cues['date_cue'])})|(?:[^\W\d_]+\s+){{1,10}}?(?:{_alt(far)}))(?!\w)\s*"
    )
    # "رقم 7 الخاص بتنظيم المهن الصادر عن المجلس لسنة 2019": a "لسنة"/"لعام" year after a few words;
    # any year cue right after the issuer ("الصادر عن مجلس الأمن عام 2000")
    of_year = [c for c in cues["year_cue"] if c.startswith("ل")]
    late_year = re.compile(
        rf"^(?:(?P<words>\s*[^\W\d_]+(?:\s+[^\W\d_]+){{0,11}}?)\s+(?P<cue>{_alt(of_year)})"
        rf"|\s*(?P<here>{_alt(cues['year_cue'])}))\s*[\"(]?\s*"
        rf"(?P<year>\d{{4}})(?!\d)\s*[\")]?(?:\s*(?P<era>{eras})(?!\w))?"
    )
    leadins = tuple(
        sorted(
            [*cues.get("leadin", []), *cues["issued_by"], *cues["resolution_adjective"]],
            key=len,
            reverse=True,
        )
    )
    heads = frozenset(cues.get("issuer_head", []))
    bodies = tuple(cues.get("resolution_body", []))
    return _Grammar(
        kinds,
        frozenset(year_kinds),
        leadins,
        heads,
        bodies,
        frozenset(cues["resolution_adjective"]),
        frozenset(cues["not_a_name"]),
        frozenset(cues.get("addressee", [])),
        dict(date_tables().eras),
        reference,
        number,
        subject,
        issued_by,
        dated,
        late_year,
        re.compile(rf"(?<!\w)[وف]?(?:{_alt(bodies)})(?:\s+[^\W\d_]+)?\s+[وفبلك]?$"),
        re.compile(rf"\s+(?:{_alt(cues['issued_by'])})(?!\w)"),
    )


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


def _calendar(year: int, era: str | None) -> str:
    """The calendar of a written year: its era's, else Hijri below 1700 (no news year is that old)."""
    cal = grammar().eras.get(" ".join(era.split())) if era else None
    return cal or ("hijri" if year < 1700 else "gregorian")


@dataclass
class _Tail:
    """A year found after the reference proper: the year of a date, or a "لسنة" year after words."""

    year: int
    calendar: str
    start: int  # view offsets of the tail (its cue through the year or date)
    end: int


def _tail(doc: Document, after: int) -> _Tail | None:
    """The year that closes a reference ending at view offset `after`, if a date or a late year cue
    follows: "رقم 212 بتاريخ 14/3/1437هـ" (a date of `doc.dates` with a written year), "رقم 7 الخاص
    بتنظيم المهن لسنة 2019" (words of no other reference, no punctuation)."""
    g = grammar()
    view = doc.view
    text = view.text
    dm = g.dated.match(text[after:])
    if dm and after + dm.end() < len(text):  # a date cue that ends the text has no date after it
        at = view.to_original(after + dm.end(), after + dm.end() + 1)[0]
        for d in doc.dates:
            years = re.findall(r"(?<!\d)\d{4}(?!\d)", d.text.translate(_DIGITS))
            if d.start == at and years:
                year = int(years[0])
                end = view.to_view(d.start, d.end)[1]
                return _Tail(year, _calendar(year, None), after + dm.start(), end)
    ym = g.late_year.match(text[after:])
    if ym and not any(w in g.kinds for w in (ym["words"] or "").split()):
        year = int(ym["year"])
        cue = "cue" if ym["cue"] else "here"
        return _Tail(year, _calendar(year, ym["era"]), after + ym.start(cue), after + ym.end())
    return None


def _numbers(doc: Document, m: re.Match[str]) -> tuple[list[str], int | None]:
    """The numbers of a reference as written (ASCII digits, no spaces), and the year of an "N/YYYY"."""
    g, view = grammar(), doc.view
    numbers: list[str] = []
    year = None
    base = m.start("nums")
    for n in g.number.finditer(m["nums"]):
        s, e = view.to_original(base + n.start(), base + n.end())
        raw = re.sub(r"\s+", "", doc.text[s:e].translate(_DIGITS))
        first, _, second = raw.rpartition("/")
        if first and second.isdigit() and len(second) == 4 and _is_year(int(second)):
            numbers.append(first)  # "12/2024": number 12 of the year 2024; "11/2/1436": 11/2 of 1436
            year = year or int(second)
        else:
            numbers.append(raw)
    return numbers, year


def _is_year(n: int) -> bool:
    """Whether the last part of a number in parts is a year, Hijri or Gregorian ("12/2024",
    "11/2/1436"), not the serial of a file number ("4/1/43923", "3/5/7711")."""
    return 1300 <= n <= 1500 or 1900 <= n <= 2100


def _is_law_name(words: str) -> bool:
    """Whether the words between a law's kind word and its number name it ("قانون النزاهة رقم 30",
    "قانون خدمة العلم رقم 9"): a few words, none of them a function word."""
    g = grammar()
    split = words.split()
    return (
        0 < len(split) <= 5
        and not any(w in g.not_a_name for w in split)
        and not any(re.sub(r"^[وف]?[بلك]?", "", w) in g.kinds or w in g.kinds for w in split)
    )  # "نظام مكافحة التدخين الصادر بالمرسوم رقم م/56": the number is the decree's


def read_decrees(doc: Document) -> list[tuple[Decree, tuple[int, int]]]:
    """Every decree reference of a document, one Decree per number, in text order, each with the
    original-text span of the reference's number(s)."""
    g = grammar()
    view = doc.view
    text = view.text
    out: list[tuple[Decree, tuple[int, int]]] = []
    pos = 0
    while (m := g.reference.search(text, pos)) is not None:
        pos = m.end("kind")  # a phrase that is no reference may hold one after its kind word
        kind_word = " ".join(m["kind"].split())
        if kind_word.startswith("ل") and not kind_word.startswith("ال") and not m["pc"].endswith("ل"):
            continue  # a ل-form of a kind word only exists after the preposition ل
        kind = g.kinds[kind_word]
        numbers, year = _numbers(doc, m)
        era = None
        if m["year"]:
            year, era = int(m["year"]), m["era"]
        elif m["pyear"]:
            year = int(m["pyear"])
        # issuer: the words between the kind word and the number cue, without lead-ins
        issuer = name = None
        words = " ".join(m["issuer"].split())
        rest = _strip_leadins(words)
        if rest and rest.split()[0] in g.addressees and m["ncue"]:
            rest = ""  # "تعميماً إلى جميع المديريات برقم 1457/12": whom it is sent to, not who issued it
        if rest and rest.split()[0] not in g.heads:
            if not (kind == "law" and m["ncue"] and _is_law_name(rest)):
                continue  # "قراراً بتشكيل لجنة ... رقم 3": the words after the kind word are no issuer
            name = rest  # "قانون النزاهة رقم 30": the law's name
        if rest:
            # the phrase that remains after the lead-ins, mapped back to the original text
            s, e = view.to_original(m.start("issuer") + _find_words(m["issuer"], rest), m.end("issuer"))
            if name:
                name = doc.text[s:e].strip()
            else:
                issuer = doc.text[s:e].strip()
        if not m["ncue"] and year is None and not _bare_resolution(text, m, kind, issuer, words, numbers):
            continue  # "قرار 3 ..." without "رقم" and without a year is not a reference
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
        end_view = m.end()
        tail = _tail(doc, after) if year is None else None
        if tail:
            year, end_view = tail.year, tail.end
        if year is None and kind_word in g.dated_kinds:
            continue  # "وطالبوا بتعديل النظام رقم 14": a statute is cited with its year
        if kind == "decree" and _is_resolution(text, m.start("kind"), issuer, words):
            kind = "resolution"
        start, end = view.to_original(m.start("kind"), end_view)
        end = _trim_end(doc.text, start, end)
        subject = _subject(doc, after, tail) or name
        nums = view.to_original(m.start("nums"), m.end("nums"))
        pos = m.end()
        for number in numbers:
            out.append(
                (
                    Decree(
                        number=number,
                        year=year,
                        calendar=(tail.calendar if tail else _calendar(year, era)) if year else None,  # type: ignore[arg-type]
                        kind=kind,  # type: ignore[arg-type]
                        issuer=issuer,
                        subject=subject,
                        text=doc.text[start:end],
                        start=start,
                        end=end,
                    ),
                    nums,
                )
            )
    return out


def _bare_resolution(
    text: str, m: re.Match[str], kind: str, issuer: str | None, words: str, numbers: list[str]
) -> bool:
    """A resolution's number may come without "رقم" and without a year: "القرار الأممي 2254",
    "قرار مجلس الأمن 2231" (one number of three digits or more)."""
    return (
        kind == "decree"
        and len(numbers) == 1
        and numbers[0].isdigit()
        and len(numbers[0]) >= 3
        and _is_resolution(text, m.start("kind"), issuer, words)
    )


def _is_resolution(text: str, kind_start: int, issuer: str | None, words: str) -> bool:
    """Whether a قرار is a resolution: its issuer is a deliberative or international body, an
    adjective says so ("القرار الأممي"), or the body comes just before it ("تبنى مجلس الأمن القرار
    2254", "مجلس النواب يصدر القرار رقم 5")."""
    g = grammar()
    if issuer and any(norm(issuer).startswith(b) for b in g.bodies):
        return True
    if g.un_adjectives & set(words.split()):
        return True
    return bool(g.body_before.search(text[max(0, kind_start - 60) : kind_start]))


def _subject(doc: Document, after: int, tail: _Tail | None) -> str | None:
    """The subject after a subject cue ("بشأن ..."), at view offset `after` (cut before a year that
    closes the reference after it), or else after the reference's date."""
    g, view = grammar(), doc.view
    sm = g.subject.match(view.text[after:])
    if sm:
        end = after + sm.end("subj")
        if tail and tail.start >= after:
            end = min(end, tail.start)
        cut = g.issued_by_cue.search(view.text, after + sm.start("subj"), end)
        ss, se = view.to_original(after + sm.start("subj"), cut.start() if cut else end)
        return doc.text[ss:se].strip() or None
    if tail and tail.end > after:
        return _subject(doc, tail.end, None)
    return None


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
    which the dates stage reads as year dates, and a number that reads as a date ("التعميم رقم
    11/2/1436") are removed from `doc.dates` and the DATE entities."""
    found = read_decrees(doc)
    doc.decrees = [d for d, _ in found]
    spans = {(d.start, d.end) for d in doc.decrees}
    numbers = {nums for _, nums in found}

    def not_a_date(s: int, e: int, text: str) -> bool:
        if any(ns <= s and e <= ne for ns, ne in numbers):
            return True
        return any(ds <= s and e <= de for ds, de in spans) and bool(
            re.fullmatch(r"\d{4}\D{0,8}", norm(text))
        )

    drop = {(d.start, d.end) for d in doc.dates if not_a_date(d.start, d.end, d.text)}
    if drop:
        doc.dates = [d for d in doc.dates if (d.start, d.end) not in drop]
        doc.entities = [e for e in doc.entities if not (e.type == "DATE" and (e.start, e.end) in drop)]
    return doc
