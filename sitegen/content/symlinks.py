"""Symbolic links in the site's sources are followed only when they lead into the project.

A link under static/ publishes its target (`/etc/passwd`, `/proc/self/environ`); one under
content/ or templates/ puts its target's text into pages. So every link there must resolve to
a file or folder of the project itself, and not into a hidden top-level one (`.git`, `.env`,
`.cache`): those hold credentials and the build's own state.
"""

from __future__ import annotations

import os
from pathlib import Path

from sitegen.errors import SiteError

SOURCE_FOLDERS = ("content", "templates", "static")


def check_sources(root: Path, changed: set[Path] | None = None) -> None:
    """Refuse the first symbolic link under content/, templates/ or static/ that is broken or
    leads outside the project. With `changed` (the preview after a save), only those paths."""
    project = root.resolve()
    if changed is not None:
        for path in sorted(changed):
            if path.is_symlink():
                _followed(path, root, project)
        return
    seen: set[Path] = set()
    for name in SOURCE_FOLDERS:
        _files(root / name, root, project, True, seen)


def static_files(root: Path) -> list[Path]:
    """The files under static/ to publish, in order, each link checked. Like the build's
    copy of static/, it does not descend into linked folders."""
    return _files(root / "static", root, root.resolve(), False, set())


def _files(folder: Path, root: Path, project: Path, into_linked_folders: bool,
           seen: set[Path]) -> list[Path]:
    """The files under `folder`, sorted by path; every link checked on the way. A linked
    folder inside the project is walked once (`seen`), so a link loop ends."""
    if folder.is_symlink():
        target = _followed(folder, root, project)
        if target in seen:
            return []
        seen.add(target)
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError as error:
        shown = folder.relative_to(root).as_posix() if folder.is_relative_to(root) else folder
        raise SiteError(f"cannot read the folder ({error.strerror})", f"{shown}/") from None
    found = []
    for entry in entries:
        path = Path(entry.path)
        if entry.is_symlink():
            target = _followed(path, root, project)
            if target.is_dir():
                if into_linked_folders:
                    found += _files(path, root, project, True, seen)
            elif target.is_file():
                found.append(path)
        elif entry.is_dir():
            found += _files(path, root, project, into_linked_folders, seen)
        elif entry.is_file():
            found.append(path)
    return found


def _followed(link: Path, root: Path, project: Path) -> Path:
    """Where the link at `link` leads; SiteError when broken or outside the project."""
    shown = link.relative_to(root).as_posix() if link.is_relative_to(root) else str(link)
    try:
        target = link.resolve(strict=True)
    except FileNotFoundError:
        raise SiteError(f"broken symbolic link: its target {os.readlink(link)!r} does not "
                        "exist", shown) from None
    except (OSError, RuntimeError):     # a loop of links
        raise SiteError("symbolic link that cannot be followed (a loop of links?)",
                        shown) from None
    inside = target.relative_to(project).parts if target.is_relative_to(project) else None
    if inside is None:
        raise SiteError(f"symbolic link to {os.readlink(link)!r} leads outside the project: "
                        "only the project's own files are published (copy the file in instead)",
                        shown)
    if not inside:
        raise SiteError("symbolic link to the project folder itself", shown)
    if inside[0].startswith("."):
        raise SiteError(f"symbolic link into the project's hidden {inside[0]!r}: its files "
                        "are never published", shown)
    return target
