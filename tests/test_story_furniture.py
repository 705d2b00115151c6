"""A story's furniture: the kicker (section and label) above the headline, label badges on
every card, the label's schema.org type, and the tags at the story's foot."""

from __future__ import annotations

import json
from xml.etree import ElementTree

import pytest

from conftest import SiteFolder, parse_html

ATOM = "{http://www.w3.org/2005/Atom}"
LABELS = {"news": "NewsArticle", "analysis": "AnalysisNewsArticle",
          "opinion": "OpinionNewsArticle", "review": "ReviewNewsArticle",
          "explainer": "BackgroundNewsArticle", "sponsored": "AdvertiserContentArticle"}


def json_ld_types(page) -> list[str]:
    """The @type of every item in the page's JSON-LD blocks (a block may hold a list)."""
    types = []
    for script in page.find_all("script", type="application/ld+json"):
        data = json.loads(script.string)
        types += [item["@type"] for item in (data if isinstance(data, list) else [data])]
    return types


@pytest.mark.parametrize("label, schema_type", LABELS.items())
def test_each_label_has_its_badge_and_schema_type(site: SiteFolder, label: str,
                                                  schema_type: str):
    site.article("story", label=label, section="Energy")
    page = parse_html(site.build("--no-search") / "articles/story/index.html")
    kicker = page.find("header", class_="article-header").find(class_="kicker")
    assert kicker.find("a")["href"] == "/sections/energy/"
    assert kicker.find("a").get_text() == "Energy"
    badge = kicker.find(class_="label")
    if label == "news":
        assert badge is None                # the default needs no badge
    else:
        assert badge.get_text() == label.capitalize()
    assert schema_type in json_ld_types(page)


def test_a_story_without_section_or_label_has_no_kicker(site: SiteFolder):
    site.article("plain")
    page = parse_html(site.build("--no-search") / "articles/plain/index.html")
    assert page.find(class_="kicker") is None
    assert "NewsArticle" in json_ld_types(page)


def test_opinion_and_sponsored_are_marked_on_every_list(site: SiteFolder):
    site.article("view", title="A View", label="opinion", tags=["Grid"])
    site.article("paid", title="Paid Words", label="sponsored", tags=["Grid"])
    site.article("report", title="A Report", tags=["Grid"])
    output = site.build("--no-search")
    for listing in ("index.html", "tags/grid/index.html", "authors/ada/index.html"):
        cards = {card.find(class_="card-title").get_text(strip=True): card
                 for card in parse_html(output / listing).find_all("article", class_="card")}
        assert cards["A View"].find(class_="label").get_text() == "Opinion", listing
        assert cards["Paid Words"].find(class_="label").get_text() == "Sponsored", listing
        assert cards["A Report"].find(class_="label") is None, listing


def test_the_tags_are_links_at_the_foot_of_the_story(site: SiteFolder):
    site.article("story", "The body.", tags=["Electric Cars", "Grid"])
    page = parse_html(site.build("--no-search") / "articles/story/index.html")
    links = page.find("nav", class_="article-tags").find_all("a")
    assert [(link.get_text(), link["href"]) for link in links] == [
        ("Electric Cars", "/tags/electric-cars/"), ("Grid", "/tags/grid/")]
    body = page.find(class_="article-body")
    assert body.find_next("nav", class_="article-tags") is not None    # after the body


def test_an_unknown_label_is_one_error_naming_the_file_line_and_field(site: SiteFolder):
    site.write("content/articles/story.md", "---\ntitle: Story\ndate: 2026-01-01\n"
               "author: ada\ndescription: About it.\nlabel: gossip\n---\n\nBody.\n")
    assert site.build_fails() == (
        "error: content/articles/story.md:6: field 'label': 'gossip' is not a label; use one "
        "of news, analysis, opinion, review, explainer, sponsored")


def test_an_updated_story_says_when_and_feeds_do_not_announce_it_again(site: SiteFolder):
    site.article("story", date="2026-05-14T09:30:00+00:00", updated="2026-05-15T10:30:00+00:00")
    site.article("fresh", date="2026-05-14T08:00:00+00:00")
    output = site.build("--no-search")
    byline = parse_html(output / "articles/story/index.html").find(class_="byline")
    published, updated = byline.find_all("time")
    assert (published["datetime"], published.get_text()) == ("2026-05-14T09:30:00+00:00",
                                                             "14 May 2026")
    assert updated["datetime"] == "2026-05-15T10:30:00+00:00"
    assert updated.parent.get_text(" ", strip=True) == "Updated 15 May 2026, 10:30"
    fresh = parse_html(output / "articles/fresh/index.html").find(class_="byline")
    assert len(fresh.find_all("time")) == 1 and fresh.find(class_="updated") is None

    rss = ElementTree.parse(output / "feed.xml").getroot()
    item = next(item for item in rss.iter("item") if item.findtext("link").endswith("/story/"))
    assert item.findtext("pubDate") == "Thu, 14 May 2026 09:30:00 +0000"   # not re-announced
    atom = ElementTree.parse(output / "atom.xml").getroot()
    entry = next(entry for entry in atom.iter(f"{ATOM}entry")
                 if entry.find(f"{ATOM}link").get("href").endswith("/story/"))
    assert entry.findtext(f"{ATOM}published") == "2026-05-14T09:30:00+00:00"
    assert entry.findtext(f"{ATOM}updated") == "2026-05-15T10:30:00+00:00"     # it moves


def test_the_dateline_opens_the_first_paragraph_and_is_in_json_ld(site: SiteFolder):
    site.article("story", "## Background\n\nThe fjord froze early.\n\nMore.", dateline="OSLO")
    site.article("hostile", "Text.", dateline="<b>BERGEN</b>")
    output = site.build("--no-search")
    page = parse_html(output / "articles/story/index.html")
    first = page.find(class_="article-body").find("p")
    assert first.find(class_="dateline").get_text() == "OSLO"
    assert first.get_text() == "OSLO \u2014 The fjord froze early."
    news = next(item for script in page.find_all("script", type="application/ld+json")
                for item in ([json.loads(script.string)] if isinstance(
                    json.loads(script.string), dict) else json.loads(script.string))
                if item["@type"] == "NewsArticle")
    assert news["dateline"] == "OSLO"
    hostile = parse_html(output / "articles/hostile/index.html").find(class_="article-body")
    assert hostile.find("b") is None
    assert hostile.find(class_="dateline").get_text() == "<b>BERGEN</b>"     # as text
