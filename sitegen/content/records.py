"""An article's or page's front matter and body -> a checked, typed record."""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass
from pathlib import Path

from sitegen.config import Config
from sitegen.content.documents import Document
from sitegen.content.field_specs import ARTICLE_KEYS, LABELS, PAGE_KEYS
from sitegen.content.fields import Fields
from sitegen.content.image_refs import check_body_images, image_field
from sitegen.content.markup import MarkdownRenderer
from sitegen.images.settings import ImageSettings
from sitegen.site.model import Article, Author, Correction, Credit, Page
from sitegen.site.packed import FaqEntry, PackedFaq, pack
from sitegen.site.slugs import slugify
from sitegen.site.urls import Urls


_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Renderers:
    body: MarkdownRenderer      # the article body: editors are trusted with raw HTML
    fields: MarkdownRenderer    # Markdown in front matter (bio, FAQ, takeaways): escaped

    @property
    def images(self) -> ImageSettings:
        """The widths and limits photos are checked against and published at."""
        return self.body.images


def _check_slug(fields: Fields, name: str, value: str) -> str:
    if value != slugify(value) or not value:
        raise fields.error(name, f"{value!r} must be lower-case letters, digits and hyphens, "
                                 f"such as {slugify(value) or 'my-article'!r}")
    return value


def _with_slugs(fields: Fields, name: str, names: list[str]) -> list[str]:
    """Tag or section names: each is listed on a page of its own, so each needs a URL slug."""
    for value in names:
        if not slugify(value):
            raise fields.error(name, f"{value!r} gives an empty URL slug")
    return names


def load_article(doc: Document, config: Config, renderers: Renderers,
                 authors: dict[str, Author], static_dir: Path, strict: bool = False) -> Article:
    fields = Fields(doc, ARTICLE_KEYS, strict)
    author_ids = _author_ids(fields, authors)
    slug = fields.text("slug")
    slug = _check_slug(fields, "slug", slug) if slug else slugify(Path(doc.path).stem)
    if not slug:
        raise fields.error("slug", "the file name gives no slug; set one")

    faq = _faq(fields, renderers)
    takeaways = [renderers.fields.convert_inline(item) for item in fields.text_list("takeaways")]
    dateline = fields.text("dateline")
    body_html = _body(doc, dateline, renderers, static_dir, Urls(config.base_url))
    words = _word_count(body_html, takeaways, faq)
    tag_names = _with_slugs(fields, "tags", fields.text_list("tags"))
    section_name = fields.text("section")
    _with_slugs(fields, "section", [section_name] if section_name else [])
    label = _label(fields)
    title = fields.text("title", required=True)
    date = fields.moment("date", config.tz, required=True)

    return Article(
        source=doc.path,
        slug=slug,
        title=title,
        date=date,
        updated=fields.moment("updated", config.tz),
        expires=_expires(fields, config, date),
        authors=[authors[author_id] for author_id in author_ids],
        description=fields.text("description", required=True),
        tag_names=tag_names,
        section_name=section_name,
        image=image_field(fields, "image", static_dir, renderers.images),
        packed_body=pack(body_html),
        takeaways_html=takeaways,
        faq=PackedFaq(faq),
        comments=fields.boolean("comments", True),
        draft=fields.boolean("draft", False),
        reading_minutes=max(1, math.ceil(words / config.words_per_minute)),
        label=label,
        dateline=dateline or None,
        corrections=_corrections(fields, config, renderers, date),
        credits=_credits(fields, authors, author_ids),
        featured=fields.boolean("featured", False),
        related_slugs=tuple(_check_slug(fields, "related", value)
                            for value in fields.text_list("related")),
        related_line=doc.key_lines.get("related"),
        digest=doc.digest,
        slug_line=doc.key_lines.get("slug"),
    )


def _body(doc: Document, dateline: str | None, renderers: Renderers, static_dir: Path,
          urls: Urls) -> str:
    body_html = renderers.body.convert(doc.body)
    check_body_images(doc, body_html, static_dir, urls, renderers.images)
    return _with_dateline(body_html, dateline) if dateline else body_html


def _word_count(body_html: str, takeaways: list[str], faq: list[FaqEntry]) -> int:
    words = sum(len(_TAG.sub(" ", html).split())
                for html in [body_html, *takeaways, *(e.answer_html for e in faq)])
    return words + sum(len(entry.question.split()) for entry in faq)


