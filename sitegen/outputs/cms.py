"""The editing interface at /admin/: Decap CMS, with the config.yml it reads beside its page
generated from the fields the loader accepts (content/field_specs.py) and the site's own
authors, sections and tags.

Decap CMS is a git-based editor: it commits Markdown files to the repository (on GitHub, or
through `decap-server` on this machine for `make edit`). Its script comes from npm
(node_modules/decap-cms, installed by the Makefile) and is published beside the page, so
nothing loads from another host. Without it, no /admin/ is published (`check` says so).
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import yaml

from sitegen.content.field_specs import (ARTICLE_FIELDS, AUTHOR_FIELDS, LABELS, PAGE_FIELDS,
                                         FieldSpec)
from sitegen.outputs.sitefile import SiteFile
from sitegen.site.model import Site

# Where `make` installs Decap CMS: beside the generator, whichever site it builds
CMS_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules/decap-cms/dist/decap-cms.js"
LOCAL_BACKEND = "http://127.0.0.1:8081/api/v1"     # decap-server, started by `make edit`
_TEXT = {"widget": "string"}
_AUTHOR = {"widget": "relation", "collection": "authors", "value_field": "{{slug}}",
           "search_fields": ["name"], "display_fields": ["name"]}


def cms_files(site: Site, stylesheet: str | None, url) -> list[SiteFile]:
    """admin/index.html, admin/config.yml and the script; none without the script.
    `stylesheet`: the site's, for the editor's preview pane (its URL, or None)."""
    if not CMS_SCRIPT.is_file():
        return []
    found = CMS_SCRIPT.stat()
    config = cms_config(site)
    # The preview pane in the site's stylesheet: a script file, as every script of the site
    setup = "" if stylesheet is None else f"CMS.registerPreviewStyle({json.dumps(stylesheet)});\n"
    page = _ADMIN_PAGE.format(title=html.escape(f"{site.config.title}: editor"), scripts="".join(
        f'<script src="{html.escape(url(name))}"></script>\n'
        for name in ("admin/decap-cms.js", "admin/editor.js")))
    return [SiteFile("admin/index.html", (page,), lambda: page),
            SiteFile("admin/editor.js", (setup,), lambda: setup),
            SiteFile("admin/config.yml", (config,), lambda: config),
            SiteFile("admin/decap-cms.js", ("decap-cms", found.st_size, found.st_mtime_ns),
                     CMS_SCRIPT.read_bytes)]


def cms_config(site: Site) -> str:
    """Decap's config.yml: one collection per kind of content, each field as the loader
    reads it, required where the loader requires it."""
    def widgets(specs: tuple[FieldSpec, ...]) -> list[dict]:
        return [{"label": spec.name.capitalize(), "name": spec.name,
                 **_widget(spec.kind, site), "required": spec.required,
                 **({"default": spec.default} if spec.default is not None else {}),
                 **({"hint": spec.hint} if spec.hint else {})} for spec in specs]
    body = {"label": "Body", "name": "body", "widget": "markdown",
            "modes": ["raw", "rich_text"]}      # raw first: the site's own Markdown kept as typed
    collections = [
        {"name": "articles", "label": "Articles", "label_singular": "Article",
         "folder": "content/articles", "create": True, "slug": "{{slug}}",
         "fields": [*widgets(ARTICLE_FIELDS), body]},
        {"name": "authors", "label": "Authors", "label_singular": "Author",
         "folder": "content/authors", "create": True, "extension": "yml", "format": "yml",
         "identifier_field": "name", "fields": widgets(AUTHOR_FIELDS)},
        {"name": "pages", "label": "Pages", "label_singular": "Page", "folder": "content/pages",
         "create": True, "slug": "{{slug}}", "fields": [*widgets(PAGE_FIELDS), body]},
    ]
    settings = site.config.cms
    backend = {"name": "github", "repo": settings.repo or "OWNER/REPOSITORY",
               "branch": settings.branch}
    if settings.auth_url:       # else GitHub's sign-in through Netlify's service
        backend["base_url"] = settings.auth_url.rstrip("/")
    config = {"backend": backend, "local_backend": {"url": LOCAL_BACKEND},
              "media_folder": "static/images", "public_folder": "/images",
              "collections": collections}
    return ("# Made by the build from the loader's fields: edit content/field_specs.py, not "
            "this file.\n" + yaml.safe_dump(config, sort_keys=False, allow_unicode=True))


def _widget(kind: str, site: Site) -> dict:
    moment = {"widget": "datetime"}
    if kind == "section":
        names = [section.name for section in site.sections]
        return {"widget": "select", "options": names} if names else _TEXT
    return {
        "text": _TEXT, "long text": {"widget": "text"}, "moment": moment,
        "boolean": {"widget": "boolean", "default": False},
        "authors": {**_AUTHOR, "multiple": True},
        "label": {"widget": "select", "options": list(LABELS), "default": "news"},
        "tags": {"widget": "list", "hint": _tags_hint(site)},
        "text list": {"widget": "list", "field": {"label": "Item", "name": "item", **_TEXT}},
        "stories": {"widget": "relation", "collection": "articles", "value_field": "{{slug}}",
                    "search_fields": ["title"], "display_fields": ["title"], "multiple": True},
        # Optional as a whole: the form cannot require its parts only when one is given
        # (the loader does: a photo needs its alt text)
        "image": {"widget": "object", "collapsed": True, "fields": [
            {"label": "Photo", "name": "src", "widget": "image", "required": False,
             "hint": "Or write photo-to-come until there is one"},
            {"label": "Alt text", "name": "alt", **_TEXT, "required": False,
             "hint": "What the picture shows: required with a photo"},
            {"label": "Caption", "name": "caption", **_TEXT, "required": False},
            {"label": "Credit", "name": "credit", **_TEXT, "required": False}]},
        "faq": _list({"question": _TEXT, "answer": {"widget": "markdown"}}),
        "corrections": _list({"date": moment, "text": {"widget": "text"}}),
        "credits": _list({"author": _AUTHOR, "role": _TEXT}),
        "links": _list({"title": _TEXT, "url": _TEXT}),
    }[kind]


def _tags_hint(site: Site) -> str:
    """The tags in use, each as inline code: Decap renders hints as Markdown, and a tag's
    name is the site's text, never a link or markup there."""
    if not site.tags:
        return "Comma-separated, e.g. Batteries, Grid"
    names = [f"`{tag.name.replace('`', chr(39))}`" for tag in site.tags[:40]]
    return "Comma-separated; in use: " + ", ".join(names)


def _list(fields: dict[str, dict]) -> dict:
    return {"widget": "list", "fields": [{"label": name.capitalize(), "name": name, **widget}
                                         for name, widget in fields.items()]}


_ADMIN_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{title}</title>
</head>
<body>
{scripts}</body>
</html>
"""
