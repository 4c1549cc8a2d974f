"""Time the search box at 10,000 papers: every query of the query sets, typed.

    python benchmarks/search_speed.py                 # 10,000 papers, every query
    python benchmarks/search_speed.py --n 100000      # (issue #16's size)
    python benchmarks/search_speed.py --limit 20      # a quick run

The collection is the seed fixture and the ml4code fixture (the records the query
sets name: tests/data/search/*.yaml, tests/data/queries.yaml) with synthetic papers
(benchmarks/synth.py) up to ``--n``, built as ``make build`` builds it, so the
site is in its large mode (papers in Pagefind and the names index). Added to the
queries: the most common word of the collection's titles and abstracts, the
worst case for an index split by word.

Each query is typed into the search box of a fresh page (cold cache) in headless
Chromium, key by key, as a reader types. Measured from the last keystroke to the
first answer of the page's search worker that shows results (``first_results_s``;
answers to a query typing overtook are dropped, so every answer after the last
key is the whole query's: with Pagefind the worker answers from the names index
first, then with Pagefind's papers after them) and to its last answer
(``complete_s``); and the bytes fetched from opening the page to that answer,
gzip-compressed as GitHub Pages serves them (Pagefind's chunks are compressed
already): ``fetched_gzip_kb``, of which ``search_gzip_kb`` after the first key.

The baseline, in the same run: the same pages built with a bare Material
configuration (``tests/tools/baselines.BARE``: lunr over every page, which the reader downloads
whole), for ``--baseline`` of the queries (every query costs the same there: the
whole index). Results: ``benchmarks/results/search-speed-<date>.{json,md}``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))
import synth  # noqa: E402
from run import BARE, ENV, PY, gz, machine, write_results  # noqa: E402

FIXTURES = [REPO / "tests" / "data" / "seed" / "content",
            REPO / "tests" / "data" / "ml4code" / "content"]
ARXIV = re.compile(r"(?m)^arxiv: ['\"]?([0-9.]+)")
SPARE = 100  # synthetic papers made beyond n, for those left out
QUERY_FILES = [*sorted((REPO / "tests" / "data" / "search").glob("*.yaml")),
               REPO / "tests" / "data" / "queries.yaml"]

# Keys typed and results received, timed in the page (performance.now()).
_WATCH = """(() => {
  window.__keys = [];
  window.__answers = [];
  document.addEventListener("keydown", () => window.__keys.push(performance.now()), true);
  const Native = window.Worker;
  window.Worker = class extends Native {
    constructor(url, options) {
      super(url, options);
      this.addEventListener("message", event => {
        const data = event.data && event.data.data;
        if (data && Array.isArray(data.items)) {
          window.__answers.push({at: performance.now(), count: data.items.length,
                                 first: data.items.length ? data.items[0][0].location : null,
                                 pending: !!data.pending});
        }
      });
    }
  };
})()"""


def collection(n: int, project: Path, seed: int) -> Path:
    """The fixtures' records and topics, and synthetic papers up to ``n`` (a synthetic
    paper whose made-up arXiv id is a real one of the fixtures' is left out)."""
    real = [r for f in FIXTURES for r in sorted((f / "papers").glob("*.yaml"))]
    taken = {m.group(1) for r in real
             for m in [ARXIV.search(r.read_text("utf-8"))] if m}
    synth.write_project(max(n - len(real), 0) + SPARE, project, seed)
    made = sorted((project / "content" / "papers").glob("*.yaml"))
    clash = [r for r in made if (m := ARXIV.search(r.read_text("utf-8"))) and m[1] in taken]
    for record in clash + [r for r in made if r not in clash][max(n - len(real), 0):]:
        record.unlink()
    topics = yaml.safe_load((project / "content" / "topics.yaml").read_text("utf-8"))
    keys = {t["key"] for t in topics}
    for fixture in FIXTURES:
        for topic in yaml.safe_load((fixture / "topics.yaml").read_text("utf-8")):
            if topic["key"] not in keys:
                keys.add(topic["key"])
                topics.append(topic)
        for record in sorted((fixture / "papers").glob("*.yaml")):
            shutil.copy(record, project / "content" / "papers" / record.name)
    (project / "content" / "topics.yaml").write_text(
        yaml.safe_dump(topics, sort_keys=False, allow_unicode=True, width=88), "utf-8")
    return project


