# Every target works on a fresh machine with only Python 3.11+: the virtual environment is
# (re)made from the pinned requirements when it is missing or older than them.
PYTHON ?= python3
VENV := .venv
VENV_PYTHON := $(VENV)/bin/python
# build, serve and check need only the runtime requirements; test and bench add the tools.
RUNTIME_STAMP := $(VENV)/.installed-runtime
DEV_STAMP := $(VENV)/.installed-dev
PIP := $(VENV_PYTHON) -m pip install --quiet --disable-pip-version-check
# Node tools for the tests (the Nu HTML Checker, axe-core, Lighthouse), from the committed
# package-lock.json.
NODE_STAMP := node_modules/.installed
# The editing interface (Decap CMS, from npm): `make build` publishes its script at /admin/.
CMS_STAMP := node_modules/.installed-cms
BASE_URL ?=
PORT ?= 8000

.PHONY: build serve edit test check lighthouse clean bench

$(RUNTIME_STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) -r requirements.txt
	touch $@

$(DEV_STAMP): $(RUNTIME_STAMP) requirements-dev.txt
	$(PIP) -r requirements-dev.txt
	touch $@

# Without npm the tests that need node tools skip (or fail under REQUIRE_TOOLS=1).
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --ignore-scripts --no-audit --no-fund && touch $@ $(CMS_STAMP); \
	else echo "npm not found: tests that need node tools will skip"; fi

# The site's typeface, self-hosted (no font service; works under a subpath). The copies are
# committed so builds need no node; this recopies them from the @fontsource packages pinned in
# package.json, so an upgrade is a version bump and `make fonts` (then compare site.css's
# unicode-ranges with the packages' <weight>.css). Only latin and latin-ext WOFF2 of the faces
# site.css uses. The Thai and Arabic faces are for the social cards drawn in Python, not CSS, so
# they stay out of static/ and are not published. The OFL wants each licence beside its font.
FONTSOURCE := node_modules/@fontsource
SITE_FONTS := $(addprefix source-serif-4/files/source-serif-4-,\
		latin-700-normal.woff2 latin-ext-700-normal.woff2) \
	$(addprefix source-sans-3/files/source-sans-3-,\
		latin-400-normal.woff2 latin-ext-400-normal.woff2 latin-400-italic.woff2 \
		latin-ext-400-italic.woff2 latin-700-normal.woff2 latin-ext-700-normal.woff2)
CARD_FONTS := noto-sans-thai/files/noto-sans-thai-thai-700-normal.woff2 \
	noto-sans-arabic/files/noto-sans-arabic-arabic-700-normal.woff2

.PHONY: fonts
fonts: $(NODE_STAMP)
	@test -d $(FONTSOURCE) || { echo "$(FONTSOURCE) is missing: make fonts needs npm"; exit 1; }
	mkdir -p static/fonts sitegen/cards/fonts
	cp $(addprefix $(FONTSOURCE)/,$(SITE_FONTS)) static/fonts/
	cp $(addprefix $(FONTSOURCE)/,$(CARD_FONTS)) sitegen/cards/fonts/
	for family in source-serif-4 source-sans-3; do \
		cp $(FONTSOURCE)/$$family/LICENSE static/fonts/$$family-LICENSE.txt || exit 1; done
	for family in noto-sans-thai noto-sans-arabic; do \
		cp $(FONTSOURCE)/$$family/LICENSE sitegen/cards/fonts/$$family-LICENSE.txt || exit 1; done

# Only the packages the site publishes (not the test tools); without npm, no /admin/.
$(CMS_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --omit=dev --ignore-scripts --no-audit --no-fund && touch $@; \
	else echo "npm not found: the site is built without its editing interface (/admin/)"; fi

build: $(RUNTIME_STAMP) $(CMS_STAMP)
	$(VENV_PYTHON) build.py build $(if $(BASE_URL),--base-url "$(BASE_URL)")

check: $(RUNTIME_STAMP)
	$(VENV_PYTHON) build.py check $(if $(BASE_URL),--base-url "$(BASE_URL)")

serve: $(RUNTIME_STAMP)
	$(VENV_PYTHON) build.py serve --port $(PORT)

# Write and edit in the browser: the preview (http://127.0.0.1:$(PORT)/admin/) and Decap's
# local server on port 8081 (where admin/config.yml looks), which saves into content/ here;
# both on 127.0.0.1, both stopped by Ctrl+C.
edit: $(RUNTIME_STAMP) $(CMS_STAMP)
	@trap 'kill 0' INT TERM EXIT; \
	MODE=fs GIT_REPO_DIRECTORY="$(CURDIR)" BIND_HOST=127.0.0.1 PORT=8081 \
		node node_modules/decap-server/dist/index.js & \
	$(VENV_PYTHON) build.py serve --port $(PORT)

test: $(DEV_STAMP) $(NODE_STAMP)
	$(VENV_PYTHON) -m pytest $(PYTEST_ARGS)

# Lighthouse scores of the seed article (performance included) as JSON, for the benchmark.
lighthouse: $(DEV_STAMP) $(NODE_STAMP)
	$(VENV_PYTHON) tests/lighthouse.py

# Import every seed that has no article yet (its title's content/articles/<slug>.md is missing).
.PHONY: import
import: $(RUNTIME_STAMP)
	$(VENV_PYTHON) build.py import --skip-existing $(sort $(wildcard seeds/*.txt))

clean:
	rm -rf _site .site-builds _site.staging-* _site.old-* _site.lock .preview .preview.lock .cache .pytest_cache node_modules
	find . -name __pycache__ -type d -not -path './$(VENV)/*' -prune -exec rm -rf {} +

# A synthetic newsroom of N articles: cold, no-change, one-edit and template-edit builds, each
# with the search index (as `make build`) and without it (as the peers build), the search
# page's results against a build from scratch, the live preview's save-to-reload time, then
# Lighthouse's scores of the seed article (performance is recorded here, not asserted), and
# Hugo (the apt package hugo), if installed, on the same corpus beside ours.
# BENCH_ARGS="--runs 5" for more runs.
N ?= 1000
bench: $(DEV_STAMP) $(NODE_STAMP)
	$(VENV_PYTHON) tests/benchmark.py --articles $(N) $(BENCH_ARGS)
	@echo "Lighthouse, seed article:"
	@$(VENV_PYTHON) tests/lighthouse.py || echo "Lighthouse could not run (needs chromium and npm packages)"
