"""Under a subpath base URL every internal link carries the subpath and reaches a file."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from hypothesis import given, settings, strategies as st

from conftest import SiteFolder, internal_links, parse_html
from sitegen.site.urls import Urls


def resolve(site_dir: Path, base_path: str, link: str) -> Path:
    path = urlsplit(link).path
    assert path.startswith(base_path), f"{link} is not under {base_path}"
    assert "//" not in path, link
    target = site_dir / path.removeprefix(base_path)
    return target / "index.html" if path.endswith("/") else target


def check_every_link(site_dir: Path, base_path: str) -> int:
    checked = 0
    for page_file in site_dir.rglob("*.html"):
        for element, attribute, link in internal_links(parse_html(page_file)):
            target = resolve(site_dir, base_path, link)
            assert target.is_file(), f"{page_file.relative_to(site_dir)}: {attribute}={link} is broken"
            checked += 1
    return checked


def test_project_under_a_subpath(project_build: Path):
    assert check_every_link(project_build, "/newsroom/") > 20


def test_fixture_site_at_root_and_under_subpath(site: SiteFolder):
    site.write("content/pages/about.md", "---\ntitle: About\n---\n\nSee [the story](/articles/one/).\n")
    site.article("one", tags=["Cars"], section="Motoring",
                 body="![Interior](/images/placeholder-figure.svg)\n\n[About](/about/)")
    root = site.build()
    assert check_every_link(root, "/") > 10
    sub = site.build("--base-url", "https://example.github.io/newsroom", output=site.root / "sub")
    assert check_every_link(sub, "/newsroom/") > 10
    canonical = parse_html(sub / "articles/one/index.html").find("link", rel="canonical")["href"]
    assert canonical == "https://example.github.io/newsroom/articles/one/"


# The rule feeds follow, as one pattern: an href or src right after whitespace whose value
# starts with one "/".
FEED_LINK_RULE = re.compile(r"""(\s(?:href|src)=)(["'])/(?!/)""", re.IGNORECASE)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from([" ", "\t", "\n", "x", "-", "=", '"', "'", "/", "//", "href",
                                 "HREF", "Src", "data-src", "<a ", ">", "é", 'href="/',
                                 "src='/", 'SRC="/', '="/', 'href="//']),
                max_size=30).map("".join))
def test_feeds_make_exactly_the_root_relative_links_absolute(html: str):
    urls = Urls("https://example.github.io/newsroom/")
    expected = FEED_LINK_RULE.sub(lambda m: f"{m[1]}{m[2]}https://example.github.io/", html)
    assert urls.absolute_links(html) == expected
