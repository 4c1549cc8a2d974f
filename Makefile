# The two commands a newcomer needs:  make serve  (build and preview the site)
#                                      make test   (everything CI checks)
# Each installs what it needs into .venv: the pinned versions of requirements/$(DEPS).txt,
# then this package (pyproject.toml) in editable mode.

export NO_MKDOCS_2_WARNING := 1

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
# dev: everything (tests, linters); runtime: what building and checking the site needs,
# all a pull request that changes only records installs (DEPS=runtime make check build).
DEPS   ?= dev
LOCK   := requirements/$(DEPS).txt
STAMP  := $(VENV)/.installed-$(DEPS)-$(shell $(PYTHON) -c "import hashlib;print(hashlib.sha256(open('$(LOCK)','rb').read()+open('pyproject.toml','rb').read()).hexdigest()[:12])")
PIP    := $(PY) -m pip install --quiet --disable-pip-version-check --require-virtualenv

.PHONY: install browser docs check build serve lint test bench bench-large conformance clean linkcheck external-links review lock same-output engines search-speed search-quality

$(STAMP): $(LOCK) pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) -r $(LOCK)
	$(PIP) --no-deps --editable .
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
# 10,000-paper preview updates in seconds, not minutes); see generator/preview/plugin.py.
serve: docs
	$(PY) -m mkdocs serve --dirty

# Timings and sizes at 100, 1,000 and 10,000 synthetic papers (~20 min; not part of
# `make test`), then search-speed below. BENCH_ARGS="--max-n 1000" for a quick run.
# See benchmarks/run.py.
bench: install browser
	$(PY) benchmarks/run.py $(BENCH_ARGS)
	$(PY) benchmarks/search_speed.py $(SEARCH_SPEED_ARGS)
	$(PY) benchmarks/search_quality.py $(SEARCH_QUALITY_ARGS)

# The same table at 30,000 and 100,000 papers (an hour or more; the preview left out).
bench-large: install browser
	$(PY) benchmarks/run.py --sizes 30000,100000 --no-serve $(BENCH_ARGS)

# Every collection of ../shared/corpora/ and a synthetic one with the shapes real data
# has (3,000-author papers, shared titles, 90 topics), built unmodified; reports what
# was lost (~3 min; not part of `make test`). See benchmarks/conformance.py.
conformance: install
	$(PY) benchmarks/conformance.py $(CONFORMANCE_ARGS)

# ruff, mypy --strict, and the layers of generator/ (import-linter, pyproject.toml).
lint: install
	$(PY) -m ruff check generator tests benchmarks
	$(PY) -m mypy
	$(VENV)/bin/lint-imports --no-cache

# Write requirements/*.txt again from pyproject.toml (pins kept unless a range
# excludes them; `make lock LOCK_ARGS=--upgrade` takes the newest versions).
lock: install
	$(PY) -m piptools compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links \
	  --extra check -o requirements/runtime.txt $(LOCK_ARGS) pyproject.toml
	$(PY) -m piptools compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links \
	  --extra dev -c requirements/runtime.txt -o requirements/dev.txt $(LOCK_ARGS) pyproject.toml

# MkDocs + Material and Zensical building the same docs folder: times and pages, on the
# seed and 3,000 papers (benchmarks/engines.py; ENGINES_ARGS="--sizes 0" for the seed).
engines: install
	$(PY) benchmarks/engines.py $(ENGINES_ARGS)

# Every query of tests/data/search/ and queries.yaml typed into the search box of a
# 10,000-paper site in Chromium: time to first results, bytes fetched (gzip), against
# a bare Material site (~25 min; SEARCH_SPEED_ARGS="--limit 20" for a quick run).
search-speed: install browser
	$(PY) benchmarks/search_speed.py $(SEARCH_SPEED_ARGS)

# hit@1, hit@3 and MRR of the query sets (tests/data/search/) on the seed and ml4code
# fixtures: ours in both modes, plain Material and plain Pagefind (~2 min).
search-quality: install browser
	$(PY) benchmarks/search_quality.py $(SEARCH_QUALITY_ARGS)

# Does a change keep the output? Builds the seed, the toy, ../shared/corpora and a
# 3,000-paper collection with BASE (a git ref) and with this tree, and diffs -r the
# docs folders and the sites (benchmarks/same_output.py).
same-output: install
	$(PY) benchmarks/same_output.py --base $(or $(BASE),HEAD)

test: install browser lint
	$(PY) -m pytest

clean:
	rm -rf build site
