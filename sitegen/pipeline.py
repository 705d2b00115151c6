"""The build recipe: configuration, content, site model, pages, files."""

from __future__ import annotations

import gc
import hashlib
import pickle
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .assemble import assemble
from .assets import Assets
from .cache import BuildCache
from .cachedb import CacheUnreadable, discard_cache
from .config import load_config
from .errors import SiteError
from .loader import LoadOptions, load_content
from .model import Site
from .output_folder import output_path, refuse_unsafe_output
from .outputs import site_outputs
from .outputs.sitefile import SiteFile
from .parallel import map_chunks
from .publish_switch import publish
from .render import PageJob, Renderer
from .report import Progress
from .search import BUNDLE, index_site
from .symlinks import check_sources, static_files
from .writer import StagingWriter, link_or_copy


@dataclass
class BuildResult:
    site: Site
    pages: int              # pages in the site
    written: int            # files whose bytes changed (pages and static files)
    unchanged: int          # files carried over byte for byte
    rendered: int           # pages rendered (the others' inputs had not changed)
    reused: int             # articles taken from the cache instead of parsed
    cache_hits: int         # Markdown texts taken from the cache instead of converted
    converted: int          # Markdown texts converted
    seconds: float

    def summary(self) -> str:
        return (f"{self.pages:,} pages ({len(self.site.articles):,} articles): "
                f"{self.written:,} files written, {self.unchanged:,} unchanged, "
                f"{self.rendered:,} pages rendered, {self.reused:,} articles from the cache, "
                f"Markdown cache {self.cache_hits:,} hits / {self.converted:,} converted, "
                f"{self.seconds:.2f} s")


def load_site(root: Path, base_url: str | None = None, options: LoadOptions = LoadOptions(),
              cache: BuildCache | None = None, progress: Progress | None = None) -> Site:
    config = load_config(root / "site.yml", base_url=base_url, strict=options.strict)
    return assemble(load_content(root, config, options, cache, progress), config)


def inputs_digest(job: PageJob) -> bytes:
    """A page's inputs are plain values (strings, bytes, numbers, None, tuples). Pickle writes
    them faithfully, so equal digests mean equal inputs (at worst, shared objects make equal
    inputs differ and a page is rendered again), in a third of the time repr takes."""
    return hashlib.blake2b(pickle.dumps(job.inputs, protocol=5), digest_size=16).digest()


def build(root: Path, output: Path, base_url: str | None = None,
          options: LoadOptions = LoadOptions(), search: bool = True,
          use_cache: bool = True, quiet: bool = True) -> BuildResult:
    """The site built into `output` (see _build). A cache that cannot be read is discarded,
    and the build starts again from scratch."""
    try:
        return _build(root, output, base_url, options, search, use_cache, quiet)
    except CacheUnreadable as unreadable:
        discard_cache(root / ".cache", unreadable)
    # Outside the handler, so that the failed build's workers are gone before this one starts.
    return _build(root, output, base_url, options, search, use_cache, quiet)


def _build(root: Path, output: Path, base_url: str | None, options: LoadOptions,
           search: bool, use_cache: bool, quiet: bool) -> BuildResult:
    """Load and assemble the site, list its pages with their inputs, render the pages whose
    inputs changed since the last build of `output`, and publish the files that changed.
    `search=False` skips the search index (the search page then finds nothing)."""
    started = time.perf_counter()
    output = output_path(output)
    _check_output_folder(root, output)
    check_sources(root)     # before anything reads static/, content/ or templates/
    progress = Progress(quiet)
    cache = BuildCache(root / ".cache" if use_cache else None)
    try:
        site = load_site(root, base_url, options, cache, progress)
        # The site model lives until the build ends: the collector need not scan its millions
        # of objects again each time the page list, feeds or sitemaps allocate (and forked
        # workers then leave its memory pages shared).
        gc.freeze()
        cache.save()
        static = root / "static"
        assets = Assets(static)
        renderer = Renderer(site, root / "templates", assets, cache)
        jobs = renderer.jobs()
        digests = {job.file: inputs_digest(job) for job in jobs}
        previous = cache.page_inputs(output)
        cache.forget_pages(output)
        rendered = 0

        def write_all(writer: StagingWriter) -> None:
            nonlocal rendered
            rendered = write_pages(writer, renderer, jobs, digests, previous, progress)
            for file in site_outputs(site):
                write_site_file(writer, file, digests, previous)
            if static.is_dir():
                writer.copy_files(static, static_files(root), assets.names)
            if search and site.articles:
                write_search_index(writer, previous)

        writer = publish(output, write_all)
        cache.save(output, digests)
    finally:
        gc.unfreeze()
        progress.clear()
        cache.close()
    return BuildResult(site, len(jobs), writer.changed, writer.unchanged, rendered,
                       cache.records_reused, cache.hits, cache.misses,
                       time.perf_counter() - started)


def write_pages(writer: StagingWriter, renderer: Renderer, jobs: list[PageJob],
                digests: dict[str, bytes], previous: dict[str, bytes],
                progress: Progress) -> int:
    """Keep each page whose inputs did not change; render the rest (on every core) and write
    those whose bytes changed. Returns how many pages were rendered."""
    to_render = []
    for job in jobs:
        writer.claim(job.file)
        if not keep_published(writer, job.file, digests[job.file], previous):
            to_render.append(job)

    def render_chunk(chunk: list[PageJob]) -> list[str]:
        return [job.file for job in chunk if writer.put(job.file, renderer.render_job(job))]

    progress.start("rendering pages", len(to_render))
    changed = {key for keys in map_chunks(render_chunk, to_render, renderer.worker_start,
                                          progress.advance) for key in keys}
    for job in to_render:
        writer.tally(job.file, job.file in changed)
    return len(to_render)


def write_site_file(writer: StagingWriter, file: SiteFile, digests: dict[str, bytes],
                    previous: dict[str, bytes]) -> None:
    """A feed or sitemap is kept like a page when its inputs are those of the published file
    (its digest is stored with the pages'); otherwise made, and written if its bytes changed."""
    if file.inputs is not None:
        digest = hashlib.blake2b(repr(file.inputs).encode("utf-8", "surrogatepass"),
                                 digest_size=16).digest()
        digests[file.path] = digest
        if keep_published(writer, file.path, digest, previous):
            writer.claim(file.path)
            return
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


def _check_output_folder(root: Path, output: Path) -> None:
    """Publishing replaces the output folder: never the site's own folder or its sources, nor
    a folder this generator did not build. Checked before anything is written."""
    root = root.resolve()
    sources = [root / name for name in ("content", "templates", "static", "seeds")]
    if root.is_relative_to(output) or any(output.is_relative_to(folder) for folder in sources):
        raise SiteError("the output folder would replace the site's own files; "
                        "choose a folder such as _site", output)
    refuse_unsafe_output(output)
