"""How well a search engine answers a query set: hit@1, hit@3 and MRR.

An engine is anything with ``search(query) -> [location, ...]``: the pages it
answers, best first, as site-relative locations without anchors
(``papers/gecko/``). ``WorkerSearch`` (worker_search.py) is ours, and Material's
on a bare Material site; ``PagefindSearch`` asks a Pagefind bundle through its
JavaScript API, as a site with Pagefind's defaults would (baselines.py).

A query's rank is the place of its expected page among the first ``DEPTH``
answers (none past them). A query that expects no match (``paper: null``)
scores 1 on every measure when no paper is answered, else 0. ``passed``: the
page is within the query's ``within``, the set's own bar.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from playwright.sync_api import Page

from tests.tools.query_set import Expectation

DEPTH = 10


class Engine(Protocol):
    def search(self, query: str) -> list[str]: ...


@dataclass(frozen=True)
class Scored:
    expectation: Expectation
    answered: tuple[str, ...]  # the first DEPTH locations

    @property
    def rank(self) -> int | None:
        wanted = self.expectation.location
        if wanted is None:
            return None
        return self.answered.index(wanted) + 1 if wanted in self.answered else None

    @property
    def reciprocal(self) -> float:
        """1/rank, or for a no-match query 1 when no paper was answered."""
        if self.expectation.location is None:
            return 0.0 if any(a.startswith("papers/") for a in self.answered) else 1.0
        return 1 / self.rank if self.rank else 0.0

    def hit(self, at: int) -> bool:
        if self.expectation.location is None:
            return self.reciprocal == 1.0
        return self.rank is not None and self.rank <= at

    @property
    def passed(self) -> bool:
        return self.hit(self.expectation.within)


def score(expectations: Iterable[Expectation], engine: Engine) -> list[Scored]:
    return [Scored(e, tuple(engine.search(e.query)[:DEPTH])) for e in expectations]


def summary(scored: list[Scored]) -> dict[str, float | int]:
    return {"n": len(scored),
            "hit1": round(statistics.fmean(s.hit(1) for s in scored), 3),
            "hit3": round(statistics.fmean(s.hit(3) for s in scored), 3),
            "mrr": round(statistics.fmean(s.reciprocal for s in scored), 3),
            "passed": sum(s.passed for s in scored)}


class PagefindSearch:
    """A Pagefind bundle (``<base><bundle>pagefind.js``) asked in the page, with
    Pagefind's default options and ranking."""

    _OPEN = """async (bundle) => {
      window.__pagefind = await import(bundle + "pagefind.js");
      await window.__pagefind.init();
    }"""
    _ASK = """async ([text, depth]) => {
      const search = await window.__pagefind.search(text);
      if (!search) return [];
      const data = await Promise.all(search.results.slice(0, depth).map(r => r.data()));
      return data.map(d => d.url);
    }"""

    def __init__(self, page: Page, base: str, bundle: str = "pagefind/") -> None:
        self.page = page
        page.goto(base)
        page.evaluate(self._OPEN, base + bundle)

    def search(self, query: str) -> list[str]:
        urls: list[str] = self.page.evaluate(self._ASK, [query, DEPTH])
        return [url.split("#")[0].lstrip("/") for url in urls]
