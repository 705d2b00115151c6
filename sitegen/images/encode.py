"""Encode one photo's variants: upright, in sRGB, resized, in WebP and its own format.

Nothing of the source's metadata is written: upright_srgb drops its `info` (EXIF with GPS,
XMP, comments, the profile, once applied), and Pillow writes no metadata it is not given.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image as Pillow

from sitegen.images.colour import is_turned, upright_srgb
from sitegen.images.photos import PhotoVariant

_OPTIONS = {
    "JPEG": {"quality": 82, "optimize": True, "progressive": True},
    # method 2 of 6: half the time of the default 4 for files a few per cent larger
    "WEBP": {"quality": 80, "method": 2},
    "PNG": {"compress_level": 6},
}


def encode_variants(data: bytes, variants: list[PhotoVariant], height: int) -> dict[str, bytes]:
    """Each variant's bytes, by its path; `height`: the widest variant's."""
    widest = max(variant.width for variant in variants)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")     # "Corrupt EXIF data" and the like: not the reader's
        with Pillow.open(io.BytesIO(data)) as source:
            # JPEG decodes at the smallest scale still as large as the widest variant.
            source.draft("RGB", (height, widest) if is_turned(source) else (widest, height))
            larger = upright_srgb(source, keep_alpha=True)
    # Each width is made from the next wider one, not from the source: far fewer pixels read.
    sized: dict[int, Pillow.Image] = {}
    for width in sorted({variant.width for variant in variants}, reverse=True):
        larger = sized[width] = larger.resize((width, max(1, round(height * width / widest))),
                                              Pillow.Resampling.LANCZOS, reducing_gap=3.0)
    return {variant.path: _encode(sized[variant.width], variant.format)
            for variant in variants}


def _encode(image: Pillow.Image, format: str) -> bytes:
    if format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    out = io.BytesIO()
    image.save(out, format, **_OPTIONS[format])
    return out.getvalue()
