"""`schedule`: the stories that will go live (or come down) and when, in the site's timezone
and UTC.

A story goes live at the first build after its `date`, and comes down at the first after its
`expires` (the Pages workflow builds every hour).
A date written without a timezone is read in the site's; that is right, but a date near a
change of clocks or one on another day in UTC (where build machines live) is easily meant
otherwise, so those are warned about.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from sitegen.content.documents import read_text, split_front_matter
from sitegen.content.loader import LoadOptions
from sitegen.pipeline import load_site

UTC = dt.timezone.utc
# GitHub turns a public repository's schedule off after 60 days without activity.
SCHEDULE_KEPT = dt.timedelta(days=60)
_ZONE = re.compile(r"(?:Z|[+-]\d\d(?::?\d\d)?)[\"']?\s*(?:#.*)?$")


@dataclass(frozen=True)
class Scheduled:
    source: str
    field: str                  # "date" (it goes live) or "expires" (it comes down)
    line: int | None            # of that field
    title: str
    date: dt.datetime           # in the site's timezone
    zone_written: bool          # the date says its own offset


def scheduled(root: Path, now: dt.datetime) -> tuple[list[Scheduled], ZoneInfo]:
    """What changes after `now` (stories that are not drafts going live or coming down),
    soonest first; and the site's zone."""
    site = load_site(root, options=LoadOptions(include_drafts=True, now=now))
    events = []
    for article in site.articles:
        for field, moment in (("date", article.date), ("expires", article.expires)):
            if article.draft or moment is None or moment <= now:
                continue
            text = read_text(root / article.source, article.source)
            line = split_front_matter(text, article.source).key_lines.get(field)
            text = text.split("\n")[line - 1] if line else ""
            events.append(Scheduled(article.source, field, line, article.title, moment,
                                    bool(_ZONE.search(text.strip()))))
    return sorted(events, key=lambda event: (event.date, event.source)), site.config.tz


def date_warnings(story: Scheduled, zone: ZoneInfo) -> list[str]:
    """Why a date written without a timezone may not mean what its writer meant."""
    if story.zone_written:
        return []
    where = f"{story.source}:{story.line}: field '{story.field}'"
    local = story.date.astimezone(zone)
    offsets = {(local + dt.timedelta(hours=hours)).utcoffset() for hours in (-24, 24)}
    example = local.isoformat(timespec="minutes")
    warnings = []
    if len(offsets) > 1:
        warnings.append(f"{where}: no timezone, and within a day of a change of clocks in "
                        f"{zone.key}: write its offset, such as {example}")
    if local.date() != local.astimezone(UTC).date():
        warnings.append(f"{where}: no timezone, and on another day in UTC (where build "
                        f"machines run): write its offset, such as {example}")
    return warnings


def schedule_report(stories: list[Scheduled], zone: ZoneInfo, now: dt.datetime) -> list[str]:
    """The lines `build.py schedule` prints: each story's time here and in UTC, then the
    warnings (each line a warning starts with "warning: ")."""
    if not stories:
        return ["No stories are scheduled: every story that is not a draft is published."]
    lines = [f"{len(stories)} {'story is' if len(stories) == 1 else 'stories are'} scheduled "
             f"(times in {zone.key} and UTC):"]
    warnings = []
    for story in stories:
        local, utc = story.date.astimezone(zone), story.date.astimezone(UTC)
        down = " (comes down)" if story.field == "expires" else ""
        lines.append(f"  {local:%a %-d %b %Y %H:%M %Z}  ({utc:%a %-d %b %H:%M} UTC)  "
                     f"{story.source}  {story.title}{down}")
        warnings += date_warnings(story, zone)
    wait = stories[0].date - now
    if wait > SCHEDULE_KEPT:
        warnings.append(f"the next story goes live in {wait.days} days: GitHub turns off a "
                        "public repository's schedule after 60 days without a commit, so "
                        "push one (or run the workflow by hand) before then")
    return lines + [f"warning: {warning}" for warning in warnings]
