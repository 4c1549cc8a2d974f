"""Long lists of papers cut into pages: the all-papers list and the topic pages.

A list of more than ``ctx.papers_a_page`` papers (``extra.papers_a_page`` in
mkdocs.yml, ``PAPERS_A_PAGE`` by default) is shown that many papers a page, in the
list's own order (newest first). Page 1 stays at the list's address; page n is
``topics/<key>/<n>/`` or ``all-papers/<n>/`` (model/sitepaths.py). Every page has a pager; the first
also says on which page each year starts. Addresses are folders from the site root,
as MkDocs writes them (``use_directory_urls``).

At ~0.4 KB a row of the all-papers table and ~0.7 KB an item of a topic's list, 500
papers keep a page near 250–400 KB with Material's chrome: under the 500 KB a page
may weigh, whatever the collection's size.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from generator.model.papers import Paper

PAPERS_A_PAGE = 500
PAGER_AROUND = 2  # page links either side of the current one

T = TypeVar("T")


def relative(here: str, there: str) -> str:
    """The link from the folder ``here`` to the folder ``there`` (both from the site
    root, ending in ``/``; ``""`` is the root): ``../2/``."""
    link = posixpath.relpath(there or ".", here or ".")
    return "" if link == "." else link + "/"


@dataclass(frozen=True)
class PageLink:
    label: str
    url: str  # relative to the page that shows it
    current: bool = False


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list: its items, where it is, and its pager."""

    number: int  # from 1
    count: int  # pages of the list
    items: Sequence[T]
    folder: str  # from the site root, ending in "/"
    path: str  # the Markdown file in the docs folder that MkDocs writes to ``folder``
    first_index: int  # the position of items[0] in the whole list, from 0
    total: int  # items in the whole list
    pager: tuple[PageLink, ...]
    newer: str | None  # the previous page's link, if any
    older: str | None  # the next page's link, if any
    years: tuple[PageLink, ...]  # on page 1 of a paged list: where each year starts

    @property
    def up(self) -> str:
        """From this page to the site root."""
        return relative(self.folder, "")

    @property
    def paged(self) -> bool:
        return self.count > 1


def folders(first: str, later: str, count: int) -> list[str]:
    """Each page's folder: ``first`` for page 1, ``later`` + n + "/" after."""
    return [first] + [f"{later}{n}/" for n in range(2, count + 1)]


def paginate(items: Sequence[T], size: int, first: str, later: str,
             year_of: dict[int, int | None] | None = None,
             first_path: str | None = None) -> list[Page[T]]:
    """``items`` in pages of ``size``: page 1 at the folder ``first`` (its Markdown file
    ``first_path``, by default ``first`` as a file: ``topics/x/`` -> ``topics/x.md``),
    page n at ``later``n/ (``later``n.md). With ``year_of`` (an item's position -> its
    year), page 1 lists where each year starts."""
    count = max(1, -(-len(items) // size))
    where = folders(first, later, count)
    starts: dict[int | None, int] = {}
    for index, year in sorted((year_of or {}).items()):
        starts.setdefault(year, index // size + 1)
    pages = []
    for number in range(1, count + 1):
        here = where[number - 1]
        shown = sorted({1, count, *range(number - PAGER_AROUND, number + PAGER_AROUND + 1)}
                       & set(range(1, count + 1)))
        pager = tuple(PageLink(str(n), relative(here, where[n - 1]), n == number)
                      for n in shown) if count > 1 else ()
        years = tuple(PageLink(str(year) if year else "Undated", relative(here, where[n - 1]))
                      for year, n in starts.items()) if count > 1 and number == 1 else ()
        pages.append(Page(
            number=number, count=count, items=items[(number - 1) * size:number * size],
            folder=here, first_index=(number - 1) * size, total=len(items), pager=pager,
            path=(first_path or first.rstrip("/") + ".md") if number == 1
            else f"{later}{number}.md",
            newer=relative(here, where[number - 2]) if number > 1 else None,
            older=relative(here, where[number]) if number < count else None, years=years))
    return pages


def paper_pages_of(papers: Sequence[Paper], size: int, first: str, later: str,
                   first_path: str | None = None) -> list[Page[Paper]]:
    """Papers (newest first) in pages, page 1 saying where each year starts."""
    return paginate(papers, size, first, later,
                    {i: paper.year for i, paper in enumerate(papers)}, first_path)

