"""The front page (lead, secondary stories, section blocks), corrections (on the story, on
/corrections/, in JSON-LD and feeds), credits, related stories, share links, the breaking
bar and the organization's furniture, each read from parsed HTML, XML and JSON-LD."""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree

import pytest

from conftest import SiteFolder, parse_html
from front_page_site import STORY, front_page_site

ATOM = "{http://www.w3.org/2005/Atom}"
NOW = dt.datetime(2026, 5, 20, 12, tzinfo=dt.timezone.utc)


def json_ld(page) -> list[dict]:
    items = []
    for script in page.find_all("script", type="application/ld+json"):
        data = json.loads(script.string)
        items += data if isinstance(data, list) else [data]
    return items


def titles(cards) -> list[str]:
    return [card.find(class_="card-title").get_text(strip=True) for card in cards]


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    site = front_page_site(SiteFolder(tmp_path_factory.mktemp("desk") / "site"), NOW)
    return site.build("--no-search", "--now", NOW.isoformat())


def test_the_featured_story_leads_then_secondaries_then_section_blocks(desk):
    home = parse_html(desk / "index.html")
    lead = home.find(class_="front").find("article", class_="card-lead")
    assert titles([lead]) == ["Britain's biggest grid battery opens in Essex"]   # featured
    assert lead.find("img")["fetchpriority"] == "high"
    assert lead.find(class_="kicker").get_text(" ", strip=True) == "Energy Analysis"
    assert lead.find(class_="card-standfirst").get_text() == \
        "The 300 MW site can power a city for two hours."
    # The next four newest, then per section its newest not shown above, with a link.
    assert titles(home.select(".secondary .card")) == [
        "Why storage prices fell again", "Used electric car prices settle",
        "Offshore wind cable reaches the coast", "Partner content: a road trip in numbers"]
    blocks = {block.find("h2").get_text(strip=True): block
              for block in home.find_all("section", class_="section-block")}
    assert list(blocks) == ["Energy", "Motoring"]
    assert titles(blocks["Energy"].find_all("article")) == [
        "How a grid battery earns its keep", "The grid needs patience, not promises",
        "Essex battery plan wins approval"]
    assert blocks["Motoring"].find(class_="block-more").a["href"] == "/sections/motoring/"
    # Pictures: a thumbnail on every card whose story has a photo, loaded lazily below the
    # lead; none for a photo still to come ("Charging points ...").
    for card in home.select(".secondary .card, .section-block .card"):
        image = card.find("img", class_="card-image")
        assert (image is not None) == (card.find(class_="card-title").get_text(strip=True)
                                       not in ("Why storage prices fell again",
                                               "Charging points double in a year",
                                               "The grid needs patience, not promises",
                                               "Partner content: a road trip in numbers"))
        assert image is None or image["loading"] == "lazy"
    # Then the latest stories, paginated as before; page 2 has no front.
    assert len(home.select(".story-list .card")) == 6
    assert parse_html(desk / "page/2/index.html").find(class_="front") is None


def test_without_a_featured_story_the_newest_leads(site: SiteFolder):
    site.article("old", date="2026-01-01")
    site.article("new", date="2026-02-01")
    home = parse_html(site.build("--no-search") / "index.html")
    assert titles(home.select(".card-lead")) == ["New"]
    assert titles(home.select(".secondary .card")) == ["Old"]


def test_a_corrected_story_says_so_under_the_byline_and_at_its_foot(desk):
    page = parse_html(desk / f"articles/{STORY}/index.html")
    note = page.find("header", class_="article-header").find(class_="corrected-note")
    assert note.get_text(strip=True) == "This article was corrected on 13 May 2026."
    assert note.a["href"] == "#corrections"
    foot = page.find("section", id="corrections")
    assert foot.h2.get_text() == "Correction"
    assert foot.time["datetime"] == "2026-05-13T10:00:00+01:00"
    assert foot.find("p", class_=None).get_text() == \
        "An earlier version gave the site's size as 30 MW."
    news = next(item for item in json_ld(page) if item["@type"] == "AnalysisNewsArticle")
    assert news["correction"] == [{"@type": "CorrectionComment",
                                   "text": "An earlier version gave the site's size as 30 MW.",
                                   "datePublished": "2026-05-13T10:00:00+01:00"}]
    assert news["dateModified"] == "2026-05-13T10:00:00+01:00"    # after `updated`
    assert news["dateline"] == "TILBURY"
    assert [person["name"] for person in news["contributor"]] == ["Li Wei", "Ada Byline"]


