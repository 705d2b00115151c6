"""Each content error stops the build with one line naming file, line and field; exit 1."""

from __future__ import annotations

import tracemalloc

import pytest

from conftest import SiteFolder, parse_html, run_cli

GOOD = "title: Good\ndate: 2026-01-01\nauthor: ada\ndescription: Fine.\n"


@pytest.mark.parametrize("front, expected", [
    ("title: [unclosed\n" + GOOD[12:],
     "content/articles/bad.md:3: YAML syntax error"),
    ("date: 2026-01-01\nauthor: ada\ndescription: Fine.\n",
     "content/articles/bad.md: field 'title': is required"),
    (GOOD.replace("date: 2026-01-01", "date: 14 May 2026"),
     "content/articles/bad.md:3: field 'date': '14 May 2026' is not an ISO 8601 date"),
    (GOOD.replace("date: 2026-01-01", "date: 2026-02-30"),
     "content/articles/bad.md:3: field 'date': '2026-02-30' is not an ISO 8601 date such as "
     "2026-05-14 (day is out of range for month)"),
    (GOOD.replace("author: ada", "author: nobody"),
     "content/articles/bad.md:4: field 'author': unknown author 'nobody'"),
    (GOOD.replace("title: Good", "title: 2026"),
     "content/articles/bad.md:2: field 'title': must be text, not a number"),
    (GOOD.replace("title: Good", "title: Cars: the future"),
     "content/articles/bad.md:2: YAML syntax error: mapping values are not allowed"),
    ("- just\n- a list\n",
     "content/articles/bad.md:2: front matter must be a mapping"),
    (GOOD + "image:\n  src: images/missing.png\n  alt: Nothing\n",
     "content/articles/bad.md:6: field 'image.src': image 'images/missing.png' not found"),
    (GOOD + "image:\n  src: images/placeholder-hero.svg\n",
     "content/articles/bad.md:6: field 'image.alt': is required"),
])
def test_front_matter_errors(site: SiteFolder, front: str, expected: str):
    site.write("content/articles/bad.md", f"---\n{front}---\n\nBody.\n")
    assert site.build_fails().startswith(f"error: {expected}")


@pytest.mark.parametrize("text, expected", [
    ("", "content/articles/bad.md:1: empty file"),
    ("title: No fences\n", "content/articles/bad.md:1: missing front matter"),
    ("---\ntitle: Never closed\n", "content/articles/bad.md:1: unterminated front matter"),
])
def test_document_shape_errors(site: SiteFolder, text: str, expected: str):
    site.write("content/articles/bad.md", text)
    assert site.build_fails().startswith(f"error: {expected}")


def test_two_articles_with_one_url(site: SiteFolder):
    site.article("first", slug="same-story")
    site.article("second", slug="same-story")
    assert site.build_fails() == ("error: content/articles/second.md:6: field 'slug': output "
                                  "path 'articles/same-story/' is already used by "
                                  "content/articles/first.md:6")
    site.write("content/articles/second.md", "---\n" + GOOD + "---\n\nBody.\n")
    site.article("first", slug="second")    # the other one's URL comes from its file name
    assert site.build_fails() == ("error: content/articles/second.md: field 'slug': output "
                                  "path 'articles/second/' is already used by "
                                  "content/articles/first.md:6")


def test_bad_site_configuration(site: SiteFolder):
    site.config(title="T", description="D", base_url="example.org")
    assert site.build_fails().startswith("error: site.yml:3: field 'base_url': must be a full URL")


