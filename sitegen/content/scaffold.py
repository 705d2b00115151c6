"""`new`: write a draft article with every front-matter field, ready to fill in."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from sitegen.config import load_config
from sitegen.errors import SiteError
from sitegen.site.slugs import slugify

# What a new article says until the editor writes it; `check` warns while a story still does.
SCAFFOLD_DESCRIPTION = "One or two sentences that sum up the story."
SCAFFOLD_BODY = "Write the article here, in Markdown."


def new_article(root: Path, title: str, author: str, now: dt.datetime | None = None) -> Path:
    config = load_config(root / "site.yml")
    if not (root / "content" / "authors" / f"{author}.yml").is_file():
        raise SiteError(f"unknown author {author!r} (no content/authors/{author}.yml)",
                        field="author")
    slug = slugify(title)
    if not slug:
        raise SiteError(f"the title {title!r} gives no slug", field="title")
    path = root / "content" / "articles" / f"{slug}.md"
    if path.exists():
        raise SiteError("already exists; choose another title", path.relative_to(root).as_posix())
    moment = (now or dt.datetime.now(config.tz)).replace(microsecond=0)
    quoted = json.dumps(title, ensure_ascii=False)   # a JSON string is a valid YAML string
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"""---
title: {quoted}
date: {moment.isoformat()}
author: {author}
description: "{SCAFFOLD_DESCRIPTION}"
tags: []
section:
label: news
dateline:
image:
#  src: images/photo.jpg   # or photo-to-come until there is one
#  alt: "What the picture shows"
#  caption: ""
#  credit: ""
updated:
corrections: []
#  - date: 2026-05-16T08:00:00+01:00
#    text: "What was wrong, and what is right."
credits: []
#  - {{author: an-author-id, role: "Additional reporting"}}
featured: false
related: []
draft: true
comments: true
takeaways: []
faq: []
#  - question: "A question readers ask?"
#    answer: "The answer, in Markdown."
---

{SCAFFOLD_BODY}
""", encoding="utf-8")
    return path
