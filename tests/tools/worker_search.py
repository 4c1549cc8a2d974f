"""The site's search worker, asked directly in headless Chromium.

``WorkerSearch(page, base).search("humanoid")`` returns the page locations the
site's search answers, best first, as the worker that Material's search box talks
to ranks them: search-typos-worker.js (named in the page's ``#__config`` by
overrides/main.html) in front of Material's own worker, and for large collections
Pagefind's papers (generator/site/search_index.py). ``worker="material"`` asks
Material's worker alone, as a site without the wrapper would.

Material's messages are never written here. The page is loaded with its
``Worker`` constructor wrapped, so the tool sees what Material's bundle sends its
worker: first the setup (its ``data`` holds the index, ``docs`` and ``config``),
then, once the worker is ready, a query of the (empty) search box (its ``data`` is
the text). The tool then starts a worker of its own from the same address, sends
it that setup message as it was, and asks each query as a copy of that query
message with another ``data``. An answer is the next message whose ``data.items``
is a list and that is not marked ``pending`` (the worker's first answer to a query
while Pagefind works, which the full answer follows). Nothing needs rendering, so
a whole query set runs in seconds.
"""

from __future__ import annotations

from typing import Any, Literal

from playwright.sync_api import Page, Worker

# Before any of the page's scripts: keep what the page's workers are sent and answer.
_RECORDER = """(() => {
  const Native = window.Worker;
  const seen = window.__searchTraffic = [];
  window.__NativeWorker = Native;
  window.Worker = class extends Native {
    constructor(url, options) {
      super(url, options);
      this.__traffic = {url: new URL(url, location.href).href, sent: [], received: []};
      seen.push(this.__traffic);
      this.addEventListener("message", event => this.__traffic.received.push(event.data));
    }
    postMessage(message, transfer) {
      this.__traffic.sent.push(message);
      return super.postMessage(message, transfer);
    }
  };
})()"""

# Wait for Material's bundle to set up its worker and send its first query; then
# start the tool's own worker the same way.
_START = """async ([which, timeout]) => {
  const until = (what, found) => new Promise((resolve, reject) => {
    const start = Date.now();
    const poll = () => {
      const value = found();
      if (value) return resolve(value);
      if (Date.now() - start > timeout) return reject(new Error("search: no " + what));
      setTimeout(poll, 10);
    };
    poll();
  });
  const isSetup = m => m && m.data && Array.isArray(m.data.docs) && m.data.config;
  const isQuery = m => m && typeof m.data === "string";
  const traffic = await until("worker started by the page", () => window.__searchTraffic.find(
    t => t.sent.some(isSetup)));
  const setup = traffic.sent.find(isSetup);
  const query = await until("query sent by the search box", () => traffic.sent.find(isQuery));
  let url = traffic.url;
  if (which === "material") {
    const wrapper = new URL(url);
    url = new URL(wrapper.searchParams.get("worker"), wrapper).href;
  }
  const worker = new window.__NativeWorker(url);
  const answers = [];
  worker.addEventListener("message", event => answers.push(event.data));
  worker.postMessage(setup);
  await until("answer to the setup", () => answers.length);
  answers.length = 0;
  window.__search = {worker, answers, query, until};
  return {page: traffic.url, asked: url};
}"""

_ASK = """async (text) => {
  const {worker, answers, query, until} = window.__search;
  answers.length = 0;
  worker.postMessage(Object.assign({}, query, {data: text}));
  const isResult = m => m && m.data && Array.isArray(m.data.items) && !m.data.pending;
  return (await until("result for " + JSON.stringify(text), () => answers.find(isResult))).data;
}"""

# Queries sent back to back, as typing sends them; every result that comes back
# until `quiet` ms pass without one (after the first).
_IN_A_ROW = """async ([texts, quiet, withFirst]) => {
  const {worker, answers, query, until} = window.__search;
  answers.length = 0;
  for (const text of texts) worker.postMessage(Object.assign({}, query, {data: text}));
  const isResult = m => m && m.data && Array.isArray(m.data.items) &&
    (withFirst || !m.data.pending);
  const results = () => answers.filter(isResult).map(m => m.data);
  await until("result for " + JSON.stringify(texts), () => results().length);
  for (let seen = -1; seen !== results().length;) {
    seen = results().length;
    await new Promise(resolve => setTimeout(resolve, quiet));
  }
  return results();
}"""


class WorkerSearch:
    def __init__(self, page: Page, base: str,
                 worker: Literal["site", "material"] = "site", timeout_ms: int = 15_000) -> None:
        self.page = page
        page.add_init_script(_RECORDER)
        page.goto(base)
        started: dict[str, str] = page.evaluate(_START, [worker, timeout_ms])
        # Where Material's bundle started its worker (``#__config``), and the tool's.
        self.page_worker_url: str = started["page"]
        self.worker_url: str = started["asked"]

    def answer(self, query: str) -> Any:
        """The worker's result message data: ``{"items": [[item, ...], ...], ...}``."""
        return self.page.evaluate(_ASK, query)

    def answers_in_a_row(self, queries: list[str], quiet_ms: int = 500,
                         first_answers: bool = False) -> list[Any]:
        """The result data the worker sends for ``queries`` asked back to back: the
        answers to whole queries, and with ``first_answers`` also the first answers
        sent while Pagefind works (``pending: true``)."""
        return self.page.evaluate(_IN_A_ROW, [queries, quiet_ms, first_answers])

    def search(self, query: str) -> list[str]:
        """Locations of the result groups (pages), best first, without anchors."""
        return [group[0]["location"].split("#")[0] for group in self.answer(query)["items"]]

    def wrapper(self) -> Worker:
        """search-typos-worker.js as Playwright sees it, to evaluate its functions in."""
        path = self.page_worker_url.split("?")[0]
        return next(w for w in self.page.workers if w.url.split("?")[0] == path)

    def material(self) -> Worker:
        """Material's worker (started by the wrapper), to evaluate lunr in."""
        wrapper = self.page_worker_url
        return next(w for w in self.page.workers
                    if w.url != wrapper and "search-typos-worker" not in w.url)
