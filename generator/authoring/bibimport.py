"""Bulk import: ``python -m generator import --bibtex FILE.bib [--topic KEY ...] [--dry-run]``.

Reads a BibTeX file as Zotero or Google Scholar export it and writes one record a
new paper to ``content/papers/<id>.yaml``, in the layout of the curated records::

    # yaml-language-server: $schema=../../generator/schema/paper.schema.json
    title: 'SkillMimic: Learning Reusable Basketball Skills from Demonstrations'
    short_name: SkillMimic
    authors:
    - Yinhuai Wang
    year: 2024
    venue: CVPR 2025
    arxiv: '2408.15270'
    topics:
    - humanoid-skills
    added: '2026-11-27'
    abstract: >-
      Mastering basketball skills ...

Field mapping: author ("Last, First" too) -> authors "First Last"; journal or
booktitle -> venue (unless it only says arXiv); arXiv id from eprint, url, or a
journal like "arXiv preprint arXiv:2408.15270"; doi; url -> links.paper; abstract.
LaTeX becomes Unicode (``{\\"u}`` -> ü, ``\\&`` -> &, ``{SkillMimic}`` -> SkillMimic);
``$...$`` math stays TeX, as records write it. Cleaning, short names, ids and the
file layout are the seed import's (``latex.py``, ``importer.py``), so imported
records read like the curated ones.

An entry is skipped, with the reason, when it is already in the collection (or
earlier in the file) by arXiv id, DOI or normalised title, or when it cannot make a
valid record (no title, no abstract, no topic, a field too long or too deeply nested
to convert). A BibTeX file is anyone's: each field is measured against the record's
limit (``FIELD_LIMITS``, from the schema) before any LaTeX is converted, one bad
entry is reported on one line (keys and messages escaped by ``oneline``) and the
rest import, and the file itself is read up to ``MAX_FILE_BYTES``.

Without ``--topic`` each paper gets the topics whose papers read most like it
(TF-IDF), and the report says so. An existing file is never overwritten, and every
record is checked by the validator before it is written.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bibtexparser.entrypoint import parse_string
from bibtexparser.middlewares.names import (
    InvalidNameError,
    parse_single_name_into_parts,
    split_multiple_persons_names,
)
from bibtexparser.model import DuplicateBlockKeyBlock, Entry, ParsingFailedBlock

from generator.authoring.latex import LatexError, latex_to_text
from generator.authoring.recordfile import record_yaml
from generator.authoring.seed_import import derive_id, derive_short_name
from generator.links.topics import TopicSuggester
from generator.model.identifiers import ARXIV_IN_TEXT, ID_PATTERN
from generator.model.oneline import one_line
from generator.model.papers import Collection
from generator.records.collection import check_record, load_collection
from generator.records.load import MAX_BYTES
from generator.records.validate import normalised_title, schema, suggest

_ARXIV_ID = ARXIV_IN_TEXT  # group 1: the id without its version
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/" + _ARXIV_ID.pattern, re.IGNORECASE)
_ARXIV_TEXT = re.compile(r"arxiv(?:\s+preprint)?\s*(?:arxiv)?\s*:\s*" + _ARXIV_ID.pattern,
                         re.IGNORECASE)
# arXiv's own DOIs (10.48550/arXiv.2403.01234) say nothing the arXiv id does not.
_ARXIV_DOI = re.compile(r"(?:https?://(?:dx\.)?doi\.org/)?10\.48550/arxiv\." + _ARXIV_ID.pattern,
                        re.IGNORECASE)
_ARXIV_VENUE = re.compile(r"^(arxiv|corr)\b|\barxiv preprint\b", re.IGNORECASE)
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_URL = re.compile(r"^https?://[^\s<>\"']+$")
MAX_FILE_BYTES = 50_000_000  # room for a library of tens of thousands of papers with abstracts
# LaTeX takes room: a field is read when it is at most this many times the record's limit.
MARKUP_ROOM = 2


def _field_limits() -> dict[str, tuple[str, int]]:
    """BibTeX field -> (the record field it becomes, that field's most characters)."""
    paper = schema("paper.schema.json")
    properties = paper["properties"]
    url = paper["$defs"]["url"]["maxLength"]
    return {"title": ("title", properties["title"]["maxLength"]),
            "abstract": ("abstract", properties["abstract"]["maxLength"]),
            "journal": ("venue", properties["venue"]["maxLength"]),
            "booktitle": ("venue", properties["venue"]["maxLength"]),
            # no count of authors: the record's size bounds the list
            "author": ("authors", MAX_BYTES),
            "url": ("links.paper", url), "doi": ("doi", url)}


FIELD_LIMITS = _field_limits()


@dataclasses.dataclass
class Outcome:
    """What happened to one BibTeX entry."""

    status: str  # "added", "skipped-duplicate" or "skipped-invalid"
    key: str
    line: int | None
    message: str
    paper_id: str | None = None


def to_text(latex: str) -> str:
    """LaTeX to one line of Unicode text, as the seed import cleans it (``latex.py``):
    ``$...$`` math and URLs are kept as they are. Raises ``LatexError``."""
    return latex_to_text(latex)


def too_long(fields: dict[str, str]) -> str | None:
    """Why an entry is refused before conversion: its first field longer than it may be."""
    for name, (record_field, limit) in FIELD_LIMITS.items():
        size = len(fields.get(name, ""))
        if size > MARKUP_ROOM * limit:
            return (f"{name}: {size:,} characters; a record's {record_field} holds at most "
                    f"{limit:,}, so at most {MARKUP_ROOM * limit:,} of BibTeX are read")
    return None


def _text(fields: dict[str, str], name: str) -> str:
    try:
        return to_text(fields.get(name, ""))
    except LatexError as error:
        raise LatexError(f"{name}: {error}") from error


def person(name: str) -> str:
    """``Wang, Yinhuai`` or ``Yinhuai Wang`` (in LaTeX) -> ``Yinhuai Wang``."""
    try:
        parts = parse_single_name_into_parts(name, strict=False)
        merged = parts.merge_first_name_first
    except InvalidNameError:
        merged = name
    return to_text(merged)


def arxiv_id(fields: dict[str, str]) -> str | None:
    """The arXiv id wherever Zotero, Google Scholar, DBLP or arXiv put it (no version)."""
    eprint = fields.get("eprint", "")
    prefix = fields.get("archiveprefix", fields.get("eprinttype", "arxiv")).casefold()
    if eprint and prefix == "arxiv":
        match = _ARXIV_ID.fullmatch(eprint.strip().removeprefix("arXiv:"))
        if match:
            return match.group(1)
    arxiv_doi = _ARXIV_DOI.match(fields.get("doi", "").strip())
    if arxiv_doi:
        return arxiv_doi.group(1)
    volume = fields.get("volume", "").strip()
    if fields.get("journal", "").strip().casefold() == "corr" and volume.startswith("abs/"):
        match = _ARXIV_ID.fullmatch(volume.removeprefix("abs/"))
        if match:
            return match.group(1)
    for name in ("url", "journal", "booktitle", "note", "howpublished"):
        value = fields.get(name, "")
        match = _ARXIV_URL.search(value) or _ARXIV_TEXT.search(value)
        if match:
            return match.group(1)
    match = _ARXIV_ID.fullmatch(fields.get("arxiv", "").strip())
    return match.group(1) if match else None


def record_from_entry(entry: Entry) -> tuple[dict[str, Any], list[str]]:
    """The record fields an entry gives (no topics, no date), and what is missing."""
    fields = {f.key.casefold(): str(f.value) for f in entry.fields}
    record: dict[str, Any] = {}
    missing = []
    title = _text(fields, "title")
    if title:
        record["title"] = title
        name = derive_short_name(title)
        if name:
            record["short_name"] = name
    else:
        missing.append("no title")
    try:
        authors = [person(n) for n in split_multiple_persons_names(fields.get("author", ""))
                   if n.strip().casefold() != "others"]
    except LatexError as error:
        raise LatexError(f"author: {error}") from error
    if authors:
        record["authors"] = [a for a in authors if a]
    year = re.search(r"\b(19|20|21)\d{2}\b", fields.get("year", "") or fields.get("date", ""))
    if year:
        record["year"] = int(year.group(0))
    venue = _text(fields, "journal" if fields.get("journal") else "booktitle")
    if venue and not _ARXIV_VENUE.search(venue):
        record["venue"] = venue
    arxiv = arxiv_id(fields)
    if arxiv:
        record["arxiv"] = arxiv
    doi = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", fields.get("doi", "").strip(),
                 flags=re.IGNORECASE)
    if _DOI.match(doi) and not _ARXIV_DOI.match(doi):
        record["doi"] = doi
    url = fields.get("url", "").strip()
    if _URL.match(url) and not _ARXIV_URL.search(url) and "doi.org/" not in url:
        record["links"] = {"paper": url}
    abstract = _text(fields, "abstract")
    if abstract:
        record["abstract"] = abstract
    else:
        missing.append("no abstract (records need one: add it to the BibTeX entry)")
    return record, missing


