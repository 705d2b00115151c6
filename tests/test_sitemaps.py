"""sitemap.xml lists every public page; news-sitemap.xml the last 48 hours; robots.txt both."""

from __future__ import annotations

import dataclasses
import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import SUBPATH_URL, SiteFolder, built_pages, page_file
from sitegen.outputs.sitemaps import NEWS_LIMIT, recent_articles
from sitegen.pipeline import load_site

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def sitemap_entries(path: Path) -> dict[str, ET.Element]:
    root = ET.parse(path).getroot()
    assert root.tag == f"{SM}urlset"
    return {url.findtext(f"{SM}loc"): url for url in root.findall(f"{SM}url")}


def test_sitemap_lists_every_public_page_once(newsroom: Path):
    entries = sitemap_entries(newsroom / "sitemap.xml")
    files = set()
    for loc in entries:
        assert loc.startswith(SUBPATH_URL), loc
        target = page_file(newsroom, SUBPATH_URL, loc)
        assert target.is_file(), loc
        files.add(target)
    assert files == set(built_pages(newsroom))    # paginated lists included, 404 left out
    root = ET.parse(newsroom / "sitemap.xml").getroot()
    assert len(root.findall(f"{SM}url")) == len(entries)


def test_sitemap_lastmod_comes_from_updated_or_date(newsroom: Path):
    entries = sitemap_entries(newsroom / "sitemap.xml")

    def lastmod(path: str) -> str | None:
        return entries[SUBPATH_URL + path].findtext(f"{SM}lastmod")

    assert lastmod("articles/second/") == "2026-03-05T10:30:00+00:00"     # updated
    assert lastmod("articles/first/") == "2026-03-01T09:00:00+00:00"      # date
    assert lastmod("tags/electric-cars/") == "2026-03-05T10:30:00+00:00"  # its newest change
    assert lastmod("about/") is None
    for entry in entries.values():
        if entry.findtext(f"{SM}lastmod"):
            assert dt.datetime.fromisoformat(entry.findtext(f"{SM}lastmod")).tzinfo is not None


def test_news_sitemap_has_the_last_48_hours_at_build_time(site: SiteFolder):
    site.config(title="Fixture News", description="D", base_url="https://example.github.io/newsroom",
                language="en-GB", news_publication="The Fixture Times", timezone="UTC")
    site.article("an-hour-ago", date="2026-05-14T11:00:00+00:00", title='Fish & "Chips"')
    site.article("two-days-less-a-minute", date="2026-05-12T12:01:00+00:00")
    site.article("three-days-ago", date="2026-05-11T12:00:00+00:00")
    site.article("tomorrow", date="2026-05-15T12:00:00+00:00")
    out = site.build("--now", "2026-05-14T12:00:00+00:00", "--drafts")
    entries = sitemap_entries(out / "news-sitemap.xml")
    assert list(entries) == [SUBPATH_URL + "articles/an-hour-ago/",
                             SUBPATH_URL + "articles/two-days-less-a-minute/"]
    news = entries[SUBPATH_URL + "articles/an-hour-ago/"].find(f"{NEWS}news")
    assert news.findtext(f"{NEWS}publication/{NEWS}name") == "The Fixture Times"
    assert news.findtext(f"{NEWS}publication/{NEWS}language") == "en"
    assert news.findtext(f"{NEWS}publication_date") == "2026-05-14T11:00:00+00:00"
    assert news.findtext(f"{NEWS}title") == 'Fish & "Chips"'
    for loc in entries:
        assert page_file(out, SUBPATH_URL, loc).is_file()

    later = site.build("--now", "2026-05-17T12:01:00+00:00", output=site.root / "later")
    assert sitemap_entries(later / "news-sitemap.xml") == {}


def test_news_sitemap_stops_at_1000_newest(site: SiteFolder):
    site.article("story", date="2026-05-14T11:00:00+00:00")
    loaded = load_site(site.root)
    story = loaded.articles[0]
    now = dt.datetime(2026, 5, 14, 12, tzinfo=dt.timezone.utc)
    many = [dataclasses.replace(story, slug=f"s{n}", date=now - dt.timedelta(seconds=n))
            for n in range(NEWS_LIMIT + 5)]
    recent = recent_articles(dataclasses.replace(loaded, articles=many, built_at=now))
    assert NEWS_LIMIT == 1000
    assert [a.slug for a in recent] == [f"s{n}" for n in range(1000)]


def test_robots_names_both_sitemaps_and_nojekyll_is_written(newsroom: Path):
    robots = (newsroom / "robots.txt").read_text(encoding="utf-8").splitlines()
    sitemaps = [line.split(":", 1)[1].strip() for line in robots if line.startswith("Sitemap:")]
    assert sitemaps == [SUBPATH_URL + "sitemap.xml", SUBPATH_URL + "news-sitemap.xml"]
    for url in sitemaps:
        assert page_file(newsroom, SUBPATH_URL, url).is_file()
    assert "User-agent: *" in robots
    assert (newsroom / ".nojekyll").is_file()
