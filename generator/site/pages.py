"""Page producers: each yields ``(path inside the docs folder, content)``.

``build.PRODUCERS`` lists them; a new kind of page or export is one more
producer there, and its template one more file in ``templates/``.
"""

from __future__ import annotations

from typing import NamedTuple

from markupsafe import Markup

from generator.model import sitepaths
from generator.model.identifiers import LINK_KINDS
from generator.model.papers import Paper
from generator.site import citation_meta, feeds, paging
from generator.site.context import Context, Output
from generator.site.render import gist

RECENT = 10
# Past this many topics (real tag sets run to dozens), the topics index is a sortable
# table and the home page shows the largest topics as cards, then every topic as a chip.
MANY_TOPICS = 16
HOME_CARDS = 12
_LINK_LABELS = {"paper": "Paper", "code": "Code", "project": "Project page", "data": "Data",
                "video": "Video"}


def paper_links(paper: Paper) -> list[tuple[str, str]]:
    links: list[tuple[str, str]] = []
    if paper.arxiv_abs and paper.arxiv_pdf:
        links += [("arXiv", paper.arxiv_abs), ("PDF", paper.arxiv_pdf)]
    if paper.doi_url:
        links.append(("DOI", paper.doi_url))
    links += [(_LINK_LABELS[kind], paper.links[kind]) for kind in LINK_KINDS
              if kind in paper.links]
    return links


def author_links(ctx: Context, paper: Paper, up: str = "../../") -> list[tuple[str, str]]:
    """(name as the paper writes it, its person's section on the authors pages)."""
    people = ctx.collection.authors.get(paper.id, ())
    return [(written, ctx.authors.url(person.key, up))
            for written, person in zip(paper.authors, people, strict=True)]


VENUES_DIR = "venues"
PAPERS_A_PAGE = 800  # a venue's page, ~300 bytes a paper: past it, a page a year


def venue_split(ctx: Context, key: str) -> bool:
    """Is the venue listed a page a year (more than ``PAPERS_A_PAGE`` papers)?"""
    return ctx.venue_sizes.get(key, 0) > PAPERS_A_PAGE


def venue_url(ctx: Context, paper: Paper, up: str = "../../") -> str | None:
    """The page that lists the paper under its venue (the venue's, or its year's)."""
    venue = ctx.collection.venue_of.get(paper.id)
    if venue is None:
        return None
    if venue_split(ctx, venue.key):
        return f"{up}{VENUES_DIR}/{venue.key}/{paper.year or 'undated'}/"
    return f"{up}{VENUES_DIR}/{venue.key}/"



class RelatedView(NamedTuple):
    """A related paper as its page lists it (attributes: Jinja reads a dict's keys only
    after failing to find an attribute, ~200,000 times at 10,000 papers)."""

    paper: Paper
    shared_topics: tuple[str, ...]
    shared_topic_titles: list[str]
    paper_terms: tuple[str, ...]


def _related_view(ctx: Context, paper: Paper) -> list[RelatedView]:
    topics = ctx.collection.topics
    return [RelatedView(r.paper, r.shared_topics,
                        [topics[t].title for t in r.shared_topics if t in topics],
                        r.shared_terms) for r in ctx.related.get(paper.id, [])]


def paper_pages(ctx: Context) -> Output:
    for paper in ctx.collection.papers.values():
        yield paper_page(ctx, paper)


# In a large collection papers are searched with Pagefind (search_index.py) and
# listed in sitemap-papers.xml (sitemaps.py), not in sitemap.xml.
_LARGE_LISTING = {"search": {"exclude": True}, "sitemap": {"exclude": True}}
_LISTING = {"search": {"boost": 2}}


def paper_page(ctx: Context, paper: Paper) -> tuple[str, str]:
    """One paper's page: (path inside the docs folder, Markdown)."""
    meta = {"title": paper.title, "description": f"{paper.title}. {gist(paper.abstract)}",
            **(_LARGE_LISTING if ctx.large else _LISTING),
            **citation_meta.paper_meta(ctx, paper)}
    return sitepaths.paper_page(paper.id), ctx.renderer.render(
        "paper.md.j2", paper=paper, meta=meta, source_rel=ctx.source_rel(paper),
        links=paper_links(paper), topics=ctx.collection.topics_of(paper),
        authors=author_links(ctx, paper), venue_url=venue_url(ctx, paper),
        has_math="$" in paper.abstract,
        bibtex=ctx.bibtex_entry(paper),
        related=_related_view(ctx, paper), mentions=ctx.mentions.get(paper.id, []),
        mentioned_by=ctx.mentioned_by.get(paper.id, []))


