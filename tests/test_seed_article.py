"""The seed article is published faithfully: every sentence of the source, in order."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path


from conftest import PROJECT, parse_html

SEED = PROJECT / "seeds" / "000_d481fbfead04f324.txt"
ARTICLE = "articles/mg4-semi-solid-state-battery-ev-reaches-100000/index.html"
# The seed's only broken characters: UTF-8 read as Windows-874. Everything else is verbatim.
MOJIBAKE = {"ยท": "·", "๐Ÿ’ฌ": "💬"}
AUTHOR_BOX = ["Sebastian Wolf", "Written by", "Motoring Correspondent"]
TEXT_ELEMENTS = ["h1", "h2", "h3", "summary", "p", "li", "figcaption", "img"]


def seed_lines() -> list[str]:
    text = SEED.read_text(encoding="utf-8")
    for broken, fixed in MOJIBAKE.items():
        text = text.replace(broken, fixed)
    return [line.strip().lstrip("•").strip() for line in text.splitlines() if line.strip()]


def normalise(text: str) -> str:
    return re.sub(r"\s*·\s*", " · ", " ".join(text.split()))


def is_picture(element) -> bool:
    """An image, or a picture with no photo yet (`photo-to-come`): a box with role="img"
    whose aria-label is its alt text (perhaps after "Photo to come: ")."""
    return element.name == "img" or element.get("role") == "img"


def picture_alt(element) -> str:
    if element.name == "img":
        return element.get("alt", "")
    label = element.get("aria-label", "")
    return re.sub(r"^photo to come:\s*", "", label, flags=re.IGNORECASE)


def text_units(container) -> list[str]:
    """Visible text blocks and pictures' alt texts in document order."""
    units = []
    for element in container.find_all(lambda tag: tag.name in TEXT_ELEMENTS or is_picture(tag)):
        if element.find_parent(is_picture):
            continue        # the box's own text: its alt text and "Photo to come"
        if is_picture(element):
            units.append(picture_alt(element))
        elif not element.find(["p", "li", "h2", "h3"]):
            units.append(normalise(element.get_text(" ")))
    return units


def find_in_order(units: list[str], wanted: str, start: int) -> int:
    for index in range(start, len(units)):
        if units[index] == wanted:
            return index
    raise AssertionError(f"not found in order after unit {start}: {wanted!r}")


def test_every_line_of_the_seed_appears_in_order(project_build: Path):
    page = parse_html(project_build / ARTICLE)
    article = page.find("article")
    units = text_units(article)
    position = 0
    for line in seed_lines():
        wanted = normalise(line)
        if line in AUTHOR_BOX:
            continue        # checked as a block below: the box shows its label first
        label, _, rest = wanted.partition(": ")
        if label == "Market Context":
            position = find_in_order(units, label, position)
            position = find_in_order(units, rest, position)
            continue
        position = find_in_order(units, wanted, position)
    box = article.find("aside", class_="author-box")
    assert [normalise(p.get_text()) for p in box.find_all("p")][:3] == [
        "Written by", "Sebastian Wolf", "Motoring Correspondent"]


