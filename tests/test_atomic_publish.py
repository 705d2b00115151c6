"""Publishing is atomic as a reader sees it: killed at any moment, a build leaves `_site` the
complete old site or the complete new one, and the next build cleans up after it."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from conftest import PROJECT, SiteFolder, build_leftovers, run_cli
from sitegen.publish import writer
from sitegen.content.loader import LoadOptions
from sitegen.pipeline import build

ARTICLES = 300          # enough for worker processes and a publish phase worth aiming at
SAMPLES = ["index.html", "articles/story-150/index.html", "articles/story-000/index.html",
           "articles/extra/index.html", "feed.xml", "tags/tag-3/index.html",
           "search-index/shard-0/meta.json"]


def manifest(folder: Path) -> dict[str, str]:
    """Every file of a site by its path, with a hash of its bytes."""
    return {path.relative_to(folder).as_posix():
            hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def sample(folder: Path) -> tuple[bytes | None, ...]:
    """The bytes of a few files (None for one missing)."""
    def read(key: str) -> bytes | None:
        try:
            return (folder / key).read_bytes()
        except OSError:
            return None
    return tuple(read(key) for key in SAMPLES)


def leftovers(root: Path) -> list[str]:
    """What builds left: besides the cache, the output link and its versions (see
    build_leftovers), nothing in the site's folder but its sources and the references."""
    return sorted(build_leftovers(root) + [
        name for name in os.listdir(root)
        if name not in ("content", "templates", "static", "site.yml", ".cache", "_site",
                        ".site-builds", "reference-old", "reference-new")])


class Newsroom:
    """A site of a few hundred articles in two states that differ in nearly every file: a
    footer in every page, an article added, another removed."""

    def __init__(self, site: SiteFolder):
        self.site = site
        for number in range(ARTICLES):
            site.article(f"story-{number:03d}", f"Words of story {number}. " * 30,
                         tags=[f"Tag {number % 10}"], date=f"2026-01-{number % 28 + 1:02d}")
        self.base = site.root / "templates/base.html"
        self.footer = self.base.read_text(encoding="utf-8")

    def set(self, state: str) -> None:
        new = state == "new"
        self.base.write_text(self.footer.replace("</footer>", "<p>New footer</p></footer>")
                             if new else self.footer, encoding="utf-8")
        extra, first = (self.site.root / "content/articles" / name for name in
                        ("extra.md", "story-000.md"))
        if new:
            self.site.article("extra", "An extra story.", date="2026-02-01")
            first.rename(first.with_suffix(".hidden"))
        elif extra.exists():
            extra.unlink()
            first.with_suffix(".hidden").rename(first)


class Reader(threading.Thread):
    """Reads a few files through `_site` (resolved once per round, as a server resolves a
    path) over and over; collects each round that is neither the old site nor the new one."""

    def __init__(self, output: Path, allowed: set[tuple]):
        super().__init__(daemon=True)
        self.output, self.allowed = output, allowed
        self.rounds, self.mixtures, self.running = 0, [], True

    def run(self) -> None:
        while self.running:
            folder = os.path.realpath(self.output)
            seen = sample(Path(folder))
            # A round during which the link moved may find its version being deleted: a reader
            # resolving the path again gets the new one.
            if os.path.realpath(self.output) == folder:
                self.rounds += 1
                if seen not in self.allowed:
                    self.mixtures.append(folder)
            time.sleep(0.005)


def test_a_build_killed_at_any_moment_leaves_the_old_or_the_new_site(site: SiteFolder):
    newsroom = Newsroom(site)
    root, output = site.root, site.root / "_site"
    references = {}
    for state in ("new", "old"):
        newsroom.set(state)
        references[state] = manifest(site.build(output=root / f"reference-{state}"))
    samples = {sample(root / f"reference-{state}") for state in ("old", "new")}
    site.build()                                            # _site: the old site
    command = [sys.executable, str(PROJECT / "build.py"), "--root", str(root), "build"]
    reader = Reader(output, samples)
    reader.start()
    state, outcomes, durations = "old", [], []
    try:
        # Kill points spread over the whole run, most in its last third, where files are
        # published; as fractions of how long the last whole builds took (the machine may be
        # busy). A build after one that finished has nothing to do: its time is not counted.
        for fraction in [None, 0.2, 0.4, 0.6] + [0.7 + 0.05 * step for step in range(11)]:
            target = "new" if state == "old" else "old"
            newsroom.set(target)
            if fraction is not None:
                delay = fraction * statistics.median(durations[-3:])
                build_process = subprocess.Popen(command, stdout=subprocess.DEVNULL,
                                                 stderr=subprocess.DEVNULL,
                                                 start_new_session=True)
                time.sleep(delay)
                finished = build_process.poll() is not None
                try:
                    os.killpg(build_process.pid, signal.SIGKILL)    # the build and its workers
                except ProcessLookupError:
                    pass
                build_process.wait()
                seen = manifest(output)
                assert seen in (references[state], references[target]), (
                    f"killed {delay:.2f} s into a build from {state} to {target}: a mixture")
                outcomes.append("finished" if finished else
                                "old" if seen == references[state] else "new")
            started = time.perf_counter()
            result = subprocess.run(command, capture_output=True, text=True)  # repairs all
            if not outcomes or outcomes[-1] == "old":
                durations.append(time.perf_counter() - started)
            assert result.returncode == 0, result.stderr
            assert manifest(output) == references[target]
            assert leftovers(root) == [], f"after a kill at {fraction} of a build"
            state = target
    finally:
        reader.running = False
        reader.join()
    print("kills:", outcomes, "builds:", [round(seconds, 2) for seconds in durations])
    assert "old" in outcomes, outcomes                      # some kills landed before the switch
    assert reader.rounds > 100 and reader.mixtures == [], reader.mixtures[:3]


