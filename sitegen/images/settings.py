"""`images:` in site.yml: the widths photos are published at and the limits on their sources."""

from __future__ import annotations

from dataclasses import dataclass

from sitegen.content.fields import Fields


@dataclass(frozen=True)
class ImageSettings:
    widths: tuple[int, ...] = (480, 800, 1200, 1600)    # never wider than the source
    max_megapixels: int = 50        # a decompression bomb is refused before it is decoded
    max_megabytes: int = 25         # the largest source file accepted

    @property
    def widest(self) -> int:
        return self.widths[-1]


def image_settings(fields: Fields) -> ImageSettings:
    section = fields.mapping("images") or {}
    fields.check_keys("images", section, {"widths", "max_megapixels", "max_megabytes"})
    values = {}
    widths = section.get("widths")
    if widths is not None:
        if not isinstance(widths, list) or not widths or not all(
                _whole(width) and 16 <= width <= 8192 for width in widths):
            raise fields.error("images.widths", "must be a list of widths in pixels between "
                                                f"16 and 8192, such as [480, 800, 1200], not {widths!r}")
        values["widths"] = tuple(sorted(set(widths)))
    for name in ("max_megapixels", "max_megabytes"):
        number = section.get(name)
        if number is not None:
            if not _whole(number) or number < 1:
                raise fields.error(f"images.{name}", f"must be a whole number of at least 1, "
                                                     f"not {number!r}")
            values[name] = number
    return ImageSettings(**values)


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
