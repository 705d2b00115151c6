"""What a reader looks for to trust a newsroom, and `check` warns about when it is missing: a
corrections policy and a masthead linked, each author's role and bio, and starter pages whose
placeholder text is still there."""

from __future__ import annotations

from pathlib import Path

from sitegen.check.editorial import WARNING, Finding, first_line
from sitegen.content.documents import read_text
from sitegen.site.model import Site

# The sentence that marks the starter pages (content/pages/) as text to replace
STARTER_MARK = "Starter text: replace it"
_WANTED = (("corrections_policy", "no corrections policy is linked: write one (a starter is "
                                  "content/pages/corrections-policy.md) and set it"),
           ("masthead", "no masthead is linked: a page naming who runs the newsroom, set as"))


def trust_findings(root: Path, site: Site) -> list[Finding]:
    findings = []
    config_text = read_text(root / "site.yml", "site.yml")
    line = first_line(config_text, ["organization:"])
    for key, problem in _WANTED:
        if site.config.organization.link(key) is None:
            findings.append(Finding("site.yml", line, WARNING,
                                    f"{problem} organization.{key}"))
    for author in site.authors:
        for missing, value in (("role", author.role), ("bio", author.bio_html.strip())):
            if not value:
                findings.append(Finding(author.source, 0, WARNING, f"field '{missing}': "
                                        f"{author.name} has no {missing}; readers look for "
                                        "who wrote a story and what they cover"))
    for page in site.pages:
        text = read_text(root / page.source, page.source)
        if STARTER_MARK in text:
            findings.append(Finding(page.source, first_line(text, [STARTER_MARK]), WARNING,
                                    "still the starter text: write the newsroom's own"))
    return findings
