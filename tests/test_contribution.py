"""A scripted contribution, end to end, as a contributor's pull request goes.

In a scratch git repository holding a copy of the project with the toy collection,
``python -m generator new`` writes a record, another record's title is edited and a
third record is removed, and the change is committed. Then the commands of the
pull-request workflow's records-only path run, as the workflow runs them
(``.ci/changed-paths``, ``make check``, ``make build``, ``make linkcheck``,
``make review``), and must all pass; the site they built must show the new record
on its topic pages, in search, feeds and downloads, and the removed one nowhere.
One build for the module.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import bibtexparser
import feedparser
import pytest
from playwright.sync_api import Browser

from tests.conftest import REPO, TOY, make_project
from tests.tools.browser import serve
from tests.tools.worker_search import WorkerSearch

NEW = "voyager"
NEW_TITLE = "Voyager: An Open-Ended Embodied Agent with Large Language Models"
NEW_ABSTRACT = ("We introduce Voyager, an embodied lifelong learning agent in Minecraft that "
                "explores the world, acquires diverse skills with an ever-growing skill "
                "library of executable code, and makes novel discoveries.")
NEW_TOPIC = "humanoid-skills"
EDITED = "kompetencer"
OLD_TITLE = "Kompetencer: Fine-grained Skill Classification in Danish Job Postings"
EDITED_TITLE = "Kompetencer: Skill Classification of Danish Job Postings with ESCO"
REMOVED = "skillmimic-v2"
REMOVED_TITLE = ("SkillMimic-V2: Learning Robust and Generalizable Interaction Skills from "
                 "Sparse and Noisy Demonstrations")
# Text only the removed record (or the edited record's old title) ever put on the site.
GONE = ("skillmimic-v2", "SkillMimic-V2", "Sparse and Noisy Demonstrations",
        "stitched trajectory graphs", "Fine-grained Skill Classification")
SITE_URL = "https://skill-papers.github.io/skill-papers/"


@dataclass(frozen=True)
class Contribution:
    project: Path
    runs: dict[str, subprocess.CompletedProcess[str]]
    summary: str

    @property
    def site(self) -> Path:
        return self.project / "site"


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)


@pytest.fixture(scope="module")
def contribution(tmp_path_factory: pytest.TempPathFactory) -> Contribution:
    tmp = tmp_path_factory.mktemp("contribution")
    project = make_project(tmp / "project", TOY / "content")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GIT_CONFIG_GLOBAL": os.devnull,
           "GIT_AUTHOR_NAME": "A Contributor", "GIT_AUTHOR_EMAIL": "a@example.org",
           "GIT_COMMITTER_NAME": "A Contributor", "GIT_COMMITTER_EMAIL": "a@example.org"}
    env.pop("GITHUB_ACTIONS", None)

    def git(*args: str) -> str:
        run = _run(["git", *args], project, env)
        assert run.returncode == 0, run.stderr
        return run.stdout

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-qm", "the collection before the pull request")
    base = git("rev-parse", "HEAD").strip()

    py = sys.executable
    papers = project / "content" / "papers"
    new = _run([py, "-m", "generator", "new", "--title", NEW_TITLE, "--id", NEW,
                "--authors", "Guanzhi Wang, Yuqi Xie and Anima Anandkumar",
                "--arxiv", "2305.16291", "--topic", NEW_TOPIC, "--abstract", NEW_ABSTRACT],
               project, env)
    assert new.returncode == 0, new.stdout + new.stderr
    edited = papers / f"{EDITED}.yaml"
    text = edited.read_text(encoding="utf-8")
    assert f"title: '{OLD_TITLE}'\n" in text
    edited.write_text(text.replace(OLD_TITLE, EDITED_TITLE), encoding="utf-8")
    (papers / f"{REMOVED}.yaml").unlink()
    git("add", "-A")
    git("commit", "-qm", "Add Voyager, retitle Kompetencer, remove SkillMimic-V2")

    # The records-only path of .github/workflows/pull-request.yml, each make target's
    # command as the Makefile runs it (the copy has no Makefile or .venv of its own).
    env["SOURCE_DATE_EPOCH"] = git("log", "-1", "--format=%ct").strip()
    summary = tmp / "summary.md"
    env["GITHUB_STEP_SUMMARY"] = str(summary)
    steps = {
        "changed-paths": [str(REPO / ".ci" / "changed-paths"), base, "HEAD"],
        "make check": [py, "-m", "generator", "check"],
        "make build (generator)": [py, "-m", "generator", "build"],
        "make build (mkdocs)": [py, "-m", "mkdocs", "build", "--strict"],
        "make linkcheck": [py, "-m", "tests.tools.links", str(project / "site"),
                           "-f", str(project / "mkdocs.yml")],
        "make review": [py, "-m", "generator", "review", "--base", base, "--head", "HEAD",
                        "--preview-url", "https://github.com/o/r/actions/runs/1",
                        "--summary", str(summary)],
    }
    runs = {}
    for name, args in steps.items():
        runs[name] = _run(args, REPO if name == "make linkcheck" else project, env)
        if runs[name].returncode != 0:
            break
    return Contribution(project, runs,
                        summary.read_text(encoding="utf-8") if summary.exists() else "")


def test_the_pull_request_commands_all_pass(contribution: Contribution) -> None:
    runs = contribution.runs
    for name, run in runs.items():
        assert run.returncode == 0, f"{name}:\n{run.stdout}{run.stderr}"
    assert len(runs) == 6
    assert runs["changed-paths"].stdout == "tool=false\n"  # records only: no make test
    assert runs["make check"].stdout == "ok: 4 records\n"
    assert runs["make check"].stderr == ""
    assert runs["make linkcheck"].stderr.endswith(" 0 broken\n")


def test_the_review_lists_exactly_what_changed(contribution: Contribution) -> None:
    summary = contribution.summary
    assert summary.startswith("## Records: 1 added, 1 changed, 1 removed\n")
    rows = re.findall(r"^<tr><td>(\w+)</td><td><code>(.*?)</code></td><td>(.*?)</td>"
                      r"<td>(.*?)</td></tr>$", summary, re.MULTILINE)
    assert rows == [
        ("added", f"content/papers/{NEW}.yaml", NEW_TITLE, "Humanoid and character skills"),
        ("changed", f"content/papers/{EDITED}.yaml", f"{EDITED_TITLE}<br>was: {OLD_TITLE}",
         "Occupational skill extraction"),
        ("removed", f"content/papers/{REMOVED}.yaml", REMOVED_TITLE,
         "Humanoid and character skills"),
    ]
    warnings = summary.split("### Check: ", 1)[1].split("### Preview", 1)[0]
    assert warnings.strip().splitlines() == [
        "0 errors, 2 warnings", "", "<ul>",
        f"<li>warning: <code>content/papers/{NEW}.yaml</code>: without links "
        "(code, project, data...) (the health page lists it)</li>",
        f"<li>warning: <code>content/papers/{EDITED}.yaml</code>: without an arXiv id, "
        "links (code, project, data...) (the health page lists it)</li>",
        "</ul>"]
    assert '<a href="https://github.com/o/r/actions/runs/1">this run\'s page</a>' in summary


def test_the_new_record_has_its_page_and_is_on_its_topic_pages(
        contribution: Contribution) -> None:
    site = contribution.site
    page = (site / "papers" / NEW / "index.html").read_text(encoding="utf-8")
    assert NEW_TITLE in page and "Guanzhi Wang" in page
    topic = (site / "topics" / NEW_TOPIC / "index.html").read_text(encoding="utf-8")
    assert f'href="../../papers/{NEW}/"' in topic
    for listing in ("index.html", "papers/index.html"):  # home, all papers
        assert NEW_TITLE in (site / listing).read_text(encoding="utf-8"), listing
    edited = (site / "papers" / EDITED / "index.html").read_text(encoding="utf-8")
    assert EDITED_TITLE in edited


def test_search_finds_the_new_record_and_not_the_removed_one(
        contribution: Contribution, browser: Browser) -> None:
    index = contribution.site / "search" / "search_index.json"
    locations = {doc["location"] for doc in json.loads(index.read_text("utf-8"))["docs"]}
    assert f"papers/{NEW}/" in locations
    assert not [loc for loc in locations if loc.startswith(f"papers/{REMOVED}/")]
    with serve(contribution.site) as base:
        page = browser.new_page()
        search = WorkerSearch(page, base)
        assert search.search("voyager minecraft")[0] == f"papers/{NEW}/"
        assert f"papers/{REMOVED}/" not in search.search("stitched trajectory graphs")
        page.close()


def test_feeds_carry_the_new_record_and_not_the_removed_one(
        contribution: Contribution) -> None:
    site = contribution.site
    feeds = {path.relative_to(site).as_posix(): feedparser.parse(path.read_bytes())
             for path in [site / "feed.xml", *sorted((site / "topics").glob("*.xml"))]}
    assert set(feeds) == {"feed.xml", "topics/humanoid-skills.xml",
                          "topics/skill-extraction.xml"}
    links = {name: [entry.link for entry in feed.entries] for name, feed in feeds.items()}
    for name, feed in feeds.items():
        assert not feed.bozo, name
    new, removed = f"{SITE_URL}papers/{NEW}/", f"{SITE_URL}papers/{REMOVED}/"
    assert links["feed.xml"][0] == new  # added today: the newest
    assert new in links["topics/humanoid-skills.xml"]
    assert new not in links["topics/skill-extraction.xml"]
    assert not [name for name, found in links.items() if removed in found]
    titles = {entry.title for entry in feeds["feed.xml"].entries}
    assert titles == {NEW_TITLE, EDITED_TITLE,
                      "NNOSE: Nearest Neighbor Occupational Skill Extraction",
                      "SkillMimic: Learning Reusable Basketball Skills from Demonstrations"}


def test_downloads_carry_the_new_record_and_not_the_removed_one(
        contribution: Contribution) -> None:
    site = contribution.site
    ids = ["kompetencer", "nnose", "skillmimic", NEW]
    papers = json.loads((site / "papers.json").read_text("utf-8"))["papers"]
    assert sorted(p["id"] for p in papers) == ids
    by_id = {p["id"]: p for p in papers}
    assert by_id[NEW]["title"] == NEW_TITLE and by_id[NEW]["topics"] == [NEW_TOPIC]
    assert by_id[EDITED]["title"] == EDITED_TITLE
    rows = list(csv.DictReader(io.StringIO((site / "papers.csv").read_text("utf-8"))))
    assert sorted(row["id"] for row in rows) == ids
    assert {row["id"]: row["title"] for row in rows}[NEW] == NEW_TITLE
    library = bibtexparser.parse_string((site / "papers.bib").read_text("utf-8"))
    assert library.failed_blocks == []
    assert len(library.entries) == 4
    assert any("Voyager" in entry.fields_dict["title"].value for entry in library.entries)
    assert (site / "papers" / f"{NEW}.bib").exists()
    topic_bib = bibtexparser.parse_string(
        (site / "topics" / f"{NEW_TOPIC}.bib").read_text("utf-8"))
    assert len(topic_bib.entries) == 2  # SkillMimic and Voyager; SkillMimic-V2 is gone
    explore = json.loads((site / "explore" / "papers.json").read_text("utf-8"))
    assert NEW in json.dumps(explore) and REMOVED not in json.dumps(explore)


def test_the_removed_record_is_nowhere_on_the_site(contribution: Contribution) -> None:
    site = contribution.site
    assert not (site / "papers" / REMOVED).exists()
    assert not (site / "papers" / f"{REMOVED}.bib").exists()
    found = []
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix in {".html", ".xml", ".json", ".csv", ".bib",
                                              ".txt"}:
            text = path.read_text(encoding="utf-8")
            found += [f"{path.relative_to(site)}: {gone}" for gone in GONE if gone in text]
    assert found == []