def common_word(project: Path) -> str:
    """The word (not a stop word) in the most papers' titles and abstracts."""
    from generator.site.search_names import STOP_WORDS, normal_words
    counts: Counter[str] = Counter()
    for path in (project / "content" / "papers").glob("*.yaml"):
        record = yaml.safe_load(path.read_text("utf-8"))
        counts.update(set(normal_words(f"{record['title']} {record.get('abstract', '')}")))
    return next(w for w, _ in counts.most_common() if w not in STOP_WORDS and len(w) > 2)


def queries(extra: list[str]) -> list[str]:
    found: list[str] = []
    for path in QUERY_FILES:
        found += [q["query"] for q in yaml.safe_load(path.read_text("utf-8"))["queries"]]
    return list(dict.fromkeys(extra + found))


def build(project: Path, bare: bool) -> float:
    start = time.perf_counter()
    if not bare:
        subprocess.run([PY, "-m", "generator", "build"], cwd=project, env=ENV, check=True,
                       capture_output=True)
        subprocess.run([PY, "-m", "mkdocs", "build", "--strict", "-q", "-d", "site"],
                       cwd=project, env=ENV, check=True, capture_output=True)
    else:
        (project / "mkdocs-bare.yml").write_text(BARE)
        subprocess.run([PY, "-m", "mkdocs", "build", "-q", "-f", "mkdocs-bare.yml"],
                       cwd=project, env=ENV, check=True, capture_output=True)
    return round(time.perf_counter() - start, 1)


def type_queries(site: Path, texts: list[str]) -> list[dict[str, Any]]:
    from playwright.sync_api import sync_playwright

    from tests.tools.browser import CHROMIUM_ARGS, chromium_path, serve

    rows = []
    with serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for text in texts:
            context = browser.new_context()  # a cold cache for every query
            page = context.new_page()
            fetched: list[tuple[float, str]] = []
            page.on("request", lambda r, f=fetched: f.append((time.perf_counter(), r.url)))
            page.add_init_script(_WATCH)
            page.goto(base, wait_until="load")
            page.keyboard.press("/")
            typing = time.perf_counter()
            page.keyboard.type(text, delay=60)
            # the answer to the whole query: the last one, once none came for 1.5 s
            answers = -1
            deadline = time.perf_counter() + 60
            while time.perf_counter() < deadline:
                page.wait_for_timeout(1500)
                count = page.evaluate("window.__answers.length")
                if count == answers:
                    break
                answers = count
            timing = page.evaluate("""() => ({key: window.__keys[window.__keys.length - 1],
                                             answers: window.__answers})""")
            after = [a for a in timing["answers"] if a["at"] >= timing["key"]]
            row: dict[str, Any] = {"query": text}
            # the first answer that shows papers or pages; else the one that says none
            shown = [a for a in after if a["count"]] or after[-1:]
            row["first_results_s"] = (round((shown[0]["at"] - timing["key"]) / 1e3, 3)
                                      if shown else None)
            if after:
                row["complete_s"] = round((after[-1]["at"] - timing["key"]) / 1e3, 3)
                row["results"] = after[-1]["count"]
                row["first"] = after[-1]["first"]
            else:
                row["complete_s"] = None
            row["fetched_gzip_kb"] = round(_bytes(site, base, [u for _, u in fetched]) / 1e3, 1)
            row["search_gzip_kb"] = round(
                _bytes(site, base, [u for t, u in fetched if t >= typing]) / 1e3, 1)
            rows.append(row)
            context.close()
        browser.close()
    return rows


