"""Every HTML page of an assembled site, once: what rendering and the sitemap both read."""

from __future__ import annotations

from sitegen.site.model import Article, Site, SitePage, last_change, paginate


def list_pages(site: Site) -> list[SitePage]:
    """Home pages, articles, author, tag and section pages (paginated), their index pages,
    the editors' pages, the expired stories' notices, search and 404, in that order."""
    per_page = site.config.articles_per_page
    pages = [SitePage("index.html", listing.path, None, listing, listing.articles)
             for listing in site.home]
    pages[0].subject, pages[0].shows = site.front, [*pages[0].shows, *site.front.stories()]
    pages += [SitePage("article.html", article.path, article, None, [article, *article.related])
              for article in site.articles]

    def groups(template: str, groups) -> None:
        for group in groups:
            listings = paginate(group.articles, per_page, group.path)
            pages.extend(SitePage(template, listing.path, group, listing, listing.articles)
                         for listing in listings)
            if template == "author.html" and group.credited:    # listed on its first page
                pages[-len(listings)].shows = [*listings[0].articles, *group.credited]

    groups("author.html", site.authors)
    pages.append(SitePage("authors.html", "authors/", site.authors, shows=site.articles))
    groups("tag.html", site.tags)
    pages.append(SitePage("tags.html", "tags/", site.tags, shows=listed(site.tags)))
    groups("section.html", site.sections)
    if site.sections:
        pages.append(SitePage("sections.html", "sections/", site.sections,
                              shows=listed(site.sections)))
    pages += [SitePage("page.html", page.path, page) for page in site.pages]
    pages.append(SitePage("corrections.html", "corrections/", shows=corrected(site.articles)))
    pages += [SitePage("expired.html", article.path, article, indexable=False)
              for article in site.expired]
    pages.append(SitePage("search.html", "search/"))
    pages.append(SitePage("404.html", "404.html", indexable=False))
    _note_modified(site, pages)
    return pages


def _note_modified(site: Site, pages: list[SitePage]) -> None:
    """Each page's `modified` (an article is on several lists: its time is looked up)."""
    changes = {id(article): last_change(article) for article in site.articles}
    for page in pages:
        page.note_modified(changes)


def corrected(articles: list[Article]) -> list[Article]:
    """The corrected stories, the newest correction first."""
    stories = [article for article in articles if article.corrections]
    return sorted(stories, key=lambda article: (article.corrections[-1].date, article.slug),
                  reverse=True)


def listed(groups) -> list[Article]:
    """What the index of these groups shows: each one's articles, group by group."""
    return [article for group in groups for article in group.articles]
