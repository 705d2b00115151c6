"""Hugo beside us in `make bench`: the benchmark's own corpus built by Hugo, timed the same way.

Hugo (the Debian package `hugo`) reads the benchmark's Markdown files where they are, through
module mounts. The layouts below are a minimal theme that makes the same kinds of pages as
ours: articles (title, date, author, tags, body, FAQ), the home page paginated by 10, tag and
author pages (paginated too, the author being a taxonomy term), and Hugo's built-in RSS feeds
(20 entries, as ours) and sitemap. Hugo has no incremental build on the command line, so an
edit costs it a full rebuild; its server is timed from a save to the served page showing it.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

MISSING = "Hugo not found: install the apt package hugo"

CONFIG = """\
baseURL = "https://example.github.io/bench/"
title = "Bench News"
languageCode = "en"
timeZone = "UTC"
buildFuture = true
paginate = 10
disableKinds = ["section"]
[services.rss]
limit = 20
[taxonomies]
tag = "tags"
author = "author"
[permalinks]
pages = "/:filename/"
[[module.mounts]]
source = {content}
target = "content"
# Author profiles are data to us, not pages; new-* are the articles our "new article"
# measurement added, left out so that Hugo builds the corpus our cold build did.
excludeFiles = ["authors/**", "articles/new-*"]
[[module.mounts]]
source = {static}
target = "static"
"""

LAYOUTS = {
    "_default/baseof.html": """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} | {{ site.Title }}</title>
