"""Shared helpers: tiny sites built in temporary folders with the project's real parts."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

PROJECT = Path(__file__).resolve().parent.parent
SUBPATH_URL = "https://example.github.io/newsroom/"
sys.path.insert(0, str(PROJECT))    # in-process tests import build.py and sitegen


# The policies `check` asks a newsroom to link (elsewhere: no pages for them in fixtures)
TRUSTED = {"corrections_policy": "https://about.example.com/corrections/",
           "masthead": "https://about.example.com/masthead/"}


def run_cli(*args: str, root: Path = PROJECT) -> subprocess.CompletedProcess:
    """Run build.py in a real process, as a user would."""
    return subprocess.run([sys.executable, str(PROJECT / "build.py"), "--root", str(root), *args],
                          capture_output=True, text=True, timeout=300)


def parse_html(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


# Two plain drawings for fixture sites to show (the project itself has no stock pictures)
TEST_PICTURES = {"placeholder-hero.svg": (1600, 900), "placeholder-figure.svg": (800, 450)}
TEST_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            'viewBox="0 0 {width} {height}"><rect width="100%" height="100%" fill="#8aa"/></svg>\n')


class SiteFolder:
    """A throwaway site: the project's templates and static files, with its own content."""

    def __init__(self, root: Path):
        self.root = root
        shutil.copytree(PROJECT / "templates", root / "templates")
        shutil.copytree(PROJECT / "static", root / "static")
        for name, (width, height) in TEST_PICTURES.items():     # drawings the fixtures show
            self.write(f"static/images/{name}", TEST_SVG.format(width=width, height=height))
        for folder in ("articles", "authors", "pages"):
            (root / "content" / folder).mkdir(parents=True)
        self.config(title="Fixture News", description="A site for tests.",
                    base_url="https://news.example.org/", timezone="UTC",
                    organization=TRUSTED)
        self.author("ada", name="Ada Byline", role="Reporter", bio="Ada writes *tests*.")

    def config(self, **values) -> None:
        (self.root / "site.yml").write_text(yaml.safe_dump(values, sort_keys=False), encoding="utf-8")

    def author(self, author_id: str, **values) -> Path:
        path = self.root / "content" / "authors" / f"{author_id}.yml"
        path.write_text(yaml.safe_dump(values, sort_keys=False), encoding="utf-8")
        return path

    def article(self, name: str, body: str = "Some text.", **front) -> Path:
        front = {"title": name.replace("-", " ").title(), "date": "2026-01-01",
                 "author": "ada", "description": f"About {name}.", **front}
        return self.write(f"content/articles/{name}.md",
                          "---\n" + yaml.safe_dump(front, sort_keys=False, allow_unicode=True)
                          + "---\n\n" + body + "\n")

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text) if text.startswith("\n") else text, encoding="utf-8")
        return path

    def build(self, *args: str, output: Path | None = None) -> Path:
        output = output or self.root / "_site"
        result = run_cli("build", "--output", str(output), *args, root=self.root)
        assert result.returncode == 0, result.stderr
        return output

    def build_fails(self, *args: str) -> str:
        """Build expecting a content error: exit 1, one line, no traceback. Returns the line."""
        result = run_cli("build", "--output", str(self.root / "_site"), *args, root=self.root)
        assert result.returncode == 1, (result.stdout, result.stderr)
        assert "Traceback" not in result.stderr
        errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
        assert len(errors) == 1, result.stderr
        return errors[0]


@pytest.fixture
def site(tmp_path: Path) -> SiteFolder:
    return SiteFolder(tmp_path / "site")


def pytest_configure(config):
    config.addinivalue_line("markers", "project_content: a test of the project's own content/; "
                            "test_newsroom_content.py runs these again with more articles")


def pytest_collection_modifyitems(items):
    for item in items:
        if "project_build" in getattr(item, "fixturenames", ()):
            item.add_marker("project_content")


@pytest.fixture(scope="session")
def project_build(tmp_path_factory) -> Path:
    """The real project (the seed article included) built once at its subpath base URL."""
    output = tmp_path_factory.mktemp("project") / "_site"
    result = run_cli("build", "--output", str(output), "--base-url", SUBPATH_URL)
    assert result.returncode == 0, result.stderr
    return output


def need_tool(found: bool, what: str) -> None:
    """Skip a test whose external tool is missing; under REQUIRE_TOOLS=1 (CI) fail instead."""
    if found:
        return
    if os.environ.get("REQUIRE_TOOLS") == "1":
        pytest.fail(f"{what} is missing and REQUIRE_TOOLS=1")
    pytest.skip(f"{what} is not installed")


