"""The photos stage: every photo under static/ published as its variants, encoded once.

A photo's variants are kept in the file store by a digest of its bytes and the settings;
a build encodes only the photos whose key is new (on every core when there are several),
and each variant is a SiteFile whose inputs are that key, so a published variant whose
photo did not change is kept without being read.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import PIL

from sitegen.errors import SiteError
from sitegen.images import encode
from sitegen.images.encode import encode_variants
from sitegen.images.photos import PhotoProblem, photo_variants, probe
from sitegen.images.settings import ImageSettings
from sitegen.outputs.sitefile import SiteFile
from sitegen.parallel import map_chunks
from sitegen.publish.file_store import FileStore, code_digest

# Encoding a photo takes a good part of a second: two are worth a second core.
_PARALLEL_FROM = 2


def photo_files(static_dir: Path, photos: list[Path], settings: ImageSettings,
                store: FileStore) -> tuple[list[SiteFile], int]:
    """The site files of `photos` (paths under `static_dir`), and how many were encoded."""
    salt = f"{code_digest(encode)} {PIL.__version__} {settings!r}"
    keyed = [(path.relative_to(static_dir).as_posix(), path, _key(store.file_digest(path), salt))
             for path in photos]
    missing = list({key: (relative, path, key) for relative, path, key in keyed
                    if not store.has(key)}.values())

    def make(chunk: list) -> None:
        for relative, path, key in chunk:
            store.put(key, _encoded(relative, path, settings))

    for _ in map_chunks(make, missing, chunk=1, min_items=_PARALLEL_FROM):
        pass
    files = []
    for relative, path, key in keyed:
        width = _stored_width(store, key)
        for variant in photo_variants(relative, width, settings):
            name = f"{variant.width}.{variant.format.lower()}"
            files.append(SiteFile(variant.path, ("photo", key, name),
                                  lambda key=key, name=name: store.read(key, name)))
    return files, len(missing)


def _encoded(relative: str, path: Path, settings: ImageSettings) -> dict[str, bytes]:
    """The variants' bytes by their names in the store, and "size" (the widest's)."""
    try:
        width, height = probe(path, settings, decode=False)
        data = path.read_bytes()
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


def _stored_width(store: FileStore, key: str) -> int:
    return int(store.read(key, "size").split()[0])
