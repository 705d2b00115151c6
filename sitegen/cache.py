"""The build cache in `.cache/`: Markdown conversions, loaded articles and each output's
page inputs.

Everything is keyed by content hashes, and the whole cache is dropped when the generator's
code or the versions of the libraries that shape its output change, so a cache written by
another version is never reused. One SQLite file: concurrent readers (the worker processes),
one writer (the main process), nothing held in memory.
"""

from __future__ import annotations

import hashlib
import pickle
import sqlite3
import sys
from importlib.metadata import version
from pathlib import Path

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
        self.path = directory / "build.sqlite" if directory else None
        self.hits = 0
        self.misses = 0
        self.records_reused = 0
        self._new: dict[bytes, str] = {}
        self._new_records: dict[bytes, bytes] = {}
        self._db: sqlite3.Connection | None = None
        if self.path:
            self._open()

    def _open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = self._connect()
        except sqlite3.DatabaseError:      # a damaged cache is thrown away, never trusted
            self.path.unlink(missing_ok=True)
            self._db = self._connect()

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")     # a lost cache entry is only slower
        db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
        row = db.execute("SELECT value FROM meta WHERE name = 'generator'").fetchone()
        if row is None or row[0] != GENERATOR:
            db.executescript("""
                BEGIN;
                DROP TABLE IF EXISTS markdown;
                DROP TABLE IF EXISTS pages;
                DROP TABLE IF EXISTS records;
                CREATE TABLE markdown (key BLOB PRIMARY KEY, html TEXT NOT NULL);
                CREATE TABLE records (key BLOB PRIMARY KEY, record BLOB NOT NULL);
                CREATE TABLE pages (output TEXT, file TEXT, inputs BLOB NOT NULL,
                                    PRIMARY KEY (output, file));
                COMMIT;""")
            db.execute("INSERT OR REPLACE INTO meta VALUES ('generator', ?)", (GENERATOR,))
            db.execute("VACUUM")
        return db

    def reopen_in_worker(self) -> None:
        """A forked worker gets its own connection: SQLite connections never cross a fork."""
        self._db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=30) \
            if self.path else None
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

    def stored_html(self, key: bytes) -> str | None:
        """A conversion read back for rendering (not a hit: nothing was converted or saved)."""
        found = self._new.get(key)
        if found is None and self._db is not None:
            row = self._db.execute("SELECT html FROM markdown WHERE key = ?", (key,)).fetchone()
            found = row[0] if row else None
        return found

    def remember(self, key: bytes, html: str) -> None:
        self._new[key] = html

    # Loaded records (articles), keyed by their file's bytes and everything else they
    # depend on; pickled, as they cross from worker processes that way too.
    def record(self, key: bytes):
        found = self._new_records.get(key)
        if found is None and self._db is not None:
            row = self._db.execute("SELECT record FROM records WHERE key = ?", (key,)).fetchone()
            found = row[0] if row else None
        return None if found is None else pickle.loads(found)

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
    def page_inputs(self, output: Path) -> dict[str, bytes]:
        if self._db is None:
            return {}
        rows = self._db.execute("SELECT file, inputs FROM pages WHERE output = ?", (str(output),))
        return dict(rows)

    def forget_pages(self, output: Path) -> None:
        """Called before `output` changes, so a crash can never pair new files with old inputs."""
        if self._db is not None:
            self._db.execute("DELETE FROM pages WHERE output = ?", (str(output),))

    @property
    def persistent(self) -> bool:
        return self._db is not None

    def save(self, output: Path | None = None, pages: dict[str, bytes] | None = None) -> None:
        """Write new conversions (and an output's page inputs) to the database. Before worker
        processes start, so that they find every conversion there."""
        if self._db is None:
            return
        with self._db:
            self._db.execute("BEGIN")
            self._db.executemany("INSERT OR REPLACE INTO markdown VALUES (?, ?)",
                                 self._new.items())
            self._db.executemany("INSERT OR REPLACE INTO records VALUES (?, ?)",
                                 self._new_records.items())
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
            raise LookupError("an article body is missing from the build cache")
        return html

    __str__ = __html__

    def __reduce__(self):
        """Crossing from a worker process, the receiver attaches its own cache."""
        return StoredHtml, (None, self.key)
