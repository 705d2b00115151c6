"""Incremental builds give exactly the site a clean build gives, after every kind of edit."""

from __future__ import annotations

import datetime as dt
import os
import pickle
import pty
import re
import select
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT, SiteFolder, is_editor, parse_html, run_cli
from sitegen import parallel
from sitegen.publish.cachedb import seal, unseal
from sitegen.content.loader import LoadOptions
from sitegen.errors import SiteError
from sitegen.pipeline import build
from sitegen.preview.preview import WATCHED, Preview
from sitegen.site.packed import pack

NOW = LoadOptions(now=dt.datetime(2026, 6, 1, tzinfo=dt.timezone.utc))


def tree(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def folders(folder: Path) -> list[str]:
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*")
                  if path.is_dir())


def assert_same_tree(incremental: Path, clean: Path, step: str) -> None:
    assert folders(incremental) == folders(clean), f"after {step}: different folders"
    got, expected = tree(incremental), tree(clean)
    assert sorted(got) == sorted(expected), f"after {step}: different files"
    different = [name for name in expected if got[name] != expected[name]]
    assert not different, f"after {step}: stale or wrong bytes in {different[:5]}"


class Saves:
    """What the preview server learns from file-system events: the files that changed."""

    def __init__(self, root: Path):
        self.root = root
        self.stamps = self._scan()

    def _scan(self) -> dict[Path, tuple]:
        return {path: (path.stat().st_mtime_ns, path.stat().st_size, path.stat().st_ino)
                for name in WATCHED for path in [self.root / name, *(self.root / name).rglob("*")]
                if path.is_file()}

    def changes(self) -> set[Path]:
        stamps = self._scan()
        changed = {path for path in stamps.keys() | self.stamps.keys()
                   if stamps.get(path) != self.stamps.get(path)}
        self.stamps = stamps
        return changed


def small_newsroom(site: SiteFolder) -> None:
    site.config(title="Fixture News", description="A site for tests.",
                base_url="https://news.example.org/sub/", timezone="UTC", articles_per_page=2)
    site.author("bo", name="Bo Second", role="Editor", bio="Bo *edits*.")
    for day in range(1, 8):
        site.article(f"story-{day}", f"Body of story {day} with [a link](/about/).",
                     date=f"2026-03-0{day}", title=f"Story {day}",
                     author="ada" if day % 2 else "bo", tags=["Cars", f"Topic {day % 3}"],
                     section="Motoring" if day < 4 else None,
                     faq=[{"question": f"Question {day}?", "answer": f"Answer *{day}*."}])
    site.write("content/pages/about.md", "---\ntitle: About\n---\n\nWho we are.\n")


def edit(site: SiteFolder, relative: str, old: str, new: str) -> None:
    path = site.root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, (relative, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def _svg(width: int, height: int) -> str:
    return f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}"></svg>\n'


