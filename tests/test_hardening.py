"""Issue 12, one test for each reported example: whatever ``check`` accepts builds,
and nothing a record, a file name or an argument holds can start a line of output.

The property-based tests of the same input paths are in ``test_properties.py``.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from conftest import TOY

from generator.authoring.recordfile import record_yaml
from generator.cli import main
from generator.model import sitepaths
from generator.model.problems import Problem, Problems
from generator.records.collection import load_collection
from generator.records.load import MAX_BYTES, parse_text
from generator.records.validate import INVISIBLE, MAX_SUGGESTIONS, check_strings, normalised_title
from generator.site.context import Context, site_settings
from generator.site.render import Renderer
from generator.write import build

HEAD = "# yaml-language-server: $schema=../../generator/schema/paper.schema.json\n"
GOOD = HEAD + ("title: A Good Record\nabstract: We study skills.\ntopics: [humanoid-skills]\n"
               "added: '2026-01-15'\n")
OTHER = GOOD.replace("A Good Record", "Another Record").replace("humanoid-skills",
                                                                 "skill-extraction")
# Every line break Python's str.splitlines honours
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


@pytest.fixture(autouse=True)
def _in_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    """As on a pull request: every problem is printed twice, once as a workflow command."""
    monkeypatch.setenv("GITHUB_ACTIONS", "true")


def project(tmp_path: Path, papers: dict[str, str | bytes], topics: str | None = None) -> Path:
    (tmp_path / "content" / "papers").mkdir(parents=True)
    if topics is None:
        shutil.copy(TOY / "content" / "topics.yaml", tmp_path / "content" / "topics.yaml")
    else:
        (tmp_path / "content" / "topics.yaml").write_text(topics, encoding="utf-8")
    for name, text in papers.items():
        target = tmp_path / "content" / "papers" / name
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8")
    return tmp_path


def check(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    status = main(["--root", str(root), "check"])
    err = capsys.readouterr().err
    return status, err.splitlines()


def assert_one_line_each(lines: list[str]) -> None:
    """Each problem is one plain line and one workflow command; nothing else starts
    with '::' (``lines`` come from str.splitlines, which splits at every line break)."""
    problems = [line for line in lines if not line.startswith("::")]
    commands = [line for line in lines if line.startswith("::")]
    assert problems[-1].endswith("warning(s)")
    assert len(commands) == len(problems) - 1, lines
    for line in commands:
        assert line.startswith(("::error file=content/", "::warning file=content/")), line
    for line in problems[:-1]:
        assert line.startswith("content/"), line


# --- 1. what check accepts, build renders ------------------------------------------

@pytest.mark.parametrize("char", ["\ufffe", "\uffff", "\ud800", "\udfff", "\ufdd0", "\ufdef",
                                  "\U0001fffe", "\U0010ffff", "\x1b"])
def test_characters_xml_forbids_are_refused_naming_the_field(
        char: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    escape = f"\\U{ord(char):08X}"
    root = project(tmp_path, {"x.yaml": GOOD.replace("A Good Record", f'"A {escape} Record"'),
                              "y.yaml": OTHER.replace("We study skills.",
                                                      f'"We {escape} study."')})
    status, lines = check(root, capsys)
    assert status == 1
    assert_one_line_each(lines)
    # libyaml refuses a surrogate in an escape outright; other characters are named
    if 0xD800 <= ord(char) <= 0xDFFF:
        assert "content/papers/x.yaml:2: (yaml): invalid YAML: found invalid Unicode " \
            "character escape code" in lines
    else:
        assert any(line.startswith(f"content/papers/x.yaml:2: title: contains the invisible "
                                   f"character U+{ord(char):04X} ") for line in lines), lines
        assert any(line.startswith("content/papers/y.yaml:3: abstract: contains the "
                                   f"invisible character U+{ord(char):04X} ")
                   for line in lines), lines


def test_noncharacter_and_surrogate_messages(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    root = project(tmp_path, {"x.yaml": GOOD.replace("A Good Record", '"A \\uFFFE Record"')})
    _, lines = check(root, capsys)
    assert "content/papers/x.yaml:2: title: contains the invisible character U+FFFE " \
        "(a noncharacter); remove it" in lines
    problems = Problems()
    doc = parse_text(GOOD, root / "x.yaml", "x.yaml", problems)
    assert doc is not None
    doc.value["venue"] = "lone \ud800 half"  # as the pure-Python YAML reader gives it
    check_strings(doc, "x.yaml", problems)
    assert [str(p) for p in problems.items] == [
        "x.yaml:2: venue: contains the invisible character U+D800 (half of a surrogate "
        "pair, alone); remove it"]


def test_reserved_ids_and_keys_come_from_the_generated_paths() -> None:
    assert sitepaths.RESERVED_IDS == {"index": "papers/index.md"}
    assert sitepaths.RESERVED_KEYS == {"index": "topics/index.md"}


def test_every_generated_file_of_papers_and_topics_is_known(toy_project: Path) -> None:
    """The producers' own output: every file under papers/ and topics/ is a paper's or a
    topic's (sitepaths.PER_PAPER, PER_TOPIC) or one of sitepaths.FIXED, so the reserved
    names cannot drift from what the build writes."""
    collection, problems = load_collection(toy_project)
    assert not problems.errors()
    renderer = Renderer(**site_settings(toy_project), today="2026-01-01")
    ctx = Context(toy_project, collection, renderer)
    written = {rel for rel, _ in build.produced(ctx, build.PRODUCERS)}
    own = {make(pid) for pid in collection.papers for make in sitepaths.PER_PAPER}
    own |= {make(key) for key in collection.topics for make in sitepaths.PER_TOPIC}
    in_folders = {rel for rel in written if rel.split("/")[0] in ("papers", "topics")}
    assert in_folders - own == set(sitepaths.FIXED)


def test_id_index_and_topic_key_index_are_refused(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    topics = (TOY / "content" / "topics.yaml").read_text(encoding="utf-8") + \
        "- key: index\n  title: Index\n  description: A topic named like the list.\n"
    root = project(tmp_path, {"index.yaml": GOOD, "other.yaml": OTHER}, topics)
    status, lines = check(root, capsys)
    assert status == 1
    assert "content/papers/index.yaml:1: (file name): the id 'index' is reserved: the build " \
        "writes papers/index.md (the list of all papers) there; choose another id" in lines
    assert "content/topics.yaml:9: [2].key: the topic key 'index' is reserved: the build " \
        "writes topics/index.md (the list of all topics) there; choose another topic key" \
        in lines
    assert build.generate(root).problems.errors()  # refused, not a RuntimeError


# --- 2. nothing a record or a file name holds starts a line -------------------------

@pytest.mark.parametrize("brk", list(LINE_BREAKS))
def test_line_breaks_in_names_keys_and_topics_stay_on_their_line(
        brk: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spoof = f"{brk}::stop-commands::x{brk}::error::spoofed"
    quoted = spoof.encode("unicode_escape").decode().replace('"', '\\"')
    topics = ("- key: humanoid-skills\n  title: H\n  description: D\n"
              f'  related: ["{quoted}"]\n  parent: "{quoted}"\n'
              "- key: skill-extraction\n  title: S\n  description: D\n")
    record = GOOD + f'"{quoted}": x\nlinks:\n  "{quoted}": https://x.org/\n'
    papers = {"x.yaml": record, "y.yaml": OTHER}
    if brk not in "\n\r":  # a file name may hold any byte but '/' and NUL
        papers[f"a{spoof}.yaml"] = GOOD
    papers[f"b{spoof.replace(brk, chr(10))}.yaml"] = GOOD
    root = project(tmp_path, papers, topics)
    status, lines = check(root, capsys)
    assert status == 1
    assert_one_line_each(lines)
    assert not any("::stop-commands::" in line and not line.startswith(("content/", "::error"))
                   for line in lines)


def test_problem_prints_on_one_line_whatever_it_holds() -> None:
    nasty = "a" + LINE_BREAKS + "\t\x00\u202e\ud800" + "::error::x"
    problem = Problem(f"content/papers/{nasty}.yaml", 3, nasty, nasty, "warning")
    assert len(str(problem).splitlines()) == 1
    assert len(problem.annotation().splitlines()) == 1
    assert str(problem).startswith("content/papers/a\\n\\r\\x0b\\x0c\\x1c\\x1d\\x1e\\x85"
                                   "\\u2028\\u2029\\t\\x00\\u202e\\ud800::error::x.yaml:3: ")


# --- 6. records are regular files inside the project, read with a bound -------------

def test_links_and_special_files_are_refused_without_reading(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text(GOOD.replace("A Good", "Secret"), encoding="utf-8")
    root = project(tmp_path / "p", {"other.yaml": OTHER, "good.yaml": GOOD})
    papers = root / "content" / "papers"
    (papers / "zero.yaml").symlink_to("/dev/zero")
    (papers / "outside.yaml").symlink_to(outside)
    (papers / "inside.yaml").symlink_to(papers / "loop.yaml")
    (papers / "loop.yaml").symlink_to(papers / "inside.yaml")
    os.mkfifo(papers / "fifo.yaml")  # opened blocking, a read would never return
    (papers / "folder.yaml").mkdir()
    start = time.monotonic()
    status, lines = check(root, capsys)
    assert time.monotonic() - start < 10
    assert status == 1
    assert_one_line_each(lines)
    assert [line for line in lines if not line.startswith("::")][:-1] == [
        "content/papers/fifo.yaml:1: (file): is not a regular file (a folder, pipe or "
        "device); a record is a text file",
        "content/papers/folder.yaml:1: (file): is not a regular file (a folder, pipe or "
        "device); a record is a text file",
        "content/papers/inside.yaml:1: (file): cannot be read: a link that leads back to "
        "itself" if os.sys.version_info < (3, 13) else
        "content/papers/inside.yaml:1: (file): cannot be read: Too many levels of symbolic "
        "links",
        "content/papers/loop.yaml:1: (file): cannot be read: a link that leads back to "
        "itself" if os.sys.version_info < (3, 13) else
        "content/papers/loop.yaml:1: (file): cannot be read: Too many levels of symbolic "
        "links",
        "content/papers/outside.yaml:1: (file): is a link to a file outside the project; "
        "a record is a file of its own in the repository",
        "content/papers/zero.yaml:1: (file): is a link to a file outside the project; a "
        "record is a file of its own in the repository",
    ]


def test_a_link_inside_the_project_is_read(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    root = project(tmp_path, {"other.yaml": OTHER})
    (root / "kept").mkdir()
    (root / "kept" / "good.yaml").write_text(GOOD, encoding="utf-8")
    (root / "content" / "papers" / "good.yaml").symlink_to(root / "kept" / "good.yaml")
    assert check(root, capsys)[0] == 0


def test_topics_yaml_is_read_the_same_way(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    root = project(tmp_path, {"good.yaml": GOOD})
    (root / "content" / "topics.yaml").unlink()
    (root / "content" / "topics.yaml").symlink_to("/dev/zero")
    status, lines = check(root, capsys)
    assert status == 1
    assert "content/topics.yaml:1: (file): is a link to a file outside the project; the " \
        "taxonomy is a file of its own in the repository" in lines


# --- 7. new: every argument checked, nothing written outside content/papers ---------

def new(root: Path, *args: str) -> int:
    return main(["--root", str(root), "new", "--title", "T", "--abstract", "A.",
                 "--topic", "skill-extraction", *args])


@pytest.mark.parametrize("paper_id", ["../../generator/escaped", "/abs/path", "a/b", "..",
                                      "x\n::error::y", ""])
def test_new_refuses_an_id_that_is_not_a_file_name(
        paper_id: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(TOY / "content", tmp_path / "content")
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    assert new(tmp_path, "--id", paper_id) == 1
    err = capsys.readouterr().err
    shown = paper_id.replace("\n", "\\n")
    assert f"content/papers/{shown}.yaml:1: (file name): " in err
    assert err.splitlines()[-1] == "new: nothing written"
    assert all(line.startswith("::error file=content/papers/")
               for line in err.splitlines() if line.startswith("::"))
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
    assert not (tmp_path.parent / "generator").exists()


@pytest.mark.parametrize(("data", "expected"), [
    (b"\xff\xfe\x00b", "new: the abstract is not UTF-8 text (byte 0xff at offset 0); save it "
                       "as UTF-8"),
    (b"a" * (MAX_BYTES + 1), f"new: the abstract is more than {MAX_BYTES:,} bytes; a record "
                             f"is at most {MAX_BYTES:,} bytes"),
])
def test_new_reports_a_bad_abstract_file(data: bytes, expected: str, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(TOY / "content", tmp_path / "content")
    (tmp_path / "abstract.txt").write_bytes(data)
    assert new(tmp_path, "--id", "t", "--abstract-file", str(tmp_path / "abstract.txt")) == 1
    assert capsys.readouterr().err.splitlines()[-1] == expected


def test_new_reports_an_abstract_file_it_cannot_read(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(TOY / "content", tmp_path / "content")
    assert new(tmp_path, "--id", "t", "--abstract-file", str(tmp_path)) == 1
    assert capsys.readouterr().err.splitlines()[-1] == \
        f"new: --abstract-file: cannot read {str(tmp_path)!r}: Is a directory"


@pytest.mark.parametrize("title", ["09", "0012", "1e5", "no", "~", "null", "0o17", ".inf",
                                   "12:30:45", "2026-01-01"])
def test_new_reads_back_its_own_record(title: str, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(TOY / "content", tmp_path / "content")
    assert main(["--root", str(tmp_path), "new", "--title", title, "--abstract", "A.",
                 "--topic", "skill-extraction", "--id", "t"]) == 0, capsys.readouterr().err
    collection, problems = load_collection(tmp_path)
    assert not problems.errors()
    assert collection.papers["t"].title == title


def test_record_writer_quotes_what_would_read_as_another_type() -> None:
    text = record_yaml({"title": "09", "authors": ["1e5", "no", "y", "0o17", "+7"],
                        "year": 2024, "topics": ["a"], "added": "2026-01-01",
                        "abstract": "x\x85y"})
    assert text.splitlines()[1:] == [
        "title: '09'", "authors:", "- '1e5'", "- 'no'", "- 'y'", "- '0o17'", "- '+7'",
        "year: 2024", "topics:", "- a", "added: '2026-01-01'", 'abstract: "x\\Ny"']


# --- 9. the work of one file is bounded ---------------------------------------------

def test_thousands_of_unknown_topics_against_a_large_taxonomy_are_quick(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    topics = "".join(f"- key: topic-number-{i}\n  title: T{i}\n  description: D\n"
                     for i in range(1500))
    record = GOOD.replace("[humanoid-skills]", "[" + ", ".join(
        f"topic-nmuber-{i}" for i in range(3000)) + "]")
    root = project(tmp_path, {"x.yaml": record}, topics)
    start = time.monotonic()
    status, lines = check(root, capsys)
    assert time.monotonic() - start < 5
    assert status == 1
    unknown = [line for line in lines if ": topics: " in line and not line.startswith("::")]
    assert len(unknown) == MAX_SUGGESTIONS + 1
    assert ("content/papers/x.yaml:4: topics: unknown topic 'topic-nmuber-0' "
            "(did you mean 'topic-number-0'?)") in unknown
    assert any(line.endswith(f"and {3000 - MAX_SUGGESTIONS:,} more unknown topics, from "
                             f"'topic-nmuber-{MAX_SUGGESTIONS}' on (no suggestions for so "
                             "many)") for line in unknown), unknown


# --- 11. the same title, whatever hides in it ---------------------------------------

@pytest.mark.parametrize("variant", [
    "A Good\u034f Record", "A Good Rec\u3164ord", "A \u115fGood Record", "A Good\u1160 Record",
    "A Good Record\ufe0f", "A Go\U000e0100od Record", "A Good Rеcord",  # Cyrillic е
    "А Good Record",  # Cyrillic А
    "A Gοοd Record",  # Greek ο
    "Ａ Ｇｏｏｄ Ｒｅｃｏｒｄ",  # full width
])
def test_title_variants_normalise_to_the_same_title(variant: str) -> None:
    assert normalised_title(variant) == normalised_title("A Good Record") == "a good record"


def test_same_title_with_a_look_alike_letter_is_the_same_title(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = project(tmp_path, {"a.yaml": GOOD,
                              "b.yaml": OTHER.replace("Another Record", "A Good Rеcord")})
    _, lines = check(root, capsys)
    assert "content/papers/b.yaml:2: title: the same title as content/papers/a.yaml:2, and " \
        "nothing else tells them apart (arXiv id, DOI, year, authors); one paper, one record" \
        in lines


@pytest.mark.parametrize("char", ["\u034f", "\u3164", "\u115f", "\u1160", "\uffa0"])
def test_default_ignorable_characters_are_refused(char: str) -> None:
    assert INVISIBLE.search(f"A{char}B")


def test_a_file_name_that_is_not_utf8_is_reported_escaped(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = project(tmp_path, {"other.yaml": OTHER})
    with open(os.fsencode(root / "content" / "papers") + b"/\xff\n::error::x.yaml", "w") as f:
        f.write(GOOD)
    status, lines = check(root, capsys)
    assert status == 1
    assert_one_line_each(lines)
    assert lines[0] == ("content/papers/\\udcff\\n::error::x.yaml:1: (file name): "
                        "'\\udcff\\n::error::x.yaml' must be the paper id: lowercase letters, "
                        "digits and '-' (like 'skillmimic-v2'), then .yaml")
