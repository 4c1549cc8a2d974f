"""MkDocs hook: while ``mkdocs serve`` runs, regenerate pages when a record changes.

``make build`` runs the generator before MkDocs, so a plain ``mkdocs build`` (or
Zensical, which runs no hooks) needs nothing from here but the whitespace folding
of ``on_post_page``. Under ``serve`` the hook watches ``content/`` and
``generator/templates`` and regenerates before each rebuild; ``make serve`` runs
``mkdocs serve --dirty``, so MkDocs renders only the pages the generator rewrote.

A preview keeps work between rebuilds, so that a saved record shows on its page
within a few seconds at 10,000 records (a full build takes minutes). In the
generator:

- record files whose bytes did not change are not parsed or validated again
  (``generator.incremental.PaperCache``), and pages whose template inputs did not
  change are not rendered again (``PaperPages``, ``RenderMemo``); near-duplicate
  titles are compared only for the titles that changed;
- a Pagefind index (large collections) is built once, at the first build;
- pages are compared with what was written last, not with the files
  (``generator.docsfolder.WrittenDocs``);
- what an edit need not show at once is written after the build by a background
  thread (``generator.deferred``), and a short rebuild then shows it: downloads
  and feeds, the health and explore pages (which list all papers);
- related papers: the page shows at once with the previous lists, while the exact
  lists are computed in the background; when they are ready the hook touches
  ``build/preview/rebuild`` (watched), and the next rebuild writes the pages
  whose lists changed. The other files wait for that rebuild.

In MkDocs (with ``--dirty``; ``generator.serving``):

- after the first build MkDocs is given only the paper pages (and Pagefind
  files) written since the last build, not all 10,000 (20,000);
- large raw HTML blocks bypass Python-Markdown (``generator.rawhtml``);
- no sitemap; after the first build no 404 page and no search index: the first
  build's index is kept, so until the server restarts search finds an edited
  paper under its old text (Material would merge the rebuilt pages into it, but
  only the first one correctly, and writes 17 MB at 10,000 papers on each save);
- theme templates are compiled once; the server watches with the system's file
  events and not the docs folder (which the generator writes); what the first
  build leaves is frozen out of the garbage collector's rounds.
"""

from __future__ import annotations

import gc
import logging
import sys
import time
from pathlib import Path
from typing import Any

from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `mkdocs` started as a script does not put . on the path
    sys.path.insert(0, str(ROOT))

from generator import build, pages, rawhtml, records, related, search_index  # noqa: E402
from generator.build import generate  # noqa: E402
from generator.context import Context  # noqa: E402
from generator.deferred import LaterFiles  # noqa: E402
from generator.docsfolder import WrittenDocs  # noqa: E402
from generator.htmlslim import collapse_whitespace  # noqa: E402
from generator.incremental import PaperCache, PaperPages, RenderMemo  # noqa: E402
from generator.serving import CompiledTemplates, docs_view, watch_changes  # noqa: E402

log = logging.getLogger("mkdocs.hooks.generator")


class Preview:
    """What the hook keeps from one rebuild of ``mkdocs serve`` to the next."""

    def __init__(self, dirty: bool) -> None:
        self.dirty = dirty  # MkDocs keeps the served folder between rebuilds
        self.built = False  # the whole site was built once
        self.root = ROOT
        self.config: Any = None
        self.docs = ROOT / build.DOCS  # the generator's docs folder (MkDocs may see a view)
        self.context: Context | None = None  # of the last generator run
        self.changed: set[str] = set()  # files written since MkDocs last took them
        self.taken: set[str] = set()  # those given to the running build
        self.aside: dict[str, list[str]] = {}  # raw HTML set aside, by page
        self.templates = CompiledTemplates()
        self.later = LaterFiles(self.later_written)

    @property
    def ready_file(self) -> Path:
        return self.root / "build" / "preview" / "rebuild"

    @property
    def lean(self) -> bool:
        """After the first build of a --dirty preview: build only what changed."""
        return self.dirty and self.built

    def rebuild(self, why: str) -> None:
        """Start a rebuild from another thread: touch a watched file."""
        log.info(f"generator: {why}; rebuilding")
        self.ready_file.parent.mkdir(parents=True, exist_ok=True)
        self.ready_file.write_text(f"{time.time()}\n", encoding="utf-8")

    def later_written(self, written: list[str]) -> None:
        self.forget_gone(written)
        self.changed.update(written)
        self.rebuild(f"downloads, health and explore written ({len(written)} files)")

    def forget_gone(self, rels: list[str]) -> None:
        """Remove the served copies of docs files that are gone (a deleted record's
        page and .bib): a --dirty build never removes anything."""
        config = self.config
        for rel in rels:
            if not (self.docs / rel).exists():
                copy = File(rel, str(self.docs), config.site_dir, config.use_directory_urls)
                Path(copy.abs_dest_path).unlink(missing_ok=True)


