"""Publish atomically: the output name is a link to one complete version of the site.

Each build writes a new version folder, `.site-builds/<name>/<id>/site/` beside the output:
changed files written, unchanged ones hard-linked from the current version. Then one rename
puts a new link over the output name. A reader of `<name>/` (GitHub Pages' upload, a web
server) therefore always finds a complete site, the old one or the new one, whenever the build
is killed. The old version is deleted after the switch; what a killed build left is deleted
by the next one.
"""

from __future__ import annotations

import errno
import fcntl
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from . import report
from .output_folder import (BUILDS, MARKER, SITE, current_version, link_text, output_path,
                            refuse_unsafe_output, remove_leftovers, remove_version,
                            versions_folder)
from .writer import StagingWriter

MARKER_TEXT = ("Written by sitegen: one version of the site, published through a link; "
               "the next build deletes it.\n")


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
    """Run `build` into a new version folder and, once it has succeeded, switch `output` to it.

    Nothing is written when the output is not ours to replace (see refuse_unsafe_output). If
    `build` raises, the new version is deleted and `output` is left as it was. A build that
    changed and removed nothing keeps the current version (no switch). Builds of the same
    output take turns (see `output_lock`).
    """
    output = output_path(output)
    refuse_unsafe_output(output)
    with output_lock(output):
        refuse_unsafe_output(output)        # again: another build may have switched it
        current = current_version(output)
        remove_leftovers(output, current)
        versions_folder(output).mkdir(exist_ok=True)
        version = Path(tempfile.mkdtemp(prefix="build-", dir=versions_folder(output)))
        try:
            (version / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
            (version / SITE).mkdir()
            writer = StagingWriter(version / SITE, current / SITE if current else None,
                                   scratch=version)
            build(writer)
            if not writer.complete() and current is not None:
                remove_version(version)
                return writer
            version.chmod(0o755)            # mkdtemp's 0o700 would hide the site from servers
            _switch(output, version)
        except BaseException:
            remove_version(version)
            raise
        if current is not None:
            remove_version(current)
    return writer


def _switch(output: Path, version: Path) -> None:
    """Point `output` at `version` in one step: a new link renamed over the old one."""
    link = version / "link"
    os.symlink(link_text(output, version), link)
    if output.is_dir() and not output.is_symlink():
        output.rmdir()      # refuse_unsafe_output allowed only an empty folder: nothing to lose
    os.replace(link, output)
