"""``python -m generator review``: what a pull request does to the collection.

For the reviewer of a data-only pull request: the records it adds, changes and
removes (``git diff --name-status --no-renames BASE...HEAD -- content``), with their
titles and topics, what ``check`` says about them, the gaps the health page would
list, and where to download the preview. Both versions of ``content/`` are read
from git (``git archive``) and loaded with ``load_collection``, so the review says
exactly what the checker says. The output is Markdown for a job summary::

    ## Records: 1 added, 1 changed, 1 removed
    <table> one row a record: change, file, title, topics </table>
    ### Check: 0 errors, 2 warnings
    <ul> the errors, and the warnings about the files changed </ul>
    ### Preview
    Download the artifact site-preview from <a href="...">this run's page</a> ...

Record text (titles, topic names, file names, messages quoting values) goes only
into HTML elements, HTML-escaped and on one line. GitHub reads an HTML block as
HTML, not Markdown, so nothing a record says becomes markup, a link or an image;
and every line begins with text of this module, so none can be read as a workflow
command (``::error ...``) wherever the output is printed.
"""

from __future__ import annotations

import argparse
import html
import io
import os
import re
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Literal

from generator.model.papers import Collection, Paper
from generator.model.problems import Problem
from generator.records.collection import load_collection
from generator.site.health import gaps

Change = Literal["added", "changed", "removed"]
CHANGES: tuple[Change, ...] = ("added", "changed", "removed")  # the order shown
ARTIFACT = "site-preview"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Entry:
    """One record of the diff: its head version (base version when removed)."""

    change: Change
    path: str
    title: str | None  # None: the record did not load (its errors are listed)
    topics: tuple[str, ...] = ()  # topic titles
    old_title: str | None = None  # a changed record's title before, if it differs
    gaps: tuple[str, ...] = ()  # what the health page would list it for


@dataclass
class Review:
    base: str
    head: str
    entries: list[Entry] = field(default_factory=list)
    other: list[tuple[Change, str]] = field(default_factory=list)  # other files of content/
    problems: list[Problem] = field(default_factory=list)

    def paths(self, change: Change) -> list[str]:
        return [e.path for e in self.entries if e.change == change]


def _git(root: Path, *args: str) -> bytes:
    return subprocess.run(["git", "-C", str(root), *args], check=True,
                          capture_output=True).stdout


def _content_at(root: Path, ref: str, into: Path) -> Collection:
    """The collection of ``ref``, extracted under ``into`` and loaded."""
    into.mkdir(parents=True)
    if _git(root, "ls-tree", "-d", ref, "content"):
        tar = _git(root, "archive", "--format=tar", ref, "content")
        with tarfile.open(fileobj=io.BytesIO(tar)) as archive:
            archive.extractall(into, filter="data")
    return load_collection(into)[0] if (into / "content").is_dir() else Collection({}, {})


def _changes(root: Path, base: str, head: str) -> list[tuple[Change, str]]:
    out = _git(root, "diff", "--name-status", "--no-renames", "-z", f"{base}...{head}",
               "--", "content")
    fields = [os.fsdecode(f) for f in out.split(b"\0") if f]
    kinds: dict[str, Change] = {"A": "added", "D": "removed"}
    return sorted(((kinds.get(status[0], "changed"), path)
                   for status, path in zip(fields[::2], fields[1::2], strict=True)),
                  key=lambda change: (CHANGES.index(change[0]), change[1]))


def _record_id(path: str) -> str | None:
    """The id of a paper record's path (``content/papers/<id>.yaml``), else None."""
    pure = PurePosixPath(path)
    return pure.stem if pure.parent == PurePosixPath("content/papers") \
        and pure.suffix == ".yaml" else None


def _entry(change: Change, path: str, paper: Paper | None, collection: Collection,
           before: Paper | None = None) -> Entry:
    if paper is None:
        return Entry(change, path, None)
    old_title = before.title if before is not None and before.title != paper.title else None
    return Entry(change, path, paper.title,
                 tuple(t.title for t in collection.topics_of(paper)), old_title,
                 tuple(gaps(paper)) if change != "removed" else ())


def review(root: Path, base: str, head: str) -> Review:
    """Compare the collections of two commits of the repository at ``root``."""
    def short(ref: str) -> str:
        return _git(root, "rev-parse", "--short", f"{ref}^{{commit}}").decode().strip()

    result = Review(short(base), short(head))
    with tempfile.TemporaryDirectory(prefix="review-") as tmp:
        # base...head: what head changed since it left base (as a pull request's diff)
        merge_base = _git(root, "merge-base", base, head).decode().strip()
        before = _content_at(root, merge_base, Path(tmp) / "base")
        after_root = Path(tmp) / "head"
        _content_at(root, head, after_root)
        after, problems = load_collection(after_root)
    changed = _changes(root, base, head)
    for change, path in changed:
        paper_id = _record_id(path)
        if paper_id is None:
            result.other.append((change, path))
        elif change == "removed":
            result.entries.append(_entry(change, path, before.papers.get(paper_id), before))
        else:
            result.entries.append(_entry(change, path, after.papers.get(paper_id), after,
                                         before.papers.get(paper_id)))
    touched = {path for change, path in changed if change != "removed"}
    # Every error (each fails the check), and the warnings in or about a changed file
    # (a near-duplicate title is reported in the other record's file, naming this one).
    result.problems = [p for p in problems.sorted()
                       if p.severity == "error" or p.path in touched
                       or any(path in p.message for path in touched)]
    return result


