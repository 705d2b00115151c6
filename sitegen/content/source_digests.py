"""Which article files changed since the last build, without reading those that did not.

An article's cache key is made from the digest of its file's bytes. The digest an earlier
build read is trusted without reading the file again while the file's size, modification
and change times, inode and device are those seen then, and only if its change time was
at least TRUST_AFTER_NS before that build read it. This is git's rule for its index: every
write moves a file's change time (no tool can set it back), and a write in the same clock
tick as the read is the one it could miss, hence the margin.
"""

from __future__ import annotations

import hashlib
import os
import struct
import time
from collections.abc import Callable
from pathlib import Path

from sitegen.content.documents import read_bytes

TRUST_AFTER_NS = 2_000_000_000


Stored = tuple[bytes, bytes]       # a file's signature and digest


def shown_path(path: Path, root: Path) -> str:
    """`path` as messages show it (and digests are stored by), relative to the site's
    folder (by text: ten thousand files take pathlib a tenth of a second)."""
    text, prefix = os.fspath(path), os.fspath(root) + os.sep
    return text[len(prefix):].replace(os.sep, "/") if text.startswith(prefix) \
        else path.relative_to(root).as_posix()


class SourceDigests:
    def __init__(self, lookup: Callable[[str], Stored | None], stored: set[str] | None):
        """`lookup`: a shown path's stored signature and digest. `stored`: every path the
        cache holds, when this build reads them all (so those of files gone are dropped)."""
        self.lookup = lookup
        self.stored = stored
        self.new: dict[str, Stored] = {}        # to store for the next build
        self.seen: set[str] = set()
        self._now = time.time_ns()

    def digest(self, path: Path, shown: str) -> tuple[bytes | None, bytes]:
        """The file's bytes (None when its stored digest is trusted) and their digest."""
        self.seen.add(shown)
        try:
            found = os.stat(path)
        except OSError:
            found = None            # read_bytes names the problem
        signature = found and struct.pack("<5q", found.st_size, found.st_mtime_ns,
                                          found.st_ctime_ns, found.st_ino, found.st_dev)
        known = self.lookup(shown)
        if known is not None and known[0] == signature:
            return None, known[1]
        data = read_bytes(path, shown)          # after the stat: a later write moves it
        digest = hashlib.blake2b(data, digest_size=16).digest()
        if signature and self._now - found.st_ctime_ns >= TRUST_AFTER_NS:
            self.new[shown] = (signature, digest)
        return data, digest

    def to_store(self) -> tuple[dict[str, Stored], set[str]]:
        """The new trusted digests, and the paths stored of files no longer there."""
        return self.new, (self.stored - self.seen) if self.stored is not None else set()