def topic_pages(ctx: Context) -> Output:
    """Each topic's page, its papers newest first, ``ctx.papers_a_page`` a page: page 1
    is ``topics/<key>/`` (with the description, feeds and related topics), page n
    ``topics/<key>/<n>/``."""
    topics = ctx.collection.topics
    for topic in topics.values():
        members = [p for p in ctx.newest_first if topic.key in p.topics]
        folder = f"topics/{topic.key}/"
        for page in paging.paper_pages_of(members, ctx.papers_a_page, folder, folder,
                                          sitepaths.topic_page(topic.key)):
            meta = {"title": topic.title, "description": topic.description,
                    **feeds.topic_feed_meta(ctx, topic)}
            if page.number > 1:  # the list again: page 1 is the topic's search result
                meta = {"title": f"{topic.title}, page {page.number}",
                        "description": topic.description, "search": {"exclude": True}}
            yield page.path, ctx.renderer.render(
                "topic.md.j2", topic=topic, papers=page.items, page=page,
                bylines={p.id: author_links(ctx, p, page.up) for p in page.items},
                related_topics=[topics[k] for k in topic.related if k in topics],
                meta=meta)


def all_papers_pages(ctx: Context) -> Output:
    """The all-papers list, ``ctx.papers_a_page`` a page: page 1 is ``papers/``, page n
    ``all-papers/<n>/`` (``papers/`` holds the paper pages, whose ids are free)."""
    later = f"{sitepaths.ALL_PAPERS_DIR}/"
    for page in paging.paper_pages_of(ctx.newest_first, ctx.papers_a_page, "papers/", later,
                                      sitepaths.PAPERS_INDEX):
        meta: dict[str, object] = {"description": "Every paper of the collection"}
        if page.number > 1:
            meta = {"title": f"All papers, page {page.number}", **meta,
                    "search": {"exclude": True}}
        yield page.path, ctx.renderer.render(
            "papers.md.j2", meta=meta, page=page,
            papers=[(p, ctx.collection.topics_of(p)) for p in page.items],
            bylines={p.id: author_links(ctx, p, page.up) for p in page.items})


def index_pages(ctx: Context) -> Output:
    """Topics index, all papers, home."""
    topics = ctx.collection.topics
    papers = list(ctx.collection.papers.values())
    by_topic = ctx.collection.papers_by_topic()
    counted = [(topic, len(by_topic.get(topic.key, []))) for topic in topics.values()]
    many = len(counted) > MANY_TOPICS
    yield sitepaths.TOPICS_INDEX, ctx.renderer.render(
        "topics.md.j2", topics=counted, many=many,
        meta={"description": "Topics of the collection"})
    yield from all_papers_pages(ctx)
    recent = feeds.recently_added(papers)[:RECENT]
    intro_path = ctx.root / "content" / "pages" / "home.md"
    intro = intro_path.read_text(encoding="utf-8") if intro_path.exists() else ""
    counts = {"papers": len(papers), "topics": len(topics),
              "with_code": sum(p.has_code for p in papers),
              "years": len({p.year for p in papers if p.year})}
    # The home text is the maintainers' own Markdown (content/pages), not a record.
    yield "index.md", ctx.renderer.render(
        "home.md.j2", intro=Markup(intro), counts=counts, topics=counted, papers=recent,
        bylines={p.id: author_links(ctx, p, "") for p in recent},
        cards=sorted(counted, key=lambda tc: (-tc[1], tc[0].title.casefold()))[:HOME_CARDS]
        if many else counted,
        chips=sorted(counted, key=lambda tc: tc[0].title.casefold()) if many else [],
        meta={"description": ctx.site["description"] or ctx.site["name"]})


def hand_written_pages(ctx: Context) -> Output:
    for src in sorted((ctx.root / "content" / "pages").glob("*.md")):
        if src.name != "home.md":
            yield src.name, src.read_text(encoding="utf-8")
