"""`build.py check`: each finding with file and line; errors exit 1, warnings only with --strict."""

from __future__ import annotations

import pytest

from conftest import PROJECT, SiteFolder, run_cli

SEED = "content/articles/mg4-semi-solid-state-battery-ev-reaches-100000.md"
# A picture of the fixture site's own: static/images/ holds no stand-in pictures any more.
CAR = "/images/car.svg"
CAR_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"></svg>\n'


def with_car(site: SiteFolder) -> SiteFolder:
    site.write("static" + CAR, CAR_SVG)
    return site


def check(site: SiteFolder, *args: str) -> tuple[int, list[str]]:
    result = run_cli("check", *args, root=site.root)
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, result.stdout.splitlines()


@pytest.mark.project_content
def test_the_seed_articles_slips_are_warnings_with_their_lines():
    result = run_cli("check")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    # Left as written, on the lines where they are (editors may add front matter above them).
    source = (PROJECT / SEED).read_text(encoding="utf-8").split("\n")
    first, second, hero, figure = (
        next(number for number, line in enumerate(source, 1) if text in line)
        for text in ("disclosed., the", "milestone., but", "  src: photo-to-come",
                     "![Modern car interior with leather seats and dashboard.](photo-to-come)"))
    # Its two pictures have no photo yet: each is a warning until there is one.
    assert sorted([line for line in lines if SEED in line],
                  key=lambda line: int(line.split(":")[2])) == [
        f"warning: {SEED}:{hero}: field 'image.src': photo to come: "
        "'MG4 Semi-Solid-State Battery EV Reaches 100,000' still has no photo",
        f"warning: {SEED}:{first}: punctuation slip '.,' in '…ough weight was not disclosed., "
        "the achievement sig…'",
        f"warning: {SEED}:{second}: punctuation slip '.,' in '… it is a production milestone., "
        "but in automotive t…'",
        f"warning: {SEED}:{figure}: field 'body': photo to come: "
        "'Modern car interior with leather seats and dashboard.' still has no photo",
    ]
    warnings = [line for line in lines if line.startswith("warning: ")]
    assert lines[-1].endswith(f": 0 errors, {len(warnings)} warnings")
    assert run_cli("check", "--strict").returncode == 1


def test_a_clean_site_has_no_findings(site: SiteFolder):
    with_car(site).article("one", body="See [two](/articles/two/#details), e.g., the second "
                                       f"story.\n\n![A car]({CAR})")
    site.article("two", body="## Details\n\nBack to [the top](#main).", faq=[
        {"question": "Is it fine?", "answer": "Yes."}])
    code, lines = check(site)
    assert (code, lines) == (0, [lines[-1]]) and lines[-1].endswith(": 0 errors, 0 warnings")


@pytest.mark.parametrize("body, finding", [
    ("Intro.\n\nSee [the guide](/guide/).",
     "error: content/articles/one.md:10: broken link '/guide/': no such page or file"),
    ("Intro.\n\nSee [two](/articles/two/#nowhere).",
     "error: content/articles/one.md:10: missing anchor '/articles/two/#nowhere': "
     "no id 'nowhere' on that page"),
    ("Intro.\n\nJump [below](#nowhere).",
     "error: content/articles/one.md:10: missing anchor '#nowhere': no id 'nowhere' on that page"),
    ("Intro.\n\n![](/images/car.svg)",
     "error: content/articles/one.md:10: image '/images/car.svg' has no alt text"),
    ("Intro.\n\nA link with no words: [](/about/)",
     "error: content/articles/one.md:10: empty link to '/about/': it has no text"),
    ("Intro.\n\nSee [the archive](https://news.example.org/archive/).",
     "error: content/articles/one.md:10: broken link 'https://news.example.org/archive/': "
     "no such page or file"),
])
def test_errors_name_the_source_line_and_exit_1(site: SiteFolder, body: str, finding: str):
    with_car(site).write("content/pages/about.md", "---\ntitle: About\n---\n\nUs.\n")
    site.article("two")
    site.article("one", body=body)
    code, lines = check(site)
    assert code == 1
    assert lines[:-1] == [finding]
    assert lines[-1].endswith(": 1 error, 0 warnings")


