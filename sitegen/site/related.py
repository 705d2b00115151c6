"""Related stories: an editor's pick (`related:`), else those sharing the most tags.

Up to RELATED_COUNT other stories, those sharing the most tags first, the newest first among
equals, then the newest of the same section. Each tag's stories are a set of bits over the
site's newest-first order, so "in at least k of this story's tags" is a few bitwise
operations on whole sets, and the newest of a set is its lowest bit.
"""

from __future__ import annotations

from sitegen.errors import SiteError
from sitegen.site.model import Article, Tag

RELATED_COUNT = 4


def _bits(group: Tag, place: dict[int, int]) -> int:
    marks = bytearray((len(place) + 8) // 8)
    for article in group.articles:
        at = place[id(article)]
        marks[at >> 3] |= 1 << (at & 7)
    return int.from_bytes(marks, "little")


def link_related(articles: list[Article], tags: list[Tag], sections: list[Tag],
                 held_back: frozenset[str] = frozenset()) -> None:
    """Sets each article's `related` (`articles`: newest first, each linked to its groups;
    `held_back`: the slugs of drafts and stories not yet published, skipped when picked)."""
    place = {id(article): at for at, article in enumerate(articles)}
    bits = {id(group): _bits(group, place) for group in [*tags, *sections]}
    by_slug = {article.slug: article for article in articles}
    for at, article in enumerate(articles):
        if article.related_slugs:
            article.related = _picked(article, by_slug, held_back)
            continue
        levels = [-1]       # levels[k]: the stories in at least k of this story's tags
        for tag in article.tags:
            levels.append(0)
            for k in range(len(levels) - 1, 0, -1):
                levels[k] |= levels[k - 1] & bits[id(tag)]
        taken = 1 << at
        chosen: list[int] = []
        ranked = levels[:0:-1] + ([bits[id(article.section)]] if article.section else [])
        for candidates in ranked:
            candidates &= ~taken
            while candidates and len(chosen) < RELATED_COUNT:
                lowest = candidates & -candidates
                chosen.append(lowest.bit_length() - 1)
                candidates ^= lowest
                taken |= lowest
        article.related = [articles[number] for number in chosen]


def _picked(article: Article, by_slug: dict[str, Article],
            held_back: frozenset[str]) -> list[Article]:
    related = []
    for slug in article.related_slugs:
        other = by_slug.get(slug)
        if other is None and slug in held_back:
            continue        # shown once it is published
        if other is None or other is article:
            problem = "is this story itself" if other is article else \
                "is not the slug of any story"
            raise SiteError(f"{slug!r} {problem}", article.source, article.related_line,
                            "related")
        if other not in related:
            related.append(other)
    return related


def related_topic(article: Article):
    """What "More on ..." names: the story's tag most of its related stories carry, else
    its section, else None."""
    # by identity: == on tags would compare their lists of stories
    carried = [{id(tag) for tag in other.tags} for other in article.related]
    counts = [(sum(id(tag) in ids for ids in carried), -at, tag)
              for at, tag in enumerate(article.tags)]
    best = max(counts, key=lambda count: count[:2], default=None)
    if best is not None and best[0]:
        return best[2]
    if article.section is not None and any(other.section is article.section
                                           for other in article.related):
        return article.section
    return None
