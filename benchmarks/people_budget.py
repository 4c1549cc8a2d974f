"""What the authors and venues pages cost at 10,000 papers (issue #15's budget).

    python benchmarks/people_budget.py              # 10,000 synthetic papers
    python benchmarks/people_budget.py --n 3000

A synthetic collection (benchmarks/synth.py: 2-8 authors a paper, a fifth of the
authorships by someone with an earlier paper) is built as ``make build`` builds
it. Measured in the same run:

- the generator's time for the authors and venues producers (pages, .bib, feeds),
  timed in process, against the whole ``generate`` run;
- the site's bytes under ``authors/`` and ``venues/`` against the whole site, and
  the largest page there;
- ``mkdocs build`` with those folders, and without them (the same docs folder with
  ``authors/`` and ``venues/`` removed; non-strict, since pages link to them).

The budget: the pages together add at most 15 % to the site's size and to the
build time (generator + MkDocs), and no page passes 500 KB.
Results: ``benchmarks/results/people-budget-<date>.{json,md}``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))
import synth  # noqa: E402
from run import ENV, PY, machine, tree_size, write_results  # noqa: E402

FOLDERS = ("authors", "venues")


def mkdocs(project: Path, docs: Path, site: Path) -> float:
    config = project / "mkdocs-budget.yml"
    text = (project / "mkdocs.yml").read_text("utf-8")
    config.write_text(text.replace("docs_dir: build/docs", f"docs_dir: {docs}")
                      if "docs_dir:" in text else f"{text}\ndocs_dir: {docs}\n", "utf-8")
    start = time.perf_counter()
    subprocess.run([PY, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)],
                   cwd=project, env=ENV, check=True, capture_output=True)
    return round(time.perf_counter() - start, 1)


def measure(n: int, work: Path, seed: int) -> dict[str, Any]:
    from generator.model.people import normal_name
    from generator.site import authors, venues
    from generator.write.build import generate

    project = synth.write_project(n, work / str(n), seed)
    start = time.perf_counter()
    output = generate(project)
    generator_s = time.perf_counter() - start
    ctx = output.context
    assert ctx is not None, output.problems
    start = time.perf_counter()
    for producer in (authors.author_pages, authors.author_files, venues.venue_pages):
        for _ in producer(ctx):
            pass
    people_s = time.perf_counter() - start
    docs = project / "build" / "docs"
    with_s = mkdocs(project, docs, project / "site")
    bare_docs = project / "docs-without"
    shutil.copytree(docs, bare_docs)
    for folder in FOLDERS:
        shutil.rmtree(bare_docs / folder)
        (bare_docs / f"{folder}").mkdir()
        (bare_docs / folder / "index.md").write_text(f"# {folder}\n", "utf-8")
    without_s = mkdocs(project, bare_docs, project / "site-without")
    site = project / "site"
    pages = [p for folder in FOLDERS for p in (site / folder).rglob("*.html")]
    largest = max(pages, key=lambda p: p.stat().st_size)
    people = {normal_name(a) for p in ctx.collection.papers.values() for a in p.authors}
    several = sum(len(a.papers) > 1 for a in ctx.authors.people.values())
    site_bytes = tree_size(site)
    part_bytes = sum(tree_size(site / folder) for folder in FOLDERS)
    total_s = generator_s + with_s
    added_s = people_s + (with_s - without_s)
    return {
        "n": n, "people": len(people), "people_with_several_papers": several,
        "author_pages": len(list((site / "authors").glob("*/index.html"))),
        "venue_pages": len(list((site / "venues").rglob("index.html"))),
        "site_mb": round(site_bytes / 1e6, 1),
        "authors_venues_mb": round(part_bytes / 1e6, 1),
        "size_share": round(part_bytes / (site_bytes - part_bytes), 3),
        "largest_page_kb": round(largest.stat().st_size / 1e3, 1),
        "largest_page": largest.relative_to(site).as_posix(),
        "generator_s": round(generator_s, 1), "people_producers_s": round(people_s, 1),
        "mkdocs_s": with_s, "mkdocs_without_s": without_s,
        "time_share": round(added_s / (total_s - added_s), 3),
    }


def markdown(result: dict[str, Any]) -> str:
    r = result
    return "\n".join([
        f"# Authors and venues pages at {r['n']:,} papers ({r['date']})", "",
        f"{r['people']:,} people ({r['people_with_several_papers']:,} with two papers or "
        f"more), {r['author_pages']} authors pages, {r['venue_pages']} venue pages.", "",
        "| measure | value | budget |", "|---|---|---|",
        f"| authors/ + venues/ | {r['authors_venues_mb']} MB of {r['site_mb']} MB | |",
        f"| added to the site's size | {r['size_share']:.1%} | at most 15 % |",
        f"| generator: authors and venues producers | {r['people_producers_s']} s of "
        f"{r['generator_s']} s | |",
        f"| mkdocs build with / without them | {r['mkdocs_s']} s / {r['mkdocs_without_s']} s | |",
        f"| added to the build time | {r['time_share']:.1%} | at most 15 % |",
        f"| largest page | {r['largest_page_kb']} KB ({r['largest_page']}) | at most 500 KB |",
        ""])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/skill-papers-people-budget"))
    parser.add_argument("--out", type=Path, default=HERE / "results")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H%M")
    result = {"date": stamp, "machine": machine(), **measure(args.n, args.work, args.seed)}
    args.out.mkdir(parents=True, exist_ok=True)
    write_results(args.out / f"people-budget-{stamp}", result, markdown(result))
    print(markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
