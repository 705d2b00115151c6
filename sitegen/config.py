"""The site configuration: a declared schema read from `site.yml` into a frozen dataclass."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sitegen.content.documents import read_data_file
from sitegen.content.fields import Fields
from sitegen.errors import SiteError
from sitegen.images.settings import ImageSettings, image_settings
from sitegen.newsroom_config import (Breaking, CmsConfig, Organization, breaking, cms,
                                     descriptions, mastodon_instance, organization)
from sitegen.site.images import static_file
from sitegen.site.urlcheck import site_url_problem

COMMENT_PROVIDERS = ("none", "giscus")
GISCUS_KEYS = ("repo", "repo_id", "category", "category_id")
# Threads are keyed by the article's slug ("specific" + data-term), never by its URL, so a
# discussion survives a change of base path or domain.
GISCUS_MAPPINGS = ("specific",)
_REPO = re.compile(r"^[A-Za-z0-9-]+/[A-Za-z0-9._-]+$")
# A well-formed BCP 47 language tag (RFC 5646, section 2.1): language, extended language,
# script, region, variants, extensions and private use; or private use or a grandfathered tag.
_LANGUAGE_TAG = re.compile(r"""(?aix)
    (?: (?: [a-z]{2,3} (?:-[a-z]{3}){0,3} | [a-z]{4,8} )     # language, extlang
        (?:-[a-z]{4})?                                       # script
        (?:-(?:[a-z]{2}|[0-9]{3}))?                          # region
        (?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*             # variants
        (?:-[0-9a-wyz](?:-[a-z0-9]{2,8})+)*                  # extensions
        (?:-x(?:-[a-z0-9]{1,8})+)?                           # private use
      | x(?:-[a-z0-9]{1,8})+
      | en-GB-oed | i-(?:ami|bnn|default|enochian|hak|klingon|lux|mingo|navajo|pwn|tao|tay|tsu)
      | sgn-(?:BE-FR|BE-NL|CH-DE) )""")


@dataclass(frozen=True)
class CommentsConfig:
    provider: str = "none"      # "none" shows the static placeholder only
    repo: str = ""              # giscus: "owner/name" of the GitHub repository with Discussions
    repo_id: str = ""
    category: str = ""
    category_id: str = ""
    mapping: str = "specific"


@dataclass(frozen=True)
class Config:
    title: str
    description: str
    base_url: str               # always ends with "/"
    language: str = "en"
    timezone: str = "UTC"
    date_format: str = "%-d %B %Y"
    words_per_minute: int = 220
    articles_per_page: int = 10
    feed_entries: int = 20              # newest articles in each feed
    publisher_name: str = ""            # structured data's publisher; load_config sets the title
    publisher_logo: str = "favicon.svg"     # a file under static/
    news_publication: str = ""          # the news sitemap's publication; load_config sets the title
    faq_structured_data: bool = True    # FAQPage JSON-LD on articles with an FAQ
    comments: CommentsConfig = field(default_factory=CommentsConfig)
    raw_html: bool = True       # false escapes raw HTML in Markdown bodies
    organization: Organization = field(default_factory=Organization)
    breaking: Breaking | None = None    # the bar on every page, until its time
    section_descriptions: tuple[tuple[str, str], ...] = ()     # (slug, text): `sections:`
    tag_descriptions: tuple[tuple[str, str], ...] = ()         # `tags:`
    share_mastodon: str | None = None   # `share: {mastodon: host}`
    images: ImageSettings = field(default_factory=ImageSettings)   # photos' widths, limits
    cms: CmsConfig = field(default_factory=CmsConfig)      # the editing interface's GitHub

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def base_path(self) -> str:
        """The path part of base_url: "/" at a domain root, "/newsroom/" under a subpath."""
        return urlsplit(self.base_url).path


# Config fields read from a site.yml key of another name
_READ_AS = {"section_descriptions": "sections", "tag_descriptions": "tags",
            "share_mastodon": "share"}


def normalise_base_url(value: str, where: str, line: int | None = None,
                       field: str | None = None) -> str:
    value = value.strip()
    problem = site_url_problem(value)
    if problem:
        raise SiteError(problem, where, line, field)
    parts = urlsplit(value)
    path = parts.path.rstrip("/") + "/"
    return f"{parts.scheme}://{parts.netloc}{path}"


def load_config(path: Path, shown: str = "site.yml", base_url: str | None = None,
                strict: bool = False) -> Config:
    """Read and check the configuration; `base_url` overrides the file's (for previews and CI).
    `strict` makes unknown keys errors."""
    if not path.is_file():
        raise SiteError("site configuration not found", shown)
    doc = read_data_file(path, shown)
    top = {f.name for f in dataclasses.fields(Config)} - _READ_AS.keys() | set(_READ_AS.values())
    fields = Fields(doc, top, strict)

    values: dict = {}
    for name in ("title", "description", "base_url"):
        values[name] = fields.text(name, required=True)
    for name in ("language", "timezone", "date_format", "publisher_name", "publisher_logo",
                 "news_publication"):
        text = fields.text(name)
        if text is not None:
            values[name] = text
    _read_numbers(fields, doc.meta, values)
    values["organization"] = organization(fields, values)
    for name in ("publisher_name", "news_publication"):
        values.setdefault(name, values["title"])
    logo = values.get("publisher_logo", Config.publisher_logo).lstrip("/")
    if static_file(path.parent / "static", logo) is None:
        raise fields.error("publisher_logo", f"image {logo!r} not found in static/")
    values["publisher_logo"] = logo
    if base_url:
        values["base_url"] = normalise_base_url(base_url, "--base-url")
    else:
        values["base_url"] = normalise_base_url(values["base_url"], shown,
                                                doc.key_lines.get("base_url"), "base_url")
    _check_language(fields, values.get("language", Config.language))
    try:
        ZoneInfo(values.get("timezone", "UTC"))
    except (ZoneInfoNotFoundError, ValueError):
        raise fields.error("timezone", f"unknown time zone {values['timezone']!r} "
                           "(use a name such as Europe/Berlin)") from None
    values["comments"] = _comments(fields)
    values["raw_html"] = fields.boolean("raw_html", True)
    values["breaking"] = breaking(fields, ZoneInfo(values.get("timezone", "UTC")))
    values["section_descriptions"] = descriptions(fields, "sections")
    values["tag_descriptions"] = descriptions(fields, "tags")
    values["share_mastodon"] = mastodon_instance(fields)
    values["images"] = image_settings(fields)
    values["cms"] = cms(fields)
    return Config(**values)


def _read_numbers(fields: Fields, meta: dict, values: dict) -> None:
    for name in ("words_per_minute", "articles_per_page", "feed_entries"):
        number = meta.get(name)
        if number is not None:
            if isinstance(number, bool) or not isinstance(number, int) or number < 1:
                raise fields.error(name, f"must be a whole number of at least 1, not {number!r}")
            values[name] = number
    faq = meta.get("faq_structured_data")
    if faq is not None:
        if not isinstance(faq, bool):
            raise fields.error("faq_structured_data", f"must be true or false, not {faq!r}")
        values["faq_structured_data"] = faq


def _check_language(fields: Fields, language: str) -> None:
    if not _LANGUAGE_TAG.fullmatch(language):
        raise fields.error("language", f"{language!r} is not a language tag such as en, en-GB, "
                                       "pt-BR or zh-Hant-TW (BCP 47)")


def _comments(fields: Fields) -> CommentsConfig:
    section = fields.mapping("comments") or {}
    fields.check_keys("comments", section, {"provider", "mapping", *GISCUS_KEYS})
    provider = section.get("provider", "none")
    if provider not in COMMENT_PROVIDERS:
        raise fields.error("comments.provider",
                           f"unknown provider {provider!r} (known: {', '.join(COMMENT_PROVIDERS)})")
    if provider == "none":
        return CommentsConfig()
    values = {}
    for key in GISCUS_KEYS:
        values[key] = fields.text(f"comments.{key}", required=True, value=section.get(key))
    if not _REPO.match(values["repo"]):
        raise fields.error("comments.repo", f"must be a GitHub repository as owner/name, "
                                            f"not {values['repo']!r}")
    mapping = fields.text("comments.mapping", value=section.get("mapping")) or "specific"
    if mapping not in GISCUS_MAPPINGS:
        raise fields.error("comments.mapping",
                           f"{mapping!r} is not supported: threads are keyed by the article's "
                           "slug so they survive a change of address; use 'specific'")
    return CommentsConfig(provider=provider, mapping=mapping, **values)
