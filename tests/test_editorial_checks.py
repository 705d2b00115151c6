"""`check` before publishing: the text `new` wrote, long standfirsts and headlines, links to
stories that are not there; warnings name file, line and field, and --strict fails on them."""

from __future__ import annotations

from conftest import SiteFolder, run_cli

NEW_STORY = "content/articles/a-story-from-new.md"


def _check(site: SiteFolder, *args: str) -> tuple[int, list[str]]:
    result = run_cli("check", *args, root=site.root)
    assert "Traceback" not in result.stderr
    return result.returncode, [line for line in result.stdout.splitlines()
                               if line.startswith(("warning:", "error:"))]


def test_the_text_new_wrote_is_a_warning_until_it_is_replaced(site):
    assert run_cli("new", "A story from new", "--author", "ada", root=site.root).returncode == 0
    path = site.root / NEW_STORY
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("draft: true", "draft: false"), encoding="utf-8")
    lines = text.split("\n")
    description = 1 + next(i for i, line in enumerate(lines) if line.startswith("description:"))
    body = 1 + lines.index("Write the article here, in Markdown.")
    code, findings = _check(site)
    assert f"warning: {NEW_STORY}:{description}: field 'description': still the " \
           "placeholder `new` wrote: sum the story up" in findings
    assert f"warning: {NEW_STORY}:{body}: field 'body': still the placeholder `new` " \
           "wrote: write the story" in findings
    assert code == 0
    strict, _ = _check(site, "--strict")
    assert strict == 1
    path.write_text(path.read_text(encoding="utf-8").replace(
        "One or two sentences that sum up the story.", "What happened.").replace(
        "Write the article here, in Markdown.", "The story."), encoding="utf-8")
    assert not [line for line in _check(site)[1] if "placeholder" in line]


def test_a_draft_with_the_text_new_wrote_is_not_warned_about(site):
    run_cli("new", "A story from new", "--author", "ada", root=site.root)
    assert not [line for line in _check(site)[1] if "placeholder" in line]


def test_long_standfirsts_and_headlines(site):
    site.article("long", title="A headline " * 11, description="Words. " * 25)   # title: 2 lines
    site.article("fine", title="A headline " * 9 + "ends", description="Words. " * 22)
    _, findings = _check(site)
    assert "warning: content/articles/long.md:2: field 'title': 120 characters; headlines " \
           "over 110 are cut in search results and news apps" in findings
    assert "warning: content/articles/long.md:6: field 'description': 174 characters; " \
           "search results show about 160" in findings
    assert not [line for line in findings if "fine.md" in line]


def test_a_link_to_a_story_that_is_not_published_is_an_error_at_its_line(site):
    site.article("later", date="2027-01-01")        # scheduled: not on the site yet
    site.article("linking", body="Intro.\n\nSee [the later story](/articles/later/).\n")
    code, findings = _check(site)
    assert code == 1
    assert any(line.startswith("error: content/articles/linking.md:10:")
               and "/articles/later/" in line for line in findings), findings


def test_an_opinion_needs_a_named_author(site):
    site.article("view", label="opinion", author=[])
    result = run_cli("build", "--output", str(site.root / "_site"), root=site.root)
    assert result.returncode == 1
    assert "content/articles/view.md:4: field 'author': is required" in result.stderr
