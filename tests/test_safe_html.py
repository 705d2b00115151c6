"""Markdown nobody vouched for (front matter always, bodies with `raw_html: false`) gives only
the elements, attributes and URLs of the allow-list in sitegen/content/safe_html.py: on pages, in the
JSON-LD and in the feeds, as a real HTML parser reads them.
"""

from __future__ import annotations

import functools
import html
import json
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings, strategies as st

from conftest import PROJECT, SiteFolder, parse_html
from sitegen.content import safe_html

# The cases of issue 12 as written, then their siblings.
ISSUE = {
    "bio-image-onerror": "![x](x){: onerror=alert(document.domain)}",
    "faq-entity-scheme": "[more](&#106;avascript:alert(1))",
    "takeaway-onmouseover": "Point\n{: onmouseover=alert(1) }",
    "body-image-onload": '![x](/images/placeholder-figure.svg){: onload="alert(1)"}',
    "body-colon-entity": "[x](javascript&colon;alert(1))",
}
SIBLINGS = {
    "other-handlers": "[x](https://example.org/){: onclick=\"alert(1)\" onfocus=alert(1) "
                      "autofocus tabindex=1 }",
    "style": 'Text\n{: style="background:url(javascript:alert(1))" }',
    "srcdoc-formaction": 'Text\n{: srcdoc="<script>alert(1)</script>" '
                         'formaction="javascript:alert(1)" }',
    "attr-list-href": '[x](https://example.org/){: href="javascript:alert(1)" }',
    "attr-list-src": '![x](/images/placeholder-figure.svg){: src="javascript:alert(1)" }',
    "attr-list-id-class": "Text\n{: #comments .admonition }",
    "heading-handler": '## Heading {: onclick="alert(1)" }',
    "data-link": "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "data-image": "![x](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)",
    "vbscript": "[x](vbscript:msgbox(1))",
    "mixed-case": "[x](JaVaScRiPt:alert(1))",
    "tab-in-scheme": "[x](<java\tscript:alert(1)>)",
    "tab-entity-in-scheme": "[x](java&Tab;script:alert(1))",
    "numeric-tab-in-scheme": "[x](java&#9;script:alert(1))",
    "newline-entity-in-scheme": "[x](jav&NewLine;ascript:alert(1))",
    "hex-entity": "[x](&#x6A;avascript:alert(1))",
    "padded-entity": "[x](&#0000106;avascript:alert(1))",
    "autolink": "<javascript:alert(1)>",
    "reference-link": "[x][evil]\n\n[evil]: javascript:alert(1)",
    "reference-entity": "[x][evil]\n\n[evil]: &#106;avascript:alert(1)",
    "image-in-link": "[![i](javascript:alert(1))](javascript:alert(2))",
    "fenced-code-attributes": '```{ .python onclick="alert(1)" }\ncode\n```',
    "raw-html": '<img src="/images/placeholder-figure.svg" onerror=alert(1)> '
                '<a href="javascript:alert(1)">y</a>',
}
CASES = {**ISSUE, **SIBLINGS}
ATOM = "http://www.w3.org/2005/Atom"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
# Wanted markup keeps what it needs.
HARMLESS = ("[site](/about/) [web](https://example.org/) [mail](mailto:a@example.org) "
            "[note](#top) and a note[^1].\n\n[^1]: The note.")


def shown_scheme(value: str) -> str | None:
    """The scheme of a parsed attribute value, decoded once more, without any whitespace or
    control character (a browser drops some of them, a feed reader may decode twice)."""
    squeezed = "".join(c for c in html.unescape(value) if c.isprintable() and not c.isspace())
    match = re.match(r"([a-z][a-z0-9+.-]*):", squeezed.lower())
    return match[1] if match else None


def assert_allowed(markup: BeautifulSoup | str, where: str) -> None:
    if isinstance(markup, str):
        markup = BeautifulSoup(markup, "html.parser")
    for element in markup.find_all(True):
        assert element.name in safe_html.ALLOWED, (where, element)
        for name, value in element.attrs.items():
            assert name in safe_html.ALLOWED[element.name], (where, element)
            assert not name.startswith("on"), (where, element)
            if name in ("href", "src"):
                assert shown_scheme(value) in (None, "http", "https", "mailto"), (where, element)


def make_site(root: Path, raw_html: bool) -> Path:
    """One author and one article per case: the case is the author's bio and the article's
    FAQ answer, takeaway and body."""
    site = SiteFolder(root)
    site.config(title="Fixture News", description="A site for tests.",
                base_url="https://news.example.org/", timezone="UTC", raw_html=raw_html,
                feed_entries=100)
    site.author("ada", name="Ada Byline", bio=HARMLESS)
    site.article("harmless", body=HARMLESS, faq=[{"question": "Q?", "answer": HARMLESS}],
                 takeaways=[HARMLESS])
    for number, (name, text) in enumerate(CASES.items()):
        site.author(f"writer-{number}", name=f"Writer {number}", bio=text)
        body = text.replace("](x)", "](/images/placeholder-figure.svg)")   # checked in bodies
        site.article(name, author=f"writer-{number}", body=body, takeaways=[text],
                     faq=[{"question": "Why?", "answer": text}])
    return site.build("--no-search")


