"""A whole run: input files and folders -> every output file of a directory.

    from pipeline import run
    result = run([Path("corpus/")], Path("outputs/"), published="2024-03-20")
    result.documents, result.events, result.rejects, result.outputs["documents.jsonl"]

A run streams: no document is held. Its memory still grows with the corpus by
the near-duplicate signatures and the run tables' fields (`pipeline.duplicates`,
no text: a few kB a bulletin, see README *Speed*), the ids ingest has seen, and
the report until it is built from the database (`writers.write_report`).
One bulletin at a time:

`pipeline.publish.check_output` (an --out that must not be written: OutputError)
  -> `pipeline.publish.staged(out_dir)` (the lock; a staging folder beside out_dir)
  -> ingest (files -> Documents, unreadable inputs -> Rejects), read lazily
  -> `pipeline.process.process` on each document, in `jobs` worker processes: chunks
     of documents go out with a bounded number in flight and come back in input order
     (an exception inside a stage for one document makes that document a Reject with
     the error; the run goes on); each comes back without its working views, with its
     near-duplicate signature
  -> `pipeline.duplicates.Linker.add` (near-duplicates, event clusters, and what an
     earlier run given with `against` already had)
  -> `pipeline.writers.Output.add` (its line and rows appended to every output file)
  -> at the end: the tables over the run, `Output.close`, the report
     (`pipeline.writers.write_report`, its bulletins rendered in the `jobs` worker processes
     too) and `write_manifest`, then the staging folder
     replaces out_dir as a whole.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipeline.duplicates import Linker, Signature, read_signatures, signature
from pipeline.event_places import country_of_code
from pipeline.ingest import MAX_CHARS, ingest
from pipeline.lexicons import LexiconError
from pipeline.models import Document, Reject
from pipeline.pool import forks, pool
from pipeline.process import process, warm
from pipeline.publish import MANIFEST, check_output, staged
from pipeline.report import RunInfo, package_version
from pipeline.writers import Output, read_documents, write_manifest, write_report


@dataclass
class RunResult:
    documents: int
    events: int
    rejects: int
    outputs: dict[str, Path] = field(default_factory=dict)
    reject_list: list[Reject] = field(default_factory=list)
    notes: list[str] = field(
        default_factory=list
    )  # said about the run, not rejects (an --out inside an input)

    @property
    def ok(self) -> bool:
        return self.rejects == 0


def _now() -> str:
    """The time now, UTC, to the second (for the report's run metadata)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _with_country(doc: Document, given: str | None) -> Document | Reject:
    """The document with its home country code (its own, else the run's `given` one), or a Reject
    when the code is not one of lexicons/country_codes.tsv. Without either, the events stage
    reads the country from the bulletin's places, else takes the default."""
    code = (doc.country or given or "").upper()
    if not code:
        return doc
    if country_of_code(code) is None:
        return Reject(
            path=doc.source.path or "",
            line=doc.source.line_start,
            doc_id=doc.doc_id,
            reason=f"unknown country code {code!r} (ISO 3166-1 alpha-2, see lexicons/country_codes.tsv)",
        )
    doc.country_from = "input" if doc.country else "run"
    doc.country = code
    return doc


def read_inputs(
    inputs: list[Path], out_dir: Path, published: str | None, home_country: str | None, max_chars: int
) -> Iterator[Document | Reject]:
    """The bulletins of `inputs`, read lazily (`pipeline.ingest`), each with its home country, and
    the Rejects of what could not be read, in input order (`out_dir` is never read)."""
    items = ingest(inputs, published=published, exclude=out_dir, max_chars=max_chars)
    return (_with_country(i, home_country) if isinstance(i, Document) else i for i in items)


def linker_against(against: list[Path] | None) -> Linker:
    """The near-duplicate linker, knowing what the output folders of earlier runs (`against`)
    already have (OSError when one is not a run's output)."""
    return Linker(sig for prev in against or () for sig in read_signatures(prev))


def run(
    inputs: list[Path],
    out_dir: Path,
    published: str | None = None,
    progress: bool | None = None,
    home_country: str | None = None,
    max_chars: int = MAX_CHARS,
    against: list[Path] | None = None,
    model: bool = True,
    jobs: int | None = None,
    formats: tuple[str, ...] = (),
    report: bool = True,
) -> RunResult:
    """Process every bulletin of `inputs` into `out_dir`.

    `published` (YYYY-MM-DD) is the default publication date of bulletins that
    give none. `home_country` (ISO code, "LY") is the home country of bulletins
    that give no `country`: treatment abroad is treatment in another country. When it is None,
    a bulletin evidently set in one other country than the default (LY) is read against
    that country, any other against the default.
    `progress`: a progress bar on stderr; by default only when
    stderr is a terminal. `max_chars`: a bulletin text longer than this is
    rejected. Raises `pipeline.publish.OutputError` when `out_dir` must not be
    written (an input, a folder holding other files, another run writing there).
    `formats`: extra outputs, "spacy" = documents.spacy (a spaCy DocBin).
    `against`: output directories of earlier runs; bulletins and events already
    there get `seen_in` (OSError when one is not a run's output).
    `model=False` runs the rules without the NER model. `jobs`: worker processes (default: the
    number of cores); the outputs are byte-identical whatever the number.
    `report=False`: no report.html.
    """
    out_dir = Path(out_dir)
    inputs = [Path(p) for p in inputs]
    notes = check_output(inputs, out_dir)
    started = _now()
    linker = linker_against(against)
    result = RunResult(documents=0, events=0, rejects=0, notes=notes)
    jobs = jobs or default_jobs()
    with staged(out_dir) as staging:
        items = read_inputs(inputs, out_dir, published, home_country, max_chars)
        processed = contextlib.closing(_processed(items, model, jobs))  # its workers stopped on an error
        with Output(staging) as out, _progress(progress) as bar, processed as documents:
            for done, sig in documents:
                if isinstance(done, Reject):
                    result.reject_list.append(done)
                    out.reject(done)
                    continue
                out.add(done, linker.add(done, sig))  # linked first: its duplicate fields are known
                result.documents += 1
                result.events += len(done.events)
                bar(1)
            outputs = out.close()
        result.rejects = len(result.reject_list)
        options = {
            "published": published,
            "home_country": home_country,
            "max_chars": max_chars,
            "model": model,
        }
        if report:
            info = _info(inputs, out_dir, options, started)
            outputs.update(write_report(staging, info, result.reject_list, jobs=jobs))
        if "spacy" in formats:
            from pipeline.spacy_component import write_docbin

            # A DocBin is made in memory: this extra output holds every document (read back).
            outputs["documents.spacy"] = write_docbin(
                staging / "documents.spacy", read_documents(staging / "documents.jsonl")
            )
        manifest = {
            "version": package_version(),
            "inputs": [p.as_posix() for p in inputs],
            "options": {**options, "formats": list(formats)},
            "counts": {"documents": result.documents, "events": result.events, "rejects": result.rejects},
        }
        outputs[MANIFEST] = write_manifest(staging, manifest)
    result.outputs = {name: out_dir / name for name in outputs}
    return result


def _info(inputs: list[Path], out_dir: Path, options: dict[str, Any], started: str) -> RunInfo:
    """What the report says of the run."""
    return RunInfo(
        inputs=tuple(str(p) for p in inputs),
        options=(
            ("--published", options["published"] or "-"),
            ("--home-country", options["home_country"] or "-"),
            ("--model", "on" if options["model"] else "off"),
            ("--out", str(out_dir)),
        ),
        version=package_version(),
        started=started,
        finished=_now(),
    )


def default_jobs() -> int:
    """The number of cores this process may use (`--jobs` by default)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@contextlib.contextmanager
def _progress(progress: bool | None) -> Iterator[Callable[[int], object]]:
    """A function counting finished documents on a progress bar (by default only when stderr is a
    terminal; the total is not known in advance: the inputs are read as the run goes)."""
    if progress is None:
        progress = sys.stderr.isatty()
    if not progress:
        yield lambda n: None
        return
    from tqdm import tqdm

    tqdm.monitor_interval = 0  # no monitor thread in a process that forks workers
    bar = tqdm(desc="bulletins", unit="doc", file=sys.stderr)
    try:
        yield bar.update
    finally:
        bar.close()


Done = tuple[Document | Reject, Signature | None]


def _process_one(item: Document | Reject, model: bool) -> Done:
    """One document through the stages, with its near-duplicate signature, its working views dropped
    (only the finished record is kept, and crosses a process boundary); a failing stage makes it
    a Reject. An input Reject passes through."""
    if isinstance(item, Reject):
        return item, None
    try:
        done = process(item, model=model)
        sig = signature(done)
    except LexiconError:
        raise  # bad language data is fatal for the whole run, not one document
    except Exception as exc:  # noqa: BLE001 - one bad document must not stop the run
        return Reject(
            path=item.source.path or "",
            line=item.source.line_start,
            doc_id=item.doc_id,
            reason=f"processing failed: {type(exc).__name__}: {exc}",
        ), None
    done._view = None
    done._tokens = None
    return done, sig


def _process_chunk(chunk: list[Document | Reject], model: bool) -> list[Done]:
    return [_process_one(item, model) for item in chunk]


MAX_CHUNK = 32  # documents a task sent to a worker, at most
IN_FLIGHT = 2  # tasks per worker submitted and not yet taken back, at most


def _chunks(items: Iterable[Document | Reject]) -> Iterator[list[Document | Reject]]:
    """The items in chunks of 1, 2, 4 ... up to `MAX_CHUNK` documents (a few documents start
    every worker at once; later chunks are large enough to cost little to send)."""
    chunk: list[Document | Reject] = []
    size = documents = 1
    for item in items:
        chunk.append(item)
        documents += isinstance(item, Document)
        if documents > size:
            yield chunk
            chunk, size, documents = [], min(MAX_CHUNK, size * 2), 1
    if chunk:
        yield chunk


def _warm(model: bool) -> None:
    """Load the lexicons and the model once in this process, shared by the workers it forks."""
    try:
        warm(model)
    except LexiconError:
        raise
    except Exception:  # noqa: BLE001, S110 - a failing stage is reported per document by the workers
        pass


def _processed(items: Iterable[Document | Reject], model: bool, jobs: int) -> Iterator[Done]:
    """Each item processed, in input order, in `jobs` worker processes when more than one. Chunks
    are submitted with at most `IN_FLIGHT` per worker not yet taken back: the documents held at any
    time are bounded, whatever the number of inputs. Once the first item is read, the lexicons and
    the model are loaded here (before any worker is forked: they share them) and kept out of the
    garbage collector's scans until the end (`_frozen`)."""
    items = iter(items)
    first = next(items, None)
    if first is None:
        return
    if jobs <= 1 or forks():
        _warm(model)
    with _frozen(), pool(jobs) as workers:
        items = itertools.chain([first], items)
        if workers is None:
            yield from (_process_one(item, model) for item in items)
            return
        window: deque[Future[list[Done]]] = deque()
        for chunk in _chunks(items):
            window.append(workers.submit(_process_chunk, chunk, model))
            if len(window) >= jobs * IN_FLIGHT:
                yield from window.popleft().result()  # the oldest: the input order is kept
        while window:
            yield from window.popleft().result()


@contextlib.contextmanager
def _frozen() -> Iterator[None]:
    """The objects alive now (the lexicons, their indexes, the model) out of the garbage collector's
    scans for the block: they live as long as the run, scanning them is time lost at every full
    collection, and a forked worker that scanned them would copy their memory (`gc.freeze`)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
