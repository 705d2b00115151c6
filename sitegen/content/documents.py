"""Source documents: read a file, split YAML front matter from the Markdown body."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from sitegen.content.yamltext import parse_mapping
from sitegen.errors import SiteError

FENCE = "---"

# Characters HTML calls parse errors and XML forbids: C0/C1 controls other than tab and
# newline, and Unicode noncharacters. They are invisible to editors, so they are dropped.
_UNSHOWABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")
# Noncharacters beyond the first plane. A class of scattered astral characters is ten times
# slower to search than one range, so it runs only on text that has astral characters at all.
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_UNSHOWABLE_ASTRAL = re.compile(
    "[" + "".join(f"\\U{plane:04x}fffe\\U{plane:04x}ffff" for plane in range(1, 17)) + "]")
# Most text has neither kind, which one search of ranges tells.
_UNSHOWABLE_OR_ASTRAL = re.compile(_UNSHOWABLE.pattern[:-1] + "\U00010000-\U0010ffff]")


def drop_unshowable(text: str) -> str:
    if not _UNSHOWABLE_OR_ASTRAL.search(text):
        return text
    text = _UNSHOWABLE.sub("", text)
    return _UNSHOWABLE_ASTRAL.sub("", text) if _ASTRAL.search(text) else text


@dataclass
class Document:
    path: str                   # as shown in messages, relative to the site root
    meta: dict
    key_lines: dict[str, int]   # top-level front-matter key -> line in the file
    body: str
    body_line: int              # line where the body starts
    digest: str = ""            # hash of the whole text: what the file says, for the cache


def source_files(folder: Path, suffix: str, shown: str) -> list[Path]:
    """The files in `folder` whose names end in `suffix`, sorted; none if it does not exist.
    An unreadable folder is an error: read as empty, it would unpublish all it holds."""
    try:
        names = os.listdir(folder)
    except FileNotFoundError:
        return []
    except OSError as error:
        raise SiteError(f"cannot read the folder ({error.strerror or error})", shown) from None
    # sorted as names: the same order as the paths, without comparing path objects
    return [folder / name for name in sorted(names) if name.endswith(suffix)]


def read_bytes(path: Path, shown: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise SiteError(f"cannot read the file ({error.strerror or error})", shown) from None


def read_text(path: Path, shown: str, data: bytes | None = None) -> str:
    """Read UTF-8 text (or decode `data`, the file's bytes already read); accept a BOM and
    CRLF; name the byte offset of bad bytes."""
    data = read_bytes(path, shown) if data is None else data
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SiteError(f"not UTF-8 text (bad byte at offset {error.start})", shown, line) from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return drop_unshowable(text)


def split_front_matter(text: str, shown: str) -> Document:
    if not text.strip():
        raise SiteError("empty file: expected front matter between '---' lines", shown, 1)
    lines = text.split("\n")
    if lines[0].rstrip() != FENCE:
        raise SiteError("missing front matter: the file must start with a '---' line", shown, 1)
    for index in range(1, len(lines)):
        if lines[index].rstrip() in (FENCE, "..."):
            break
    else:
        raise SiteError("unterminated front matter: no closing '---' line", shown, 1)
    meta, key_lines = parse_mapping("\n".join(lines[1:index]), shown, first_line=2)
    return Document(shown, meta, key_lines, "\n".join(lines[index + 1:]), index + 2)


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def read_document(path: Path, shown: str, data: bytes | None = None) -> Document:
    text = read_text(path, shown, data)
    doc = split_front_matter(text, shown)
    doc.digest = _digest(text)
    return doc


def read_data_file(path: Path, shown: str) -> Document:
    """A plain YAML file (an author): all front matter, no body."""
    text = read_text(path, shown)
    if not text.strip():
        raise SiteError("empty file", shown, 1)
    meta, key_lines = parse_mapping(text, shown, first_line=1)
    return Document(shown, meta, key_lines, "", 0, _digest(text))
