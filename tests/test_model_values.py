"""The site model holds values: the Site a build returns shows every body and FAQ, from a
fresh parse and from the cache alike, though both are kept compressed in memory."""

from __future__ import annotations

import datetime as dt
import pickle
from pathlib import Path

from conftest import SiteFolder, parse_html
from sitegen.content.loader import LoadOptions
from sitegen.pipeline import build
from sitegen.site.packed import FaqEntry, PackedFaq

NOW = LoadOptions(now=dt.datetime(2026, 6, 1, tzinfo=dt.timezone.utc))
FAQ = [{"question": "Why <now>?", "answer": "Because *the grid* changed."},
       {"question": "Ünïcode – too?", "answer": "Yes: ✓."}]


def test_the_built_site_shows_bodies_and_faqs_with_or_without_the_cache(site: SiteFolder,
                                                                        tmp_path: Path):
    site.article("story", "A body with <em>markup</em> and **strong** words.", faq=FAQ)
    for attempt in ("parsed", "from the cache"):
        result = build(site.root, tmp_path / "out", options=NOW, search=False)
        article = result.site.articles[0]
        assert "<strong>strong</strong>" in article.body_html, attempt
        assert [entry.question for entry in article.faq] == [e["question"] for e in FAQ]
        assert "<em>the grid</em>" in article.faq[0].answer_html
        assert len(article.faq) == 2 and bool(article.faq)
    assert result.reused == 1
    page = parse_html(tmp_path / "out" / "articles/story/index.html")
    assert "strong words" in page.select_one("article").get_text()
    assert [summary.get_text() for summary in page.select(".faq-entry summary")] == \
        [e["question"] for e in FAQ]


def test_a_packed_faq_reads_like_the_tuple_it_was_made_from():
    entries = (FaqEntry("Q1?", "<p>A1</p>"), FaqEntry("Q2 \0?", "<p>A2</p>"))
    packed = PackedFaq(entries)
    assert tuple(packed) == entries and packed[1] == entries[1] and packed[-1:] == entries[1:]
    assert len(packed) == 2 and packed == PackedFaq(list(entries)) != PackedFaq(entries[:1])
    assert pickle.loads(pickle.dumps(packed)) == packed
    assert not PackedFaq([]) and tuple(PackedFaq([])) == ()
