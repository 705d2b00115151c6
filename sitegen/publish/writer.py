"""Write a new version of the site: changed files written, the others linked from the last."""

from __future__ import annotations

import filecmp
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from sitegen.errors import SiteError


class StagingWriter:
    """Writes files under one directory; refuses paths that escape it or repeat.

    With `previous` (the published version), only files whose bytes differ from it are
    written during the build; `complete()` then links the others in. `directory` may hold
    the files of an older version (see publish_switch): one that is the published file (the
    same inode) is kept as it is; any other is removed before its name is written, so a
    file the published site shares is never written into. Paths are handled as strings
    ("articles/x/index.html"): a large site has tens of thousands.
    """

    def __init__(self, directory: Path, previous: Path | None = None):
        self.directory = directory
        self.previous = previous
        self.written: set[str] = set()     # every file of the new site
        self.staged: set[str] = set()      # those written into `directory` during the build
        self.unchanged = 0
        self._staging = os.fspath(directory)
        self._folders: set[str] = set()
        self._normal: set[str] = set()     # paths found plain already
        # What the published folder holds, listed once (its file keys and its empty folders)
        self.published = _listing(previous) if previous else _Listing()
        # What an older version left in `directory`, to reuse or remove
        self.left = _listing(directory) if previous != directory and directory.is_dir() \
            else _Listing()
        self._left = self.left.files | set(self.left.others)

    def claim(self, relative: str, owner: str = "the build") -> str:
        """Check an output path once; returns it in its normal form."""
        if relative in self._normal or _is_normal(relative):
            key = relative
            self._normal.add(key)       # the preview's writer claims the same at each save
        else:
            key = _normalise(relative, owner)
        if key in self.written:
            raise SiteError(f"output file '{key}' is written twice", owner)
        self.written.add(key)
        return key

    def claim_all(self, keys: list[str]) -> None:
        """`claim` each; at once when all were found plain before and none is claimed."""
        fresh = set(keys)
        if len(fresh) == len(keys) and self._normal.issuperset(fresh) and \
                self.written.isdisjoint(fresh):
            self.written |= fresh
        else:
            for key in keys:
                self.claim(key)

    def write(self, relative: str, content: str | bytes, owner: str = "the build") -> None:
        key = self.claim(relative, owner)
        self.tally(key, self.put(key, content))

    def tally_kept(self, count: int) -> None:
        """Count `count` claimed files kept as published (see tally)."""
        self.unchanged += count

    def tally(self, key: str, changed: bool) -> None:
        """Count a claimed file: written into `directory`, or the published one kept."""
        if changed:
            self.staged.add(key)
        else:
            self.unchanged += 1

    @property
    def changed(self) -> int:
        return len(self.staged)

    def put(self, key: str, content: str | bytes) -> bool:
        """Stage a claimed file unless the published one has the same bytes; returns whether
        it changed. Not counted here: workers in other processes call it, the caller counts."""
        data = content.encode("utf-8") if isinstance(content, str) else content
        if key in self.published.files and holds(os.path.join(self.previous, key), data):
            return False
        target = self._target(key)
        if key in self._left:
            os.unlink(target)
        with _naming(target), open(target, "xb") as handle:
            handle.write(data)
        return True

    def keep(self, key: str) -> bool:
        """Whether the published file is there to keep as it is."""
        return key in self.published.files

    def copy_files(self, source: Path, files: list[Path],
                   renames: dict[str, str] | None = None) -> None:
        """Copy the `files` under `source` as they are, some under new names (`renames`, e.g.
        fingerprints); one named like a generated page is an error."""
        renames = renames or {}
        for path in files:
            relative = path.relative_to(source).as_posix()
            key = self.claim(renames.get(relative, relative), f"static/{relative}")
            same = key in self.published.files and filecmp.cmp(
                path, os.path.join(self.previous, key), shallow=False)
            if not same:
                self._copy(path, key)
            self.tally(key, not same)

    def _copy(self, source: Path, key: str) -> None:
        target = self._target(key)
        if key in self._left:
            os.unlink(target)
        _copy_new(source, target)

    def complete(self) -> bool:
        """After the build: whether the new site differs from the published one (a file
        written, or one to remove). If so, link each unchanged file from the published
        version (copy it where the file system cannot link) unless `directory` holds that
        very file already, and remove what else it holds, so it holds the new site."""
        unchanged = self.written - self.staged      # all published: kept or equal bytes
        published = self.published
        if not (self.staged or published.others or published.empty_folders
                or len(unchanged) != len(published.files)):
            return False
        left, there = self.left.inodes, published.inodes
        for key in sorted(unchanged):
            inode = left.get(key)
            if inode is not None and inode == there[key]:
                continue                            # the same file: linked by an older build
            target = self._target(key)
            if key in self._left:
                os.unlink(target)
            link_or_copy(os.path.join(self.previous, key), target)
        for key in sorted(self._left - self.written):
            os.unlink(os.path.join(self._staging, key))
            _remove_emptied(self._staging, key)
        if self.left.empty_folders:
            _remove_empty_folders(self._staging)    # an older tree's folders the site lacks
        return True

    def _target(self, key: str) -> str:
        folder, _, _ = key.rpartition("/")
        if folder not in self._folders:
            try:
                os.makedirs(os.path.join(self._staging, folder), exist_ok=True)
            except (FileExistsError, NotADirectoryError):
                self._clear_way(folder)
                os.makedirs(os.path.join(self._staging, folder), exist_ok=True)
            self._folders.add(folder)
        return os.path.join(self._staging, key)

    def _clear_way(self, folder: str) -> None:
        """Remove a file an older version left where this site has a folder."""
        parts = folder.split("/")
        for end in range(1, len(parts) + 1):
            key = "/".join(parts[:end])
            if key in self._left and not os.path.isdir(os.path.join(self._staging, key)):
                os.unlink(os.path.join(self._staging, key))


