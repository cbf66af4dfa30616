"""Worker processes, for a run's stages (`pipeline.run`) and its report (`pipeline.report`).

    with pool(jobs) as workers:            # None when jobs <= 1: work here
        ...workers.submit(fn, *args)...
    for result in in_order(jobs, fn, tasks):   # fn(*task) of each task, in the order of tasks
        ...

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
    context = multiprocessing.get_context("fork" if forks() else None)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as workers:
        yield workers


def in_order(jobs: int, fn: Callable[..., T], tasks: Iterable[tuple[Any, ...]]) -> Iterator[T]:
    """`fn(*task)` for each task, in the order of `tasks`, in `jobs` worker processes when more
    than one (`fn` and the tasks are then pickled: a function of a module, plain arguments)."""
    tasks = list(tasks)
    with pool(min(jobs, len(tasks))) as workers:
        if workers is None:
            yield from (fn(*task) for task in tasks)
        else:
            yield from workers.map(fn, *zip(*tasks, strict=True))
