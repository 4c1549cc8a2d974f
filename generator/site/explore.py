"""The Explore page: every paper, filtered in the browser; and its data file.

``explore_pages`` writes two files into the docs folder::

    build/docs/explore/index.md      the page: filter form, charts, empty result list
    build/docs/explore/papers.json   what the page's script filters, compact:

    {"topics": {"humanoid-skills": "Humanoid and character skills", ...},
     "venues": {"arxiv-preprints": "arXiv preprints", ...},
     "papers": [{"id": "skillmimic", "title": "SkillMimic: ...",
                 "authors": ["Yinhuai Wang", ...],
                 "people": ["w/yinhuai-wang", ...],  # authors page / person key
                 "venue": "arxiv-preprints", "year": 2024, "added": "2026-11-27",
                 "topics": ["humanoid-skills"], "code": true,
                 "gist": "Mastering basketball skills ..."}, ...]}

Papers are listed newest first, as on the other pages. Past ``ctx.papers_a_page``
papers, ``papers.json`` holds the first of them and
names the files with the rest, in order (``"parts": ["papers-2.json", ...]``, each
``{"papers": [...]}``): no file is over ~500 KB at any size, and the page shows the
newest papers while it loads the others. The script
(``overrides/assets/javascripts/explore.js``) inserts record text with
``textContent`` only, so nothing in a record becomes markup.
"""

from __future__ import annotations

import json
from typing import Any

from generator.model.papers import Paper
from generator.site import charts
from generator.site.context import Context, Output
from generator.site.render import gist


def paper_entry(ctx: Context, paper: Paper) -> dict[str, Any]:
    people = ctx.collection.authors.get(paper.id, ())
    venue = ctx.collection.venue_of.get(paper.id)
    return {"id": paper.id, "title": paper.title, "authors": list(paper.authors),
            "people": [f"{ctx.authors.page_of[p.key]}/{p.key}" for p in people],
            "venue": venue.key if venue else None,
            "year": paper.year, "added": paper.added, "topics": list(paper.topics),
            "code": paper.has_code, "gist": gist(paper.abstract)}


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


def explore_data(ctx: Context) -> Output:
    """``explore/papers.json`` (topics, venues, the first papers and the other parts'
    names) and ``explore/papers-<n>.json``."""
    venues = {v.key: v.name for v in ctx.collection.venue_of.values()}
    entries = [paper_entry(ctx, p) for p in ctx.newest_first]
    size = ctx.papers_a_page  # ~0.6 KB a paper: ~300 KB a file by default
    parts = [entries[i:i + size] for i in range(0, len(entries), size)] or [[]]
    names = [f"papers-{n}.json" for n in range(2, len(parts) + 1)]
    yield "explore/papers.json", _json({
        "topics": {key: topic.title for key, topic in ctx.collection.topics.items()},
        "venues": dict(sorted(venues.items())), "total": len(entries),
        "papers": parts[0], "parts": names})
    for name, part in zip(names, parts[1:], strict=True):
        yield f"explore/{name}", _json({"papers": part})


def explore_pages(ctx: Context) -> Output:
    papers = list(ctx.newest_first)
    topics = ctx.collection.topics
    counts = ctx.collection.papers_by_topic()
    years = [p.year for p in papers if p.year]
    renderer = ctx.renderer
    charted = charts.charted_topics(papers, topics)
    yield from explore_data(ctx)
    yield "explore/index.md", renderer.render(
        "explore.md.j2", meta={"description": "Filter the papers by topic, year and code"},
        topics=[(topic, len(counts.get(topic.key, [])))
                for topic in sorted(topics.values(), key=lambda t: t.title.casefold())],
        total=len(papers), first_year=min(years, default=""), last_year=max(years, default=""),
        year_chart=charts.papers_per_year(renderer, papers),
        charted=len(charted), many_topics=len(topics) > len(charted),
        topic_chart=charts.papers_per_topic(renderer, papers, charted),
        topic_map=charts.topic_map(renderer, papers, charted))
