"""The analyst's report: Arabic labels for every code, charts that link to the filtered events,
every event at its source, run metadata and rejects on top, pagination of large runs."""

from __future__ import annotations

import re
import typing
from typing import Any

import pytest
from pydantic import BaseModel

import pipeline.entity_lexicon  # noqa: F401  (registers the procedures lexicon)
import pipeline.quantities  # noqa: F401  (registers the units lexicon)
from pipeline import report
from pipeline.lexicons import load, vocabulary
from pipeline.models import (
    Calendar,
    DateMention,
    DecreeKind,
    Document,
    Entity,
    EntityType,
    Event,
    EventType,
    Evidence,
    FacilityRef,
    OrgRef,
    Period,
    Qualifier,
    Quantity,
    Reject,
    Role,
    Source,
)
from pipeline.normalize import norm
from pipeline.report import RunInfo, event_date, label, render_pages, render_report
from tests.conftest import SHARED

OUTPUT_MD = SHARED / "spec" / "OUTPUT.md"

TEXT_A = "أجرى فريق طبي بمستشفى النور التخصصي 5 عمليات قسطرة قلبية يوم 3 أبريل 2024، بدعم من وزارة الصحة."
TEXT_B = "افتتح مركز الأمل لغسيل الكلى في سبها قسماً جديداً للغسيل الكلوي مطلع الشهر المقبل."
TEXT_C = "نشرة <قصيرة> بلا أحداث & بلا أرقام"


def span(text: str, surface: str, model: type[BaseModel], **fields: Any) -> Any:
    start = text.index(surface)
    return model(text=surface, start=start, end=start + len(surface), **fields)


def documents() -> list[Document]:
    a = Document(
        doc_id="nour:1-1",
        source=Source(path="in/a.txt", line_start=1, line_end=1),
        published="2024-04-05",
        text=TEXT_A,
        entities=[
            span(
                TEXT_A,
                "مستشفى النور التخصصي",
                Entity,
                type="FACILITY",
                norm="x",
                id="nour",
                name_en="Al-Nour",
            ),
            span(TEXT_A, "قسطرة قلبية", Entity, type="PROCEDURE", norm="x", id="catheterization"),
            span(TEXT_A, "3 أبريل 2024", Entity, type="DATE", norm="x"),
            span(TEXT_A, "وزارة الصحة", Entity, type="ORG", norm="x"),
        ],
        quantities=[
            span(TEXT_A, "5 عمليات", Quantity, value=5, unit="operation", procedure="catheterization")
        ],
        dates=[span(TEXT_A, "3 أبريل 2024", DateMention, value="2024-04-03")],
        events=[
            Event(
                event_id="ev-a-1",
                type="procedure_performed",
                procedure="catheterization",
                count=5,
                unit="operation",
                facility=FacilityRef(text="مستشفى النور التخصصي", id="nour"),
                location="بنغازي",
                organizations=[OrgRef(text="وزارة الصحة", role="supporter")],
                date="2024-04-03",
                evidence=Evidence(start=0, end=len(TEXT_A)),
            )
        ],
    )
    b = Document(
        doc_id="amal-7",
        source=Source(path="in/bad.jsonl", line_start=3, line_end=3),
        published="2024-05-10",
        text=TEXT_B,
        entities=[span(TEXT_B, "مركز الأمل لغسيل الكلى", Entity, type="FACILITY", norm="x")],
        events=[
            Event(
                event_id="ev-b-1",
                type="service_launch",
                procedure="dialysis",
                facility=FacilityRef(text="مركز الأمل لغسيل الكلى"),
                location="سبها",
                date="مطلع الشهر المقبل",
                evidence=Evidence(start=0, end=len(TEXT_B)),
            )
        ],
    )
    c = Document(doc_id="empty-1", source=Source(path="in/c.txt"), text=TEXT_C)
    return [a, b, c]


REJECTS = [Reject(path="in/bad.jsonl", line=7, reason="invalid JSON: Expecting value")]
INFO = RunInfo(
    inputs=("in/",),
    options=(("--published", "2024-04-01"),),
    version="9.9.9",
    started="2024-06-01T10:00:00Z",
    finished="2024-06-01T10:00:05Z",
)


