"""Serialise an ElementTree the same way every time, with a UTF-8 declaration.

RSS uses namespaced extensions ({uri}name). Atom and sitemaps declare their namespace as the
default with a plain xmlns attribute and plain element names, which ElementTree cannot do.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import xml.etree.ElementTree as ET
from collections.abc import Callable

from ..cache import BuildCache

ET.register_namespace("atom", "http://www.w3.org/2005/Atom")
ET.register_namespace("dc", "http://purl.org/dc/elements/1.1/")
ET.register_namespace("content", "http://purl.org/rss/1.0/modules/content/")


def child(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = text
    return element


def serialise(root: ET.Element) -> str:
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def reused_or_serialised(cache: BuildCache | None, inputs: tuple,
                         make: Callable[[], ET.Element]) -> str:
    """The serialised tree that `make()` builds from `inputs`, which must hold everything the
    tree shows (with a repr that is the same in every run). A previous build's text for the
    same inputs is taken from the cache: large feeds and sitemaps are neither built nor
    serialised again when nothing they show changed."""
    if cache is None or not cache.persistent:
        return serialise(make())
    key = hashlib.blake2b(repr(inputs).encode("utf-8", "surrogatepass"), digest_size=20).digest()
    text = cache.xml(key)
    if text is None:
        text = serialise(make())
        cache.remember_xml(key, text)
    return text


def rfc3339(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds")
