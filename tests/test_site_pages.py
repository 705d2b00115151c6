"""Home, author, tag, section, about and 404 pages; drafts; reading time."""

from __future__ import annotations


from conftest import SiteFolder, parse_html, run_cli


def card_titles(page) -> list[str]:
    return [a.get_text() for a in page.select(".story-list .card-title a")]   # the list, not the front


def home_titles(page) -> list[str]:
    """The first home page's stories: its list, or the front page's lead and secondary
    stories when the list would repeat them."""
    return card_titles(page) or [a.get_text() for a in page.select(".front .card-title a")]


def test_home_pagination_newest_first(site: SiteFolder):
    site.config(title="T", description="D", base_url="https://news.example.org/",
                articles_per_page=2, timezone="UTC")
    for day in range(1, 6):
        site.article(f"story-{day}", date=f"2026-03-0{day}", title=f"Story {day}")
    out = site.build()
    # Page 1's list would repeat the front page's lead and secondary stories: left out
    home = parse_html(out / "index.html")
    assert card_titles(home) == [] and home.find(class_="list-title") is None
    assert [a.get_text() for a in home.select(".front .card-title a")] == [
        "Story 5", "Story 4", "Story 3", "Story 2", "Story 1"]
    assert card_titles(parse_html(out / "page/2/index.html")) == ["Story 3", "Story 2"]
    third = parse_html(out / "page/3/index.html")
    assert card_titles(third) == ["Story 1"]
    assert third.find("a", rel="prev")["href"] == "/page/2/"
    assert not third.find("a", rel="next")
    assert parse_html(out / "index.html").find("a", rel="next")["href"] == "/page/2/"
    card = parse_html(out / "index.html").select_one(".card")
    assert card.select_one(".card-standfirst").get_text() == "About story-5."
    meta = " ".join(card.select_one(".card-meta").get_text().split())
    assert meta == "5 March 2026 · By Ada Byline · 1 min read"


def test_author_pages_list_their_articles_paginated(site: SiteFolder):
    site.config(title="T", description="D", base_url="https://news.example.org/",
                articles_per_page=2)
    site.author("bo", name="Bo Second", role="Editor", bio="Bo edits.")
    for day in range(1, 4):
        site.article(f"ada-{day}", date=f"2026-03-0{day}", title=f"Ada {day}")
    site.article("joint", date="2026-03-09", title="Joint", author=["bo", "ada"])
    out = site.build()
    ada = parse_html(out / "authors/ada/index.html")
    assert ada.h1.get_text() == "Ada Byline"
    assert ada.select_one(".profile-role").get_text() == "Reporter"
    assert ada.select_one(".profile-bio em").get_text() == "tests"
    assert card_titles(ada) == ["Joint", "Ada 3"]
    assert card_titles(parse_html(out / "authors/ada/page/2/index.html")) == ["Ada 2", "Ada 1"]
    assert card_titles(parse_html(out / "authors/bo/index.html")) == ["Joint"]
    index = parse_html(out / "authors/index.html")
    assert [a["href"] for a in index.select(".index-list a")] == ["/authors/ada/", "/authors/bo/"]
    byline = parse_html(out / "articles/joint/index.html").select_one(".byline")
    assert [a.get_text() for a in byline.find_all("a", rel="author")] == ["Bo Second", "Ada Byline"]
    assert "By Bo Second and Ada Byline" in " ".join(byline.get_text().split())


def test_tag_and_section_pages(site: SiteFolder):
    site.article("one", tags=["Electric Cars", "Batteries"], section="Motoring", date="2026-02-01")
    site.article("two", tags="Batteries", date="2026-02-02")    # one tag as text is a list of one
    out = site.build()
    batteries = parse_html(out / "tags/batteries/index.html")
    assert batteries.h1.get_text() == "Tagged: Batteries"
    assert card_titles(batteries) == ["Two", "One"]
    assert card_titles(parse_html(out / "tags/electric-cars/index.html")) == ["One"]
    tags = parse_html(out / "tags/index.html")
    assert [a.get_text() for a in tags.select(".index-list a")] == ["Batteries", "Electric Cars"]
    assert card_titles(parse_html(out / "sections/motoring/index.html")) == ["One"]
    nav = [a.get_text() for a in parse_html(out / "index.html").select("nav[aria-label=Main] a")]
    assert "Motoring" in nav


