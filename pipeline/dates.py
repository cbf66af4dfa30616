"""Stage: dates. Reads `Document.view` and `Document.published`; fills `Document.dates`
and appends one `Entity(type="DATE")` per date mention to `Document.entities`.

What is recognized (see docs/dates.md for the full list and conventions):

  - day month year, in every month-naming tradition of `lexicons/months.tsv`
    (Egyptian/Gulf, Levantine/Iraqi, Maghrebi, Moroccan, Libyan, Hijri):
    "26 مايو 2024 م", "5 آذار 2023", "27 من رمضان 1445 هـ", "3 الفاتح 2009"
  - month year: "مارس 2024", "رمضان 1445 هـ"
  - numeric dates: "15/03/2024", "2024-03-15", "١١/١٠/١٤٣٦ هـ" (Hijri by its era or its year)
  - a year after a cue of `lexicons/date_markers.tsv`: "عام 2024" (never a bare year)
  - relative dates of `lexicons/relative_dates.tsv`: "اليوم", "أمس", "هذا الأسبوع",
    "الشهر الماضي", "الخميس الماضي", "13 مارس الجاري", "10 من الشهر الجاري"
  - ranges ("من 5 إلى 10 مارس 2024"): the first day borrows month and year from the second
  - "الموافق" pairs: a date without a resolvable value takes its partner's value

Work is done on the normalized view with regexes built from the lexicons; spans
are mapped back to the original text, so quotes around a date and the
proclitics before it are never part of its surface. Weekdays before a date are
not part of it ("الأحد الموافق 27 رمضان 2024" gives "27 رمضان 2024").
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from hijridate import Gregorian, Hijri

from pipeline.lexicons import LEXICON_DIR, Entry, LexiconError, load, register
from pipeline.models import Calendar, DateMention, Document, Entity
from pipeline.normalize import norm
from pipeline.quantities import counted_nouns


@register("months")
class MonthEntry(Entry):
    """lexicons/months.tsv: a month of one naming tradition."""

    calendar: Calendar
    month: int
    system: str
    needs_day: bool = False


@register("weekdays")
class WeekdayEntry(Entry):
    """lexicons/weekdays.tsv: a day of the week (isoweekday 1 = Monday)."""

    isoweekday: int


@register("relative_dates")
class RelativeEntry(Entry):
    """lexicons/relative_dates.tsv: fixed relative days, period nouns and their modifiers."""

    kind: Literal["fixed", "period", "span", "modifier"]
    unit: Literal["day", "week", "month", "year"] | None = None
    offset: int = 0
    position: Literal["before", "after", "span"] | None = None


@register("feasts")
class FeastEntry(Entry):
    """lexicons/feasts.tsv: a feast or holy day, and the day of its calendar it falls on."""

    calendar: Calendar
    month: int
    day: int


@register("date_markers")
class DateMarkerEntry(Entry):
    """lexicons/date_markers.tsv: eras after a year ("م", "هـ") and cues before a bare year ("عام")."""

    role: Literal[
        "era",
        "year_cue",
        "range_open",
        "range_link",
        "same_day",
        "not_today",
        "part_start",
        "part",
        "count_unit",
    ]
    calendar: Calendar | None = None


# ---------------------------------------------------------------- lexicon tables


@dataclass(frozen=True)
class _Tables:
    months: dict[str, MonthEntry]  # normalized form -> entry
    weekdays: dict[str, int]  # normalized form -> isoweekday
    fixed: dict[str, int]  # normalized form -> day offset
    periods: dict[str, str]  # normalized form -> unit
    spans: dict[str, str]  # normalized dual or plural period noun -> unit
    before: dict[str, int]  # modifiers before a period ("هذا")
    after: dict[str, int]  # modifiers after a period, a weekday or a day-month ("الماضي")
    span_mods: dict[str, int]  # modifiers after a span only ("الأخيرة")
    feasts: dict[str, FeastEntry]  # normalized form -> feast
    eras: dict[str, str]  # normalized form -> calendar
    year_cues: frozenset[str]
    markers: dict[str, frozenset[str]]  # range_open, ..., part_start, part, count_unit -> forms


@lru_cache(maxsize=1)
def tables() -> _Tables:
    months: dict[str, MonthEntry] = {}
    for e in load("months"):
        assert isinstance(e, MonthEntry)
        for form in e.ar:
            f = norm(form)
            old = months.get(f)
            if old and (old.calendar, old.month) != (e.calendar, e.month):
                raise LexiconError(
                    LEXICON_DIR / "months.tsv",
                    e.line,
                    f"{form!r} is month {old.month} in {old.id}, not {e.month}",
                )
            # A form shared by systems: it needs a day only if every system that has it says so.
            if old is None or (old.needs_day and not e.needs_day):
                months[f] = e
    weekdays = {norm(f): e.isoweekday for e in load("weekdays") for f in e.ar}  # type: ignore[attr-defined]
    fixed: dict[str, int] = {}
    periods: dict[str, str] = {}
    spans: dict[str, str] = {}
    mods: dict[str, dict[str, int]] = {"before": {}, "after": {}, "span": {}}
    for e in load("relative_dates"):
        assert isinstance(e, RelativeEntry)
        for form in e.ar:
            f = norm(form)
            if e.kind == "fixed":
                fixed[f] = e.offset
            elif e.kind == "period":
                periods[f] = e.unit or "day"
            elif e.kind == "span":
                spans[f] = e.unit or "day"
            else:
                mods[e.position or "after"][f] = e.offset
    feasts = {norm(f): e for e in load("feasts") for f in e.ar}  # type: ignore[misc]
    eras: dict[str, str] = {}
    markers: dict[str, set[str]] = {}
    for e in load("date_markers"):
        assert isinstance(e, DateMarkerEntry)
        for form in e.ar:
            if e.role == "era":
                eras[norm(form)] = e.calendar or "gregorian"
            else:
                markers.setdefault(e.role, set()).add(norm(form))
    frozen = {k: frozenset(v) for k, v in markers.items()}
    return _Tables(
        months,
        weekdays,
        fixed,
        periods,
        spans,
        mods["before"],
        mods["after"],
        mods["span"],
        feasts,  # type: ignore[arg-type]
        eras,
        frozen["year_cue"],
        frozen,
    )


def _alt(forms: object) -> str:
    """A regex alternation of normalized forms, longest first, spaces as any whitespace."""
    items = sorted(set(forms), key=len, reverse=True)  # type: ignore[arg-type]
    return "|".join(r"\s+".join(re.escape(w) for w in f.split()) for f in items)


# Word boundaries on the view: \w covers Arabic letters and digits.
_B = r"(?<!\w)"
_E = r"(?!\w)"
# Proclitics that may be attached to the first word of a date; never part of its surface.
_PC = r"(?:[وف]?[بل]|[وف])?"


@dataclass(frozen=True)
class _Patterns:
    day_month: re.Pattern[str]
    ordinal_day_month: re.Pattern[str]
    month_year: re.Pattern[str]
    numeric_dmy: re.Pattern[str]
    numeric_ymd: re.Pattern[str]
    cued_year: re.Pattern[str]
    fixed: re.Pattern[str]
    period: re.Pattern[str]
    weekday: re.Pattern[str]
    day_period: re.Pattern[str]
    range_head: re.Pattern[str]
    muwafiq: re.Pattern[str]
    range_gap: re.Pattern[str]
    not_today: re.Pattern[str]
    span: re.Pattern[str]
    feast: re.Pattern[str]
    glossed_month: re.Pattern[str]
    part_before: re.Pattern[str]
    part_month: re.Pattern[str]


@lru_cache(maxsize=1)
def patterns() -> _Patterns:
    t = tables()
    months = _alt(t.months)
    free_months = _alt(f for f, e in t.months.items() if not e.needs_day)
    era = rf"(?:\s*(?P<era>{_alt(t.eras)}){_E})?"
    # A number before a singular counted noun counts it (its تمييز), it is no year: "خلال عيد
    # الأضحى 1500 حالة", "استقبل في مارس 2300 مراجع", "1015 مريضاً" (accusative: a final ا).
    counted = rf"(?!\s*[وف]?(?:{_alt(counted_nouns())})ا?{_E})"
    year = rf"(?P<year>\d{{4}})(?!\d){counted}"
    # "15 آذار (مارس) 2024", "15 آذار/مارس 2024": a second name of the same month is kept in the span.
    gloss = rf"(?:\s*(?:\(\s*(?:{months})\s*\)|/\s*(?:{months})){_E})?"
    after = _alt(t.after)
    day = r"(?<![\d./])(?P<day>\d{1,2})(?!\d)"
    ordinal = r"(?P<ord>ال[^\W\d_]+(?:\s+عشره?|\s+وال[^\W\d_]+)?)"
    # "5 مارس 2024", "5 مارس، 2024", "5 مارس عام 2024", "5 مارس من عام 2024"
    year_of = rf"\s*[,،]?\s*(?:(?:من\s+)?(?:{_alt(t.year_cues)})\s+)?{year}{era}"
    tail = rf"(?:\s+شهر)?\s+(?P<mon>{months}){_E}{gloss}(?:{year_of}|\s+(?P<mod>{after}){_E})?"
    day_month = re.compile(rf"{day}(?:\s+من)?{tail}")
    # "السابع والعشرين من رمضان", "الخامس عشر من شهر مارس 2024": an ordinal day, always with من
    ordinal_day_month = re.compile(rf"{_B}{_PC}{ordinal}\s+من{tail}")
    # "مارس 2024", and a month placed by a modifier: "مارس الماضي", "شهر رمضان المقبل"
    month_year = re.compile(
        rf"{_B}{_PC}(?P<shahr>شهر\s+)?(?P<mon>{free_months}){_E}{gloss}(?:{year_of}|\s+(?P<mod>{after}){_E})"
    )
    sep = r"\s*(?P<sep>[/.\-])\s*"
    numeric_dmy = re.compile(
        rf"(?<![\d./\-])(?P<a>\d{{1,2}}){sep}(?P<b>\d{{1,2}})\s*(?P=sep)\s*{year}{era}(?![./\-]?\d)"
    )
    numeric_ymd = re.compile(
        rf"(?<![\d./\-]){year}{sep}(?P<b>\d{{1,2}})\s*(?P=sep)\s*(?P<a>\d{{1,2}})(?![./\-]?\d){era}"
    )
    cued_year = re.compile(rf"{_B}(?:{_alt(t.year_cues)})\s+{year}{era}")
    fixed = re.compile(rf"{_B}[وف]?(?P<rel>{_alt(t.fixed)}){_E}")
    period = re.compile(
        rf"{_B}{_PC}(?:(?P<pre>{_alt(t.before)})\s+(?P<per1>{_alt(t.periods)})"
        rf"|{_PC}(?P<per2>{_alt(t.periods)})\s+(?P<post>{after})){_E}"
    )
    weekday = re.compile(rf"{_B}{_PC}(?P<wd>{_alt(t.weekdays)})\s+(?P<post>{after}){_E}")
    month_periods = _alt(f for f, u in t.periods.items() if u == "month")
    day_period = re.compile(
        rf"(?:{day}\s+(?:من\s+)?|{_B}{_PC}{ordinal}\s+من\s+)(?:{month_periods})\s+(?P<post>{after}){_E}"
    )
    link = _alt(t.markers["range_link"])
    # The first day of a range whose second end is a full date: "من 5 إلى 10 مارس", "5-10 مارس",
    # "يومي 5 و6 مارس". Matched on the text just before the second date.
    range_head = re.compile(
        rf"(?:(?<!\w)[وف]?(?P<cue>{_alt(t.markers['range_open'])})\s+)?(?<![\d./])"
        rf"(?P<days>(?:\d{{1,2}}\s*(?:[\-–،,]|(?<!\w)(?:{link}|و)(?=\s|\d|$))\s*)+)$"
    )
    muwafiq = re.compile(rf"^\s*(?:[,،(]\s*)?(?:{_alt(t.markers['same_day'])})\s*$")
    range_gap = re.compile(rf"\s*(?:[\-–]|(?:{link}|و)(?=\s|\d))\s*")
    not_today = re.compile(rf"(?<!\w)(?:{_alt(t.markers['not_today'])})\s+$")
    # "الأيام الماضية", "الأسابيع الثلاثة الماضية", "الأعوام القليلة الماضية", "الشهرين المقبلين"
    span = re.compile(
        rf"{_B}{_PC}(?P<span>{_alt(t.spans)})(?:\s+ال[^\W\d_]+)??\s+(?P<post>{_alt({**t.after, **t.span_mods})}){_E}"
    )
    # "عيد الفطر السعيد 1436هـ", "عيد الأضحى الماضي"
    feast = re.compile(rf"{_B}{_PC}(?P<feast>{_alt(t.feasts)}){_E}(?:{year_of}|\s+(?P<mod>{after}){_E})")
    # "آب (أغسطس)": a month glossed by its name in another tradition, without a year
    glossed_month = re.compile(rf"{_B}{_PC}(?P<mon>{months}){_E}\s*\(\s*(?P<gl>{months})\s*\)")
    # a part of the period a date names, just before it: "النصف الأول من العام 2015", "مساء أمس",
    # "أول خمسة أيام من عيد الفطر 1436هـ" (a count and a unit after أول / آخر)
    parts = _alt(t.markers["part_start"] | t.markers["part"])
    part = (
        rf"(?P<part>(?:{parts})(?:\s+(?:\d+|[^\W\d_]+))?\s+(?:{_alt(t.markers['count_unit'])})|(?:{parts}))"
    )
    part_before = re.compile(rf"{_B}{_PC}{part}\s+(?:من\s+)?(?:(?:شهر|{_alt(t.year_cues)})\s+)?$")
    # "الأسبوع الأخير من شهر رمضان", "منتصف مارس": a part of a month named without a year
    part_month = re.compile(
        rf"{_B}{_PC}{part}\s+(?:من\s+)?(?:شهر\s+)?(?P<mon>{free_months}){_E}{gloss}"
        rf"(?!\s*[,،]?\s*(?:(?:من\s+)?(?:{_alt(t.year_cues)})\s+)?\d{{4}}|\s+(?:{after}){_E})"
    )
    return _Patterns(
        day_month,
        ordinal_day_month,
        month_year,
        numeric_dmy,
        numeric_ymd,
        cued_year,
        fixed,
        period,
        weekday,
        day_period,
        range_head,
        muwafiq,
        range_gap,
        not_today,
        span,
        feast,
        glossed_month,
        part_before,
        part_month,
    )


# ---------------------------------------------------------------- calendar arithmetic


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def hijri_to_gregorian(y: int, m: int, d: int) -> dt.date | None:
    """The Gregorian date of a Hijri (Umm al-Qura) date, or None outside the table or invalid."""
    try:
        return Hijri(y, m, d).to_gregorian()
    except (ValueError, OverflowError):
        return None


def hijri_year_in(gyear: int, m: int, d: int) -> int | None:
    """The Hijri year whose month `m`, day `d` falls in Gregorian year `gyear` (the year in progress)."""
    approx = round((gyear - 622) * 33 / 32)
    for hy in range(approx - 2, approx + 3):
        g = hijri_to_gregorian(hy, m, d)
        if g is not None and g.year == gyear:
            return hy
    return None


def hijri_of(day: dt.date) -> tuple[int, int, int] | None:
    try:
        h = Gregorian(day.year, day.month, day.day).to_hijri()
    except (ValueError, OverflowError):
        return None
    return h.year, h.month, h.day


def _add_months(day: dt.date, n: int) -> dt.date:
    k = day.year * 12 + day.month - 1 + n
    return dt.date(k // 12, k % 12 + 1, 1)


def _week_start(day: dt.date) -> dt.date:
    """Weeks start on Sunday (الأحد, "the first")."""
    return day - dt.timedelta(days=day.isoweekday() % 7)


def _published(doc: Document) -> dt.date | None:
    if not doc.published:
        return None
    try:
        return dt.date.fromisoformat(doc.published[:10])
    except ValueError:
        return None


def resolve(calendar: str, y: int | None, m: int, d: int, anchor: dt.date | None = None) -> dt.date | None:
    """The Gregorian date of day `d` of month `m` in year `y` of `calendar`.

    A Hijri month with a Gregorian year (y >= 1700) takes the Hijri year in progress in that year.
    Without a year, the year of `anchor` (the published date) is used, if any.
    """
    if calendar == "hijri":
        if y is None:
            h = hijri_of(anchor) if anchor else None
            if h is None:
                return None
            y = h[0]
        elif y >= 1700:
            hy = hijri_year_in(y, m, d)
            if hy is None:
                return None
            y = hy
        return hijri_to_gregorian(y, m, d)
    if y is None:
        if anchor is None:
            return None
        y = anchor.year
    if y < 1700:  # a Gregorian month with a Hijri-looking year: not resolvable
        return None
    return _safe_date(y, m, d)


# ---------------------------------------------------------------- candidates


@dataclass
class _Cand:
    ns: int  # view offsets
    ne: int
    calendar: str = "gregorian"
    value: dt.date | None = None
    relative: bool = False
    # what was read, for ranges and الموافق pairs
    day: int | None = None
    month: int | None = None
    year: int | None = None
    explicit_year: bool = False


def _era_calendar(era: str | None) -> str | None:
    return tables().eras.get(era) if era else None


# Years a bulletin dates by without an era: a Hijri-looking year (below 1700) up to 1480 AH
# (2057), a Gregorian one up to 2100. "رمضان 1500" names no month of the news.
PLAUSIBLE_HIJRI = (1300, 1480)
PLAUSIBLE_GREGORIAN = (1700, 2100)


def _plausible(y: int, era: str | None) -> bool:
    """A year read without an era is one a bulletin can date by (an era says so by itself)."""
    if era:
        return True
    lo, hi = PLAUSIBLE_HIJRI if y < 1700 else PLAUSIBLE_GREGORIAN
    return lo <= y <= hi


def _month_entry(name: str) -> MonthEntry:
    return tables().months[" ".join(name.split())]


def _near(anchor: dt.date, m: int, d: int, offset: int) -> dt.date | None:
    """Day d of month m in the current (0), last (-1) or next (+1) occurrence relative to `anchor`."""
    this = _safe_date(anchor.year, m, d)
    if offset == 0 or this is None:
        return this
    if offset < 0:
        return this if (m, d) < (anchor.month, anchor.day) else _safe_date(anchor.year - 1, m, d)
    return this if (m, d) > (anchor.month, anchor.day) else _safe_date(anchor.year + 1, m, d)


def _ordinal_day(words: str) -> int | None:
    """The day an ordinal writes ("السابع والعشرين" -> 27), read by `pipeline.numbers` when present."""
    try:
        from pipeline.numbers import parse_ordinal
    except ImportError:  # the numbers module is optional for dates
        return None
    try:
        return parse_ordinal(words)
    except Exception:  # noqa: BLE001 - a reader failing on odd text must not stop the stage
        return None


def _day_month(doc_text: str, anchor: dt.date | None) -> list[_Cand]:
    out = []
    t = tables()
    p = patterns()
    matches = [*p.day_month.finditer(doc_text), *p.ordinal_day_month.finditer(doc_text)]
    for mt in matches:
        entry = _month_entry(mt["mon"])
        by_digits = "day" in mt.re.groupindex
        d = int(mt["day"]) if by_digits else _ordinal_day(mt["ord"])
        if d is None or not 1 <= d <= 30 + (entry.calendar == "gregorian"):
            continue
        cal = entry.calendar
        c = _Cand(mt.start("day" if by_digits else "ord"), mt.end(), cal, day=d, month=entry.month)
        if mt["year"]:
            y = int(mt["year"])
            c.year, c.explicit_year = y, True
            era_cal = _era_calendar(mt["era"])
            if cal == "gregorian" and (era_cal == "hijri" or y < 1700):
                continue  # a Gregorian month with a Hijri year: not a date we can read
            if not _plausible(y, mt["era"]):
                continue
            c.value = resolve(cal, y, entry.month, d)
        elif mt["mod"]:
            c.relative = True
            off = t.after[" ".join(mt["mod"].split())]
            if anchor is not None:
                if cal == "gregorian":
                    c.value = _near(anchor, entry.month, d, off)
                else:
                    c.value = resolve(cal, None, entry.month, d, anchor)
        else:
            c.value = resolve(cal, None, entry.month, d, anchor)
        out.append(c)
    return out


def _month_near(anchor: dt.date, entry: MonthEntry, offset: int) -> dt.date | None:
    """First day of the named month in its last (-1), current (0) or next (+1) occurrence."""
    m = entry.month
    if entry.calendar == "hijri":
        h = hijri_of(anchor)
        if h is None:
            return None
        year, now = h[0], h[1]
    else:
        year, now = anchor.year, anchor.month
    if offset < 0 and m >= now:
        year -= 1
    elif offset > 0 and m <= now:
        year += 1
    if entry.calendar == "hijri":
        return hijri_to_gregorian(year, m, 1)
    return dt.date(year, m, 1)


def _month_year(text: str, anchor: dt.date | None) -> list[_Cand]:
    out = []
    for mt in patterns().month_year.finditer(text):
        entry = _month_entry(mt["mon"])
        if mt["mod"]:
            value = (
                _month_near(anchor, entry, tables().after[" ".join(mt["mod"].split())]) if anchor else None
            )
            start = mt.start("shahr") if mt["shahr"] else mt.start("mon")
            out.append(_Cand(start, mt.end(), entry.calendar, value, relative=True, month=entry.month))
            continue
        y = int(mt["year"])
        if entry.calendar == "gregorian" and (_era_calendar(mt["era"]) == "hijri" or y < 1700):
            continue
        if not _plausible(y, mt["era"]):
            continue
        value = resolve(entry.calendar, y, entry.month, 1)
        start = mt.start("shahr") if mt["shahr"] else mt.start("mon")
        out.append(_Cand(start, mt.end(), entry.calendar, value, month=entry.month, year=y))
    for mt in patterns().glossed_month.finditer(text):
        entry, gloss = _month_entry(mt["mon"]), _month_entry(mt["gl"])
        if (entry.calendar, entry.month) != (gloss.calendar, gloss.month):
            continue  # two different months: not a gloss
        value = resolve(entry.calendar, None, entry.month, 1, anchor)
        out.append(_Cand(mt.start("mon"), mt.end(), entry.calendar, value, month=entry.month))
    return out


def _feasts(text: str) -> list[_Cand]:
    """Feasts with a year ("عيد الفطر السعيد 1436هـ": its day) or a modifier ("عيد الأضحى الماضي")."""
    out = []
    for mt in patterns().feast.finditer(text):
        e = tables().feasts[" ".join(mt["feast"].split())]
        if mt["mod"]:
            out.append(_Cand(mt.start("feast"), mt.end(), e.calendar, None, relative=True))
            continue
        y = int(mt["year"])
        era_cal = _era_calendar(mt["era"]) or ("hijri" if y < 1700 else "gregorian")
        if e.calendar == "gregorian" and era_cal == "hijri":
            continue  # Christmas of a Hijri year: not a date we can read
        if not _plausible(y, mt["era"]):
            continue
        value = resolve(e.calendar, y, e.month, e.day)
        out.append(_Cand(mt.start("feast"), mt.end(), e.calendar, value, year=y, explicit_year=True))
    return out


def _part_of(part: str) -> str | None:
    """ "part_start" or "part": the role of the longest leading words of a part phrase that are one."""
    words = part.split()
    markers = tables().markers
    for k in range(len(words), 0, -1):
        head = " ".join(words[:k])
        for role in ("part_start", "part"):
            if head in markers[role]:
                return role
    return None


def _parts(text: str, cands: list[_Cand]) -> list[_Cand]:
    """Parts of a period: a part phrase just before a date takes it in ("النصف الأول من العام 2015",
    "مساء أمس"); a part of a month named without a year is a date of its own ("منتصف مارس"). A part
    that starts the period keeps its value, another part has none."""
    p = patterns()
    for c in cands:
        base = max(0, c.ns - 80)
        mt = p.part_before.search(text[base : c.ns])
        if mt:
            c.ns = base + mt.start("part")
            if _part_of(mt["part"]) != "part_start":
                c.value = None
    extra = []
    for mt in p.part_month.finditer(text):
        entry = _month_entry(mt["mon"])
        extra.append(_Cand(mt.start("part"), mt.end(), entry.calendar, None, month=entry.month))
    return extra


def _numeric(text: str) -> list[_Cand]:
    out = []
    for pat in (patterns().numeric_dmy, patterns().numeric_ymd):
        for mt in pat.finditer(text):
            a, b, y = int(mt["a"]), int(mt["b"]), int(mt["year"])
            d, m = (a, b) if b <= 12 else (b, a)  # day/month, or month/day when the second can't be a month
            if not 1 <= m <= 12:
                continue
            cal = _era_calendar(mt["era"]) or ("hijri" if y < 1700 else "gregorian")
            value = resolve(cal, y, m, d)
            if value is None and (cal == "gregorian" or not 1 <= d <= 30):
                continue
            out.append(_Cand(mt.start(), mt.end(), cal, value, day=d, month=m, year=y, explicit_year=True))
    return out


def _cued_year(text: str) -> list[_Cand]:
    out = []
    for mt in patterns().cued_year.finditer(text):
        y = int(mt["year"])
        cal = _era_calendar(mt["era"]) or ("hijri" if y < 1700 else "gregorian")
        if not 1300 <= y <= 2200:
            continue
        # A year stands for its first day (the convention of every period, see docs/dates.md).
        value = resolve(cal, y, 1, 1)
        out.append(_Cand(mt.start("year"), mt.end(), cal, value, year=y, explicit_year=True))
    return out


def _shift(anchor: dt.date, unit: str, off: int) -> dt.date:
    if unit == "day":
        return anchor + dt.timedelta(days=off)
    if unit == "week":
        return _week_start(anchor) + dt.timedelta(weeks=off)
    if unit == "month":
        return _add_months(anchor.replace(day=1), off)
    return dt.date(anchor.year + off, 1, 1)


def _relative(text: str, anchor: dt.date | None) -> list[_Cand]:
    t, p = tables(), patterns()
    out = []
    for mt in p.fixed.finditer(text):
        rel = " ".join(mt["rel"].split())
        if not _fixed_is_date(text, mt.start("rel"), mt.end("rel"), rel):
            continue
        value = _shift(anchor, "day", t.fixed[rel]) if anchor else None
        out.append(_Cand(mt.start("rel"), mt.end(), relative=True, value=value))
    for mt in p.period.finditer(text):
        if mt["per1"]:
            unit, off, start = t.periods[" ".join(mt["per1"].split())], t.before[mt["pre"]], mt.start("pre")
        else:
            unit, off = t.periods[" ".join(mt["per2"].split())], t.after[" ".join(mt["post"].split())]
            start = mt.start("per2")
        out.append(_Cand(start, mt.end(), relative=True, value=_shift(anchor, unit, off) if anchor else None))
    for mt in p.span.finditer(text):  # a stretch of days, weeks ...: no one day
        out.append(_Cand(mt.start("span"), mt.end(), relative=True))
    for mt in p.weekday.finditer(text):
        wd, off = t.weekdays[mt["wd"]], t.after[" ".join(mt["post"].split())]
        value = None
        if anchor:
            if off < 0:
                back = (anchor.isoweekday() - wd) % 7 or 7
                value = anchor - dt.timedelta(days=back)
            elif off > 0:
                value = anchor + dt.timedelta(days=(wd - anchor.isoweekday()) % 7 or 7)
            else:
                value = _week_start(anchor) + dt.timedelta(days=wd % 7)
        out.append(_Cand(mt.start("wd"), mt.end(), relative=True, value=value))
    for mt in p.day_period.finditer(text):
        d = int(mt["day"]) if mt["day"] else _ordinal_day(mt["ord"])
        if d is None or not 1 <= d <= 31:
            continue
        off = t.after[" ".join(mt["post"].split())]
        value = None
        if anchor:
            first = _add_months(anchor.replace(day=1), off)
            value = _safe_date(first.year, first.month, d)
        start = mt.start("day") if mt["day"] else mt.start("ord")
        out.append(_Cand(start, mt.end(), relative=True, value=value, day=d))
    return out


def _fixed_is_date(text: str, s: int, e: int, rel: str) -> bool:
    """Whether a fixed relative word is used as a date.

    "اليوم" followed by a definite adjective or ordinal is a day, not today:
    "اليوم العالمي للصحة", "اليوم الأول من الحملة" (but "اليوم الخميس" is today).
    """
    if not rel.startswith("ال"):
        return True
    if patterns().not_today.search(text[max(0, s - 12) : s]):
        return False
    nxt = re.match(r"\s+(\w+)", text[e:])
    if nxt and nxt[1].startswith("ال") and nxt[1] not in tables().weekdays:
        return False
    return True


def _select(cands: list[_Cand]) -> list[_Cand]:
    """Non-overlapping candidates, longer first. The kept ones, in text order, do not overlap: of
    those starting before a candidate's end, only the last can reach into it (a bisection)."""
    kept: list[_Cand] = []
    starts: list[int] = []
    for c in sorted(cands, key=lambda c: (-(c.ne - c.ns), c.ns)):
        k = bisect_left(starts, c.ne)
        if k == 0 or kept[k - 1].ne <= c.ns:
            kept.insert(k, c)
            starts.insert(k, c.ns)
    return kept


