"""The build cache in `.cache/`: Markdown conversions, loaded articles and each output's
page inputs.

Everything is keyed by content hashes, and the whole cache is dropped when the generator's
code or the versions of the libraries that shape its output change, so a cache written by
another version is never reused. One SQLite file: concurrent readers (the worker processes),
one writer (the main process), nothing held in memory. How damage is found and what it
leads to: see cachedb.
"""

from __future__ import annotations

import hashlib
import pickle
import sys
from importlib.metadata import version
from pathlib import Path

from .cachedb import (CacheUnreadable, database, discard_cache, guarded, identity,
                      open_database, open_reader, seal, shown, unseal)

_PACKAGE = Path(__file__).resolve().parent


def _generator_fingerprint() -> str:
    """The generator's own code plus the libraries and Python that turn input into output."""
    digest = hashlib.sha256()
    for source in sorted(_PACKAGE.rglob("*.py")):
        digest.update(source.relative_to(_PACKAGE).as_posix().encode() + b"\0")
        digest.update(source.read_bytes())
    for library in ("Markdown", "Jinja2", "MarkupSafe", "PyYAML"):
        digest.update(f"{library}=={version(library)}\0".encode())
    digest.update(sys.version.encode())
    return digest.hexdigest()


GENERATOR = _generator_fingerprint()


def text_key(*parts: str) -> bytes:
    digest = hashlib.blake2b(digest_size=20)
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.digest()


class BuildCache:
    """`BuildCache(None)` caches nothing: the same interface for builds without a cache."""

    def __init__(self, directory: Path | None):
        self.directory = directory
        self.shown = shown(directory) if directory else ""
        self.hits = 0
        self.misses = 0
        self.records_reused = 0
        self._new: dict[bytes, str] = {}
        self._new_records: dict[bytes, bytes] = {}
        self._db = open_database(directory, GENERATOR) if directory else None
        if self._db is None:
            self.directory = None       # none could be opened: a build without a cache
        self._identity = identity(self.path) if self.directory else None
        self._unopened = ""             # in a worker: why it has no connection

    @property
    def path(self) -> Path | None:
        return database(self.directory) if self.directory else None

    def start_over(self, unreadable: CacheUnreadable) -> None:
        """After `unreadable` (in the preview, which keeps its cache): discard the database
        and open a new one."""
        self.close()
        if self.directory:
            discard_cache(self.directory, unreadable)
            self.__init__(self.directory)

    def reopen_in_worker(self) -> None:
        """A forked worker gets its own connection: SQLite connections never cross a fork.
        Without one, it finds nothing (a body it needs is then a CacheUnreadable)."""
        self._db, self._unopened = open_reader(self.directory) if self.directory else (None, "")
        self._new, self._new_records = {}, {}
        self.hits = self.misses = self.records_reused = 0

    # Markdown conversions, keyed by the text and everything else that shapes the HTML.
    def html(self, key: bytes) -> str | None:
        found = self.stored_html(key)
        if found is None:
            self.misses += 1
        else:
            self.hits += 1
        return found

    @guarded
    def stored_html(self, key: bytes) -> str | None:
        """A conversion read back for rendering (not a hit: nothing was converted or saved)."""
        found = self._new.get(key)
        if found is None and self._db is not None:
            row = self._db.execute("SELECT html FROM markdown WHERE key = ?", (key,)).fetchone()
            found = str(unseal(row[0], self.shown), "utf-8", "surrogatepass") if row else None
        return found

    def lost(self, what: str) -> CacheUnreadable:
        """The error for a value that must be there and is not."""
        why = f" ({self._unopened})" if self._unopened else ""
        return CacheUnreadable(f"the build cache lost {what}{why}", self.shown)

    def remember(self, key: bytes, html: str) -> None:
        self._new[key] = html

    # Loaded records (articles), keyed by their file's bytes and everything else they
    # depend on; pickled, as they cross from worker processes that way too.
    @guarded
    def record(self, key: bytes):
        found = self._new_records.get(key)
        if found is None and self._db is not None:
            row = self._db.execute("SELECT record FROM records WHERE key = ?", (key,)).fetchone()
            found = unseal(row[0], self.shown) if row else None
        try:
            return None if found is None else pickle.loads(found)
        except Exception as error:      # intact bytes that still do not load
            raise CacheUnreadable(f"the build cache is unreadable ({error!r})", self.shown) \
                from None

    def remember_record(self, key: bytes, record) -> None:
        if self._db is not None:
            self._new_records[key] = pickle.dumps(record, pickle.HIGHEST_PROTOCOL)

    def take_new(self) -> tuple:
        """New conversions and records and the counts so far, handed over to `merge`."""
        taken = self._new, self._new_records, self.hits, self.misses, self.records_reused
        self._new, self._new_records = {}, {}
        self.hits = self.misses = self.records_reused = 0
        return taken

    def merge(self, taken: tuple) -> None:
        """What `take_new` handed over, in this process or from a worker process."""
        entries, records, hits, misses, reused = taken
        self._new.update(entries)
        self._new_records.update(records)
        self.hits += hits
        self.misses += misses
        self.records_reused += reused

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

    @property
    def persistent(self) -> bool:
        return self._db is not None

    @guarded
    def save(self, output: Path | None = None, pages: dict[str, bytes] | None = None) -> None:
        """Write new conversions (and an output's page inputs) to the database. Before worker
        processes start, so that they find every conversion there, in the file they open."""
        if self._db is None:
            return
        if identity(self.path) != self._identity:
            raise CacheUnreadable("the build cache was deleted or replaced during the build",
                                  self.shown)
        with self._db:
            self._db.execute("BEGIN")
            self._db.executemany("INSERT OR REPLACE INTO markdown VALUES (?, ?)",
                                 ((key, seal(html.encode("utf-8", "surrogatepass")))
                                  for key, html in self._new.items()))
            self._db.executemany("INSERT OR REPLACE INTO records VALUES (?, ?)",
                                 ((key, seal(record))
                                  for key, record in self._new_records.items()))
            if output is not None:
                self._db.execute("DELETE FROM pages WHERE output = ?", (str(output),))
                self._db.executemany("INSERT INTO pages VALUES (?, ?, ?)",
                                     ((str(output), file, inputs) for file, inputs in pages.items()))
        self._new, self._new_records = {}, {}

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


class StoredHtml:
    """HTML that lives in the cache database and is read when a template shows it, so the
    bodies of a large site never all sit in memory at once."""

    __slots__ = ("cache", "key")

    def __init__(self, cache: BuildCache | None, key: bytes):
        self.cache = cache
        self.key = key

    def __html__(self) -> str:
        html = self.cache.stored_html(self.key)
        if html is None:
            raise self.cache.lost("an article body")
        return html

    __str__ = __html__

    def __reduce__(self):
        """Crossing from a worker process, the receiver attaches its own cache."""
        return StoredHtml, (None, self.key)
