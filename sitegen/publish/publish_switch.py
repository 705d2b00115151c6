"""Publish atomically: the output name is a link to one complete version of the site.

Each build makes a new version, `.site-builds/<name>/<id>/site/` beside the output: changed
files written, unchanged ones hard-linked from the current version. Then one rename puts a new
link over the output name. A reader of `<name>/` (GitHub Pages' upload, a web server) thus
always finds a complete site, the old one or the new one, whenever the build is killed.

The version retired by a switch loses its files but keeps its folders: the next build makes
its version in that tree, as creating (and deleting) a folder per article costs far more than
linking a file. What a killed build left is cleaned or deleted by the next one.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sitegen import report
from sitegen.errors import SiteError
from sitegen.publish.output_folder import (BUILDS, MARKER, SITE, current_version, link_text,
                                           output_path, refuse_unsafe_output,
                                           remove_legacy_leftovers, remove_version,
                                           versions_folder)
from sitegen.publish.writer import StagingWriter

MARKER_TEXT = ("Written by sitegen: one version of the site, published through a link; "
               "later builds reuse or delete it.\n")
EMPTY = "folders-only"      # in a version folder: its site holds folders and no file


def lock_path(output: Path) -> Path:
    return output.parent / BUILDS / f"{output.name}.lock"


@contextmanager
def output_lock(output: Path) -> Iterator[None]:
    """Hold `.site-builds/<name>.lock` so that two builds never switch one output at once.

    A second build waits for the first. The lock is a POSIX record lock, which belongs to the
    build's own process and not to the workers it forks, so the system releases it when that
    process ends, even when a kill -9 leaves workers behind.
    """
    path = lock_path(output)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as handle:
        try:
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno not in (errno.EACCES, errno.EAGAIN):
                raise
            report.info(f"waiting for another build writing {output.name} to finish "
                        f"(lock file {BUILDS}/{path.name})")
            fcntl.lockf(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.lockf(handle, fcntl.LOCK_UN)


def publish(output: Path, build: Callable[[StagingWriter], None]) -> StagingWriter:
    """Run `build` into a new version and, once it has succeeded, switch `output` to it.

    Nothing is written when the output is not ours to replace (see refuse_unsafe_output). If
    `build` raises, `output` is left as it was. A build that changed and removed nothing
    keeps the current version (no switch). Builds of one output take turns (`output_lock`).
    """
    output = output_path(output)
    refuse_unsafe_output(output)
    with output_lock(output):
        refuse_unsafe_output(output)        # again: another build may have switched it
        current = current_version(output)
        remove_legacy_leftovers(output)
        version = _version_to_fill(output, current)
        try:
            writer = StagingWriter(version / SITE, current / SITE if current else None)
            build(writer)
            if not writer.complete() and current is not None:
                (version / EMPTY).touch()   # nothing was written into it
                return writer
            version.chmod(0o755)            # mkdtemp's 0o700 would hide the site from servers
            _switch(output, version)
        except BaseException as error:
            _empty(version, missing_ok=True)
            if isinstance(error, OSError):
                raise _write_error(error, output, version / SITE) from None
            raise
        if current is not None:
            _empty(current, missing_ok=True)
    return writer


def _write_error(error: OSError, output: Path, site: Path) -> OSError | SiteError:
    """A failure to write the new site (a full disk, say) as one line naming the output and
    the file; an error about any other file is left as it is."""
    name = Path(error.filename) if error.filename else None
    if name is not None and not name.is_relative_to(site):
        return error
    where = f" ({name.relative_to(site).as_posix()})" if name is not None else ""
    return SiteError(f"cannot write the new site{where}: {error.strerror or error}; "
                     "the published site is unchanged", output)


def _version_to_fill(output: Path, current: Path | None) -> Path:
    """A version folder whose site holds no file: the one the last switch retired (or one a
    killed build left), emptied of files if need be; else a new one. Any others are deleted."""
    folder = versions_folder(output)
    folder.mkdir(exist_ok=True)
    others = sorted(entry for entry in os.listdir(folder)
                    if current is None or entry != current.name)
    usable = [entry for entry in others if not (folder / entry).is_symlink()
              and (folder / entry / MARKER).is_file() and (folder / entry / SITE).is_dir()]
    chosen = min(usable, key=lambda entry: not (folder / entry / EMPTY).exists(), default=None)
    for entry in others:
        if entry != chosen:
            remove_version(folder / entry)
    if chosen is None:
        version = Path(tempfile.mkdtemp(prefix="build-", dir=folder))
        (version / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        (version / SITE).mkdir()
        return version
    version = folder / chosen
    if not (version / EMPTY).exists():
        _empty(version)
    (version / EMPTY).unlink()      # from now on files may be written: a kill leaves it unsure
    return version


def _empty(version: Path, missing_ok: bool = False) -> None:
    """Remove every file of a version's site (folders stay) and whatever else a build left in
    the version folder, then mark it empty. With `missing_ok`, errors are left for the next
    build, which empties the folder again before using it."""
    try:
        for entry in os.listdir(version):
            if entry not in (MARKER, SITE, EMPTY):
                path = version / entry
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path)
                else:
                    path.unlink()
        _remove_files(os.fspath(version / SITE))
        (version / EMPTY).touch()
    except OSError:
        if not missing_ok:
            raise


def _remove_files(folder: str) -> None:
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                _remove_files(entry.path)
            else:
                os.unlink(entry.path)


def _switch(output: Path, version: Path) -> None:
    """Point `output` at `version` in one step: a new link renamed over the old one."""
    link = version / "link"
    os.symlink(link_text(output, version), link)
    if output.is_dir() and not output.is_symlink():
        output.rmdir()      # refuse_unsafe_output allowed only an empty folder: nothing to lose
    os.replace(link, output)
