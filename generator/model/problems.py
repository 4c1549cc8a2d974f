"""Problems found in records, collected first and reported together.

A problem knows where it is, so it prints the way compilers and linters do::

    content/papers/nnose.yaml:7: topics: unknown topic 'robtics' (did you mean 'robotics'?)

Under GitHub Actions (``GITHUB_ACTIONS=true``) each problem is printed a second
time as a workflow command, which GitHub shows on the pull request's diff::

    ::error file=content/papers/nnose.yaml,line=7::topics: unknown topic 'robtics' ...

Path, field and message may hold text from a record or a file name. Each is made
one line (``one_line``) where it is printed, so nothing they contain can start a
line of output (a line GitHub would read as a workflow command, like
``::stop-commands::``), whichever step built the message.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


def _escaped(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 \
        else f"\\U{code:08x}"


_SHOWN = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def one_line(text: str) -> str:
    """``text`` with every character that is not printable (line breaks of any kind,
    controls, format characters such as bidirectional overrides, lone surrogates,
    unassigned code points) written as a Python escape, so it prints as one line and
    reads as it is."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else _SHOWN.get(char) or _escaped(char)
                   for char in text)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    field: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        path = one_line(self.path)
        where = f"{path}:{self.line}" if self.line else path
        label = "" if self.severity == "error" else "warning: "
        return f"{where}: {one_line(self.field)}: {label}{one_line(self.message)}"

    def annotation(self, strict: bool = False) -> str:
        """The same problem as a GitHub Actions workflow command, shown on the PR diff."""
        kind = "error" if strict or self.severity == "error" else "warning"
        line = f",line={self.line}" if self.line else ""
        return (f"::{kind} file={_escape_property(one_line(self.path))}{line}::"
                f"{_escape_data(f'{one_line(self.field)}: {one_line(self.message)}')}")


@dataclass
class Problems:
    """Collects problems from every step, so one run reports all of them."""

    items: list[Problem] = field(default_factory=list)

    def add(self, path: str, line: int, field_name: str, message: str,
            severity: Severity = "error") -> None:
        self.items.append(Problem(path, line, field_name, message, severity))

    def extend(self, other: Problems) -> None:
        self.items.extend(other.items)

    def sorted(self) -> list[Problem]:
        """Each problem once, by file, line and field."""
        return sorted(set(self.items))

    def errors(self, strict: bool = False) -> list[Problem]:
        """The problems that fail the run; with ``strict`` warnings do too."""
        return [p for p in self.sorted() if strict or p.severity == "error"]

    def warnings(self) -> list[Problem]:
        return [p for p in self.sorted() if p.severity == "warning"]

    def report(self, strict: bool = False) -> str:
        """One line a problem, sorted by file and line, then a count."""
        problems = self.sorted()
        lines = [str(p) for p in problems]
        if os.environ.get("GITHUB_ACTIONS") == "true":
            lines += [p.annotation(strict) for p in problems]
        if problems:
            n_err = len([p for p in problems if p.severity == "error"])
            n_warn = len(problems) - n_err
            lines.append(f"{n_err} error(s), {n_warn} warning(s)"
                         + (" (--strict: warnings count as errors)" if strict and n_warn else ""))
        return "\n".join(lines)
