"""Citation, Open Graph and Twitter meta tags, canonical URLs and the sitemap of built sites."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from conftest import TOY, built_site, make_project

from generator.records.collection import load_collection

SITE = "https://skill-papers.github.io/skill-papers/"
HOSTILE_TITLE = 'Evil "><script>alert(1)</script> & \'quoted\' title'
HOSTILE_RECORD = {
    "title": HOSTILE_TITLE,
    "authors": ['Ann "><img src=x onerror=alert(2)>', "Kristian Nørgaard"],
    "year": 2024, "venue": "Journal of <b>Bold</b> Results", "doi": '10.1234/evil"><x',
    "topics": ["skill-extraction"], "added": "2026-11-20",
    "abstract": 'Abstract "><script>alert(3)</script> with $x^2$ math.',
}


def head_of(page: Path) -> Tag:
    head = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").head
    assert head is not None
    return head


def metas(head: Tag, attr: str, name: str) -> list[str]:
    return [str(tag["content"]) for tag in head.find_all("meta", attrs={attr: name})]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = tmp_path_factory.mktemp("hostile-content") / "content"
    shutil.copytree(TOY / "content", content)
    (content / "papers" / "evil.yaml").write_text(
        yaml.safe_dump(HOSTILE_RECORD, allow_unicode=True), encoding="utf-8")
    project = make_project(tmp_path_factory.mktemp("hostile"), content)
    return built_site(project)


def test_paper_pages_carry_citation_tags(toy_project: Path, toy_site: Path) -> None:
    collection, _ = load_collection(toy_project)
    for paper in collection.papers.values():
        head = head_of(toy_site / "papers" / paper.id / "index.html")
        url = f"{SITE}papers/{paper.id}/"
        assert metas(head, "name", "citation_title") == [paper.title]
        assert metas(head, "name", "citation_author") == list(paper.authors)
        assert metas(head, "name", "citation_abstract_html_url") == [url]
        assert metas(head, "property", "og:url") == [url]
        assert metas(head, "property", "og:title") == [paper.title]
        assert metas(head, "property", "og:type") == ["article"]
        assert metas(head, "name", "twitter:card") == ["summary"]
        canonical = head.find_all("link", rel="canonical")
        assert [link["href"] for link in canonical] == [url]
    nnose = head_of(toy_site / "papers" / "nnose" / "index.html")
    assert metas(nnose, "name", "citation_publication_date") == ["2024/01"]
    assert metas(nnose, "name", "citation_arxiv_id") == ["2401.17092"]
    assert metas(nnose, "name", "citation_pdf_url") == ["https://arxiv.org/pdf/2401.17092"]
    kompetencer = head_of(toy_site / "papers" / "kompetencer" / "index.html")
    assert metas(kompetencer, "name", "citation_conference_title") == ["LREC 2022"]
    assert metas(kompetencer, "name", "citation_publication_date") == ["2022"]
    assert metas(kompetencer, "name", "citation_author")[1] == "Kristian Nørgaard Jensen"
    assert metas(kompetencer, "name", "citation_pdf_url") == []


def test_other_pages_have_no_citation_tags(toy_site: Path) -> None:
    for page in ("index.html", "papers/index.html", "topics/skill-extraction/index.html"):
        head = head_of(toy_site / page)
        assert head.find_all("meta", attrs={"name": "citation_title"}) == []


def test_sitemap_lists_every_paper_page(toy_project: Path, toy_site: Path) -> None:
    collection, _ = load_collection(toy_project)
    tree = ET.parse(toy_site / "sitemap.xml")
    locs = {el.text for el in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    assert {f"{SITE}papers/{pid}/" for pid in collection.papers} <= locs


def test_hostile_values_stay_inside_attributes(hostile_site: Path) -> None:
    page = hostile_site / "papers" / "evil" / "index.html"
    head = head_of(page)
    assert metas(head, "name", "citation_title") == [HOSTILE_TITLE]
    assert metas(head, "property", "og:title") == [HOSTILE_TITLE]
    assert metas(head, "name", "citation_author") == ['Ann "><img src=x onerror=alert(2)>',
                                                      "Kristian Nørgaard"]
    assert metas(head, "name", "citation_journal_title") == ["Journal of <b>Bold</b> Results"]
    assert metas(head, "name", "citation_doi") == ['10.1234/evil"><x']
    assert metas(head, "property", "og:description") == [
        'Abstract "><script>alert(3)</script> with $x^2$ math.']
    document = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    assert not [s for s in document.find_all("script") if "alert" in s.get_text()]
    assert document.find_all("img", src="x") == []
