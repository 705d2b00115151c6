"""The build cache in `.cache/`: loaded articles (by their file's bytes) and the digest each
output file was made from.

Everything is keyed by content hashes, and the whole cache is dropped when the generator's
code or the versions of the libraries that shape its output change, so a cache written by
another version is never reused. One SQLite file: concurrent readers (the worker processes),
one writer (the main process), nothing held in memory. How damage is found and what it
leads to: see cachedb.
"""

from __future__ import annotations

import functools
import hashlib
import pickle
import sys
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

from sitegen.pickled import pickled
from sitegen.publish.file_store import FileStore
from sitegen.publish.cachedb import (CacheUnreadable, database, guarded, identity, open_database,
                                     open_reader, seal, shown, unseal)

_PACKAGE = Path(__file__).resolve().parent.parent     # all of sitegen


def _generator_fingerprint() -> str:
    """The generator's own code plus the libraries and Python that turn input into output."""
    digest = hashlib.sha256()
    for source in sorted(_PACKAGE.rglob("*.py")):
        digest.update(source.relative_to(_PACKAGE).as_posix().encode() + b"\0")
        digest.update(source.read_bytes())
    for library in ("Markdown", "Jinja2", "MarkupSafe", "PyYAML", "Pillow"):
        digest.update(f"{library}=={version(library)}\0".encode())
    digest.update(sys.version.encode())
    return digest.hexdigest()


GENERATOR = _generator_fingerprint()
PREFETCH_BATCH = 900        # keys per query: under SQLite's oldest limit of 999 parameters


class BuildCache:
    """`BuildCache(None)` caches nothing: the same interface for builds without a cache."""

    def __init__(self, directory: Path | None):
        self.directory = directory
        self.shown = shown(directory) if directory else ""
        self.records_reused = 0         # articles taken from the cache
        self.records_parsed = 0         # articles read from their files
        self._new_records: dict[bytes, bytes] = {}
        self._fetched: dict[bytes, bytes] = {}     # read by prefetch, not yet taken
        self._new_sources: dict[str, tuple[bytes, bytes]] = {}
        self._gone_sources: set[str] = set()
        self._db = open_database(directory, GENERATOR) if directory else None
        if self._db is None:
            self.directory = None       # none could be opened: a build without a cache
        self._identity = identity(self.path) if self.directory else None

    @property
    def path(self) -> Path | None:
        return database(self.directory) if self.directory else None

    def reopen_in_worker(self) -> None:
        """A forked worker gets its own connection: SQLite connections never cross a fork.
        Without one, it finds nothing (and loads every article from its file)."""
        self._db = open_reader(self.directory) if self.directory else None
        self._new_records = {}
        self.records_reused = self.records_parsed = 0

    # Loaded records (articles), keyed by their file's bytes and everything else they
    # depend on; pickled, as they cross from worker processes that way too.
    @guarded
    def prefetch(self, keys: list[bytes]) -> None:
        """Read the records of these keys in a few queries (one each costs more than its
        record takes to load); `record` takes them."""
        if self._db is None:
            return
        for start in range(0, len(keys), PREFETCH_BATCH):
            batch = keys[start:start + PREFETCH_BATCH]
            self._fetched.update(self._db.execute(
                f"SELECT key, record FROM records WHERE key IN ({','.join('?' * len(batch))})",
                batch))

    @guarded
    def record(self, key: bytes):
        found = self._new_records.get(key)
        if found is None:
            row = self._fetched.pop(key, None)
            if row is None and self._db is not None:
                row = self._db.execute("SELECT record FROM records WHERE key = ?",
                                       (key,)).fetchone()
                row = row and row[0]
            found = unseal(row, self.shown) if row else None
        try:
            return None if found is None else pickle.loads(found)
        except Exception as error:      # intact bytes that still do not load
            raise CacheUnreadable(f"the build cache is unreadable ({error!r})", self.shown) \
                from None

    @guarded
    def source_digests(self, all_at_once: bool) -> tuple[Callable, set[str] | None]:
        """A lookup of each article file's signature and digest (see source_digests.py),
        and, `all_at_once` (read in one query, for a build that reads them all), their paths."""
        if self._db is None:
            return (lambda path: None), None
        if not all_at_once:
            return self._source, None
        stored = {path: (signature, digest) for path, signature, digest
                  in self._db.execute("SELECT path, signature, digest FROM sources")}
        return stored.get, set(stored)

    @guarded
    def _source(self, path: str) -> tuple[bytes, bytes] | None:
        return self._db.execute("SELECT signature, digest FROM sources WHERE path = ?",
                                (path,)).fetchone()

    def remember_sources(self, new: dict[str, tuple[bytes, bytes]], gone: set[str]) -> None:
        """Stored (and forgotten) by the next `save`."""
        if self._db is not None:
            self._new_sources, self._gone_sources = new, gone

    def remember_record(self, key: bytes, record) -> None:
        self.records_parsed += 1
        if self._db is not None:
            self._new_records[key] = pickled(record)

    def take_new(self) -> tuple:
        """New records and the counts so far, handed over to `merge`."""
        taken = self._new_records, self.records_reused, self.records_parsed
        self._new_records, self.records_reused, self.records_parsed = {}, 0, 0
        return taken

    def merge(self, taken: tuple) -> None:
        """What `take_new` handed over, in this process or from a worker process."""
        records, reused, parsed = taken
        self._new_records.update(records)
        self.records_reused += reused
        self.records_parsed += parsed

    # Each output file's page inputs as of the last build that published that folder.
    @guarded
    def page_inputs(self, output: Path) -> dict[str, bytes]:
        if self._db is None:
            return {}
        rows = self._db.execute("SELECT file, inputs FROM pages WHERE output = ?", (str(output),))
        return dict(rows)

    @guarded
    def forget_pages(self, output: Path) -> None:
        """Called before `output` changes, so a crash can never pair new files with old inputs."""
        if self._db is not None:
            self._db.execute("DELETE FROM pages WHERE output = ?", (str(output),))

    @guarded
    def save(self, output: Path | None = None, pages: dict[str, bytes] | None = None) -> None:
        """Write new records (and an output's page digests) to the database."""
        if self._db is None:
            return
        if identity(self.path) != self._identity:
            raise CacheUnreadable("the build cache was deleted or replaced during the build",
                                  self.shown)
        with self._db:
            self._db.execute("BEGIN")
            self._db.executemany("INSERT OR REPLACE INTO records VALUES (?, ?)",
                                 ((key, seal(record))
                                  for key, record in self._new_records.items()))
            self._db.executemany("DELETE FROM sources WHERE path = ?",
                                 ((path,) for path in sorted(self._gone_sources)))
            self._db.executemany("INSERT OR REPLACE INTO sources VALUES (?, ?, ?)",
                                 ((path, *known) for path, known in self._new_sources.items()))
            self._new_sources, self._gone_sources = {}, set()
            if output is not None:
                self._db.execute("DELETE FROM pages WHERE output = ?", (str(output),))
                self._db.executemany("INSERT INTO pages VALUES (?, ?, ?)",
                                     ((str(output), file, inputs) for file, inputs in pages.items()))
        self._new_records = {}

    @functools.cached_property
    def files(self) -> FileStore:
        """Photos' variants and social cards, kept in `.cache/files/` (kept across versions of
        the generator: each key names what the files were made with)."""
        return FileStore(self.directory / "files" if self.directory else None)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        if "files" in self.__dict__:
            self.files.close()
