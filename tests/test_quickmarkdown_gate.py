"""The quick Markdown path engages only with the Python-Markdown release it was verified
against; any other release gets plain Python-Markdown, the same HTML, and one warning a
build (issue 13, item 5)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from unittest import mock

import pytest

from conftest import PROJECT, SiteFolder
from sitegen.content import quickmarkdown
from sitegen.content.markup import MarkdownRenderer
from sitegen.site.urls import Urls

OTHER_RELEASE = "3.99.0"
WARNING = (f"warning: Python-Markdown {OTHER_RELEASE} is installed, but sitegen's quick "
           f"Markdown path was verified with {quickmarkdown.VERIFIED_MARKDOWN} only: this "
           "build uses plain Python-Markdown (the same output, only slower)")

# Every kind of block and inline piece the quick path skips searches for, with and without
# the syntax of "extra" (footnotes, tables, attribute lists, abbreviations).
VARIED_BODY = """## A heading {: #custom }

Setext title
============

Plain words, *em*, **strong**, `code`, a [link](/about/), ![img](/images/placeholder-figure.svg),
<https://example.org>, &copy; & < > and a line break  
here\\* escaped.

> Quoted, with a [^1] note.

- one
- two

1. a
2. b

| a | b |
|---|---|
| 1 | 2 |

```python
x = 1 < 2
```

    indented code

***

!!! note
    Careful.

Term
: Definition

*[HTML]: Hyper Text

HTML here, <b>raw</b>.

<div markdown="1">*in html*</div>

[^1]: A note.
"""


def fake_release(release: str):
    """importlib.metadata.version as if `release` of Python-Markdown were installed."""
    real = metadata.version
    return lambda name: release if name.lower() == "markdown" else real(name)


def renderers() -> list[MarkdownRenderer]:
    """The two kinds the loader makes: article bodies and front-matter fields."""
    urls = Urls("https://news.example.org/sub/")
    return [MarkdownRenderer(urls, allow_html=True, static_dir=PROJECT / "static"),
            MarkdownRenderer(urls, allow_html=False)]


def quick_objects(renderer: MarkdownRenderer) -> list[object]:
    """Every object of the renderer's converters whose class is one of quickmarkdown's."""
    found = []
    for md in (renderer._md, renderer._md_without_extra):
        for part in (md.parser, *md.preprocessors, *md.parser.blockprocessors,
                     *md.treeprocessors, *md.inlinePatterns, *md.postprocessors):
            if type(part).__module__ == quickmarkdown.__name__:
                found.append(part)
    return found


@pytest.fixture
def other_release(monkeypatch):
    monkeypatch.setattr(metadata, "version", fake_release(OTHER_RELEASE))
    monkeypatch.setattr(quickmarkdown, "_warned", False)


def test_another_release_gets_stock_python_markdown_and_its_html(other_release, capsys):
    fallback = renderers()
    for renderer in fallback:
        assert quick_objects(renderer) == []
        for md in (renderer._md, renderer._md_without_extra):
            assert type(md.parser).__module__ == "markdown.blockparser"
            assert type(md.treeprocessors["inline"]).__module__ == "markdown.treeprocessors"
    with mock.patch("sitegen.content.quickmarkdown.install"):       # Python-Markdown's own steps
        stock = renderers()
    for renderer, own in zip(fallback, stock):
        assert "<table>" in renderer.convert(VARIED_BODY)
        assert renderer.convert(VARIED_BODY) == own.convert(VARIED_BODY)
    renderers()                                             # a second loader: no new line
    assert capsys.readouterr().err.splitlines() == [WARNING]


def test_the_verified_release_gets_the_quick_path(capsys):
    """Without this, a gate that is always off would pass every other test."""
    pinned = re.search(r"^Markdown==(\S+)$", (PROJECT / "requirements.txt").read_text(),
                       re.MULTILINE)
    assert pinned and pinned[1] == quickmarkdown.VERIFIED_MARKDOWN == metadata.version("Markdown")
    for renderer in renderers():
        kinds = {type(part) for part in quick_objects(renderer)}
        assert kinds == {quickmarkdown.QuickBlockParser, quickmarkdown.QuickInlineProcessor,
                         quickmarkdown.QuickNormalizeWhitespace,
                         *([quickmarkdown.QuickHtmlBlockPreprocessor]
                           if "html_block" in renderer._md.preprocessors else []),
                         quickmarkdown.QuickAdmonitionProcessor}, renderer
    assert capsys.readouterr().err == ""


# build.py as a user runs it, with another Python-Markdown release reported as installed and
# the articles spread over forked workers however few they are.
WITH_OTHER_RELEASE = """
import importlib.metadata, runpy, sys
release, project, root, output = sys.argv[1:]
real = importlib.metadata.version
importlib.metadata.version = lambda name: release if name.lower() == "markdown" else real(name)
sys.path.insert(0, project)
import sitegen.parallel
sitegen.parallel.MIN_ITEMS, sitegen.parallel.CHUNK, sitegen.parallel.cores = 1, 1, lambda: 3
sys.argv = ["build.py", "--root", root, "build", "--no-search", "--output", output]
runpy.run_path(f"{project}/build.py", run_name="__main__")
"""


def site_files(output: Path) -> dict[str, bytes]:
    return {path.relative_to(output).as_posix(): path.read_bytes()
            for path in sorted(output.rglob("*")) if path.is_file()}


def test_a_build_with_another_release_warns_once_and_gives_the_same_site(site: SiteFolder,
                                                                         tmp_path: Path):
    for number in range(6):
        site.article(f"story-{number}", f"Story {number}.\n\n{VARIED_BODY}",
                     date=f"2026-01-0{number + 1}")
    quick = site_files(site.build("--no-search", output=tmp_path / "quick"))
    shutil.rmtree(site.root / ".cache")     # every body converted again, the plain way
    script = tmp_path / "other_release.py"
    script.write_text(WITH_OTHER_RELEASE, encoding="utf-8")
    result = subprocess.run([sys.executable, str(script), OTHER_RELEASE, str(PROJECT),
                             str(site.root), str(tmp_path / "plain")],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [WARNING], result.stderr
    assert site_files(tmp_path / "plain") == quick
