"""Each content error stops the build with one line naming file, line and field; exit 1."""

from __future__ import annotations

import pytest

from conftest import SiteFolder

GOOD = "title: Good\ndate: 2026-01-01\nauthor: ada\ndescription: Fine.\n"


@pytest.mark.parametrize("front, expected", [
    ("title: [unclosed\n" + GOOD[12:],
     "content/articles/bad.md:3: YAML syntax error"),
    ("date: 2026-01-01\nauthor: ada\ndescription: Fine.\n",
     "content/articles/bad.md: field 'title': is required"),
    (GOOD.replace("date: 2026-01-01", "date: 14 May 2026"),
     "content/articles/bad.md:3: field 'date': '14 May 2026' is not an ISO 8601 date"),
    (GOOD.replace("date: 2026-01-01", "date: 2026-02-30"),
     "content/articles/bad.md:3: field 'date': '2026-02-30' is not an ISO 8601 date"),
    (GOOD.replace("author: ada", "author: nobody"),
     "content/articles/bad.md:4: field 'author': unknown author 'nobody'"),
    (GOOD.replace("title: Good", "title: 2026"),
     "content/articles/bad.md:2: field 'title': must be text, not a number"),
    (GOOD.replace("title: Good", "title: Cars: the future"),
     "content/articles/bad.md:2: YAML syntax error: mapping values are not allowed"),
    ("- just\n- a list\n",
     "content/articles/bad.md:2: front matter must be a mapping"),
    (GOOD + "image:\n  src: images/missing.png\n  alt: Nothing\n",
     "content/articles/bad.md:6: field 'image.src': image 'images/missing.png' not found"),
    (GOOD + "image:\n  src: images/placeholder-hero.svg\n",
     "content/articles/bad.md:6: field 'image.alt': is required"),
])
def test_front_matter_errors(site: SiteFolder, front: str, expected: str):
    site.write("content/articles/bad.md", f"---\n{front}---\n\nBody.\n")
    assert site.build_fails().startswith(f"error: {expected}")


@pytest.mark.parametrize("text, expected", [
    ("", "content/articles/bad.md:1: empty file"),
    ("title: No fences\n", "content/articles/bad.md:1: missing front matter"),
    ("---\ntitle: Never closed\n", "content/articles/bad.md:1: unterminated front matter"),
])
def test_document_shape_errors(site: SiteFolder, text: str, expected: str):
    site.write("content/articles/bad.md", text)
    assert site.build_fails().startswith(f"error: {expected}")


def test_two_articles_with_one_url(site: SiteFolder):
    site.article("first", slug="same-story")
    site.article("second", slug="same-story")
    message = site.build_fails()
    assert message.startswith("error: content/articles/second.md: field 'slug': output path "
                              "'articles/same-story/' is already used by content/articles/first.md")


def test_bad_site_configuration(site: SiteFolder):
    site.config(title="T", description="D", base_url="example.org")
    assert site.build_fails().startswith("error: site.yml:3: field 'base_url': must be a full URL")


def test_failed_build_keeps_the_published_site(site: SiteFolder):
    site.article("one")
    out = site.build()
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    site.article("two", author="nobody")
    site.build_fails()
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("extra, expected", [
    ({"feed_entries": 0}, "site.yml:4: field 'feed_entries': must be a whole number of at least 1"),
    ({"publisher_logo": "images/missing.png"},
     "site.yml:4: field 'publisher_logo': image 'images/missing.png' not found in static/"),
    ({"faq_structured_data": "yes"},
     "site.yml:4: field 'faq_structured_data': must be true or false, not 'yes'"),
    ({"news_publication": 7}, "site.yml:4: field 'news_publication': must be text"),
])
def test_bad_publishing_settings(site: SiteFolder, extra: dict, expected: str):
    site.config(title="T", description="D", base_url="https://news.example.org/", **extra)
    site.article("one")
    assert site.build_fails().startswith(f"error: {expected}")
