"""Remember loaded records between runs of the generator in one process (the preview).

A preview loads the collection again after every save, though one file changed.
The ``PaperCache`` remembers, for each record file, its bytes and what loading it
gave (the paper and the problems found); a file whose bytes are the same is not
parsed again::

    memory = RecordMemory()             # records.py: a PaperCache and a TitleMemory
    load_collection(root, memory)       # parses everything
    load_collection(root, memory)       # parses only the files whose bytes changed

The key is the file's content, not its modification time, so a rewrite within the
same clock tick is never missed. What else a record's problems depend on (the topic
keys, today's date for "in the future", the project root) is part of the key too.
A file is not even read again while its size, times and inode are those it had
when it was read, if it had then not been written for ``SETTLED`` seconds: a later
write changes its modification time, even on a file system that keeps whole
seconds (git trusts its index by the same rule). Results are exactly those of a
cold run; ``tests/test_scale.py`` checks it.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.model.papers import Paper
from generator.model.problems import Problem, Problems
from generator.records.load import MAX_BYTES, Unreadable, read_file

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
