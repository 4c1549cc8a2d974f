"""Venues: every paper with a venue (or, without one, an arXiv id) is listed on
exactly its venue's page, which its paper page links to; content/venues.yaml
merges spellings; a large venue is split by year."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser

from generator.cli import main
from generator.model.venues import PREPRINTS, Venues, plain_venue
from generator.records.collection import load_collection
from generator.site import pages
from generator.write.build import generate
from tests.conftest import SEED, TOY, built_site, make_project
from tests.tools.browser import serve
from tests.tools.worker_search import WorkerSearch

ML4CODE = SEED.parent / "ml4code"


def _listed(site: Path) -> dict[str, set[str]]:
    """venues/<key>/ (or venues/<key>/<year>/) -> the paper ids it lists."""
    found: dict[str, set[str]] = {}
    for page in sorted((site / "venues").rglob("index.html")):
        rel = page.parent.relative_to(site).as_posix() + "/"
        if rel == "venues/":
            continue
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        found[rel] = {a["href"].rstrip("/").split("/")[-1]
                      for a in soup.select(".venue-papers > li > a")}
    return found


@pytest.mark.parametrize("content", [SEED, ML4CODE], ids=["seed", "ml4code"])
def test_every_paper_is_on_its_venue_page(content: Path, tmp_path: Path) -> None:
    site = built_site(make_project(tmp_path / "p", content / "content"))
    collection, _ = load_collection(content)
    listed = _listed(site)
    expected: dict[str, set[str]] = defaultdict(set)
    for paper in collection.papers.values():
        soup = BeautifulSoup((site / "papers" / paper.id / "index.html").read_text("utf-8"),
                             "html.parser")
        link = soup.select_one("a.paper-venue")
        if paper.venue:
            assert link is not None and link.get_text() == paper.venue, paper.id
        if paper.id in collection.venue_of and link is not None:
            expected[link["href"].replace("../../", "", 1)].add(paper.id)
        elif paper.id in collection.venue_of:  # a preprint: no venue written on its page
            expected[f"venues/{PREPRINTS.key}/"].add(paper.id)
        else:
            assert not paper.venue and not paper.arxiv
    assert {k: v for k, v in listed.items() if v} == dict(expected)


def test_spellings_merge_and_years_split(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                         ) -> None:
    project = make_project(tmp_path / "p", TOY / "content")
    (project / "content" / "venues.yaml").write_text(
        "- name: LREC\n  variants: [Language Resources and Evaluation Conference]\n"
        "  url: https://lrec-conf.org/\n", "utf-8")
    record = project / "content" / "papers" / "nnose.yaml"
    text = record.read_text("utf-8")
    record.write_text(text.replace("venue: EACL 2024", "venue: Language Resources and "
                                   "Evaluation Conference") if "venue:" in text else
                      text + "venue: Language Resources and Evaluation Conference\n", "utf-8")
    collection, problems = load_collection(project)
    assert not problems.items
    assert collection.venue_of["nnose"].key == collection.venue_of["kompetencer"].key == "lrec"
    monkeypatch.setattr(pages, "PAPERS_A_PAGE", 1)
    docs = tmp_path / "docs"
    generate(project, docs=docs)
    years = sorted(p.name for p in (docs / "venues" / "lrec").glob("*.md"))
    assert years == ["2022.md", "2024.md"]
    assert "https://lrec-conf.org/" in (docs / "venues" / "lrec.md").read_text("utf-8")


def test_plain_venue_drops_a_trailing_year_only() -> None:
    assert plain_venue("LREC 2022") == "LREC"
    assert plain_venue("ICML 2019 Workshop") == "ICML 2019 Workshop"
    assert plain_venue("2021") == "2021"
    assert Venues().venue("arXiv").key == PREPRINTS.key


def test_bad_venues_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = make_project(tmp_path / "p", TOY / "content")
    (project / "content" / "venues.yaml").write_text(
        "- name: NeurIPS\n  variants: [NIPS]\n- name: Nips\n- name: X\n  url: ftp://x\n",
        "utf-8")
    assert main(["--root", str(project), "check"]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert any(line.startswith("content/venues.yaml:5: [2].url: ") for line in lines), lines
    (project / "content" / "venues.yaml").write_text(
        "- name: NeurIPS\n  variants: [NIPS]\n- name: Nips\n", "utf-8")
    assert main(["--root", str(project), "check"]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert any(line.startswith("content/venues.yaml:3: [1].name: ") and "already a spelling"
               in line for line in lines), lines


@pytest.mark.parametrize("large_above", [None, 0], ids=["small", "large"])
def test_a_venue_is_found_by_its_name(large_above: int | None, tmp_path: Path,
                                      browser: Browser) -> None:
    site = built_site(make_project(tmp_path / "p", TOY / "content", large_above=large_above))
    with serve(site) as base:
        page = browser.new_page()
        locations = WorkerSearch(page, base).search("LREC")
        page.close()
    assert locations[0] == "venues/lrec/", locations[:3]
    index = (site / "search" / "search_index.json").read_text("utf-8")
    assert "Kompetencer" not in index.split('"venues/lrec/', 1)[1].split('"location"', 2)[0]