@pytest.mark.parametrize("text, finding", [
    ("It\u00e2\u20ac\u2122s here.", "mis-decoded characters 'â€™' (probably '’')"),
    ("Price \u0e22\u0e17 now.", "mis-decoded characters 'ยท' (probably '·')"),
    ("It sold out., then more came.", "punctuation slip '.,' in 'It sold out., then more came.'"),
    ("It sold out,. Then more came.", "punctuation slip ',.' in 'It sold out,. Then more came.'"),
    ("We saw the the car.", "repeated word 'the the'"),
    ("It was Very very fast.", "repeated word 'Very very'"),
])
def test_editorial_warnings_exit_0_unless_strict(site: SiteFolder, text: str, finding: str):
    site.article("one", body=f"Intro.\n\n{text}\n")
    code, lines = check(site)
    assert code == 0
    assert lines[:-1] == [f"warning: content/articles/one.md:10: {finding}"]
    assert check(site, "--strict")[0] == 1


def test_no_warning_for_abbreviations_and_ellipses(site: SiteFolder):
    site.article("one", body="Cars, vans, etc., and e.g., trucks, i.e., all of them... "
                             "He had had enough,... that that was it. Café Größe ½. "
                             "Déjà vu, für, 中文, ภาษาไทย, “quoted”—dash, ÀÉÎ.")
    assert check(site)[1][:-1] == []


def test_a_faq_question_without_a_question_mark(site: SiteFolder):
    site.article("one", faq=[{"question": "Is it fast?", "answer": "Yes."},
                             {"question": "How far it goes", "answer": "530 km."}])
    code, lines = check(site)
    assert code == 0
    assert lines[:-1] == ["warning: content/articles/one.md:9: FAQ question 'How far it goes' "
                          "does not end with '?'"]


def test_duplicate_titles(site: SiteFolder):
    site.article("one", title="Same Story")
    site.article("two", title="Same Story")
    code, lines = check(site)
    assert code == 0
    assert lines[:-1] == [
        "warning: content/articles/one.md:2: duplicate title 'Same Story | Fixture News' "
        "(also on articles/two/index.html)",
        "warning: content/articles/two.md:2: duplicate title 'Same Story | Fixture News' "
        "(also on articles/one/index.html)",
    ]


def test_a_broken_link_in_a_template_names_the_built_page_and_line(site: SiteFolder):
    site.article("one")
    page = site.root / "templates/404.html"
    head, tail = page.read_text(encoding="utf-8").rsplit("</p>\n{% endblock %}", 1)
    page.write_text(head + '</p>\n<p><a href="{{ url(\'archive/\') }}">Archive</a></p>\n'
                    "{% endblock %}" + tail, encoding="utf-8")
    code, lines = check(site)
    assert code == 1
    [finding] = lines[:-1]
    assert finding.startswith("error: 404.html:") and finding.endswith(
        ": broken link '/archive/': no such page or file")
    line = int(finding.split(":")[2])
    built = run_cli("build", "--output", str(site.root / "_site"), root=site.root)
    assert built.returncode == 0
    assert "/archive/" in (site.root / "_site/404.html").read_text().split("\n")[line - 1]


def test_feeds_and_sitemaps_are_checked(site: SiteFolder):
    """Every .xml and .json output is read: the site's own URLs in it must resolve."""
    site.article("one")
    site.write("static/sitemap-extra.xml", """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://news.example.org/articles/one/</loc></url>
  <url><loc>https://news.example.org/articles/gone/</loc></url>
</urlset>
""")
    site.write("static/links.json",
               '{"items": [{"url": "https://news.example.org/articles/one/"},\n'
               ' {"url": "https://news.example.org/articles/one/#missing"}]}\n')
    code, lines = check(site)
    assert code == 1
    assert lines[:-1] == [
        "error: links.json:2: missing anchor 'https://news.example.org/articles/one/#missing': "
        "no id 'missing' on that page",
        "error: sitemap-extra.xml:4: broken link 'https://news.example.org/articles/gone/': "
        "no such page or file",
    ]


