"""Full-text search: a pagefind index per shard of the articles, built into the site.

A build indexes again only the shards whose articles changed, came or went (their digests
are stored with the pages'); the others are kept as published. pagefind reads records the
build makes (search_records.py), not the pages. (Its Python API answers at most ten
requests a second, so its command line is run on the records written as files.)
The search page (static/js/search.js) reads pagefind/shards.json and merges the shards'
indexes with pagefind's mergeIndex.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sitegen.config import Config
from sitegen.errors import SiteError
from sitegen.parallel import cores
from sitegen.outputs.search_records import Shard, record_html, shards
from sitegen.publish.writer import StagingWriter
from sitegen.render.digests import Digester
from sitegen.render.views import Views
from sitegen.site.model import Site

BUNDLE = "pagefind"     # the index's folder in the site; the search page loads it
SHARDS_FILE = f"{BUNDLE}/shards.json"


def write_search_index(writer: StagingWriter, site: Site, views: Views, digester: Digester,
                       digests: dict[str, bytes], previous: dict[str, bytes]) -> None:
    """Keep each published shard whose digest is the stored one, index the others."""
    made = shards([views.story(article) for article in site.articles], site.config,
                  digester.shared)
    published: dict[str, list[str]] = {}       # each published shard's files
    for name in writer.published.files:
        if name.startswith(f"{BUNDLE}/shard-"):
            published.setdefault(name.split("/", 2)[1], []).append(name)
    to_index = []
    for shard in made:
        key = f"{BUNDLE}/{shard.name}/"
        digests[key] = shard.digest
        if previous.get(key) == shard.digest and shard.name in published:
            for name in sorted(published[shard.name]):
                writer.tally(writer.claim(name, "search index"), changed=False)
        else:
            to_index.append(shard)
    if to_index:
        index_shards(to_index, site.config, writer.directory / BUNDLE)
    for shard in to_index:
        for path in sorted((writer.directory / BUNDLE / shard.name).rglob("*")):
            if path.is_file():
                key = writer.claim(path.relative_to(writer.directory).as_posix(), "search index")
                writer.tally(key, changed=True)
    writer.write(SHARDS_FILE, json.dumps({"shards": [f"{shard.name}/" for shard in made]}),
                 "search index")


def index_shards(to_index: list[Shard], config: Config, output: Path) -> None:
    """Each shard's index in output/<its name>/: its records written as small pages into a
    scratch folder beside the site (never in it), then pagefind run on them, a shard per
    core at a time."""
    if importlib.util.find_spec("pagefind_bin") is None:
        raise SiteError("pagefind is not installed; run `make build`, which installs "
                        "requirements.txt, or pass --no-search")
    with tempfile.TemporaryDirectory(dir=output.parent.parent) as scratch:
        for shard in to_index:
            for story in shard.stories:
                page = Path(scratch, shard.name, story.path, "index.html")
                page.parent.mkdir(parents=True, exist_ok=True)
                page.write_text(record_html(story, config), encoding="utf-8")
        with ThreadPoolExecutor(max_workers=cores()) as pool:
            for shard, result in zip(to_index, pool.map(
                    lambda shard: _pagefind(Path(scratch, shard.name), output / shard.name),
                    to_index)):
                if result.returncode != 0:
                    detail = (result.stderr or result.stdout).strip().splitlines()
                    raise SiteError(f"pagefind failed on {shard.name}: "
                                    f"{detail[-1] if detail else 'exit ' + str(result.returncode)}",
                                    "search index")


def _pagefind(records: Path, output: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pagefind", "--site", str(records),
                           "--output-path", str(output), "--silent"],
                          capture_output=True, text=True)
