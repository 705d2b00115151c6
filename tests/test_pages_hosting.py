"""The built site served under /newsroom/ as GitHub Pages serves a project site: every page,
feed and asset reachable from the home page loads, and unknown URLs get a styled 404 page."""

from __future__ import annotations

import re
import threading
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

from conftest import SUBPATH_URL, built_pages

PREFIX = urlsplit(SUBPATH_URL).path      # "/newsroom/"


class PagesHandler(SimpleHTTPRequestHandler):
    """Serves the site only under PREFIX; a missing file gets 404.html with status 404."""

    def log_message(self, *args) -> None:
        pass

    def translate_path(self, path: str) -> str:
        path = urlsplit(path).path
        if not path.startswith(PREFIX):
            return str(Path(self.directory) / "\0missing")
        return super().translate_path("/" + path.removeprefix(PREFIX))

    def send_head(self):
        if not Path(self.translate_path(self.path)).exists():
            body = (Path(self.directory) / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return None
        return super().send_head()


@contextmanager
def pages_server(site_dir: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(PagesHandler, directory=str(site_dir)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{PREFIX}"
    finally:
        server.shutdown()
        server.server_close()


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get_content_type(), error.read()


def links_in(url: str, content_type: str, body: bytes) -> list[str]:
    """Links to follow: href/src in HTML; entry links and self links in feeds; sitemap locs."""
    if content_type == "text/html":
        page = BeautifulSoup(body, "html.parser")
        return [urljoin(url, element.get(attribute))
                for element in page.find_all(True) for attribute in ("href", "src")
                if element.get(attribute)]
    if url.endswith(".xml"):
        root = ET.fromstring(body)
        found = [element.text for element in root.iter() if element.tag.endswith(("}loc", "link"))
                 and element.text and element.text.strip()]
        found += [element.get("href") for element in root.iter() if element.get("href")]
        return found
    return []


def crawl(site_dir: Path) -> set[str]:
    """Every URL reached from the home page, robots.txt and the sitemap, relative to the site;
    each must answer 200."""
    with pages_server(site_dir) as home:
        public = SUBPATH_URL
        seen: dict[str, int] = {}
        queue = [home, home + "robots.txt", home + "sitemap.xml"]
        while queue:
            url = queue.pop()
            local = url.replace(public, home).split("#")[0]
            if local in seen or not local.startswith(home):
                continue
            status, content_type, body = fetch(local)
            seen[local] = status
            assert status == 200, f"{local} -> {status}"
            if local.endswith("robots.txt"):
                queue += [line.split(":", 1)[1].strip() for line in body.decode().splitlines()
                          if line.startswith("Sitemap:")]
            queue += links_in(local, content_type, body)
        reached = {url.removeprefix(home) for url in seen}
    for page in built_pages(site_dir):
        relative = page.relative_to(site_dir).as_posix().removesuffix("index.html")
        assert relative in reached, f"{relative} is not linked from anywhere"
    return reached


def test_crawl_the_project_from_the_home_page_under_the_subpath(project_build: Path):
    reached = crawl(project_build)
    assert len(reached) >= 15, sorted(reached)
    for expected in ("feed.xml", "atom.xml", "authors/sebastian-wolf/atom.xml",
                     "news-sitemap.xml", "favicon.svg"):
        assert expected in reached
    assert any(re.fullmatch(r"css/site\.[0-9a-f]{10}\.css", url) for url in reached)   # fingerprinted


def test_crawl_a_site_with_tags_sections_and_pages_of_lists(newsroom: Path):
    reached = crawl(newsroom)
    for expected in ("page/2/", "tags/batteries/atom.xml", "sections/motoring/",
                     "images/placeholder-hero.svg", "authors/ada/page/2/"):
        assert expected in reached


def test_unknown_urls_get_the_404_page_with_its_stylesheet(project_build: Path):
    with pages_server(project_build) as home:
        for missing in ("no-such-page/", "articles/gone/deeper/still/", "x.html"):
            status, content_type, body = fetch(home + missing)
            assert status == 404
            page = BeautifulSoup(body, "html.parser")
            assert page.h1.get_text() == "Page not found"
            stylesheet = page.find("link", rel="stylesheet")["href"]
            assert re.fullmatch(r"/newsroom/css/site\.[0-9a-f]{10}\.css", stylesheet)
            css_status, css_type, css = fetch(urljoin(home + missing, stylesheet))
            assert (css_status, css_type) == (200, "text/css") and b"{" in css
            home_link = page.find("a", string="Go to the latest news")["href"]
            assert fetch(urljoin(home + missing, home_link))[0] == 200