def test_failed_build_keeps_the_published_site(site: SiteFolder):
    site.article("one")
    out = site.build()
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    site.article("two", author="nobody")
    site.build_fails()
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("extra, expected", [
    ({"feed_entries": 0}, "site.yml:4: field 'feed_entries': must be a whole number of at least 1"),
    ({"publisher_logo": "images/missing.png"},
     "site.yml:4: field 'publisher_logo': image 'images/missing.png' not found in static/"),
    ({"faq_structured_data": "yes"},
     "site.yml:4: field 'faq_structured_data': must be true or false, not 'yes'"),
    ({"news_publication": 7}, "site.yml:4: field 'news_publication': must be text"),
])
def test_bad_publishing_settings(site: SiteFolder, extra: dict, expected: str):
    site.config(title="T", description="D", base_url="https://news.example.org/", **extra)
    site.article("one")
    assert site.build_fails().startswith(f"error: {expected}")


# Every other kind of bad input the issue lists; each is one line naming file, line and field.
@pytest.mark.parametrize("front, expected", [
    (GOOD + "tags:\n  - a\n - b\n",                      # the error is on line 8 of the file
     "content/articles/bad.md:8: YAML syntax error: did not find expected key"),
    (GOOD + 'section: "Motoring\n',
     "content/articles/bad.md:6: YAML syntax error: found unexpected end of stream"),
    (GOOD + "tags:\n\t- a\n",
     "content/articles/bad.md:7: YAML syntax error: found character that cannot start any token"),
    ("just a sentence\n", "content/articles/bad.md:2: front matter must be a mapping of keys "
                          "to values, not text"),
    ("42\n", "content/articles/bad.md:2: front matter must be a mapping of keys to values, "
             "not a number"),
    (GOOD + "title: Again\n", "content/articles/bad.md:6: field 'title': given twice "
                              "(first on line 2)"),
    (GOOD + "tags: 5\n", "content/articles/bad.md:6: field 'tags': must be a list of text, "
                         "not a number"),
    (GOOD + 'draft: "yes"\n', "content/articles/bad.md:6: field 'draft': must be true or false"),
    (GOOD.replace("date: 2026-01-01", "date: 2026-13-01"),
     "content/articles/bad.md:3: field 'date': '2026-13-01' is not an ISO 8601 date"),
    (GOOD.replace("date: 2026-01-01", "date: 20260101"),
     "content/articles/bad.md:3: field 'date': must be a date such as 2026-05-14, not a number"),
    (GOOD.replace("author: ada\n", ""),
     "content/articles/bad.md: field 'author': is required"),
    (GOOD.replace("description: Fine.\n", "description: ''\n"),
     "content/articles/bad.md:5: field 'description': must not be empty"),
    (GOOD + "faq:\n  - answer: Yes.\n",
     "content/articles/bad.md:6: field 'faq.question': is required"),
    (GOOD + "image: hero.svg\n", "content/articles/bad.md:6: field 'image': must be a mapping"),
    (GOOD + 'a: &a ["lol", "lol"]\nb: [*a, *a]\n',
     "content/articles/bad.md:7: YAML aliases (*name) are not allowed"),
    (GOOD + "faq: " + "[" * 2000 + "]" * 2000 + "\n",
     "content/articles/bad.md:6: YAML syntax error: exceeded maximum nesting depth"),
])
def test_more_front_matter_errors(site: SiteFolder, front: str, expected: str):
    site.write("content/articles/bad.md", f"---\n{front}---\n\nBody.\n")
    assert site.build_fails().startswith(f"error: {expected}")


def test_a_file_that_is_not_utf8_names_the_byte_offset(site: SiteFolder):
    good = b"---\ntitle: Good\ndate: 2026-01-01\nauthor: ada\ndescription: Caf"
    (site.root / "content/articles/bad.md").write_bytes(good + b"\xe9 in Latin-1\n---\n")
    assert site.build_fails() == ("error: content/articles/bad.md:5: not UTF-8 text "
                                  f"(bad byte at offset {len(good)})")


