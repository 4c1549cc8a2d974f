"""Plain sites over our pages, to measure against: what a collection gets from
Material or Pagefind with their defaults and nothing of ours.

- ``bare_material(project)``: the Markdown the generator wrote (``build/docs``)
  built by Material with its default search plugin, no overrides, no hooks
  (``BARE``): lunr over every page, as a plain Material site has it.
- ``plain_pagefind(site)``: Pagefind's default index over a built site, written
  to ``<site>/pagefind/`` (run it on the bare Material site: ours has an index of
  its own there in large mode). Pagefind indexes every page's whole body then,
  navigation and all, as a site that just runs ``pagefind --site`` gets.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BARE = """\
site_name: Bare Material baseline
docs_dir: build/docs
site_dir: site-bare
theme:
  name: material
plugins:
  - search
nav:
  - Home: index.md
  - Topics: topics/index.md
  - All papers: papers/index.md
  - About: about.md
  - Contribute: contributing.md
"""
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def bare_material(project: Path, site: Path | None = None) -> Path:
    """Build ``project``'s generated pages (run ``generator build`` first) as a bare
    Material site, into ``site`` (default ``project/site-bare``); the site folder.
    The configuration is written beside the site, so ``project`` is only read."""
    site = site or project / "site-bare"
    config = site.parent / f"{site.name}.mkdocs.yml"
    config.write_text(BARE.replace("docs_dir: build/docs", f"docs_dir: {project / 'build/docs'}")
                      .replace("site_dir: site-bare", f"site_dir: {site}"), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)],
                   env=ENV, check=True, capture_output=True)
    return site


def plain_pagefind(site: Path) -> Path:
    """Pagefind's default index of ``site``; the bundle folder."""
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--quiet"],
                   env=ENV, check=True, capture_output=True)
    return site / "pagefind"


def plain_sites(project: Path, site: Path | None = None) -> Path:
    """Both baselines over ``project``'s generated pages: the bare Material site
    (``bare_material``) with Pagefind's default index in it (``plain_pagefind``)."""
    bare = bare_material(project, site)
    if not (bare / "pagefind").is_dir():
        plain_pagefind(bare)
    return bare
