"""Size and load time of report.html for a large run (not a test).

Processes the sample bulletins of `corpus/` (or the documents.jsonl of a run
given with --from) once, repeats them with new ids up to --docs documents,
writes the report pages into --out and prints the time to render them, the
size of each kind of page and, when Chromium is installed, the time the
browser takes to load report.html (the page's own `performance.now()` at its
load event, read back from the dumped DOM) and the wall time of that call.

    .venv/bin/python bench/report_scale.py [--docs 20000] [--from outputs/documents.jsonl] [--out DIR]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.ingest import ingest  # noqa: E402
from pipeline.models import Document  # noqa: E402
from pipeline.process import process  # noqa: E402
from pipeline.report import RunInfo, render_pages  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def base_documents(source: Path | None) -> list[Document]:
    if source is not None:
        with source.open(encoding="utf-8") as f:
            return [Document.model_validate_json(line) for line in f if line.strip()]
    return [process(d) for d in ingest([ROOT / "corpus"]) if isinstance(d, Document)]


def repeated(base: list[Document], n: int) -> list[Document]:
    """n documents: the base ones over and over, each copy with its own doc and event ids."""
    out = []
    for i in range(n):
        doc, k = base[i % len(base)], i // len(base)
        events = [ev.model_copy(update={"event_id": f"{ev.event_id}-{k}"}) for ev in doc.events]
        out.append(doc.model_copy(update={"doc_id": f"{doc.doc_id}#{k}", "events": events}))
    return out


def browser_load(page: Path, width: int = 1400) -> tuple[float, int | None]:
    """Wall seconds of a headless --dump-dom of the page, and the page's own load time in ms."""
    with tempfile.TemporaryDirectory() as profile:
        t0 = time.perf_counter()
        dom = subprocess.run(
            [
                CHROMIUM,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                f"--window-size={width},900",
                "--dump-dom",
            ]
            + [page.resolve().as_uri()],
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        ).stdout
        wall = time.perf_counter() - t0
    found = re.search(r'data-load-ms="(\d+)"', dom[:2000])
    return wall, int(found.group(1)) if found else None


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=20000)
    parser.add_argument("--from", dest="source", type=Path, help="a run's documents.jsonl (default: corpus/)")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "report-scale")
    args = parser.parse_args()

    documents = repeated(base_documents(args.source), args.docs)
    events = sum(len(d.events) for d in documents)
    t0 = time.perf_counter()
    pages = render_pages(documents, [], RunInfo(inputs=("synthetic",), version="bench"))
    render = time.perf_counter() - t0
    shutil.rmtree(args.out, ignore_errors=True)
    for name, html in pages.items():
        (args.out / name).parent.mkdir(parents=True, exist_ok=True)
        (args.out / name).write_text(html, encoding="utf-8")
    main_page = args.out / "report.html"
    others = [args.out / n for n in pages if n != "report.html"]
    print(f"{len(documents)} documents, {events} events: rendered {len(pages)} page(s) in {render:.1f} s")
    print(f"report.html: {main_page.stat().st_size / 1e6:.2f} MB")
    if others:
        sizes = [p.stat().st_size for p in others]
        print(
            f"{len(others)} bulletin pages: {sum(sizes) / 1e6:.1f} MB in all, largest {max(sizes) / 1e6:.2f} MB"
        )
    if Path(CHROMIUM).exists():
        for page in [main_page, *others[:1]]:
            wall, load_ms = browser_load(page)
            print(
                f"chromium: {page.relative_to(args.out)} load event at {load_ms} ms; dump-dom call {wall:.1f} s"
            )
    else:
        print(f"no {CHROMIUM}: browser load time not measured")


if __name__ == "__main__":
    main()
