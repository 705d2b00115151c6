"""Recognise the parts of a seed: an article's plain text as copied out of a news web page.

The shape, top to bottom (blank lines separate blocks):
    byline      14 May 2026 · 6 min read · By Sebastian Wolf
    title       the line after the byline
    standfirst  the first paragraph after the title
    hero alt    the title repeated, standing for the hero picture (optional)
    body        paragraphs, headings, picture lines, "Label: text" callouts, bullet lists
    takeaways   a closing bullet list that sums the article up (optional)
    FAQ         "Frequently Asked Questions", then questions each followed by its answer
    author box  name / "Written by" / role, then the bio (optional)
    comments    "Comments (0)" and everything after it: page furniture, dropped (optional)
Every guess is noted with its line, for the editor to check.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sitegen.errors import SiteError
from sitegen.importer.seedbody import BodyPart, Line, body_parts, take_takeaways
from sitegen.site.dates import MONTHS

_SEPARATOR = r"\s*(?:[·•|]|\s[-–—]\s)\s*"
_BYLINE = re.compile(rf"^(?P<date>.+?){_SEPARATOR}(?:(?P<minutes>\d+)\s*min(?:ute)?s?\s+read"
                     rf"{_SEPARATOR})?By\s+(?P<name>\S.*?)$", re.IGNORECASE)
_DAY_MONTH_YEAR = re.compile(r"^(?P<day>\d{1,2}) (?P<month>[A-Za-z]+)\.?,? (?P<year>\d{4})$")
_MONTH_DAY_YEAR = re.compile(r"^(?P<month>[A-Za-z]+)\.? (?P<day>\d{1,2}),? (?P<year>\d{4})$")
_ISO_DATE = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})$")
_MONTH_NUMBERS = {name.lower()[:length]: number
                  for number, name in enumerate(MONTHS, start=1) for length in (3, len(name))}
_MONTH_NUMBERS["sept"] = 9

_COMMENTS = re.compile(r"^(?:\S{1,8}\s+)?Comments\s*\(\d+\)$", re.IGNORECASE)  # after an icon
_FAQ_HEADING = re.compile(r"^(?:Frequently Asked Questions|FAQs?)$", re.IGNORECASE)
_WRITTEN_BY = "written by"


@dataclass
class FaqItem:
    question: str
    answer: list[str]           # paragraphs


@dataclass
class AuthorBox:
    line: int
    name: str
    role: str | None
    bio: list[str]              # paragraphs


@dataclass
class Seed:
    title: str
    date: dt.date
    author: str
    description: str
    hero_alt: str | None
    body: list[BodyPart]
    takeaways: list[str]
    faq: list[FaqItem]
    author_box: AuthorBox | None
    notes: list[str]            # what was guessed, line by line


def _blocks(text: str) -> list[list[Line]]:
    """Runs of non-blank lines, each line stripped."""
    blocks: list[list[Line]] = []
    current: list[Line] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.strip()
        if stripped:
            current.append(Line(number, stripped))
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _take_line(blocks: list[list[Line]]) -> Line | None:
    if not blocks:
        return None
    line = blocks[0].pop(0)
    if not blocks[0]:
        blocks.pop(0)
    return line


def _short(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[:limit - 1] + "…")


def _lines(block: list[Line]) -> str:
    first, last = block[0].number, block[-1].number
    return f"line {first}" if first == last else f"lines {first}-{last}"


def _date(text: str) -> dt.date | None:
    for pattern in (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR, _ISO_DATE):
        match = pattern.match(text)
        if match:
            month = match["month"]
            number = int(month) if month.isdigit() else _MONTH_NUMBERS.get(month.lower())
            try:
                return dt.date(int(match["year"]), number or 0, int(match["day"]))
            except ValueError:
                return None
    return None


def _byline(line: Line | None, shown: str, notes: list[str]) -> tuple[dt.date, str]:
    example = "'14 May 2026 · 6 min read · By Name'"
    if line is None:
        raise SiteError(f"no byline: the first line should read like {example}", shown)
    match = _BYLINE.match(line.text)
    if not match:
        raise SiteError(f"no byline: the first line should read like {example}, "
                        f"not {_short(line.text)}", shown, line.number)
    date = _date(match["date"].strip())
    if date is None:
        raise SiteError(f"no valid date in the byline: {match['date'].strip()!r} "
                        "(write it like '14 May 2026')", shown, line.number)
    minutes = f"; '{match['minutes']} min read' not kept: the site computes reading time" \
        if match["minutes"] else ""
    notes.append(f"line {line.number}: byline: date {date.isoformat()}, "
                 f"author {match['name']!r}{minutes}")
    return date, match["name"]


def _drop_comments(blocks: list[list[Line]], notes: list[str]) -> None:
    for index in range(len(blocks) - 1, -1, -1):
        if _COMMENTS.match(blocks[index][0].text):
            first, last = blocks[index][0].number, blocks[-1][-1].number
            notes.append(f"lines {first}-{last}: comments block dropped (page furniture)")
            del blocks[index:]
            return


def _take_author_box(blocks: list[list[Line]], notes: list[str]) -> AuthorBox | None:
    for index in range(len(blocks) - 1, -1, -1):
        block = blocks[index]
        if len(block) in (2, 3) and block[1].text.lower() == _WRITTEN_BY:
            role = block[2].text if len(block) == 3 else None
            bio = [line.text for later in blocks[index + 1:] for line in later]
            notes.append(f"{_lines(block)}: author box: {block[0].text!r}"
                         + (f", role {role!r}" if role else "")
                         + (f", bio of {len(bio)} paragraph(s)" if bio else ", no bio"))
            del blocks[index:]
            return AuthorBox(block[0].number, block[0].text, role, bio)
    return None


def _take_faq(blocks: list[list[Line]], shown: str, notes: list[str]) -> list[FaqItem]:
    for index in range(len(blocks) - 1, -1, -1):
        if len(blocks[index]) == 1 and _FAQ_HEADING.match(blocks[index][0].text):
            break
    else:
        return []
    heading = blocks[index][0]
    items: list[FaqItem] = []
    question_lines: list[int] = []
    for block in blocks[index + 1:]:
        first = block[0]
        starts_question = first.text.endswith("?") and (not items or items[-1].answer)
        if starts_question:
            items.append(FaqItem(first.text, [line.text for line in block[1:]]))
            question_lines.append(first.number)
        elif not items:
            raise SiteError(f"expected a question ending in '?' after {heading.text!r}, "
                            f"not {_short(first.text)}", shown, first.number)
        else:
            items[-1].answer.extend(line.text for line in block)
    if not items:
        raise SiteError(f"{heading.text!r} is followed by no questions", shown, heading.number)
    for item, number in zip(items, question_lines):
        if not item.answer:
            raise SiteError(f"the FAQ question {_short(item.question)} has no answer",
                            shown, number)
    notes.append(f"lines {heading.number}-{blocks[-1][-1].number}: FAQ: "
                 f"{len(items)} question(s)")
    del blocks[index:]
    return items


def parse_seed(text: str, shown: str) -> Seed:
    """Recognise a seed's parts; a SiteError naming `shown` when it has no byline or title."""
    notes: list[str] = []
    blocks = _blocks(text)
    if not blocks:
        raise SiteError("empty file: no text", shown)
    date, author = _byline(_take_line(blocks), shown, notes)
    title = _take_line(blocks)
    if title is None:
        raise SiteError("no title: nothing follows the byline", shown)
    notes.append(f"line {title.number}: title")
    if not blocks:
        raise SiteError("no standfirst: nothing follows the title", shown, title.number)
    standfirst = blocks.pop(0)
    notes.append(f"{_lines(standfirst)}: standfirst, as the description")
    hero_alt = None
    if blocks and len(blocks[0]) == 1 and blocks[0][0].text == title.text:
        hero_alt = title.text
        notes.append(f"line {blocks[0][0].number}: repeated title, as the hero picture's alt text "
                     "(photo to come)")
        blocks.pop(0)

    _drop_comments(blocks, notes)
    author_box = _take_author_box(blocks, notes)
    faq = _take_faq(blocks, shown, notes)
    body = body_parts(blocks)
    takeaways = take_takeaways(body, notes)
    for part in body:
        if part.kind == "heading":
            notes.append(f"line {part.line}: heading {_short(part.text)}")
        elif part.kind == "image":
            notes.append(f"line {part.line}: picture (photo to come), alt text {_short(part.text)}")
        elif part.kind == "callout":
            notes.append(f"line {part.line}: callout labelled {part.label!r}")
    if author_box and author_box.name != author:
        raise SiteError(f"the author box names {author_box.name!r} but the byline names "
                        f"{author!r}", shown, author_box.line)
    return Seed(title.text, date, author, " ".join(line.text for line in standfirst),
                hero_alt, body, takeaways, faq, author_box, notes)
