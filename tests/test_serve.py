"""`serve` previews on 127.0.0.1, injects live reload, rebuilds on save, survives bad edits."""

from __future__ import annotations

import asyncio
import json
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from xml.etree import ElementTree

from bs4 import BeautifulSoup
from tornado.websocket import websocket_connect

from conftest import PROJECT, SiteFolder


def start_preview(site: SiteFolder, output: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, str(PROJECT / "build.py"), "--root", str(site.root), "serve",
         "--port", str(port), "--output", str(output)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return server, port


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    """The page's text, also for an error status (the preview shows build errors as pages)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.read().decode("utf-8")


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
        error_page = BeautifulSoup(wait_for(url, "could not be built"), "html.parser")
        assert re.fullmatch(r"content/articles/story\.md:\d+",
                            error_page.select_one(".error-where").get_text())
        assert "YAML syntax error" in error_page.select_one(".error-message").get_text()
        assert "livereload.js" in str(error_page)           # it reloads itself when fixed
        assert server.poll() is None, "the preview server died on a bad edit"
        site.article("story", title="Third Title", draft=True)
        page = wait_for(url, "Third Title")
        assert BeautifulSoup(page, "html.parser").select_one(".draft-mark").get_text() == "Draft"
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0]
    assert "YAML syntax error" in output


def test_saves_in_quick_succession_each_reload_the_browser(site: SiteFolder, tmp_path: Path):
    """livereload alone drops a reload that comes within 3 s of the last one."""
    article = site.article("story", title="Version 0")
    server, port = start_preview(site, tmp_path / "preview")

    async def browser() -> list[float]:
        socket = await websocket_connect(f"ws://127.0.0.1:{port}/livereload")
        socket.write_message(json.dumps({"command": "hello", "protocols": []}))
        assert json.loads(await socket.read_message())["command"] == "hello"
        socket.write_message(json.dumps({"command": "info", "url": "http://x/"}))
        await asyncio.sleep(0.3)
        delays = []
        for version in (1, 2, 3):
            saved = time.monotonic()
            article.write_text(article.read_text().replace(f"Version {version - 1}",
                                                           f"Version {version}"))
            page = f"http://127.0.0.1:{port}/articles/story/"
            while True:     # a save seen as two events (truncate, write) makes two builds
                message = json.loads(await asyncio.wait_for(socket.read_message(), 10))
                if message.get("command") == "reload" and f"Version {version}" in fetch(page):
                    break
            delays.append(time.monotonic() - saved)
        socket.close()
        return delays

    try:
        wait_for(f"http://127.0.0.1:{port}/articles/story/", "Version 0")
        # In a thread of its own: an earlier test may leave an event loop running in this one.
        with ThreadPoolExecutor(1) as thread:
            delays = thread.submit(lambda: asyncio.run(browser())).result()
        assert len(delays) == 3 and sum(delays) < 9        # three reloads, no 3-second gaps
    finally:
        server.terminate()
        server.communicate(timeout=10)


def test_preview_binds_localhost_and_opens_no_browser(site: SiteFolder, tmp_path: Path):
    site.article("story")
    server, port = start_preview(site, tmp_path / "preview")
    try:
        wait_for(f"http://127.0.0.1:{port}/", "Story")
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass
        listening = [line for line in open("/proc/net/tcp").read().splitlines()[1:]
                     if line.split()[1].endswith(f":{port:04X}") and line.split()[3] == "0A"]
        assert listening and all(line.split()[1].startswith("0100007F:") for line in listening)
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0]
    assert "previewing on http://127.0.0.1:" in output


def feed_titles(port: int) -> list[str]:
    """The item titles of the site's RSS feed, as a feed reader sees them."""
    rss = ElementTree.fromstring(fetch(f"http://127.0.0.1:{port}/feed.xml"))
    return [item.findtext("title") for item in rss.iter("item")]


def wait_until(condition, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"still not true after {seconds} s"
        time.sleep(0.2)


def test_feeds_follow_the_reload_and_removed_pages_go(site: SiteFolder, tmp_path: Path):
    """The feeds and sitemaps are written after the reload (by a copy of the server); they
    still follow every save, and a deleted article's page leaves the preview."""
    site.article("kept", title="Kept Story", date="2026-01-02")
    gone = site.article("gone", title="Going Story", date="2026-01-01")
    server, port = start_preview(site, tmp_path / "preview")
    try:
        wait_for(f"http://127.0.0.1:{port}/articles/gone/", "Going Story")
        assert feed_titles(port) == ["Kept Story", "Going Story"]
        site.article("kept", title="Kept Story, Retitled", date="2026-01-02")
        wait_until(lambda: feed_titles(port) == ["Kept Story, Retitled", "Going Story"])
        gone.unlink()
        wait_until(lambda: feed_titles(port) == ["Kept Story, Retitled"])
        wait_until(lambda: not (tmp_path / "preview/articles/gone").exists())
        site.article("fresh", title="Fresh Story", date="2026-01-03")
        wait_until(lambda: feed_titles(port) == ["Fresh Story", "Kept Story, Retitled"])
        sitemap = ElementTree.fromstring(fetch(f"http://127.0.0.1:{port}/sitemap.xml"))
        locations = {element.text for element in sitemap.iter()
                     if element.tag.endswith("}loc")}
        assert f"http://127.0.0.1:{port}/articles/fresh/" in locations
        assert f"http://127.0.0.1:{port}/articles/gone/" not in locations
        assert server.poll() is None
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0]
    assert "Traceback" not in output


def test_a_save_made_during_the_first_build_is_not_lost(site: SiteFolder, tmp_path: Path):
    """An edit saved after the first build has read the article, while it still renders the
    other pages, reaches the page: the watcher starts before that build (issue 13)."""
    for number in range(700):       # a first build long enough to save into
        site.article(f"story-{number:03}", body=f"Story number {number}.")
    output = tmp_path / "preview"
    server, port = start_preview(site, output)
    try:
        first_page = output / "articles" / "story-000" / "index.html"
        deadline = time.monotonic() + 120
        while not first_page.exists():      # the first build is rendering
            assert time.monotonic() < deadline and server.poll() is None
            time.sleep(0.005)
        site.article("story-000", body="Edited while the preview started.")
        wait_for(f"http://127.0.0.1:{port}/articles/story-000/",
                 "Edited while the preview started.", seconds=90)
    finally:
        server.terminate()
        server.wait(timeout=30)
