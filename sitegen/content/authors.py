"""Author files (content/authors/<id>.yml) -> checked Author records."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sitegen.content.documents import Document
from sitegen.content.field_specs import AUTHOR_KEYS
from sitegen.content.fields import Fields
from sitegen.content.image_refs import image_field
from sitegen.errors import SiteError
from sitegen.site.model import Author, Link
from sitegen.site.slugs import slugify
from sitegen.site.urlcheck import link_url_problem

if TYPE_CHECKING:
    from sitegen.content.records import Renderers

def load_author(doc: Document, renderers: Renderers, static_dir: Path,
                strict: bool = False) -> Author:
    fields = Fields(doc, AUTHOR_KEYS, strict)
    author_id = Path(doc.path).stem
    if author_id != slugify(author_id):
        raise SiteError(f"author file name {author_id!r} must be lower-case letters, digits "
                        f"and hyphens, such as {slugify(author_id)!r}", doc.path)
    links = []
    for entry in fields.mapping_list("links"):
        fields.check_keys("links", entry, {"title", "url"})
        url = fields.text("links.url", True, entry.get("url"))
        if problem := link_url_problem(url):
            raise fields.error("links.url", problem)
        links.append(Link(fields.text("links.title", True, entry.get("title")), url))
    return Author(
        id=author_id,
        name=fields.text("name", required=True),
        role=fields.text("role"),
        bio_html=renderers.fields.convert(fields.text("bio") or ""),
        avatar=image_field(fields, "avatar", static_dir, renderers.images),
        links=links,
        source=doc.path,
        digest=doc.digest,
    )
