"""Assembling again after a few saves: the last site, with the new records in its places.

An article's place is what assembling reads from it (its file, slug, tags, section, authors,
credits, picks and corrections' dates; its date, which orders every list, the front page and
related stories, must be the same too); its record's other fields (title, body, ...) reach
pages only through the articles each page shows. When the configuration, the authors and
editors' pages (the same objects: the loader keeps what it did not load again) and every
article's place are those of the last assembly, that site is the assembly of the new records
too, once each new record takes the place of the one it replaces. The pages showing a new
record are the new site's `changed_pages`; every other page is the same object, showing the
same objects.
"""

from __future__ import annotations

import dataclasses
from contextlib import suppress
from dataclasses import dataclass

from sitegen.config import Config
from sitegen.site.model import Article, Site, SitePage, last_change, same_objects


@dataclass(frozen=True)
class Outline:
    config: Config
    authors: tuple
    pages: tuple
    articles: tuple[Article, ...]       # in the loader's order
    places: tuple[tuple, ...]           # theirs, in that order
    # id(article) -> the pages of the site with this outline that show it (made when first
    # needed; kept while articles only replace others)
    showing: dict[int, set[SitePage]] | None = None


def _place(article: Article) -> tuple:
    return (article.source, article.slug, article.slug_line, tuple(article.tag_names),
            article.section_name, tuple([author.id for author in article.authors]),
            article.featured, article.related_slugs, article.related_line, article.credits,
            tuple([correction.date for correction in article.corrections]))


def newest_first(article: Article) -> tuple:
    """The order of every list of articles (sorted by this, reversed)."""
    return article.date, article.slug


def outline(content, config: Config, last: Outline | None = None) -> Outline:
    """`content`'s outline; places of articles in `last` are taken from it."""
    known = {id(article): place for article, place in zip(last.articles, last.places)} \
        if last else {}
    places = tuple([known.get(id(article)) or _place(article) for article in content.articles])
    return Outline(config, tuple(content.authors.values()), tuple(content.pages),
                   tuple(content.articles), places)


def reassembled(last: Site | None, shape: Outline, built_at) -> Site | None:
    """`last` with the articles of `shape` in their places, or None when `shape` is not
    `last`'s outline but for the articles' records."""
    before = last.outline if last is not None else None
    if before is None or shape.places != before.places or shape.config != before.config or \
            not same_objects(shape.authors, before.authors) or \
            not same_objects(shape.pages, before.pages):
        return None
    pairs = [(old, new) for old, new in zip(before.articles, shape.articles) if old is not new]
    if any(old.date != new.date for old, new in pairs):
        return None     # the front page and related stories follow dates: assembled anew
    changed: set[SitePage] = set()
    showing = before.showing
    if pairs:
        showing = showing or _showing(last)
        swap = {id(old): new for old, new in pairs}
        for old, new in pairs:
            new.path, new.tags, new.section = old.path, old.tags, old.section
            new.related, new.credited = old.related, old.credited
            changed |= showing.get(id(old), set())
            showing[id(new)] = showing.pop(id(old), set())
        _replace_everywhere(last, swap, changed)
        if any(last_change(old) != last_change(new) for old, new in pairs):
            for page in changed:
                page.note_modified()
    return dataclasses.replace(last, config=shape.config, built_at=built_at,
                               changed_pages=changed,
                               outline=dataclasses.replace(shape, showing=showing))


def _showing(site: Site) -> dict[int, set[SitePage]]:
    showing: dict[int, set[SitePage]] = {}
    for page in site.page_list:
        for article in page.shows:
            showing.setdefault(id(article), set()).add(page)
    return showing


def _replace_everywhere(site: Site, swap: dict[int, Article], changed: set[SitePage]) -> None:
    """Each new article in the place of the one it replaces, in every list of the site
    (`changed`: the pages that show one)."""
    for page in changed:
        if id(page.subject) in swap:
            page.subject = swap[id(page.subject)]
    lists = [site.articles, *(group.articles for group in
                              [*site.authors, *site.tags, *site.sections])]
    lists += [author.credited for author in site.authors]
    lists += [page.shows for page in changed]
    lists += [page.listing.articles for page in changed if page.listing is not None]
    lists += [page.subject.related for page in changed if page.template == "article.html"]
    front = site.front
    if id(front.lead) in swap:
        front.lead = swap[id(front.lead)]
    lists += [front.secondary, *(stories for _, stories in front.blocks)]
    for articles in lists:
        _replace(articles, swap)


def _replace(articles: list[Article], swap: dict[int, Article]) -> None:
    """Put each new article in the place of the one it replaces."""
    if swap.keys().isdisjoint(map(id, articles)):
        return
    if len(swap) > 16:
        articles[:] = [swap.get(id(article), article) for article in articles]
        return
    ids = list(map(id, articles))       # found by the list's own search, in C
    for old, new in swap.items():
        at = -1
        with suppress(ValueError):      # every place: the tags index lists it once per tag
            while True:
                at = ids.index(old, at + 1)
                articles[at] = new
