"""The build recipe: configuration, content, site model, pages, files.

`build`, `check` and the preview all run it; the preview passes a BuildMemory, which keeps
each stage's caches in memory between its builds and writes into its folder in place.
"""

from __future__ import annotations

import gc
import time
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.cards.stage import card_files
from sitegen.config import load_config
from sitegen.content.loader import LoadOptions, load_content
from sitegen.content.symlinks import check_sources, static_files
from sitegen.errors import SiteError
from sitegen.images.photos import is_photo
from sitegen.images.stage import photo_files
from sitegen.outputs import site_outputs
from sitegen.outputs.cms import cms_files
from sitegen.outputs.feeds import FeedEntries
from sitegen.outputs.search import write_search_index
from sitegen.outputs.sitefile import SiteFile
from sitegen.publish.cache import BuildCache
from sitegen.publish.cachedb import CacheUnreadable, discard_cache
from sitegen.publish.file_store import FileStore
from sitegen.publish.output_folder import output_path, refuse_unsafe_output
from sitegen.publish.preview_output import InPlaceWriter
from sitegen.publish.publish_switch import publish
from sitegen.publish.writer import StagingWriter
from sitegen.render.digests import Digester
from sitegen.render.pages import KnownJobs, page_jobs, write_pages
from sitegen.render.templates import Renderer
from sitegen.render.views import Views
from sitegen.report import Progress, counted
from sitegen.site.assemble import assemble
from sitegen.site.assets import Assets
from sitegen.site.model import Site
from sitegen.site.urls import Urls


@dataclass
class BuildMemory:
    """What the preview keeps between its builds: what it loaded, the last site, views and
    their digests, the compiled templates, each page's digest, and the folder it updates in
    place."""
    output: InPlaceWriter
    loaded: dict = field(default_factory=dict)      # what each file held (see loader.py)
    site: Site | None = None
    views: Views = field(default_factory=Views)
    digester: Digester = field(default_factory=Digester)
    renderer: Renderer | None = None
    page_digests: dict[str, bytes] = field(default_factory=dict)
    parts: dict[str, bytes] = field(default_factory=dict)     # the site-wide parts' digests
    jobs: KnownJobs = field(default_factory=KnownJobs)      # the last build's pages
    feed_entries: FeedEntries = field(default_factory=FeedEntries)


@dataclass
class BuildResult:
    site: Site
    pages: int              # pages in the site
    written: int            # files whose bytes changed (pages and static files)
    unchanged: int          # files carried over byte for byte
    rendered: int           # pages rendered (the others' inputs had not changed)
    reused: int             # articles taken from the cache instead of parsed
    parsed: int             # articles read from their files
    seconds: float
    encoded: int = 0        # photos whose variants were encoded (the others were kept)
    drawn: int = 0          # social cards made (the others were kept)

    def summary(self) -> str:
        return (f"{counted(self.pages, 'page')} ({counted(len(self.site.articles), 'article')}): "
                f"{counted(self.written, 'file')} written, {self.unchanged:,} unchanged, "
                f"{counted(self.rendered, 'page')} rendered, "
                f"{counted(self.reused, 'article')} from the cache, "
                f"{self.parsed:,} parsed, {counted(self.encoded, 'photo')} encoded, "
                f"{counted(self.drawn, 'card')} drawn, {self.seconds:.2f} s")



def load_site(root: Path, base_url: str | None = None, options: LoadOptions = LoadOptions(),
              cache: BuildCache | None = None, progress: Progress | None = None,
              memory: BuildMemory | None = None, changed: set[Path] | None = None) -> Site:
    """Configuration, content and the assembled site model (`changed`: see
    loader.load_content)."""
    config = load_config(root / "site.yml", base_url=base_url, strict=options.strict)
    content = load_content(root, config, options, cache, progress,
                           memory.loaded if memory else None, changed)
    if memory is None:
        return assemble(content, config)
    memory.site = assemble(content, config, memory.site, remember=True)
    return memory.site


def build(root: Path, output: Path, base_url: str | None = None,
          options: LoadOptions = LoadOptions(), search: bool = True,
          use_cache: bool = True, quiet: bool = True, memory: BuildMemory | None = None,
          changed: set[Path] | None = None) -> BuildResult:
    """The site built into `output` (see _build). A cache that cannot be read is discarded,
    and the build starts again from scratch."""
    arguments = (root, output, base_url, options, search, use_cache, quiet, memory)
    try:
        return _build(*arguments, changed)
    except CacheUnreadable as unreadable:
        discard_cache(root / ".cache", unreadable)
    # Outside the handler, so that the failed build's workers are gone before this one starts.
    return _build(*arguments, changed)