@pytest.fixture(scope="module")
def html() -> str:
    return render_report(documents(), REJECTS, INFO)


# --------------------------------------------------------------------------- labels


def _literal(annotation: Any) -> list[str]:
    return list(typing.get_args(annotation))


def _output_md_codes() -> dict[str, list[str]]:
    """Procedure codes (the table) and unit codes (the `unit` bullet) of OUTPUT.md."""
    if not OUTPUT_MD.is_file():
        return {}
    spec = OUTPUT_MD.read_text(encoding="utf-8")
    table = spec[spec.index("Procedure codes") :]
    procedures = [
        code.strip()
        for line in table.splitlines()[4:]
        if line.startswith("| ")
        for code in line.split("|")[1].split("·")
    ]
    unit_bullet = spec[spec.index("- `unit`") : spec.index("- `procedure`")]
    return {"procedure": procedures, "unit": re.findall(r"`([A-Za-z_]+)`", unit_bullet)[1:]}


def vocabularies() -> list[tuple[str, list[str]]]:
    spec = _output_md_codes()
    return [
        ("event_type", _literal(EventType)),
        ("entity_type", _literal(EntityType)),
        ("role", _literal(Role)),
        ("qualifier", _literal(Qualifier)),
        ("period", _literal(Period)),
        ("decree_kind", _literal(DecreeKind)),
        ("calendar", _literal(Calendar)),
        ("procedure", [e.id for e in load("procedures")]),
        ("unit", sorted({e.unit for e in load("units")})),  # the codes written in Quantity.unit
        *((f"{v} (OUTPUT.md)", codes) for v, codes in spec.items()),
    ]


