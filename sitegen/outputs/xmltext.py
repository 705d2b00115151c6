"""Serialise an ElementTree the same way every time, with a UTF-8 declaration.

RSS uses namespaced extensions ({uri}name). Atom and sitemaps declare their namespace as the
default with a plain xmlns attribute and plain element names, which ElementTree cannot do.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

ET.register_namespace("atom", "http://www.w3.org/2005/Atom")
ET.register_namespace("dc", "http://purl.org/dc/elements/1.1/")
ET.register_namespace("content", "http://purl.org/rss/1.0/modules/content/")


def child(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = text
    return element


def escape_text(value: str) -> str:
    """For an element's text, as ElementTree writes it (xml.sax.saxutils would import
    urllib.request, and with it ssl: a tenth of a second of every build's start)."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_attribute(value: str) -> str:
    return (escape_text(value).replace('"', "&quot;").replace("\r", "&#13;")
            .replace("\n", "&#10;").replace("\t", "&#09;"))


def serialise(root: ET.Element) -> str:
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def rfc3339(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds")
