"""`build.py import`: seeds become content files, exactly and faithfully; bad seeds write
nothing. Test seeds live in fixtures/seeds/, the files each must give in fixtures/expected/."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import PROJECT, SiteFolder, parse_html, run_cli
from sitegen.importer.mojibake import repair
from sitegen.site.slugs import slugify

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = PROJECT / "seeds" / "000_d481fbfead04f324.txt"
SEED_ARTICLE = "articles/mg4-semi-solid-state-battery-ev-reaches-100000.md"
SEED_AUTHOR = "authors/sebastian-wolf.yml"

# What each test seed varies, and the front matter it must give.
FIXTURE_FRONT = {
    "grid_storage_clean": {    # clean UTF-8, a new author, two callouts, no FAQ, a body list
        "title": "Britain’s Biggest Grid Battery Goes Live in Essex",
        "date": "2025-03-03",
        "author": "amara-okafor",
        "description": "A 300 MW battery near Tilbury can now power 600,000 homes for two "
                       "hours, its operator says.",
        "takeaways": ["The 300 MW battery is the largest on the National Grid.",
                      "It earns money from balancing services, trading and a capacity "
                      "contract.",
                      "The containers arrived by barge, sparing local roads."],
    },
    "renault_latin1_long_faq": {    # Windows-1252 and Latin-1 mojibake, a longer FAQ
        "title": "Renault’s Budget EV Tops European Sales Chart",
        "date": "2026-05-02",
        "author": "sebastian-wolf",
        "description": "The “affordable” Renault 5 outsold every other electric car in Europe "
                       "in April, according to registration data.",
        "image": {"src": "photo-to-come",
                  "alt": "Renault’s Budget EV Tops European Sales Chart"},
        "faq": [
            {"question": "How many Renault 5s were sold in April?",
             "answer": "About 14,300 across 18 European markets."},
            {"question": "Which car did it overtake?", "answer": "The Tesla Model Y."},
            {"question": "Where is it built?", "answer": "In Douai, France."},
            {"question": "How much does it cost?",
             "answer": "Under €25,000 before incentives.\n\nPrices differ by country."},
            {"question": "Why are buyers choosing it?",
             "answer": "Mostly the price, and the styling."},
            {"question": "Is a cheaper Volkswagen coming?",
             "answer": "Yes, the ID.2 is promised for 2026."},
            {"question": "Does the EU tariff apply to it?", "answer": "No: it is built in the EU."},
        ],
    },
    "hefei_thai_mojibake": {    # Windows-874 mojibake, no takeaways, FAQ or author box
        "title": "Solid-State Cells Enter Pilot Production in Hefei",
        "date": "2026-01-09",
        "author": "li-wei",
        "description": "A battery start-up has begun making solid-state cells on a pilot line, "
                       "with car makers testing the first samples.",
    },
}
FIXTURE_AUTHORS = {
    "grid_storage_clean": ("amara-okafor", {
        "name": "Amara Okafor", "role": "Energy Editor",
        "bio": "Amara Okafor covers power grids, storage and the economics of the energy "
               "transition.\n\nShe previously reported from Lagos and Johannesburg."}),
    "renault_latin1_long_faq": ("sebastian-wolf", {
        "name": "Sebastian Wolf", "role": "Motoring Correspondent",
        "bio": "Sebastian Wolf reports on the car industry."}),
    "hefei_thai_mojibake": ("li-wei", {"name": "Li Wei"}),
}


def files_under(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8")
            for path in sorted(folder.rglob("*")) if path.is_file()}


def front_and_body(text: str) -> tuple[dict, str]:
    _, front, body = text.split("---\n", 2)
    return yaml.load(front, Loader=yaml.BaseLoader), body


def import_seeds(root: Path, *args: str):
    result = run_cli("import", *args, root=root)
    assert "Traceback" not in result.stderr
    return result


def test_importing_the_seed_gives_the_published_article(tmp_path: Path):
    result = import_seeds(tmp_path, str(SEED))
    assert result.returncode == 0, result.stderr
    assert files_under(tmp_path / "content") == {
        SEED_ARTICLE: (PROJECT / "content" / SEED_ARTICLE).read_text(encoding="utf-8"),
        SEED_AUTHOR: (PROJECT / "content" / SEED_AUTHOR).read_text(encoding="utf-8"),
    }
    assert result.stdout.splitlines() == [
        f"wrote content/{SEED_ARTICLE} (from {SEED})",
        f"wrote content/{SEED_AUTHOR} (from {SEED})"]
    notes = result.stderr
    assert "line 1: repaired 'ยท' -> '·' (UTF-8 misread as Windows-874)" in notes
    assert "line 83: repaired '๐Ÿ’ฌ' -> '💬' (UTF-8 misread as Windows-874)" in notes
    assert "line 7: repeated title, as the hero picture's alt text (photo to come)" in notes
    assert "line 27: picture (photo to come), alt text 'Modern car interior with leather " \
           "seats and dashboard.'" in notes
    assert "line 35: callout labelled 'Market Context'" in notes
    assert "lines 83-87: comments block dropped (page furniture)" in notes


@pytest.mark.parametrize("name", sorted(FIXTURE_FRONT))
def test_each_test_seed_gives_its_expected_files(tmp_path: Path, name: str):
    result = import_seeds(tmp_path, str(FIXTURES / "seeds" / f"{name}.txt"))
    assert result.returncode == 0, result.stderr
    written = files_under(tmp_path / "content")
    assert written == files_under(FIXTURES / "expected" / name)

    [article] = [text for path, text in written.items() if path.startswith("articles/")]
    front, body = front_and_body(article)
    assert front == FIXTURE_FRONT[name]
    author_id, author = FIXTURE_AUTHORS[name]
    assert yaml.safe_load(written[f"authors/{author_id}.yml"]) == author
    assert body.startswith("\n") and body.endswith("\n") and "\n\n\n" not in body + "\n"


def test_test_seed_bodies_keep_their_structure():
    grid = (FIXTURES / "expected" / "grid_storage_clean" / "articles"
            / "britains-biggest-grid-battery-goes-live-in-essex.md").read_text(encoding="utf-8")
    assert re.findall(r"^!!! callout \"(.+)\"$", grid, re.M) == ["Editor’s Note", "By the Numbers"]
    assert re.findall(r"^## (.+)$", grid, re.M) == ["How the Site Works", "What the Numbers Say"]
    assert "The operator lists three revenue sources:\n\n- balancing services" in grid
    assert "Key Takeaways" not in grid      # the takeaways list brings its own heading
    assert "“ยินดีต้อนรับ”" in grid         # correct Thai is left as it is
    assert "\\#1 on its list" in grid and "4\\_b of the &lt;Capacity Market>" in grid

    hefei = (FIXTURES / "expected" / "hefei_thai_mojibake" / "articles"
             / "solid-state-cells-enter-pilot-production-in-hefei.md").read_text(encoding="utf-8")
    assert "\n\n![Close-up of battery cells on a production line.](photo-to-come)\n\n" in hefei
    assert hefei.endswith("samples:\n\n- a Chinese brand planning a 2027 saloon\n"
                          "- a European sports car maker\n- a Japanese firm that declined to "
                          "be named\n")     # fragments introduced by a colon: not takeaways


def seed_sentences(name: str) -> list[str]:
    """The test seed's text lines from the standfirst to the FAQ or author box, repaired."""
    text, _ = repair((FIXTURES / "seeds" / f"{name}.txt").read_text(encoding="utf-8"))
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    end = min([lines.index(marker) for marker in ("Frequently Asked Questions", "Written by")
               if marker in lines] or [len(lines)])
    if end < len(lines) and lines[end] == "Written by":
        end -= 1        # the author's name comes first
    wanted = []
    for line in lines[2:end]:
        line = re.sub(r"^[•*-] ", "", line)
        wanted += line.split(": ", 1) if re.match(r"^(Editor’s Note|By the Numbers): ", line) \
            else [line]
    return [line for line in wanted if line != "Key Takeaways"]


