"""A whole run: input files and folders -> every output file of a directory.

    from pipeline import run
    result = run([Path("corpus/")], Path("outputs/"), published="2024-03-20")
    result.documents, result.events, result.rejects, result.outputs["documents.jsonl"]

`pipeline.publish.check_output` (an --out that must not be written: OutputError)
  -> `pipeline.publish.staged(out_dir)` (the lock; a staging folder beside out_dir)
  -> ingest (files -> Documents, unreadable inputs -> Rejects)
  -> `pipeline.process.process` on each document (an exception inside a stage
     for one document makes that document a Reject with the error; the run goes on)
  -> `pipeline.duplicates.link(documents, previous)` (near-duplicates, event clusters,
     and what an earlier run given with `against` already had)
  -> `pipeline.writers.write_all(staging, documents, rejects)` (every output file)
     and `write_manifest`, then the staging folder replaces out_dir as a whole.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from pipeline.duplicates import link, read_signatures
from pipeline.event_places import country_of_code
from pipeline.ingest import MAX_CHARS, ingest
from pipeline.lexicons import LexiconError
from pipeline.models import Document, Reject
from pipeline.process import process, warm
from pipeline.publish import check_output, staged
from pipeline.report import RunInfo, package_version
from pipeline.writers import write_all, write_manifest


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
    """
    out_dir = Path(out_dir)
    inputs = [Path(p) for p in inputs]
    notes = check_output(inputs, out_dir)
    started = _now()
    previous = [sig for prev in against or () for sig in read_signatures(prev)]  # OSError: not a run output
    with staged(out_dir) as staging:
        items = list(ingest(inputs, published=published, exclude=out_dir, max_chars=max_chars))
        items = [_with_country(i, home_country) if isinstance(i, Document) else i for i in items]
        documents, rejects = _process(items, progress, model, jobs or default_jobs())
        link(documents, previous)
        info = RunInfo(
            inputs=tuple(str(p) for p in inputs),
            options=(
                ("--published", published or "-"),
                ("--home-country", home_country or "-"),
                ("--model", "on" if model else "off"),
                ("--out", str(out_dir)),
            ),
            version=package_version(),
            started=started,
            finished=_now(),
        )
        names = list(write_all(staging, documents, rejects, info))
        if "spacy" in formats:
            from pipeline.spacy_component import write_docbin

            names.append(write_docbin(staging / "documents.spacy", documents).name)
        result = RunResult(
            documents=len(documents),
            events=sum(len(d.events) for d in documents),
            rejects=len(rejects),
            reject_list=rejects,
            notes=notes,
        )
        manifest = {
            "version": package_version(),
            "inputs": [p.as_posix() for p in inputs],
            "options": {
                "published": published,
                "home_country": home_country,
                "max_chars": max_chars,
                "model": model,
                "formats": list(formats),
            },
            "counts": {"documents": result.documents, "events": result.events, "rejects": result.rejects},
        }
        names.append(write_manifest(staging, manifest).name)
    result.outputs = {name: out_dir / name for name in names}
    return result


def default_jobs() -> int:
    """The number of cores this process may use (`--jobs` by default)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _process_one(doc: Document, model: bool) -> Document | Reject:
    """One document through the stages, its working views dropped (only the finished record is
    kept, and crosses a process boundary); a failing stage makes it a Reject."""
    try:
        done = process(doc, model=model)
    except LexiconError:
        raise  # bad language data is fatal for the whole run, not one document
    except Exception as exc:  # noqa: BLE001 - one bad document must not stop the run
        return Reject(
            path=doc.source.path or "",
            line=doc.source.line_start,
            doc_id=doc.doc_id,
            reason=f"processing failed: {type(exc).__name__}: {exc}",
        )
    done._view = None
    done._tokens = None
    return done


def _chunksize(n: int, jobs: int) -> int:
    """Documents per task sent to a worker: a few tasks per worker, at most 64 documents."""
    return max(1, min(64, n // (jobs * 4)))


def _processed(pending: list[Document], model: bool, jobs: int) -> Iterator[Document | Reject]:
    """The documents processed in order, in `jobs` worker processes when more than one."""
    if jobs <= 1 or len(pending) < 2:
        for doc in pending:
            yield _process_one(doc, model)
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    workers = min(jobs, len(pending))
    if context.get_start_method() == "fork":
        try:
            warm(model)  # loaded once here, shared by the forked workers
        except LexiconError:
            raise
        except Exception:  # noqa: BLE001, S110 - a failing stage is reported per document by the workers
            pass
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        # Executor.map keeps the input order: the outputs are those of --jobs 1.
        yield from pool.map(
            partial(_process_one, model=model), pending, chunksize=_chunksize(len(pending), workers)
        )


def _process(
    items: list[Document | Reject], progress: bool | None, model: bool = True, jobs: int = 1
) -> tuple[list[Document], list[Reject]]:
    """Each document through the stages (a failing stage rejects only its document), in `jobs`
    worker processes; input rejects keep their place among the documents' rejects."""
    documents: list[Document] = []
    rejects: list[Reject] = []
    pending = [i for i in items if isinstance(i, Document)]
    if progress is None:
        progress = sys.stderr.isatty()
    bar = None
    if progress:
        from tqdm import tqdm

        tqdm.monitor_interval = 0  # no monitor thread in a process that forks workers
        bar = tqdm(total=len(pending), desc="bulletins", unit="doc", file=sys.stderr)
    results = _processed(pending, model, jobs)
    for item in items:
        done = item if isinstance(item, Reject) else next(results)
        (rejects if isinstance(done, Reject) else documents).append(done)
        if bar is not None and isinstance(item, Document):
            bar.update(1)
    if bar is not None:
        bar.close()
    return documents, rejects
