"""A whole run: input files and folders -> every output file of a directory.

    from pipeline import run
    result = run([Path("corpus/")], Path("outputs/"), published="2024-03-20")
    result.documents, result.events, result.rejects, result.outputs["documents.jsonl"]

ingest (files -> Documents, unreadable inputs -> Rejects)
  -> `pipeline.process.process` on each document (an exception inside a stage
     for one document makes that document a Reject with the error; the run goes on)
  -> `pipeline.writers.write_all(out_dir, documents, rejects)` (every output file).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from pipeline.event_places import country_of_code
from pipeline.ingest import ingest
from pipeline.lexicons import LexiconError
from pipeline.models import Document, Reject
from pipeline.process import process
from pipeline.report import RunInfo, package_version


def _now() -> str:
    """The time now, UTC, to the second (for the report's run metadata)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class RunResult:
    documents: int
    events: int
    rejects: int
    outputs: dict[str, Path] = field(default_factory=dict)
    reject_list: list[Reject] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.rejects == 0


def _write_all(
    out_dir: Path, documents: list[Document], rejects: list[Reject], info: RunInfo | None = None
) -> dict[str, Path]:
    try:
        from pipeline.writers import write_all
    except ImportError:  # the writers module not there yet: documents and rejects only
        return _write_minimal(out_dir, documents, rejects)
    return write_all(out_dir, documents, rejects, info)


def _write_minimal(out_dir: Path, documents: list[Document], rejects: list[Reject]) -> dict[str, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {"documents.jsonl": out_dir / "documents.jsonl", "rejects.jsonl": out_dir / "rejects.jsonl"}
    for name, records in (("documents.jsonl", documents), ("rejects.jsonl", rejects)):
        tmp = paths[name].with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8", newline="\n") as f:
            for r in records:
                f.write(json.dumps(r.model_dump(mode="json"), ensure_ascii=False) + "\n")
        tmp.replace(paths[name])
    return paths


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
) -> RunResult:
    """Process every bulletin of `inputs` into `out_dir`.

    `published` (YYYY-MM-DD) is the default publication date of bulletins that
    give none. `home_country` (ISO code, "LY") is the home country of bulletins
    that give no `country`: treatment abroad is treatment in another country. When it is None,
    a bulletin evidently set in one other country than the default (LY) is read against
    that country, any other against the default. `progress`: a progress bar on stderr; by default only when
    stderr is a terminal.
    """
    out_dir = Path(out_dir)
    started = _now()
    items = list(ingest([Path(p) for p in inputs], published=published, exclude=out_dir))
    documents: list[Document] = []
    rejects: list[Reject] = []
    pending = [i for i in items if isinstance(i, Document)]
    if progress is None:
        progress = sys.stderr.isatty()
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(pending), desc="bulletins", unit="doc", file=sys.stderr)
    for item in items:
        if isinstance(item, Document):
            item = _with_country(item, home_country)
        if isinstance(item, Reject):
            rejects.append(item)
            continue
        try:
            documents.append(process(item))
        except LexiconError:
            raise  # bad language data is fatal for the whole run, not one document
        except Exception as exc:  # noqa: BLE001 - one bad document must not stop the run
            rejects.append(
                Reject(
                    path=item.source.path or "",
                    line=item.source.line_start,
                    doc_id=item.doc_id,
                    reason=f"processing failed: {type(exc).__name__}: {exc}",
                )
            )
        if bar is not None:
            bar.update(1)
    if bar is not None:
        bar.close()
    info = RunInfo(
        inputs=tuple(str(p) for p in inputs),
        options=(("--published", published or "-"), ("--out", str(out_dir))),
        version=package_version(),
        started=started,
        finished=_now(),
    )
    outputs = _write_all(out_dir, documents, rejects, info)
    return RunResult(
        documents=len(documents),
        events=sum(len(d.events) for d in documents),
        rejects=len(rejects),
        outputs=dict(outputs),
        reject_list=rejects,
    )
