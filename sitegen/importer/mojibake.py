"""Repair mojibake: UTF-8 text that was once decoded with a single-byte code page.

Each code page maps characters back to the bytes they were decoded from. A run of such
characters is repaired where its bytes form complete UTF-8 sequences of printable characters:
"ยท" (Windows-874) is the bytes C2 B7, which are "·" in UTF-8; "â€™" (Windows-1252) is "’".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_UNPRINTABLE = {"Cc", "Cs", "Co"}


@dataclass(frozen=True)
class Repair:
    line: int
    broken: str
    fixed: str
    code_page: str

    def __str__(self) -> str:
        return f"line {self.line}: repaired {self.broken!r} -> {self.fixed!r} " \
               f"(UTF-8 misread as {self.code_page})"


class CodePage:
    """A single-byte code page as decoders apply it, with the fallbacks they use for bytes
    it leaves undefined. `native` matches the script the code page exists for, whose real
    text must survive: a line with native characters that no repair explains is left alone,
    and so is a stand-alone native word that would decode to a Latin (or Greek, Cyrillic...)
    word, as the Thai "รถ" would to "ö"."""

    def __init__(self, name: str, codecs: list[str], native: str | None = None):
        self.name = name
        self.to_byte: dict[str, int] = {}
        for byte in range(0x80, 0x100):
            for codec in codecs:
                try:
                    self.to_byte.setdefault(bytes([byte]).decode(codec), byte)
                    break
                except UnicodeDecodeError:
                    continue
            if byte < 0xA0:     # Latin-1's reading: some decoders pass these bytes through
                self.to_byte.setdefault(chr(byte), byte)
        self.run = re.compile("[" + "".join(map(re.escape, sorted(self.to_byte))) + "]+")
        self.native = re.compile(native) if native else None


# Thai first: its characters never occur in Windows-1252, and it falls back to Windows-1252
# for the bytes it lacks ("Ÿ" in "๐Ÿ’ฌ", which is "💬").
CODE_PAGES = [
    CodePage("Windows-874", ["cp874", "cp1252"], native="[\u0e00-\u0e7f]"),
    CodePage("Windows-1252", ["cp1252"]),
]


def _sequence_length(byte: int) -> int:
    if 0xC2 <= byte <= 0xDF:
        return 2
    if 0xE0 <= byte <= 0xEF:
        return 3
    if 0xF0 <= byte <= 0xF4:
        return 4
    return 0


def _printable(text: str) -> bool:
    return all(unicodedata.category(ch) not in _UNPRINTABLE and ch != "\ufffd" for ch in text)


def _decodable_spans(line: str, page: CodePage) -> list[tuple[int, int, str]]:
    """(start, end, repaired text) for each stretch of `line` that is UTF-8 read as `page`.
    Adjacent sequences are merged so that "Ã©â€™" is reported once."""
    spans: list[tuple[int, int, str]] = []
    for run in page.run.finditer(line):
        data = bytes(page.to_byte[ch] for ch in run.group())
        index = 0
        while index < len(data):
            length = _sequence_length(data[index])
            try:
                fixed = data[index:index + length].decode("utf-8") if length else ""
            except UnicodeDecodeError:
                fixed = ""
            if len(fixed) == 1 and index + length <= len(data) and _printable(fixed):
                start, end = run.start() + index, run.start() + index + length
                if spans and spans[-1][1] == start:
                    start, end, fixed = spans[-1][0], end, spans[-1][2] + fixed
                    spans.pop()
                spans.append((start, end, fixed))
                index += length
            else:
                index += 1
    return spans


def _stand_alone_word(line: str, start: int, end: int, fixed: str) -> bool:
    """Two-byte letters (Latin to Arabic) with no letter or digit on either side."""
    if not all(ch.isalpha() and ord(ch) < 0x800 for ch in fixed):
        return False
    before = line[start - 1] if start else " "
    after = line[end] if end < len(line) else " "
    return not before.isalnum() and not after.isalnum()


def _repair_line(line: str, number: int, page: CodePage, repairs: list[Repair]) -> str:
    spans = _decodable_spans(line, page)
    if not spans:
        return line
    if page.native:
        covered = set()
        for start, end, _ in spans:
            covered.update(range(start, end))
        if any(index not in covered for index, ch in enumerate(line) if page.native.match(ch)):
            return line
        spans = [span for span in spans if not _stand_alone_word(line, *span)]
    pieces, last = [], 0
    for start, end, fixed in spans:
        pieces += [line[last:start], fixed]
        repairs.append(Repair(number, line[start:end], fixed, page.name))
        last = end
    return "".join(pieces) + line[last:]


def suspects(text: str) -> list[str]:
    """Windows-1252 runs that end like UTF-8 with its last byte lost, as when a decoder drops
    the bytes the code page leaves undefined ("â€" for "”", E2 80 9D). They cannot be
    repaired exactly, so they are pointed out."""
    page = CODE_PAGES[-1]
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        for run in page.run.finditer(line):
            data = bytes(page.to_byte[ch] for ch in run.group())
            for length in (3, 4):
                start = len(data) - (length - 1)
                if (start >= 0 and _sequence_length(data[start]) == length
                        and all(0x80 <= byte <= 0xBF for byte in data[start + 1:])):
                    found.append(f"line {number}: {run.group()[start:]!r} looks like UTF-8 "
                                 f"misread as {page.name}, with a byte lost: left as it is")
    return found


def repair(text: str) -> tuple[str, list[Repair]]:
    """The text with every mojibake run repaired, and the repairs in order of line."""
    repairs: list[Repair] = []
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        for page in CODE_PAGES:
            line = _repair_line(line, number, page, repairs)
        lines[number - 1] = line
    return "\n".join(lines), repairs
