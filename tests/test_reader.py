"""What the reader's browser receives: fingerprinted CSS, sized images, sound structure,
a search index over articles only, and comments that load only on request."""

from __future__ import annotations

import hashlib
import json
import re
import struct
import zlib
from pathlib import Path

import pytest

from conftest import SiteFolder, is_editor, parse_html
from sitegen.site.images import image_size

ARTICLE = "articles/mg4-semi-solid-state-battery-ev-reaches-100000/index.html"
GISCUS = {"provider": "giscus", "repo": "example/newsroom", "repo_id": "R_1",
          "category": "Comments", "category_id": "DIC_1"}


def stylesheet(site_dir: Path, page: str, base_path: str) -> Path:
    href = parse_html(site_dir / page).find("link", rel="stylesheet")["href"]
    assert re.fullmatch(re.escape(base_path) + r"css/site\.[0-9a-f]{10}\.css", href), href
    return site_dir / href.removeprefix(base_path)


def test_css_is_fingerprinted_by_its_content(project_build: Path, site: SiteFolder):
    css = stylesheet(project_build, ARTICLE, "/newsroom/")
    assert css.name == f"site.{hashlib.sha256(css.read_bytes()).hexdigest()[:10]}.css"
    assert not (project_build / "css" / "site.css").exists()
    site.article("one")
    before = stylesheet(site.build(), "index.html", "/").name
    with (site.root / "static" / "css" / "site.css").open("a", encoding="utf-8") as file:
        file.write("\n.new-rule { color: red; }\n")
    assert stylesheet(site.build(), "index.html", "/").name != before


def test_a_missing_asset_names_the_template_and_line(site: SiteFolder):
    site.write("templates/404.html", '{% extends "base.html" %}\n{% set meta = head.not_found() %}\n'
               '{% block main %}<h1>Gone</h1>\n'
               '<script src="{{ asset_url(\'js/missing.js\') }}"></script>\n{% endblock %}\n')
    assert site.build_fails() == ("error: templates/404.html:4: asset 'js/missing.js' not found: "
                                  "asset_url() takes the path of a CSS or JavaScript file under static/")


def test_article_page_weighs_under_50_kb_with_its_css(project_build: Path):
    html = (project_build / ARTICLE).stat().st_size
    css = stylesheet(project_build, ARTICLE, "/newsroom/").stat().st_size
    assert html + css < 50_000


def test_images_reserve_their_space_and_below_the_fold_load_lazily(site: SiteFolder):
    site.article("drawn", image={"src": "images/placeholder-hero.svg", "alt": "A drawing"},
                 body="Intro.\n\n![A figure](/images/placeholder-figure.svg)\n\n"
                      "Text with ![an inline one](/images/placeholder-figure.svg) in it.\n")
    page = parse_html(site.build() / "articles/drawn/index.html")
    hero = page.select_one(".hero img")
    assert (hero["width"], hero["height"]) == ("1600", "900")
    assert "loading" not in hero.attrs          # the lead picture is above the fold
    body_images = page.select(".article-body img")
    assert len(body_images) == 2
    for image in body_images:
        assert (image["width"], image["height"]) == ("800", "450")
        assert image["loading"] == "lazy"


def _png(width: int, height: int) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    return (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(header)) + chunk
            + struct.pack(">I", zlib.crc32(chunk)))


def _jpeg(width: int, height: int) -> bytes:
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    table = b"\xff\xc4" + struct.pack(">H", 5) + b"\x00\x00\x00"
    frame = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + table + frame + b"\xff\xd9"


