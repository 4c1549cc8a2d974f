"""A large collection: papers searched with Pagefind, other pages with Material,
and paper pages in their own sitemap.

The seed collection has 88 papers, under ``extra.large_collection_above`` (500), so
its site keeps Material's search (tests/test_search.py). Here the same records
are built with the setting at 0, as a collection of thousands would be, and the
whole query set of tests/data/queries.yaml is asked of the real search worker in
Chromium (tests/tools/worker_search.py): Pagefind's papers and Material's pages
in one list, with the worker's typo step. Hostile records must stay text in the
results, and the search box must show them as a reader would see them.
"""

from __future__ import annotations

import json
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import REPO, SEED, built_site, make_project
from playwright.sync_api import Browser, Page, expect

from tests.tools.browser import serve
from tests.tools.query_set import load_queries
from tests.tools.worker_search import WorkerSearch

QUERIES = load_queries(REPO / "tests" / "data" / "queries.yaml")
HOSTILE = REPO / "tests" / "data" / "hostile" / "content"


def _built(tmp: Path, content: Path) -> Path:
    return built_site(make_project(tmp, content, large_above=0))


@pytest.fixture(scope="module")
def site(seed_large_site: Path) -> Path:
    return seed_large_site


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _built(tmp_path_factory.mktemp("pagefind-hostile"), HOSTILE)


@pytest.fixture(scope="module")
def worker(site: Path, browser: Browser) -> Iterator[WorkerSearch]:
    with serve(site) as base:
        page = browser.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning")
                else None)
        yield WorkerSearch(page, base)
        assert errors == []
        page.close()


def _engine(site: Path) -> dict[str, Any]:
    script = (site / "assets" / "javascripts" / "search-engine.js").read_text("utf-8")
    return json.loads(script.split("self.SEARCH_ENGINE = ", 1)[1].rstrip().rstrip(";"))


def test_small_collection_keeps_material_search(seed_site: Path) -> None:
    assert _engine(seed_site)["papers"] == "lunr"
    assert "index" not in _engine(seed_site)
    assert not (seed_site / "pagefind").exists()
    index = json.loads((seed_site / "search" / "search_index.json").read_text("utf-8"))
    assert any(doc["location"].startswith("papers/skillmimic/") for doc in index["docs"])


def _sitemap(path: Path) -> list[str]:
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    return [loc.text or "" for loc in ET.parse(path).getroot().findall("s:url/s:loc", namespace)]


def test_small_collection_has_one_sitemap(seed_site: Path, repo: Path) -> None:
    locations = _sitemap(seed_site / "sitemap.xml")
    assert sum("/papers/" in loc and not loc.endswith("/papers/") for loc in locations) == \
        len(list((SEED / "content" / "papers").glob("*.yaml")))
    assert not (seed_site / "sitemap-papers.xml").exists()


def test_paper_pages_leave_the_sitemap_instant_navigation_loads(site: Path, repo: Path) -> None:
    pages = _sitemap(site / "sitemap.xml")
    papers = _sitemap(site / "sitemap-papers.xml")
    records = sorted(p.stem for p in (SEED / "content" / "papers").glob("*.yaml"))
    assert not [loc for loc in pages if "/papers/" in loc and not loc.endswith("/papers/")]
    assert any(loc.endswith("/topics/") for loc in pages)
    site_url = yaml.safe_load((repo / "mkdocs.yml").read_text("utf-8"))["site_url"]
    assert papers == [f"{site_url.rstrip('/')}/papers/{key}/" for key in records]


def test_papers_leave_materials_index(site: Path) -> None:
    assert _engine(site)["papers"] == "pagefind"
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert not any(loc.startswith("papers/") and loc != "papers/" for loc in locations)
    assert {"", "topics/", "about/"} <= locations
    assert (site / "pagefind" / "pagefind-entry.json").is_file()
    names = json.loads((site / "search" / "names" / "manifest.json").read_text("utf-8"))
    assert names["papers"] == len(list((SEED / "content" / "papers").glob("*.yaml")))


