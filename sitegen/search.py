"""Full-text search: a pagefind index over the articles, built into the finished site."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

from .errors import SiteError

BUNDLE = "pagefind"     # the index's folder in the site; templates load pagefind/pagefind.js


def index_site(site_dir: Path) -> None:
    """Index every page marked data-pagefind-body (the articles) into site_dir/pagefind/."""
    if importlib.util.find_spec("pagefind_bin") is None:
        raise SiteError("pagefind is not installed; run `make build`, which installs "
                        "requirements.txt, or pass --no-search")
    result = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", BUNDLE,
         "--silent"],
        capture_output=True, text=True)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise SiteError(f"pagefind failed: {detail[-1] if detail else 'exit ' + str(result.returncode)}",
                        "search index")
