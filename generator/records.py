"""Load the whole collection: every file read, every rule checked, then typed records.

Layout of ``content/``::

    content/topics.yaml          the taxonomy (a list of topics)
    content/papers/<id>.yaml     one paper a file; the file name is the paper's id
    content/pages/*.md           hand-written pages (about, contributing, home text)

``load_collection`` never raises for bad input: it returns what it could build
plus every problem it found, so one run reports them all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .load import Document, read_yaml
from .model import Collection, Paper, Topic, date_from_arxiv
from .problems import Problems
from .validate import (
    ID_PATTERN,
    check_date,
    check_schema,
    check_strings,
    near_duplicate_titles,
    normalised_title,
    suggest,
)


def _rel(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def load_topics(content: Path, root: Path, problems: Problems) -> dict[str, Topic]:
    path = content / "topics.yaml"
    rel = _rel(path, root)
    if not path.exists():
        problems.add(rel, 0, "(file)", "the topic taxonomy is missing")
        return {}
    doc = read_yaml(path, root, problems)
    if doc is None or not check_schema(doc, "topics.schema.json", rel, problems):
        return {}
    topics: dict[str, Topic] = {}
    for i, item in enumerate(doc.value):
        key = item["key"]
        line = doc.line(f"[{i}].key")
        if key in topics:
            problems.add(rel, line, f"[{i}].key",
                         f"topic '{key}' is defined twice (first on line {topics[key].line})")
            continue
        topics[key] = Topic(key=key, title=item["title"], description=item["description"],
                            source=path, line=line, related=tuple(item.get("related") or ()),
                            parent=item.get("parent"))
    for i, topic in enumerate(topics.values()):
        for field, keys in (("related", topic.related), ("parent", (topic.parent,))):
            for key in keys:
                if key is not None and key not in topics:
                    problems.add(rel, doc.line(f"[{i}].{field}"), f"[{i}].{field}",
                                 f"unknown topic '{key}'{suggest(key, list(topics))}")
    return topics  # in the order of the file: the curators chose it


def _paper(doc: Document, paper_id: str, value: dict[str, Any]) -> Paper:
    year, month = date_from_arxiv(value.get("arxiv"))
    return Paper(
        id=paper_id, title=value["title"].strip(), abstract=value["abstract"].strip(),
        topics=tuple(value["topics"]), added=value["added"], source=doc.path,
        authors=tuple(a.strip() for a in value.get("authors") or ()),
        year=value.get("year", year), month=month if "year" not in value or
        value["year"] == year else None,
        venue=value.get("venue"), arxiv=value.get("arxiv"), doi=value.get("doi"),
        short_name=value.get("short_name"), links=dict(value.get("links") or {}),
        lines=dict(doc.lines))


def load_paper(path: Path, root: Path, topics: dict[str, Topic],
               problems: Problems) -> Paper | None:
    rel = _rel(path, root)
    paper_id = path.stem
    if not ID_PATTERN.fullmatch(paper_id):
        problems.add(rel, 0, "(file name)",
                     f"'{path.name}' must be the paper id: lowercase letters, digits and '-', "
                     "ending in .yaml")
    doc = read_yaml(path, root, problems)
    if doc is None:
        return None
    if not isinstance(doc.value, dict):
        problems.add(rel, doc.line(""), "(file)", "a record is a mapping of fields")
        return None
    check_strings(doc, rel, problems)
    ok = check_schema(doc, "paper.schema.json", rel, problems)
    if isinstance(doc.value.get("added"), str):
        check_date(doc.value["added"], rel, doc.line("added"), "added", problems)
    for i, key in enumerate(doc.value.get("topics") or []):
        if isinstance(key, str) and topics and key not in topics:
            problems.add(rel, doc.line(f"topics[{i}]"), "topics",
                         f"unknown topic '{key}'{suggest(key, list(topics))}")
    return _paper(doc, paper_id, doc.value) if ok else None


def check_across(papers: list[Paper], root: Path, problems: Problems) -> None:
    """Rules that compare records: unique ids, arXiv ids, DOIs and titles."""
    seen: dict[tuple[str, str], Paper] = {}
    for paper in papers:
        for field, value in (("id", paper.id.casefold()), ("arxiv", paper.arxiv),
                             ("doi", (paper.doi or "").casefold() or None),
                             ("title", normalised_title(paper.title))):
            if value is None:
                continue
            first = seen.setdefault((field, value), paper)
            if first is not paper:
                what = {"id": "the id of", "arxiv": "the arXiv id of", "doi": "the DOI of",
                        "title": "the title of"}[field]
                line = paper.line(field) if field != "id" else 0
                problems.add(_rel(paper.source, root), line, field,
                             f"same as {what} {_rel(first.source, root)}")
    by_id = {p.id: p for p in papers}
    for a, b, score in near_duplicate_titles({p.id: p.title for p in papers}):
        problems.add(_rel(by_id[b].source, root), by_id[b].line("title"), "title",
                     f"nearly the same title as {_rel(by_id[a].source, root)} "
                     f"({score:.0f}% alike); is it the same paper?", "warning")


def load_collection(root: Path) -> tuple[Collection, Problems]:
    """Read ``root/content`` into a Collection and the problems found."""
    problems = Problems()
    content = root / "content"
    topics = load_topics(content, root, problems)
    papers = []
    for path in sorted((content / "papers").glob("*")):
        if path.suffix != ".yaml":
            if path.is_file() and path.name != ".gitkeep":
                problems.add(_rel(path, root), 0, "(file name)",
                             "paper records are .yaml files; rename or remove this file")
            continue
        paper = load_paper(path, root, topics, problems)
        if paper is not None:
            papers.append(paper)
    check_across(papers, root, problems)
    collection = Collection(papers={p.id: p for p in sorted(papers, key=lambda p: p.id)},
                            topics=topics)
    for key, members in collection.papers_by_topic().items():
        if key in topics and not members:
            topic = topics[key]
            problems.add(_rel(topic.source, root), topic.line, "key",
                         f"topic '{key}' has no papers", "warning")
    return collection, problems
