"""Markdown to HTML with one configured Python-Markdown instance, reset between documents."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree
from xml.etree.ElementTree import SubElement

import markdown
from markupsafe import Markup
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

from sitegen.content import quickmarkdown, safe_html
from sitegen.images.photos import PhotoProblem, is_photo, picture_sources, probe
from sitegen.images.settings import ImageSettings
from sitegen.site.images import PHOTO_TO_COME, image_size, static_file
from sitegen.site.slugs import slugify
from sitegen.site.urls import Urls

EXTENSIONS = ["extra", "admonition", "sane_lists", "toc"]
# What "extra" adds (abbreviations, attribute lists, definition lists, fenced code, footnotes,
# Markdown inside HTML, tables) acts only on text with one of these: "{|~`<", "[^", "*[" or a
# line starting with ":". For text without them, Python-Markdown without "extra" gives the
# same HTML in 80% of the time (tests/test_properties.py compares the two). Searched in
# pieces: one regular expression for all of them is four times slower.
_EXTRA_CHARACTERS = re.compile(r"[{|~`<]")
_DEFINITION_LINE = re.compile(r"\n[ \t]*:")


def needs_extra(text: str) -> bool:
    return bool(_EXTRA_CHARACTERS.search(text) or "[^" in text or "*[" in text
                or _DEFINITION_LINE.search(text) or text.lstrip(" \t").startswith(":"))


# A root-relative path in Markdown or HTML ("/images/x.svg"), not "//host" or "https://".
# Starting with the literal "/" (the look-behind comes after it) lets the regex engine jump
# from slash to slash instead of trying every position: 60 times faster.
_ROOT_PATHS = re.compile(r"""/(?<![\w/:]/)([^\s()"'<>\[\]]+)""")


def _root_paths(text: str) -> set[str]:
    """The root-relative paths in a text, without their "/", query and fragment."""
    return {path.split("?")[0].split("#")[0] for path in _ROOT_PATHS.findall(text)}


# One line of words and plain punctuation, starting with a letter: no Markdown syntax, no
# HTML, no entity, nothing a list, heading or admonition could start with. Python-Markdown
# makes it one paragraph, as is; most FAQ answers are such lines, and for them the fixed cost
# of a conversion is most of the work (tests/test_properties.py compares the two). One class
# of word characters and punctuation, with "_" looked for apart, is five times faster than an
# alternation of the two.
_PLAIN_LINE = re.compile(
    r"[^\W\d_][\w .,;:?!'\"()%/+\-\u2013\u2014\u2018\u2019\u201c\u201d\u2026]*")


def is_plain_line(text: str) -> bool:
    return bool(_PLAIN_LINE.fullmatch(text)) and "_" not in text and not text.endswith(" ")


class _SiteLinks(Treeprocessor):
    """Send root-relative links and images ("/images/x.svg") through the site's URL helper."""

    def __init__(self, md: markdown.Markdown, urls: Urls):
        super().__init__(md)
        self.urls = urls

    def run(self, root: ElementTree.Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value and value.startswith("/") and not value.startswith("//"):
                    element.set(attribute, self.urls.url(value))


class _ImageSizes(Treeprocessor):
    """Body images: intrinsic width/height (no layout shift) and lazy loading (below the fold);
    a photo becomes a <picture> of its variants; "photo-to-come", a placeholder box."""

    def __init__(self, md: markdown.Markdown, static_dir: Path, images: ImageSettings,
                 urls: Urls):
        super().__init__(md)
        self.static_dir = static_dir
        self.images = images
        self.urls = urls

    def run(self, root: ElementTree.Element) -> None:
        for parent in list(root.iter()):
            for at, image in enumerate(parent):
                if image.tag != "img":
                    continue
                src = image.get("src") or ""
                if src == PHOTO_TO_COME:
                    parent[at] = photo_to_come(image.get("alt") or "", image.tail)
                    continue
                if src.startswith("/") and not src.startswith("//") and "width" not in image.attrib:
                    path = unquote(urlsplit(src).path)      # "/my%20photo.jpg?v=2"
                    file = static_file(self.static_dir, path)
                    if file and is_photo(file):
                        parent[at] = self._picture(image, file, path)
                    elif size := image_size(file) if file else None:
                        image.set("width", str(size[0]))
                        image.set("height", str(size[1]))
                image.set("loading", "lazy")
                image.set("decoding", "async")

    def _picture(self, image: ElementTree.Element, file: Path, path: str) -> ElementTree.Element:
        """<picture><source type=image/webp srcset sizes><source srcset sizes><img></picture>:
        the <img> keeps only its src, so a feed reader that drops <source> shows the photo."""
        try:
            width, height = probe(file, self.images, decode=False)
        except PhotoProblem:
            return image        # check_body_images names the file and the problem
        sources = picture_sources(path, width, self.images, self.urls.url)
        picture = ElementTree.Element("picture")
        picture.tail, image.tail = image.tail, None
        for kind, srcset in (("image/webp", sources.webp), (None, sources.own)):
            if srcset:
                source = SubElement(picture, "source", {"srcset": srcset, "sizes": sources.sizes})
                if kind:
                    source.set("type", kind)
        image.set("width", str(width))
        image.set("height", str(height))
        picture.append(image)
        return picture


def photo_to_come(alt: str, tail: str | None = None, show_alt: bool = True,
                  css_class: str = "") -> ElementTree.Element:
    """The box standing in for a photo not yet taken: its alt text and a clear mark (in a
    body, and through the picture macro wherever templates show a picture)."""
    box = ElementTree.Element("span", {"class": f"photo-to-come {css_class}".strip(),
                                       "role": "img",
                                       "aria-label": f"Photo to come: {alt}" if alt
                                       else "Photo to come"})
    SubElement(box, "span", {"class": "photo-to-come-mark", "aria-hidden": "true"}).text = \
        "Photo to come"
    if alt and show_alt:
        SubElement(box, "span", {"class": "photo-to-come-alt", "aria-hidden": "true"}).text = alt
    box.tail = tail
    return box


def _lone_picture(paragraph: ElementTree.Element) -> bool:
    """A paragraph of one image, nothing else, with a caption or a credit to show."""
    if len(paragraph) != 1 or (paragraph.text or "").strip():
        return False
    image = paragraph[0]
    return (image.tag == "img" and not (image.tail or "").strip()
            and any((element.get(name) or "").strip()
                    for element, name in ((image, "title"), (image, "credit"),
                                          (paragraph, "credit"))))


def _make_figure(paragraph: ElementTree.Element, stash: list) -> None:
    """<p><img title=C credit=R></p> becomes
    <figure><img><figcaption>C <span class="credit">Photo: R</span></figcaption></figure>,
    as the hero image's figure has it. Text, not attributes: the serialiser escapes it."""
    image = paragraph[0]
    caption = _as_typed(image.attrib.pop("title", None), stash)
    credit = _as_typed(image.attrib.pop("credit", None) or paragraph.attrib.pop("credit", None),
                       stash)
    paragraph.tag, paragraph.text, image.tail = "figure", None, None
    figcaption = SubElement(paragraph, "figcaption")
    figcaption.text = caption
    if credit:
        figcaption.text = f"{caption} " if caption else None
        SubElement(figcaption, "span", {"class": "credit"}).text = f"Photo: {credit}"


def _as_typed(value: str | None, stash: list) -> str:
    """An attribute list's value with the raw HTML in it as typed, to show as text: with
    raw_html true the inline HTML pattern stashed "<b>" before attr_list ran."""
    def typed(match: re.Match) -> str:
        index = int(match[1])
        block = stash[index] if index < len(stash) else ""
        return block if isinstance(block, str) else "".join(block.itertext())
    return HTML_PLACEHOLDER_RE.sub(typed, value or "").strip()


class _Figures(Treeprocessor):
    """Body pictures with captions: `![alt](src "Caption"){: credit="Reuters" }` alone in
    its paragraph. Runs after attr_list (which sets `credit`) and before abbr (captions get
    abbreviations as other text does)."""

    PRIORITY = 7.5

    def run(self, root: ElementTree.Element) -> None:
        for paragraph in [p for p in root.iter("p") if _lone_picture(p)]:
            _make_figure(paragraph, self.md.htmlStash.rawHtmlBlocks)
        # attr_list can set `credit` anywhere; it is never an attribute of the output
        if "attr_list" in self.md.treeprocessors:
            for element in root.iter():
                element.attrib.pop("credit", None)


class _TableRegions(Treeprocessor):
    """Each table in a box of its own that scrolls sideways on a narrow screen; focusable and
    named, so a keyboard can scroll it too (WCAG: scrollable regions)."""

    def run(self, root: ElementTree.Element) -> None:
        for parent in [element for element in root.iter() if element.find("table") is not None]:
            for at, child in enumerate(list(parent)):
                if child.tag == "table":
                    box = ElementTree.Element("div", {"class": "table-scroll", "role": "region",
                                                      "tabindex": "0", "aria-label": "Table"})
                    box.tail, child.tail = child.tail, None
                    box.append(child)
                    parent[at] = box


class _SiteExtension(Extension):
    def __init__(self, urls: Urls, allow_html: bool, static_dir: Path | None,
                 images: ImageSettings):
        super().__init__()
        self.urls = urls
        self.allow_html = allow_html
        self.static_dir = static_dir
        self.images = images

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        quickmarkdown.install(md)
        md.treeprocessors.register(_Figures(md), "figures", _Figures.PRIORITY)
        md.treeprocessors.register(_TableRegions(md), "table_regions", 7)
        if self.static_dir is not None:
            md.treeprocessors.register(_ImageSizes(md, self.static_dir, self.images, self.urls),
                                      "image_sizes", 2)
        md.treeprocessors.register(_SiteLinks(md, self.urls), "site_links", 1)
        if not self.allow_html:
            md.preprocessors.deregister("html_block")
            md.inlinePatterns.deregister("html")
            safe_html.install(md)


class MarkdownRenderer:
    """`allow_html=False` escapes raw HTML and applies the allow-list of safe_html to what
    Python-Markdown made: for untrusted text.
    `static_dir` sizes images found there and marks every image for lazy loading.
    """

    def __init__(self, urls: Urls, allow_html: bool = True, static_dir: Path | None = None,
                 images: ImageSettings = ImageSettings()):
        self.images = images
        self._md, self._md_without_extra = (markdown.Markdown(
            extensions=[*extensions, _SiteExtension(urls, allow_html, static_dir, images)],
            extension_configs={"toc": {"slugify": lambda text, sep: slugify(text)}},
            output_format="html",
        ) for extensions in (EXTENSIONS, [name for name in EXTENSIONS if name != "extra"]))

    def convert(self, text: str) -> Markup:
        if is_plain_line(text):
            return Markup(f"<p>{text}</p>")
        return self._convert(text)

    def _convert(self, text: str) -> Markup:
        md = self._md if needs_extra(text) else self._md_without_extra
        md.reset()
        return Markup(md.convert(text))

    def convert_inline(self, text: str) -> Markup:
        """One paragraph's content without its <p> wrapper (list items, short answers)."""
        html = self.convert(text)
        inner = html[3:-4]
        if html.startswith("<p>") and html.endswith("</p>") and "<p>" not in inner:
            return Markup(inner)
        return html


def static_references(text: str) -> set[str]:
    """Every file under static/ that a text may show or link to: its root-relative paths
    ("/images/x.svg" -> "images/x.svg"), as written and URL-decoded."""
    paths = _root_paths(text)
    return paths | {unquote(path) for path in paths}


class _ImageSources(HTMLParser):
    def __init__(self):
        super().__init__()
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "img":
            # src="" too (Markdown's "![alt]()"): a picture with no file is a slip to report
            self.sources.extend(value or "" for name, value in attrs if name == "src")


_IMG_TAG = re.compile(r"<img\b", re.IGNORECASE)


def image_sources(html: str) -> list[str]:
    """The src of every <img> in rendered HTML, raw HTML included."""
    if not _IMG_TAG.search(html):       # parsing is slow; most bodies have no image
        return []
    parser = _ImageSources()
    parser.feed(str(html))      # plain str: each slice of Markup is a new Markup
    parser.close()
    return parser.sources
