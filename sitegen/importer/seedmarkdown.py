"""Write a recognised seed as content files: the article's Markdown and the author's YAML.

Seed text is plain text, so every character that Markdown would read as markup is escaped:
the published page shows exactly the seed's words. A seed names its pictures only by what
they show, so the hero and each body picture get the source `photo-to-come` (PHOTO_TO_COME):
published as a box showing the alt text, and warned about by `check`, until there is a photo.
"""

from __future__ import annotations

import json
import re
import unicodedata

from sitegen.importer.seedparse import BodyPart, Seed
from sitegen.site.images import PHOTO_TO_COME

_INLINE_MARKUP = re.compile(r"([\\`*_\[\]{}])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_LINE_START_MARKUP = re.compile(r"^(?:([#>+-])|(\d+)([.)])(?=\s)|(!!!)|(~~~))")
_PLAIN_YAML_ID = re.compile(r"[a-z][a-z0-9-]*")
_INVISIBLE = {"Zl", "Zp", "Cc", "Cf"}     # after JSON's quoting, which escapes C0 controls
_YAML_WORDS = {"null", "true", "false", "yes", "no", "on", "off", "y", "n"}


def escape_inline(text: str) -> str:
    """Plain text as Markdown that renders to the same text."""
    text = _ENTITY.sub("&amp;", text).replace("<", "&lt;")
    return _INLINE_MARKUP.sub(r"\\\1", text)


def escape_paragraph(text: str) -> str:
    """Plain text as a Markdown paragraph: also nothing at its start that starts a block
    (a heading, quote, list, admonition or code fence)."""
    def neutral(match: re.Match) -> str:
        if match[1]:
            return "\\" + match[1]
        if match[2]:
            return f"{match[2]}\\{match[3]}"
        return "\\!!!" if match[4] else "&#126;~~"
    return _LINE_START_MARKUP.sub(neutral, escape_inline(text), count=1)


def yaml_string(text: str) -> str:
    """A double-quoted YAML string (JSON's quoting is valid YAML), with line separators and
    other invisible characters escaped so that the value reads back exactly."""
    quoted = json.dumps(text, ensure_ascii=False)
    return "".join(_yaml_escape(ch) if unicodedata.category(ch) in _INVISIBLE else ch
                   for ch in quoted)


def _yaml_escape(ch: str) -> str:
    return f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}"


def yaml_id(value: str) -> str:
    """An id (a slug) plain where YAML reads it back as text, quoted where it would not."""
    if _PLAIN_YAML_ID.fullmatch(value) and value not in _YAML_WORDS:
        return value
    return yaml_string(value)


def _part(part: BodyPart) -> str:
    if part.kind == "heading":
        return "## " + escape_inline(part.text).replace("#", "\\#")
    if part.kind == "image":
        return f"![{escape_inline(part.text)}]({PHOTO_TO_COME})"
    if part.kind == "callout":
        return f'!!! callout "{part.label}"\n    {escape_paragraph(part.text)}'
    if part.kind == "list":
        return "\n".join(f"- {escape_paragraph(item)}" for item in part.items)
    return escape_paragraph(part.text)


def article_markdown(seed: Seed, author_id: str) -> str:
    lines = ["---",
             f"title: {yaml_string(seed.title)}",
             f"date: {seed.date.isoformat()}",
             f"author: {yaml_id(author_id)}",
             f"description: {yaml_string(seed.description)}"]
    if seed.hero_alt:
        lines += ["image:", f"  src: {PHOTO_TO_COME}", f"  alt: {yaml_string(seed.hero_alt)}"]
    if seed.takeaways:
        lines.append("takeaways:")
        lines += [f"  - {yaml_string(escape_paragraph(item))}" for item in seed.takeaways]
    if seed.faq:
        lines.append("faq:")
        for item in seed.faq:
            answer = "\n\n".join(escape_paragraph(paragraph) for paragraph in item.answer)
            lines += [f"  - question: {yaml_string(item.question)}",
                      f"    answer: {yaml_string(answer)}"]
    lines += ["---", ""]
    body = "\n\n".join(_part(part) for part in seed.body)
    return "\n".join(lines) + ("\n" + body + "\n" if body else "")


def author_yaml(name: str, role: str | None, bio: list[str]) -> str:
    lines = [f"name: {yaml_string(name)}"]
    if role:
        lines.append(f"role: {yaml_string(role)}")
    if bio:
        text = "\n\n".join(escape_paragraph(paragraph) for paragraph in bio)
        lines.append(f"bio: {yaml_string(text)}")
    return "\n".join(lines) + "\n"
