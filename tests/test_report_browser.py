"""report.html in a real browser (headless Chromium): it fits 1400 and 600 px wide, its charts are
drawn, a filter in the URL fragment (what a chart bar links to) hides the other rows, and the
evidence of the event in the fragment is lit. Screenshots go to outputs/ (report-1400.png, ...).

Skipped when /usr/bin/chromium is missing (CI installs Debian's `chromium` in .ci/run); the
launch helper is bench/chromium.py (shared with bench/report_scale.py). The page's script writes
what the test reads into data-* attributes of <html> on load (data-shown-events,
data-total-events; data-fits and data-overflowing when the URL has ?check-fit), and `--dump-dom`
prints the DOM after load, with the events table the script drew from the page's data.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest

from bench.chromium import CHROMIUM, available, chromium
from pipeline.run import run
from tests.conftest import CORPUS, ROOT

WIDTHS = (1400, 600)

pytestmark = pytest.mark.skipif(
    not available(),
    reason=f"no browser: {CHROMIUM} is not installed (apt-get install chromium; CI's .ci/run installs it)",
)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report")
    run([CORPUS], out, published="2024-03-20", progress=False)
    return out / "report.html"


class Dom(HTMLParser):
    """The attributes of <html>, of the event rows, of the bulletins, and the chart links."""

    def __init__(self, text: str):
        super().__init__()
        self.root: dict[str, str] = {}
        self.rows: list[dict[str, str]] = []
        self.docs: list[dict[str, str]] = []
        self.bars: list[str] = []
        self.rects = 0
        self.lit: list[str] = []
        self.counts: list[float] = []  # the events' counts, in the order of the rows
        self.row_links: list[str] = []  # the link of each row's first cell
        self.arabic_ltr: list[str] = []  # Arabic text inside a dir="ltr" box (there must be none)
        self._ltr = 0
        self._in_row = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.root = a
        elif a.get("data-f") == "ev":
            self.rows.append(a)
            self._in_row = True
        elif a.get("data-f") == "doc":
            self.docs.append(a)
        elif tag == "a" and a.get("href", "").startswith("#filter?"):
            self.bars.append(a["href"])
        elif tag == "td" and "data-sort" in a:
            self.counts.append(float(a["data-sort"]))
        elif tag == "rect":
            self.rects += 1
        elif tag == "a" and self._in_row:
            self.row_links.append(a.get("href", ""))
            self._in_row = False
        elif tag == "span" and "on" in a.get("class", "").split() and "ev" in a.get("class", "").split():
            self.lit.append(a.get("data-ev", ""))
        if tag == "bdi":
            self._ltr += a.get("dir") == "ltr" or bool(self._ltr)

    def handle_endtag(self, tag: str) -> None:
        if tag == "bdi" and self._ltr:
            self._ltr -= 1

    def handle_data(self, data: str) -> None:
        if self._ltr and re.search(r"[\u0600-\u06ff]", data):
            self.arabic_ltr.append(data)


def dump(page: Path, width: int, fragment: str = "") -> Dom:
    return Dom(chromium(page.as_uri() + "?check-fit" + fragment, "--dump-dom", width=width))


def page_events(page: Path) -> list[list]:
    """The events in the page's data (the type and procedure codes read from its string table)."""
    html = page.read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="events-data">(.*?)</script>', html, re.S)[1])
    strings = json.loads(re.search(r'id="events-strings">(.*?)</script>', html)[1])["s"]
    return [[strings[e[4]], None if e[5] is None else strings[e[5]]] for e in data]


@pytest.mark.parametrize("width", WIDTHS)
def test_fits_the_viewport_and_draws_the_charts(tmp_path: Path, page: Path, width: int) -> None:
    dom = dump(page, width)
    assert dom.root.get("data-fits") == "true", dom.root.get("data-overflowing")
    assert dom.rects >= 10  # the bars of the charts
    assert len(dom.rows) == len(page_events(page)) == int(dom.root["data-total-events"])  # every event drawn
    assert dom.arabic_ltr == []  # the drawn rows put no Arabic in a left-to-right box
    shot = ROOT / "outputs" / f"report-{width}.png"
    shot.parent.mkdir(exist_ok=True)
    chromium(page.as_uri(), f"--screenshot={shot}", width=width)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_overflow_check_can_fail(tmp_path: Path, page: Path) -> None:
    wide = tmp_path / "wide.html"
    html = page.read_text(encoding="utf-8")
    wide.write_text(html.replace("<body>", '<body><div style="width: 900px">عريض</div>', 1), encoding="utf-8")
    dom = dump(wide, 600)
    assert dom.root.get("data-fits") == "false"


