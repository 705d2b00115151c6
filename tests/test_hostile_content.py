"""Front-matter text is shown as text: nothing it contains becomes markup in any output.

The hostile site is compared with the same site built from harmless text: every (element,
attributes) shape in any page, feed, sitemap or JSON-LD block of the hostile build must also
occur in the harmless one, so an injected element or attribute fails whatever output it is in.
"""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

from conftest import SiteFolder, parse_html

PAYLOAD = ("<script>alert(1)</script><img src=x onerror=alert(2)><b id=pwned>bold</b> "
           "\"double\" 'single' & &amp; </script><!-- javascript:alert(3) ]]> \x01\x1b\x7f")
SHOWN = PAYLOAD.replace("\x01", "").replace("\x1b", "").replace("\x7f", "").strip()
HARMLESS = "Plain words"
SCRIPT_LINK = "[click](javascript:alert(4)) and [also](JaVaScRiPt:alert(5))"


def make_site(site: SiteFolder, text: str, link: str) -> Path:
    site.author("ada", name=text, role=text, bio=f"{text} {link}",
                links=[{"title": text, "url": "https://example.org/ada"}])
    site.article("story", title=text, description=text, tags=[text, "Cars"], section=text,
                 image={"src": "images/placeholder-hero.svg", "alt": text, "caption": text},
                 takeaways=[text, link], faq=[{"question": text, "answer": f"{text} {link}"}],
                 body="A harmless body.")
    site.write("content/pages/about.md", "---\n" + json.dumps({"title": text, "description": text})
               + "\n---\n\nAbout us.\n")
    return site.build()


def shapes_of_html(page: BeautifulSoup) -> set:
    return {(element.name, frozenset(element.attrs)) for element in page.find_all(True)}


def built_outputs(out: Path) -> dict[str, set]:
    """Output kind -> every (element, attribute names) shape in outputs of that kind."""
    shapes: dict[str, set] = {"html": set(), "xml": set(), "json-ld": set()}
    for path in sorted(out.rglob("*")):
        if path.suffix == ".html":
            page = parse_html(path)
            shapes["html"] |= shapes_of_html(page)
            for script in page.find_all("script"):
                if script.get("src"):                   # the site's own script files only
                    assert script["src"].startswith("/") and not script["src"].startswith("//")
                    assert not script.string, (path, script)
                    continue
                assert script.get("type") == "application/ld+json", (path, script)
                data = json.loads(script.string)        # the block is intact JSON
                shapes["json-ld"] |= set(_json_keys(data))
        elif path.suffix == ".xml":
            root = ElementTree.parse(path).getroot()    # well-formed XML
            shapes["xml"] |= {(element.tag, frozenset(element.attrib)) for element in root.iter()}
        elif path.suffix == ".json":
            shapes["json-ld"] |= set(_json_keys(json.loads(path.read_text(encoding="utf-8"))))
    return shapes


def _json_keys(data, prefix=""):
    if isinstance(data, dict):
        for key, value in data.items():
            yield f"{prefix}/{key}"
            yield from _json_keys(value, f"{prefix}/{key}")
    elif isinstance(data, list):
        for value in data:
            yield from _json_keys(value, prefix)


@pytest.fixture(scope="module")
def harmless(tmp_path_factory) -> dict[str, set]:
    site = SiteFolder(tmp_path_factory.mktemp("harmless") / "site")
    return built_outputs(make_site(site, HARMLESS, "[click](https://example.org/)"))


def test_hostile_front_matter_injects_nothing_anywhere(site: SiteFolder, harmless):
    out = make_site(site, PAYLOAD, SCRIPT_LINK)
    hostile = built_outputs(out)
    allowed = {**harmless, "html": harmless["html"] | {("a", frozenset())}}   # a script link
    for kind in hostile:                                    # keeps its text, loses its href
        assert hostile[kind] <= allowed[kind], (kind, hostile[kind] - allowed[kind])
    for path in out.rglob("*.html"):
        page = parse_html(path)
        assert not page.find(id="pwned") and not page.find("b"), path
        for element in page.find_all(True):
            assert not any(name.startswith("on") for name in element.attrs), (path, element)
            for name in ("href", "src"):
                value = "".join(element.get(name, "").split()).lower()
                assert not value.startswith(("javascript:", "data:", "vbscript:")), (path, element)
        raw = path.read_text(encoding="utf-8")
        assert not any(control in raw for control in "\x01\x1b\x7f"), path


def test_hostile_text_is_shown_as_the_editor_wrote_it(site: SiteFolder):
    out = make_site(site, PAYLOAD, SCRIPT_LINK)
    article = parse_html(out / "articles/story/index.html")
    assert article.h1.get_text() == SHOWN
    assert article.title.get_text() == f"{SHOWN} | Fixture News"
    assert article.find("meta", attrs={"name": "description"})["content"] == SHOWN
    assert article.select_one(".standfirst").get_text() == SHOWN
    assert article.select_one(".hero img")["alt"] == SHOWN
    assert article.select_one(".hero figcaption").get_text() == SHOWN
    assert article.select_one(".faq-entry summary").get_text() == SHOWN
    assert article.select_one(".author-box-name").get_text() == SHOWN
    bio = article.select_one(".author-box-bio")
    as_markdown = SHOWN.replace("&amp;", "&")       # Markdown reads an entity as its character
    assert as_markdown in bio.get_text()
    assert [a.get("href") for a in bio.find_all("a")] == [None, None]     # script links dropped
    assert article.select(".takeaways li")[0].get_text() == as_markdown
    assert as_markdown in article.select_one(".faq-answer").get_text()
    author = parse_html(out / "authors/ada/index.html")
    assert author.select_one(".profile-links a").get_text() == SHOWN
    assert parse_html(out / "about/index.html").h1.get_text() == SHOWN
    tags = parse_html(out / "tags/index.html")
    assert SHOWN in [a.get_text() for a in tags.select(".index-list a")]


RAW = '<div class="raw-box">Boxed <em>text</em></div>\n\nA [bad link](javascript:alert(1)).\n'


def test_raw_html_in_the_body_passes_through_by_default(site: SiteFolder):
    site.article("raw", body=RAW)
    body = parse_html(site.build() / "articles/raw/index.html").select_one(".article-body")
    assert body.select_one("div.raw-box em").get_text() == "text"


def test_raw_html_false_escapes_html_in_bodies(site: SiteFolder):
    site.config(title="T", description="D", base_url="https://news.example.org/", raw_html=False)
    site.article("raw", body=RAW)
    site.write("content/pages/about.md", "---\ntitle: About\n---\n\n<script>alert(1)</script>\n")
    out = site.build()
    body = parse_html(out / "articles/raw/index.html").select_one(".article-body")
    assert not body.select("div") and not body.select("em")
    assert '<div class="raw-box">Boxed <em>text</em></div>' in body.get_text()
    assert body.find("a", string="bad link").get("href") is None
    about = parse_html(out / "about/index.html")
    assert not about.find("script") and "<script>alert(1)</script>" in about.main.get_text()


def test_raw_html_must_be_true_or_false(site: SiteFolder):
    site.config(title="T", description="D", base_url="https://news.example.org/", raw_html="no")
    assert site.build_fails().startswith(
        "error: site.yml:4: field 'raw_html': must be true or false")
