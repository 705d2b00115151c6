"""Render a Site into HTML pages through one Jinja2 environment."""

from __future__ import annotations

import hashlib
import operator
from dataclasses import dataclass
from pathlib import Path

import jinja2
import jinja2.bccache
from jinja2 import meta

from .assets import Assets
from .cache import BuildCache, StoredHtml
from .dates import format_date, iso
from .model import Image, Listing, Site, paginate
from .page_meta import PageHeads
from .template_errors import template_errors
from .urls import Urls


def output_file(path: str) -> str:
    """The file behind a pretty URL path: "articles/x/" -> "articles/x/index.html"."""
    return path + "index.html" if path == "" or path.endswith("/") else path


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept for the life of the process, so that preview rebuilds skip
    compiling; Jinja checks each entry against its template's source, so edits recompile."""

    def __init__(self):
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


@dataclass
class PageJob:
    """One page to render, with `inputs`: everything it shows, so an unchanged page is skipped.

    Templates see the whole site, but a page's output may depend only on its inputs; the
    default templates keep to that (an article page shows its article, authors, tags and
    section, never a list of other articles), and tests compare incremental with clean builds.
    """
    file: str
    template: str
    path: str
    context: dict
    inputs: tuple


class Renderer:
    def __init__(self, site: Site, templates: Path, assets: Assets,
                 cache: BuildCache | None = None):
        self.site = site
        self.cache = cache
        self.assets = assets
        self.urls = urls = Urls(site.config.base_url)
        # Templates are loaded once, not checked for changes at every use (ten file times a
        # page): a build never sees them change, and the preview says when they did (update).
        self.env = jinja2.Environment(
            auto_reload=False,
            bytecode_cache=_COMPILED,
            loader=jinja2.FileSystemLoader(str(templates)),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.globals.update(url=urls.url, absolute_url=urls.absolute_url, site=site,
                                config=site.config, head=PageHeads(site, urls),
                                asset_url=lambda name: urls.url(assets.published_name(name)))
        self.env.filters.update(date=lambda m: format_date(m, site.config.date_format), iso=iso)
        self._template_digests: dict[str, str] = {}
        # what jobs() made last, by article and by list, and for which site (see jobs())
        self._reuse_site: Site | None = None
        self._reuse_key: tuple = ()
        self._reused_articles: dict[int, tuple] = {}
        self._reused_lists: dict[object, tuple] = {}

    def worker_start(self) -> None:
        """In a forked worker: article bodies are read through its own cache connection."""
        if self.cache is not None:
            self.cache.reopen_in_worker()

    def update(self, site: Site, templates_changed: bool) -> None:
        """Render another version of the same site (the preview after an edit): compiled
        templates are kept unless a template changed (unchanged ones then come back from the
        bytecode cache)."""
        self.site = site
        self.env.globals.update(site=site, config=site.config, head=PageHeads(site, self.urls))
        if templates_changed:
            self.env.cache.clear()
            self._template_digests.clear()
            self._reuse_key = ()

    def compile_templates(self) -> None:
        """Compile every template in this process, so that the preview's first small rebuild
        after a build rendered in worker processes does not wait for it. A broken template
        is left for render() to report."""
        for name in self.env.list_templates():
            try:
                self.env.get_template(name)
            except jinja2.TemplateError:
                pass

    def render(self, template_name: str, path: str, **context) -> tuple[str, str]:
        with template_errors(template_name):
            html = self.env.get_template(template_name).render(path=path, **context)
        return output_file(path), html

    def render_job(self, job: PageJob) -> bytes:
        return self.render(job.template, job.path, **job.context)[1].encode("utf-8")

    def template_digest(self, name: str) -> str:
        """A hash of the template and every template it extends, includes or imports."""
        if name not in self._template_digests:
            seen: set[str] = set()
            waiting = [(name, name)]        # (template, the template that uses it)
            while waiting:
                current, user = waiting.pop()
                if current in seen:
                    continue
                seen.add(current)
                with template_errors(user):
                    source = self.env.loader.get_source(self.env, current)[0]
                with template_errors(current):
                    references = list(meta.find_referenced_templates(self.env.parse(source)))
                if None in references:      # a computed name: it could be any template
                    references = self.env.list_templates()
                waiting.extend((reference, current) for reference in references)
            digest = hashlib.blake2b(digest_size=16)
            for current in sorted(seen):
                digest.update(current.encode() + b"\0"
                              + self.env.loader.get_source(self.env, current)[0].encode() + b"\0")
            self._template_digests[name] = digest.hexdigest()
        return self._template_digests[name]

    def jobs(self) -> list[PageJob]:
        """Every page of the site, with the inputs each one shows.

        Inputs are remembered by the objects they come from, so that the preview's rebuilds
        neither build nor compare again those of unchanged articles and lists: an article's
        while it is the same object in the same place (tags, section), a list's while it
        lists the same objects. For the same Site again (which the preview patches in place,
        replacing articles by ones that sort and group the same), the same PageJob objects
        come back. Other chrome, authors or templates start afresh."""
        site = self.site
        per_page = site.config.articles_per_page
        chrome = repr((site.config, [(s.name, s.path) for s in site.sections],
                       [(p.title, p.path) for p in site.pages], sorted(self.assets.names.items())))
        person = {id(author): (author.digest, author.path, _image(author.avatar))
                  for author in site.authors}
        if (chrome, person) != self._reuse_key:
            self._reused_articles, self._reused_lists = {}, {}
            self._reuse_key = (chrome, person)
        same_site = site is self._reuse_site
        self._reuse_site = site
        reused_articles, reused_lists = self._reused_articles, self._reused_lists
        self._reused_articles = articles_now = {}
        self._reused_lists = lists_now = {}
        jobs: list[PageJob] = []

        def job(template: str, path: str, inputs: tuple, **context) -> PageJob:
            return PageJob(output_file(path), template, path, context,
                           (self.template_digest(template), chrome, path, *inputs))

        def add(template: str, path: str, inputs: tuple, **context) -> None:
            jobs.append(job(template, path, inputs, **context))

        def people(authors) -> tuple:
            return tuple([person[id(author)] for author in authors])

        def place(article) -> tuple:
            section = article.section
            return (article.path, tuple([(tag.name, tag.path) for tag in article.tags]),
                    (section.name, section.path) if section else None)

        # The source text says all an article says, except its image's size (from static/).
        cards: dict[int, tuple] = {}
        article_jobs: list[PageJob] = []
        for article in site.articles:
            key = id(article)
            known = reused_articles.get(key)
            if known is None or known[0] is not article or \
                    (not same_site and known[1] != place(article)):
                path, tags, section = where = place(article)
                card = (article.digest, path, _image(article.image), people(article.authors))
                known = (article, where, card, job(
                    "article.html", path,
                    (card, _body(article.body_html), people(article.authors), tags, section),
                    article=article))
            articles_now[key] = known
            cards[key] = known[2]
            article_jobs.append(known[3])

        def listing_job(template: str, listing: Listing, first: tuple | None,
                        **context) -> PageJob:
            """A listing's job, with the inputs of before when it lists the same articles.
            Its inputs: `first`, then the listing's; or, with no `first`, the listing's alone."""
            head = (listing.number, listing.count,
                    listing.previous.path if listing.previous else None,
                    listing.next.path if listing.next else None)
            known = reused_lists.get(listing.path)
            if known is None or known[0] != (template, first, head) \
                    or not _same_objects(known[1], listing.articles):
                shown = (*head, tuple([cards[id(a)] for a in listing.articles]))
                known = ((template, first, head), list(listing.articles), job(
                    template, listing.path, shown if first is None else (*first, shown),
                    listing=listing, **context))
            elif not same_site:     # the same inputs, shown through this site's records
                known = (*known[:2], PageJob(known[2].file, template, listing.path,
                                             {"listing": listing, **context}, known[2].inputs))
            lists_now[listing.path] = known
            return known[2]

        def group_jobs(template: str, group, first: tuple, **context) -> None:
            """The pages listing a group (an author, tag or section): paginated again only
            when its articles changed or the site is another."""
            key = (template, group.path)
            known = reused_lists.get(key)
            if same_site and known is not None and known[0] == first \
                    and _same_objects(known[1], group.articles):
                for listing_path in known[2]:
                    lists_now[listing_path] = reused_lists[listing_path]
                    jobs.append(reused_lists[listing_path][2])
            else:
                listings = paginate(group.articles, per_page, group.path)
                for listing in listings:
                    jobs.append(listing_job(template, listing, first, **context))
                known = (first, list(group.articles), [listing.path for listing in listings])
            lists_now[key] = known

        def groups(groups) -> tuple:
            return tuple((group.name, group.path, len(group.articles)) for group in groups)

        for listing in site.home:
            jobs.append(listing_job("index.html", listing, None))
        jobs.extend(article_jobs)
        for author in site.authors:
            group_jobs("author.html", author, (people([author]),), author=author)
        add("authors.html", "authors/",
            tuple((a.digest, a.path, len(a.articles)) for a in site.authors))
        for tag in site.tags:
            group_jobs("tag.html", tag, (tag.name,), tag=tag)
        add("tags.html", "tags/", groups(site.tags))
        for section in site.sections:
            group_jobs("section.html", section, (section.name,), section=section)
        if site.sections:
            add("sections.html", "sections/", groups(site.sections))
        for page in site.pages:
            add("page.html", page.path, (page.digest, _body(page.body_html)), page=page)
        add("search.html", "search/", ())
        add("404.html", "404.html", ())
        return jobs


def _same_objects(known: list, now: list) -> bool:
    return len(known) == len(now) and all(map(operator.is_, known, now))


def _body(html) -> bytes | str:
    """A body's cache key (it covers the sizes of the images it shows), or the HTML itself."""
    return html.key if isinstance(html, StoredHtml) else str(html)


def _image(image: Image | None) -> tuple | None:
    return (image.src, image.width, image.height) if image else None
