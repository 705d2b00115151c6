"""Property-based tests: whatever an editor types, the build either succeeds with well-formed
HTML that shows the title as written, or stops with one line naming the file. Never a traceback.

Builds run in-process (`build.main`, without the search index) for speed. The fuzzed site
sets `raw_html: false`: with raw HTML passed through, an editor's unclosed <div> is theirs to
keep. Examples are derandomised so that every run of `make test` tries the same cases.
"""

from __future__ import annotations

import datetime as dt
import functools
from contextlib import redirect_stderr, redirect_stdout
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path
from unittest import mock
from urllib.parse import urlsplit

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings, strategies as st

import build as cli
from conftest import SiteFolder, parse_html
from sitegen.content import quickmarkdown
from sitegen.content.documents import drop_unshowable
from sitegen.site.urls import is_external

ARTICLE = "content/articles/fuzz.md"
FUZZ = settings(max_examples=200, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class _Balance(HTMLParser):
    """Every element closed in order; no stray end tags."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, int]] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append((tag, self.getpos()[0]))

    def handle_endtag(self, tag):
        assert self.stack, f"stray </{tag}> at line {self.getpos()[0]}"
        opened, line = self.stack.pop()
        assert opened == tag, (f"<{opened}> from line {line} closed by </{tag}> "
                               f"at line {self.getpos()[0]}")


def assert_well_formed(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert drop_unshowable(text) == text, "control characters in the output"
    parser = _Balance()
    parser.feed(text)
    parser.close()
    assert not parser.stack, f"unclosed {parser.stack}"
    assert text.startswith("<!doctype html>")


# Text an editor might type, with what YAML and Markdown treat specially.
SPECIAL = st.sampled_from([
    ":", ": ", "- ", "#", " #", "&", "&amp;", "*", "**", "_", "!", "|", ">", "'", '"', "%", "@",
    "`", "```", "{", "}", "[", "]", "](", "![", ",", "?", "---", "...", "\n", "\n\n", "\t", "    ",
    "\\", "<", "</script>", "<div>", "javascript:", "\x00", "\x1b", "\u2028", "\ufeff", "\ufffe",
    "ยท", "â€™", "[^1]", "!!! note", "1. ", "> ", "|---|", "<!--", "]]>", "&#0;",
    "&#x110000;",
])
TEXT = st.one_of(
    st.text(max_size=40),
    st.lists(st.one_of(st.text(max_size=6), SPECIAL), max_size=12).map("".join),
    st.text(max_size=8).map(lambda piece: piece * 400),         # very long lines
)
NESTED = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), TEXT),
                      lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(TEXT, inner, max_size=3), max_leaves=12)
VALUE = st.one_of(TEXT, NESTED)
# Mostly well-typed values, so that most examples get as far as rendering.
WORDS = TEXT.map(lambda text: text if drop_unshowable(text).strip() else text + "word")
TAGS = st.one_of(st.lists(WORDS, max_size=4), st.lists(WORDS, max_size=4), WORDS, VALUE)
ENTRIES = st.lists(st.fixed_dictionaries({"question": WORDS, "answer": WORDS}), max_size=3)
FAQ = st.one_of(ENTRIES, ENTRIES, ENTRIES, VALUE)
KEYS = st.sampled_from(["title", "tags", "section", "faq", "image", "takeaways", "updated",
                        "comments", "slug", "x", "- title", "? title", "faq:\n  - question"])
LINE = st.one_of(st.tuples(KEYS, st.one_of(TEXT, SPECIAL)).map(": ".join),
                 st.tuples(st.sampled_from(["", "  ", "  - ", "- "]), TEXT).map("".join))


@pytest.fixture(scope="module")
def fuzz_site(tmp_path_factory) -> SiteFolder:
    site = SiteFolder(tmp_path_factory.mktemp("fuzz") / "site")
    site.config(title="Fuzz", description="Fuzzed.", base_url="https://news.example.org/",
                raw_html=False)
    return site


def build_in_process(site: SiteFolder) -> tuple[int, str]:
    stderr = StringIO()
    with redirect_stderr(stderr), redirect_stdout(StringIO()):
        code = cli.main(["--root", str(site.root), "build", "--output", str(site.root / "_site"),
                         "--now", "2030-01-01T00:00:00+00:00", "--no-search"])
    return code, stderr.getvalue()


def assert_outcome(site: SiteFolder, title) -> None:
    code, stderr = build_in_process(site)
    errors = [line for line in stderr.splitlines() if line.startswith("error:")]
    if code == 1:
        assert len(errors) == 1 and "Traceback" not in stderr, stderr
        assert errors[0].startswith(f"error: {ARTICLE}"), errors[0]
        event("stopped with a one-line error")
        return
    event("built")
    assert code == 0 and not errors, stderr
    page = site.root / "_site/articles/fuzz/index.html"
    assert_well_formed(page)
    assert_well_formed(site.root / "_site/index.html")
    shown = " ".join(parse_html(page).h1.get_text().split())
    assert shown == " ".join(drop_unshowable(title).split())


@FUZZ
@given(title=WORDS, description=WORDS, tags=TAGS, section=st.one_of(st.none(), WORDS, VALUE),
       faq=FAQ, takeaways=TAGS, body=TEXT,
       extra=st.dictionaries(TEXT.filter(lambda key: key not in ("draft", "slug")), VALUE,
                             max_size=2))
def test_any_front_matter_values(fuzz_site: SiteFolder, title, description, tags, section, faq,
                                 takeaways, body, extra):
    front = {**extra, "title": title, "date": "2026-01-01", "author": "ada",
             "description": description, "tags": tags, "section": section, "faq": faq,
             "takeaways": takeaways}
    fuzz_site.write(ARTICLE, "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n\n"
                    + body + "\n")
    assert_outcome(fuzz_site, title)


@FUZZ
@given(lines=st.lists(LINE, max_size=8))
def test_any_front_matter_text(fuzz_site: SiteFolder, lines: list[str]):
    front = "\n".join(line for line in lines if not line.startswith(("title:", "draft:", "slug:")))
    fuzz_site.write(ARTICLE, f"---\ndate: 2026-01-01\nauthor: ada\ndescription: Fixed.\n"
                             f"{front}\ntitle: Fixed\n---\n\nBody.\n")
    assert_outcome(fuzz_site, "Fixed")


@FUZZ
@given(body=st.lists(st.one_of(TEXT, SPECIAL), max_size=40).map("".join))
def test_any_markdown_body(fuzz_site: SiteFolder, body: str):
    fuzz_site.write(ARTICLE, "---\ntitle: Body\ndate: 2026-01-01\nauthor: ada\n"
                             "description: Fixed.\n---\n\n" + body + "\n")
    assert_outcome(fuzz_site, "Body")


@FUZZ
@given(name=WORDS, role=st.one_of(st.none(), WORDS, WORDS, VALUE),
       bio=st.one_of(WORDS, WORDS, VALUE),
       links=st.one_of(st.lists(st.fixed_dictionaries(
           {"title": WORDS, "url": st.one_of(TEXT.map("https://example.org/".__add__), TEXT)}),
           max_size=2), VALUE),
       page_title=WORDS, page_body=TEXT)
def test_any_author_and_page(fuzz_site: SiteFolder, name, role, bio, links, page_title, page_body):
    author = fuzz_site.author("ada", name=name, role=role, bio=bio, links=links)
    page = fuzz_site.write("content/pages/about.md", "---\n" + yaml.safe_dump(
        {"title": page_title}, allow_unicode=True) + "---\n\n" + page_body + "\n")
    fuzz_site.write(ARTICLE, "---\ntitle: Fixed\ndate: 2026-01-01\nauthor: ada\n"
                             "description: Fixed.\n---\n\nBody.\n")
    try:
        code, stderr = build_in_process(fuzz_site)
        errors = [line for line in stderr.splitlines() if line.startswith("error:")]
        if code == 1:
            assert len(errors) == 1 and "Traceback" not in stderr, stderr
            assert errors[0].startswith(("error: content/authors/ada.yml",
                                         "error: content/pages/about.md")), errors[0]
            event("stopped with a one-line error")
            return
        event("built")
        assert code == 0 and not errors, stderr
        for built in ("authors/ada/index.html", "about/index.html", "articles/fuzz/index.html"):
            assert_well_formed(fuzz_site.root / "_site" / built)
        shown = parse_html(fuzz_site.root / "_site/about/index.html").h1.get_text()
        assert " ".join(shown.split()) == " ".join(drop_unshowable(page_title).split())
    finally:
        author.unlink()
        page.unlink()
        fuzz_site.author("ada", name="Ada Byline", role="Reporter", bio="Ada writes *tests*.")


LINKS = st.sampled_from(["[a](/about/)", "[b](#x)", "[](/)", "![](/images/placeholder-figure.svg)",
                         "[c](/articles/fuzz/#nope)", "[d](https://news.example.org/gone/)",
                         "[e](../up/)", "[f](//news.example.org/)", "[g](%zz)", "<a href=x>h</a>",
                         "[i](mailto:a@b.c)", "## Heading", "the the", "., ,.", "â€™",
                         "ยท"])


@FUZZ
@given(body=st.lists(st.one_of(TEXT, SPECIAL, LINKS), max_size=30).map("".join),
       question=WORDS)
def test_check_reads_any_site_without_failing(fuzz_site: SiteFolder, body, question):
    from sitegen.check.check import check_output, check_text
    from sitegen.errors import SiteError
    from sitegen.content.loader import LoadOptions
    from sitegen.pipeline import build
    fuzz_site.write(ARTICLE, "---\n" + yaml.safe_dump(
        {"title": "Checked", "date": "2026-01-01", "author": "ada", "description": "Fixed.",
         "faq": [{"question": question, "answer": "Yes."}]}, allow_unicode=True)
        + "---\n\n" + body + "\n")
    output = fuzz_site.root / "_site"
    try:
        with redirect_stderr(StringIO()):
            result = build(fuzz_site.root, output, options=LoadOptions(
                now=dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc)), search=False)
    except SiteError as error:
        assert "\n" not in str(error)
        return
    findings = check_output(fuzz_site.root, result.site, output) + check_text(
        fuzz_site.root, {story.source for story in result.site.articles})
    for finding in findings:
        assert "\n" not in str(finding) and finding.level in ("error", "warning")
        # Each names a real file: the source where the line is known, else the built page.
        assert (fuzz_site.root / finding.path).is_file() or (output / finding.path).is_file()


# Words and plain punctuation around one piece of Markdown's syntax (or none).
PLAIN_PIECES = st.lists(st.sampled_from([
    "Word", "word", "é", "9", " ", ".", ",", ":", "?", "!", "'", '"', "(", ")", "%", "/", "+",
    "-", "\u2013", "\u201c", "\u201d", "\u2026"]), max_size=8).map("".join)
SYNTAX = st.sampled_from([
    "", "*word*", "_word_", "**b**", "`code`", "[a](/b)", "<b>x</b>", "&", "&amp;", "# ",
    "1. ", "- ", "!!! ", "\t", "\n", "  \n", "{: .x}", "|", "~", "^", "=", "\\", " ", "*"])
LINES = st.tuples(st.sampled_from(["", "A"]), PLAIN_PIECES, SYNTAX, PLAIN_PIECES).map("".join)


@settings(FUZZ, max_examples=1500)
@given(text=LINES)
def test_the_plain_line_shortcut_gives_what_markdown_gives(text):
    """One-line answers skip Python-Markdown; whatever the text, the HTML is the same."""
    from sitegen.content.markup import is_plain_line
    event(f"shortcut taken: {is_plain_line(text)}")
    assert_converted_as_with_every_extension(text)


@functools.cache
def renderers(quick: bool) -> tuple:
    """The article body's renderer and the front matter's, as the build makes them, or with
    Python-Markdown's own steps, quickmarkdown left out (`quick=False`)."""
    from sitegen.content.markup import MarkdownRenderer
    from sitegen.site.urls import Urls
    urls = Urls("https://news.example.org/sub/")

    def make() -> tuple:
        return (MarkdownRenderer(urls, allow_html=False),
                MarkdownRenderer(urls, allow_html=True, static_dir=Path("static")))

    if quick:
        made = make()
    else:
        with mock.patch("sitegen.content.quickmarkdown.install"):      # installs nothing
            made = make()
    # The comparisons mean something only when one side skips and the other does not.
    for renderer in made:
        for md in (renderer._md, renderer._md_without_extra):
            assert isinstance(md.parser, quickmarkdown.QuickBlockParser) == quick
            assert isinstance(md.treeprocessors["inline"],
                              quickmarkdown.QuickInlineProcessor) == quick
    return made


def assert_converted_as_with_every_extension(text: str) -> None:
    """Both renderers (article bodies, and Markdown in front matter) give for `text` what
    Python-Markdown itself gives with all their extensions: the shortcuts (plain lines, no
    "extra", the tests quickmarkdown skips) change nothing."""
    for renderer, stock in zip(renderers(quick=True), renderers(quick=False)):
        stock._md.reset()
        assert renderer.convert(text) == stock._md.convert(text), text


# Blocks and inline pieces of every kind Python-Markdown and its extensions know, so that
# texts with and without the syntax of "extra" both come up.
BLOCKS = st.sampled_from([
    "Plain words here.", "## A heading", "# Title {: #custom }", "- one\n- two", "1. a\n2. b",
    "> quoted", "| a | b |\n|---|---|\n| 1 | 2 |", "```\ncode <b>\n```", "```\nx = 1\n```", "~~~python\nx = 1\n~~~",
    "Term\n: Definition", "Text[^1].\n\n[^1]: A note.", "*[HTML]: Hyper Text\n\nHTML here.",
    "!!! note\n    Careful.", "<div markdown=\"1\">*in html*</div>", "<p>raw</p>",
    "A [link](/about/) and ![img](/images/x.svg)", "*em* **strong** `code`", "    indented code",
    "Line one  \nline two", "[TOC]", "a | b", "{.x} braces", "colon: after", " : lead colon",
    "***", "Setext\n===", "&copy; &amp; & < >"])
BODIES = st.lists(BLOCKS, max_size=6).map("\n\n".join)


@FUZZ
@given(body=BODIES)
def test_markdown_without_extra_for_text_without_its_syntax_gives_the_same_html(body):
    from sitegen.content.markup import needs_extra
    event(f"without extra: {not needs_extra(body)}")
    assert_converted_as_with_every_extension(body)


# Pieces that pass or just miss what quickmarkdown looks for before each block test and each
# inline pattern, with the line breaks and indents that move block syntax around.
QUICK_PIECES = st.sampled_from([
    "word", "Words and more", "a", ".", " ", " ", "\n", "\n", "\n\n", "    ", "\t",
    # headings, quotes, rules, lists, reference definitions
    "#", "# ", "## H #", ">", "> ", " > q", "-", "---", "- - -", "***", "* * *", "___", "=",
    "===", "\n===", "\n---", "\n-", "1. ", "+ ", "[x]: /u", "[x]:", "]:", "[y]: /v \"T\"",
    # admonitions
    "!!! note", "!!! tip \"T\"", "!!!note", "!!!", "!!", "!",
    # emphasis, code, escapes, links, images, footnotes
    "_", "*", "**", "`", "``", "`c`", "\\", "\\*", "[x]", "[a][x]", "[a](/b)", "![i](/x.svg)",
    "![", "![a]", "](/b)", "]", "(", "[^1]", "[^note]", "[^",
    # raw HTML, autolinks, entities, line breaks and blank lines of spaces
    "<", "<b>", "</b>", "<div>", "</div>", "<p>", "<hr>", "<!-- c -->", "<http://a.b>",
    "<ftp://x.y/z>", "<a@b.c>", "&", "&amp;", "&#35;", "&copy;", "&#x41;", "  \n", "  ",
    "\n   \n", "\t\n",
    # what "extra" looks for
    ":", "|", "~~~"])
QUICK_LINES = st.lists(QUICK_PIECES, max_size=5).map("".join)
QUICK_TEXTS = st.lists(st.tuples(QUICK_LINES, st.sampled_from(["\n", "\n\n", ""])).map("".join),
                       max_size=5).map("".join)


@settings(FUZZ, max_examples=1500)
@given(text=QUICK_TEXTS)
def test_skipping_the_tests_a_text_cannot_pass_gives_the_same_html(text):
    assert_converted_as_with_every_extension(text)


URL_TEXT = st.lists(st.sampled_from(["/", "//", ":", "#", "?", ".", "a", "http", "é", " ", "\t",
                                     "\n", "\r", "\x00", "\x1f", "[", "]", "@", "%", "\\"]),
                   max_size=8).map("".join)


@FUZZ
@given(link=st.one_of(URL_TEXT, st.text(max_size=20)))
def test_external_links_are_told_apart_as_urlsplit_tells_them(link: str):
    """is_external skips urlsplit for plain paths; it must agree with urlsplit on any text."""
    try:
        parts = urlsplit(link)
    except ValueError:          # e.g. a broken [IPv6] host: urlsplit refuses it either way
        with pytest.raises(ValueError):
            is_external(link)
        return
    assert is_external(link) == (bool(parts.scheme or parts.netloc) or link.startswith("#"))


@pytest.mark.parametrize("link, external", [
    ("articles/x/", False), ("/about/", False), ("", False), ("#top", True),
    ("//cdn.example.org/x.js", True), ("https://example.org/", True), ("mailto:a@b.c", True),
    (" //host/", True), ("/\t/host/", True), ("\x00https://host/", True), ("a:b", True),
    ("tags/ünïcode/", False)])
def test_external_links(link: str, external: bool):
    assert is_external(link) is external
