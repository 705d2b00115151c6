"""The build cache's SQLite file, never trusted: opened with its tables, every stored value
checksummed, and every way it can fail turned into one of two errors.

The cache is only an optimisation. A database that cannot be read back intact (damaged,
truncated, not SQLite, the wrong tables, deleted during the build) raises CacheUnreadable: the
build discards it and starts again without it, saying so in one warning line. A full disk is a
SiteError that stops the build.
"""

from __future__ import annotations

import errno
import functools
import os
import sqlite3
import textwrap
import zlib
from pathlib import Path

from sitegen import report
from sitegen.errors import SiteError


class CacheUnreadable(SiteError):
    """The cache cannot be trusted: the build discards it and starts again without it."""

    def __reduce__(self):
        """Stay this type when crossing from a worker process."""
        return CacheUnreadable, (self.message, self.path)


def database(directory: Path) -> Path:
    return directory / "build.sqlite"


def shown(directory: Path) -> str:
    """The database as the user knows it, e.g. `.cache/build.sqlite`."""
    return f"{directory.name}/{database(directory).name}"


def problem(error: Exception, where: str) -> SiteError:
    """What a failed database or file call means: a full disk stops the build; anything else
    is a cache that cannot be used."""
    if getattr(error, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL \
            or getattr(error, "errno", None) == errno.ENOSPC:
        return SiteError(f"the disk is full ({error}); free some space and build again", where)
    return CacheUnreadable(f"the build cache is unreadable ({_reason(error)})", where)


def _reason(error: Exception) -> str:
    """The error in a few words on one line (SQLite's can quote a whole stored body)."""
    reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    return textwrap.shorten(reason, 100, placeholder="...")


def guarded(method):
    """A method of an object with `shown`, whose database errors become `problem`s."""
    @functools.wraps(method)
    def guarded_method(self, *args):
        try:
            return method(self, *args)
        except sqlite3.Error as error:
            raise problem(error, self.shown) from None
    return guarded_method


def seal(data: bytes) -> bytes:
    """A value as stored: a checksum first, so that damage SQLite cannot see is found."""
    return zlib.crc32(data).to_bytes(4, "big") + data


def unseal(stored, where: str) -> memoryview:
    if isinstance(stored, bytes):
        data = memoryview(stored)[4:]
        if zlib.crc32(data) == int.from_bytes(stored[:4], "big"):
            return data
    raise CacheUnreadable("the build cache is damaged (a stored value fails its checksum)",
                          where)


def identity(path: Path) -> tuple[int, int] | None:
    """Which file is at `path` now (None: none), to notice one deleted or replaced."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino


def discard_cache(directory: Path, unreadable: CacheUnreadable) -> None:
    """Say why the cache is thrown away and remove its files; what cannot be removed is
    reported when the cache is opened again."""
    _warn(f"{unreadable}: discarded, building from scratch")
    try:
        _remove(database(directory))
    except OSError:
        pass


def _warn(message: str) -> None:
    # Not report.warning: that is for the content (and `check` counts those).
    report.info(f"warning: {message}")


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def open_database(directory: Path, generator: str) -> sqlite3.Connection | None:
    """The cache's database, made for this `generator` (a database made by another is
    emptied). A damaged one is replaced by an empty one; where none can be written (a
    read-only folder, a folder in its place) there is none (None). Either way with one
    warning line."""
    path, where = database(directory), shown(directory)
    try:
        return _connect(path, generator)
    except (sqlite3.Error, OSError) as error:
        found = problem(error, where)
    if not isinstance(found, CacheUnreadable):
        raise found
    try:
        _remove(path)
        db = _connect(path, generator)
    except (sqlite3.Error, OSError) as error:
        again = problem(error, where)
        if not isinstance(again, CacheUnreadable):
            raise again from None
        _warn(f"{where}: cannot be used as the build cache ({_reason(error)}): "
              f"building without a cache")
        return None
    _warn(f"{found}: discarded, building from scratch")
    return db


def _connect(path: Path, generator: str) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, timeout=30, isolation_level=None)
    try:
        _prepare(db, generator)
    except BaseException:
        db.close()
        raise
    return db


def _prepare(db: sqlite3.Connection, generator: str) -> None:
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")     # a lost cache entry is only slower
    db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
    row = db.execute("SELECT value FROM meta WHERE name = 'generator'").fetchone()
    if row is None or row[0] != generator:
        db.executescript("""
            BEGIN;
            DROP TABLE IF EXISTS markdown;
            DROP TABLE IF EXISTS pages;
            DROP TABLE IF EXISTS records;
            DROP TABLE IF EXISTS sources;
            CREATE TABLE records (key BLOB PRIMARY KEY, record BLOB NOT NULL);
            CREATE TABLE sources (path TEXT PRIMARY KEY, signature BLOB NOT NULL,
                                  digest BLOB NOT NULL);
            CREATE TABLE pages (output TEXT, file TEXT, inputs BLOB NOT NULL,
                                PRIMARY KEY (output, file));
            COMMIT;""")
        db.execute("INSERT OR REPLACE INTO meta VALUES ('generator', ?)", (generator,))
        db.execute("VACUUM")
    else:       # a write: a cache that cannot be written is found now, not at the end
        db.execute("UPDATE meta SET value = value WHERE name = 'generator'")


def open_reader(directory: Path) -> sqlite3.Connection | None:
    """A read-only connection for a forked worker, or None. Never raises: a worker whose
    initialisation fails would only die (and without the cache it loads from the files)."""
    try:
        uri = f"{database(directory).absolute().as_uri()}?mode=ro"
        return sqlite3.connect(uri, uri=True, timeout=30)
    except sqlite3.Error:
        return None
