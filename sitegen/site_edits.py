"""An edited article swapped into an assembled site, when its place in it is unchanged."""

from __future__ import annotations

from .model import Article, Site


def shape(article: Article) -> tuple:
    """All that assemble() reads of an article: where it is listed and in which order."""
    return (article.slug, article.date, article.tag_names, article.section_name,
            [author.id for author in article.authors])


def replace_articles(site: Site, replaced: list[tuple[Article, Article]]) -> None:
    """Put each new article where the old one was, in every list: what assemble() would give
    for articles of the same shape, without sorting and grouping everything again."""
    if not replaced:
        return
    position = {id(article): index for index, article in enumerate(site.articles)}
    per_page = site.config.articles_per_page
    for old, new in replaced:
        new.path, new.tags, new.section = old.path, list(old.tags), old.section
        index = position[id(old)]
        site.articles[index] = new
        lists = [site.home[index // per_page].articles, *(tag.articles for tag in old.tags),
                 *(author.articles for author in old.authors)]
        if old.section is not None:
            lists.append(old.section.articles)
        for articles in lists:
            for place, listed in enumerate(articles):
                if listed is old:
                    articles[place] = new
