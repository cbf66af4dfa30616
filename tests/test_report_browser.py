"""report.html in a real browser (headless Chromium): it fits 1400 and 600 px wide, its charts are
drawn, a filter in the URL fragment (what a chart bar links to) hides the other rows, and the
evidence of the event in the fragment is lit. Screenshots go to outputs/ (report-1400.png, ...).

Skipped when /usr/bin/chromium is missing (CI installs Debian's `chromium` in .ci/run).
The page's script writes what the test reads into data-* attributes of <html> on load
(data-fits, data-overflowing, data-shown-events), and `--dump-dom` prints the DOM after load.
"""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest

from pipeline.run import run
from tests.conftest import CORPUS, ROOT

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
)
WIDTHS = (1400, 600)

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"no browser: {CHROMIUM} is not installed (apt-get install chromium; CI's .ci/run installs it)",
)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report")
    run([CORPUS], out, published="2024-03-20", progress=False)
    return out / "report.html"


def chromium(tmp_path: Path, width: int, *args: str) -> str:
    profile = tmp_path / f"profile-{width}"
    done = subprocess.run(
        [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", f"--window-size={width},1000", *args],
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )
    return done.stdout


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
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.root = a
        elif a.get("data-f") == "ev":
            self.rows.append(a)
        elif a.get("data-f") == "doc":
            self.docs.append(a)
        elif tag == "a" and a.get("href", "").startswith("#filter?"):
            self.bars.append(a["href"])
        elif tag == "td" and "data-sort" in a:
            self.counts.append(float(a["data-sort"]))
        elif tag == "rect":
            self.rects += 1
        elif tag == "span" and "on" in a.get("class", "").split() and "ev" in a.get("class", "").split():
            self.lit.append(a.get("data-ev", ""))


def dump(tmp_path: Path, page: Path, width: int, fragment: str = "") -> Dom:
    return Dom(chromium(tmp_path, width, "--dump-dom", page.as_uri() + fragment))


@pytest.mark.parametrize("width", WIDTHS)
def test_fits_the_viewport_and_draws_the_charts(tmp_path: Path, page: Path, width: int) -> None:
    dom = dump(tmp_path, page, width)
    assert dom.root.get("data-fits") == "true", dom.root.get("data-overflowing")
    assert dom.rects >= 10  # the bars of the charts
    assert dom.rows and not any("hidden" in r for r in dom.rows)  # no filter: every event shown
    shot = ROOT / "outputs" / f"report-{width}.png"
    shot.parent.mkdir(exist_ok=True)
    chromium(tmp_path, width, f"--screenshot={shot}", page.as_uri())
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_overflow_check_can_fail(tmp_path: Path, page: Path) -> None:
    wide = tmp_path / "wide.html"
    html = page.read_text(encoding="utf-8")
    wide.write_text(html.replace("<body>", '<body><div style="width: 900px">عريض</div>', 1), encoding="utf-8")
    dom = dump(tmp_path, wide, 600)
    assert dom.root.get("data-fits") == "false"


def test_filter_by_procedure_hides_the_other_rows(tmp_path: Path, page: Path) -> None:
    dom = dump(tmp_path, page, 600, "#filter?procedure=catheterization")
    shown = [r for r in dom.rows if "hidden" not in r]
    hidden = [r for r in dom.rows if "hidden" in r]
    assert shown and hidden
    assert all(r.get("data-procedure") == "catheterization" for r in shown)
    assert all(r.get("data-procedure") != "catheterization" for r in hidden)
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
    dom = dump(tmp_path, page, 1400, by_type)
    shown = [r for r in dom.rows if "hidden" not in r]
    assert shown and all(r["data-type"] == event_type for r in shown)
    expected = sum(1 for r in Dom(page.read_text(encoding="utf-8")).rows if r["data-type"] == event_type)
    assert len(shown) == expected


def test_the_evidence_of_the_event_in_the_fragment_is_lit(tmp_path: Path, page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    event_id = re.search(r'<div class="card" id="ev-([^"]+)"', html).group(1)
    dom = dump(tmp_path, page, 1400, f"#ev-{event_id}")
    assert dom.lit and all(event_id in ids.split() for ids in dom.lit)


def test_search_box_filters_by_text(tmp_path: Path, page: Path) -> None:
    rows = Dom(page.read_text(encoding="utf-8")).rows
    assert len(rows) >= 3
    dom = dump(tmp_path, page, 1400, "#filter?q=" + quote("تاجوراء"))
    shown = [r for r in dom.rows if "hidden" not in r]
    assert 0 < len(shown) < len(rows)
    assert dom.root.get("data-filter") == "q=" + quote_plus("تاجوراء")


def test_a_click_on_a_column_head_sorts_the_rows(tmp_path: Path, page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    before = Dom(html).counts
    assert before != sorted(before)  # the test means something
    click = "<script>document.querySelectorAll('table.events th')[3].click()</script></body>"
    clicked = tmp_path / "sorted.html"
    clicked.write_text(html.replace("</body>", click), encoding="utf-8")
    assert dump(tmp_path, clicked, 1400).counts == sorted(before)