def test_bom_and_crlf_are_accepted(site: SiteFolder):
    text = ("---\ntitle: Windows Story\ndate: 2026-01-01\nauthor: ada\n"
            "description: Saved by Notepad.\n---\n\nBody **text**.\n")
    (site.root / "content/articles/windows.md").write_bytes(
        b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    out = site.build()
    page = parse_html(out / "articles/windows/index.html")
    assert page.h1.get_text() == "Windows Story"
    assert page.select_one(".article-body strong").get_text() == "text"


def test_unknown_keys_warn_and_strict_makes_them_errors(site: SiteFolder):
    site.write("content/articles/typo.md", "---\n" + GOOD + "tilte: Oops\n---\n\nBody.\n")
    site.config(title="T", description="D", base_url="https://news.example.org/", colour="red")
    result = run_cli("build", "--output", str(site.root / "_site"), root=site.root)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "warning: site.yml:4: field 'colour': unknown key (ignored)",
        "warning: content/articles/typo.md:6: field 'tilte': unknown key (ignored); "
        "did you mean 'title'?",
    ]
    assert site.build_fails("--strict") == "error: site.yml:4: field 'colour': unknown key"
    site.config(title="T", description="D", base_url="https://news.example.org/")
    assert site.build_fails("--strict") == ("error: content/articles/typo.md:6: field 'tilte': "
                                            "unknown key; did you mean 'title'?")


def test_a_page_cannot_take_a_generated_page_path(site: SiteFolder):
    site.write("content/pages/tags.md", "---\ntitle: Tags\n---\n\nMine.\n")
    assert site.build_fails().startswith(
        "error: content/pages/tags.md: field 'slug': output path 'tags/' is already used by "
        "a page the generator makes")
    site.write("content/pages/tags.md", "---\ntitle: Tags\nslug: search\n---\n\nMine.\n")
    assert site.build_fails() == (
        "error: content/pages/tags.md:3: field 'slug': output path 'search/' is already used by "
        "a page the generator makes")


@pytest.mark.parametrize("author", ["[ada, ada]", "[ada, bo, ada]", "\n  - ada\n  - ada"])
def test_an_author_given_twice(site: SiteFolder, author: str):
    site.author("bo", name="Bo")
    site.write("content/articles/bad.md",
               "---\n" + GOOD.replace("author: ada", f"author: {author}") + "---\n\nBody.\n")
    assert site.build_fails() == ("error: content/articles/bad.md:4: field 'author': "
                                  "author 'ada' is given twice")


def test_a_tag_given_twice_is_one_tag(site: SiteFolder):
    """Unlike a byline, a repeated tag reads as nothing wrong: it is merged (as "EV" and "ev"
    are), so the article is tagged and listed once."""
    site.article("story", tags=["Batteries", "Batteries", "batteries"])
    out = site.build()
    page = parse_html(out / "articles/story/index.html")
    assert [m["content"] for m in page.find_all("meta", property="article:tag")] == ["Batteries"]
    assert len(parse_html(out / "tags/batteries/index.html").select("main article")) == 1


@pytest.mark.parametrize("front, expected", [
    ('tags: ["!!!"]\n', "6: field 'tags': '!!!' gives an empty URL slug"),
    ('tags:\n  - EV\n  - "???"\n', "6: field 'tags': '???' gives an empty URL slug"),
    ('section: "!!!"\n', "6: field 'section': '!!!' gives an empty URL slug"),
])
def test_a_name_without_a_url_slug(site: SiteFolder, front: str, expected: str):
    site.write("content/articles/bad.md", f"---\n{GOOD}{front}---\n\nBody.\n")
    assert site.build_fails() == f"error: content/articles/bad.md:{expected}"


def test_a_missing_image_in_the_body_names_its_line(site: SiteFolder):
    site.article("pictures", body="Intro.\n\n![A car](/images/placeholder-figure.svg)\n\n"
                                  "More.\n\n![Gone](/images/missing.jpg)\n")
    assert site.build_fails() == ("error: content/articles/pictures.md:14: field 'body': "
                                  "image '/images/missing.jpg' not found in static/")
    site.article("pictures", body='<img src="/images/nope.png" alt="raw">\n')
    assert site.build_fails() == ("error: content/articles/pictures.md:8: field 'body': "
                                  "image '/images/nope.png' not found in static/")
    site.article("pictures", body="![Relative](images/placeholder-figure.svg)\n")
    assert site.build_fails().startswith(
        "error: content/articles/pictures.md:8: field 'body': "
        "image 'images/placeholder-figure.svg' must start with '/'")


