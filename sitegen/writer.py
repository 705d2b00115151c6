"""Write the site into a staging directory and swap it into place only when complete."""

from __future__ import annotations

import fcntl
import filecmp
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from . import report
from .errors import SiteError


class StagingWriter:
    """Writes files under one directory; refuses paths that escape it or repeat.

    With `previous` (the published folder), only files whose bytes differ from it are
    written into the staging directory; the others are left where they are.
    """

    def __init__(self, directory: Path, previous: Path | None = None):
        self.directory = directory
        self.previous = previous
        self.written: set[str] = set()     # every file of the new site
        self.changed = 0
        self.unchanged = 0
        self._folders: set[Path] = set()

    def claim(self, relative: str, owner: str = "the build") -> str:
        """Check an output path once; returns it in its normal form."""
        path = PurePosixPath(relative.replace("\\", "/"))
        if (path.is_absolute() or not path.parts or ".." in path.parts
                or ":" in path.parts[0]):
            raise SiteError(f"output path {relative!r} would escape the output directory", owner)
        key = path.as_posix()
        if key in self.written:
            raise SiteError(f"output file '{key}' is written twice", owner)
        self.written.add(key)
        return key

    def write(self, relative: str, content: str | bytes, owner: str = "the build") -> None:
        self.count(self.put(self.claim(relative, owner), content))

    def count(self, changed: bool, files: int = 1) -> None:
        if changed:
            self.changed += files
        else:
            self.unchanged += files

    def put(self, key: str, content: str | bytes) -> bool:
        """Stage a claimed file unless the published one has the same bytes; returns whether
        it changed. Not counted here: workers in other processes call it, the caller counts."""
        data = content.encode("utf-8") if isinstance(content, str) else content
        old = self._old(key)
        if old is not None:
            try:
                if old.stat().st_size == len(data) and old.read_bytes() == data:
                    return False
            except OSError:
                pass
        self._target(key).write_bytes(data)
        return True

    def keep(self, key: str) -> bool:
        """Whether the published file is there to keep as it is."""
        old = self._old(key)
        return old is not None and old.is_file()

    def copy_tree(self, source: Path, renames: dict[str, str] | None = None) -> None:
        """Copy static files as they are, some under new names (`renames`, e.g. fingerprints);
        one named like a generated page is an error."""
        renames = renames or {}
        for path in sorted(source.rglob("*")):
            if path.is_file():
                relative = path.relative_to(source).as_posix()
                key = self.claim(renames.get(relative, relative), f"static/{relative}")
                old = self._old(key)
                same = old is not None and old.is_file() and filecmp.cmp(path, old, shallow=False)
                if not same:
                    shutil.copyfile(path, self._target(key))
                self.count(not same)

    def _old(self, key: str) -> Path | None:
        return self.previous.joinpath(*key.split("/")) if self.previous else None

    def _target(self, key: str) -> Path:
        target = self.directory.joinpath(*key.split("/"))
        if target.parent not in self._folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(target.parent)
        return target


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


def publish(output: Path, build: Callable[[StagingWriter], None]) -> StagingWriter:
    """Run `build` into a staging directory beside `output`, then bring `output` up to date.

    If `build` raises, the staging directory is removed and `output` is left as it was. Only
    after the whole build succeeded are the changed files moved into place (each by an atomic
    rename) and the files the site no longer has removed; unchanged files are not touched.
    A first build simply renames the staging directory. Builds of the same output take turns
    (see `output_lock`).
    """
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    with output_lock(output):
        _refuse_foreign_folder(output)
        return _publish(output, build)


def _refuse_foreign_folder(output: Path) -> None:
    """The swap deletes what `output` held: only ever a site built before (or nothing)."""
    if output.exists() and not output.is_dir():
        raise SiteError("the output is a file, not a folder", output)
    if output.is_dir() and any(output.iterdir()) and not (output / "index.html").is_file():
        raise SiteError("the output folder is not empty and holds no built site (no index.html); "
                        "it would be replaced, so choose an empty or new folder", output)


def _publish(output: Path, build: Callable[[StagingWriter], None]) -> StagingWriter:
    staging = Path(tempfile.mkdtemp(prefix=f"{output.name}.staging-", dir=output.parent))
    try:
        writer = StagingWriter(staging, previous=output if output.is_dir() else None)
        build(writer)
        staging.chmod(0o755)
        if writer.previous is None:
            os.replace(staging, output)
        else:
            _apply(staging, output, writer.written)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return writer


def _apply(staging: Path, output: Path, keep: set[str]) -> None:
    """Move the staged files into `output` and remove the files the new site does not have.

    Every file replaced or removed is first moved into a backup folder, so that if a rename
    fails half-way everything is put back as it was."""
    backup = Path(tempfile.mkdtemp(prefix=f"{output.name}.old-", dir=output.parent))
    done: list[tuple[Path, Path | None]] = []     # (file in output, its old version or None)

    def set_aside(target: Path) -> Path:
        aside = backup / str(len(done))
        os.replace(target, aside)
        return aside

    try:
        for folder, _, files in os.walk(output):
            relative = Path(folder).relative_to(output).as_posix()
            prefix = "" if relative == "." else relative + "/"
            for name in files:
                if prefix + name not in keep:
                    target = Path(folder, name)
                    done.append((target, set_aside(target)))
        for folder, _, files in os.walk(staging):
            target_folder = output / Path(folder).relative_to(staging)
            if target_folder.is_file():          # a file where the new site has a folder
                done.append((target_folder, set_aside(target_folder)))
            target_folder.mkdir(parents=True, exist_ok=True)
            for name in files:
                target = target_folder / name
                old = set_aside(target) if target.is_file() else None
                done.append((target, old))
                os.replace(os.path.join(folder, name), target)
    except BaseException:
        for target, old in reversed(done):
            if target.is_file():
                target.unlink()
            if old is not None:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(old, target)
        _remove_empty_folders(output)
        shutil.rmtree(backup, ignore_errors=True)
        raise
    _remove_empty_folders(output)
    shutil.rmtree(backup, ignore_errors=True)


def _remove_empty_folders(output: Path) -> None:
    for folder, folders, files in os.walk(output, topdown=False):
        if folder != str(output) and not os.listdir(folder):
            os.rmdir(folder)


def update_in_place(directory: Path, key: str, data: bytes) -> bool:
    """For the preview: replace one file atomically if its bytes changed (never half-written)."""
    target = directory.joinpath(*key.split("/"))
    try:
        if target.stat().st_size == len(data) and target.read_bytes() == data:
            return False
    except OSError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, target)
    return True
