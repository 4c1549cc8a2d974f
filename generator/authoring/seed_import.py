"""Import the seed capture once into curated records, one YAML file per paper.

The capture (``skill-papers.txt``) is page furniture, then a title line and an
abstract line per paper, the first title glued to the page's ``Subscribe`` button::

    Get trending papers in your email inbox once a day!
    Get trending papers in your email inbox!
    SubscribeSkillMimic-V2: Learning Robust and Generalizable Interaction Skills ...
    We address a fundamental challenge in Reinforcement Learning from ...
    Decoupling Skill Learning from Robotic Control for Generalizable Object ...
    Recent works in robotic manipulation through reinforcement learning (RL) ...

The metadata (``paper-metadata.yaml``) is matched to it by normalised title::

    - title: 'SkillMimic-V2: Learning Robust and Generalizable Interaction Skills ...'
      arxiv: '2505.02094'          # or null
      authors: [Runyi Yu, ...]     # or [] / null

Each paper becomes ``content/papers/<id>.yaml``::

    # yaml-language-server: $schema=../../generator/schema/paper.schema.json
    title: 'SkillMimic-V2: Learning Robust and Generalizable Interaction Skills ...'
    short_name: SkillMimic-V2
    authors:
    - Runyi Yu
    arxiv: '2505.02094'
    topics: []
    links:
      code: https://github.com/...
    added: '2026-11-27'
    abstract: >-
      We address a fundamental challenge in Reinforcement Learning from Interaction
      Demonstration (RLID): ...

Records are curated by hand afterwards, so a paper that already has a record
(found by arXiv id, title or file name) is left alone and reported as kept, unless
``overwrite`` is set; then its record is rewritten in place, under its current id.
"""

from __future__ import annotations

import argparse
import datetime
import difflib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.authoring.latex import LatexError, extract_links, latex_to_text
from generator.authoring.recordfile import record_yaml
from generator.model.identifiers import ARXIV_ID
from generator.model.problems import one_line
from generator.model.slug import slugify
from generator.records.validate import normalised_title

MAX_ID_LENGTH = 60
ID_WORDS = 5
# Lines of the listing page that are not papers.
_FURNITURE = re.compile(r"^(Get trending papers in your email inbox.*|Subscribe)$")
_SUBSCRIBE = re.compile(r"^Subscribe(?=\S)")
_TITLE_MAX = 300
# Title words that do not help tell papers apart in an id.
_ID_STOPWORDS = frozenset(
    {"a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "for", "from"}
    | {"how", "in", "into", "is", "it", "its", "of", "on", "or", "the", "their", "to"}
    | {"through", "using", "via", "vs", "we", "what", "when", "which", "with", "you"}
)


class SeedError(Exception):
    """An input file that cannot be imported at all (missing, unreadable, malformed)."""


@dataclass(frozen=True)
class SeedPaper:
    """A title/abstract pair as captured, with the title's line number."""

    title: str
    abstract: str
    line: int


@dataclass(frozen=True)
class PaperMetadata:
    title: str
    arxiv: str | None
    authors: tuple[str, ...]


@dataclass(frozen=True)
class PaperRecord:
    """One record file's content, in the file's key order."""

    title: str
    short_name: str | None
    authors: tuple[str, ...]
    arxiv: str | None
    topics: tuple[str, ...]
    links: dict[str, str]
    added: str
    abstract: str


@dataclass
class ImportReport:
    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def normalise_title(title: str) -> str:
    """A title as records compare titles (``validate.normalised_title``), after its
    LaTeX is turned into text."""
    return normalised_title(latex_to_text(title))


def parse_capture(text: str, source: str, report: ImportReport) -> list[SeedPaper]:
    """Pair title and abstract lines; lines that fit no pair are reported as errors."""
    papers: list[SeedPaper] = []
    title: tuple[int, str] | None = None
    seen_content = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or _FURNITURE.match(line):
            continue
        if not seen_content:
            line = _SUBSCRIBE.sub("", line)
            seen_content = True
        if title is None:
            if len(line) > _TITLE_MAX:
                report.errors.append(f"{source}:{number}: abstract without a title line")
            else:
                title = (number, line)
        elif _looks_like_title(line):
            report.errors.append(f"{source}:{title[0]}: title {title[1]!r} has no abstract")
            title = (number, line)
        else:
            papers.append(SeedPaper(title=title[1], abstract=line, line=title[0]))
            title = None
    if title is not None:
        report.errors.append(f"{source}:{title[0]}: title {title[1]!r} has no abstract")
    return papers


def _looks_like_title(line: str) -> bool:
    """A short line that is no sentence: abstracts have full stops, often URLs."""
    return len(line) <= _TITLE_MAX and ". " not in line and not line.endswith(".")


def load_metadata(path: Path) -> list[PaperMetadata]:
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise SeedError(f"{path}: cannot read: {error.strerror}") from error
    except yaml.YAMLError as error:
        raise SeedError(f"{path}: not valid YAML: {error}") from error
    if not isinstance(entries, list):
        raise SeedError(f"{path}: expected a list of papers")
    metadata = []
    for index, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("title"), str):
            raise SeedError(f"{path}: entry {index}: expected a mapping with a 'title'")
        arxiv = entry.get("arxiv")
        authors = entry.get("authors") or []
        if arxiv is not None and not (isinstance(arxiv, str) and ARXIV_ID.match(arxiv)):
            raise SeedError(f"{path}: entry {index}: 'arxiv': not an arXiv id: {arxiv!r}")
        if not isinstance(authors, list) or not all(isinstance(a, str) for a in authors):
            raise SeedError(f"{path}: entry {index}: 'authors': expected a list of names")
        metadata.append(PaperMetadata(entry["title"], arxiv, tuple(authors)))
    return metadata


