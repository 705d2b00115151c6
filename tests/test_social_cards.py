"""Social cards: every story, author, section and the home page has a 1200x630 og:image that
exists, decodes and is named in the page's head; cards are made once and kept."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from PIL import Image

from conftest import SiteFolder, parse_html
from photo_tools import has_gps, make_photo
from sitegen.pipeline import build


@pytest.fixture
def card_site(site: SiteFolder) -> SiteFolder:
    make_photo(site.root / "static/images/quay.jpg", gps=True)
    site.article("with-photo", image={"src": "images/quay.jpg", "alt": "Cranes on the quay"},
                 section="Energy", label="analysis")
    site.article("without-photo", title="A story told in words alone")
    site.article("photo-later", image={"src": "photo-to-come", "alt": "The new terminal"})
    return site


def _card(output, page: str, base_path: str = "/") -> tuple:
    head = parse_html(output / page)
    meta = {tag.get("property") or tag.get("name"): tag["content"]
            for tag in head.find_all("meta") if tag.get("content") is not None}
    path = output / urlsplit(meta["og:image"]).path.removeprefix(base_path)
    assert meta["twitter:image"] == meta["og:image"]
    assert meta["twitter:card"] == "summary_large_image"
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    with Image.open(path) as image:
        image.load()
        return meta, path, image.format, image.size


def test_a_story_with_a_photo_shares_it_cropped_and_without_metadata(card_site):
    output = card_site.build()
    meta, path, format, size = _card(output, "articles/with-photo/index.html")
    assert meta["og:image"] == "https://news.example.org/articles/with-photo/social.jpg"
    assert (format, size) == ("JPEG", (1200, 630))
    assert meta["og:image:alt"] == "Cranes on the quay"
    assert not has_gps(path)


@pytest.mark.parametrize("page, card, alt", [
    ("articles/without-photo/index.html", "articles/without-photo/social.png",
     "A story told in words alone"),
    ("articles/photo-later/index.html", "articles/photo-later/social.png", "Photo Later"),
    ("authors/ada/index.html", "authors/ada/social.png", "Ada Byline"),
    ("sections/energy/index.html", "sections/energy/social.png", "Energy"),
    ("index.html", "social.png", "Fixture News"),
    ("tags/index.html", "social.png", "Fixture News"),     # no card of its own: the home's
])
def test_other_pages_have_drawn_cards(card_site, page, card, alt):
    output = card_site.build()
    meta, path, format, size = _card(output, page)
    assert meta["og:image"] == f"https://news.example.org/{card}"
    assert (format, size) == ("PNG", (1200, 630))
    assert meta["og:image:alt"] == alt


def test_cards_under_a_subpath(card_site):
    output = card_site.build("--base-url", "https://example.github.io/newsroom/")
    meta, path, *_ = _card(output, "articles/without-photo/index.html", "/newsroom/")
    assert meta["og:image"] == "https://example.github.io/newsroom/articles/without-photo/social.png"
    assert path.is_file()


def test_cards_are_drawn_once_and_follow_their_story(card_site):
    output = card_site.root / "_site"
    first = build(card_site.root, output)
    assert first.drawn == 6     # the home page, 3 stories, the author, the section
    assert build(card_site.root, output).drawn == 0
    card_site.article("without-photo", title="A new headline")
    again = build(card_site.root, output)
    assert again.drawn == 1
    drawn = (output / "articles/without-photo/social.png").read_bytes()
    clean = build(card_site.root, card_site.root / "_clean", use_cache=False)
    assert clean.drawn == first.drawn
    assert (card_site.root / "_clean/articles/without-photo/social.png").read_bytes() == drawn
