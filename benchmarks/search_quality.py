"""Search quality on the query sets, ours against plain baselines, in one run.

    python benchmarks/search_quality.py            # both collections, both modes
    python benchmarks/search_quality.py --part tuning

For each collection of the query sets (tests/data/search/: the seed and ml4code
fixtures), four sites over the same records:

- ours, small mode: the site as ``make build`` builds it, Material's lunr index
  behind our search worker (``large_collection_above`` above the collection);
- ours, large mode: the same with Pagefind for papers (``large_collection_above: 0``);
- plain Material: the generated pages built by a bare Material configuration
  (tests/tools/baselines.py), its own search worker asked;
- plain Pagefind: Pagefind's default index over that bare site, through its API.

Every query of both parts (tuning, held-out) is asked of each in headless
Chromium; hit@1, hit@3 and MRR (tests/tools/search_eval.py) per collection,
engine and part, with the queries each engine fails (outside ``within``).
Results: ``benchmarks/results/search-quality-<date>.{json,md}``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
from benchmarks.run import machine, write_results  # noqa: E402
from tests.tools.baselines import plain_sites  # noqa: E402
from tests.tools.browser import CHROMIUM_ARGS, chromium_path, serve  # noqa: E402
from tests.tools.projects import SMALL_ABOVE, built_site, make_project  # noqa: E402
from tests.tools.query_set import load_queries  # noqa: E402
from tests.tools.search_eval import Engine, PagefindSearch, score, summary  # noqa: E402
from tests.tools.worker_search import WorkerSearch  # noqa: E402

DATA = REPO / "tests" / "data"
COLLECTIONS = {"seed": DATA / "seed" / "content", "ml4code": DATA / "ml4code" / "content"}
PARTS = ("tuning", "heldout")
ENGINES = ("ours, small mode", "ours, large mode", "plain Material", "plain Pagefind")


def sites(content: Path, work: Path) -> dict[str, tuple[Path, str]]:
    """Engine name -> (site folder, how to ask it)."""
    small = make_project(work / "small", content, large_above=SMALL_ABOVE)
    small_site = built_site(small)
    large_site = built_site(make_project(work / "large", content, large_above=0))
    bare = plain_sites(small)
    return {"ours, small mode": (small_site, "worker"), "ours, large mode": (large_site, "worker"),
            "plain Material": (bare, "worker"), "plain Pagefind": (bare, "pagefind")}


def evaluate(parts: tuple[str, ...], work: Path) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    results: dict[str, Any] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for name, content in COLLECTIONS.items():
            print(f"[{name}] building", flush=True)
            for engine_name, (site, how) in sites(content, work / name).items():
                with serve(site) as base:
                    page = browser.new_page()
                    engine: Engine = (WorkerSearch(page, base) if how == "worker"
                                      else PagefindSearch(page, base))
                    for part in parts:
                        scored = score(load_queries(DATA / "search" / f"{name}-{part}.yaml"),
                                       engine)
                        row = summary(scored)
                        row["failed"] = [[s.expectation.kind, s.expectation.query,
                                          s.expectation.location, list(s.answered[:3])]
                                         for s in scored if not s.passed]
                        row["not_first"] = [[s.expectation.query, s.answered[0] if s.answered
                                             else None] for s in scored
                                            if s.passed and not s.hit(1)]
                        results.setdefault(name, {}).setdefault(engine_name, {})[part] = row
                        print(f"[{name}] {engine_name} {part}: "
                              f"{ {k: v for k, v in row.items() if k != 'failed'} }", flush=True)
                    page.close()
        browser.close()
    return results


def markdown(results: dict[str, Any], stamp: str) -> str:
    lines = [f"# Search quality ({stamp})", "",
             "| collection | engine | part | queries | hit@1 | hit@3 | MRR | within `within` |",
             "|---|---|---|---|---|---|---|---|"]
    for name, engines in results["collections"].items():
        for engine, parts in engines.items():
            for part, row in parts.items():
                lines.append(f"| {name} | {engine} | {part} | {row['n']} | {row['hit1']} | "
                             f"{row['hit3']} | {row['mrr']} | {row['passed']} |")
    ours = [(name, engine, part, row) for name, engines in results["collections"].items()
            for engine in ENGINES[:2] for part, row in engines.get(engine, {}).items()]
    lines += ["", "Queries ours fails (outside `within`):", ""]
    lines += [f"- {name}, {engine}, {part}: `{query}` ({kind}) wants {wanted or 'no paper'}, "
              f"first: {', '.join(got) or 'nothing'}"
              for name, engine, part, row in ours for kind, query, wanted, got in row["failed"]]
    lines += ["", "Queries ours answers within `within` but not first (what came first):", ""]
    lines += [f"- {name}, {engine}, {part}: `{query}`: {first}"
              for name, engine, part, row in ours for query, first in row.get("not_first", [])]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--part", choices=PARTS, action="append",
                        help="only this part (default: both)")
    parser.add_argument("--out", type=Path, default=HERE / "results")
    args = parser.parse_args(argv)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H%M")
    with tempfile.TemporaryDirectory(prefix="search-quality-") as work:
        collections = evaluate(tuple(args.part or PARTS), Path(work))
    results = {"date": stamp, "machine": machine(), "collections": collections}
    text = markdown(results, stamp)
    args.out.mkdir(parents=True, exist_ok=True)
    write_results(args.out / f"search-quality-{stamp}", results, text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
