"""Authors: every name on a paper page links to its person's section on the
authors pages, which lists exactly the papers the records give; curated
variants merge, namesakes split, and a bad content/authors.yaml is reported as
``file:line: field: message``.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from playwright.sync_api import Browser

from generator.cli import main
from generator.model.papers import Collection, Paper
from generator.model.people import People, Person, compatible, likely_variants, normal_name
from generator.records.collection import load_collection
from generator.records.people import orcid_checksum_ok
from generator.site import authors
from generator.site import people as site_people
from tests.conftest import SEED, TOY, built_site, make_project
from tests.tools.browser import serve
from tests.tools.worker_search import WorkerSearch

ML4CODE = SEED.parent / "ml4code"


@pytest.fixture(scope="module")
def ml4code_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_site(make_project(tmp_path_factory.mktemp("ml4code-authors"),
                                   ML4CODE / "content"))


def _sections(site: Path) -> dict[str, set[str]]:
    """``authors/<page>/#key`` -> the paper ids its section lists."""
    found: dict[str, set[str]] = {}
    for page in sorted((site / "authors").glob("*/index.html")):
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        for section in soup.select(".author-list > section"):
            links = section.select("ul > li > a:first-child")
            papers = {a["href"].split("/")[-2] for a in links}
            found[f"authors/{page.parent.name}/#{section['id']}"] = papers
    return found


def _links_match_records(site: Path, content: Path) -> None:
    collection, _ = load_collection(content.parent)
    sections = _sections(site)
    expected: dict[str, set[str]] = defaultdict(set)
    for paper in collection.papers.values():
        soup = BeautifulSoup((site / "papers" / paper.id / "index.html").read_text("utf-8"),
                             "html.parser")
        shown = soup.select(".paper-all-authors a.paper-author") or \
            soup.select(".paper-authors a.paper-author")
        assert [a.get_text() for a in shown] == list(paper.authors), paper.id
        for link in shown:
            target = link["href"].replace("../../", "", 1)
            assert target in sections, (paper.id, target)
            expected[target].add(paper.id)
    assert sections == dict(expected)


def test_seed_authors_link_to_exactly_their_papers(seed_site: Path) -> None:
    _links_match_records(seed_site, SEED / "content")


def test_ml4code_authors_link_to_exactly_their_papers(ml4code_site: Path) -> None:
    _links_match_records(ml4code_site, ML4CODE / "content")


def test_authors_index_is_in_the_navigation_and_counts_everyone(seed_site: Path) -> None:
    collection, _ = load_collection(SEED)
    people = {p.key for ps in collection.authors.values() for p in ps}
    soup = BeautifulSoup((seed_site / "authors" / "index.html").read_text("utf-8"),
                         "html.parser")
    assert soup.select_one('nav.md-nav a[href="./"]') or \
        any(a.get_text(strip=True) == "Authors" for a in soup.select("nav.md-nav a"))
    assert f"{len(people):,} people" in soup.select_one(".authors-count").get_text()
    assert sum(int(li.select_one(".author-count").get_text().strip("()").replace(",", ""))
               for li in soup.select(".author-ranges li")) == len(people)


CURATED = """\
- name: Yinhuai Wang
  variants: [Y. Wang]
  orcid: 0000-0002-1825-0097
  homepage: https://example.org/wang
- name: Mike Zhang
  key: mike-zhang-copenhagen
  papers: [kompetencer]
"""


def _curated_project(tmp: Path, authors: str) -> Path:
    project = make_project(tmp, TOY / "content")
    record = project / "content" / "papers" / "skillmimic-v2.yaml"
    record.write_text(record.read_text("utf-8").replace("- Yinhuai Wang", "- Y. Wang"), "utf-8")
    (project / "content" / "authors.yaml").write_text(authors, "utf-8")
    return project


def test_variants_merge_and_namesakes_split(tmp_path: Path) -> None:
    project = _curated_project(tmp_path / "p", CURATED)
    collection, problems = load_collection(project)
    assert not problems.items, problems.items
    keys = {pid: [p.key for p in people] for pid, people in collection.authors.items()}
    assert keys["skillmimic"][0] == keys["skillmimic-v2"][1] == "yinhuai-wang"
    assert keys["kompetencer"][0] == "mike-zhang-copenhagen"
    assert keys["nnose"][0] == "mike-zhang"
    site = built_site(project)
    sections = _sections(site)
    assert sections["authors/w/#yinhuai-wang"] == {"skillmimic", "skillmimic-v2"}
    assert sections["authors/z/#mike-zhang-copenhagen"] == {"kompetencer"}
    assert sections["authors/z/#mike-zhang"] == {"nnose"}
    page = (site / "authors" / "w" / "index.html").read_text("utf-8")
    assert "https://orcid.org/0000-0002-1825-0097" in page and "also written Y. Wang" in page
    v2 = BeautifulSoup((site / "papers" / "skillmimic-v2" / "index.html").read_text("utf-8"),
                       "html.parser")
    assert [a.get_text() for a in v2.select("a.paper-author")] == ["Runyi Yu", "Y. Wang"]


