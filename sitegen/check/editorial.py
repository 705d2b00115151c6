"""Editorial slips in the sources: mis-decoded characters, ".," and ",.", repeated words,
FAQ questions without "?" and pictures published with no photo yet (`photo-to-come`), each a
warning naming the file and line. Also the Finding that `check` reports."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sitegen.check.placeholders import Placeholders
from sitegen.check.prose import prose_lines
from sitegen.content.documents import read_text, split_front_matter
from sitegen.errors import SiteError
from sitegen.importer.mojibake import repair as repair_mojibake

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    level: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{self.level}: {where}: {self.message}"


def first_line(text: str, candidates: list[str]) -> int:
    lines = text.split("\n")
    for candidate in candidates:
        if candidate:
            for number, line in enumerate(lines, start=1):
                if candidate in line:
                    return number
    return 0


# ".," after an abbreviation is right ("e.g.,", "etc.,"); after a plain word it is a slip.
_ABBREVIATIONS = {"etc", "vs", "al", "approx", "inc", "ltd", "co", "corp", "jr", "sr", "st",
                  "mr", "mrs", "ms", "dr", "prof", "no", "fig", "cf"}
_DOT_COMMA = re.compile(r"([\w.]*)\.,")
_COMMA_DOT = re.compile(r",\.(?!\.)")
_REPEATED = re.compile(r"\b(\w+)\s+(\1)\b", re.IGNORECASE)
_FINE_TWICE = {"had", "that"}       # "he had had enough", "that that" are English


def check_text(root: Path, published: set[str]) -> list[Finding]:
    """Editorial warnings for every article, page and author file, published or not; and for
    each picture with no photo yet in what is published (`published`: the stories' sources;
    not drafts nor stories not yet due)."""
    findings = []
    content = root / "content"
    placeholders = Placeholders(root, published)
    for path in sorted(content.rglob("*")):
        if path.suffix in (".md", ".yml") and path.is_file():
            shown = path.relative_to(root).as_posix()
            text = read_text(path, shown)
            findings += _text_findings(shown, text)
            if path.suffix == ".md" and path.parent.name == "articles":
                findings += _faq_findings(shown, text)
            findings += [Finding(shown, line, WARNING, message)
                         for line, message in placeholders.findings(path, shown, text)]
    return findings


def _text_findings(shown: str, text: str) -> list[Finding]:
    findings = []
    for number, line in prose_lines(text):
        for fix in repair_mojibake(line)[1]:     # the importer's repair, so both agree
            findings.append(Finding(shown, number, WARNING,
                                    f"mis-decoded characters {fix.broken!r} (probably {fix.fixed!r})"))
        for match in _DOT_COMMA.finditer(line):
            word = match.group(1)
            if word and "." not in word and word.lower() not in _ABBREVIATIONS and len(word) > 1:
                findings.append(Finding(shown, number, WARNING,
                                        f"punctuation slip '.,' in {_context(line, match)!r}"))
        for match in _COMMA_DOT.finditer(line):
            findings.append(Finding(shown, number, WARNING,
                                    f"punctuation slip ',.' in {_context(line, match)!r}"))
        for match in _REPEATED.finditer(line):
            word = match.group(1)
            if not word.isdigit() and word.lower() not in _FINE_TWICE:
                findings.append(Finding(shown, number, WARNING,
                                        f"repeated word {match.group(0)!r}"))
    return findings


def _context(line: str, match: re.Match) -> str:
    start, end = max(0, match.start() - 20), min(len(line), match.end() + 20)
    return ("…" if start else "") + line[start:end] + ("…" if end < len(line) else "")


def _faq_findings(shown: str, text: str) -> list[Finding]:
    try:
        doc = split_front_matter(text, shown)
    except SiteError:
        return []       # the build reports a broken document; drafts are not built
    faq = doc.meta.get("faq")
    findings = []
    for entry in faq if isinstance(faq, list) else []:
        question = entry.get("question") if isinstance(entry, dict) else None
        if isinstance(question, str) and not question.strip().endswith("?"):
            line = first_line(text, [question.strip()[:60]]) or doc.key_lines.get("faq", 0)
            findings.append(Finding(shown, line, WARNING,
                                    f"FAQ question {question.strip()!r} does not end with '?'"))
    return findings
