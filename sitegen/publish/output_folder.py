"""Which output a build may replace, and which leftovers of earlier builds it may delete.

A build publishes by making the output name a link to a version folder under `.site-builds/`
beside it (see publish_switch.py). The output is this generator's to replace only when it is
such a link (or nothing, or an empty folder); anything else is refused before anything is
written, so a folder of someone's files is never touched.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path, PurePosixPath

from sitegen.errors import SiteError

BUILDS = ".site-builds"     # beside the output: every version, the lock and all scratch space
SITE = "site"               # in a version folder: the published tree
MARKER = ".sitegen-build"   # in a version folder, beside SITE: never published

# What builds made before `.site-builds/` existed left beside the output when killed: staging
# and retired folders named by tempfile.mkdtemp, and pagefind's scratch folders.
_LEGACY_FOLDER = re.compile(r"\.(?:staging|old)-[a-z0-9_]{8}")
_LEGACY_SCRATCH = re.compile(r"tmp[a-z0-9_]{8}")
_MOUNTINFO_ESCAPE = re.compile(r"\\([0-7]{3})")     # "\040" for a space in a mount point


def output_path(output: Path) -> Path:
    """`output` made absolute with its folder resolved, but not its own name: that is the link
    a build switches, and resolving it would name one version of the site."""
    absolute = Path(os.path.abspath(output))
    return absolute.parent.resolve() / absolute.name if absolute.name else absolute


def versions_folder(output: Path) -> Path:
    return output.parent / BUILDS / output.name


def link_text(output: Path, version: Path) -> str:
    """What the output link holds: relative, so the project folder can be moved."""
    return PurePosixPath(BUILDS, output.name, version.name, SITE).as_posix()


def _linked_version(output: Path) -> Path | None:
    """The version folder `output` links to when the link has the form builds write."""
    try:
        parts = PurePosixPath(os.readlink(output)).parts
    except OSError:
        return None
    if (len(parts) == 4 and parts[:2] == (BUILDS, output.name) and parts[3] == SITE
            and parts[2] not in (".", "..")):
        return versions_folder(output) / parts[2]
    return None


def current_version(output: Path) -> Path | None:
    """The complete version the output links to, or None (no output yet, an empty folder, or
    a link whose version folder was deleted by hand)."""
    version = _linked_version(output)
    if version is not None and (version / MARKER).is_file() and (version / SITE).is_dir():
        return version
    return None


def refuse_unsafe_output(output: Path) -> None:
    """Raise unless the output is provably ours to replace: a link into our `.site-builds/`
    to a version holding the marker, a dangling such link, an empty folder or nothing."""
    if output.name == BUILDS or BUILDS in output.parent.parts:
        raise SiteError(f"the output cannot be {BUILDS}/ or inside it: builds keep their "
                        "versions there; choose a folder such as _site", output)
    if os.path.islink(output):
        version = _linked_version(output)
        if version is None:
            raise SiteError(f"the output is a link to {os.readlink(output)}, which this "
                            "generator did not make; remove the link or choose another "
                            "--output", output)
        # The marker is checked first: a version being deleted loses its site before it.
        if not (version / MARKER).is_file() and os.path.lexists(version / SITE):
            raise SiteError(f"the output links to {os.readlink(output)}, which holds no "
                            f"build of this generator (no {MARKER} beside it); nothing was "
                            "touched", output)
        return
    if not os.path.lexists(output):
        return
    if not os.path.isdir(output):
        raise SiteError("the output is a file, not a folder; nothing was touched: remove it "
                        "or choose another --output", output)
    if _is_mount_point(output):
        raise SiteError("the output folder is a mount point, which a build cannot replace (it "
                        f"switches the name {output.name} to each new version); mount the "
                        f"folder above it instead, so that {output.name} and {BUILDS}/ beside "
                        "it are on the mounted disk, or choose another --output", output)
    with os.scandir(output) as entries:
        if next(entries, None) is not None:
            raise SiteError("the output folder is not empty and was not built by this "
                            "generator, so nothing in it was touched; move it away (a site "
                            "built by an older version may simply be deleted) or choose a "
                            "new or empty folder", output)


def _is_mount_point(folder: Path) -> bool:
    """os.path.ismount misses a bind mount within one file system (`mount --bind _site _site`):
    on Linux the kernel's list of mount points says."""
    if os.path.ismount(folder):
        return True
    try:
        with open("/proc/self/mountinfo", encoding="utf-8", errors="surrogateescape") as lines:
            points = {_MOUNTINFO_ESCAPE.sub(lambda code: chr(int(code[1], 8)), line.split()[4])
                      for line in lines}
    except OSError:
        return False
    return os.path.realpath(folder) in points


def remove_version(version: Path) -> None:
    """Its published tree first, then the marker: a folder without the marker but with a site
    would look foreign to a build checking meanwhile. Errors are left for the next build."""
    if version.is_dir() and not version.is_symlink():
        shutil.rmtree(version / SITE, ignore_errors=True)
        shutil.rmtree(version, ignore_errors=True)
    else:
        try:
            version.unlink()
        except OSError:
            pass


def remove_legacy_leftovers(output: Path) -> None:
    """Delete what builds made before `.site-builds/` left beside the output when killed."""
    for entry in sorted(os.listdir(output.parent)):
        path = output.parent / entry
        if not path.is_dir() or path.is_symlink():
            continue
        if ((entry.startswith(output.name)
             and _LEGACY_FOLDER.fullmatch(entry[len(output.name):]))
                or (_LEGACY_SCRATCH.fullmatch(entry) and _only_article_pages(path))):
            shutil.rmtree(path, ignore_errors=True)
    lock = output.parent / f"{output.name}.lock"        # the old lock file, always empty
    if lock.is_file() and not lock.is_symlink() and lock.stat().st_size == 0:
        lock.unlink()


def _only_article_pages(folder: Path) -> bool:
    """A pagefind scratch folder of the old builds: article pages under articles/, or nothing."""
    if not set(os.listdir(folder)) <= {"articles"}:
        return False
    for top, folders, files in os.walk(folder):
        if any(os.path.islink(os.path.join(top, name)) for name in folders):
            return False
        if any(not name.endswith(".html") or os.path.islink(os.path.join(top, name))
               for name in files):
            return False
    return True
