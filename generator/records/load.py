"""Read YAML record files strictly, remembering where every value stands.

YAML is parsed to events (libyaml when available) and turned into plain Python
values by hand, so that:

- no tag constructs an object (``!!python/object`` and friends are errors);
- anchors and aliases are errors (a record is small; aliases only hide things);
- a key given twice is an error (PyYAML would silently keep the last one);
- values keep the type they were written with: a plain ``2024`` is an int, and
  everything else (``NO``, ``on``, ``2024-05-01``, quoted numbers) is a string;
- a key must be text (``1: x`` or ``? [a]`` are errors, not silently converted);
- invalid UTF-8, control characters, an empty file and a file too large to be a
  record are each reported with their line, never a traceback;
- a record is a regular file inside the project: a link that leads outside it, a
  folder, a pipe or a device is refused without being read, and no file is read
  past its limit, whatever its size claims (``read_file``).

``read_yaml`` returns the value plus a map from field path to line::

    {"title": 2, "authors": 3, "authors[0]": 4, "links.code": 9, ...}
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.model.problems import Problems

# libyaml's parser is about ten times faster and gives the same events and marks.
_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# The only plain scalars that are not text: whole numbers and the words for empty.
LOADER_INT = re.compile(r"[-+]?[0-9]+")
LOADER_NULL = re.compile(r"|~|null|Null|NULL")
# A record is a few kilobytes; anything far larger is a mistake (or an attack on the
# checker's time), so it is refused before parsing. The largest real records are
# papers of big collaborations: 5,000 authors take about 120 KB of YAML.
MAX_BYTES = 256_000
# The taxonomy grows with the collection: ~300 bytes a topic, so 5 MB is ~15,000 topics.
MAX_TAXONOMY_BYTES = 5_000_000
_ALLOWED_TAGS = {None, "!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:int",
                 "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}


class Unreadable(Exception):
    """A file that is not read, with the reason as a problem's message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) \
    | getattr(os, "O_CLOEXEC", 0)


