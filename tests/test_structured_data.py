"""Page heads: title, description, canonical, Open Graph, Twitter and JSON-LD per page type,
read back with a real structured-data extractor."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import extruct

from conftest import HOSTILE, SUBPATH_URL, SiteFolder, built_pages, parse_html

ARTICLE = "articles/third/index.html"


def json_ld(path: Path) -> dict[str, dict]:
    """The page's JSON-LD items by @type, as a search engine extracts them."""
    html = path.read_text(encoding="utf-8")
    items = extruct.extract(html, base_url=SUBPATH_URL, syntaxes=["json-ld"])["json-ld"]
    by_type = {item["@type"]: item for item in items}
    assert len(by_type) == len(items), "one item per type"
    return by_type


def properties(path: Path) -> dict[str, list[str]]:
    """Open Graph and Twitter meta tags: name -> every content given."""
    found: dict[str, list[str]] = {}
    for meta in parse_html(path).head.find_all("meta"):
        key = meta.get("property") or meta.get("name")
        if key and key.startswith(("og:", "article:", "twitter:")):
            found.setdefault(key, []).append(meta["content"])
    return found


def breadcrumbs(items: dict) -> list[tuple[str, str]]:
    trail = items["BreadcrumbList"]["itemListElement"]
    assert [crumb["position"] for crumb in trail] == list(range(1, len(trail) + 1))
    return [(crumb["name"], crumb["item"]) for crumb in trail]


def test_news_article(newsroom: Path):
    items = json_ld(newsroom / ARTICLE)
    assert set(items) == {"NewsArticle", "BreadcrumbList", "FAQPage"}
    article = items["NewsArticle"]
    url = SUBPATH_URL + "articles/third/"
    assert article["headline"] == "Third"
    assert article["description"] == "About third."
    # An SVG hero is no picture search engines show: the story's drawn card instead
    assert article["image"] == [SUBPATH_URL + "articles/third/social.png"]
    assert dt.datetime.fromisoformat(article["datePublished"]) == \
        dt.datetime(2026, 3, 3, 9, tzinfo=dt.timezone.utc)
    for field in ("datePublished", "dateModified"):
        assert dt.datetime.fromisoformat(article[field]).tzinfo is not None
    assert article["author"] == [{"@type": "Person", "name": "Ada Byline", "jobTitle": "Reporter",
                                  "url": SUBPATH_URL + "authors/ada/"}]
    assert article["publisher"]["@type"] == "NewsMediaOrganization"
    assert article["publisher"]["name"] == "Fixture Media Ltd"
    assert article["publisher"]["logo"]["url"] == SUBPATH_URL + "images/placeholder-figure.svg"
    assert article["mainEntityOfPage"]["@id"] == url
    assert article["articleSection"] == "Motoring"
    assert breadcrumbs(items) == [("Fixture News", SUBPATH_URL),
                                  ("Motoring", SUBPATH_URL + "sections/motoring/"),
                                  ("Third", url)]
    questions = items["FAQPage"]["mainEntity"]
    assert [q["name"] for q in questions] == ["Is it <safe>?", "Why?"]
    assert questions[0]["acceptedAnswer"]["text"] == "<p>Yes &amp; <em>no</em>.</p>"

    second = json_ld(newsroom / "articles/second/index.html")["NewsArticle"]
    assert second["dateModified"] == "2026-03-05T10:30:00+00:00"
    assert [person["url"] for person in second["author"]] == [SUBPATH_URL + "authors/ada/",
                                                             SUBPATH_URL + "authors/bo/"]
    assert second["keywords"] == ["Batteries", "Electric Cars"]


def test_article_open_graph_and_twitter(newsroom: Path):
    head = parse_html(newsroom / ARTICLE).head
    url = SUBPATH_URL + "articles/third/"
    assert head.title.get_text() == "Third | Fixture News"
    assert head.find("meta", attrs={"name": "description"})["content"] == "About third."
    assert head.find("link", rel="canonical")["href"] == url
    assert parse_html(newsroom / ARTICLE).html["lang"] == "en"
    found = properties(newsroom / ARTICLE)
    assert found["og:type"] == ["article"]
    assert found["og:title"] == ["Third"]
    assert found["og:url"] == [url]
    assert found["og:site_name"] == ["Fixture News"]
    assert found["og:image"] == [SUBPATH_URL + "articles/third/social.png"]     # drawn
    assert found["og:image:alt"] == ["Third"]
    assert (found["og:image:width"], found["og:image:height"]) == (["1200"], ["630"])
    assert found["article:published_time"] == ["2026-03-03T09:00:00+00:00"]
    assert found["article:modified_time"] == ["2026-03-03T09:00:00+00:00"]
    assert found["article:author"] == [SUBPATH_URL + "authors/ada/"]
    assert found["article:section"] == ["Motoring"]
    assert found["twitter:card"] == ["summary_large_image"]
    assert found["twitter:image"] == found["og:image"]

    second = properties(newsroom / "articles/second/index.html")
    assert second["article:tag"] == ["Batteries", "Electric Cars"]
    assert second["article:modified_time"] == ["2026-03-05T10:30:00+00:00"]
    assert second["twitter:card"] == ["summary_large_image"]       # every story has a card
    assert second["og:image"] == [SUBPATH_URL + "articles/second/social.png"]


