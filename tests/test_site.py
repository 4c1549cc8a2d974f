"""End to end: the seed fixture (tests/data/seed/) built with ``mkdocs build --strict``.

Every record has a page, every topic page lists exactly its papers, and the
site asks no other host for anything (internal links: tests/test_links.py).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup

from generator.links.related import related_papers
from generator.records.collection import load_collection

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def collection(seed_project: Path):  # type: ignore[no-untyped-def]
    loaded, problems = load_collection(seed_project)
    assert not problems.errors(), problems.report()
    return loaded


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_every_record_has_a_page_with_its_title(seed_site: Path, collection) -> None:  # type: ignore[no-untyped-def]
    pages = {p.parent.name for p in (seed_site / "papers").glob("*/index.html")}
    assert pages == set(collection.papers)
    for paper in collection.papers.values():
        h1 = _soup(seed_site / "papers" / paper.id / "index.html").find("h1")
        assert h1 is not None
        for permalink in h1.select("a.headerlink"):
            permalink.extract()
        assert h1.get_text(" ", strip=True) == " ".join(paper.title.split())


def test_topic_pages_list_exactly_their_papers(seed_site: Path, collection) -> None:  # type: ignore[no-untyped-def]
    for key, papers in collection.papers_by_topic().items():
        soup = _soup(seed_site / "topics" / key / "index.html")
        listed = {a["href"].rstrip("/").split("/")[-1]
                  for a in soup.select("ul.paper-list a.paper-title")}
        assert listed == {p.id for p in papers}, key


def test_paper_pages_stay_out_of_the_navigation(seed_site: Path) -> None:
    nav = _soup(seed_site / "index.html").select_one("nav.md-nav--primary")
    assert nav is not None
    assert not [a for a in nav.find_all("a") if "/papers/" in a.get("href", "").rstrip("/") + "/"
                and a.get("href", "").rstrip("/").split("/")[-1] not in ("papers", "")]


def test_no_page_loads_anything_from_another_host(seed_site: Path) -> None:
    external = []
    for page in sorted(seed_site.rglob("*.html")):
        for tag in _soup(page).find_all(["script", "link", "img", "iframe"]):
            ref = tag.get("src") or (tag.get("href") if tag.name == "link" and
                                     "stylesheet" in (tag.get("rel") or []) else None)
            if ref and urlparse(ref).netloc:
                external.append(f"{page.relative_to(seed_site)}: {ref}")
    css = "".join(p.read_text(encoding="utf-8") for p in seed_site.rglob("*.css"))
    assert "fonts.googleapis" not in css and "fonts.gstatic" not in css
    assert external == []


def test_related_papers_make_sense(collection) -> None:  # type: ignore[no-untyped-def]
    related = related_papers(collection)
    assert all(len(items) == 5 for items in related.values())
    assert "skillmimic-v2" in [r.paper.id for r in related["skillmimic"]]
    assert "skillmimic" in [r.paper.id for r in related["skillmimic-v2"]]
    # job-posting papers find each other, not robot papers
    top = [r.paper.id for r in related["nnose"][:3]]
    assert {"skillspan", "kompetencer"} & set(top), top
    for items in related.values():
        assert [r.score for r in items] == sorted((r.score for r in items), reverse=True)


def test_an_abstract_naming_another_paper_links_to_it(seed_site: Path) -> None:
    # PATS's abstract compares against SkillFormer by name
    page = _soup(seed_site / "papers" / "pats" / "index.html")
    heading = page.find(id="mentions")
    assert heading is not None
    links = [a["href"] for a in heading.find_next("ul").find_all("a")]
    assert links == ["../skillformer/"]
    target = _soup(seed_site / "papers" / "skillformer" / "index.html")
    back = target.find(id="mentioned-by")
    assert back is not None
    assert [a["href"] for a in back.find_next("ul").find_all("a")] == ["../pats/"]
