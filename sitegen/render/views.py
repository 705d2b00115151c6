"""What templates see: immutable values made from the site model, with no links back into it.

A story lists its authors, but an author here does not list its stories: a page's context
holds exactly what the page can show, so its digest (see digests.py) covers everything its
template can reach. `Views` makes them, and keeps each one made for the last build while its
source is the same, so that the preview's next build finds the same objects (and digests).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from markupsafe import Markup

from sitegen.newsroom_config import POLICY_PAGES
from sitegen.site.model import (Article, Author, Correction, Image, Link, Listing, Page, Site,
                                Tag, last_change)
from sitegen.site.packed import PackedFaq, unpack


@dataclass(frozen=True)
class Person:
    """An author as bylines and author pages show them."""
    id: str
    name: str
    role: str | None
    bio_html: str
    avatar: Image | None
    links: tuple[Link, ...]
    path: str


@dataclass(frozen=True)
class Label:
    """A tag or a section, linked to its page."""
    name: str
    slug: str
    path: str


@dataclass(frozen=True, eq=False, slots=True)
class Story:
    """An article, on its own page and on cards."""
    slug: str
    title: str
    date: dt.datetime
    updated: dt.datetime | None
    authors: tuple[Person, ...]
    description: str
    tags: tuple[Label, ...]
    section: Label | None
    image: Image | None
    _body: bytes                # packed: see body_html
    takeaways_html: tuple[str, ...]
    faq: PackedFaq
    comments: bool
    draft: bool
    reading_minutes: int
    label: str                  # "news", "analysis", "opinion", ...: see records.LABELS
    dateline: str | None
    corrections: tuple[Correction, ...]     # oldest first
    path: str
    credits: tuple[tuple[Person, str], ...]     # (contributor, role)
    # The article's record_digest: the fields above but path, authors, tags, section and
    # credits are copied from that record alone, so digests.py counts them by it (hidden
    # from templates).
    _record: bytes = field(default=b"", repr=False)

    @property
    def body_html(self) -> Markup:
        return unpack(self._body)

    @property
    def modified(self) -> dt.datetime:
        """Its last change: `updated`, or the newest correction, or its date."""
        return last_change(self)


@dataclass(frozen=True, slots=True)
class Card:
    """A story as a card in another story's related stories: what the card shows, by value,
    so that an edit of the story's body does not make every page that lists it again."""
    slug: str
    title: str
    date: dt.datetime
    authors: tuple[Person, ...]
    description: str
    section: Label | None
    image: Image | None
    label: str
    reading_minutes: int
    draft: bool
    path: str


@dataclass(frozen=True, slots=True)
class Place:
    """Another page of the same list."""
    number: int
    path: str


@dataclass(frozen=True, eq=False, slots=True)
class ListPage:
    """One page of a paginated list of stories (home, author, tag, section)."""
    number: int
    count: int
    path: str
    articles: tuple[Story, ...]
    previous: Place | None
    next: Place | None


@dataclass(frozen=True)
class IndexEntry:
    """One line of the authors, tags or sections index."""
    name: str
    path: str
    role: str | None
    article_count: int


@dataclass(frozen=True)
class PageView:
    """An editors' page such as About."""
    slug: str
    title: str
    description: str | None
    body_html: str
    path: str


@dataclass(frozen=True)
class NavLink:
    title: str
    path: str


class SiteWide:
    """What any page may show besides its context: `site.sections`, `site.pages` (the
    navigation), `site.latest` (the newest stories, as many as a home page shows) and
    `site.article_count`, `site.breaking` (the bar, until its time), `site.footer` (the
    newsroom's pages). A page's digest covers only the parts its templates read when it
    was last rendered (`read`): a theme without a "latest" rail does not re-render every
    page for each new story, and one with it does."""

    __slots__ = ("_parts", "read")

    def __init__(self, parts: dict):
        self._parts = parts
        self.read: set[str] = set()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._parts)

    def part(self, name: str):
        return self._parts[name]

    def __getattr__(self, name: str):
        try:
            value = self._parts[name]
        except KeyError:
            raise AttributeError(name) from None
        self.read.add(name)
        return value

    def __repr__(self) -> str:
        self.read.update(self._parts)
        return f"SiteWide({self._parts!r})"