def _faq(fields: Fields, renderers: Renderers) -> list[FaqEntry]:
    faq = []
    for entry in fields.mapping_list("faq"):
        fields.check_keys("faq", entry, {"question", "answer"})
        question = fields.text("faq.question", required=True, value=entry.get("question"))
        answer = fields.text("faq.answer", required=True, value=entry.get("answer"))
        faq.append(FaqEntry(question, renderers.fields.convert(answer)))
    return faq


def _expires(fields: Fields, config: Config, date):
    """When the story comes off the site (a live notice, an event page): after its date."""
    expires = fields.moment("expires", config.tz)
    if expires is not None and expires <= date:
        raise fields.error("expires", f"{expires.isoformat()} is not after the story's date, "
                                      f"{date.isoformat()}")
    return expires


def _corrections(fields: Fields, config: Config, renderers: Renderers,
                 date) -> tuple[Correction, ...]:
    """Oldest first; a correction cannot come before the story it corrects."""
    corrections = []
    for entry in fields.mapping_list("corrections"):
        fields.check_keys("corrections", entry, {"date", "text"})
        when = fields.moment("corrections.date", config.tz, required=True,
                             value=entry.get("date"))
        text = fields.text("corrections.text", required=True, value=entry.get("text"))
        if when < date:
            raise fields.error("corrections.date", f"{when.isoformat()} is before the story's "
                                                   f"date, {date.isoformat()}")
        corrections.append(Correction(when, renderers.fields.convert(text)))
    return tuple(sorted(corrections, key=lambda correction: correction.date))


def _credits(fields: Fields, authors: dict[str, Author],
             author_ids: list[str]) -> tuple[Credit, ...]:
    """Contributors besides the byline's authors, each a known author, once."""
    credits = []
    for entry in fields.mapping_list("credits"):
        fields.check_keys("credits", entry, {"author", "role"})
        author_id = fields.text("credits.author", required=True, value=entry.get("author"))
        role = fields.text("credits.role", required=True, value=entry.get("role"))
        if author_id not in authors:
            known = ", ".join(sorted(authors)) or "none"
            raise fields.error("credits.author", f"unknown author {author_id!r} (no "
                                                 f"content/authors/{author_id}.yml; known: {known})")
        if author_id in author_ids:
            raise fields.error("credits.author", f"{author_id!r} is in the byline already")
        if author_id in [credit.author_id for credit in credits]:
            raise fields.error("credits.author", f"author {author_id!r} is credited twice")
        credits.append(Credit(author_id, role))
    return tuple(credits)


def _label(fields: Fields) -> str:
    label = fields.text("label") or "news"
    if label not in LABELS:
        raise fields.error("label", f"{label!r} is not a label; use one of {', '.join(LABELS)}")
    return label


def _with_dateline(body_html: str, dateline: str) -> str:
    """News style: the place opens the first paragraph ("OSLO — The ..."); a body without
    a paragraph gets one."""
    place = f'<span class="dateline">{html.escape(dateline)}</span>'
    at = body_html.find("<p>")
    if at < 0:
        return f"<p>{place}</p>\n{body_html}"
    return f"{body_html[:at + 3]}{place} \u2014 {body_html[at + 3:]}"


def _author_ids(fields: Fields, authors: dict[str, Author]) -> list[str]:
    """The byline's author ids: at least one, each known, none twice ("Ada and Ada")."""
    author_ids = fields.text_list("author")
    if not author_ids:
        raise fields.error("author", "is required (an author id, or a list of them)")
    for index, author_id in enumerate(author_ids):
        if author_id in author_ids[:index]:
            raise fields.error("author", f"author {author_id!r} is given twice")
        if author_id not in authors:
            known = ", ".join(sorted(authors)) or "none"
            raise fields.error("author", f"unknown author {author_id!r} "
                                         f"(no content/authors/{author_id}.yml; known: {known})")
    return author_ids


def load_page(doc: Document, renderers: Renderers, static_dir: Path, urls: Urls,
              strict: bool = False) -> Page:
    fields = Fields(doc, PAGE_KEYS, strict)
    slug = fields.text("slug")
    slug = _check_slug(fields, "slug", slug) if slug else slugify(Path(doc.path).stem)
    body_html = renderers.body.convert(doc.body)
    check_body_images(doc, body_html, static_dir, urls, renderers.images)
    return Page(doc.path, slug, fields.text("title", required=True),
                fields.text("description"), body_html, doc.digest,
                slug_line=doc.key_lines.get("slug"))
