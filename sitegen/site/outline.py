"""Assembling again after a save that moved nothing: the last site, with the new records.

An article's place is all that assembling reads from it (where it is listed and under which
path); its record's other fields (title, body, ...) reach pages only through the articles
each page shows. So when the configuration, the authors and editors' pages (the same
objects: the loader keeps what it did not load again) and every article's place are those
of the last assembly, that site is the assembly of the new records too, once each new
record takes the place of the one it replaces. The pages showing one are the new site's
`changed_pages`; every other page is the same object, showing the same objects.
"""

from __future__ import annotations

import dataclasses
from contextlib import suppress
from dataclasses import dataclass

from sitegen.config import Config
from sitegen.site.model import Article, Site, last_change


@dataclass(frozen=True)
class Outline:
    config: Config
    authors: tuple
    pages: tuple
    articles: tuple[Article, ...]       # in the loader's order
    places: tuple[tuple, ...]           # theirs, in that order


def _place(article: Article) -> tuple:
    return (article.source, article.slug, article.slug_line, article.date,
            tuple(article.tag_names), article.section_name,
            tuple([author.id for author in article.authors]))


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
            not _same(shape.authors, before.authors) or not _same(shape.pages, before.pages):
        return None
    swap = {id(old): new for old, new in zip(before.articles, shape.articles) if old is not new}
    for old, new in zip(before.articles, shape.articles):
        if old is not new:
            new.path, new.tags, new.section = old.path, old.tags, old.section
    changed = set()
    if swap:
        # Which pages show a new article first: some share their lists with the model's.
        changed = {page for page in last.page_list if not swap.keys().isdisjoint(
            map(id, page.shows))}
        for page in changed:
            if id(page.subject) in swap:
                page.subject = swap[id(page.subject)]
        lists = [last.articles, *(group.articles for group in
                                  [*last.authors, *last.tags, *last.sections])]
        lists += [page.shows for page in changed]
        lists += [page.listing.articles for page in changed if page.listing is not None]
        for articles in lists:
            _replace(articles, swap)
        if any(last_change(old) != last_change(new)
               for old, new in zip(before.articles, shape.articles) if old is not new):
            for page in changed:
                page.note_modified()
    return dataclasses.replace(last, config=shape.config, built_at=built_at,
                               changed_pages=changed, outline=shape)


def _same(these: tuple, those: tuple) -> bool:
    return len(these) == len(those) and all(map(lambda a, b: a is b, these, those))


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
