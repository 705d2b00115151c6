"""The photos stage: every photo under static/ published as its variants, encoded once.

A photo's variants are kept in the file store by a digest of its bytes and the settings;
a build encodes only the photos whose key is new (on every core when there are several),
and each variant is a SiteFile whose inputs are that key, so a published variant whose
photo did not change is kept without being read.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import PIL

from sitegen.errors import SiteError
from sitegen.images import encode, photos
from sitegen.images.encode import encode_variants
from sitegen.images.photos import (PhotoProblem, is_photo, photo_variants, probe,
                                   unpublishable)
from sitegen.images.settings import ImageSettings
from sitegen.outputs.sitefile import SiteFile
from sitegen.parallel import map_chunks
from sitegen.publish.file_store import FileStore, code_digest, file_digest_of

# Encoding a photo takes a good part of a second: two are worth a second core.
_PARALLEL_FROM = 2


def photo_files(static_dir: Path, static: list[Path], settings: ImageSettings,
                store: FileStore) -> tuple[list[SiteFile], int]:
    """The site files of the photos among `static` (files under `static_dir`), and how many
    were encoded. A format the site cannot publish without its metadata is an error."""
    for path in static:
        if unpublishable(path):
            raise SiteError(f"a {path.suffix} photo cannot be published without its metadata "
                            "(GPS included): convert it to JPEG, PNG or WebP",
                            f"static/{path.relative_to(static_dir).as_posix()}")
    # The variants' widths and names (photos, this module) and the encoding decide the files
    code = code_digest(encode, photos, sys.modules[__name__])
    salt = f"{code} {PIL.__version__} {settings.widths}"
    keyed = [(path.relative_to(static_dir).as_posix(), path, store.file_digest(path))
             for path in static if is_photo(path)]
    keyed = [(relative, path, _key(digest, salt), digest) for relative, path, digest in keyed]
    missing: dict[str, tuple] = {}      # one encoding for the same bytes at two paths
    for entry in keyed:
        if entry[2] not in missing and not _stored(store, entry[2], entry[0], settings):
            missing[entry[2]] = entry
    missing = list(missing.values())

    def make(chunk: list) -> None:
        for relative, path, key, digest in chunk:
            store.put(key, _encoded(relative, path, digest, settings))

    for _ in map_chunks(make, missing, chunk=1, min_items=_PARALLEL_FROM):
        pass
    files, owners = [], {}
    for relative, path, key, _ in keyed:
        for variant in photo_variants(relative, _stored_width(store, key), settings):
            if variant.path in owners:      # "x.jpg" and "x.png" both make "x.480w.webp"
                raise SiteError(f"its variant {variant.path!r} is also made from "
                                f"static/{owners[variant.path]}: rename one of them",
                                f"static/{relative}")
            owners[variant.path] = relative
            name = f"{variant.width}.{variant.format.lower()}"
            files.append(SiteFile(variant.path, ("photo", key, name),
                                  lambda key=key, name=name: store.read(key, name)))
    return files, len(missing)


def _encoded(relative: str, path: Path, digest: str,
             settings: ImageSettings) -> dict[str, bytes]:
    """The variants' bytes by their names in the store, and "size" (the widest's). The bytes
    are read once, and must be those the key was made from."""
    try:
        data = path.read_bytes()
        if file_digest_of(data) != digest:
            raise PhotoProblem("the file changed during the build: build again")
        width, height = probe(path, settings, decode=False, data=data)
        variants = photo_variants(relative, width, settings)
        encoded = encode_variants(data, variants, height)
    except (PhotoProblem, OSError, SyntaxError, ValueError) as problem:
        raise SiteError(f"cannot publish this photo: {problem}", f"static/{relative}") \
            from None
    files = {f"{variant.width}.{variant.format.lower()}": encoded[variant.path]
             for variant in variants}
    files["size"] = f"{width} {height}".encode()
    return files


def _key(file_digest: str, salt: str) -> str:
    """The photo's bytes and the settings it is encoded with."""
    return hashlib.blake2b(f"{file_digest} {salt}".encode(), digest_size=20).hexdigest()


def _stored(store: FileStore, key: str, relative: str, settings: ImageSettings) -> bool:
    """Whether the store holds every file of this key; a damaged entry (a file lost or cut)
    is dropped, to be made again."""
    if not store.has(key):
        return False
    try:
        width = _stored_width(store, key)
        names = {f"{variant.width}.{variant.format.lower()}"
                 for variant in photo_variants(relative, width, settings)}
        if store.holds(key, names):
            return True
    except (OSError, ValueError, IndexError):
        pass
    store.drop(key)
    return False


def _stored_width(store: FileStore, key: str) -> int:
    return int(store.read(key, "size").split()[0])
