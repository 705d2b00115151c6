"""Shared helpers: tiny sites built in temporary folders with the project's real parts."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

PROJECT = Path(__file__).resolve().parent.parent
SUBPATH_URL = "https://example.github.io/newsroom/"


def run_cli(*args: str, root: Path = PROJECT) -> subprocess.CompletedProcess:
    """Run build.py in a real process, as a user would."""
    return subprocess.run([sys.executable, str(PROJECT / "build.py"), "--root", str(root), *args],
                          capture_output=True, text=True, timeout=300)


def parse_html(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


class SiteFolder:
    """A throwaway site: the project's templates and static files, with its own content."""

    def __init__(self, root: Path):
        self.root = root
        shutil.copytree(PROJECT / "templates", root / "templates")
        shutil.copytree(PROJECT / "static", root / "static")
        for folder in ("articles", "authors", "pages"):
            (root / "content" / folder).mkdir(parents=True)
        self.config(title="Fixture News", description="A site for tests.",
                    base_url="https://news.example.org/", timezone="UTC")
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


@pytest.fixture(scope="session")
def project_build(tmp_path_factory) -> Path:
    """The real project (the seed article included) built once at its subpath base URL."""
    output = tmp_path_factory.mktemp("project") / "_site"
    result = run_cli("build", "--output", str(output), "--base-url", SUBPATH_URL)
    assert result.returncode == 0, result.stderr
    return output


def internal_links(page: BeautifulSoup):
    """Every href/src on a page that points inside the site."""
    for element in page.find_all(True):
        for attribute in ("href", "src"):
            value = element.get(attribute)
            if value and not value.startswith(("http:", "https:", "mailto:", "#", "data:")):
                yield element, attribute, value


os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
