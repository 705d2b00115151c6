"""Load content/: documents -> checked, typed records (articles, authors, pages)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import math
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from . import report
from .authors import load_author
from .cache import BuildCache
from .config import Config
from .documents import Document, read_bytes, read_data_file, read_document, source_files
from .fields import Fields
from .image_refs import check_body_images, image_field
from .markup import MarkdownRenderer, static_references
from .model import Article, Author, FaqEntry, Page
from .parallel import map_chunks
from .report import Progress
from .slugs import slugify
from .urls import Urls

ARTICLE_KEYS = {"title", "date", "author", "description", "slug", "tags", "section", "image",
                "updated", "draft", "faq", "takeaways", "comments"}
PAGE_KEYS = {"title", "description", "slug"}

_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class LoadOptions:
    include_drafts: bool = False        # drafts and future articles, for previews
    now: dt.datetime | None = None      # the build time; defaults to the clock
    strict: bool = False                # unknown keys are errors, not warnings


@dataclass(frozen=True)
class Renderers:
    body: MarkdownRenderer      # the article body: editors are trusted with raw HTML
    fields: MarkdownRenderer    # Markdown in front matter (bio, FAQ, takeaways): escaped


@dataclass
class Content:
    articles: list[Article]
    authors: dict[str, Author]
    pages: list[Page]
    loaded_at: dt.datetime      # the build time that decided which articles are published


@dataclass
class _CachedArticle:
    """A loaded article as the build cache keeps it, with what else it was made from."""
    article: Article                            # its `authors` left empty: they are ids here
    author_ids: list[str]
    static_files: tuple[tuple[str, tuple | None], ...]  # (path under static/, size and mtime)
    warnings: list[str]


def _shown(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def _check_slug(fields: Fields, name: str, value: str) -> str:
    if value != slugify(value) or not value:
        raise fields.error(name, f"{value!r} must be lower-case letters, digits and hyphens, "
                                 f"such as {slugify(value) or 'my-article'!r}")
    return value


def _with_slugs(fields: Fields, name: str, names: list[str]) -> list[str]:
    """Tag or section names: each is listed on a page of its own, so each needs a URL slug."""
    for value in names:
        if not slugify(value):
            raise fields.error(name, f"{value!r} gives an empty URL slug")
    return names


class ContentLoader:
    """Loads content files one by one (for previews) or all at once, on every core."""

    def __init__(self, root: Path, config: Config, options: LoadOptions,
                 cache: BuildCache | None = None, memory: dict | None = None,
                 changed: set[Path] | None = None):
        self.urls = urls = Urls(config.base_url)
        self.root = root
        self.config = config
        self.cache = cache or BuildCache(None)
        self.static_dir = root / "static"
        self.renderers = Renderers(
            body=MarkdownRenderer(urls, allow_html=config.raw_html, static_dir=self.static_dir),
            fields=MarkdownRenderer(urls, allow_html=False))
        self.include_drafts = options.include_drafts
        self.strict = options.strict
        self.now = options.now or dt.datetime.now(config.tz)
        self.authors: dict[str, Author] = {}
        self._record_salt = self._salt()
        self.memory = {} if memory is None else memory     # path -> (salt, record)
        self.changed = changed
        self.static_changed = changed is not None and any(
            path.is_relative_to(self.static_dir) for path in changed)

    def files(self, kind: str) -> list[Path]:
        return source_files(self.root / "content" / kind, ".yml" if kind == "authors" else ".md",
                            f"content/{kind}/")

    def load_authors(self) -> dict[str, Author]:
        self.authors = {}
        for path in self.files("authors"):
            author = load_author(read_data_file(path, _shown(path, self.root)), self.renderers,
                                 self.static_dir, self.strict)
            self.authors[author.id] = author
        return self.authors

    def _salt(self):
        """What an article's cached record depends on besides its file; the generator's
        version is the cache's own (a cache from another version is dropped whole)."""
        return hashlib.blake2b(repr((self.config, self.strict)).encode(), digest_size=20)

    def article(self, path: Path) -> Article | None:
        """The article in `path`, or None when this build leaves it out (a draft, the future)."""
        return self._included(self._remembered(path) or self._loaded(path))

    def _included(self, record: _CachedArticle) -> Article | None:
        article = record.article
        article.authors = [self.authors[author_id] for author_id in record.author_ids]
        if self.include_drafts or (not article.draft and article.date <= self.now):
            return article
        return None

    def _remembered(self, path: Path) -> _CachedArticle | None:
        """The preview's record of a file not saved since it was loaded, while the
        configuration, its static files and its authors are the same."""
        remembered = self.memory.get(path) if self.changed is not None else None
        if remembered is not None and path not in self.changed and \
                remembered[0] == self._record_salt.digest() and self._still_valid(remembered[1]):
            return remembered[1]
        return None

    def _loaded(self, path: Path) -> _CachedArticle:
        """An unchanged file is not parsed again: its record comes from the build cache (a file
        with the same bytes), as long as the configuration, the static files it refers to and
        its authors are the same."""
        shown = _shown(path, self.root)
        data = read_bytes(path, shown)
        key = self._record_salt.copy()
        key.update(shown.encode("utf-8", "surrogateescape") + b"\0" + data)
        key = key.digest()
        record = self.cache.record(key)
        if record is not None and self._still_valid(record, check_files=True):
            self.cache.records_reused += 1
            for message in record.warnings:
                report.warning(message)
        else:
            doc = read_document(path, shown, data)
            with report.collecting_warnings() as warnings:
                article = load_article(doc, self.config, self.renderers, self.authors,
                                       self.static_dir, self.strict)
            record = _CachedArticle(article, [author.id for author in article.authors],
                                    self._static_files(doc), list(warnings))
            article.authors = []
            self.cache.remember_record(key, record)
        self.memory[path] = (self._record_salt.digest(), record)
        return record

    def _still_valid(self, record: _CachedArticle, check_files: bool = False) -> bool:
        """Its authors are all there and its static files as they were."""
        return all(author_id in self.authors for author_id in record.author_ids) and (
            not (check_files or self.static_changed) or all(self._static_file(name) == signature
                                           for name, signature in record.static_files))

    def _static_files(self, doc: Document) -> tuple[tuple[str, tuple | None], ...]:
        """The files under static/ an article's record depends on (its image and the
        root-relative paths in its body), each with its size and time, None where absent."""
        names = static_references(doc.body)
        image = doc.meta.get("image")
        if isinstance(image, dict) and isinstance(image.get("src"), str):
            names.add(image["src"].lstrip("/"))
        return tuple((name, self._static_file(name)) for name in sorted(names))

    def _static_file(self, name: str) -> tuple | None:
        try:
            found = os.stat(os.path.join(self.static_dir, name))
        except (OSError, ValueError):
            return None
        return (found.st_size, found.st_mtime_ns) if stat.S_ISREG(found.st_mode) else None

    def page(self, path: Path) -> Page:
        return load_page(read_document(path, _shown(path, self.root)), self.renderers,
                         self.static_dir, self.urls, self.strict)

    def articles(self, paths: list[Path], progress: Progress | None = None) -> list[Article]:
        """The articles this build publishes, in file order; files not known already are
        read on every core."""
        parent = os.getpid()
        records = {path: record for path in paths
                   if (record := self._remembered(path)) is not None}

        def load_chunk(chunk: list[Path]):
            with report.collecting_warnings() as warnings:
                loaded = [(path, self._loaded(path)) for path in chunk]
            # A worker printed its warnings; `check` counts them in this process too.
            return loaded, self.cache.take_new(), warnings if os.getpid() != parent else []

        def worker_start() -> None:
            self.cache.reopen_in_worker()

        to_load = [path for path in paths if path not in records]
        if progress:
            progress.start("loading articles", len(to_load))
        for loaded, new, warnings in map_chunks(
                load_chunk, to_load, worker_start, progress.advance if progress else None):
            for path, record in loaded:
                records[path] = record
                self.memory[path] = (self._record_salt.digest(), record)
            self.cache.merge(new)
            self.cache.save()       # as it goes, so a killed build keeps what it converted
            report.count_warnings(warnings)
        return [article for path in paths
                if (article := self._included(records[path])) is not None]


