"""Date formatting that does not depend on the machine's locale or C library."""

from __future__ import annotations

import datetime as dt

_NO_PAD = {"%-d": lambda d: str(d.day), "%-m": lambda d: str(d.month),
           "%-H": lambda d: str(d.hour), "%-I": lambda d: str(int(d.strftime("%I")))}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def format_date(moment: dt.datetime, pattern: str) -> str:
    """strftime, plus glibc's unpadded %-d, %-m, %-H, %-I on every platform; English names."""
    for code, value in _NO_PAD.items():
        if code in pattern:
            pattern = pattern.replace(code, value(moment))
    pattern = pattern.replace("%B", MONTHS[moment.month - 1]).replace("%b", MONTHS[moment.month - 1][:3])
    return moment.strftime(pattern)


def iso(moment: dt.datetime) -> str:
    """RFC 3339 with the zone, as `<time datetime>` and structured data want it."""
    return moment.isoformat(timespec="seconds")
