"""Real-browser helpers: Debian's chromium, a local HTTP server, axe-core and Lighthouse.

Tests that need a tool pip cannot install check it with conftest.need_tool.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import threading
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
NODE_MODULES = PROJECT / "node_modules"
AXE_SCRIPT = NODE_MODULES / "axe-core" / "axe.min.js"
LIGHTHOUSE = NODE_MODULES / ".bin" / "lighthouse"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def chromium_path() -> str | None:
    return shutil.which("chromium") or (
        "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None)


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files like GitHub Pages: a missing path gets the site's own 404.html."""

    def log_message(self, format, *args):     # keep test output quiet
        pass

    def send_error(self, code, message=None, explain=None):
        top = self.path.lstrip("/").split("/", 1)[0]
        page = Path(self.directory) / top / "404.html"
        if code == 404 and top and page.is_file():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)


class SiteServer:
    """Serve a folder on 127.0.0.1 (a free port) in a background thread."""

    def __init__(self, root: Path):
        handler = functools.partial(_SiteHandler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> SiteServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def lighthouse_scores(url: str) -> dict[str, float]:
    """Lighthouse's category scores (0..1) for one page, run with the system chromium."""
    env = {**os.environ, "CHROME_PATH": chromium_path() or "/usr/bin/chromium"}
    result = subprocess.run(
        [str(LIGHTHOUSE), url, "--output=json", "--output-path=stdout", "--quiet",
         "--only-categories=performance,accessibility,best-practices,seo",
         f"--chrome-flags={' '.join(CHROMIUM_FLAGS)}"],
        capture_output=True, text=True, env=env, timeout=300)
    if result.returncode != 0:
        raise RuntimeError(f"lighthouse failed: {result.stderr.strip()[-2000:]}")
    report = json.loads(result.stdout)
    scores = {name: category["score"] for name, category in report["categories"].items()}
    scores["failed_audits"] = sorted(
        audit_id for category in report["categories"].values() if category["id"] != "performance"
        for ref in category["auditRefs"] if ref["weight"] > 0
        for audit_id in [ref["id"]] if report["audits"][audit_id]["score"] not in (None, 1))
    return scores
