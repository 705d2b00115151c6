"""What the search index holds, and how the articles are split into shards.

Each shard is an inverted index of its articles made from the text the build already has
(no page is read back): for each word, the articles that have it with its weight there (a
title word counts more); which articles are in each section and tag (the filters); and the
articles' lengths, for ranking. The search page loads only the word files a query needs.
Each article also has a record: what a result shows (title, date, authors, section) and the
text its excerpt is taken from. All of it is JSON that the page shows as text, never markup.

Articles go to shards by a hash of their page's path: a power of two of them, about
SHARD_SIZE articles each, so that an edit rewrites one shard, and the set of shards
changes only when the site doubles or halves.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sitegen.config import Config
from sitegen.outputs.search_text import stems, story_text, word_weights
from sitegen.render.views import Story
from sitegen.site.dates import format_date

SHARD_SIZE = 1000
CHUNK_POSTINGS = 3000   # stories a word file lists at most (unless one word has more)
ID_SIZE, STORY_ENTRY = 8, 24


@dataclass(frozen=True)
class Shard:
    name: str                   # its folder under search-index/, e.g. "shard-03"
    stories: tuple[Story, ...]  # in path order
    story_digests: bytes        # each story's id and digest with the settings records
                                # show (STORY_ENTRY bytes each, in path order)
    digest: bytes               # of those: equal digests, equal index


def shard_count(articles: int) -> int:
    count = 1
    while count * SHARD_SIZE < articles:
        count *= 2
    return count


def shard_of(path: str, count: int) -> int:
    return int.from_bytes(hashlib.blake2b(path.encode(), digest_size=8).digest(), "big") % count


def shards(stories: list[Story], config: Config,
           digest: Callable[[Story], bytes]) -> list[Shard]:
    """The shards of these stories (none without stories); `digest`: a story's digest."""
    count = shard_count(len(stories))
    members: list[list[Story]] = [[] for _ in range(count)]
    for story in sorted(stories, key=lambda story: story.path):
        members[shard_of(story.path, count)].append(story)
    settings = f"{config.language}\0{config.date_format}\0".encode()
    width = len(str(count - 1))
    made = []
    for number, group in enumerate(members):
        if group:
            digests = b"".join(
                _id_bytes(story) + hashlib.blake2b(settings + digest(story),
                                                   digest_size=STORY_ENTRY - ID_SIZE).digest()
                for story in group)
            made.append(Shard(f"shard-{number:0{width}d}", tuple(group), digests,
                              hashlib.blake2b(digests, digest_size=16).digest()))
    return made


def unchanged_stories(shard: Shard, before: bytes | None) -> set[str]:
    """The ids of the shard's stories whose digests are in `before` (an earlier shard's
    story_digests)."""
    if not before:
        return set()
    known = {before[at:at + STORY_ENTRY] for at in range(0, len(before), STORY_ENTRY)}
    digests = shard.story_digests
    return {digests[at:at + ID_SIZE].hex() for at in range(0, len(digests), STORY_ENTRY)
            if digests[at:at + STORY_ENTRY] in known}


def story_id(story: Story) -> str:
    """The name of a story's record file: a hash of its path, so it stays when others move."""
    return _id_bytes(story).hex()


def _id_bytes(story: Story) -> bytes:
    return hashlib.blake2b(story.path.encode(), digest_size=ID_SIZE).digest()


def record(story: Story, config: Config, text: str) -> str:
    """What a result shows of one story (JSON; the page puts every value in as text)."""
    return _json({"url": story.path, "title": story.title,
                  "date": format_date(story.date, config.date_format),
                  "authors": ", ".join(person.name for person in story.authors),
                  "section": story.section.name if story.section else "",
                  "text": text})


def indexed_words(folder: Path, ids: set[str]) -> dict[str, tuple[int, dict[str, int]]]:
    """What the shard index in `folder` (as shard_files wrote it) holds of the stories
    `ids`: each one's length and words' weights."""
    meta = json.loads((folder / "meta.json").read_bytes())
    docs = meta["docs"]
    found = {number: (length, {}) for number, (identity, length) in enumerate(docs)
             if identity in ids}
    for number in range(len(meta["chunks"])):
        for word, postings in json.loads((folder / f"w{number}.json").read_bytes()):
            for at in range(0, len(postings), 2):
                story = found.get(postings[at])
                if story is not None:
                    story[1][word] = postings[at + 1]
    return {docs[number][0]: story for number, story in found.items()}


def shard_files(shard: Shard, config: Config,
                known: dict[str, tuple[int, dict[str, int]]]) -> tuple[dict[str, str],
                                                                         dict[str, str]]:
    """A shard's index: meta.json (its stories' record names and lengths, the first word of
    each word file, the filters) and the word files (each word's stories and weights, in
    word order), keyed by name; and the record of each story not `known` (by id: its length
    and weights, from indexed_words), keyed by its id."""
    stemmed = stems(config.language)
    memo: dict[str, str | tuple[str, ...]] = {}
    postings: dict[str, list[int]] = {}
    docs = []
    records = {}
    filters: dict[str, dict[str, list[int]]] = {"section": {}, "tag": {}}
    for number, story in enumerate(shard.stories):
        identity = story_id(story)
        if identity in known:
            length, weights = known[identity]
        else:
            text = story_text(story)
            weights, length = word_weights(story.title, text, stemmed, memo)
            records[identity] = record(story, config, text)
        for word, weight in weights.items():
            found = postings.get(word)
            if found is None:
                postings[word] = [number, weight]
            else:
                found += (number, weight)
        docs.append([identity, length])
        if story.section:
            filters["section"].setdefault(story.section.name, []).append(number)
        for tag in story.tags:
            filters["tag"].setdefault(tag.name, []).append(number)
    # Words and names are values in lists, never keys: text cannot add to the files' shape
    chunks = _chunks(postings)
    files = {f"w{number}.json": _json(chunk) for number, chunk in enumerate(chunks)}
    files["meta.json"] = _json({"docs": docs, "words": sum(length for _, length in docs),
                                "chunks": [chunk[0][0] for chunk in chunks],
                                "filters": {kind: sorted(names.items())
                                            for kind, names in filters.items()}})
    return files, records


def _chunks(postings: dict[str, list[int]]) -> list[list]:
    """The words in order, as [word, postings] pairs, cut into word files of about
    CHUNK_POSTINGS stories each."""
    chunks: list[list] = [[]] if postings else []
    size = 0
    for word in sorted(postings):
        if size >= 2 * CHUNK_POSTINGS:
            chunks.append([])
            size = 0
        chunks[-1].append([word, postings[word]])
        size += len(postings[word])
    return chunks


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