<link rel="stylesheet" href="{{ "css/site.css" | relURL }}">
{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" \
href="{{ .Permalink }}">{{ end }}
</head><body><header><a href="{{ "" | relURL }}">{{ site.Title }}</a>
<a href="{{ "author/" | relURL }}">Authors</a> <a href="{{ "tags/" | relURL }}">Tags</a></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
""",
    "_default/single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p><time>{{ .Date.Format "2 January 2006" }}</time>
{{ range .GetTerms "author" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</p>
<p>{{ .Description }}</p>
<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>
{{ end }}</ul>
{{ .Content }}
{{ with .Params.faq }}<section><h2>Questions and answers</h2><dl>
{{ range . }}<dt>{{ .question }}</dt><dd>{{ .answer }}</dd>{{ end }}</dl></section>{{ end }}
</article>{{ end }}
""",
    "index.html": """{{ define "main" }}<h1>Latest news</h1>
{{ partial "list.html" (.Paginate (where site.RegularPages "Section" "articles")) }}{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ partial "list.html" .Paginator }}{{ end }}
""",
    "_default/terms.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a>
({{ .Count }})</li>{{ end }}</ul>{{ end }}
""",
    "partials/list.html": """<ul>{{ range .Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
<time>{{ .Date.Format "2 January 2006" }}</time><p>{{ .Description }}</p></li>{{ end }}</ul>
<nav>{{ with .Prev }}<a href="{{ .URL }}">Newer</a>{{ end }}
{{ with .Next }}<a href="{{ .URL }}">Older</a>{{ end }}</nav>
""",
}


def write_site(root: Path, project: Path) -> None:
    """A Hugo project in `project` that reads the content and static files of `root`."""
    for name, text in LAYOUTS.items():
        (project / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (project / "layouts" / name).write_text(text, encoding="utf-8")
    (project / "hugo.toml").write_text(CONFIG.format(
        content=json.dumps(str(root / "content")), static=json.dumps(str(root / "static"))),
        encoding="utf-8")


def pages(destination: Path) -> tuple[int, int]:
    """HTML pages (not the redirects Hugo writes at page/1/) and feeds plus sitemaps."""
    html = [path for path in destination.rglob("*.html")
            if not path.as_posix().endswith("/page/1/index.html")]
    return len(html), len(list(destination.rglob("*.xml")))


def compare(root: Path, folder: Path, trash: Path, *, runs: int, preview: bool, measure,
            edit_article, free_port, ours: dict[str, dict[str, tuple[float, str]]]) -> None:
    """Hugo's cold build, one-edit rebuild and (if `preview`) server save-to-page, timed by
    the benchmark's own `measure`, then a table of ours against Hugo's."""
    if shutil.which("hugo") is None:
        print(MISSING)
        return
    project, destination, cache = folder / "hugo", folder / "hugo-public", folder / "hugo-cache"
    write_site(root, project)
    command = ["hugo", "--quiet", "--source", str(project), "--destination", str(destination),
               "--cacheDir", str(cache)]

    def cold(run: int) -> None:
        for path in (destination, cache, project / "resources"):
            if path.exists():
                path.rename(trash / f"hugo-{path.name}-{run}")

    hugo: dict[str, tuple[float, str]] = {}
    seconds, memory, _ = measure("hugo: cold build (fresh destination)", cold, command)
    html, feeds = pages(destination)
    print(f"{'':<36} {html:,} pages, {feeds} feeds and sitemaps")
    hugo["cold build"] = (seconds, "s")
    hugo["pages"] = (html, "")
    edit_seconds, edit_memory, _ = measure(
        "hugo: one edit (a full build)",
        lambda run: edit_article(root, 21 + run, f"Hugo edit {run}."), command)
    hugo["one article edited"] = (edit_seconds, "s")
    if preview:
        delays = server_latency(root, project, max(5, runs), edit_article, free_port())
        print(f"{'hugo server: save -> page served':<36} median "
              f"{statistics.median(delays):7.3f} s  "
              f"(saves: {', '.join(f'{delay:.3f}' for delay in delays)})")
        hugo["preview: save -> page"] = (statistics.median(delays), "s")
    hugo["peak memory"] = (max(memory, edit_memory), "MB")
    side_by_side(ours, hugo)


def server_latency(root: Path, project: Path, saves: int, edit_article, port: int) -> list[float]:
    """Seconds from saving an article to `hugo server` serving the page with the edit."""
    base = f"http://127.0.0.1:{port}/"
    # Served at the root: without --baseURL Hugo keeps the site's path (/bench/).
    server = subprocess.Popen(["hugo", "server", "--source", str(project), "--port", str(port),
                               "--bind", "127.0.0.1", "--baseURL", base, "--appendPort=false",
                               "--cacheDir", str(project / "server-cache")],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 900
        while not served(base + "about/"):
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("hugo server did not start")
            time.sleep(0.5)
        delays = []
        for save in range(saves):
            number = 9 + save * 13
            page = f"{base}articles/story-{number:05d}/"
            served(page)            # open in the editor's browser, as with ours
            marker = f"Hugo preview edit {save} {time.time()}"
            saved = time.perf_counter()
            edit_article(root, number, marker)
            while marker not in served(page):
                if time.perf_counter() - saved > 60:
                    raise SystemExit("hugo server did not show an edit within 60 s")
                time.sleep(0.005)
            delays.append(time.perf_counter() - saved)
            time.sleep(1.5)
        return delays
    finally:
        server.terminate()
        server.wait(timeout=30)


def served(url: str) -> str:
    """The page's text, or "" while the server is not listening yet (a 404 is an error)."""
    try:
        return urllib.request.urlopen(url, timeout=5).read().decode()
    except urllib.error.HTTPError:
        raise
    except OSError:
        return ""


def side_by_side(ours: dict[str, dict[str, tuple[float, str]]],
                 hugo: dict[str, tuple[float, str]]) -> None:
    """Each figure Hugo has, beside ours with and without the search index (Hugo builds
    none), and how many times Hugo's figure each of ours is."""
    variants = list(ours)
    print(f"\nside by side{'':<24}" + "".join(f" {'ours, ' + v:>22}" for v in variants)
          + f" {'Hugo':>10}")
    for name, (theirs, unit) in hugo.items():
        mine = [ours[variant].get(name) for variant in variants]
        if not any(mine):
            continue
        digits = 3 if name.startswith("preview") else 2 if unit == "s" else 0

        def shown(value) -> str:
            if value is None:
                return "-"
            if not unit:
                return f"{value[0]:,}"
            return f"{value[0]:.{digits}f} {unit} ({value[0] / theirs:.2f}x)"
        print(f"{name:<36}" + "".join(f" {shown(value):>22}" for value in mine)
              + f" {shown((theirs, unit)).split(' (')[0]:>10}")
