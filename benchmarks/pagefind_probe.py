"""Measure Pagefind on a built site: index time and size, and the bytes and time a
browser needs for the first results of a query (headless Chromium).

    python benchmarks/pagefind_probe.py /tmp/skill-papers-bench/10000/site \\
        --pagefind /path/to/pagefind        # the binary of the `pagefind_bin` wheel

An experiment, not part of the site: Pagefind is not a dependency. It indexes the
built HTML into ``<site>/pagefind/``; the probe page then loads ``pagefind.js``,
runs one search and loads the first five results, as a search box would.
Pagefind's index chunks are already compressed, so their bytes on disk are the
bytes sent; JavaScript is counted gzipped.
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
PROBE = """<!doctype html><meta charset="utf-8"><title>probe</title>
<script type="module">
const started = performance.now();
const pagefind = await import("./pagefind/pagefind.js");
await pagefind.init();
window.searchStarted = performance.now();
const search = await pagefind.search(%s);
const first = await Promise.all(search.results.slice(0, 5).map(r => r.data()));
window.probe = {count: search.results.length, titles: first.map(d => d.meta.title),
                search_ms: performance.now() - window.searchStarted,
                total_ms: performance.now() - started};
</script>"""


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--pagefind", required=True)
    parser.add_argument("--query", default="humanoid skill")
    parser.add_argument("--reuse", action="store_true", help="keep an existing index")
    args = parser.parse_args(argv)
    site = args.site.resolve()
    result: dict[str, Any] = {}
    if not (args.reuse and (site / "pagefind").is_dir()):
        start = time.perf_counter()
        run = subprocess.run([args.pagefind, "--site", str(site), "--output-subdir",
                              "pagefind"], capture_output=True, text=True)
        result.update(index_s=round(time.perf_counter() - start, 1), ok=run.returncode == 0)
    index = site / "pagefind"
    result["index_mb"] = round(sum(p.stat().st_size for p in index.rglob("*")
                                   if p.is_file()) / 1e6, 1)
    (site / "pagefind-probe.html").write_text(PROBE % json.dumps(args.query))

    sys.path.insert(0, str(REPO))
    from playwright.sync_api import sync_playwright

    from tests.tools.browser import CHROMIUM_ARGS, chromium_path, serve

    fetched: list[str] = []
    with serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.on("request", lambda request: fetched.append(request.url))
        page.goto(base + "pagefind-probe.html")
        page.wait_for_function("window.probe !== undefined", timeout=120_000)
        probe = page.evaluate("window.probe")
        browser.close()
    total = 0
    for url in dict.fromkeys(fetched):
        path = site / url[len(base):]
        if path.is_file():
            data = path.read_bytes()
            total += len(gzip.compress(data)) if path.suffix in (".js", ".html", ".css") \
                else len(data)
    result.update(query=args.query, results=probe["count"], first_titles=probe["titles"][:2],
                  search_ms=round(probe["search_ms"]), total_ms=round(probe["total_ms"]),
                  fetched_kb=round(total / 1e3, 1), requests=len(fetched))
    return result


if __name__ == "__main__":
    print(json.dumps(main(), indent=1))