def picture_alts(container) -> list[str]:
    """What each picture stands for: an image's alt text, or the label of a picture with no
    photo yet (`photo-to-come`: a box with role="img", labelled perhaps "Photo to come: ")."""
    return [element["alt"] if element.name == "img"
            else re.sub(r"^photo to come:\s*", "", element["aria-label"], flags=re.IGNORECASE)
            for element in container.find_all(lambda tag: tag.name == "img"
                                               or tag.get("role") == "img")]


def test_imported_test_seeds_build_and_show_every_sentence_in_order(tmp_path: Path):
    site = SiteFolder(tmp_path / "site")
    for name in FIXTURE_FRONT:
        shutil.copy(FIXTURES / "seeds" / f"{name}.txt", site.root / f"{name}.txt")
        result = import_seeds(site.root, str(site.root / f"{name}.txt"))
        assert result.returncode == 0, result.stderr
    output = site.build()
    for name, front in FIXTURE_FRONT.items():
        page = parse_html(output / "articles" / slugify(front["title"]) / "index.html")
        article = page.find("article")
        text = " ".join(article.get_text(" ").split())
        alts = picture_alts(article)
        position = 0
        for sentence in seed_sentences(name):
            if sentence in alts:
                continue
            found = text.find(sentence, position)
            assert found >= 0, f"{name}: not found in order: {sentence!r}"
            position = found + len(sentence)
        assert len(article.select(".faq-entry")) == len(front.get("faq", []))
        assert len(article.select(".takeaways li")) == len(front.get("takeaways", []))


