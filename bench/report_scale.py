"""Size and load time of report.html for a large run (not a test).

Processes the sample bulletins of `corpus/` (or the documents.jsonl of a run
given with --from) once, repeats them with new ids up to --docs documents,
writes their database (bulletins.sqlite, as a run does) into --out, then builds
the report from it in a fresh process (`pipeline.report.write_report`) and
prints the time and peak memory of that process, the size of each kind of page
and, when Chromium is installed, the time the browser takes to load
report.html (the page's own `performance.now()` at its load event, read back
from the dumped DOM) and the wall time of that call.

    .venv/bin/python bench/report_scale.py [--docs 20000] [--from outputs/documents.jsonl] [--out DIR]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from chromium import available, chromium, load_ms  # noqa: E402  (bench/chromium.py, beside this file)

from pipeline.ingest import ingest  # noqa: E402
from pipeline.models import Document  # noqa: E402
from pipeline.process import process  # noqa: E402
from pipeline.writers import write_sqlite  # noqa: E402

# Run in a fresh process, so that its peak memory is the report's own (VmHWM: the high-water mark of
# this process's memory since its exec, not the parent's).
BUILD = """
import re, sys, time
from pathlib import Path
from pipeline.report import RunInfo, write_report
def hwm():
    return int(re.search(r"VmHWM:\\s+(\\d+)", Path("/proc/self/status").read_text())[1]) / 1024
imported = hwm()
t0 = time.perf_counter()
names = write_report(Path(sys.argv[1]), Path(sys.argv[2]), RunInfo(inputs=("synthetic",), version="bench"))
print(len(names), time.perf_counter() - t0, imported, hwm())
"""


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
    t0 = time.perf_counter()
    dom = chromium(page.resolve().as_uri(), "--dump-dom", width=width, height=900)
    return time.perf_counter() - t0, load_ms(dom)


def build_report(db: Path, out: Path) -> tuple[int, float, float, float]:
    """Pages written, seconds, and peak memory (MB) of write_report in a process of its own: after
    its imports, and at the end."""
    done = subprocess.run(
        [sys.executable, "-c", BUILD, str(db), str(out)], cwd=ROOT, capture_output=True, text=True, check=True
    )
    pages, seconds, imported, peak = done.stdout.split()
    return int(pages), float(seconds), float(imported), float(peak)


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
    shutil.rmtree(args.out, ignore_errors=True)
    args.out.mkdir(parents=True)
    db = write_sqlite(args.out / "bulletins.sqlite", documents)
    del documents
    pages, seconds, imported, peak = build_report(db, args.out)
    main_page = args.out / "report.html"
    others = sorted((args.out / "report").glob("*.html"))
    print(
        f"{args.docs} documents, {events} events: {pages} page(s) built from the database in {seconds:.1f} s, "
        f"peak memory of that process {peak:.0f} MB ({imported:.0f} MB after its imports)"
    )
    print(f"report.html: {main_page.stat().st_size / 1e6:.2f} MB")
    if others:
        sizes = [p.stat().st_size for p in others]
        print(
            f"{len(others)} bulletin pages: {sum(sizes) / 1e6:.1f} MB in all, largest {max(sizes) / 1e6:.2f} MB"
        )
    if available():
        for page in [main_page, *others[:1]]:
            wall, ms = browser_load(page)
            print(f"chromium: {page.relative_to(args.out)} load event at {ms} ms; dump-dom call {wall:.1f} s")
    else:
        print("no chromium: browser load time not measured")


if __name__ == "__main__":
    main()
