"""Messages for the person running the build, on standard error."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

_collectors: list[list[str]] = []


def warning(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)
    for collected in _collectors:
        collected.append(message)


def info(message: str) -> None:
    print(message, file=sys.stderr)


@contextmanager
def collecting_warnings() -> Iterator[list[str]]:
    """The warnings given inside the block, so that `check` can count them."""
    collected: list[str] = []
    _collectors.append(collected)
    try:
        yield collected
    finally:
        _collectors.remove(collected)
