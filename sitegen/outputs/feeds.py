"""RSS 2.0 and Atom feeds: the whole site in both, and an Atom feed per author and per tag."""

from __future__ import annotations

import datetime as dt
import html
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import format_datetime

from sitegen.config import Config
from sitegen.outputs.sitefile import SiteFile
from sitegen.outputs.xmltext import child, rfc3339, serialise
from sitegen.render.views import Story
from sitegen.site.model import Article, Site, last_change
from sitegen.site.urls import Urls

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


def site_feeds(config: Config) -> list[Feed]:
    title = config.title
    return [Feed(title, SITE_RSS, "", "application/rss+xml"),
            Feed(title, SITE_ATOM, "", "application/atom+xml")]


def author_feed(config: Config, author) -> Feed:
    return Feed(f"{author.name} | {config.title}", f"{author.path}atom.xml", author.path,
                "application/atom+xml")


def tag_feed(config: Config, tag) -> Feed:
    return Feed(f"Tagged: {tag.name} | {config.title}", f"{tag.path}atom.xml", tag.path,
                "application/atom+xml")


def feeds(site: Site, story: Callable[[Article], Story]) -> list[SiteFile]:
    """Every feed, made from its stories (views.Story), the Feed and the configuration: its
    inputs."""
    urls = Urls(site.config.base_url)
    made = _Entries(urls)
    rss, atom = site_feeds(site.config)

    def feed_file(make, feed: Feed, articles: list[Article]) -> SiteFile:
        stories = tuple([story(article) for article in articles[:site.config.feed_entries]])
        return SiteFile(feed.path, (make.__name__, site.config, feed, stories),
                        lambda: serialise(make(site.config, urls, feed, made(stories),
                                               made.content)))

    files = [feed_file(rss_feed, rss, site.articles), feed_file(atom_feed, atom, site.articles)]
    for author in site.authors:
        if author.articles:
            files.append(feed_file(atom_feed, author_feed(site.config, author), author.articles))
    for tag in site.tags:
        files.append(feed_file(atom_feed, tag_feed(site.config, tag), tag.articles))
    return files


@dataclass(frozen=True)
class Entry:
    """All a feed shows of one story."""
    link: str
    title: str
    published: dt.datetime
    updated: dt.datetime
    authors: tuple[tuple[str, str], ...]          # (name, absolute URL)
    tags: tuple[tuple[str, str], ...]             # (slug, name)
    description: str
    image: tuple[str, str, str | None] | None     # (absolute URL, alt text, caption)
    body: str


class _Entries:
    """Each article's entry, and its full text when a feed is made, once per build: an
    article appears in the site feeds and in its author's and tags' feeds."""

    def __init__(self, urls: Urls):
        self.urls = urls
        self.by_path: dict[str, Entry] = {}
        self.html: dict[str, str] = {}

    def __call__(self, stories: tuple[Story, ...]) -> list[Entry]:
        return [self.by_path.get(story.path) or self._entry(story) for story in stories]

    def _entry(self, article: Story) -> Entry:
        absolute_url = self.urls.absolute_url
        image = article.image
        entry = Entry(absolute_url(article.path), article.title, article.date,
                      last_change(article),
                      tuple((author.name, absolute_url(author.path)) for author in article.authors),
                      tuple((tag.slug, tag.name) for tag in article.tags), article.description,
                      (absolute_url(image.src), image.alt, image.caption) if image else None,
                      str(article.body_html))
        self.by_path[article.path] = entry
        return entry

    def content(self, entry: Entry) -> str:
        if entry.link not in self.html:
            self.html[entry.link] = _content_html(entry, self.urls)
        return self.html[entry.link]


def _content_html(entry: Entry, urls: Urls) -> str:
    """The full article as HTML with absolute links: hero image, then the body."""
    parts = []
    if entry.image:
        src, alt, caption = entry.image
        figure = ET.Element("figure")
        child(figure, "img", src=src, alt=alt)
        if caption:
            child(figure, "figcaption", caption)
        parts.append(ET.tostring(figure, encoding="unicode", method="html"))
    parts.append(urls.absolute_links(entry.body))
    return "\n".join(parts)


def _updated(entries: list[Entry]) -> dt.datetime:
    return max((entry.updated for entry in entries), default=NEVER)


def _as_html(text: str) -> str:
    """RSS readers read <title> and <description> as HTML: escaped for it (and then for XML),
    they show the characters typed. Authors and categories are read as text."""
    return html.escape(text, quote=False)


def rss_feed(config: Config, urls: Urls, feed: Feed, entries: list[Entry],
             content: Callable[[Entry], str]) -> ET.Element:
    rss = ET.Element("rss", version="2.0")
    channel = child(rss, "channel")
    child(channel, "title", _as_html(feed.title))
    child(channel, "link", urls.absolute_url(feed.page_path))
    child(channel, "description", _as_html(config.description))
    child(channel, "language", config.language)
    child(channel, "lastBuildDate", format_datetime(_updated(entries)))
    child(channel, f"{{{ATOM}}}link", href=urls.absolute_url(feed.path), rel="self",
          type=feed.media_type)
    for entry in entries:
        item = child(channel, "item")
        child(item, "title", _as_html(entry.title))
        child(item, "link", entry.link)
        child(item, "guid", entry.link, isPermaLink="true")
        child(item, "pubDate", format_datetime(entry.published))
        for name, _ in entry.authors:
            child(item, f"{{{DC}}}creator", name)
        for _, name in entry.tags:
            child(item, "category", name)
        child(item, "description", _as_html(entry.description))
        child(item, f"{{{CONTENT}}}encoded", content(entry))
    return rss


def atom_feed(config: Config, urls: Urls, feed: Feed, entries: list[Entry],
              content: Callable[[Entry], str]) -> ET.Element:
    root = ET.Element("feed", {"xmlns": ATOM, XML_LANG: config.language})
    child(root, "id", urls.absolute_url(feed.path))
    child(root, "title", feed.title)
    child(root, "subtitle", config.description)
    child(root, "updated", rfc3339(_updated(entries)))
    child(root, "link", href=urls.absolute_url(feed.path), rel="self",
          type=feed.media_type)
    child(root, "link", href=urls.absolute_url(feed.page_path), rel="alternate",
          type="text/html")
    publisher = child(root, "author")
    child(publisher, "name", config.publisher_name)
    for entry in entries:
        item = child(root, "entry")
        child(item, "id", entry.link)
        child(item, "title", entry.title, type="text")
        child(item, "link", href=entry.link, rel="alternate", type="text/html")
        child(item, "published", rfc3339(entry.published))
        child(item, "updated", rfc3339(entry.updated))
        for name, uri in entry.authors:
            person = child(item, "author")
            child(person, "name", name)
            child(person, "uri", uri)
        for slug, name in entry.tags:
            child(item, "category", term=slug, label=name)
        child(item, "summary", entry.description, type="text")
        child(item, "content", content(entry), type="html")
    return root