def _ranges(text: str, cands: list[_Cand], anchor: dt.date | None) -> list[_Cand]:
    """First days of ranges ("من 5 إلى 10 مارس 2024"), and missing years taken from a range's end."""
    extra = []
    for c in cands:
        if c.day is None or c.month is None:
            continue
        base = max(0, c.ns - 40)
        head = patterns().range_head.search(text[base : c.ns])
        if head is None:
            continue
        days = list(re.finditer(r"\d+", head["days"]))
        connectors = re.sub(r"\d+|\s", "", head["days"])
        if not head["cue"] and (len(days) > 1 or set(connectors) & set("و،,")):
            continue  # "5 و10 مارس", "3، 10 مارس": a list of days needs "بين"/"يومي"/"أيام"
        for dm in days:
            d1 = int(dm.group())
            if c.value is not None and d1 < c.day:
                value: dt.date | None = c.value - dt.timedelta(days=c.day - d1)
            else:
                value = resolve(c.calendar, c.year, c.month, d1, anchor)
            ns = base + head.start("days") + dm.start()
            extra.append(
                _Cand(
                    ns,
                    ns + len(dm.group()),
                    c.calendar,
                    value,
                    c.relative,
                    d1,
                    c.month,
                    c.year,
                    c.explicit_year,
                )
            )
    # "من 26 مايو إلى 26 أغسطس 2024": the first end takes the year of the second.
    for a, b in zip(cands, cands[1:], strict=False):
        if a.year is None and a.month and a.day and b.explicit_year and not a.relative:
            between = text[a.ne : b.ns]
            if patterns().range_gap.fullmatch(between):
                a.year = b.year
                a.value = resolve(a.calendar, b.year, a.month, a.day)
    return extra


