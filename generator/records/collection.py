"""Load the whole collection: every file read, every rule checked, then typed records.

Layout of ``content/``::

    content/topics.yaml          the taxonomy (a list of topics)
    content/papers/<id>.yaml     one paper a file; the file name is the paper's id
    content/pages/*.md           hand-written pages (about, contributing, home text)

``load_collection`` never raises for bad input: it returns what it could build
plus every problem it found, so one run reports them all.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.model.identifiers import ID_PATTERN, MAX_ID_LENGTH
from generator.model.papers import Collection, Paper, Topic, date_from_arxiv
from generator.model.problems import Problems
from generator.model.sitepaths import RESERVED_IDS, RESERVED_KEYS, reserved_message
from generator.records.cache import PaperCache
from generator.records.load import MAX_TAXONOMY_BYTES, Document, parse_text, read_yaml, rel_path
from generator.records.people import load_people, load_venues
from generator.records.rules import check_rules, load_rules
from generator.records.validate import (
    TitleMemory,
    check_arxiv_month,
    check_date,
    check_schema,
    check_strings,
    check_year,
    near_duplicate_titles,
    normalised_title,
    report_unknown,
    show,
    type_name,
)

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass
class RecordMemory:
    """What loading reuses from one run to the next in one process (the preview):
    the records whose files did not change, and the titles compared last."""

    papers: PaperCache = dataclasses.field(default_factory=PaperCache)
    titles: TitleMemory = dataclasses.field(default_factory=TitleMemory)


def load_topics(content: Path, root: Path, problems: Problems) -> dict[str, Topic]:
    path = content / "topics.yaml"
    rel = rel_path(path, root)
    if not path.exists():
        problems.add(rel, 0, "(file)", "the topic taxonomy is missing")
        return {}
    doc = read_yaml(path, root, problems, MAX_TAXONOMY_BYTES, "the taxonomy")
    if doc is None:
        return {}
    check_strings(doc, rel, problems)
    if not check_schema(doc, "topics.schema.json", rel, problems):
        return {}
    topics: dict[str, Topic] = {}
    for i, item in enumerate(doc.value):
        key = item["key"]
        line = doc.line(f"[{i}].key")
        if key in RESERVED_KEYS:
            problems.add(rel, line, f"[{i}].key",
                         reserved_message(key, RESERVED_KEYS[key], "topic key"))
            continue
        if key in topics:
            problems.add(rel, line, f"[{i}].key",
                         f"topic '{key}' is defined twice (first on line {topics[key].line})")
            continue
        topics[key] = Topic(key=key, title=item["title"], description=item["description"],
                            source=path, line=line, related=tuple(item.get("related") or ()),
                            parent=item.get("parent"))
    unknown = []
    for i, item in enumerate(doc.value):
        for field in ("related", "parent"):
            keys = item.get(field) or ()
            for j, key in enumerate([keys] if isinstance(keys, str) else keys):
                if key not in topics:
                    where = f"[{i}].{field}" + (f"[{j}]" if field == "related" else "")
                    unknown.append((doc.line(where), f"[{i}].{field}", key))
    report_unknown(unknown, list(topics), rel, problems)
    return topics  # in the order of the file: the curators chose it


def _paper(doc: Document, paper_id: str, value: dict[str, Any]) -> Paper:
    arxiv_year, arxiv_month = date_from_arxiv(value.get("arxiv"))
    year = value.get("year", arxiv_year)
    # the arXiv month only dates the paper when the year is the arXiv id's year
    month = arxiv_month if year == arxiv_year else None
    return Paper(
        id=paper_id, title=value["title"].strip(), abstract=value["abstract"].strip(),
        topics=tuple(value["topics"]), added=value["added"], source=doc.path,
        authors=tuple(a.strip() for a in value.get("authors") or ()),
        year=year, month=month,
        venue=value.get("venue"), arxiv=value.get("arxiv"), doi=value.get("doi"),
        short_name=value.get("short_name"), links=dict(value.get("links") or {}),
        lines=dict(doc.lines))


def load_paper(path: Path, root: Path, topics: dict[str, Topic],
               problems: Problems) -> Paper | None:
    rel = rel_path(path, root)
    paper_id = path.stem
    check_id(paper_id, rel, problems)
    doc = read_yaml(path, root, problems)
    if doc is None:
        return None
    return paper_from_document(doc, paper_id, rel, topics, problems)


def check_id(paper_id: str, rel: str, problems: Problems) -> None:
    """The file name is the id: lowercase words joined by '-', not too long, and not
    one whose page would be another generated page (``sitepaths.RESERVED_IDS``)."""
    if paper_id in RESERVED_IDS:
        problems.add(rel, 1, "(file name)",
                     reserved_message(paper_id, RESERVED_IDS[paper_id], "id"))
    elif not ID_PATTERN.fullmatch(paper_id):
        problems.add(rel, 1, "(file name)",
                     f"{show(paper_id + '.yaml')} must be the paper id: lowercase letters, "
                     "digits and '-' (like 'skillmimic-v2'), then .yaml")
    elif len(paper_id) > MAX_ID_LENGTH:
        problems.add(rel, 1, "(file name)",
                     f"the id '{paper_id}' is {len(paper_id)} characters, at most "
                     f"{MAX_ID_LENGTH}; shorten the file name")


def paper_from_document(doc: Document, paper_id: str, rel: str, topics: dict[str, Topic],
                        problems: Problems) -> Paper | None:
    """Every rule for one record that is already parsed; the paper if it is usable."""
    if not isinstance(doc.value, dict):
        problems.add(rel, doc.line(""), "(file)",
                     f"a record is a mapping of fields (like 'title: ...'), not "
                     f"{type_name(doc.value)}")
        return None
    value = doc.value
    check_strings(doc, rel, problems)
    ok = check_schema(doc, "paper.schema.json", rel, problems)
    if isinstance(value.get("added"), str) and _DATE.fullmatch(value["added"]):
        check_date(value["added"], rel, doc.line("added"), "added", problems)
    if isinstance(value.get("year"), int):
        check_year(value["year"], rel, doc.line("year"), problems)
    arxiv_year, arxiv_month = date_from_arxiv(value.get("arxiv")
                                              if isinstance(value.get("arxiv"), str) else None)
    if arxiv_year and arxiv_month:
        check_arxiv_month(arxiv_year, arxiv_month, rel, doc.line("arxiv"), problems)
    listed = value.get("topics")
    if topics:
        report_unknown([(doc.line(f"topics[{i}]"), "topics", key)
                        for i, key in enumerate(listed if isinstance(listed, list) else [])
                        if isinstance(key, str) and ID_PATTERN.fullmatch(key)
                        and key not in topics], list(topics), rel, problems)
    return _paper(doc, paper_id, value) if ok else None


def told_apart(a: Paper, b: Paper) -> str | None:
    """What shows that two records with one title are two papers, if anything:
    different arXiv ids, DOIs, years or author lists (each known for both)."""
    for what, left, right in (
            ("arXiv ids", a.arxiv, b.arxiv),
            ("DOIs", (a.doi or "").casefold() or None, (b.doi or "").casefold() or None),
            ("years", a.year, b.year),
            ("authors", tuple(normalised_title(n) for n in a.authors) or None,
             tuple(normalised_title(n) for n in b.authors) or None)):
        if left is not None and right is not None and left != right:
            return what
    return None


def check_across(papers: list[Paper], root: Path, problems: Problems,
                 titles: TitleMemory | None = None
                 ) -> tuple[list[tuple[str, str, float]], list[tuple[str, str]]]:
    """Rules that compare records: unique ids, arXiv ids, DOIs and titles. Returns the
    pairs of nearly the same titles (id, id, % alike) and of records sharing a title
    that tell themselves apart otherwise (warnings here, lists on the health page);
    one title on two records is an error only when nothing else tells
    the records apart, since distinct papers share titles in every real collection."""
    seen: dict[tuple[str, str], Paper] = {}
    titled: dict[str, list[Paper]] = {}
    same_titles: list[tuple[str, str]] = []
    for paper in papers:
        rel = rel_path(paper.source, root)
        for field, value in (("id", paper.id.casefold()), ("arxiv", paper.arxiv),
                             ("doi", (paper.doi or "").casefold() or None)):
            if value is None:
                continue
            first = seen.setdefault((field, value), paper)
            if first is paper:
                continue
            there = rel_path(first.source, root)
            if field == "id":
                problems.add(rel, 1, "(file name)", f"the id '{paper.id}' differs only in "
                             f"case from {there}; ids are lowercase")
            else:
                what = f"arXiv id {paper.arxiv}" if field == "arxiv" else f"DOI {paper.doi}"
                problems.add(rel, paper.line(field), field, f"the same {what} as "
                             f"{there}:{first.line(field)}; one paper, one record")
        earlier = titled.setdefault(normalised_title(paper.title), [])
        twin = next((other for other in earlier if not told_apart(other, paper)), None)
        if twin is not None:
            problems.add(rel, paper.line("title"), "title",
                         f"the same title as {rel_path(twin.source, root)}:{twin.line('title')}, "
                         "and nothing else tells them apart (arXiv id, DOI, year, authors); "
                         "one paper, one record")
        elif earlier:
            other = earlier[0]
            same_titles.append((other.id, paper.id))
            problems.add(rel, paper.line("title"), "title",
                         f"the same title as {rel_path(other.source, root)}:{other.line('title')}, "
                         f"with other {told_apart(other, paper)}; if it is the same paper, "
                         "keep one record", "warning")
        earlier.append(paper)
    by_id = {p.id: p for p in papers}
    pairs = near_duplicate_titles({p.id: p.title for p in papers}, titles)
    for a, b, score in pairs:
        problems.add(rel_path(by_id[b].source, root), by_id[b].line("title"), "title",
                     f"nearly the same title as {rel_path(by_id[a].source, root)} "
                     f"({score:.0f}% alike); is it the same paper?", "warning")
    return pairs, sorted(same_titles)


def load_collection(root: Path, memory: RecordMemory | None = None
                    ) -> tuple[Collection, Problems]:
    """Read ``root/content`` into a Collection and the problems found; with a
    ``memory`` of earlier runs, only what changed since is parsed and compared
    again (the result is the same)."""
    problems = Problems()
    content = root / "content"
    topics = load_topics(content, root, problems)
    papers = []
    # by name: one folder, the same order as by path, ~10 times faster to sort
    for path in sorted((content / "papers").glob("*"), key=lambda p: p.name):
        if path.suffix != ".yaml":
            if path.suffix.lower() in (".yml", ".yaml"):
                problems.add(rel_path(path, root), 1, "(file name)",
                             f"paper records end in .yaml; rename it to '{path.stem}.yaml'")
            elif path.is_file() and path.name != ".gitkeep":
                problems.add(rel_path(path, root), 1, "(file name)",
                             "paper records are .yaml files; rename or remove this file")
            continue
        if memory is not None:
            paper = memory.papers.load(load_paper, path, root, topics, problems)
        else:
            paper = load_paper(path, root, topics, problems)
        if paper is not None:
            papers.append(paper)
    near_duplicates, same_titles = check_across(papers, root, problems,
                                               memory.titles if memory else None)
    rules = load_rules(root, problems)
    by_id = {p.id: p for p in sorted(papers, key=lambda p: p.id)}
    collection = Collection(papers=by_id,
                            topics=topics, near_duplicates=near_duplicates,
                            same_titles=same_titles,
                            rules={name: rule.settings for name, rule in rules.items()},
                            people=load_people(content, root, by_id, problems),
                            venues=load_venues(content, root, problems))
    check_rules(collection, root, rules, problems)
    counted = "papers_per_topic" in rules and rules["papers_per_topic"].settings.get("min", 0)
    for key, members in collection.papers_by_topic().items():
        if key in topics and not members and not counted:
            topic = topics[key]
            problems.add(rel_path(topic.source, root), topic.line, "key",
                         f"topic '{key}' has no papers", "warning")
    return collection, problems


def check_record(root: Path, path: Path, text: str, collection: Collection) -> Problems:
    """A record not yet written (``text``, to be saved at ``path``) through every rule,
    against the collection: the problems that concern it, as ``check`` would report
    them once it is saved."""
    problems = Problems()
    rel = rel_path(path, root)
    doc = parse_text(text, path, rel, problems)
    check_id(path.stem, rel, problems)
    if doc is None:
        return problems
    paper = paper_from_document(doc, path.stem, rel, collection.topics, problems)
    if paper is not None:
        others = [p for p in collection.papers.values() if p.id != paper.id]
        check_across([*others, paper], root, problems)
        # keep what concerns the new record, wherever check_across filed it
        problems.items = [p for p in problems.items if p.path == rel or rel in p.message]
    return problems