def test_the_corrections_page_lists_each_correction_newest_first(site: SiteFolder):
    site.article("one", date="2026-03-01", corrections=[
        {"date": "2026-03-02", "text": "First *fix*."},
        {"date": "2026-03-09", "text": "Third fix."}])
    site.article("two", date="2026-03-01", corrections=[{"date": "2026-03-05",
                                                         "text": "Second fix."}])
    site.article("three")
    output = site.build("--no-search")
    page = parse_html(output / "corrections/index.html")
    entries = page.find("ol", class_="corrections-list").find_all("li")
    assert [(entry.h2.get_text(), entry.h2.a["href"], entry.find("p", class_=None).get_text())
            for entry in entries] == [
        ("One", "/articles/one/#corrections", "Third fix."),
        ("Two", "/articles/two/#corrections", "Second fix."),
        ("One", "/articles/one/#corrections", "First fix.")]
    assert entries[2].em.get_text() == "fix"        # Markdown, escaped like other fields
    story = parse_html(output / "articles/one/index.html")
    assert story.find("section", id="corrections").h2.get_text() == "Corrections"
    assert [time["datetime"] for time in story.select("#corrections time")] == [
        "2026-03-09T00:00:00+00:00", "2026-03-02T00:00:00+00:00"]


def test_a_correction_moves_atom_updated_but_not_rss_pubdate(site: SiteFolder):
    site.article("one", date="2026-03-01T09:00:00",
                 corrections=[{"date": "2026-03-04T12:00:00", "text": "Fixed."}])
    output = site.build("--no-search")
    atom = ElementTree.parse(output / "atom.xml").getroot()
    assert atom.find(f"{ATOM}entry/{ATOM}updated").text == "2026-03-04T12:00:00+00:00"
    assert atom.find(f"{ATOM}entry/{ATOM}published").text == "2026-03-01T09:00:00+00:00"
    rss = ElementTree.parse(output / "feed.xml").getroot()
    assert rss.find("channel/item/pubDate").text == "Sun, 01 Mar 2026 09:00:00 +0000"


def test_credits_under_the_story_and_on_the_author_page(desk):
    page = parse_html(desk / f"articles/{STORY}/index.html")
    credits = page.find(class_="story-credits")
    assert credits.get_text() == "Photographs by Li Wei. Additional reporting by Ada Byline."
    assert [a["href"] for a in credits.find_all("a")] == ["/authors/li-wei/", "/authors/ada/"]
    author = parse_html(desk / "authors/li-wei/index.html")
    contributions = author.find("section", class_="credited")
    assert [(li.a.get_text(), li.find(class_="credited-role").get_text())
            for li in contributions.find_all("li")] == [
        ("Britain's biggest grid battery opens in Essex", "Photographs")]


def test_related_stories_picked_by_hand_and_by_shared_tags(desk, site: SiteFolder):
    page = parse_html(desk / f"articles/{STORY}/index.html")
    related = page.find("aside", class_="related")
    assert related.h2.get_text() == "More on Batteries"
    assert titles(related.find_all("article")) == ["Why storage prices fell again",
                                                   "How a grid battery earns its keep"]
    # By tags: most shared first, newest first among equals, never the story itself.
    site.article("a", tags=["Grid", "Wind"], date="2026-01-05")
    site.article("b", tags=["Grid"], date="2026-01-04")
    site.article("c", tags=["Grid", "Wind"], date="2026-01-03")
    site.article("d", tags=["Wind"], date="2026-01-06")
    site.article("e", tags=["Sun"], date="2026-01-07", section="Energy")
    site.article("f", tags=["Grid"], date="2026-01-02", section="Energy")
    site.article("g", tags=["Grid"], date="2026-01-01")
    output = site.build("--no-search")
    shown = titles(parse_html(output / "articles/a/index.html").select(".related article"))
    assert shown == ["C", "D", "B", "F"]
    lonely = parse_html(output / "articles/e/index.html").find(class_="related")
    assert lonely.h2.get_text() == "More on Energy"         # the section fills in
    assert titles(lonely.find_all("article")) == ["F"]


