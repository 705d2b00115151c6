"""Slugs: the one way names become URL path segments."""

import re
import unicodedata
from functools import lru_cache

_NOT_WORD = re.compile(r"[^\w\s-]")
_SEPARATORS = re.compile(r"[\s_-]+")
MAX_LENGTH = 80     # a path segment well under every file system's 255-byte name limit


@lru_cache(maxsize=4096)     # tag names repeat across thousands of articles
def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens: "EV Reaches 100,000" -> "ev-reaches-100000"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = _NOT_WORD.sub("", ascii_text).strip().lower()
    slug = _SEPARATORS.sub("-", words).strip("-")
    if len(slug) > MAX_LENGTH:
        cut = slug[:MAX_LENGTH + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else slug[:MAX_LENGTH]
    return slug.strip("-")