def match_metadata(
    papers: list[SeedPaper], metadata: list[PaperMetadata], source: str, report: ImportReport
) -> list[PaperMetadata | None]:
    """Each paper's metadata: same normalised title, else the closest similar title."""
    unused = {normalise_title(entry.title): entry for entry in metadata}
    matched: list[PaperMetadata | None] = []
    for paper in papers:
        key = normalise_title(paper.title)
        if key not in unused:
            close = difflib.get_close_matches(key, list(unused), n=1, cutoff=0.85)
            if close:
                report.warnings.append(
                    f"{source}:{paper.line}: metadata matched by similar title "
                    f"{unused[close[0]].title!r}"
                )
                key = close[0]
            else:
                report.warnings.append(f"{source}:{paper.line}: no metadata for {paper.title!r}")
        matched.append(unused.pop(key, None))
    for entry in unused.values():
        report.warnings.append(f"metadata for {entry.title!r} matches no paper in {source}")
    return matched


def derive_short_name(title: str) -> str | None:
    """The title's prefix before ``:`` when it reads as a name (``SkillMimic-V2``).

    A name has at most three words, each starting with a capital or a digit, so
    ``Beating the average:`` is not one. Catchy phrases that pass (``Calibrated
    Chaos:``) are curated away by hand in the records.
    """
    prefix, colon, _ = title.partition(":")
    words = prefix.split()
    if not colon or not 1 <= len(words) <= 3:
        return None
    if all(word[0].isupper() or word[0].isdigit() for word in words):
        return prefix.strip()
    return None


def derive_id(title: str, short_name: str | None, taken: set[str]) -> str:
    """A short, stable, unique file stem: the short name, else the title's key words."""
    if short_name:
        candidates = [slugify(short_name)]
    else:
        words = [
            word
            for word in slugify(title).split("-")
            if word not in _ID_STOPWORDS and (len(word) > 1 or word.isdigit())
        ]
        candidates = [slugify(" ".join(words), max_words=n) for n in (ID_WORDS, ID_WORDS + 1)]
    candidates = [_shorten(candidate) for candidate in candidates]
    for candidate in candidates:
        if candidate and candidate not in taken:
            return candidate
    base = candidates[0][: MAX_ID_LENGTH - 4].rstrip("-") or "paper"
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def _shorten(slug: str) -> str:
    """Cut a slug to ``MAX_ID_LENGTH`` characters at a word boundary."""
    if len(slug) <= MAX_ID_LENGTH:
        return slug
    return slug[: MAX_ID_LENGTH + 1].rsplit("-", 1)[0]


def build_record(paper: SeedPaper, metadata: PaperMetadata | None, added: str) -> PaperRecord:
    title = latex_to_text(paper.title)
    abstract, links = extract_links(latex_to_text(paper.abstract))
    return PaperRecord(
        title=title,
        short_name=derive_short_name(title),
        authors=metadata.authors if metadata else (),
        arxiv=metadata.arxiv if metadata else None,
        topics=(),
        links=links,
        added=added,
        abstract=abstract,
    )


