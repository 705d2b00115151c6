"""Typed records for everything the site shows, and the Site that holds them."""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass, field

from markupsafe import Markup

from sitegen.config import Config
from sitegen.images.photos import is_photo
from sitegen.site.images import PHOTO_TO_COME
from sitegen.site.packed import PackedFaq, unpack


@dataclass(frozen=True, slots=True)
class Image:
    src: str                    # path under static/ or content/, e.g. "images/hero.svg"
    alt: str
    caption: str | None = None
    width: int | None = None    # intrinsic size, so the page reserves the space while loading
    height: int | None = None
    credit: str | None = None   # who took it: "Photo: <credit>" beside the caption

    @property
    def placeholder(self) -> bool:
        """No photo yet: shown as a box with the alt text and "Photo to come"."""
        return self.src == PHOTO_TO_COME

    @property
    def photo(self) -> bool:
        """A JPEG, PNG or WebP: published as resized variants (an SVG is not)."""
        return is_photo(self.src)


@dataclass(frozen=True, slots=True)
class Correction:
    date: dt.datetime
    text_html: str              # Markdown from front matter, escaped


@dataclass(frozen=True, slots=True)
class Credit:
    """A contributor beside the byline: "Additional reporting by Ana Ortiz"."""
    author_id: str
    role: str


@dataclass(frozen=True, slots=True)
class Link:
    title: str
    url: str


@dataclass
class Author:
    id: str
    name: str
    role: str | None
    bio_html: str
    avatar: Image | None
    links: list[Link]
    source: str
    digest: str = ""            # of the source file: an author page's inputs
    path: str = ""
    articles: list[Article] = field(default_factory=list)
    credited: list[Article] = field(default_factory=list, repr=False,
                                    compare=False)      # stories with their credit


@dataclass
class Tag:
    name: str
    slug: str
    path: str
    articles: list[Article] = field(default_factory=list)
    description: str | None = None      # from site.yml's `sections:` or `tags:`


Section = Tag   # a section is listed exactly like a tag, under sections/<slug>/


@dataclass(slots=True)
class Article:
    source: str
    slug: str
    title: str
    date: dt.datetime
    updated: dt.datetime | None
    authors: list[Author]
    description: str
    tag_names: list[str]
    section_name: str | None
    image: Image | None
    packed_body: bytes          # the body's HTML, see body_html
    takeaways_html: list[str]
    faq: PackedFaq              # read like a tuple of FaqEntry
    comments: bool
    draft: bool
    reading_minutes: int
    label: str = "news"         # one of content/records.py's LABELS
    dateline: str | None = None     # the place the story is told from, e.g. "OSLO"
    corrections: tuple[Correction, ...] = ()    # oldest first
    credits: tuple[Credit, ...] = ()
    featured: bool = False      # a candidate for the front page's lead
    expires: dt.datetime | None = None      # when it comes off the site
    related_slugs: tuple[str, ...] = ()     # picked by hand; else found by shared tags
    related_line: int | None = None
    digest: str = ""            # of the source file: all an article says
    slug_line: int | None = None    # of its `slug:` key, for a message about its URL
    # What the loaded record was made from (its cache key and the static files it read):
    # equal for equal records, so a build need not hash the record's fields again.
    record_digest: bytes = b""
    path: str = ""
    tags: list[Tag] = field(default_factory=list)
    section: Section | None = None
    # Links to other records, set by assembly: left out of repr and ==, which would follow
    # them from story to story
    related: list[Article] = field(default_factory=list, repr=False, compare=False)
    credited: list[tuple[Author, str]] = field(default_factory=list, repr=False,
                                               compare=False)     # (author, role)

    @property
    def body_html(self) -> Markup:
        return unpack(self.packed_body)


@dataclass
class Page:
    source: str
    slug: str
    title: str
    description: str | None
    body_html: str
    digest: str = ""
    slug_line: int | None = None
    path: str = ""


@dataclass(slots=True)
class Listing:
    """One page of a paginated list of articles (home, author, tag, section)."""
    number: int
    count: int
    articles: list[Article]
    path: str
    previous: Listing | None = None
    next: Listing | None = None


@dataclass(eq=False, slots=True)
class SitePage:
    """One HTML page of the site: its template, where it goes, and what it shows (every
    article its context is made from)."""
    template: str               # e.g. "article.html"
    path: str                   # e.g. "articles/x/" or "404.html"
    # a list: an index page's; the first home page's: its front.Front
    subject: Article | Author | Tag | Page | list | object | None = None
    listing: Listing | None = None
    shows: list[Article] = field(default_factory=list)
    indexable: bool = True      # listed in the sitemap (not the 404 page)
    # The newest change (`updated`, else `date`) of what it shows, in RFC 3339: its lastmod
    modified: str | None = None

    def note_modified(self, changes: dict[int, dt.datetime] | None = None) -> None:
        """`changes`: each article's last change by id(article), made once for all pages."""
        # A story's page changes with the story, not with the related stories it lists
        shows = self.shows[:1] if self.template == "article.html" else self.shows
        newest = max(map(changes.__getitem__, map(id, shows)) if changes is not None
                     else map(last_change, shows), default=None)
        self.modified = newest.isoformat(timespec="seconds") if newest else None


def last_change(article: Article) -> dt.datetime:
    """When the story last changed: its `updated`, or its newest correction, or its date."""
    newest = article.updated or article.date
    if article.corrections:
        newest = max(newest, article.corrections[-1].date)
    return newest


@dataclass
class Site:
    config: Config
    articles: list[Article]     # newest first
    authors: list[Author]       # by name
    tags: list[Tag]             # by name
    sections: list[Section]     # by name
    pages: list[Page]
    home: list[Listing]
    built_at: dt.datetime       # the build time (`--now`), for the news sitemap's window
    page_list: list[SitePage] = field(default_factory=list)     # every HTML page, once
    # Assembled again from the last site of a preview (see outline.py): that site's pages
    # (the same objects) whose articles are new; None when assembled anew.
    changed_pages: set[SitePage] | None = None
    outline: object = None      # outline.Outline, kept for the preview's next assembly
    front: object = None        # front.Front: the first home page's lead and blocks
    expired: list[Article] = field(default_factory=list)    # gone: a "no longer available" page


def paginate(articles: list[Article], per_page: int, first_path: str) -> list[Listing]:
    """Split articles into pages: first_path, then first_path + "page/2/", ..."""
    chunks = page_chunks(articles, per_page)
    listings = [
        Listing(number, len(chunks), chunk,
                first_path if number == 1 else f"{first_path}page/{number}/")
        for number, chunk in enumerate(chunks, start=1)
    ]
    for before, after in zip(listings, listings[1:]):
        before.next, after.previous = after, before
    return listings


def same_objects(these, those) -> bool:
    """The same objects in the same order (not merely equal ones)."""
    return len(these) == len(those) and all(map(operator.is_, these, those))


def page_chunks(articles: list[Article], per_page: int) -> list[list[Article]]:
    """The articles of each page of a list (one empty page for none)."""
    return [articles[start:start + per_page] for start in range(0, len(articles), per_page)] \
        or [[]]
