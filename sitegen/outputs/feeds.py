"""RSS 2.0 and Atom feeds: the whole site in both, and an Atom feed per author, per tag and
per section."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

from sitegen.config import Config
from sitegen.outputs.feed_xml import (NEVER, Entry, Feed, atom_document, atom_entry,
                                      rss_document, rss_item)
from sitegen.outputs.sitefile import SiteFile
from sitegen.outputs.xmltext import child
from sitegen.render.views import Story
from sitegen.site.model import Article, Site, last_change
from sitegen.site.packed import pack, unpack
from sitegen.site.urls import Urls

SITE_RSS = "feed.xml"
SITE_ATOM = "atom.xml"


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


def section_feed(config: Config, section) -> Feed:
    return Feed(f"{section.name} | {config.title}", f"{section.path}atom.xml", section.path,
                "application/atom+xml")


def feeds(site: Site, story: Callable[[Article], Story], made: FeedEntries) -> list[SiteFile]:
    """Every feed, made from its stories (views.Story), the Feed and the configuration: its
    inputs. `made`: the entries made for earlier feeds."""
    urls = Urls(site.config.base_url)
    rss, atom = site_feeds(site.config)

    def feed_file(kind: str, feed: Feed, articles: list[Article]) -> SiteFile:
        stories = tuple([story(article) for article in articles[:site.config.feed_entries]])

        def make() -> str:
            document = rss_document if kind == "rss" else atom_document
            return document(site.config, feed, urls.absolute_url(feed.path),
                            urls.absolute_url(feed.page_path),
                            max(map(last_change, stories), default=NEVER),
                            [made.text(kind, story) for story in stories])
        return SiteFile(feed.path, (kind, site.config, feed, stories), make)

    files = [feed_file("rss", rss, site.articles), feed_file("atom", atom, site.articles)]
    for author in site.authors:
        if author.articles:
            files.append(feed_file("atom", author_feed(site.config, author), author.articles))
    for tag in site.tags:
        files.append(feed_file("atom", tag_feed(site.config, tag), tag.articles))
    for section in site.sections:
        files.append(feed_file("atom", section_feed(site.config, section), section.articles))
    made.start(urls, {story for file in files for story in file.inputs[3]})
    return files


class FeedEntries:
    """Each story's text in each kind of feed, made once for all the feeds that show it and
    kept (packed) while the story is the same object and in a feed: the preview's next
    build finds those of the stories it did not change."""

    def __init__(self):
        self.urls: Urls | None = None
        self._known: dict[int, tuple[Story, dict[str, bytes]]] = {}

    def start(self, urls: Urls, stories: set[Story]) -> None:
        """A build whose feeds show `stories`: the texts of the others are dropped."""
        known = self._known if self.urls and self.urls.base_url == urls.base_url else {}
        self._known = {id(story): found for story in stories
                       if (found := known.get(id(story))) is not None and found[0] is story}
        self.urls = urls

    def text(self, kind: str, story: Story) -> str:
        """`kind`: "rss" or "atom"."""
        known = self._known.get(id(story))
        if known is None or known[0] is not story:
            known = self._known[id(story)] = (story, {})
        texts = known[1]
        if kind not in texts:
            texts[kind] = pack((rss_item if kind == "rss" else atom_entry)(self._entry(story)))
        return unpack(texts[kind])

    def _entry(self, story: Story) -> Entry:
        absolute_url = self.urls.absolute_url
        return Entry(absolute_url(story.path), story.title, story.date, last_change(story),
                     tuple((author.name, absolute_url(author.path)) for author in story.authors),
                     tuple((tag.slug, tag.name) for tag in story.tags), story.description,
                     _content_html(story, self.urls))


# A photo's <source srcset="/images/x.480w.webp 480w, ..."> lists site paths a feed reader
# would not resolve; its <img src> (made absolute) is the photo at its widest.
_PHOTO_SOURCES = re.compile(r"<source\b[^>]*\bsrcset=[^>]*>")


def _content_html(story: Story, urls: Urls) -> str:
    """The full article as HTML with absolute links: hero image, then the body."""
    parts = []
    if story.image and not story.image.placeholder:     # a box in the page, nothing here
        figure = ET.Element("figure")
        child(figure, "img", src=urls.absolute_url(story.image.src), alt=story.image.alt)
        if story.image.caption:
            child(figure, "figcaption", story.image.caption)
        parts.append(ET.tostring(figure, encoding="unicode", method="html"))
    parts.append(urls.absolute_links(_PHOTO_SOURCES.sub("", story.body_html)))
    return "\n".join(parts)
