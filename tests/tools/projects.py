"""Scratch projects built as ``make build`` builds them: the repository's
configuration and overrides with a fixture's records, then ``generator build`` and
``mkdocs build --strict`` in subprocesses."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
SMALL_ABOVE = 1_000_000  # ``large_above`` for the small mode whatever the collection's size


def _setting(config: str, name: str, value: int | None) -> str:
    if value is None:
        return config
    setting = re.compile(rf"(?m)^(\s+{name}:) \d+$")
    assert setting.search(config), f"mkdocs.yml lost extra.{name}"
    return setting.sub(rf"\g<1> {value}", config)


def make_project(tmp: Path, content: Path, large_above: int | None = None,
                 papers_a_page: int | None = None) -> Path:
    """A project folder: the repository's mkdocs.yml and overrides with
    ``content`` as its records; ``large_above`` replaces ``extra.large_collection_above``
    (0: the site is built as for thousands of papers, whatever the collection's size)
    and ``papers_a_page`` ``extra.papers_a_page`` (small: long lists paged)."""
    tmp.mkdir(parents=True, exist_ok=True)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = _setting(config, "large_collection_above", large_above)
    config = _setting(config, "papers_a_page", papers_a_page)
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
