"""A page is re-rendered whenever anything its templates can reach changed, by construction:
templates receive declared values only, and reaching for anything else is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SiteFolder, parse_html, run_cli
from test_incremental import EDITS, NOW, Saves, assert_same_tree, small_newsroom
from sitegen.render.contexts import CONTEXTS, page_context
from sitegen.content.loader import LoadOptions
from sitegen.pipeline import build, load_site
from sitegen.preview.preview import Preview
from sitegen.render.views import Views


def every_kind_of_page(site: SiteFolder) -> None:
    """The small newsroom, with a story past its `expires` (its "no longer available" page)."""
    small_newsroom(site)
    site.article("notice", "A notice.", title="Road notice", author="bo",
                 date="2026-03-10", expires="2026-04-01")


def given_names(site: SiteFolder) -> dict[str, list[str]]:
    """Each page template's context names, as the build gives them."""
    views = Views()
    names: dict[str, list[str]] = {}
    for page in load_site(site.root, options=NOW).page_list:
        names.setdefault(page.template, list(page_context(page, views)))
    assert sorted(names) == sorted(CONTEXTS), "the fixture has a page of every kind"
    return names


def show_everything(site: SiteFolder) -> None:
    """Each page template edited to show all it can reach: the repr of a view shows every
    field, nested views included, so any template's output is a function of what it shows."""
    for template, names in given_names(site).items():
        shown = " | ".join("{{ %s }}" % name for name in ["path", "site", "config", *names])
        path = site.root / "templates" / template
        text = path.read_text(encoding="utf-8")
        assert "{% block main %}" in text, template
        path.write_text(text.replace("{% block main %}",
                                     '{% block main %}\n<pre class="everything">' + shown
                                     + "</pre>\n", 1), encoding="utf-8")


def test_a_template_showing_everything_it_can_reach_never_goes_stale(site: SiteFolder,
                                                                      tmp_path: Path):
    every_kind_of_page(site)
    show_everything(site)
    incremental = tmp_path / "incremental"
    build(site.root, incremental, options=NOW, search=False)
    shown = parse_html(incremental / "index.html").select_one("pre.everything").get_text()
    assert "Story 7" in shown and "Bo Second" in shown and "Motoring" in shown
    for step, apply in EDITS:
        apply(site)
        build(site.root, incremental, options=NOW, search=False)
        clean = tmp_path / "clean" / step.replace(" ", "-")
        build(site.root, clean, options=NOW, search=False, use_cache=False)
        assert_same_tree(incremental, clean, step)


def test_the_preview_of_such_a_template_never_goes_stale(site: SiteFolder, tmp_path: Path):
    every_kind_of_page(site)
    show_everything(site)
    base_url = "http://127.0.0.1:8123/"
    preview = Preview(site.root, tmp_path / "preview", base_url, quiet=True)
    saves = Saves(site.root)
    preview.rebuild()
    for step, apply in EDITS:
        apply(site)
        preview.rebuild(saves.changes())
        clean = tmp_path / "clean" / step.replace(" ", "-")
        build(site.root, clean, base_url, LoadOptions(include_drafts=True), search=False,
              use_cache=False)
        assert_same_tree(tmp_path / "preview", clean, step)


def count_and_headlines(site: SiteFolder) -> None:
    """The customisations newsrooms make: a story count and a latest-headlines rail."""
    base = site.root / "templates/base.html"
    base.write_text(base.read_text(encoding="utf-8").replace(
        "<footer", '<p class="count">Articles: {{ site.article_count }}</p>\n<ul class="latest">'
        "{% for story in site.latest %}<li>{{ story.title }}</li>{% endfor %}</ul>\n<footer", 1),
        encoding="utf-8")


@pytest.mark.parametrize("edit", ["add", "retitle", "unpublish"])
def test_a_story_count_and_latest_headlines_follow_every_edit(site: SiteFolder, tmp_path: Path,
                                                              edit: str):
    """The stale-template example: a count in the base template stayed "1" on the seed page
    after a second story was published."""
    site.article("first", date="2026-05-01", title="First Story")
    count_and_headlines(site)
    incremental = tmp_path / "incremental"
    build(site.root, incremental, options=NOW, search=False)
    page = parse_html(incremental / "articles/first/index.html")
    assert page.select_one(".count").get_text() == "Articles: 1"
    if edit == "add":
        site.article("second", date="2026-05-02", title="Second Story")
    elif edit == "retitle":
        site.article("first", date="2026-05-01", title="First Story, Retitled")
    else:
        site.article("first", date="2026-05-01", title="First Story", draft=True)
        site.article("other", date="2026-04-01", title="Other Story")
    build(site.root, incremental, options=NOW, search=False)
    clean = tmp_path / "clean"
    build(site.root, clean, options=NOW, search=False, use_cache=False)
    assert_same_tree(incremental, clean, edit)
    shown = parse_html(next(incremental.glob("articles/*/index.html")))
    assert shown.select_one(".count").get_text() == \
        {"add": "Articles: 2", "retitle": "Articles: 1", "unpublish": "Articles: 1"}[edit]


def test_pages_that_do_not_read_the_latest_stories_are_kept_when_one_is_added(site: SiteFolder,
                                                                              tmp_path: Path):
    """What a page read of the site-wide part counts; what it did not read does not."""
    small_newsroom(site)
    output = tmp_path / "out"
    build(site.root, output, options=NOW, search=False)
    # A tag of its own: no other story's related stories change
    site.article("fresh", date="2026-03-08", title="Fresh", tags=["Fresh news"])
    plain = build(site.root, output, options=NOW, search=False)
    assert 0 < plain.rendered < plain.pages / 2        # the lists that show it, and its page
    count_and_headlines(site)
    build(site.root, output, options=NOW, search=False)
    site.article("fresher", date="2026-03-09", title="Fresher", tags=["Cars"])
    with_rail = build(site.root, output, options=NOW, search=False)
    assert with_rail.rendered == with_rail.pages        # every page shows the newest story


@pytest.mark.parametrize("template, text, message", [
    ("base.html", "{{ site.articles|length }}",
     "templates/base.html:2: template error: SiteWide has no 'articles'; it has: sections, "
     "pages, latest, article_count, footer, breaking"),
    ("partials/byline.html", "{{ article.authors[0].articles }}",
     "templates/partials/byline.html:2: template error: Person has no 'articles'; it has: id, "
     "name, role, bio_html, avatar, links, path"),
    ("article.html", "{{ listing }}",
     "templates/article.html:2: template error: 'listing' is undefined: this page is given "
     "path, article, related, related_topic, site, config, url, absolute_url, asset_url, "
     "head"),
    ("partials/byline.html", "{{ article.__class__ }}",
     "templates/partials/byline.html:2: template error: Story has no '__class__'; it has: slug,"),
    ("base.html", "{{ site._parts }}",
     "templates/base.html:2: template error: SiteWide has no '_parts'; it has: sections,"),
])
def test_a_template_reaching_beyond_what_it_is_given_is_refused(site: SiteFolder, template: str,
                                                                text: str, message: str):
    site.article("story")
    path = site.root / "templates" / template
    path.write_text("\n" + text + "\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_cli("build", "--no-search", root=site.root)
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: {message}"), result.stderr
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr
