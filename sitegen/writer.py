"""Write the site into a staging directory and swap it into place only when complete."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from .errors import SiteError


class StagingWriter:
    """Writes files under one directory; refuses paths that escape it or repeat."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.written: set[str] = set()

    def _target(self, relative: str, owner: str) -> Path:
        path = PurePosixPath(relative.replace("\\", "/"))
        if (path.is_absolute() or not path.parts or ".." in path.parts
                or ":" in path.parts[0]):
            raise SiteError(f"output path {relative!r} would escape the output directory", owner)
        key = path.as_posix()
        if key in self.written:
            raise SiteError(f"output file '{key}' is written twice", owner)
        self.written.add(key)
        return self.directory.joinpath(*path.parts)

    def write(self, relative: str, content: str | bytes, owner: str = "the build") -> None:
        target = self._target(relative, owner)
        target.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        target.write_bytes(data)

    def copy_tree(self, source: Path, renames: dict[str, str] | None = None) -> None:
        """Copy static files as they are, some under new names (`renames`, e.g. fingerprints);
        one named like a generated page is an error."""
        renames = renames or {}
        for path in sorted(source.rglob("*")):
            if path.is_file():
                relative = path.relative_to(source).as_posix()
                target = self._target(renames.get(relative, relative), f"static/{relative}")
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)


def publish(output: Path, build: Callable[[StagingWriter], None]) -> None:
    """Run `build` into a fresh directory beside `output`, then swap it in.

    If `build` raises, the staging directory is removed and `output` is left as it was.
    """
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{output.name}.staging-", dir=output.parent))
    try:
        build(StagingWriter(staging))
        staging.chmod(0o755)
        if output.exists():
            retired = Path(tempfile.mkdtemp(prefix=f"{output.name}.old-", dir=output.parent))
            os.replace(output, retired / output.name)
            os.replace(staging, output)
            shutil.rmtree(retired)
        else:
            os.replace(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
