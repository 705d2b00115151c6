"""Local preview: build into its own folder with a local base URL, rebuild on change."""

from __future__ import annotations

import time
import traceback
from pathlib import Path

from livereload import Server

from . import report
from .errors import SiteError
from .loader import LoadOptions
from .pipeline import build

WATCHED = ("site.yml", "content", "templates", "static")


def serve(root: Path, output: Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    base_url = f"http://{host}:{port}/"

    def rebuild() -> None:
        started = time.perf_counter()
        try:
            result = build(root, output, base_url, LoadOptions(include_drafts=True))
        except SiteError as error:
            report.info(f"error: {error} (the preview keeps the last good build)")
        except Exception:   # a bad edit must never stop the preview server
            report.info(traceback.format_exc())
        else:
            report.info(f"rebuilt {result.pages} pages in {time.perf_counter() - started:.2f} s")

    rebuild()
    server = Server()
    for name in WATCHED:
        server.watch(str(root / name), rebuild)
    report.info(f"previewing on {base_url} (Ctrl+C to stop)")
    server.serve(host=host, port=port, root=str(output), open_url_delay=None)
