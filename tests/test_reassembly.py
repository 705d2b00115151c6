"""The preview's assembly after a save that moves nothing: the last site with the new records
(a new date, which moves a story on its lists, assembles the site anew).

It must be the very site a fresh assembly gives (the template tests compare whole built
sites after every kind of edit; these look at the model and at what is reused).
"""

from __future__ import annotations

import random
import re

from conftest import SiteFolder
from sitegen.pipeline import BuildMemory, load_site
from test_incremental import NOW, Saves, edit, small_newsroom


def outline_of(site) -> list:
    """Everything the site model says, page by page, by value."""
    def article(story):
        return (story.slug, story.title, story.body_html, story.description, story.path,
                [author.id for author in story.authors], [tag.slug for tag in story.tags],
                story.section.slug if story.section else None)

    return [(page.template, page.path, page.modified, page.indexable,
             [article(story) for story in page.shows],
             article(page.subject) if page.template == "article.html" else None,
             page.listing and (page.listing.number, page.listing.count,
                               [article(story) for story in page.listing.articles]))
            for page in site.page_list]


def assembled_after(site: SiteFolder, change) -> tuple:
    memory = BuildMemory(None)
    saves = Saves(site.root)
    last = load_site(site.root, options=NOW, memory=memory)
    last_pages = list(last.page_list)
    change(site)
    again = load_site(site.root, options=NOW, memory=memory, changed=saves.changes())
    return last_pages, again, load_site(site.root, options=NOW)


def test_a_body_edit_reuses_the_last_site_and_equals_a_fresh_assembly(site: SiteFolder):
    small_newsroom(site)
    last_pages, again, fresh = assembled_after(site, lambda s: edit(
        s, "content/articles/story-3.md", "Body of story 3", "A rewritten body"))
    assert outline_of(again) == outline_of(fresh)
    assert again.page_list == last_pages            # the same page objects, in order
    showing = {page.path for page in again.page_list
               if any(story.slug == "story-3" for story in page.shows)}
    assert {page.path for page in again.changed_pages} == showing
    assert {"articles/story-3/", "tags/", "authors/"} <= showing
    assert any(path.startswith("tags/cars/") for path in showing)
    assert "articles/story-4/" not in showing


def test_a_new_updated_time_moves_the_lastmod_of_every_page_showing_the_story(
        site: SiteFolder):
    small_newsroom(site)
    _, again, fresh = assembled_after(site, lambda s: edit(
        s, "content/articles/story-6.md", "title: Story 6", "title: Story 6\nupdated: 2026-05-20"))
    assert again.changed_pages is not None
    assert outline_of(again) == outline_of(fresh)
    assert {page.path: page.modified for page in again.page_list}["tags/cars/"] \
        == "2026-05-20T00:00:00+00:00"


def test_edits_that_change_a_story_s_lists_or_an_author_assemble_anew(site: SiteFolder):
    small_newsroom(site)
    for change in (lambda s: edit(s, "content/articles/story-2.md", "- Cars", "- Trucks"),
                   lambda s: edit(s, "content/authors/bo.yml", "Bo Second", "Bo Third"),
                   lambda s: s.article("story-9", date="2026-03-09")):
        last_pages, again, fresh = assembled_after(site, change)
        assert again.changed_pages is None
        assert outline_of(again) == outline_of(fresh)
        assert not set(map(id, again.page_list)) & set(map(id, last_pages))


def test_a_new_date_assembles_the_site_anew(site: SiteFolder):
    # A date orders every list, the front page and related stories: the site is made again.
    small_newsroom(site)
    last_pages, again, fresh = assembled_after(site, lambda s: edit(
        s, "content/articles/story-2.md", "2026-03-02", "2026-03-09"))
    assert again.changed_pages is None
    assert outline_of(again) == outline_of(fresh)
    assert again.articles[0].slug == "story-2"


def test_any_run_of_saves_that_keeps_the_lists_reassembles_the_fresh_site(site: SiteFolder):
    small_newsroom(site)
    for day in range(8, 14):
        site.article(f"story-{day}", f"Body {day}.", date=f"2026-03-{day:02d}",
                     title=f"Story {day}", author="bo", tags=["Cars"])
    memory, saves, rng = BuildMemory(None), Saves(site.root), random.Random(13)
    last = load_site(site.root, options=NOW, memory=memory)
    for step in range(40):
        shown, moved = dict(zip(last.page_list, outline_of(last))), False
        for _ in range(rng.choice((1, 1, 2, 3))):       # a save, or a few at once
            day = rng.randrange(1, 14)
            path = site.root / f"content/articles/story-{day}.md"
            text = path.read_text(encoding="utf-8")
            kind = rng.choice(("body", "date", "updated"))
            moved = moved or kind == "date"
            if kind == "date":
                text = re.sub(r"^date: .*$", f"date: 2026-0{rng.randrange(1, 6)}-"
                              f"{rng.randrange(10, 28)}T{rng.randrange(0, 24):02d}:00:00+00:00",
                              text, count=1, flags=re.M)
            elif kind == "updated" and "updated:" not in text:
                text = text.replace("\ndate:", "\nupdated: 2026-06-01\ndate:", 1)
            else:
                text += f"\nMore words, step {step}.\n"
            path.write_text(text, encoding="utf-8")
        again = load_site(site.root, options=NOW, memory=memory, changed=saves.changes())
        assert outline_of(again) == outline_of(load_site(site.root, options=NOW)), step
        if not moved:       # else assembled anew
            assert again.changed_pages is not None, step
            # every page that shows anything new is among the changed (so it is made again)
            now_shown = dict(zip(again.page_list, outline_of(again)))
            assert {page for page, row in now_shown.items() if shown[page] != row} \
                <= again.changed_pages, step
        last = again


def test_a_file_saved_with_the_same_bytes_is_reassembled(site: SiteFolder):
    small_newsroom(site)
    path = site.root / "content/articles/story-5.md"
    _, again, fresh = assembled_after(site, lambda s: path.write_bytes(path.read_bytes()))
    assert outline_of(again) == outline_of(fresh)
    assert again.changed_pages is not None
