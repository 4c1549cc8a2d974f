"""Shared fixtures: the repository, a toy project, and real builds of both.

Builds are real: ``python -m generator build`` then ``mkdocs build --strict`` in a
subprocess, exactly as ``make build`` runs them. Session-scoped, so the suite
builds each site once.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.tools.browser import CHROMIUM_ARGS, chromium_path
from tests.tools.projects import REPO, build_site, built_site, make_project  # noqa: F401

# build_site, built_site and make_project are imported by tests from here.
TOY = REPO / "tests" / "data" / "toy"
# A frozen copy of the skill-papers collection (tests/data/seed/README.md): tests never
# read content/, so a contributor's new, edited or removed record cannot fail them.
SEED = REPO / "tests" / "data" / "seed"


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


@pytest.fixture(scope="session")
def seed_large_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed built as a large collection (``large_collection_above: 0``): papers in
    Pagefind, as thousands would be."""
    return built_site(make_project(tmp_path_factory.mktemp("seed-large"), SEED / "content",
                                   large_above=0))
