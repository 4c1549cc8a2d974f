"""Property: whatever record the loader accepts, every export parses and holds its text.

Records are generated with the characters that break exports (TeX specials, math,
`` and ``, commas, formula starts, quotes, markup, line breaks, non-ASCII), written
with the record writer and read by the real loader (``load_paper``); those it
refuses are skipped. For the rest, ``papers.bib`` is read with bibtexparser,
``papers.csv`` with csv, ``papers.json`` with json and ``feed.xml`` with
feedparser, and each field must be exactly the record's text, but for the two
documented rules: BibTeX's (``generator/site/bibtex.py``: whitespace, TeX escapes,
math kept only when harmless) and CSV's quote before a formula
(``exports.csv_cell``). Every BibTeX value must also be inert in TeX.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import bibtexparser
import feedparser
import pytest
from conftest import TOY, make_project
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator.authoring.recordfile import record_yaml
from generator.model.papers import Collection, Paper
from generator.model.problems import Problems
from generator.records.collection import load_paper, load_topics
from generator.site import exports, feeds
from generator.site.context import Context
from generator.site.render import Renderer
from tests.tools.bibtext import expected_text, inert, names_of, text_of

SITE = "https://skill-papers.github.io/skill-papers/"
SETTINGS = settings(deadline=None, max_examples=60, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture,
                                           HealthCheck.filter_too_much])

PIECES = ["$x^2$", r"$\mathcal{O}(n)$", r"$\input{/etc/passwd}$", r"$\immediate\write18{id}$",
          r"$\catcode`\@=11$", "$^^5c$", " and ", "others", ", ", r"100\%", r"R\&D", "\\",
          "{", "}", "%", "#", "&", "_", "^", "~", "$", "=", "+", "-", "@", "'", '"', "<b>",
          "</title>", "&amp;", "]]>", "--", "\t", "é", "Ω", "中", "🙂", "\u00a0"]
ALPHABET = st.characters(codec="utf-8", categories=("L", "M", "N", "P", "S", "Zs"),
                         exclude_characters="\ufffe\uffff\u00ad\u061c\u180e\ufeff")
TEXT = st.lists(st.one_of(st.sampled_from(PIECES), st.text(ALPHABET, min_size=1, max_size=6)),
                min_size=1, max_size=12).map("".join)
LINE = TEXT.map(lambda t: t.replace("\t", " ")).filter(lambda t: t.strip() != "")
URL_TAIL = st.text(st.characters(codec="ascii", categories=("L", "N", "P", "S"),
                                 exclude_characters="<>\"'"), max_size=20)


@st.composite
def records(draw: st.DrawFn) -> dict[str, Any]:
    record: dict[str, Any] = {"title": draw(LINE.map(lambda t: t[:300]))}
    authors = draw(st.lists(LINE.map(lambda t: t[:120]), max_size=3, unique=True))
    if authors:
        record["authors"] = authors
    if draw(st.booleans()):
        record["venue"] = draw(LINE.map(lambda t: t[:200]))
    if draw(st.booleans()):
        record["doi"] = "10.1234/" + draw(URL_TAIL.filter(lambda t: t.strip() == t and t))
    if draw(st.booleans()):
        record["links"] = {"paper": "https://example.org/" + draw(URL_TAIL),
                           "code": "https://github.com/" + draw(URL_TAIL)}
    record["topics"] = ["humanoid-skills"]
    record["added"] = "2026-01-0" + draw(st.sampled_from("123"))
    record["abstract"] = draw(st.lists(TEXT, min_size=1, max_size=3).map("\n".join)
                              .filter(lambda t: t.strip() != ""))
    return record


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("properties"), TOY / "content")
    for path in (project / "content" / "papers").glob("*.yaml"):
        path.unlink()
    return project


def loaded(root: Path, drawn: list[dict[str, Any]]) -> list[Paper]:
    """The records as the loader reads them; a record it refuses ends the example."""
    topics = load_topics(root / "content", root, Problems())
    papers = []
    for number, record in enumerate(drawn):
        path = root / "content" / "papers" / f"p{number}.yaml"
        path.write_text(record_yaml(record), encoding="utf-8")
        problems = Problems()
        paper = load_paper(path, root, topics, problems)
        path.unlink()
        assume(paper is not None and not problems.errors())
        assert paper is not None
        papers.append(paper)
    assume(len({p.title.casefold() for p in papers}) == len(papers))
    return papers


def csv_text(cell: str) -> str:
    """The documented CSV rule, read back: a cell that starts with ' had one added."""
    return cell[1:] if cell.startswith("'") else cell


