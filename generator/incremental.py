"""Reuse work between runs of the generator in one process (``mkdocs serve``).

A preview regenerates the site after every save. With 10,000 records, parsing and
validating every file again takes tens of seconds, though one file changed. The
``PaperCache`` remembers, for each record file, its bytes and what loading it gave
(the paper and the problems found); a file whose bytes are the same is not parsed
again::

    cache = PaperCache()
    records.PAPER_CACHE = cache     # what generator/mkdocs_hook.py does under serve
    generate(root)                  # parses everything
    generate(root)                  # parses only the files whose bytes changed

The key is the file's content, not its modification time, so a rewrite within the
same clock tick is never missed. What else a record's problems depend on (the topic
keys, today's date for "in the future", the project root) is part of the key too.
A file is not even read again (0.3 s for 10,000 files) while its size, times and
inode are those it had when it was read, if it had then not been written for
``SETTLED`` seconds: a later write changes its modification time, even on a file
system that keeps whole seconds (git trusts its index by the same rule).
Results are exactly those of a cold run; ``tests/test_scale.py`` checks it.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .context import Context
from .load import MAX_BYTES, Unreadable, read_file
from .model import Collection, Paper
from .problems import Problem, Problems
from .render import TEMPLATES, Renderer

PaperLoader = Callable[[Path, Path, dict[str, Any], Problems], Paper | None]
SETTLED = 2.0  # seconds


@dataclass
class _Entry:
    key: tuple[object, ...]
    paper: Paper | None
    problems: list[Problem]
    # (size, modified, changed, inode) when read, if it is safe to go by them
    stat: tuple[int, ...] | None = None


@dataclass
class PaperCache:
    entries: dict[Path, _Entry] = field(default_factory=dict)
    hits: int = 0
    misses: int = 0

    def load(self, load_paper: PaperLoader, path: Path, root: Path, topics: dict[str, Any],
             problems: Problems) -> Paper | None:
        now = time.time_ns()
        try:
            info = os.stat(path)
        except OSError:  # a broken link: load_paper says so
            info = None
        stat = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino) if info \
            else None
        context = (str(root), tuple(topics), dt.date.today())
        entry = self.entries.get(path)
        if entry is not None and stat and entry.stat == stat and entry.key[1:] == context:
            self.hits += 1
        else:
            try:
                raw = read_file(path, root, MAX_BYTES)
            except Unreadable as exc:  # the same reason again when load_paper reads it
                raw = exc.message.encode()
            key = (raw, *context)
            if entry is None or entry.key != key:
                self.misses += 1
                found = Problems()
                entry = _Entry(key, load_paper(path, root, topics, found), list(found.items))
                self.entries[path] = entry
            else:
                self.hits += 1
            entry.stat = stat if info and now - info.st_mtime_ns > SETTLED * 1e9 else None
        problems.items.extend(entry.problems)
        return entry.paper

    def forget_missing(self, present: set[Path]) -> None:
        """Drop entries of files that no longer exist (keeps memory bounded)."""
        for path in set(self.entries) - present:
            del self.entries[path]


class RenderMemo:
    """Give back a page's text without rendering when its template inputs are equal.

    A page is known by its template and its subject (the ``paper`` or ``topic`` it
    shows). If every value passed to the template equals the last one (records are
    frozen dataclasses, compared field by field) and no template file changed, the
    output is the same, so it is reused. After one edit, only the edited paper's
    page and the few that show it are rendered again.
    """

    def __init__(self) -> None:
        self.pages: dict[tuple[str, str | None], tuple[object, str]] = {}
        self.hits = 0
        self.misses = 0

    def renderer(self, **site: Any) -> Renderer:
        return _MemoRenderer(self, **site)


def templates_stamp() -> tuple[tuple[str, int, int], ...]:
    """Name, time and size of every template file (charts/ included): a change to
    any of them renders everything again."""
    stamp = []
    for path in sorted(TEMPLATES.rglob("*")):
        info = path.stat()
        if path.is_file():
            stamp.append((path.relative_to(TEMPLATES).as_posix(), info.st_mtime_ns,
                          info.st_size))
    return tuple(stamp)


class _MemoRenderer(Renderer):
    def __init__(self, memo: RenderMemo, **site: Any) -> None:
        super().__init__(**site)
        self.memo = memo
        self.stamp = (templates_stamp(), tuple(sorted(site.items())))

    def render(self, template: str, **context: Any) -> str:
        subject = context.get("paper", context.get("topic"))
        name = getattr(subject, "id", None) or getattr(subject, "key", None)
        key = (template, name if isinstance(name, str) else None)
        inputs = (self.stamp, context)
        last = self.memo.pages.get(key)
        if last is not None and last[0] == inputs:
            self.memo.hits += 1
            return last[1]
        self.memo.misses += 1
        text = super().render(template, **context)
        self.memo.pages[key] = (inputs, text)
        return text


class PaperPages:
    """``pages.paper_pages`` that renders only the papers whose page inputs changed.

    A paper page shows the paper, its related papers, mentions, citation key and
    topics. When all of those equal the last run's (and no template changed), the
    last text is given again, so after one edit only the edited paper and the
    papers whose lists show it are rendered. The hook puts this in place of
    ``pages.paper_pages`` under ``mkdocs serve``; ``tests/test_scale.py`` checks
    that it writes exactly what a cold run writes.
    """

    def __init__(self) -> None:
        self.last: dict[str, tuple[object, str, str | bytes]] = {}
        self.stamp: object = None  # what every page depends on
        self.rendered = 0

    def __call__(self, ctx: Context) -> Iterator[tuple[str, str | bytes]]:
        from . import pages

        topics = ctx.collection.topics
        # paper.source (part of the paper) and the root give the page's source path;
        # ``large`` (the collection's size) decides the pages' search settings
        stamp = (templates_stamp(), tuple(sorted(ctx.site.items())), ctx.root, ctx.large,
                 tuple((t.key, t.title) for t in topics.values()))
        if stamp != self.stamp:
            self.last.clear()
            self.stamp = stamp
        inputs: dict[str, object] = {}
        todo: dict[str, Paper] = {}
        for pid, paper in ctx.collection.papers.items():
            inputs[pid] = (paper, ctx.related.get(pid), ctx.mentions.get(pid),
                           ctx.mentioned_by.get(pid), ctx.citation_keys.get(pid))
            last = self.last.get(pid)
            if last is None or last[0] != inputs[pid]:
                todo[pid] = paper
        sub = Context(ctx.root, Collection(papers=todo, topics=topics), ctx.renderer)
        # what depends on the whole collection, computed for it (cached_property)
        for name in ("related", "mentions", "mentioned_by", "citation_keys", "large"):
            sub.__dict__[name] = getattr(ctx, name)
        fresh = list(pages.paper_pages(sub))
        if len(fresh) != len(todo):  # a producer change this cache does not know about
            raise RuntimeError("paper_pages no longer yields one page a paper")
        for pid, (rel, text) in zip(todo, fresh, strict=True):
            self.last[pid] = (inputs[pid], rel, text)
        self.rendered = len(todo)
        for pid in ctx.collection.papers:
            _, rel, text = self.last[pid]
            yield rel, text
        for pid in set(self.last) - set(ctx.collection.papers):
            del self.last[pid]
