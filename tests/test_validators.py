"""Real validators: every built page passes the Nu HTML Checker; the Pages workflow passes
GitHub's workflow schema."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import PROJECT, SiteFolder, need_tool
from front_page_site import front_page_site

VNU_JAR = PROJECT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WORKFLOW = PROJECT / ".github" / "workflows" / "pages.yml"


def nu_errors(files: list[Path]) -> list[dict]:
    need_tool(shutil.which("java") is not None, "java (for the Nu HTML Checker)")
    need_tool(VNU_JAR.is_file(), "vnu-jar (run `make test`, which runs npm ci)")
    result = subprocess.run(["java", "-jar", str(VNU_JAR), "--format", "json", "--stdout",
                             *map(str, files)], capture_output=True, text=True, timeout=600)
    report = json.loads(result.stdout)
    return [message for message in report["messages"] if message["type"] == "error"
            or message.get("subType") == "fatal"]


def describe(errors: list[dict]) -> str:
    return "\n".join(f"{e['url'].rsplit('/_site/', 1)[-1]}:{e.get('lastLine')}: {e['message']}"
                     for e in errors)


def test_every_built_page_is_valid_html(project_build: Path, newsroom: Path, tmp_path: Path):
    desk = front_page_site(SiteFolder(tmp_path / "desk"), dt.datetime.now(dt.timezone.utc))
    pages = sorted(project_build.rglob("*.html")) + sorted(newsroom.rglob("*.html"))
    pages += sorted(desk.build("--no-search").rglob("*.html"))
    assert len(pages) > 25
    errors = nu_errors(pages)
    assert not errors, describe(errors)


def test_the_checker_catches_invalid_html(tmp_path: Path):
    broken = tmp_path / "broken.html"
    broken.write_text("<!doctype html><html lang=en><title>x</title><p><div></span>",
                      encoding="utf-8")
    assert nu_errors([broken])


def check_workflow(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                           "vendor.github-workflows", str(path)],
                          capture_output=True, text=True, timeout=120)


def test_pages_workflow_is_a_valid_github_workflow(tmp_path: Path):
    result = check_workflow(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr
    text = WORKFLOW.read_text(encoding="utf-8")
    assert "make build BASE_URL=\"${{ steps.pages.outputs.base_url }}\"" in text
    broken = tmp_path / "pages.yml"
    broken.write_text(text.replace("runs-on:", "runs_on:", 1), encoding="utf-8")
    assert check_workflow(broken).returncode != 0


def test_pages_workflow_publishes_with_the_documented_steps():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = workflow[True]           # YAML 1.1 reads the key `on` as true
    assert triggers["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in triggers
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"]["group"] == "pages"
    build = [step.get("uses", step.get("run", "")) for step in workflow["jobs"]["build"]["steps"]]
    for action in ("actions/checkout@", "actions/setup-python@", "actions/configure-pages@",
                   "actions/cache@", "actions/upload-pages-artifact@"):
        assert any(step.startswith(action) for step in build), action
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
