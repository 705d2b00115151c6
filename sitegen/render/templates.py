"""Render pages through one Jinja2 environment that knows only the site-wide part.

The environment's globals are made from the configuration, the navigation (`SiteWide`) and
the asset names; each page adds its declared context (contexts.py). A template that reaches
for anything else fails with one line naming the template, the line and what it may use.
"""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path
from xml.etree import ElementTree

import jinja2
import jinja2.bccache
from jinja2 import meta
from markupsafe import Markup

from sitegen.config import Config
from sitegen.content.markup import photo_to_come
from sitegen.images.photos import picture_sources
from sitegen.render.page_meta import PageHeads
from sitegen.render.template_errors import template_errors
from sitegen.render.views import SiteWide
from sitegen.site.assets import Assets
from sitegen.site.dates import format_date, iso
from sitegen.site.urls import Urls


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
_GLOBALS = ("site", "config", "url", "absolute_url", "asset_url", "head", "photo_sources",
            "photo_to_come")


class _PageEnvironment(jinja2.Environment):
    """Templates reach only the fields of what they were given: a missing one is an error
    naming those there are, and no name starting with "_" (Python's internals) is reached."""

    def getattr(self, obj, attribute):
        return self._checked(obj, attribute, super().getattr)

    def getitem(self, obj, argument):
        return self._checked(obj, argument, super().getitem)

    def _checked(self, obj, name, look_up):
        if isinstance(name, str) and name.startswith("_"):
            return self._refused(obj, name)
        found = look_up(obj, name)
        if isinstance(found, jinja2.Undefined) and isinstance(name, str):
            return self._refused(obj, name)
        return found

    def _refused(self, obj, name) -> jinja2.Undefined:
        if isinstance(obj, SiteWide):
            fields = obj.names
        elif dataclasses.is_dataclass(obj):
            fields = tuple(field.name for field in dataclasses.fields(obj)
                           if not field.name.startswith("_"))
            fields += tuple(name for name, value in vars(type(obj)).items()
                            if isinstance(value, property))
        else:
            return self.undefined(obj=obj, name=name)
        return self.undefined(f"{type(obj).__name__} has no {name!r}; it has: "
                              f"{', '.join(fields)}", obj=obj, name=name)


def _photo_to_come(alt: str, show_alt: bool, css_class: str) -> Markup:
    """The body's "Photo to come" box (content/markup.py), for the picture macro."""
    return Markup(ElementTree.tostring(photo_to_come(alt, None, show_alt, css_class),
                                       encoding="unicode", method="html"))


class Renderer:
    def __init__(self, templates: Path, config: Config, site_wide: SiteWide, assets: Assets):
        # Templates are loaded once, not checked for changes at every use (ten file times a
        # page): a build never sees them change, and the preview says when they did (update).
        self.env = _PageEnvironment(
            auto_reload=False,
            bytecode_cache=_COMPILED,
            loader=jinja2.FileSystemLoader(str(templates)),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self._template_digests: dict[str, str] = {}
        self.update(config, site_wide, assets, templates_changed=False)

    def update(self, config: Config, site_wide: SiteWide, assets: Assets,
               templates_changed: bool) -> None:
        """The site-wide part of another build; compiled templates are kept unless a template
        changed (unchanged ones then come back from the bytecode cache)."""
        urls = Urls(config.base_url)
        self.env.globals.update(
            url=urls.url, absolute_url=urls.absolute_url, config=config, site=site_wide,
            head=PageHeads(config, urls),
            asset_url=lambda name: urls.url(assets.published_name(name)),
            photo_sources=lambda image, layout: picture_sources(
                image.src, image.width, config.images, urls.url, layout),
            photo_to_come=_photo_to_come)
        self.env.filters.update(date=lambda moment: format_date(moment, config.date_format),
                                date_time=lambda moment: format_date(
                                    moment, f"{config.date_format}, %H:%M"),
                                iso=iso)
        self.site_wide = site_wide
        self.always = (config, tuple(sorted(assets.names.items())))     # read by every page
        if templates_changed:
            self.env.cache.clear()
            self._template_digests.clear()

    def compile_templates(self) -> None:
        """Compile every template in this process, so that the preview's first small rebuild
        after a build rendered in worker processes does not wait for it. A broken template
        is left for render() to report."""
        for name in self.env.list_templates():
            try:
                self.env.get_template(name)
            except jinja2.TemplateError:
                pass

    def render(self, template_name: str, path: str, context: dict) -> tuple[bytes, frozenset]:
        """The page, and the names of the site-wide parts it read."""
        self.site_wide.read = set()
        with template_errors(template_name):
            try:
                html = self.env.get_template(template_name).render(path=path, **context)
            except jinja2.UndefinedError as error:
                if error.message and error.message.endswith(" is undefined"):
                    given = ["path", *context, *_GLOBALS]
                    error.args = (f"{error.message}: this page is given {', '.join(given)}",)
                raise
        return html.encode("utf-8"), frozenset(self.site_wide.read)

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
