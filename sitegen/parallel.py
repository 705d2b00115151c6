"""Spread work over the machine's cores with forked worker processes.

Workers are forked, so they start with the parent's loaded state (templates compiled, the site
in memory) and nothing but small results is ever pickled. A worker that fails or dies stops
the work at once, with one error in the parent: no worker is started again in its place.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from sitegen.errors import SiteError

MIN_ITEMS = 300     # below this, starting workers costs more than it saves
CHUNK = 64

_task: Callable[[Sequence], Any] | None = None
_items: Sequence = ()
_start_error: Exception | None = None


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _start(initializer: Callable[[], None] | None, parent: int) -> None:
    """In a new worker. Never raises: an initializer's error is raised by the worker's tasks
    (a worker that died of it would only break the pool, printing a traceback)."""
    global _start_error
    signal.signal(signal.SIGINT, signal.SIG_IGN)        # Ctrl+C is for the parent to handle
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    try:
        if initializer:
            initializer()
    except Exception as error:
        _start_error = error


def _exit_with_parent(parent: int) -> None:
    """A worker whose parent was killed would wait for work forever."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _run(bounds: tuple[int, int]) -> Any:
    """In a worker: the items were inherited through the fork; only their bounds are sent."""
    if _start_error is not None:
        raise _start_error
    return _task(_items[bounds[0]:bounds[1]])


def map_chunks(task: Callable[[Sequence], Any], items: Sequence,
               initializer: Callable[[], None] | None = None,
               progress: Callable[[int], None] | None = None,
               chunk: int | None = None, min_items: int | None = None) -> Iterator:
    """`task(chunk)` for consecutive chunks of `items`; yields each chunk's result in order,
    as it comes, so the caller need not hold them all.

    Runs in worker processes when the items are `min_items` or more and the machine has cores
    to spare (items that are each much work, such as search shards, set a smaller `chunk`
    and `min_items`); an
    exception in a worker (such as a SiteError) is raised here, and a worker that dies is a
    SiteError. Either way the other workers stop.
    """
    global _task, _items
    chunk, min_items = chunk or CHUNK, MIN_ITEMS if min_items is None else min_items
    bounds = [(start, min(start + chunk, len(items))) for start in range(0, len(items), chunk)]
    workers = min(cores(), len(bounds))
    if len(items) < min_items or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for start, end in bounds:
            yield task(items[start:end])
            if progress:
                progress(end - start)
        return
    _task, _items = task, items
    pool = ProcessPoolExecutor(workers, multiprocessing.get_context("fork"),
                               initializer=_start, initargs=(initializer, os.getpid()))
    try:
        for (start, end), result in zip(bounds, pool.map(_run, bounds)):
            yield result
            if progress:
                progress(end - start)
    except BrokenProcessPool:
        raise SiteError("a worker process ended abruptly (killed, or out of memory?)") from None
    finally:
        pool.shutdown(cancel_futures=True)
        _task, _items = None, ()
