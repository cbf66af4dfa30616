"""The Dask path: a run whose bulletins are processed on the workers of a Dask cluster.

    from pipeline.dask_run import run
    result = run([Path("archive/")], Path("outputs/"), scheduler="tcp://10.0.0.5:8786")
    result = run(inputs, Path("outputs/"), scheduler="local", workers=2)  # a LocalCluster here

CLI: `bulletins run INPUT... --dask ADDRESS` (`--dask local`: a cluster of `--jobs` worker
processes on this machine). It needs the `dask` extra (`pip install '.[dask]'`), and the
same version of this package on the scheduler and every worker (the tasks name its
functions; the lexicons and the NER model travel inside it).

How (README: Beyond one machine):

  - this process, the client, ingests the inputs as a local run does (`pipeline.ingest`, lazily)
    and cuts them into partitions of `partition_size` bulletins (the input rejects among them
    keep their place);
  - a partition is one task: each bulletin through `pipeline.run._process_chunk`, the function of
    a local run (a failing stage rejects its bulletin), and its near-duplicate `Signature`. A
    worker process loads the lexicons and the model once, for all its tasks. At most `window`
    partitions are in flight, so the client's memory does not grow with the corpus;
  - the client takes the partitions back in input order, links near-duplicates and repeated
    events with `pipeline.duplicates.Linker` (it keeps signatures, never texts), and writes
    each partition's records into a staging folder that replaces `out_dir` as a whole once
    every file is there (`pipeline.publish`, as a local run):

        documents.jsonl/part-00000.jsonl      the documents.jsonl lines of the partition's bulletins
        <table>.parquet/part-00000.parquet    each per-bulletin table (`PART_TABLES`) of the partition
        rejects.jsonl, signatures.jsonl, schema.json, manifest.json   as in a local run

    A local run's file names, as folders of parts: `pd.read_parquet(out / "events.parquet")`
    (or `pyarrow.dataset.dataset`, `dask.dataframe.read_parquet`) reads a table's parts as one
    dataset in input order, as it reads a local run's file; the JSONL parts, concatenated in
    name order, are a local run's documents.jsonl.
    Only the client reads the inputs and writes the outputs: the workers need no shared disk.

The records are those of a local run (`--jobs 1` or N): the same ids, values and links. Not
written (they need every document at once): the CSV files, bulletins.sqlite, report.html and
the whole-run tables duplicates, event_clusters and aggregates (a local run gives them).
"""

from __future__ import annotations

import contextlib
import json
import logging
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from distributed import Client, LocalCluster

from pipeline.duplicates import SIGNATURES, Linker, Signature
from pipeline.ingest import MAX_CHARS
from pipeline.models import Document, Reject
from pipeline.publish import check_output, staged
from pipeline.report import package_version
from pipeline.run import RunResult, _process_chunk, default_jobs, linker_against, read_inputs
from pipeline.writers import TABLES, jsonl, write_manifest, write_parquet, write_text

PARTITION_SIZE = 100  # bulletins per task: a few seconds of a worker's time
WHOLE_RUN_TABLES = ("duplicates", "event_clusters", "aggregates")  # need every document at once
PART_TABLES = tuple(t for t in TABLES if t.files and t.name not in WHOLE_RUN_TABLES)

CONNECT_TIMEOUT = "20s"  # to reach a scheduler given by its address


class SchedulerError(Exception):
    """The Dask scheduler cannot be reached (exit status 2 on the command line)."""


Item = Document | Reject
Processed = list[tuple[Item, Signature | None]]


