"""Body pictures: an image with a title alone in its paragraph is a figure with a caption, and
an attribute list's `credit` ("{: credit="Reuters" }") is shown in the caption, never kept as
an attribute. With `raw_html: false` nothing in either adds markup or attributes.

Pages are read with html5lib, as a browser parses them: a <figure> left inside a <p> would
come out as two siblings there.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import SiteFolder, parse_html
from test_properties import assert_converted_as_with_every_extension

PICTURE = "/images/placeholder-figure.svg"
BODIES = {
    "captioned": f'Before.\n\n![A wind farm]({PICTURE} "Caption text")\n\nAfter.',
    "untitled": f"Before.\n\n![A wind farm]({PICTURE})\n\nAfter.",
    "inline": f'Words ![A wind farm]({PICTURE} "Not a caption") in a sentence.',
    "credited": f'![A wind farm]({PICTURE} "Caption text"){{: credit="Reuters" }}',
    "credit-only": f'![A wind farm]({PICTURE}){{: credit="Jane Doe/AP" }}',
    "credit-on-paragraph": f'![A wind farm]({PICTURE} "Caption text")\n{{: credit="Reuters" }}',
    "credit-inline": f'Words ![A wind farm]({PICTURE} "T"){{: credit="Reuters" }} and more.',
    "two-in-a-paragraph": f'![One]({PICTURE} "First")\n![Two]({PICTURE} "Second")',
    "in-a-quote": f'> ![A wind farm]({PICTURE} "Quoted caption")',
}
HOSTILE = {
    "handlers": f'![x]({PICTURE} "Caption"){{: onclick="alert(1)" style="color:red" '
                f'credit="Reuters" onload=alert(2) }}',
    "script-caption": f'![x]({PICTURE} "<script>alert(1)</script> She said "no"")'
                      f'{{: credit=\'<b id=pwned>AP</b> & "Co" <img src=x onerror=alert(3)>\' }}',
    "script-src": '![x](javascript:alert(1) "Caption")',
    "title-by-attribute": f'![x]({PICTURE}){{: title="<i>T</i>" credit="R" }}',
    "raw-figure": '<figure><img src="/images/placeholder-figure.svg" onerror="alert(1)">'
                  '<figcaption>Raw <span class="credit">Photo: me</span></figcaption></figure>',
}


def build_site(root: Path, raw_html: bool) -> Path:
    site = SiteFolder(root)
    site.config(title="Fixture News", description="A site for tests.",
                base_url="https://news.example.org/", timezone="UTC", raw_html=raw_html)
    for name, body in {**BODIES, **HOSTILE}.items():
        site.article(name, body=body)
    return site.build("--no-search")


@pytest.fixture(scope="module", params=[True, False], ids=["raw_html-true", "raw_html-false"])
def built(request, tmp_path_factory) -> tuple[Path, bool]:
    return build_site(tmp_path_factory.mktemp("figures") / "site", request.param), request.param


def body_of(out: Path, name: str) -> BeautifulSoup:
    page = BeautifulSoup((out / f"articles/{name}/index.html").read_text(encoding="utf-8"),
                         "html5lib")
    return page.select_one(".article-body")


def caption_parts(figure) -> tuple[str, str | None]:
    credit = figure.figcaption.select_one("span.credit")
    return figure.figcaption.get_text(), credit.get_text() if credit else None


def test_a_titled_image_alone_in_its_paragraph_is_a_figure(built):
    body = body_of(built[0], "captioned")
    figure, = body.find_all("figure")
    assert figure.parent is body and figure.find_parent("p") is None
    assert [child.name for child in figure.children] == ["img", "figcaption"]
    assert figure.img["src"] == PICTURE and figure.img["alt"] == "A wind farm"
    assert "title" not in figure.img.attrs            # the caption says it once
    assert caption_parts(figure) == ("Caption text", None)
    assert [p.get_text() for p in body.find_all("p")] == ["Before.", "After."]


def test_an_untitled_image_stays_a_plain_image_in_its_paragraph(built):
    body = body_of(built[0], "untitled")
    assert not body.find("figure") and not body.find("figcaption")
    image, = body.find_all("img")
    assert image.parent.name == "p" and image.parent.get_text() == ""


@pytest.mark.parametrize("name", ["inline", "two-in-a-paragraph"])
def test_an_image_with_other_content_stays_inline(built, name):
    body = body_of(built[0], name)
    assert not body.find("figure")
    assert all(image.parent.name == "p" and image.get("title") for image in body("img"))


def test_a_credit_is_set_apart_in_the_caption(built):
    out, _ = built
    figure = body_of(out, "credited").figure
    assert caption_parts(figure) == ("Caption text Photo: Reuters", "Photo: Reuters")
    assert figure.figcaption.contents[0] == "Caption text "
    assert caption_parts(body_of(out, "credit-on-paragraph").figure) == (
        "Caption text Photo: Reuters", "Photo: Reuters")
    assert caption_parts(body_of(out, "credit-only").figure) == (
        "Photo: Jane Doe/AP", "Photo: Jane Doe/AP")
    assert caption_parts(body_of(out, "in-a-quote").select_one("blockquote > figure")) == (
        "Quoted caption", None)


@pytest.mark.parametrize("name", [*BODIES, *HOSTILE])
def test_credit_is_never_an_attribute(built, name):
    body = body_of(built[0], name)
    assert not [element for element in body.find_all(True) if "credit" in element.attrs]
    if name == "credit-inline":         # no caption for it to go in: dropped
        assert not body.find("figure") and "Reuters" not in body.get_text()


def test_untrusted_bodies_inject_no_attributes_or_markup(built):
    out, raw_html = built
    if raw_html:
        pytest.skip("trusted editors' attribute lists are theirs (test_safe_html.py)")
    for name in HOSTILE:
        body = body_of(out, name)
        for element in body.find_all(True):
            assert not any(attribute.startswith("on") or attribute == "style"
                           for attribute in element.attrs), (name, element)
            assert "javascript" not in element.get("src", ""), (name, element)
        assert not body.find(("script", "b", "i")) and not body.find(id="pwned"), name
    figure = body_of(out, "script-caption").figure
    assert caption_parts(figure) == (
        '<script>alert(1)</script> She said "no" Photo: <b id=pwned>AP</b> & "Co" '
        '<img src=x onerror=alert(3)>',
        'Photo: <b id=pwned>AP</b> & "Co" <img src=x onerror=alert(3)>')
    assert figure.find_all("img") == [figure.img] and figure.img.attrs.keys() <= {
        "src", "alt", "width", "height", "loading", "decoding"}
    assert caption_parts(body_of(out, "title-by-attribute").figure) == ("<i>T</i> Photo: R",
                                                                        "Photo: R")


def test_raw_figure_markup_in_an_untrusted_body_is_text(built):
    out, raw_html = built
    body = body_of(out, "raw-figure")
    if raw_html:            # passed through as the editor wrote it
        assert body.select_one("figure figcaption span.credit")
    else:
        assert not body.find(("figure", "figcaption", "span", "img"))
        assert "<figcaption>Raw" in body.get_text()


def test_a_missing_picture_in_a_figure_is_one_error_naming_its_line(site: SiteFolder):
    site.article("story", body='Text.\n\n![Gone](/images/gone.jpg "A caption"){: credit="AP" }')
    assert site.build_fails() == (
        "error: content/articles/story.md:10: field 'body': image '/images/gone.jpg' not found "
        "in static/")


@pytest.mark.parametrize("text", [*BODIES.values(), *HOSTILE.values(),
                                  f'![a]({PICTURE} "C")', f'![a]({PICTURE} "")',
                                  f'![a][r]\n\n[r]: {PICTURE} "By reference"',
                                  f'*[HTML]: Hyper Text\n\n![a]({PICTURE} "HTML caption")',
                                  f'Note[^1].\n\n[^1]: ![a]({PICTURE} "In a footnote")',
                                  f'- one\n\n- ![a]({PICTURE} "In a list")'])
def test_quick_paths_give_python_markdowns_html_for_figures(text):
    assert_converted_as_with_every_extension(text)


def test_a_table_scrolls_in_a_focusable_named_box(tmp_path):
    """A wide table on a phone scrolls in its own box, which a keyboard can reach and scroll;
    with raw_html false the box is ours, never the body's."""
    for raw_html in (True, False):
        site = SiteFolder(tmp_path / f"raw-{raw_html}")
        site.config(title="T", description="D", base_url="https://news.example.org/",
                    raw_html=raw_html)
        site.article("one", "| A | B |\n|---|---|\n| 1 | 2 |\n\n"
                            '<div class="table-scroll" tabindex="0">typed</div>\n')
        body = parse_html(site.build("--no-search") / "articles/one/index.html").find(
            class_="article-body")
        boxes = body.find_all("div", class_="table-scroll")
        assert len(boxes) == (1 if not raw_html else 2)
        box = boxes[0]
        assert (box["role"], box["tabindex"], box["aria-label"]) == ("region", "0", "Table")
        assert [child.name for child in box.find_all(recursive=False)] == ["table"]
        if not raw_html:
            assert '<div class="table-scroll" tabindex="0">typed</div>' in body.get_text()
