"""Property-based tests (Hypothesis) of every input path that this suite owns:
record files, file names, ``topics.yaml``, ``new``'s arguments and the record
writer. The form's output is checked in Chromium in ``test_add_paper.py``.

Invariants, whatever the input:

- no traceback: every bad input is a problem, or ``new``'s exit status 1 (2 from
  argparse for an argument it cannot parse);
- each problem prints on exactly one line, plain and as a workflow command (under
  ``GITHUB_ACTIONS=true``), and no other line starts with ``::``;
- ``check`` accepts => the record loads with the values written, and a real build
  (``generator build`` and ``mkdocs build --strict``) of many accepted records
  succeeds, their titles on their pages and in the feed as written;
- the record writer gives back, through the strict loader, exactly what it wrote.

Examples are derandomized, so CI runs the same ones every time.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import feedparser
import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import TOY, built_site, make_project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.authoring.recordfile import record_yaml
from generator.authoring.scaffold import clean
from generator.cli import main
from generator.model.problems import Problems
from generator.records.collection import load_collection, load_paper, load_topics
from generator.records.load import parse_text

# Characters that have broken something somewhere: line breaks of every kind, controls,
# bidi and zero-width characters, noncharacters, YAML and Markdown syntax.
SPECIAL = ("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\t\x00\x1b\x7f\u202e\u200b\ufeff\ufffe"
           "\uffff\U0001fffe\u034f\u3164\ufe0f\u0430\u00a0 :#'\"-?[]{}&*!|>%@`,;\\$<>_=+")
TRICKY = ["09", "0012", "no", "~", "null", "1e5", "0o17", ".inf", "12:30", "2026-01-01",
          "::error::x", "\n::stop-commands::x", "<script>alert(1)</script>", "{{ 7*7 }}",
          "$\\input{/etc/passwd}$", "[x](javascript:alert(1))", "---", "index", "- a", "*a"]
PLAIN = st.characters(codec="utf-8")  # every code point but lone surrogates
CHARS = st.one_of(PLAIN, st.sampled_from(SPECIAL))
TEXT = st.one_of(st.text(CHARS, max_size=30), st.sampled_from(TRICKY),
                 st.builds(lambda a, b: f"{a} {b}", st.sampled_from(TRICKY),
                           st.text(CHARS, max_size=10)))
# Mostly ordinary words, so that many examples pass check and reach what comes after
WORDS = st.text(st.characters(codec="utf-8", categories=["L", "N", "P", "Zs", "S"]),
                min_size=1, max_size=30)
FIELD = st.one_of(WORDS, WORDS, WORDS, TEXT)
SETTINGS = settings(max_examples=80, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])
TOPIC_KEYS = ["humanoid-skills", "skill-extraction"]


@pytest.fixture(autouse=True)
def _in_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")


def assert_lines_are_problems(output: str, problems: int | None = None) -> None:
    """Every line of ``output`` is a problem, its workflow command or the count."""
    lines = output.splitlines()  # every line break Python knows, not only '\n'
    commands = [line for line in lines if line.startswith("::")]
    plain = [line for line in lines if not line.startswith("::")]
    for line in commands:
        assert line.startswith(("::error file=content/", "::warning file=content/")), line
    if plain and plain[-1].endswith("warning(s)"):
        plain = plain[:-1]
    assert len(plain) == len(commands), lines
    if problems is not None:
        assert len(plain) == problems


def assert_problems_one_line(problems: Problems) -> None:
    for problem in problems.items:
        assert len(str(problem).splitlines()) == 1, problem
        assert len(problem.annotation().splitlines()) == 1, problem


# --- record files ----------------------------------------------------------------

VALUES = st.recursive(st.one_of(TEXT, st.integers(-5, 3000), st.none(), st.booleans()),
                      lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(TEXT, inner, max_size=3), max_leaves=6)
RECORD = st.fixed_dictionaries(
    {"title": FIELD, "abstract": FIELD,
     "topics": st.lists(st.sampled_from(TOPIC_KEYS), min_size=1, max_size=2, unique=True),
     "added": st.just("2026-01-15")},
    optional={"authors": st.lists(FIELD, max_size=3), "venue": FIELD, "short_name": FIELD,
              "year": st.integers(1890, 2110), "doi": TEXT,
              "arxiv": st.sampled_from(["2401.17092", "2505.02094", "cs/0112017", "2401"]),
              "links": st.dictionaries(st.sampled_from(["code", "paper", "video", "x\ny"]),
                                       st.builds(lambda t: f"https://x.org/{t}", TEXT)),
              "unknown": VALUES})


def record_text(fields: dict[str, Any], style: int) -> str:
    """The record as a contributor or a tool might write it."""
    if style == 0:
        return record_yaml(fields)
    return yaml.safe_dump(fields, allow_unicode=style == 1, sort_keys=False, width=60)


@pytest.fixture(scope="module")
def toy_topics() -> dict[str, Any]:
    return load_topics(TOY / "content", TOY, Problems())


def loaded(root: Path, name: str, text: str | bytes,
           topics: dict[str, Any]) -> tuple[Any, Problems]:
    path = root / "content" / "papers" / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    problems = Problems()
    return load_paper(path, root, topics, problems), problems


def accepted(fields: dict[str, Any], paper: Any) -> None:
    """What a record that check accepted holds: exactly what was written."""
    assert paper.title == fields["title"].strip()
    assert paper.abstract == fields["abstract"].strip()
    assert list(paper.authors) == [a.strip() for a in fields.get("authors", [])]
    assert paper.venue == fields.get("venue")
    assert paper.links == fields.get("links", {})


@SETTINGS
@given(fields=RECORD, style=st.integers(0, 2))
def test_any_record_is_problems_or_a_paper(tmp_path: Path, toy_topics: dict[str, Any],
                                           fields: dict[str, Any], style: int) -> None:
    (tmp_path / "content" / "papers").mkdir(parents=True, exist_ok=True)
    paper, problems = loaded(tmp_path, "x.yaml", record_text(fields, style), toy_topics)
    assert_problems_one_line(problems)
    assert paper is not None or problems.errors()
    if not problems.errors():
        accepted(fields, paper)


@SETTINGS
@given(data=st.one_of(st.text(CHARS, max_size=200), st.binary(max_size=200)))
def test_any_file_content_is_problems_or_a_paper(tmp_path: Path, toy_topics: dict[str, Any],
                                                 data: str | bytes) -> None:
    (tmp_path / "content" / "papers").mkdir(parents=True, exist_ok=True)
    paper, problems = loaded(tmp_path, "x.yaml", data, toy_topics)
    assert_problems_one_line(problems)
    assert paper is not None or problems.errors()


def test_accepted_records_build_and_show_as_written(tmp_path: Path) -> None:
    """One real build of many generated records that check accepted (one build: it
    takes seconds)."""
    project = make_project(tmp_path / "site", TOY / "content")
    papers = project / "content" / "papers"
    topics = load_topics(project / "content", project, Problems())
    kept: dict[str, dict[str, Any]] = {}

    @settings(max_examples=120, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(fields=RECORD.filter(lambda f: "unknown" not in f and "doi" not in f),
           style=st.integers(0, 2))
    def keep_accepted(fields: dict[str, Any], style: int) -> None:
        paper_id = f"generated-{len(kept)}"
        fields = {**fields, "title": f"{fields['title']} {len(kept)}"}  # one paper each
        fields.pop("arxiv", None)
        fields.pop("short_name", None)  # mentions of short names are tested elsewhere
        _paper, problems = loaded(project, f"{paper_id}.yaml", record_text(fields, style),
                                 topics)
        if problems.errors():
            (papers / f"{paper_id}.yaml").unlink()
        else:
            kept[paper_id] = fields

    keep_accepted()
    assert len(kept) >= 20, "the strategy should give many acceptable records"
    _, problems = load_collection(project)
    assert not problems.errors(), problems.report()
    site = built_site(project)
    for paper_id, fields in kept.items():
        soup = BeautifulSoup((site / "papers" / paper_id / "index.html").read_text("utf-8"),
                             "lxml")
        heading = soup.find("h1")
        assert heading is not None
        for anchor in heading.select(".headerlink"):
            anchor.decompose()
        # Markdown and HTML fold runs of white space: compare the words
        assert heading.get_text().split() == fields["title"].split(), paper_id
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    titles = {entry.title for entry in feed.entries}
    newest = {fields["title"].strip() for fields in kept.values()}
    assert titles & newest
    assert titles <= newest | {p.title for p in load_collection(TOY)[0].papers.values()}


# --- file names ----------------------------------------------------------------------

NAME = st.text(st.characters(codec="utf-8", exclude_characters="/\x00")
               | st.sampled_from(SPECIAL.replace("\x00", "")), min_size=1, max_size=40)


@SETTINGS
@given(name=NAME, suffix=st.sampled_from([".yaml", ".yml", ".txt", "", ".YAML"]))
def test_any_file_name_is_reported_on_its_line(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str],
                                               name: str, suffix: str) -> None:
    root = tmp_path / "names"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(TOY / "content", root / "content")
    if f"{name}{suffix}" in (".", "..") or len(f"{name}{suffix}".encode()) > 255:
        return
    (root / "content" / "papers" / f"{name}{suffix}").write_text(
        "title: x\n", encoding="utf-8")
    status = main(["--root", str(root), "check"])
    err = capsys.readouterr().err
    assert status in (0, 1)
    assert_lines_are_problems(err)


# --- topics.yaml -----------------------------------------------------------------------

TOPIC = st.fixed_dictionaries(
    {"key": st.one_of(st.sampled_from([*TOPIC_KEYS, "index", "a", "b-c"]), TEXT),
     "title": TEXT, "description": TEXT},
    optional={"related": st.lists(st.one_of(st.sampled_from(TOPIC_KEYS), TEXT), max_size=3),
              "parent": st.one_of(st.none(), st.sampled_from(TOPIC_KEYS), TEXT),
              "extra": VALUES})


@SETTINGS
@given(topics=st.one_of(st.lists(TOPIC, max_size=4), VALUES), style=st.booleans())
def test_any_taxonomy_is_reported_on_its_lines(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str],
                                               topics: Any, style: bool) -> None:
    root = tmp_path / "topics"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(TOY / "content", root / "content")
    (root / "content" / "topics.yaml").write_text(
        yaml.safe_dump(topics, allow_unicode=style), encoding="utf-8")
    status = main(["--root", str(root), "check"])
    assert status in (0, 1)
    assert_lines_are_problems(capsys.readouterr().err)


# --- new's arguments -------------------------------------------------------------------

ARGUMENTS = st.fixed_dictionaries(
    {"title": FIELD, "abstract": FIELD,
     "topic": st.one_of(st.sampled_from(TOPIC_KEYS), st.sampled_from(TOPIC_KEYS), TEXT)},
    optional={"authors": FIELD, "author": FIELD, "venue": FIELD, "doi": TEXT, "arxiv": TEXT,
              "short-name": FIELD, "code": TEXT,
              "id": st.one_of(TEXT, st.sampled_from(["../../x", "/abs", "a/b", "index", "ok"])),
              "year": st.one_of(st.integers(1890, 2110).map(str), TEXT)})


@pytest.fixture(scope="module")
def new_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("new") / "project"
    shutil.copytree(TOY / "content", root / "content")
    return root


@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(arguments=ARGUMENTS)
def test_new_with_any_arguments_writes_a_valid_record_or_nothing(
        new_project: Path, capsys: pytest.CaptureFixture[str],
        arguments: dict[str, str]) -> None:
    before = {p for p in new_project.parent.rglob("*")}
    argv = ["--root", str(new_project), "new"] + [f"--{k}={v}" for k, v in arguments.items()]
    try:
        status = main(argv)
    except SystemExit as exit:  # argparse: an argument it cannot parse (--year=x)
        status = exit.code  # type: ignore[assignment]
        assert status == 2
    out, err = capsys.readouterr()
    assert_lines_are_problems("\n".join(line for line in err.splitlines()
                                        if not line.startswith(("new: ", "  ", "suggested ",
                                                                "usage: ", "python -m "))))
    assert not any(line.startswith("::") for line in out.splitlines())
    added = {p for p in new_project.parent.rglob("*")} - before
    if status == 0:
        assert len(added) == 1
        path = added.pop()
        assert path.parent == new_project / "content" / "papers"
        collection, problems = load_collection(new_project)
        assert not [p for p in problems.errors() if path.name in p.path], problems.report()
        assert collection.papers[path.stem].title == clean(arguments["title"])
        path.unlink()
    else:
        assert status in (1, 2)
        assert not added


# --- the record writer -------------------------------------------------------------------

WRITTEN = st.fixed_dictionaries(
    {"title": TEXT, "abstract": st.one_of(TEXT, st.text(CHARS, min_size=80, max_size=300)),
     "topics": st.lists(TEXT, max_size=3), "added": TEXT},
    optional={"authors": st.lists(TEXT, max_size=3), "year": st.integers(), "venue": TEXT,
              "links": st.dictionaries(st.sampled_from(["code", "paper"]), TEXT),
              "short_name": TEXT, "arxiv": TEXT, "doi": TEXT})


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(fields=WRITTEN)
def test_the_record_writer_round_trips(fields: dict[str, Any]) -> None:
    """Any text but lone surrogates (no YAML text can hold them; check refuses them)."""
    text = record_yaml(fields)
    problems = Problems()
    doc = parse_text(text, Path("x.yaml"), "x.yaml", problems)
    assert doc is not None, (problems.report(), text)
    assert doc.value == fields and all(
        type(doc.value[key]) is type(value) for key, value in fields.items()), text
    assert yaml.safe_load(text) == fields, text
