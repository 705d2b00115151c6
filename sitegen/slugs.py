"""Slugs: the one way names become URL path segments."""

import re
import unicodedata

_NOT_WORD = re.compile(r"[^\w\s-]")
_SEPARATORS = re.compile(r"[\s_-]+")


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens: "EV Reaches 100,000" -> "ev-reaches-100000"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = _NOT_WORD.sub("", ascii_text).strip().lower()
    return _SEPARATORS.sub("-", words).strip("-")
