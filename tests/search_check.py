"""`make bench`: the search page finds the same in the benchmark's site, built incrementally
through its edits, as in a build of the same files from scratch (in a real browser)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from browser_tools import CHROMIUM_FLAGS, SiteServer, chromium_path

PROJECT = Path(__file__).resolve().parent.parent
# A word only in the edited articles, a phrase, title words, a word of the FAQ answers (and
# everywhere else), a tag's name, a word in one tag's stories, the start of a word.
QUERIES = [("edit", ""), ('"supply chain"', ""), ("story 42", ""), ("lithium", ""),
           ("battery tech", ""), ("cabin", "&tag=Battery Tech"), ("torq", "")]


def compare_with_scratch(root: Path, scratch: Path) -> None:
    shutil.copytree(root, scratch, ignore=shutil.ignore_patterns(
        ".cache", "_site", ".site-builds", ".preview"))
    subprocess.run([sys.executable, str(PROJECT / "build.py"), "--root", str(scratch), "build",
                    "--quiet"], check=True)
    found = []
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        page = browser.new_page()
        for site in (root, scratch):
            # Each at /bench/, the corpus's base path, by a server of its own
            with tempfile.TemporaryDirectory() as served:
                (Path(served) / "bench").symlink_to((site / "_site").resolve())
                with SiteServer(Path(served)) as server:
                    found.append([_results(page, f"{server.origin}/bench/search/?q={q}{f}")
                                  for q, f in QUERIES])
        browser.close()
    for (query, filters), incremental, fresh in zip(QUERIES, *found):
        if incremental != fresh or not incremental:
            raise SystemExit(f"search results differ for {query!r}{filters}: "
                             f"{incremental[:3]} against {fresh[:3]}")
    counts = ", ".join(f"{query or filters}: {len(results)}"
                       for (query, filters), results in zip(QUERIES, found[0]))
    print(f"search: the same results incrementally and from scratch ({counts})")


def _results(page, address: str) -> list[list[str]]:
    page.goto(address)
    page.wait_for_function(
        "/found|match|not available/.test(document.getElementById('search-status').textContent)",
        timeout=60000)
    return page.eval_on_selector_all("#search-results li", """items => items.map(li =>
        [li.querySelector('h2 a').getAttribute('href'), li.textContent])""")
