"""The search index in shards: a build indexes again only the shards whose articles changed,
and the search page finds the same, however the index was built."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from browser_tools import SiteServer
from conftest import HOSTILE, SiteFolder
from sitegen.content.loader import LoadOptions
from sitegen.outputs import search, search_records
from sitegen.pipeline import build

NOW = LoadOptions(now=dt.datetime(2026, 6, 1, tzinfo=dt.timezone.utc))
WORDS = ["aardvark", "bramble", "cobalt", "dulcimer", "ember", "fjord", "gossamer", "halyard",
         "isotope", "jacaranda"]


@pytest.fixture
def sharded(monkeypatch) -> list[list[str]]:
    """Shards of two articles, so that a small site has several; returns the names of the
    shards each build sent to pagefind."""
    monkeypatch.setattr(search_records, "SHARD_SIZE", 2)
    indexed: list[list[str]] = []
    index_shards = search.index_shards

    def recorded(shards, config, output):
        indexed.append([shard.name for shard in shards])
        index_shards(shards, config, output)
    monkeypatch.setattr(search, "index_shards", recorded)
    return indexed


def newsroom(site: SiteFolder) -> None:
    site.author("bo", name="Bo Second", role="Editor", bio="Bo edits.")
    for number, word in enumerate(WORDS):
        site.article(f"story-{number}", f"A report on the {word} market and more.",
                     title=f"Story {number} {word.title()}",
                     date=f"2026-0{1 + number % 5}-1{number}",
                     tags=["Batteries" if number % 2 else "Policy"],
                     section="Motoring" if number % 3 == 0 else None,
                     author="ada" if number % 2 else "bo")


def shard_of(site_dir: Path, slug: str) -> str:
    count = len(json.loads((site_dir / "pagefind/shards.json").read_text())["shards"])
    number = search_records.shard_of(f"articles/{slug}/", search_records.shard_count(len(WORDS)))
    assert count > 2
    return f"shard-{number}"


def test_an_edit_indexes_only_its_shard_and_no_change_indexes_nothing(site: SiteFolder,
                                                                      tmp_path: Path, sharded):
    newsroom(site)
    output = tmp_path / "out"
    build(site.root, output, options=NOW)
    shards = json.loads((output / "pagefind/shards.json").read_text())["shards"]
    assert len(sharded[0]) == len(shards) > 4     # of 8: nine articles, about two a shard
    build(site.root, output, options=NOW)
    assert sharded[1:] == []                          # pagefind did not run
    site.article("story-4", "A report on the zeppelin market.", title="Story 4 Ember",
                 date="2026-05-14", tags=["Policy"], author="bo")
    build(site.root, output, options=NOW)
    assert sharded[1:] == [[shard_of(output, "story-4")]]
    (site.root / "content/articles/story-7.md").unlink()
    build(site.root, output, options=NOW)
    assert sharded[2:] == [[shard_of(output, "story-7")]]
    entries = [json.loads(path.read_text())
               for path in (output / "pagefind").glob("shard-*/pagefind-entry.json")]
    assert sum(language["page_count"] for entry in entries
               for language in entry["languages"].values()) == len(WORDS) - 1


def test_the_record_of_an_article_escapes_its_text(site: SiteFolder):
    from sitegen.render.views import Views
    from sitegen.pipeline import load_site
    site.article("hostile", "Body.", title='<img src=x onerror=alert(1)> "quoted"',
                 description="<script>alert(2)</script>", tags=["<b>tag</b>"])
    loaded = load_site(site.root, options=NOW)
    story = Views().story(loaded.articles[0])
    html = search_records.record_html(story, loaded.config)
    assert "<img src=x" not in html and "<script>" not in html and "<b>tag" not in html
    assert "&lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot;" in html


EDITS = [
    ("body word", lambda s: s.article("story-1", "Now about quasar trade.", title="Story 1 Bramble",
                                      date="2026-02-11", tags=["Batteries"])),
    ("title word", lambda s: s.article("story-2", "A report on the cobalt market and more.",
                                       title="Story 2 Zephyr", date="2026-03-12",
                                       tags=["Policy"], author="bo")),
    ("new article", lambda s: s.article("story-10", "Fresh news on the nebula front.",
                                        title="Story 10 Nebula", date="2026-05-20",
                                        tags=["Grid"], section="Motoring")),
    ("faq answer", lambda s: s.article("story-3", "A report on the dulcimer market and more.",
                                       title="Story 3 Dulcimer", date="2026-04-13",
                                       faq=[{"question": "Why?", "answer": "Because of tundra."}],
                                       section="Motoring", tags=["Batteries"])),
    ("deleted", lambda s: (s.root / "content/articles/story-5.md").unlink()),
    ("new tag", lambda s: s.article("story-6", "A report on the gossamer market and more.",
                                    title="Story 6 Gossamer", date="2026-02-16",
                                    tags=["Policy", "Grid"], section="Motoring", author="bo")),
    ("section gone", lambda s: s.article("story-0", "A report on the aardvark market and more.",
                                         title="Story 0 Aardvark", date="2026-01-10",
                                         tags=["Policy"], author="bo")),
    ("draft", lambda s: s.article("story-8", "Hidden.", title="Story 8 Isotope",
                                  date="2026-04-18", draft=True)),
    ("redated", lambda s: s.article("story-4", "A report on the ember market and more.",
                                    title="Story 4 Ember", date="2026-05-30", tags=["Policy"],
                                    author="bo")),
    ("renamed", lambda s: (s.root / "content/articles/story-10.md").rename(
        s.root / "content/articles/story-ten.md")),
    ("phrase", lambda s: s.article("story-1", "Now about quasar trade in the salt flats.",
                                   title="Story 1 Bramble", date="2026-02-11", tags=["Batteries"])),
    ("author", lambda s: s.article("story-2", "A report on the cobalt market and more.",
                                   title="Story 2 Zephyr", date="2026-03-12", tags=["Policy"])),
]
QUERIES = ["quasar", '"salt flats"', "zephyr", "tundra", "grid", "market", "motoring", "nebula",
           "isotope", "fjord"]


def search_page_results(page, origin: str, query: str) -> list[tuple]:
    page.goto(f"{origin}/search/?q={query}")
    page.wait_for_function(
        "/found|match/.test(document.getElementById('search-status').textContent)",
        timeout=15000)
    return page.eval_on_selector_all("#search-results li", """items => items.map(li => [
        li.querySelector('h2 a').getAttribute('href'), li.querySelector('h2').textContent,
        li.querySelector('.search-meta').textContent, li.querySelector('p:last-child').innerHTML])""")


def test_search_finds_the_same_after_twelve_edits_as_from_scratch(site: SiteFolder,
                                                                  tmp_path: Path, sharded,
                                                                  browser):
    newsroom(site)
    served = tmp_path / "served"
    with SiteServer(served) as server:
        base = f"{server.origin}/"
        incremental = served / "incremental"
        build(site.root, incremental, base_url=f"{base}incremental/", options=NOW)
        for _, edit in EDITS:
            edit(site)
            build(site.root, incremental, base_url=f"{base}incremental/", options=NOW)
        assert max(map(len, sharded[1:])) < len(sharded[0]), "some edits kept shards"
        shutil.rmtree(site.root / ".cache")
        build(site.root, served / "scratch", base_url=f"{base}scratch/", options=NOW,
              use_cache=False)
        page = browser.new_page()
        try:
            found = {}
            for query in QUERIES:
                found[query] = [search_page_results(page, f"{server.origin}/{name}", query)
                                for name in ("incremental", "scratch")]
        finally:
            page.close()
    for query, (incremental_results, scratch_results) in found.items():
        same = [[row[1:] for row in results] for results in (incremental_results,
                                                             scratch_results)]
        assert same[0] == same[1], query
    titles = {query: [row[1] for row in rows[0]] for query, rows in found.items()}
    assert titles["quasar"] == ["Story 1 Bramble"]
    assert titles['"salt flats"'] == ["Story 1 Bramble"]
    assert titles["zephyr"] == ["Story 2 Zephyr"]
    assert titles["tundra"] == ["Story 3 Dulcimer"]
    assert titles["isotope"] == [] and titles["fjord"] == []    # draft, deleted
    assert len(titles["market"]) == 7     # ten stories: one rewritten, one deleted, one hidden
    quasar = found["quasar"][0][0]
    assert quasar[0].endswith("/incremental/articles/story-1/")
    assert quasar[2] == "11 February 2026 · Ada Byline"
    assert quasar[3] == ("About story-1. Now about <mark>quasar</mark> trade in the salt flats. "
                         "Batteries.")      # standfirst and body, not the title; all of it


def test_hostile_text_is_shown_as_text_in_results(site: SiteFolder, tmp_path: Path,
                                                              browser):
    site.article("hostile", "The okapi report.", title=HOSTILE, tags=[HOSTILE],
                 section=HOSTILE, description=HOSTILE)
    served = tmp_path / "served"
    with SiteServer(served) as server:
        build(site.root, served / "news", base_url=f"{server.origin}/news/", options=NOW)
        page = browser.new_page()
        alerts: list[str] = []
        page.on("dialog", lambda dialog: (alerts.append(dialog.message), dialog.dismiss()))
        try:
            rows = search_page_results(page, f"{server.origin}/news", "okapi")
            assert [row[1] for row in rows] == [HOSTILE]
            assert HOSTILE in rows[0][2]                        # the section, as text
            assert page.locator("#search-results b, #search-results script").count() == 0
            rows = search_page_results(page, f"{server.origin}/news", "bold")
            assert [row[1] for row in rows] == [HOSTILE]       # the title's words are searched
            assert "&lt;script&gt;" in rows[0][3]                # the standfirst, as text
        finally:
            page.close()
    assert alerts == []
