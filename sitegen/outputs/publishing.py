"""robots.txt naming the sitemaps, and .nojekyll so GitHub Pages serves the files as they are."""

from __future__ import annotations

from sitegen.outputs.sitemaps import NEWS_SITEMAP, SITEMAP
from sitegen.site.model import Site
from sitegen.site.urls import Urls


def publishing_files(site: Site) -> list[tuple[str, str]]:
    urls = Urls(site.config.base_url)
    robots = ("User-agent: *\nAllow: /\n\n"
              f"Sitemap: {urls.absolute_url(SITEMAP)}\n"
              f"Sitemap: {urls.absolute_url(NEWS_SITEMAP)}\n")
    return [("robots.txt", robots), (".nojekyll", "")]
