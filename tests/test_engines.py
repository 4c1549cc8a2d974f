"""The docs folder is the site, whichever engine renders it: MkDocs + Material
(``mkdocs build --strict``) and Zensical (``zensical build --strict``) build the seed
collection's docs folder into the same HTML pages with the same titles.

Zensical reads mkdocs.yml but takes its output folder only from ``site_dir``, which must
lie inside the project (``zensical build`` has no ``-d``), so it is given a copy of
mkdocs.yml that differs in ``site_dir`` alone. It runs no hooks (``hooks:`` is not read)
and drops a plugin it does not know without a word, so the same mkdocs.yml serves both.
"""

from __future__ import annotations

import fnmatch
import importlib.util
import re
import subprocess
import sys
from pathlib import Path, PurePosixPath

import pytest
from bs4 import BeautifulSoup, PageElement

from tests.conftest import SEED, build_site, make_project

# What only one engine writes, by pattern (fnmatch: `*` crosses folders), with the reason.
# Each entry must match a file, so that one the engines stop writing is noticed.
ONLY_MKDOCS = {
    "search/search_index.json": "Material's search index (Zensical writes search.json)",
    "sitemap.xml.gz": "MkDocs writes a gzipped copy of sitemap.xml; Zensical does not",
    "assets/javascripts/lunr/*": "lunr's languages for Material's search worker",
    "assets/*.map": "Material ships source maps of its bundles",
    "assets/javascripts/bundle.*.min.js": "Material's bundle (named by its hash)",
    "assets/javascripts/workers/search.*.min.js": "Material's search worker",
    "assets/stylesheets/main.*.min.css": "Material's stylesheet",
    "assets/stylesheets/palette.*.min.css": "Material's palette stylesheet",
}
ONLY_ZENSICAL = {
    "search.json": "Zensical's search index (Material writes search/search_index.json)",
    "assets/javascripts/LICENSE": "Zensical's theme ships the licence of its bundle",
    "assets/javascripts/bundle.*.min.js": "Zensical's bundle (named by its hash)",
    "assets/javascripts/workers/search.*.min.js": "Zensical's search worker",
    "assets/stylesheets/classic/*.min.css": "Zensical's stylesheets, classic variant",
    "assets/stylesheets/modern/*.min.css": "Zensical's stylesheets, modern variant",
    "assets/vendor/README.md": "Zensical copies every file of theme.custom_dir (overrides/) "
                               "that is not a template; MkDocs skips README and .md files",
}


def files(site: Path) -> set[str]:
    return {path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()}


def page_for(doc: str) -> str:
    """The HTML page of a Markdown file of the docs folder (directory URLs)."""
    path = PurePosixPath(doc).with_suffix("")
    folder = path.parent if path.name == "index" else path
    return (folder / "index.html").as_posix()


def folded(tag: PageElement | None) -> str:
    return " ".join(tag.get_text(" ").split()) if tag is not None else "(none)"


