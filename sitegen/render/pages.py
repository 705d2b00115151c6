"""The render stage: every page with the digest of all it is made from, and the pages whose
digests changed rendered (on every core) and written."""

from __future__ import annotations

import hashlib
import operator
from dataclasses import dataclass, field

from sitegen import parallel
from sitegen.parallel import map_chunks
from sitegen.publish.writer import StagingWriter
from sitegen.render.contexts import page_context
from sitegen.render.digests import Digester
from sitegen.render.templates import Renderer, output_file
from sitegen.render.views import Views
from sitegen.report import Progress
from sitegen.site.model import Site, SitePage


@dataclass(slots=True)
class PageJob:
    """One page to make: where it goes, its template and context, and the digest of all it
    is made from but the site-wide parts (see StoredDigests)."""
    file: str
    page: SitePage
    context: dict
    digest: bytes
    template: str           # its templates' digest
    always: bytes           # the digest of the configuration and asset names
    stored: bytes | None = None     # what was stored for its file when it last kept or made it


@dataclass(slots=True)
class KnownJobs:
    """The last build's pages with a BuildMemory, in the order of its page list."""
    page_list: list[SitePage] | None = None
    jobs: list[PageJob] = field(default_factory=list)
    by_path: dict[str, PageJob] = field(default_factory=dict)
    templates: dict[str, str] = field(default_factory=dict)     # each template's digest
    positions: dict[int, int] | None = None     # id(page) -> its place (made when needed)


def page_jobs(site: Site, renderer: Renderer, views: Views, digester: Digester,
              known: KnownJobs) -> list[PageJob]:
    """Every page with its context and the digest of its templates, the configuration and
    asset names (which every page may use), its path and its context. A page given the
    same objects as in the last build of this memory has the same digest (views are never
    changed once made). A page of a site assembled again from the last one that shows
    nothing new (see site/outline.py) has the same context too, so its job is carried over;
    when the page list is the same list, the last build's jobs are, but for those pages."""
    always = digester.digest(renderer.always)
    templates = {name: renderer.template_digest(name) for name in known.templates}
    carried = _carried_over(site, known, templates, always, views, digester)
    if carried is not None:
        return carried
    last = known.by_path
    changed = site.changed_pages
    reuse = changed is not None and known.jobs and known.jobs[0].always == always
    jobs, by_path = [], {}
    for page in site.page_list:
        before = last.get(page.path)
        template = templates.get(page.template)
        if template is None:
            template = templates[page.template] = renderer.template_digest(page.template)
        if reuse and before is not None and before.page is page and \
                before.template == template and page not in changed:
            job = before
        else:
            job = _job(page, before, template, always, views, digester)
        by_path[page.path] = job
        jobs.append(job)
    known.page_list, known.jobs, known.by_path = site.page_list, jobs, by_path
    known.templates, known.positions = templates, None
    return jobs


def _carried_over(site: Site, known: KnownJobs, templates: dict[str, str], always: bytes,
                  views: Views, digester: Digester) -> list[PageJob] | None:
    """The last build's jobs with those of the changed pages made again, when the page list
    and the templates are those of the last build; otherwise None."""
    changed = site.changed_pages
    if changed is None or site.page_list is not known.page_list or not known.jobs or \
            known.jobs[0].always != always or templates != known.templates:
        return None
    if known.positions is None:
        known.positions = {id(job.page): at for at, job in enumerate(known.jobs)}
    jobs = known.jobs
    for page in changed:
        at = known.positions[id(page)]
        job = jobs[at] = _job(page, jobs[at], templates[page.template], always, views,
                              digester)
        known.by_path[page.path] = job
    return jobs


def _job(page: SitePage, before: PageJob | None, template: str, always: bytes, views: Views,
         digester: Digester) -> PageJob:
    """The page's job; its digest is that of the last build's job for the same path when
    its context holds the same objects."""
    context = page_context(page, views)
    if before is None or before.template != template or before.always != always \
            or before.context.keys() != context.keys() \
            or not all(map(operator.is_, before.context.values(), context.values())):
        digest = digester.digest((template, always, page.path, context))
    else:
        digest = before.digest
    return PageJob(output_file(page.path), page, context, digest, template, always)


class StoredDigests:
    """What is stored for a page rendered from a job that read some site-wide parts: the
    digest of the job's and those parts' inputs, then the parts' names (`names`: those names
    as stored, one per line)."""

    def __init__(self, parts: dict[str, bytes]):
        self.parts = parts
        self._known: dict[bytes, bytes | None] = {}     # names -> the parts' inputs

    def of(self, job: PageJob, names: bytes) -> bytes | None:
        """None when a part it read is gone."""
        inputs = self._known.get(names, False)
        if inputs is False:
            read = names.decode().split("\n") if names else ()
            inputs = self._known[names] = None if any(name not in self.parts for name in read) \
                else b"".join(name.encode() + b"\0" + self.parts[name] for name in read)
        if inputs is None:
            return None
        return hashlib.sha256(job.digest + inputs).digest()[:16] + names


def write_pages(writer: StagingWriter, renderer: Renderer, jobs: list[PageJob],
                parts: dict[str, bytes], previous: dict[str, bytes],
                digests: dict[str, bytes], progress: Progress, same_parts: bool = False) -> int:
    """Keep each page whose inputs did not change (its own, and the site-wide parts it read
    last time: it reads the same again); render the rest (on every core) and write those
    whose bytes changed. Returns how many pages were rendered. `same_parts`: the site-wide
    parts are those of the last build, so a job of that build whose stored digest is still
    the one stored is unchanged."""
    stored_digests = StoredDigests(parts)
    writer.claim_all([job.file for job in jobs])
    to_render = []
    kept = 0
    for job in jobs:
        stored = previous.get(job.file)
        if stored is not None and (same_parts and job.stored is stored or stored_digests.of(
                job, stored[16:]) == stored) and writer.keep(job.file):
            digests[job.file] = job.stored = stored
            kept += 1
        else:
            previous.pop(job.file, None)    # until it is written
            to_render.append(job)
    writer.tally_kept(kept)

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
        digests[job.file] = job.stored = stored_digests.of(job, "\n".join(sorted(read)).encode())
    if len(to_render) >= parallel.MIN_ITEMS:    # rendered in workers: compile here too, so
        renderer.compile_templates()            # that the preview's next small build need not
    return len(to_render)
