"""Editorial warnings about the stories a build publishes: the text `new` wrote still in
them, and standfirsts and headlines longer than search results and news apps show."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from sitegen.check.editorial import WARNING, Finding
from sitegen.content.documents import Document, read_text, split_front_matter
from sitegen.content.scaffold import SCAFFOLD_BODY, SCAFFOLD_DESCRIPTION
from sitegen.errors import SiteError
from sitegen.site.model import Article, Site

DESCRIPTION_LIMIT = 160     # characters a search result shows of a description
HEADLINE_LIMIT = 110        # Google's limit for an article's headline in structured data


def story_findings(root: Path, site: Site) -> list[Finding]:
    findings = []
    for article in site.articles:
        try:
            doc = split_front_matter(read_text(root / article.source, article.source),
                                     article.source)
        except (SiteError, OSError):
            continue        # gone or broken since the build: the next build says so
        findings += [Finding(article.source, line or 0, WARNING, f"field '{field}': {message}")
                     for field, line, message in _slips(article, doc)]
    return findings


def _slips(article: Article, doc: Document) -> Iterator[tuple[str, int | None, str]]:
    """(field, line, message) for each slip in one story."""
    if article.description.strip() == SCAFFOLD_DESCRIPTION:
        yield ("description", doc.key_lines.get("description"),
               "still the placeholder `new` wrote: sum the story up")
    for number, line in enumerate(doc.body.split("\n"), start=doc.body_line):
        if line.strip() == SCAFFOLD_BODY:
            yield "body", number, "still the placeholder `new` wrote: write the story"
    if len(article.description) > DESCRIPTION_LIMIT:
        yield ("description", doc.key_lines.get("description"),
               f"{len(article.description)} characters; search results show about "
               f"{DESCRIPTION_LIMIT}")
    if len(article.title) > HEADLINE_LIMIT:
        yield ("title", doc.key_lines.get("title"),
               f"{len(article.title)} characters; headlines over {HEADLINE_LIMIT} are cut in "
               "search results and news apps")