def _identity(record: dict[str, Any]) -> list[tuple[str, str]]:
    keys = [("arXiv id", record.get("arxiv")), ("DOI", (record.get("doi") or "").casefold()),
            ("title", normalised_title(record.get("title", "")))]
    return [(what, value) for what, value in keys if value]


def _check(papers_dir: Path, record_text: str, paper_id: str,
           collection: Collection) -> list[str]:
    """The errors ``check`` would report for the record as written (the rules
    comparing records included)."""
    path = papers_dir / f"{paper_id}.yaml"
    return [f"{p.field}: {p.message}" for p in
            check_record(papers_dir.parent.parent, path, record_text, collection).errors()]


def import_bibtex(root: Path, bib_text: str, topics: Sequence[str] = (),
                  dry_run: bool = False, today: str | None = None) -> list[Outcome]:
    collection, _ = load_collection(root)
    papers_dir = root / "content" / "papers"
    today = today or dt.date.today().isoformat()
    seen: dict[tuple[str, str], str] = {}
    for paper in collection.papers.values():
        source = paper.source.relative_to(root).as_posix()
        for ident in _identity({"arxiv": paper.arxiv, "doi": paper.doi, "title": paper.title}):
            seen.setdefault(ident, source)
    taken = set(collection.papers) | {p.stem for p in papers_dir.glob("*.yaml")}
    suggester = None if topics else TopicSuggester(collection)
    library = parse_string(bib_text)
    outcomes: list[Outcome] = []
    blocks = sorted((b for b in library.blocks if isinstance(b, Entry | ParsingFailedBlock)),
                    key=lambda b: b.start_line or 0)
    for block in blocks:
        line = block.start_line + 1 if block.start_line is not None else None
        if isinstance(block, DuplicateBlockKeyBlock) and isinstance(
                block.ignore_error_block, Entry):
            block = block.ignore_error_block
        if isinstance(block, ParsingFailedBlock):
            faulty = block.ignore_error_block
            reason = (getattr(block.error, "abort_reason", None)
                      or getattr(block.error, "message", None) or str(block.error))
            error = str(reason).strip().splitlines() or ["syntax error"]
            outcomes.append(Outcome("skipped-invalid",
                                    faulty.key if isinstance(faulty, Entry) else "?", line,
                                    f"cannot be read as BibTeX: {error[0]}"))
            continue
        outcomes.append(_import_entry(block, line, collection, topics, suggester, seen, taken,
                                      papers_dir, dry_run, today))
    return outcomes


