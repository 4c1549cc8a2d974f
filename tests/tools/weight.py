"""Bytes a browser downloads to show a paper page, then to answer the first search.

    python -m tests.tools.weight SITE [papers/skillmimic/] [basketball]

Serves the built site on loopback, opens the page in a fresh (cold-cache)
Chromium, records every response body through Playwright's network events, then
types the query into Material's search box and records what the search adds.
Material fetches the search index and starts its worker as soon as a page
loads, not at the first query, so the first step is split into what the page
needs to show and what search needs (``SEARCH_FILES``). Prints raw bytes and
gzip-compressed bytes (level 6, what a typical static host sends) per file.
"""

from __future__ import annotations

import gzip
import sys
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Response, sync_playwright

from .browser import CHROMIUM_ARGS, chromium_path, serve

SEARCH_FILES = ("search/search_index.json", "assets/javascripts/workers/",
                "assets/javascripts/search-typos-worker.js")


@dataclass
class Step:
    name: str
    files: dict[str, tuple[int, int]] = field(default_factory=dict)

    def add(self, url: str, body: bytes) -> None:
        self.files[url] = (len(body), len(gzip.compress(body, compresslevel=6)))

    @property
    def raw(self) -> int:
        return sum(raw for raw, _ in self.files.values())

    @property
    def gzipped(self) -> int:
        return sum(packed for _, packed in self.files.values())


def measure(site: Path, path: str, query: str) -> list[Step]:
    page_step, search_step = Step(f"show {path}"), Step(f"first search '{query}'")
    current = page_step
    with serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page()

        def record(response: Response) -> None:
            if response.ok and response.request.method == "GET":
                current.add(response.url.removeprefix(base), response.body())

        page.context.on("response", record)
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        current = search_step
        box = page.locator("input.md-search__input")
        box.click()
        box.press_sequentially(query, delay=20)
        page.locator(".md-search-result__item").first.wait_for()
        page.wait_for_load_state("networkidle")
        browser.close()
    return [page_step, search_step]


def report(steps: list[Step]) -> str:
    lines = []
    for step in steps:
        lines.append(f"{step.name}: {step.raw:,} bytes raw, {step.gzipped:,} gzip "
                     f"({len(step.files)} files)")
        for url, (raw, packed) in sorted(step.files.items(), key=lambda kv: -kv[1][0]):
            lines.append(f"  {raw:>9,} {packed:>9,}  {url}")
    files = {url: size for step in steps for url, size in step.files.items()}
    search = [size for url, size in files.items() if url.startswith(SEARCH_FILES)]
    page = [size for url, size in files.items() if not url.startswith(SEARCH_FILES)]
    for label, sizes in (("to show the page", page), ("for search", search),
                         ("total", page + search)):
        lines.append(f"{label}: {sum(r for r, _ in sizes):,} bytes raw, "
                     f"{sum(g for _, g in sizes):,} gzip")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    site, *rest = argv
    path = rest[0] if rest else "papers/skillmimic/"
    query = rest[1] if len(rest) > 1 else "basketball"
    print(report(measure(Path(site), path, query)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
