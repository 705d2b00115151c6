"""The live preview's builds: the one build recipe, with its caches kept in memory.

Each rebuild runs `pipeline.build` into the preview folder with the local base URL, drafts
and future articles included, no search index, and the files saved since the last good
build; the BuildMemory makes it fast (records, views, digests and templates are kept).
"""

from __future__ import annotations

import time
from pathlib import Path

from sitegen.content.loader import LoadOptions
from sitegen.errors import SiteError
from sitegen.pipeline import BuildMemory, build
from sitegen.publish.preview_output import InPlaceWriter
from sitegen.report import counted

WATCHED = ("site.yml", "content", "templates", "static")


def is_watched(root: Path, path: Path) -> bool:
    """A file the site is made from; not an editor's swap or backup file."""
    relative = path.relative_to(root).parts if path.is_relative_to(root) else ()
    return bool(relative) and relative[0] in WATCHED and not path.name.startswith((".", "#")) \
        and not path.name.endswith(("~", ".swp", ".tmp"))


class Preview:
    def __init__(self, root: Path, output: Path, base_url: str, quiet: bool = False):
        self.root = root
        self.output = output.resolve()
        self.base_url = base_url
        self.quiet = quiet
        self.error: SiteError | None = None
        self._memory: BuildMemory | None = None
        self._pending: set[Path] = set()    # saved since the last good build

    def rebuild(self, changed: set[Path] | None = None) -> str:
        """Bring the preview up to date after `changed` files were saved (or deleted); None:
        build from the files alone. On bad input, keep the error for the browser and raise;
        the files stay pending until a build succeeds."""
        started = time.perf_counter()
        if self._memory is None or changed is None:
            self._memory = BuildMemory(InPlaceWriter(self.output))
            pending = None
        else:
            pending = self._pending = self._pending | changed
        try:
            result = build(self.root, self.output, self.base_url,
                           LoadOptions(include_drafts=True), search=False, quiet=self.quiet,
                           memory=self._memory, changed=pending)
        except SiteError as error:
            self.error = error
            raise
        self._pending = set()
        self.error = None
        return (f"{counted(result.parsed, 'file')} parsed, {result.rendered:,} of "
                f"{counted(result.pages, 'page')} rendered, {counted(result.written, 'file')} "
                f"written in "
                f"{time.perf_counter() - started:.2f} s")