def test_article_page_structure(project_build: Path):
    page = parse_html(project_build / ARTICLE)
    assert [h1.get_text() for h1 in page.find_all("h1")] == [
        "MG4 Semi-Solid-State Battery EV Reaches 100,000"]

    byline = page.find(class_="byline")
    assert normalise(byline.get_text(" ")) == "14 May 2026 · 6 min read · By Sebastian Wolf"
    time = byline.find("time")
    assert time["datetime"].startswith("2026-05-14T00:00:00")
    author_link = byline.find("a", rel="author")
    target = author_link["href"].removeprefix("/newsroom/")
    assert (project_build / target / "index.html").is_file()
    assert parse_html(project_build / target / "index.html").h1.get_text() == "Sebastian Wolf"

    assert [h2.get_text() for h2 in page.select(".article-body h2")] == [
        "What the Milestone Actually Means",
        "How Semi-Solid-State Differs from Standard Lithium-Ion",
        "Challenges Overlooked in the Headlines",
        "Why the Market Should Pay Attention",
        "What Comes Next",
        "Final Takeaway",
    ]
    callout = page.select_one(".article-body .admonition")
    assert callout.select_one(".admonition-title").get_text() == "Market Context"
    assert callout.find_all("p")[1].get_text().startswith("According to Fortune Business Insights")

    assert len(page.select(".takeaways li")) == 5
    faq = page.find("section", class_="faq")
    assert faq.h2.get_text() == "Frequently Asked Questions"
    # Native disclosure widgets: every answer readable without JavaScript.
    entries = faq.find_all("details")
    questions = [entry.summary.get_text() for entry in entries]
    assert len(questions) == 5 and all(q.endswith("?") for q in questions)
    assert [len(entry.select(".faq-answer p")) for entry in entries] == [1] * 5

    # Both pictures are published with their alt texts: as images, or (with no photo yet) as
    # boxes that show the alt text and say the photo is to come.
    pictures = {picture_alt(element): element for area in page.select(".hero, .article-body")
                for element in area.find_all(is_picture)}
    assert set(pictures) == {"MG4 Semi-Solid-State Battery EV Reaches 100,000",
                             "Modern car interior with leather seats and dashboard."}
    for alt, element in pictures.items():
        if element.name == "img":
            assert (project_build / element["src"].removeprefix("/newsroom/")).is_file()
        else:
            shown = normalise(element.get_text(" "))
            assert alt in shown and "photo to come" in shown.lower()
            assert not element.find("img")


def test_comments_placeholder_works_without_javascript(project_build: Path):
    page = parse_html(project_build / ARTICLE)
    comments = page.find(id="comments")
    assert comments.name == "section"
    lines = [normalise(element.get_text()) for element in comments.find_all(["h2", "p"])]
    assert lines == ["💬 Comments (0)", "Sign in to leave a comment.",
                     "No comments yet. Be the first!"]
    scripts = [script.get("type") or script["src"].split("/")[-1].split(".")[0]
               for script in page.find_all("script")]
    # data for search engines, and "Copy link" (which loads nothing); nothing for comments
    assert scripts == ["application/ld+json", "share"]


def home_page_cards(site_dir: Path) -> list[tuple[str, str, str]]:
    """(title, link, datetime) of every card on the home page and its older pages, in order."""
    cards, page = [], site_dir / "index.html"
    while True:
        home = parse_html(page)
        # the first page leaves its list out when it would repeat the front page's stories
        listed = home.select(".story-list .card") or home.select(".front .card")
        cards += sorted([(card.select_one(".card-title a").get_text(),
                          card.select_one(".card-title a")["href"], card.find("time")["datetime"])
                         for card in listed],
                        key=lambda card: dt.datetime.fromisoformat(card[2]), reverse=True)
        older = home.find("a", rel="next")
        if older is None:
            return cards
        page = site_dir / older["href"].removeprefix("/newsroom/") / "index.html"


def test_seed_is_listed_on_the_home_page_newest_first(project_build: Path):
    # Editors publish more articles: the seed is found by its title, not by its position.
    cards = home_page_cards(project_build)
    seed = [card for card in cards if card[0] == "MG4 Semi-Solid-State Battery EV Reaches 100,000"]
    assert [link for _, link, _ in seed] == [
        "/newsroom/articles/mg4-semi-solid-state-battery-ev-reaches-100000/"]
    dates = [dt.datetime.fromisoformat(when) for _, _, when in cards]
    assert dates == sorted(dates, reverse=True)
    published = {path.parent.name for path in (project_build / "articles").glob("*/index.html")}
    assert sorted(link.split("/")[-2] for _, link, _ in cards) == sorted(published)