EDITS = [
    ("change a body", lambda s: edit(s, "content/articles/story-3.md", "Body of story 3",
                                     "A rewritten body for story 3")),
    ("change a title", lambda s: edit(s, "content/articles/story-5.md", "title: Story 5",
                                      "title: Story Five, Retitled")),
    ("change a date so the order changes",
     lambda s: edit(s, "content/articles/story-1.md", "2026-03-01", "2026-03-09")),
    ("add a tag", lambda s: edit(s, "content/articles/story-2.md", "- Cars", "- Cars\n- Brand New")),
    ("remove a tag", lambda s: edit(s, "content/articles/story-4.md", "- Topic 1\n", "")),
    # the newest article names the tag's group: every page showing the tag changes
    ("respell a tag on the newest article",
     lambda s: edit(s, "content/articles/story-1.md", "- Cars\n", "- CARS\n")),
    ("change the newest article's body", lambda s: edit(s, "content/articles/story-1.md",
                                                        "Body of story 1", "New body of story 1")),
    ("mark an article as a draft", lambda s: edit(s, "content/articles/story-5.md",
                                                  "title: Story Five, Retitled",
                                                  "title: Story Five, Retitled\ndraft: true")),
    ("rename an author", lambda s: edit(s, "content/authors/bo.yml", "Bo Second", "Bo Renamed")),
    ("change an author's bio", lambda s: edit(s, "content/authors/ada.yml", "Ada writes",
                                              "Ada now writes")),
    ("delete an article", lambda s: (s.root / "content/articles/story-6.md").unlink()),
    ("add an article", lambda s: s.article("story-new", "Fresh news.", date="2026-03-05",
                                           title="Fresh", tags=["Cars"], section="Motoring")),
    ("change a template", lambda s: edit(s, "templates/partials/article_card.html",
                                         'class="card-standfirst"', 'class="card-standfirst x"')),
    ("change the base template", lambda s: edit(s, "templates/base.html", "Skip to content",
                                                "Skip to the story")),
    ("change the configuration", lambda s: edit(s, "site.yml", "title: Fixture News",
                                                "title: Renamed News")),
    ("change pagination", lambda s: edit(s, "site.yml", "articles_per_page: 2",
                                         "articles_per_page: 3")),
    ("change a static file", lambda s: (s.root / "static/css/site.css").write_text(
        "body { color: black; }\n", encoding="utf-8")),
    ("add a static file", lambda s: s.write("static/images/new.svg", "<svg></svg>\n")),
    ("add an article with images", lambda s: (
        s.write("static/images/chart.svg", _svg(100, 50)),
        s.write("static/images/hero.svg", _svg(120, 60)),
        s.article("pictured", "A chart: ![Sales](/images/chart.svg)", date="2026-03-06",
                  image={"src": "images/hero.svg", "alt": "The plant"}))),
    # The article's file is unchanged: its cached record must not keep the old sizes.
    ("resize the images an article shows", lambda s: (
        s.write("static/images/chart.svg", _svg(300, 150)),
        s.write("static/images/hero.svg", _svg(240, 120)))),
    ("change a page", lambda s: edit(s, "content/pages/about.md", "Who we are.", "Who we were.")),
    # what only feeds and sitemaps show besides the article page (they are reused when not)
    ("change a description", lambda s: edit(s, "content/articles/story-7.md",
                                            "description: About story-7.",
                                            "description: A new standfirst.")),
    ("add an image with a caption", lambda s: edit(
        s, "content/articles/story-7.md", "title: Story 7",
        "title: Story 7\nimage:\n  src: /images/placeholder-hero.svg\n  alt: A hero\n"
        "  caption: First caption")),
    ("change an image caption", lambda s: edit(s, "content/articles/story-7.md",
                                               "First caption", "Second caption")),
    ("mark an article updated", lambda s: edit(s, "content/articles/story-2.md",
                                               "title: Story 2",
                                               "title: Story 2\nupdated: 2026-05-01")),
    ("change the site description", lambda s: edit(s, "site.yml", "A site for tests.",
                                                   "A site that changed.")),
    ("change the feed length", lambda s: edit(s, "site.yml", "articles_per_page: 3",
                                              "articles_per_page: 3\nfeed_entries: 2")),
    ("remove a section", lambda s: edit(s, "content/articles/story-2.md", "section: Motoring\n", "")),
]


@pytest.mark.parametrize("workers", ["one process", "worker processes"])
def test_every_incremental_build_equals_a_clean_build(site: SiteFolder, tmp_path: Path,
                                                      monkeypatch, workers: str):
    if workers == "worker processes":
        if parallel.cores() < 2:
            pytest.skip("one core: the worker processes are never started")
        monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
        monkeypatch.setattr(parallel, "CHUNK", 2)
    small_newsroom(site)
    incremental = tmp_path / "incremental"
    build(site.root, incremental, options=NOW)
    for step, apply in EDITS:
        apply(site)
        result = build(site.root, incremental, options=NOW)
        clean = tmp_path / "clean" / step.replace(" ", "-")
        build(site.root, clean, options=NOW, use_cache=False)
        assert_same_tree(incremental, clean, step)
        assert result.written > 0, f"after {step}: nothing was written"
    assert parse_html(incremental / "index.html").title.get_text() == "Renamed News"
    pictured = parse_html(incremental / "articles/pictured/index.html")
    assert pictured.find("img", src="/sub/images/chart.svg")["width"] == "300"


