"""MkDocs hook: while ``mkdocs serve`` runs, regenerate pages when a record changes.

``make build`` runs the generator before MkDocs, so a plain ``mkdocs build`` (or
Zensical, which runs no hooks) needs nothing from here. Under ``serve`` the hook
watches ``content/`` and ``generator/templates`` and regenerates before each
rebuild; the generator rewrites only changed files, and ``make serve`` runs
``mkdocs serve --dirty`` so MkDocs renders only those.

A preview keeps work between rebuilds (10,000 records: ~1 s instead of ~1 min):

- record files whose bytes did not change are not parsed or validated again
  (``generator.incremental.PaperCache``), and pages whose template inputs did not
  change are not rendered again (``PaperPages``, ``RenderMemo``);
- near-duplicate titles are compared only for the titles that changed;
- a Pagefind index (large collections) is built once, at the first build;
- the preview skips MkDocs' sitemap (seconds a rebuild at 10,000 pages), and after
  the first build MkDocs sees only the paper pages the generator rewrote;
- related papers: the page shows at once with the previous lists, while the exact
  lists are computed in the background; when they are ready the hook touches
  ``build/preview/related-ready`` (watched), and the next rebuild writes the pages
  whose lists changed.
"""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path
from typing import Any

from mkdocs.exceptions import Abort

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `mkdocs` started as a script does not put . on the path
    sys.path.insert(0, str(ROOT))

from generator import build, pages, records, related, search_index  # noqa: E402
from generator.build import generate  # noqa: E402
from generator.htmlslim import collapse_whitespace  # noqa: E402
from generator.incremental import PaperCache, PaperPages, RenderMemo  # noqa: E402

log = logging.getLogger("mkdocs.hooks.generator")
_serving = False
_root = [ROOT]
_built = [False]  # has the preview built the whole site once?


def _project(config: Any) -> Path:
    """The folder of mkdocs.yml: the project, even when generator/ is a symlink."""
    return Path(config.config_file_path).resolve().parent


def _ready_file(root: Path) -> Path:
    return root / "build" / "preview" / "related-ready"


def _related_ready(root: Path) -> None:
    log.info("generator: related papers ready (exact); rebuilding the pages that changed")
    ready = _ready_file(root)
    ready.parent.mkdir(parents=True, exist_ok=True)
    ready.write_text(f"{time.time()}\n", encoding="utf-8")


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"
    if _serving:
        records.PAPER_CACHE = PaperCache()
        build.RENDER_MEMO = RenderMemo()
        preview: dict[build.Producer, build.Producer] = {
            pages.paper_pages: PaperPages(),
            search_index.pagefind_files: search_index.PreviewIndex()}
        build.PRODUCERS[:] = [preview.get(producer, producer) for producer in build.PRODUCERS]
        related.PREVIEW = related.Preview(lambda: _related_ready(_root[0]))


def on_config(config: Any) -> Any:
    if _serving:  # a preview needs no sitemap; at 10,000 pages it takes seconds a rebuild
        config.theme.static_templates.discard("sitemap.xml")
    return config


def on_pre_build(config: Any) -> None:
    if not _serving:
        return
    _root[0] = _project(config)
    start = time.perf_counter()
    output = generate(_root[0])
    if output.problems.errors():
        raise Abort("records have problems:\n" + output.problems.report())
    log.info(f"generator: {len(output.written)} written, {output.unchanged} unchanged, "
             f"{len(output.removed)} removed ({time.perf_counter() - start:.2f} s)")


def on_files(files: Any, config: Any) -> Any:
    """After the first preview build, leave out paper pages that did not change.

    Their HTML from the earlier build stays in the served folder (``--dirty`` never
    cleans it), so nothing is lost, while MkDocs no longer reads, navigates, indexes
    and checks 10,000 unchanged files on every rebuild. Links to papers are written
    as URLs (``../<id>/``), not to ``.md`` files, so no link check misses them.
    """
    if not (_serving and _built[0]):
        return files
    from mkdocs.structure.files import Files

    kept = [f for f in files if not (f.src_uri.startswith("papers/") and f.is_documentation_page()
                                     and f.src_uri != "papers/index.md" and not f.is_modified())]
    return Files(kept)


def on_post_build(config: Any) -> None:
    _built[0] = True
    if _serving and related.PREVIEW is not None:
        related.PREVIEW.start()  # exact related lists, now that the page is up


def on_post_page(output: str, page: Any, config: Any) -> str:
    return collapse_whitespace(output)


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    root = _project(config)
    server.watch(str(root / "content"))
    server.watch(str(ROOT / "generator" / "templates"))
    ready = _ready_file(root)
    ready.parent.mkdir(parents=True, exist_ok=True)
    server.watch(str(ready.parent))
    return server
