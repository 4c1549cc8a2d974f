"""The *collection health* page: what maintainers could fix or fill in.

Nothing here is an error (``check`` reports those); these are gaps::

    papers without an arXiv id, without authors, without links (code, project,
    data...), without a year; near-identical titles; one title on records that tell
    themselves apart otherwise (two papers, or one paper twice?); topics with fewer
    papers than the collection asks for (``papers_per_topic`` in
    content/collection.yaml), or with a single paper when it asks nothing; author
    names that may be one person's (same surname, compatible given names, a
    co-author or topic in common), for curators to merge in content/authors.yaml.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from generator.model.papers import Collection, Paper, Topic
from generator.model.people import likely_variants
from generator.model.slug import slugify
from generator.site import paging
from generator.site.context import Context, Output

VARIANTS_SHOWN = 300  # likely name variants listed (the page stays small at any size)
PAIRS_SHOWN = 300  # near-identical titles and same-title pairs listed, likewise
# Papers listed under a gap: a fifth of a page (``ctx.papers_a_page``, 100 by default);
# past it, every one on the gap's own pages.
GAP_SHARE = 5
SMALL_TOPIC_BELOW = 2  # without a papers_per_topic rule: topics with a single paper
# What a record may lack, by the page's heading ("Without ..."); the pull-request
# review (review.py) warns about the same gaps in the records it changes.
GAPS: dict[str, Callable[[Paper], bool]] = {
    "an arXiv id": lambda p: not p.arxiv,
    "authors": lambda p: not p.authors,
    "links (code, project, data...)": lambda p: not p.links,
    "a year": lambda p: p.year is None,
}


def gaps(paper: Paper) -> list[str]:
    """What the paper lacks, in the order of ``GAPS``."""
    return [what for what, lacks in GAPS.items() if lacks(paper)]


@dataclass
class Health:
    missing: dict[str, list[Paper]] = field(default_factory=dict)
    near_duplicates: list[tuple[Paper, Paper, float]] = field(default_factory=list)
    same_titles: list[tuple[Paper, Paper]] = field(default_factory=list)
    small_topics: list[tuple[Topic, int]] = field(default_factory=list)
    min_topic_size: int = SMALL_TOPIC_BELOW

    @property
    def issues(self) -> int:
        return (sum(len(p) for p in self.missing.values()) + len(self.near_duplicates)
                + len(self.same_titles) + len(self.small_topics))


def collection_health(collection: Collection) -> Health:
    papers = list(collection.papers.values())  # sorted by id
    health = Health()
    health.missing = {what: [p for p in papers if lacks(p)] for what, lacks in GAPS.items()}
    health.near_duplicates = [(collection.papers[a], collection.papers[b], score)
                              for a, b, score in collection.near_duplicates]
    health.same_titles = [(collection.papers[a], collection.papers[b])
                          for a, b in collection.same_titles]
    wanted = collection.rules.get("papers_per_topic", {}).get("min")
    health.min_topic_size = wanted if isinstance(wanted, int) else SMALL_TOPIC_BELOW
    by_topic = collection.papers_by_topic()
    health.small_topics = [(topic, len(by_topic.get(key, [])))
                           for key, topic in collection.topics.items()
                           if len(by_topic.get(key, [])) < health.min_topic_size]
    return health


def name_variants(ctx: Context) -> list[tuple[str, str, str, str, str]]:
    """Names that may be one person (``people.likely_variants``), with their sections
    on the authors pages: (name, url, name, url, why)."""
    people = ctx.collection.authors
    keys = {person.name: person.key for persons in people.values() for person in persons}
    return [(a, ctx.authors.url(keys[a], "../"), b, ctx.authors.url(keys[b], "../"), why)
            for a, b, why in likely_variants(ctx.collection.papers.values(), people)]


def gap_folder(what: str) -> str:
    """``health/without-an-arxiv-id/``: the pages that list every paper with a gap."""
    return f"health/{slugify('without ' + what)}/"


def health_page(ctx: Context) -> Output:
    """The health page: each gap's first papers (every one on the gap's pages,
    ``ctx.papers_a_page`` a page), at most ``PAIRS_SHOWN`` pairs of titles and
    ``VARIANTS_SHOWN`` of names, with their counts."""
    health = collection_health(ctx.collection)
    variants = name_variants(ctx)
    shown = max(1, ctx.papers_a_page // GAP_SHARE)
    folders = {}
    for what, papers in health.missing.items():
        if len(papers) <= shown:
            continue
        folders[what] = folder = gap_folder(what)
        for page in paging.paginate(papers, ctx.papers_a_page, folder, folder):
            yield page.path, ctx.renderer.render(
                "health-gap.md.j2", what=what, page=page, total=len(ctx.collection.papers),
                meta={"title": f"Without {what}", "search": {"exclude": True},
                      "description": f"Papers of the collection without {what}"})
    yield "health.md", ctx.renderer.render(
        "health.md.j2", health=health, total=len(ctx.collection.papers), shown=shown,
        folders=folders, pairs_shown=PAIRS_SHOWN,
        variants=variants[:VARIANTS_SHOWN], variants_total=len(variants),
        meta={"title": "Collection health",
              "description": "Gaps in the collection that maintainers and contributors "
                             "can fill", "search": {"exclude": True}})
