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
from sitegen.site.related import related_topic


def _listing(name: str) -> Callable[[SitePage, Views], dict]:
    def context(page: SitePage, views: Views) -> dict:
        group = page.subject
        if name == "author":
            subject = {"author": views.person(group), "credited": tuple(
                [(views.story(article), role) for article in group.credited
                 for author, role in article.credited if author is group]
                if page.listing.number == 1 else [])}
        else:
            subject = {name: views.label(group), "description": group.description,
                       "article_count": len(group.articles)}
        return {**subject, "listing": views.listing(page.listing)}
    return context


def _home(page: SitePage, views: Views) -> dict:
    """The first page opens with the front page's stories (front.py); every page lists."""
    front = page.subject        # a front.Front on the first page only
    return {"listing": views.listing(page.listing),
            "lead": front and front.lead and views.story(front.lead),
            "secondary": tuple(map(views.story, front.secondary)) if front else (),
            # the list is left out when it would only repeat the stories above it
            "list_repeats_front": bool(front) and {*map(id, page.listing.articles)} <= {
                id(front.lead), *map(id, front.secondary)},
            "section_blocks": tuple([(views.label(section), tuple(map(views.story, stories)))
                                     for section, stories in front.blocks]) if front else ()}


def _article(page: SitePage, views: Views) -> dict:
    topic = related_topic(page.subject)
    return {"article": views.story(page.subject),
            "related": tuple(map(views.card, page.subject.related)),
            "related_topic": views.label(topic) if topic is not None else None}


def _corrections(page: SitePage, views: Views) -> dict:
    """Every correction, the newest first, with its story."""
    entries = [(correction, views.story(article)) for article in page.shows
               for correction in article.corrections]
    entries.sort(key=lambda entry: (entry[0].date, entry[1].slug), reverse=True)
    return {"corrections": tuple([(story, correction) for correction, story in entries])}


CONTEXTS: dict[str, Callable[[SitePage, Views], dict]] = {
    "index.html": _home,
    "article.html": _article,
    "author.html": _listing("author"),
    "tag.html": _listing("tag"),
    "section.html": _listing("section"),
    "corrections.html": _corrections,
    "authors.html": lambda page, views: {
        "authors": index_entries(page.subject, lambda author: author.role)},
    "tags.html": lambda page, views: {"tags": index_entries(page.subject)},
    "sections.html": lambda page, views: {"sections": index_entries(page.subject)},
    "page.html": lambda page, views: {"page": views.page(page.subject)},
    "search.html": lambda page, views: {},
    "404.html": lambda page, views: {},
    # An expired story's address: its headline, nothing else of it
    "expired.html": lambda page, views: {"title": page.subject.title},
}


def page_context(page: SitePage, views: Views) -> dict:
    return CONTEXTS[page.template](page, views)
