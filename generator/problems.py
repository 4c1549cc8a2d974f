"""Problems found in records, collected first and reported together.

A problem knows where it is, so it prints the way compilers and linters do::

    content/papers/nnose.yaml:7: topics: unknown topic 'robtics' (did you mean 'robotics'?)
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    field: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        label = "" if self.severity == "error" else "warning: "
        return f"{where}: {self.field}: {label}{self.message}"

    def annotation(self) -> str:
        """The same problem as a GitHub Actions workflow command, shown on the PR diff."""
        kind = "error" if self.severity == "error" else "warning"
        line = f",line={self.line}" if self.line else ""
        message = f"{self.field}: {self.message}".replace("%", "%25").replace("\r", "%0D")
        return f"::{kind} file={self.path}{line}::{message.replace(chr(10), '%0A')}"


@dataclass
class Problems:
    """Collects problems from every step, so one run reports all of them."""

    items: list[Problem] = field(default_factory=list)

    def add(self, path: str, line: int, field_name: str, message: str,
            severity: Severity = "error") -> None:
        self.items.append(Problem(path, line, field_name, message, severity))

    def extend(self, other: Problems) -> None:
        self.items.extend(other.items)

    def errors(self, strict: bool = False) -> list[Problem]:
        return [p for p in self.items if strict or p.severity == "error"]

    def sorted(self) -> list[Problem]:
        return sorted(set(self.items))

    def report(self, strict: bool = False) -> str:
        """One line a problem, sorted by file and line, then a count."""
        lines = [str(p) for p in self.sorted()]
        if os.environ.get("GITHUB_ACTIONS") == "true":
            lines += [p.annotation() for p in self.sorted()]
        n_err = len(self.errors(strict))
        n_warn = len(self.items) - len(self.errors())
        if self.items:
            lines.append(f"{n_err} error(s), {n_warn} warning(s)")
        return "\n".join(lines)
