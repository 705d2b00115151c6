"""`import`: seeds (raw article text) -> content/articles/<slug>.md and, for a new author,
content/authors/<id>.yml. Every seed is read, repaired and checked before anything is
written, so a bad seed leaves content/ as it was."""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from sitegen import report
from sitegen.errors import SiteError
from sitegen.importer.mojibake import repair, suspects
from sitegen.importer.seedmarkdown import article_markdown, author_yaml
from sitegen.importer.seedparse import Seed, parse_seed
from sitegen.site.slugs import slugify

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")     # not tab, newlines or form feed


@dataclass
class Output:
    path: Path
    shown: str
    text: str
    replaces: bool          # the file exists (written only with --force)


@dataclass
class Planned:
    seed: str               # as shown to the user
    notes: list[str]
    warnings: list[str]
    outputs: list[Output] = field(default_factory=list)
    skipped: str | None = None


def _shown(path: Path, root: Path) -> str:
    """Relative to the site folder when inside it, else as the user gave it."""
    resolved = path.resolve()
    return resolved.relative_to(root).as_posix() if resolved.is_relative_to(root) else str(path)


def _line_of(note: str) -> int:
    """Notes sort by the seed line they name; notes about the whole file come first."""
    words = note.split(None, 2)
    return int(words[1].split(":")[0].split("-")[0]) if words[0] in ("line", "lines") else 0


def read_seed(path: Path, shown: str) -> tuple[str, list[str], list[str]]:
    """The seed as text with mojibake repaired, a note for each repair and warnings about
    what looks broken but cannot be repaired. Refuses what is empty, binary or not text in
    UTF-8, UTF-16 (with a BOM) or Windows-1252."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SiteError(f"cannot read the seed: {error.strerror}", shown) from None
    notes = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _decode(data, "utf-16", shown)
    elif b"\0" in data:
        raise SiteError("binary file (it contains NUL bytes), not text", shown)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            text = _decode(data, "cp1252", shown, utf8_error=error)
            notes.append("not UTF-8: read as Windows-1252")
    if not text.strip():
        raise SiteError("empty file: no text", shown)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    control = _CONTROL.search(text)
    if control:
        raise SiteError(f"binary data (control character U+{ord(control.group()):04X}), "
                        "not text", shown, text.count("\n", 0, control.start()) + 1)
    text, repairs = repair(text)
    return text, notes + [str(done) for done in repairs], suspects(text)


def _decode(data: bytes, encoding: str, shown: str,
            utf8_error: UnicodeDecodeError | None = None) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        error = utf8_error or UnicodeDecodeError(encoding, data, 0, 1, "")
        line = data[:error.start].count(b"\n") + 1
        raise SiteError("not text in any encoding the importer reads (UTF-8, UTF-16 with a BOM, "
                        f"Windows-1252): byte 0x{data[error.start]:02X} at offset {error.start}",
                        shown, line) from None


def _plan(root: Path, seed_path: Path, force: bool, skip_existing: bool,
          claimed: dict[Path, str]) -> Planned:
    shown = _shown(seed_path, root)
    text, notes, warnings = read_seed(seed_path, shown)
    seed: Seed = parse_seed(text, shown)
    planned = Planned(shown, sorted(notes + seed.notes, key=_line_of), warnings)
    slug = slugify(seed.title)
    author_id = slugify(seed.author)
    if not slug:
        raise SiteError(f"the title {seed.title!r} gives no slug (no Latin letters or digits)",
                        shown)
    if not author_id:
        raise SiteError(f"the author name {seed.author!r} gives no id", shown)

    article = root / "content" / "articles" / f"{slug}.md"
    if article in claimed:
        raise SiteError(f"gives {_shown(article, root)}, as {claimed[article]} does", shown)
    if article.exists() and skip_existing:
        planned.skipped = f"{_shown(article, root)} exists"
        return planned
    planned.outputs.append(Output(article, _shown(article, root),
                                  article_markdown(seed, author_id), article.exists()))

    author = root / "content" / "authors" / f"{author_id}.yml"
    box = seed.author_box
    if author in claimed:
        planned.notes.append(f"author {author_id}: written for {claimed[author]}")
    elif author.exists() and not (force and box):
        planned.notes.append(f"author {author_id}: {_shown(author, root)} exists, kept")
    else:
        planned.outputs.append(Output(
            author, _shown(author, root),
            author_yaml(seed.author, box.role if box else None, box.bio if box else []),
            author.exists()))
    for output in planned.outputs:
        claimed[output.path] = shown
    return planned


def plan_imports(root: Path, seeds: list[Path], force: bool = False,
                 skip_existing: bool = False) -> list[Planned]:
    """Read and check every seed; nothing is written. Raises SiteError for the first bad seed."""
    claimed: dict[Path, str] = {}
    return [_plan(root, path, force, skip_existing, claimed) for path in seeds]


def _refuse_overwrites(plans: list[Planned]) -> None:
    for planned in plans:
        for output in planned.outputs:
            if output.replaces:
                raise SiteError(f"{output.shown} exists; --force replaces it", planned.seed)


def _write(output: Output) -> None:
    """Whole or not at all: a temporary file in the same folder, then renamed into place."""
    output.path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=output.path.parent, prefix=".import-")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
            file.write(output.text)
        os.replace(temporary, output.path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def run_import(root: Path, seeds: list[Path], force: bool = False, dry_run: bool = False,
               skip_existing: bool = False) -> None:
    """Import the seeds: notes on standard error; the files, or with `dry_run` their text,
    on standard output."""
    plans = plan_imports(root, seeds, force=force, skip_existing=skip_existing)
    if not (force or dry_run):
        _refuse_overwrites(plans)
    for planned in plans:
        if planned.skipped:
            print(f"skipped {planned.seed}: {planned.skipped}")
            continue
        for note in planned.notes:
            report.info(f"{planned.seed}: {note}")
        for warning in planned.warnings:
            report.warning(f"{planned.seed}: {warning}")
        for output in planned.outputs:
            if dry_run:
                exists = " (exists: importing needs --force)" \
                    if output.replaces and not force else ""
                print(f"==> {output.shown} <=={exists}\n{output.text}", end="")
    if dry_run:
        return
    try:
        for planned in plans:
            for output in planned.outputs:
                _write(output)
                print(f"wrote {output.shown} (from {planned.seed})")
    except OSError as error:
        raise SiteError(f"cannot write: {error.strerror}", error.filename) from None
