# The two commands a newcomer needs:  make serve  (build and preview the site)
#                                      make test   (everything CI checks)
# Each installs what it needs into .venv from the pinned requirements.txt.

export NO_MKDOCS_2_WARNING := 1

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell $(PYTHON) -c "import hashlib,sys;print(hashlib.sha256(open('requirements.txt','rb').read()).hexdigest()[:12])")

.PHONY: install browser docs check build serve lint test bench conformance clean linkcheck external-links review

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-virtualenv -r requirements.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

# Debian's Chromium for the browser tests (no browser download); needs root or sudo.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null; }

docs: install
	$(PY) -m generator build

check: install
	$(PY) -m generator check

# Reproducible: dated by the last commit (as CI builds it) unless SOURCE_DATE_EPOCH is set.
build: export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || date +%s)
build: docs
	$(PY) -m mkdocs build --strict

# Internal links (and #anchors) of the built site; offline.
linkcheck: install
	$(PY) -m tests.tools.links site

# External links of the built site (network; the weekly workflow runs it).
external-links: install
	$(PY) -m tests.tools.external_links site --allowlist .github/linkcheck-allowlist.txt \
	  $(if $(GITHUB_STEP_SUMMARY),--summary "$(GITHUB_STEP_SUMMARY)")

# For a pull request's reviewer: the records added, changed and removed since
# REVIEW_BASE (a git ref), with check's warnings and PREVIEW_URL (where to download
# the built site), as Markdown appended to $GITHUB_STEP_SUMMARY (else printed).
# The values reach the command as shell variables, never pasted into it by make.
review: install
	$(PY) -m generator review --base "$$REVIEW_BASE" --head "$${REVIEW_HEAD:-HEAD}" \
	  $${PREVIEW_URL:+--preview-url "$$PREVIEW_URL"} \
	  $${GITHUB_STEP_SUMMARY:+--summary "$$GITHUB_STEP_SUMMARY"}

# --dirty: after an edit MkDocs renders only the pages the generator rewrote (a
# 10,000-paper preview updates in seconds, not minutes); see generator/mkdocs_hook.py.
serve: docs
	$(PY) -m mkdocs serve --dirty

# Timings and sizes at 100, 1,000 and 10,000 synthetic papers (~20 min; not part of
# `make test`). BENCH_ARGS="--max-n 1000" for a quick run. See benchmarks/run.py.
bench: install
	$(PY) benchmarks/run.py $(BENCH_ARGS)

# Every collection of ../shared/corpora/ and a synthetic one with the shapes real data
# has (3,000-author papers, shared titles, 90 topics), built unmodified; reports what
# was lost (~3 min; not part of `make test`). See benchmarks/conformance.py.
conformance: install
	$(PY) benchmarks/conformance.py $(CONFORMANCE_ARGS)

lint: install
	$(PY) -m ruff check generator tests
	$(PY) -m mypy

test: install browser lint
	$(PY) -m pytest

clean:
	rm -rf build site
