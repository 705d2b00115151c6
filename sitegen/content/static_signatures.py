"""The files under static/ an article's record was made from, and how to tell they changed.

A record keeps each file's size and modification time (None where absent); it is loaded
again when one of them differs, so a resized image gets its new width and height.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from sitegen.content.documents import Document
from sitegen.content.markup import static_references


def static_signature(static_dir: Path, name: str) -> tuple | None:
    try:
        found = os.stat(os.path.join(static_dir, name))
    except (OSError, ValueError):
        return None
    return (found.st_size, found.st_mtime_ns) if stat.S_ISREG(found.st_mode) else None


Signatures = tuple[tuple[str, tuple | None], ...]     # (path under static/, size and time)


def record_static_files(doc: Document, static_dir: Path) -> Signatures:
    """The files an article's record depends on (its image and the root-relative paths in
    its body), each with its signature."""
    names = static_references(doc.body)
    image = doc.meta.get("image")
    if isinstance(image, dict) and isinstance(image.get("src"), str):
        names.add(image["src"].lstrip("/"))
    return tuple((name, static_signature(static_dir, name)) for name in sorted(names))


def unchanged(static_dir: Path, files: Signatures, known: dict[str, tuple | None]) -> bool:
    """`known`: signatures read already in this build (many articles name the same files)."""
    for name, signature in files:
        found = known.get(name, False)
        if found is False:
            found = known[name] = static_signature(static_dir, name)
        if found != signature:
            return False
    return True
