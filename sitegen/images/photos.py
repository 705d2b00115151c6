"""Which files are photos, what their sources may be, and the names of their variants.

A photo (JPEG, PNG or WebP under static/) is never published as it came from the camera: its
own path and each variant hold pixels only, turned upright, with no metadata (no GPS). A
variant's name follows from the photo's path and width alone, so pages can list them before
any is encoded: "images/x.jpg" at 800 px is "images/x.800w.jpg" and "images/x.800w.webp".
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from PIL import Image as Pillow
from PIL import UnidentifiedImageError

from sitegen.images.colour import is_turned
from sitegen.images.settings import ImageSettings

PHOTO_SUFFIXES = {".jpg": "JPEG", ".jpeg": "JPEG", ".jfif": "JPEG", ".jpe": "JPEG",
                  ".png": "PNG", ".webp": "WEBP"}
# Photos a camera or phone makes that the site cannot publish without their metadata
UNPUBLISHABLE = (".heic", ".heif", ".avif", ".tif", ".tiff")
# Pillow's own guard (a public setting) stops at 179 megapixels with a message that names
# no setting; probe() checks images.max_megapixels from the header before anything decodes.
Pillow.MAX_IMAGE_PIXELS = None


class PhotoProblem(Exception):
    """A source that cannot be published: the message says why, the caller says where."""


def is_photo(path: str | Path) -> bool:
    return PurePosixPath(str(path)).suffix.lower() in PHOTO_SUFFIXES


def unpublishable(path: str | Path) -> bool:
    return PurePosixPath(str(path)).suffix.lower() in UNPUBLISHABLE


def probe(path: Path, settings: ImageSettings, decode: bool = True,
          data: bytes | None = None) -> tuple[int, int]:
    """The photo's published (width, height): upright, no wider than the widest variant.
    Reads the header, refuses what is too large before decoding, then (with `decode`)
    decodes at a reduced scale, which reads every byte: a truncated file is found here.
    `data`: the file's bytes, when read already (then the file is not read again)."""
    size = len(data) if data is not None else path.stat().st_size
    if size > settings.max_megabytes * 1_000_000:
        raise PhotoProblem(f"the file is {size / 1_000_000:.1f} MB, over the limit of "
                           f"images.max_megabytes ({settings.max_megabytes})")
    expected = PHOTO_SUFFIXES[path.suffix.lower()]
    try:
        with warnings.catch_warnings(), Pillow.open(
                io.BytesIO(data) if data is not None else path, formats=[expected]) as image:
            warnings.simplefilter("ignore")     # "Corrupt EXIF data": not the editor's concern
            width, height = image.size
            _check_pixels(width, height, settings)
            if is_turned(image):
                width, height = height, width
            if decode:
                image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
                image.load()
    except PhotoProblem:
        raise
    except UnidentifiedImageError:
        raise PhotoProblem(f"the file is not a {expected} image (its name says it is)") \
            from None
    except (OSError, SyntaxError, ValueError) as error:
        raise PhotoProblem(f"the image cannot be decoded ({error}): is it truncated or "
                           "damaged?") from None
    return published_size(width, height, settings)


def _check_pixels(width: int, height: int, settings: ImageSettings) -> None:
    megapixels = width * height / 1_000_000
    if megapixels > settings.max_megapixels:
        raise PhotoProblem(f"the image is {width} x {height} pixels ({megapixels:.0f} "
                           f"megapixels), over the limit of images.max_megapixels "
                           f"({settings.max_megapixels})")


def published_size(width: int, height: int, settings: ImageSettings) -> tuple[int, int]:
    """The size of the largest variant: the source's, or scaled down to the widest width."""
    if width <= settings.widest:
        return width, height
    return settings.widest, max(1, round(height * settings.widest / width))


def variant_widths(width: int, settings: ImageSettings) -> list[int]:
    """The widths a photo of published `width` is given: those narrower, then its own."""
    return [*(each for each in settings.widths if each < width), width]


def variant_name(src: str, width: int, suffix: str) -> str:
    """"images/x.jpg", 800, ".webp" -> "images/x.800w.webp"."""
    path = PurePosixPath(src.lstrip("/"))
    return str(path.with_name(f"{path.stem}.{width}w{suffix}"))


@dataclass(frozen=True)
class PhotoVariant:
    path: str       # under the site's root
    width: int
    format: str     # "WEBP", or the source's own format


def photo_variants(src: str, width: int, settings: ImageSettings) -> list[PhotoVariant]:
    """Every file a photo is published as: WebP at each width, and its own format at each
    width, the widest of which is its own path."""
    own_suffix = PurePosixPath(src).suffix
    own_format = PHOTO_SUFFIXES[own_suffix.lower()]
    widths = variant_widths(width, settings)
    variants = [PhotoVariant(variant_name(src, each, ".webp"), each, "WEBP")
                for each in widths] if own_format != "WEBP" else []
    variants += [PhotoVariant(variant_name(src, each, own_suffix), each, own_format)
                 for each in widths[:-1]]
    return [*variants, PhotoVariant(src.lstrip("/"), width, own_format)]


# The widths photos are shown at in the theme (static/css/site.css), for `sizes`: the
# story's column (a hero, a body picture), the front page's lead, a list card, an avatar.
SIZES = {
    "column": "(min-width: 46rem) 42rem, calc(100vw - 2.5rem)",
    "lead": "(min-width: 60rem) 40rem, calc(100vw - 2.5rem)",
    "card": "(min-width: 60rem) 22rem, (min-width: 48rem) 45vw, 6.5rem",
    "avatar": "6rem",
}


@dataclass(frozen=True)
class PictureSources:
    """What a <picture> lists: a WebP srcset (None for a WebP photo), the srcset in the
    photo's own format, and its own path (the widest) as the <img> src."""
    webp: str | None
    own: str
    src: str
    sizes: str


def picture_sources(src: str, width: int, settings: ImageSettings,
                    url: Callable[[str], str], layout: str = "column") -> PictureSources:
    own_format = PHOTO_SUFFIXES[PurePosixPath(src).suffix.lower()]
    variants = photo_variants(src, width, settings)

    def srcset(format: str) -> str:
        # Spaces and commas separate a srcset's entries: a file name's own are %-encoded
        return ", ".join(f"{quote(url(each.path), safe='/')} {each.width}w" for each in variants
                         if each.format == format)
    return PictureSources(srcset("WEBP") if own_format != "WEBP" else None,
                          srcset(own_format), url(src.lstrip("/")), SIZES[layout])
