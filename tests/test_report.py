"""The analyst's report: Arabic labels for every code, charts that link to the filtered events,
every event at its source, run metadata and rejects on top, pagination of large runs."""

from __future__ import annotations

import json
import re
import sqlite3
import typing
from pathlib import Path
from typing import Any

import pytest

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
from pipeline.report import RunInfo, event_date, label, shown_times, write_report
from pipeline.writers import write_sqlite
from tests.conftest import SHARED, span

OUTPUT_MD = SHARED / "spec" / "OUTPUT.md"

TEXT_A = "أجرى فريق طبي بمستشفى النور التخصصي 5 عمليات قسطرة قلبية يوم 3 أبريل 2024، بدعم من وزارة الصحة."
TEXT_B = "افتتح مركز الأمل لغسيل الكلى في سبها قسماً جديداً للغسيل الكلوي مطلع الشهر المقبل."
TEXT_C = "نشرة <قصيرة> بلا أحداث & بلا أرقام"


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


def render_pages(
    docs: list[Document],
    rejects: list[Reject],
    info: RunInfo | None = None,
    out: Path | None = None,
    jobs: int = 1,
) -> dict[str, str]:
    """The report of these documents: their database written as a run does, the pages read back."""
    import tempfile

    out = out or Path(tempfile.mkdtemp(prefix="report-"))
    db = write_sqlite(out / "bulletins.sqlite", docs)
    info = RunInfo(**{**(info or RunInfo()).__dict__, "rejects": tuple(rejects)})
    return {n: (out / n).read_text(encoding="utf-8") for n in write_report(db, out, info, jobs=jobs)}


def render_report(docs: list[Document], rejects: list[Reject], info: RunInfo | None = None) -> str:
    return render_pages(docs, rejects, info)["report.html"]


def events_data(page: str) -> list[list[Any]]:
    """The page's events, their string-table fields read back (codes, names, pages)."""
    data = json.loads(
        re.search(r'<script type="application/json" id="events-data">(.*?)</script>', page, re.S)[1]
    )
    table = json.loads(
        re.search(r'<script type="application/json" id="events-strings">(.*?)</script>', page)[1]
    )
    s = table["s"]

    def at(i: int | None) -> str | None:
        return None if i is None else s[i]

    return [
        [
            e[0],
            e[1],
            at(e[2]),
            e[3],
            *map(at, e[4:6]),
            e[6],
            *map(at, e[7:11]),
            [[s[t], s[r]] for t, r in e[11]],
            at(e[12]),
            e[13],
            e[14],
        ]
        for e in data
    ]


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
    row = next(e for e in events_data(html) if e[0] == "ev-a-1")
    # id, bulletin, its page ("" = this one), rejects, type, procedure, count, unit, facility key and name,
    # place, organizations, programme, date as written, date filtered on
    assert row == [
        "ev-a-1", "nour:1-1", "", 0, "procedure_performed", "catheterization", 5, "operation", "nour",
        "مستشفى النور التخصصي", "بنغازي", [["وزارة الصحة", "supporter"]], None, "2024-04-03", "2024-04-03",
    ]  # fmt: skip
    unresolved = next(e for e in events_data(html) if e[0] == "ev-b-1")
    assert unresolved[3] == 1  # from a file that had rejects
    assert unresolved[13:] == ["مطلع الشهر المقبل", "2024-05-10"]  # filtered on the publication date
    assert '<div class="card" id="ev-ev-a-1">' in html  # the slots beside the text
    assert '<span class="ev" data-ev="ev-a-1">' in html  # the evidence
    assert '<span class="qty count" title="5 عملية قسطرة قلبية">5 عمليات</span>' in html  # its count


def test_the_page_carries_the_labels_of_the_codes_its_events_use(html: str) -> None:
    table = json.loads(re.search(r'id="events-strings">(.*?)</script>', html)[1])
    assert table["l"]["procedure:catheterization"] == "قسطرة قلبية"
    assert table["l"]["role:supporter"] == "داعم"
    assert "procedure:dialysis" in table["l"] and "unit:operation" in table["l"]


def test_script_close_tag_in_a_value_cannot_end_the_data() -> None:
    doc = documents()[0]
    doc.events[0].location = "</script><b>x"
    page = render_report([doc], [])
    data = page[page.index('id="events-data">') : page.index("</script>", page.index('id="events-data">'))]
    assert "</script" not in data and "<\\/script>" in page
    assert next(e for e in events_data(page))[10] == "</script><b>x"


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
    assert "limit = 1;" in page and 'id="more" hidden' in page  # the script draws 1 row, then more
    assert len(events_data(page)) == 2  # the data holds them all


