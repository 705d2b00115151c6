"""`serve` previews on 127.0.0.1, injects live reload, rebuilds on save, survives bad edits."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import PROJECT, SiteFolder


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(url: str, text: str, seconds: float = 30) -> str:
    deadline = time.monotonic() + seconds
    last = ""
    while time.monotonic() < deadline:
        try:
            last = fetch(url)
            if text in last:
                return last
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{text!r} did not appear at {url} within {seconds} s")


def test_preview_rebuilds_on_save_and_survives_a_bad_edit(site: SiteFolder, tmp_path: Path):
    article = site.article("story", title="First Title", draft=True)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, str(PROJECT / "build.py"), "--root", str(site.root), "serve",
         "--port", str(port), "--output", str(tmp_path / "preview")],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = f"http://127.0.0.1:{port}/articles/story/"
        page = wait_for(url, "First Title")
        assert "livereload.js" in page                      # the reload script is injected
        assert f'href="http://127.0.0.1:{port}/articles/story/"' in page   # local base URL
        article.write_text(article.read_text().replace("First Title", "Second Title"))
        wait_for(url, "Second Title")
        article.write_text("---\ntitle: [broken\n---\n")
        time.sleep(2)
        assert server.poll() is None, "the preview server died on a bad edit"
        site.article("story", title="Third Title", draft=True)
        wait_for(url, "Third Title")
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0]
    assert "YAML syntax error" in output
