"""`make bench`: build a synthetic newsroom and time the builds and the live preview.

The corpus is deterministic for a given size: articles of about 1,300 words with 5 FAQ
entries, 2-4 tags out of 50 and one of 20 authors, like the peer measurements in BENCHMARKS.md.
Every build runs as `build.py` in its own process, as a user runs it; peak memory is the
largest resident set of the build's processes (the main one or a worker), from wait4().
Hugo, when installed, then builds the same corpus, timed the same way (tests/bench_hugo.py).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import bench_hugo
import bench_photos
import search_check

PROJECT = Path(__file__).resolve().parent.parent
# Each measurement builds both ways, each in its own copy of the corpus: what `make build`
# publishes (with the search index), and without it, as the peers' figures are.
VARIANTS = {"with search": [], "without search": ["--no-search"]}

WORDS = """the a of to and in for on with as by at from that this is was are be has have
battery cell charge range motor plant factory model price market sales buyers drivers road
city grid energy power station network software update safety test report study data year
month quarter growth demand supply chain lithium nickel solid state semi electric hybrid fuel
engine platform design cabin seat screen speed torque efficiency cost margin profit investor
company brand group chief executive engineer analyst regulator government policy tax credit
subsidy tariff export import europe china america britain germany france japan korea india
new first larger smaller faster cheaper stronger lighter safer cleaner better longer shorter
announced said expects plans builds launches reaches delivers reports raises cuts moves opens
closes begins ends tests shows offers adds improves reduces increases doubles halves""".split()

TAGS = [f"{adjective} {noun}" for adjective in
        ("Electric", "Battery", "Charging", "Market", "Policy", "Design", "Safety", "Supply",
         "Software", "Hybrid")
        for noun in ("Cars", "Tech", "News", "Trends", "Analysis")]          # 50 tags


def _sentence(rng: random.Random, low: int = 8, high: int = 20) -> str:
    words = rng.choices(WORDS, k=rng.randint(low, high))
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(4, 6)))


def article_text(number: int, rng: random.Random, day: str | None = None) -> str:
    blocks: list[str] = []
    words = 0
    while words < 1300:
        if blocks and len(blocks) % 5 == 0:
            blocks.append("## " + _sentence(rng, 3, 6).rstrip("."))
        elif len(blocks) == 7:
            blocks.append("\n".join(f"- **{rng.choice(WORDS)}**: {_sentence(rng, 5, 10)}"
                                    for _ in range(4)))
        elif len(blocks) == 3:
            blocks.append(_paragraph(rng) + " See [our background page](/about/) and "
                          "*the* [earlier report](https://example.org/report).")
        else:
            blocks.append(_paragraph(rng))
        words += len(blocks[-1].split())
    day = day or dt_text(number)
    tags = rng.sample(TAGS, rng.randint(2, 4))
    faq = "".join(f"  - question: \"{_sentence(rng, 5, 9)[:-1]}?\"\n"
                  f"    answer: \"{_sentence(rng, 12, 24)} {_sentence(rng, 8, 16)}\"\n"
                  for _ in range(5))
    return (f"---\ntitle: \"Story {number}: {_sentence(rng, 5, 9)[:-1]}\"\n"
            f"date: {day}\nauthor: author-{rng.randrange(20):02d}\n"
            f"description: \"{_sentence(rng, 15, 25)}\"\n"
            f"tags: [{', '.join(tags)}]\nfaq:\n{faq}---\n\n" + "\n\n".join(blocks) + "\n")


def dt_text(number: int) -> str:
    """A distinct time for every article: ten a day, going back from November 2026."""
    moment = dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc) - dt.timedelta(minutes=144 * number)
    return moment.isoformat()


def make_corpus(root: Path, articles: int) -> None:
    shutil.copytree(PROJECT / "templates", root / "templates")
    shutil.copytree(PROJECT / "static", root / "static")
    (root / "site.yml").write_text(
        "title: Bench News\ndescription: A synthetic newsroom.\n"
        "base_url: https://example.github.io/bench/\ntimezone: UTC\n", encoding="utf-8")
    rng = random.Random(20260514)
    authors = root / "content" / "authors"
    authors.mkdir(parents=True)
    for number in range(20):
        (authors / f"author-{number:02d}.yml").write_text(
            f"name: Writer {number:02d}\nrole: Correspondent\nbio: \"{_paragraph(rng)}\"\n",
            encoding="utf-8")
    folder = root / "content" / "articles"
    folder.mkdir()
    for number in range(articles):
        (folder / f"story-{number:05d}.md").write_text(article_text(number, rng), encoding="utf-8")
    (root / "content" / "pages").mkdir()
    (root / "content" / "pages" / "about.md").write_text(
        "---\ntitle: About\n---\n\nA synthetic newsroom for benchmarks.\n", encoding="utf-8")


def build_command(root: Path, variant: str = "with search") -> list[str]:
    return [sys.executable, str(PROJECT / "build.py"), "--root", str(root), "build", "--quiet",
            *VARIANTS[variant]]


def run_timed(command: list[str]) -> tuple[float, float, str, float]:
    """One build in its own process: seconds, peak memory in MB, summary line and CPU
    seconds (user + system, workers included: less disturbed by a busy machine)."""
    started = time.perf_counter()
    # As on an editor's machine, where Python keeps modules compiled between runs (some
    # sandboxes turn that off; compiling sitegen again would add 0.1 s to every build)
    environment = {name: value for name, value in os.environ.items()
                   if name != "PYTHONDONTWRITEBYTECODE"}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=environment)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    out, err = process.stdout.read().decode(), process.stderr.read().decode()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"build failed: {err}")
    return seconds, usage.ru_maxrss / 1024, out.strip(), usage.ru_utime + usage.ru_stime


def edit_article(root: Path, number: int, words: str) -> Path:
    path = root / "content" / "articles" / f"story-{number:05d}.md"
    text = path.read_text(encoding="utf-8")
    head, _, body = text.partition("\n---\n\n")
    path.write_text(f"{head}\n---\n\n{words}\n\n{body}", encoding="utf-8")
    return path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def move_article(root: Path, number: int, words: str) -> Path:
    """A save that moves a story: dated 30 stories newer, so three home pages shift."""
    path = edit_article(root, number, words)
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^date: .*$", f"date: {dt_text(number - 30)}", text, count=1,
                           flags=re.M), encoding="utf-8")
    return path


def preview_latency(root: Path, saves: int) -> tuple[list[float], list[float]]:
    """Seconds from saving an article to the browser's reload message, under `serve`: for
    body edits, then for edits that move the article in its lists."""
    from tornado.websocket import websocket_connect

    port = free_port()
    server = subprocess.Popen([sys.executable, str(PROJECT / "build.py"), "--root", str(root),
                               "serve", "--quiet", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 900
        while True:
            try:
                urllib.request.urlopen(base + "about/", timeout=5).read()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the preview server did not start")
                time.sleep(0.5)

        async def save_and_wait(connection, edit, number: int, save: int) -> float:
            marker = f"Preview edit {save} {time.time()}"
            saved = time.perf_counter()
            edit(root, number, marker)
            while True:     # until a reload shows the edit (one save can make 2 builds)
                message = json.loads(await asyncio.wait_for(connection.read_message(), 60))
                assert message["command"] == "reload"
                page = urllib.request.urlopen(
                    f"{base}articles/story-{number:05d}/").read().decode()
                if marker in page:
                    return time.perf_counter() - saved

        async def browser() -> tuple[list[float], list[float]]:
            connection = await websocket_connect(f"ws://127.0.0.1:{port}/livereload")
            connection.write_message(json.dumps({"command": "hello", "protocols": []}))
            await connection.read_message()
            connection.write_message(json.dumps({"command": "info", "url": base}))
            await asyncio.sleep(1)
            delays: tuple[list[float], list[float]] = ([], [])
            for kind, edit, first in ((0, edit_article, 7), (1, move_article, 101)):
                for save in range(saves):
                    delays[kind].append(await save_and_wait(connection, edit,
                                                            first + save * 13, save))
                    await asyncio.sleep(1.5)
            connection.close()
            return delays

        return asyncio.run(browser())
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3, help="runs of each measurement")
    parser.add_argument("--keep", type=Path, help="build the corpus here and keep it")
    parser.add_argument("--no-preview", action="store_true", help="skip the live-preview timing")
    parser.add_argument("--no-search-check", action="store_true",
                        help="skip comparing search results with a build from scratch")
    args = parser.parse_args()

    folder = args.keep or Path(tempfile.mkdtemp(prefix="sitegen-bench-"))
    root = folder / "site"
    folder.mkdir(parents=True, exist_ok=True)
    trash = Path(tempfile.mkdtemp(prefix="trash-", dir=folder))
    try:
        started = time.perf_counter()
        if not root.exists():
            make_corpus(root, args.articles)
        roots = {"with search": root, "without search": folder / "site-without-search"}
        if not roots["without search"].exists():
            shutil.copytree(root, roots["without search"], symlinks=True)
        print(f"corpus: {args.articles:,} articles in {time.perf_counter() - started:.1f} s "
              f"({cores()} cores)")

        def report(name: str, runs: list) -> tuple[float, float, str]:
            seconds = statistics.median(run[0] for run in runs)
            cpu = statistics.median(run[3] for run in runs)
            memory = max(run[1] for run in runs)
            print(f"{name:<36} median {seconds:7.2f} s  (runs: "
                  f"{', '.join(f'{run[0]:.2f}' for run in runs)})  CPU {cpu:6.2f} s  "
                  f"peak {memory:6.0f} MB  load {os.getloadavg()[0]:.1f}")
            if runs[-1][2]:
                print(f"{'':<36} {runs[-1][2]}")
            return seconds, memory, runs[-1][2]

        def measure(name: str, prepare, command: list[str]):
            """Median seconds, peak MB and last summary line of `command` (Hugo's)."""
            runs = []
            for run in range(args.runs):
                prepare(run)
                runs.append(run_timed(command))
            return report(name, runs)

        def measure_ours(name: str, prepare) -> dict:
            """Both of our builds, each after `prepare(run, its corpus)`; by variant, as
            `measure` gives."""
            runs: dict[str, list] = {variant: [] for variant in VARIANTS}
            for run in range(args.runs):
                for variant, corpus in roots.items():
                    prepare(run, corpus)
                    runs[variant].append(run_timed(build_command(corpus, variant)))
            return {variant: report(f"{name}, {variant}", measured)
                    for variant, measured in runs.items()}

        def cold(run: int, root: Path) -> None:
            # The last run's output and cache are moved aside and deleted at the end: on
            # ext4, creating tens of thousands of files just after deleting as many takes
            # two to five times longer than on a quiet disk, a cost of the benchmark's own
            # cleanup that a first build from a clean clone does not pay.
            for name in (".cache", "_site"):
                if (root / name).exists():
                    (root / name).rename(trash / f"{name}-{run}-{time.monotonic_ns()}")

        original_template = (root / "templates" / "article.html").read_text(encoding="utf-8")

        def new_article(run: int, root: Path) -> None:
            # The newest, as in a newsroom: every home page's list shifts by one.
            (root / "content" / "articles" / f"new-{run}.md").write_text(
                article_text(args.articles + run, random.Random(run), dt_text(-1 - run)),
                encoding="utf-8")

        def template_edit(run: int, root: Path) -> None:
            (root / "templates" / "article.html").write_text(
                original_template.replace("</article>", f"<!-- edit {run} --></article>"),
                encoding="utf-8")

        figures = [measure_ours("cold build (no cache, no _site)", cold),
                   measure_ours("no-change rebuild", lambda run, root: None),
                   measure_ours("one article edited",
                                lambda run, root: edit_article(root, 11 + run, f"Edit {run}.")),
                   measure_ours("one new article (the newest)", new_article),
                   measure_ours("article template edited", template_edit)]
        ours = {variant: {"cold build": (figures[0][variant][0], "s"),
                          "pages": (pages(figures[0][variant][2]), ""),
                          "one article edited": (figures[2][variant][0], "s"),
                          "peak memory": (max(figure[variant][1] for figure in figures), "MB")}
                for variant in VARIANTS}
        def measure_pair(name: str, corpus: Path) -> tuple[float, float]:
            """A cold build then a no-change rebuild of `corpus`, each run: their medians."""
            cold_runs, warm_runs = [], []
            for run in range(args.runs):
                cold(run, corpus)
                cold_runs.append(run_timed(build_command(corpus)))
                warm_runs.append(run_timed(build_command(corpus)))
            return (report(f"cold, {name}", cold_runs)[0],
                    report(f"no-change, {name}", warm_runs)[0])

        bench_photos.compare(root, folder, measure_pair)
        if not args.no_search_check:
            search_check.compare_with_scratch(root, folder / "scratch")
        if not args.no_preview:
            delays, moves = preview_latency(root, max(5, args.runs))
            for name, measured in (("serve: save -> browser reload", delays),
                                   ("serve: a save that moves a story", moves)):
                print(f"{name:<36} median {statistics.median(measured):7.3f} s  "
                      f"(saves: {', '.join(f'{delay:.3f}' for delay in measured)})")
            ours["without search"]["preview: save -> page"] = (statistics.median(delays), "s")
        bench_hugo.compare(root, folder, trash, runs=args.runs, preview=not args.no_preview,
                           measure=measure, edit_article=edit_article, free_port=free_port,
                           ours=ours)
    finally:
        shutil.rmtree(trash, ignore_errors=True)
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


def pages(summary: str) -> int:
    """The page count in a build's summary line: "built _site: 1,536 pages (1,000 ...": 1536."""
    return int(re.search(r"([\d,]+) pages", summary)[1].replace(",", ""))


def cores() -> int:
    return len(os.sched_getaffinity(0))


if __name__ == "__main__":
    main()
