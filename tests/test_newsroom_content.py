"""The tests of the project's own content keep passing once editors publish more: a copy of the
project gets articles newer and older than the seed, one on the seed's day, tags (the seed's
too), a new author and a draft, and its `project_content` tests run against it. The browser
tests are left out (they take minutes); they find the seed by its address, not its position."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import PROJECT, run_cli
from photo_tools import make_photo

SEED = "content/articles/mg4-semi-solid-state-battery-ev-reaches-100000.md"
NOT_COPIED = (".git", ".venv", "node_modules", "_site", "_site.*", ".site-builds", ".preview*",
              ".cache", "__pycache__", ".pytest_cache")
MORE_CONTENT = {
    "content/authors/maria-lopez.yml":
        'name: "Maria Lopez"\nrole: "Energy Reporter"\nbio: "Maria covers batteries."\n',
    "content/articles/charging-networks-double.md":
        '---\ntitle: "Charging Networks Double Across Europe"\ndate: 2026-05-20T08:00:00\n'
        "author: maria-lopez\ndescription: \"Public chargers doubled in a year.\"\n"
        "tags: [Batteries, Charging]\n---\n\nPublic chargers doubled in a year.\n\n"
        "## Where they went\n\nMostly along motorways.\n",
    "content/articles/the-first-electric-hatchbacks.md":
        '---\ntitle: "The First Electric Hatchbacks, Ten Years On"\ndate: 2025-11-20\n'
        'author: sebastian-wolf\ndescription: "Small, slow and the start of it all."\n---\n\n'
        "The first electric hatchbacks were small and slow.\n",
    "content/articles/semi-solid-state-cells-explained.md":
        '---\ntitle: "Semi-Solid-State Cells Explained"\ndate: 2026-05-14T12:00:00\n'
        "author: [sebastian-wolf, maria-lopez]\ndescription: \"What the gel is for.\"\n"
        "tags: [Batteries, MG]\nimage:\n  src: images/battery-cell.jpg\n"
        '  alt: "A battery cell"\n---\n\nA gel-like electrolyte replaces most of the liquid.\n',
    "content/articles/a-draft-in-progress.md":
        '---\ntitle: "A Draft in Progress"\ndate: 2026-05-30\nauthor: maria-lopez\n'
        'description: "Not ready."\ndraft: true\n---\n\nNot ready.\n',
}


def newsroom_copy(folder: Path) -> Path:
    """The project as an editor's clone would be, with more articles in content/."""
    root = folder / "project"
    shutil.copytree(PROJECT, root, symlinks=True, ignore=shutil.ignore_patterns(*NOT_COPIED))
    if (PROJECT / "node_modules").is_dir():     # the HTML checker, where it is installed
        (root / "node_modules").symlink_to(PROJECT / "node_modules")
    for relative, text in MORE_CONTENT.items():
        (root / relative).write_text(text, encoding="utf-8")
    make_photo(root / "static/images/battery-cell.jpg", size=(2400, 1600), gps=True)
    seed = root / SEED
    seed.write_text(seed.read_text(encoding="utf-8").replace(
        "\nauthor:", "\ntags: [Batteries, MG]\nauthor:", 1), encoding="utf-8")
    return root


def test_content_tests_pass_with_more_articles_authors_and_tags(tmp_path: Path):
    root = newsroom_copy(tmp_path)
    output = tmp_path / "built"
    result = run_cli("build", "--no-search", "--output", str(output), root=root)
    assert result.returncode == 0, result.stderr
    assert sorted(path.parent.name for path in (output / "articles").glob("*/index.html")) == [
        "charging-networks-double", "mg4-semi-solid-state-battery-ev-reaches-100000",
        "semi-solid-state-cells-explained", "the-first-electric-hatchbacks"]

    inner = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-rA",
         "-m", "project_content", "--basetemp", str(tmp_path / "inner"), "tests"],
        cwd=root, capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    assert inner.returncode == 0, inner.stdout[-4000:] + inner.stderr[-2000:]
    passed = {line.split("::")[-1] for line in inner.stdout.splitlines()
              if line.startswith("PASSED ")}
    assert {"test_every_line_of_the_seed_appears_in_order",
            "test_seed_is_listed_on_the_home_page_newest_first",
            "test_search_page_and_an_index_of_articles_only",
            "test_the_seed_articles_slips_are_warnings_with_their_lines",
            "test_crawl_the_project_from_the_home_page_under_the_subpath",
            "test_project_under_a_subpath"} <= passed, inner.stdout[-4000:]
