"""The search index in shards: a build writes again only the shards whose articles changed,
the index holds the words a reader sees, and the search page finds the same, however the
index was built."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from browser_tools import SiteServer
from conftest import HOSTILE, SiteFolder
from sitegen import pipeline
from sitegen.content.loader import LoadOptions
from sitegen.outputs import search, search_records, search_text
from sitegen.pipeline import build

NOW = LoadOptions(now=dt.datetime(2026, 6, 1, tzinfo=dt.timezone.utc))
WORDS = ["aardvark", "bramble", "cobalt", "dulcimer", "ember", "fjord", "gossamer", "halyard",
         "isotope", "jacaranda"]


@pytest.fixture
def sharded(monkeypatch) -> list[list[str]]:
    """Shards of two articles, so that a small site has several; returns the names of the
    shards each build wrote."""
    monkeypatch.setattr(search_records, "SHARD_SIZE", 2)
    monkeypatch.setattr(search, "SHARDS_FOR_WORKERS", 10**6)   # seen in this process
    indexed: list[list[str]] = []
    shard_files = search.shard_files
    builds = [0]

    def recorded(shard, config, known):
        while len(indexed) <= builds[0]:
            indexed.append([])
        indexed[builds[0]].append(shard.name)
        return shard_files(shard, config, known)
    write_search_index = search.write_search_index

    def counted(*arguments):
        write_search_index(*arguments)
        while len(indexed) <= builds[0]:
            indexed.append([])
        builds[0] += 1
    monkeypatch.setattr(search, "shard_files", recorded)
    monkeypatch.setattr(pipeline, "write_search_index", counted)
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
    count = len(json.loads((site_dir / "search-index/index.json").read_text())["shards"])
    number = search_records.shard_of(f"articles/{slug}/", 8)
    assert count > 2
    return f"shard-{number}"


def test_an_edit_indexes_only_its_shard_and_no_change_indexes_nothing(site: SiteFolder,
                                                                      tmp_path: Path, sharded,
                                                                      monkeypatch):
    read: list[str] = []        # the stories whose text was read for the index
    story_text = search_records.story_text
    monkeypatch.setattr(search_records, "story_text",
                        lambda story: read.append(story.title) or story_text(story))
    newsroom(site)
    site.article("story-12", "A neighbour.", title="Story 12", date="2026-05-15")
    output = tmp_path / "out"
    build(site.root, output, options=NOW)
    shards = json.loads((output / "search-index/index.json").read_text())["shards"]
    assert len(sharded[0]) == len(shards) > 4     # of 8: eleven articles, about two a shard
    assert len(read) == len(WORDS) + 1
    build(site.root, output, options=NOW)
    assert sharded[1:] == [[]]                        # no shard was made again
    site.article("story-4", "A report on the zeppelin market.", title="Story 4 Ember",
                 date="2026-05-14", tags=["Policy"], author="bo")
    read.clear()
    build(site.root, output, options=NOW)
    assert sharded[2:] == [[shard_of(output, "story-4")]]
    assert read == ["Story 4 Ember"]    # its neighbours' words come from the published shard
    assert shard_of(output, "story-4") == shard_of(output, "story-12")
    (site.root / "content/articles/story-7.md").unlink()
    build(site.root, output, options=NOW)
    assert sharded[3:] == [[shard_of(output, "story-7")]]
    docs = [doc for path in (output / "search-index").glob("shard-*/meta.json")
            for doc in json.loads(path.read_text())["docs"]]
    records = sorted(path.stem for path in (output / "search-index/records").iterdir())
    assert sorted(doc[0] for doc in docs) == records and len(records) == len(WORDS)


def test_shards_written_by_workers_are_those_written_here(site: SiteFolder, tmp_path: Path,
                                                         monkeypatch):
    newsroom(site)
    monkeypatch.setattr(search_records, "SHARD_SIZE", 2)
    writers = tmp_path / "writers"      # the process of each shard written (workers are forked)
    shard_files = search.shard_files

    def noted(shard, config, known):
        with open(writers, "a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()}\n")
        return shard_files(shard, config, known)
    monkeypatch.setattr(search, "shard_files", noted)
    trees = []
    for workers_from in (1, 10**6):
        monkeypatch.setattr(search, "SHARDS_FOR_WORKERS", workers_from)
        writers.unlink(missing_ok=True)
        output = tmp_path / f"out-{workers_from}"
        build(site.root, output, options=NOW, use_cache=False)
        trees.append({path.relative_to(output).as_posix(): path.read_bytes()
                      for path in sorted((output / "search-index").rglob("*"))
                      if path.is_file()})
        pids = set(writers.read_text().split())
        assert (str(os.getpid()) not in pids) == (workers_from == 1), pids
    assert trees[0] == trees[1] and len(trees[0]) > 20


def test_a_record_holds_the_story_as_text(site: SiteFolder):
    from sitegen.render.views import Views
    from sitegen.pipeline import load_site
    site.article("hostile", "Body <b>bold</b> &amp; more.\n\n<script>alert(1)</script>",
                 title='<img src=x onerror=alert(1)> "quoted"',
                 description="<script>alert(2)</script>", tags=["<b>tag</b>"], raw_html=True)
    loaded = load_site(site.root, options=NOW)
    story = Views().story(loaded.articles[0])
    text = search_text.story_text(story)
    record = json.loads(search_records.record(story, loaded.config, text))
    assert record["title"] == '<img src=x onerror=alert(1)> "quoted"'   # shown as text
    assert record["text"] == "<script>alert(2)</script> Body bold & more. <b>tag</b>"
    assert record["url"] == "articles/hostile/"


def test_the_text_of_html_is_what_a_reader_sees():
    html = ("<h2>One</h2><p>two &amp; <em>thr</em>ee</p><ul><li>four</li><li>five</li></ul>"
            "<script>var six;</script><!-- seven --><STYLE>p {}</STYLE>eight<br>nine")
    assert search_text.html_text(html) == "One two & three four five eight nine"


@pytest.mark.parametrize("text, stemmed, expected", [
    ("Batteries, cars and buses", True, ["battery", "car", "and", "buse"]),
    ("Batteries, cars and buses", False, ["batteries", "cars", "and", "buses"]),
    ("the newsroom's bus_stop: 2,500 km", True, ["the", "newsroom", "s", "bus", "stop", "2",
                                                 "500", "km"]),
    ("Malmö ÉTÉ", True, ["malmö", "été"]),
    ("電池技術と EV", True, ["電", "池", "技", "術", "と", "ev"]),
])
def test_the_words_of_a_text(text: str, stemmed: bool, expected: list[str]):
    assert search_text.words(text, stemmed) == expected


@given(title=st.text(max_size=40), text=st.text(max_size=300), stemmed=st.booleans())
def test_word_weights_count_the_words_of_the_text_and_title(title: str, text: str,
                                                            stemmed: bool):
    memo: dict = {}
    for _ in range(2):                  # the second time through the memo
        weights, length = search_text.word_weights(title, text, stemmed, memo)
        expected = Counter(search_text.words(text, stemmed))
        for word in search_text.words(title, stemmed):
            expected[word] += search_text.TITLE_WEIGHT
        assert weights == expected
        assert length == len(search_text.words(text, stemmed)) + len(
            search_text.words(title, stemmed))


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
           "isotope", "fjord", "market&section=Motoring", "market&tag=Policy",
           "market&section=Motoring&tag=Policy"]


def index_files(output: Path) -> dict[str, bytes]:
    top = Path(os.path.realpath(output / "search-index"))
    return {path.relative_to(top).as_posix(): path.read_bytes()
            for path in sorted(top.rglob("*")) if path.is_file()}


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
        assert index_files(served / "incremental") == index_files(served / "scratch")
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
                         "Batteries")       # standfirst, body and tags, not the title; all of it
    assert sorted(titles["market&section=Motoring"]) == ["Story 3 Dulcimer", "Story 6 Gossamer",
                                                         "Story 9 Jacaranda"]
    assert sorted(titles["market&tag=Policy"]) == ["Story 0 Aardvark", "Story 2 Zephyr",
                                                   "Story 4 Ember", "Story 6 Gossamer"]
    assert titles["market&section=Motoring&tag=Policy"] == ["Story 6 Gossamer"]


def test_hostile_text_is_shown_as_text_in_results(site: SiteFolder, tmp_path: Path,
                                                              browser):
    site.article("hostile", "The okapi report on the constructor.", title=HOSTILE,
                 tags=[HOSTILE], section=HOSTILE, description=HOSTILE)
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
            rows = search_page_results(page, f"{server.origin}/news", "constructor")
            assert [row[1] for row in rows] == [HOSTILE]       # a word named like JS's own
            options = page.eval_on_selector_all("#search-tag option", "o => o.map(x => x.text)")
            assert options == ["All tags", HOSTILE]
            assert "&lt;script&gt;" in rows[0][3]                # the standfirst, as text
        finally:
            page.close()
    assert alerts == []
