"""The build recipe: configuration, content, site model, pages, files.

`build`, `check` and the preview all run it; the preview passes a BuildMemory, which keeps
each stage's caches in memory between its builds and writes into its folder in place.
"""

from __future__ import annotations

import gc
import hashlib
import operator
import tempfile
from collections.abc import Iterable
import time
from dataclasses import dataclass, field
from pathlib import Path

from sitegen import parallel
from sitegen.config import load_config
from sitegen.content.loader import LoadOptions, load_content
from sitegen.content.symlinks import check_sources, static_files
from sitegen.errors import SiteError
from sitegen.outputs import site_outputs
from sitegen.outputs.search import BUNDLE, index_site
from sitegen.outputs.sitefile import SiteFile
from sitegen.parallel import map_chunks
from sitegen.publish.cache import BuildCache
from sitegen.publish.cachedb import CacheUnreadable, discard_cache
from sitegen.publish.output_folder import output_path, refuse_unsafe_output
from sitegen.publish.preview_output import InPlaceWriter
from sitegen.publish.publish_switch import publish
from sitegen.publish.writer import StagingWriter, link_or_copy
from sitegen.render.contexts import page_context
from sitegen.render.digests import Digester
from sitegen.render.templates import Renderer, output_file
from sitegen.render.views import Views
from sitegen.report import Progress
from sitegen.site.assemble import assemble
from sitegen.site.assets import Assets
from sitegen.site.model import Site, SitePage


@dataclass
class BuildMemory:
    """What the preview keeps between its builds: loaded records, views and their digests,
    the compiled templates, each page's digest, and the folder it updates in place."""
    output: InPlaceWriter
    records: dict = field(default_factory=dict)
    views: Views = field(default_factory=Views)
    digester: Digester = field(default_factory=Digester)
    renderer: Renderer | None = None
    page_digests: dict[str, bytes] = field(default_factory=dict)
    jobs: dict[str, PageJob] = field(default_factory=dict)     # the last build's pages


@dataclass
class PageJob:
    """One page to make: where it goes, its template and context, and the digest of all it
    is made from but the site-wide parts (see stored_digest)."""
    file: str
    page: SitePage
    context: dict
    digest: bytes
    template: str           # its templates' digest
    always: bytes           # the digest of the configuration and asset names


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

    def summary(self) -> str:
        return (f"{self.pages:,} pages ({len(self.site.articles):,} articles): "
                f"{self.written:,} files written, {self.unchanged:,} unchanged, "
                f"{self.rendered:,} pages rendered, {self.reused:,} articles from the cache, "
                f"{self.parsed:,} parsed, {self.seconds:.2f} s")


def load_site(root: Path, base_url: str | None = None, options: LoadOptions = LoadOptions(),
              cache: BuildCache | None = None, progress: Progress | None = None,
              records: dict | None = None, changed: set[Path] | None = None) -> Site:
    """Configuration, content and the assembled site model (`records`, `changed`: see
    loader.load_content)."""
    config = load_config(root / "site.yml", base_url=base_url, strict=options.strict)
    return assemble(load_content(root, config, options, cache, progress, records, changed),
                    config)


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
        site = load_site(root, base_url, options, cache, progress, kept.records, changed)
        # The site model lives until the build ends: the collector need not scan its millions
        # of objects again each time the page list, feeds or sitemaps allocate (and forked
        # workers then leave its memory pages shared).
        gc.freeze()
        cache.save()
        static = static_files(root)
        assets = Assets(root / "static", static)
        renderer = _renderer(kept, root, site, assets, changed)
        jobs = page_jobs(site, renderer, kept)
        parts = {name: kept.digester.digest(renderer.site_wide.part(name))
                 for name in renderer.site_wide.names}
        digests: dict[str, bytes] = {}      # each file's, as stored for the next build
        previous = kept.page_digests if memory else cache.page_inputs(output)
        cache.forget_pages(output)
        rendered = 0

        def write_all(writer: StagingWriter) -> None:
            nonlocal rendered
            rendered = write_pages(writer, renderer, jobs, parts, previous, digests, progress)
            for file in site_outputs(site, kept.views.story):
                write_site_file(writer, file, digests, previous, kept.digester)
            writer.copy_files(root / "static", static, assets.names)
            if search and site.articles:
                write_search_index(writer, previous)

        writer = memory.output.publish(write_all) if memory else publish(output, write_all)
        kept.page_digests = digests
        cache.save(None if memory else output, digests)
    finally:
        gc.unfreeze()
        progress.clear()
        cache.close()
    return BuildResult(site, len(jobs), writer.changed, writer.unchanged, rendered,
                       cache.records_reused, cache.records_parsed,
                       time.perf_counter() - started)


