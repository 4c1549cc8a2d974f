"""The query set of tests/data/queries.yaml: what readers type and must find."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml


@dataclass(frozen=True)
class Expectation:
    """One line of tests/data/queries.yaml: a query and the paper (or other page)
    it must find in the first ``within`` pages; ``paper: null`` means no results."""

    query: str
    kind: str
    paper: str | None = None
    page: str | None = None
    within: int = 3
    browser: bool = False

    @property
    def location(self) -> str | None:
        return self.page or (f"papers/{self.paper}/" if self.paper else None)


def load_queries(path: Path) -> list[Expectation]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Expectation(**item) for item in data["queries"]]
