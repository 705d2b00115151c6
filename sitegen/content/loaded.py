"""What a build asks of loading (LoadOptions) and what loading gives it (Content)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sitegen.site.model import Article, Author, Page


@dataclass(frozen=True)
class LoadOptions:
    include_drafts: bool = False        # drafts and future articles, for previews
    now: dt.datetime | None = None      # the build time; defaults to the clock
    strict: bool = False                # unknown keys are errors, not warnings


@dataclass
class Content:
    articles: list[Article]
    authors: dict[str, Author]
    pages: list[Page]
    loaded_at: dt.datetime      # the build time that decided which articles are published
    held_back: frozenset[str] = frozenset()     # slugs of drafts and stories not yet due
    expired: tuple[Article, ...] = ()           # past their `expires`: gone from the site