@pytest.fixture(scope="module", params=[False, True], ids=["raw_html-false", "raw_html-true"])
def out(request, tmp_path_factory) -> tuple[Path, bool]:
    return make_site(tmp_path_factory.mktemp("safe") / "site", request.param), request.param


def regions(page: BeautifulSoup, raw_html: bool) -> list:
    """The parts of an article page that show untrusted Markdown."""
    parts = [page.select_one(".author-box-bio"), page.select_one(".takeaways ul"),
             page.select_one(".faq-answer")]
    return parts if raw_html else [*parts, page.select_one(".article-body")]


def faq_answers(page: BeautifulSoup) -> list[str]:
    for script in page.find_all("script", type="application/ld+json"):
        for item in json.loads(script.string):
            if item["@type"] == "FAQPage":
                return [q["acceptedAnswer"]["text"] for q in item["mainEntity"]]
    return []


def test_every_route_gives_only_the_allow_list(out):
    site, raw_html = out
    for number, name in enumerate(CASES):
        page = parse_html(site / f"articles/{name}/index.html")
        for region in regions(page, raw_html):
            assert region is not None, name
            assert_allowed(region, name)
        assert_allowed(parse_html(site / f"authors/writer-{number}/index.html")
                       .select_one(".profile-bio"), name)
        answers = faq_answers(page)         # the page's own answer, not a second conversion
        shown = page.select_one(".faq-answer").decode_contents().strip()
        assert [BeautifulSoup(answer, "html.parser") for answer in answers] == \
            [BeautifulSoup(shown, "html.parser")], name
        assert_allowed(answers[0], f"{name} in the FAQPage JSON-LD")
    if not raw_html:        # the feeds' full text is the body, read as the XML holds it
        feeds = {"feed.xml": f"channel/item/{{{CONTENT}}}encoded",
                 "atom.xml": f"{{{ATOM}}}entry/{{{ATOM}}}content",
                 **{f"authors/writer-{number}/atom.xml": f"{{{ATOM}}}entry/{{{ATOM}}}content"
                    for number in range(len(CASES))}}
        for feed_name, path in feeds.items():
            root = ElementTree.parse(site / feed_name).getroot()
            contents = [element.text for element in root.iterfind(path)]
            assert len(contents) == (len(CASES) + 1 if "/" not in feed_name else 1), feed_name
            for content in contents:
                assert_allowed(content, feed_name)


def test_the_cases_of_the_issue(out):
    site, raw_html = out
    for page_path in ("authors/writer-0/index.html", "articles/bio-image-onerror/index.html"):
        page = parse_html(site / page_path)
        image = page.select_one(".profile-bio img, .author-box-bio img")
        assert image.attrs == {"alt": "x", "src": "x"}, page_path
    page = parse_html(site / "articles/faq-entity-scheme/index.html")
    link = page.select_one(".faq-answer a")
    assert link.get_text() == "more" and link.attrs == {}
    assert faq_answers(page) == ["<p><a>more</a></p>"]
    page = parse_html(site / "articles/takeaway-onmouseover/index.html")
    assert str(page.select_one(".takeaways li")) == "<li>Point</li>"
    body = parse_html(site / "articles/body-image-onload/index.html").select_one(".article-body")
    if not raw_html:
        assert body.img.attrs["src"] == "/images/placeholder-figure.svg"
        assert "onload" not in body.img.attrs
        body = parse_html(site / "articles/body-colon-entity/index.html")
        assert str(body.select_one(".article-body a")) == "<a>x</a>"
    else:       # trusted editors' bodies are left as Python-Markdown made them
        assert body.img["onload"] == "alert(1)"


def test_what_markdown_needs_is_kept(out):
    site, _ = out
    page = parse_html(site / "articles/harmless/index.html")
    author = parse_html(site / "authors/ada/index.html").select_one(".profile-bio")
    for region in [*regions(page, raw_html=False), author]:
        hrefs = [a.get("href") for a in region.find_all("a")]
        assert hrefs[:4] == ["/about/", "https://example.org/", "mailto:a@example.org", "#top"]
        assert region.select_one("sup[id^=fnref] a.footnote-ref[href^='#fn']"), region
    assert page.select_one(".article-body div.footnote li[id^=fn]")
    assert faq_answers(page)[0].startswith('<p><a href="/about/">site</a>')


