"""Social cards (Open Graph og:image, 1200x630): a story's headline drawn, or its photo.

Pure functions: the same input gives byte-identical output.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageColor, ImageDraw, ImageOps

from sitegen.cards.paths import CARD_SIZE
from sitegen.cards.text import (CardFonts, fit_headline, fit_line, font, is_rtl, leading,
                                run_direction, run_length, text_runs, visual_order)
from sitegen.images.colour import is_turned, upright_srgb

__all__ = ["CARD_SIZE", "CardColours", "CardFonts", "DEFAULT_COLOURS", "card_fonts",
           "fit_headline", "photo_card", "text_card"]

MARGIN = 64
BAR = 12                    # the accent bar along the card's top edge
KICKER_SIZE = 27
SITE_SIZE = 30
FOOTER = 104                # the band along the bottom with the site name
GAP = 26                    # below the kicker, above the band
INK_STEPS = 32              # palette entries from a background to an ink
PNG_LEVEL = 3               # zlib: 6 saves 17% of the bytes for 40% more time, 9 ten times
PHOTO_QUALITY = 82
FONTS = Path(__file__).parent / "fonts"     # Thai and Arabic: the site's own pages never need them


@dataclass(frozen=True)
class CardColours:
    background: str
    text: str
    accent: str
    muted: str
    surface: str = "#f3f4f6"


DEFAULT_COLOURS = CardColours(background="#ffffff", text="#1c1d1f", accent="#0b57a4",
                              muted="#565a60", surface="#f3f4f6")     # static/css/site.css, light


def card_fonts(static_dir: Path) -> CardFonts:
    """The site's faces in `static_dir`/fonts, with the Thai and Arabic fonts shipped here."""
    site = static_dir / "fonts"
    return CardFonts(
        headline=(site / "source-serif-4-latin-700-normal.woff2",
                  site / "source-serif-4-latin-ext-700-normal.woff2"),
        text=(site / "source-sans-3-latin-700-normal.woff2",
              site / "source-sans-3-latin-ext-700-normal.woff2"),
        thai=FONTS / "noto-sans-thai-thai-700-normal.woff2",
        arabic=FONTS / "noto-sans-arabic-arabic-700-normal.woff2")


def draw_line(draw: ImageDraw.ImageDraw, text: str, box: tuple[float, float], size: int,
              face: tuple[Path, ...], fonts: CardFonts, rtl: bool, fill: str) -> None:
    """One line of text in the line box (top, height), aligned to the card's margin.

    Each run is drawn in its own font on a shared baseline, left to right in visual order.
    """
    top, line_height = box
    baseline = round(top + (line_height - size) / 2 + size * 0.8)
    runs = visual_order(text_runs(text, face, fonts), rtl)
    lengths = [run_length(run, size, rtl) for run in runs]
    x = CARD_SIZE[0] - MARGIN - sum(lengths) if rtl else MARGIN
    for run, length in zip(runs, lengths):
        if run.text.strip():
            draw.text((x, baseline), run.text, fill=fill, font=font(run.path, size), anchor="ls",
                      direction=run_direction(run, rtl))
        x += length


def _small_line(draw, text: str, top: float, size: int, fonts: CardFonts, rtl: bool,
                fill: str) -> float:
    """A one-line label (kicker, site name), cut to the card's width; returns its line height."""
    width = CARD_SIZE[0] - 2 * MARGIN
    line = fit_line(text, size, width, fonts.text, fonts)
    line_height = size * leading(line)
    draw_line(draw, line, (top, line_height), size, fonts.text, fonts, rtl, fill)
    return line_height


def text_card(headline: str, kicker: str | None, site_name: str, fonts: CardFonts,
              colours: CardColours = DEFAULT_COLOURS) -> bytes:
    """A PNG card: an accent bar, the kicker, the headline as large as fits, and the site name
    on a band along the bottom. A right-to-left headline lays the whole card out from the right.
    """
    width, height = CARD_SIZE
    image = Image.new("RGB", CARD_SIZE, colours.background)
    draw = ImageDraw.Draw(image)
    rtl = is_rtl(headline)
    draw.rectangle((0, 0, width - 1, BAR - 1), fill=colours.accent)
    kicker = kicker.upper() if kicker and kicker.strip() else None
    kicker_height = KICKER_SIZE * leading(fit_line(kicker, KICKER_SIZE, width - 2 * MARGIN,
                                                   fonts.text, fonts)) + GAP if kicker else 0
    band_top = height - FOOTER
    fit = fit_headline(headline, fonts, (width - 2 * MARGIN,
                                         band_top - 2 * GAP - MARGIN - kicker_height))
    # The words stand on the band, as a front page's lead does, not under an empty sky
    top = max(MARGIN, band_top - 2 * GAP - kicker_height - len(fit.lines) * fit.line_height)
    if kicker:
        top += _small_line(draw, kicker, top, KICKER_SIZE, fonts, rtl, colours.accent) + GAP
    for index, line in enumerate(fit.lines):
        draw_line(draw, line, (top + index * fit.line_height, fit.line_height), fit.size,
                  fonts.headline, fonts, rtl, colours.text)
    draw.rectangle((0, band_top, width - 1, height - 1), fill=colours.surface)
    site_top = band_top + (FOOTER - SITE_SIZE * leading(site_name)) / 2
    _small_line(draw, site_name, site_top, SITE_SIZE, fonts, rtl, colours.muted)
    inks = [(colours.background, colours.text), (colours.background, colours.accent),
            (colours.surface, colours.muted)]
    return _png(image, inks)


def _png(image: Image.Image, inks: list[tuple[str, str]]) -> bytes:
    """A palette PNG of an image whose every pixel is a blend of one of the (base, ink) pairs.

    Anti-aliased text on a flat colour takes only such blends, so a fixed palette of each pair's
    steps keeps it within a few levels of the RGB image at a third of the size and of the time
    an adaptive palette takes.
    """
    colours = []
    for base, ink in inks:
        start, end = ImageColor.getrgb(base), ImageColor.getrgb(ink)
        colours += [tuple(round(a + (b - a) * step / (INK_STEPS - 1)) for a, b in zip(start, end))
                    for step in range(INK_STEPS)]
    palette = Image.new("P", (1, 1))
    palette.putpalette([value for colour in colours for value in colour])
    out = io.BytesIO()
    card = image.quantize(palette=palette, dither=Image.Dither.NONE)
    card.save(out, "PNG", compress_level=PNG_LEVEL)
    return out.getvalue()


def photo_card(photo_path: Path) -> bytes:
    """A JPEG card from a photo: upright, centre-cropped to 1.91:1, with no metadata at all.

    No EXIF (a phone's GPS position must never be published), XMP, comment or ICC profile:
    colours are converted to sRGB instead.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")     # "Corrupt EXIF data" and the like
        with Image.open(photo_path) as photo:
            # JPEG decodes at 1/2, 1/4 or 1/8 scale when that is enough
            photo.draft("RGB", CARD_SIZE[::-1] if is_turned(photo) else CARD_SIZE)
            upright = upright_srgb(photo, keep_alpha=False)
    card = ImageOps.fit(upright.convert("RGB"), CARD_SIZE, Image.Resampling.LANCZOS)
    card.info = {}
    out = io.BytesIO()
    card.save(out, "JPEG", quality=PHOTO_QUALITY, progressive=True)
    return out.getvalue()