_preview: Preview | None = None


def _project(config: Any) -> Path:
    """The folder of mkdocs.yml: the project, even when generator/ is a symlink."""
    return Path(config.config_file_path).resolve().parent


def on_startup(command: str, dirty: bool) -> None:
    global _preview
    _preview = None
    if command != "serve":
        return
    preview = _preview = Preview(dirty)
    records.PAPER_CACHE = PaperCache()
    build.RENDER_MEMO = RenderMemo()
    build.WRITTEN = WrittenDocs()
    replace: dict[build.Producer, build.Producer] = {
        pages.paper_pages: PaperPages(),
        search_index.pagefind_files: search_index.PreviewIndex()}
    for producers in (build.PRODUCERS, build.LATER):
        producers[:] = [replace.get(producer, producer) for producer in producers]
    related.PREVIEW = related.Preview(lambda: preview.rebuild("related papers ready (exact)"))


def on_config(config: Any) -> Any:
    if _preview is None:
        return config
    _preview.config = config
    _preview.docs = Path(config.docs_dir)
    # a preview needs no sitemap; at 10,000 pages it takes seconds a rebuild
    config.theme.static_templates.discard("sitemap.xml")
    if _preview.lean:  # the first build's 404 page and search index stay
        config.theme.static_templates.discard("404.html")
        search = config.plugins.get("material/search")
        if search is not None:
            search.config.enabled = False
    return config


def on_pre_build(config: Any) -> None:
    if _preview is None:
        return
    _preview.root = _project(config)
    _preview.later.stop()
    start = time.perf_counter()
    output = generate(_preview.root)
    if output.problems.errors():
        raise Abort("records have problems:\n" + output.problems.report())
    _preview.context = output.context
    if output.context is not None and not output.later:
        _preview.later.written(output.context, _preview.docs)
    _preview.changed.update(output.written)
    _preview.forget_gone(output.removed)
    log.info(f"generator: {len(output.written)} written, {output.unchanged} unchanged, "
             f"{len(output.removed)} removed ({time.perf_counter() - start:.2f} s)")
    if _preview.lean:
        _preview.taken = set(_preview.changed)
        view = _preview.root / "build" / "preview-docs"
        try:
            docs_view(_preview.docs, view, _preview.taken)
        except OSError as error:  # no symbolic links here: MkDocs reads the whole folder
            log.warning(f"generator: MkDocs reads all of {_preview.docs} ({error})")
        else:
            config.docs_dir = str(view)


@event_priority(-100)  # after other plugins' changes to the Markdown
def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    if _preview is None:
        return markdown
    text, blocks = rawhtml.set_aside(markdown)
    if blocks:
        _preview.aside[page.file.src_uri] = blocks
    return text


@event_priority(100)  # before other plugins see the HTML
def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    blocks = _preview.aside.pop(page.file.src_uri, None) if _preview is not None else None
    if not blocks:
        return html
    page.present_anchor_ids = (page.present_anchor_ids or set()) | rawhtml.anchor_ids(blocks)
    return rawhtml.put_back(html, blocks)


def on_env(env: Any, config: Any, files: Any) -> Any:
    if _preview is not None:
        env.bytecode_cache = _preview.templates
    return env


def on_post_build(config: Any) -> None:
    if _preview is None:
        return
    _preview.built = True
    _preview.changed -= _preview.taken
    _preview.taken = set()
    exact = related.PREVIEW
    if exact is not None and exact.busy():
        exact.start()  # exact related lists, now that the page is up; then the rest
    elif _preview.context is not None:
        _preview.later.start(_preview.context, _preview.docs)


def on_post_page(output: str, page: Any, config: Any) -> str:
    return collapse_whitespace(output)


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    if _preview is None:
        return server
    _preview.ready_file.parent.mkdir(parents=True, exist_ok=True)
    watch_changes(server, config.docs_dir, [_project(config) / "content",
                                            ROOT / "generator" / "templates",
                                            _preview.ready_file.parent])
    # What the first build made that lives as long as the server (records, caches,
    # pages written) is left out of the garbage collector's rounds, which would walk
    # it again and again: ~0.5 s a rebuild at 10,000 papers.
    gc.collect()
    gc.freeze()
    return server