@pytest.mark.parametrize("image, shown", [
    ("![Gone](/images/my%20photo.png)", "/images/my photo.png"),
    ('<img src="/images/&#109;issing.png" alt="raw">', "/images/missing.png"),
    ('<img src="/images/caf&eacute;%2Ejpg" alt="raw">', "/images/café.jpg"),
])
def test_an_encoded_missing_image_in_the_body_names_its_line(site: SiteFolder, image: str,
                                                             shown: str):
    site.article("pictures", body=f"Intro.\n\n![A car](/images/placeholder-figure.svg)\n\n"
                                  f"More.\n\n{image}\n")
    assert site.build_fails() == ("error: content/articles/pictures.md:14: field 'body': "
                                  f"image {shown!r} not found in static/")


def test_an_author_link_cannot_run_script(site: SiteFolder):
    site.author("ada", name="Ada", links=[{"title": "Site", "url": "javascript:alert(1)"}])
    assert site.build_fails().startswith("error: content/authors/ada.yml:2: field 'links.url': "
                                         "'javascript:alert(1)' must be an http(s):// or mailto:")


def test_a_five_megabyte_article_builds(site: SiteFolder):
    paragraph = "The battery plant ran three shifts to meet demand for the new hatchback. " * 12
    parts = 5 * 1024 * 1024 // len(paragraph)
    body = "\n\n".join(f"## Part {n}\n\n{paragraph}" for n in range(parts))
    assert len(body.encode("utf-8")) > 5 * 1024 * 1024
    site.article("long-read", body=body)
    out = site.build()
    assert (out / "articles/long-read/index.html").stat().st_size > 5 * 1024 * 1024


def test_an_alias_bomb_is_refused_quickly_with_bounded_memory(tmp_path):
    from sitegen.errors import SiteError
    from sitegen.content.yamltext import parse_mapping
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]" for n in range(1, 10)]
    bomb = "\n".join(lines) + "\n"      # 9**10 strings if it were expanded
    tracemalloc.start()
    with pytest.raises(SiteError, match="YAML aliases") as error:
        parse_mapping(bomb, "bomb.md", first_line=2)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert error.value.line == 3            # the first *alias, not the anchor
    assert peak < 10 * 1024 * 1024, peak    # nothing was expanded


def test_unknown_keys_inside_image_and_faq(site: SiteFolder):
    site.article("nested", image={"src": "images/placeholder-hero.svg", "alt": "A car",
                                  "captoin": "Typo"},
                 faq=[{"question": "Why?", "answer": "Because.", "source": "Press release"}])
    result = run_cli("build", "--output", str(site.root / "_site"), root=site.root)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "warning: content/articles/nested.md:10: field 'faq.source': unknown key (ignored)",
        "warning: content/articles/nested.md:6: field 'image.captoin': unknown key (ignored); "
        "did you mean 'image.caption'?",
    ]
    assert site.build_fails("--strict").startswith(
        "error: content/articles/nested.md:10: field 'faq.source': unknown key")


def test_unknown_keys_in_the_comments_settings(site: SiteFolder):
    site.config(title="T", description="D", base_url="https://news.example.org/",
                comments={"provider": "none", "repo_name": "x"})
    site.article("one")
    result = run_cli("build", "--output", str(site.root / "_site"), root=site.root)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "warning: site.yml:4: field 'comments.repo_name': unknown key (ignored); "
        "did you mean 'comments.repo_id'?"]
    assert site.build_fails("--strict").startswith(
        "error: site.yml:4: field 'comments.repo_name': unknown key")
