"""Long lists in pages (generator/site/paging.py): the all-papers list, the topic
pages and Explore's data, on the seed with a few papers a page."""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from playwright.sync_api import Browser, expect

from generator.records.collection import load_collection
from generator.site import health, paging
from generator.write.build import generate
from tests.tools.browser import serve
from tests.tools.projects import REPO, built_site, make_project

SEED = REPO / "tests" / "data" / "seed" / "content"
A_PAGE = 7
LINK = re.compile(r'href="([^"#]+)"')


def _resolve(folder: str, link: str) -> str:
    return posixpath.normpath(posixpath.join(folder, link)) + "/"


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(1990, 2026) | st.none(), max_size=60), st.integers(1, 9))
def test_pages_hold_every_item_once_and_link_each_other(years: list[int | None],
                                                        size: int) -> None:
    items = sorted(range(len(years)), key=lambda i: -(years[i] or 0))
    year_of = {position: years[item] for position, item in enumerate(items)}
    pages = paging.paginate(items, size, "list/", "more/", year_of)
    assert [i for page in pages for i in page.items] == items
    assert all(len(page.items) <= size for page in pages)
    assert len(pages) == max(1, -(-len(items) // size))
    folders = [page.folder for page in pages]
    assert folders[0] == "list/" and folders[1:] == [f"more/{n}/" for n in
                                                      range(2, len(pages) + 1)]
    for page in pages:
        assert page.up == "../" * page.folder.count("/")
        targets = {_resolve(page.folder, link.url): link for link in page.pager}
        assert all(_resolve(page.folder, link.url) == folders[int(link.label) - 1]
                   for link in page.pager)
        if page.paged:
            # first, last and the current page are always linked; the current is marked
            assert {folders[0], folders[-1], page.folder} <= set(targets)
            assert [link.current for link in page.pager].count(True) == 1
            assert targets[page.folder].current
        assert (page.newer is None) == (page.number == 1)
        assert (page.older is None) == (page.number == len(pages))
        if page.newer is not None:
            assert _resolve(page.folder, page.newer) == folders[page.number - 2]
        if page.older is not None:
            assert _resolve(page.folder, page.older) == folders[page.number]
    # page 1 of a paged list links each year to the page its first paper is on
    if len(pages) > 1:
        first_page = {}
        for page in pages:
            for item in page.items:
                first_page.setdefault(years[item], page.folder)
        assert {link.label: _resolve("list/", link.url) for link in pages[0].years} == {
            str(year) if year else "Undated": folder for year, folder in first_page.items()}
    assert all(not page.years for page in pages[1:])


@pytest.fixture(scope="module")
def paged_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("paged"), SEED, papers_a_page=A_PAGE)
    output = generate(project)
    assert not output.problems.errors(), output.problems.report()
    return project


@pytest.fixture(scope="module")
def paged_site(paged_project: Path) -> Path:
    return built_site(paged_project)


def _listed(markdown: str) -> list[str]:
    return re.findall(r'<a (?:class="paper-title" )?href="(?:\.\./)+papers/([^/"]+)/"',
                      markdown)


def test_every_paper_is_on_one_page_of_the_list_and_of_each_topic(paged_project: Path) -> None:
    docs = paged_project / "build" / "docs"
    collection, _ = load_collection(paged_project)
    newest = sorted(collection.papers.values(),
                    key=lambda p: (-(p.year or 0), p.title.casefold(), p.id))
    pages = [docs / "papers" / "index.md", *sorted(
        (docs / "all-papers").glob("*.md"), key=lambda p: int(p.stem))]
    assert len(pages) == -(-len(newest) // A_PAGE)
    listed = [_listed(page.read_text(encoding="utf-8")) for page in pages]
    assert all(len(ids) <= A_PAGE for ids in listed)
    assert [pid for ids in listed for pid in ids] == [p.id for p in newest]
    for key in collection.topics:
        members = [p.id for p in newest if key in p.topics]
        files = [docs / "topics" / f"{key}.md", *sorted(
            (docs / "topics" / key).glob("*.md"), key=lambda p: int(p.stem))]
        assert len(files) == max(1, -(-len(members) // A_PAGE)), key
        assert [pid for f in files for pid in _listed(f.read_text("utf-8"))] == members
        # later pages are not search results of their own; page 1 is the topic's
        for later in files[1:]:
            assert "exclude: true" in later.read_text(encoding="utf-8")
        assert "exclude: true" not in files[0].read_text(encoding="utf-8").split("---")[1]


def test_explore_data_comes_in_parts_that_hold_every_paper(paged_project: Path) -> None:
    explore = paged_project / "build" / "docs" / "explore"
    first = json.loads((explore / "papers.json").read_text(encoding="utf-8"))
    collection, _ = load_collection(paged_project)
    assert first["total"] == len(collection.papers)
    parts = [first["papers"]] + [
        json.loads((explore / name).read_text(encoding="utf-8"))["papers"]
        for name in first["parts"]]
    assert all(len(part) <= A_PAGE for part in parts) and len(parts) > 1
    ids = [paper["id"] for part in parts for paper in part]
    assert sorted(ids) == sorted(collection.papers) and len(set(ids)) == len(ids)
    assert sorted(p.name for p in explore.glob("papers-*.json")) == sorted(first["parts"])


def test_a_paged_site_builds_strict_and_its_pager_links_resolve(paged_site: Path) -> None:
    site = paged_site
    pages = [site / "papers" / "index.html", *(site / "all-papers").glob("*/index.html"),
             *(site / "topics").glob("*/*/index.html")]
    assert len(pages) > 10
    for page in pages:
        html = page.read_text(encoding="utf-8")
        pager = re.search(r'<nav class="list-pager".*?</nav>', html, re.S)
        assert pager, page
        for link in LINK.findall(pager.group(0)):
            assert (page.parent / link / "index.html").resolve().is_file(), (page, link)


def test_explore_loads_every_part_and_filters_them_all(paged_project: Path, paged_site: Path,
                                                       browser: Browser) -> None:
    site = paged_site
    collection, _ = load_collection(paged_project)
    topic = max(collection.topics, key=lambda k: sum(k in p.topics
                                                     for p in collection.papers.values()))
    members = {p.id for p in collection.papers.values() if topic in p.topics}
    with serve(site) as base:
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{base}explore/?topic={topic}")
        expect(page.locator(".explore[data-loaded]")).to_have_count(1)
        expect(page.locator(".explore-count")).to_have_text(
            f"{len(members)} of {len(collection.papers)} papers")
        more = page.locator(".explore-more")
        while more.is_visible():
            more.click()
        found = page.locator(".explore-results > li > a.paper-title").evaluate_all(
            "links => links.map(a => a.getAttribute('href').split('/').slice(-2)[0])")
        assert sorted(found) == sorted(members)
        page.close()
        assert errors == []


def test_every_paper_with_a_gap_is_on_its_gap_pages(paged_project: Path) -> None:
    docs = paged_project / "build" / "docs"
    collection, _ = load_collection(paged_project)
    shown = max(1, A_PAGE // health.GAP_SHARE)
    page = (docs / "health.md").read_text(encoding="utf-8")
    paged = 0
    for what, lacks in health.GAPS.items():
        papers = sorted(p.id for p in collection.papers.values() if lacks(p))
        section = page.split(f"## Without {what}\n")[1].split("\n## ")[0]
        assert _listed(section) == papers[:shown]
        folder = docs / health.gap_folder(what)
        if len(papers) <= shown:
            assert not folder.with_suffix(".md").exists()
            continue
        paged += 1
        files = [folder.with_suffix(".md"), *sorted(folder.glob("*.md"),
                                                    key=lambda p: int(p.stem))]
        assert len(files) == -(-len(papers) // A_PAGE)
        assert [pid for f in files for pid in _listed(f.read_text("utf-8"))] == papers
    assert paged  # the seed lacks links on most records
