"""The authors pages: every person of the collection, their papers, co-authors and
topics, on pages grouped by surname.

A page a person would be the most direct design, and at 10,000 papers the most
costly: about 35,000 people, and every Material page carries some 20 KB of theme
and navigation, so 700 MB and as many pages for MkDocs to render (the site is
about 370 MB). Instead, people are sections (``#<key>``) of pages grouped by
the first letters of the surname (``authors/b/``, or ``authors/be/``...
where a letter's page would pass ``PAGE_BYTES``), so the cost follows the
authorships, not the people, and no page passes 500 KB. Every author name of
a paper page links to the person's section. ``authors/`` (in the navigation)
lists the pages with their ranges and counts, and the people with most papers.

A section is HTML written here (escaped), not Markdown: Python-Markdown passes
a raw HTML block through without parsing it, and its headings stay out of the
page's table of contents (thousands of names). It is written lean (classes on
the list, not on each link; links within a page as ``#key``; a paper's topics
as text, the person's topics as links): at 10,000 papers the sections are most
of these pages' bytes, and Python-Markdown's time goes by their tags. The pages
are left out of Material's search index, which would take them whole; search
finds people in the names index (search_names.py) instead.
"""

from __future__ import annotations

import functools

from generator.site import bibtex, feeds
from generator.site.context import Context, Output
from generator.site.people import AUTHORS_DIR, Author

AUTHORS_INDEX = f"{AUTHORS_DIR}/index.md"
MOST_PAPERS = 30       # people on the index, by number of papers
FILES_MIN_PAPERS = 3   # people with a .bib and an Atom feed of their own (see author_files)
COAUTHORS_SHOWN = 8    # co-authors named in a section, most shared papers first


def author_pages(ctx: Context) -> Output:
    authors = ctx.authors
    prefixes = list(authors.pages)
    for prefix, members in authors.pages.items():
        span = _range(members)
        yield f"{AUTHORS_DIR}/{prefix}.md", ctx.renderer.render(
            "authors-page.md.j2", prefix=prefix, authors=members, prefixes=prefixes,
            url=functools.partial(authors.url, up="../../", here=prefix),
            topics=ctx.collection.topics,
            files_min=FILES_MIN_PAPERS, coauthors_shown=COAUTHORS_SHOWN,
            span=span,
            meta={"title": f"Authors: {prefix.capitalize()}",
                  "description": f"{len(members):,} authors, {span}",
                  "search": {"exclude": True}})
    most = sorted(authors.people.values(),
                  key=lambda a: (-len(a.papers), a.sort_key))[:MOST_PAPERS]
    yield AUTHORS_INDEX, ctx.renderer.render(
        "authors.md.j2", pages=[(p, len(m), _range(m)) for p, m in authors.pages.items()],
        most=most, total=len(authors.people), url=authors.url,
        several=sum(len(a.papers) > 1 for a in authors.people.values()),
        meta={"description": "Everyone who wrote a paper of the collection"})


def author_files(ctx: Context) -> Output:
    """For each person with ``FILES_MIN_PAPERS`` papers or more, beside their section:
    ``authors/<page>/<key>.bib`` (their papers' entries, as the paper pages give
    them) and ``<key>.xml`` (a compact Atom feed of their papers: titles and
    links; the abstracts are on the paper pages and in the collection's feeds).
    A person with fewer papers has them listed in the section, and each paper's
    page has its own .bib: at 10,000 papers the files of the 9,145 people with two
    papers or more took 28.7 MB, and all the authors and venues pages may add 15 %
    to a site of about 400 MB; from three papers, the files are about half that."""
    name = ctx.site["name"] or "papers"
    for key, author in ctx.authors.people.items():
        if len(author.papers) < FILES_MIN_PAPERS:
            continue
        page = f"{AUTHORS_DIR}/{ctx.authors.page_of[key]}"
        yield f"{page}/{key}.bib", bibtex.bib_file(
            [ctx.bibtex_entry(p) for p in author.papers], f"{name}: {author.person.name}")
        yield f"{page}/{key}.xml", feeds.atom_feed(
            ctx, f"{page}/{key}.xml", f"{name}: {author.person.name}",
            f"Papers by {author.person.name}", f"{page}/#{key}", list(author.papers),
            full=False)


def _range(members: list[Author]) -> str:
    first, last = members[0].person.name, members[-1].person.name
    return first if first == last else f"{first} – {last}"
