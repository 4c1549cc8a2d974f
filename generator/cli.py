"""Command line: ``python -m generator {check,build,new,import,import-seed,review}``.

Each command is one function; bad input is reported (every problem, sorted) and
gives exit status 1, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from generator import review
from generator.authoring import scaffold
from generator.authoring import seed_import as importer
from generator.records.collection import load_collection
from generator.write.build import generate


def cmd_check(args: argparse.Namespace) -> int:
    _, problems = load_collection(args.root)
    report = problems.report(strict=args.strict)
    if report:
        print(report, file=sys.stderr)
    failed = bool(problems.errors(args.strict))
    if not failed:
        print(f"ok: {len(list((args.root / 'content' / 'papers').glob('*.yaml')))} records")
    return 1 if failed else 0


def cmd_build(args: argparse.Namespace) -> int:
    start = time.perf_counter()
    output = generate(args.root, strict=args.strict)
    report = output.problems.report(strict=args.strict)
    if report:
        print(report, file=sys.stderr)
    if output.problems.errors(args.strict):
        print("generator: nothing written; fix the problems above", file=sys.stderr)
        return 1
    took = time.perf_counter() - start
    print(f"generator: {len(output.collection.papers)} papers, "
          f"{len(output.collection.topics)} topics: {len(output.written)} written, "
          f"{output.unchanged} unchanged, {len(output.removed)} removed ({took:.2f} s)")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from generator.authoring import bibimport

    return bibimport.main(args.root, args.bibtex, args.topic, args.dry_run)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    top.add_argument("--root", type=Path, default=Path.cwd(),
                     help="project folder holding mkdocs.yml and content/ (default: .)")
    sub = top.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate every record and report all problems")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.set_defaults(func=cmd_check)
    build = sub.add_parser("build", help="validate, then write the Markdown pages to build/docs")
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build.set_defaults(func=cmd_build)
    bib = sub.add_parser("import", help="add papers from a BibTeX file (Zotero, Google Scholar)")
    bib.add_argument("--bibtex", type=Path, required=True, metavar="FILE.bib")
    bib.add_argument("--topic", action="append", default=[], metavar="KEY",
                     help="topic of every imported paper (repeatable; default: suggested)")
    bib.add_argument("--dry-run", action="store_true", help="report, write nothing")
    bib.set_defaults(func=cmd_import)
    seed = sub.add_parser("import-seed", help="import the seed capture into content/papers "
                          "(existing records are kept)")
    importer.add_arguments(seed)
    seed.set_defaults(func=importer.run)
    new = sub.add_parser("new", help="start a record: id, date, year, topic suggestions")
    scaffold.add_arguments(new)
    new.set_defaults(func=scaffold.run)
    compare = sub.add_parser("review", help="the records a pull request adds, changes and "
                             "removes, with check's warnings, as Markdown for its summary")
    review.add_arguments(compare)
    compare.set_defaults(func=review.run)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    args.root = args.root.resolve()
    status: int = args.func(args)
    return status
