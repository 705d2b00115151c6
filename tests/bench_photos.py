"""The benchmark's photo corpus: the same site with 200 distinct 3000 x 2000 camera JPEGs
as heroes, built cold and again with nothing changed, beside the same site without them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from PIL import Image

PHOTOS = 200
SIZE = (3000, 2000)


def make_photo_corpus(root: Path, target: Path, photos: int = PHOTOS) -> None:
    """`root`'s site copied to `target`, its first `photos` articles given a hero photo each."""
    shutil.copytree(root, target, symlinks=True,
                    ignore=shutil.ignore_patterns(".cache", "_site", ".site-builds"))
    folder = target / "static" / "images" / "bench"
    folder.mkdir(parents=True)
    articles = sorted((target / "content" / "articles").glob("*.md"))[:photos]
    for number, article in enumerate(articles):
        name = f"photo-{number:03d}.jpg"
        _camera_jpeg(folder / name, number)
        text = article.read_text(encoding="utf-8")
        text = re.sub(r"^---\n", f"---\nimage:\n  src: images/bench/{name}\n"
                                 f"  alt: \"Bench photo {number}\"\n", text, count=1)
        article.write_text(text, encoding="utf-8")


def _camera_jpeg(path: Path, seed: int) -> None:
    """A photo-like JPEG: a gradient with grain, about the size a camera's would be."""
    width, height = SIZE
    red = Image.linear_gradient("L").resize(SIZE).rotate(seed % 360, expand=False)
    green = Image.effect_noise(SIZE, 40 + seed % 30)
    blue = Image.radial_gradient("L").resize(SIZE)
    Image.merge("RGB", (red, green, blue)).save(path, quality=88)


def compare(root: Path, folder: Path, measure_pair) -> None:
    """`measure_pair(name, corpus)`: (cold, no-change) medians of our build of `corpus`."""
    photo_root = folder / "site-with-photos"
    if not photo_root.exists():
        make_photo_corpus(root, photo_root)
    plain = measure_pair("without photos", root)
    photos = measure_pair(f"with {PHOTOS} photos ({SIZE[0]}x{SIZE[1]} JPEG)", photo_root)
    print(f"{'photos: cold build costs':<36} {photos[0] - plain[0]:+7.2f} s more")
    print(f"{'photos: no-change rebuild costs':<36} {photos[1] - plain[1]:+7.3f} s more "
          "(the target is under 0.2 s)")