def test_every_preview_update_equals_a_clean_build(site: SiteFolder, tmp_path: Path):
    """The live preview's in-memory rebuild, after each edit, against a clean build."""
    small_newsroom(site)
    site.article("a-draft", "Not yet.", date="2026-03-04", draft=True, tags=["Cars"])
    base_url = "http://127.0.0.1:8123/"
    preview = Preview(site.root, tmp_path / "preview", base_url, quiet=True)
    saves = Saves(site.root)
    preview.rebuild()
    drafts = LoadOptions(include_drafts=True)
    for step, apply in EDITS:
        apply(site)
        changed = saves.changes()
        assert changed, f"after {step}: the change was not seen"
        preview.rebuild(changed)
        clean = tmp_path / "clean" / step.replace(" ", "-")
        build(site.root, clean, base_url, drafts, search=False, use_cache=False)
        assert_same_tree(tmp_path / "preview", clean, step)
    draft = parse_html(tmp_path / "preview/articles/a-draft/index.html")
    assert draft.select_one(".draft-mark").get_text() == "Draft"


def test_preview_renders_only_the_pages_an_edit_touches(site: SiteFolder, tmp_path: Path):
    small_newsroom(site)
    for number in range(30):
        site.article(f"other-{number}", f"Other {number}.", date="2026-01-01", tags=["Elsewhere"],
                     author="bo")
    preview = Preview(site.root, tmp_path / "preview", "http://127.0.0.1:8123/", quiet=True)
    saves = Saves(site.root)
    preview.rebuild()
    # the stories that list it among their related stories
    relating = sum(1 for page in (tmp_path / "preview/articles").rglob("index.html")
                   if parse_html(page).select('.related a[href="/articles/story-7/"]'))
    assert relating
    edit(site, "content/articles/story-7.md", "Body of story 7", "Changed body of story 7")
    summary = preview.rebuild(saves.changes())
    # the pages that show it: the article, home page 1, its author's page 1, its two tags'
    # first pages (the feeds with its full text are made again too); not those that list it
    # among related stories, whose cards show no body
    pages = sum(1 for path in (tmp_path / "preview").rglob("*.html")
                if not is_editor(tmp_path / "preview", path))
    assert summary.startswith(f"1 file parsed, 5 of {pages} pages rendered"), summary
    edit(site, "content/articles/story-7.md", "title: Story 7", "title: Story Seven")
    summary = preview.rebuild(saves.changes())
    assert summary.startswith(f"1 file parsed, {5 + relating} of {pages} pages rendered"), \
        summary
    edit(site, "templates/tag.html", "Tagged:", "Topic:")
    summary = preview.rebuild(saves.changes())
    tag_pages = sum(1 for _ in (tmp_path / "preview/tags").rglob("index.html")) - 1
    assert summary.startswith(f"0 files parsed, {tag_pages} of "), summary


