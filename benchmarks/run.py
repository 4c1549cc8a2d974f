"""Measure the generator and the site at 100, 1,000 and 10,000 synthetic papers.

    python benchmarks/run.py                    # all sizes (10,000 takes ~10 minutes)
    python benchmarks/run.py --max-n 1000       # a quick run
    python benchmarks/run.py --sizes 10000 --no-browser
    python benchmarks/run.py --sizes 10000 --serve-only   # only the preview's edit -> page

For each size N a scratch project is written by ``benchmarks/synth.py`` and built
the way ``make build`` builds, each step a subprocess whose wall time, CPU time
and peak memory (``os.wait4``) are recorded:

- ``generator``: ``python -m generator build`` from an empty docs folder;
- ``phases``: load + validate, near-duplicate titles, related papers (time and
  memory), mentions, and the preview path (``benchmarks/phases.py``);
- ``mkdocs``: ``mkdocs build --strict`` with the project's configuration;
- ``baseline``: the same pages with a bare Material configuration (``theme:
  material`` + search, same nav, no overrides, no hooks);
- sizes: the site, a paper page (largest of all), the home page, the search index
  (raw and gzip) and the search worker;
- ``browser``: in headless Chromium, the time from typing a query to the first
  result, and the bytes fetched for it (gzip size, as GitHub Pages serves them);
- ``serve``: a real ``mkdocs serve --dirty`` (what ``make serve`` runs): for each of
  a few edits, the time from saving the record to its page, fetched over HTTP,
  showing the change, and the server's CPU time for it (see ``serve_reload``).

Results go to ``benchmarks/results/<date>.json`` and a Markdown table ``<date>.md``,
with the machine (cores, memory, versions). Wall times on a shared machine vary;
CPU times vary less.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
import synth  # noqa: E402

sys.path.insert(0, str(REPO))
from tests.tools.baselines import BARE  # noqa: E402

PY = sys.executable
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def run(cmd: list[str], cwd: Path, log: Path) -> dict[str, Any]:
    """Run ``cmd``; its wall and CPU seconds, peak memory and exit status."""
    start = time.perf_counter()
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, cwd=cwd, env=ENV, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    result = {"wall_s": round(time.perf_counter() - start, 2),
              "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
              "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
              "ok": proc.returncode == 0}
    if proc.returncode:
        result["log_tail"] = log.read_text(errors="replace")[-2000:]
    return result


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def tree_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


# Files a page loads as it is used (Explore's data, the names index, the add-paper
# form's ids): each counts as a page would, where the bulk downloads do not.
LOADED = ("explore", "search", "add-paper")


def largest(files: list[Path], site: Path) -> dict[str, Any]:
    size, path = max(((p.stat().st_size, p) for p in files), default=(0, site))
    return {"kb": round(size / 1e3, 1), "path": path.relative_to(site).as_posix()}


def sizes(site: Path, n: int = 0) -> dict[str, Any]:
    """The site's size (and per paper), its largest page and data file, where the bytes
    go (by top-level folder or file) and the pages and search index."""
    papers = [p / "index.html" for p in (site / "papers").iterdir()
              if (p / "index.html").exists()]
    paper_sizes = sorted(p.stat().st_size for p in papers)
    total = tree_size(site)
    parts = {child.name: tree_size(child) if child.is_dir() else child.stat().st_size
             for child in site.iterdir()}
    html = list(site.rglob("*.html"))
    loaded = [p for name in LOADED if (site / name).is_dir()
              for p in (site / name).rglob("*.json")]
    index = (site / "search" / "search_index.json").read_bytes()
    worker = next((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    return {
        "site_mb": round(total / 1e6, 1),
        "kb_per_paper": round(total / 1e3 / n, 1) if n else None,
        "largest_page": largest(html, site),
        "largest_loaded_file": largest(loaded, site),
        "pages_over_500kb": sum(p.stat().st_size > 500_000 for p in html),
        "by_folder_mb": {name: round(size / 1e6, 1) for name, size in
                         sorted(parts.items(), key=lambda kv: -kv[1])[:10]},
        "files": sum(1 for p in site.rglob("*") if p.is_file()),
        "paper_page_kb_median": round(paper_sizes[len(paper_sizes) // 2] / 1e3, 1),
        "paper_page_kb_max": round(paper_sizes[-1] / 1e3, 1),
        "home_page_kb": round((site / "index.html").stat().st_size / 1e3, 1),
        "all_papers_page_kb": round((site / "papers" / "index.html").stat().st_size / 1e3, 1),
        "search_index_kb": round(len(index) / 1e3, 1),
        "search_index_gzip_kb": round(gz(index) / 1e3, 1),
        "search_worker_gzip_kb": round(gz(worker.read_bytes()) / 1e3, 1),
        "pagefind_mb": round(tree_size(site / "pagefind") / 1e6, 1)
        if (site / "pagefind").is_dir() else 0,
        "pagefind_files": sum(1 for p in (site / "pagefind").rglob("*") if p.is_file())
        if (site / "pagefind").is_dir() else 0,
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


_ANSWERED = """words => [...document.querySelectorAll("a.md-search-result__link")].some(a => {
  const shown = (new URL(a.href).searchParams.get("h") || "").toLowerCase().split(" ");
  return words.every(word => shown.some(term => term.startsWith(word)));
})"""


def browser_search(site: Path, query: str = "humanoid skill") -> dict[str, Any]:
    """Headless Chromium: type a query on the home page; time to the first result
    and the gzip bytes of everything fetched from page load to that result."""
    sys.path.insert(0, str(REPO))
    from playwright.sync_api import sync_playwright

    from tests.tools.browser import CHROMIUM_ARGS, chromium_path, serve

    executable = chromium_path()
    if executable is None:
        return {"skipped": "no chromium"}
    fetched: list[str] = []
    with serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.on("request", lambda request: fetched.append(request.url))
        page.goto(base, wait_until="load")
        page.keyboard.press("/")
        start = time.perf_counter()
        page.keyboard.type(query)
        # the first result for the whole query (a result's link carries the query's
        # words in `?h=`), not one for a prefix typed on the way
        page.wait_for_function(_ANSWERED, arg=query.lower().split(), timeout=120_000)
        took = time.perf_counter() - start
        browser.close()
    total = 0
    for url in dict.fromkeys(fetched):
        if url.startswith(base):
            rel = url[len(base):].split("?")[0].split("#")[0]
            path = site / (rel or "index.html")
            if path.is_dir():
                path = path / "index.html"
            if path.is_file():
                total += gz(path.read_bytes())
    return {"query": query, "first_result_s": round(took, 2),
            "fetched_gzip_kb": round(total / 1e3, 1), "requests": len(fetched)}


def serve_reload(project: Path, timeout: float, edits: int = 3) -> dict[str, Any]:
    """Start ``mkdocs serve --dirty`` (as ``make serve`` does, after ``generator build``)
    and save an edited title ``edits`` times; for each save:

    - ``edit_<i>_to_page_s``: until the paper's page, fetched over HTTP, shows the edit;
    - ``edit_<i>_cpu_s``: the server's CPU time (all threads) in that interval;
    - ``edit_<i>_listings``: whether its topic page and the all-papers page show it too;
    - ``edit_<i>_settled_s``: until the server is idle again (the background work:
      exact related papers, downloads, the rebuild that follows). The next edit waits
      for it, so each edit is timed alone.
    """
    port = free_port()
    record = sorted((project / "content" / "papers").glob("*.yaml"))[7]
    site_url = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
    mount = urllib.parse.urlsplit(site_url).path.rstrip("/")  # serve mounts the site here
    base = f"http://127.0.0.1:{port}{mount}/"
    url = f"{base}papers/{record.stem}/"
    text = record.read_text(encoding="utf-8")
    topic = yaml.safe_load(text)["topics"][0]
    listings = [f"{base}papers/", f"{base}topics/{topic}/"]
    log = project / "serve.log"
    result: dict[str, Any] = {}
    with log.open("w") as out:
        server = subprocess.Popen([PY, "-m", "mkdocs", "serve", "--dirty", "-a",
                                   f"127.0.0.1:{port}"],
                                  cwd=project, env=ENV, stdout=out, stderr=subprocess.STDOUT)
    try:
        start = time.perf_counter()
        result["startup_s"] = _poll(url, None, start + timeout)
        result["startup_settled_s"] = _settle(server.pid, start + timeout, start)
        for i in range(1, edits + 1):
            marker = f"Edited {i}x"
            edited = re.sub(r"^title: ", f"title: {marker} ", text, count=1, flags=re.M)
            cpu = _cpu_s(server.pid)
            record.write_text(edited, encoding="utf-8")
            start = time.perf_counter()
            result[f"edit_{i}_to_page_s"] = _poll(url, marker, start + timeout)
            result[f"edit_{i}_cpu_s"] = round(_cpu_s(server.pid) - cpu, 2)
            result[f"edit_{i}_listings"] = all(_poll(u, marker, time.perf_counter() + 1)
                                               is not None for u in listings)
            result[f"edit_{i}_settled_s"] = _settle(server.pid, start + timeout, start)
    finally:
        record.write_text(text, encoding="utf-8")
        server.terminate()
        server.wait(30)
    lines = [ln for ln in log.read_text(errors="replace").splitlines()
             if "generator:" in ln or "Documentation built" in ln]
    result["log"] = lines[-4 * edits:]
    return result


def _poll(url: str, marker: str | None, deadline: float) -> float | None:
    start = time.perf_counter()
    while time.perf_counter() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                body = response.read().decode("utf-8", "replace")
            if marker is None or marker in body:
                return round(time.perf_counter() - start, 2)
        except OSError:
            pass
        time.sleep(0.2)
    return None


def _cpu_s(pid: int) -> float:
    """CPU seconds (user + system, all threads) of a running process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _settle(pid: int, deadline: float, since: float, quiet: float = 3.0) -> float | None:
    """Seconds from ``since`` until the process used under 5 % of a core for ``quiet``
    seconds (its background work is done), or None at the deadline."""
    last, cpu = time.perf_counter(), _cpu_s(pid)
    idle_since = last
    while time.perf_counter() < deadline:
        time.sleep(0.5)
        now, used = time.perf_counter(), _cpu_s(pid)
        if used - cpu > 0.05 * (now - last):
            idle_since = now
        elif now - idle_since >= quiet:
            return round(idle_since - since, 2)
        last, cpu = now, used
    return None