def _text(value: object) -> str:
    """Record text for an HTML element: one line, control characters shown as U+FFFD
    (a removed record never passed the head's check), HTML-escaped."""
    line = _CONTROL.sub("\ufffd", " ".join(str(value).split()))
    return html.escape(line, quote=True)


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def render(result: Review, preview_url: str | None = None,
           artifact: str = ARTIFACT) -> str:
    """The review as Markdown (with HTML blocks) for a GitHub job summary."""
    counts = {change: len(result.paths(change)) for change in CHANGES}
    lines = ["## Records: " + ", ".join(f"{n} {change}" for change, n in counts.items()), "",
             f"Compared with the base `{result.base}` (head `{result.head}`).", ""]
    if result.entries:
        lines += ["<table>",
                  "<tr><th>Change</th><th>Record</th><th>Title</th><th>Topics</th></tr>"]
        for e in result.entries:
            title = "<em>not loaded: see the errors below</em>" if e.title is None \
                else _text(e.title)
            if e.old_title is not None:
                title += f"<br>was: {_text(e.old_title)}"
            topics = "<br>".join(_text(t) for t in e.topics)
            lines.append(f"<tr><td>{e.change}</td><td><code>{_text(e.path)}</code></td>"
                         f"<td>{title}</td><td>{topics}</td></tr>")
        lines += ["</table>", ""]
    if result.other:
        lines += ["Other files of <code>content/</code>:", "<ul>"]
        lines += [f"<li><code>{_text(path)}</code> {change}</li>" for change, path in result.other]
        lines += ["</ul>", ""]
    errors = [p for p in result.problems if p.severity == "error"]
    gap_lines = [f"<li>warning: <code>{_text(e.path)}</code>: without "
                 f"{_text(', '.join(e.gaps))} (the health page lists it)</li>"
                 for e in result.entries if e.gaps]
    n_warnings = len(result.problems) - len(errors) + len(gap_lines)
    lines += [f"### Check: {_count(len(errors), 'error')}, {_count(n_warnings, 'warning')}", ""]
    if result.problems or gap_lines:
        lines.append("<ul>")
        for p in result.problems:
            where = f"{p.path}:{p.line}" if p.line else p.path
            label = "error" if p.severity == "error" else "warning"
            lines.append(f"<li>{label}: <code>{_text(where)}</code>: {_text(p.field)}: "
                         f"{_text(p.message)}</li>")
        lines += [*gap_lines, "</ul>", ""]
    else:
        lines += ["Nothing to report.", ""]
    lines += ["### Preview", ""]
    if preview_url:
        lines.append(f"Download the artifact <code>{_text(artifact)}</code> from "
                     f"<a href=\"{_text(preview_url)}\">this run's page</a>, unzip it into "
                     f"<code>{_text(artifact)}/</code>, run <code>python3 -m http.server -d "
                     f"{_text(artifact)} 8000</code> and open http://127.0.0.1:8000/.")
    else:
        lines.append("No preview: the site was not built and uploaded.")
    return "\n".join(lines) + "\n"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--base", required=True, metavar="REF",
                        help="the commit the pull request goes into (its base)")
    parser.add_argument("--head", default="HEAD", metavar="REF",
                        help="the pull request's commit (default: HEAD)")
    parser.add_argument("--preview-url", metavar="URL",
                        help="the page to download the built site from (the run's page)")
    parser.add_argument("--artifact", default=ARTIFACT, help="the preview artifact's name")
    parser.add_argument("--summary", type=Path, metavar="FILE",
                        help="append the Markdown to FILE ($GITHUB_STEP_SUMMARY), "
                             "not to standard output")


def run(args: argparse.Namespace) -> int:
    try:
        result = review(args.root, args.base, args.head)
    except subprocess.CalledProcessError as error:
        message = " ".join(os.fsdecode(error.stderr or b"").split())
        print(f"review: git {' '.join(error.cmd[3:])} failed: {message}", file=sys.stderr)
        return 2
    text = render(result, args.preview_url, args.artifact)
    if args.summary is None:
        sys.stdout.write(text)
        return 0
    with args.summary.open("a", encoding="utf-8") as summary:
        summary.write(text)
    counts = ", ".join(f"{len(result.paths(c))} {c}" for c in CHANGES)
    print(f"review: {counts}; summary appended to {args.summary}")
    return 0
