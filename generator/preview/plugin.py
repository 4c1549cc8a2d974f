"""The MkDocs plugin ``paper-site`` (entry point in pyproject.toml; ``plugins:`` in
mkdocs.yml): while ``mkdocs serve`` runs, regenerate the docs folder when a record
changes.

``make build`` runs the generator before MkDocs, so a plain ``mkdocs build`` needs
nothing from here but the whitespace folding of ``on_post_page`` (Zensical, which
runs no MkDocs plugins, builds the same pages without it). Under ``serve`` the
plugin owns a ``Preview``, which owns the ``Session`` that every run of the
generator is given; it watches ``content/`` and the templates and regenerates
before each rebuild. ``make serve`` runs ``mkdocs serve --dirty``, so MkDocs
renders only the pages the generator rewrote.

What a preview keeps between rebuilds, so that a saved record shows on its page
within seconds at thousands of records (``generator.write.build.Session``):

- record files whose bytes did not change are not parsed or validated again, and
  near-duplicate titles are compared only for the titles that changed
  (``generator.records``);
- pages whose template inputs did not change are not rendered again
  (``generator.site.memo``); a Pagefind index (large collections) is built once;
- pages are compared with what was written last, not with the files
  (``generator.write.folder.WrittenDocs``);
- what an edit need not show at once is written after the build by a background
  thread (``deferred``), and a short rebuild then shows it: downloads and feeds,
  the health and explore pages (which list all papers);
- related papers: the page shows at once with the previous lists, while the exact
  lists are computed in the background; when they are ready the preview touches
  ``build/preview/rebuild`` (watched), and the next rebuild writes the pages whose
  lists changed. The other files wait for that rebuild.

In MkDocs (with ``--dirty``; ``serving``):

- after the first build MkDocs is given only the pages written since the last
  build (``serving.docs_view``);
- large raw HTML blocks bypass Python-Markdown (``rawhtml``);
- no sitemap; after the first build no 404 page and no search index: the first
  build's index is kept, so until the server restarts search finds an edited paper
  under its old text (Material would merge the rebuilt pages into it, but only the
  first one correctly, and would write the whole index on each save);
- theme templates are compiled once; the server watches with the system's file
  events and not the docs folder (which the generator writes); what the first build
  leaves is frozen out of the garbage collector's rounds.
"""

from __future__ import annotations

import gc
import logging
import time
from pathlib import Path
from typing import Any

from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File

from generator.links.related import Background
from generator.preview import rawhtml
from generator.preview.deferred import LaterFiles
from generator.preview.serving import CompiledTemplates, docs_view, watch_changes
from generator.site import pages, search_index
from generator.site.context import Context
from generator.site.htmlslim import collapse_whitespace
from generator.site.memo import PaperPages
from generator.site.render import TEMPLATES
from generator.write.build import DOCS, Session, generate

log = logging.getLogger("mkdocs.plugins.paper-site")


def preview_session(related: Background) -> Session:
    """The session a preview gives every run of the generator: paper pages and the
    Pagefind index that keep their last output, and related papers computed in the
    background by ``related``."""
    session = Session(instead={pages.paper_pages: PaperPages(),
                               search_index.pagefind_files: search_index.PreviewIndex()})
    session.links.background = related
    return session


