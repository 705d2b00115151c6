"""Messages for the person running the build, on standard error."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

_collectors: list[list[str]] = []


def counted(number: int, noun: str) -> str:
    """ "1 article", "2 articles": for summary lines."""
    return f"{number:,} {noun}" if number == 1 else f"{number:,} {noun}s"


def warning(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)
    for collected in _collectors:
        collected.append(message)


def count_warnings(messages: list[str]) -> None:
    """Warnings already printed by a worker process, for the collectors in this one."""
    for collected in _collectors:
        collected.extend(messages)


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
        # By identity: `remove` would take the first equal list, such as another empty one.
        del _collectors[next(index for index, other in enumerate(_collectors)
                             if other is collected)]


class Progress:
    """A progress line rewritten in place on a terminal; silent elsewhere or when quiet."""

    def __init__(self, quiet: bool = False):
        self.enabled = not quiet and sys.stderr.isatty()
        self._label = ""
        self._done = self._total = 0
        self._shown_at = 0.0

    def start(self, label: str, total: int) -> None:
        self._label, self._done, self._total = label, 0, total
        if total:
            self._show(force=True)

    def advance(self, count: int = 1) -> None:
        self._done += count
        self._show(force=self._done == self._total)

    def _show(self, force: bool = False) -> None:
        now = time.monotonic()
        if self.enabled and (force or now - self._shown_at > 0.1):
            self._shown_at = now
            sys.stderr.write(f"\r\033[K{self._label} {self._done:,}/{self._total:,}")
            sys.stderr.flush()

    def clear(self) -> None:
        if self.enabled:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()
