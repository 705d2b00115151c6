"""The lines of a text that are prose: outside fenced code blocks (what the checks read)."""

from __future__ import annotations

from collections.abc import Iterator


def prose_lines(text: str, first: int = 1) -> Iterator[tuple[int, str]]:
    """(line number, line) outside ``` and ~~~ blocks; `first`: the first line's number."""
    fenced = False
    for number, line in enumerate(text.split("\n"), start=first):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced:
            yield number, line
