"""Writing the docs folder: only what changed, and nothing left over.

``write_if_changed`` leaves a file whose bytes are already right untouched, so
``mkdocs serve`` and ``--dirty`` builds see only real changes. ``WrittenDocs`` is
the preview's memory of what it wrote, so it need not read the folder back.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

Content = str | bytes


@dataclass
class Changes:
    """What a run did to the docs folder: files written, left as they were, removed."""

    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


def write_if_changed(path: Path, content: Content) -> bool:
    data = content.encode("utf-8") if isinstance(content, str) else content
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def write_new(docs: Path, files: dict[str, Content]) -> None:
    """Write ``files`` into a docs folder that does not exist yet: nothing to compare,
    and plain os calls (a Path object for each of tens of thousands of files costs more)."""
    folders: set[str] = set()
    for rel, content in files.items():
        folder = os.path.join(docs, os.path.dirname(rel))
        if folder not in folders:
            os.makedirs(folder, exist_ok=True)
            folders.add(folder)
        with open(os.path.join(docs, rel), "wb") as out:
            out.write(content.encode("utf-8") if isinstance(content, str) else content)


def remove_others(docs: Path, wanted: dict[str, Content], output: Changes) -> None:
    """Remove the files of ``docs`` not in ``wanted``, and folders left empty."""
    # os.walk, not Path.rglob: no Path object for each of tens of thousands of files
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


class WrittenDocs:
    """What the preview wrote to the docs folder, so it is not read back.

    ``generate``'s first run under ``mkdocs serve`` writes everything and
    ``remember``s it; later runs give ``write_pages`` the pages an edit shows at
    once. A page equal to the one written last (often the very same string, from
    ``PaperPages`` or ``RenderMemo``) is left alone without reading the file back.
    ``write_later`` writes the rest (``build.LATER``) in the background.
    """

    def __init__(self) -> None:
        self.pages: dict[str, Content] = {}
        self.later: set[str] = set()

    def remember(self, pages: dict[str, Content], later: dict[str, Content]) -> None:
        self.pages = dict(pages)
        self.later = set(later)

    def write_pages(self, docs: Path, pages: dict[str, Content], output: Changes) -> None:
        folder = str(docs)
        for rel, content in sorted(pages.items()):
            last = self.pages.get(rel)
            # a file deleted behind the preview's back is written again
            if (last is content or last == content) and os.path.exists(f"{folder}/{rel}"):
                output.unchanged += 1
                continue
            if write_if_changed(docs / rel, content):
                output.written.append(rel)
            else:
                output.unchanged += 1
            self.pages[rel] = content
        for rel in sorted(self.pages.keys() - pages.keys()):
            (docs / rel).unlink(missing_ok=True)
            del self.pages[rel]
            output.removed.append(rel)

    def write_later(self, docs: Path, files: dict[str, Content],
                    stop: threading.Event) -> list[str] | None:
        """Write ``files`` (compared with the files, as they are not kept in memory)
        and remove those no longer made; the paths written or removed, or None if
        ``stop`` was set first."""
        changed = []
        for rel, content in sorted(files.items()):
            if stop.is_set():
                return None
            if write_if_changed(docs / rel, content):
                changed.append(rel)
        for rel in sorted(self.later - files.keys()):
            (docs / rel).unlink(missing_ok=True)
            changed.append(rel)
        self.later = set(files)
        return changed
