"""The one error type the generator raises for bad input."""

from __future__ import annotations

from pathlib import Path


class SiteError(Exception):
    """A problem in the site's input, reported as one line: `path:line: field: message`."""

    def __init__(self, message: str, path: Path | str | None = None,
                 line: int | None = None, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.field = field

    def __reduce__(self):
        """Keep path, line and field when the error crosses from a worker process."""
        return SiteError, (self.message, self.path, self.line, self.field)

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = self.path + (f":{self.line}" if self.line else "") + ": "
        field = f"field '{self.field}': " if self.field else ""
        return f"{where}{field}{self.message}"
