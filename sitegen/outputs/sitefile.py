"""One file made from the whole Site, with what it shows, so a build can keep it unchanged."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class SiteFile:
    path: str
    # Everything the file shows, as plain values: a build keeps the published file when
    # these inputs have the digest of those it was made from. None: always made.
    inputs: tuple | None
    make: Callable[[], str]
