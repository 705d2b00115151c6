"""A damaged build cache is discarded with one warning line and the site built as from scratch;
a full disk under .cache/ is one error line and nothing published is lost (issue 12, item 10)."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
from contextlib import contextmanager, redirect_stderr
from io import StringIO
from pathlib import Path

import pytest

import build as cli
from conftest import SiteFolder, run_cli
from sitegen.preview.preview import Preview
from test_incremental import assert_same_tree

NOW = "2026-06-01T00:00:00+00:00"
ARTICLES = 40
BODY = "A paragraph of *reporting*, with [a link](https://example.org/) in it.\n\n" * 12


def newsroom(root: Path) -> SiteFolder:
    """Enough articles for a cache file of well over 16 KB."""
    site = SiteFolder(root)
    for number in range(ARTICLES):
        site.article(f"story-{number:02d}", body=f"{BODY}Story number {number}.",
                     tags=[f"Topic {number % 5}"])
    return site


def build(site: SiteFolder, output: Path) -> subprocess.CompletedProcess:
    result = run_cli("build", "--output", str(output), "--now", NOW, "--no-search",
                     root=site.root)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def clean_build(tmp_path_factory) -> Path:
    """The same site built once without any cache: what every build must equal."""
    site = newsroom(tmp_path_factory.mktemp("clean") / "site")
    output = site.root / "_site"
    build(site, output)
    return output


def cache_warnings(*results: subprocess.CompletedProcess) -> list[str]:
    lines = [line for result in results for line in result.stderr.splitlines()]
    assert all(line.startswith("warning: .cache") for line in lines), lines
    return lines


# Each way the file can be damaged, applied to the database of a finished build.
def overwrite_middle(fill: bytes):
    def damage(database: Path) -> None:
        with open(database, "r+b") as file:
            file.seek(database.stat().st_size // 2 // 4096 * 4096)
            file.write(fill)
    return damage


def truncate(database: Path) -> None:
    os.truncate(database, database.stat().st_size // 2)


def not_sqlite(database: Path) -> None:
    database.write_text("These are not the pages of a database.\n" * 400)


def rows(*statements: str):
    """Rows or tables changed behind the generator's back, with SQLite itself."""
    def damage(database: Path) -> None:
        with sqlite3.connect(database) as db:
            for statement in statements:
                db.execute(statement)
        db.close()
    return damage


def flip_bytes_in_a_record(database: Path) -> None:
    """Bytes flipped inside one stored pickle: SQLite reads the row without complaint."""
    with sqlite3.connect(database) as db:
        key, record = db.execute("SELECT key, record FROM records LIMIT 1 OFFSET 7").fetchone()
        damaged = bytearray(record)
        middle = len(damaged) // 2
        damaged[middle:middle + 8] = bytes(byte ^ 0xFF for byte in damaged[middle:middle + 8])
        db.execute("UPDATE records SET record = ? WHERE key = ?", (bytes(damaged), key))
    db.close()


def retitle_inside_a_record(database: Path) -> None:
    """Text changed inside a stored pickle: it still unpickles, to the wrong article."""
    with sqlite3.connect(database) as db:
        for key, record in db.execute("SELECT key, record FROM records").fetchall():
            if b"Story 07" in record:
                db.execute("UPDATE records SET record = ? WHERE key = ?",
                           (record.replace(b"Story 07", b"Story 99"), key))
    db.close()


DAMAGE = {
    "4 KB of zeros in the middle": overwrite_middle(bytes(4096)),
    "4 KB of random bytes in the middle": overwrite_middle(random.Random(12).randbytes(4096)),
    "truncated to half": truncate,
    "not SQLite at all": not_sqlite,
    "bytes flipped inside a stored pickle": flip_bytes_in_a_record,
    "a title changed inside a stored pickle": retitle_inside_a_record,
    "a truncated pickle": rows("UPDATE records SET record = substr(record, 1, 40)"),
    "text where a stored record should be": rows(
        "UPDATE records SET record = CAST(X'3C703EFFFE3C2F703E' AS TEXT)"),
    "undecodable text in a page name": rows(
        "UPDATE pages SET file = CAST(X'C328' AS TEXT) WHERE rowid = 3"),
    "a missing table": rows("DROP TABLE records"),
    "a table of the wrong shape": rows("ALTER TABLE pages RENAME COLUMN inputs TO digest"),
    "a first table of the wrong shape": rows("DROP TABLE meta", "CREATE TABLE meta (name)"),
}


@pytest.mark.parametrize("damage", list(DAMAGE), ids=list(DAMAGE))
def test_a_damaged_cache_is_discarded_with_one_warning(tmp_path: Path, clean_build: Path,
                                                         damage: str):
    site = newsroom(tmp_path / "site")
    published = site.root / "_site"
    build(site, published)
    database = site.root / ".cache" / "build.sqlite"
    assert database.stat().st_size > 16384
    DAMAGE[damage](database)

    everything = build(site, tmp_path / "everything")   # reads every record and body
    again = build(site, published)
    warnings = cache_warnings(everything, again)
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith("warning: .cache/build.sqlite: the build cache ")
    assert warnings[0].endswith(": discarded, building from scratch")
    assert_same_tree(tmp_path / "everything", clean_build, damage)
    assert_same_tree(published, clean_build, damage)
    remade = build(site, published)
    assert remade.stderr == ""
    assert f"{ARTICLES} articles from the cache" in remade.stdout


