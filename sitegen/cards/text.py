"""Text on social cards: a font file for each run of characters, lines, and a headline size that fits.

The site's faces come as subset files that each cover part of Unicode (a latin and a latin-ext
file), with Noto fonts for Thai and Arabic, so a line is drawn as runs, each in the file that has
its characters. Right-to-left headlines use a simplified bidi algorithm (enough for headlines:
Arabic text with Latin names, numbers and punctuation); raqm shapes each run.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from PIL import ImageFont, features

SHAPING = features.check("raqm")      # complex text layout: shaping and direction
THAI = ((0x0E00, 0x0E7F),)
ARABIC = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))
# The latin subset files' unicode-range (as fontsource declares it); latin-ext has the rest
LATIN = ((0x0000, 0x00FF), (0x0131, 0x0131), (0x0152, 0x0153), (0x02BB, 0x02BC), (0x02C6, 0x02C6),
         (0x02DA, 0x02DA), (0x02DC, 0x02DC), (0x0304, 0x0304), (0x0308, 0x0308), (0x0329, 0x0329),
         (0x2000, 0x206F), (0x20AC, 0x20AC), (0x2122, 0x2122), (0x2191, 0x2191), (0x2193, 0x2193),
         (0x2212, 0x2212), (0x2215, 0x2215), (0xFEFF, 0xFEFF), (0xFFFD, 0xFFFD))
THAI_FOLLOWING = "\u0e30\u0e32\u0e33\u0e45"     # spacing vowels that end a syllable: ะ า ำ ๅ
THAI_LEADING = "\u0e40\u0e41\u0e42\u0e43\u0e44"  # vowels written before their consonant: เ แ โ ใ ไ
ELLIPSIS = "\u2026"
# Bidi classes of letters, numbers and the marks on them: a run's core, not its neutral edges
CORE = {"L", "R", "AL", "EN", "AN", "NSM"}
HEADLINE_SIZES = range(72, 33, -2)      # tried largest first
# Line height in ems: Thai stacks marks above and below, Arabic has deep descenders
LEADING = {"thai": 1.5, "arabic": 1.6}
LATIN_LEADING = 1.16


@dataclass(frozen=True)
class CardFonts:
    """Font files: each face is its latin subset file, then its latin-ext one."""
    headline: tuple[Path, ...]      # the serif
    text: tuple[Path, ...]          # the sans: kicker and site name
    thai: Path
    arabic: Path

    def __post_init__(self):        # lists are accepted; tuples keep the fonts hashable
        object.__setattr__(self, "headline", tuple(self.headline))
        object.__setattr__(self, "text", tuple(self.text))


@dataclass(frozen=True)
class Run:
    """Characters drawn with one font file."""
    text: str
    path: Path
    bidi: str       # "R": Arabic letters, "L": other letters, "N": neither (spaces, punctuation)


@dataclass(frozen=True)
class HeadlineFit:
    size: int
    lines: tuple[str, ...]
    line_height: int
    rtl: bool


@functools.lru_cache(maxsize=256)
def font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.RAQM)


def clean(text: str) -> str:
    """Composed characters (fewer combining marks to place) and single spaces."""
    return " ".join(unicodedata.normalize("NFC", text).split())


@functools.lru_cache(maxsize=4096)
def script_of(ch: str) -> str:
    """Which font file draws a character: "thai", "arabic", "latin" or "latin-ext"."""
    code = ord(ch)
    for name, ranges in (("thai", THAI), ("arabic", ARABIC), ("latin", LATIN)):
        if any(low <= code <= high for low, high in ranges):
            return name
    return "latin-ext"


def font_path(ch: str, face: tuple[Path, ...], fonts: CardFonts) -> Path:
    script = script_of(ch)
    return {"thai": fonts.thai, "arabic": fonts.arabic, "latin": face[0]}.get(script, face[1])


def is_rtl(text: str) -> bool:
    """Whether most of the strongly directional characters are right-to-left (Arabic)."""
    classes = [unicodedata.bidirectional(ch) for ch in text]
    return sum(c in ("R", "AL") for c in classes) > sum(c == "L" for c in classes)


def _follows(ch: str) -> bool:
    """Drawn with the font of the character before it: spaces, marks, joiners."""
    return ch.isspace() or unicodedata.category(ch) in ("Mn", "Mc", "Me", "Cf")


def _bidi(text: str) -> str:
    classes = {unicodedata.bidirectional(ch) for ch in text}
    return "R" if classes & {"R", "AL"} else "L" if "L" in classes else "N"


def _edges(chars: str) -> list[str]:
    """Neutral characters (spaces, punctuation) at either end apart from the letters between.

    They sit between runs, so they follow the line's direction: "Tesla · عاجل" in a
    right-to-left line has its dot between the two words, not after "Tesla".
    """
    core = [index for index, ch in enumerate(chars) if unicodedata.bidirectional(ch) in CORE]
    if not core:
        return [chars]
    first, last = core[0], core[-1] + 1
    return [part for part in (chars[:first], chars[first:last], chars[last:]) if part]


@functools.lru_cache(maxsize=4096)
def text_runs(text: str, face: tuple[Path, ...], fonts: CardFonts) -> tuple[Run, ...]:
    """`text` cut where its font changes, and where letters meet spaces or punctuation."""
    pieces: list[list] = []         # [characters, path]
    for ch in text:
        if pieces and (_follows(ch) or font_path(ch, face, fonts) == pieces[-1][1]):
            pieces[-1][0] += ch
        else:
            pieces.append([ch, font_path(ch, face, fonts)])
    return tuple(Run(part, path, _bidi(part)) for chars, path in pieces for part in _edges(chars))


def run_direction(run: Run, rtl: bool) -> str | None:
    """Arabic reads right to left; so do spaces and punctuation in a right-to-left line.
    None where Pillow has no raqm (libfribidi missing): unshaped, but the build goes on."""
    if not SHAPING:
        return None
    return "rtl" if run.bidi == "R" or (rtl and run.bidi == "N") else "ltr"


def run_length(run: Run, size: int, rtl: bool) -> float:
    return font(run.path, size).getlength(run.text, direction=run_direction(run, rtl))


def visual_order(runs: tuple[Run, ...], rtl: bool) -> list[Run]:
    """A line's runs from left to right.

    Runs read in the line's direction, except stretches of the other direction (Latin names in
    Arabic, Arabic in English), which keep their own order, with the neutral runs inside them.
    """
    own, other = ("R", "L") if rtl else ("L", "R")
    blocks, start = [], 0
    while start < len(runs):
        end = start + 1
        if runs[start].bidi == other:       # the stretch ends at the last run of its direction
            for index in range(start + 1, len(runs)):
                if runs[index].bidi == own:
                    break
                if runs[index].bidi == other:
                    end = index + 1
        blocks.append(runs[start:end])
        start = end
    if rtl:
        return [run for block in reversed(blocks) for run in block]
    return [run for block in blocks for run in reversed(block)]


@functools.lru_cache(maxsize=4096)
def line_width(text: str, size: int, face: tuple[Path, ...], fonts: CardFonts,
               rtl: bool = False) -> float:
    """The width of a line as it is drawn, in pixels (`rtl`: in a right-to-left paragraph)."""
    return sum(run_length(run, size, rtl) for run in text_runs(text, face, fonts))


def clusters(text: str) -> list[str]:
    """Pieces a line may break between: never a mark from its letter, nor a Thai vowel from its
    consonant (Thai writes some vowels before the consonant, some after)."""
    pieces: list[str] = []
    for ch in text:
        joins = unicodedata.category(ch).startswith("M") or ch in THAI_FOLLOWING or ch == "\u200d"
        if pieces and (joins or pieces[-1][-1] in THAI_LEADING):
            pieces[-1] += ch
        else:
            pieces.append(ch)
    return pieces


def _join(line: str, word: str) -> str:
    return f"{line} {word}" if line else word


def _break_word(lines: list[str], line: str, word: str, fits) -> str:
    """Put `word` after `line` piece by piece, starting lines as they fill; returns the last."""
    pieces = clusters(word)
    while pieces:
        count = 0
        while count < len(pieces) and fits(_join(line, "".join(pieces[:count + 1]))):
            count += 1
        if count == 0 and line:
            lines.append(line)
            line = ""
            continue
        count = max(count, 1)       # a piece wider than a whole line overflows rather than loops
        line = _join(line, "".join(pieces[:count]))
        pieces = pieces[count:]
        if pieces:
            lines.append(line)
            line = ""
    return line


def _has_thai(text: str) -> bool:
    return any(script_of(ch) == "thai" for ch in text)


def wrap(text: str, width: float, size: int, face: tuple[Path, ...], fonts: CardFonts) -> list[str]:
    """Lines no wider than `width`, broken between words.

    Thai has no spaces between words, so Thai text fills each line and breaks between clusters;
    other words break between clusters only when one is wider than a whole line.
    """
    rtl = is_rtl(text)

    def fits(candidate: str) -> bool:
        return line_width(candidate, size, face, fonts, rtl) <= width

    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if fits(_join(line, word)):
            line = _join(line, word)
            continue
        if not _has_thai(word):
            if line:
                lines.append(line)
            line = ""
        line = _break_word(lines, line, word, fits)
    if line:
        lines.append(line)
    return lines


def cut(lines: list[str], count: int, fits) -> list[str]:
    """The first `count` lines, the last one ending in an ellipsis that fits."""
    kept = list(lines[:count])
    last = kept[-1]
    while True:
        candidate = last.rstrip(" ,;:.\u2013\u2014-\u060c") + ELLIPSIS
        if fits(candidate) or not last:
            kept[-1] = candidate
            return kept
        last = last.rsplit(" ", 1)[0] if " " in last else "".join(clusters(last)[:-1])


def leading(text: str) -> float:
    scripts = {script_of(ch) for ch in text}
    return max([LEADING[name] for name in scripts if name in LEADING], default=LATIN_LEADING)


def fit_line(text: str, size: int, width: float, face: tuple[Path, ...], fonts: CardFonts) -> str:
    """One line of `text`, cut with an ellipsis if it is too wide."""
    text = clean(text)
    lines = wrap(text, width, size, face, fonts)
    if len(lines) <= 1:
        return lines[0] if lines else ""
    rtl = is_rtl(text)
    return cut(lines, 1, lambda line: line_width(line, size, face, fonts, rtl) <= width)[0]


def _widest_word(text: str, size: int, face: tuple[Path, ...], fonts: CardFonts) -> float:
    """The widest word that may not be broken (Thai breaks anywhere between clusters)."""
    words = [word for word in text.split(" ") if not _has_thai(word)]
    return max((line_width(word, size, face, fonts) for word in words), default=0)


def fit_headline(headline: str, fonts: CardFonts, box: tuple[int, int],
                 sizes=HEADLINE_SIZES) -> HeadlineFit:
    """The largest size at which the headline fits in `box` (width, height), and its lines.

    At the smallest size a headline that still does not fit is cut with an ellipsis.
    """
    text = clean(headline)
    face, rtl = fonts.headline, is_rtl(text)
    width, height = box
    factor = leading(text)
    for size in sizes:
        line_height = round(size * factor)
        most = max(1, int(height // line_height))
        # not wrapped: a headline too long even without the gaps wrapping leaves, or with a
        # word wider than a line (broken only at the smallest size)
        if line_width(text, size, face, fonts, rtl) <= most * width and (
                size == sizes[-1] or _widest_word(text, size, face, fonts) <= width):
            lines = wrap(text, width, size, face, fonts)
            if len(lines) <= most:
                return HeadlineFit(size, tuple(lines), line_height, rtl)
    lines = wrap(text, width, size, face, fonts)
    lines = cut(lines, most, lambda line: line_width(line, size, face, fonts, rtl) <= width)
    return HeadlineFit(size, tuple(lines), line_height, rtl)
