"""`expires:` takes a story off the site after a time: it leaves every list, feed, sitemap
and index, and its address says it is no longer available."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SiteFolder, parse_html, run_cli

BEFORE, AFTER = "2026-12-05T12:00:00+00:00", "2026-12-05T19:00:00+00:00"


@pytest.fixture
def notice_site(site: SiteFolder) -> SiteFolder:
    site.article("road-closed", title="Coast road closed <until> 6pm", tags=["Roads"],
                 date="2026-12-05T08:00:00+00:00", expires="2026-12-05T18:00:00+00:00")
    site.article("related", date="2026-12-04T09:00:00+00:00", tags=["Roads"])
    return site


def _build(site: SiteFolder, now: str, output: Path | None = None) -> Path:
    output = output or site.root / "_site"
    result = run_cli("build", "--now", now, "--output", str(output), root=site.root)
    assert result.returncode == 0, result.stderr
    return output


def _everywhere(output: Path) -> dict[str, str]:
    files = ["index.html", "feed.xml", "atom.xml", "sitemap.xml", "news-sitemap.xml",
             "tags/roads/index.html", "authors/ada/index.html", "articles/related/index.html"]
    return {name: (output / name).read_text(encoding="utf-8") for name in files} | {
        "search": "".join(path.read_text(encoding="utf-8")
                          for path in (output / "search-index").rglob("*.json"))}


def test_a_story_is_listed_until_it_expires_then_its_page_says_so(notice_site):
    output = _build(notice_site, BEFORE)
    assert all("road-closed" in text or "Coast road" in text
               for name, text in _everywhere(output).items() if name != "news-sitemap.xml")
    assert (output / "articles/road-closed/social.png").is_file()

    output = _build(notice_site, AFTER)
    for name, text in _everywhere(output).items():      # "More on Roads" included
        assert "road-closed" not in text and "Coast road" not in text, name
    page = parse_html(output / "articles/road-closed/index.html")
    assert page.h1.get_text() == "This story is no longer available"
    assert "“Coast road closed <until> 6pm”" in page.main.get_text()       # text, not markup
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert not page.find("link", rel="canonical")
    assert not (output / "articles/road-closed/social.png").exists()



def test_a_link_to_an_expired_story_still_finds_its_address(site):
    # check builds at the clock's time: these dates are long past
    site.article("notice", date="2020-01-01T08:00:00+00:00", expires="2020-01-02")
    site.article("later", date="2020-01-03", body="Earlier: [the notice](/articles/notice/).")
    result = run_cli("check", root=site.root)
    assert result.returncode == 0, result.stdout
    assert "1 article" in run_cli("build", root=site.root).stdout
    assert "no longer available" in (site.root / "_site/articles/notice/index.html").read_text()


def test_an_incremental_build_after_expiry_equals_a_clean_one(notice_site):
    incremental = _build(notice_site, BEFORE)
    incremental = _build(notice_site, AFTER)
    clean = notice_site.root / "clean"
    run_cli("build", "--now", AFTER, "--output", str(clean), root=notice_site.root)

    def tree(folder: Path) -> dict[str, bytes]:
        return {path.relative_to(folder).as_posix(): path.read_bytes()
                for path in sorted(folder.rglob("*")) if path.is_file()}
    assert tree(incremental) == tree(clean)


def test_expires_must_come_after_the_date(site):
    site.article("wrong", date="2026-12-05T08:00:00+00:00", expires="2026-12-01")
    assert site.build_fails() == (
        "error: content/articles/wrong.md:6: field 'expires': 2026-12-01T00:00:00+00:00 is "
        "not after the story's date, 2026-12-05T08:00:00+00:00")


def test_schedule_lists_when_a_story_comes_down(notice_site):
    result = run_cli("schedule", "--now", BEFORE, root=notice_site.root)
    assert "  Sat 5 Dec 2026 18:00 UTC  (Sat 5 Dec 18:00 UTC)  " \
           "content/articles/road-closed.md  Coast road closed <until> 6pm (comes down)" \
           in result.stdout.splitlines()
