"""RSS 2.0 and Atom documents as text, entry by entry.

Written as ElementTree would write and indent them, but an entry's text is made once and
joined into every feed that shows it: a story is in the site feeds and in its author's and
tags' feeds, and its full text is most of each feed's bytes.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from email.utils import format_datetime

from sitegen.config import Config
from sitegen.outputs.xmltext import escape_attribute, escape_text, rfc3339

ATOM = "http://www.w3.org/2005/Atom"
DC = "http://purl.org/dc/elements/1.1/"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
# An empty feed still needs an <updated>; a fixed instant keeps the output deterministic.
NEVER = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'


@dataclass(frozen=True)
class Feed:
    title: str
    path: str               # the feed file, e.g. "tags/batteries/atom.xml"
    page_path: str          # the HTML page it follows, e.g. "tags/batteries/"
    media_type: str         # "application/rss+xml" or "application/atom+xml"


@dataclass(frozen=True)
class Entry:
    """All a feed shows of one story (links absolute)."""
    link: str
    title: str
    published: dt.datetime
    updated: dt.datetime
    authors: tuple[tuple[str, str], ...]          # (name, URL)
    tags: tuple[tuple[str, str], ...]             # (slug, name)
    description: str
    content: str                                  # the full text, as HTML


def _element(depth: int, tag: str, text: str | None = None, **attributes: str) -> str:
    """One line: `<tag a="v">text</tag>`, or `<tag a="v" />` without text."""
    shown = "".join(f' {name}="{escape_attribute(value)}"' for name, value in attributes.items())
    if not text:
        return f"{'  ' * depth}<{tag}{shown} />\n"
    return f"{'  ' * depth}<{tag}{shown}>{escape_text(text)}</{tag}>\n"


def _as_html(text: str) -> str:
    """RSS readers read <title> and <description> as HTML: escaped for it (and then for XML),
    they show the characters typed. Authors and categories are read as text."""
    return html.escape(text, quote=False)


def rss_item(entry: Entry) -> str:
    return "".join([
        "    <item>\n",
        _element(3, "title", _as_html(entry.title)),
        _element(3, "link", entry.link),
        _element(3, "guid", entry.link, isPermaLink="true"),
        _element(3, "pubDate", format_datetime(entry.published)),
        *(_element(3, "dc:creator", name) for name, _ in entry.authors),
        *(_element(3, "category", name) for _, name in entry.tags),
        _element(3, "description", _as_html(entry.description)),
        _element(3, "content:encoded", entry.content),
        "    </item>\n"])


def rss_document(config: Config, feed: Feed, feed_url: str, page_url: str,
                 updated: dt.datetime, items: list[str]) -> str:
    """`updated`: its newest entry's; `items`: each entry's text (rss_item)."""
    return "".join([
        DECLARATION,
        f'<rss xmlns:atom="{ATOM}" xmlns:content="{CONTENT}" xmlns:dc="{DC}" version="2.0">\n',
        "  <channel>\n",
        _element(2, "title", _as_html(feed.title)),
        _element(2, "link", page_url),
        _element(2, "description", _as_html(config.description)),
        _element(2, "language", config.language),
        _element(2, "lastBuildDate", format_datetime(updated)),
        _element(2, "atom:link", href=feed_url, rel="self", type=feed.media_type),
        *items,
        "  </channel>\n</rss>\n"])


def atom_entry(entry: Entry) -> str:
    authors = [f"    <author>\n{_element(3, 'name', name)}{_element(3, 'uri', uri)}"
               "    </author>\n" for name, uri in entry.authors]
    return "".join([
        "  <entry>\n",
        _element(2, "id", entry.link),
        _element(2, "title", entry.title, type="text"),
        _element(2, "link", href=entry.link, rel="alternate", type="text/html"),
        _element(2, "published", rfc3339(entry.published)),
        _element(2, "updated", rfc3339(entry.updated)),
        *authors,
        *(_element(2, "category", term=slug, label=name) for slug, name in entry.tags),
        _element(2, "summary", entry.description, type="text"),
        _element(2, "content", entry.content, type="html"),
        "  </entry>\n"])


def atom_document(config: Config, feed: Feed, feed_url: str, page_url: str,
                  updated: dt.datetime, items: list[str]) -> str:
    """`items`: each entry's text (atom_entry)."""
    return "".join([
        DECLARATION,
        f'<feed xmlns="{ATOM}" xml:lang="{escape_attribute(config.language)}">\n',
        _element(1, "id", feed_url),
        _element(1, "title", feed.title),
        _element(1, "subtitle", config.description),
        _element(1, "updated", rfc3339(updated)),
        _element(1, "link", href=feed_url, rel="self", type=feed.media_type),
        _element(1, "link", href=page_url, rel="alternate", type="text/html"),
        f"  <author>\n{_element(2, 'name', config.publisher_name)}  </author>\n",
        *items,
        "</feed>\n"])
