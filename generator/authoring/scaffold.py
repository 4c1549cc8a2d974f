"""``python -m generator new``: start a record from what a contributor knows.

Offline: nothing is fetched. Given a title and an abstract (pasted, from a file,
or from stdin) and whatever else is known, it writes ``content/papers/<id>.yaml``::

    $ python -m generator new --arxiv 2408.15270 --title "SkillMimic: ..." \\
          --authors "Yinhuai Wang, Qihan Zhao" --abstract-file abstract.txt
    suggested topics (closest papers first):
      humanoid-and-character-skills  0.41
      robot-skill-learning           0.17
    wrote content/papers/skillmimic-learning-reusable-basketball-skills.yaml

The id comes from ``--id``, else the short name, else the title's first words
(``slug.slugify``); ``added`` is today; ``year`` follows from a new-style arXiv id
or ``--year``. Without ``--topic`` the record gets the topics whose papers are
most like the new one (TF-IDF cosine to each topic's centroid). The record is
checked with the real validator before it is written, an existing file is never
overwritten, and a paper already in the collection (same arXiv id, DOI or
title) is refused.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path
from typing import Any

from generator.authoring.recordfile import record_yaml
from generator.links.topics import TopicSuggester, pick
from generator.model.identifiers import LINK_KINDS, MAX_ID_LENGTH
from generator.model.papers import date_from_arxiv
from generator.model.problems import Problems, one_line
from generator.model.slug import slugify
from generator.records.collection import (
    check_id,
    check_record,
    load_collection,
)
from generator.records.load import MAX_BYTES
from generator.records.validate import INVISIBLE, likely_identifier

# "and" as a word of its own (Unicode words, as add-paper.js reads them)
_AND = re.compile(r"(?<![^\W_])and(?![^\W_])")


def clean(text: str) -> str:
    """One line: invisible characters (soft hyphens, zero-width spaces from PDFs) dropped,
    whitespace collapsed."""
    return " ".join(INVISIBLE.sub("", text).split())


def split_authors(text: str) -> list[str]:
    """``"Ada Lovelace, Charles Babbage and Alan Turing"`` -> three names; ``;`` or one
    name a line also separate names. A comma separates names only when every part
    between commas has two words or more: otherwise the commas are read as in
    ``Last, First`` (``"Doe, Jane"`` is one name, ``"Doe, Jane and Roe, Rick"`` two),
    as BibTeX writes names. ``add-paper.js`` splits the same way."""
    if ";" in text:
        parts = text.split(";")
    elif "\n" in text.strip():
        parts = text.split("\n")
    else:
        parts = _AND.split(text)
        pieces = [piece for part in parts for piece in part.split(",")]
        if all(len(piece.split()) > 1 for piece in pieces if piece.strip()):
            parts = pieces
    return [clean(part) for part in parts if clean(part)]


def fields_from_args(args: argparse.Namespace, today: dt.date) -> dict[str, Any]:
    fields: dict[str, Any] = {"title": clean(args.title or "")}
    if args.short_name:
        fields["short_name"] = clean(args.short_name)
    authors = [clean(a) for a in args.author or []]
    if args.authors:
        authors += split_authors(args.authors)
    if authors:
        fields["authors"] = authors
    arxiv = (args.arxiv or "").strip()
    if likely_identifier("arxiv", arxiv):  # a pasted URL, version or 'arXiv:' prefix
        arxiv = str(likely_identifier("arxiv", arxiv))
        print(f"new: using the arXiv id {arxiv}", file=sys.stderr)
    year = args.year or date_from_arxiv(arxiv)[0]
    if year:
        fields["year"] = year
    if args.venue:
        fields["venue"] = clean(args.venue)
    if arxiv:
        fields["arxiv"] = arxiv
    if args.doi:
        doi = args.doi.strip()
        fields["doi"] = likely_identifier("doi", doi) or doi
    if args.topic:
        fields["topics"] = list(dict.fromkeys(args.topic))
    links = {kind: url.strip() for kind in LINK_KINDS
             if (url := getattr(args, kind))}
    if links:
        fields["links"] = links
    fields["added"] = today.isoformat()
    fields["abstract"] = clean(read_abstract(args))
    return fields


class BadArgument(Exception):
    """An argument of ``new`` that cannot be used, with the one-line reason."""


def read_abstract(args: argparse.Namespace) -> str:
    """The abstract from ``--abstract``, a file or standard input; a file is read for
    at most ``MAX_BYTES`` (a record's limit) and must be UTF-8 text."""
    if args.abstract_file == "-":
        stream = getattr(sys.stdin, "buffer", None)
        raw = stream.read(MAX_BYTES + 1) if stream is not None else \
            sys.stdin.read(MAX_BYTES + 1).encode("utf-8", "surrogatepass")
    elif args.abstract_file:
        try:
            with open(args.abstract_file, "rb") as file:
                raw = file.read(MAX_BYTES + 1)
        except OSError as exc:
            raise BadArgument(f"--abstract-file: cannot read {args.abstract_file!r}: "
                              f"{exc.strerror or exc}") from None
    else:
        return str(args.abstract or "")
    if len(raw) > MAX_BYTES:
        raise BadArgument(f"the abstract is more than {MAX_BYTES:,} bytes; a record is at "
                          f"most {MAX_BYTES:,} bytes")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadArgument(f"the abstract is not UTF-8 text (byte 0x{raw[exc.start]:02x} at "
                          f"offset {exc.start}); save it as UTF-8") from None


def paper_id(args: argparse.Namespace, fields: dict[str, Any]) -> str:
    if args.id is not None:  # even empty: it is checked, not replaced
        return str(args.id)
    source = fields.get("short_name") or fields["title"]
    words = 1 if fields.get("short_name") else 6
    slug = slugify(source, max_words=words)
    return slug[:MAX_ID_LENGTH].rstrip("-")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--title", required=True, help="the paper's title")
    parser.add_argument("--abstract", help="the abstract, as text")
    parser.add_argument("--abstract-file", metavar="PATH",
                        help="read the abstract from a file ('-' for standard input)")
    parser.add_argument("--authors", help="all authors in one string: 'A, B and C'")
    parser.add_argument("--author", action="append", metavar="NAME",
                        help="one author (repeat for each, in order)")
    parser.add_argument("--arxiv", help="arXiv id without version, like 2505.02094")
    parser.add_argument("--doi", help="DOI without https://doi.org/")
    parser.add_argument("--year", type=int, help="year (default: from a new-style arXiv id)")
    parser.add_argument("--venue", help="conference or journal")
    parser.add_argument("--short-name", help="the name the paper is known by (SkillMimic)")
    parser.add_argument("--topic", action="append", metavar="KEY",
                        help="a topic key from content/topics.yaml (repeat for more); "
                             "default: the closest topics")
    for kind in LINK_KINDS:
        parser.add_argument(f"--{kind}", metavar="URL", help=f"link to the {kind}")
    parser.add_argument("--id", help="the record's id and file name (default: from the "
                                     "short name or the title)")
    parser.add_argument("--stdout", action="store_true",
                        help="print the record instead of writing it")


def run(args: argparse.Namespace, today: dt.date | None = None) -> int:
    root: Path = args.root
    collection, _ = load_collection(root)  # the collection's own problems are not ours
    try:
        fields = fields_from_args(args, today or dt.date.today())
    except BadArgument as exc:
        print(f"new: {one_line(str(exc))}", file=sys.stderr)
        return 1
    note = ""
    suggester = TopicSuggester(collection)
    ranked = suggester.ranked(fields["title"], fields["abstract"])
    if ranked:
        print("suggested topics (closest papers first):", file=sys.stderr)
        width = max(len(key) for key, _ in ranked)
        for key, score in ranked[:5]:
            print(f"  {key:<{width}}  {score:.2f}", file=sys.stderr)
    if "topics" not in fields:
        picked = pick(ranked)
        if picked:
            fields["topics"] = [key for key, _ in picked]
            note = ("topics suggested from similar papers; check them against "
                    "content/topics.yaml")
        else:
            print("new: no topic is close enough to suggest one; choose with --topic KEY",
                  file=sys.stderr)
    new_id = paper_id(args, fields)
    # the id is checked before it names a path: '../x' or '/x' would leave content/papers
    problems = Problems()
    check_id(new_id, f"content/papers/{new_id}.yaml", problems)
    if problems.errors():
        print(problems.report(), file=sys.stderr)
        print("new: nothing written", file=sys.stderr)
        return 1
    text = record_yaml(fields, note)
    path = root / "content" / "papers" / f"{new_id}.yaml"
    rel = path.relative_to(root).as_posix()
    problems = check_record(root, path, text, collection)
    if path.exists():
        problems.add(rel, 1, "(file name)", "already exists; edit that record, or choose "
                     "another id with --id")
    if problems.errors():
        print(problems.report(), file=sys.stderr)
        print("new: nothing written", file=sys.stderr)
        return 1
    if args.stdout:
        sys.stdout.write(text)
        return 0
    try:
        with path.open("x", encoding="utf-8") as out:  # never overwrite, even in a race
            out.write(text)
    except OSError as exc:
        print(f"new: cannot write {rel}: {one_line(exc.strerror or str(exc))}", file=sys.stderr)
        return 1
    print(f"wrote {rel}")
    return 0
