"""Venue pages: each venue's papers by year, and the list of venues.

    venues/index.md          every venue with its number of papers and years
    venues/<key>.md          one venue's papers, newest year first
    venues/<key>/<year>.md   a year of a venue, where the venue has more than
                             ``pages.PAPERS_A_PAGE`` papers (its page then lists the years),
                             ``ctx.papers_a_page`` a page (then venues/<key>/<year>/<n>.md)

Venues are ``Collection.venue_of``: curated names (content/venues.yaml), else the
record's spelling without a trailing year; papers without a venue that have an
arXiv id are the preprints.
"""

from __future__ import annotations

from collections import defaultdict

from generator.model.papers import Paper
from generator.model.venues import Venue
from generator.site import paging
from generator.site.context import Context, Output
from generator.site.pages import VENUES_DIR, author_links, venue_split

VENUES_INDEX = f"{VENUES_DIR}/index.md"


def venue_papers(ctx: Context) -> dict[str, tuple[Venue, list[Paper]]]:
    """Venue key -> (venue, its papers newest first), venues by most papers."""
    found: dict[str, tuple[Venue, list[Paper]]] = {}
    for paper in ctx.newest_first:
        venue = ctx.collection.venue_of.get(paper.id)
        if venue is not None:
            found.setdefault(venue.key, (venue, []))[1].append(paper)
    return dict(sorted(found.items(), key=lambda kv: (-len(kv[1][1]), kv[1][0].name.casefold())))


def by_year(papers: list[Paper]) -> list[tuple[int | None, list[Paper]]]:
    years: dict[int | None, list[Paper]] = defaultdict(list)
    for paper in papers:
        years[paper.year].append(paper)
    return sorted(years.items(), key=lambda kv: -(kv[0] or 0))


def venue_pages(ctx: Context) -> Output:
    venues = venue_papers(ctx)
    for key, (venue, papers) in venues.items():
        years = by_year(papers)
        split = venue_split(ctx, key)
        # found by its name in both modes: its lists are data-search-exclude, so
        # Material's index gets the title and the count, not every paper again
        meta = {"title": venue.name, "description": f"{len(papers):,} papers of {venue.name}"}
        yield f"{VENUES_DIR}/{key}.md", ctx.renderer.render(
            "venue.md.j2", venue=venue, total=len(papers), years=years, split=split, up="../../",
            page=None,
            year=None,
            bylines={} if split else {p.id: author_links(ctx, p) for p in papers}, meta=meta)
        if split:
            for year, members in years:
                folder = f"{VENUES_DIR}/{key}/{year or 'undated'}/"
                for page in paging.paginate(members, ctx.papers_a_page, folder, folder):
                    title = f"{venue.name}, {year or 'undated'}"
                    yield page.path, ctx.renderer.render(
                        "venue.md.j2", venue=venue, total=len(members),
                        years=[(year, page.items)], split=False, up=page.up,
                        year=year or "undated", page=page,
                        bylines={p.id: author_links(ctx, p, page.up) for p in page.items},
                        meta={**meta, "title": title} if page.number == 1 else
                        {"title": f"{title}, page {page.number}", "search": {"exclude": True}})
    yield VENUES_INDEX, ctx.renderer.render(
        "venues.md.j2", venues=[(v, papers) for v, papers in venues.values()],
        meta={"description": "Where the papers of the collection appeared"})
