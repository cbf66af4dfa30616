"""Worker processes, for a run's stages (`pipeline.run`) and its report (`pipeline.report`).

    with pool(jobs) as workers:            # None when jobs <= 1: work here
        ...workers.submit(fn, *args)...
    with in_order(jobs, fn, tasks) as results:   # every task handed to the workers now
        ...                                      # (work of this process meanwhile)
        for result in results: ...               # fn(*task) of each task, in the order of tasks

Workers are forked where the system can (Linux, macOS): they share what this process has
already loaded (lexicons, the NER model) instead of loading it again. Elsewhere they are
spawned, and load it themselves.
"""

from __future__ import annotations

import contextlib
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def forks() -> bool:
    """Whether worker processes start as forks of this one."""
    return "fork" in multiprocessing.get_all_start_methods()


@contextlib.contextmanager
def pool(jobs: int) -> Iterator[ProcessPoolExecutor | None]:
    """`jobs` worker processes (None for one job: the work stays in this process)."""
    if jobs <= 1:
        yield None
        return
    with ProcessPoolExecutor(max_workers=jobs, mp_context=_context()) as workers:
        yield workers


def _context() -> Any:
    return multiprocessing.get_context("fork" if forks() else None)


@contextlib.contextmanager
def in_order(jobs: int, fn: Callable[..., T], tasks: Iterable[tuple[Any, ...]]) -> Iterator[Iterator[T]]:
    """The results `fn(*task)` of the tasks, in their order, computed in `jobs` worker processes
    when more than one (`fn` and the tasks are then pickled: a function of a module, plain
    arguments). Every task is handed to the workers on entering the block: this process goes on
    with its own work until it reads the first result. The workers stop when the block ends."""
    tasks = list(tasks)
    with pool(min(jobs, len(tasks))) as workers:
        if workers is None:
            yield (fn(*task) for task in tasks)
            return
        futures = [workers.submit(fn, *task) for task in tasks]
        yield (future.result() for future in futures)
