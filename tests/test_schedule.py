"""Scheduled publishing: `schedule` lists what goes live and when, warns about dates easily
meant otherwise; the Pages workflow runs hourly and deploys only a site that changed."""

from __future__ import annotations

import pytest
import yaml

from conftest import PROJECT, SiteFolder, run_cli
from sitegen.publish.deploy_gate import should_deploy

NOW = "2026-12-05T12:00:00+00:00"


@pytest.fixture
def newsroom(site: SiteFolder) -> SiteFolder:
    site.config(title="T", description="D", base_url="https://news.example.org/",
                timezone="Europe/London")
    site.article("published", date="2026-12-01T09:00:00")
    site.article("tomorrow", title="Tomorrow's story", date="2026-12-06T07:00:00+00:00")
    site.article("clocks", title="Clocks go forward", date="2027-03-28T00:30:00")
    site.article("midnight", title="Just after midnight", date="2027-07-01T00:30:00")
    site.article("draft-later", date="2026-12-07T09:00:00+00:00", draft=True)
    return site


def test_schedule_lists_what_goes_live_in_the_sites_zone_and_utc(newsroom):
    result = run_cli("schedule", "--now", NOW, root=newsroom.root)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "3 stories are scheduled (times in Europe/London and UTC):"
    assert lines[1:4] == [
        "  Sun 6 Dec 2026 07:00 GMT  (Sun 6 Dec 07:00 UTC)  content/articles/tomorrow.md  "
        "Tomorrow's story",
        "  Sun 28 Mar 2027 00:30 GMT  (Sun 28 Mar 00:30 UTC)  content/articles/clocks.md  "
        "Clocks go forward",
        "  Thu 1 Jul 2027 00:30 BST  (Wed 30 Jun 23:30 UTC)  content/articles/midnight.md  "
        "Just after midnight"]
    assert lines[4:] == [
        "warning: content/articles/clocks.md:3: field 'date': no timezone, and within a day "
        "of a change of clocks in Europe/London: write its offset, such as "
        "2027-03-28T00:30+00:00",
        "warning: content/articles/midnight.md:3: field 'date': no timezone, and on another "
        "day in UTC (where build machines run): write its offset, such as "
        "2027-07-01T00:30+01:00"]
    assert run_cli("schedule", "--now", NOW, "--strict", root=newsroom.root).returncode == 1


def test_a_date_with_its_offset_is_not_warned_about(site):
    site.config(title="T", description="D", base_url="https://news.example.org/",
                timezone="Europe/London")
    site.article("clocks", date="2027-03-28T00:30:00+00:00")
    result = run_cli("schedule", "--now", "2027-03-20T12:00:00+00:00", "--strict",
                     root=site.root)
    assert result.returncode == 0 and "warning" not in result.stdout, result.stdout


def test_nothing_scheduled_and_a_schedule_that_would_lapse(site):
    assert run_cli("schedule", "--now", NOW, root=site.root).stdout.startswith(
        "No stories are scheduled")
    site.article("far", date="2027-03-01T09:00:00+00:00")
    out = run_cli("schedule", "--now", NOW, root=site.root).stdout
    assert "warning: the next story goes live in 85 days: GitHub turns off a public " \
           "repository's schedule after 60 days without a commit" in out


@pytest.mark.parametrize("event, last, deploy", [
    ("schedule", "abc", False),         # nothing changed since the last deploy
    ("schedule", "old", True),
    ("schedule", None, True),           # no digest kept (a new cache)
    ("push", "abc", True),
    ("workflow_dispatch", "abc", True),
])
def test_should_deploy(event, last, deploy):
    assert should_deploy(event, "abc", last) is deploy


def test_the_gate_deploys_a_scheduled_build_only_when_the_site_changed(newsroom):
    def gate(event: str) -> str:
        result = run_cli("deploy-gate", "--event", event, root=newsroom.root)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()
    build = ["build", "--now", NOW]
    assert run_cli(*build, root=newsroom.root).returncode == 0
    assert gate("push") == "deploy=true"
    assert gate("schedule") == "deploy=false"
    # An hour later nothing is due: the same site (the news sitemap's window aside)
    assert run_cli(*build, root=newsroom.root).returncode == 0
    assert gate("schedule") == "deploy=false"
    # The next day the scheduled story's time has come
    assert run_cli("build", "--now", "2026-12-06T08:00:00+00:00",
                   root=newsroom.root).returncode == 0
    assert gate("schedule") == "deploy=true"
    assert (newsroom.root / "_site/articles/tomorrow/index.html").is_file()
    assert gate("schedule") == "deploy=false"


def test_the_workflow_runs_hourly_and_deploys_through_the_gate():
    workflow = yaml.safe_load((PROJECT / ".github/workflows/pages.yml").read_text("utf-8"))
    cron = workflow[True]["schedule"][0]["cron"]
    minute, hour, *_ = cron.split()
    assert hour == "*" and minute.isdigit() and 0 < int(minute) < 60     # not on the hour
    steps = workflow["jobs"]["build"]["steps"]
    gate = next(step for step in steps if step.get("id") == "gate")
    assert "build.py deploy-gate --event \"${{ github.event_name }}\"" in gate["run"]
    upload = next(step for step in steps
                  if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["if"] == "steps.gate.outputs.deploy == 'true'"
    assert workflow["jobs"]["build"]["outputs"]["deploy"] == "${{ steps.gate.outputs.deploy }}"
    assert workflow["jobs"]["deploy"]["if"] == "needs.build.outputs.deploy == 'true'"
    cache = next(step for step in steps if step.get("uses", "").startswith("actions/cache@"))
    assert cache["with"]["path"] == ".cache"
    assert cache["with"]["key"].endswith("${{ github.run_id }}")    # saved after every run
    summary = next(step for step in steps if "GITHUB_STEP_SUMMARY" in step.get("run", ""))
    assert "build.py schedule" in summary["run"] and "build.py check" in summary["run"]