def test_filter_by_procedure_hides_the_other_rows(tmp_path: Path, page: Path) -> None:
    dom = dump(page, 600, "#filter?procedure=catheterization")
    shown = dom.rows
    expected = [e for e in page_events(page) if e[1] == "catheterization"]
    assert shown and len(shown) == len(expected) < len(page_events(page))  # the other rows are gone
    assert all(r.get("data-procedure") == "catheterization" for r in shown)
    assert dom.root.get("data-shown-events") == str(len(shown))
    # the bulletins follow the same filter
    assert all(
        "catheterization" in d.get("data-procedure", "").split("|") for d in dom.docs if "hidden" not in d
    )
    assert any("hidden" in d for d in dom.docs)


def test_every_chart_bar_opens_the_events_behind_it(tmp_path: Path, page: Path) -> None:
    """Click 1: a bar (its link is a filter); click 2: a row's link to its bulletin."""
    bars = Dom(page.read_text(encoding="utf-8")).bars
    by_type = next(b for b in bars if re.fullmatch(r"#filter\?type=\w+", b))
    event_type = by_type.split("=")[1]
    dom = dump(page, 1400, by_type)
    shown = dom.rows
    assert shown and all(r["data-type"] == event_type for r in shown)
    assert len(shown) == sum(1 for e in page_events(page) if e[0] == event_type)
    # click 2: each row's first cell links to the event's card in its bulletin
    assert all(href.startswith("#ev-") for href in dom.row_links)
    html = page.read_text(encoding="utf-8")
    assert all(f'<div class="card" id="{href[1:]}">' in html for href in dom.row_links)


def test_the_evidence_of_the_event_in_the_fragment_is_lit(tmp_path: Path, page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    event_id = re.search(r'<div class="card" id="ev-([^"]+)"', html).group(1)
    dom = dump(page, 1400, f"#ev-{event_id}")
    assert dom.lit and all(event_id in ids.split() for ids in dom.lit)


def test_search_box_filters_by_text(tmp_path: Path, page: Path) -> None:
    rows = page_events(page)
    assert len(rows) >= 3
    dom = dump(page, 1400, "#filter?q=" + quote("تاجوراء"))
    shown = dom.rows
    assert 0 < len(shown) < len(rows)
    assert dom.root.get("data-filter") == "q=" + quote_plus("تاجوراء")


def test_a_click_on_a_column_head_sorts_the_rows(tmp_path: Path, page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    before = dump(page, 1400).counts
    assert before != sorted(before)  # the test means something
    click = "<script>document.querySelectorAll('table.events th')[3].click()</script></body>"
    clicked = tmp_path / "sorted.html"
    clicked.write_text(html.replace("</body>", click), encoding="utf-8")
    assert dump(clicked, 1400).counts == sorted(before)


def test_long_tables_are_drawn_a_part_at_a_time(
    tmp_path: Path, page: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline import report

    monkeypatch.setattr(report, "ROW_LIMIT", 2)
    report.write_report(page.parent / "bulletins.sqlite", tmp_path)
    short = tmp_path / "report.html"
    total = len(page_events(short))
    assert total > 4
    dom = dump(short, 1400)
    assert len(dom.rows) == 2 and dom.root["data-shown-events"] == str(total)
    html = short.read_text(encoding="utf-8")
    more = tmp_path / "more.html"
    more.write_text(
        html.replace("</body>", "<script>document.getElementById('more').click()</script></body>")
    )
    assert len(dump(more, 1400).rows) == 4


@pytest.mark.parametrize(
    ("html", "found"),
    [
        ('<bdi dir="ltr" class="num">12</bdi> <bdi>مصراتة</bdi>', []),
        ('<bdi dir="ltr" class="code">مصراتة</bdi>', ["مصراتة"]),  # the check can fail
        ('<bdi dir="ltr"><bdi>طرابلس</bdi></bdi>', ["طرابلس"]),
    ],
)
def test_the_left_to_right_check_finds_arabic(html: str, found: list[str]) -> None:
    assert Dom(html).arabic_ltr == found
