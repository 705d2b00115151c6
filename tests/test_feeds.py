"""RSS and Atom feeds parse cleanly in a real feed reader's parser and point at built pages."""

from __future__ import annotations

import datetime as dt
import email.utils
import html
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import feedparser
import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings, strategies as st

from conftest import HOSTILE, SUBPATH_URL, SiteFolder, built_pages, page_file, parse_html
from sitegen.outputs.feed_xml import Entry, Feed, atom_document, atom_entry, rss_document, rss_item
from sitegen.site.slugs import slugify

ATOM = "{http://www.w3.org/2005/Atom}"
FEEDS = ["feed.xml", "atom.xml", "authors/ada/atom.xml", "authors/bo/atom.xml",
         "sections/motoring/atom.xml", "tags/batteries/atom.xml", "tags/electric-cars/atom.xml",
         "tags/fish-chips-scriptscriptalertxscript-quoted-bboldb/atom.xml"]


def parse_feed(site_dir: Path, name: str):
    feed = feedparser.parse((site_dir / name).read_bytes())
    assert feed.bozo == 0, (name, feed.get("bozo_exception"))
    return feed


def shown(detail) -> str:
    """What a reader shows of a feedparser text construct: the text, or the HTML's text."""
    if detail.type == "text/plain":
        return detail.value
    assert detail.type == "text/html"
    markup = BeautifulSoup(detail.value, "html.parser")
    assert not markup.find_all(True), detail.value      # no element came from the text
    return markup.get_text()


def entry_titles(feed) -> list[str]:
    return [shown(entry.title_detail) for entry in feed.entries]


def test_every_feed_parses_and_links_to_built_pages(newsroom: Path):
    written = sorted(p.relative_to(newsroom).as_posix() for p in newsroom.rglob("*.xml")
                     if "sitemap" not in p.name)
    assert written == sorted(FEEDS)
    for name in FEEDS:
        feed = parse_feed(newsroom, name)
        assert feed.version == ("rss20" if name == "feed.xml" else "atom10")
        assert feed.entries, name
        self_links = [link.href for link in feed.feed.links if link.rel == "self"]
        assert self_links == [SUBPATH_URL + name]
        for entry in feed.entries:
            assert page_file(newsroom, SUBPATH_URL, entry.link).is_file(), entry.link


def test_newest_entries_first_and_limited_by_the_configuration(newsroom: Path):
    # feed_entries: 3 in the fixture's site.yml; five articles, four tagged Batteries.
    for name in ("feed.xml", "atom.xml"):
        assert entry_titles(parse_feed(newsroom, name)) == ["Fifth", HOSTILE, "Third"]
    assert entry_titles(parse_feed(newsroom, "tags/batteries/atom.xml")) == ["Fifth", HOSTILE,
                                                                             "Second"]
    assert entry_titles(parse_feed(newsroom, "authors/bo/atom.xml")) == [HOSTILE, "Second"]
    assert entry_titles(parse_feed(newsroom, "tags/electric-cars/atom.xml")) == ["Second"]


def test_rss_dates_authors_summary_and_content(newsroom: Path):
    root = ET.parse(newsroom / "feed.xml").getroot()
    items = root.findall("channel/item")
    dates = [email.utils.parsedate_to_datetime(item.findtext("pubDate")) for item in items]
    # RFC 822 with the zone: 09:00 in London, which is UTC in March.
    assert dates[0] == dt.datetime(2026, 3, 5, 9, 0, tzinfo=dt.timezone.utc)
    assert all(date.tzinfo is not None for date in dates)
    assert items[0].findtext("pubDate") == "Thu, 05 Mar 2026 09:00:00 +0000"
    creators = [c.text for c in items[1].findall("{http://purl.org/dc/elements/1.1/}creator")]
    assert creators == ["Bo O'Neil & Co"]
    # HTML-escaped, then XML-escaped: a reader reads it as HTML and shows what was typed.
    assert items[1].findtext("description") == 'She said "yes" &amp; &lt;b&gt;left&lt;/b&gt;'

    feed = parse_feed(newsroom, "feed.xml")
    hostile = feed.entries[1]
    assert shown(hostile.title_detail) == HOSTILE
    assert hostile.author == "Bo O'Neil & Co"
    assert sorted(tag.term for tag in hostile.tags) == sorted([HOSTILE, "Batteries"])
    assert_absolute_content(hostile.content[0].value)


def test_atom_dates_authors_summary_and_content(newsroom: Path):
    root = ET.parse(newsroom / "tags/batteries/atom.xml").getroot()
    assert root.findtext(f"{ATOM}updated") == "2026-03-05T10:30:00+00:00"   # Second's update
    for entry in root.findall(f"{ATOM}entry"):
        for field in ("published", "updated"):
            moment = dt.datetime.fromisoformat(entry.findtext(f"{ATOM}{field}"))
            assert moment.tzinfo is not None      # RFC 3339 needs the offset

    feed = parse_feed(newsroom, "tags/batteries/atom.xml")
    second = feed.entries[2]
    assert second.title == "Second"
    assert second.published == "2026-03-02T09:00:00+00:00"
    assert second.updated == "2026-03-05T10:30:00+00:00"
    assert [author.name for author in second.authors] == ["Ada Byline", "Bo O'Neil & Co"]
    assert second.authors[1].href == SUBPATH_URL + "authors/bo/"
    assert second.summary == "About second."
    assert second.content[0].type == "text/html"
    assert_absolute_content(second.content[0].value)
    third = parse_feed(newsroom, "atom.xml").entries[2]
    hero = BeautifulSoup(third.content[0].value, "html.parser").find("img")
    assert hero["src"] == SUBPATH_URL + "images/placeholder-hero.svg"
    assert hero["alt"] == 'A hero & "friends"'


