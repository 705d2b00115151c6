"""Files made once and kept by a key of what they were made from (photo variants, cards).

Each key is a folder of files, written whole or not at all (a killed build leaves no half
of one). Without a cache folder the store lives in a temporary folder for one build.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

from sitegen.content.source_digests import TRUST_AFTER_NS
from sitegen.report import warning


class FileStore:
    def __init__(self, folder: Path | None):
        if folder is not None:
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                warning(f"{folder.parent.name}/{folder.name}: cannot be used to keep photos "
                        f"and cards ({error.strerror}): making them for this build only")
                folder = None
        self._temporary = folder is None
        self.folder = Path(tempfile.mkdtemp(prefix="sitegen-files-")) if folder is None \
            else folder
        self._keys_file = self.folder / "sources.json"
        self._source_keys: dict[str, list] = self._read_keys()
        self._keys_changed = False

    def has(self, key: str) -> bool:
        return os.path.isdir(self._path(key))

    def read(self, key: str, name: str) -> bytes:
        with open(os.path.join(self._path(key), name), "rb") as handle:
            return handle.read()

    def holds(self, key: str, names: set[str]) -> bool:
        """Whether the key's folder holds each of `names`."""
        return names <= set(os.listdir(self._path(key)))

    def drop(self, key: str) -> None:
        shutil.rmtree(self._path(key), ignore_errors=True)

    def put(self, key: str, files: dict[str, bytes]) -> None:
        """Store `files` (name -> bytes) under `key`, all at once."""
        final = self._path(key)
        os.makedirs(os.path.dirname(final), exist_ok=True)
        staging = tempfile.mkdtemp(prefix=".new-", dir=os.path.dirname(final))
        try:
            for name, data in files.items():
                with open(os.path.join(staging, name), "wb") as handle:
                    handle.write(data)
            os.rename(staging, final)
        except OSError:
            shutil.rmtree(staging, ignore_errors=True)
            if not self.has(key):       # another process may have stored it first
                raise

    def file_digest(self, path: Path) -> str:
        """A digest of the file's bytes, read again only when the file's size, time or inode
        changed since it was last read."""
        found = path.stat()
        # git's rule for its index (see content/source_digests.py): size, times, inode and
        # device; a file changed less than TRUST_AFTER_NS ago is read again next time too
        signature = [found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino,
                     found.st_dev]
        known = self._source_keys.get(str(path))
        if known and known[:-1] == signature:
            return known[-1]
        digest = hashlib.blake2b(digest_size=20)
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        if time.time_ns() - found.st_ctime_ns >= TRUST_AFTER_NS:
            self._source_keys[str(path)] = [*signature, digest.hexdigest()]
            self._keys_changed = True
        return digest.hexdigest()

    def close(self) -> None:
        if self._temporary:
            shutil.rmtree(self.folder, ignore_errors=True)
        elif self._keys_changed:
            temporary = self._keys_file.with_suffix(".tmp")
            temporary.write_text(json.dumps(self._source_keys, sort_keys=True))
            os.replace(temporary, self._keys_file)
            self._keys_changed = False

    def _path(self, key: str) -> str:
        return os.path.join(self.folder, key[:2], key)

    def _read_keys(self) -> dict[str, list]:
        try:
            keys = json.loads(self._keys_file.read_text())
        except (OSError, ValueError):
            return {}
        return keys if isinstance(keys, dict) else {}


def file_digest_of(data: bytes) -> str:
    """What file_digest gives for a file holding `data`."""
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def code_digest(*modules) -> str:
    """A digest of the modules' source: what a store's key names as the code that made its
    files, so that changed drawing or encoding code makes them again."""
    digest = hashlib.blake2b(digest_size=20)
    for module in modules:
        with open(module.__file__, "rb") as handle:
            digest.update(handle.read())
    return digest.hexdigest()