class Views:
    def __init__(self):
        self._stories: dict[int, tuple] = {}     # id(article) -> (article, place, story)
        self._lists: dict[tuple, ListPage] = {}
        self._cards: dict[int, tuple] = {}       # id(story) -> (story, its card)
        self._interned: dict = {}
        self.start()

    def start(self, anew: bool = True) -> None:
        """A new build: what the last one made is kept only if this one makes it again.
        Not `anew` (the site was reassembled from the last one, whose pages this build does
        not visit again): all that was made is kept for the next."""
        if anew:
            self._old_stories, self._stories = self._stories, {}
            self._old_lists, self._lists = self._lists, {}
            self._old_cards, self._cards = self._cards, {}
            self._old_interned, self._interned = self._interned, {}
        self._by_id: dict[int, tuple] = {}       # this build's people and labels
        self._made: dict[int, Story] = {}        # this build's stories, by id(article)

    def _intern(self, value):
        value = self._old_interned.get(value, value)
        return self._interned.setdefault(value, value)

    def person(self, author: Author) -> Person:
        known = self._by_id.get(id(author))
        if known is None or known[0] is not author:
            known = self._by_id[id(author)] = (author, self._intern(Person(
                author.id, author.name, author.role, author.bio_html, author.avatar,
                tuple(author.links), author.path)))
        return known[1]

    def label(self, tag: Tag) -> Label:
        known = self._by_id.get(id(tag))
        if known is None or known[0] is not tag:
            known = self._by_id[id(tag)] = (tag, self._intern(Label(tag.name, tag.slug,
                                                                    tag.path)))
        return known[1]

    def story(self, article: Article) -> Story:
        known = self._stories.get(id(article))
        if known is not None and known[0] is article:      # made already (see start)
            self._made[id(article)] = known[2]
            return known[2]
        place = (article.path, tuple([self.person(author) for author in article.authors]),
                 tuple([self.label(tag) for tag in article.tags]),
                 self.label(article.section) if article.section else None,
                 tuple([(self.person(author), role) for author, role in article.credited]))
        known = self._old_stories.get(id(article))
        if known is None or known[0] is not article or known[1] != place:
            path, authors, tags, section, credits = place
            known = (article, place, Story(
                article.slug, article.title, article.date, article.updated, authors,
                article.description, tags, section, article.image, article.packed_body,
                tuple(article.takeaways_html), article.faq, article.comments,
                article.draft, article.reading_minutes, article.label, article.dateline,
                article.corrections, path, credits, article.record_digest))
        self._stories[id(article)] = known
        self._made[id(article)] = known[2]
        return known[2]

    def card(self, article: Article) -> Card:
        """One card per story, kept as long as the story is (so digests.py digests it once)."""
        story = self.story(article)
        known = self._cards.get(id(story)) or self._old_cards.get(id(story))
        if known is None or known[0] is not story:
            known = (story, Card(story.slug, story.title, story.date, story.authors,
                                 story.description, story.section, story.image, story.label,
                                 story.reading_minutes, story.draft, story.path))
        self._cards[id(story)] = known
        return known[1]

    def listing(self, listing: Listing) -> ListPage:
        previous, following = listing.previous, listing.next
        # Every story is on several lists: looked up in C once it is made in this build.
        stories = tuple(map(self._made.get, map(id, listing.articles)))
        if None in stories:
            stories = tuple(map(self.story, listing.articles))
        key = (listing.number, listing.count, listing.path, stories,
               previous.path if previous else None, following.path if following else None)
        found = self._lists.get(key) or self._old_lists.get(key)
        if found is None:
            found = ListPage(*key[:4], Place(previous.number, previous.path) if previous else None,
                             Place(following.number, following.path) if following else None)
        self._lists[key] = found
        return found

    def page(self, page: Page) -> PageView:
        return PageView(page.slug, page.title, page.description, page.body_html, page.path)

    def site_wide(self, site: Site) -> SiteWide:
        return SiteWide({
            "sections": tuple([self.label(section) for section in site.sections]),
            "pages": tuple([NavLink(page.title, page.path) for page in site.pages]),
            "latest": tuple([self.story(article)
                             for article in site.articles[:site.config.articles_per_page]]),
            "article_count": len(site.articles),
            "footer": footer_links(site),
            "breaking": breaking if (breaking := site.config.breaking) is not None
            and site.built_at < breaking.until else None,
        })


def footer_links(site: Site) -> tuple[NavLink, ...]:
    """The organization's pages (site.yml), the editors' other pages, then the generator's."""
    links = [NavLink(title, link) for key, _, title in POLICY_PAGES
             if (link := site.config.organization.link(key))]
    linked = {link.path.strip("/") for link in links}
    links += [NavLink(page.title, page.path) for page in site.pages
              if page.path.strip("/") not in linked]
    links += [NavLink("Corrections", "corrections/"), NavLink("Authors", "authors/"),
              NavLink("Tags", "tags/"), NavLink("RSS", "feed.xml"), NavLink("Search", "search/")]
    return tuple(links)


def index_entries(groups, role=lambda group: None) -> tuple[IndexEntry, ...]:
    return tuple([IndexEntry(group.name, group.path, role(group), len(group.articles))
                  for group in groups])
