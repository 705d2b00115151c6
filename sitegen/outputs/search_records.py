"""What the search index holds of each article, and how the articles are split into shards.

Each article is one small HTML record made from the text the build already has (no page
is read back and parsed): its title (weighted, and shown by the search page as the result's
heading, not in its excerpt), standfirst, body, key points, FAQ and tags, with its date,
authors and section as metadata (not as pagefind filters: pagefind 1.5 writes those in a
different order at each run, so one site would not give the same files). Untrusted text is
escaped as it is everywhere else: the record is HTML that pagefind reads as text.

Articles go to shards by a hash of their page's path: a power of two of them, about
SHARD_SIZE articles each, so that an edit re-indexes one shard, and the set of shards
changes only when the site doubles or halves.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from sitegen.config import Config
from sitegen.render.views import Story
from sitegen.site.dates import format_date

SHARD_SIZE = 500


@dataclass(frozen=True)
class Shard:
    name: str                   # its folder under pagefind/, e.g. "shard-03"
    stories: tuple[Story, ...]  # in path order
    digest: bytes               # of its stories and the settings records show: equal
                                # digests, equal index


def shard_count(articles: int) -> int:
    count = 1
    while count * SHARD_SIZE < articles:
        count *= 2
    return count


def shard_of(path: str, count: int) -> int:
    return int.from_bytes(hashlib.blake2b(path.encode(), digest_size=8).digest(), "big") % count


def shards(stories: list[Story], config: Config,
           digest: Callable[[Story], bytes]) -> list[Shard]:
    """The shards of these stories (none without stories); `digest`: a story's digest."""
    count = shard_count(len(stories))
    members: list[list[Story]] = [[] for _ in range(count)]
    for story in sorted(stories, key=lambda story: story.path):
        members[shard_of(story.path, count)].append(story)
    settings = f"{config.language}\0{config.date_format}\0".encode()
    width = len(str(count - 1))
    made = []
    for number, group in enumerate(members):
        if group:
            summary = hashlib.blake2b(settings, digest_size=16)
            for story in group:
                summary.update(digest(story))
            made.append(Shard(f"shard-{number:0{width}d}", tuple(group), summary.digest()))
    return made


def record_html(story: Story, config: Config) -> str:
    """The record of one story: pagefind indexes the text in <article>."""
    meta = [("date", format_date(story.date, config.date_format)),
            ("author", ", ".join(person.name for person in story.authors))]
    if story.section:
        meta.append(("section", story.section.name))
    parts = [f'<!DOCTYPE html><html lang="{escape(config.language)}"><head>',
             f'<meta charset="utf-8"><title>{escape(story.title)}</title></head><body>',
             "<article data-pagefind-body>",
             f'<h1 data-pagefind-meta="title" data-pagefind-weight="7">{escape(story.title)}</h1>',
             f"<p>{escape(story.description)}</p>", story.body_html]
    if story.takeaways_html:
        parts.append("<ul>" + "".join(f"<li>{point}</li>" for point in story.takeaways_html)
                     + "</ul>")
    for entry in story.faq:
        parts.append(f"<h2>{escape(entry.question)}</h2>{entry.answer_html}")
    if story.tags:
        parts.append("<p>" + ", ".join(escape(tag.name) for tag in story.tags) + "</p>")
    parts.append('<div data-pagefind-ignore>')
    parts += [f'<span data-pagefind-meta="{key}">{escape(value)}</span>' for key, value in meta]
    parts.append("</div></article></body></html>")
    return "".join(parts)
