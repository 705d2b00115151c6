"""A warning is one line naming file, line and field, given once; `--strict` makes it an error."""

from __future__ import annotations

import pytest

from conftest import SiteFolder, run_cli

GOOD = "title: Good\ndate: 2026-01-01\nauthor: ada\ndescription: Fine.\n"


@pytest.mark.parametrize("key", ["extra", "colour"])
def test_an_unknown_key_without_a_value_is_one_warning(site: SiteFolder, key: str):
    site.article("an-ordinary-story")       # loaded first, with no warning
    site.write("content/articles/bad.md", f"---\n{GOOD}{key}:\n---\n\nBody.\n")
    result = run_cli("build", "--output", str(site.root / "_site"), root=site.root)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"warning: content/articles/bad.md:6: field '{key}': unknown key (ignored)"]
    assert site.build_fails("--strict") == (f"error: content/articles/bad.md:6: field '{key}': "
                                            "unknown key")


def test_check_counts_the_warning_once(site: SiteFolder):
    site.article("an-ordinary-story")
    site.write("content/articles/bad.md", f"---\n{GOOD}extra:\n---\n\nBody.\n")
    result = run_cli("check", root=site.root)
    assert "Traceback" not in result.stderr, result.stderr
    assert "warning: content/articles/bad.md:6: field 'extra': unknown key (ignored)" \
        in result.stderr.splitlines()
    assert result.stdout.splitlines()[-1].endswith(", 1 warning"), result.stdout


def test_warning_collectors_are_told_apart_by_identity():
    from sitegen import report
    with report.collecting_warnings() as outer:
        with report.collecting_warnings() as first:     # both empty: equal, not the same
            pass
        with report.collecting_warnings() as second:
            report.warning("one")
        report.warning("two")
    report.warning("three")
    assert (outer, first, second) == (["one", "two"], [], ["one"])