def test_about_and_404_pages(site: SiteFolder):
    site.config(title="T", description="D", base_url="https://example.github.io/newsroom/")
    site.write("content/pages/about.md", "---\ntitle: About us\n---\n\nWe report.\n")
    site.article("one")
    out = site.build()
    about = parse_html(out / "about/index.html")
    assert about.h1.get_text() == "About us"
    assert about.select_one(".article-body p").get_text() == "We report."
    missing = parse_html(out / "404.html")
    assert missing.h1.get_text() == "Page not found"
    # GitHub Pages serves 404.html at any depth, so every link is rooted at the base path.
    for element in missing.find_all(["a", "link"], href=True):
        assert element["href"].startswith(("/newsroom/", "#", "https://")), element


def test_drafts_and_future_articles_are_left_out_unless_asked(site: SiteFolder):
    site.article("published", date="2026-01-01")
    site.article("draft", draft=True)
    site.article("future", date="2099-01-01")
    out = site.build()
    assert home_titles(parse_html(out / "index.html")) == ["Published"]
    assert not (out / "articles/draft").exists()
    assert not (out / "articles/future").exists()
    preview = site.build("--drafts", output=site.root / "preview")
    assert home_titles(parse_html(preview / "index.html")) == ["Future", "Published", "Draft"]
    assert parse_html(preview / "articles/draft/index.html").select_one(".draft-mark")


def test_build_time_decides_what_is_future(site: SiteFolder):
    site.article("noon", date="2026-06-01T12:00:00+00:00")
    early = site.build("--now", "2026-06-01T11:59:00+00:00")
    assert not (early / "articles/noon").exists()
    late = site.build("--now", "2026-06-01T12:00:00+00:00", output=site.root / "late")
    assert (late / "articles/noon/index.html").is_file()


def test_reading_time_follows_the_text(site: SiteFolder):
    site.config(title="T", description="D", base_url="https://news.example.org/",
                words_per_minute=100)
    site.article("short", body="word " * 450)
    site.article("long", body="word " * 900)
    out = site.build()

    def minutes(slug: str) -> str:
        return parse_html(out / f"articles/{slug}/index.html").select(".byline span")[1].get_text()

    assert minutes("short") == "5 min read"
    assert minutes("long") == "9 min read"


def test_new_writes_a_draft_with_complete_front_matter(site: SiteFolder):
    result = run_cli("new", "Rivals Race: To Build Solid-State Cells", "--author", "ada",
                     root=site.root)
    assert result.returncode == 0, result.stderr
    path = site.root / "content/articles/rivals-race-to-build-solid-state-cells.md"
    text = path.read_text(encoding="utf-8")
    for key in ("title:", "date:", "author: ada", "description:", "tags:", "section:",
                "image:", "updated:", "draft: true", "comments: true", "takeaways:", "faq:"):
        assert key in text
    assert not (site.build() / "articles/rivals-race-to-build-solid-state-cells").exists()
    preview = site.build("--drafts", output=site.root / "preview")
    page = parse_html(preview / "articles/rivals-race-to-build-solid-state-cells/index.html")
    assert page.h1.get_text() == "Rivals Race: To Build Solid-State Cells"
    again = run_cli("new", "Rivals Race: To Build Solid-State Cells", "--author", "ada",
                    root=site.root)
    assert again.returncode == 1 and "already exists" in again.stderr
    unknown = run_cli("new", "Another", "--author", "nobody", root=site.root)
    assert unknown.returncode == 1 and "unknown author 'nobody'" in unknown.stderr
