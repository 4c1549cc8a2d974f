"""Typed records. Each one remembers the file and lines it came from.

A paper file ``content/papers/skillmimic.yaml`` becomes::

    Paper(id="skillmimic", title="SkillMimic: Learning ...", topics=("humanoid-skills",),
          added="2026-11-27", year=2024, arxiv="2408.15270", ...,
          source=Path("content/papers/skillmimic.yaml"), lines={"title": 2, ...})
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.model.identifiers import ARXIV_DATE
from generator.model.people import People, Person
from generator.model.venues import Venue, Venues


@dataclass(frozen=True)
class Paper:
    id: str
    title: str
    abstract: str
    topics: tuple[str, ...]
    added: str
    source: Path
    authors: tuple[str, ...] = ()
    year: int | None = None
    month: int | None = None
    venue: str | None = None
    arxiv: str | None = None
    doi: str | None = None
    short_name: str | None = None
    links: Mapping[str, str] = field(default_factory=dict)
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)

    def line(self, field_name: str) -> int:
        return self.lines.get(field_name, 1)

    @property
    def arxiv_abs(self) -> str | None:
        return f"https://arxiv.org/abs/{self.arxiv}" if self.arxiv else None

    @property
    def arxiv_pdf(self) -> str | None:
        return f"https://arxiv.org/pdf/{self.arxiv}" if self.arxiv else None

    @property
    def doi_url(self) -> str | None:
        return f"https://doi.org/{self.doi}" if self.doi else None

    @property
    def has_code(self) -> bool:
        return "code" in self.links


def date_from_arxiv(arxiv: str | None) -> tuple[int | None, int | None]:
    """``2505.02094`` -> (2025, 5); old-style or missing ids give (None, None)."""
    match = ARXIV_DATE.fullmatch(arxiv or "")
    if not match:
        return None, None
    return 2000 + int(match.group(1)), int(match.group(2))


@dataclass(frozen=True)
class Topic:
    key: str
    title: str
    description: str
    source: Path
    line: int
    related: tuple[str, ...] = ()
    parent: str | None = None


@dataclass
class Collection:
    """Papers by id (sorted) and topics by key (in taxonomy order); references resolved."""

    papers: dict[str, Paper]
    topics: dict[str, Topic]
    # (id, id, % alike) of titles nearly the same, found while loading
    near_duplicates: list[tuple[str, str, float]] = field(default_factory=list)
    # (id, id) of records with one title that tell themselves apart otherwise
    same_titles: list[tuple[str, str]] = field(default_factory=list)
    # the collection's own rules (content/collection.yaml): settings by rule name
    rules: dict[str, dict[str, object]] = field(default_factory=dict)
    # the curated people (content/authors.yaml): name variants, ORCID, namesakes
    people: People = field(default_factory=People)
    # the curated venues (content/venues.yaml): one name however records spell it
    venues: Venues = field(default_factory=Venues)

    @functools.cached_property
    def authors(self) -> dict[str, tuple[Person, ...]]:
        """Each paper's authors as people (``People.resolve``), by paper id."""
        return self.people.resolve(self.papers.values())

    @functools.cached_property
    def venue_of(self) -> dict[str, Venue]:
        """Each paper's venue (``Venues.resolve``; preprints too), by paper id."""
        return self.venues.resolve((p.id, p.venue, p.arxiv) for p in self.papers.values())

    def topics_of(self, paper: Paper) -> list[Topic]:
        """The paper's topics that the taxonomy has, in the paper's order."""
        return [self.topics[key] for key in paper.topics if key in self.topics]

    def papers_in(self, topic_key: str) -> list[Paper]:
        return [p for p in self.papers.values() if topic_key in p.topics]

    def papers_by_topic(self) -> dict[str, list[Paper]]:
        index: dict[str, list[Paper]] = {key: [] for key in self.topics}
        for paper in self.papers.values():
            for key in paper.topics:
                index.setdefault(key, []).append(paper)
        return index