HOLD_AND_FORK = """
import os, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from sitegen.publish.publish_switch import output_lock
with output_lock(Path(sys.argv[2])):
    if os.fork() == 0:              # a worker process: it inherits the lock file's descriptor
        time.sleep(120)
        os._exit(0)
    print("locked", flush=True)
    time.sleep(120)
"""


def test_a_killed_build_never_leaves_its_workers_holding_the_lock(site: SiteFolder):
    site.article("one")
    output = site.root / "_site"
    holder = subprocess.Popen([sys.executable, "-c", HOLD_AND_FORK, str(PROJECT), str(output)],
                              stdout=subprocess.PIPE, text=True, start_new_session=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        holder.kill()                               # kill -9 of the build, not of its worker
        holder.wait()
        started = time.perf_counter()
        result = run_cli("build", root=site.root)
        assert result.returncode == 0 and "waiting" not in result.stderr, result.stderr
        assert time.perf_counter() - started < 60
    finally:
        os.killpg(holder.pid, signal.SIGKILL)
        holder.stdout.close()


NOW = LoadOptions(now=dt.datetime(2026, 6, 1, tzinfo=dt.timezone.utc))


def test_a_no_change_build_keeps_its_version_and_a_change_links_the_unchanged(
        site: SiteFolder):
    site.article("one")
    site.article("two")
    output = site.root / "_site"
    build(site.root, output, options=NOW)
    link, files = os.readlink(output), manifest(output)
    inodes = {name: (output / name).stat().st_ino for name in files}
    assert build(site.root, output, options=NOW).written == 0
    assert os.readlink(output) == link and manifest(output) == files
    assert build_leftovers(site.root) == []
    site.article("three")
    build(site.root, output, options=NOW)
    assert os.readlink(output) != link and build_leftovers(site.root) == []
    unchanged = [name for name, digest in manifest(output).items()     # the search index is
                 if files.get(name) == digest and not name.startswith("search-index/")]   # redone
    assert "articles/one/index.html" in unchanged and any(n.startswith("css/") for n in unchanged)
    assert all((output / name).stat().st_ino == inodes[name] for name in unchanged)


def test_where_files_cannot_be_linked_they_are_copied(site: SiteFolder, tmp_path: Path,
                                                      monkeypatch):
    site.article("one", tags=["Cars"])
    site.article("two")
    output = site.root / "_site"
    build(site.root, output, options=NOW)

    def no_links(source, target):
        raise OSError(errno.EXDEV, "Invalid cross-device link", str(source))

    monkeypatch.setattr(writer.os, "link", no_links)
    site.article("three")
    result = build(site.root, output, options=NOW)
    assert result.written and result.unchanged
    clean = build(site.root, tmp_path / "clean", options=NOW, use_cache=False)
    assert clean and manifest(output) == manifest(tmp_path / "clean")


def test_a_version_left_half_written_is_mended_when_it_is_used_again(site: SiteFolder,
                                                                      tmp_path: Path):
    site.article("one")
    output = site.root / "_site"
    for number in ("two", "three"):         # the second switch keeps a version to reuse
        site.article(number)
        build(site.root, output, options=NOW)
    versions = site.root / ".site-builds/_site"
    kept, = [version for version in versions.iterdir()
             if version != Path(os.path.realpath(output)).parent]
    # as a build killed while writing leaves it: some files replaced, a stray one, a link
    (kept / "site/about").symlink_to("/etc")
    for key in ("index.html", "articles/one/index.html", "feed.xml", "stray.html"):
        (kept / "site" / key).parent.mkdir(parents=True, exist_ok=True)
        (kept / "site" / key).unlink(missing_ok=True)       # never written into: it is linked
        (kept / "site" / key).write_text("STALE", encoding="utf-8")
    (kept / "tmp12345678").mkdir()          # a scratch folder (older builds made them)
    site.article("four")
    build(site.root, output, options=NOW)
    assert Path(os.path.realpath(output)).parent == kept
    build(site.root, tmp_path / "clean", options=NOW, use_cache=False)
    assert manifest(output) == manifest(tmp_path / "clean")
    assert build_leftovers(site.root) == []
