"""The live preview's site, kept in memory and rebuilt incrementally after each save.

After an edit only the changed articles and pages are loaded again; configuration, author and
static-file changes reload everything (from the Markdown cache). Then only pages whose inputs
changed are rendered, and only changed bytes are written.
"""

from __future__ import annotations

import gc
import shutil
import time
from pathlib import Path

from .assemble import assemble
from .assets import Assets
from .cache import BuildCache, CacheUnreadable
from .config import Config, load_config
from .errors import SiteError
from .loader import Content, ContentLoader, LoadOptions
from .model import Article, Page, Site
from .outputs import site_files
from . import parallel
from .parallel import map_chunks
from .render import Renderer
from .report import Progress
from .site_edits import replace_articles, shape
from .symlinks import check_sources, static_files
from .writer import update_in_place

WATCHED = ("site.yml", "content", "templates", "static")


def is_watched(root: Path, path: Path) -> bool:
    """A file the site is made from; not an editor's swap or backup file."""
    relative = path.relative_to(root).parts if path.is_relative_to(root) else ()
    return bool(relative) and relative[0] in WATCHED and not path.name.startswith((".", "#")) \
        and not path.name.endswith(("~", ".swp", ".tmp"))


class Preview:
    def __init__(self, root: Path, output: Path, base_url: str, quiet: bool = False):
        self.root = root
        self.output = output.resolve()
        self.base_url = base_url
        self.options = LoadOptions(include_drafts=True)
        self.progress = Progress(quiet)
        self.cache = BuildCache(root / ".cache")
        self.error: SiteError | None = None
        self.site: Site | None = None
        self._pending: set[Path] = set()
        self._config: Config | None = None
        self._loader: ContentLoader | None = None
        self._renderer: Renderer | None = None
        self._articles: dict[Path, Article | None] = {}
        self._pages: dict[Path, Page] = {}
        self._inputs: dict[str, tuple] = {}     # output file -> the inputs it was rendered from
        self._page_files: set[str] = set()
        self._site_current = False      # self.site is assembled from the records above
        self.output.mkdir(parents=True, exist_ok=True)
        self._files = {path.relative_to(self.output).as_posix()
                       for path in self.output.rglob("*") if path.is_file()}

    def rebuild(self, changed: set[Path] | None = None, defer_outputs: bool = False) -> str:
        """See _rebuild. A cache that cannot be read is discarded, and everything loaded again."""
        try:
            return self._rebuild(changed, defer_outputs)
        except CacheUnreadable as unreadable:
            self.cache.start_over(unreadable)
            self._loader = None
        return self._rebuild(changed, defer_outputs)

    def _rebuild(self, changed: set[Path] | None, defer_outputs: bool) -> str:
        """Bring the preview up to date after `changed` files were saved (or deleted).

        With `defer_outputs`, only the pages are written; the server reloads the browsers and
        then has make_outputs() run (in a forked copy) and calls outputs_written(). On bad
        input, keep the error for the browser and raise; the files stay pending until a
        rebuild succeeds."""
        started = time.perf_counter()
        changed = (changed or set()) | self._pending
        self._pending = set(changed)
        # A collection over the whole site in memory can take longer than the rebuild itself;
        # the server collects while it waits for the next save (collect_garbage()).
        pause_collector = gc.isenabled() and self.site is not None
        if pause_collector:
            gc.disable()
        try:
            reloaded = self._load(changed)
            self.cache.save()
            written, rendered, total = self._write_pages()
            if not defer_outputs:
                written += self.write_outputs()
        except SiteError as error:
            self.error = error
            raise
        finally:
            self.progress.clear()
            self.cache.save()
            if pause_collector:
                gc.enable()
        self._pending = set()
        self.error = None
        return (f"{reloaded} files loaded, {rendered:,} of {total:,} pages rendered, "
                f"{written:,} files written in {time.perf_counter() - started:.2f} s")

    def _load(self, changed: set[Path]) -> int:
        content = self.root / "content"
        simple = {content / "articles", content / "pages"}
        templates = self.root / "templates"
        everything = self._loader is None or self.site is None or any(
            path.parent not in simple and not path.is_relative_to(templates) for path in changed)
        check_sources(self.root, None if everything else changed)
        if everything:
            self._config = load_config(self.root / "site.yml", base_url=self.base_url)
            self._loader = ContentLoader(self.root, self._config, self.options, self.cache)
            self._loader.load_authors()
            paths = self._loader.files("articles")
            self._articles = dict(zip(paths, self._load_all(paths)))
            self._pages = {path: self._loader.page(path) for path in self._loader.files("pages")}
            self._renderer = None
            self._site_current = False
            reloaded = len(self._articles) + len(self._pages)
            replaced = None
        else:
            loaded = self._read_saved(changed, simple)
            replaced = self._same_shape_edits(loaded) if self._site_current else None
            self._site_current = False
            for path, record in loaded.items():
                records = self._articles if path.parent == content / "articles" else self._pages
                if record is None:
                    records.pop(path, None)
                else:
                    records[path] = record
            reloaded = sum(record is not None for record in loaded.values())
        if replaced is not None:
            replace_articles(self.site, replaced)
        else:
            # assemble() orders articles itself (by date and slug): no sorting of paths needed
            self.site = assemble(Content([article for article in self._articles.values()
                                          if article],
                                         self._loader.authors,
                                         [p for _, p in sorted(self._pages.items())],
                                         self._loader.now), self._config)
        self._site_current = True
        if self._renderer is None:
            self._renderer = Renderer(self.site, self.root / "templates",
                                      Assets(self.root / "static"), self.cache)
        else:
            self._renderer.update(self.site, templates_changed=any(
                path.is_relative_to(self.root / "templates") for path in changed))
        return reloaded

    def _read_saved(self, changed: set[Path], simple: set[Path]
                    ) -> dict[Path, Article | Page | None]:
        """The saved articles and pages, None for a deleted one. Everything is read before
        anything is kept, so a bad file changes nothing."""
        loaded: dict[Path, Article | Page | None] = {}
        for path in sorted(changed):
            if path.suffix != ".md" or path.parent not in simple:
                continue
            if not path.is_file():
                loaded[path] = None
            elif path.parent.name == "articles":
                loaded[path] = self._loader.article(path)
            else:
                loaded[path] = self._loader.page(path)
        return loaded

    def _same_shape_edits(self, loaded: dict[Path, Article | Page | None]
                          ) -> list[tuple[Article, Article]] | None:
        """The (old, new) articles when every loaded file is an article edited without
        changing where it goes (date, slug, tags, section, authors): the site can keep its
        order and lists, and only swap the records. None when it must be assembled again."""
        articles = self.root / "content" / "articles"
        replaced = []
        for path, new in loaded.items():
            old = self._articles.get(path) if path.parent == articles else None
            if old is None or new is None or shape(old) != shape(new):
                return None
            replaced.append((old, new))
        return replaced

    def _load_all(self, paths: list[Path]) -> list[Article | None]:
        """Every article, in file order, with None for the ones this preview leaves out."""
        loaded = {article.source: article for article in self._loader.articles(paths, self.progress)}
        return [loaded.get(path.relative_to(self.root).as_posix()) for path in paths]

    def _write_pages(self) -> tuple[int, int, int]:
        renderer = self._renderer
        jobs = renderer.jobs()
        to_render = [job for job in jobs if self._inputs.get(job.file) != job.inputs
                     or job.file not in self._files]
        for job in to_render:
            self._inputs.pop(job.file, None)    # until it is written

        def render_chunk(chunk) -> int:
            return sum(update_in_place(self.output, job.file, renderer.render_job(job))
                       for job in chunk)

        self.progress.start("rendering pages", len(to_render))
        written = sum(map_chunks(render_chunk, to_render, renderer.worker_start,
                                 self.progress.advance))
        for job in to_render:
            self._inputs[job.file] = job.inputs
        files = {job.file for job in jobs}
        written += self._copy_static(files, renderer.assets.names)
        self._page_files = files
        self._files |= files        # on disk now; what is stale is removed after the outputs
        if len(to_render) >= parallel.MIN_ITEMS:      # rendered in worker processes
            renderer.compile_templates()
        return written, len(to_render), len(jobs)

    def write_outputs(self) -> int:
        """Feeds, sitemaps and robots.txt (always made, written when changed), then remove
        what the site no longer has."""
        written, names = self.make_outputs()
        self.outputs_written(names)
        return written

    def make_outputs(self) -> tuple[int, list[str]]:
        """Write the feeds, sitemaps and robots.txt where their bytes changed: how many were
        written, and every output's file name. Changes nothing in this object, so a forked
        copy of the server can do it while the server goes on."""
        files = set(self._page_files)
        written = 0
        try:
            for file, content in site_files(self.site):
                if file in files:
                    raise SiteError(f"output file '{file}' is written twice", "the build")
                files.add(file)
                written += update_in_place(self.output, file, content.encode("utf-8")
                                           if isinstance(content, str) else content)
        except SiteError as error:
            self.error = error
            raise
        return written, sorted(files - self._page_files)

    def outputs_written(self, names: list[str]) -> None:
        """After make_outputs(): remove what the site no longer has."""
        files = self._page_files | set(names)
        for stale in sorted(self._files - files):
            self._inputs.pop(stale, None)
            _remove(self.output, stale)
        self._files = files

    def _copy_static(self, files: set[str], renames: dict[str, str]) -> int:
        written = 0
        static = self.root / "static"
        for path in static_files(self.root):
            relative = path.relative_to(static).as_posix()
            key = renames.get(relative, relative)
            if key in files:
                raise SiteError(f"output file '{key}' is written twice", f"static/{relative}")
            files.add(key)
            target = self.output / key
            stat = path.stat()
            try:
                published = target.stat()
                same = (published.st_size, published.st_mtime_ns) == (stat.st_size,
                                                                        stat.st_mtime_ns)
            except OSError:
                same = False
            if not same:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, target)
                written += 1
        return written


def _remove(output: Path, key: str) -> None:
    target = output / key
    target.unlink(missing_ok=True)
    folder = target.parent
    while folder != output and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
