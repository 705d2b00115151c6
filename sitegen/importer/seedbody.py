"""The body of a seed, block by block: paragraphs, headings, picture lines, "Label: text"
callouts and bullet lists; and the closing list that becomes the takeaways."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_BULLET = re.compile(r"^(?:•\s*|[*-]\s+)(?P<text>\S.*)$")
_CALLOUT = re.compile(r"^(?P<label>[A-Z0-9][\w'’&-]*(?: [\w'’&-]+){0,4}): (?P<text>\S.*)$")
_LABEL_SMALL_WORDS = {"a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to",
                      "vs"}
_TAKEAWAYS_HEADING = re.compile(r"takeaway|key points|summary|in brief|at a glance",
                                re.IGNORECASE)
# Words that make a line a clause (a sentence of the story) rather than a picture's description.
_CLAUSE_WORDS = {
    "i", "we", "you", "he", "she", "it", "they", "me", "us", "him", "them", "my", "our", "your",
    "his", "its", "their", "this", "that", "these", "those", "there", "here", "is", "are", "was",
    "were", "be", "been", "being", "am", "has", "have", "had", "do", "does", "did", "will",
    "would", "can", "could", "may", "might", "must", "shall", "should", "not", "no", "yes",
    "said", "says", "told", "added", "what", "who", "why", "how", "when", "if", "but", "so",
    "because", "than"}
_END_OF_SENTENCE = ".!?"
_CLOSING_PUNCTUATION = ".!?:;,…"


@dataclass(frozen=True)
class Line:
    number: int
    text: str


@dataclass
class BodyPart:
    kind: str                   # "paragraph", "heading", "image", "callout" or "list"
    line: int
    text: str = ""              # paragraph, heading, image alt text, callout text
    label: str = ""             # callout label
    items: list[str] = field(default_factory=list)     # list items


def _is_heading(text: str) -> bool:
    return (len(text.split()) <= 12 and len(text) <= 90 and text[-1] not in _CLOSING_PUNCTUATION
            and (text[0].isupper() or text[0].isdigit()))


def _is_picture(text: str) -> bool:
    """A short description: one sentence of 3 to 12 words, no digits, quotes or clause words."""
    words = re.findall(r"[\w'’-]+", text)
    return (text.endswith(".") and 3 <= len(words) <= 12 and text[0].isupper()
            and not re.search(r"[\d.!?:;\"“”]", text[:-1])
            and not _CLAUSE_WORDS & {word.lower() for word in words})


def _callout(text: str) -> tuple[str, str] | None:
    match = _CALLOUT.match(text)
    if not match:
        return None
    later_words = match["label"].split()[1:]
    if all(word[0].isupper() or word in _LABEL_SMALL_WORDS for word in later_words):
        return match["label"], match["text"]
    return None


def _text_part(line: Line) -> BodyPart:
    callout = _callout(line.text)
    if callout:
        return BodyPart("callout", line.number, text=callout[1], label=callout[0])
    return BodyPart("paragraph", line.number, text=line.text)


def body_parts(blocks: list[list[Line]]) -> list[BodyPart]:
    parts: list[BodyPart] = []
    for index, block in enumerate(blocks):
        alone = len(block) == 1 and not _BULLET.match(block[0].text)
        line = block[0]
        if alone and index < len(blocks) - 1 and _is_heading(line.text):
            parts.append(BodyPart("heading", line.number, text=line.text))
        elif alone and _is_picture(line.text):
            parts.append(BodyPart("image", line.number, text=line.text))
        else:
            for line in block:
                bullet = _BULLET.match(line.text)
                if not bullet:
                    parts.append(_text_part(line))
                elif parts and parts[-1].kind == "list":
                    parts[-1].items.append(bullet["text"])
                else:
                    parts.append(BodyPart("list", line.number, items=[bullet["text"]]))
    return parts


def take_takeaways(parts: list[BodyPart], notes: list[str]) -> list[str]:
    """The closing list becomes `takeaways` when it sums the article up: it is the body's
    last part, has at least two items, each a full sentence, and is not introduced by a
    paragraph ending in ':' nor the only content of an ordinary section."""
    if not parts or parts[-1].kind != "list":
        return []
    closing = parts[-1]
    where = f"line {closing.line}: closing list of {len(closing.items)} item(s)"
    before = parts[-2] if len(parts) > 1 else None
    if len(closing.items) < 2 or not all(item[-1] in _END_OF_SENTENCE for item in closing.items):
        notes.append(f"{where} kept in the body: not every item is a sentence")
        return []
    if before and before.kind in ("paragraph", "callout") and before.text.endswith(":"):
        notes.append(f"{where} kept in the body: the paragraph before introduces it")
        return []
    if before and before.kind == "heading":
        if not _TAKEAWAYS_HEADING.search(before.text):
            notes.append(f"{where} kept in the body: it is the section {before.text!r}")
            return []
        notes.append(f"line {before.line}: heading {before.text!r} dropped: "
                     "the takeaways have their own")
        parts.pop(-2)
    notes.append(f"{where} taken as takeaways")
    parts.pop()
    return closing.items
