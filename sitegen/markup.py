"""Markdown to HTML with one configured Python-Markdown instance, reset between documents."""

from __future__ import annotations

from xml.etree import ElementTree

import markdown
from markupsafe import Markup
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .slugs import slugify
from .urls import Urls

EXTENSIONS = ["extra", "admonition", "sane_lists", "toc"]


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


class _SafeLinks(Treeprocessor):
    """Drop link targets that run script (javascript:, data:, vbscript:)."""

    UNSAFE = ("javascript:", "vbscript:", "data:")

    def run(self, root: ElementTree.Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value and "".join(value.split()).lower().startswith(self.UNSAFE):
                    del element.attrib[attribute]


class _SiteExtension(Extension):
    def __init__(self, urls: Urls, allow_html: bool):
        super().__init__()
        self.urls = urls
        self.allow_html = allow_html

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_SiteLinks(md, self.urls), "site_links", 1)
        if not self.allow_html:
            md.preprocessors.deregister("html_block")
            md.inlinePatterns.deregister("html")
            md.treeprocessors.register(_SafeLinks(md), "safe_links", 0)


class MarkdownRenderer:
    """`allow_html=False` escapes raw HTML and drops script links: for untrusted text."""

    def __init__(self, urls: Urls, allow_html: bool = True):
        self._md = markdown.Markdown(
            extensions=[*EXTENSIONS, _SiteExtension(urls, allow_html)],
            extension_configs={"toc": {"slugify": lambda text, sep: slugify(text)}},
            output_format="html",
        )

    def convert(self, text: str) -> Markup:
        self._md.reset()
        return Markup(self._md.convert(text))

    def convert_inline(self, text: str) -> Markup:
        """One paragraph's content without its <p> wrapper (list items, short answers)."""
        html = self.convert(text)
        inner = html[3:-4]
        if html.startswith("<p>") and html.endswith("</p>") and "<p>" not in inner:
            return Markup(inner)
        return html
