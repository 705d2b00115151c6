"""The one HTML policy for Markdown nobody vouched for: front matter always, bodies when
`raw_html: false`, and so the pages, feeds and JSON-LD that show them.

It reads the HTML Python-Markdown serialised, not its element tree: fenced code puts its
`{ ... }` attributes straight into the raw-HTML stash, where no tree processor sees them, and
entities come back only in the serialised text. Each element and attribute must be one that
Python-Markdown's own output needs, with a value of the form it writes; a URL must have no
scheme (a path, a #fragment) or http, https or mailto. A tag that passes is kept byte for byte;
any other is written anew from what passed. Text is escaped again, so nothing in it is a tag.
"""

from __future__ import annotations

import html
import re
import unicodedata
from html.parser import HTMLParser

from markdown import Markdown
from markdown.postprocessors import Postprocessor

from sitegen.images.photos import SIZES
from sitegen.site.urlcheck import LINK_SCHEMES

_TEXT = re.compile(r".*", re.DOTALL)
_NUMBER = re.compile(r"[0-9]{1,5}")
_ID = re.compile(r"[\w:.-]+")          # heading slugs, footnotes' "fn:1" and "fnref2:1"
_URL = None                             # checked by its scheme
_SRCSET = re.compile(r"/[\w./%~-]* [0-9]{1,5}w(?:, /[\w./%~-]* [0-9]{1,5}w)*")
_ALIGN = re.compile(r"text-align: (?:left|center|right);")     # table columns

# Element -> attribute -> the form of its value, as Python-Markdown and its extensions (extra,
# admonition, sane_lists, toc) and the site's image sizes and figures write them.
ALLOWED: dict[str, dict[str, re.Pattern | None]] = {
    "a": {"href": _URL, "title": _TEXT, "class": re.compile(r"footnote-(?:ref|backref)")},
    "abbr": {"title": _TEXT},
    "img": {"src": _URL, "alt": _TEXT, "title": _TEXT, "width": _NUMBER, "height": _NUMBER,
            "loading": re.compile("lazy"), "decoding": re.compile("async")},
    "div": {"class": re.compile(r"footnote|toc|table-scroll|admonition(?: [\w-]+)*"),
            # a table's scrolling box (markup.py)
            "role": re.compile("region"), "tabindex": re.compile("0"),
            "aria-label": re.compile("Table")},
    "p": {"class": re.compile("admonition-title")},
    "code": {"class": re.compile(r"language-[\w#.+-]+")},
    "ol": {"start": _NUMBER},
    # Body pictures' captions (markup.py): raw HTML never reaches here as tags.
    "figure": {}, "figcaption": {},
    "span": {"class": re.compile(r"credit|photo-to-come(?:-mark|-alt)?"),
             "role": re.compile("img"), "aria-label": _TEXT, "aria-hidden": re.compile("true")},
    # Photos' variants (markup.py): paths under the site and widths, never a scheme.
    "picture": {},
    "source": {"srcset": _SRCSET, "sizes": re.compile("|".join(map(re.escape, SIZES.values()))),
               "type": re.compile("image/webp")},
    "th": {"style": _ALIGN}, "td": {"style": _ALIGN},
    **{tag: {"id": _ID} for tag in ("h1", "h2", "h3", "h4", "h5", "h6", "sup", "li")},
    **{tag: {} for tag in ("blockquote", "br", "dd", "dl", "dt", "em", "hr", "pre", "strong",
                           "table", "tbody", "thead", "tr", "ul")},
}
_VOID = {"br", "hr", "img", "source"}

# A start tag as Python-Markdown writes one: every HTML parser reads it the same way.
_PLAIN_TAG = re.compile(r'<[a-z][a-z0-9]*(?: [a-z][a-z0-9-]*="[^"<>]*")*>')
_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):")


def _url_scheme(value: str) -> str | None:
    """The scheme a browser could find in an attribute value the parser already decoded:
    decoded once more (a literal "&#106;" is no link anyone needs), without whitespace and
    control characters anywhere (browsers drop tabs and newlines inside a scheme), folded."""
    squeezed = "".join(character for character in html.unescape(value)
                       if not unicodedata.category(character).startswith(("C", "Z")))
    match = _SCHEME.match(squeezed.casefold())
    return match[1] if match else None


def _allowed(tag: str, name: str, value: str | None) -> bool:
    rules = ALLOWED.get(tag, {})
    if name not in rules or value is None:
        return False
    rule = rules[name]
    if rule is _URL:
        scheme = _url_scheme(value)
        return scheme is None or scheme in LINK_SCHEMES
    return bool(rule.fullmatch(value))


class _Cleaner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag not in ALLOWED:
            return
        kept, seen = [], set()
        for name, value in attrs:
            if name not in seen and _allowed(tag, name, value):     # a browser takes the first
                kept.append((name, value))
            seen.add(name)
        text = self.get_starttag_text()
        if kept == attrs and _PLAIN_TAG.fullmatch(text):
            self.out.append(text)
        else:
            self.out.append(f"<{tag}" + "".join(f' {name}="{html.escape(value)}"'
                                                for name, value in kept) + ">")

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.handle_starttag(tag, attrs)        # "<br/>" is "<br>"; "<p/>" opens a <p>

    def handle_endtag(self, tag: str) -> None:
        if tag in ALLOWED and tag not in _VOID:
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.out.append(html.escape(data, quote=False))

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")

    # Processing instructions are dropped: the default handler.


def clean(markup: str) -> str:
    """`markup` with only what the allow-list lets through."""
    cleaner = _Cleaner()
    # Comments and declarations are no part of Python-Markdown's output: as text, they are
    # harmless, and html.parser raises on some ("<![x[").
    cleaner.feed(markup.replace("<!", "&lt;!"))
    cleaner.close()
    return "".join(cleaner.out)


class SafeHtml(Postprocessor):
    """Runs last, on the HTML as Python-Markdown returns it, raw-HTML stash restored."""

    def run(self, text: str) -> str:
        return clean(text)


def install(md: Markdown) -> None:
    md.postprocessors.register(SafeHtml(md), "safe_html", 0)
