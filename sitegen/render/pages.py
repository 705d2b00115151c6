"""The render stage: every page with the digest of all it is made from, and the pages whose
digests changed rendered (on every core) and written."""

from __future__ import annotations

import hashlib
import operator
from collections.abc import Iterable
from dataclasses import dataclass

from sitegen import parallel
from sitegen.parallel import map_chunks
from sitegen.publish.writer import StagingWriter
from sitegen.render.contexts import page_context
from sitegen.render.digests import Digester
from sitegen.render.templates import Renderer, output_file
from sitegen.render.views import Views
from sitegen.report import Progress
from sitegen.site.model import Site, SitePage


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


def page_jobs(site: Site, renderer: Renderer, views: Views, digester: Digester,
              known: dict[str, PageJob]) -> list[PageJob]:
    """Every page with its context and the digest of its templates, the configuration and
    asset names (which every page may use), its path and its context. A page given the
    same objects as in the last build of this memory has the same digest (views are never
    changed once made): `known`, the last build's pages by file, becomes this build's."""
    always = digester.digest(renderer.always)
    last = dict(known)
    known.clear()
    jobs = []
    for page in site.page_list:
        context = page_context(page, views)
        template = renderer.template_digest(page.template)
        file = output_file(page.path)
        before = last.get(file)
        if before is None or before.template != template or before.always != always \
                or before.context.keys() != context.keys() \
                or not all(map(operator.is_, before.context.values(), context.values())):
            digest = digester.digest((template, always, page.path, context))
        else:
            digest = before.digest
        known[file] = job = PageJob(file, page, context, digest, template, always)
        jobs.append(job)
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