def load_content(root: Path, config: Config, options: LoadOptions,
                 cache: BuildCache | None = None, progress: Progress | None = None,
                 memory: dict | None = None, changed: set[Path] | None = None) -> Content:
    """Everything under content/. `memory` holds the article records of the last build of
    this process (the preview's), `changed` the files saved since (None: any file may have)."""
    loader = ContentLoader(root, config, options, cache, memory, changed)
    authors = loader.load_authors()
    articles = loader.articles(loader.files("articles"), progress)
    pages = [loader.page(path) for path in loader.files("pages")]
    return Content(articles, authors, pages, loader.now)


def load_article(doc: Document, config: Config, renderers: Renderers,
                 authors: dict[str, Author], static_dir: Path, strict: bool = False) -> Article:
    fields = Fields(doc, ARTICLE_KEYS, strict)
    author_ids = _author_ids(fields, authors)
    slug = fields.text("slug")
    slug = _check_slug(fields, "slug", slug) if slug else slugify(Path(doc.path).stem)
    if not slug:
        raise fields.error("slug", "the file name gives no slug; set one")

    faq = []
    for entry in fields.mapping_list("faq"):
        fields.check_keys("faq", entry, {"question", "answer"})
        question = fields.text("faq.question", required=True, value=entry.get("question"))
        answer = fields.text("faq.answer", required=True, value=entry.get("answer"))
        faq.append(FaqEntry(question, renderers.fields.convert(answer)))
    takeaways = [renderers.fields.convert_inline(item) for item in fields.text_list("takeaways")]
    body_html = renderers.body.convert(doc.body)
    check_body_images(doc, body_html, static_dir, Urls(config.base_url))

    words = sum(len(_TAG.sub(" ", html).split())
                for html in [body_html, *takeaways, *(e.answer_html for e in faq)])
    words += sum(len(entry.question.split()) for entry in faq)
    tag_names = _with_slugs(fields, "tags", fields.text_list("tags"))
    section_name = fields.text("section")
    _with_slugs(fields, "section", [section_name] if section_name else [])

    return Article(
        source=doc.path,
        slug=slug,
        title=fields.text("title", required=True),
        date=fields.moment("date", config.tz, required=True),
        updated=fields.moment("updated", config.tz),
        authors=[authors[author_id] for author_id in author_ids],
        description=fields.text("description", required=True),
        tag_names=tag_names,
        section_name=section_name,
        image=image_field(fields, "image", static_dir),
        body_html=body_html,
        takeaways_html=takeaways,
        faq=faq,
        comments=fields.boolean("comments", True),
        draft=fields.boolean("draft", False),
        reading_minutes=max(1, math.ceil(words / config.words_per_minute)),
        digest=doc.digest,
        slug_line=doc.key_lines.get("slug"),
    )


def _author_ids(fields: Fields, authors: dict[str, Author]) -> list[str]:
    """The byline's author ids: at least one, each known, none twice ("Ada and Ada")."""
    author_ids = fields.text_list("author")
    if not author_ids:
        raise fields.error("author", "is required (an author id, or a list of them)")
    for index, author_id in enumerate(author_ids):
        if author_id in author_ids[:index]:
            raise fields.error("author", f"author {author_id!r} is given twice")
        if author_id not in authors:
            known = ", ".join(sorted(authors)) or "none"
            raise fields.error("author", f"unknown author {author_id!r} "
                                         f"(no content/authors/{author_id}.yml; known: {known})")
    return author_ids


def load_page(doc: Document, renderers: Renderers, static_dir: Path, urls: Urls,
              strict: bool = False) -> Page:
    fields = Fields(doc, PAGE_KEYS, strict)
    slug = fields.text("slug")
    slug = _check_slug(fields, "slug", slug) if slug else slugify(Path(doc.path).stem)
    body_html = renderers.body.convert(doc.body)
    check_body_images(doc, body_html, static_dir, urls)
    return Page(doc.path, slug, fields.text("title", required=True),
                fields.text("description"), body_html, doc.digest,
                slug_line=doc.key_lines.get("slug"))
