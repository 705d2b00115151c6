# Every target works on a fresh machine with only Python 3.11+: the virtual environment is
# (re)made from the pinned requirements when it is missing or older than them.
PYTHON ?= python3
VENV := .venv
VENV_PYTHON := $(VENV)/bin/python
VENV_STAMP := $(VENV)/.installed
BASE_URL ?=
PORT ?= 8000

.PHONY: build serve test clean

$(VENV_STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV_PYTHON) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

build: $(VENV_STAMP)
	$(VENV_PYTHON) build.py build $(if $(BASE_URL),--base-url "$(BASE_URL)")

serve: $(VENV_STAMP)
	$(VENV_PYTHON) build.py serve --port $(PORT)

test: $(VENV_STAMP)
	$(VENV_PYTHON) -m pytest $(PYTEST_ARGS)

clean:
	rm -rf _site _site.staging-* _site.old-* .preview .cache .pytest_cache
	find . -name __pycache__ -type d -not -path './$(VENV)/*' -prune -exec rm -rf {} +
