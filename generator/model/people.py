"""Authors as people: the names papers give, merged and split as curators say.

Paper records keep authors as plain strings. ``content/authors.yaml`` (optional)
names people: a canonical ``name``, the ``variants`` papers write it as, an
``orcid`` and a ``homepage``; an entry with ``papers`` claims its name on those
papers only, which tells namesakes apart. ``People.person(paper_id, written)``
resolves a name as a paper writes it:

1. an entry whose ``papers`` include the paper and whose name or a variant is
   the written name (a namesake split);
2. else an entry without ``papers`` whose name or a variant is the written name;
3. else the name itself, as an uncurated person.

Names are compared after Unicode NFC and collapsing white space, case kept
("Y. Choi" and "y. choi" stay apart: case is part of how a paper writes a name,
and merging is the curators' call). Nothing is merged by guessing;
``likely_variants`` only lists candidates for the health page.

Keys (the anchor of a person on the authors pages) are slugs of the canonical
name (an entry may give its own); people who would share one (namesakes) get
``-2``, ``-3``... (``People.resolve``).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from generator.model.slug import slugify, unique


class Paper(Protocol):
    """What people are read from: a paper (``papers.Paper``) as far as its authors go."""

    @property
    def id(self) -> str: ...
    @property
    def authors(self) -> tuple[str, ...]: ...
    @property
    def topics(self) -> tuple[str, ...]: ...

_SPACE = re.compile(r"\s+")


def normal_name(name: str) -> str:
    return _SPACE.sub(" ", unicodedata.normalize("NFC", name)).strip()


@dataclass(frozen=True)
class Person:
    key: str
    name: str
    variants: tuple[str, ...] = ()
    orcid: str | None = None
    homepage: str | None = None
    papers: tuple[str, ...] = ()  # curated namesake split: only on these papers
    source: Path | None = None
    line: int = 0

    @property
    def orcid_url(self) -> str | None:
        return f"https://orcid.org/{self.orcid}" if self.orcid else None


@dataclass
class People:
    """The curated people (``entries``) and how written names resolve to them."""

    entries: tuple[Person, ...] = ()
    _by_name: dict[str, Person] = field(default_factory=dict, init=False, repr=False)
    _split: dict[tuple[str, str], Person] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        for person in self.entries:
            for name in (person.name, *person.variants):
                if person.papers:
                    for paper_id in person.papers:
                        self._split.setdefault((paper_id, normal_name(name)), person)
                else:
                    self._by_name.setdefault(normal_name(name), person)

    def curated(self, paper_id: str, written: str) -> Person | None:
        name = normal_name(written)
        return self._split.get((paper_id, name)) or self._by_name.get(name)

    def resolve(self, papers: Iterable[Paper]) -> dict[str, tuple[Person, ...]]:
        """Each paper's authors as people (paper id -> people, in the paper's order),
        keys unique: curated entries keep theirs (in file order), then each other
        name gets its slug, ``-2``, ``-3``... in the order of its first paper id."""
        taken: set[str] = set()
        final: dict[int | str, Person] = {}
        for entry in self.entries:
            key = unique(entry.key, taken)
            final[id(entry)] = entry if key == entry.key else replace(entry, key=key)
        found: dict[str, tuple[Person, ...]] = {}
        for paper in sorted(papers, key=lambda p: p.id):
            people = []
            for written in paper.authors:
                claimed = self.curated(paper.id, written)
                ident: int | str = id(claimed) if claimed else normal_name(written)
                if ident not in final:
                    name = normal_name(written)
                    final[ident] = Person(key=unique(slugify(name) or "author", taken), name=name)
                people.append(final[ident])
            found[paper.id] = tuple(people)
        return found


def surname(name: str) -> str:
    """The last word, folded (accents dropped, lower case): what names sort by."""
    words = normal_name(name).replace(",", " ").split()
    last = words[-1] if words else ""
    return "".join(c for c in unicodedata.normalize("NFKD", last)
                   if not unicodedata.combining(c)).casefold()


def _given(name: str) -> list[str]:
    words = re.split(r"[\s.\-]+", normal_name(name))[:-1]
    return [w.casefold() for w in words if w]


def compatible(a: str, b: str) -> bool:
    """Same surname and given names that may be one person's: each given name of
    the shorter list is the other's or its initial ("Y. J. Choi" ~ "Yejin J. Choi",
    not "Yejin Choi" ~ "Yuki Choi")."""
    if a == b or surname(a) != surname(b):
        return False
    return _given_agree(_given(a), _given(b))


def _given_agree(ga: list[str], gb: list[str]) -> bool:
    if not ga or not gb:
        return False
    for x, y in zip(ga, gb, strict=False):
        if x == y:
            continue
        if not ((len(x) == 1 and y.startswith(x)) or (len(y) == 1 and x.startswith(y))):
            return False
    return True


def likely_variants(papers: Iterable[Paper], people: dict[str, tuple[Person, ...]]
                    ) -> list[tuple[str, str, str]]:
    """Pairs of names (``people``: ``People.resolve``; not yet one person) that may be one person:
    compatible names sharing a co-author or a topic; (name, name, why). Grouped
    by surname first, so the cost follows the names that share one."""
    topic_of = {paper.id: paper.topics for paper in papers}
    coauthors: dict[str, set[str]] = defaultdict(set)
    papers_of: dict[str, set[str]] = defaultdict(set)
    topics: dict[str, set[str]] = defaultdict(set)
    for paper_id, persons in people.items():
        names = [p.name for p in persons]
        paper_topics = topic_of[paper_id]
        for name in names:
            coauthors[name].update(n for n in names if n != name)
            topics[name].update(paper_topics)
            papers_of[name].add(paper_id)
    by_surname: dict[str, list[str]] = defaultdict(list)
    for name in sorted(coauthors):
        by_surname[surname(name)].append(name)
    found = []
    for names in by_surname.values():
        if len(names) < 2:
            continue
        # compatible names agree on the first given name's initial: compared by it
        given = {name: _given(name) for name in names}
        by_initial: dict[str, list[str]] = defaultdict(list)
        for name in names:
            if given[name]:
                by_initial[given[name][0][0]].append(name)
        pairs = ((a, b) for group in by_initial.values()
                       for i, a in enumerate(group) for b in group[i + 1:]
                       if a != b and _given_agree(given[a], given[b]))
        order = {name: i for i, name in enumerate(names)}
        for a, b in sorted(pairs, key=lambda ab: (order[ab[0]], order[ab[1]])):
            if papers_of[a] & papers_of[b]:
                continue  # two names on one paper are two people
            shared = sorted(coauthors[a] & coauthors[b])
            if shared:
                found.append((a, b, f"both write with {shared[0]}"))
            elif topics[a] & topics[b]:
                found.append((a, b, "same topics: " + ", ".join(sorted(topics[a] & topics[b]))))
    return found