def titles(page: Path) -> tuple[str, str]:
    """The page's ``<title>`` and its h1 (without the permalink), whitespace folded."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    h1 = soup.find("h1")
    if h1 is not None:
        for permalink in h1.select("a.headerlink"):
            permalink.decompose()
    return folded(soup.title), folded(h1)


def sitemap_urls(site: Path) -> set[str]:
    return {loc.get_text(strip=True) for loc in
            BeautifulSoup((site / "sitemap.xml").read_bytes(), "xml").find_all("loc")}


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """The seed project's docs folder, built by MkDocs into site-mkdocs and then by
    Zensical into site-zensical; (docs folder, MkDocs site, Zensical site)."""
    assert importlib.util.find_spec("zensical"), (
        "zensical is a pinned development dependency (requirements/dev.txt): make install")
    project = make_project(tmp_path_factory.mktemp("engines"), SEED / "content")
    mkdocs_site = project / "site-mkdocs"
    run = build_site(project, mkdocs_site)
    assert run.returncode == 0, run.stdout + run.stderr
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    setting = re.compile(r"(?m)^site_dir: site$")
    assert setting.search(config), "mkdocs.yml lost `site_dir: site`"
    (project / "zensical.yml").write_text(setting.sub("site_dir: site-zensical", config),
                                          encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "zensical", "build", "--strict", "--clean",
                          "-f", str(project / "zensical.yml")],
                         capture_output=True, text=True, cwd=project)
    assert run.returncode == 0, run.stdout + run.stderr
    return project / "build" / "docs", mkdocs_site, project / "site-zensical"


def test_every_generated_page_is_built_by_both_engines(sites: tuple[Path, Path, Path]) -> None:
    docs, mkdocs_site, zensical_site = sites
    generated = {page_for(doc) for doc in files(docs) if doc.endswith(".md")}
    assert len(generated) > 100  # the seed's 88 papers, 14 topics and the site's pages
    for site in (mkdocs_site, zensical_site):
        assert generated - files(site) == set(), site.name
    pages = {name for name in files(mkdocs_site) if name.endswith(".html")}
    assert pages == {name for name in files(zensical_site) if name.endswith(".html")}
    assert pages == generated | {"404.html"}


@pytest.mark.parametrize(("engine", "known"), [("mkdocs", ONLY_MKDOCS),
                                               ("zensical", ONLY_ZENSICAL)])
def test_files_only_one_engine_writes_are_the_listed_ones(
        sites: tuple[Path, Path, Path], engine: str, known: dict[str, str]) -> None:
    _, mkdocs_site, zensical_site = sites
    mine, other = ((mkdocs_site, zensical_site) if engine == "mkdocs"
                   else (zensical_site, mkdocs_site))
    extra = files(mine) - files(other)
    assert sorted(name for name in extra
                  if not any(fnmatch.fnmatch(name, pattern) for pattern in known)) == []
    assert sorted(pattern for pattern in known
                  if not fnmatch.filter(extra, pattern)) == [], "listed but not written"


def test_every_page_has_the_same_title_and_heading(sites: tuple[Path, Path, Path]) -> None:
    _, mkdocs_site, zensical_site = sites
    pages = sorted(name for name in files(mkdocs_site) if name.endswith(".html"))
    differ = {name: (titles(mkdocs_site / name), titles(zensical_site / name))
              for name in pages
              if titles(mkdocs_site / name) != titles(zensical_site / name)}
    assert differ == {}
    assert titles(mkdocs_site / "index.html")[0] == "Skill Papers"  # no "Home - "


def test_the_sitemaps_list_the_same_urls(sites: tuple[Path, Path, Path]) -> None:
    """overrides/sitemap.xml renders under both (Zensical writes ``/`` as ``&#x2f;``,
    the same URL to an XML reader, and no ``lastmod``: its pages have no update date)."""
    docs, mkdocs_site, zensical_site = sites
    urls = sitemap_urls(mkdocs_site)
    # a small collection: every generated page is in sitemap.xml (papers too)
    assert len(urls) == len(list(docs.rglob("*.md")))
    assert sitemap_urls(zensical_site) == urls


def test_zensical_reads_no_hooks_and_drops_unknown_plugins(
        sites: tuple[Path, Path, Path]) -> None:
    """What lets one mkdocs.yml serve both engines: Zensical does not import the files
    under ``hooks:`` and leaves out, options and all and even with ``--strict``, a plugin
    that is not in its own list (it never looks at MkDocs' ``mkdocs.plugins`` entry
    points). Should a Zensical release start to run them, or to reject them, this fails."""
    docs, _, zensical_site = sites
    project = docs.parent.parent
    (project / "exploding_hook.py").write_text('raise RuntimeError("hook imported")\n',
                                               encoding="utf-8")
    config = (project / "zensical.yml").read_text(encoding="utf-8")
    # the generator's own plugin (a package entry point) is in the configuration already
    assert re.search(r"(?m)^  - paper-site$", config), "mkdocs.yml lost the paper-site plugin"
    config += "\nhooks:\n  - exploding_hook.py\n"
    config = re.sub(r"(?m)^plugins:\n",
                    "plugins:\n  - skill-papers-preview:\n      no_such_option: 1\n", config)
    config = config.replace("site_dir: site-zensical", "site_dir: site-zensical-plugin")
    (project / "zensical-plugin.yml").write_text(config, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "zensical", "build", "--strict", "--clean",
                          "-f", str(project / "zensical-plugin.yml")],
                         capture_output=True, text=True, cwd=project)
    assert run.returncode == 0, run.stdout + run.stderr
    built = project / "site-zensical-plugin"
    assert {n for n in files(built) if n.endswith(".html")} == {
        n for n in files(zensical_site) if n.endswith(".html")}
