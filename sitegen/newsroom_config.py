"""The newsroom's parts of site.yml: the organization, the breaking-news bar, descriptions
of sections and tags, and where Mastodon shares go."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sitegen.content.fields import Fields
from sitegen.site.slugs import slugify
from sitegen.site.urlcheck import host_problem, link_url_problem, site_url_problem

# The organization's pages, as site.yml names them, with their schema.org property and the
# footer's words for them
POLICY_PAGES = (("masthead", "masthead", "Masthead"),
                ("corrections_policy", "correctionsPolicy", "Corrections policy"),
                ("ethics_policy", "ethicsPolicy", "Ethics policy"),
                ("diversity_policy", "diversityPolicy", "Diversity policy"),
                ("funding", "ownershipFundingInfo", "Funding"),
                ("contact", "contactPoint", "Contact"))
ORGANIZATION_KEYS = {"name", "logo", "founded", *(key for key, _, _ in POLICY_PAGES)}


@dataclass(frozen=True)
class Organization:
    founded: str | None = None          # a year or an ISO 8601 date
    # (site.yml key, link): a site path ("ethics-policy/") or a full URL, in POLICY_PAGES order
    links: tuple[tuple[str, str], ...] = ()

    def link(self, key: str) -> str | None:
        return dict(self.links).get(key)


@dataclass(frozen=True)
class Breaking:
    text: str
    url: str | None                     # a site path or a full URL
    until: dt.datetime


def _link(fields: Fields, name: str, value) -> str | None:
    """A site path ("/about/") or a full http(s) or mailto: URL; a site path is kept without
    its "/" so that the URL helper puts the base path before it."""
    text = fields.text(name, value=value)
    if text is None:
        return None
    if text.startswith("/") and not text.startswith("//"):
        problem = link_url_problem("https://example.org" + text)
        if problem is None:
            return text.lstrip("/")
    problem = link_url_problem(text)
    if problem:
        raise fields.error(name, f"must be a site path such as '/ethics-policy/' or a full "
                                 f"URL ({problem})")
    return text


def organization(fields: Fields, values: dict) -> Organization:
    """Sets the publisher's name and logo in `values` when given."""
    section = fields.mapping("organization") or {}
    fields.check_keys("organization", section, ORGANIZATION_KEYS)
    name = fields.text("organization.name", value=section.get("name"))
    if name:
        values["publisher_name"] = name
    logo = fields.text("organization.logo", value=section.get("logo"))
    if logo:
        values["publisher_logo"] = logo
    founded = section.get("founded")
    if isinstance(founded, (int, dt.date)) and not isinstance(founded, bool):
        founded = str(founded)
    founded = fields.text("organization.founded", value=founded)
    links = tuple((key, link) for key, _, _ in POLICY_PAGES
                  if (link := _link(fields, f"organization.{key}", section.get(key))))
    return Organization(founded, links)


def breaking(fields: Fields, tz: ZoneInfo) -> Breaking | None:
    section = fields.mapping("breaking")
    if section is None:
        return None
    fields.check_keys("breaking", section, {"text", "url", "until"})
    text = fields.text("breaking.text", required=True, value=section.get("text"))
    url = _link(fields, "breaking.url", section.get("url"))
    until = fields.moment("breaking.until", tz, required=True, value=section.get("until"))
    return Breaking(text, url, until)


def descriptions(fields: Fields, name: str) -> tuple[tuple[str, str], ...]:
    """`sections:` or `tags:`: a slug (or name) -> the text shown on its page."""
    section = fields.mapping(name) or {}
    found = []
    for key, value in section.items():
        slug = slugify(str(key))
        if not slug:
            raise fields.error(name, f"{key!r} gives an empty URL slug")
        found.append((slug, fields.text(f"{name}.{key}", required=True, value=value)))
    return tuple(sorted(found))


def mastodon_instance(fields: Fields) -> str | None:
    """`share: {mastodon: example.social}`: the instance shares go to (else a page where the
    reader picks theirs)."""
    section = fields.mapping("share") or {}
    fields.check_keys("share", section, {"mastodon"})
    host = fields.text("share.mastodon", value=section.get("mastodon"))
    if host is None:
        return None
    host = host.removeprefix("https://").rstrip("/")
    if host_problem(host):
        raise fields.error("share.mastodon", f"must be a host name such as mastodon.social, "
                                             f"not {host!r}")
    return host


@dataclass(frozen=True)
class CmsConfig:
    """`cms:`: where the editing interface commits when the site is on GitHub Pages."""
    repo: str = ""              # "owner/name"; empty: /admin/ works only with `make edit`
    branch: str = "main"
    auth_url: str = ""          # the OAuth service that signs editors in to GitHub


def cms(fields: Fields) -> CmsConfig:
    section = fields.mapping("cms") or {}
    fields.check_keys("cms", section, {"repo", "branch", "auth_url"})
    repo = fields.text("cms.repo", value=section.get("repo")) or ""
    if repo and not re.fullmatch(r"[A-Za-z0-9-]+/[A-Za-z0-9._-]+", repo):
        raise fields.error("cms.repo", f"must be a GitHub repository as owner/name, not {repo!r}")
    auth_url = fields.text("cms.auth_url", value=section.get("auth_url")) or ""
    if auth_url and (problem := site_url_problem(auth_url)):
        raise fields.error("cms.auth_url", problem)
    branch = fields.text("cms.branch", value=section.get("branch")) or "main"
    if not re.fullmatch(r"[\w./-]+", branch):
        raise fields.error("cms.branch", f"{branch!r} is not a branch name")
    return CmsConfig(repo, branch, auth_url)