def holds(path: str, data: bytes) -> bool:
    """Whether the file at `path` holds exactly `data` (a missing file does not)."""
    try:
        if os.stat(path).st_size == len(data):
            with open(path, "rb") as handle:
                return handle.read() == data
    except OSError:
        pass
    return False


def link_or_copy(source: str | Path, target: str | Path) -> None:
    """A hard link (the same file, no bytes copied), or a copy where the file system cannot
    link (another device, no hard links, not permitted). Never over an existing file."""
    try:
        os.link(source, target)
    except FileExistsError:
        raise
    except OSError:
        _copy_new(source, target)


def _copy_new(source: str | Path, target: str | Path) -> None:
    with open(source, "rb") as old, _naming(target), open(target, "xb") as new:
        shutil.copyfileobj(old, new)


@contextmanager
def _naming(target: str | Path) -> Iterator[None]:
    """A failed write (a full disk) names the file it was writing: write() itself does not."""
    try:
        yield
    except OSError as error:
        if error.filename is not None:
            raise
        raise OSError(error.errno, error.strerror, os.fspath(target)) from None


def _remove_emptied(top: str, key: str) -> None:
    """Remove the folders of a removed file that hold nothing now."""
    folder = key.rpartition("/")[0]
    while folder:
        try:
            os.rmdir(os.path.join(top, folder))
        except OSError:         # not empty (or not there): so are the folders above it
            return
        folder = folder.rpartition("/")[0]


def _remove_empty_folders(top: str) -> bool:
    """Remove each folder under `top` that holds no file, however deep; whether `top` is
    empty now."""
    empty = True
    with os.scandir(top) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False) and _remove_empty_folders(entry.path):
                os.rmdir(entry.path)
            else:
                empty = False
    return empty


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
    inodes: dict[str, int] = field(default_factory=dict)   # of each file
    others: list[str] = field(default_factory=list)        # links, sockets, ...: never kept
    empty_folders: list[str] = field(default_factory=list)


def _listing(top: Path) -> _Listing:
    """Every file under `top` by its key, in one pass of os.scandir (a site has thousands
    of folders; the inodes come with the names, no file is opened)."""
    listing = _Listing()
    pending = [("", os.fspath(top))]
    while pending:
        prefix, folder = pending.pop()
        empty = True
        with os.scandir(folder) as entries:
            for entry in entries:
                empty = False
                if entry.is_dir(follow_symlinks=False):     # never into linked folders
                    pending.append((prefix + entry.name + "/", entry.path))
                elif entry.is_file(follow_symlinks=False):
                    listing.files.add(prefix + entry.name)
                    listing.inodes[prefix + entry.name] = entry.inode()
                else:
                    listing.others.append(prefix + entry.name)
        if empty and prefix:
            listing.empty_folders.append(prefix[:-1])
    return listing
