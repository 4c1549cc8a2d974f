"""What every page producer needs, computed once per build."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from generator.links.related import LinkMemory, Related, mentioned_by, mentions, related_papers
from generator.model.papers import Collection, Paper
from generator.site import bibtex
from generator.site.paging import PAPERS_A_PAGE
from generator.site.people import Authors
from generator.site.render import Renderer

DEFAULT_LARGE_ABOVE = 500
# What a page producer yields: (path inside the docs folder, content); build.PRODUCERS
Output = Iterator[tuple[str, str | bytes]]


def site_settings(root: Path) -> dict[str, Any]:
    """The few mkdocs.yml settings pages need (kept free of YAML tags so it parses safely)."""
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    return {"name": config.get("site_name", ""),
            "description": config.get("site_description", ""),
            "url": (config.get("site_url") or "").rstrip("/") + "/",
            "repo_url": (config.get("repo_url") or "").rstrip("/"),
            "large_above": (config.get("extra") or {}).get("large_collection_above"),
            "papers_a_page": (config.get("extra") or {}).get("papers_a_page"),
            # where "Correct this record" and the Add-a-paper form send contributors
            "branch": (config.get("extra") or {}).get("repo_branch") or "main"}


@dataclass
class Context:
    """The collection and what pages derive from it, each computed once, when first
    asked; ``links`` remembers related papers and mentions from earlier runs."""

    root: Path
    collection: Collection
    renderer: Renderer
    links: LinkMemory | None = None
    _bibtex: dict[str, str] = field(default_factory=dict, init=False, repr=False)

    @property
    def site(self) -> dict[str, Any]:
        return self.renderer.site

    @cached_property
    def related(self) -> dict[str, list[Related]]:
        return related_papers(self.collection, memory=self.links)

    @cached_property
    def mentions(self) -> dict[str, list[Paper]]:
        return mentions(self.collection, self.links)

    @cached_property
    def mentioned_by(self) -> dict[str, list[Paper]]:
        return mentioned_by(self.mentions, self.collection)

    @cached_property
    def citation_keys(self) -> dict[str, str]:
        return bibtex.citation_keys(self.collection)

    def bibtex_entry(self, paper: Paper) -> str:
        """The paper's BibTeX entry as its page shows it (the .bib files add the abstract)."""
        entry = self._bibtex.get(paper.id)
        if entry is None:
            entry = self._bibtex[paper.id] = bibtex.entry(paper, self.citation_keys[paper.id])
        return entry

    @cached_property
    def source_rels(self) -> dict[str, str]:
        """Each paper's record file, relative to the project (pages and exports name it)."""
        return {pid: paper.source.relative_to(self.root).as_posix()
                for pid, paper in self.collection.papers.items()}

    @cached_property
    def authors(self) -> Authors:
        """Everyone in the collection and the authors page each is on."""
        return Authors(self.collection, self.newest_first)

    @cached_property
    def venue_sizes(self) -> dict[str, int]:
        """Venue key -> how many papers it has (venues.py splits the large by year)."""
        sizes: dict[str, int] = {}
        for venue in self.collection.venue_of.values():
            sizes[venue.key] = sizes.get(venue.key, 0) + 1
        return sizes

    @cached_property
    def newest_first(self) -> list[Paper]:
        return sorted(self.collection.papers.values(),
                      key=lambda p: (-(p.year or 0), p.title.casefold(), p.id))

    @cached_property
    def large(self) -> bool:
        """More papers than ``extra.large_collection_above`` (mkdocs.yml; default 500):
        papers are searched with Pagefind and listed in their own sitemap."""
        above = self.site.get("large_above")
        if not isinstance(above, int) or isinstance(above, bool):
            above = DEFAULT_LARGE_ABOVE
        return len(self.collection.papers) > above

    @property
    def papers_a_page(self) -> int:
        """Papers a page of a long list shows (``extra.papers_a_page``, mkdocs.yml;
        default ``paging.PAPERS_A_PAGE``): the all-papers list and the topic pages."""
        size = self.site.get("papers_a_page")
        if not isinstance(size, int) or isinstance(size, bool) or size < 1:
            return PAPERS_A_PAGE
        return size

    def source_rel(self, paper: Paper) -> str:
        return self.source_rels[paper.id]