def test_content_errors_and_unknown_keys(site: SiteFolder):
    site.article("one", colour="red")
    result = run_cli("check", root=site.root)
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        "warning: content/articles/one.md:6: field 'colour': unknown key (ignored)"]
    assert result.stdout.splitlines()[-1].endswith(": 0 errors, 1 warning")
    strict = run_cli("check", "--strict", root=site.root)
    assert strict.returncode == 1
    assert strict.stderr.splitlines() == [
        "error: content/articles/one.md:6: field 'colour': unknown key"]
    site.article("one", date="yesterday")
    broken = run_cli("check", root=site.root)
    assert broken.returncode == 1
    assert broken.stderr.splitlines() == [
        "error: content/articles/one.md:3: field 'date': 'yesterday' is not an ISO 8601 date "
        "such as 2026-05-14"]


def test_links_inside_the_generated_feeds_and_sitemaps_are_followed(site: SiteFolder, tmp_path):
    from sitegen.check.check import check_output
    from sitegen.pipeline import build
    site.article("one", body="See [the other story](/articles/two/).")
    site.article("two")
    out = tmp_path / "out"
    result = build(site.root, out)
    assert check_output(site.root, result.site, out) == []
    (site.root / "content/articles/two.md").unlink()        # as if built from stale content
    for name in [p.relative_to(out).as_posix() for p in out.rglob("*.xml")] + ["robots.txt"]:
        text = (out / name).read_text(encoding="utf-8")
        if "articles/one/" in text:
            (out / name).write_text(text.replace("articles/one/", "articles/gone/"),
                                    encoding="utf-8")
    robots = (out / "robots.txt").read_text(encoding="utf-8")
    (out / "robots.txt").write_text(robots.replace("sitemap.xml", "missing-sitemap.xml"),
                                    encoding="utf-8")
    findings = check_output(site.root, result.site, out)
    broken = {(finding.path, finding.message.rsplit(": ", 1)[0]) for finding in findings}
    assert ("feed.xml", "broken link 'https://news.example.org/articles/gone/'") in broken
    assert ("sitemap.xml", "broken link 'https://news.example.org/articles/gone/'") in broken
    assert ("robots.txt", "broken link 'https://news.example.org/missing-sitemap.xml'") in broken
    # The link inside the feed's article content (escaped HTML) is followed too.
    feed = (out / "feed.xml").read_text(encoding="utf-8")
    body_link = 'href="https://news.example.org/articles/two/"'
    assert body_link in feed
    (out / "feed.xml").write_text(feed.replace(body_link, body_link.replace("two", "three")),
                                  encoding="utf-8")
    assert ("feed.xml", "broken link 'https://news.example.org/articles/three/'") in {
        (finding.path, finding.message.rsplit(": ", 1)[0])
        for finding in check_output(site.root, result.site, out)}


def test_under_a_subpath_findings_show_links_as_written_on_their_own_line(site: SiteFolder):
    with_car(site).write("content/pages/about.md", "---\ntitle: About\n---\n\nUs.\n")
    site.article("one", body=f"![A car]({CAR})\n\n![]({CAR}) and [](/about/) and [x](/gone/)")
    code, lines = check(site, "--base-url", "https://example.github.io/newsroom/")
    assert code == 1
    assert lines[:-1] == [
        "error: content/articles/one.md:10: broken link '/gone/': no such page or file",
        "error: content/articles/one.md:10: empty link to '/about/': it has no text",
        "error: content/articles/one.md:10: image '/images/car.svg' has no alt text",
    ]