@SETTINGS
@given(drawn=st.lists(records(), min_size=1, max_size=2))
def test_every_export_parses_and_holds_the_records_text(root: Path,
                                                        drawn: list[dict[str, Any]]) -> None:
    papers = loaded(root, drawn)
    collection = Collection({p.id: p for p in papers},
                            load_topics(root / "content", root, Problems()))
    ctx = Context(root, collection, Renderer(name="Toy", url=SITE, description=""))
    files = dict(exports.bib_files(ctx)) | dict(exports.data_files(ctx)) | dict(feeds.feeds(ctx))

    library = bibtexparser.parse_string(str(files["papers.bib"]))
    assert library.failed_blocks == []
    entries = {entry.key: entry.fields_dict for entry in library.entries}
    assert len(entries) == len(papers)
    for paper in papers:
        fields = {name: f.value for name, f in entries[ctx.citation_keys[paper.id]].items()}
        verbatim = {"doi", "url", "eprint", "archiveprefix", "year"}
        assert all(inert(v) for name, v in fields.items() if name not in verbatim), fields
        assert not [v for name, v in fields.items() if name in verbatim
                    and re.search(r"[\\{}^\s]|%(?![0-9A-F]{2})", v)], fields
        assert text_of(fields["title"]) == expected_text(paper.title)
        assert text_of(fields["abstract"]) == expected_text(paper.abstract)
        if paper.authors:
            assert names_of(fields["author"]) == [expected_text(a) for a in paper.authors]
        if paper.venue:
            venue = fields.get("journal", fields.get("booktitle"))
            assert venue is not None and text_of(venue) == expected_text(paper.venue)
        if paper.doi:
            assert unquote(fields["doi"]) == paper.doi
        url = paper.doi_url or paper.links.get("paper")
        if url:
            assert unquote(fields["url"]) == unquote(url)

    data = json.loads(files["papers.json"])
    rows = list(csv.DictReader(io.StringIO(str(files["papers.csv"]), newline="")))
    feed = feedparser.parse(files["feed.xml"])
    assert not feed.bozo, feed.get("bozo_exception")
    by_id = {paper.id: paper for paper in papers}
    for item, row in zip(data["papers"], rows, strict=True):
        paper = by_id[item["id"]]
        assert (item["title"], item["abstract"], item["authors"], item["venue"],
                item["doi"], item["links"]) == (paper.title, paper.abstract,
                                                list(paper.authors), paper.venue, paper.doi,
                                                dict(paper.links))
        assert row["id"] == paper.id
        assert not row["title"].startswith(exports.FORMULA_START[:-1])
        assert csv_text(row["title"]) == paper.title
        assert csv_text(row["abstract"]) == paper.abstract
        assert csv_text(row["venue"]) == (paper.venue or "")
        authors = csv_text(row["authors"])
        assert authors == "; ".join(paper.authors)
    entries_by_id = {e.id.rstrip("/").rsplit("/", 1)[1]: e for e in feed.entries}
    for paper in papers:
        entry = entries_by_id[paper.id]
        assert entry.title == paper.title
        assert entry.summary == paper.abstract
        assert [a.name for a in entry.get("authors", [])] == list(paper.authors)
