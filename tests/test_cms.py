"""The editing interface: `make edit` in a copy of the site, a story written and then edited
through Decap CMS's form in a real browser, saved as Markdown the loader accepts, published
by the next build and shown by the preview."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from browser_tools import chromium_path
from conftest import PROJECT, SiteFolder, need_tool, run_cli
from sitegen.content.field_specs import ARTICLE_FIELDS
from sitegen.outputs.cms import CMS_SCRIPT, cms_config
from sitegen.pipeline import load_site

NOT_COPIED = (".git", ".venv", "node_modules", "_site", "_site.*", ".site-builds", ".preview*",
              ".cache", "__pycache__", ".pytest_cache")


def test_the_editor_is_generated_from_the_loaders_fields(site: SiteFolder):
    site.article("one", section="Motoring", tags=["Batteries"])
    config = yaml.safe_load(cms_config(load_site(site.root)))
    articles = next(c for c in config["collections"] if c["name"] == "articles")
    fields = {field["name"]: field for field in articles["fields"]}
    assert list(fields) == [spec.name for spec in ARTICLE_FIELDS] + ["body"]
    assert {spec.name for spec in ARTICLE_FIELDS if fields[spec.name]["required"]} == {
        spec.name for spec in ARTICLE_FIELDS if spec.required}
    assert fields["author"]["widget"] == "relation" and fields["author"]["collection"] == "authors"
    assert fields["section"]["options"] == ["Motoring"]
    assert "`Batteries`" in fields["tags"]["hint"]
    assert fields["label"]["options"][0] == "news"
    assert [item["name"] for item in fields["faq"]["fields"]] == ["question", "answer"]
    assert config["local_backend"]["url"].startswith("http://127.0.0.1:")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer")


def _wait_for_port(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    raise AssertionError(f"nothing listens on port {port}")


@pytest.fixture
def editing(tmp_path: Path):
    """`make edit` running in a copy of the project (its .venv and node_modules linked)."""
    need_tool(CMS_SCRIPT.is_file() and shutil.which("node") is not None, "Decap CMS (npm)")
    need_tool(chromium_path() is not None, "chromium")
    root = tmp_path / "project"
    shutil.copytree(PROJECT, root, symlinks=True, ignore=shutil.ignore_patterns(*NOT_COPIED))
    (root / ".venv").symlink_to(PROJECT / ".venv")
    # The packages linked one by one (and the install stamps copied), so that no npm
    # command run in the copy could empty the project's own node_modules
    (root / "node_modules").mkdir()
    for entry in (PROJECT / "node_modules").iterdir():
        if entry.name.startswith(".installed"):
            shutil.copy2(entry, root / "node_modules" / entry.name)
        else:
            (root / "node_modules" / entry.name).symlink_to(entry)
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", 8081)) != 0, "port 8081 (decap-server's) is taken"
    port = _free_port()
    process = subprocess.Popen(["make", "edit", f"PORT={port}"], cwd=root,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    try:
        _wait_for(f"http://127.0.0.1:{port}/admin/config.yml")
        _wait_for_port(8081)       # decap-server, which saves the editor's files
        yield root, f"http://127.0.0.1:{port}/"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


def test_a_story_written_and_edited_in_the_browser(editing, browser):
    root, origin = editing
    story = root / "content/articles/harbour-crane-arrives.md"
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(origin + "admin/")
        page.get_by_role("button", name="Login").click()
        page.goto(origin + "admin/#/collections/articles/new")
        page.get_by_label("Title").fill("Harbour crane arrives")
        page.get_by_role("button", name="Set date to now").click()
        page.locator("[id^=author-field]").click()
        page.keyboard.type("Sebastian")
        page.get_by_text("Sebastian Wolf", exact=True).click()
        page.get_by_label("Description").fill("The largest crane yet reached the quay.")
        page.get_by_label("Tags").fill("Ports, Cranes")
        page.get_by_role("button", name="Add faq").click()
        page.get_by_label("Question").fill("When did it arrive?")
        editors = page.locator("[contenteditable=true]")
        editors.nth(0).click()
        page.keyboard.type("On Tuesday morning.")
        editors.nth(editors.count() - 1).click()      # the body
        page.keyboard.type("The crane came by sea from Rotterdam.")
        page.get_by_role("button", name="Publish").first.click()
        page.get_by_text("Publish now").click()
        deadline = time.monotonic() + 20
        while not story.is_file() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert story.is_file(), sorted(p.name for p in story.parent.iterdir())

        # The file passes the loader with no warning, and the next build publishes it
        built = run_cli("build", "--strict", "--output", str(root / "_site"), root=root)
        assert built.returncode == 0 and built.stderr == "", built.stderr
        page_html = (root / "_site/articles/harbour-crane-arrives/index.html").read_text()
        assert "Harbour crane arrives" in page_html and "When did it arrive?" in page_html
        assert "Rotterdam" in page_html

        # Edited in the editor, the change reaches the preview
        page.goto(origin + "admin/#/collections/articles/entries/harbour-crane-arrives")
        page.get_by_label("Description").fill("The largest crane yet, from Rotterdam.")
        page.get_by_role("button", name="Publish").first.click()
        page.get_by_text("Publish now").click()
        deadline, shown = time.monotonic() + 20, ""
        while "from Rotterdam." not in shown and time.monotonic() < deadline:
            time.sleep(0.3)
            shown = urllib.request.urlopen(
                origin + "articles/harbour-crane-arrives/", timeout=5).read().decode()
        assert "The largest crane yet, from Rotterdam." in shown
    finally:
        page.close()


def test_site_text_in_the_editor_stays_text(site: SiteFolder):
    site.article("one", tags=["[x](javascript:alert(1))", "`code` tag"],
                 section="<b>Motoring</b>")
    config = yaml.safe_load(cms_config(load_site(site.root)))
    fields = {field["name"]: field for field in config["collections"][0]["fields"]}
    assert "`[x](javascript:alert(1))`" in fields["tags"]["hint"]    # in code: no link
    assert "`'code' tag`" in fields["tags"]["hint"]
    assert fields["section"]["options"] == ["<b>Motoring</b>"]     # a select shows text
