"""sitemap.xml with every public page, and news-sitemap.xml with the last 48 hours' articles."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from sitegen.outputs.sitefile import SiteFile
from sitegen.outputs.xmltext import child, escape_text, rfc3339, serialise
from sitegen.site.model import Article, Site
from sitegen.site.urls import Urls

SITEMAP = "sitemap.xml"
NEWS_SITEMAP = "news-sitemap.xml"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
NEWS_WINDOW = dt.timedelta(hours=48)
NEWS_LIMIT = 1000   # Google News reads at most this many entries per sitemap


def public_pages(site: Site) -> list[tuple[str, str | None]]:
    """Every page a reader or crawler should find (the site's page list without the 404
    page), with its last change where known (RFC 3339): the newest of the articles it
    shows."""
    return [(page.path, page.modified) for page in site.page_list if page.indexable]


def sitemaps(site: Site) -> list[SiteFile]:
    pages = public_pages(site)
    base_url = site.config.base_url
    # Its inputs as two columns of text, which digests read in one pass (not entry by entry)
    paths, modified = tuple(zip(*pages)) or ((), ())
    return [SiteFile(SITEMAP, (base_url, paths, modified),
                     lambda: _sitemap(Urls(base_url), pages)),
            SiteFile(NEWS_SITEMAP, None, lambda: news_sitemap(site))]


def _sitemap(urls: Urls, pages: list[tuple[str, str | None]]) -> str:
    """As text: the sitemap has an entry per page (15,000 at 10,000 articles), which an
    element tree takes a tenth of a second to lay out and write."""
    lines = ['<?xml version="1.0" encoding="utf-8"?>', f'<urlset xmlns="{SITEMAP_NS}">']
    for path, lastmod in pages:
        lines += ["  <url>", f"    <loc>{_escaped(urls.absolute_url(path))}</loc>"]
        if lastmod:
            lines.append(f"    <lastmod>{_escaped(lastmod)}</lastmod>")
        lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def _escaped(text: str) -> str:
    return escape_text(text) if "&" in text or "<" in text or ">" in text else text


def news_language(language: str) -> str:
    """Google News wants an ISO 639 code; only Chinese keeps its region (zh-cn, zh-tw)."""
    language = language.lower()
    return language if language in ("zh-cn", "zh-tw") else language.split("-")[0]


def recent_articles(site: Site) -> list[Article]:
    """Articles published within 48 hours before the build time, newest first."""
    recent = []
    for article in site.articles:       # newest first: stop at the first older one
        age = site.built_at - article.date
        if age > NEWS_WINDOW or len(recent) == NEWS_LIMIT:
            break
        if age >= dt.timedelta(0):
            recent.append(article)
    return recent


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