def _import_entry(entry: Entry, line: int | None, collection: Collection,
                  topics: Sequence[str], suggester: TopicSuggester | None,
                  seen: dict[tuple[str, str], str], taken: set[str], papers_dir: Path,
                  dry_run: bool, today: str) -> Outcome:
    refused = too_long({f.key.casefold(): str(f.value) for f in entry.fields})
    if refused:
        return Outcome("skipped-invalid", entry.key, line, refused)
    try:
        record, missing = record_from_entry(entry)
    except LatexError as error:
        return Outcome("skipped-invalid", entry.key, line, f"cannot convert {error}")
    for what, value in _identity(record):
        if (what, value) in seen:
            return Outcome("skipped-duplicate", entry.key, line,
                           f"same {what} as {seen[(what, value)]}")
    if missing:
        return Outcome("skipped-invalid", entry.key, line, "; ".join(missing))
    note = ""
    if topics:
        record["topics"] = list(topics)
    else:
        assert suggester is not None
        suggested = suggester.suggest(record["title"], record["abstract"])
        if not suggested:
            return Outcome("skipped-invalid", entry.key, line,
                           "no topic: none of the topics reads like it; give --topic")
        record["topics"] = [key for key, _ in suggested]
        note = "; topics suggested: " + ", ".join(f"{k} ({s:.2f})" for k, s in suggested)
    record["added"] = today
    new_id = derive_id(record["title"], record.get("short_name"), taken)
    text = record_yaml(record)
    errors = _check(papers_dir, text, new_id, collection)
    if errors:
        return Outcome("skipped-invalid", entry.key, line, "; ".join(errors))
    if not dry_run:
        papers_dir.mkdir(parents=True, exist_ok=True)
        with open(papers_dir / f"{new_id}.yaml", "x", encoding="utf-8") as out:
            out.write(text)
    taken.add(new_id)
    for ident in _identity(record):
        seen.setdefault(ident, f"entry '{entry.key}' of the BibTeX file")
    return Outcome("added", entry.key, line, f"content/papers/{new_id}.yaml{note}", new_id)


