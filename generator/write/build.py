"""Generate the docs folder from the records.

``generate(root)`` loads and validates ``root/content``, runs every producer in
``PRODUCERS`` and writes ``root/build/docs``::

    build/docs/index.md                 home (content/pages/home.md + counts, topics, recent)
    build/docs/papers/index.md          all papers
    build/docs/papers/<id>.md           one page a paper (not in the nav)
    build/docs/topics/index.md          all topics
    build/docs/topics/<key>.md          one page a topic
    build/docs/<name>.md                content/pages/<name>.md, copied
    build/docs/papers.{bib,json,csv}    downloads, also papers/<id>.bib, topics/<key>.bib
    build/docs/feed.xml                 Atom feed, also topics/<key>.xml

A file whose content did not change is not rewritten (so ``mkdocs serve`` sees
only real changes), and files no longer produced are removed.

A plain build is one call, ``generate(root)``. The preview makes one ``Session``
and passes it to every run: each run after the first reuses what did not change
(records, related papers, rendered pages), writes the pages an edit shows at once
(the paper's, the lists of papers), and remembers what each holds instead of
reading it back; the files of ``LATER`` follow in the background (``write_later``).
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator.links.related import LinkMemory
from generator.model.papers import Collection
from generator.model.problems import Problems
from generator.records.collection import RecordMemory, load_collection
from generator.site import (
    addform,
    authors,
    explore,
    exports,
    feeds,
    health,
    pages,
    search_index,
    search_names,
    sitemaps,
    venues,
)
from generator.site.context import Context, site_settings
from generator.site.context import Output as Files
from generator.site.memo import RenderMemo
from generator.site.render import Renderer
from generator.write.folder import (
    Changes,
    WrittenDocs,
    remove_others,
    write_if_changed,
    write_new,
)

DOCS = Path("build/docs")
Producer = Callable[[Context], Files]
PRODUCERS: list[Producer] = [
    pages.paper_pages,
    pages.topic_pages,
    pages.index_pages,
    pages.hand_written_pages,
    exports.bib_files, exports.data_files, feeds.feeds,
    addform.add_paper_page, addform.existing_files,
    authors.author_pages, authors.author_files, venues.venue_pages,
    health.health_page,
    explore.explore_pages,
    search_index.engine_script, search_index.pagefind_files, search_names.names_files,
    sitemaps.paper_sitemap,
]
# What the preview writes after the pages: downloads, feeds, search data, the
# add-paper form's ids and sitemap, which no page shows, and the health, explore,
# authors and venues pages, which show all papers at once.
LATER: list[Producer] = [
    exports.bib_files, exports.data_files, feeds.feeds, health.health_page,
    explore.explore_pages, authors.author_pages, authors.author_files, venues.venue_pages,
    search_index.pagefind_files, search_names.names_files, sitemaps.paper_sitemap,
    addform.existing_files,
]


@dataclass
class Session:
    """What the runs of ``generate`` in one process reuse (the preview's): loaded
    records, related papers and mentions, rendered pages, what the docs folder
    holds, and the producers used in place of some of ``PRODUCERS`` (ones that
    keep state between runs)."""

    records: RecordMemory = field(default_factory=RecordMemory)
    links: LinkMemory = field(default_factory=LinkMemory)
    renders: RenderMemo = field(default_factory=RenderMemo)
    written: WrittenDocs = field(default_factory=WrittenDocs)
    instead: dict[Producer, Producer] = field(default_factory=dict)


def producers(session: Session | None, later: bool) -> list[Producer]:
    """The producers of ``PRODUCERS`` that are (or are not) in ``LATER``, as the
    session chooses them."""
    instead = session.instead if session is not None else {}
    return [instead.get(p, p) for p in PRODUCERS if (p in LATER) == later]


@dataclass(kw_only=True)
class Output(Changes):
    """What ``generate`` did."""

    collection: Collection
    problems: Problems
    context: Context | None = None  # what the pages were made from (None on errors)
    later: bool = False  # the preview left the files of LATER for write_later


def build_date() -> dt.date:
    """The date stamped on pages: SOURCE_DATE_EPOCH's (UTC) when set, as MkDocs does
    for its sitemap, so two builds of one commit are byte-identical; else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


def produced(ctx: Context, producers: Iterable[Producer],
             taken: Container[str] = ()) -> Iterator[tuple[str, str | bytes]]:
    """Every file the producers give, as (path inside the docs folder, content)."""
    seen: set[str] = set()
    for producer in producers:
        for rel, content in producer(ctx):
            if rel in seen or rel in taken:
                raise RuntimeError(f"two producers write {rel}")  # a bug, not bad input
            seen.add(rel)
            yield rel, content


def generate(root: Path, docs: Path | None = None, strict: bool = False,
             session: Session | None = None) -> Output:
    """Validate and write the docs folder; on errors nothing is written. A
    ``session`` makes this run reuse the work of the runs given it before."""
    docs = docs or root / DOCS
    collection, problems = load_collection(root, session.records if session else None)
    output = Output(collection=collection, problems=problems)
    if problems.errors(strict):
        return output
    make_renderer = session.renders.renderer if session is not None else Renderer
    renderer = make_renderer(**site_settings(root), today=build_date().isoformat())
    ctx = output.context = Context(root, collection, renderer,
                                   session.links if session else None)
    pages = dict(produced(ctx, producers(session, later=False)))
    if session is not None and session.written.pages:  # a preview, after its first run
        session.written.write_pages(docs, pages, output)
        output.later = True
        return output
    later = dict(produced(ctx, producers(session, later=True), pages))
    wanted = {**pages, **later}
    if not docs.exists():  # a first build
        write_new(docs, wanted)
        output.written = sorted(wanted)
    else:
        for rel, content in sorted(wanted.items()):
            if write_if_changed(docs / rel, content):
                output.written.append(rel)
            else:
                output.unchanged += 1
        remove_others(docs, wanted, output)
    if session is not None:
        session.written.remember(pages, later)
    return output


def write_later(session: Session, ctx: Context, docs: Path,
                stop: threading.Event) -> list[str] | None:
    """The preview's second step: write the files of ``LATER`` for ``ctx``, unless
    ``stop`` is set first (a new build began); the paths written, or None if stopped."""
    written = session.written
    files: dict[str, str | bytes] = {}
    for rel, content in produced(ctx, producers(session, later=True), written.pages):
        if stop.is_set():
            return None
        files[rel] = content
    return written.write_later(docs, files, stop)
