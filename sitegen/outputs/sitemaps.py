"""sitemap.xml with every public page, and news-sitemap.xml with the last 48 hours' articles."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from sitegen.outputs.feeds import modified
from sitegen.outputs.sitefile import SiteFile
from sitegen.outputs.xmltext import child, rfc3339, serialise
from sitegen.site.model import Article, Site
from sitegen.site.urls import Urls

SITEMAP = "sitemap.xml"
NEWS_SITEMAP = "news-sitemap.xml"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
NEWS_WINDOW = dt.timedelta(hours=48)
NEWS_LIMIT = 1000   # Google News reads at most this many entries per sitemap


def public_pages(site: Site) -> list[tuple[str, dt.datetime | None]]:
    """Every page a reader or crawler should find (the site's page list without the 404
    page), with its last change where known: the newest of the articles it shows."""
    changed = {id(article): modified(article) for article in site.articles}

    def newest(articles: list[Article]) -> dt.datetime | None:
        # every article is on several listings (home, author, tags): a loop in C
        return max(map(changed.__getitem__, map(id, articles)), default=None)

    return [(page.path, newest(page.shows)) for page in site.page_list if page.indexable]


def sitemaps(site: Site) -> list[SiteFile]:
    # as shown (a digest of 15,000 timestamps as text takes a tenth of one of date objects)
    pages = [(path, rfc3339(lastmod) if lastmod else None) for path, lastmod in public_pages(site)]
    base_url = site.config.base_url
    return [SiteFile(SITEMAP, (base_url, pages),
                     lambda: serialise(_sitemap(Urls(base_url), pages))),
            SiteFile(NEWS_SITEMAP, None, lambda: news_sitemap(site))]


def _sitemap(urls: Urls, pages: list[tuple[str, str | None]]) -> ET.Element:
    root = ET.Element("urlset", xmlns=SITEMAP_NS)
    for path, lastmod in pages:
        entry = child(root, "url")
        child(entry, "loc", urls.absolute_url(path))
        if lastmod:
            child(entry, "lastmod", lastmod)
    return root


def news_language(language: str) -> str:
    """Google News wants an ISO 639 code; only Chinese keeps its region (zh-cn, zh-tw)."""
    language = language.lower()
    return language if language in ("zh-cn", "zh-tw") else language.split("-")[0]


def recent_articles(site: Site) -> list[Article]:
    """Articles published within 48 hours before the build time, newest first."""
    recent = [article for article in site.articles
              if dt.timedelta(0) <= site.built_at - article.date <= NEWS_WINDOW]
    return recent[:NEWS_LIMIT]


def news_sitemap(site: Site) -> str:
    urls = Urls(site.config.base_url)
    root = ET.Element("urlset", {"xmlns": SITEMAP_NS, "xmlns:news": NEWS_NS})
    for article in recent_articles(site):
        entry = child(root, "url")
        child(entry, "loc", urls.absolute_url(article.path))
        news = child(entry, "news:news")
        publication = child(news, "news:publication")
        child(publication, "news:name", site.config.news_publication)
        child(publication, "news:language", news_language(site.config.language))
        child(news, "news:publication_date", rfc3339(article.date))
        child(news, "news:title", article.title)
    return serialise(root)