def test_share_links_load_nothing_and_carry_the_story(desk):
    page = parse_html(desk / f"articles/{STORY}/index.html")
    links = {a.get_text(): a["href"] for a in page.find("nav", class_="share").find_all("a")}
    url = f"https://news.example.org/articles/{STORY}/"
    title = "Britain's biggest grid battery opens in Essex"
    assert list(links) == ["Mastodon", "Bluesky", "LinkedIn", "Email"]
    assert parse_qs(urlsplit(links["Bluesky"]).query) == {"text": [f"{title} {url}"]}
    assert urlsplit(links["Bluesky"]).netloc == "bsky.app"
    assert parse_qs(urlsplit(links["LinkedIn"]).query) == {"url": [url]}
    assert parse_qs(urlsplit(links["Email"]).query) == {"subject": [title], "body": [url]}
    assert urlsplit(links["Mastodon"]).netloc == "s2f.kytta.dev"
    button = page.find("button", class_="copy-link")
    assert button.has_attr("hidden") and button["data-url"] == url
    # Nothing on the page loads from another host.
    loaded = [element["src"] for element in page.find_all(["script", "img"], src=True)]
    loaded += [element["href"] for element in page.find_all("link", href=True)
               if {"stylesheet", "icon", "preload"} & set(element["rel"])]
    assert loaded and not [src for src in loaded if urlsplit(src).netloc], loaded


def test_a_configured_mastodon_server_and_hostile_titles_in_share_links(site: SiteFolder):
    site.config(title="T", description="D", base_url="https://news.example.org/",
                share={"mastodon": "social.example"})
    site.article("one", title='Fish & "chips" <script>x</script>')
    page = parse_html(site.build("--no-search") / "articles/one/index.html")
    mastodon = page.find("nav", class_="share").find("a")
    assert mastodon["href"].startswith("https://social.example/share?text=")
    assert parse_qs(urlsplit(mastodon["href"]).query)["text"] == [
        'Fish & "chips" <script>x</script> https://news.example.org/articles/one/']
    assert page.find("nav", class_="share").find("script") is None


def test_the_breaking_bar_is_on_every_page_until_its_time(site: SiteFolder):
    site.config(title="T", description="D", base_url="https://news.example.org/",
                timezone="UTC", breaking={"text": "Polls <close> now", "url": "/articles/one/",
                                          "until": "2026-05-20T18:00:00"})
    site.article("one")
    before = site.build("--no-search", "--now", "2026-05-20T17:59:00+00:00")
    for page in ("index.html", "articles/one/index.html", "404.html", "tags/index.html"):
        bar = parse_html(before / page).find(class_="breaking")
        assert bar.a.get_text() == "Polls <close> now" and bar.a["href"] == "/articles/one/"
    after = site.build("--no-search", "--now", "2026-05-20T18:00:00+00:00")
    assert parse_html(after / "index.html").find(class_="breaking") is None


def test_the_organization_in_json_ld_and_the_footer(desk):
    home = parse_html(desk / "index.html")
    publisher = next(item for item in json_ld(home) if item["@type"] == "WebSite")["publisher"]
    assert publisher == {
        "@type": "NewsMediaOrganization", "name": "The Desk Media",
        "url": "https://news.example.org/",
        "logo": {"@type": "ImageObject", "url": "https://news.example.org/favicon.svg"},
        "foundingDate": "2019", "masthead": "https://news.example.org/masthead/",
        "correctionsPolicy": "https://news.example.org/corrections-policy/",
        "ethicsPolicy": "https://news.example.org/ethics-policy/",
        "contactPoint": {"@type": "ContactPoint", "contactType": "newsroom",
                         "url": "https://news.example.org/contact/"}}
    footer = home.find("footer").find("nav")
    assert [(a.get_text(), a["href"]) for a in footer.find_all("a")] == [
        ("Masthead", "/masthead/"), ("Corrections policy", "/corrections-policy/"),
        ("Ethics policy", "/ethics-policy/"), ("Contact", "/contact/"),
        ("Corrections", "/corrections/"), ("Authors", "/authors/"), ("Tags", "/tags/"),
        ("RSS", "/feed.xml"), ("Search", "/search/")]


def test_section_tag_and_author_pages_describe_count_and_link_their_feeds(desk):
    energy = parse_html(desk / "sections/energy/index.html")
    assert energy.find(class_="group-description").get_text() == "Power, grids and storage."
    meta = energy.find(class_="group-meta")
    assert meta.get_text(" ", strip=True).startswith("6 stories")
    assert meta.find("a", class_="feed-link")["href"] == "/sections/energy/atom.xml"
    assert (desk / "sections/energy/atom.xml").is_file()
    tag = parse_html(desk / "tags/wind/index.html")
    assert tag.find(class_="group-description") is None
    assert tag.find(class_="group-meta").get_text(" ", strip=True).startswith("1 story")
    author = parse_html(desk / "authors/ana-ortiz/index.html")
    assert author.find("img", class_="author-avatar")["alt"] == "Ana Ortiz"
    links = [a["href"] for a in author.find("ul", class_="profile-links").find_all("a")]
    assert links == ["https://mastodon.example/@ana", "/authors/ana-ortiz/atom.xml"]


