"""The one value each kind of page receives: its declared context.

A page is a pure function of its template (with the templates it uses), the site-wide part
every page receives (the configuration, the navigation, the asset names) and this context.
Templates get nothing else, so a page whose three digests are unchanged is unchanged.
The README's "What templates receive" lists these.
"""

from __future__ import annotations

from collections.abc import Callable

from sitegen.render.views import Views, index_entries
from sitegen.site.model import SitePage


def _listing(name: str) -> Callable[[SitePage, Views], dict]:
    def context(page: SitePage, views: Views) -> dict:
        subject = {} if page.subject is None else {
            name: views.person(page.subject) if name == "author" else views.label(page.subject)}
        return {**subject, "listing": views.listing(page.listing)}
    return context


CONTEXTS: dict[str, Callable[[SitePage, Views], dict]] = {
    "index.html": _listing("home"),
    "article.html": lambda page, views: {"article": views.story(page.subject)},
    "author.html": _listing("author"),
    "tag.html": _listing("tag"),
    "section.html": _listing("section"),
    "authors.html": lambda page, views: {
        "authors": index_entries(page.subject, lambda author: author.role)},
    "tags.html": lambda page, views: {"tags": index_entries(page.subject)},
    "sections.html": lambda page, views: {"sections": index_entries(page.subject)},
    "page.html": lambda page, views: {"page": views.page(page.subject)},
    "search.html": lambda page, views: {},
    "404.html": lambda page, views: {},
}


def page_context(page: SitePage, views: Views) -> dict:
    return CONTEXTS[page.template](page, views)
