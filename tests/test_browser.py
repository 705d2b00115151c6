"""The reader's view in a real browser: layout, accessibility, search, keyboard, comments.

Playwright drives Debian's chromium; the site is served over HTTP on 127.0.0.1 under a subpath,
as on GitHub Pages. Screenshots go to SCREENSHOTS (reported at the end of `make test`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from browser_tools import (AXE_SCRIPT, LIGHTHOUSE, WCAG_AA, SiteServer,
                           chromium_path, lighthouse_scores)
from conftest import PROJECT, SiteFolder, need_tool
from front_page_site import STORY, front_page_site

SCREENSHOTS = PROJECT / ".cache" / "screenshots"
ARTICLE = "/newsroom/articles/mg4-semi-solid-state-battery-ev-reaches-100000/"
VARIANT_ARTICLE = "/variant/articles/mg4-semi-solid-state-battery-ev-reaches-100000/"
# The real site has no tags yet: its tag page is shot from a copy of the project whose seed
# article has tags (and whose comments use giscus).
PAGES = {
    "home": "/newsroom/",
    "article": ARTICLE,
    "author": "/newsroom/authors/sebastian-wolf/",
    "tag": "/variant/tags/batteries/",
    "search": "/newsroom/search/?q=battery",
    "404": "/newsroom/no-such-page/",
    # A newsroom with every piece of furniture (tests/front_page_site.py)
    "front": "/desk/",
    "story": f"/desk/articles/{STORY}/",
    "corrections": "/desk/corrections/",
    "section": "/desk/sections/energy/",
    "desk-author": "/desk/authors/ana-ortiz/",
}
PHONE, DESKTOP = 390, 1280
HEIGHTS = {320: 640, PHONE: 844, DESKTOP: 800, 1600: 900}
GISCUS = {"provider": "giscus", "repo": "example/newsroom", "repo_id": "R_kgDOExample",
          "category": "Comments", "category_id": "DIC_kwDOExample", "mapping": "specific"}


def _build(root: Path, output: Path, base_url: str) -> None:
    result = subprocess.run([sys.executable, str(PROJECT / "build.py"), "--root", str(root),
                             "build", "--output", str(output), "--base-url", base_url],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr


def _variant_project(folder: Path) -> Path:
    """A copy of the project whose seed article has tags, with giscus comments configured."""
    for name in ("content", "templates", "static"):
        shutil.copytree(PROJECT / name, folder / name)
    config = yaml.safe_load((PROJECT / "site.yml").read_text(encoding="utf-8"))
    config["comments"] = GISCUS
    (folder / "site.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    article = next((folder / "content" / "articles").glob("mg4-*.md"))
    _, front, body = article.read_text(encoding="utf-8").split("---\n", 2)
    front = {**yaml.safe_load(front), "tags": ["Batteries", "Electric cars"]}  # editors' tags too
    article.write_text(f"---\n{yaml.safe_dump(front, allow_unicode=True)}---\n{body}",
                       encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """The project at /newsroom/ and its variant at /variant/, built for the server's address."""
    root = tmp_path_factory.mktemp("served")
    with SiteServer(root) as server:
        _build(PROJECT, root / "newsroom", f"{server.origin}/newsroom/")
        variant = _variant_project(tmp_path_factory.mktemp("variant"))
        _build(variant, root / "variant", f"{server.origin}/variant/")
        desk = front_page_site(SiteFolder(tmp_path_factory.mktemp("desk")),
                               dt.datetime.now(dt.timezone.utc))
        _build(desk.root, root / "desk", f"{server.origin}/desk/")
        yield server


@pytest.fixture(scope="session", autouse=False)
def screenshots():
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    return SCREENSHOTS


def open_page(browser, server, path: str, width: int = DESKTOP, **context_options):
    context = browser.new_context(viewport={"width": width, "height": HEIGHTS[width]},
                                  **context_options)
    page = context.new_page()
    page.goto(server.origin + path, wait_until="load")
    return context, page


def wait_for_images(page) -> None:
    """Scroll through the page so lazy images load, then require every one to have decoded."""
    page.evaluate("""async () => {
        for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight / 2) {
            window.scrollTo(0, y);
            await new Promise(resolve => setTimeout(resolve, 50));
        }
    }""")
    page.wait_for_function("[...document.images].every(i => i.complete && i.naturalWidth > 0)",
                           timeout=15000)
    page.evaluate("window.scrollTo(0, 0)")