def dump_record(record: PaperRecord) -> str:
    """The record file's text (see ``recordfile``)."""
    fields: dict[str, Any] = {"title": record.title}
    if record.short_name:
        fields["short_name"] = record.short_name
    if record.authors:
        fields["authors"] = list(record.authors)
    if record.arxiv:
        fields["arxiv"] = record.arxiv
    fields["topics"] = list(record.topics)
    if record.links:
        fields["links"] = dict(record.links)
    fields["added"] = record.added
    fields["abstract"] = record.abstract
    return record_yaml(fields)


def _existing_records(out_dir: Path, report: ImportReport) -> dict[str, Path]:
    """Existing record files by arXiv id, by normalised title and by file stem."""
    index: dict[str, Path] = {}
    for path in sorted(out_dir.glob("*.yaml")):
        index[f"id:{path.stem}"] = path
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError):
            report.warnings.append(f"{path}: unreadable record, matched by file name only")
            continue
        if isinstance(data, dict):
            if isinstance(data.get("arxiv"), str):
                index[f"arxiv:{data['arxiv']}"] = path
            if isinstance(data.get("title"), str):
                index[f"title:{normalise_title(data['title'])}"] = path
    return index


def import_seed(
    papers_txt: Path, metadata_yaml: Path, out_dir: Path, added: str, *, overwrite: bool = False
) -> ImportReport:
    """Write one record per captured paper into ``out_dir``; keep existing records.

    Raises ``SeedError`` when an input cannot be read at all; problems with single
    papers are collected in the report.
    """
    report = ImportReport()
    try:
        capture = papers_txt.read_text(encoding="utf-8")
    except OSError as error:
        raise SeedError(f"{papers_txt}: cannot read: {error.strerror}") from error
    papers = parse_capture(capture, papers_txt.name, report)
    metadata = match_metadata(papers, load_metadata(metadata_yaml), papers_txt.name, report)
    records = []
    for number, (paper, meta) in enumerate(zip(papers, metadata, strict=True), 1):
        try:
            records.append(build_record(paper, meta, added))
        except LatexError as error:  # text nested too deep to convert
            raise SeedError(f"{papers_txt}: paper {number}: {error}") from error

    out_dir.mkdir(parents=True, exist_ok=True)
    existing = _existing_records(out_dir, report)
    taken = {path.stem for path in existing.values()}
    for record in records:
        derived = derive_id(record.title, record.short_name, set())
        path = (
            existing.get(f"arxiv:{record.arxiv}")
            or existing.get(f"title:{normalise_title(record.title)}")
            or existing.get(f"id:{derived}")
        )
        if path is not None and not overwrite:
            report.kept.append(path)
            continue
        if path is None:
            path = out_dir / f"{derive_id(record.title, record.short_name, taken)}.yaml"
            taken.add(path.stem)
        path.write_text(dump_record(record), encoding="utf-8")
        report.written.append(path)
    return report


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--papers", type=Path, required=True, help="the captured skill-papers.txt")
    parser.add_argument("--metadata", type=Path, required=True, help="paper-metadata.yaml")
    parser.add_argument("--out", type=Path, default=Path("content/papers"), help="record directory")
    parser.add_argument("--added", default=datetime.date.today().isoformat(), help="YYYY-MM-DD")
    parser.add_argument("--overwrite", action="store_true", help="rewrite existing records")


def run(args: argparse.Namespace) -> int:
    try:
        datetime.date.fromisoformat(args.added)
    except ValueError:
        print(f"error: --added: not a YYYY-MM-DD date: {args.added!r}", file=sys.stderr)
        return 2
    try:
        report = import_seed(
            args.papers, args.metadata, args.out, args.added, overwrite=args.overwrite
        )
    except SeedError as error:
        print(f"error: {one_line(str(error))}", file=sys.stderr)
        return 1
    # messages quote titles and file names from the capture: one line each
    for message in report.errors:
        print(f"error: {one_line(message)}", file=sys.stderr)
    for message in report.warnings:
        print(f"warning: {one_line(message)}", file=sys.stderr)
    print(f"written {len(report.written)}, kept {len(report.kept)}")
    return 1 if report.errors else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m generator import-seed",
        description="Import the seed capture into paper records.",
    )
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