BAD = """\
- name: Yinhuai Wang
  orcid: 0000-0002-1825-0098
- name: Yinhuai Wang
- name: Other
  variants: [Y. Wang, Runyi Yu]
  papers: [no-such-paper, nnose]
- name: Qihan
  key: Not A Key
"""


def test_bad_authors_file_reports_every_problem_as_file_line_field(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = _curated_project(tmp_path / "p", BAD)
    status = main(["--root", str(project), "check"])
    lines = capsys.readouterr().err.splitlines()
    assert status == 1
    rel = "content/authors.yaml"
    assert any(line.startswith(f"{rel}:8: [3].key: ") and "is not a key" in line
               for line in lines), lines
    # the schema error stops the other checks; fix it and look again
    (project / "content" / "authors.yaml").write_text(BAD.replace("  key: Not A Key\n", ""))
    status = main(["--root", str(project), "check"])
    lines = [line for line in capsys.readouterr().err.splitlines() if line.startswith(rel)]
    assert status == 1
    assert any(line.startswith(f"{rel}:2: [0].orcid: ") and "check digit" in line
               for line in lines), lines
    assert any(line.startswith(f"{rel}:3: [1].name: ") and "already the key" in line
               for line in lines), lines
    assert any(line.startswith(f"{rel}:6: [2].papers[0]: unknown paper 'no-such-paper'")
               for line in lines), lines
    assert any(line.startswith(f"{rel}:6: [2].papers[1]: ") and "no author named" in line
               for line in lines), lines
    assert all("Traceback" not in line for line in lines)


def test_check_accepts_a_collection_without_an_authors_file(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", TOY / "content")
    collection, problems = load_collection(project)
    assert not problems.items
    assert collection.people.entries == ()


def test_orcid_check_digit() -> None:
    assert orcid_checksum_ok("0000-0002-1825-0097")
    assert orcid_checksum_ok("0000-0002-9079-593X")
    assert not orcid_checksum_ok("0000-0002-1825-0098")


def test_likely_variants_need_compatible_names_and_something_shared() -> None:
    def paper(pid: str, authors: tuple[str, ...], topics: tuple[str, ...] = ("t",)) -> Paper:
        return Paper(id=pid, title=pid, abstract="", topics=topics, added="2026-01-01",
                     source=Path(f"{pid}.yaml"), authors=authors)

    papers = [paper("a", ("Yejin Choi", "Noah Smith")), paper("b", ("Y. Choi", "Noah Smith")),
              paper("c", ("Yuki Choi", "Noah Smith")),
              paper("d", ("Jane Roe",), ("x",)), paper("e", ("J. Roe",), ("y",)),
              paper("f", ("Wei Li", "W. Li", "Bo Wu")), paper("g", ("W. Li", "Bo Wu"))]
    people = People().resolve(papers)
    pairs = {(a, b) for a, b, _ in likely_variants(papers, people)}
    assert ("Y. Choi", "Yejin Choi") in pairs or ("Yejin Choi", "Y. Choi") in pairs
    assert not any({"Yejin Choi", "Yuki Choi"} == {a, b} for a, b in pairs)
    assert not any("Roe" in a for a, _ in pairs)  # compatible, but nothing shared
    assert not any("Li" in a for a, _ in pairs)  # on one paper together: two people
    assert compatible("Y. J. Choi", "Yejin J. Choi") and not compatible("Yejin Choi", "Yuki Choi")


NAMES = st.sampled_from(["Ann Lee", "A. Lee", "Bo Wu", "Bo  Wu", "Chen Li", "Li Chen", "Éva Kő"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(NAMES, max_size=4, unique=True), min_size=1, max_size=12),
       st.booleans())
def test_every_authorship_has_one_person_and_their_section(authors: list[list[str]],
                                                          curate: bool) -> None:
    papers = [Paper(id=f"p{i}", title=f"T{i}", abstract="", topics=("t",), added="2026-01-01",
                    source=Path(f"p{i}.yaml"), authors=tuple(names))
              for i, names in enumerate(authors)]
    entries = (Person(key="lee", name="Ann Lee", variants=("A. Lee",)),
               Person(key="wu-first", name="Bo Wu", papers=("p0",))) if curate else ()
    resolved = People(entries).resolve(papers)
    keys = {person.key: person.name for people in resolved.values() for person in people}
    by_name: dict[tuple[str, str], str] = {}
    for paper in papers:
        assert len(resolved[paper.id]) == len(paper.authors)
        for written, person in zip(paper.authors, resolved[paper.id], strict=True):
            # one person a written name, the same wherever the same rule applies
            rule = "p0" if curate and paper.id == "p0" and normal_name(written) == "Bo Wu" else ""
            assert by_name.setdefault((rule, normal_name(written)), person.key) == person.key
    assert len(keys) == len(set(keys))
    if curate and "lee" in keys:
        assert keys["lee"] == "Ann Lee"
    collection = Collection(papers={p.id: p for p in papers}, topics={},
                            people=People(entries))
    listed = site_people.Authors(collection, papers)
    for key, author in listed.people.items():
        assert {p.id for p in author.papers} == {
            pid for pid, people in resolved.items() if key in {p.key for p in people}}
    assert set(listed.page_of) == set(listed.people)


def test_pages_split_by_more_letters_when_big(monkeypatch: pytest.MonkeyPatch) -> None:
    papers = [Paper(id=f"p{i}", title=f"T{i}", abstract="", topics=(), added="2026-01-01",
                    source=Path(f"p{i}.yaml"), authors=(f"Ann Ba{chr(97 + i % 26)}x",
                                                        f"Bob Bo{chr(97 + i % 26)}y"))
              for i in range(200)]
    collection = Collection(papers={p.id: p for p in papers}, topics={})
    monkeypatch.setattr(site_people, "PAGE_BYTES", 4_000)
    pages = site_people.Authors(collection, papers).pages
    # 26 surnames Baax..Bazx, 26 Boay..Bozy, ~8 papers each: too big for "b" or "ba"
    assert sorted(pages) == sorted({f"ba{chr(97 + i)}" for i in range(26)} |
                                   {f"bo{chr(97 + i)}" for i in range(26)})
    assert all(len(v) == 1 for v in pages.values())
    monkeypatch.setattr(site_people, "PAGE_BYTES", 10_000_000)
    assert list(site_people.Authors(collection, papers).pages) == ["b"]


def test_one_big_surname_gets_numbered_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    papers = [Paper(id=f"p{i}", title=f"T{i}", abstract="", topics=(), added="2026-01-01",
                    source=Path(f"p{i}.yaml"), authors=(f"Person{i} Zhang",))
              for i in range(40)]
    collection = Collection(papers={p.id: p for p in papers}, topics={})
    monkeypatch.setattr(site_people, "PAGE_BYTES", 2_000)
    pages = site_people.Authors(collection, papers).pages
    assert all(key.startswith("zha-") for key in pages), sorted(pages)
    assert all(site_people._PERSON_BYTES + site_people._PAPER_BYTES <= 2_000
               and len(members) <= 2_000 // (site_people._PERSON_BYTES
                                            + site_people._PAPER_BYTES)
               for members in pages.values())
    listed = [a.person.name for members in pages.values() for a in members]
    assert listed == sorted(listed, key=str.casefold) and len(listed) == 40


def test_people_with_several_papers_have_a_bib_and_a_feed(seed_site: Path) -> None:
    import bibtexparser
    import feedparser

    collection, _ = load_collection(SEED)
    listed = site_people.Authors(collection, sorted(collection.papers.values(),
                                                    key=lambda p: -(p.year or 0)))
    several = [a for a in listed.people.values() if len(a.papers) >= authors.FILES_MIN_PAPERS]
    assert several
    for author in several:
        folder = seed_site / "authors" / listed.page_of[author.person.key]
        bib = bibtexparser.parse_string((folder / f"{author.person.key}.bib").read_text("utf-8"))
        assert not bib.failed_blocks
        assert len(bib.entries) == len(author.papers)
        feed = feedparser.parse((folder / f"{author.person.key}.xml").read_bytes())
        assert not feed.bozo
        assert {e.link.rstrip("/").split("/")[-1] for e in feed.entries} == {
            p.id for p in author.papers}
    one = next(a for a in listed.people.values() if len(a.papers) < authors.FILES_MIN_PAPERS)
    assert not (seed_site / "authors" / listed.page_of[one.person.key]
                / f"{one.person.key}.bib").exists()


@pytest.mark.parametrize("mode", ["small", "large"])
def test_a_surname_lists_the_person_then_their_papers(
        mode: str, seed_site: Path, seed_large_site: Path, browser: Browser) -> None:
    collection, _ = load_collection(SEED)
    wanted = {p.id for p in collection.papers.values()
              if any(a.endswith("Sprague") for a in p.authors)}
    site = seed_site if mode == "small" else seed_large_site
    with serve(site) as base:
        page = browser.new_page()
        answer = WorkerSearch(page, base).answer("Sprague")
        page.close()
    locations = [group[0]["location"] for group in answer["items"]]
    assert locations[0] == "authors/s/#zayne-sprague", locations[:3]
    assert {loc.split("/")[1] for loc in locations[1:1 + len(wanted)]} == wanted