@pytest.mark.parametrize("expected", QUERIES, ids=lambda q: f"{q.kind}:{q.query}")
def test_query_finds_paper(worker: WorkerSearch, expected: Any) -> None:
    locations = worker.search(expected.query)
    if expected.location is None:
        assert locations == []
    else:
        assert expected.location in locations[:expected.within], locations[:5]


def test_result_names_the_paper_and_marks_the_words(worker: WorkerSearch) -> None:
    first = worker.answer("basketball")["items"][0][0]
    assert first["location"] == "papers/skillmimic/"
    assert first["title"] == ("SkillMimic: Learning Reusable <mark>Basketball</mark> Skills "
                              "from Demonstrations")
    assert "<mark>" in first["text"]


def test_typo_is_corrected_only_when_nothing_is_found(worker: WorkerSearch) -> None:
    assert worker.search("baskteball")[0] == "papers/skillmimic/"
    # a word found as typed is not corrected: `skills` does not become `skill`
    first = worker.answer("skills")["items"][0][0]
    assert "<mark>skills</mark>" in first["title"].lower() + first["text"].lower()


def test_typing_gets_one_answer_for_the_last_query(worker: WorkerSearch) -> None:
    """Pagefind is asked once typing pauses; answers overtaken by a newer query are
    dropped, so the box never shows papers for `bask` after `basketball`."""
    typed = ["b", "ba", "bas", "bask", "baske", "basketball"]
    answers = worker.answers_in_a_row(typed)
    assert len(answers) == 1
    assert answers[0]["items"] == worker.answer("basketball")["items"]


@pytest.mark.parametrize(("blocked", "warning"), [("**/pagefind/pagefind.js", "Paper search"),
                                                ("**/search/names/**", "Name search")])
def test_a_failed_search_part_leaves_the_others(site: Path, browser: Browser, blocked: str,
                                                warning: str) -> None:
    """Without Pagefind, the names index still finds papers by their titles (not by
    their abstracts); without the names index, Pagefind still finds them."""
    with serve(site) as base:
        page = browser.new_page()
        warnings: list[str] = []
        page.on("console", lambda m: warnings.append(m.text) if m.type == "warning" else None)
        page.route(blocked, lambda route: route.abort())
        search = WorkerSearch(page, base)
        assert search.search("topics")[:1] == ["topics/"]
        assert search.search("basketball")[:1] == ["papers/skillmimic/"]
        abstract = [loc for loc in search.search("layups and dribbling")
                    if loc.startswith("papers/")]
        assert abstract == ([] if warning == "Paper search" else ["papers/skillmimic/"])
        assert any(w.startswith(f"{warning} failed") for w in warnings), warnings
        page.close()


def test_many_matches_end_with_a_link_to_explore(worker: WorkerSearch) -> None:
    items = worker.answer("skills")["items"]
    explore = [group[0] for group in items if group[0]["location"].startswith("explore/")]
    assert len(explore) == 1
    assert explore[0]["location"] == "explore/?text=skills"
    assert explore[0]["title"].startswith("All ") and "skills" in explore[0]["title"]


def test_a_common_word_is_answered_from_the_titles(site: Path, browser: Browser) -> None:
    """`skills`, in half the seed's abstracts: Pagefind would rank nearly every paper
    (a second at 10,000), so the titles with it answer, and Pagefind loads nothing."""
    with serve(site) as base:
        page = browser.new_page()
        chunks: list[str] = []
        page.on("request", lambda r: chunks.append(r.url) if r.url.endswith(".pf_index")
                else None)
        items = WorkerSearch(page, base).answer("skills")["items"]
        papers = [g[0] for g in items if g[0]["location"].startswith("papers/")]
        assert len(papers) == 10
        assert all("<mark>skill" in paper["title"].lower() for paper in papers)
        explore = [g[0] for g in items if g[0]["location"].startswith("explore/")]
        assert [e["location"] for e in explore] == ["explore/?text=skills"]
        assert "in the title" in explore[0]["text"]
        assert chunks == []
        page.close()


@pytest.mark.parametrize(("query", "paper"), [("skill sprinting", "beyondmimic"),
                                              ("skill rehabilitation", "skillformer"),
                                              ("skills wildbench", "instruct-skillmix")])
def test_a_common_word_beside_a_rare_one(worker: WorkerSearch, query: str, paper: str) -> None:
    """Pagefind is asked the rare word; the papers with the common one too come first."""
    assert worker.search(query)[:1] == [f"papers/{paper}/"]