@pytest.mark.parametrize(("vocab", "codes"), vocabularies(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_code_has_an_arabic_label(vocab: str, codes: list[str]) -> None:
    assert len(codes) >= 2  # the list of codes was found
    name = vocab.split()[0]
    assert [c for c in codes if label(name, c) is None] == []


def test_spec_codes_are_read() -> None:
    if not OUTPUT_MD.is_file():
        pytest.skip(f"{OUTPUT_MD} not found")
    spec = _output_md_codes()
    assert {"catheterization", "kidney_transplant", "blood_donation"} <= set(spec["procedure"])
    assert {"operation", "year_of_age", "LYD", "EUR"} <= set(spec["unit"])


def test_label_ids_name_a_vocabulary() -> None:
    names = {v for v, _ in vocabularies()}
    assert {e.id.split(":")[0] for e in load("labels")} <= names


@pytest.mark.parametrize(
    ("vocab", "code", "expected"),
    [
        ("event_type", "procedure_performed", "إجراء طبي منفّذ"),
        ("procedure", "catheterization", "قسطرة قلبية"),
        ("unit", "LYD", "دينار ليبي"),  # codes in capitals are looked up lowercased
        ("role", "supporter", "داعم"),
        ("role", "other", "دور آخر"),  # the same code in two vocabularies, two labels
        ("event_type", "other", "أخرى"),
        ("procedure", "no_such_code", None),  # trap: an unknown code has no label
    ],
)
def test_label(vocab: str, code: str, expected: str | None) -> None:
    assert label(vocab, code) == expected


def test_labels_stay_out_of_the_tokenizer_vocabulary() -> None:
    """Labels are display text: a word found only in labels.tsv is not a word the tokenizer knows."""
    from pipeline.lexicons import LEXICON_DIR

    label_words = {norm(w) for e in load("labels") for form in e.ar for w in form.split()}
    other_words = set()
    for path in LEXICON_DIR.glob("*.tsv"):
        if path.stem != "labels":
            other_words |= {
                norm(w) for w in re.findall(r"[\u0600-\u06ff]+", path.read_text(encoding="utf-8"))
            }
    only_labels = label_words - other_words
    assert only_labels  # the test means something
    assert only_labels.isdisjoint(vocabulary())


# --------------------------------------------------------------------------- the page


def test_codes_shown_by_arabic_label_with_code_on_hover(html: str) -> None:
    assert '<span class="lbl" title="catheterization">قسطرة قلبية</span>' in html
    assert '<span class="lbl" title="procedure_performed">إجراء طبي منفّذ</span>' in html
    assert '<span class="lbl" title="supporter">داعم</span>' in html
    assert '<span class="lbl" title="operation">عملية</span>' in html


def test_unknown_code_shown_as_code() -> None:
    doc = documents()[0]
    doc.events[0].unit = "widget"
    assert '<bdi dir="ltr" class="code">widget</bdi>' in render_report([doc], [])


def test_no_arabic_in_a_left_to_right_box(html: str) -> None:
    ltr = re.findall(r'dir="ltr"[^>]*>([^<]*)<', html)
    assert '">5<' in html and ltr  # numbers are isolated left to right ...
    assert [t for t in ltr if re.search(r"[\u0600-\u06ff]", t)] == []  # ... Arabic never is
    assert "<bdi>مطلع الشهر المقبل</bdi>" in html  # an unresolved date keeps its own direction
    assert '<bdi dir="ltr" class="num">2024-04-03</bdi>' in html


def test_text_is_escaped(html: str) -> None:
    assert "نشرة &lt;قصيرة&gt; بلا أحداث &amp; بلا أرقام" in html
    assert "<قصيرة>" not in html


def test_run_metadata_and_rejects_on_top(html: str) -> None:
    for shown in ("in/", "2024-04-01", "9.9.9", "2024-06-01T10:00:00Z", "2024-06-01T10:00:05Z"):
        assert shown in html
    rejects = html.index('id="rejects"')
    assert rejects < html.index('id="overview"')
    assert "invalid JSON: Expecting value" in html[rejects:] and '<bdi dir="ltr" class="num">7</bdi>' in html
    assert 'id="rejects"' not in render_report(documents(), [])


def test_charts(html: str) -> None:
    for chart in ("types", "procedures", "facilities", "places", "months", "roles"):
        assert f'id="chart-{chart}"' in html
    assert html.count("<svg ") == 6
    # a bar links to the events table filtered to it
    assert '<a href="#filter?type=procedure_performed&amp;procedure=catheterization">' in html
    assert '<a href="#filter?facility=nour">' in html
    assert '<a href="#filter?role=supporter">' in html
    # events per month: the event's date, else the publication date (2024-05 for the unresolved one)
    assert '<a href="#filter?from=2024-04-01&amp;to=2024-04-31">' in html
    assert '<a href="#filter?from=2024-05-01&amp;to=2024-05-31">' in html


@pytest.mark.parametrize(
    ("date", "published", "expected"),
    [
        ("2024-04-03", "2024-04-05", "2024-04-03"),
        ("مطلع الشهر المقبل", "2024-05-10", "2024-05-10"),
        (None, "2024-05-10", "2024-05-10"),
        ("13 مارس", None, None),
    ],
)
def test_event_date(date: str | None, published: str | None, expected: str | None) -> None:
    doc = documents()[1]
    doc.published = published
    doc.events[0].date = date
    assert event_date(doc, doc.events[0]) == expected


def test_event_row_links_to_its_card_and_evidence(html: str) -> None:
    row = re.search(r'<tr data-f="ev"[^>]*data-procedure="catheterization"[^>]*>.*?</tr>', html)
    assert row and 'href="#ev-ev-a-1"' in row.group(0)
    assert 'data-facility="nour"' in row.group(0) and 'data-date="2024-04-03"' in row.group(0)
    assert '<div class="card" id="ev-ev-a-1">' in html  # the slots beside the text
    assert '<span class="ev" data-ev="ev-a-1">' in html  # the evidence
    assert '<span class="qty count" title="5 عملية قسطرة قلبية">5 عمليات</span>' in html  # its count


def test_entity_hover(html: str) -> None:
    assert 'title="مرفق صحي · FACILITY · nour · Al-Nour"' in html
    assert 'title="تاريخ · DATE · 2024-04-03"' in html  # a DATE shows its resolved value


def test_filters(html: str) -> None:
    form = html[html.index('<form id="filters"') : html.index("</form>")]
    for name in ("q", "type", "procedure", "facility", "place", "role", "from", "to", "rejects"):
        assert f'name="{name}"' in form
    assert '<option value="dialysis">غسيل الكلى</option>' in form
    # a bulletin from a file that had rejects carries the mark the "has rejects" filter reads
    assert re.search(r'<section class="doc" id="amal-7"[^>]*data-rej="1"', html)
    assert not re.search(r'<section class="doc" id="nour:1-1"[^>]*data-rej', html)


def test_table_of_contents(html: str) -> None:
    toc = html[html.index('<nav class="toc"') : html.index("</nav>")]
    for anchor in ("#run", "#rejects", "#overview", "#chart-procedures", "#events", "#bulletins"):
        assert f'href="{anchor}"' in toc


def test_row_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(report, "ROW_LIMIT", 1)
    page = render_report(documents(), [])
    assert len(re.findall(r'<tr data-f="ev" hidden', page)) == 1
    assert 'id="more"' in page
    monkeypatch.undo()
    assert 'id="more"' not in render_report(documents(), [])


def test_large_run_is_paginated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(report, "MAX_INLINE_BULLETINS", 2)
    monkeypatch.setattr(report, "PAGE_SIZE", 2)
    pages = render_pages(documents(), REJECTS, INFO)
    assert list(pages) == ["report.html", "report/bulletins-0001.html", "report/bulletins-0002.html"]
    main = pages["report.html"]
    assert '<section class="doc"' not in main  # the bulletins are in the pages ...
    assert 'href="report/bulletins-0001.html#ev-ev-a-1"' in main  # ... and every event links there
    assert '<b><bdi dir="ltr" class="num">3</bdi></b><span>النشرات</span>' in main  # overview complete
    assert main.count("<svg ") == 6
    first, second = pages["report/bulletins-0001.html"], pages["report/bulletins-0002.html"]
    assert 'id="nour:1-1"' in first and 'id="amal-7"' in first and 'id="empty-1"' in second
    assert 'href="#ev-ev-a-1"' in first and 'href="../report.html"' in first


def test_small_run_is_one_page() -> None:
    assert list(render_pages(documents(), [])) == ["report.html"]


def test_without_run_info_the_page_depends_only_on_the_run() -> None:
    assert render_report(documents(), REJECTS) == render_report(documents(), REJECTS)
    assert "T10:00" not in render_report(documents(), REJECTS)


@pytest.mark.parametrize(
    ("value", "shown"), [(6, "6"), (1500000, "1500000"), (2.5, "2.5"), (4.0, "4"), (1234567.5, "1234567.5")]
)
def test_number(value: float, shown: str) -> None:
    assert report.number(value) == shown


def test_large_counts_are_written_out() -> None:
    doc = documents()[0]
    doc.events[0].count = 1500000
    page = render_report([doc], [])
    assert '<bdi dir="ltr" class="num">1500000</bdi>' in page and "e+06" not in page


def test_two_bulletins_with_one_id_link_to_their_own_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(report, "MAX_INLINE_BULLETINS", 1)
    monkeypatch.setattr(report, "PAGE_SIZE", 1)
    first, second = documents()[0], documents()[0]
    second.events[0].event_id = "ev-a-2"
    main = render_pages([first, second], [])["report.html"]
    assert 'href="report/bulletins-0001.html#ev-ev-a-1"' in main
    assert 'href="report/bulletins-0002.html#ev-ev-a-2"' in main


@pytest.fixture(scope="module")
def corpus_report(tmp_path_factory: pytest.TempPathFactory) -> str:
    from pipeline.run import run
    from tests.conftest import CORPUS

    out = tmp_path_factory.mktemp("run")  # a name that is no code: the page shows its path
    run([CORPUS], out, published="2024-03-20", progress=False)
    return (out / "report.html").read_text(encoding="utf-8")


def test_sample_corpus_report_shows_no_code_and_no_arabic_left_to_right(corpus_report: str) -> None:
    body = corpus_report[corpus_report.index("<body>") : corpus_report.index("<script>")]
    ltr = re.findall(r'dir="ltr"[^>]*>([^<]*)<', body)
    assert [t for t in ltr if re.search(r"[\u0600-\u06ff]", t)] == []
    visible = re.sub(r"<title>.*?</title>|<[^>]+>", " ", body)  # tags and SVG hover texts out
    codes = {c for _, vocab in vocabularies() for c in vocab}
    words = set(
        re.findall(r"(?<![-\w])[A-Za-z_]+", visible)
    )  # not the parts of an option name (--home-country)
    assert "procedure_performed" in corpus_report and words & codes == set()