class Preview:
    """What the plugin keeps from one rebuild of ``mkdocs serve`` to the next."""

    def __init__(self, dirty: bool) -> None:
        self.dirty = dirty  # MkDocs keeps the served folder between rebuilds
        self.built = False  # the whole site was built once
        self.root = Path.cwd()
        self.config: Any = None
        self.docs = self.root / DOCS  # the generator's docs folder (MkDocs may see a view)
        self.context: Context | None = None  # of the last generator run
        self.changed: set[str] = set()  # files written since MkDocs last took them
        self.taken: set[str] = set()  # those given to the running build
        self.aside: dict[str, list[str]] = {}  # raw HTML set aside, by page
        self.templates = CompiledTemplates()
        self.related = Background(lambda: self.rebuild("related papers ready (exact)"))
        self.session = preview_session(self.related)
        self.later = LaterFiles(self.session, self.later_written)

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

    def generate(self, config: MkDocsConfig) -> None:
        """Run the generator with the session, before MkDocs reads the docs folder."""
        self.root = _project(config)
        self.later.stop()
        start = time.perf_counter()
        output = generate(self.root, session=self.session)
        if output.problems.errors():
            raise Abort("records have problems:\n" + output.problems.report())
        self.context = output.context
        if output.context is not None and not output.later:
            self.later.written(output.context, self.docs)
        self.changed.update(output.written)
        self.forget_gone(output.removed)
        log.info(f"generator: {len(output.written)} written, {output.unchanged} unchanged, "
                 f"{len(output.removed)} removed ({time.perf_counter() - start:.2f} s)")
        if self.lean:
            self.taken = set(self.changed)
            view = self.root / "build" / "preview-docs"
            try:
                docs_view(self.docs, view, self.taken)
            except OSError as error:  # no symbolic links here: MkDocs reads the whole folder
                log.warning(f"generator: MkDocs reads all of {self.docs} ({error})")
            else:
                config.docs_dir = str(view)

    def built_once(self) -> None:
        """After a build: start the background work it left."""
        self.built = True
        self.changed -= self.taken
        self.taken = set()
        if self.related.busy():
            self.related.start()  # exact related lists, now that the page is up; then the rest
        elif self.context is not None:
            self.later.start(self.context, self.docs)


def _project(config: MkDocsConfig) -> Path:
    """The folder of mkdocs.yml: the project."""
    return Path(config.config_file_path).resolve().parent


class PaperSiteConfig(Config):  # type: ignore[no-untyped-call]
    """The plugin has no options."""


class PaperSitePlugin(BasePlugin[PaperSiteConfig]):  # type: ignore[no-untyped-call]
    """Folds the whitespace of every built page; under ``mkdocs serve`` also keeps
    a ``Preview``. MkDocs keeps a plugin that has ``on_startup`` for the whole serve."""

    def __init__(self) -> None:
        self.preview: Preview | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.preview = Preview(dirty) if command == "serve" else None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        preview = self.preview
        if preview is None:
            return config
        preview.config = config
        preview.docs = Path(config.docs_dir)
        # a preview needs no sitemap (it takes long at thousands of pages)
        config.theme.static_templates.discard("sitemap.xml")
        if preview.lean:  # the first build's 404 page and search index stay
            config.theme.static_templates.discard("404.html")
            search = config.plugins.get("material/search")
            if search is not None:
                search.config.enabled = False
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if self.preview is not None:
            self.preview.generate(config)

    @event_priority(-100)  # after other plugins' changes to the Markdown
    def on_page_markdown(self, markdown: str, *, page: Any, config: MkDocsConfig,
                         files: Any) -> str:
        if self.preview is None:
            return markdown
        text, blocks = rawhtml.set_aside(markdown)
        if blocks:
            self.preview.aside[page.file.src_uri] = blocks
        return text

    @event_priority(100)  # before other plugins see the HTML
    def on_page_content(self, html: str, *, page: Any, config: MkDocsConfig,
                        files: Any) -> str:
        blocks = self.preview.aside.pop(page.file.src_uri, None) if self.preview else None
        if not blocks:
            return html
        page.present_anchor_ids = (page.present_anchor_ids or set()) | rawhtml.anchor_ids(blocks)
        return rawhtml.put_back(html, blocks)

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Any) -> Any:
        if self.preview is not None:
            env.bytecode_cache = self.preview.templates
        return env

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.preview is not None:
            self.preview.built_once()

    def on_post_page(self, output: str, *, page: Any, config: MkDocsConfig) -> str:
        return collapse_whitespace(output)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        preview = self.preview
        if preview is None:
            return server
        preview.ready_file.parent.mkdir(parents=True, exist_ok=True)
        watch_changes(server, config.docs_dir, [_project(config) / "content", TEMPLATES,
                                                preview.ready_file.parent])
        # What the first build made that lives as long as the server (records, caches,
        # pages written) is left out of the garbage collector's rounds, which would
        # walk it again and again.
        gc.collect()
        gc.freeze()
        return server