def report(outcomes: list[Outcome], dry_run: bool) -> str:
    lines = [f"{o.status:<18} {one_line(o.key)} (line {o.line}): {one_line(o.message, 500)}"
             for o in outcomes]
    counts = {s: sum(o.status == s for o in outcomes)
              for s in ("added", "skipped-duplicate", "skipped-invalid")}
    summary = (f"import: {counts['added']} added, {counts['skipped-duplicate']} skipped as "
               f"duplicates, {counts['skipped-invalid']} skipped as invalid")
    if dry_run:
        summary += " (dry run: nothing written)"
    return "\n".join([*lines, summary])


def unknown_topics(root: Path, topics: Sequence[str]) -> list[str]:
    collection, _ = load_collection(root)
    known = list(collection.topics)
    return [f"unknown topic '{key}'{suggest(key, known)}" for key in topics
            if key not in collection.topics or not ID_PATTERN.fullmatch(key)]


def main(root: Path, bib_path: Path, topics: Sequence[str], dry_run: bool,
         max_bytes: int = MAX_FILE_BYTES) -> int:
    """The ``import`` command: 0 when it ran (skipped entries are reported, not failures)."""
    unknown = unknown_topics(root, topics)
    if unknown:
        print("\n".join(f"import: --topic: {message}" for message in unknown), file=sys.stderr)
        return 1
    try:
        with bib_path.open("rb") as source:
            data = source.read(max_bytes + 1)
        if len(data) > max_bytes:
            print(f"import: {one_line(str(bib_path))}: larger than {max_bytes:,} bytes; "
                  "split it into smaller files", file=sys.stderr)
            return 1
        bib_text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        print(f"import: cannot read {one_line(str(bib_path))}: {one_line(str(error))}",
              file=sys.stderr)
        return 1
    outcomes = import_bibtex(root, bib_text, topics, dry_run)
    print(report(outcomes, dry_run))
    if not dry_run and any(o.status == "added" for o in outcomes):
        _, problems = load_collection(root)
        if problems.errors():
            print(problems.report(), file=sys.stderr)
            return 1
    return 0
