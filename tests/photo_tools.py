"""Photos made by the tests with Pillow: a camera's JPEG with GPS, a turned one, bad files."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from PIL import Image

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def make_photo(path: Path, size: tuple[int, int] = (3000, 2000), gps: bool = False,
               orientation: int | None = None, seed: int = 0, quality: int = 90,
               comment: bytes | None = None) -> Path:
    """A photo-like JPEG (or PNG/WebP by suffix): coloured tiles, so it compresses like a
    photo and each corner can be told apart; optionally with GPS and an orientation."""
    width, height = size
    image = Image.new("RGB", size)
    step = max(8, width // 60)
    for x in range(0, width, step):
        for y in range(0, height, step):
            image.paste(((x * 7 + seed * 40) % 256, (y * 5 + seed * 90) % 256,
                         ((x + y) * 3 + seed * 20) % 256), (x, y, x + step, y + step))
    exif = Image.Exif()
    if gps:
        exif[GPS_IFD] = {1: "N", 2: (51.0, 30.0, 26.0), 3: "W", 4: (0.0, 7.0, 39.0)}
    if orientation:
        exif[ORIENTATION] = orientation
    path.parent.mkdir(parents=True, exist_ok=True)
    options = {"quality": quality} if path.suffix.lower() in (".jpg", ".jpeg", ".webp") else {}
    if comment is not None:
        options["comment"] = comment
    image.save(path, exif=exif, **options)
    return path


def make_bomb_png(path: Path, width: int = 20_000, height: int = 20_000) -> Path:
    """A small PNG whose header claims `width` x `height` pixels."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\0" * (width + 1) * 16)    # a few rows: the rest is missing
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)
                     + chunk(b"IEND", b""))
    return path


def has_gps(path: Path) -> bool:
    with Image.open(path) as image:
        return bool(image.getexif().get_ifd(GPS_IFD)) or b"Exif" in path.read_bytes()[:65536]


def metadata(path: Path) -> dict:
    """What a published picture carries besides its pixels (JPEG's jfif header aside)."""
    with Image.open(path) as image:
        return {key: value for key, value in image.info.items()
                if key not in ("jfif", "jfif_version", "jfif_unit", "jfif_density", "dpi",
                               "progressive", "progression", "loop", "background")}


def make_scene(path: Path, seed: int, size: tuple[int, int] = (1600, 1067)) -> Path:
    """A photo-like landscape (sky, sun, hills, grain) whose colours follow `seed`, so a
    page of stories shows different pictures, as a news site's does."""
    import random

    from PIL import ImageDraw, ImageFilter

    rng = random.Random(seed)
    width, height = size
    top = (rng.randrange(60, 140), rng.randrange(110, 180), rng.randrange(170, 240))
    bottom = (rng.randrange(200, 255), rng.randrange(150, 220), rng.randrange(100, 180))
    sky = Image.linear_gradient("L").resize(size)
    image = Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), sky)
    draw = ImageDraw.Draw(image)
    sun_x, sun_y, radius = rng.randrange(width // 5, width * 4 // 5), height // 3, height // 10
    draw.ellipse((sun_x - radius, sun_y - radius, sun_x + radius, sun_y + radius),
                 fill=(255, 236, 180))
    for layer in range(3):
        base = height * (0.55 + 0.13 * layer)
        shade = tuple(max(0, channel - 40 * layer) for channel in (
            rng.randrange(40, 110), rng.randrange(80, 150), rng.randrange(50, 110)))
        points = [(0, height)] + [(x, base - rng.randrange(0, height // 6))
                                  for x in range(0, width + 200, 200)] + [(width, height)]
        draw.polygon(points, fill=shade)
    image = image.filter(ImageFilter.GaussianBlur(2))
    grain = Image.effect_noise(size, 18).convert("RGB")
    image = Image.blend(image, grain, 0.06)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, quality=88)
    return path
