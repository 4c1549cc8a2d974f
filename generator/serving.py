"""What ``mkdocs serve`` is told to do differently for the preview (see mkdocs_hook).

- ``watch_changes``: MkDocs' server finds changes by statting every watched file
  twice a second. With 10,000 records and 20,000 generated files that is ~0.4 s of
  CPU each half second, taken from the rebuilds on a small machine. The server
  gets the system's file events instead (inotify on Linux; polling where there is
  nothing better), reports only changes (inotify would also report every file the
  generator opens to read), and stops watching the docs folder: the generator
  writes it from ``content/``, which is watched, and each write would start
  another rebuild.
- ``CompiledTemplates``: the theme's templates, compiled once rather than on every
  rebuild (MkDocs makes a new Jinja environment each time; ~1 s at each rebuild).
- ``files_to_build``: after the first build, the files MkDocs is given.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import watchdog.events
import watchdog.observers

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


def is_paper_page(src_uri: str) -> bool:
    return (src_uri.startswith("papers/") and src_uri.endswith(".md")
            and src_uri != "papers/index.md")


def files_to_build(files: Any, changed: set[str]) -> list[Any]:
    """After the first build, MkDocs is given every file but the paper pages that the
    generator did not rewrite. Their HTML from earlier builds stays in the served
    folder (``--dirty`` never cleans it), while MkDocs no longer reads, navigates and
    checks 10,000 unchanged pages on every rebuild. Links to papers are written as
    URLs, not to ``.md`` files, so no link check misses them. The other files stay:
    pages link to the downloads, and MkDocs copies only those that changed.
    """
    return [f for f in files if not is_paper_page(f.src_uri) or f.src_uri in changed]
