"""A worker process that fails or dies fails the build once, with one line; no build hangs and
no worker outlives its build (issue 12, item 9: `.cache/` deleted during a build)."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import PROJECT, SiteFolder
from sitegen import parallel
from sitegen.errors import SiteError
from test_incremental import assert_same_tree

NOW = "2026-06-01T00:00:00+00:00"
BODY = "A paragraph of *reporting*, with [a link](https://example.org/) in it.\n\n" * 8


@contextmanager
def within(seconds: int):
    """Fail, rather than hang, when the block takes longer."""
    def too_long(signum, frame):
        raise TimeoutError(f"still running after {seconds} s")
    previous = signal.signal(signal.SIGALRM, too_long)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def two_workers(monkeypatch):
    """The pool for a handful of items, with two workers, on any machine."""
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    monkeypatch.setattr(parallel, "CHUNK", 2)
    monkeypatch.setattr(parallel, "cores", lambda: 2)


def in_worker(action):
    """A task that does `action` in a worker process, for the chunk holding item 7."""
    parent = os.getpid()

    def task(chunk):
        if 7 in chunk:
            assert os.getpid() != parent, "the task ran in the parent process"
            action()
        return sum(chunk)
    return task


def failing_start():
    raise SiteError("the worker cannot start", "content/articles/x.md", 3)


def raise_site_error():
    raise SiteError("bad front matter", "content/articles/y.md", 4, "title")


FAILURES = {
    "the initializer raises": (failing_start, lambda chunk: sum(chunk),
                               "content/articles/x.md:3: the worker cannot start"),
    "the initializer dies": (lambda: os._exit(3), lambda chunk: sum(chunk),
                             "a worker process ended abruptly (killed, or out of memory?)"),
    "a task raises": (None, in_worker(raise_site_error),
                      "content/articles/y.md:4: field 'title': bad front matter"),
    "a worker is killed": (None, in_worker(lambda: os.kill(os.getpid(), signal.SIGKILL)),
                           "a worker process ended abruptly (killed, or out of memory?)"),
    "a worker exits": (None, in_worker(lambda: os._exit(0)),
                       "a worker process ended abruptly (killed, or out of memory?)"),
}


@pytest.mark.parametrize("failure", list(FAILURES), ids=list(FAILURES))
def test_a_failing_worker_fails_the_map_once_and_quickly(two_workers, capfd, failure: str):
    initializer, task, message = FAILURES[failure]
    started = time.monotonic()
    with within(30), pytest.raises(SiteError) as raised:
        list(parallel.map_chunks(task, list(range(40)), initializer))
    assert str(raised.value) == message
    assert time.monotonic() - started < 20
    assert multiprocessing.active_children() == []
    assert "Traceback" not in capfd.readouterr().err
    assert list(parallel.map_chunks(sum, list(range(40)))) == [n + n + 1 for n in range(0, 40, 2)]


def processes_of(root: Path) -> list[int]:
    """Live processes started for the site in `root` (workers share their parent's command)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and str(root).encode() in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            pass
    return found


def no_process_left(root: Path) -> bool:
    """Whether every process of the site's builds ends within 10 s (any left are killed)."""
    deadline = time.monotonic() + 10
    while processes_of(root) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = processes_of(root)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    return not left


@pytest.fixture(scope="module")
def large_site(tmp_path_factory) -> tuple[SiteFolder, Path]:
    """A site large enough to be loaded and rendered by worker processes, and its clean build."""
    if parallel.cores() < 2 or not Path("/proc/self/cmdline").exists():
        pytest.skip("needs two cores (builds use worker processes) and /proc")
    site = SiteFolder(tmp_path_factory.mktemp("large") / "site")
    for number in range(parallel.MIN_ITEMS + 60):
        site.article(f"story-{number:03d}", body=f"{BODY}Story {number}.",
                     tags=[f"Topic {number % 7}"])
    clean = site.build("--no-search", "--now", NOW, output=site.root.parent / "clean")
    shutil.rmtree(site.root / ".cache")
    return site, clean


def start_build(site: SiteFolder) -> subprocess.Popen:
    for leftover in (site.root / ".cache", site.root / "_site"):
        shutil.rmtree(leftover, ignore_errors=True)
    return subprocess.Popen(
        [sys.executable, str(PROJECT / "build.py"), "--root", str(site.root), "build",
         "--no-search", "--now", NOW], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True)


def wait_for_the_cache(site: SiteFolder, build: subprocess.Popen) -> None:
    database = site.root / ".cache" / "build.sqlite"
    deadline = time.monotonic() + 60
    while not database.exists() and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)


def finish(build: subprocess.Popen) -> tuple[str, str]:
    try:
        return build.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(build.pid, signal.SIGKILL)
        build.communicate()
        pytest.fail("the build hung")


@pytest.mark.parametrize("delay", [0.0, 0.3, 0.6, 1.0, 1.5])
def test_deleting_the_cache_during_a_build_never_hangs(large_site, delay: float):
    site, clean = large_site
    build = start_build(site)
    wait_for_the_cache(site, build)
    time.sleep(delay)           # into loading, then into rendering (in worker processes)
    shutil.rmtree(site.root / ".cache", ignore_errors=True)
    stdout, stderr = finish(build)
    assert "Traceback" not in stderr
    lines = stderr.splitlines()
    if build.returncode == 0:
        assert all(line.startswith("warning: .cache/build.sqlite: ") for line in lines), lines
        assert len(lines) <= 1, lines
        assert_same_tree(site.root / "_site", clean, f"deleting the cache after {delay} s")
    else:
        assert build.returncode == 1 and len(lines) == 1 and lines[0].startswith("error: "), \
            stderr
    assert no_process_left(site.root)


def test_workers_do_not_outlive_a_killed_build(large_site):
    site, _ = large_site
    build = start_build(site)
    deadline = time.monotonic() + 60
    while len(processes_of(site.root)) < 3 and build.poll() is None \
            and time.monotonic() < deadline:
        time.sleep(0.01)
    assert build.poll() is None, "the build ended before its workers could be seen"
    build.kill()
    build.wait(timeout=30)
    left = no_process_left(site.root)
    build.communicate()         # its pipes close when its last worker has gone
    assert left, "worker processes outlived their killed build"


def test_damage_read_by_worker_processes_is_discarded(large_site):
    """Worker processes read the records while loading."""
    site, clean = large_site
    build = start_build(site)
    finish(build)
    assert build.returncode == 0
    with sqlite3.connect(site.root / ".cache" / "build.sqlite") as db:
        db.execute("UPDATE records SET record = substr(record, 1, length(record) - 9)"
                   " WHERE rowid % 50 = 7")
    db.close()
    (site.root / "_site").unlink()             # the published link: every page rendered again
    build = subprocess.run([sys.executable, str(PROJECT / "build.py"), "--root",
                            str(site.root), "build", "--no-search", "--now", NOW],
                           capture_output=True, text=True, timeout=120)
    assert build.returncode == 0, build.stderr
    assert build.stderr.startswith("warning: .cache/build.sqlite: the build cache is damaged")
    assert len(build.stderr.splitlines()) == 1, build.stderr
    assert_same_tree(site.root / "_site", clean, "damage to records")
