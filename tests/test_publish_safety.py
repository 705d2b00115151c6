"""Nothing published is lost: failed builds, full disks, concurrent builds, escaping paths."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import time
from contextlib import redirect_stderr
from io import StringIO
from pathlib import Path

import pytest

import build as cli
from conftest import PROJECT, SiteFolder, build_leftovers, parse_html, run_cli
from sitegen.publish import publish_switch
from sitegen.publish import writer


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(site: SiteFolder) -> list[str]:
    return build_leftovers(site.root)


def run_in_process(site: SiteFolder, *args: str) -> tuple[int, str]:
    stderr = StringIO()
    with redirect_stderr(stderr):
        code = cli.main(["--root", str(site.root), "build", "--output",
                         str(site.root / "_site"), *args])
    return code, stderr.getvalue()


@pytest.fixture
def published(site: SiteFolder) -> tuple[SiteFolder, dict[str, bytes]]:
    site.article("one", tags=["Cars"])
    site.article("two")
    out = site.build()
    return site, snapshot(out)


def test_disk_full_while_writing_keeps_the_published_site(published, monkeypatch):
    site, before = published
    site.article("three")      # a change that would alter the site
    real_write = writer.StagingWriter.write
    calls = []

    def write_until_full(self, relative, content, owner="the build"):
        calls.append(relative)
        if len(calls) == 4:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write(self, relative, content, owner)

    monkeypatch.setattr(writer.StagingWriter, "write", write_until_full)
    code, stderr = run_in_process(site)
    assert code == 1
    assert stderr.strip().splitlines() == [
        f"error: {site.root / '_site'}: cannot write the new site: No space left on device; "
        "the published site is unchanged"]
    assert snapshot(site.root / "_site") == before
    assert leftovers(site) == []


def test_a_really_full_disk_keeps_the_published_site(site: SiteFolder, tmp_path: Path):
    """The output on a small file system of its own (where mounting is allowed), filled up so
    that the new site does not fit: one line naming the output and the file, and the
    published site as it was."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", str(disk)],
                             capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {mounted.stderr.decode().strip()}")
    output = disk / "site"
    try:
        for number in range(12):
            site.article(f"story-{number:02}", body="A paragraph of the story. " * 40)
        site.build("--no-search", output=output)
        before = snapshot(output)
        (disk / "filler").write_bytes(bytes(shutil.disk_usage(disk).free - 20_000))
        for number in range(12):
            site.article(f"story-{number:02}", body="The story, rewritten. " * 40)
        result = run_cli("build", "--output", str(output), "--no-search", root=site.root)
        assert result.returncode == 1, result.stderr
        [line] = result.stderr.splitlines()
        assert line.startswith(f"error: {output}: cannot write the new site ("), line
        assert line.endswith("): No space left on device; the published site is unchanged")
        assert snapshot(output) == before
        (disk / "filler").unlink()
        site.build("--no-search", output=output)
        assert "The story, rewritten." in (output / "articles/story-03/index.html"
                                           ).read_text(encoding="utf-8")
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def test_a_failed_switch_leaves_the_published_site(published, monkeypatch):
    site, before = published
    site.article("three")
    link = os.readlink(site.root / "_site")
    real_replace = publish_switch.os.replace

    def replace(source, target):     # the switch of the output name fails
        if Path(target) == site.root / "_site":
            raise OSError(errno.EXDEV, "Invalid cross-device link", str(source))
        real_replace(source, target)

    monkeypatch.setattr(publish_switch.os, "replace", replace)
    code, stderr = run_in_process(site)
    assert code == 1 and "Invalid cross-device link" in stderr
    assert os.readlink(site.root / "_site") == link
    assert snapshot(site.root / "_site") == before
    assert leftovers(site) == []


@pytest.mark.parametrize("template, text, expected", [
    ("article.html", "{% if %}", "error: templates/article.html:3: template syntax error: "
                                 "Expected an expression"),
    ("partials/byline.html", "<p>{{ article.no_such_field }}</p>\n",
     "error: templates/partials/byline.html:3: template error: Story has no 'no_such_field'; "
     "it has: slug, title, date,"),
    ("partials/byline.html", "<p>{{ article.title + 1 }}</p>\n",
     "error: templates/partials/byline.html:3: template error: TypeError: "),
    ("partials/faq.html", "{{ article.faq[99].question }}\n",
     "error: templates/partials/faq.html:3: template error: "),
    ("article.html", "{% include 'partials/missing.html' %}\n",
     "error: templates/article.html: template not found: partials/missing.html"),
])
def test_template_error_names_template_and_line_and_keeps_the_site(published, template, text,
                                                                   expected):
    site, before = published
    site.write(f"templates/{template}", "\n" * 2 + text)       # the error is on line 3
    message = site.build_fails()
    assert message.startswith(expected), message
    assert snapshot(site.root / "_site") == before
    assert leftovers(site) == []


def test_content_error_keeps_the_site_byte_for_byte(published):
    site, before = published
    site.write("content/articles/two.md", "---\ntitle: [broken\n---\n")
    site.build_fails()
    assert snapshot(site.root / "_site") == before


HOLD_LOCK = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from sitegen.publish.publish_switch import output_lock
with output_lock(Path(sys.argv[2])):
    print("locked", flush=True)
    sys.stdin.readline()            # hold the lock until the test says so
