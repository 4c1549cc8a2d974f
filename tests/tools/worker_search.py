"""The site's search worker, asked directly in headless Chromium.

``WorkerSearch(page, base).search("humanoid")`` starts the worker that Material
would start (search-typos-worker.js wrapping Material's own, as search-typos.js
configures it), sends it the site's ``search_index.json`` as Material does, and
returns the page locations of its answer, best first. Unlike typing into the box
it needs no rendering, so a whole query set runs in seconds; it runs the real
JavaScript, so it covers what tests/tools/search_mirror.py cannot: the papers
that large collections search with Pagefind (generator/site/search_index.py).
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page

_START = """async () => {
  const config = JSON.parse(document.getElementById("__config").textContent);
  const url = new URL(config.search, document.baseURI);
  const index = await (await fetch(new URL("search/search_index.json",
                                           new URL(config.base, location.href)))).json();
  const worker = new Worker(url);
  window.__answers = [];
  worker.onmessage = event => window.__answers.push(event.data);
  worker.postMessage({type: 0, data: {config: index.config, docs: index.docs,
                                      options: {suggest: false}}});
  window.__worker = worker;
}"""
_ASK = """async (query) => {
  await new Promise(resolve => {
    const wait = () => window.__answers.some(a => a.type === 1) ? resolve() : setTimeout(wait, 10);
    wait();
  });
  window.__answers = window.__answers.filter(a => a.type !== 3);
  window.__worker.postMessage({type: 2, data: query});
  return await new Promise(resolve => {
    const wait = () => {
      const answer = window.__answers.find(a => a.type === 3);
      answer ? resolve(answer.data) : setTimeout(wait, 10);
    };
    wait();
  });
}"""


class WorkerSearch:
    def __init__(self, page: Page, base: str) -> None:
        self.page = page
        page.goto(base)
        page.evaluate(_START)

    def answer(self, query: str) -> Any:
        """The worker's result message data: ``{"items": [[item, ...], ...], ...}``."""
        return self.page.evaluate(_ASK, query)

    def search(self, query: str) -> list[str]:
        """Locations of the result groups (pages), best first, without anchors."""
        return [group[0]["location"].split("#")[0] for group in self.answer(query)["items"]]
