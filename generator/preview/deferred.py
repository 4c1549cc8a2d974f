"""What the preview writes after the page is up: downloads, feeds, health, explore.

The files of ``build.LATER`` (``papers.json/.csv/.bib``, one ``.bib`` a paper and
a topic, the Atom feeds, the health and explore pages) take long to make for a
large collection and no edited page shows them, so under ``mkdocs serve`` the
generator leaves them out and the preview hands them to ``LaterFiles`` once the
build is done::

    later = LaterFiles(session, done=lambda written: ...)  # the preview: rebuild
    later.start(output.context, docs)   # after a build: a thread writes them
    later.stop()                        # before the next build: it stops soon

The thread makes the files for the records of that build and writes those that
changed, then calls ``done``. ``stop`` makes it give up at the next file, so a
new build has the interpreter to itself; ``start`` after that build begins again
with its records. Inputs that give the files already written (a rebuild for
related papers) start nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from generator.site.context import Context
from generator.site.memo import templates_stamp
from generator.write import build


class LaterFiles:
    def __init__(self, session: build.Session, done: Callable[[list[str]], None]) -> None:
        self.session = session
        self.done = done
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._written_for: tuple[object, ...] | None = None  # inputs of the files on disk

    def start(self, ctx: Context, docs: Path) -> None:
        key = self._inputs(ctx, docs)
        if key == self._written_for:
            return
        self.stop()
        self._stop = threading.Event()
        self._written_for = None  # the thread may write some files and then be stopped
        self._thread = threading.Thread(target=self._work,
                                        args=(self._thread, ctx, docs, key, self._stop),
                                        daemon=True, name="preview-later-files")
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def written(self, ctx: Context, docs: Path) -> None:
        """The generator wrote the files for ``ctx`` itself (its first run)."""
        self._written_for = self._inputs(ctx, docs)

    def wait(self, timeout: float | None = None) -> None:
        """Wait until the files are written (tests, benchmarks)."""
        if self._thread is not None:
            self._thread.join(timeout)

    @staticmethod
    def _inputs(ctx: Context, docs: Path) -> tuple[object, ...]:
        collection = ctx.collection
        return (ctx.root, docs, ctx.site, templates_stamp(), collection.topics,
                collection.papers, collection.near_duplicates, collection.same_titles)

    def _work(self, previous: threading.Thread | None, ctx: Context, docs: Path,
              key: tuple[object, ...], stop: threading.Event) -> None:
        if previous is not None:  # it writes the same files: let it give up first
            previous.join()
        written = build.write_later(self.session, ctx, docs, stop)
        if written is None:
            return
        self._written_for = key
        if written:
            self.done(written)