"""


def test_a_second_build_waits_for_the_lock(site: SiteFolder):
    site.article("one")
    output = site.root / "_site"
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(PROJECT), str(output)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        builder = subprocess.Popen([sys.executable, str(PROJECT / "build.py"), "--root",
                                    str(site.root), "build", "--output", str(output)],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert builder.stderr.readline().strip() == (
            "waiting for another build writing _site to finish "
            "(lock file .site-builds/_site.lock)")
        time.sleep(0.5)
        assert builder.poll() is None and not output.exists()     # it waits, writing nothing
    finally:
        holder.communicate("\n", timeout=60)
    out, err = builder.communicate(timeout=120)
    assert builder.returncode == 0, err
    assert (output / "articles/one/index.html").is_file()


def test_two_builds_at_once_give_one_complete_site(site: SiteFolder):
    for number in range(30):
        site.article(f"story-{number}", tags=[f"Tag {number % 5}"], body="Words. " * 300)
    reference = snapshot(site.build(output=site.root / "reference"))
    output = site.root / "_site"
    command = [sys.executable, str(PROJECT / "build.py"), "--root", str(site.root), "build",
               "--output", str(output), "--now", "2026-06-01T00:00:00+00:00"]
    for _ in range(2):
        processes = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                      text=True) for _ in range(2)]
        results = [(p.wait(timeout=120), p.stderr.read()) for p in processes]
        for process in processes:
            process.stdout.close()
            process.stderr.close()
        assert [code for code, _ in results] == [0, 0], results
        assert "Traceback" not in "".join(err for _, err in results)
        assert snapshot(output) == reference
        assert leftovers(site) == []


@pytest.mark.parametrize("value", ["../escape", "a/../../b", "a/b", "a\\b", "..\\..\\b", "C:evil",
                                   "c:/windows", "/etc/passwd", "\\\\server\\share"])
def test_a_slug_cannot_escape_the_output(site: SiteFolder, value: str):
    site.article("story", slug=value)
    message = site.build_fails()
    assert message.startswith("error: content/articles/story.md:6: field 'slug': "
                              f"{value!r} must be lower-case letters, digits and hyphens")
    assert not (site.root / "_site").exists()


@pytest.mark.parametrize("field, value, path", [
    ("tags", ["../../escape"], "tags/escape/"),
    ("tags", ["a/b\\c"], "tags/abc/"),
    ("tags", ["C:\\Windows"], "tags/cwindows/"),
    ("tags", ["/etc/passwd"], "tags/etcpasswd/"),
    ("section", "../../up", "sections/up/"),
])
def test_tags_and_sections_are_slugified_inside_the_output(site: SiteFolder, field, value, path):
    site.article("story", **{field: value})
    out = site.build()
    assert (out / path / "index.html").is_file()
    outside = [p for p in site.root.parent.rglob("*")
               if p.name in ("escape", "up") and not p.resolve().is_relative_to(out.resolve())]
    assert outside == []


@pytest.mark.parametrize("value", ["..", "../ada", "/etc/passwd", "C:\\ada", "a/b", "..\\ada"])
def test_an_author_reference_cannot_escape(site: SiteFolder, value: str):
    site.article("story", author=value)
    message = site.build_fails()
    assert message.startswith(f"error: content/articles/story.md:4: field 'author': "
                              f"unknown author {value!r}")


@pytest.mark.parametrize("file_name", ["..yml", "a..b.yml", "C:ada.yml", "a\\b.yml", "Ada.yml"])
def test_an_author_file_name_must_be_a_slug(site: SiteFolder, file_name: str):
    (site.root / "content" / "authors" / file_name).write_text("name: X\n", encoding="utf-8")
    message = site.build_fails()
    assert message.startswith(f"error: content/authors/{file_name}: author file name "), message
    assert "must be lower-case letters, digits and hyphens" in message


@pytest.mark.parametrize("relative", ["../x.html", "/etc/x", "C:/x", "c:x", "a/../../x", "\\x"])
def test_the_writer_refuses_paths_outside_its_folder(tmp_path: Path, relative: str):
    staging = writer.StagingWriter(tmp_path / "out")
    with pytest.raises(writer.SiteError, match="would escape the output directory"):
        staging.write(relative, "x")
    assert not any(tmp_path.rglob("x*"))


def test_an_edited_template_is_used_by_the_next_build_in_the_same_process(site: SiteFolder):
    """Compiled templates are reused across builds (previews), never once their file changed."""
    site.article("one")
    assert run_in_process(site)[0] == 0
    footer = site.root / "templates/base.html"
    footer.write_text(footer.read_text(encoding="utf-8").replace(
        "</footer>", "<p id=edited>Edited</p></footer>"), encoding="utf-8")
    assert run_in_process(site)[0] == 0
    assert parse_html(site.root / "_site/index.html").find(id="edited").get_text() == "Edited"
    footer.write_text("{% if %}", encoding="utf-8")
    code, stderr = run_in_process(site)
    assert code == 1 and stderr.startswith("error: templates/base.html:1: template syntax error")


@pytest.mark.parametrize("output", [".", "..", "content", "content/articles", "templates",
                                    "static/site", "seeds"])
def test_the_output_cannot_be_the_site_or_its_sources(site: SiteFolder, output: str):
    site.article("one")
    before = snapshot(site.root)
    result = run_cli("build", "--output", str(site.root / output), root=site.root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("error: ") and result.stderr.rstrip().endswith(
        "the output folder would replace the site's own files; choose a folder such as _site")
    assert snapshot(site.root) == before
