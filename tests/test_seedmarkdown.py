"""Seed text is plain text: once written as Markdown and rendered, it reads exactly as before."""

from __future__ import annotations

import pytest
import yaml
from bs4 import BeautifulSoup

from sitegen.content.markup import MarkdownRenderer
from sitegen.importer.seedmarkdown import escape_inline, escape_paragraph, yaml_id, yaml_string
from sitegen.site.urls import Urls

TRICKY = [
    "A <b>bold</b> claim & R&D &amp; snake_case *stars* and `ticks`",
    "[TOC]",
    "# 1 on the list",
    "1. Not an ordered list",
    "- not a list item, + nor this",
    "> not a quote",
    "!!! note \"not an admonition\"",
    "~~~ not a fence",
    "A link [x](https://example.org) and an image ![y](/z.svg) and {: .class}",
    "Back\\slash and trailing hash #",
    "Footnote[^1] and *[HTML]: abbreviation",
]


@pytest.fixture(scope="module")
def renderer() -> MarkdownRenderer:
    return MarkdownRenderer(Urls("https://news.example.org/"))


@pytest.mark.parametrize("text", TRICKY)
def test_a_paragraph_renders_as_its_text(renderer: MarkdownRenderer, text: str):
    html = BeautifulSoup(renderer.convert(escape_paragraph(text)), "html.parser")
    assert [element.name for element in html.find_all(True)] == ["p"]
    assert html.p.get_text() == text


@pytest.mark.parametrize("text", TRICKY)
def test_an_image_alt_text_renders_as_its_text(renderer: MarkdownRenderer, text: str):
    html = BeautifulSoup(renderer.convert(f"![{escape_inline(text)}](/x.svg)"), "html.parser")
    assert html.img["alt"] == text


@pytest.mark.parametrize("text", ["plain", "with \"quotes\" and \\ backslash", "line\u2028sep",
                                  "soft\u00adhyphen", "C1 \u0085 control", "tab\tand\nnewline",
                                  "emoji 💬 and zero\u200dwidth joiner", "# not a comment"])
def test_yaml_strings_read_back_exactly(text: str):
    assert yaml.safe_load(f"key: {yaml_string(text)}") == {"key": text}


@pytest.mark.parametrize("value", ["sebastian-wolf", "null", "yes", "on", "true", "2026"])
def test_ids_read_back_as_text(value: str):
    assert yaml.safe_load(f"author: {yaml_id(value)}") == {"author": value}