def read_file(path: Path, root: Path, limit: int, kind: str = "a record") -> bytes:
    """The bytes of ``path``, a regular file inside ``root`` of at most ``limit`` bytes.

    The path is resolved (links followed) and must stay inside the project; what it
    leads to must be a regular file, checked before it is opened (a pipe or a device
    is never opened) and again on the open file (in case it was swapped). It is
    opened without blocking and read for at most ``limit + 1`` bytes, so neither a
    wrong size nor an endless device can make the read unbounded.
    """
    try:
        target = path.resolve(strict=True)
        inside = target.is_relative_to(root.resolve())
    except RuntimeError:  # Python before 3.13 on a link loop
        raise Unreadable("cannot be read: a link that leads back to itself") from None
    except OSError as exc:  # missing, a broken link
        raise Unreadable(f"cannot be read: {exc.strerror or exc}") from None
    if not inside:
        raise Unreadable(f"is a link to a file outside the project; {kind} is a file of "
                         "its own in the repository")
    try:
        if not stat.S_ISREG(os.stat(target).st_mode):
            raise Unreadable(f"is not a regular file (a folder, pipe or device); {kind} is a "
                             "text file")
        fd = os.open(target, _OPEN_FLAGS)
        with os.fdopen(fd, "rb") as file:
            info = os.fstat(file.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise Unreadable(f"is not a regular file (a folder, pipe or device); {kind} "
                                 "is a text file")
            if info.st_size > limit:
                raise Unreadable(f"is {info.st_size:,} bytes; {kind} is at most {limit:,} bytes")
            raw = file.read(limit + 1)
    except OSError as exc:
        raise Unreadable(f"cannot be read: {exc.strerror or exc}") from None
    if len(raw) > limit:
        raise Unreadable(f"is more than {limit:,} bytes; {kind} is at most {limit:,} bytes")
    return raw


class YamlError(Exception):
    def __init__(self, line: int, field: str, message: str) -> None:
        super().__init__(message)
        self.line, self.field, self.message = line, field, message


@dataclass
class Document:
    """One YAML file: its value and the line of every field path (1-based)."""

    path: Path
    value: Any
    lines: dict[str, int] = field(default_factory=dict)

    def line(self, field_path: str) -> int:
        """Line of a field, or of its nearest ancestor that has one."""
        while field_path:
            if field_path in self.lines:
                return self.lines[field_path]
            parent = re.sub(r"(\.[^.\[]*|\[\d+\])$", "", field_path)
            if parent == field_path:  # a top-level field that is not there
                break
            field_path = parent
        return self.lines.get("", 1)


def _line(event: yaml.Event) -> int:
    return event.start_mark.line + 1 if event.start_mark else 1


class _Builder:
    def __init__(self, events: list[yaml.Event]) -> None:
        self.events = events
        self.i = 0
        self.lines: dict[str, int] = {}

    def next(self) -> yaml.Event:
        event = self.events[self.i]
        self.i += 1
        return event

    def node(self, path: str) -> Any:
        event = self.next()
        line = _line(event)
        self.lines.setdefault(path, line)
        if isinstance(event, yaml.AliasEvent):
            raise YamlError(line, path or "(file)",
                            "aliases (*name) are not allowed in records")
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise YamlError(line, path or "(file)",
                            f"anchors (&{anchor}) are not allowed in records")
        tag = getattr(event, "tag", None)
        if tag not in _ALLOWED_TAGS:
            shown = str(tag).replace("tag:yaml.org,2002:", "!!")
            raise YamlError(line, path or "(file)",
                            f"the YAML tag {shown} is not allowed in records")
        if isinstance(event, yaml.ScalarEvent):
            return self.scalar(event)
        if isinstance(event, yaml.SequenceStartEvent):
            items: list[Any] = []
            while not isinstance(self.events[self.i], yaml.SequenceEndEvent):
                items.append(self.node(f"{path}[{len(items)}]"))
            self.next()
            return items
        if isinstance(event, yaml.MappingStartEvent):
            mapping: dict[str, Any] = {}
            while not isinstance(self.events[self.i], yaml.MappingEndEvent):
                key_event = self.events[self.i]
                key_line = _line(key_event)
                if not isinstance(key_event, yaml.ScalarEvent):
                    raise YamlError(key_line, path or "(file)",
                                    "a field name must be a word, not a list or mapping")
                key = self.node(f"{path}.__key__")
                if not isinstance(key, str):
                    raise YamlError(key_line, path or "(file)",
                                    f"a field name must be a word, not {key!r}")
                child = f"{path}.{key}" if path else key
                if key in mapping:
                    raise YamlError(key_line, child,
                                    f"duplicate key '{key}' (first given on line "
                                    f"{self.lines[child]})")
                self.lines[child] = key_line
                mapping[key] = self.node(child)
            self.lines.pop(f"{path}.__key__", None)
            self.next()
            return mapping
        raise YamlError(line, path, f"unexpected YAML event {type(event).__name__}")

    @staticmethod
    def scalar(event: yaml.ScalarEvent) -> Any:
        plain = event.implicit[0] and event.style in (None, "")
        if event.tag == "tag:yaml.org,2002:str":
            return event.value
        if plain and LOADER_NULL.fullmatch(event.value):
            return None
        if (plain or event.tag == "tag:yaml.org,2002:int") and LOADER_INT.fullmatch(event.value):
            return int(event.value)
        return event.value


def rel_path(path: Path, root: Path) -> str:
    """``path`` as problems name it: from the project folder, or whole if outside it."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def read_yaml(path: Path, root: Path, problems: Problems, limit: int = MAX_BYTES,
              kind: str = "a record") -> Document | None:
    """Parse one file (``read_file``: of at most ``limit`` bytes, ``kind`` names it in
    the message); on failure record one problem and return ``None``."""
    rel = rel_path(path, root)
    try:
        raw = read_file(path, root, limit, kind)
    except Unreadable as exc:
        problems.add(rel, 1, "(file)", exc.message)
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.add(rel, line, "(file)",
                     f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8")
        return None
    return parse_text(text, path, rel, problems)


def parse_text(text: str, path: Path, rel: str, problems: Problems) -> Document | None:
    """Parse a record's text (``rel`` names it in problems); ``None`` if it is not YAML
    a record may use."""
    try:
        events = list(yaml.parse(text, Loader=_LOADER))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problems.add(rel, line, "(yaml)", f"invalid YAML: {exc.problem or exc.context}")
        return None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow
        line = text[: exc.position].count("\n") + 1
        problems.add(rel, line, "(yaml)",
                     f"contains the control character U+{exc.character:04X}; remove it"
                     if isinstance(exc.character, int) else f"invalid YAML: {exc.reason}")
        return None
    except yaml.YAMLError as exc:
        problems.add(rel, 1, "(yaml)", f"invalid YAML: {exc}".splitlines()[0])
        return None
    docs = [e for e in events if isinstance(e, yaml.DocumentStartEvent)]
    if not docs:
        problems.add(rel, 1, "(file)", "the file is empty")
        return None
    if len(docs) != 1:
        problems.add(rel, _line(docs[1]), "(file)",
                     "a file holds exactly one YAML document (remove the second '---')")
        return None
    builder = _Builder(events[2:-2])  # skip stream/document start and end
    try:
        value = builder.node("") if builder.events else None
    except YamlError as exc:
        problems.add(rel, exc.line, exc.field, exc.message)
        return None
    except RecursionError:
        problems.add(rel, 1, "(yaml)", "values are nested too deeply")
        return None
    return Document(path, value, builder.lines)

