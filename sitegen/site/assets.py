"""Fingerprinted static assets: CSS and JavaScript published under content-hashed names.

A changed file gets a new name, so readers' browsers can cache every asset for a long time.
"""

from __future__ import annotations

import hashlib
from pathlib import Path, PurePosixPath

from sitegen.errors import SiteError

FINGERPRINTED_SUFFIXES = (".css", ".js")


class Assets:
    def __init__(self, static_dir: Path, files: list[Path]):
        """`files`: those under `static_dir` that are published (symlinks.static_files)."""
        self.names: dict[str, str] = {}     # "css/site.css" -> "css/site.1a2b3c4d5e.css"
        for path in files:
            if path.suffix in FINGERPRINTED_SUFFIXES:
                relative = PurePosixPath(path.relative_to(static_dir).as_posix())
                digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
                self.names[str(relative)] = str(relative.with_name(
                    f"{relative.stem}.{digest}{relative.suffix}"))

    def published_name(self, relative: str) -> str:
        """The fingerprinted file name of a static asset, for templates (through url())."""
        try:
            return self.names[relative.lstrip("/")]
        except KeyError:
            raise SiteError(f"asset {relative!r} not found: asset_url() takes the path of a "
                            "CSS or JavaScript file under static/") from None
