"""Build real and synthetic collections unmodified and check that nothing is lost.

    python benchmarks/conformance.py                       # every corpus + synthetic
    python benchmarks/conformance.py --only ml4code        # one collection

Collections:

- every folder of ``../shared/corpora/`` holding ``papers/`` and ``topics.yaml``:
  records other people curated, converted to our format without editing;
- ``synthetic-hard``: ``benchmarks/synth.py`` records plus what real collections
  hold and ours does not (``hard_cases``): papers with 3,000 and 5,000 authors,
  distinct papers sharing one title, 90 topics of which many hold one paper, long
  titles and venues, TeX in abstracts, old years. Over 500 papers, so it builds
  in the large-collection (Pagefind) mode.

Each collection is copied into a scratch project the way ``make build`` builds it
(``python -m generator check``, ``python -m generator build``, ``mkdocs build
--strict``), each step timed. Then every record is looked for in the built site:
its page (with its title), each of its topic pages, the search index (Material's
``search_index.json`` or Pagefind's fragments), ``papers.bib`` (parsed with
bibtexparser), ``papers.json``, ``papers.csv``, its own ``.bib`` and each topic's
``.bib``; ``feed.xml`` must parse and list only records. Results go to
``benchmarks/results/conformance-<date>.{md,json}``; the exit status is 1 if any
collection has an error or loses a record.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import bibtexparser
import feedparser
import yaml
from bs4 import BeautifulSoup

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CORPORA = REPO.parent / "shared" / "corpora"
sys.path[:0] = [str(HERE), str(REPO)]  # run as a script, like benchmarks/run.py
import synth  # noqa: E402

from generator.records.collection import load_collection  # noqa: E402

PY = sys.executable
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def project_from(content: Path, dest: Path) -> Path:
    """A scratch project: the repository's configuration and theme, ``content`` as its
    records (``papers/`` and ``topics.yaml`` copied byte for byte)."""
    if dest.exists():
        shutil.rmtree(dest)
    (dest / "content").mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    (dest / "overrides").symlink_to(REPO / "overrides")
    shutil.copytree(content / "papers", dest / "content" / "papers")
    shutil.copy(content / "topics.yaml", dest / "content" / "topics.yaml")
    for extra in ("collection.yaml", "pages"):
        source = content / extra
        if source.is_dir():
            shutil.copytree(source, dest / "content" / extra)
        elif source.is_file():
            shutil.copy(source, dest / "content" / extra)
    if not (dest / "content" / "pages").exists():
        shutil.copytree(REPO / "content" / "pages", dest / "content" / "pages")
    return dest


def hard_cases(dest: Path, n: int = 600, seed: int = 11) -> Path:
    """A synthetic project with the shapes real collections show (module docstring)."""
    synth.write_project(n, dest, seed)
    rng = random.Random(seed)
    content = dest / "content"
    topics = yaml.safe_load((content / "topics.yaml").read_text(encoding="utf-8"))
    for i in range(75):  # 90 topics in all; the new ones each hold a paper or two
        topics.append({"key": f"tag-{i:02d}", "title": f"Tag number {i} of the source site",
                       "description": f"Papers tagged {i} in the source collection."})
    (content / "topics.yaml").write_text(yaml.safe_dump(topics, sort_keys=False, width=88),
                                         encoding="utf-8")
    papers = sorted((content / "papers").glob("*.yaml"))
    for i, path in enumerate(papers[:150]):
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        record["topics"] = [*record["topics"], f"tag-{i % 75:02d}"]
        path.write_text(yaml.safe_dump(record, sort_keys=False, allow_unicode=True, width=88),
                        encoding="utf-8")

    def write(paper_id: str, record: dict[str, Any]) -> None:
        text = yaml.safe_dump(record, sort_keys=False, allow_unicode=True, width=88)
        (content / "papers" / f"{paper_id}.yaml").write_text(text, encoding="utf-8")

    base = {"topics": ["benchmarks"], "added": "2026-10-01"}
    for count in (3000, 5000):
        write(f"collaboration-{count}", {
            **base, "title": f"Observation of a skill in {count:,}-author collaboration data",
            "authors": [f"{rng.choice(synth.FIRST)} {rng.choice(synth.LAST)}-{j}"
                        for j in range(count)],
            "year": 2015, "venue": "Physical Review Letters",
            "abstract": "A large collaboration reports a measurement; every author is listed."})
    same = "Neural Machine Translation for Low-Resource Languages"
    write("nmt-low-resource-2019", {**base, "title": same, "authors": ["Ana Silva"],
                                    "arxiv": "1905.00001", "abstract": "A first paper."})
    write("nmt-low-resource-2023", {**base, "title": same, "authors": ["Wei Zhang", "Li Na"],
                                    "arxiv": "2303.00002", "abstract": "A second paper."})
    write("nmt-low-resource-survey", {**base, "title": same, "year": 2021,
                                      "abstract": "A third, told apart by its year."})
    write("long-title-and-venue", {
        **base, "title": " ".join(["Very"] * 60 + ["Long", "Title"]),
        "venue": "Proceedings of the 2023 Conference on Empirical Methods in Natural "
                 "Language Processing: System Demonstrations, Singapore, December 2023",
        "year": 1950, "abstract": "Old, with TeX: $\\alpha_{t} < \\beta$ and $x^2$."})
    return dest


def run(cmd: list[str], cwd: Path) -> tuple[int, float, str]:
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=ENV, capture_output=True, text=True)
    return done.returncode, time.perf_counter() - start, done.stdout + done.stderr


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def pagefind_urls(site: Path) -> set[str]:
    """Page urls in Pagefind's fragments (gzip; Pagefind 1.x prefixes the JSON)."""
    urls = set()
    for fragment in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        data = data.removeprefix(b"pagefind_dcd")
        urls.add(json.loads(data)["url"])
    return urls