def _build(root: Path, output: Path, base_url: str | None, options: LoadOptions,
           search: bool, use_cache: bool, quiet: bool, memory: BuildMemory | None,
           changed: set[Path] | None) -> BuildResult:
    """Load and assemble the site, list its pages with their digests, render those whose
    digests changed since the last build of `output`, publish the files that changed.
    `search=False`: no search index. `changed`: the files saved since the last build with
    this `memory` (None: any may have changed)."""
    started = time.perf_counter()
    output = output_path(output)
    _check_output_folder(root, output, replaced=memory is None)
    check_sources(root, changed)     # before anything reads static/, content/ or templates/
    progress = Progress(quiet)
    cache = BuildCache(root / ".cache" if use_cache else None)
    kept = memory or BuildMemory(None)
    try:
        site = load_site(root, base_url, options, cache, progress, memory, changed)
        # The model lives until the build ends: the collector need not scan it again (and
        # forked workers leave its memory pages shared).
        gc.freeze()
        cache.save()
        static = static_files(root)
        assets = Assets(root / "static", static)
        renderer = _renderer(kept, root, site, assets, changed)
        jobs = page_jobs(site, renderer, kept.views, kept.digester, kept.jobs)
        parts = _part_digests(renderer, kept.digester)
        digests: dict[str, bytes] = {}      # each file's, as stored for the next build
        previous = kept.page_digests if memory else cache.page_inputs(output)
        cache.forget_pages(output)
        rendered, made = 0, (0, 0)

        def write_all(writer: StagingWriter) -> None:
            nonlocal rendered, made
            rendered = write_pages(writer, renderer, jobs, parts, previous, digests, progress,
                                   same_parts=parts == kept.parts)
            made = _write_files(writer, site, kept, root / "static", static, assets.names,
                                cache.files, digests, previous)
            if search and site.articles:
                write_search_index(writer, site, kept.views, kept.digester, digests, previous)

        writer = memory.output.publish(write_all) if memory else publish(output, write_all)
        kept.page_digests, kept.parts = digests, parts
        cache.save(None if memory else output, digests)
    finally:
        gc.unfreeze()
        progress.clear()
        cache.close()
    return BuildResult(site, len(jobs), writer.changed, writer.unchanged, rendered,
                       cache.records_reused, cache.records_parsed,
                       time.perf_counter() - started, *made)


def _write_files(writer: StagingWriter, site: Site, kept: BuildMemory, static_dir: Path,
                 static: list[Path], renames: dict[str, str], store: FileStore,
                 digests: dict[str, bytes], previous: dict[str, bytes]) -> tuple[int, int]:
    """Every file besides the pages and the search index: feeds and sitemaps, the photos'
    variants and the social cards (made where the store lacks them), the other static
    files. Returns how many photos were encoded and cards drawn."""
    photos, encoded = photo_files(static_dir, static, site.config.images, store)
    cards, drawn = card_files(site, static_dir, store)
    url, stylesheet = Urls(site.config.base_url).url, renames.get("css/site.css")
    admin = cms_files(site, url(stylesheet) if stylesheet else None, url)
    for file in [*site_outputs(site, kept.views.story, kept.feed_entries), *photos, *cards,
                 *admin]:
        write_site_file(writer, file, digests, previous, kept.digester)
    writer.copy_files(static_dir, [path for path in static if not is_photo(path)], renames)
    return encoded, drawn


def _part_digests(renderer: Renderer, digester: Digester) -> dict[str, bytes]:
    """The digest of each site-wide part (`site.sections`, `site.latest`, ...)."""
    return {name: digester.digest(renderer.site_wide.part(name))
            for name in renderer.site_wide.names}


def _renderer(kept: BuildMemory, root: Path, site: Site, assets: Assets,
              changed: set[Path] | None) -> Renderer:
    """This build's renderer: the last one's (its compiled templates) with this site-wide
    part, unless there was none."""
    kept.views.start(anew=site.changed_pages is None)
    kept.digester.start(anew=site.changed_pages is None)
    site_wide = kept.views.site_wide(site)
    templates = root / "templates"
    if kept.renderer is None:
        kept.renderer = Renderer(templates, site.config, site_wide, assets)
    else:
        kept.renderer.update(site.config, site_wide, assets, templates_changed=changed is None
                             or any(path.is_relative_to(templates) for path in changed))
    return kept.renderer


def write_site_file(writer: StagingWriter, file: SiteFile, digests: dict[str, bytes],
                    previous: dict[str, bytes], digester: Digester) -> None:
    """A feed or sitemap is kept like a page when its inputs are those of the published file
    (its digest is stored with the pages'); otherwise made, and written if its bytes changed."""
    if file.inputs is not None:
        digest = digests[file.path] = digester.digest(file.inputs)
        if keep_published(writer, file.path, digest, previous):
            writer.claim(file.path)
            return
        previous.pop(file.path, None)
    writer.write(file.path, file.make())


def keep_published(writer: StagingWriter, key: str, digest: bytes,
                   previous: dict[str, bytes]) -> bool:
    """Keep (and count) the published file when it was made from inputs with this digest."""
    if previous.get(key) == digest and writer.keep(key):
        writer.tally(key, changed=False)
        return True
    return False


def _check_output_folder(root: Path, output: Path, replaced: bool) -> None:
    """Publishing replaces the output folder (the preview updates its own): never the site's
    own folder or its sources, nor a folder this generator did not build. Checked before
    anything is written."""
    root = root.resolve()
    sources = [root / name for name in ("content", "templates", "static", "seeds")]
    if root.is_relative_to(output) or any(output.is_relative_to(folder) for folder in sources):
        raise SiteError("the output folder would replace the site's own files; "
                        "choose a folder such as _site", output)
    if replaced:
        refuse_unsafe_output(output)
