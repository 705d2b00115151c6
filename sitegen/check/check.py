"""`check`: build into a temporary folder and report what to fix before publishing.

Errors (exit 1): broken internal links and #anchors in pages, feeds and sitemaps, images
without alt text, empty links. Warnings (exit 0 unless strict): duplicate page titles and
editorial slips in the text (mis-decoded characters, ".," or ",.", repeated words, FAQ
questions without "?"). Each finding names the source file and line where it can be found,
else the built page and its line.
"""

from __future__ import annotations

import json
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from xml.etree import ElementTree

from sitegen import report
from sitegen.check.editorial import ERROR, WARNING, Finding, check_text, first_line
from sitegen.check.stories import story_findings
from sitegen.check.trust import trust_findings
from sitegen.content.documents import read_text
from sitegen.content.loader import LoadOptions
from sitegen.pipeline import build
from sitegen.site.model import Site


def check(root: Path, base_url: str | None = None, strict: bool = False) -> int:
    """Print every finding and a summary; the exit status: 1 on errors (or warnings if strict)."""
    with tempfile.TemporaryDirectory(prefix="sitegen-check-") as temporary, \
            report.collecting_warnings() as build_warnings:
        output = Path(temporary) / "_site"
        result = build(root, output, base_url, LoadOptions(strict=strict))
        findings = sorted(check_output(root, result.site, output)
                          + check_text(root, {story.source for story in result.site.articles})
                          + trust_findings(root, result.site)
                          + story_findings(root, result.site))
    for finding in findings:
        print(finding)
    errors = sum(finding.level == ERROR for finding in findings)
    warnings = len(findings) - errors + len(build_warnings)
    print(f"checked {result.pages} pages: {errors} error{'s' * (errors != 1)}, "
          f"{warnings} warning{'s' * (warnings != 1)}")
    return 1 if errors or (strict and warnings) else 0


# The built site ---------------------------------------------------------------------------

@dataclass
class _Reference:
    value: str              # an href or src, or a URL in a feed, sitemap or JSON
    line: int