def search_urls(site: Path) -> set[str]:
    index = site / "search" / "search_index.json"
    docs = json.loads(index.read_text(encoding="utf-8"))["docs"] if index.exists() else []
    return {d["location"].split("#")[0] for d in docs} | pagefind_urls(site)


def completeness(project: Path) -> dict[str, Any]:
    """For each place a record must appear, the ids of the records missing there."""
    collection, _ = load_collection(project)
    site = project / "site"
    ids = set(collection.papers)
    missing: dict[str, list[str]] = {}

    def lost(place: str, found: set[str]) -> None:
        missing[place] = sorted(ids - found)

    pages = set()
    for paper in collection.papers.values():
        page = site / "papers" / paper.id / "index.html"
        if page.exists():
            h1 = _soup(page).find("h1")
            if h1 is not None:
                for link in h1.select("a.headerlink"):
                    link.extract()
                if h1.get_text(" ", strip=True) == " ".join(paper.title.split()):
                    pages.add(paper.id)
    lost("page", pages)
    by_topic_page: dict[str, set[str]] = {}
    for key in collection.topics:
        page = site / "topics" / key / "index.html"
        by_topic_page[key] = {a["href"].rstrip("/").split("/")[-1]
                              for a in _soup(page).select("ul.paper-list a.paper-title")} \
            if page.exists() else set()
    lost("topic pages", {p.id for p in collection.papers.values()
                         if all(p.id in by_topic_page.get(k, set()) for k in p.topics)})
    urls = {u.strip("/") for u in search_urls(site)}
    lost("search", {pid for pid in ids if f"papers/{pid}" in urls})
    data = json.loads((site / "papers.json").read_text(encoding="utf-8"))
    lost("papers.json", {p["id"] for p in data["papers"] if p["id"] in ids
                         and p["title"] == collection.papers[p["id"]].title
                         and p["authors"] == list(collection.papers[p["id"]].authors)})
    rows = csv.DictReader(io.StringIO((site / "papers.csv").read_text(encoding="utf-8")))
    lost("papers.csv", {row["id"] for row in rows if row["id"] in ids})
    keys = {p["citation_key"]: p["id"] for p in data["papers"]}
    library = bibtexparser.parse_string((site / "papers.bib").read_text(encoding="utf-8"))
    lost("papers.bib", {keys[e.key] for e in library.entries if e.key in keys})
    own = {pid for pid in ids if (site / "papers" / f"{pid}.bib").exists()
           and len(bibtexparser.parse_string((site / "papers" / f"{pid}.bib").read_text(
               encoding="utf-8")).entries) == 1}
    lost("paper .bib", own)
    in_topic_bib = set()
    for key in collection.topics:
        path = site / "topics" / f"{key}.bib"
        if path.exists():
            entries = bibtexparser.parse_string(path.read_text(encoding="utf-8")).entries
            in_topic_bib |= {(keys.get(e.key), key) for e in entries}
    lost("topic .bib", {pid for pid in ids
                        if all((pid, k) in in_topic_bib for k in collection.papers[pid].topics)})
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    feed_ids = {entry.link.rstrip("/").split("/")[-1] for entry in feed.entries}
    result: dict[str, Any] = {"missing": {k: v for k, v in missing.items() if v},
                              "feed_ok": not feed.bozo and bool(feed.entries)
                              and feed_ids <= ids}
    return result