def test_preview_keeps_the_error_and_recovers(site: SiteFolder, tmp_path: Path):
    story = site.article("story", title="Good Title")
    preview = Preview(site.root, tmp_path / "preview", "http://127.0.0.1:8123/", quiet=True)
    saves = Saves(site.root)
    preview.rebuild()
    story.write_text("---\ntitle: Broken\ndate: 14 May\nauthor: ada\ndescription: D\n---\n",
                     encoding="utf-8")
    with pytest.raises(SiteError):
        preview.rebuild(saves.changes())
    assert (preview.error.path, preview.error.line, preview.error.field) == \
        ("content/articles/story.md", 3, "date")
    assert "Good Title" in (tmp_path / "preview/articles/story/index.html").read_text()
    site.article("story", title="Fixed Title")
    preview.rebuild(saves.changes())
    assert preview.error is None
    assert "Fixed Title" in (tmp_path / "preview/articles/story/index.html").read_text()
    edit(site, "templates/article.html", "{{ article.title }}</h1>", "{{ article.nope }}</h1>")
    with pytest.raises(SiteError):
        preview.rebuild(saves.changes())
    assert preview.error.path == "templates/article.html" and preview.error.line
    edit(site, "templates/article.html", "{{ article.nope }}</h1>", "{{ article.title }}</h1>")
    preview.rebuild(saves.changes())
    assert preview.error is None


def test_no_change_rebuild_writes_nothing_and_one_edit_writes_little(site: SiteFolder,
                                                                     tmp_path: Path):
    small_newsroom(site)
    output = tmp_path / "out"
    first = build(site.root, output, options=NOW)
    assert first.written == len(tree(output)) and first.parsed == 7
    inodes = {name: (output / name).stat().st_ino for name in tree(output)}

    again = build(site.root, output, options=NOW)
    assert (again.written, again.rendered, again.parsed) == (0, 0, 0)
    assert again.reused == len(again.site.articles) == 7      # no article parsed again
    assert again.unchanged == len(inodes)
    assert {name: (output / name).stat().st_ino for name in tree(output)} == inodes

    edit(site, "content/articles/story-3.md", "Body of story 3", "New words in story 3")
    one = build(site.root, output, options=NOW)
    assert one.parsed == 1                      # only the edited article is parsed again
    assert one.reused == 6
    changed = {name for name in tree(output)
               if name not in inodes or (output / name).stat().st_ino != inodes[name]}
    search_index = {name for name in changed if name.startswith("search-index/")}
    assert search_index                 # an article page changed: the search index is redone
    pages = {name for name in changed if name.endswith(".html")}
    assert pages == {"articles/story-3/index.html"}         # no other page is rewritten
    feeds = changed - search_index - pages                  # the feeds carry the full text
    assert feeds and all(name.endswith(".xml") for name in feeds), feeds
    assert "New words" in (output / "articles/story-3/index.html").read_text()


def test_a_cache_from_another_generator_version_is_never_used(site: SiteFolder, tmp_path: Path):
    site.article("story", "The true body.")
    output = tmp_path / "out"
    build(site.root, output, options=NOW)
    database = site.root / ".cache" / "build.sqlite"

    def poison(generator: str | None) -> None:
        with sqlite3.connect(database) as db:
            for key, value in db.execute("SELECT key, record FROM records").fetchall():
                record = pickle.loads(unseal(value, "the cache"))
                record.article.packed_body = pack("<p>STALE</p>")
                db.execute("UPDATE records SET record = ? WHERE key = ?",
                           (seal(pickle.dumps(record)), key))
            db.execute("DELETE FROM pages")
            if generator:
                db.execute("UPDATE meta SET value = ? WHERE name = 'generator'", (generator,))

    poison(None)        # same version: the cache is used (this is what makes builds fast)
    build(site.root, output, options=NOW)
    assert "STALE" in (output / "articles/story/index.html").read_text()
    assert "STALE" in (output / "feed.xml").read_text()

    poison("an older generator or Markdown version")
    result = build(site.root, output, options=NOW)
    assert "STALE" not in (output / "articles/story/index.html").read_text()
    assert "The true body." in (output / "articles/story/index.html").read_text()
    assert "The true body." in (output / "feed.xml").read_text()
    assert result.reused == 0


def test_an_article_from_the_cache_still_warns_of_its_unknown_keys(site: SiteFolder,
                                                                    tmp_path: Path):
    site.article("story", tittle="A typo")
    for build_number in (1, 2):
        result = run_cli("build", "--output", str(tmp_path / "out"), root=site.root)
        assert result.returncode == 0, result.stderr
        assert ("content/articles/story.md:6: field 'tittle': unknown key (ignored); "
                "did you mean 'title'?") in result.stderr, build_number
    assert "1 article from the cache" in result.stdout


