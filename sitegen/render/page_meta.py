"""What each page's head tells browsers, search engines, feed readers and social networks.

Each page template picks its builder (`{% set meta = head.article(article) %}`);
templates/partials/seo.html turns the result into tags. The builders read only their
arguments and the configuration, so a page's head depends on what the page receives.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sitegen.cards.paths import CARD_SIZE, HOME_CARD, card_path
from sitegen.config import Config
from sitegen.outputs.feeds import Feed, author_feed, section_feed, site_feeds, tag_feed
from sitegen.render.structured_data import StructuredData
from sitegen.render.views import Label, ListPage, PageView, Person, Story
from sitegen.site.dates import iso
from sitegen.site.model import Image
from sitegen.site.urls import Urls


@dataclass
class PageMeta:
    title: str                          # the page's own title, as og:title
    document_title: str                 # <title>: usually "Page title | Site title"
    description: str
    og_type: str = "website"            # "article", "profile" or "website"
    image: Image | None = None
    published: str | None = None        # RFC 3339, articles only
    modified: str | None = None
    author_urls: list[str] = field(default_factory=list)
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    feeds: list[Feed] = field(default_factory=list)
    structured_data: list[dict] = field(default_factory=list)
    indexable: bool = True              # false: no canonical URL, robots noindex (the 404 page)


def _numbered(title: str, listing: ListPage | None) -> str:
    return f"{title}: page {listing.number}" if listing and listing.number > 1 else title


class PageHeads:
    def __init__(self, config: Config, urls: Urls):
        self.config = config
        self.urls = urls
        self.data = StructuredData(config, urls)
        self.site_feeds = site_feeds(config)

    def _meta(self, title: str, description: str, **values) -> PageMeta:
        feeds = [*self.site_feeds, *values.pop("feeds", [])]
        document_title = values.pop("document_title", f"{title} | {self.config.title}")
        values.setdefault("image", self._card(None, self.config.title))
        return PageMeta(title, document_title, description, feeds=feeds, **values)

    def _card(self, page_path: str | None, alt: str, photo: bool = False) -> Image:
        """The page's social card (cards/stage.py draws it); the home page's for a page
        without its own (`page_path` None)."""
        path = HOME_CARD if page_path is None else card_path(page_path, photo)
        return Image(path, alt, None, *CARD_SIZE)

    def home(self, listing: ListPage) -> PageMeta:
        config = self.config
        title = _numbered(config.title, listing)
        return self._meta(title, config.description, document_title=title,
                          structured_data=self.data.home() if listing.number == 1 else [])

    def article(self, article: Story) -> PageMeta:
        return self._meta(
            article.title, article.description, og_type="article", image=self._story_card(article),
            published=iso(article.date), modified=iso(article.modified),
            author_urls=[self.urls.absolute_url(author.path) for author in article.authors],
            section=article.section.name if article.section else None,
            tags=[tag.name for tag in article.tags],
            structured_data=self.data.article(article))

    def _story_card(self, article: Story) -> Image:
        """The story's photo cropped to a card, or a card drawn with its headline."""
        image = article.image
        if image and image.photo:
            return self._card(article.path, image.alt, photo=True)
        return self._card(article.path, article.title)

    def author(self, author: Person, listing: ListPage) -> PageMeta:
        role = f", {author.role}" if author.role else ""
        feeds = [author_feed(self.config, author)] if listing.articles else []
        return self._meta(_numbered(author.name, listing),
                          f"{author.name}{role}: articles on {self.config.title}",
                          og_type="profile", image=self._card(author.path, author.name),
                          feeds=feeds,
                          structured_data=self.data.author(author))

    def tag(self, tag: Label, listing: ListPage) -> PageMeta:
        return self._meta(_numbered(tag.name, listing),
                          f"Articles tagged {tag.name} on {self.config.title}",
                          feeds=[tag_feed(self.config, tag)], structured_data=self.data.tag(tag))

    def section(self, section: Label, listing: ListPage) -> PageMeta:
        return self._meta(_numbered(section.name, listing),
                          f"{section.name} on {self.config.title}",
                          image=self._card(section.path, section.name),
                          feeds=[section_feed(self.config, section)])

    def page(self, page: PageView) -> PageMeta:
        return self._meta(page.title, page.description or self.config.description)

    def index(self, title: str, description: str | None = None) -> PageMeta:
        """A plain list page such as Authors or Tags."""
        return self._meta(title, description or self.config.description)

    def expired(self, title: str) -> PageMeta:
        """A story past its `expires`: kept out of search engines (robots noindex)."""
        return self._meta("No longer available", f"{title}: this story is no longer "
                          f"available on {self.config.title}.", indexable=False)

    def not_found(self) -> PageMeta:
        return self._meta("Page not found", self.config.description, indexable=False)