def test_hero_caption_and_credit(desk):
    figure = parse_html(desk / f"articles/{STORY}/index.html").find("figure", class_="hero")
    caption = figure.figcaption
    assert caption.find(class_="credit").get_text() == "Photo: Ana Ortiz"
    assert caption.get_text() == "The test route north of the city. Photo: Ana Ortiz"


@pytest.mark.parametrize("front, error", [
    ({"corrections": [{"date": "2025-12-31", "text": "Too early."}]},
     "content/articles/story.md:6: field 'corrections.date': 2025-12-31T00:00:00+00:00 is "
     "before the story's date, 2026-01-01T00:00:00+00:00"),
    ({"corrections": [{"date": "2026-01-02"}]},
     "content/articles/story.md:6: field 'corrections.text': is required"),
    ({"credits": [{"author": "nobody", "role": "Photographs"}]},
     "content/articles/story.md:6: field 'credits.author': unknown author 'nobody' (no "
     "content/authors/nobody.yml; known: ada)"),
    ({"credits": [{"author": "ada"}]},
     "content/articles/story.md:6: field 'credits.role': is required"),
    ({"related": ["no-such-story"]},
     "content/articles/story.md:6: field 'related': 'no-such-story' is not the slug of any "
     "story"),
    ({"related": ["story"]},
     "content/articles/story.md:6: field 'related': 'story' is this story itself"),
    ({"featured": "yes"},
     "content/articles/story.md:6: field 'featured': must be true or false, not text"),
])
def test_bad_furniture_is_one_error_naming_file_line_and_field(site: SiteFolder, front, error):
    site.article("story", **front)
    assert site.build_fails("--no-search") == f"error: {error}"


def test_a_related_pick_of_a_scheduled_story_waits_for_it(site: SiteFolder):
    site.article("now", related=["later"])
    site.article("later", date="2099-01-01")
    page = parse_html(site.build("--no-search") / "articles/now/index.html")
    assert page.find(class_="related") is None


def test_check_lists_missing_trust_items(site: SiteFolder):
    from conftest import run_cli
    site.config(title="T", description="D", base_url="https://news.example.org/")
    site.author("bo", name="Bo")
    site.write("content/pages/ethics.md", "---\ntitle: Ethics\n---\n\n"
               "*Starter text: replace it with the newsroom's own policy.*\n")
    site.article("one")
    lines = run_cli("check", root=site.root).stdout.splitlines()
    assert [line for line in lines if line.startswith("warning")] == [
        "warning: content/authors/bo.yml: field 'bio': Bo has no bio; readers look for who "
        "wrote a story and what they cover",
        "warning: content/authors/bo.yml: field 'role': Bo has no role; readers look for who "
        "wrote a story and what they cover",
        "warning: content/pages/ethics.md:5: still the starter text: write the newsroom's own",
        "warning: site.yml: no corrections policy is linked: write one (a starter is "
        "content/pages/corrections-policy.md) and set it organization.corrections_policy",
        "warning: site.yml: no masthead is linked: a page naming who runs the newsroom, set "
        "as organization.masthead"]


@pytest.mark.parametrize("values, error", [
    ({"breaking": {"text": "News", "url": "javascript:alert(1)", "until": "2026-06-01"}},
     "field 'breaking.url': must be a site path such as '/ethics-policy/' or a full URL "
     "('javascript:alert(1)' must be an http(s):// or mailto: address)"),
    ({"breaking": {"text": "News"}}, "field 'breaking.until': is required"),
    ({"organization": {"masthead": "//elsewhere.example/x"}},
     "field 'organization.masthead': must be a site path such as '/ethics-policy/' or a full "
     "URL ('//elsewhere.example/x' must be an http(s):// or mailto: address)"),
    ({"share": {"mastodon": 'social.example/"><script>'}},
     "field 'share.mastodon': must be a host name such as mastodon.social, not "
     "'social.example/\"><script>'"),
    ({"sections": {"energy": 7}}, "field 'sections.energy': must be text, not a number "
                                  "(quote it)"),
])
def test_hostile_or_broken_newsroom_settings_are_one_error(site: SiteFolder, values, error):
    site.config(title="T", description="D", base_url="https://news.example.org/", **values)
    site.article("one")
    assert site.build_fails("--no-search").startswith("error: site.yml:") and \
        site.build_fails("--no-search").endswith(error)


def test_a_byline_author_cannot_be_credited_too(site: SiteFolder):
    site.article("story", credits=[{"author": "ada", "role": "Photographs"}])
    assert site.build_fails("--no-search") == ("error: content/articles/story.md:6: field "
                                               "'credits.author': 'ada' is in the byline already")
