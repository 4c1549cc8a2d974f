"""What real collections hold, built end to end (tests/data/realworld/README.md):
one title on two papers, 3,000 authors, a record under 13 topics, one-paper topics."""

from __future__ import annotations

from pathlib import Path

import bibtexparser
import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import REPO, built_site, make_project

from generator.records.collection import load_collection

REALWORLD = REPO / "tests" / "data" / "realworld" / "content"
AUTHORS = [f"Author{i:04d} Collaborator" for i in range(3000)]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("realworld"), REALWORLD)
    record = {"title": "Technical Report of a Very Large Model", "authors": AUTHORS,
              "arxiv": "2407.21783", "topics": ["language-model"], "added": "2026-12-02",
              "abstract": "A report with every contributor listed."}
    (root / "content" / "papers" / "big-report.yaml").write_text(
        yaml.safe_dump(record, sort_keys=False), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def site(project: Path) -> Path:
    return built_site(project)


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_real_records_pass_and_shared_titles_are_warnings(project: Path) -> None:
    collection, problems = load_collection(project)
    assert problems.errors() == []
    assert [str(p) for p in problems.warnings()] == [
        "content/papers/nmt-low-resource-2023.yaml:1: title: warning: the same title as "
        "content/papers/nmt-low-resource-2019.yaml:1, with other arXiv ids; if it is the same "
        "paper, keep one record"]
    assert len(collection.papers) == 7
    assert len(collection.papers["agrawal2023monitor"].topics) == 13


def test_the_health_page_lists_the_shared_title(site: Path) -> None:
    heading = _soup(site / "health" / "index.html").find(id="one-title-two-records")
    assert heading is not None
    items = heading.find_next("ul").find_all("li")
    assert [[a["href"] for a in li.find_all("a")] for li in items] == [
        ["../papers/nmt-low-resource-2019/", "../papers/nmt-low-resource-2023/"]]


def test_a_3000_author_page_shows_the_first_and_links_to_all(site: Path) -> None:
    page = _soup(site / "papers" / "big-report" / "index.html")
    byline = page.select_one(".paper-byline .paper-authors")
    assert byline is not None
    more = byline.select_one("a.paper-authors-more")
    assert more is not None and more["href"] == "#all-authors"
    assert more.get_text() == "and 2,990 more"
    assert byline.get_text().startswith(", ".join(AUTHORS[:10]) + " and 2,990 more")
    section = page.find(id="all-authors")
    assert section is not None and "All 3,000 authors" in section.get_text()
    listed = section.find_next("p", class_="paper-all-authors")
    assert listed is not None and listed.get_text().split(", ") == AUTHORS
    assert [m["content"] for m in page.find_all("meta", attrs={"name": "citation_author"})] \
        == AUTHORS


def test_bibtex_keeps_every_author(site: Path) -> None:
    for bib in (site / "papers" / "big-report.bib", site / "papers.bib"):
        library = bibtexparser.parse_string(bib.read_text(encoding="utf-8"))
        entry = next(e for e in library.entries if "Very Large Model" in e["title"])
        assert entry["author"].split(" and ") == AUTHORS


def test_one_paper_topics_get_their_pages(project: Path, site: Path) -> None:
    collection, _ = load_collection(project)
    for key, papers in collection.papers_by_topic().items():
        listed = {a["href"].rstrip("/").split("/")[-1] for a in
                  _soup(site / "topics" / key / "index.html").select("ul.paper-list a.paper-title")}
        assert listed == {p.id for p in papers}, key
    assert min(len(p) for p in collection.papers_by_topic().values()) == 1


def test_dozens_of_topics_stay_readable(tmp_path: Path) -> None:
    """40 tags, most with one paper (as ml4code's 79): the home page shows the largest as
    cards and every topic as a chip, the topics index is a sortable table, Explore's
    topic boxes scroll and its charts keep to the largest 20."""
    from generator.write.build import generate

    root = make_project(tmp_path / "many", REPO / "tests" / "data" / "toy" / "content")
    with (root / "content" / "topics.yaml").open("a", encoding="utf-8") as taxonomy:
        for i in range(38):
            taxonomy.write(f"- key: tag-{i:02d}\n  title: Tag {i:02d}\n  description: T{i}.\n")
    for i, path in enumerate(sorted((root / "content" / "papers").glob("*.yaml"))):
        text = path.read_text(encoding="utf-8")
        tags = "".join(f"- tag-{j:02d}\n" for j in range(38) if j % 4 == i)
        path.write_text(text.replace("topics:\n", "topics:\n" + tags), encoding="utf-8")
    output = generate(root)
    assert not output.problems.errors(), output.problems.report()
    docs = root / "build" / "docs"
    home = _soup_md(docs / "index.md")
    assert len(home.select(".topic-grid a.topic-card")) == 12
    assert len(home.select(".topic-cloud a.topic-chip")) == 40
    table = _soup_md(docs / "topics" / "index.md").select("table#all-topics tbody tr")
    assert len(table) == 40 and table[0].find("a")["href"] == "humanoid-skills/"
    explore = (docs / "explore" / "index.md").read_text(encoding="utf-8")
    assert 'class="explore-topic-list explore-topic-list--many"' in explore
    assert explore.count('name="topic"') == 40
    assert "The 20 largest of 40 topics" in explore
    soup = BeautifulSoup(explore, "html.parser")
    assert len(soup.select("svg.chart--topics g.chart-mark")) == 20


def _soup_md(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
