# The two commands a newcomer needs:  make serve  (build and preview the site)
#                                      make test   (everything CI checks)
# Each installs what it needs into .venv from the pinned requirements.txt.

export NO_MKDOCS_2_WARNING := 1

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell $(PYTHON) -c "import hashlib,sys;print(hashlib.sha256(open('requirements.txt','rb').read()).hexdigest()[:12])")

.PHONY: install browser docs check build serve lint test bench clean

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

build: docs
	$(PY) -m mkdocs build --strict

serve: docs
	$(PY) -m mkdocs serve

lint: install
	$(PY) -m ruff check generator tests
	$(PY) -m mypy

test: install browser lint
	$(PY) -m pytest

clean:
	rm -rf build site
