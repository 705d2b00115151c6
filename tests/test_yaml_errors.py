"""YAML that reads as something other than it seems, in front matter, author files and site.yml:
one `error:` line naming the file, the line and the key; exit 1, no traceback."""

from __future__ import annotations

import pytest

from conftest import SiteFolder, run_cli

GOOD = "title: Good\ndate: 2026-01-01\nauthor: ada\ndescription: Fine.\n"
ARTICLE = "content/articles/bad.md"
AUTHOR = "content/authors/bo.yml"
CONFIG_TOP = "title: T\ndescription: D\nbase_url: https://news.example.org/\n"


@pytest.mark.parametrize("relative, text, expected", [
    (ARTICLE, "---\n---\nBody",
     f"{ARTICLE}: field 'author': is required (an author id, or a list of them)"),
    (ARTICLE, "---\n# nothing\n---\nBody",
     f"{ARTICLE}: field 'author': is required (an author id, or a list of them)"),
    ("content/pages/bad.md", "---\n---\nBody", "content/pages/bad.md: field 'title': is required"),
    (AUTHOR, "# nothing\n", f"{AUTHOR}: field 'name': is required"),
    (AUTHOR, "\n# nothing\n\n", f"{AUTHOR}: field 'name': is required"),
    (AUTHOR, "", f"{AUTHOR}:1: empty file"),
    ("site.yml", "# nothing\n", "site.yml: field 'title': is required"),
    ("site.yml", "", "site.yml:1: empty file"),
])
def test_nothing_but_comments(site: SiteFolder, relative: str, text: str, expected: str):
    site.write(relative, text)
    assert site.build_fails() == f"error: {expected}"


NUMBER_KEY = "must be text, not a number (put it in quotes)"


@pytest.mark.parametrize("relative, text, expected", [
    (ARTICLE, GOOD + "image: {src: images/placeholder-hero.svg, alt: a, 1: x}\n",
     f"{ARTICLE}:6: field 'image': key '1' {NUMBER_KEY}"),
    (ARTICLE, GOOD + "image: {src: images/placeholder-hero.svg, alt: a, 1: x, b: y}\n",
     f"{ARTICLE}:6: field 'image': key '1' {NUMBER_KEY}"),
    (ARTICLE, GOOD + "image:\n  src: images/placeholder-hero.svg\n  alt: a\n  1.0: x\n",
     f"{ARTICLE}:9: field 'image': key '1.0' {NUMBER_KEY}"),
    (ARTICLE, GOOD + "faq:\n  - {question: Why?, answer: Because., 1: x, b: y}\n",
     f"{ARTICLE}:7: field 'faq': key '1' {NUMBER_KEY}"),
    (ARTICLE, GOOD + "1: x\n", f"{ARTICLE}:6: key '1' {NUMBER_KEY}"),
    (ARTICLE, GOOD + "0x1F: x\n", f"{ARTICLE}:6: key '0x1F' {NUMBER_KEY}"),
    (ARTICLE, GOOD + "true: x\n",
     f"{ARTICLE}:6: key 'true' must be text, not true/false (put it in quotes)"),
    (ARTICLE, GOOD + "null: x\n", f"{ARTICLE}:6: key 'null' must be text, not null "
                                  "(put it in quotes)"),
    (ARTICLE, GOOD + "~: x\n", f"{ARTICLE}:6: key '~' must be text, not null (put it in quotes)"),
    (ARTICLE, GOOD + "? [a, b]\n: x\n",
     f"{ARTICLE}:6: a key must be text, not a list or mapping"),
    (AUTHOR, "name: Bo\navatar: {src: images/placeholder-figure.svg, alt: a, 1: x, b: y}\n",
     f"{AUTHOR}:2: field 'avatar': key '1' {NUMBER_KEY}"),
    ("site.yml", CONFIG_TOP + "comments: {provider: none, 1: x, b: y}\n",
     f"site.yml:4: field 'comments': key '1' {NUMBER_KEY}"),
    ("site.yml", CONFIG_TOP + "yes: x\n",
     "site.yml:4: key 'yes' must be text, not true/false (put it in quotes)"),
])
def test_keys_that_are_not_text(site: SiteFolder, relative: str, text: str, expected: str):
    site.write(relative, f"---\n{text}---\n\nBody.\n" if relative == ARTICLE else text)
    assert site.build_fails() == f"error: {expected}"


def test_a_key_that_looks_like_a_date_is_text(site: SiteFolder):
    """Dates stay text in this loader, so such a key is one more unknown key."""
    site.write(ARTICLE, f"---\n{GOOD}2026-05-14: x\n---\n\nBody.\n")
    result = run_cli("build", "--output", str(site.root / "_site"), root=site.root)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"warning: {ARTICLE}:6: field '2026-05-14': unknown key (ignored)"]


