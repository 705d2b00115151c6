"""One colour policy for every picture made from a photo (variants and social cards): upright,
in sRGB with no profile to carry, and nothing of the source's metadata."""

from __future__ import annotations

import io

from PIL import Image, ImageCms, ImageOps

SRGB = ImageCms.createProfile("sRGB")
ORIENTATION = 0x0112        # the EXIF tag
TURNED = (5, 6, 7, 8)       # orientations that swap width and height


def is_turned(image: Image.Image) -> bool:
    return image.getexif().get(ORIENTATION) in TURNED


def upright_srgb(image: Image.Image, keep_alpha: bool) -> Image.Image:
    """The photo turned as its EXIF says, its colour profile applied (CMYK too), 16-bit grey
    scaled to 8 bits; RGB, L, or with `keep_alpha` RGBA/LA where it has transparency (else
    flattened onto white). Its `info` (comments, EXIF, XMP, profile) is dropped."""
    image = ImageOps.exif_transpose(image)
    profile = image.info.get("icc_profile")
    if profile and image.mode in ("RGB", "CMYK"):
        try:
            image = ImageCms.profileToProfile(image, ImageCms.ImageCmsProfile(
                io.BytesIO(profile)), SRGB, outputMode="RGB")
        except (ImageCms.PyCMSError, OSError):
            pass                # a broken profile: the colours as they are
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    transparent = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if transparent and keep_alpha:
        image = image if image.mode in ("RGBA", "LA") else image.convert("RGBA")
    elif transparent:
        rgba = image.convert("RGBA")
        image = Image.alpha_composite(Image.new("RGBA", rgba.size, "#ffffff"), rgba)
    if image.mode not in ("RGB", "L", "RGBA", "LA"):
        image = image.convert("RGB")
    image = image.copy() if image.info else image
    image.info = {}
    return image