def horizontal_overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
@pytest.mark.parametrize("name", list(PAGES))
def test_screenshots_and_layout(browser, server, screenshots, name: str, width: int):
    context, page = open_page(browser, server, PAGES[name], width)
    try:
        if name == "search":
            page.wait_for_selector("#search-results li a", timeout=15000)
        wait_for_images(page)
        assert horizontal_overflow(page) <= 0
        assert page.locator("h1").count() == 1
        if name == "article":
            # The reader sees what the story is and who wrote it without scrolling.
            for selector in ("h1", ".byline"):
                box = page.locator(selector).bounding_box()
                assert box and box["y"] >= 0 and box["y"] + box["height"] <= HEIGHTS[width], selector
            # Characters per line of real body text, over every paragraph of the article.
            measure = page.evaluate("""() => {
                let chars = 0, lines = 0;
                for (const p of document.querySelectorAll('.article-body > p')) {
                    const style = getComputedStyle(p);
                    chars += p.textContent.length;
                    lines += Math.round(p.getBoundingClientRect().height / parseFloat(style.lineHeight));
                }
                return {chars: chars / lines,
                        size: parseFloat(getComputedStyle(document.querySelector('.article-body p')).fontSize)};
            }""")
            assert measure["size"] >= 16
            if width == DESKTOP:
                assert 60 <= measure["chars"] <= 75, measure
        page.screenshot(path=str(screenshots / f"{name}-{width}.png"), full_page=True)
    finally:
        context.close()


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
@pytest.mark.parametrize("name", ["front", "story", "corrections", "section", "desk-author"])
def test_dark_screenshots_of_the_newsroom(browser, server, screenshots, name: str, width: int):
    context, page = open_page(browser, server, PAGES[name], width, color_scheme="dark")
    try:
        wait_for_images(page)
        assert horizontal_overflow(page) <= 0
        page.screenshot(path=str(screenshots / f"{name}-{width}-dark.png"), full_page=True)
    finally:
        context.close()


@pytest.mark.parametrize("width", [320, 1600])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_horizontal_scrolling_from_320_to_1600(browser, server, name: str, width: int):
    context, page = open_page(browser, server, PAGES[name], width)
    try:
        assert horizontal_overflow(page) <= 0
    finally:
        context.close()


def axe_violations(page) -> list[str]:
    need_tool(AXE_SCRIPT.is_file(), "axe-core (npm ci)")
    page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                           WCAG_AA)
    assert len(result["passes"]) > 10     # axe really ran its rules on this page
    return [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_wcag_aa_violations(browser, server, name: str, scheme: str):
    context, page = open_page(browser, server, PAGES[name], color_scheme=scheme)
    try:
        if name == "search":
            page.wait_for_selector("#search-results li a", timeout=15000)
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        assert axe_violations(page) == []
    finally:
        context.close()


def test_dark_scheme_follows_the_system(browser, server):
    colours = {}
    for scheme in ("light", "dark"):
        context, page = open_page(browser, server, ARTICLE, color_scheme=scheme)
        colours[scheme] = page.evaluate("getComputedStyle(document.body).backgroundColor")
        context.close()
    assert colours == {"light": "rgb(255, 255, 255)", "dark": "rgb(21, 23, 26)"}


def search_results(page, query: str) -> list[str]:
    page.get_by_label("Search the articles").fill(query)
    page.keyboard.press("Enter")
    page.wait_for_function("/found|match/.test(document.getElementById('search-status').textContent)",
                           timeout=15000)
    return page.eval_on_selector_all("#search-results li h2 a", "links => links.map(a => a.href)")


def test_search_finds_the_seed_article_under_the_subpath(browser, server):
    context, page = open_page(browser, server, "/newsroom/search/")
    try:
        # "SAIC" appears in the seed article's body (and maybe in editors' later stories).
        assert server.origin + ARTICLE in search_results(page, "SAIC")
        assert "q=SAIC" in page.url
        assert not page.get_by_text("Search needs JavaScript").is_visible()
        assert page.locator("#search-results mark").first.inner_text().lower() == "saic"
        # Each result: its date and byline, and an excerpt of the story's own text (not its
        # title, which is the heading) that ends in an ellipsis when the story goes on.
        result = page.locator("#search-results li", has=page.locator(f"a[href$='{ARTICLE}']"))
        assert re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4} · .+", result.locator(".search-meta")
                            .inner_text())
        excerpt = result.locator("p").last.inner_text()
        assert excerpt.endswith("…")
        assert not excerpt.lstrip("… ").startswith(result.locator("h2").inner_text()[:12])
        # The author box and navigation are not indexed, only the article's own text.
        assert server.origin + ARTICLE not in search_results(page, "Correspondent")
        assert server.origin + ARTICLE not in search_results(page, "Tags")
        page.goto(server.origin + "/newsroom/search/?q=electrolyte")
        page.wait_for_selector("#search-results li a", timeout=15000)
        assert page.get_by_label("Search the articles").input_value() == "electrolyte"
    finally:
        context.close()


def test_without_javascript_search_explains_and_faq_still_opens(browser, server):
    context, page = open_page(browser, server, "/newsroom/search/", java_script_enabled=False)
    try:
        assert page.get_by_text("Search needs JavaScript").is_visible()
        assert not page.locator("#search-results li").count()
        page.goto(server.origin + ARTICLE)
        answer = page.locator(".faq-answer").first
        assert not answer.is_visible()
        page.locator(".faq summary").first.click()
        assert answer.is_visible()
    finally:
        context.close()


