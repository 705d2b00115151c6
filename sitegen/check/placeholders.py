"""Pictures published with no photo yet: each use of the source `photo-to-come` in a published
story (its hero `image.src`, a body picture), a page's body or an author's `avatar.src`, with
the line and field, for `check` to warn about so that no one forgets to send the photo."""

from __future__ import annotations

import html
import re
from pathlib import Path

from sitegen.check.prose import prose_lines
from sitegen.content.documents import Document, split_front_matter
from sitegen.content.yamltext import parse_mapping
from sitegen.errors import SiteError
from sitegen.site.images import PHOTO_TO_COME

# ![alt](photo-to-come), perhaps with a caption: ![alt](photo-to-come "Its caption")
_BODY_PICTURE = re.compile(r"!\[((?:\\.|[^\]\\])*)\]\(\s*<?" + re.escape(PHOTO_TO_COME)
                           + r">?(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)")
_CODE_SPAN = re.compile(r"(`+).+?\1")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


class Placeholders:
    """Finds the placeholders of one site's content files; `published`: the sources of the
    stories the build published (drafts and stories not yet due are not checked)."""

    def __init__(self, root: Path, published: set[str]):
        self.content = root / "content"
        self.published = published

    def findings(self, path: Path, shown: str, text: str) -> list[tuple[int, str]]:
        """(line, message) for each placeholder in the file at `path` (`text` its text)."""
        if PHOTO_TO_COME not in text:
            return []       # most files: nothing to parse
        if path.parent == self.content / "authors" and path.suffix == ".yml":
            try:
                meta, key_lines = parse_mapping(text, shown, first_line=1)
            except SiteError:
                return []       # the build reports a broken file
            return _field_findings(text, meta, key_lines, "avatar", text.count("\n") + 1)
        if path.parent not in (self.content / "articles", self.content / "pages") \
                or path.suffix != ".md":
            return []
        try:
            doc = split_front_matter(text, shown)
        except SiteError:
            return []
        if path.parent.name == "articles":
            if shown not in self.published:
                return []
            findings = _field_findings(text, doc.meta, doc.key_lines, "image",
                                       doc.body_line - 2)
        else:
            findings = []
        return findings + _body_findings(doc)


def _message(field: str, alt: str) -> str:
    shown = alt if len(alt) <= 60 else alt[:59] + "…"
    return f"field '{field}': photo to come: {shown!r} still has no photo"


def _field_findings(text: str, meta: dict, key_lines: dict[str, int], name: str,
                    last_line: int) -> list[tuple[int, str]]:
    """The front-matter picture `name` (`image`, `avatar`) when its src is photo-to-come,
    at the line of its `src:` key (searched from `name:` to the next top-level key)."""
    value = meta.get(name)
    if not isinstance(value, dict) or not isinstance(value.get("src"), str) \
            or value["src"].strip() != PHOTO_TO_COME:
        return []
    start = key_lines.get(name, 0)
    end = min([line for line in key_lines.values() if line > start] + [last_line + 1])
    lines = text.split("\n")
    line = next((number for number in range(start, end)
                 if 0 < number <= len(lines)
                 and re.search(r"(?:^|[\s{,])[\"']?src[\"']?\s*:", lines[number - 1])), start)
    alt = value.get("alt")
    return [(line, _message(f"{name}.src", alt.strip() if isinstance(alt, str) else ""))]


def _body_findings(doc: Document) -> list[tuple[int, str]]:
    """Each body picture whose source is photo-to-come, outside code."""
    findings = []
    for number, line in prose_lines(doc.body, doc.body_line):
        if PHOTO_TO_COME not in line:
            continue
        for match in _BODY_PICTURE.finditer(_CODE_SPAN.sub(_blank, line)):
            alt = html.unescape(_ESCAPED.sub(r"\1", match.group(1)))
            findings.append((number, _message("body", " ".join(alt.split()))))
    return findings


def _blank(match: re.Match) -> str:
    """Code keeps its length (and so the columns of what follows) but matches nothing."""
    return " " * len(match.group())