MERGE = "merge keys ('<<') are not allowed: write the keys out"


@pytest.mark.parametrize("relative, text, expected", [
    (ARTICLE, GOOD.replace("title: Good", 'title: "Visible"')
     + '<<: {title: "Hidden", draft: true}\n', f"{ARTICLE}:6: {MERGE}"),
    (ARTICLE, GOOD + "<<: [{draft: true}]\n", f"{ARTICLE}:6: {MERGE}"),
    (ARTICLE, GOOD + "image:\n  <<: {src: images/placeholder-hero.svg}\n  alt: A\n",
     f"{ARTICLE}:7: field 'image': {MERGE}"),
    (ARTICLE, GOOD + "faq:\n  - question: Why?\n    answer: Because.\n    <<: {answer: No.}\n",
     f"{ARTICLE}:9: field 'faq': {MERGE}"),
    (ARTICLE, GOOD + "base: &base {draft: true}\n<<: *base\n",
     f"{ARTICLE}:7: YAML aliases (*name) are not allowed"),
    (AUTHOR, "name: Bo\n<<: {name: Hidden}\n", f"{AUTHOR}:2: {MERGE}"),
    ("site.yml", CONFIG_TOP + "<<: {base_url: 'https://elsewhere.example/'}\n",
     f"site.yml:4: {MERGE}"),
])
def test_merge_keys_are_refused(site: SiteFolder, relative: str, text: str, expected: str):
    site.write(relative, f"---\n{text}---\n\nBody.\n" if relative == ARTICLE else text)
    assert site.build_fails() == f"error: {expected}"


def test_a_quoted_merge_key_is_an_ordinary_key(site: SiteFolder):
    site.write(ARTICLE, f'---\n{GOOD}"<<": x\n---\n\nBody.\n')
    result = run_cli("build", "--output", str(site.root / "_site"), root=site.root)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [f"warning: {ARTICLE}:6: field '<<': unknown key (ignored)"]


# Characters Python's str.splitlines() also breaks at; YAML itself breaks at the first three.
LINE_BREAKS = ["\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e"]


@pytest.mark.parametrize("separator", LINE_BREAKS, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize("line_4, expected", [
    ("updated: 14 May 2026", "field 'updated': '14 May 2026' is not an ISO 8601 date"),
    ("summary: Cars: the future", "YAML syntax error: mapping values are not allowed"),
    ("title: Again", "field 'title': given twice (first on line 2)"),
    ("image: {src: images/placeholder-hero.svg, alt: a, 1: x}",
     f"field 'image': key '1' {NUMBER_KEY}"),
    ("<<: {draft: true}", MERGE),
    ("tags: *cars", "YAML aliases (*name) are not allowed"),
])
def test_other_line_breaks_do_not_shift_line_numbers(site: SiteFolder, separator: str,
                                                      line_4: str, expected: str):
    front = f'title: "Before{separator}after"\nsection: &cars Cars\n{line_4}\n' + GOOD[12:]
    site.write(ARTICLE, f"---\n{front}---\n\nBody.\n")
    assert site.build_fails().startswith(f"error: {ARTICLE}:4: {expected}")


def test_a_line_break_yaml_sees_and_the_editor_does_not_is_named(site: SiteFolder):
    site.write(ARTICLE, "---\ntitle: Before\u2028after\nauthor: ada\ndate: 2026-01-01\n"
                        "description: Fine.\n---\n\nBody.\n")
    message = site.build_fails()
    assert message.startswith(f"error: {ARTICLE}:3: YAML syntax error: "), message
    assert message.endswith("(note: line 2 holds an invisible line break, U+2028, which YAML "
                            "reads as a new line)")


def test_body_lines_count_only_newlines(site: SiteFolder):
    site.article("pictures", body="Intro\u2028still line 8.\n\n![Gone](/images/missing.jpg)\n")
    assert site.build_fails() == ("error: content/articles/pictures.md:10: field 'body': "
                                  "image '/images/missing.jpg' not found in static/")


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"], ids=lambda c: f"U+{ord(c):04X}")
def test_key_lines_count_only_newlines(separator: str):
    """Called directly, nothing has dropped U+0085 yet: YAML's own line count would be off."""
    from sitegen.errors import SiteError
    from sitegen.content.yamltext import parse_mapping
    text = f'a: "x{separator}y"\nb: {{c: 1}}\nd: &z 1\n'
    assert parse_mapping(text, "f.md", first_line=2)[1] == {"a": 2, "b": 3, "d": 4}
    with pytest.raises(SiteError) as error:
        parse_mapping(text + "e: *z\n", "f.md", first_line=2)
    assert error.value.line == 5
