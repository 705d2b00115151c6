"""Typed reading of front-matter fields, each error naming the file, line and field."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Any
from zoneinfo import ZoneInfo

from sitegen import report
from sitegen.content.documents import Document, drop_unshowable
from sitegen.errors import SiteError

_MISSING = object()


class Fields:
    """Reads one document's front matter field by field."""

    def __init__(self, doc: Document, known: set[str], strict: bool = False):
        self.doc = doc
        self.strict = strict            # unknown keys are errors rather than warnings
        self._report_unknown(sorted(set(doc.meta) - known), known, "")

    def check_keys(self, name: str, mapping: dict, known: set[str]) -> None:
        """Unknown keys inside a nested mapping such as `image` or a FAQ entry."""
        self._report_unknown(sorted(set(mapping) - known), known, f"{name}.")

    def _report_unknown(self, keys: list, known: set[str], prefix: str) -> None:
        """An unknown key is usually a typo: a warning naming it, an error when strict."""
        for key in keys:
            close = difflib.get_close_matches(str(key), sorted(known), n=1)
            hint = f"; did you mean '{prefix}{close[0]}'?" if close else ""
            message = f"unknown key{'' if self.strict else ' (ignored)'}{hint}"
            line = self.doc.key_lines.get(prefix.split(".")[0] or str(key))
            error = SiteError(message, self.doc.path, line, f"{prefix}{key}")
            if self.strict:
                raise error
            report.warning(str(error))

    def error(self, name: str, message: str) -> SiteError:
        line = self.doc.key_lines.get(name.split(".")[0])
        return SiteError(message, self.doc.path, line, name)

    def _get(self, name: str, required: bool) -> Any:
        value = self.doc.meta.get(name, _MISSING)
        if value is _MISSING or value is None:
            if required:
                raise self.error(name, "is required")
            return None
        return value

    def text(self, name: str, required: bool = False, value: Any = _MISSING) -> str | None:
        """A non-empty string. Numbers are refused: a title of 2026 is almost always a slip."""
        if value is _MISSING:
            value = self._get(name, required)
        if value is None:
            if required:
                raise self.error(name, "is required")
            return None
        if not isinstance(value, str):
            raise self.error(name, f"must be text, not {_kind(value)} (quote it)")
        value = drop_unshowable(value).strip()
        if required and not value:
            raise self.error(name, "must not be empty")
        return value or None

    def boolean(self, name: str, default: bool) -> bool:
        value = self._get(name, False)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self.error(name, f"must be true or false, not {_kind(value)}")
        return value

    def text_list(self, name: str) -> list[str]:
        """A list of strings; a single string is accepted as a list of one."""
        value = self._get(name, False)
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise self.error(name, f"must be a list of text, not {_kind(value)}")
        items = []
        for item in value:
            if not isinstance(item, str) or not item.strip():
                raise self.error(name, f"every item must be non-empty text, not {item!r}")
            items.append(drop_unshowable(item).strip())
        return items

    def mapping_list(self, name: str) -> list[dict]:
        value = self._get(name, False)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            raise self.error(name, "must be a list of mappings")
        return value

    def mapping(self, name: str) -> dict | None:
        value = self._get(name, False)
        if value is not None and not isinstance(value, dict):
            raise self.error(name, f"must be a mapping, not {_kind(value)}")
        return value

    def moment(self, name: str, tz: ZoneInfo, required: bool = False,
               value: Any = _MISSING) -> dt.datetime | None:
        """An ISO 8601 date or date-time; without a zone it is in the site's timezone."""
        if value is _MISSING:
            value = self._get(name, required)
        if value is None:
            if required:
                raise self.error(name, "is required")
            return None
        if isinstance(value, dt.datetime):
            moment = value
        elif isinstance(value, dt.date):
            moment = dt.datetime(value.year, value.month, value.day)
        elif isinstance(value, str):
            try:
                moment = dt.datetime.fromisoformat(value.strip())
            except ValueError as error:
                # "2026-02-30" has the right shape but no such day: say so.
                detail = f" ({error})" if re.match(r"\d{4}-\d{2}-\d{2}", value.strip()) else ""
                raise self.error(name, f"{value!r} is not an ISO 8601 date such as "
                                       f"2026-05-14{detail}") from None
        else:
            raise self.error(name, f"must be a date such as 2026-05-14, not {_kind(value)}")
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=tz)
        return moment


def _kind(value: Any) -> str:
    names = {bool: "true/false", int: "a number", float: "a number", list: "a list",
             dict: "a mapping", str: "text"}
    return names.get(type(value), type(value).__name__)
