"""Write the site into a staging directory and swap it into place only when complete."""

from __future__ import annotations

import fcntl
import filecmp
import heapq
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from . import report
from .errors import SiteError


class StagingWriter:
    """Writes files under one directory; refuses paths that escape it or repeat.

    With `previous` (the published folder), only files whose bytes differ from it are
    written into the staging directory; the others are left where they are. Paths are
    handled as strings ("articles/x/index.html"): a large site has tens of thousands.
    """

    def __init__(self, directory: Path, previous: Path | None = None):
        self.directory = directory
        self.previous = previous
        self.written: set[str] = set()     # every file of the new site
        self.changed = 0
        self.unchanged = 0
        self._staging = os.fspath(directory)
        self._folders: set[str] = set()
        # What the published folder holds, listed once (its file keys and its empty folders)
        self.published = _listing(previous) if previous else _Listing()

    def claim(self, relative: str, owner: str = "the build") -> str:
        """Check an output path once; returns it in its normal form."""
        key = relative if _is_normal(relative) else _normalise(relative, owner)
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
        if key in self.published.files:
            old = os.path.join(self.previous, key)
            try:
                if os.stat(old).st_size == len(data):
                    with open(old, "rb") as handle:
                        if handle.read() == data:
                            return False
            except OSError:
                pass
        with open(self._target(key), "wb") as handle:
            handle.write(data)
        return True

    def keep(self, key: str) -> bool:
        """Whether the published file is there to keep as it is."""
        return key in self.published.files

    def copy_tree(self, source: Path, renames: dict[str, str] | None = None) -> None:
        """Copy static files as they are, some under new names (`renames`, e.g. fingerprints);
        one named like a generated page is an error."""
        renames = renames or {}
        for path in sorted(source.rglob("*")):
            if path.is_file():
                relative = path.relative_to(source).as_posix()
                key = self.claim(renames.get(relative, relative), f"static/{relative}")
                same = key in self.published.files and filecmp.cmp(
                    path, os.path.join(self.previous, key), shallow=False)
                if not same:
                    shutil.copyfile(path, self._target(key))
                self.count(not same)

    def _target(self, key: str) -> str:
        folder, _, _ = key.rpartition("/")
        if folder not in self._folders:
            os.makedirs(os.path.join(self._staging, folder), exist_ok=True)
            self._folders.add(folder)
        return os.path.join(self._staging, key)


def _is_normal(relative: str) -> bool:
    """A plain relative path such as "tags/x/index.html": the common case, checked quickly."""
    parts = relative.split("/")
    return ("\\" not in relative and ":" not in parts[0]
            and all(part and part != "." and part != ".." for part in parts))


def _normalise(relative: str, owner: str) -> str:
    path = PurePosixPath(relative.replace("\\", "/"))
    if (path.is_absolute() or not path.parts or ".." in path.parts
            or ":" in path.parts[0]):
        raise SiteError(f"output path {relative!r} would escape the output directory", owner)
    return path.as_posix()


@dataclass
class _Listing:
    files: set[str] = field(default_factory=set)           # regular files
    others: list[str] = field(default_factory=list)        # links, sockets, ...: never kept
    empty_folders: list[str] = field(default_factory=list)


def _listing(top: Path) -> _Listing:
    """Every file under `top` by its key, in one pass of os.scandir (a site has thousands
    of folders, so this is the one walk of the published site a build makes)."""
    listing = _Listing()
    pending = [("", os.fspath(top))]
    while pending:
        prefix, folder = pending.pop()
        empty = True
        with os.scandir(folder) as entries:
            for entry in entries:
                empty = False
                if entry.is_dir():
                    if not entry.is_symlink():          # as os.walk: never into linked folders
                        pending.append((prefix + entry.name + "/", entry.path))
                elif entry.is_file():
                    listing.files.add(prefix + entry.name)
                else:
                    listing.others.append(prefix + entry.name)
        if empty and prefix:
            listing.empty_folders.append(prefix[:-1])
    return listing


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
            _apply(staging, output, writer)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return writer


def _apply(staging: Path, output: Path, writer: StagingWriter) -> None:
    """Move the staged files into `output` and remove the files the new site does not have.

    Every file replaced or removed is first moved into a backup folder, so that if a rename
    fails half-way everything is put back as it was. Only the staged files and the published
    ones the new site lacks are touched: the published site was listed once, before the
    build, and an unchanged file is neither looked at again nor moved."""
    backup = tempfile.mkdtemp(prefix=f"{output.name}.old-", dir=output.parent)
    top = os.fspath(output)
    published = writer.published
    done: list[tuple[str, str | None]] = []     # (file in output, its old version or None)

    def set_aside(target: str) -> str:
        aside = os.path.join(backup, str(len(done)))
        os.replace(target, aside)
        return aside

    gone = sorted(key for key in (*published.files, *published.others)
                  if key not in writer.written)
    try:
        for key in gone:
            target = os.path.join(top, key)
            done.append((target, set_aside(target)))
        source_top = os.fspath(staging)
        for folder, _, files in os.walk(source_top):
            relative = os.path.relpath(folder, source_top)
            target_folder = top if relative == "." else os.path.join(top, relative)
            if os.path.isfile(target_folder):      # a file where the new site has a folder
                done.append((target_folder, set_aside(target_folder)))
            os.makedirs(target_folder, exist_ok=True)
            for name in files:
                target = os.path.join(target_folder, name)
                old = set_aside(target) if os.path.isfile(target) else None
                done.append((target, old))
                os.replace(os.path.join(folder, name), target)
    except BaseException:
        for target, old in reversed(done):
            if os.path.isfile(target):
                os.unlink(target)
            if old is not None:
                os.makedirs(os.path.dirname(target), exist_ok=True)
                os.replace(old, target)
        _remove_empty_folders(output)
        shutil.rmtree(backup, ignore_errors=True)
        raise
    _remove_empty_folders_among(top, [key.rpartition("/")[0] for key in gone]
                                + published.empty_folders)
    shutil.rmtree(backup, ignore_errors=True)


def _remove_empty_folders(output: Path) -> None:
    for folder, folders, files in os.walk(output, topdown=False):
        if folder != str(output) and not os.listdir(folder):
            os.rmdir(folder)


def _remove_empty_folders_among(top: str, candidates: list[str]) -> None:
    """Remove each empty folder among `candidates` (keys relative to `top`) and then its
    parents while they are empty, deepest first: what `_remove_empty_folders` would remove
    when only those folders can have become empty."""
    pending = [(-folder.count("/"), folder) for folder in set(candidates) if folder]
    heapq.heapify(pending)
    seen = set()
    while pending:
        _, folder = heapq.heappop(pending)
        if folder in seen:
            continue
        seen.add(folder)
        path = os.path.join(top, folder)
        if os.path.isdir(path) and not os.path.islink(path) and not os.listdir(path):
            os.rmdir(path)
            parent = folder.rpartition("/")[0]
            if parent:
                heapq.heappush(pending, (-parent.count("/"), parent))


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
