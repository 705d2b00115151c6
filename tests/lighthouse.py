"""Lighthouse scores of the seed article, served locally under a subpath, printed as JSON.

Used by `make lighthouse` and the benchmark: performance is recorded, not asserted (shared
machines make it noisy). Call `measure()` from Python, or run this file.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser_tools import PROJECT, SiteServer, lighthouse_scores  # noqa: E402

ARTICLE = "articles/mg4-semi-solid-state-battery-ev-reaches-100000/"


def measure() -> dict:
    """Build the project into a temporary folder, serve it on 127.0.0.1, run Lighthouse."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        with SiteServer(root) as server:
            base_url = f"{server.origin}/newsroom/"
            subprocess.run([sys.executable, str(PROJECT / "build.py"), "build", "--output",
                            str(root / "newsroom"), "--base-url", base_url],
                           check=True, capture_output=True, text=True)
            return {"url_path": "/newsroom/" + ARTICLE, **lighthouse_scores(base_url + ARTICLE)}


if __name__ == "__main__":
    print(json.dumps(measure(), indent=2))