def test_an_existing_author_is_kept(tmp_path: Path):
    author = tmp_path / "content" / "authors" / "sebastian-wolf.yml"
    author.parent.mkdir(parents=True)
    author.write_text("name: Sebastian Wolf\nrole: Editor at large\n", encoding="utf-8")
    result = import_seeds(tmp_path, str(FIXTURES / "seeds" / "renault_latin1_long_faq.txt"))
    assert result.returncode == 0, result.stderr
    assert author.read_text(encoding="utf-8") == "name: Sebastian Wolf\nrole: Editor at large\n"
    assert "author sebastian-wolf: content/authors/sebastian-wolf.yml exists, kept" \
        in result.stderr
    assert sorted(files_under(tmp_path / "content")) == [
        "articles/renaults-budget-ev-tops-european-sales-chart.md", "authors/sebastian-wolf.yml"]


def test_an_existing_article_is_replaced_only_with_force(tmp_path: Path):
    article = tmp_path / "content" / SEED_ARTICLE
    article.parent.mkdir(parents=True)
    article.write_text("an editor's version\n", encoding="utf-8")
    result = import_seeds(tmp_path, str(SEED))
    assert result.returncode == 1
    assert result.stderr.strip() == (f"error: {SEED}: content/{SEED_ARTICLE} exists; "
                                     "--force replaces it")
    assert files_under(tmp_path / "content") == {SEED_ARTICLE: "an editor's version\n"}

    result = import_seeds(tmp_path, str(SEED), "--force")
    assert result.returncode == 0, result.stderr
    assert article.read_text(encoding="utf-8") == \
        (PROJECT / "content" / SEED_ARTICLE).read_text(encoding="utf-8")


def test_dry_run_prints_the_files_and_writes_nothing(tmp_path: Path):
    result = import_seeds(tmp_path, str(SEED), "--dry-run")
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "content").exists()
    article = (PROJECT / "content" / SEED_ARTICLE).read_text(encoding="utf-8")
    author = (PROJECT / "content" / SEED_AUTHOR).read_text(encoding="utf-8")
    assert result.stdout == (f"==> content/{SEED_ARTICLE} <==\n{article}"
                             f"==> content/{SEED_AUTHOR} <==\n{author}")


def test_skip_existing_imports_only_new_seeds(tmp_path: Path):
    clean = str(FIXTURES / "seeds" / "grid_storage_clean.txt")
    assert import_seeds(tmp_path, clean).returncode == 0
    before = files_under(tmp_path / "content")
    result = import_seeds(tmp_path, "--skip-existing", clean, str(SEED))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"skipped {clean}: content/articles/britains-biggest-grid-battery-goes-live-in-essex.md "
        "exists",
        f"wrote content/{SEED_ARTICLE} (from {SEED})",
        f"wrote content/{SEED_AUTHOR} (from {SEED})"]
    after = files_under(tmp_path / "content")
    assert {path: after[path] for path in before} == before and len(after) == len(before) + 2


BYLINE = "14 May 2026 · 6 min read · By Ada Byline"
BAD_SEEDS = [
    (b"", "seeds/bad.txt: empty file: no text"),
    (b" \n\n\t\n", "seeds/bad.txt: empty file: no text"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
     "seeds/bad.txt: binary file (it contains NUL bytes), not text"),
    (b"Title\n\n\x81\x8d\x8f\x90\x9d and more",
     "seeds/bad.txt:3: not text in any encoding the importer reads (UTF-8, UTF-16 with a BOM, "
     "Windows-1252): byte 0x81 at offset 7"),
    (b"14 May 2026\n\nA title\x01\n",
     "seeds/bad.txt:3: binary data (control character U+0001), not text"),
    ("Just A Title\n\nSome text.\n".encode(),
     "seeds/bad.txt:1: no byline: the first line should read like '14 May 2026 · 6 min read · "
     "By Name', not 'Just A Title'"),
    (f"{BYLINE}\n\n".encode(), "seeds/bad.txt: no title: nothing follows the byline"),
    (f"{BYLINE}\nA Title\n".encode(),
     "seeds/bad.txt:2: no standfirst: nothing follows the title"),
    ("31 February 2026 · By Ada Byline\n\nA Title\n\nText.\n".encode(),
     "seeds/bad.txt:1: no valid date in the byline: '31 February 2026' (write it like "
     "'14 May 2026')"),
    (f"{BYLINE}\n\nข่าวรถยนต์\n\nText.\n".encode(),
     "seeds/bad.txt: the title 'ข่าวรถยนต์' gives no slug (no Latin letters or digits)"),
]


