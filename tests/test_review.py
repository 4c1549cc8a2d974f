"""``python -m generator review``: the job summary of a pull request, on scratch git
repositories of the toy collection (no site builds), and its escaping of record text."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import lxml.html
import markdown
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.model.problems import Problem
from generator.review import Entry, Review, render, review
from tests.conftest import TOY

ENV = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_AUTHOR_NAME": "T",
       "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "T",
       "GIT_COMMITTER_EMAIL": "t@example.org"}
RECORD = """\
title: '{title}'
topics: [humanoid-skills]
added: '2026-01-15'
abstract: A record with only the required fields.
"""


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, env=ENV, check=True, capture_output=True,
                          text=True).stdout


def toy_repo(tmp_path: Path) -> Path:
    """The toy content/ committed and tagged ``base``."""
    shutil.copytree(TOY / "content", tmp_path / "content")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "base")
    git(tmp_path, "tag", "base")
    return tmp_path


def commit(repo: Path) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "change")


def test_a_near_duplicate_reported_in_the_other_file_is_listed(tmp_path: Path) -> None:
    """check reports a near-duplicate title in the later file of the two, here the
    unchanged one; the review lists it because it names the added record."""
    repo = toy_repo(tmp_path)
    (repo / "content" / "papers" / "aaa-skillmimic.yaml").write_text(RECORD.format(
        title="SkillMimic: Learning Reusable Basketball Skill from Demonstrations"))
    commit(repo)
    result = review(repo, "base", "HEAD")
    assert [(e.change, e.path) for e in result.entries] == [
        ("added", "content/papers/aaa-skillmimic.yaml")]
    assert [(p.path, p.field, p.severity) for p in result.problems] == [
        ("content/papers/skillmimic.yaml", "title", "warning")]
    assert "content/papers/aaa-skillmimic.yaml" in result.problems[0].message
    assert result.entries[0].gaps == ("an arXiv id", "authors",
                                      "links (code, project, data...)", "a year")


def test_errors_a_record_that_does_not_load_and_other_files(tmp_path: Path) -> None:
    repo = toy_repo(tmp_path)
    papers = repo / "content" / "papers"
    (papers / "broken.yaml").write_text("title: No abstract\ntopics: [humanoid-skills]\n"
                                        "added: '2026-01-15'\n")
    topics = repo / "content" / "topics.yaml"
    topics.write_text(topics.read_text() + "- key: unused\n  title: Unused\n"
                      "  description: A topic without papers.\n")
    (papers / "nnose.yaml").unlink()
    commit(repo)
    result = review(repo, "base", "HEAD")
    assert [(e.change, e.path, e.title) for e in result.entries] == [
        ("added", "content/papers/broken.yaml", None),
        ("removed", "content/papers/nnose.yaml",
         "NNOSE: Nearest Neighbor Occupational Skill Extraction")]
    assert result.other == [("changed", "content/topics.yaml")]
    assert [str(p) for p in result.problems] == [
        "content/papers/broken.yaml:1: abstract: required field is missing",
        "content/topics.yaml:9: key: warning: topic 'unused' has no papers"]
    text = render(result)
    assert "<td><em>not loaded: see the errors below</em></td>" in text
    assert "### Check: 1 error, 1 warning\n" in text
    assert "<li><code>content/topics.yaml</code> changed</li>" in text
    assert text.endswith("### Preview\n\nNo preview: the site was not built and uploaded.\n")


def test_the_command_prints_or_appends_and_reports_git_errors(tmp_path: Path) -> None:
    repo = toy_repo(tmp_path)
    (repo / "content" / "papers" / "nnose.yaml").unlink()
    commit(repo)
    command = [sys.executable, "-m", "generator", "--root", str(repo), "review",
               "--base", "base"]
    printed = subprocess.run(command, capture_output=True, text=True, env=ENV)
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout.startswith("## Records: 0 added, 0 changed, 1 removed\n")
    summary = tmp_path / "summary.md"
    summary.write_text("before\n")
    appended = subprocess.run([*command, "--summary", str(summary)], capture_output=True,
                              text=True, env=ENV)
    assert appended.stdout == f"review: 0 added, 0 changed, 1 removed; summary appended to " \
                              f"{summary}\n"
    assert summary.read_text() == "before\n" + printed.stdout
    bad = subprocess.run([*command[:-1], "no-such-ref"], capture_output=True, text=True,
                         env=ENV)
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr.startswith("review: git rev-parse --short no-such-ref^{commit} failed")


# Where record text goes: titles, topic names, file names, problem messages.
text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
ALLOWED_TAGS = {"html", "body", "div", "h2", "h3", "p", "table", "tr", "th", "td", "code",
                "br", "em", "ul", "li", "a"}
LINE_STARTS = ("## Records: ", "Compared with the base ", "<table>", "<tr>", "</table>",
               "Other files of ", "<ul>", "<li>", "</ul>", "### Check: ", "Nothing to report.",
               "### Preview", "Download the artifact ", "No preview: ")


@settings(max_examples=150, deadline=None)
@given(title=text, topic=text, path=text, message=text, old=text)
@example(title="[x](https://evil.example) **b** <img src=x onerror=alert(1)> www.evil.example",
         topic="</td></tr></table><script>alert(1)</script>", path="::error::x.yaml",
         message="\n::error file=a::b", old="![i](https://evil.example/i.png)")
def test_record_text_is_only_ever_text(title: str, topic: str, path: str, message: str,
                                       old: str) -> None:
    """Whatever a record says, the summary's structure is the module's own: each line
    starts as the module writes it (so none is a workflow command), and read as
    Markdown it holds only the module's elements, with one link, the preview's."""
    result = Review("abc1234", "def5678",
                    entries=[Entry("added", path, title, (topic,), old, ("authors",)),
                             Entry("removed", path, None)],
                    other=[("changed", path)],
                    problems=[Problem(path, 3, topic, message, "warning")])
    out = render(result, "https://github.com/o/r/actions/runs/1")
    lines = [line for line in out.splitlines() if line]
    assert [line for line in lines if not line.startswith(LINE_STARTS)] == []
    tree = lxml.html.fromstring(f"<div>{markdown.markdown(out)}</div>")
    assert {element.tag for element in tree.iter()} <= ALLOWED_TAGS
    assert [a.get("href") for a in tree.iter("a")] == ["https://github.com/o/r/actions/runs/1"]
    cell = tree.xpath("//tr[2]/td[3]")[0]
    shown = re.sub(r"[\x00-\x1f\x7f-\x9f]", "\ufffd", " ".join(title.split()))
    assert re.sub(r"\s+", " ", cell.text_content()).startswith(shown)