def _pairs(text: str, cands: list[_Cand]) -> None:
    """Two dates joined by "الموافق" are the same day: one without a value takes the other's."""
    for a, b in zip(cands, cands[1:], strict=False):
        if patterns().muwafiq.match(text[a.ne : b.ns]):
            if a.value is None and b.value is not None:
                a.value = b.value
            elif b.value is None and a.value is not None:
                b.value = a.value


def read_dates(doc: Document) -> list[DateMention]:
    """Every date mention of a document, in text order."""
    view = doc.view
    text = view.text
    anchor = _published(doc)
    cands = [
        *_day_month(text, anchor),
        *_month_year(text, anchor),
        *_numeric(text),
        *_cued_year(text),
        *_relative(text, anchor),
        *_feasts(text),
    ]
    cands = _select(cands)
    cands = _select([*cands, *_ranges(text, cands, anchor)])
    _pairs(text, cands)
    cands = _select([*cands, *_parts(text, cands)])
    out = []
    for c in cands:
        s, e = view.to_original(c.ns, c.ne)
        # Marks the view dropped after the last letter belong to it: the tatweel of "هـ", a tanween.
        while e < len(doc.text) and (doc.text[e] == "\u0640" or unicodedata.category(doc.text[e]) == "Mn"):
            e += 1
        out.append(
            DateMention(
                text=doc.text[s:e],
                start=s,
                end=e,
                value=c.value.isoformat() if c.value else None,
                calendar=c.calendar,  # type: ignore[arg-type]
                relative=c.relative,
            )
        )
    return out


def find_dates(doc: Document) -> Document:
    """Read `doc.view` (and `doc.published` for relative dates); fill `doc.dates` and append a
    DATE entity per mention to `doc.entities`."""
    doc.dates = read_dates(doc)
    for d in doc.dates:
        doc.entities.append(
            Entity(type="DATE", text=d.text, start=d.start, end=d.end, norm=norm(d.text), source="grammar")
        )
    return doc