def test_faq_structured_data_can_be_switched_off(site: SiteFolder):
    site.config(title="T", description="D", base_url="https://news.example.org/",
                faq_structured_data=False)
    site.article("asked", faq=[{"question": "Q?", "answer": "A."}])
    out = site.build()
    assert set(json_ld(out / "articles/asked/index.html")) == {"NewsArticle", "BreadcrumbList"}
    assert parse_html(out / "articles/asked/index.html").select(".faq-entry summary")   # still shown


def test_author_page_is_a_profile(newsroom: Path):
    page = newsroom / "authors/bo/index.html"
    items = json_ld(page)
    assert set(items) == {"ProfilePage", "BreadcrumbList"}
    person = items["ProfilePage"]["mainEntity"]
    assert person["@type"] == "Person"
    assert person["name"] == "Bo O'Neil & Co"
    assert person["url"] == SUBPATH_URL + "authors/bo/"
    assert person["image"] == SUBPATH_URL + "images/placeholder-figure.svg"
    assert person["sameAs"] == ["https://bo.example.org/"]
    assert breadcrumbs(items) == [("Fixture News", SUBPATH_URL),
                                  ("Authors", SUBPATH_URL + "authors/"),
                                  ("Bo O'Neil & Co", SUBPATH_URL + "authors/bo/")]
    found = properties(page)
    assert found["og:type"] == ["profile"]
    assert found["og:image"] == [SUBPATH_URL + "authors/bo/social.png"]
    assert found["og:image:alt"] == ["Bo O'Neil & Co"]
    assert parse_html(page).head.title.get_text() == "Bo O'Neil & Co | Fixture News"


def test_tag_page_breadcrumbs_and_home_website(newsroom: Path):
    items = json_ld(newsroom / "tags/batteries/index.html")
    assert breadcrumbs(items) == [("Fixture News", SUBPATH_URL), ("Tags", SUBPATH_URL + "tags/"),
                                  ("Batteries", SUBPATH_URL + "tags/batteries/")]
    assert properties(newsroom / "tags/batteries/index.html")["og:type"] == ["website"]

    home = json_ld(newsroom / "index.html")
    assert set(home) == {"WebSite"}
    assert home["WebSite"]["name"] == "Fixture News"
    assert home["WebSite"]["url"] == SUBPATH_URL
    assert properties(newsroom / "index.html")["og:type"] == ["website"]
    assert parse_html(newsroom / "index.html").head.title.get_text() == "Fixture News"
    assert parse_html(newsroom / "page/2/index.html").head.title.get_text() == \
        "Fixture News: page 2"


def test_every_page_has_one_head_with_the_basics(newsroom: Path):
    for path in built_pages(newsroom):
        page = parse_html(path)
        assert page.html["lang"] == "en"
        assert len(page.find_all("title")) == 1
        assert len(page.find_all("meta", attrs={"name": "description"})) == 1
        canonical = page.find_all("link", rel="canonical")
        assert len(canonical) == 1 and canonical[0]["href"].startswith(SUBPATH_URL), path
        assert properties(path)["og:url"] == [canonical[0]["href"]]
        assert len(page.find_all("script", type="application/ld+json")) <= 1
    not_found = parse_html(newsroom / "404.html")
    assert not not_found.find("link", rel="canonical")
    assert not_found.find("meta", attrs={"name": "robots"})["content"] == "noindex"


def test_hostile_title_and_tag_stay_data(newsroom: Path):
    path = newsroom / "articles/hostile/index.html"
    page = parse_html(path)
    scripts = page.find_all("script", src=False)
    assert [script["type"] for script in scripts] == ["application/ld+json"]
    raw = scripts[0].string
    assert "</" not in raw and "<script" not in raw
    items = {item["@type"]: item for item in json.loads(raw)}
    assert items["NewsArticle"]["headline"] == HOSTILE
    assert items["NewsArticle"]["keywords"] == ["Batteries", HOSTILE]
    assert items["NewsArticle"]["description"] == 'She said "yes" & <b>left</b>'
    assert json_ld(path)["NewsArticle"]["headline"] == HOSTILE
    assert page.head.title.get_text() == f"{HOSTILE} | Fixture News"
    found = properties(path)
    assert found["og:title"] == [HOSTILE]
    assert found["twitter:title"] == [HOSTILE]
    assert found["og:description"] == ['She said "yes" & <b>left</b>']
    assert sorted(found["article:tag"]) == sorted(["Batteries", HOSTILE])
    assert not page.find("b")       # the description's markup never became an element
