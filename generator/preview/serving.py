"""What ``mkdocs serve`` is told to do differently for the preview (see plugin.py).

- ``watch_changes``: MkDocs' server finds changes by statting every watched file
  twice a second; with tens of thousands of records and generated files that takes
  CPU time from the rebuilds on a small machine. The server
  gets the system's file events instead (inotify on Linux; polling where there is
  nothing better), reports only changes (inotify would also report every file the
  generator opens to read), and stops watching the docs folder: the generator
  writes it from ``content/``, which is watched, and each write would start
  another rebuild.
- ``CompiledTemplates``: the theme's templates, compiled once rather than on every
  rebuild (MkDocs makes a new Jinja environment each time).
- ``docs_view``: after the first build, the files MkDocs is given.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import jinja2
import watchdog.events
import watchdog.observers

from generator.site.search_index import INDEX_DIR

_HEAVY = ("papers", INDEX_DIR)  # folders of 10,000 files each at 10,000 papers
_CHANGES: list[type[watchdog.events.FileSystemEvent]] = [
    watchdog.events.FileCreatedEvent, watchdog.events.FileDeletedEvent,
    watchdog.events.FileModifiedEvent, watchdog.events.FileMovedEvent]


class FileChanges:
    """The system's file-event observer, reporting created, changed, moved and
    deleted files only (what MkDocs' server needs from its observer)."""

    def __init__(self) -> None:
        self.observer = watchdog.observers.Observer()

    def schedule(self, handler: watchdog.events.FileSystemEventHandler, path: str, *,
                 recursive: bool = False) -> Any:
        return self.observer.schedule(handler, path, recursive=recursive,
                                      event_filter=_CHANGES)

    def __getattr__(self, name: str) -> Any:  # start, stop, join, unschedule
        return getattr(self.observer, name)


def watch_changes(server: Any, docs_dir: str, paths: list[Path]) -> None:
    """Move the server's watches (but the docs folder) to ``FileChanges``; add ``paths``."""
    server.unwatch(docs_dir)
    # MkDocs 1.6 has no public list of what it watches (the config file, and the
    # theme with --watch-theme); without one, its own observer stays
    watched = getattr(server, "_watched_paths", None)
    if watched is not None:
        moved = list(watched)
        for path in moved:
            server.unwatch(path)
        server.observer = FileChanges()
        for path in moved:
            server.watch(path)
    for extra in paths:
        server.watch(str(extra))


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates by name and source checksum (a changed template is compiled
    again); set as ``env.bytecode_cache`` on each rebuild's environment."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


def docs_view(docs: Path, view: Path, changed: set[str]) -> None:
    """Fill ``view`` with symbolic links to what MkDocs is to see of ``docs`` after the
    first build: not the 20,000 files of ``papers/`` and ``pagefind/`` but those of
    them written since the last build (and a written paper page's .bib, which it
    links to), and everything else. MkDocs then lists, stats and checks a few
    hundred files instead of all of them; what
    earlier builds made of the others stays in the served folder (``--dirty`` never
    cleans it). Links to papers are written as URLs, not to ``.md`` files, and
    nothing links to the index files, so no link check misses them. The other
    files stay: pages link to the downloads, and MkDocs copies only those that
    changed.
    """
    shutil.rmtree(view, ignore_errors=True)
    view.mkdir(parents=True)
    for entry in os.scandir(docs):
        if entry.name not in _HEAVY:
            os.symlink(entry.path, view / entry.name)
    shown = {"papers/index.md"} | {rel for rel in changed if rel.split("/", 1)[0] in _HEAVY}
    shown |= {rel.removesuffix(".md") + ".bib" for rel in shown if rel.startswith("papers/")}
    for rel in shown:
        if (docs / rel).exists():
            (view / rel).parent.mkdir(parents=True, exist_ok=True)
            os.symlink(docs / rel, view / rel)
