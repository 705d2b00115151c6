"""Files made from the whole Site besides its pages: feeds, sitemaps, robots.txt, .nojekyll.

Each output is a pure function of the Site returning (path, content) pairs, so a build can
cache or compare them.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Site
from . import feeds, publishing, sitemaps

OUTPUTS = (feeds.feeds, sitemaps.sitemaps, publishing.publishing_files)


def site_files(site: Site) -> Iterator[tuple[str, str]]:
    for output in OUTPUTS:
        yield from output(site)