@pytest.mark.parametrize("data, message", BAD_SEEDS)
def test_a_bad_seed_is_one_error_line_and_nothing_is_written(tmp_path: Path, data: bytes,
                                                             message: str):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "bad.txt").write_bytes(data)
    existing = tmp_path / "content" / "articles" / "kept.md"
    existing.parent.mkdir(parents=True)
    existing.write_text("kept\n", encoding="utf-8")
    result = import_seeds(tmp_path, str(tmp_path / "seeds" / "bad.txt"))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"error: {message}"]
    assert result.stdout == ""
    assert files_under(tmp_path / "content") == {"articles/kept.md": "kept\n"}


def test_one_bad_seed_stops_the_whole_import(tmp_path: Path):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "bad.txt").write_bytes(b"")
    result = import_seeds(tmp_path, str(SEED), str(tmp_path / "seeds" / "bad.txt"))
    assert result.returncode == 1
    assert result.stderr.splitlines() == ["error: seeds/bad.txt: empty file: no text"]
    assert not (tmp_path / "content").exists()


def test_mojibake_that_lost_a_byte_is_pointed_out(tmp_path: Path):
    seed = tmp_path / "seed.txt"
    seed.write_text(f"{BYLINE}\n\nA Title\n\nThe â€œfirstâ€ one.\n", encoding="utf-8")
    result = import_seeds(tmp_path, str(seed))
    assert result.returncode == 0, result.stderr
    assert "seed.txt: line 5: repaired 'â€œ' -> '“' (UTF-8 misread as Windows-1252)" \
        in result.stderr
    assert "warning: seed.txt: line 5: 'â€' looks like UTF-8 misread as Windows-1252, with a " \
           "byte lost: left as it is" in result.stderr.splitlines()


def test_seeds_sharing_a_new_author_write_it_once(tmp_path: Path):
    renault = str(FIXTURES / "seeds" / "renault_latin1_long_faq.txt")
    result = import_seeds(tmp_path, str(SEED), renault)
    assert result.returncode == 0, result.stderr
    assert f"{renault}: author sebastian-wolf: written for {SEED}" in result.stderr
    assert (tmp_path / "content" / SEED_AUTHOR).read_text(encoding="utf-8") == \
        (PROJECT / "content" / SEED_AUTHOR).read_text(encoding="utf-8")


def test_two_seeds_giving_one_article_are_refused(tmp_path: Path):
    copy = tmp_path / "copy.txt"
    shutil.copy(SEED, copy)
    result = import_seeds(tmp_path, str(SEED), str(copy))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"error: copy.txt: gives content/{SEED_ARTICLE}, as {SEED} does"]
    assert not (tmp_path / "content").exists()


@pytest.mark.parametrize("encoding, note", [("utf-16", None),
                                            ("cp1252", "not UTF-8: read as Windows-1252")])
def test_seeds_in_other_encodings_are_read(tmp_path: Path, encoding: str, note: str | None):
    seed = tmp_path / "seed.txt"
    seed.write_text(f"{BYLINE}\n\nCafé Owners Go Electric\n\nA “quoted” standfirst.\n",
                    encoding=encoding)
    result = import_seeds(tmp_path, str(seed))
    assert result.returncode == 0, result.stderr
    front, _ = front_and_body((tmp_path / "content" / "articles"
                               / "cafe-owners-go-electric.md").read_text(encoding="utf-8"))
    assert (front["title"], front["description"]) == ("Café Owners Go Electric",
                                                      "A “quoted” standfirst.")
    assert (f"seed.txt: {note}" in result.stderr.splitlines()) == (note is not None)


def test_force_replaces_an_author_only_from_an_author_box(tmp_path: Path):
    authors = tmp_path / "content" / "authors"
    authors.mkdir(parents=True)
    (authors / "sebastian-wolf.yml").write_text("name: Sebastian Wolf\n", encoding="utf-8")
    (authors / "li-wei.yml").write_text("name: Li Wei\nrole: Reporter\n", encoding="utf-8")
    result = import_seeds(tmp_path, "--force", str(SEED),
                          str(FIXTURES / "seeds" / "hefei_thai_mojibake.txt"))
    assert result.returncode == 0, result.stderr
    assert (authors / "sebastian-wolf.yml").read_text(encoding="utf-8") == \
        (PROJECT / "content" / SEED_AUTHOR).read_text(encoding="utf-8")
    assert (authors / "li-wei.yml").read_text(encoding="utf-8") == "name: Li Wei\nrole: Reporter\n"
