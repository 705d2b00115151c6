"""Full-text search: an index of the articles in shards, built into the site.

A build writes again only the shards whose articles changed, came or went (their digests
are stored with the pages'); the others' files are kept as published, and a build that
changed no article makes no index at all. What a shard holds: search_records.py. The
search page (static/js/search.js) reads search-index/index.json, then each shard's word
files for the words of a query, and the records of the results it shows.
"""

from __future__ import annotations

import json

from sitegen.outputs.search_records import (Shard, indexed_words, shard_files, shards,
                                            story_id, unchanged_stories)
from sitegen.parallel import map_chunks
from sitegen.outputs.search_text import stems
from sitegen.publish.writer import StagingWriter
from sitegen.render.digests import Digester
from sitegen.render.views import Views
from sitegen.site.model import Site

BUNDLE = "search-index"         # the index's folder in the site; the search page reads it
RECORDS = f"{BUNDLE}/records"   # a file per article, named by story_id
OWNER = "search index"
SHARDS_FOR_WORKERS = 4          # fewer are written in this process: forking costs more


def write_search_index(writer: StagingWriter, site: Site, views: Views, digester: Digester,
                       digests: dict[str, bytes], previous: dict[str, bytes]) -> None:
    """Keep each published shard whose digest is the stored one, write the others."""
    made = shards([views.story(article) for article in site.articles], site.config,
                  digester.shared)
    published: dict[str, list[str]] = {}       # each published shard's files
    for name in writer.published.files:
        if name.startswith(BUNDLE + "/shard-"):
            published.setdefault(name.split("/", 2)[1], []).append(name)
    to_write = []
    for shard in made:
        key = f"{BUNDLE}/{shard.name}/"
        before = previous.get(key)
        digests[key] = shard.digest + shard.story_digests
        records = [_record_file(story_id(story)) for story in shard.stories]
        if before and before[:16] == shard.digest and shard.name in published and \
                all(writer.keep(name) for name in records):
            for name in sorted(published[shard.name]) + records:
                writer.tally(writer.claim(name, OWNER), changed=False)
        elif f"{key}meta.json" in writer.published.files:
            # Its stories that did not change keep their words and records as published
            unchanged = {identity for identity in unchanged_stories(shard, before and before[16:])
                         if writer.keep(_record_file(identity))}
            to_write.append((shard, unchanged))
        else:
            to_write.append((shard, set()))

    def write(chunk: list[tuple[Shard, set[str]]]) -> list[tuple[str, bool]]:
        """In a worker when many: the shards' files staged; which changed."""
        written = []
        for shard, unchanged in chunk:
            known = indexed_words(writer.previous / BUNDLE / shard.name, unchanged) \
                if unchanged else {}
            files, records = shard_files(shard, site.config, known)
            keys = [(f"{BUNDLE}/{shard.name}/{name}", text) for name, text in files.items()]
            keys += [(_record_file(identity), text) for identity, text in records.items()]
            written += [(key, writer.put(key, text)) for key, text in keys]
            written += [(_record_file(identity), False) for identity in known]
        return written
    for written in map_chunks(write, to_write, chunk=1, min_items=SHARDS_FOR_WORKERS):
        for key, changed in written:
            writer.tally(writer.claim(key, OWNER), changed)
    writer.write(f"{BUNDLE}/index.json",
                 json.dumps({"shards": [shard.name for shard in made],
                             "stems": stems(site.config.language)}), OWNER)


def _record_file(identity: str) -> str:
    return f"{RECORDS}/{identity}.json"