# The property: whatever Markdown is typed, the policy's output keeps to the allow-list.
def _noisy(word: str) -> st.SearchStrategy[str]:
    """`word` with its letters in any case and, somewhere, a character a browser skips or
    an entity for one of its letters."""
    noise = st.sampled_from(["", "\t", "\n", "&Tab;", "&#9;", "&NewLine;", "&#x0A;", " ", "\x00"])
    return st.tuples(st.lists(st.booleans(), min_size=len(word), max_size=len(word)),
                     st.integers(0, len(word)), noise, st.booleans()).map(
        lambda t: _spell(word, *t))


def _spell(word: str, upper: list[bool], at: int, noise: str, entity: bool) -> str:
    letters = [c.upper() if up else c for c, up in zip(word, upper)]
    if entity and letters:
        letters[0] = f"&#{ord(letters[0])};"
    return "".join(letters[:at]) + noise + "".join(letters[at:])


SCHEME = st.one_of(*(_noisy(word) for word in ("javascript", "vbscript", "data", "http",
                                                 "https", "mailto")),
                   st.sampled_from(["", "ftp", "file", "tel"]))
COLON = st.sampled_from([":", ":", "&colon;", "&#58;", "&#x3A;", "%3A", ""])
URL = st.tuples(SCHEME, COLON, st.sampled_from(["alert(1)", "//example.org/", "/about/", "#top",
                                               "a@b.c", "text/html,<b>x</b>"])).map("".join)
NAME = st.sampled_from(["onerror", "onclick", "ONLOAD", "onmouseover", "style", "srcdoc",
                        "formaction", "href", "src", "id", "class", "title", "alt", "width",
                        "loading", "xlink:href", "data-x", "tabindex", "start"])
ATTRIBUTE = st.one_of(
    st.tuples(NAME, st.sampled_from(["=", '="', "='"]), st.one_of(URL, st.text(max_size=6)))
    .map(lambda t: f"{t[0]}{t[1]}{t[2]}{t[1][1:]}"),
    st.sampled_from([".footnote-ref", ".x", "#fn:1", "#top", ".admonition"]))
ATTR_LIST = st.lists(ATTRIBUTE, min_size=1, max_size=3).map(lambda a: "{: " + " ".join(a) + " }")
PIECE = st.one_of(
    st.sampled_from(["word", " ", "\n", "\n\n", "## ", "- ", "*em*", "`code`", "&amp;", "&#106;",
                     "&lt;", "x[^1]\n\n[^1]: note\n\n", "| a |\n|---|\n| b |\n\n",
                     "!!! note\n    Careful.\n\n", "<script>alert(1)</script>",
                     "<div markdown=\"1\">*x*</div>", "<!-- c -->", "<svg onload=alert(1)>",
                     "<p/>", "</p>", "<![x[<b>]]>", "<![CDATA[<img src=x onerror=y>]]>",
                     "<style>p{}</style>", "<textarea><img src=x onerror=y>"]),
    URL.map(lambda url: f"[link]({url})"),
    URL.map(lambda url: f"[link](<{url}>)"),
    URL.map(lambda url: f"![img]({url})"),
    URL.map(lambda url: f"<{url}>"),
    URL.map(lambda url: f"[ref][r]\n\n[r]: {url}\n\n"),
    URL.map(lambda url: f"[![i]({url})]({url})"),
    st.tuples(URL, ATTRIBUTE).map(lambda t: f'<a href="{t[0]}" {t[1]}>a</a>'),
    st.tuples(URL, ATTRIBUTE).map(lambda t: f"<img src={t[0]} {t[1]}>"),
    ATTR_LIST,
    ATTR_LIST.map(lambda a: f"\n{a}\n\n"),
    ATTR_LIST.map(lambda a: f"```{a[2:]}\ncode\n```\n\n"),
)
MARKDOWN = st.lists(PIECE, max_size=12).map("".join)


@functools.cache
def renderers() -> tuple:
    from sitegen.content.markup import MarkdownRenderer
    from sitegen.site.urls import Urls
    urls = Urls("https://news.example.org/sub/")
    return (MarkdownRenderer(urls, allow_html=False),                          # front matter
            MarkdownRenderer(urls, allow_html=False, static_dir=PROJECT / "static"),  # bodies
            MarkdownRenderer(urls, allow_html=True))                           # raw HTML kept


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(text=MARKDOWN)
def test_any_markdown_keeps_to_the_allow_list(text: str):
    fields, body, trusted = renderers()
    for out in map(str, (fields.convert(text), body.convert(text),
                         safe_html.clean(trusted.convert(text)))):
        assert_allowed(out, text)
        # A browser's parser, not only Python's, finds nothing else either.
        document = BeautifulSoup(out, "html5lib")
        for wrapper in document.find_all(("html", "head", "body")):
            wrapper.unwrap()
        assert_allowed(document, text)
        assert safe_html.clean(out) == out          # nothing left to take away
