"""Intrinsic image sizes (SVG, PNG, JPEG, GIF, WebP) so pages can reserve space before images load."""

from __future__ import annotations

import re
import struct
from pathlib import Path
from xml.etree import ElementTree

# The source of a picture that has no photo yet: published as a box showing its alt text.
PHOTO_TO_COME = "photo-to-come"
_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*(px)?\s*$")


def static_file(static_dir: Path, path: str) -> Path | None:
    """The file under static/ that a site path ("/images/x.svg" or "images/x.svg") names, or
    None: the one rule for every image a page or the configuration refers to. A path that
    climbs out (".."), names a folder or a missing file names nothing."""
    relative = Path(path.lstrip("/"))
    if ".." in relative.parts or relative.is_absolute() or not relative.parts:
        return None
    candidate = static_dir / relative
    try:
        return candidate if candidate.is_file() else None
    except OSError:     # not a name this system accepts (too long, say): no such file
        return None


def image_size(path: Path) -> tuple[int, int] | None:
    """(width, height) in CSS pixels, or None when the file does not say."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR":
        return struct.unpack(">II", data[16:24])
    if data.startswith((b"GIF87a", b"GIF89a")):
        return struct.unpack("<HH", data[6:10])
    if data.startswith(b"\xff\xd8"):
        return _jpeg_size(data)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _webp_size(data)
    if path.suffix.lower() == ".svg":
        return _svg_size(data)
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    index = 2
    while index + 9 < len(data):
        if data[index] != 0xFF:
            index += 1
            continue
        marker = data[index + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7 or marker == 0xFF:
            index += 1 if marker == 0xFF else 2
            continue
        length = struct.unpack(">H", data[index + 2:index + 4])[0]
        # Start-of-frame markers carry the size; C4, C8 and CC are tables, not frames.
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[index + 5:index + 9])
            return width, height
        index += 2 + length
    return None


def _webp_size(data: bytes) -> tuple[int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8X":
        width = int.from_bytes(data[24:27], "little") + 1
        height = int.from_bytes(data[27:30], "little") + 1
        return width, height
    if chunk == b"VP8 ":
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L":
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    return None


def _svg_size(data: bytes) -> tuple[int, int] | None:
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return None
    width, height = _length(root.get("width")), _length(root.get("height"))
    if width and height:
        return width, height
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if len(box) == 4:
        try:
            box_width, box_height = float(box[2]), float(box[3])
        except ValueError:
            return None
        if box_width > 0 and box_height > 0:
            return round(box_width), round(box_height)
    return None


def _length(value: str | None) -> int | None:
    match = _LENGTH.match(value or "")
    return round(float(match.group(1))) if match else None
