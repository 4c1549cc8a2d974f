"""The preview's downloads (exports, feeds), written after the page is up.

At 10,000 papers the files that no page shows (``build.DOWNLOADS``:
``papers.json/.csv/.bib``, one ``.bib`` a paper and a topic, the Atom feeds) take
~10 s to make, so under ``mkdocs serve`` the generator leaves them out and the
hook hands them to ``Downloads`` once the build is done::

    downloads = Downloads(done=lambda written: ...)  # the hook: copy them, rebuild
    downloads.start(output.context, docs)   # after a build: a thread writes them
    downloads.stop()                        # before the next build: it stops soon

The thread makes the files for the records of that build and writes those that
changed, then calls ``done``. ``stop`` makes it give up at the next file, so a
new build has the interpreter to itself; ``start`` after that build begins again
with its records. Records that give the same downloads as last time (a rebuild
for related papers) start nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from . import build
from .context import Context


class Downloads:
    def __init__(self, done: Callable[[list[str]], None]) -> None:
        self.done = done
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._written_for: tuple[object, ...] | None = None  # inputs of the files on disk

    def start(self, ctx: Context, docs: Path) -> None:
        key = self._key(ctx, docs)
        if key == self._written_for:
            return
        self.stop()
        self._stop = threading.Event()
        self._written_for = None  # the thread may write some files and then be stopped
        self._thread = threading.Thread(target=self._work,
                                        args=(self._thread, ctx, docs, key, self._stop),
                                        daemon=True, name="preview-downloads")
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def written(self, ctx: Context, docs: Path) -> None:
        """The generator wrote the downloads for ``ctx`` itself (its first run)."""
        self._written_for = self._key(ctx, docs)

    @staticmethod
    def _key(ctx: Context, docs: Path) -> tuple[object, ...]:
        """What the downloads are made from."""
        return (ctx.root, docs, ctx.site, ctx.collection.topics, ctx.collection.papers)

    def wait(self, timeout: float | None = None) -> None:
        """Wait until the downloads are written (tests, benchmarks)."""
        if self._thread is not None:
            self._thread.join(timeout)

    def _work(self, previous: threading.Thread | None, ctx: Context, docs: Path,
              key: tuple[object, ...], stop: threading.Event) -> None:
        if previous is not None:  # it writes the same files: let it give up first
            previous.join()
        written = build.write_downloads(ctx, docs, stop)
        if written is None:
            return
        self._written_for = key
        if written:
            self.done(written)
