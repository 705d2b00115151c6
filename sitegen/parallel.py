"""Spread work over the machine's cores with forked worker processes.

Workers are forked, so they start with the parent's loaded state (templates compiled, the site
in memory) and nothing but small results is ever pickled.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any

MIN_ITEMS = 300     # below this, starting workers costs more than it saves
CHUNK = 64

_task: Callable[[Sequence], Any] | None = None
_items: Sequence = ()


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _run(bounds: tuple[int, int]) -> Any:
    """In a worker: the items were inherited through the fork; only their bounds are sent."""
    return _task(_items[bounds[0]:bounds[1]])


def map_chunks(task: Callable[[Sequence], Any], items: Sequence,
               initializer: Callable[[], None] | None = None,
               progress: Callable[[int], None] | None = None) -> Iterator:
    """`task(chunk)` for consecutive chunks of `items`; yields each chunk's result in order,
    as it comes, so the caller need not hold them all.

    Runs in worker processes when the items are many and the machine has cores to spare; an
    exception in a worker (such as a SiteError) is raised here.
    """
    global _task, _items
    bounds = [(start, min(start + CHUNK, len(items))) for start in range(0, len(items), CHUNK)]
    workers = min(cores(), len(bounds))
    if len(items) < MIN_ITEMS or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for start, end in bounds:
            yield task(items[start:end])
            if progress:
                progress(end - start)
        return
    _task, _items = task, items
    try:
        with multiprocessing.get_context("fork").Pool(workers, initializer=initializer) as pool:
            for (start, end), result in zip(bounds, pool.imap(_run, bounds)):
                yield result
                if progress:
                    progress(end - start)
    finally:
        _task, _items = None, ()