def build_leftovers(root: Path, name: str = "_site") -> list[str]:
    """What builds of `root/name` left: folders beside it (as builds before .site-builds/ made
    them), versions besides the published one and one retired version kept for the next
    build to reuse, and scratch files in those two."""
    found = [entry for entry in os.listdir(root)
             if entry.startswith((f"{name}.staging-", f"{name}.old-", "tmp"))]
    versions = root / ".site-builds" / name
    current = Path(os.path.realpath(root / name)).parent
    kept = [version for version in versions.iterdir() if version != current
            and sorted(os.listdir(version)) == [".sitegen-build", "site"]
            and not any(path.is_symlink() for path in (version / "site").rglob("*"))
            ] if versions.is_dir() else []
    for version in versions.iterdir() if versions.is_dir() else []:
        if version not in kept[:1] and version != current:
            found.append(f"version {version.name}")
    if current.parent == versions:
        found += [f"{current.name}/{entry}" for entry in os.listdir(current)
                  if entry not in (".sitegen-build", "site")]
    return sorted(found)


def built_pages(site_dir: Path) -> list[Path]:
    """Every HTML page a reader can reach (all but the 404 page and the editors' app)."""
    return sorted(path for path in site_dir.rglob("*.html")
                  if path.name != "404.html" and not is_editor(site_dir, path))


def is_editor(site_dir: Path, path: Path) -> bool:
    """The editing interface (admin/): Decap CMS's app shell, for editors, not readers."""
    return path.relative_to(site_dir).parts[0] == "admin"


def page_file(site_dir: Path, base_url: str, url: str) -> Path:
    """The built file behind an absolute or root-relative URL of the site."""
    base_path = urlsplit(base_url).path
    if url.startswith(("http:", "https:")):
        assert url.startswith(base_url), f"{url} is not under {base_url}"
    path = urlsplit(url).path
    assert path.startswith(base_path), f"{url} is not under {base_path}"
    target = site_dir / path.removeprefix(base_path)
    return target / "index.html" if path.endswith("/") else target


def internal_links(page: BeautifulSoup):
    """Every href/src on a page that points inside the site."""
    for element in page.find_all(True):
        for attribute in ("href", "src"):
            value = element.get(attribute)
            if value and not value.startswith(("http:", "https:", "mailto:", "#", "data:")):
                yield element, attribute, value


os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")


# A title and tag that try to break out of JSON-LD, attributes and XML.
HOSTILE = 'Fish & Chips </script><script>alert("x")</script> \'quoted\' <b>bold</b>'


@pytest.fixture(scope="session")
def newsroom(tmp_path_factory) -> Path:
    """A fixture site with what heads, feeds and sitemaps show, built under a subpath:
    several authors, tags, a section, an FAQ, images, an update, pagination, a hostile title."""
    site = SiteFolder(tmp_path_factory.mktemp("newsroom") / "site")
    site.config(title="Fixture News", description="A site for tests.", base_url=SUBPATH_URL,
                timezone="Europe/London", articles_per_page=2, feed_entries=3,
                publisher_name="Fixture Media Ltd", publisher_logo="images/placeholder-figure.svg")
    site.author("bo", name="Bo O'Neil & Co", role="Editor", bio="Bo *edits*.",
                avatar={"src": "images/placeholder-figure.svg", "alt": "Bo at the desk"},
                links=[{"title": "Website", "url": "https://bo.example.org/"}])
    site.write("content/pages/about.md", "---\ntitle: About\n---\n\nWe report.\n")
    body = ("Read [about us](/about/) and [elsewhere](https://example.org/x).\n\n"
            "![A figure](/images/placeholder-figure.svg)")
    site.article("first", date="2026-03-01T09:00:00", tags=["Batteries"], section="Motoring",
                 body=body)
    site.article("second", date="2026-03-02T09:00:00", updated="2026-03-05T10:30:00",
                 author=["ada", "bo"], tags=["Batteries", "Electric Cars"], body=body)
    site.article("third", date="2026-03-03T09:00:00", section="Motoring", body=body,
                 image={"src": "images/placeholder-hero.svg", "alt": "A hero & \"friends\""},
                 faq=[{"question": "Is it <safe>?", "answer": "Yes & *no*."},
                      {"question": "Why?", "answer": "Because."}])
    site.article("hostile", title=HOSTILE, date="2026-03-04T09:00:00",
                 description='She said "yes" & <b>left</b>', tags=[HOSTILE, "Batteries"],
                 author="bo", body=body)
    site.article("fifth", date="2026-03-05T09:00:00", tags=["Batteries"], body=body)
    return site.build()


def pytest_terminal_summary(terminalreporter):
    shots = PROJECT / ".cache" / "screenshots"
    if shots.is_dir() and any(shots.glob("*.png")):
        count = len(list(shots.glob("*.png")))
        terminalreporter.write_line(f"screenshots: {shots.relative_to(PROJECT)}/ ({count} pages)")


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium, driven by Playwright (required in CI)."""
    from browser_tools import CHROMIUM_FLAGS, chromium_path
    need_tool(chromium_path() is not None, "chromium")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()
