"""Everyone who wrote a paper of the collection, as the authors pages show them:
their papers, co-authors and topics, and the page of ``authors/`` each is on
(see authors.py for why people share pages)."""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cached_property

from generator.model.papers import Collection, Paper, Topic
from generator.model.people import Person, surname

AUTHORS_DIR = "authors"
PAGE_BYTES = 200_000   # estimated Markdown a page, before it splits by one more letter
KEY_LETTERS = 3
_PAPER_BYTES, _PERSON_BYTES = 260, 240  # estimated, to split pages before writing them


@dataclass(frozen=True)
class Author:
    person: Person
    papers: tuple[Paper, ...]                   # newest first
    coauthors: tuple[tuple[Person, int], ...]  # most shared papers first
    topics: tuple[tuple[Topic, int], ...]

    @property
    def sort_key(self) -> tuple[str, str, str]:
        return (surname(self.person.name), self.person.name.casefold(), self.person.key)


def _letters(name: str) -> str:
    folded = "".join(c for c in unicodedata.normalize("NFKD", surname(name))
                     if c.isascii() and c.isalnum())
    return folded or "0"


class Authors:
    """Everyone in the collection and the page each is on (computed once a build)."""

    def __init__(self, collection: Collection, newest_first: list[Paper]) -> None:
        topics = collection.topics
        by_key: dict[str, Person] = {}
        written: dict[str, list[Paper]] = defaultdict(list)
        shared: dict[str, Counter[str]] = defaultdict(Counter)
        for paper in newest_first:
            people = collection.authors.get(paper.id, ())
            keys = list(dict.fromkeys(p.key for p in people))
            for person in people:
                by_key.setdefault(person.key, person)
            for key in keys:
                written[key].append(paper)
                shared[key].update(k for k in keys if k != key)
        self.people: dict[str, Author] = {}
        for key, person in by_key.items():
            counted = Counter(t for p in written[key] for t in p.topics if t in topics)
            self.people[key] = Author(
                person, tuple(written[key]),
                tuple((by_key[k], n) for k, n in
                      sorted(shared[key].items(), key=lambda kv: (-kv[1], by_key[kv[0]].name))),
                tuple((topics[t], n) for t, n in
                      sorted(counted.items(), key=lambda kv: (-kv[1], topics[kv[0]].title))))
        self.pages = _split(sorted(self.people.values(), key=lambda a: a.sort_key))

    @cached_property
    def page_of(self) -> dict[str, str]:
        """Person key -> the page's prefix (``b``, ``be``...)."""
        return {a.person.key: prefix for prefix, members in self.pages.items() for a in members}

    def url(self, key: str, up: str = "../../", here: str | None = None) -> str:
        """The person's section, from a page ``up`` below the site root (from the
        authors page ``here``, the shortest link)."""
        page = self.page_of[key]
        if here is not None:
            return f"#{key}" if page == here else f"../{page}/#{key}"
        return f"{up}{AUTHORS_DIR}/{page}/#{key}"


def _split(ordered: list[Author]) -> dict[str, list[Author]]:
    """People by page prefix: a surname's first letter, or more letters (up to
    ``KEY_LETTERS``) where a page would pass ``PAGE_BYTES``, then numbered pages
    (``zha-1``, ``zha-2``) where one surname alone would; in order."""
    def size(members: list[Author]) -> int:
        return sum(_PERSON_BYTES + _PAPER_BYTES * len(a.papers) for a in members)

    pages: dict[str, list[Author]] = {}

    def place(prefix_len: int, members: list[Author]) -> None:
        groups: dict[str, list[Author]] = {}
        for author in members:
            letters = _letters(author.person.name)
            groups.setdefault(letters[:prefix_len], []).append(author)
        for prefix, group in groups.items():
            if size(group) <= PAGE_BYTES:
                pages[prefix] = group
            elif prefix_len < KEY_LETTERS and \
                    any(len(_letters(a.person.name)) > prefix_len for a in group):
                place(prefix_len + 1, group)
            else:  # one common surname (Zhang): consecutive pages in name order
                part: list[Author] = []
                parts: list[list[Author]] = [part]
                for author in group:
                    if part and size(part) + size([author]) > PAGE_BYTES:
                        part = []
                        parts.append(part)
                    part.append(author)
                for i, members in enumerate(parts, 1):
                    pages[f"{prefix}-{i}"] = members

    place(1, ordered)
    return dict(sorted(pages.items(), key=lambda kv: kv[1][0].sort_key))
