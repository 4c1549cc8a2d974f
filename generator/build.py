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
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import addform, explore, exports, feeds, health, pages, search_index, sitemaps
from .context import Context, site_settings
from .incremental import RenderMemo
from .model import Collection
from .problems import Problems
from .records import load_collection
from .render import Renderer

DOCS = Path("build/docs")
Producer = Callable[[Context], Iterator[tuple[str, str | bytes]]]
PRODUCERS: list[Producer] = [
    pages.paper_pages,
    pages.topic_pages,
    pages.index_pages,
    pages.hand_written_pages,
    exports.bib_files, exports.data_files, feeds.feeds,
    addform.add_paper_page,
    health.health_page,
    explore.explore_pages,
    search_index.engine_script, search_index.pagefind_files, search_index.known_words,
    sitemaps.paper_sitemap,
]
# Set by the mkdocs hook under `mkdocs serve`: pages whose inputs are unchanged are
# not rendered again.
RENDER_MEMO: RenderMemo | None = None


@dataclass
class Output:
    """What ``generate`` did."""

    collection: Collection
    problems: Problems
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


def write_if_changed(path: Path, content: str | bytes) -> bool:
    data = content.encode("utf-8") if isinstance(content, str) else content
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def write_new(docs: Path, files: dict[str, str | bytes]) -> None:
    """Write ``files`` into a docs folder that does not exist yet: nothing to compare,
    and plain os calls (a Path for each of 30,000 files cost ~1 s at 10,000 papers)."""
    folders: set[str] = set()
    for rel, content in files.items():
        folder = os.path.join(docs, os.path.dirname(rel))
        if folder not in folders:
            os.makedirs(folder, exist_ok=True)
            folders.add(folder)
        with open(os.path.join(docs, rel), "wb") as out:
            out.write(content.encode("utf-8") if isinstance(content, str) else content)


def build_date() -> dt.date:
    """The date stamped on pages: SOURCE_DATE_EPOCH's (UTC) when set, as MkDocs does
    for its sitemap, so two builds of one commit are byte-identical; else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


def generate(root: Path, docs: Path | None = None, strict: bool = False) -> Output:
    """Validate and write the docs folder; on errors nothing is written."""
    docs = docs or root / DOCS
    collection, problems = load_collection(root)
    output = Output(collection, problems)
    if problems.errors(strict):
        return output
    make_renderer = RENDER_MEMO.renderer if RENDER_MEMO is not None else Renderer
    renderer = make_renderer(**site_settings(root), today=build_date().isoformat())
    ctx = Context(root, collection, renderer)
    wanted: dict[str, str | bytes] = {}
    for producer in PRODUCERS:
        for rel, content in producer(ctx):
            if rel in wanted:
                raise RuntimeError(f"two producers write {rel}")  # a bug, not bad input
            wanted[rel] = content
    if not docs.exists():  # a first build
        write_new(docs, wanted)
        output.written = sorted(wanted)
        return output
    for rel, content in sorted(wanted.items()):
        if write_if_changed(docs / rel, content):
            output.written.append(rel)
        else:
            output.unchanged += 1
    # os.walk, not Path.rglob: a Path for each of 20,000 files took ~1 s at 10,000 papers
    for folder, _, names in os.walk(docs, topdown=False):
        prefix = Path(folder).relative_to(docs).as_posix() + "/"
        for name in names:
            rel = (prefix + name).removeprefix("./")
            if rel not in wanted:
                os.unlink(os.path.join(folder, name))
                output.removed.append(rel)
        if folder != str(docs) and not os.listdir(folder):
            os.rmdir(folder)
    output.removed.sort(key=lambda rel: rel.split("/"), reverse=True)
    return output
