"""`python build.py` run by a Python that lacks the site's dependencies (the system one, say)
says in one line how to get them, instead of a traceback (issue 12, "Also")."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT, SiteFolder

ADVICE = ("lacks the site's dependencies ({}): run `make build` (it creates .venv with them) "
          "or use .venv/bin/python")
# Which dependency is missed first depends on the order of imports: any of them will do.
ANY_MISSING = re.compile(r"No module named '\w+'|No package metadata was found for \w+")
COMMANDS = {
    "build": ["build"],
    "check": ["check"],
    "serve": ["serve", "--port", "8765"],
    "new": ["new", "A Title", "--author", "ada"],
}


@pytest.fixture(scope="module")
def bare_python(tmp_path_factory) -> Path:
    """A fresh virtual environment with nothing installed in it."""
    venv = tmp_path_factory.mktemp("bare") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    return venv / "bin" / "python"


def assert_one_line_of_advice(result: subprocess.CompletedProcess, python: str,
                              missing: str | re.Pattern) -> None:
    assert result.returncode == 1, result.stderr
    [line] = result.stderr.splitlines()
    prefix, _, rest = line.partition(f"error: this Python ({python}) lacks the site's "
                                     "dependencies (")
    named, _, advice = rest.partition("): ")
    assert not prefix and advice == ADVICE.partition("): ")[2], line
    assert (missing.fullmatch(named) if isinstance(missing, re.Pattern)
            else named == missing), line


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_python_without_the_dependencies_is_told_to_use_the_venv(site: SiteFolder,
                                                                   bare_python: Path,
                                                                   command: str):
    result = subprocess.run([str(bare_python), str(PROJECT / "build.py"), "--root",
                             str(site.root), *COMMANDS[command]], capture_output=True,
                            text=True, timeout=60)
    assert_one_line_of_advice(result, str(bare_python), ANY_MISSING)
    assert not (site.root / "_site").exists() and not (site.root / ".cache").exists()


WITHOUT = """
import runpy, sys
missing, project, root = sys.argv[1:]

class Missing:
    \"\"\"Finds `missing` not installed, as on a Python that has only the other packages.\"\"\"
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] == missing:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)

sys.meta_path.insert(0, Missing())
sys.path.insert(0, project)
sys.argv = ["build.py", "--root", root, "build"]
runpy.run_path(f"{project}/build.py", run_name="__main__")
"""


@pytest.mark.parametrize("module", ["markdown", "jinja2", "markupsafe", "yaml"])
def test_each_missing_dependency_gets_the_same_advice(site: SiteFolder, tmp_path: Path,
                                                      module: str):
    without = tmp_path / "without.py"
    without.write_text(WITHOUT, encoding="utf-8")
    result = subprocess.run([sys.executable, str(without), module, str(PROJECT),
                             str(site.root)], capture_output=True, text=True, timeout=60)
    assert_one_line_of_advice(result, sys.executable, f"No module named {module!r}")
