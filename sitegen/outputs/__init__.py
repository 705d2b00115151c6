"""Files made from the whole Site besides its pages: feeds, sitemaps, robots.txt, .nojekyll.

Each output is a pure function of the Site returning (path, content) pairs, so a build can
cache or compare them. With the build cache, feeds and the sitemap whose inputs did not
change are taken from it.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..cache import BuildCache
from ..model import Site
from . import feeds, publishing, sitemaps


def site_files(site: Site, cache: BuildCache | None = None) -> Iterator[tuple[str, str]]:
    yield from feeds.feeds(site, cache)
    yield from sitemaps.sitemaps(site, cache)
    yield from publishing.publishing_files(site)