def test_duplicate_titles_of_generated_pages_name_the_built_line(site: SiteFolder):
    site.article("one", tags=["Motoring"], section="Motoring")
    code, lines = check(site)
    assert code == 0
    findings = [line.removeprefix("warning: ").split(": ", 1) for line in lines[:-1]]
    assert [(where.split(":")[0], message) for where, message in findings] == [
        ("sections/motoring/index.html",
         "duplicate title 'Motoring | Fixture News' (also on tags/motoring/index.html)"),
        ("tags/motoring/index.html",
         "duplicate title 'Motoring | Fixture News' (also on sections/motoring/index.html)"),
    ]
    built = run_cli("build", "--no-search", "--output", str(site.root / "_site"), root=site.root)
    assert built.returncode == 0
    for where, _ in findings:
        path, line = where.split(":")
        text = (site.root / "_site" / path).read_text(encoding="utf-8").split("\n")
        assert text[int(line) - 1].startswith("<title>Motoring")


# Pictures with no photo yet ----------------------------------------------------------------

def test_each_picture_with_no_photo_yet_is_a_warning_at_its_line(site: SiteFolder):
    site.author("ada", name="Ada Byline", role="Reporter", bio="Ada writes *tests*.",
                avatar={"src": "photo-to-come", "alt": "Ada at the desk"})
    site.article("one", image={"src": "photo-to-come", "alt": "A red car & a \"van\""},
                 body="Intro.\n\n![Modern car interior with leather seats and dashboard.]"
                      "(photo-to-come)\n\nText.\n\n![A \\[tiny\\] car](photo-to-come) and "
                      '![The depot](photo-to-come "Its caption")')
    site.write("content/pages/about.md",
               "---\ntitle: About\n---\n\nUs.\n\n![The newsroom](photo-to-come)\n")
    code, lines = check(site)
    assert code == 0
    assert lines[:-1] == [
        "warning: content/articles/one.md:7: field 'image.src': photo to come: "
        "'A red car & a \"van\"' still has no photo",
        "warning: content/articles/one.md:13: field 'body': photo to come: "
        "'Modern car interior with leather seats and dashboard.' still has no photo",
        "warning: content/articles/one.md:17: field 'body': photo to come: "
        "'A [tiny] car' still has no photo",
        "warning: content/articles/one.md:17: field 'body': photo to come: "
        "'The depot' still has no photo",
        "warning: content/authors/ada.yml:5: field 'avatar.src': photo to come: "
        "'Ada at the desk' still has no photo",
        "warning: content/pages/about.md:7: field 'body': photo to come: "
        "'The newsroom' still has no photo",
    ]
    assert lines[-1].endswith(": 0 errors, 6 warnings")
    assert check(site, "--strict")[0] == 1


def test_no_warning_for_drafts_stories_not_yet_due_or_photos(site: SiteFolder):
    hero = {"src": "photo-to-come", "alt": "A red car"}
    with_car(site).article("draft", draft=True, image=hero, body="![A van](photo-to-come)")
    site.article("later", date="2999-01-01", image=hero, body="![A van](photo-to-come)")
    site.article("shown", image={"src": CAR.lstrip("/"), "alt": "A car"},
                 body=f"![A van]({CAR})\n\nWrite `![A van](photo-to-come)` for a picture to "
                      "come.\n\n```\n![A van](photo-to-come)\n```")
    code, lines = check(site)
    assert (code, lines[:-1]) == (0, [])
    assert lines[-1].endswith(": 0 errors, 0 warnings")


def test_a_long_alt_text_is_shortened_and_a_flow_mapping_found(site: SiteFolder):
    title = "An Unusually Long Headline About Batteries, Grids, Cars and the Weather in Essex"
    site.write("content/articles/one.md",
               f"---\ntitle: Long\ndate: 2026-01-01\nauthor: ada\ndescription: About it.\n"
               f"image: {{src: photo-to-come, alt: \"{title}\"}}\n---\n\nText.\n")
    code, lines = check(site)
    assert code == 0
    assert lines[:-1] == [f"warning: content/articles/one.md:6: field 'image.src': photo to "
                          f"come: '{title[:59]}…' still has no photo"]
