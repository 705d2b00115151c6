"""The social cards stage: one 1200x630 image per story, author, section and the home page.

A story with a photo shares that photo, cropped to 1.91:1; every other card is drawn: the
headline, its kicker and the site's name in the site's typeface. Each card is kept in the
file store by a digest of what it shows (and the fonts and drawing code), so a build draws
only new cards, on every core when there are many.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import PIL

from sitegen.cards import draw, text
from sitegen.cards.draw import DEFAULT_COLOURS, card_fonts, photo_card, text_card
from sitegen.cards.paths import HOME_CARD, card_path
from sitegen.errors import SiteError
from sitegen.outputs.sitefile import SiteFile
from sitegen.parallel import map_chunks
from sitegen.publish.file_store import FileStore, code_digest
from sitegen.site.model import Article, Site


@dataclass(frozen=True)
class Card:
    path: str                       # e.g. "articles/x/social.png"
    headline: str
    kicker: str | None
    photo: Path | None = None       # a story's hero photo: the card is that photo, cropped


def site_cards(site: Site, static_dir: Path) -> list[Card]:
    title = site.config.title
    cards = [Card(HOME_CARD, site.config.description, None)]
    for article in site.articles:
        image = article.image
        photo = static_dir / image.src if image and image.photo else None
        cards.append(Card(card_path(article.path, photo is not None), article.title,
                          kicker_text(article), photo))
    cards += [Card(card_path(author.path), author.name, author.role or "Author")
              for author in site.authors]
    cards += [Card(card_path(section.path), section.name, f"Section · {title}")
              for section in site.sections]
    return cards


def kicker_text(article: Article) -> str | None:
    """The story's section and label, as its kicker shows them: "Motoring · Analysis"."""
    parts = [article.section.name] if article.section else []
    if article.label != "news":
        parts.append(article.label.capitalize())
    return " · ".join(parts) or None


def card_files(site: Site, static_dir: Path, store: FileStore) -> tuple[list[SiteFile], int]:
    """The site files of every card, and how many were drawn (the others were stored)."""
    fonts = card_fonts(static_dir)
    salt = hashlib.blake2b(f"{code_digest(draw, text)} {PIL.__version__} {text.SHAPING}".encode(),
                           digest_size=20)
    for font in (*fonts.headline, *fonts.text, fonts.thai, fonts.arabic):
        salt.update(store.file_digest(font).encode())
    salt.update(repr(DEFAULT_COLOURS).encode())
    title = site.config.title
    keyed = [(card, _key(card, title, salt.copy(), store)) for card in site_cards(site, static_dir)]
    missing = list({key: (card, key) for card, key in keyed if not store.has(key)}.values())

    def make(chunk: list) -> None:
        for card, key in chunk:
            store.put(key, {"card": _drawn(card, title, fonts, static_dir)})

    for _ in map_chunks(make, missing, chunk=16, min_items=48):
        pass
    files = [SiteFile(card.path, ("card", key), lambda key=key: store.read(key, "card"))
             for card, key in keyed]
    return files, len(missing)


def _drawn(card: Card, title: str, fonts, static_dir: Path) -> bytes:
    if card.photo is None:
        return text_card(card.headline, card.kicker, title, fonts, DEFAULT_COLOURS)
    try:
        return photo_card(card.photo)
    except (OSError, SyntaxError, ValueError) as problem:     # changed since it was checked
        raise SiteError(f"cannot make the social card of this photo: {problem}",
                        f"static/{card.photo.relative_to(static_dir).as_posix()}") from None


def _key(card: Card, site_title: str, digest, store: FileStore) -> str:
    if card.photo:
        digest.update(b"photo\0" + store.file_digest(card.photo).encode())
    else:
        digest.update(repr(("text", card.headline, card.kicker, site_title)).encode())
    return digest.hexdigest()
