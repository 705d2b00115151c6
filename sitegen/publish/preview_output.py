"""The preview's output folder, updated in place: changed files replaced, stale ones removed.

The preview serves one folder to one editor's browser; linking a whole new version at each
save, as builds for publishing do, would cost more than the rest of the rebuild.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

from sitegen.publish.writer import StagingWriter, holds


class InPlaceWriter(StagingWriter):
    def __init__(self, directory: Path):
        directory.mkdir(parents=True, exist_ok=True)
        super().__init__(directory, directory)

    def publish(self, build: Callable[[StagingWriter], None]) -> StagingWriter:
        """Run `build` (the files it writes replace those in the folder), then remove what it
        no longer writes. A failed build leaves the files it did not reach as they were."""
        self.written, self.staged, self.unchanged = set(), set(), 0
        try:
            build(self)
        except BaseException:
            self.published.files |= self.staged     # written, so on disk now
            raise
        self.complete()
        return self

    def put(self, key: str, content: str | bytes) -> bool:
        data = content.encode("utf-8") if isinstance(content, str) else content
        target = self._target(key)
        if holds(target, data):
            return False
        self._replace(target, lambda temporary: Path(temporary).write_bytes(data))
        return True

    def _copy(self, source: Path, key: str) -> None:
        self._replace(self._target(key), lambda temporary: shutil.copyfile(source, temporary))

    @staticmethod
    def _replace(target: str, write: Callable[[str], object]) -> None:
        """Never a half-written file in the folder served: written beside it, then renamed."""
        folder, name = os.path.split(target)
        temporary = os.path.join(folder, f".{name}.{os.getpid()}.tmp")
        write(temporary)
        os.replace(temporary, target)

    def complete(self) -> bool:
        stale = sorted(self.published.files - self.written)
        for key in stale:
            _remove(self.directory, key)
        if stale:
            self._folders.clear()       # some may be gone
        self.published.files = set(self.written)
        return bool(self.staged or stale)


def _remove(output: Path, key: str) -> None:
    target = output / key
    target.unlink(missing_ok=True)
    folder = target.parent
    while folder != output and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
