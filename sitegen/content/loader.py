"""Load content/: documents -> checked, typed records (articles, authors, pages)."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from sitegen import report
from sitegen.config import Config
from sitegen.content.authors import load_author
from sitegen.content.loaded import Content, LoadOptions
from sitegen.content.documents import read_bytes, read_data_file, read_document, source_files
from sitegen.content.markup import MarkdownRenderer
from sitegen.content.records import Renderers, load_article, load_page
from sitegen.content.source_digests import SourceDigests, shown_path as _shown
from sitegen.content.static_signatures import record_static_files, unchanged
from sitegen.parallel import map_chunks
from sitegen.publish.cache import PREFETCH_BATCH, BuildCache
from sitegen.report import Progress
from sitegen.site.model import Article, Author, Page, same_objects
from sitegen.site.urls import Urls


@dataclass(slots=True)
class _CachedArticle:
    """A loaded article as the build cache keeps it, with what else it was made from."""
    article: Article                            # its `authors` left empty: they are ids here
    author_ids: list[str]
    static_files: tuple[tuple[str, tuple | None], ...]  # (path under static/, size and mtime)
    warnings: list[str]


@dataclass
class _Listing:
    """A folder's files as last listed, and (for articles) what was loaded from them."""
    files: list[Path]
    index: dict[Path, int]              # each file's place in `files`
    records: list[_CachedArticle] | None = None     # by file
    authors: tuple[Author, ...] = ()    # those the records' authors were found among
    articles: list[Article] | None = None   # what they published, when drafts are shown


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
        self.include_drafts = options.include_drafts
        self.strict = options.strict
        self.now = options.now or dt.datetime.now(config.tz)
        self.authors: dict[str, Author] = {}
        self.held_back: set[str] = set()
        self.expired: list[Article] = []
        self._record_salt = self._salt()
        self._salt_digest = self._record_salt.digest()
        self.sources = SourceDigests(*self.cache.source_digests(changed is None))
        # path -> (salt, what was loaded from it): a record, an author, a page, a folder's
        # listing, or (for site.yml) the Markdown renderers made from its configuration
        self.memory = {} if memory is None else memory
        self.changed = changed
        known = self.memory.get(root / "site.yml")
        self.renderers = known[1] if known and known[0] == self._salt_digest else Renderers(
            body=MarkdownRenderer(urls, allow_html=config.raw_html, static_dir=self.static_dir,
                                  images=config.images),
            fields=MarkdownRenderer(urls, allow_html=False))
        self.memory[root / "site.yml"] = (self._salt_digest, self.renderers)
        self.static_changed = changed is not None and any(
            path.is_relative_to(self.static_dir) for path in changed)
        self._signatures: dict[str, tuple | None] = {}     # static files' as read this build

    def files(self, kind: str) -> list[Path]:
        """The folder's files, as listed for the last build of this memory when no file
        saved since was new, gone, or not one of them."""
        folder = self.root / "content" / kind
        remembered = self._remembered(folder)
        if remembered is not None and not any(
                folder.is_relative_to(path) or (path.parent == folder and (
                    path not in remembered.index or not path.is_file())) for path in self.changed):
            return remembered.files
        files = source_files(folder, ".yml" if kind == "authors" else ".md", f"content/{kind}/")
        self.memory[folder] = (self._salt_digest, _Listing(files, {path: number for number, path
                                                                  in enumerate(files)}))
        return files

    def load_authors(self) -> dict[str, Author]:
        self.authors = {}
        for path in self.files("authors"):
            author = self._remembered(path, self.static_changed) or load_author(
                read_data_file(path, _shown(path, self.root)), self.renderers,
                self.static_dir, self.strict)
            self.memory[path] = (self._salt_digest, author)
            self.authors[author.id] = author
        return self.authors

    def _salt(self):
        """What an article's cached record depends on besides its file; the generator's
        version is the cache's own (a cache from another version is dropped whole)."""
        return hashlib.blake2b(repr((self.config, self.strict)).encode(), digest_size=20)

    def article(self, path: Path) -> Article | None:
        """The article in `path`, or None when this build leaves it out (a draft, the future)."""
        return self._included(self._remembered_record(path) or self._loaded(path))

    def _included(self, record: _CachedArticle) -> Article | None:
        article = record.article
        article.authors = list(map(self.authors.__getitem__, record.author_ids))
        due = not article.draft and article.date <= self.now
        if due and article.expires and article.expires <= self.now and not self.include_drafts:
            self.expired.append(article)        # its address says it is gone
        elif self.include_drafts or due:
            return article
        self.held_back.add(article.slug)
        return None

    def _remembered(self, path: Path, stale: bool = False):
        """What the last build of this memory loaded from `path`, if it was not saved since
        and the configuration is the same (and not `stale`)."""
        if self.changed is None or stale or path in self.changed:
            return None
        remembered = self.memory.get(path)
        return remembered[1] if remembered is not None and remembered[0] == self._salt_digest \
            else None

    def _remembered_record(self, path: Path) -> _CachedArticle | None:
        """An article's remembered record, while its static files and authors are the same."""
        record = self._remembered(path)
        return record if record is not None and self._still_valid(record) else None

    def _loaded(self, path: Path) -> _CachedArticle:
        keyed = self._key(path)
        return self._cached(path, keyed) or self._parsed(path, keyed)

    def _key(self, path: Path) -> tuple[str, bytes | None, bytes]:
        """The file's shown name, its bytes (None: unchanged, not read) and its record's key."""
        shown = _shown(path, self.root)
        data, digest = self.sources.digest(path, shown)
        key = self._record_salt.copy()
        key.update(shown.encode("utf-8", "surrogateescape") + b"\0" + digest)
        return shown, data, key.digest()

    def _cached(self, path: Path, keyed: tuple | None = None) -> _CachedArticle | None:
        """An unchanged file is not parsed again: its record comes from the build cache (a file
        with the same bytes), as long as the configuration, the static files it refers to and
        its authors are the same."""
        record = self.cache.record((keyed or self._key(path))[2])
        if record is None or not self._still_valid(record, check_files=True):
            return None
        self.cache.records_reused += 1
        for message in record.warnings:
            report.warning(message)
        self.memory[path] = (self._salt_digest, record)
        return record

    def _parsed(self, path: Path, keyed: tuple | None = None) -> _CachedArticle:
        """`keyed`: the file's shown name, bytes and key, read in this process already (a
        worker reads the file itself, so the key is always that of the bytes parsed)."""
        shown, data, key = keyed or self._key(path)
        doc = read_document(path, shown, read_bytes(path, shown) if data is None else data)
        with report.collecting_warnings() as warnings:
            article = load_article(doc, self.config, self.renderers, self.authors,
                                   self.static_dir, self.strict)
        record = _CachedArticle(article, [author.id for author in article.authors],
                                record_static_files(doc, self.static_dir), list(warnings))
        article.authors = []
        article.record_digest = hashlib.blake2b(
            key + repr(record.static_files).encode(), digest_size=16).digest()
        self.cache.remember_record(key, record)
        self.memory[path] = (self._salt_digest, record)
        return record

    def _still_valid(self, record: _CachedArticle, check_files: bool = False) -> bool:
        """Its authors are all there and its static files as they were."""
        return all(map(self.authors.__contains__, record.author_ids)) and (
            not (check_files or self.static_changed) or
            unchanged(self.static_dir, record.static_files, self._signatures))

    def page(self, path: Path) -> Page:
        page = self._remembered(path, self.static_changed) or load_page(
            read_document(path, _shown(path, self.root)), self.renderers, self.static_dir,
            self.urls, self.strict)
        self.memory[path] = (self._salt_digest, page)
        return page

    def articles(self, paths: list[Path], progress: Progress | None = None) -> list[Article]:
        """The articles this build publishes, in file order; files not known already are
        read on every core."""
        known = self._known_articles(paths)
        if known is not None:
            return known
        if progress:
            progress.start("loading articles", len(paths))
        records = self._known_records(paths, progress)
        parent = os.getpid()

        def load_chunk(chunk: list[Path]):
            with report.collecting_warnings() as warnings:
                loaded = [(path, self._parsed(path)) for path in chunk]
            # A worker printed its warnings; `check` counts them in this process too.
            return loaded, self.cache.take_new(), warnings if os.getpid() != parent else []

        to_load = [path for path in paths if path not in records]
        originals = {path: path for path in to_load}
        for loaded, new, warnings in map_chunks(load_chunk, to_load, self.cache.reopen_in_worker,
                                                progress.advance if progress else None):
            for path, record in loaded:
                path = originals[path]      # not the copy a worker sent back: the same key
                records[path] = record
                self.memory[path] = (self._salt_digest, record)
            self.cache.merge(new)
            self.cache.save()       # as it goes, so a killed build keeps what it converted
            report.count_warnings(warnings)
        articles = [article for path in paths
                    if (article := self._included(records[path])) is not None]
        self._remember_articles(paths, [records[path] for path in paths], articles)
        return articles

    def _known_records(self, paths: list[Path], progress: Progress | None) -> dict:
        """The records this process has (remembered, or in the cache: they would cost more
        to send back from workers than to read here); only the other files go to workers."""
        records, keyed = {}, []
        for path in paths:
            if (record := self._remembered_record(path)) is not None:
                records[path] = record
            else:       # the key only: a cold build would hold every file's bytes
                shown, _, key = self._key(path)
                keyed.append((path, (shown, None, key)))
        if progress:
            progress.advance(len(records))
        for start in range(0, len(keyed), PREFETCH_BATCH):     # their records at once
            batch = keyed[start:start + PREFETCH_BATCH]
            self.cache.prefetch([key[2] for _, key in batch])
            for path, key in batch:
                if (record := self._cached(path, key)) is not None:
                    records[path] = record
                    if progress:
                        progress.advance(1)     # read from the cache: slow enough to show
        return records

    def _known_articles(self, paths: list[Path]) -> list[Article] | None:
        """The preview's articles (drafts shown) when few of their files were saved since its
        last build, the folder's files and the authors being the same: those files loaded
        again, the other articles as they were."""
        entry = self.memory.get(self.root / "content" / "articles")
        if self.changed is None or not self.include_drafts or self.static_changed or \
                entry is None or entry[0] != self._salt_digest:
            return None
        listing = entry[1]
        saved = [listing.index[path] for path in self.changed if path in listing.index]
        if listing.files is not paths or listing.articles is None or len(saved) > 8 or \
                not same_objects(listing.authors, tuple(self.authors.values())):
            return None
        records, articles = list(listing.records), list(listing.articles)
        for number in saved:
            records[number] = self._loaded(paths[number])
            articles[number] = self._included(records[number])
        self._remember_articles(paths, records, articles)
        return articles

    def _remember_articles(self, paths: list[Path], records: list[_CachedArticle],
                           articles: list[Article]) -> None:
        listing = self.memory.get(self.root / "content" / "articles", (None, None))[1]
        if listing is not None and listing.files is paths:
            listing.records, listing.authors = records, tuple(self.authors.values())
            listing.articles = articles if self.include_drafts else None


def load_content(root: Path, config: Config, options: LoadOptions,
                 cache: BuildCache | None = None, progress: Progress | None = None,
                 memory: dict | None = None, changed: set[Path] | None = None) -> Content:
    """Everything under content/. `memory` holds the article records of the last build of
    this process (the preview's), `changed` the files saved since (None: any file may have)."""
    loader = ContentLoader(root, config, options, cache, memory, changed)
    authors = loader.load_authors()
    articles = loader.articles(loader.files("articles"), progress)
    loader.cache.remember_sources(*loader.sources.to_store())
    pages = [loader.page(path) for path in loader.files("pages")]
    return Content(articles, authors, pages, loader.now, frozenset(loader.held_back),
                   tuple(loader.expired))


