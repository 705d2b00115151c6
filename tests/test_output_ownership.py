"""An output is replaced only when this generator provably built it, and a refused build
writes nothing at all; what killed builds left behind is removed, and nothing else."""

from __future__ import annotations

import os
import shutil
import subprocess
from contextlib import redirect_stderr
from io import StringIO
from pathlib import Path

import pytest

import build as cli
from conftest import PROJECT, SiteFolder, build_leftovers, run_cli

FOREIGN = "the output folder is not empty and was not built by this generator"


def everything(folder: Path) -> dict[str, object]:
    """Every entry under `folder`: a file's bytes, a link's target, a folder as "folder"."""
    found: dict[str, object] = {}
    for top, folders, files in os.walk(folder):
        for name in folders + files:
            path = Path(top, name)
            key = path.relative_to(folder).as_posix()
            if path.is_symlink():
                found[key] = ("link", os.readlink(path))
            elif path.is_dir():
                found[key] = "folder"
            else:
                found[key] = path.read_bytes()
    return found


def fill(folder: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_text(text, encoding="utf-8")


A_SITE_OF_SOMEONE_ELSE = {"index.html": "<h1>My own page</h1>",
                          "notes/important.txt": "do not lose this",
                          "thesis.docx": "years of work"}


def foreign_site_folder(site: SiteFolder) -> tuple[Path, str]:
    fill(site.root / "_site", A_SITE_OF_SOMEONE_ELSE)
    return site.root / "_site", FOREIGN


def foreign_folder_elsewhere(site: SiteFolder) -> tuple[Path, str]:
    fill(site.root.parent / "documents", A_SITE_OF_SOMEONE_ELSE)
    return site.root.parent / "documents", FOREIGN


def git_folder(site: SiteFolder) -> tuple[Path, str]:
    fill(site.root / ".git", {"HEAD": "ref: refs/heads/main\n", "config": "[core]\n",
                              "objects/ab/cdef0123": "blob"})
    return site.root / ".git", FOREIGN


def a_file(site: SiteFolder) -> tuple[Path, str]:
    (site.root / "_site").write_text("a file, not a folder", encoding="utf-8")
    return site.root / "_site", "the output is a file, not a folder"


def a_link_elsewhere(site: SiteFolder) -> tuple[Path, str]:
    fill(site.root.parent / "elsewhere", {"index.html": "<p>elsewhere</p>"})
    (site.root / "_site").symlink_to("../elsewhere")
    return site.root / "_site", "the output is a link to ../elsewhere, which this generator " \
                                "did not make"


def a_version_without_marker(site: SiteFolder) -> tuple[Path, str]:
    fill(site.root / ".site-builds/_site/by-hand/site", {"index.html": "<p>by hand</p>"})
    (site.root / "_site").symlink_to(".site-builds/_site/by-hand/site")
    return site.root / "_site", ("the output links to .site-builds/_site/by-hand/site, which "
                                 "holds no build of this generator")


def the_builds_folder(site: SiteFolder) -> tuple[Path, str]:
    return site.root / ".site-builds", "the output cannot be .site-builds/ or inside it"


def the_sources(site: SiteFolder) -> tuple[Path, str]:
    return site.root / "content", "the output folder would replace the site's own files"


def the_project_root(site: SiteFolder) -> tuple[Path, str]:
    return site.root, "the output folder would replace the site's own files"


@pytest.mark.parametrize("make_output", [
    foreign_site_folder, foreign_folder_elsewhere, git_folder, a_file, a_link_elsewhere,
    a_version_without_marker, the_builds_folder, the_sources, the_project_root])
def test_an_output_this_generator_did_not_build_is_refused_and_nothing_is_written(
        site: SiteFolder, make_output):
    site.article("one")
    output, message = make_output(site)
    before = everything(site.root.parent)
    result = run_cli("build", "--output", str(output), root=site.root)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.splitlines()[0].startswith(f"error: {output}: {message}"), result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr
    # every file keeps its bytes, and nothing is added: no lock, no .site-builds/, no cache
    assert everything(site.root.parent) == before


def test_the_default_output_holding_someone_elses_files_is_refused(site: SiteFolder):
    site.article("one")
    fill(site.root / "_site", A_SITE_OF_SOMEONE_ELSE)
    result = run_cli("build", root=site.root)
    assert result.returncode == 1
    assert result.stderr == f"error: {site.root / '_site'}: {FOREIGN}, so nothing in it was " \
                            "touched; move it away (a site built by an older version may " \
                            "simply be deleted) or choose a new or empty folder\n"
    assert {name: value for name, value in everything(site.root / "_site").items()
            if value != "folder"} == {name: text.encode()
                                      for name, text in A_SITE_OF_SOMEONE_ELSE.items()}
    assert not (site.root / ".site-builds").exists()


@pytest.mark.parametrize("state", ["missing", "empty folder", "link whose versions were deleted"])
def test_a_missing_or_empty_output_or_an_own_dangling_link_is_built(site: SiteFolder, state):
    site.article("one")
    output = site.root / "_site"
    if state == "empty folder":
        output.mkdir()
    elif state == "link whose versions were deleted":
        site.build()
        shutil.rmtree(site.root / ".site-builds")
    site.build()
    assert output.is_symlink() and (output / "articles/one/index.html").is_file()
    assert os.readlink(output).startswith(".site-builds/_site/")


MOUNT_POINT = ("the output folder is a mount point, which a build cannot replace (it switches "
               "the name _site to each new version); mount the folder above it instead, so "
               "that _site and .site-builds/ beside it are on the mounted disk, or choose "
               "another --output")


def test_a_mount_point_as_output_is_refused_with_what_to_do(site: SiteFolder, monkeypatch):
    site.article("one")
    fill(site.root / "_site", {"kept.txt": "on the mounted disk"})
    before = everything(site.root)
    real_ismount = os.path.ismount
    monkeypatch.setattr(os.path, "ismount",
                        lambda path: Path(path) == site.root / "_site" or real_ismount(path))
    stderr = StringIO()
    with redirect_stderr(stderr):
        code = cli.main(["--root", str(site.root), "build"])
    assert code == 1
    assert stderr.getvalue() == f"error: {site.root / '_site'}: {MOUNT_POINT}\n"
    assert everything(site.root) == before


def test_a_real_bind_mount_as_output_is_refused(site: SiteFolder):
    site.article("one")
    output = site.root / "_site"
    output.mkdir()
    mounted = subprocess.run(["mount", "--bind", str(output), str(output)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot bind-mount here: {mounted.stderr.strip()}")
    try:
        result = run_cli("build", root=site.root)
        assert result.returncode == 1
        assert result.stderr == f"error: {output}: {MOUNT_POINT}\n"
        assert os.listdir(output) == [] and not (site.root / ".site-builds").exists()
    finally:
        subprocess.run(["umount", str(output)], check=True)


def test_leftovers_of_killed_builds_are_removed_and_nothing_else(site: SiteFolder):
    site.article("one")
    site.build()
    root = site.root
    current = Path(os.path.realpath(root / "_site")).parent
    leftovers = {  # as the builds before .site-builds/ left them beside the output, and now
        "_site.staging-abcd1234/index.html": "<p>half a site</p>",
        "_site.staging-abcd1234/articles/one/index.html": "<p>one</p>",
        "_site.old-x1y2_3w4/0": "<p>retired</p>",
        "tmpq9w8e7r6/articles/one/index.html": "<p>for pagefind</p>",
        ".site-builds/_site/build-killed01/.sitegen-build": "",
        ".site-builds/_site/build-killed01/site/index.html": "<p>never switched</p>",
        ".site-builds/_site/build-killed01/tmp3fj2k1l0/articles/one/index.html": "<p>x</p>",
        ".site-builds/_site/build-killed02/.sitegen-build": "",
    }
    fill(root, leftovers)
    (root / "tmpa1b2c3d4").mkdir()                              # pagefind scratch, empty
    (root / "_site.lock").write_text("", encoding="utf-8")     # the old lock file
    (root / ".site-builds/_site/build-killed02/link").symlink_to("x")
    lookalikes = {  # named alike but not what a build made: kept byte for byte
        "tmpabcdefgh/articles/x/index.html": "<p>mine</p>",
        "tmpabcdefgh/thesis.docx": "years of work",
        "tmpzyxwvuts/articles/notes.txt": "my notes",
        "tmp-notes/articles/a.html": "mine too",
        "_site.staging-notes-2024/plan.txt": "a plan",
        "_site.old/backup.txt": "a backup",
        "_site.lock.txt": "not a lock",
        "other.lock": "",
    }
    fill(root, lookalikes)
    kept = {name: value for name, value in everything(root).items()
            if name.split("/")[0] in {key.split("/")[0] for key in lookalikes}}
    site.article("two")
    site.build()
    for name in ("_site.staging-abcd1234", "_site.old-x1y2_3w4", "tmpq9w8e7r6", "tmpa1b2c3d4",
                 "_site.lock"):
        assert not (root / name).exists(), name
    new = Path(os.path.realpath(root / "_site")).parent
    assert new != current and build_leftovers(root) == [      # only the lookalikes are left
        "_site.staging-notes-2024", "tmp-notes", "tmpabcdefgh", "tmpzyxwvuts"]
    assert sorted(os.listdir(root / ".site-builds")) == ["_site", "_site.lock"]
    assert {name: value for name, value in everything(root).items()
            if name.split("/")[0] in {key.split("/")[0] for key in lookalikes}} == kept


def test_the_versions_folder_is_ignored_by_git_and_removed_by_make_clean(tmp_path: Path):
    shutil.copy(PROJECT / ".gitignore", tmp_path / ".gitignore")
    shutil.copy(PROJECT / "Makefile", tmp_path / "Makefile")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    fill(tmp_path, {".site-builds/_site/build-1/site/index.html": "x",
                    ".site-builds/_site/build-1/.sitegen-build": "", ".site-builds/_site.lock": "",
                    "_site.staging-abcd1234/index.html": "x"})
    (tmp_path / "_site").symlink_to(".site-builds/_site/build-1/site")
    status = subprocess.run(["git", "-C", str(tmp_path), "status", "--porcelain",
                             "--untracked-files=all"], capture_output=True, text=True, check=True)
    assert status.stdout.splitlines() == ["?? .gitignore", "?? Makefile"]
    subprocess.run(["make", "-s", "-C", str(tmp_path), "clean"], check=True, capture_output=True)
    assert sorted(os.listdir(tmp_path)) == [".git", ".gitignore", "Makefile"]