def focus_state(page) -> dict:
    return page.evaluate("""() => {
        const el = document.activeElement, style = getComputedStyle(el);
        const box = el.getBoundingClientRect();
        return {text: el.textContent.trim(), tag: el.tagName, inNav: !!el.closest('nav'),
                inHeader: !!el.closest('body > header'), cls: el.className,
                outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
                onScreen: box.width > 0 && box.bottom > 0 && box.top < innerHeight};
    }""")


def test_keyboard_reaches_skip_link_then_navigation_with_visible_focus(browser, server):
    context, page = open_page(browser, server, ARTICLE)
    try:
        nav_links = page.eval_on_selector_all("nav[aria-label=Main] a", "as => as.map(a => a.textContent.trim())")
        page.keyboard.press("Tab")
        first = focus_state(page)
        assert first["cls"] == "skip-link" and first["text"] == "Skip to content"
        assert first["outline"] and first["onScreen"]
        page.keyboard.press("Tab")
        title = focus_state(page)
        assert title["inHeader"] and title["text"] == "The Newsroom" and title["outline"]
        reached = []
        for _ in nav_links:
            page.keyboard.press("Tab")
            state = focus_state(page)
            assert state["inNav"] and state["outline"] and state["onScreen"], state
            reached.append(state["text"])
        assert reached == nav_links
        # The skip link moves focus to the main content.
        page.goto(server.origin + ARTICLE)
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"
        page.keyboard.press("Tab")
        assert page.evaluate("!!document.activeElement.closest('main')")
    finally:
        context.close()


def test_giscus_loads_only_after_the_reader_asks(browser, server):
    context, page = open_page(browser, server, "/variant/", DESKTOP)
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    # The network never reaches giscus here: answer its script with an empty one.
    page.route("https://giscus.app/**", lambda route: route.fulfill(
        status=200, content_type="text/javascript", body=""))
    try:
        page.goto(server.origin + VARIANT_ARTICLE)
        page.wait_for_load_state("networkidle")
        assert all(url.startswith(server.origin) for url in requests), requests
        assert page.locator("script[src*='giscus']").count() == 0
        button = page.get_by_role("button", name="Load comments")
        assert button.is_visible()
        discussion = page.locator("#comments a", has_text="Read the discussion on GitHub")
        assert discussion.get_attribute("href").startswith("https://github.com/example/newsroom/discussions")
        button.click()
        script = page.locator("#comments-thread script[src='https://giscus.app/client.js']")
        script.wait_for(state="attached")
        attributes = script.evaluate("s => Object.fromEntries([...s.attributes].map(a => [a.name, a.value]))")
        assert {key: attributes[key] for key in (
            "data-repo", "data-repo-id", "data-category", "data-category-id", "data-mapping",
            "data-term")} == {
            "data-repo": "example/newsroom", "data-repo-id": "R_kgDOExample",
            "data-category": "Comments", "data-category-id": "DIC_kwDOExample",
            "data-mapping": "specific", "data-term": "mg4-semi-solid-state-battery-ev-reaches-100000"}
        assert attributes["crossorigin"] == "anonymous"
        assert "https://giscus.app/client.js" in requests
        assert not button.is_visible()
    finally:
        context.close()


def test_giscus_placeholder_without_javascript_links_to_the_discussion(browser, server):
    context, page = open_page(browser, server, VARIANT_ARTICLE, java_script_enabled=False)
    try:
        assert not page.get_by_role("button", name="Load comments").is_visible()
        assert page.get_by_role("link", name="Read the discussion on GitHub").is_visible()
    finally:
        context.close()


def test_print_shows_the_article_without_navigation(browser, server):
    context, page = open_page(browser, server, ARTICLE)
    try:
        page.emulate_media(media="print")
        assert not page.locator(".site-header nav").is_visible()
        assert not page.locator(".site-footer").is_visible()
        assert not page.locator("#comments").is_visible()
        assert page.locator("article h1").is_visible()
        assert page.locator(".faq-answer").first.is_visible()
        pdf = page.pdf()
        assert pdf.startswith(b"%PDF")
    finally:
        context.close()


def test_lighthouse_scores_the_article_fully_for_accessibility_best_practices_and_seo(server):
    need_tool(chromium_path() is not None, "chromium")
    need_tool(LIGHTHOUSE.is_file() and shutil.which("node") is not None,
              "node and lighthouse (npm ci)")
    scores = lighthouse_scores(server.origin + ARTICLE)
    print("lighthouse:", json.dumps(scores))
    assert {name: scores[name] for name in ("accessibility", "best-practices", "seo")} == {
        "accessibility": 1, "best-practices": 1, "seo": 1}, scores["failed_audits"]