class _PageParser(HTMLParser):
    """What the checks need from one HTML page, with line numbers."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.references: list[_Reference] = []
        self.problems: list[tuple[int, str, str]] = []     # line, the link or src, message
        self.title = ""
        self.title_line = 0
        self.structured_data: list[tuple[int, str]] = []
        self._in_title = False
        self._json_line: int | None = None
        self._json = ""
        self._link: dict | None = None      # the open <a>: its line, href and text so far

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        line = self.getpos()[0]
        for name in ("id", "name") if tag == "a" else ("id",):
            if attributes.get(name):
                self.ids.add(attributes[name])
        for name in ("href", "src"):
            if attributes.get(name) is not None:
                self.references.append(_Reference(attributes[name], line))
        for candidate in (attributes.get("srcset") or "").split(","):   # "url 480w, ..."
            if candidate.strip():
                self.references.append(_Reference(candidate.split()[0], line))
        if tag == "img":
            alt = (attributes.get("alt") or "").strip()
            if not alt and attributes.get("aria-hidden") != "true":     # hidden: decorative
                src = attributes.get("src") or ""
                self.problems.append((line, src, f"image {src!r} has no alt text"))
            if self._link is not None:
                self._link["text"] += alt
        elif tag == "a" and attributes.get("href") is not None:
            label = attributes.get("aria-label") or attributes.get("title") or ""
            self._link = {"line": line, "href": attributes["href"], "text": label}
        elif tag == "title":
            self._in_title, self.title_line = True, line
        elif tag == "script" and attributes.get("type") == "application/ld+json":
            self._json_line, self._json = line, ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._link is not None:
            if not self._link["text"].strip():
                href = self._link["href"]
                self.problems.append((self._link["line"], href,
                                      f"empty link to {href!r}: it has no text"))
            self._link = None
        elif tag == "title":
            self._in_title = False
        elif tag == "script" and self._json_line is not None:
            self.structured_data.append((self._json_line, self._json))
            self._json_line = None

    def handle_data(self, data: str) -> None:
        if self._link is not None:
            self._link["text"] += data
        if self._in_title:
            self.title += data
        if self._json_line is not None:
            self._json += data


@dataclass
class _BuiltFile:
    ids: set[str]                   # anchors a link can point at
    references: list[_Reference]    # links and URLs it contains


def _urls_in_json(data, found: list[str]) -> None:
    if isinstance(data, str):
        found.append(data)
    elif isinstance(data, dict):
        for value in data.values():
            _urls_in_json(value, found)
    elif isinstance(data, list):
        for value in data:
            _urls_in_json(value, found)


def _data_references(text: str, values: list[str], base_url: str) -> list[_Reference]:
    """The site's own absolute URLs among feed, sitemap or JSON values, and the links in HTML
    they carry (a feed's article content), with their lines in `text`."""
    urls = []
    for value in values:
        value = value.strip()
        if value.startswith(base_url):
            urls.append(value)
        elif "<" in value:
            html = _PageParser()
            html.feed(value)
            html.close()
            urls += [urljoin(base_url, reference.value) for reference in html.references
                     if not reference.value.startswith("#")]     # relative to a page, not the feed
    references = []
    for url in urls:
        if url.startswith(base_url):
            offset = max(text.find(url), text.find(url.replace("&", "&amp;")), 0)
            references.append(_Reference(url, text.count("\n", 0, offset) + 1))
    return references


def _read_built(output: Path, base_url: str) -> tuple[dict[str, _BuiltFile], list[Finding],
                                                      list[tuple], dict]:
    files: dict[str, _BuiltFile] = {}
    findings: list[Finding] = []
    problems: list[tuple[str, int, str, str]] = []  # page, line, link or src, message
    titles: dict[str, list[tuple[str, int]]] = defaultdict(list)    # title -> (page, line)
    for path in sorted(output.rglob("*")):
        name = path.relative_to(output).as_posix()
        if path.suffix == ".html":
            text = path.read_text(encoding="utf-8")
            page = _PageParser()
            page.feed(text)
            page.close()
            references = list(page.references)
            problems += [(name, *problem) for problem in page.problems]
            for line, data in page.structured_data:
                try:
                    values: list[str] = []
                    _urls_in_json(json.loads(data), values)
                except ValueError as error:
                    findings.append(Finding(name, line, ERROR,
                                            f"structured data is not JSON: {error}"))
                    continue
                references += [_Reference(ref.value, line)
                               for ref in _data_references(data, values, base_url)]
            titles[" ".join(page.title.split())].append((name, page.title_line))
            files[name] = _BuiltFile(page.ids, references)
        elif path.suffix in (".xml", ".json") or name == "robots.txt":
            text = path.read_text(encoding="utf-8")
            values = []
            try:
                if path.suffix == ".xml":
                    for element in ElementTree.fromstring(text).iter():
                        values += [element.text or "", *element.attrib.values()]
                elif path.suffix == ".json":
                    _urls_in_json(json.loads(text), values)
                else:
                    values = text.split()
            except (ElementTree.ParseError, ValueError) as error:
                findings.append(Finding(name, 0, ERROR, f"not well-formed: {error}"))
                continue
            files[name] = _BuiltFile(set(), _data_references(text, values, base_url))
    return files, findings, problems, titles


def _link_problem(output: Path, files: dict, page: str, link: str, base_url: str) -> str | None:
    """What is wrong with a link on `page`, if anything; links to other sites are not followed."""
    absolute = urljoin(base_url + page.removesuffix("index.html"), link)
    parts = urlsplit(absolute)
    site = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or parts.netloc != site.netloc:
        return None
    path = unquote(parts.path)
    if not path.startswith(site.path):
        return f"broken link {link!r}: it points outside the site ({site.path})"
    name = path.removeprefix(site.path)
    if name == "" or name.endswith("/"):
        name += "index.html"
    elif (output / name).is_dir():
        name += "/index.html"
    if ".." in Path(name).parts or not (output / name).is_file():
        return f"broken link {link!r}: no such page or file"
    if parts.fragment and name in files and name.endswith(".html"):
        if unquote(parts.fragment) not in files[name].ids:
            return f"missing anchor {link!r}: no id {parts.fragment!r} on that page"
    return None


def check_output(root: Path, site: Site, output: Path) -> list[Finding]:
    base_url = site.config.base_url
    base_path = urlsplit(base_url).path
    files, findings, problems, titles = _read_built(output, base_url)
    sources = {record.path + "index.html": record.source
               for record in [*site.articles, *site.pages, *site.authors]}
    source_texts: dict[str, str] = {}

    def source_text(source: str) -> str:
        if source not in source_texts:
            source_texts[source] = read_text(root / source, source)
        return source_texts[source]

    def finding(page: str, value: str, built_line: int, problem: str,
                markdown: str = "") -> Finding:
        """Placed at the source line the value came from, shown as written there; else at the
        built page's line. `markdown` is how the problem looks in Markdown ("![](" for an
        image without alt text), tried first so that the right one of several lines is named."""
        source = sources.get(page)
        if source:
            parts = urlsplit(value)
            short = parts.path.removeprefix(base_path) if parts.path.startswith(base_path) else ""
            fragment = f"#{parts.fragment}" if parts.fragment else ""
            written = [value] + ([f"/{short}{fragment}", f"{short}{fragment}"] if short else [])
            for candidate in [markdown + text for text in written if markdown] + written:
                line = first_line(source_text(source), [candidate])
                if line:
                    shown = candidate.removeprefix(markdown)
                    return Finding(source, line, ERROR, problem.replace(repr(value), repr(shown)))
        return Finding(page, built_line, ERROR, problem)

    for name, built_line, value, problem in problems:
        markdown = ("![](" if problem.startswith("image")
                    else "[](" if problem.startswith("empty link") else "")
        findings.append(finding(name, value, built_line, problem, markdown))
    # Pages first: a broken link in an article is reported there, with its source line, and
    # not again for each feed that carries the article.
    broken: set[str] = set()
    for name in sorted(files, key=lambda name: not name.endswith(".html")):
        for reference in files[name].references:
            problem = _link_problem(output, files, name, reference.value, base_url)
            target = urljoin(base_url + name, reference.value)
            if problem and name.endswith(".html"):
                broken.add(target)
            if problem and (name.endswith(".html") or target not in broken):
                findings.append(finding(name, reference.value, reference.line, problem))
    return sorted(set(findings + _duplicate_titles(titles, sources, source_text)))


def _duplicate_titles(titles: dict, sources: dict[str, str], source_text) -> list[Finding]:
    """A warning on each page whose title another page has too, at its `title:` line."""
    findings = []
    for title, pages in titles.items():
        for page, built_line in pages if len(pages) > 1 else []:
            others = ", ".join(other for other, _ in pages if other != page)
            source = sources.get(page)
            line = first_line(source_text(source), ["title:"]) if source else built_line
            findings.append(Finding(source or page, line, WARNING,
                                    f"duplicate title {title!r} (also on {others})"))
    return findings
