"""Time MkDocs + Material and Zensical building the same docs folder.

    python benchmarks/engines.py                        # the seed and 3,000 papers, 5 runs
    python benchmarks/engines.py --sizes 0 --runs 3     # the seed only (0: no synthetic)

For each collection (the seed fixture, ``tests/data/seed``, and a synthetic collection
of N papers written by ``benchmarks/synth.py``; above mkdocs.yml's
``extra.large_collection_above`` it is built as a large collection, searched with
Pagefind) a scratch project is written and ``python -m generator build`` writes its
docs folder once. From that docs folder each engine then builds the site ``--runs``
times, a round of one build by each at a time; every build is a subprocess whose wall
time, CPU time (``os.wait4``: all threads and children) and peak memory are recorded:

- ``mkdocs``: ``mkdocs build --strict`` into ``site-mkdocs``, removed before each run;
- ``zensical``: ``zensical build --strict --clean`` into ``site-zensical``, removed
  before each run with Zensical's cache (``.cache``): a full build, as MkDocs does;
- ``zensical cached``: after those, ``zensical build --strict`` with the cache the last
  full build left and nothing changed, what Zensical's rebuild costs (MkDocs keeps no
  cache between builds).

Zensical reads a copy of mkdocs.yml whose ``site_dir`` is ``site-zensical`` (it has no
``-d``). Afterwards the HTML pages of the two sites are counted and compared by path.
Results go to ``benchmarks/results/engines-<date>.json`` and ``.md``, each measure as
the min and the median of the runs. Zensical comes from the running Python
(``python -m zensical``; a pinned development dependency, requirements/dev.txt).
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import shutil
import statistics
import sys
from importlib.metadata import version
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
import run as bench  # noqa: E402  (benchmarks/run.py: run(), machine(), write_results())
import same_output  # noqa: E402
import synth  # noqa: E402

PY = sys.executable
SEED = REPO / "tests" / "data" / "seed" / "content"
MKDOCS = [PY, "-m", "mkdocs", "build", "--strict", "-q", "-d", "site-mkdocs"]
ZENSICAL = [PY, "-m", "zensical", "build", "--strict", "-f", "zensical.yml"]


def write_project(name: str, n: int, work: Path, seed: int) -> Path:
    """The scratch project of the seed (``n`` = 0) or of ``n`` synthetic papers, with
    the zensical.yml Zensical reads."""
    dest = work / name
    if n:
        synth.write_project(n, dest, seed)
    else:
        shutil.rmtree(dest, ignore_errors=True)
        same_output.project(REPO, SEED, dest)
    config = (dest / "mkdocs.yml").read_text(encoding="utf-8")
    setting = re.compile(r"(?m)^site_dir: site$")
    if not setting.search(config):
        raise SystemExit("mkdocs.yml lost `site_dir: site`")
    (dest / "zensical.yml").write_text(setting.sub("site_dir: site-zensical", config),
                                       encoding="utf-8")
    return dest


def summary(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Min and median of each measure over the runs."""
    return {f"{measure}_{stat}": round(fn(r[measure] for r in runs), 2)
            for measure in ("wall_s", "cpu_s", "peak_rss_mb")
            for stat, fn in (("min", min), ("median", statistics.median))}


def pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def count(folder: Path) -> int:
    return sum(1 for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else 0


def collection(name: str, n: int, args: argparse.Namespace) -> dict[str, Any]:
    project = write_project(name, n, args.work, args.seed)
    print(f"[{name}] generator", flush=True)
    result: dict[str, Any] = {"name": name, "papers": n or None}
    result["generator"] = bench.run([PY, "-m", "generator", "build"], project,
                                    project / "generator.log")
    if not result["generator"]["ok"]:
        raise SystemExit(f"generator failed:\n{result['generator']['log_tail']}")
    result["pagefind_files_in_docs"] = count(project / "build" / "docs" / "pagefind")
    runs: dict[str, list[dict[str, Any]]] = {"mkdocs": [], "zensical": [], "zensical cached": []}
    for i in range(args.runs):
        print(f"[{name}] round {i + 1}/{args.runs}", flush=True)
        shutil.rmtree(project / "site-mkdocs", ignore_errors=True)
        runs["mkdocs"].append(bench.run(MKDOCS, project, project / "mkdocs.log"))
        for leftover in ("site-zensical", ".cache"):
            shutil.rmtree(project / leftover, ignore_errors=True)
        runs["zensical"].append(bench.run([*ZENSICAL, "--clean"], project,
                                          project / "zensical.log"))
    for _ in range(args.runs):
        runs["zensical cached"].append(bench.run(ZENSICAL, project,
                                                 project / "zensical-cached.log"))
    failed = [f"{engine}: {r['log_tail']}" for engine, rs in runs.items() for r in rs
              if not r["ok"]]
    if failed:
        raise SystemExit(f"[{name}] a build failed:\n" + "\n".join(failed))
    result["runs"] = runs
    result["summary"] = {engine: summary(rs) for engine, rs in runs.items()}
    mkdocs_pages, zensical_pages = pages(project / "site-mkdocs"), pages(project / "site-zensical")
    result["html_pages"] = {"mkdocs": len(mkdocs_pages), "zensical": len(zensical_pages)}
    result["files"] = {"mkdocs": count(project / "site-mkdocs"),
                       "zensical": count(project / "site-zensical")}
    result["pagefind_files"] = {"mkdocs": count(project / "site-mkdocs" / "pagefind"),
                                "zensical": count(project / "site-zensical" / "pagefind")}
    result["same_pages"] = mkdocs_pages == zensical_pages
    result["pages_only_in"] = {"mkdocs": sorted(mkdocs_pages - zensical_pages)[:20],
                               "zensical": sorted(zensical_pages - mkdocs_pages)[:20]}
    return result


def table(results: dict[str, Any]) -> str:
    m = results["machine"]
    lines = [f"# Engines: MkDocs + Material and Zensical, {m['date']}", "",
             f"Machine: {m['nproc']} cores, load average at start "
             f"{m['loadavg_at_start'][0]:.1f} (shared); Python {m['python']}, MkDocs "
             f"{m['mkdocs']}, Material {m['mkdocs-material']}, Zensical {m['zensical']}. "
             f"{results['runs_each']} runs of each build; min / median.", "",
             "| collection | build | wall s | CPU s | peak MB |", "|---|---|---|---|---|"]
    for c in results["collections"]:
        g = c["generator"]
        lines.append(f"| {c['name']} | generator (once) | {g['wall_s']} | {g['cpu_s']} | "
                     f"{g['peak_rss_mb']} |")
        for engine, s in c["summary"].items():
            lines.append(f"| {c['name']} | {engine} | {s['wall_s_min']} / {s['wall_s_median']}"
                         f" | {s['cpu_s_min']} / {s['cpu_s_median']} | "
                         f"{s['peak_rss_mb_min']} / {s['peak_rss_mb_median']} |")
    lines += ["", "| collection | HTML pages MkDocs / Zensical | same paths | "
              "files MkDocs / Zensical | Pagefind files docs / MkDocs / Zensical |",
              "|---|---|---|---|---|"]
    for c in results["collections"]:
        h, f, p = c["html_pages"], c["files"], c["pagefind_files"]
        lines.append(f"| {c['name']} | {h['mkdocs']:,} / {h['zensical']:,} | "
                     f"{'yes' if c['same_pages'] else 'NO'} | {f['mkdocs']:,} / "
                     f"{f['zensical']:,} | {c['pagefind_files_in_docs']:,} / "
                     f"{p['mkdocs']:,} / {p['zensical']:,} |")
    lines += ["", "zensical: a full build (`--clean`, no cache); zensical cached: the same "
              "build again with the cache the last full build left and nothing changed. "
              "CPU time counts all threads, so it can exceed wall time."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="3000",
                        help="synthetic collections, papers, comma-separated (0: none)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, default=Path("/tmp/skill-papers-engines"))
    parser.add_argument("--out", type=Path, default=HERE / "results")
    parser.add_argument("--seed", type=int, default=7, help="of the synthetic collections")
    args = parser.parse_args(argv)
    wanted = [("seed", 0)] + [(f"synthetic-{n}", n) for n in
                              (int(s) for s in args.sizes.split(",")) if n]
    results: dict[str, Any] = {"machine": {**bench.machine(), "zensical": version("zensical")},
                               "runs_each": args.runs, "collections": []}
    args.out.mkdir(parents=True, exist_ok=True)
    name = "engines-" + dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H%M")
    for label, n in wanted:
        results["collections"].append(collection(label, n, args))
        bench.write_results(args.out / name, results, table(results))
    print((args.out / f"{name}.md").read_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
