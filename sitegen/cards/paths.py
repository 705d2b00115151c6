"""Where each page's social card is published: beside the page, so its URL says whose it is."""

from __future__ import annotations

CARD_SIZE = (1200, 630)    # Open Graph's large image, 1.91:1
HOME_CARD = "social.png"    # the home page's, and that of every page without its own


def card_path(page_path: str, photo: bool = False) -> str:
    """"articles/x/" -> "articles/x/social.png" (".jpg" when the card is a photo)."""
    return f"{page_path}social.{'jpg' if photo else 'png'}"
