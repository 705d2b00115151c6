"""Write the site into a staging directory and swap it into place only when complete."""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from . import report
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


def lock_path(output: Path) -> Path:
    return output.parent / f"{output.name}.lock"


@contextmanager
def output_lock(output: Path) -> Iterator[None]:
    """Hold `<output>.lock` so that two builds never swap the same folder at once.

    A second build waits for the first; the operating system releases the lock when a
    process ends, so a crashed build never leaves a stale lock behind.
    """
    path = lock_path(output)
    with open(path, "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            report.info(f"waiting for another build writing {output.name} to finish "
                        f"(lock file {path.name})")
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def publish(output: Path, build: Callable[[StagingWriter], None]) -> None:
    """Run `build` into a fresh directory beside `output`, then swap it in.

    If `build` raises, the staging directory is removed and `output` is left as it was.
    Builds of the same output take turns (see `output_lock`).
    """
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    with output_lock(output):
        _refuse_foreign_folder(output)
        _publish(output, build)


def _refuse_foreign_folder(output: Path) -> None:
    """The swap deletes what `output` held: only ever a site built before (or nothing)."""
    if output.exists() and not output.is_dir():
        raise SiteError("the output is a file, not a folder", output)
    if output.is_dir() and any(output.iterdir()) and not (output / "index.html").is_file():
        raise SiteError("the output folder is not empty and holds no built site (no index.html); "
                        "it would be replaced, so choose an empty or new folder", output)


def _publish(output: Path, build: Callable[[StagingWriter], None]) -> None:
    staging = Path(tempfile.mkdtemp(prefix=f"{output.name}.staging-", dir=output.parent))
    try:
        build(StagingWriter(staging))
        staging.chmod(0o755)
        if output.exists():
            retired = Path(tempfile.mkdtemp(prefix=f"{output.name}.old-", dir=output.parent))
            os.replace(output, retired / output.name)
            try:
                os.replace(staging, output)
            except BaseException:
                os.replace(retired / output.name, output)
                retired.rmdir()
                raise
            shutil.rmtree(retired)
        else:
            os.replace(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
