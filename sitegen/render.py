"""Render a Site into HTML pages through one Jinja2 environment."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import jinja2
import jinja2.bccache

from .assets import Assets
from .dates import format_date, iso
from .errors import SiteError
from .model import Site, paginate
from .page_meta import PageHeads
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


class Renderer:
    def __init__(self, site: Site, templates: Path, assets: Assets):
        self.site = site
        urls = Urls(site.config.base_url)
        self.env = jinja2.Environment(
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

    def render(self, template_name: str, path: str, **context) -> tuple[str, str]:
        try:
            template = self.env.get_template(template_name)
            html = template.render(path=path, **context)
        except jinja2.TemplateSyntaxError as error:
            raise SiteError(f"template syntax error: {error.message}",
                            f"templates/{error.name or template_name}", error.lineno) from None
        except jinja2.TemplateNotFound as error:
            raise SiteError(f"template not found: {error.name}", f"templates/{template_name}") from None
        except jinja2.UndefinedError as error:
            name, line = _template_position(error, template_name)
            raise SiteError(f"template error: {error.message}", f"templates/{name}", line) from None
        except SiteError as error:     # raised by a template global such as asset_url()
            name, line = _template_position(error, template_name)
            raise SiteError(error.message, f"templates/{name}", line) from None
        except (jinja2.TemplateError, ArithmeticError, LookupError, TypeError, ValueError) as error:
            # An expression in an edited template that fails, e.g. {{ article.title + 1 }}.
            name, line = _template_position(error, template_name)
            raise SiteError(f"template error: {type(error).__name__}: {error}",
                            f"templates/{name}", line) from None
        return output_file(path), html

    def pages(self) -> Iterator[tuple[str, str]]:
        """Every page of the site as (output file, HTML), one at a time."""
        site = self.site
        per_page = site.config.articles_per_page
        for listing in site.home:
            yield self.render("index.html", listing.path, listing=listing)
        for article in site.articles:
            yield self.render("article.html", article.path, article=article)
        for author in site.authors:
            for listing in paginate(author.articles, per_page, author.path):
                yield self.render("author.html", listing.path, author=author, listing=listing)
        yield self.render("authors.html", "authors/")
        for tag in site.tags:
            for listing in paginate(tag.articles, per_page, tag.path):
                yield self.render("tag.html", listing.path, tag=tag, listing=listing)
        yield self.render("tags.html", "tags/")
        for section in site.sections:
            for listing in paginate(section.articles, per_page, section.path):
                yield self.render("section.html", listing.path, section=section, listing=listing)
        if site.sections:
            yield self.render("sections.html", "sections/")
        for page in site.pages:
            yield self.render("page.html", page.path, page=page)
        yield self.render("search.html", "search/")
        yield self.render("404.html", "404.html")


def _template_position(error: Exception, fallback: str) -> tuple[str, int | None]:
    """The template file and line that raised, from the traceback Jinja rewrites."""
    traceback = error.__traceback__
    name, line = fallback, None
    while traceback is not None:
        filename = traceback.tb_frame.f_code.co_filename
        if filename.endswith(".html"):
            name, line = Path(filename).name, traceback.tb_lineno
            parts = Path(filename).parts
            if "templates" in parts:
                name = "/".join(parts[len(parts) - parts[::-1].index("templates"):])
        traceback = traceback.tb_next
    return name, line
