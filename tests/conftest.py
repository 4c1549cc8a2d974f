"""Shared fixtures: the repository, a toy project, and real builds of both.

Builds are real: ``python -m generator build`` then ``mkdocs build --strict`` in a
subprocess, exactly as ``make build`` runs them. Session-scoped, so the suite
builds each site once.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.tools.browser import CHROMIUM_ARGS, chromium_path

REPO = Path(__file__).resolve().parent.parent
TOY = REPO / "tests" / "data" / "toy"
# A frozen copy of the skill-papers collection (tests/data/seed/README.md): tests never
# read content/, so a contributor's new, edited or removed record cannot fail them.
SEED = REPO / "tests" / "data" / "seed"


def make_project(tmp: Path, content: Path, large_above: int | None = None) -> Path:
    """A project folder: the repository's mkdocs.yml and overrides with
    ``content`` as its records; ``large_above`` replaces ``extra.large_collection_above``
    (0: the site is built as for thousands of papers, whatever the collection's size)."""
    tmp.mkdir(parents=True, exist_ok=True)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    if large_above is not None:
        setting = re.compile(r"(?m)^(\s+large_collection_above:) \d+$")
        assert setting.search(config), "mkdocs.yml lost extra.large_collection_above"
        config = setting.sub(rf"\g<1> {large_above}", config)
    (tmp / "mkdocs.yml").write_text(config, encoding="utf-8")
    (tmp / "overrides").symlink_to(REPO / "overrides")
    shutil.copytree(content, tmp / "content")
    for page in ("about.md", "contributing.md"):
        target = tmp / "content" / "pages" / page
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(REPO / "content" / "pages" / page, target)
    return tmp


def build_site(project: Path, site: Path | None = None) -> subprocess.CompletedProcess[str]:
    """generator build + mkdocs build --strict; returns the mkdocs run (check returncode)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    gen = subprocess.run([sys.executable, "-m", "generator", "--root", str(project), "build"],
                         capture_output=True, text=True, env=env)
    if gen.returncode != 0:
        return gen
    site = site or project / "site"
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q",
                           "-f", str(project / "mkdocs.yml"), "-d", str(site)],
                          capture_output=True, text=True, env=env, cwd=project)


def built_site(project: Path) -> Path:
    """``build_site`` that must succeed; the site folder."""
    run = build_site(project)
    assert run.returncode == 0, run.stdout + run.stderr
    return project / "site"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Debian Chromium for every browser test of the session."""
    executable = chromium_path()
    assert executable, "Debian's chromium is needed: make browser (apt-get install chromium)"
    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def toy_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("toy"), TOY / "content")


@pytest.fixture(scope="session")
def toy_site(toy_project: Path) -> Path:
    return built_site(toy_project)


@pytest.fixture(scope="session")
def seed_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed fixture (a frozen copy of the skill-papers collection) in a scratch project."""
    return make_project(tmp_path_factory.mktemp("seed"), SEED / "content")


@pytest.fixture(scope="session")
def seed_site(seed_project: Path) -> Path:
    return built_site(seed_project)
