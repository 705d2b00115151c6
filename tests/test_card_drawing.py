"""Social cards (og:image): drawn headlines fit, every script has real glyphs, photos lose metadata.

Every card is decoded again with Pillow and checked by its pixels.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageCms, ImageDraw, features

from conftest import PROJECT
from sitegen.cards import text as cardtext
from sitegen.cards.draw import (BAR, CARD_SIZE, DEFAULT_COLOURS, FOOTER, GAP, MARGIN,
                                card_fonts, fit_headline, photo_card, text_card)
from sitegen.cards.text import (clusters, font, font_path, line_width, text_runs, visual_order,
                                wrap)

FONTS = card_fonts(PROJECT / "static")
BOX = (CARD_SIZE[0] - 2 * MARGIN, 380)
SHORT = "Battery prices tumble"
LONG = ("Europe's biggest carmakers quietly rewrite their electric plans as cheaper Chinese "
        "rivals, slower charging roll-outs and a fickle subsidy regime force a rethink across "
        "boardrooms from Wolfsburg to Turin")
THAI = "รถยนต์ไฟฟ้าราคาประหยัดครองตลาดยุโรป ยอดขายพุ่งสูงสุดเป็นประวัติการณ์ในเดือนที่ผ่านมา"
ARABIC = "السيارات الكهربائية الرخيصة تتصدر مبيعات أوروبا للمرة الأولى في التاريخ"
THAI_MARKS = {0x0E31, *range(0x0E34, 0x0E3B), *range(0x0E47, 0x0E4F)}


def decode(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def ink_box(image: Image.Image, top: int = BAR, bottom: int = CARD_SIZE[1] - FOOTER):
    """The box around everything drawn between `top` and `bottom` (card coordinates)."""
    region = image.convert("RGB").crop((0, top, CARD_SIZE[0], bottom))
    box = ImageChops.difference(region, Image.new("RGB", region.size, "#ffffff")).getbbox()
    assert box, "nothing drawn"
    return box[0], box[1] + top, box[2], box[3] + top


def glyph(path: Path, text: str, size: int = 48) -> bytes:
    """`text` drawn alone in one font file, as pixels."""
    image = Image.new("L", (size * (len(text) + 2), size * 2))
    ImageDraw.Draw(image).text((size // 2, size // 2), text, fill=255, font=font(path, size))
    return image.tobytes()


def test_the_fonts_are_the_repository_files_and_raqm_lays_text_out():
    assert features.check("raqm"), "Arabic and Thai need libraqm (and libfribidi)"
    paths = [*FONTS.headline, *FONTS.text, FONTS.thai, FONTS.arabic]
    assert all(path.is_file() for path in paths), [path for path in paths if not path.is_file()]
    assert FONTS.headline[0] == PROJECT / "static/fonts/source-serif-4-latin-700-normal.woff2"
    assert FONTS.thai.parent == PROJECT / "sitegen/cards/fonts"


def test_a_text_card_is_a_small_1200x630_palette_png():
    data = text_card(LONG, "Motoring · Analysis", "The Daily Example", FONTS, DEFAULT_COLOURS)
    image = decode(data)
    assert (image.format, image.size, image.mode) == ("PNG", CARD_SIZE, "P")
    assert len(data) < 60_000
    rgb = image.convert("RGB")
    assert rgb.getpixel((600, 2)) == (0x0B, 0x57, 0xA4)             # the accent bar
    assert rgb.getpixel((600, CARD_SIZE[1] - 2)) == (0xF3, 0xF4, 0xF6)  # the site name's band


def test_the_same_card_is_byte_identical_every_time():
    first = text_card(THAI, "ยานยนต์", "The Daily Example", FONTS, DEFAULT_COLOURS)
    for cache in (font, text_runs, line_width, cardtext.script_of):
        cache.cache_clear()
    assert text_card(THAI, "ยานยนต์", "The Daily Example", FONTS, DEFAULT_COLOURS) == first


def test_a_short_headline_is_drawn_larger_than_a_long_one():
    short, long = fit_headline(SHORT, FONTS, BOX), fit_headline(LONG, FONTS, BOX)
    assert short.size == 72 and short.lines == (SHORT,)
    assert 34 <= long.size < short.size
    assert " ".join(long.lines) == LONG         # every word, in order: nothing was cut


def test_a_long_headline_fits_the_text_box():
    fit = fit_headline(LONG, FONTS, BOX)
    assert len(fit.lines) > 2
    assert len(fit.lines) * fit.line_height <= BOX[1]
    for line in fit.lines:
        assert line_width(line, fit.size, FONTS.headline, FONTS) <= BOX[0], line


def test_a_drawn_headline_stays_inside_the_margins_and_above_the_band():
    for headline in (LONG, THAI, ARABIC, " ".join([LONG] * 3)):
        image = decode(text_card(headline, "Motoring", "The Daily Example", FONTS))
        left, top, right, bottom = ink_box(image)
        assert left >= MARGIN and right <= CARD_SIZE[0] - MARGIN, (headline, left, right)
        assert top > BAR and bottom < CARD_SIZE[1] - FOOTER - 8, (headline, top, bottom)


def test_a_headline_too_long_for_the_card_is_cut_with_an_ellipsis():
    headline = " ".join([LONG] * 4)
    fit = fit_headline(headline, FONTS, BOX)
    assert fit.size == 34
    assert fit.lines[-1].endswith("…")
    assert len(fit.lines) * fit.line_height <= BOX[1]
    assert all(line_width(line, 34, FONTS.headline, FONTS) <= BOX[0] for line in fit.lines)
    assert headline.startswith(" ".join(fit.lines)[:-1])


def test_a_word_is_broken_only_when_it_is_wider_than_a_line_at_the_smallest_size():
    word = "Donaudampfschifffahrtsgesellschaftskapitänsmützenherstellerverband"
    fit = fit_headline(f"{word} resigns", FONTS, BOX)
    assert fit.size == 34               # shrunk first, rather than broken at 72 px
    assert "".join(fit.lines).replace(" ", "") == f"{word}resigns"


def test_characters_get_the_font_file_that_has_them():
    latin, ext = FONTS.headline
    assert [font_path(ch, FONTS.headline, FONTS) for ch in "aé€—Łİ"] == [latin] * 4 + [ext] * 2
    assert font_path("ก", FONTS.headline, FONTS) == FONTS.thai
    assert font_path("ع", FONTS.headline, FONTS) == FONTS.arabic
    assert font_path("ﻻ", FONTS.headline, FONTS) == FONTS.arabic       # presentation form
    runs = text_runs("Dubai «المترو الأزرق» 2029", FONTS.headline, FONTS)
    assert [run.path for run in runs if run.text == "المترو الأزرق"] == [FONTS.arabic]


@pytest.mark.parametrize("letters", ["กขคงจฉ", "ابتجدس"])
def test_thai_and_arabic_letters_are_real_glyphs_not_missing_glyph_boxes(letters):
    chosen = {font_path(ch, FONTS.headline, FONTS) for ch in letters}
    assert len(chosen) == 1 and chosen != {FONTS.headline[0]}
    (fallback,) = chosen
    with_fallback = {glyph(fallback, ch) for ch in letters}
    assert len(with_fallback) == len(letters)       # each letter looks different
    for path in FONTS.headline:                     # in a latin file, each is the same box
        (box,) = {glyph(path, ch) for ch in letters}
        assert any(box) and box not in with_fallback


@pytest.mark.parametrize("headline, shuffled", [("ราคาลดลงมาก", "กามงลดลาคาร"),
                                                ("سلم على المدينة", "ملس على المدينة")])
def test_a_card_draws_thai_and_arabic_headlines_with_their_letters(headline, shuffled):
    """The same letters (no marks) in another order: identical cards if drawn as boxes."""
    assert glyph(FONTS.headline[1], headline) == glyph(FONTS.headline[1], shuffled)
    cards = [decode(text_card(text, None, "News", FONTS)).convert("RGB")
             for text in (headline, shuffled)]
    assert ImageChops.difference(*cards).getbbox() is not None


def test_an_arabic_headline_is_right_aligned_and_a_latin_one_left_aligned():
    band = CARD_SIZE[1] - FOOTER
    fit = fit_headline(ARABIC, FONTS, (BOX[0], band - 2 * GAP - MARGIN))
    assert fit.rtl and len(fit.lines) == 3
    image = decode(text_card(ARABIC, None, "The Daily Example", FONTS))
    first = band - 2 * GAP - len(fit.lines) * fit.line_height      # the lines stand on the band
    for index in range(len(fit.lines)):
        top = first + index * fit.line_height
        left, _, right, _ = ink_box(image, top, top + fit.line_height)
        assert CARD_SIZE[0] - MARGIN - 8 <= right <= CARD_SIZE[0] - MARGIN, (index, right)
    assert left > MARGIN + 200      # the short last line starts far from the left margin
    left, _, right, _ = ink_box(decode(text_card(SHORT, None, "The Daily Example", FONTS)))
    assert left <= MARGIN + 3 and right < CARD_SIZE[0] - MARGIN - 200


def test_latin_names_in_an_arabic_line_keep_their_order_and_neutrals_follow_the_line():
    def order(text, rtl):
        runs = visual_order(text_runs(text, FONTS.headline, FONTS), rtl)
        return [run.text.strip() for run in runs if run.text.strip()]
    assert order("قال Elon Musk إن", True) == ["إن", "Elon Musk", "قال"]
    assert order("Tesla · عاجل", True) == ["عاجل", "·", "Tesla"]
    assert order("Dubai «المترو الأزرق» 2029", False) == ["Dubai", "«", "المترو الأزرق", "»",
                                                         "2029"]
    assert order("(تقرير)", True) == [")", "تقرير", "("]     # drawn right to left: mirrored


def test_thai_breaks_between_clusters_never_before_a_mark():
    assert clusters("เป็นประวัติ") == ["เป็", "น", "ป", "ระ", "วั", "ติ"]
    lines = wrap(THAI, 300, 48, FONTS.headline, FONTS)
    assert len(lines) > 3 and "".join(lines).replace(" ", "") == THAI.replace(" ", "")
    for line in lines:
        assert ord(line[0]) not in THAI_MARKS, line
        assert line_width(line, 48, FONTS.headline, FONTS) <= 300, line


def photo_with_gps(path: Path, size=(3000, 2000)) -> Path:
    image = Image.new("RGB", size, "#3a7bd5")
    ImageDraw.Draw(image).ellipse((size[0] // 3, size[1] // 4, size[0] * 2 // 3, size[1] * 3 // 4),
                                  fill="#f4a300")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 39.0)}
    image.save(path, quality=90, exif=exif, comment=b"taken at home")
    return path


def test_a_photo_card_is_a_1200x630_progressive_jpeg_without_gps_or_any_metadata(tmp_path):
    source = photo_with_gps(tmp_path / "photo.jpg")
    assert Image.open(source).getexif().get_ifd(0x8825)        # the source does carry GPS
    data = photo_card(source)
    card = decode(data)
    assert (card.format, card.size, card.mode) == ("JPEG", CARD_SIZE, "RGB")
    assert card.info.get("progressive") or card.info.get("progression")
    assert not card.getexif() and b"Exif" not in data and b"taken at home" not in data
    assert "icc_profile" not in card.info and "comment" not in card.info
    assert max(abs(a - b) for a, b in zip(card.getpixel((600, 315)), (0xF4, 0xA3, 0x00))) < 12
    assert max(abs(a - b) for a, b in zip(card.getpixel((40, 315)), (0x3A, 0x7B, 0xD5))) < 12


def test_a_photo_is_turned_upright_by_its_exif_orientation(tmp_path):
    image = Image.new("RGB", (300, 200), "#0000ff")
    image.paste("#ff0000", (0, 0, 150, 200))        # the left half red
    exif = Image.Exif()
    exif[0x0112] = 6                                 # shown turned 90° clockwise: red on top
    image.save(tmp_path / "turned.jpg", quality=95, exif=exif)
    card = decode(photo_card(tmp_path / "turned.jpg"))
    assert card.size == CARD_SIZE and not card.getexif()
    for x in (20, 600, 1180):
        red, _, blue = card.getpixel((x, 60))
        assert red > 200 and blue < 60, (x, "top")
        red, _, blue = card.getpixel((x, 570))
        assert red < 60 and blue > 200, (x, "bottom")


def test_transparent_png_webp_and_colour_profiles_become_plain_srgb(tmp_path):
    image = Image.new("RGBA", (800, 420), (0, 128, 0, 255))
    image.paste((0, 0, 0, 0), (0, 0, 400, 420))       # the left half transparent
    image.save(tmp_path / "clear.png")
    card = decode(photo_card(tmp_path / "clear.png"))
    assert card.getpixel((100, 315)) == (255, 255, 255)     # flattened onto white, not black
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    Image.new("RGB", (800, 420), (200, 30, 30)).save(tmp_path / "profiled.webp", icc_profile=srgb)
    card = decode(photo_card(tmp_path / "profiled.webp"))
    assert card.size == CARD_SIZE and "icc_profile" not in card.info
    assert max(abs(a - b) for a, b in zip(card.getpixel((600, 315)), (200, 30, 30))) < 12
