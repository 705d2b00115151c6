"""RSS 2.0 and Atom feeds: the whole site in both, and an Atom feed per author and per tag."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from email.utils import format_datetime

from ..model import Article, Author, Site, Tag
from ..urls import Urls
from .xmltext import child, rfc3339, serialise

ATOM = "http://www.w3.org/2005/Atom"
DC = "http://purl.org/dc/elements/1.1/"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SITE_RSS = "feed.xml"
SITE_ATOM = "atom.xml"
# An empty feed still needs an <updated>; a fixed instant keeps the output deterministic.
NEVER = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


@dataclass(frozen=True)
class Feed:
    title: str
    path: str               # the feed file, e.g. "tags/batteries/atom.xml"
    page_path: str          # the HTML page it follows, e.g. "tags/batteries/"
    media_type: str         # "application/rss+xml" or "application/atom+xml"


def site_feeds(site: Site) -> list[Feed]:
    title = site.config.title
    return [Feed(title, SITE_RSS, "", "application/rss+xml"),
            Feed(title, SITE_ATOM, "", "application/atom+xml")]


def author_feed(site: Site, author: Author) -> Feed:
    return Feed(f"{author.name} | {site.config.title}", f"{author.path}atom.xml", author.path,
                "application/atom+xml")


def tag_feed(site: Site, tag: Tag) -> Feed:
    return Feed(f"Tagged: {tag.name} | {site.config.title}", f"{tag.path}atom.xml", tag.path,
                "application/atom+xml")


def modified(article: Article) -> dt.datetime:
    return article.updated or article.date


def feeds(site: Site) -> list[tuple[str, str]]:
    urls = Urls(site.config.base_url)
    content = _ContentHtml(urls)
    rss, atom = site_feeds(site)
    files = [(rss.path, rss_feed(site, urls, content, rss, site.articles)),
             (atom.path, atom_feed(site, urls, content, atom, site.articles))]
    for author in site.authors:
        if author.articles:
            feed = author_feed(site, author)
            files.append((feed.path, atom_feed(site, urls, content, feed, author.articles)))
    for tag in site.tags:
        feed = tag_feed(site, tag)
        files.append((feed.path, atom_feed(site, urls, content, feed, tag.articles)))
    return files


class _ContentHtml:
    """Each article's full text for the feeds, made once per build: an article appears in
    the site feeds and in its author's and tags' feeds, and its body is read from the cache."""

    def __init__(self, urls: Urls):
        self.urls = urls
        self.by_path: dict[str, str] = {}

    def __call__(self, article: Article) -> str:
        if article.path not in self.by_path:
            self.by_path[article.path] = _content_html(article, self.urls)
        return self.by_path[article.path]


def _content_html(article: Article, urls: Urls) -> str:
    """The full article as HTML with absolute links: hero image, then the body."""
    parts = []
    if article.image:
        figure = ET.Element("figure")
        child(figure, "img", src=urls.absolute_url(article.image.src), alt=article.image.alt)
        if article.image.caption:
            child(figure, "figcaption", article.image.caption)
        parts.append(ET.tostring(figure, encoding="unicode", method="html"))
    parts.append(urls.absolute_links(str(article.body_html)))   # may be StoredHtml
    return "\n".join(parts)


def _updated(articles: list[Article]) -> dt.datetime:
    return max((modified(article) for article in articles), default=NEVER)


def rss_feed(site: Site, urls: Urls, content: _ContentHtml, feed: Feed,
             articles: list[Article]) -> str:
    entries = articles[:site.config.feed_entries]
    rss = ET.Element("rss", version="2.0")
    channel = child(rss, "channel")
    child(channel, "title", feed.title)
    child(channel, "link", urls.absolute_url(feed.page_path))
    child(channel, "description", site.config.description)
    child(channel, "language", site.config.language)
    child(channel, "lastBuildDate", format_datetime(_updated(entries)))
    child(channel, f"{{{ATOM}}}link", href=urls.absolute_url(feed.path), rel="self",
          type=feed.media_type)
    for article in entries:
        link = urls.absolute_url(article.path)
        item = child(channel, "item")
        child(item, "title", article.title)
        child(item, "link", link)
        child(item, "guid", link, isPermaLink="true")
        child(item, "pubDate", format_datetime(article.date))
        for author in article.authors:
            child(item, f"{{{DC}}}creator", author.name)
        for tag in article.tags:
            child(item, "category", tag.name)
        child(item, "description", article.description)
        child(item, f"{{{CONTENT}}}encoded", content(article))
    return serialise(rss)


def atom_feed(site: Site, urls: Urls, content: _ContentHtml, feed: Feed,
              articles: list[Article]) -> str:
    entries = articles[:site.config.feed_entries]
    root = ET.Element("feed", {"xmlns": ATOM, XML_LANG: site.config.language})
    child(root, "id", urls.absolute_url(feed.path))
    child(root, "title", feed.title)
    child(root, "subtitle", site.config.description)
    child(root, "updated", rfc3339(_updated(entries)))
    child(root, "link", href=urls.absolute_url(feed.path), rel="self",
          type=feed.media_type)
    child(root, "link", href=urls.absolute_url(feed.page_path), rel="alternate",
          type="text/html")
    publisher = child(root, "author")
    child(publisher, "name", site.config.publisher_name)
    for article in entries:
        link = urls.absolute_url(article.path)
        entry = child(root, "entry")
        child(entry, "id", link)
        child(entry, "title", article.title, type="text")
        child(entry, "link", href=link, rel="alternate", type="text/html")
        child(entry, "published", rfc3339(article.date))
        child(entry, "updated", rfc3339(modified(article)))
        for author in article.authors:
            person = child(entry, "author")
            child(person, "name", author.name)
            child(person, "uri", urls.absolute_url(author.path))
        for tag in article.tags:
            child(entry, "category", term=tag.slug, label=tag.name)
        child(entry, "summary", article.description, type="text")
        child(entry, "content", content(article), type="html")
    return serialise(root)
