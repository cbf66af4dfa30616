"""Publishing a run's output set as a whole, one run at a time.

    notes = check_output(inputs, out)        # OutputError when --out cannot be used
    with staged(out) as staging:             # lock taken, stale staging folders removed
        ...write every output file into `staging`...
    # here `out` holds the new set; on an exception it still holds the old one

A run never writes into `--out` itself. It writes every file into a staging
folder beside it (`.<out>.staging-<pid>`), then swaps the two folders with one
atomic rename (Linux `renameat2(RENAME_EXCHANGE)`; elsewhere two renames, with
an instant where `--out` is missing but never mixed). A reader, or a run killed
at any point (even `kill -9`), leaves `--out` holding either the old set or the
new one. What a killed run leaves behind (its staging folder, or the old set
being deleted) is hidden and removed by the next run into the same `--out`.

A lock file beside the output (`.<out>.lock`, kept, held with `flock` while a
run writes, released by the system when the process dies) makes a second run
into the same `--out` stop at once with a message.

`--out` is refused (OutputError) when it is an input, holds an input (the swap
would delete it) or is a file. An `--out` inside an input folder is allowed: it
is not read (a note says so), and the staging folders and lock are hidden, so
they are not read either. A folder that holds files of its own (a log, a
thesis) is not swapped, which would delete them: each output file is moved into
it on its own, atomically, and its other files are kept (a note says so). There
a reader may see the files of two runs for the instant of the moves.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

# Files a run writes besides the tables; with the tables' CSV and Parquet files
# they make up an output set (see `pipeline.writers`).
MANIFEST = "manifest.json"
_OUTPUT_SUFFIXES = (".jsonl", ".csv", ".parquet", ".sqlite", ".json", ".html", ".spacy", ".tmp")


class OutputError(Exception):
    """The output folder cannot be used (a usage error: exit status 2)."""


def _inside(child: Path, parent: Path) -> bool:
    return child == parent or child.is_relative_to(parent)


def _is_output_set(folder: Path) -> bool:
    """An empty folder, or one holding only files a run writes (a previous output set)."""
    entries = list(folder.iterdir())
    if not entries:
        return True
    names = {p.name for p in entries}
    return (MANIFEST in names or "documents.jsonl" in names) and all(_is_output(p) for p in entries)


def _is_output(entry: Path) -> bool:
    """A file a run writes, or a folder of them (report/ pages, a Dask run's parts)."""
    if entry.is_symlink():
        return False
    if entry.is_dir():  # an empty one may be the user's
        inside = list(entry.iterdir())
        return bool(inside) and all(_is_output(p) for p in inside)
    return entry.is_file() and entry.name.endswith(_OUTPUT_SUFFIXES)


def check_output(inputs: Iterable[Path], out: Path) -> list[str]:
    """Notes to print about `out`, or OutputError when a run must not write there."""
    target = Path(os.path.realpath(out))
    notes = []
    for given in inputs:
        inp = Path(os.path.realpath(given))
        if inp == target:
            raise OutputError(f"--out {out} is also an input: choose an output folder apart from the inputs")
        if _inside(inp, target):
            raise OutputError(f"the input {given} is inside --out {out}, which a run replaces as a whole")
        if _inside(target, inp):
            notes.append(f"--out {out} is inside the input folder {given}: it is not read as input")
    if target.exists() or target.is_symlink():
        if not target.is_dir():
            raise OutputError(f"--out {out} exists and is not a folder")
        if not _is_output_set(target):
            notes.append(
                f"--out {out} holds files of its own: they are kept, and the output files are "
                "replaced one by one (not the set as a whole)"
            )
    return notes


def _siblings(out: Path, kind: str) -> list[Path]:
    prefix = f".{out.name}.{kind}-"
    return [p for p in out.parent.iterdir() if p.name.startswith(prefix)]


@contextlib.contextmanager
def _lock(out: Path) -> Iterator[None]:
    path = out.parent / f".{out.name}.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            raise OutputError(
                f"another run (pid {holder}) is writing into {out}; wait for it to finish (lock: {path})"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # releases the lock; the file stays (removing it would race with a waiting run)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where the system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _publish_into(staging: Path, out: Path) -> None:
    """Move each entry of `staging` into the folder `out`, which holds files of its own."""
    for entry in sorted(staging.iterdir()):
        target = out / entry.name
        if entry.is_dir() and target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)  # a previous run's report/ pages or Dask parts
        os.replace(entry, target)
    staging.rmdir()


def publish(staging: Path, out: Path) -> None:
    """Put the folder `staging` in the place of `out` (whole, in one step where the system allows;
    file by file into a folder that holds files of its own)."""
    if not out.exists():
        os.rename(staging, out)
    elif not _is_output_set(out):
        _publish_into(staging, out)
    elif _exchange(staging, out):
        shutil.rmtree(staging)  # now the old set
    else:
        old = out.parent / f".{out.name}.old-{os.getpid()}"
        os.rename(out, old)
        os.rename(staging, out)
        shutil.rmtree(old)
    _fsync_dir(out.parent)


@contextlib.contextmanager
def staged(out: Path) -> Iterator[Path]:
    """A fresh staging folder for the output set of `out`, published when the block ends without error."""
    out = Path(os.path.realpath(out))
    out.parent.mkdir(parents=True, exist_ok=True)
    with _lock(out):
        for stale in _siblings(out, "staging") + _siblings(out, "old"):
            shutil.rmtree(stale, ignore_errors=True)  # left by a killed run
        staging = out.parent / f".{out.name}.staging-{os.getpid()}"
        staging.mkdir()
        try:
            yield staging
            publish(staging, out)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