@pytest.mark.parametrize("name, data, size", [
    ("a.png", _png(640, 480), (640, 480)),
    ("a.jpg", _jpeg(800, 533), (800, 533)),
    ("a.gif", b"GIF89a" + struct.pack("<HH", 32, 16) + b"\x00" * 8, (32, 16)),
    ("a.svg", b'<svg xmlns="http://www.w3.org/2000/svg" width="1200px" height="675"/>', (1200, 675)),
    ("b.svg", b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 24"/>', (32, 24)),
    ("c.svg", b'<svg xmlns="http://www.w3.org/2000/svg" width="50%"/>', None),
    ("a.txt", b"not an image", None),
])
def test_image_size_reads_common_formats(tmp_path: Path, name: str, data: bytes, size):
    path = tmp_path / name
    path.write_bytes(data)
    assert image_size(path) == size


def heading_levels(page) -> list[int]:
    return [int(h.name[1]) for h in page.find_all(re.compile(r"^h[1-6]$"))]


def check_page_structure(site_dir: Path, base_path: str, language: str) -> int:
    pages = sorted(path for path in site_dir.rglob("*.html") if not is_editor(site_dir, path))
    for file in pages:
        page = parse_html(file)
        where = file.relative_to(site_dir).as_posix()
        assert page.html["lang"] == language, where
        for landmark in ("header", "nav", "main", "footer"):
            assert page.find(landmark), f"{where}: no <{landmark}>"
        first_link = page.body.find("a")
        assert first_link["class"] == ["skip-link"] and first_link["href"] == "#main", where
        assert page.find("main")["id"] == "main"
        assert [link["href"] for link in page.find_all("link", rel="icon")] == [
            f"{base_path}favicon.ico", f"{base_path}favicon.svg"]
        # Nothing render-blocking or scripted from another host: the site works offline.
        loaded = [tag.get("src") or tag.get("href") for tag in page.find_all(["script", "link"])
                  if tag.get("src") or "stylesheet" in tag.get("rel", [])]
        assert all(value.startswith(base_path) for value in loaded), f"{where}: {loaded}"
        levels = heading_levels(page)
        assert levels.count(1) == 1 and levels[0] == 1, f"{where}: {levels}"
        for previous, level in zip(levels, levels[1:]):
            assert level <= previous + 1, f"{where}: h{previous} then h{level}"
    return len(pages)


def test_every_page_has_landmarks_one_h1_and_no_skipped_heading_levels(project_build: Path):
    assert check_page_structure(project_build, "/newsroom/", "en") >= 8


def test_structure_holds_on_every_kind_of_page(site: SiteFolder):
    site.config(title="T", description="D", base_url="https://example.org/", language="de",
                articles_per_page=1, comments=GISCUS)
    site.author("ada", name="Ada", role="Reporter", bio="Bio.",
                avatar={"src": "images/placeholder-figure.svg", "alt": "Ada"})
    site.write("content/pages/about.md", "---\ntitle: About\n---\n\n## Contact\n\nText.\n")
    for number in (1, 2, 3):
        site.article(f"story-{number}", tags=["Cars", "Batteries"], section="Motoring",
                     body="Intro.\n\n## Part\n\n### Detail\n\nText.",
                     faq=[{"question": "Why?", "answer": "Because."}],
                     takeaways=["One point."])
    output = site.build()
    assert (output / "tags/cars/page/2/index.html").is_file()
    assert check_page_structure(output, "/", "de") >= 20


def test_search_page_and_an_index_of_articles_only(project_build: Path):
    page = parse_html(project_build / "search/index.html")
    field = page.find("input", type="search")
    assert page.find("label", attrs={"for": field["id"]}).get_text(strip=True)
    form = page.find("form", role="search")
    assert form["data-search-index"] == "/newsroom/search-index/"
    assert "needs JavaScript" in page.find(id="search-needs-script").get_text()
    assert parse_html(project_build / "index.html").find("a", href="/newsroom/search/")

    # Every article and nothing else, however many articles the editors have published.
    articles = sorted(f.parent.relative_to(project_build).as_posix() + "/"
                      for f in (project_build / "articles").glob("*/index.html"))
    assert ARTICLE.removesuffix("index.html") in articles
    index = project_build / "search-index"
    shards = json.loads((index / "index.json").read_text())["shards"]
    ids = [doc[0] for shard in shards
           for doc in json.loads((index / shard / "meta.json").read_text())["docs"]]
    records = [json.loads((index / "records" / f"{name}.json").read_text()) for name in ids]
    assert sorted(record["url"] for record in records) == articles
    assert sorted(path.stem for path in (index / "records").iterdir()) == sorted(ids)
    # What a result shows of the seed article: its text, not the byline, author box or comments
    seed = next(record for record in records if record["url"] + "index.html" == ARTICLE)
    article = parse_html(project_build / ARTICLE)
    for outside in (".author-box", "#comments"):
        assert article.select_one(outside).get_text(" ", strip=True) not in seed["text"], outside
    assert seed["title"] == article.find("h1").get_text(strip=True)


def test_a_site_without_articles_indexes_nothing(site: SiteFolder):
    site.write("content/pages/about.md", "---\ntitle: About\n---\n\nAbout us.\n")
    output = site.build()
    assert (output / "search" / "index.html").is_file()
    assert not (output / "search-index").exists()


def test_build_without_search_skips_the_index(site: SiteFolder):
    site.article("one")
    output = site.build("--no-search")
    assert (output / "search" / "index.html").is_file()
    assert not (output / "search-index").exists()


def test_giscus_placeholder_loads_nothing_until_asked(site: SiteFolder):
    site.config(title="T", description="D", base_url="https://example.github.io/news/",
                comments=GISCUS)
    site.article("first-story")
    page = parse_html(site.build() / "articles/first-story/index.html")
    assert not page.find("script", src=re.compile("giscus"))
    thread = page.find(id="comments-thread")
    assert {key: thread[key] for key in ("data-repo", "data-repo-id", "data-category",
                                         "data-category-id", "data-mapping", "data-term")} == {
        "data-repo": "example/newsroom", "data-repo-id": "R_1", "data-category": "Comments",
        "data-category-id": "DIC_1", "data-mapping": "specific", "data-term": "first-story"}
    button = page.find("button", class_="comments-load")
    assert button.get_text() == "Load comments" and button.has_attr("hidden")
    link = page.select_one("#comments a")
    assert link["href"] == ("https://github.com/example/newsroom/discussions"
                            "?discussions_q=in%3Atitle%20first-story")
    scripts = [script["src"] for script in page.find_all("script", src=True)
               if "/js/share." not in script["src"]]      # "Copy link", which loads nothing
    assert len(scripts) == 1 and re.fullmatch(r"/news/js/comments\.[0-9a-f]{10}\.js", scripts[0])


@pytest.mark.parametrize("comments, expected", [
    ({"provider": "disqus"}, "field 'comments.provider': unknown provider 'disqus'"),
    ({**GISCUS, "repo_id": None}, "field 'comments.repo_id': is required"),
    ({**GISCUS, "repo": "just-a-name"}, "field 'comments.repo': must be a GitHub repository"),
    ({**GISCUS, "mapping": "pathname"}, "field 'comments.mapping': 'pathname' is not supported"),
])
def test_bad_comments_configuration(site: SiteFolder, comments: dict, expected: str):
    site.config(title="T", description="D", base_url="https://example.org/", comments=comments)
    assert site.build_fails().startswith(f"error: site.yml:4: {expected}")