def _renderer(kept: BuildMemory, root: Path, site: Site, assets: Assets,
              changed: set[Path] | None) -> Renderer:
    """This build's renderer: the last one's (its compiled templates) with this site-wide
    part, unless there was none."""
    kept.views.start()
    kept.digester.start()
    site_wide = kept.views.site_wide(site)
    templates = root / "templates"
    if kept.renderer is None:
        kept.renderer = Renderer(templates, site.config, site_wide, assets)
    else:
        kept.renderer.update(site.config, site_wide, assets, templates_changed=changed is None
                             or any(path.is_relative_to(templates) for path in changed))
    return kept.renderer


def page_jobs(site: Site, renderer: Renderer, kept: BuildMemory) -> list[PageJob]:
    """Every page with its context and the digest of its templates, the configuration and
    asset names (which every page may use), its path and its context. A page given the
    same objects as in the last build of this memory has the same digest (views are never
    changed once made)."""
    always = kept.digester.digest(renderer.always)
    last, kept.jobs = kept.jobs, {}
    jobs = []
    for page in site.page_list:
        context = page_context(page, kept.views)
        template = renderer.template_digest(page.template)
        file = output_file(page.path)
        known = last.get(file)
        if known is None or known.template != template or known.always != always \
                or known.context.keys() != context.keys() \
                or not all(map(operator.is_, known.context.values(), context.values())):
            digest = kept.digester.digest((template, always, page.path, context))
            known = PageJob(file, page, context, digest, template, always)
        kept.jobs[file] = known
        jobs.append(PageJob(file, page, context, known.digest, template, always))
    return jobs


def stored_digest(job: PageJob, read: Iterable[str], parts: dict[str, bytes]) -> bytes | None:
    """What is stored for a page rendered from `job` that read the site-wide parts `read`:
    the digest of its own and those parts' inputs, then the parts' names. None when a part
    it read is gone."""
    names = sorted(read)
    if any(name not in parts for name in names):
        return None
    digest = hashlib.sha256(job.digest + b"".join(
        name.encode() + b"\0" + parts[name] for name in names)).digest()[:16]
    return digest + "\n".join(names).encode()


def write_pages(writer: StagingWriter, renderer: Renderer, jobs: list[PageJob],
                parts: dict[str, bytes], previous: dict[str, bytes],
                digests: dict[str, bytes], progress: Progress) -> int:
    """Keep each page whose inputs did not change (its own, and the site-wide parts it read
    last time: it reads the same again); render the rest (on every core) and write those
    whose bytes changed. Returns how many pages were rendered."""
    to_render = []
    for job in jobs:
        writer.claim(job.file)
        stored = previous.get(job.file)
        read = stored[16:].decode().split("\n") if stored and stored[16:] else ()
        if stored and stored_digest(job, read, parts) == stored and writer.keep(job.file):
            writer.tally(job.file, changed=False)
            digests[job.file] = stored
        else:
            previous.pop(job.file, None)    # until it is written
            to_render.append(job)

    def render_chunk(chunk: list[PageJob]) -> list[tuple[bool, frozenset]]:
        made = []
        for job in chunk:
            html, read = renderer.render(job.page.template, job.page.path, job.context)
            made.append((writer.put(job.file, html), read))
        return made

    progress.start("rendering pages", len(to_render))
    made = [result for results in map_chunks(render_chunk, to_render, None, progress.advance)
            for result in results]
    for job, (changed, read) in zip(to_render, made):
        writer.tally(job.file, changed)
        digests[job.file] = stored_digest(job, read, parts)
    if len(to_render) >= parallel.MIN_ITEMS:    # rendered in workers: compile here too, so
        renderer.compile_templates()            # that the preview's next small build need not
    return len(to_render)


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


def write_search_index(writer: StagingWriter, previous: dict[str, bytes]) -> None:
    """Index the article pages again only when one of them changed, came or went; pagefind
    reads the new site's article pages (changed ones from the new version, the others from
    the published one, linked into a scratch folder) and writes its index into the new one."""
    published = writer.previous
    articles = sorted(key for key in writer.written if key.startswith("articles/"))
    changed = not previous or any(key.startswith("articles/") for key in writer.staged) \
        or any(key.startswith("articles/") and key not in writer.written for key in previous)
    if published is not None and not changed and (published / BUNDLE).is_dir():
        for key in sorted(key for key in writer.published.files
                          if key.startswith(f"{BUNDLE}/")):
            writer.tally(writer.claim(key), changed=False)
        return
    with tempfile.TemporaryDirectory(dir=writer.scratch) as scratch:
        for key in articles:
            source = (writer.directory if key in writer.staged else published) / key
            target = Path(scratch, key)
            target.parent.mkdir(parents=True, exist_ok=True)
            link_or_copy(source, target)
        index_site(Path(scratch), writer.directory / BUNDLE)
    for path in sorted((writer.directory / BUNDLE).rglob("*")):
        if path.is_file():
            key = writer.claim(path.relative_to(writer.directory).as_posix(), "search index")
            writer.tally(key, changed=True)


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
