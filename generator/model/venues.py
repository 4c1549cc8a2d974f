"""Venues: where papers appeared, under one name however records spell it.

``content/venues.yaml`` (optional) gives a venue's ``name`` (NeurIPS), the
``variants`` records write ("Advances in Neural Information Processing
Systems"), an optional ``key`` and ``url``. ``Venues.venue(written)`` is the
curated venue whose name or variant the written one is (NFC, white space
collapsed, case folded), else the written venue with a trailing year dropped
("LREC 2022" is LREC; the year is the paper's), as an uncurated venue. A record
without a venue and with an arXiv id is a preprint (``PREPRINTS``), as is one
whose venue is arXiv itself ("arXiv", "CoRR").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator.model.people import normal_name
from generator.model.slug import slugify, unique

_TRAILING_YEAR = re.compile(r"[\s,'’]*(?:19|20)\d\d$")


@dataclass(frozen=True)
class Venue:
    key: str
    name: str
    variants: tuple[str, ...] = ()
    url: str | None = None
    source: Path | None = None
    line: int = 0


PREPRINTS = Venue(key="arxiv-preprints", name="arXiv preprints")
# what records write for arXiv itself: the preprints, not a venue of their own
PREPRINT_SPELLINGS = frozenset({"arxiv", "corr", "arxiv preprint", "arxiv.org"})
KEY_WORDS = 6  # a venue key is the first words of its name


def venue_form(written: str) -> str:
    """How written venues are compared: NFC, white space collapsed, case folded."""
    return normal_name(written).casefold()


def plain_venue(written: str) -> str:
    """The written venue without a trailing year: "LREC 2022" -> "LREC"."""
    name = normal_name(written)
    stripped = _TRAILING_YEAR.sub("", name).strip()
    return stripped or name


@dataclass
class Venues:
    entries: tuple[Venue, ...] = ()
    _by_form: dict[str, Venue] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        for venue in self.entries:
            for written in (venue.name, *venue.variants):
                self._by_form.setdefault(venue_form(written), venue)

    def venue(self, written: str) -> Venue:
        curated = self._by_form.get(venue_form(written)) or \
            self._by_form.get(venue_form(plain_venue(written)))
        if curated:
            return curated
        name = plain_venue(written)
        if venue_form(name) in PREPRINT_SPELLINGS:
            return PREPRINTS
        return Venue(key=slugify(name, max_words=KEY_WORDS) or "venue", name=name)

    def resolve(self, papers: Iterable[tuple[str, str | None, str | None]]
                ) -> dict[str, Venue]:
        """Paper id -> its venue, for (id, venue, arXiv id) of each paper; uncurated
        venues whose keys collide get ``-2``, ``-3``... in the order of first paper."""
        taken = {v.key for v in self.entries} | {PREPRINTS.key}
        keyed: dict[str, Venue] = {}
        found: dict[str, Venue] = {}
        for paper_id, written, arxiv in sorted(papers, key=lambda p: p[0]):
            if not written:
                if arxiv:
                    found[paper_id] = PREPRINTS
                continue
            venue = self.venue(written)
            if venue.source is None and venue is not PREPRINTS:
                form = venue_form(venue.name)
                if form not in keyed:
                    keyed[form] = Venue(key=unique(venue.key, taken), name=venue.name)
                venue = keyed[form]
            found[paper_id] = venue
        return found