def folder_in_place(database: Path) -> None:
    for path in database.parent.iterdir():
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    (database / "notes").mkdir(parents=True)


def file_in_place_of_the_folder(database: Path) -> None:
    shutil.rmtree(database.parent)
    database.parent.write_text("not a folder\n")


@contextmanager
def read_only(folder: Path):
    """The folder read-only for the build: a read-only bind mount as root (whom permissions
    do not stop), permissions otherwise."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    mounted = subprocess.run(["mount", "--bind", "-o", "ro", str(folder), str(folder)],
                             capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount read-only: {mounted.stderr.decode().strip()}")
    try:
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=True)


@pytest.mark.parametrize("blocked", ["a folder where the file should be",
                                     "a file where the folder should be",
                                     "a read-only cache folder"])
def test_a_cache_that_cannot_be_written_leaves_the_build_without_one(
        tmp_path: Path, clean_build: Path, blocked: str):
    site = newsroom(tmp_path / "site")
    published = site.root / "_site"
    build(site, published)
    database = site.root / ".cache" / "build.sqlite"
    if blocked == "a read-only cache folder":
        with read_only(database.parent):
            results = [build(site, tmp_path / "everything"), build(site, published)]
    else:
        (folder_in_place if "file should" in blocked else file_in_place_of_the_folder)(database)
        results = [build(site, tmp_path / "everything"), build(site, published)]
    for result in results:
        warnings = cache_warnings(result)
        assert len(warnings) == 1, warnings
        assert warnings[0].startswith("warning: .cache/build.sqlite: cannot be used as the "
                                      "build cache (")
        assert warnings[0].endswith("): building without a cache")
        assert "0 articles from the cache" in result.stdout
    assert_same_tree(tmp_path / "everything", clean_build, blocked)
    assert_same_tree(published, clean_build, blocked)


def tree(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def test_a_full_disk_under_the_cache_is_one_error_and_keeps_the_site(tmp_path: Path,
                                                                      monkeypatch):
    """The disk fills while the build writes the cache: SQLite's own `database or disk is
    full`, made by capping the file at the pages it has."""
    site = newsroom(tmp_path / "site")
    published = site.root / "_site"
    build(site, published)
    before = tree(published)
    for number in range(ARTICLES):      # new conversions to store
        site.article(f"story-{number:02d}", body=f"{BODY}Edited story {number}.")
    real_connect = sqlite3.connect

    def connect_to_a_full_disk(*args, **kwargs):
        db = real_connect(*args, **kwargs)
        db.execute("PRAGMA max_page_count = 1")     # no more pages than it has now
        return db

    monkeypatch.setattr(sqlite3, "connect", connect_to_a_full_disk)
    stderr = StringIO()
    with redirect_stderr(stderr):
        code = cli.main(["--root", str(site.root), "build", "--output", str(published),
                         "--now", NOW, "--no-search"])
    assert code == 1
    assert stderr.getvalue().splitlines() == [
        "error: .cache/build.sqlite: the disk is full (database or disk is full); "
        "free some space and build again"]
    assert tree(published) == before


def test_a_full_disk_under_the_cache_on_a_real_file_system(tmp_path: Path):
    """The same with .cache/ on a tiny tmpfs of its own (where mounting is allowed)."""
    site = newsroom(tmp_path / "site")
    published = site.root / "_site"
    build(site, published)
    before = tree(published)
    cache = site.root / ".cache"
    shutil.rmtree(cache)
    cache.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=48k", "tmpfs", str(cache)],
                             capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {mounted.stderr.decode().strip()}")
    try:
        result = run_cli("build", "--output", str(published), "--now", NOW, "--no-search",
                         root=site.root)
    finally:
        subprocess.run(["umount", str(cache)], check=True)
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines() == [
        "error: .cache/build.sqlite: the disk is full (database or disk is full); "
        "free some space and build again"]
    assert tree(published) == before


@pytest.mark.parametrize("damage", ["4 KB of zeros in the middle",
                                    "bytes flipped inside a stored pickle"])
def test_the_preview_survives_a_damaged_cache(tmp_path: Path, clean_build: Path,
                                              damage: str, capsys):
    """`make serve` on a damaged cache, and the cache deleted while it serves."""
    site = newsroom(tmp_path / "site")
    build(site, site.root / "_site")
    DAMAGE[damage](site.root / ".cache" / "build.sqlite")
    output = tmp_path / "preview"
    preview = Preview(site.root, output, "https://news.example.org/", quiet=True)
    preview.rebuild()
    assert preview.error is None
    assert "Story number 7." in (output / "articles/story-07/index.html").read_text()
    assert "Story 07" in (output / "articles/story-07/index.html").read_text()
    warnings = capsys.readouterr().err.splitlines()
    assert len(warnings) == 1 and warnings[0].startswith("warning: .cache/build.sqlite: ")

    shutil.rmtree(site.root / ".cache")
    story = site.article("story-03", body=f"{BODY}Story number 3, updated.")
    preview.rebuild({story})
    assert preview.error is None
    assert "Story number 3, updated." in (output / "articles/story-03/index.html").read_text()
    assert "Story number 7." in (output / "articles/story-07/index.html").read_text()
    assert (site.root / ".cache" / "build.sqlite").is_file()
