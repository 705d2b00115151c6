"""The same input gives the same bytes, every file of the output: from two builds that share
nothing (each its own copy of the site and so its own cache, under another hash seed), from a
cold build and a warm one, and from an incremental build after an edit that was undone."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import HOSTILE, SiteFolder, run_cli
from sitegen.parallel import MIN_ITEMS

NOW = "2026-03-06T12:00:00+00:00"    # the build time is an input too (the news sitemap's window)
BODY = """Read [about us](/about/) and [the second story](/articles/second/#detail).[^1]

![A figure in the text](/images/placeholder-figure.svg)

!!! note "Background"
    A callout with *emphasis*.

## Detail

Café, naïve, 東京, “quotes” & <angles>.

[^1]: A footnote with [a link](https://example.org/)."""


def varied_site(root: Path, more: int = 0) -> SiteFolder:
    """A site with what pages are made of: authors, tags, a section, an FAQ, takeaways,
    footnotes, images, an update, pagination, a page, a draft and a hostile title; and
    `more` plain articles besides (enough of them, and loading and rendering use workers)."""
    site = SiteFolder(root)
    site.config(title="Fixture News", description="A site for tests.",
                base_url="https://example.github.io/newsroom/", timezone="Europe/London",
                articles_per_page=2, feed_entries=3, publisher_name="Fixture Media Ltd",
                publisher_logo="images/placeholder-figure.svg")
    site.author("bo", name="Bo O'Neil & Co", role="Editor", bio="Bo *edits*.",
                avatar={"src": "images/placeholder-figure.svg", "alt": "Bo at the desk"},
                links=[{"title": "Website", "url": "https://bo.example.org/"}])
    site.write("content/pages/about.md",
               "---\ntitle: About\n---\n\nWe report.[^a]\n\n[^a]: Daily.\n")
    site.article("first", date="2026-03-01T09:00:00", tags=["Batteries"], section="Motoring",
                 body=BODY, takeaways=["One point.", "Another *point*."])
    site.article("second", date="2026-03-02T09:00:00", updated="2026-03-05T10:30:00",
                 author=["ada", "bo"], tags=["Batteries", "Electric Cars"], body=BODY)
    site.article("third", date="2026-03-05T09:00:00", section="Motoring", body=BODY,
                 image={"src": "images/placeholder-hero.svg", "alt": "A hero & \"friends\""},
                 faq=[{"question": "Is it <safe>?", "answer": "Yes & *no*."},
                      {"question": "Why?", "answer": "Because."}])
    site.article("hostile", title=HOSTILE, date="2026-03-05T18:00:00", author="bo",
                 description='She said "yes" & <b>left</b>', tags=[HOSTILE, "Batteries"],
                 body=BODY)
    site.article("unfinished", date="2026-03-04T09:00:00", draft=True, tags=["Secret"], body=BODY)
    for number in range(more):
        site.article(f"story-{number}", date=f"2026-02-{number % 28 + 1:02}T{number % 24:02}:00:00",
                     author=["ada", "bo"][number % 2:], tags=[f"Tag {number % 7}", "Batteries"],
                     body=f"Story {number}.[^n]\n\n## Part\n\nText.\n\n[^n]: Note {number}.")
    return site


def tree(output: Path) -> dict[str, bytes | str]:
    """Every file and folder under a build's output (followed to the version it names):
    a file's bytes, "folder" for a folder."""
    top = Path(os.path.realpath(output))
    found = {}
    for path in sorted(top.rglob("*")):
        name = path.relative_to(top).as_posix()
        assert not path.is_symlink(), name
        found[name] = "folder" if path.is_dir() else path.read_bytes()
    assert len(found) > 40 and "index.html" in found and "search-index" in found
    return found


def assert_same_tree(first: dict, second: dict) -> None:
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def build(root: Path, output: str = "_site") -> dict:
    result = run_cli("build", "--now", NOW, "--output", str(root / output), root=root)
    assert result.returncode == 0, result.stderr
    return tree(root / output)


@pytest.mark.parametrize("more", [0, MIN_ITEMS])
def test_same_input_gives_identical_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          more: int):
    trees = []
    for copy, seed in (("one", "1"), ("two", "2")):
        monkeypatch.setenv("PYTHONHASHSEED", seed)      # sets and dicts of strings reorder
        site = varied_site(tmp_path / copy, more)
        trees.append(build(site.root))
        assert (site.root / ".cache").is_dir()          # each made its own, from nothing
    assert_same_tree(*trees)
    shutil.rmtree(site.root / ".cache")                 # everything converted and rendered again
    assert_same_tree(trees[0], build(site.root))


def test_a_warm_build_equals_a_cold_one(tmp_path: Path):
    site = varied_site(tmp_path / "site")
    cold = build(site.root, "cold")
    # The cache of the cold run: every article's record and rendered Markdown is reused.
    assert_same_tree(cold, build(site.root, "warm"))
    # And an incremental build of the same folder, with nothing changed.
    assert_same_tree(cold, build(site.root, "cold"))


def test_an_incremental_build_after_an_undone_edit_equals_the_cold_one(tmp_path: Path):
    site = varied_site(tmp_path / "site")
    cold = build(site.root)
    touched = ["site.yml", "content/authors/bo.yml", "content/pages/about.md",
               "static/css/site.css", "content/articles/first.md", "content/articles/second.md",
               "content/articles/late.md"]
    originals = {name: (site.root / name).read_bytes() if (site.root / name).exists() else None
                 for name in touched}
    site.config(title="Other News", description="Edited.", timezone="UTC", articles_per_page=3,
                base_url="https://example.github.io/newsroom/")
    site.author("bo", name="Bo Renamed", role="Editor", bio="Edited.")
    for name, addition in (("content/pages/about.md", "\n## Edited\n"),
                           ("static/css/site.css", "\n.edited { color: red; }\n")):
        with (site.root / name).open("a", encoding="utf-8") as file:
            file.write(addition)
    (site.root / "content/articles/first.md").unlink()
    site.article("second", date="2026-03-03T09:00:00", title="Second, Retitled", tags=["New"],
                 author="bo", body=BODY)
    site.article("late", date="2026-03-06T09:00:00", tags=["Batteries"], body=BODY)
    edited = build(site.root)
    assert edited != cold
    # The edited site built cold, in a copy without the cache, gives the same files.
    shutil.copytree(site.root, tmp_path / "fresh",
                    ignore=shutil.ignore_patterns(".cache", "_site", "_site.*", ".site-builds"))
    assert_same_tree(edited, build(tmp_path / "fresh"))
    for name, data in originals.items():
        if data is None:
            (site.root / name).unlink()
        else:
            (site.root / name).write_bytes(data)
    assert_same_tree(cold, build(site.root))