def test_a_damaged_cache_is_rebuilt(site: SiteFolder, tmp_path: Path):
    site.article("story", "The body.")
    (site.root / ".cache").mkdir()
    (site.root / ".cache" / "build.sqlite").write_bytes(b"not a database at all" * 100)
    build(site.root, tmp_path / "out", options=NOW)
    assert "The body." in (tmp_path / "out/articles/story/index.html").read_text()


def test_a_hand_deleted_output_file_comes_back(site: SiteFolder, tmp_path: Path):
    site.article("story")
    output = tmp_path / "out"
    build(site.root, output, options=NOW)
    (output / "articles/story/index.html").unlink()
    shutil.rmtree(output / "tags", ignore_errors=True)
    build(site.root, output, options=NOW)
    assert_same_tree(output, build(site.root, tmp_path / "clean", options=NOW,
                                   use_cache=False) and tmp_path / "clean", "deleting output")


def test_files_and_folders_the_site_does_not_have_are_removed(site: SiteFolder, tmp_path: Path):
    """What a build finds in its output besides the site (by hand, or left over) is removed,
    empty folders included, however deep, while the site's own files stay untouched."""
    small_newsroom(site)
    output = tmp_path / "out"
    build(site.root, output, options=NOW)
    inodes = {name: (output / name).stat().st_ino for name in tree(output)}
    (output / "stray.txt").write_text("by hand", encoding="utf-8")
    (output / "articles/story-2/notes/deep").mkdir(parents=True)
    (output / "articles/story-2/notes/deep/draft.md").write_text("x", encoding="utf-8")
    (output / "empty/inside/again").mkdir(parents=True)
    (output / "tags/cars/nothing").mkdir()
    build(site.root, output, options=NOW)
    assert_same_tree(output, build(site.root, tmp_path / "clean", options=NOW,
                                   use_cache=False) and tmp_path / "clean", "stray files")
    assert {name: (output / name).stat().st_ino for name in tree(output)} == inodes
    (site.root / "content/articles/story-6.md").unlink()
    build(site.root, output, options=NOW)
    assert not (output / "articles/story-6").exists()
    assert (output / "articles/story-5/index.html").is_file()


def test_summary_line_and_progress_only_on_a_terminal(site: SiteFolder, tmp_path: Path):
    site.article("story")
    result = run_cli("build", "--output", str(tmp_path / "out"), root=site.root)
    assert result.returncode == 0 and result.stderr == ""      # not a terminal: no progress
    summary = re.fullmatch(r"built \S+: (\d+) pages \(1 article\): (\d+) files written, "
                           r"(\d+) unchanged, (\d+) pages rendered, (\d+) articles from the "
                           r"cache, (\d+) parsed, 0 photos encoded, 3 cards drawn, [\d.]+ s\n",
                           result.stdout)
    assert summary, result.stdout
    pages, written, unchanged, rendered = map(int, summary.groups()[:4])
    assert pages == rendered and unchanged == 0
    assert written == len(tree(tmp_path / "out"))       # every file of a first build

    def on_a_terminal(*args: str) -> str:
        leader, follower = pty.openpty()
        process = subprocess.run([sys.executable, str(PROJECT / "build.py"), "--root",
                                  str(site.root), "build", "--output", str(tmp_path / "out"),
                                  *args], stderr=follower, stdout=subprocess.PIPE, timeout=120)
        os.close(follower)
        assert process.returncode == 0
        chunks = []
        while select.select([leader], [], [], 0.2)[0]:
            try:
                chunks.append(os.read(leader, 65536))
            except OSError:
                break
        os.close(leader)
        return b"".join(chunks).decode()

    assert "loading articles 1/1" in on_a_terminal()
    assert on_a_terminal("--quiet") == ""