def test_large_run_is_paginated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(report, "MAX_INLINE_BULLETINS", 2)
    monkeypatch.setattr(report, "PAGE_SIZE", 2)
    pages = render_pages(documents(), REJECTS, INFO)
    assert list(pages) == ["report.html", "report/bulletins-0001.html", "report/bulletins-0002.html"]
    main = pages["report.html"]
    assert '<section class="doc"' not in main  # the bulletins are in the pages ...
    assert [e[2] for e in events_data(main)] == ["report/bulletins-0001.html"] * 2  # ... events link there
    assert '<b><bdi dir="ltr" class="num">3</bdi></b><span>النشرات</span>' in main  # overview complete
    assert main.count("<svg ") == 6
    first, second = pages["report/bulletins-0001.html"], pages["report/bulletins-0002.html"]
    assert 'id="nour:1-1"' in first and 'id="amal-7"' in first and 'id="empty-1"' in second
    assert [e[2] for e in events_data(first)] == ["", ""] and events_data(second) == []
    assert 'href="../report.html"' in first
    assert '<option value="dialysis">' in first and '<option value="dialysis">' not in second


@pytest.mark.parametrize("jobs", [2, 3, 8])
@pytest.mark.parametrize("page_size", [None, 1, 2])  # None: every bulletin on report.html
def test_bulletins_rendered_in_worker_processes_give_the_same_pages(
    monkeypatch: pytest.MonkeyPatch, jobs: int, page_size: int | None
) -> None:
    monkeypatch.setattr(report, "MIN_SHARE", 1)  # a worker even for one bulletin
    if page_size is not None:
        monkeypatch.setattr(report, "MAX_INLINE_BULLETINS", 2)
        monkeypatch.setattr(report, "PAGE_SIZE", page_size)
    one = render_pages(documents(), REJECTS, INFO)
    assert render_pages(documents(), REJECTS, INFO, jobs=jobs) == one
    assert len(one) == {None: 1, 1: 4, 2: 3}[page_size]


@pytest.mark.parametrize(
    ("n", "unit", "jobs", "shares"),
    [
        (400, 1, 2, [(0, 200), (200, 400)]),
        (401, 1, 2, [(0, 201), (201, 401)]),
        (150, 1, 2, [(0, 100), (100, 150)]),  # 100 bulletins a worker at least ...
        (5, 1, 2, [(0, 5)]),  # ... so a small run's report is rendered here
        (300, 1, 8, [(0, 100), (100, 200), (200, 300)]),  # no empty share
        (0, 1, 2, []),
        (1000, 250, 2, [(0, 500), (500, 1000)]),  # whole report/ pages of 250 ...
        (1001, 250, 2, [(0, 750), (750, 1001)]),  # ... the last one short
        (7, 250, 4, [(0, 7)]),
    ],
)
def test_bulletins_are_shared_among_workers_in_whole_pages(n, unit, jobs, shares) -> None:
    assert report._shares(n, unit, jobs) == shares


def test_small_run_is_one_page() -> None:
    assert list(render_pages(documents(), [])) == ["report.html"]


def test_without_run_info_the_page_depends_only_on_the_run() -> None:
    assert render_report(documents(), REJECTS) == render_report(documents(), REJECTS)
    assert "T10:00" not in render_report(documents(), REJECTS)


@pytest.mark.parametrize(
    ("epoch", "expected"),
    [
        (None, ("2024-06-01T10:00:00Z", "2024-06-01T10:00:05Z")),  # the run's own times
        ("", ("2024-06-01T10:00:00Z", "2024-06-01T10:00:05Z")),
        ("0", ("1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z")),
        ("1717236000", ("2024-06-01T10:00:00Z", "2024-06-01T10:00:00Z")),  # both times: the epoch's
    ],
)
def test_source_date_epoch(monkeypatch: pytest.MonkeyPatch, epoch: str | None, expected: tuple) -> None:
    if epoch is None:
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    else:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    assert shown_times(INFO) == expected


def test_source_date_epoch_that_is_no_number_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH"):
        shown_times(INFO)