def machine() -> dict[str, Any]:
    def version(package: str) -> str:
        from importlib.metadata import version as v
        return v(package)

    free = subprocess.run(["free", "-g"], capture_output=True, text=True).stdout
    return {"date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "nproc": os.cpu_count(), "free_g": free.strip().splitlines(),
            "loadavg_at_start": os.getloadavg(), "python": platform.python_version(),
            "mkdocs": version("mkdocs"), "mkdocs-material": version("mkdocs-material"),
            "platform": platform.platform()}


def bench(n: int, work: Path, args: argparse.Namespace) -> dict[str, Any]:
    project = work / str(n)
    stamp = f"{n} {args.seed} {(HERE / 'synth.py').stat().st_mtime_ns}"
    if not (project / ".synth").exists() or (project / ".synth").read_text() != stamp:
        synth.write_project(n, project, args.seed)
        (project / ".synth").write_text(stamp)
    (project / "mkdocs-bare.yml").write_text(BARE)
    shutil.rmtree(project / "build", ignore_errors=True)
    result: dict[str, Any] = {"n": n}
    print(f"[{n}] generator", flush=True)
    result["generator"] = run([PY, "-m", "generator", "build"], project, project / "gen.log")
    if args.serve_only:
        print(f"[{n}] serve", flush=True)
        result["serve"] = serve_reload(project, args.serve_timeout, args.serve_edits)
        return result
    print(f"[{n}] mkdocs build", flush=True)
    result["mkdocs"] = run([PY, "-m", "mkdocs", "build", "--strict", "-q", "-d", "site"],
                           project, project / "mkdocs.log")
    if not args.no_baseline:
        print(f"[{n}] baseline", flush=True)
        result["baseline"] = run([PY, "-m", "mkdocs", "build", "-q", "-f", "mkdocs-bare.yml"],
                                 project, project / "bare.log")
        result["engine_ratio"] = round(result["mkdocs"]["cpu_s"]
                                       / max(result["baseline"]["cpu_s"], 0.01), 2)
    result["generator_share_of_engine"] = round(result["generator"]["cpu_s"]
                                                / max(result["mkdocs"]["cpu_s"], 0.01), 3)
    if result["mkdocs"]["ok"]:
        result["sizes"] = sizes(project / "site", n)
        if not args.no_browser:
            print(f"[{n}] browser", flush=True)
            try:
                result["browser"] = browser_search(project / "site")
            except Exception as exc:  # a benchmark reports, it does not stop
                result["browser"] = {"error": repr(exc)[:300]}
    result["phases"] = {}
    if not args.no_phases:
        print(f"[{n}] phases", flush=True)
        phases = subprocess.run([PY, str(HERE / "phases.py"), str(project)],
                                capture_output=True, text=True, env=ENV)
        result["phases"] = (json.loads(phases.stdout) if phases.returncode == 0
                            else {"error": phases.stderr[-2000:]})
    if not args.no_serve:
        print(f"[{n}] serve", flush=True)
        result["serve"] = serve_reload(project, args.serve_timeout, args.serve_edits)
    return result


