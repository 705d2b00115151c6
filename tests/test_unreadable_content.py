"""An unreadable content folder or file is one error naming it, not a site without it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import build
from conftest import PROJECT, SiteFolder


def build_in_process(site: SiteFolder, capsys) -> tuple[int, list[str]]:
    code = build.main(["--root", str(site.root), "build", "--output", str(site.root / "_site"),
                       "--no-search", "--quiet"])
    return code, capsys.readouterr().err.splitlines()


def published(out: Path) -> dict:
    return {path: path.read_bytes() for path in out.rglob("*") if path.is_file()}


@pytest.mark.parametrize("folder", ["authors", "articles", "pages"])
def test_an_unreadable_folder(site: SiteFolder, monkeypatch, capsys, folder: str):
    """Read as empty, content/articles/ would publish a site without articles."""
    site.article("story")
    site.write("content/pages/about.md", "---\ntitle: About\n---\n\nUs.\n")
    out = site.build()
    before = published(out)
    denied = site.root / "content" / folder
    real_listdir = os.listdir

    def listdir(path="."):
        if Path(path) == denied:
            raise PermissionError(13, "Permission denied", str(path))
        return real_listdir(path)

    monkeypatch.setattr(os, "listdir", listdir)
    assert build_in_process(site, capsys) == (
        1, [f"error: content/{folder}/: cannot read the folder (Permission denied)"])
    assert published(out) == before


@pytest.mark.parametrize("relative", ["content/authors/ada.yml", "content/articles/story.md",
                                      "content/pages/about.md", "site.yml"])
def test_an_unreadable_file(site: SiteFolder, monkeypatch, capsys, relative: str):
    site.article("story")
    site.write("content/pages/about.md", "---\ntitle: About\n---\n\nUs.\n")
    denied = site.root / relative
    real_read_bytes = Path.read_bytes

    def read_bytes(path: Path) -> bytes:
        if path == denied:
            raise PermissionError(13, "Permission denied", str(path))
        return real_read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    assert build_in_process(site, capsys) == (
        1, [f"error: {relative}: cannot read the file (Permission denied)"])


def run_bound_by_permissions(site: SiteFolder) -> subprocess.CompletedProcess:
    """Build in a real process that file modes bind: as root, one without the capabilities
    that override them (what a chmod means to every other user)."""
    command = [sys.executable, str(PROJECT / "build.py"), "--root", str(site.root), "build",
               "--output", str(site.root / "_site"), "--no-search"]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("root reads files whatever their mode, and setpriv is not installed")
        caps = "-dac_override,-dac_read_search"
        command = [setpriv, f"--bounding-set={caps}", f"--inh-caps={caps}", *command]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("relative, expected", [
    ("content/authors", "content/authors/: cannot read the folder (Permission denied)"),
    ("content/articles", "content/articles/: cannot read the folder (Permission denied)"),
    ("content/articles/story.md", "content/articles/story.md: cannot read the file "
                                  "(Permission denied)"),
])
def test_made_unreadable_with_chmod(site: SiteFolder, relative: str, expected: str):
    site.article("story")
    denied = site.root / relative
    mode = denied.stat().st_mode
    denied.chmod(0)
    try:
        result = run_bound_by_permissions(site)
    finally:
        denied.chmod(mode)
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines() == [f"error: {expected}"]


def test_a_file_where_a_folder_belongs(site: SiteFolder):
    site.article("story")
    shutil.rmtree(site.root / "content" / "pages")
    site.write("content/pages", "not a folder\n")
    assert site.build_fails() == "error: content/pages/: cannot read the folder (Not a directory)"
