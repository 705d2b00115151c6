"""The one place that makes URLs, so the site works at a domain root and under a subpath."""

from __future__ import annotations

import re
from urllib.parse import urlsplit


def is_external(link: str) -> bool:
    """A link that leaves the site or is not a path: other hosts, mailto:, #fragments."""
    if _PLAIN_PATH.fullmatch(link) and not link.startswith("//"):
        return link.startswith("#")     # no scheme and no host, as urlsplit would find
    parts = urlsplit(link)
    return bool(parts.scheme or parts.netloc) or link.startswith("#")


class Urls:
    def __init__(self, base_url: str):
        self.base_url = base_url
        self.base_path = urlsplit(base_url).path

    def url(self, path: str = "") -> str:
        """Root-relative URL with the base path: "articles/x/" -> "/newsroom/articles/x/"."""
        if is_external(path):
            return path
        return self.base_path + path.lstrip("/")

    def absolute_url(self, path: str = "") -> str:
        """Full URL for canonical links, Open Graph, feeds and sitemaps."""
        if is_external(path):
            return path
        return self.base_url + path.lstrip("/")

    def absolute_links(self, html: str) -> str:
        """Make the site's root-relative href/src in rendered HTML absolute, for feeds."""
        origin = self.base_url[:len(self.base_url) - len(self.base_path)]
        return _ROOT_RELATIVE.sub(lambda m: f"{m[1]}{m[2]}{origin}/", html)


# Without a colon there is no scheme; urlsplit also strips spaces and control characters,
# which could turn "/ /host" into "//host": such links take the slow, exact way.
_PLAIN_PATH = re.compile(r"[^:\x00-\x20]*")

# An href or src attribute whose value starts with one "/" (not "//host").
_ROOT_RELATIVE = re.compile(r"""(\s(?:href|src)=)(["'])/(?!/)""", re.IGNORECASE)
