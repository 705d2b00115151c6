"""The front-matter fields of each kind of content, declared once: the loader accepts exactly
these keys (others are warnings, errors with --strict), and the editing interface's form is
generated from them (outputs/cms.py), so a field added here appears in both."""

from __future__ import annotations

from dataclasses import dataclass

# The kind of work a story is; each but "news" is shown as a badge wherever the story is
LABELS = ("news", "analysis", "opinion", "review", "explainer", "sponsored")


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: str               # how it is written and edited: see outputs/cms.py's widgets
    required: bool = False
    hint: str = ""
    default: object = None  # the loader's, where the editor should start from it


ARTICLE_FIELDS = (
    FieldSpec("title", "text", True),
    FieldSpec("date", "moment", True, "When it goes live (a future time schedules it)"),
    FieldSpec("author", "authors", True),
    FieldSpec("description", "long text", True, "The standfirst: one or two sentences"),
    FieldSpec("section", "section"),
    FieldSpec("label", "label", hint="news, or the kind of work it is, shown as a badge"),
    FieldSpec("tags", "tags"),
    FieldSpec("dateline", "text", hint="The place it is told from, e.g. OSLO"),
    FieldSpec("image", "image"),
    FieldSpec("takeaways", "text list"),
    FieldSpec("faq", "faq"),
    FieldSpec("updated", "moment", hint="When the story last changed in substance"),
    FieldSpec("corrections", "corrections"),
    FieldSpec("credits", "credits"),
    FieldSpec("related", "stories", hint="Picked by hand; else stories sharing tags"),
    FieldSpec("featured", "boolean", hint="The newest featured story leads the front page"),
    FieldSpec("comments", "boolean", default=True),
    FieldSpec("expires", "moment", hint="When it comes off the site (after its date)"),
    FieldSpec("slug", "text", hint="Its address; else from the file name"),
    FieldSpec("draft", "boolean", hint="Drafts are not published"),
)
AUTHOR_FIELDS = (
    FieldSpec("name", "text", True),
    FieldSpec("role", "text"),
    FieldSpec("bio", "long text"),
    FieldSpec("avatar", "image"),
    FieldSpec("links", "links"),
)
PAGE_FIELDS = (
    FieldSpec("title", "text", True),
    FieldSpec("description", "long text"),
    FieldSpec("slug", "text"),
)

ARTICLE_KEYS = frozenset(spec.name for spec in ARTICLE_FIELDS)
AUTHOR_KEYS = frozenset(spec.name for spec in AUTHOR_FIELDS)
PAGE_KEYS = frozenset(spec.name for spec in PAGE_FIELDS)
