"""The seed site in a real browser (Debian's Chromium through Playwright).

Search is typed into Material's search box key by key; the Explore page's
filters are compared with the records; every page type must load without
console errors or requests to other hosts; axe-core finds no serious or critical
accessibility problems.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from generator.model.papers import Collection
from generator.records.collection import load_collection
from tests.tools.browser import serve
from tests.tools.query_set import load_queries

VENDOR = Path(__file__).parent / "vendor"
QUERIES = load_queries(Path(__file__).parent / "data" / "queries.yaml")
_PAPER_HREF = re.compile(r"/papers/([^/]+)/")


@pytest.fixture(scope="module")
def collection(seed_project: Path) -> Collection:
    loaded, problems = load_collection(seed_project)
    assert not problems.errors()
    return loaded


@pytest.fixture(scope="module")
def base(seed_site: Path) -> Iterator[str]:
    with serve(seed_site) as url:
        yield url


class Watched:
    """A page whose console errors, uncaught exceptions and off-site requests are kept."""

    def __init__(self, browser: Browser, **options: Any) -> None:
        self.context = browser.new_context(**options)
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.context.route("**/*", self._route)
        self.page: Page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error"
                     else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _route(self, route: Route) -> None:
        if route.request.url.startswith("http://127.0.0.1:"):
            route.continue_()
        else:
            self.foreign.append(route.request.url)
            route.abort()


@pytest.fixture
def watched(browser: Browser) -> Iterator[Watched]:
    view = Watched(browser, viewport={"width": 1280, "height": 900})
    yield view
    view.context.close()


def paper_ids(page: Page, selector: str) -> list[str]:
    hrefs: list[str] = page.locator(selector).evaluate_all(
        "links => links.map(a => a.href)")
    return [m.group(1) for href in hrefs if (m := _PAPER_HREF.search(href))]


# --- search -------------------------------------------------------------------------

def type_search(page: Page, base: str, query: str) -> None:
    page.goto(base)
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query, delay=15)


@pytest.mark.parametrize("expected", [q for q in QUERIES if q.browser],
                         ids=lambda q: f"{q.kind}:{q.query}")
def test_search_box_finds_paper(watched: Watched, base: str, expected: Any) -> None:
    page = watched.page
    type_search(page, base, expected.query)
    meta = page.locator(".md-search-result__meta")
    if expected.location is None:
        expect(meta).to_have_text("No matching documents")
        return
    top = page.locator(f".md-search-result__item:nth-child(-n+{expected.within}) > "
                       f"a.md-search-result__link[href*='/{expected.location}']")
    expect(top.first).to_be_visible()
    # The result shows the paper's title, authors and year, not just a heading.
    paper = top.first.locator("article")
    expect(paper.locator("h1")).not_to_be_empty()
    assert watched.errors == []


def test_search_result_shows_byline(watched: Watched, base: str,
                                    collection: Collection) -> None:
    paper = next(p for p in collection.papers.values() if p.authors and p.year)
    surname = paper.authors[0].split()[-1]
    type_search(watched.page, base, f"{surname} {paper.year}")
    result = watched.page.locator(
        f".md-search-result__item > a[href*='/papers/{paper.id}/'] article").first
    expect(result).to_contain_text(paper.title)
    expect(result).to_contain_text(surname)
    expect(result).to_contain_text(str(paper.year))


# --- every page type ------------------------------------------------------------------

def page_paths(collection: Collection) -> list[str]:
    paper = next(iter(collection.papers))
    topic = next(iter(collection.topics))
    return ["", f"papers/{paper}/", f"topics/{topic}/", "topics/", "papers/", "explore/",
            "about/"]


def test_no_console_errors_or_foreign_requests(watched: Watched, base: str,
                                               collection: Collection) -> None:
    for path in page_paths(collection):
        watched.page.goto(base + path)
        watched.page.wait_for_load_state("networkidle")
        assert (path, watched.errors) == (path, [])
    assert watched.foreign == []


# --- Explore --------------------------------------------------------------------------

def shown(page: Page) -> list[str]:
    return paper_ids(page, ".explore-results > li > a.paper-title")


def wait_for_results(page: Page) -> None:
    expect(page.locator(".explore[data-shown]")).to_have_count(1)


def newest_first(collection: Collection, keep: Any = None) -> list[str]:
    papers = [p for p in collection.papers.values() if keep is None or keep(p)]
    return [p.id for p in sorted(papers, key=lambda p: (-(p.year or 0), p.title.casefold(),
                                                         p.id))]


def test_explore_one_topic_shows_exactly_its_papers(watched: Watched, base: str,
                                                    collection: Collection) -> None:
    page = watched.page
    page.goto(base + "explore/")
    wait_for_results(page)
    assert shown(page) == newest_first(collection)
    for key in collection.topics:
        box = page.locator(f".explore-topics input[value='{key}']")
        box.check()
        expected = newest_first(collection, lambda p, key=key: key in p.topics)
        assert (key, shown(page)) == (key, expected)
        expect(page.locator(".explore-count")).to_contain_text(str(len(expected)))
        assert f"topic={key}" in page.url
        box.uncheck()
    assert shown(page) == newest_first(collection)
    assert watched.errors == []


def test_explore_state_lives_in_the_address(watched: Watched, base: str,
                                            collection: Collection) -> None:
    keys = list(collection.topics)[:2]
    years = sorted(p.year for p in collection.papers.values() if p.year)
    low, high = years[len(years) // 4], years[-1]
    page = watched.page
    query = "&".join(f"topic={k}" for k in keys)
    page.goto(f"{base}explore/?{query}&from={low}&to={high}&sort=title")
    wait_for_results(page)
    expected = [p for p in collection.papers.values()
                if set(keys) & set(p.topics) and p.year and low <= p.year <= high]
    titles = [collection.papers[i].title for i in shown(page)]
    assert sorted(shown(page)) == sorted(p.id for p in expected)
    assert titles == sorted(titles, key=str.casefold)
    expect(page.locator("select[name=sort]")).to_have_value("title")
    expect(page.locator("input[name=from]")).to_have_value(str(low))
    # Every checked topic is required with match=all.
    page.select_option("select[name=match]", "all")
    both = {p.id for p in expected if set(keys) <= set(p.topics)}
    assert set(shown(page)) == both
    assert "match=all" in page.url
    page.locator("input[name=code]").check()
    assert set(shown(page)) == {i for i in both if collection.papers[i].has_code}
    page.reload()
    wait_for_results(page)
    assert set(shown(page)) == {i for i in both if collection.papers[i].has_code}
    page.locator(".explore button[type=reset]").click()
    expect(page.locator(".explore-results > li")).to_have_count(len(collection.papers))
    assert "topic=" not in page.url


def test_explore_words_filter(watched: Watched, base: str, collection: Collection) -> None:
    paper = next(p for p in collection.papers.values() if p.authors)
    surname = paper.authors[0].split()[-1]
    page = watched.page
    page.goto(base + "explore/")
    wait_for_results(page)
    page.locator("input[name=text]").press_sequentially(surname.lower(), delay=10)
    expect(page.locator(f".explore-results a[href*='/papers/{paper.id}/']")).to_have_count(1)
    for pid in shown(page):
        record = collection.papers[pid]
        hay = " ".join([record.title, *record.authors, record.abstract]).lower()
        assert surname.lower() in hay
    assert "text=" in page.url


def test_explore_works_after_instant_navigation(watched: Watched, base: str,
                                               collection: Collection) -> None:
    page = watched.page
    page.goto(base)
    page.locator(".md-nav__link", has_text="Explore").first.click()
    page.wait_for_url("**/explore/")
    wait_for_results(page)
    assert len(shown(page)) == len(collection.papers)
    assert watched.errors == []


# --- topic pages ----------------------------------------------------------------------

def test_topic_page_sorts(watched: Watched, base: str, collection: Collection) -> None:
    key, papers = max(collection.papers_by_topic().items(), key=lambda kv: len(kv[1]))
    page = watched.page
    page.goto(f"{base}topics/{key}/")
    items = ".paper-list > li > a.paper-title"
    assert paper_ids(page, items) == newest_first(collection, lambda p: key in p.topics)
    page.select_option("form.paper-sort select", "title")
    titles = [collection.papers[i].title.lower() for i in paper_ids(page, items)]
    assert titles == sorted(titles)
    assert len(titles) == len(papers)
    page.select_option("form.paper-sort select", "newest")
    assert paper_ids(page, items) == newest_first(collection, lambda p: key in p.topics)


# --- accessibility --------------------------------------------------------------------

@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_problems(browser: Browser, base: str, collection: Collection,
                                       scheme: str) -> None:
    view = Watched(browser, viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    paper = next(iter(collection.papers))
    topic = next(iter(collection.topics))
    found = {}
    for path in ["", f"papers/{paper}/", f"topics/{topic}/", "explore/"]:
        view.page.goto(base + path)
        view.page.wait_for_load_state("networkidle")
        view.page.add_script_tag(path=str(VENDOR / "axe.min.js"))
        violations = view.page.evaluate(
            "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations"
            ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
            ".map(v => [v.id, v.nodes.slice(0, 3).map(n => n.target.join(' '))]))")
        if violations:
            found[path] = violations
    view.context.close()
    assert found == {}
