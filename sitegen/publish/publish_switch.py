"""Publish atomically: the output name is a link to one complete version of the site.

Each build makes a new version, `.site-builds/<name>/<id>/site/` beside the output: changed
files written, unchanged ones hard-linked from the current version. Then one rename puts a new
link over the output name. A reader of `<name>/` (GitHub Pages' upload, a web server) thus
always finds a complete site, the old one or the new one, whenever the build is killed.

The version retired by a switch is kept as it is: the next build makes its version in that
tree, where most files are already the published ones (hard links to the same files), so it
writes the changed files, links those the last build changed and removes the rest (see
StagingWriter), instead of creating tens of thousands of folders and links. What a killed
build left in it is mended the same way.
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
                return writer               # nothing written: the version is as it was
            version.chmod(0o755)            # mkdtemp's 0o700 would hide the site from servers
            _switch(output, version)
        except BaseException as error:
            _empty(version, missing_ok=True)    # a full disk gets its space back
            if isinstance(error, OSError):
                raise _write_error(error, output, version / SITE) from None
            raise
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
    """A version folder that is not published: the one the last switch retired (or one a
    killed build left), with nothing beside its site; else a new one. Any others are
    deleted."""
    folder = versions_folder(output)
    folder.mkdir(exist_ok=True)
    others = sorted(entry for entry in os.listdir(folder)
                    if current is None or entry != current.name)
    usable = [entry for entry in others if not (folder / entry).is_symlink()
              and (folder / entry / MARKER).is_file() and (folder / entry / SITE).is_dir()
              and not (folder / entry / SITE).is_symlink()]
    chosen = usable[0] if usable else None
    for entry in others:
        if entry != chosen:
            remove_version(folder / entry)
    if chosen is None:
        version = Path(tempfile.mkdtemp(prefix="build-", dir=folder))
        (version / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        (version / SITE).mkdir()
        return version
    version = folder / chosen
    _remove_extras(version)
    return version


def _remove_extras(version: Path) -> None:
    """Whatever a build left in a version folder beside its marker and its site."""
    for entry in os.listdir(version):
        if entry not in (MARKER, SITE):
            path = version / entry
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()


def _empty(version: Path, missing_ok: bool = False) -> None:
    """Remove every file of a version's site (folders stay) and whatever else is in the
    version folder. With `missing_ok`, errors are left for the next build, which mends the
    folder before using it."""
    try:
        _remove_extras(version)
        _remove_files(os.fspath(version / SITE))
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
