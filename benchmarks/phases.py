"""Time the generator's phases on one project; print JSON (run by benchmarks/run.py).

    python benchmarks/phases.py /tmp/skill-papers-bench/10000

Phases: load + validate (YAML, schema, cross-record rules), of which near-duplicate
titles alone; related papers (with the process's peak memory before and after);
mentions; rendering every page; and a preview rerun after editing one record
(the session ``mkdocs serve`` uses, see generator/preview/plugin.py).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path
from typing import Any


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(fn: Any, *args: Any) -> tuple[Any, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    value = fn(*args)
    return value, time.perf_counter() - wall, time.process_time() - cpu


def main(root: Path) -> dict[str, Any]:
    # imported up front, so the related-papers time is the computation alone
    import sklearn.feature_extraction.text  # noqa: F401

    from generator.links import related
    from generator.preview.plugin import preview_session
    from generator.records import validate
    from generator.records.collection import load_collection
    from generator.site import pages
    from generator.site.memo import PaperPages
    from generator.write.build import generate

    out: dict[str, Any] = {}
    (collection, problems), out["load_validate_s"], out["load_validate_cpu_s"] = timed(
        load_collection, root)
    out["problems"] = len(problems.items)
    titles = {p.id: p.title for p in collection.papers.values()}
    _, out["near_duplicates_s"], out["near_duplicates_cpu_s"] = timed(
        validate.near_duplicate_titles, titles)
    out["rss_before_related_mb"] = _rss_mb()
    _, out["related_s"], out["related_cpu_s"] = timed(related.related_papers, collection)
    out["rss_after_related_mb"] = _rss_mb()
    _, out["mentions_s"], out["mentions_cpu_s"] = timed(related.mentions, collection)

    # The preview's session: one full run, then one edited record (the pages it shows
    # at once; the files of build.LATER follow in the background under mkdocs serve).
    ready: list[float] = []
    background = related.Background(lambda: ready.append(time.perf_counter()))
    session = preview_session(background)
    paper_pages = session.instead[pages.paper_pages]
    assert isinstance(paper_pages, PaperPages)

    def preview_run(root: Path) -> Any:
        return generate(root, session=session)

    _, out["preview_first_run_s"], _ = timed(preview_run, root)
    record = sorted((root / "content" / "papers").glob("*.yaml"))[len(titles) // 2]
    text = record.read_text(encoding="utf-8")
    try:
        record.write_text(text.replace("title: ", "title: Edited ", 1), encoding="utf-8")
        start = time.perf_counter()
        output, out["preview_after_edit_s"], out["preview_after_edit_cpu_s"] = timed(
            preview_run, root)
        out["preview_after_edit_written"] = len(output.written)
        out["preview_pages_rendered"] = paper_pages.rendered
        background.wait()
        out["preview_related_exact_after_s"] = (ready[-1] - start) if ready else None
        output, out["preview_exact_rerun_s"], _ = timed(preview_run, root)
        out["preview_exact_rerun_written"] = len(output.written)
    finally:
        record.write_text(text, encoding="utf-8")
    out["peak_rss_mb"] = _rss_mb()
    return out


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]).resolve()), indent=1))