def _bytes(site: Path, base: str, urls: list[str]) -> int:
    total = 0
    for url in dict.fromkeys(urls):
        if not url.startswith(base):
            continue
        rel = re.sub(r"[?#].*", "", url[len(base):])
        path = site / (rel or "index.html")
        if path.is_dir():
            path = path / "index.html"
        if path.is_file():
            total += gz(path.read_bytes())
    return total


def summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    times = [r["first_results_s"] for r in rows if r["first_results_s"] is not None]
    complete = [r["complete_s"] for r in rows if r["complete_s"] is not None]
    return {"queries": len(rows), "unanswered": len(rows) - len(times),
            "median_s": round(statistics.median(times), 3) if times else None,
            "max_s": max(times) if times else None,
            "over_1s": sum(t > 1 for t in times),
            "complete_median_s": round(statistics.median(complete), 3) if complete else None,
            "complete_max_s": max(complete) if complete else None,
            "max_fetched_gzip_kb": max(r["fetched_gzip_kb"] for r in rows),
            "max_search_gzip_kb": max(r["search_gzip_kb"] for r in rows),
            "over_500kb": sum(r["fetched_gzip_kb"] > 500 for r in rows)}


def markdown(results: dict[str, Any]) -> str:
    lines = [f"# Search speed at {results['n']:,} papers ({results['date']})", "",
             "| site | build s | queries | first results: median s | max s | over 1 s | "
             "complete: median s | max s | max KB gzip (search part) | over 500 KB |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for name in ("ours", "bare Material"):
        if name in results:
            s = results[name]["summary"]
            lines.append(f"| {name} | {results[name]['build_s']} | {s['queries']} | "
                         f"{s['median_s']} | {s['max_s']} | {s['over_1s']} | "
                         f"{s['complete_median_s']} | {s['complete_max_s']} | "
                         f"{s['max_fetched_gzip_kb']} ({s['max_search_gzip_kb']}) | "
                         f"{s['over_500kb']} |")
    slow = sorted(results["ours"]["rows"], key=lambda r: -(r["first_results_s"] or 99))[:10]
    lines += ["", f"Most common word: `{results['common_word']}`. Slowest queries (ours):", "",
              "| query | first results s | complete s | fetched KB gzip | search KB gzip |",
              "|---|---|---|---|---|"]
    lines += [f"| {r['query']} | {r['first_results_s']} | {r['complete_s']} | "
              f"{r['fetched_gzip_kb']} | {r['search_gzip_kb']} |" for r in slow]
    heavy = sorted(results["ours"]["rows"], key=lambda r: -r["fetched_gzip_kb"])[:5]
    lines += ["", "Most bytes (ours): " + ", ".join(
        f"`{r['query']}` {r['fetched_gzip_kb']} KB" for r in heavy) + "."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/skill-papers-search-speed"))
    parser.add_argument("--out", type=Path, default=HERE / "results")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--limit", type=int, default=0, help="only the first N queries")
    parser.add_argument("--baseline", type=int, default=5,
                        help="queries typed on the bare Material site (0: none)")
    parser.add_argument("--reuse", action="store_true", help="keep a site built before")
    args = parser.parse_args(argv)
    project = args.work / str(args.n)
    if not (args.reuse and (project / "site").is_dir()):
        collection(args.n, project, args.seed)
    word = common_word(project)
    texts = queries([word])
    if args.limit:
        texts = texts[:args.limit]
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H%M")
    results: dict[str, Any] = {"n": args.n, "date": stamp, "machine": machine(),
                               "common_word": word}
    built = 0.0 if args.reuse and (project / "site").is_dir() else build(project, bare=False)
    print(f"built in {built} s; typing {len(texts)} queries", flush=True)
    rows = type_queries(project / "site", texts)
    results["ours"] = {"build_s": built, "rows": rows, "summary": summary(rows)}
    if args.baseline:
        built = build(project, bare=True)
        rows = type_queries(project / "site-bare", texts[:args.baseline])
        results["bare Material"] = {"build_s": built, "rows": rows, "summary": summary(rows)}
    args.out.mkdir(parents=True, exist_ok=True)
    write_results(args.out / f"search-speed-{stamp}", results, markdown(results))
    print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
