"""Full-text search: a pagefind index over the articles, built into the finished site."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

from sitegen.errors import SiteError

BUNDLE = "pagefind"     # the index's folder in the site; templates load pagefind/pagefind.js
# Only article pages (paths from assemble.py), and in them only the element marked
# data-pagefind-body: without the glob, a site with no articles would index every page.
ARTICLE_PAGES = "articles/**/*.html"


def index_site(site_dir: Path, output: Path | None = None) -> None:
    """Index the article pages of a built site (at least one) into site_dir/pagefind/, or
    into `output`."""
    if importlib.util.find_spec("pagefind_bin") is None:
        raise SiteError("pagefind is not installed; run `make build`, which installs "
                        "requirements.txt, or pass --no-search")
    result = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--glob", ARTICLE_PAGES,
         *(["--output-path", str(output)] if output else ["--output-subdir", BUNDLE]),
         "--silent"],
        capture_output=True, text=True)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise SiteError(f"pagefind failed: {detail[-1] if detail else 'exit ' + str(result.returncode)}",
                        "search index")
