"""The query sets of tests/data/search/, asked of our search in both modes and of
plain baselines over the same pages, in Chromium.

- Every tuning query finds its page within its ``within``, on the seed and on the
  ml4code fixture, in the small mode (Material's lunr behind our worker) and in
  the large mode (Pagefind): one test a query, so a failure names it.
- The held-out queries (a third, never used to tune the ranking) are asked only
  for the aggregate: on each collection and in each mode our hit@1, hit@3 and
  MRR (tests/tools/search_eval.py) are at least those of a plain Material site
  and of Pagefind's default index over the same pages (tests/tools/baselines.py).

``make search-quality`` reports the same figures as a table (benchmarks/).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.tools.baselines import plain_sites
from tests.tools.browser import serve
from tests.tools.projects import REPO, SMALL_ABOVE, built_site, make_project
from tests.tools.query_set import Expectation, load_queries
from tests.tools.search_eval import Engine, PagefindSearch, score, summary
from tests.tools.worker_search import WorkerSearch

DATA = REPO / "tests" / "data"
COLLECTIONS = ("seed", "ml4code")
MODES = ("small", "large")
BASELINES = ("plain Material", "plain Pagefind")


def queries(collection: str, part: str) -> list[Expectation]:
    return load_queries(DATA / "search" / f"{collection}-{part}.yaml")


class Searches:
    """Each collection's sites, built when first asked for, and a search of each
    (ours in both modes, the two baselines), served until the module ends."""

    def __init__(self, browser: Browser, tmp: pytest.TempPathFactory,
                 seed_site: Path, seed_large_site: Path, stack: ExitStack) -> None:
        self.browser, self.tmp, self.stack = browser, tmp, stack
        self.built: dict[tuple[str, str], Path] = {("seed", "small"): seed_site,
                                                   ("seed", "large"): seed_large_site}
        self.engines: dict[tuple[str, str], Engine] = {}

    def site(self, collection: str, mode: str) -> Path:
        if (collection, mode) not in self.built:
            project = make_project(self.tmp.mktemp(f"{collection}-{mode}"),
                                   DATA / collection / "content",
                                   large_above=SMALL_ABOVE if mode == "small" else 0)
            self.built[collection, mode] = built_site(project)
        return self.built[collection, mode]

    def engine(self, collection: str, name: str) -> Engine:
        if (collection, name) not in self.engines:
            if name in MODES:
                site = self.site(collection, name)
            else:
                small = self.site(collection, "small").parent
                site = plain_sites(small, self.tmp.mktemp(f"{collection}-bare") / "site")
            base = self.stack.enter_context(serve(site))
            page = self.browser.new_page()
            self.stack.callback(page.close)
            self.engines[collection, name] = (PagefindSearch(page, base)
                                              if name == "plain Pagefind"
                                              else WorkerSearch(page, base))
        return self.engines[collection, name]


@pytest.fixture(scope="module")
def searches(browser: Browser, tmp_path_factory: pytest.TempPathFactory, seed_site: Path,
             seed_large_site: Path) -> Iterator[Searches]:
    with ExitStack() as stack:
        yield Searches(browser, tmp_path_factory, seed_site, seed_large_site, stack)


@pytest.mark.parametrize(("collection", "mode", "expected"), [
    pytest.param(collection, mode, expected, id=f"{collection}-{mode}-{expected.query}")
    for collection in COLLECTIONS for mode in MODES
    for expected in queries(collection, "tuning")])
def test_tuning_query(searches: Searches, collection: str, mode: str,
                      expected: Expectation) -> None:
    [scored] = score([expected], searches.engine(collection, mode))
    assert scored.passed, (f"{expected.query!r} ({expected.kind}) wants "
                           f"{expected.location or 'no paper'} in the first {expected.within}; "
                           f"got {list(scored.answered[:5])}")


@pytest.mark.parametrize("collection", COLLECTIONS)
@pytest.mark.parametrize("mode", MODES)
def test_heldout_at_least_the_baselines(searches: Searches, collection: str,
                                        mode: str) -> None:
    heldout = queries(collection, "heldout")
    ours = summary(score(heldout, searches.engine(collection, mode)))
    for baseline in BASELINES:
        theirs = summary(score(heldout, searches.engine(collection, baseline)))
        for measure in ("hit1", "hit3", "mrr"):
            assert ours[measure] >= theirs[measure], (
                f"{collection}, {mode} mode, held-out {measure}: ours {ours[measure]}, "
                f"{baseline} {theirs[measure]}")


def test_the_scores_can_fail(searches: Searches) -> None:
    """The measures are not trivially met: a search that answers nothing scores 0
    on every query that expects a page, and one that answers the wrong page too."""
    heldout = [q for q in queries("seed", "heldout") if q.location]

    class Nothing:
        def search(self, query: str) -> list[str]:
            return []

    class Wrong:
        def search(self, query: str) -> list[str]:
            return ["papers/not-a-paper/"]

    for engine in (Nothing(), Wrong()):
        assert summary(score(heldout, engine))["mrr"] == 0
    real = summary(score(heldout, searches.engine("seed", "small")))
    assert real["hit1"] > 0.5