def table(results: dict[str, Any]) -> str:
    rows = [("papers", lambda r: f"{r['n']:,}"),
            ("generator build, wall / CPU s", lambda r: f"{r['generator']['wall_s']} / "
                                                         f"{r['generator']['cpu_s']}"),
            ("generator peak MB", lambda r: r["generator"]["peak_rss_mb"]),
            ("load + validate CPU s", lambda r: r["phases"].get("load_validate_cpu_s")),
            ("near-duplicate titles CPU s", lambda r: r["phases"].get("near_duplicates_cpu_s")),
            ("related papers CPU s", lambda r: r["phases"].get("related_cpu_s")),
            ("related: process peak MB", lambda r: r["phases"].get("rss_after_related_mb")),
            ("mkdocs build, wall / CPU s", lambda r: f"{r['mkdocs']['wall_s']} / "
                                                      f"{r['mkdocs']['cpu_s']}"),
            ("mkdocs peak MB", lambda r: r["mkdocs"]["peak_rss_mb"]),
            ("bare Material build, wall / CPU s", lambda r: f"{r['baseline']['wall_s']} / "
                                                            f"{r['baseline']['cpu_s']}"
             if "baseline" in r else "-"),
            ("ours / bare (CPU)", lambda r: r.get("engine_ratio", "-")),
            ("generator / mkdocs (CPU)", lambda r: r["generator_share_of_engine"]),
            ("site MB", lambda r: r.get("sizes", {}).get("site_mb")),
            ("site KB per paper (target ≤ 10)", lambda r: r["sizes"]["kb_per_paper"]),
            ("largest page KB (target ≤ 500)", lambda r: "{} ({})".format(
                r["sizes"]["largest_page"]["kb"], r["sizes"]["largest_page"]["path"])),
            ("pages over 500 KB", lambda r: r["sizes"]["pages_over_500kb"]),
            ("largest file a page loads KB", lambda r: "{} ({})".format(
                r["sizes"]["largest_loaded_file"]["kb"],
                r["sizes"]["largest_loaded_file"]["path"])),
            ("bytes by folder MB (largest 5)", lambda r: ", ".join(
                f"{name} {mb}" for name, mb in list(r["sizes"]["by_folder_mb"].items())[:5])),
            ("paper page KB (max)", lambda r: r.get("sizes", {}).get("paper_page_kb_max")),
            ("home page KB", lambda r: r.get("sizes", {}).get("home_page_kb")),
            ("all-papers page KB", lambda r: r.get("sizes", {}).get("all_papers_page_kb")),
            ("Pagefind index MB (files)", lambda r: "{} ({:,})".format(
                r["sizes"]["pagefind_mb"], r["sizes"]["pagefind_files"])
             if r.get("sizes", {}).get("pagefind_mb") else "- (Material search)"),
            ("search index KB raw / gzip", lambda r: "{} / {}".format(
                r.get("sizes", {}).get("search_index_kb"),
                r.get("sizes", {}).get("search_index_gzip_kb"))),
            ("browser: first result s", lambda r: r.get("browser", {}).get("first_result_s")),
            ("browser: fetched KB gzip", lambda r: r.get("browser", {}).get("fetched_gzip_kb")),
            ("preview: generator after one edit s",
             lambda r: r["phases"].get("preview_after_edit_s")),
            ("serve --dirty: edit to page s", lambda r: r.get("serve", {}).get("edit_2_to_page_s")),
            ("serve: startup s", lambda r: r.get("serve", {}).get("startup_s"))]
    runs = results["runs"]
    # the per-paper column: at the largest size, what grows with the papers
    per_paper = {"generator build, wall / CPU s": ("ms", lambda r: r["generator"]["cpu_s"]),
                 "mkdocs build, wall / CPU s": ("ms", lambda r: r["mkdocs"]["cpu_s"]),
                 "generator peak MB": ("KB", lambda r: r["generator"]["peak_rss_mb"]),
                 "mkdocs peak MB": ("KB", lambda r: r["mkdocs"]["peak_rss_mb"]),
                 "site MB": ("KB", lambda r: r["sizes"]["site_mb"])}
    last = max(runs, key=lambda r: r["n"]) if runs else None
    lines = ["| measure | " + " | ".join(f"{r['n']:,}" for r in runs)
             + (f" | per paper at {last['n']:,} |" if last else " |"),
             "|---|" + "---|" * (len(runs) + 1)]
    for label, get in rows[1:]:
        cells = []
        for r in runs:
            try:
                value = get(r)
                cells.append(f"{value:.2f}" if isinstance(value, float) else str(value))
            except (KeyError, TypeError):
                cells.append("-")
        per = ""
        if last and label in per_paper:
            unit, value_of = per_paper[label]
            try:  # s -> ms and MB -> KB: a thousand times the value over the papers
                per = f"{value_of(last) * 1000 / last['n']:.2f} {unit}"
            except (KeyError, TypeError):
                per = "-"
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {per} |")
    m = results["machine"]
    head = (f"# Benchmark {m['date']}\n\nMachine: {m['nproc']} cores, "
            f"{m['free_g'][1].split()[1]} GB RAM, load average at start "
            f"{m['loadavg_at_start'][0]:.1f} (shared); Python {m['python']}, MkDocs "
            f"{m['mkdocs']}, Material {m['mkdocs-material']}.\n\n")
    return head + "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--max-n", type=int, default=0, help="skip sizes above this")
    parser.add_argument("--work", type=Path, default=Path("/tmp/skill-papers-bench"))
    parser.add_argument("--out", type=Path, default=HERE / "results")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--no-serve", action="store_true")
    parser.add_argument("--no-phases", action="store_true",
                        help="skip the phases run again one by one (long at 100,000)")
    parser.add_argument("--serve-timeout", type=float, default=1200)
    parser.add_argument("--serve-edits", type=int, default=3, help="edits timed in the preview")
    parser.add_argument("--serve-only", action="store_true",
                        help="only the preview: generator build, then mkdocs serve and edits")
    args = parser.parse_args(argv)
    sizes_wanted = [int(s) for s in args.sizes.split(",")]
    if args.max_n:
        sizes_wanted = [n for n in sizes_wanted if n <= args.max_n]
    results: dict[str, Any] = {"machine": machine(), "runs": []}
    args.out.mkdir(parents=True, exist_ok=True)
    name = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H%M")
    if args.serve_only:  # e.g. 2026-11-27T1600-serve10k
        name += "-serve" + "-".join(f"{n // 1000}k" if n % 1000 == 0 else str(n)
                                    for n in sizes_wanted)
    for n in sizes_wanted:
        results["runs"].append(bench(n, args.work, args))
        write_results(args.out / name, results, table(results))
    print((args.out / f"{name}.md").read_text())
    return 0


def write_results(stem: Path, results: dict[str, Any], markdown: str) -> None:
    """``stem``.json and ``stem``.md, written again after each collection, so that an
    interrupted run keeps what it measured."""
    stem.with_suffix(".json").write_text(json.dumps(results, indent=1) + "\n")
    stem.with_suffix(".md").write_text(markdown)


if __name__ == "__main__":
    sys.exit(main())
