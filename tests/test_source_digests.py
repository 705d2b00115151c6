"""A build reads again only the article files that changed since the last one (by their size,
times and inode), and never misses a change that keeps the size and modification time."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from conftest import SiteFolder, parse_html
from sitegen.content import source_digests
from sitegen.content.loader import LoadOptions
from sitegen.pipeline import build

NOW = LoadOptions(now=dt.datetime(2026, 6, 1, tzinfo=dt.timezone.utc))


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The article files read for their digests, build after build. Files written just now
    are trusted (the margin would otherwise leave every file of a test unread-trusted)."""
    monkeypatch.setattr(source_digests, "TRUST_AFTER_NS", 0)
    read: list[str] = []
    original = source_digests.read_bytes

    def counted(path, shown):
        read.append(shown)
        return original(path, shown)
    monkeypatch.setattr(source_digests, "read_bytes", counted)
    return read


def test_a_no_change_build_reads_no_article_and_an_edit_reads_one(site: SiteFolder,
                                                                  tmp_path: Path, reads):
    for name in ("one", "two", "three"):
        site.article(name, f"Body of {name}.")
    output = tmp_path / "out"
    build(site.root, output, options=NOW)
    assert sorted(set(reads)) == [f"content/articles/{name}.md" for name in ("one", "three", "two")]
    reads.clear()
    again = build(site.root, output, options=NOW)
    assert reads == [] and again.written == 0 and again.parsed == 0
    site.article("two", "Body of two, corrected.")
    edited = build(site.root, output, options=NOW)
    assert set(reads) == {"content/articles/two.md"} and edited.parsed == 1   # (and parsed)
    assert "corrected" in (output / "articles/two/index.html").read_text()


def test_an_edit_that_keeps_the_size_and_modification_time_is_seen(site: SiteFolder,
                                                                   tmp_path: Path, reads):
    path = site.article("one", "The first version.")
    output = tmp_path / "out"
    build(site.root, output, options=NOW)
    before = os.stat(path)
    path.write_text(path.read_text().replace("first", "later"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))     # as a careless tool might
    assert os.stat(path).st_size == before.st_size
    reads.clear()
    build(site.root, output, options=NOW)
    assert set(reads) == {"content/articles/one.md"}     # its change time moved
    assert "The later version." in parse_html(output / "articles/one/index.html").get_text()


def test_a_file_changed_just_before_a_build_is_read_again_by_the_next(site: SiteFolder,
                                                                      tmp_path: Path,
                                                                      monkeypatch):
    monkeypatch.setattr(source_digests, "TRUST_AFTER_NS", 10**15)     # nothing is old enough
    site.article("one", "Body.")
    output = tmp_path / "out"
    build(site.root, output, options=NOW)
    read: list[str] = []
    original = source_digests.read_bytes
    monkeypatch.setattr(source_digests, "read_bytes",
                        lambda path, shown: read.append(shown) or original(path, shown))
    again = build(site.root, output, options=NOW)
    assert read == ["content/articles/one.md"] and again.parsed == 0   # read, not parsed


def test_a_deleted_article_is_forgotten(site: SiteFolder, tmp_path: Path, reads):
    site.article("one")
    site.article("two")
    output = tmp_path / "out"
    build(site.root, output, options=NOW)
    (site.root / "content/articles/two.md").unlink()
    build(site.root, output, options=NOW)
    assert not (output / "articles/two").exists()
    site.article("two", "Back again.")
    reads.clear()
    build(site.root, output, options=NOW)
    assert set(reads) == {"content/articles/two.md"}
    assert "Back again." in (output / "articles/two/index.html").read_text()
