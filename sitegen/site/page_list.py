"""Every HTML page of an assembled site, once: what rendering and the sitemap both read."""

from __future__ import annotations

from sitegen.site.model import Article, Site, SitePage, last_change, paginate


GROUP_INDEXES = ("tags.html", "sections.html")     # they show `listed` groups


def list_pages(site: Site) -> list[SitePage]:
    """Home pages, articles, author, tag and section pages (paginated), their index pages,
    the editors' pages, search and 404, in that order."""
    per_page = site.config.articles_per_page
    pages = [SitePage("index.html", listing.path, None, listing, listing.articles)
             for listing in site.home]
    pages += [SitePage("article.html", article.path, article, None, [article])
              for article in site.articles]

    def groups(template: str, groups) -> None:
        for group in groups:
            pages.extend(SitePage(template, listing.path, group, listing, listing.articles)
                         for listing in paginate(group.articles, per_page, group.path))

    groups("author.html", site.authors)
    pages.append(SitePage("authors.html", "authors/", site.authors, shows=site.articles))
    groups("tag.html", site.tags)
    pages.append(SitePage("tags.html", "tags/", site.tags, shows=listed(site.tags)))
    groups("section.html", site.sections)
    if site.sections:
        pages.append(SitePage("sections.html", "sections/", site.sections,
                              shows=listed(site.sections)))
    pages += [SitePage("page.html", page.path, page) for page in site.pages]
    pages.append(SitePage("search.html", "search/"))
    pages.append(SitePage("404.html", "404.html", indexable=False))
    _note_modified(site, pages)
    return pages


def _note_modified(site: Site, pages: list[SitePage]) -> None:
    """Each page's `modified` (an article is on several lists: its time is looked up)."""
    changes = {id(article): last_change(article) for article in site.articles}
    for page in pages:
        page.note_modified(changes)


def reorder_article_pages(site: Site) -> None:
    """The article pages in the order of site.articles again, after some moved in it (they
    follow the home pages). A new list: one whose pages kept their places is the same list
    (render.pages carries its jobs over)."""
    start, end = len(site.home), len(site.home) + len(site.articles)
    pages = {id(page.subject): page for page in site.page_list[start:end]}
    site.page_list = [*site.page_list[:start], *[pages[id(article)] for article in site.articles],
                      *site.page_list[end:]]


def listed(groups) -> list[Article]:
    """What the index of these groups shows: each one's articles, group by group."""
    return [article for group in groups for article in group.articles]
