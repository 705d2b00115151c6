"""Images that content names, a front-matter image or one in a body: each a file under static/."""

from __future__ import annotations

import html
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sitegen.content.documents import Document
from sitegen.content.fields import Fields
from sitegen.content.markup import image_sources
from sitegen.errors import SiteError
from sitegen.images.photos import PhotoProblem, is_photo, probe
from sitegen.images.settings import ImageSettings
from sitegen.site.images import PHOTO_TO_COME, image_size, static_file
from sitegen.site.model import Image
from sitegen.site.urls import Urls


def image_field(fields: Fields, name: str, static_dir: Path,
                settings: ImageSettings) -> Image | None:
    value = fields.mapping(name)
    if value is None:
        return None
    fields.check_keys(name, value, {"src", "alt", "caption", "credit"})
    src = fields.text(f"{name}.src", required=True, value=value.get("src"))
    alt = fields.text(f"{name}.alt", required=True, value=value.get("alt"))
    caption = fields.text(f"{name}.caption", value=value.get("caption"))
    credit = fields.text(f"{name}.credit", value=value.get("credit"))
    if src == PHOTO_TO_COME:
        return Image(src, alt, caption, credit=credit)
    file = static_file(static_dir, src)
    if file is None:
        raise fields.error(f"{name}.src", f"image {src!r} not found in static/ (write "
                                          f"{PHOTO_TO_COME!r} until there is a photo)")
    if is_photo(file):
        try:
            size = probe(file, settings)
        except PhotoProblem as problem:
            raise fields.error(f"{name}.src", f"static/{src.lstrip('/')}: {problem}") from None
    else:
        size = image_size(file) or (None, None)
    return Image(src.lstrip("/"), alt, caption, *size, credit=credit)


def check_body_images(doc: Document, html_text: str, static_dir: Path, urls: Urls,
                      settings: ImageSettings) -> None:
    """Every image in a body is a file under static/ (external images are left alone), and
    every photo among them one that can be published."""
    for src in image_sources(html_text):
        if not src.strip():
            raise SiteError("an image with no path: give its file under static/, such as "
                            "'/images/photo.jpg'", doc.path, _body_line(doc, "]()"), "body")
        parts = urlsplit(src)
        if parts.scheme or parts.netloc:
            continue
        path = unquote(parts.path)
        relative = (path.removeprefix(urls.base_path) if path.startswith(urls.base_path)
                    else path.lstrip("/"))
        if not path.startswith("/"):
            raise SiteError(f"image {src!r} must start with '/' (a file under static/, "
                            f"such as '/{relative}')", doc.path, _body_line(doc, relative or src),
                            "body")
        file = static_file(static_dir, relative)
        if file is None:
            raise SiteError(f"image {'/' + relative!r} not found in static/", doc.path,
                            _body_line(doc, relative or src), "body")
        if is_photo(file):
            try:
                probe(file, settings)
            except PhotoProblem as problem:
                raise SiteError(f"static/{relative}: {problem}", doc.path,
                                _body_line(doc, relative), "body") from None


def _body_line(doc: Document, path: str) -> int | None:
    """The file line of the body line that names `path`, as written or percent- or
    entity-encoded (`my%20photo.png`, `&#109;y.png`), as the rendered HTML decoded it."""
    for number, text in enumerate(doc.body.split("\n")):
        if path in text or path in unquote(html.unescape(text)):
            return doc.body_line + number
    return None
