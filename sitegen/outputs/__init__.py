"""Files made from the whole Site besides its pages: feeds, sitemaps, robots.txt, .nojekyll.

Each output is a pure function of the Site. `site_outputs` gives each file with its inputs,
so a build keeps a published feed or sitemap whose inputs did not change without making it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from sitegen.outputs import feeds, publishing, sitemaps
from sitegen.outputs.sitefile import SiteFile
from sitegen.render.views import Story
from sitegen.site.model import Article, Site


def site_outputs(site: Site, story: Callable[[Article], Story],
                 entries: feeds.FeedEntries) -> Iterator[SiteFile]:
    """`story`: an article as templates see it, which is what feeds show too; `entries`:
    the feeds' entries made already (kept by the preview between its builds)."""
    yield from feeds.feeds(site, story, entries)
    yield from sitemaps.sitemaps(site)
    for path, text in publishing.publishing_files(site):
        yield SiteFile(path, None, lambda text=text: text)