def test_the_first_answer_is_the_start_of_the_whole(site: Path, browser: Browser) -> None:
    """While Pagefind works (slowed here), the titles found answer first; the whole
    answer keeps those papers first, in the same order, and adds Pagefind's."""
    with serve(site) as base:
        page = browser.new_page()
        page.route("**/*.pf_index", lambda route: (time.sleep(0.4), route.continue_()))
        search = WorkerSearch(page, base)
        for query in ("basketball", "humanoid", "skill discovery"):
            answers = search.answers_in_a_row([query], first_answers=True)
            assert [bool(a.get("pending")) for a in answers] == [True, False], query
            first, whole = ([g[0]["location"] for g in a["items"]
                             if g[0]["location"].startswith("papers/")] for a in answers)
            assert first and whole[:len(first)] == first, query
            assert len(whole) > len(first), query
        page.close()


def _only_marks(html: str) -> bool:
    return {tag.name for tag in BeautifulSoup(html, "html.parser").find_all(True)} <= {"mark"}


def test_hostile_records_stay_text(hostile_site: Path, browser: Browser) -> None:
    with serve(hostile_site) as base:
        page = browser.new_page()
        search = WorkerSearch(page, base)
        for query, title_text in [("alert", '</title><script>alert("title")</script>'),
                                  ("Click", "[Click me](javascript:alert(1))"),
                                  ("comment", "<!-- comment --> &lt;entity&gt;")]:
            groups = [g for g in search.answer(query)["items"]
                      if re.fullmatch(r"papers/[^/#]+/", g[0]["location"])]
            assert groups, query
            for item in (item for group in groups for item in group):
                assert _only_marks(item["title"]) and _only_marks(item["text"]), item
            shown = [BeautifulSoup(g[0]["title"], "html.parser").get_text() for g in groups]
            assert any(title_text in title for title in shown), (query, shown)
        _type(page, base, "alert")
        results = page.locator(".md-search-result__list")
        expect(results.locator("a[href*='/papers/']").first).to_be_visible()
        injected = results.locator("script, img, iframe, b, em, [onerror], [onclick]")
        assert injected.count() == 0
        page.close()


def _type(page: Page, base: str, query: str) -> None:
    page.goto(base)
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query, delay=15)


def test_search_box_opens_a_paper(site: Path, browser: Browser) -> None:
    with serve(site) as base:
        page = browser.new_page()
        _type(page, base, "layups and dribbling")
        first = page.locator(".md-search-result__item > a").first
        expect(first).to_have_attribute("href", f"{base}papers/skillmimic/?h=layups+dribbling")
        expect(first.locator("h1")).to_have_text(
            "SkillMimic: Learning Reusable Basketball Skills from Demonstrations")
        page.locator("input.md-search__input").press("Enter")
        expect(page).to_have_url(f"{base}papers/skillmimic/?h=layups+dribbling")
        page.close()


def test_snippets_show_the_text_as_typed(hostile_site: Path, browser: Browser) -> None:
    """Issue 12, class 10: Pagefind escapes its excerpt once; the worker showed it
    escaped twice (``x &lt; y``). Text shows as typed, and still never as a tag."""
    with serve(hostile_site) as base:
        page = browser.new_page()
        search = WorkerSearch(page, base)
        items = [item for group in search.answer("stays math")["items"] for item in group
                 if item["location"].startswith("papers/template-syntax/")]
        assert items
        assert _only_marks(items[0]["text"]), items[0]
        shown = BeautifulSoup(items[0]["text"], "html.parser").get_text()
        assert "comment <!-- hidden --> and an entity &amp;lt;script&amp;gt; stay" in shown
        assert "$x^2 <" in shown, shown
        _type(page, base, "stays math")
        result = page.locator(".md-search-result__item",
                              has=page.locator("a[href*='/papers/template-syntax/']")).first
        expect(result).to_contain_text("an HTML comment <!-- hidden --> and")
        expect(result).to_contain_text("&amp;lt;script&amp;gt; stay as typed")
        assert result.locator("script, img, iframe, b, em").count() == 0
        page.close()
