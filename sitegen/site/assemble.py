"""Assemble loaded records into a Site: link, sort, paginate, give every page its path."""

from __future__ import annotations

from sitegen.config import Config
from sitegen.content.loader import Content
from sitegen.errors import SiteError
from sitegen.site.front import front_page
from sitegen.site.model import Article, Author, Site, Tag, paginate
from sitegen.site.outline import newest_first, outline, reassembled
from sitegen.site.page_list import list_pages
from sitegen.site.related import link_related
from sitegen.site.slugs import slugify


class _Paths:
    """Every output path is claimed once; a second claim is a collision."""

    def __init__(self):
        self.owners: dict[str, str] = {}

    def claim(self, path: str, owner: str, line: int | None = None) -> str:
        """`owner` is the source file that asks for `path`; `line` that of its `slug:` key."""
        if path in self.owners:
            raise SiteError(f"output path '{path}' is already used by {self.owners[path]}", owner,
                            line, "slug")
        self.owners[path] = f"{owner}:{line}" if line else owner
        return path


def _group(articles: list[Article], names_of, prefix: str) -> list[Tag]:
    """Group articles by tag (or section) slug; the first spelling seen names the group."""
    groups: dict[str, Tag] = {}
    slugs: dict[str, str] = {}      # a newsroom's few hundred tags, on thousands of articles
    for article in articles:
        seen = set()            # "EV" and "ev" on one article: one group, listed once
        for name in names_of(article):
            slug = slugs.get(name)
            if slug is None:
                slug = slugs[name] = slugify(name)      # never empty: the loader refused such
            group = groups.get(slug)
            if group is None:
                group = groups[slug] = Tag(name, slug, f"{prefix}/{slug}/")
            if slug not in seen:
                seen.add(slug)
                group.articles.append(article)
    return sorted(groups.values(), key=lambda group: (group.name.lower(), group.slug))


def _credit(article: Article, authors: dict[str, Author]) -> None:
    """Links a story's credits both ways (the loader checked them against these authors)."""
    for credit in article.credits:
        author = authors.get(credit.author_id)
        if author is None:
            raise SiteError(f"unknown author {credit.author_id!r}", article.source, None,
                            "credits.author")
        article.credited.append((author, credit.role))
        author.credited.append(article)


def assemble(content: Content, config: Config, last: Site | None = None,
             remember: bool = False) -> Site:
    """Links records to each other and lists the pages. `last`: the preview's last site,
    reused when this content has the same outline (see outline.py); `remember`: keep this
    site's outline for that."""
    shape = outline(content, config, last.outline if last else None) \
        if remember or last else None
    site = reassembled(last, shape, content.loaded_at) if last else None
    if site is None:
        site = _assemble(content, config)
        site.outline = shape
    return site


def _assemble(content: Content, config: Config) -> Site:
    for article in content.articles:
        article.tags, article.section, article.credited = [], None, []
    for author in content.authors.values():
        author.articles, author.credited = [], []
    paths = _Paths()
    for reserved in ("", "page/", "authors/", "tags/", "sections/", "search/", "search-index/",
                     "corrections/"):
        paths.claim(reserved, "a page the generator makes")
    articles = sorted(content.articles, key=newest_first, reverse=True)
    for article in articles:
        article.path = paths.claim(f"articles/{article.slug}/", article.source, article.slug_line)
        for author in article.authors:
            author.articles.append(article)
        _credit(article, content.authors)
    for article in content.expired:     # its address stays, saying the story is gone
        article.path = paths.claim(f"articles/{article.slug}/", article.source,
                                   article.slug_line)
    for page in content.pages:
        page.path = paths.claim(f"{page.slug}/", page.source, page.slug_line)

    authors = sorted(content.authors.values(), key=lambda a: (a.name.lower(), a.id))
    for author in authors:
        author.path = paths.claim(f"authors/{author.id}/", author.source)

    tags = _group(articles, lambda a: a.tag_names, "tags")
    sections = _group(articles, lambda a: [a.section_name] if a.section_name else [], "sections")
    tag_texts, section_texts = dict(config.tag_descriptions), dict(config.section_descriptions)
    for tag in tags:
        tag.description = tag_texts.get(tag.slug)
        for article in tag.articles:
            article.tags.append(tag)
    for section in sections:
        section.description = section_texts.get(section.slug)
        for article in section.articles:
            article.section = section
    link_related(articles, tags, sections, content.held_back)
    site = Site(config, articles, authors, tags, sections, content.pages,
                home=paginate(articles, config.articles_per_page, ""), built_at=content.loaded_at,
                front=front_page(articles, sections), expired=list(content.expired))
    site.page_list = list_pages(site)
    return site