def test_rerun_with_source_date_epoch_is_byte_identical(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from pipeline.run import run
    from tests.conftest import CORPUS

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717236000")
    out = tmp_path / "out"
    reports = []
    for _ in range(2):
        run([CORPUS], out, published="2024-03-20", progress=False, jobs=1)
        reports.append({p.name: p.read_bytes() for p in out.iterdir()})
    assert reports[0] == reports[1]  # report.html, the manifest and every other file
    assert "2024-06-01T10:00:00Z" in reports[0]["report.html"].decode("utf-8")


# --------------------------------------------------------------------------- read from the database


def _linked(docs: list[Document]) -> list[Document]:
    """Bulletin 2 reports bulletin 1's happening (its event in the same cluster)."""
    second = documents()[0].model_copy(deep=True)
    second.doc_id = "nour-repeat"
    second.events[0].event_id = "ev-a-2"
    second.events[0].cluster_id = "ev-a-1"
    return [docs[0], second, *docs[1:]]


def test_charts_count_a_happening_told_twice_once() -> None:
    page = render_report(_linked(documents()), [])
    assert 'id="counted-once"' in page
    types = page[page.index('id="chart-types"') : page.index("</figure>", page.index('id="chart-types"'))]
    assert "(procedure_performed): 1</title>" in types  # one happening, two events
    procedures = page[page.index('id="chart-procedures"') :]
    assert "(catheterization · 1 واقعة): 5</title>" in procedures  # its count once: 5, not 10
    assert len([e for e in events_data(page) if e[4] == "procedure_performed"]) == 2  # the table: both


def test_a_happening_read_only_from_a_repost_is_left_out_of_the_charts() -> None:
    docs = _linked(documents())
    docs[1].duplicate_of = "nour:1-1"
    docs[1].events[0].cluster_id = None  # a reading of the repost that the first bulletin did not give
    page = render_report(docs, [])
    assert "(procedure_performed): 1</title>" in page


def test_without_the_clusters_table_the_charts_count_events(tmp_path: Path) -> None:
    db = write_sqlite(tmp_path / "bulletins.sqlite", _linked(documents()))
    with sqlite3.connect(db) as con:
        con.execute("DROP TABLE event_clusters")
    write_report(db, tmp_path, RunInfo())
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert 'id="counted-once"' not in page
    assert "(procedure_performed): 2</title>" in page and "(catheterization · 2 حدث): 10</title>" in page


def test_a_table_out_of_input_order_is_refused(tmp_path: Path) -> None:
    db = write_sqlite(tmp_path / "bulletins.sqlite", documents())
    with sqlite3.connect(db) as con:
        con.execute("CREATE TABLE t AS SELECT * FROM entities ORDER BY rowid DESC")
        con.execute("DELETE FROM entities")
        con.execute("INSERT INTO entities SELECT * FROM t")
    with pytest.raises(ValueError, match="entities: .* out of input order"):
        write_report(db, tmp_path, RunInfo())


def test_bulletins_read_back_from_the_database_render_as_the_documents() -> None:
    page = render_report(documents(), [])
    for doc in documents():
        assert report._document(doc, False) in page  # entities, quantities, dates, events: all back


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


@pytest.fixture(scope="module")
def corpus_report(tmp_path_factory: pytest.TempPathFactory) -> str:
    from pipeline.run import run
    from tests.conftest import CORPUS

    out = tmp_path_factory.mktemp("run")  # a name that is no code: the page shows its path
    run([CORPUS], out, published="2024-03-20", progress=False)
    return (out / "report.html").read_text(encoding="utf-8")


def test_sample_corpus_report_shows_no_code_and_no_arabic_left_to_right(corpus_report: str) -> None:
    body = re.sub(r"<script.*?</script>", "", corpus_report[corpus_report.index("<body>") :], flags=re.S)
    ltr = re.findall(r'dir="ltr"[^>]*>([^<]*)<', body)
    assert [t for t in ltr if re.search(r"[\u0600-\u06ff]", t)] == []
    # tags, SVG hover texts, the run's options and the bulletins' paths out (a path may hold any word)
    visible = re.sub(
        r'<title>.*?</title>|<table class="meta-table">.*?</table>|<div class="meta">.*?</div>|<[^>]+>',
        " ",
        body,
    )
    codes = {c for _, vocab in vocabularies() for c in vocab}
    words = set(re.findall(r"(?<![-\w])[A-Za-z_]+", visible))
    assert "procedure_performed" in corpus_report and words & codes == set()