def partitions(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    """The items cut after every `size` documents (the rejects in between ride along); the last
    partition holds what is left, rejects alone included."""
    part: list[Item] = []
    documents = 0
    for item in items:
        part.append(item)
        documents += isinstance(item, Document)
        if documents == size:
            yield part
            part, documents = [], 0
    if part:
        yield part


def process_partition(items: list[Item], model: bool = True) -> Processed:
    """On a worker: each document through the stages with its signature (a Reject passes as is),
    as a local run's worker does (`pipeline.run._process_chunk`)."""
    return _process_chunk(items, model)


@contextlib.contextmanager
def connect(scheduler: Any, workers: int | None = None) -> Iterator[Any]:
    """A `distributed.Client`: `scheduler` itself when it is one, a new LocalCluster of `workers`
    processes (default: the number of cores) for "local", else the scheduler at that address."""
    if isinstance(scheduler, Client):
        yield scheduler
    elif scheduler == "local":
        n = workers or default_jobs()
        with (
            LocalCluster(
                n_workers=n,
                threads_per_worker=1,  # the stages hold the GIL: one process per core
                processes=True,
                dashboard_address=":0",
                silence_logs=logging.CRITICAL,  # not the workers' shutdown chatter; task errors still raise
            ) as cluster,
            Client(cluster) as client,
        ):
            yield client
    else:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        except OSError as exc:  # refused, timed out, no such host
            raise SchedulerError(f"no Dask scheduler answers at {scheduler}: {exc}") from None
        with client:
            try:  # without a worker, the tasks would wait for ever
                client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
            except TimeoutError:
                raise SchedulerError(
                    f"the Dask scheduler at {scheduler} has no worker (start some: dask worker {scheduler})"
                ) from None
            yield client


def _in_order(client: Any, parts: Iterable[list[Item]], model: bool, window: int) -> Iterator[Processed]:
    """The processed partitions in input order, at most `window` of them submitted at a time."""
    pending: deque[Any] = deque()
    for part in parts:
        pending.append(client.submit(process_partition, part, model, pure=False))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def write_part(folder: Path, number: int, documents: list[Document]) -> None:
    """One partition's files in `folder`: its documents' JSON lines and each per-bulletin table."""
    name = f"part-{number:05d}"
    write_text(folder / "documents.jsonl" / f"{name}.jsonl", jsonl(documents))
    for table in PART_TABLES:
        write_parquet(folder / f"{table.name}.parquet" / f"{name}.parquet", table, documents)


def run(
    inputs: list[Path],
    out_dir: Path,
    scheduler: Any = "local",
    published: str | None = None,
    progress: bool | None = None,
    home_country: str | None = None,
    max_chars: int = MAX_CHARS,
    against: list[Path] | None = None,
    model: bool = True,
    workers: int | None = None,
    partition_size: int = PARTITION_SIZE,
    window: int | None = None,
) -> RunResult:
    """Process every bulletin of `inputs` on a Dask cluster into the partitioned dataset `out_dir`.

    `scheduler`: the scheduler's address ("tcp://host:8786"), a `distributed.Client`, or
    "local" (a LocalCluster of `workers` processes, default: the number of cores).
    `partition_size`: bulletins per task. `window`: partitions in flight (default: twice the
    workers' threads). The other parameters are those of `pipeline.run.run`; so are the errors
    (OutputError for an --out that must not be written) and the result (`outputs` maps each
    file, and each table's folder of parts, to its path).
    """
    if partition_size < 1:
        raise ValueError(f"partition_size must be at least 1, not {partition_size}")
    out_dir = Path(out_dir)
    inputs = [Path(p) for p in inputs]
    notes = check_output(inputs, out_dir)
    linker = linker_against(against)
    with staged(out_dir) as staging, connect(scheduler, workers) as client:
        items = read_inputs(inputs, out_dir, published, home_country, max_chars)
        window = window or 2 * (sum(client.nthreads().values()) or 1)
        processed = _in_order(client, partitions(items, partition_size), model, window)
        result = _write_dataset(staging, processed, linker, progress)
        write_text(
            staging / "schema.json",
            json.dumps(Document.model_json_schema(), ensure_ascii=False, indent=2) + "\n",
        )
        write_text(staging / "rejects.jsonl", jsonl(result.reject_list))
        manifest = {
            "version": package_version(),
            "inputs": [p.as_posix() for p in inputs],
            "options": {
                "published": published,
                "home_country": home_country,
                "max_chars": max_chars,
                "model": model,
                "dask": {"partition_size": partition_size},
            },
            "counts": {"documents": result.documents, "events": result.events, "rejects": result.rejects},
        }
        write_manifest(staging, manifest)
    names = [
        "documents.jsonl",
        *(f"{t.name}.parquet" for t in PART_TABLES),
        "rejects.jsonl",
        SIGNATURES,
        "schema.json",
        "manifest.json",
    ]
    result.outputs = {name: out_dir / name for name in names}
    result.notes = notes
    return result


def _write_dataset(
    staging: Path, processed: Iterable[Processed], linker: Linker, progress: bool | None
) -> RunResult:
    """Each processed partition, in input order, linked and written as the next part (one
    without documents is not; an empty dataset still gets part-00000, for its columns)."""
    result = RunResult(documents=0, events=0, rejects=0)
    bar = _bar(progress)
    parts = 0
    with open(staging / SIGNATURES, "w", encoding="utf-8") as signatures:
        for partition in processed:
            documents = []
            for item, sig in partition:
                if isinstance(item, Reject):
                    result.reject_list.append(item)
                    continue
                signatures.write(linker.add(item, sig).to_json() + "\n")
                documents.append(item)
            if documents:
                write_part(staging, parts, documents)
                parts += 1
            result.documents += len(documents)
            result.events += sum(len(d.events) for d in documents)
            if bar is not None:
                bar.update(len(documents))
    if parts == 0:
        write_part(staging, 0, [])
    if bar is not None:
        bar.close()
    result.rejects = len(result.reject_list)
    return result


def _bar(progress: bool | None) -> Any:
    """A progress bar of the bulletins written, on stderr (by default only on a terminal)."""
    if not (sys.stderr.isatty() if progress is None else progress):
        return None
    from tqdm import tqdm

    return tqdm(desc="bulletins", unit="doc", file=sys.stderr)