def assert_absolute_content(html: str) -> None:
    content = BeautifulSoup(html, "html.parser")
    links = [a["href"] for a in content.find_all("a")] + [i["src"] for i in content.find_all("img")]
    assert SUBPATH_URL + "about/" in links
    assert SUBPATH_URL + "images/placeholder-figure.svg" in links
    assert "https://example.org/x" in links
    assert all(link.startswith(("https://", "http://")) for link in links), links


def test_every_page_head_names_the_feeds(newsroom: Path):
    for path in [*built_pages(newsroom), newsroom / "404.html"]:
        head = parse_html(path).head
        feeds = {link["href"]: link["type"] for link in head.find_all("link", rel="alternate")}
        assert feeds.get("/newsroom/feed.xml") == "application/rss+xml", path
        assert feeds.get("/newsroom/atom.xml") == "application/atom+xml", path
        for href in feeds:
            assert page_file(newsroom, SUBPATH_URL, href).is_file(), href
    author = parse_html(newsroom / "authors/bo/index.html").head
    assert author.find("link", href="/newsroom/authors/bo/atom.xml", rel="alternate")
    tag = parse_html(newsroom / "tags/batteries/index.html").head
    assert tag.find("link", href="/newsroom/tags/batteries/atom.xml", rel="alternate")


def test_feeds_hold_the_newest_20_by_default(site: SiteFolder):
    for day in range(1, 23):
        site.article(f"story-{day}", date=f"2026-03-{day:02d}", title=f"Story {day}")
    out = site.build()
    for name in ("feed.xml", "atom.xml", "authors/ada/atom.xml"):
        titles = entry_titles(parse_feed(out, name))
        assert titles == [f"Story {day}" for day in range(22, 2, -1)], name


# Front-matter and site.yml text: what an editor types, hostile or ordinary.
TYPED = ["Cheap <img src=x onerror=alert(1)> batteries", "Profits < costs & more",
         "He said \"yes\" & 'no'", "Fish &amp; chips, typed as an entity",
         "A <b>bold</b> &copy; claim"]


@pytest.mark.parametrize("text", TYPED)
def test_feeds_show_text_as_typed(site: SiteFolder, text: str):
    site.config(title=text, description=text, base_url="https://news.example.org/",
                timezone="UTC")
    site.author("ada", name=text, bio="Bio.")
    site.article("story", title=text, description=text, tags=[text])
    out = site.build("--no-search")
    tag_feed = f"tags/{slugify(text)}/atom.xml"
    for name in ("feed.xml", "atom.xml", "authors/ada/atom.xml", tag_feed):
        feed = parse_feed(out, name)
        entry = feed.entries[0]
        assert shown(entry.title_detail) == text, name
        assert shown(entry.summary_detail) == text, name
        assert entry.author == text, name
        assert [tag.get("label") or tag.term for tag in entry.tags] == [text], name
        feed_title = {"authors/ada/atom.xml": f"{text} | {text}",
                      tag_feed: f"Tagged: {text} | {text}"}
        assert shown(feed.feed.title_detail) == feed_title.get(name, text), name
        assert shown(feed.feed.subtitle_detail) == text, name


XML_TEXT = st.lists(st.characters(blacklist_categories=("Cs", "Cc"),
                                  blacklist_characters="\ufffe\uffff")
                    | st.sampled_from(["&", "<", ">", '"', "'", "\t", "\n", "]]>", "&amp;"]),
                    max_size=12).map("".join)


@settings(max_examples=150, deadline=None)
@given(title=XML_TEXT, description=XML_TEXT, name=XML_TEXT, tag=XML_TEXT, body=XML_TEXT,
       language=XML_TEXT)
def test_the_feed_writer_keeps_any_text_as_it_is(title, description, name, tag, body,
                                                 language):
    """Feeds are written as text, entry by entry: every field reads back unchanged from a
    real XML parser (RSS's title and description escaped once more as HTML)."""
    entry = Entry("https://n.example/a/", title, dt.datetime(2026, 1, 2, tzinfo=dt.timezone.utc),
                  dt.datetime(2026, 1, 3, tzinfo=dt.timezone.utc), ((name, "https://n.example/p/"),),
                  (("slug", tag),), description, body)
    config = SimpleNamespace(description=description, language=language, publisher_name=name)
    feed = Feed(title, "atom.xml", "", "application/atom+xml")
    atom = ET.fromstring(atom_document(config, feed, "https://n.example/atom.xml",
                                       "https://n.example/", entry.updated,
                                       [atom_entry(entry)]).encode())
    assert atom.get("{http://www.w3.org/XML/1998/namespace}lang") == language
    item = atom.find(f"{ATOM}entry")
    assert (item.findtext(f"{ATOM}title") or "") == title
    assert (item.findtext(f"{ATOM}summary") or "") == description
    assert (item.findtext(f"{ATOM}content") or "") == body
    assert (item.findtext(f"{ATOM}author/{ATOM}name") or "") == name
    assert item.find(f"{ATOM}category").get("label") == tag
    rss = ET.fromstring(rss_document(config, feed, "https://n.example/feed.xml",
                                     "https://n.example/", entry.updated,
                                     [rss_item(entry)]).encode())
    item = rss.find("channel/item")
    assert html.unescape(item.findtext("title") or "") == title
    assert html.unescape(item.findtext("description") or "") == description
    assert (item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded") or "") == body
    assert (item.findtext("{http://purl.org/dc/elements/1.1/}creator") or "") == name