def conform(name: str, make: Any, work: Path) -> dict[str, Any]:
    project = make(work / name)
    papers = len(list((project / "content" / "papers").glob("*.yaml")))
    topics = len(yaml.safe_load((project / "content" / "topics.yaml").read_text("utf-8")))
    result: dict[str, Any] = {"collection": name, "records": papers, "topics": topics}
    status, took, out = run([PY, "-m", "generator", "--root", str(project), "check"], REPO)
    problems = [line for line in out.splitlines() if re.match(r"\S+:\d+: ", line)]
    result.update(check_s=round(took, 1), check_ok=status == 0,
                  errors=sum(1 for p in problems if ": warning: " not in p),
                  warnings=sum(1 for p in problems if ": warning: " in p),
                  problems=problems[:20])
    status, took, out = run([PY, "-m", "generator", "--root", str(project), "build"], REPO)
    result.update(generate_s=round(took, 1), generate_ok=status == 0)
    if status:
        result["failure"] = out[-2000:]
        return result
    status, took, out = run([PY, "-m", "mkdocs", "build", "--strict", "-q",
                             "-f", str(project / "mkdocs.yml")], project)
    result.update(mkdocs_s=round(took, 1), mkdocs_ok=status == 0)
    if status:
        result["failure"] = out[-2000:]
        return result
    site = project / "site"
    result["pages"] = sum(1 for _ in site.rglob("*.html"))
    result["site_mb"] = round(sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
                              / 1e6, 1)
    result["largest_page_kb"] = round(max(f.stat().st_size for f in site.rglob("*.html"))
                                      / 1e3, 1)
    result.update(completeness(project))
    return result


def collections(only: str | None) -> Iterator[tuple[str, Any]]:
    for folder in sorted(CORPORA.glob("*")) if CORPORA.is_dir() else []:
        if (folder / "papers").is_dir() and (folder / "topics.yaml").is_file():
            yield folder.name, lambda dest, f=folder: project_from(f, dest)
    yield "synthetic-hard", hard_cases


def ok(result: dict[str, Any]) -> bool:
    return bool(result.get("mkdocs_ok") and result.get("check_ok") and not result.get("missing")
                and result.get("feed_ok"))


def table(results: list[dict[str, Any]]) -> str:
    head = ("| collection | records | topics | errors | warnings | pages | check s | "
            "generate s | mkdocs s | site MB | largest page KB | lost records | feed |\n"
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n")
    rows = []
    for r in results:
        lost = ", ".join(f"{place}: {len(ids)}" for place, ids in r.get("missing", {}).items())
        rows.append(f"| {r['collection']} | {r['records']:,} | {r['topics']} | {r['errors']} | "
                    f"{r['warnings']} | {r.get('pages', '-')} | {r['check_s']} | "
                    f"{r.get('generate_s', '-')} | {r.get('mkdocs_s', '-')} | "
                    f"{r.get('site_mb', '-')} | {r.get('largest_page_kb', '-')} | "
                    f"{lost or 'none'} | {'ok' if r.get('feed_ok') else 'FAILED'} |")
    return head + "\n".join(rows) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", help="one collection by name")
    parser.add_argument("--work", type=Path, default=REPO / "benchmarks" / "work" / "conform")
    parser.add_argument("--out", type=Path, default=HERE / "results")
    args = parser.parse_args(argv)
    results = []
    for name, make in collections(args.only):
        if args.only and name != args.only:
            continue
        print(f"{name}: building", flush=True)
        result = conform(name, make, args.work)
        print(f"{name}: {'ok' if ok(result) else 'FAILED'} {json.dumps(result)[:600]}",
              flush=True)
        results.append(result)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H%M")
    args.out.mkdir(parents=True, exist_ok=True)
    report = (f"# Conformance run {stamp}\n\n"
              "Each collection built unmodified with `make build`'s steps; 'lost records' "
              "counts records missing from a place they belong (page, topic pages, search, "
              "papers.json/.csv/.bib, their own and their topics' .bib).\n\n"
              + table(results))
    if not args.only:
        (args.out / f"conformance-{stamp}.md").write_text(report, encoding="utf-8")
        (args.out / f"conformance-{stamp}.json").write_text(
            json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(report)
    return 0 if all(ok(r) for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
