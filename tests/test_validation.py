"""`python -m generator check` on bad records: exact messages (file, line, field).

``tests/data/bad/content/papers`` holds one file per class of bad input (plus a
few valid twins for the duplicate checks); ``tests/data/bad/expected.txt`` is the
full report of one run over all of them. After a deliberate change of wording,
rewrite it and read the diff line by line::

    python -m generator --root tests/data/bad check 2> tests/data/bad/expected.txt
"""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from test_hardening import project

from generator.cli import main
from generator.model.papers import Paper
from generator.model.problems import Problems
from generator.records.collection import load_paper
from generator.records.load import MAX_BYTES, read_yaml
from generator.records.validate import schema, schema_accepts, validator

BAD = Path(__file__).parent / "data" / "bad"
TOY = Path(__file__).parent / "data" / "toy"
EXPECTED = (BAD / "expected.txt").read_text(encoding="utf-8").splitlines()
HEAD = "# yaml-language-server: $schema=../../generator/schema/paper.schema.json\n"
GOOD = HEAD + ("title: A Good Record\nabstract: We study skills.\ntopics: [humanoid-skills]\n"
               "added: '2026-01-15'\n")
# Files that are valid on their own; they are the first half of a duplicate pair.
TWINS = {"good", "dup-arxiv-a", "dup-doi-a", "same-title-a", "near-title-a"}


@pytest.fixture(autouse=True)
def _not_in_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def check(root: Path, capsys: pytest.CaptureFixture[str], *flags: str) -> tuple[int, list[str]]:
    status = main(["--root", str(root), "check", *flags])
    return status, capsys.readouterr().err.splitlines()


def test_every_bad_file_is_reported_in_one_run(capsys: pytest.CaptureFixture[str]) -> None:
    status, lines = check(BAD, capsys)
    assert status == 1
    assert lines == EXPECTED
    reported = {line.split(":")[0] for line in lines}
    for path in (BAD / "content" / "papers").iterdir():
        if path.stem not in TWINS:
            assert f"content/papers/{path.name}" in reported, path.name


BAD_FILES = sorted(p.name for p in (BAD / "content" / "papers").iterdir()
                   if p.stem not in TWINS)


@pytest.mark.parametrize("name", BAD_FILES)
def test_each_bad_file_alone_gives_its_own_message(
        name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Checked alone (with its valid twin, if any), a file gives exactly its lines of
    the golden report: no problem depends on, or hides behind, another file."""
    papers: dict[str, str | bytes] = {name: (BAD / "content" / "papers" / name).read_bytes()}
    twin = name.replace("-b.yaml", "-a.yaml")
    if twin != name:
        papers[twin] = (BAD / "content" / "papers" / twin).read_bytes()
    papers["good.yaml"] = GOOD  # every topic has a paper, so no "no papers" warning
    papers["other.yaml"] = GOOD.replace("humanoid-skills", "skill-extraction").replace(
        "A Good Record", "Another Record Entirely")
    status, lines = check(project(tmp_path, papers), capsys)
    expected = [line for line in EXPECTED if line.startswith(f"content/papers/{name}:")]
    assert expected
    assert lines[:-1] == expected
    assert status == (0 if all(": warning: " in line for line in expected) else 1)


@pytest.mark.parametrize(("record", "expected"), [
    (GOOD.replace("[humanoid-skills]", "[humanoid-skils]"),
     "content/papers/x.yaml:4: topics: unknown topic 'humanoid-skils' "
     "(did you mean 'humanoid-skills'?)"),
    (GOOD.replace("abstract:", "abstarct:"),
     "content/papers/x.yaml:3: abstarct: unknown field 'abstarct' (did you mean 'abstract'?)"),
    (GOOD + "links:\n  code: javascript:alert(document.cookie)\n",
     "content/papers/x.yaml:7: links.code: 'javascript:alert(document.cookie)' "
     "must be an http(s) URL"),
    (GOOD + "links:\n  video: data:text/html;base64,PHNjcmlwdD4=\n",
     "content/papers/x.yaml:7: links.video: 'data:text/html;base64,PHNjcmlwdD4=' "
     "must be an http(s) URL"),
    (GOOD + "arxiv: '2401.17092v3'\n",
     "content/papers/x.yaml:6: arxiv: '2401.17092v3' is not an arXiv id without version "
     "(like 2505.02094 or cs/0112017) (did you mean '2401.17092'?)"),
    (GOOD + "arxiv: '1412.12345'\n",  # five digits only from 2015 on
     "content/papers/x.yaml:6: arxiv: '1412.12345' is not an arXiv id without version "
     "(like 2505.02094 or cs/0112017)"),
    (GOOD + "arxiv: \"2401.17092\\n\"\n",  # Python's '$' would accept this
     "content/papers/x.yaml:6: arxiv: '2401.17092\\n' is not an arXiv id without version "
     "(like 2505.02094 or cs/0112017) (did you mean '2401.17092'?)"),
    (GOOD + "year: '٢٠٢٤'\n",
     "content/papers/x.yaml:6: year: must be a whole number, not text"),
    (GOOD.replace("'2026-01-15'", "'2026-02-29'"),
     "content/papers/x.yaml:5: added: '2026-02-29' is not a real date"),
    (GOOD.replace("A Good Record", '"A \\u2066Good\\u2069 Record"'),
     "content/papers/x.yaml:2: title: contains the invisible character U+2066 "
     "(LEFT-TO-RIGHT ISOLATE); remove it"),
    (GOOD.replace("A Good Record", "|\n  Two\n  lines"),
     "content/papers/x.yaml:2: title: 'Two\\nlines\\n' must be one non-blank line"),
    (GOOD.replace("title: A Good Record\n", ""),
     "content/papers/x.yaml:2: title: required field is missing"),
    (GOOD.replace("We study skills.", "''"),
     "content/papers/x.yaml:3: abstract: must not be empty"),
    (GOOD + "? [a, b]\n: complex\n",
     "content/papers/x.yaml:6: (file): a field name must be a word, not a list or mapping"),
    (GOOD + "venue: !!binary aGVsbG8=\n",
     "content/papers/x.yaml:6: venue: the YAML tag !!binary is not allowed in records"),
    (GOOD + "authors: &people [A, B]\nvenue: *people\n",
     "content/papers/x.yaml:6: authors: anchors (&people) are not allowed in records"),
    (GOOD + "topics: [skill-extraction]\n",
     "content/papers/x.yaml:6: topics: duplicate key 'topics' (first given on line 4)"),
])
def test_exact_message(record: str, expected: str, tmp_path: Path,
                       capsys: pytest.CaptureFixture[str]) -> None:
    status, lines = check(project(tmp_path, {"x.yaml": record}), capsys)
    assert status == 1
    assert expected in lines, "\n".join(lines)


def test_types_are_kept_as_written(tmp_path: Path) -> None:
    record = HEAD + ("title: NO\nabstract: on\ntopics: [humanoid-skills]\nadded: 2026-01-15\n"
                     "year: 2024\narxiv: 2401.17092\nvenue: '2024'\n")
    root = project(tmp_path, {"x.yaml": record})
    problems = Problems()
    paper = load_paper(root / "content/papers/x.yaml", root, {}, problems)
    assert problems.items == []
    assert paper is not None
    assert (paper.title, paper.abstract, paper.added, paper.year, paper.arxiv, paper.venue) == (
        "NO", "on", "2026-01-15", 2024, "2401.17092", "2024")


def test_invalid_utf8_names_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = project(tmp_path, {"latin1.yaml": GOOD.encode() + "venue: Montréal\n".encode("latin-1")})
    status, lines = check(root, capsys)
    assert status == 1
    assert lines[0] == ("content/papers/latin1.yaml:6: (file): not valid UTF-8 (byte 0xe9); "
                        "save the file as UTF-8")


def test_ids_differing_only_in_case(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = project(tmp_path, {"skill.yaml": GOOD,
                              "Skill.yaml": GOOD.replace("A Good", "Another")})
    status, lines = check(root, capsys)
    assert status == 1
    assert lines[:2] == [
        "content/papers/Skill.yaml:1: (file name): 'Skill.yaml' must be the paper id: "
        "lowercase letters, digits and '-' (like 'skillmimic-v2'), then .yaml",
        "content/papers/skill.yaml:1: (file name): the id 'skill' differs only in case from "
        "content/papers/Skill.yaml; ids are lowercase",
    ]


def test_huge_file_is_refused_before_parsing(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    root = project(tmp_path, {"big.yaml": GOOD + "venue: " + "x" * MAX_BYTES + "\n"})
    status, lines = check(root, capsys)
    assert status == 1
    assert lines[0] == f"content/papers/big.yaml:1: (file): is {MAX_BYTES + 175:,} bytes; a " \
        f"record is at most {MAX_BYTES:,} bytes"


def test_strict_turns_warnings_into_errors(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    near = GOOD.replace("A Good Record", "A Good Records").replace("humanoid-skills",
                                                                   "skill-extraction")
    root = project(tmp_path, {"a.yaml": GOOD, "b.yaml": near})
    warning = ("content/papers/b.yaml:2: title: warning: nearly the same title as "
               "content/papers/a.yaml (96% alike); is it the same paper?")
    assert check(root, capsys) == (0, [warning, "0 error(s), 1 warning(s)"])
    assert check(root, capsys, "--strict") == (
        1, [warning, "0 error(s), 1 warning(s) (--strict: warnings count as errors)"])


def test_github_annotations(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    root = project(tmp_path, {"a,b.yaml": GOOD.replace("[humanoid-skills]", "[robtics]"),
                              "ok.yaml": GOOD.replace("humanoid-skills", "skill-extraction")})
    status, lines = check(root, capsys)
    assert status == 1
    assert "::error file=content/papers/a%2Cb.yaml,line=1::(file name): 'a,b.yaml' must be " \
        "the paper id: lowercase letters, digits and '-' (like 'skillmimic-v2'), then .yaml" \
        in lines
    assert "::error file=content/papers/a%2Cb.yaml,line=4::topics: unknown topic 'robtics'" \
        in lines
    assert "::warning file=content/topics.yaml,line=2::key: topic 'humanoid-skills' has no " \
        "papers" in lines


def test_nothing_crashes_on_junk(tmp_path: Path) -> None:
    """Fuzz: random bytes, random YAML-ish text and mutations of a good record all
    give problems (or a paper), never an exception."""
    rng = random.Random(20261127)
    pieces = ["title:", "abstract:", "topics:", "- ", "[", "]", "{", "}", ":", "&a", "*a",
              "!!str", "!!python/name:os.system", "? ", "---", "...", "\n", "  ", "'", '"',
              "\\", "#", "|", ">", "%YAML 1.1", "\t", "\u202e", "\x85", "0x1F", "~", "é"]
    cases: list[bytes] = [b"", b"\n", b"---\n", b"~\n", b"[]\n", b"{}\n", b"42\n",
                          b"\xff\xfe\x00t", b"\x00" * 10, b"[" * 5000, b"- " * 3000,
                          b"{a: " * 2000]
    cases += [bytes(rng.randrange(256) for _ in range(rng.randrange(1, 200))) for _ in range(60)]
    cases += ["".join(rng.choice(pieces) for _ in range(rng.randrange(1, 40))).encode()
              for _ in range(150)]
    good = GOOD.encode()
    for _ in range(100):
        data = bytearray(good)
        for _ in range(rng.randrange(1, 4)):
            data[rng.randrange(len(data))] = rng.choice(b":-[]{}&*!'\"\n #|>\t\x00")
        cases.append(bytes(data))
    root = project(tmp_path, {})
    path = root / "content/papers/fuzz.yaml"
    for data in cases:
        path.write_bytes(data)
        problems = Problems()
        paper = load_paper(path, root, {}, problems)
        assert (paper is None) == bool(problems.errors()), data
        for problem in problems.items:
            assert "\n" not in str(problem), data


# --- the JSON Schema and the validator agree --------------------------------------

INTERNAL_FIELDS = {"id", "source", "month", "lines"}  # derived, not written in a record


def test_schema_properties_are_the_model_fields() -> None:
    fields = {f.name: f for f in dataclasses.fields(Paper)}
    paper_schema = schema("paper.schema.json")
    assert set(paper_schema["properties"]) == set(fields) - INTERNAL_FIELDS
    no_default = {name for name, f in fields.items() if f.default is dataclasses.MISSING
                  and f.default_factory is dataclasses.MISSING}
    assert set(paper_schema["required"]) == no_default - INTERNAL_FIELDS
    from generator.model.identifiers import LINK_KINDS
    assert set(paper_schema["properties"]["links"]["properties"]) == set(LINK_KINDS)


SCHEMA_CASES: list[tuple[str, object]] = [
    ("title", ""), ("title", "   "), ("title", "a\nb"), ("title", "x" * 1001), ("title", 7),
    ("abstract", " \n "), ("authors", "Ada"), ("authors", [""]), ("authors", ["a\nb"]),
    ("year", "2024"), ("year", 1664), ("year", 2101), ("venue", ""),
    ("arxiv", "2505.2094"), ("arxiv", "2513.01234"), ("arxiv", "0612.0001"),
    ("arxiv", "2505.02094v1"), ("arxiv", "arXiv:2505.02094"), ("arxiv", "CS/0112017"),
    ("arxiv", "cs/0113017"), ("doi", "doi:10.1/x"), ("doi", "10.1145/ x"),
    ("topics", []), ("topics", ["Robotics"]), ("topics", ["a", "a"]), ("topics", "a"),
    ("links", {"code": "javascript:alert(1)"}), ("links", {"code": "data:,x"}),
    ("links", {"code": "ftp://x.org/"}), ("links", {"code": "https://"}),
    ("links", {"code": "https://x.org/\"onmouseover=alert(1)"}),
    ("links", {"code": "//evil.example/"}), ("links", {"site": "https://x.org/"}),
    ("added", "2024-1-01"), ("added", 20240101), ("short_name", "X"), ("unknown", "x"),
]
VALID = {"title": "T", "abstract": "A", "topics": ["a"], "added": "2026-01-15"}


@pytest.mark.parametrize(("field", "value"), SCHEMA_CASES)
def test_schema_and_validator_reject_the_same_inputs(field: str, value: object) -> None:
    record = {**VALID, field: value}
    plain = list(Draft202012Validator(schema("paper.schema.json")).iter_errors(record))
    ours = list(validator("paper.schema.json").iter_errors(record))
    assert plain, "an editor using the schema would accept this"
    assert ours, "the checker would accept this"
    assert not schema_accepts("paper.schema.json", record), "the fast path would accept this"
    assert not list(validator("paper.schema.json").iter_errors(VALID))
    assert schema_accepts("paper.schema.json", VALID)


def test_validator_is_stricter_only_where_python_differs_from_json_schema() -> None:
    """Python's '$' accepts a final newline and '\\d' other digits; JSON Schema
    (ECMA-262), and so the editor, rejects both, and so does the checker."""
    for field, value in (("arxiv", "2505.02094\n"), ("added", "٢٠٢٤-01-01"),
                         ("links", {"code": "https://x.org/\n"})):
        record = {**VALID, field: value}
        assert not list(Draft202012Validator(schema("paper.schema.json")).iter_errors(record))
        assert list(validator("paper.schema.json").iter_errors(record))
        assert not schema_accepts("paper.schema.json", record)


@pytest.mark.parametrize("folder", ["bad", "hostile", "toy"])
def test_fast_schema_check_agrees_with_the_precise_one(folder: str) -> None:
    """Records pass the compiled schema (fastjsonschema) and only those it rejects go
    through jsonschema for the messages: both must say the same of every file."""
    content = BAD.parent / folder / "content"
    files = [(path, "paper.schema.json") for path in sorted((content / "papers").glob("*.yaml"))]
    files += [(content / "topics.yaml", "topics.schema.json")]
    if folder == "toy":  # the seed fixture too
        files += [(path, "paper.schema.json") for path in
                  sorted((BAD.parent / "seed" / "content" / "papers").glob("*.yaml"))]
    verdicts = set()
    for path, name in files:
        doc = read_yaml(path, path.parent, Problems())
        if doc is None:
            continue
        precise = not list(validator(name).iter_errors(doc.value))
        assert schema_accepts(name, doc.value) == precise, path.name
        verdicts.add(precise)
    assert verdicts == ({True, False} if folder == "bad" else {True})


def test_every_record_points_editors_to_the_schema() -> None:
    """The first line of each record of the seed fixture (written by the importer and
    `new`) names the schema by a path that resolves from content/papers/."""
    repo = BAD.parent.parent.parent
    records = sorted((BAD.parent / "seed" / "content" / "papers").glob("*.yaml"))
    assert records
    for path in records:
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        prefix = "# yaml-language-server: $schema="
        assert first.startswith(prefix), path.name
        target = (repo / "content" / "papers" / first.removeprefix(prefix)).resolve()
        assert target == repo / "generator" / "schema" / "paper.schema.json"


@pytest.mark.parametrize(("topics", "expected"), [
    ("", "content/topics.yaml:1: (file): the file is empty"),
    ("key: x\n", "content/topics.yaml:1: (file): must be a list, not a mapping"),
    ("- just-a-key\n", "content/topics.yaml:1: [0]: must be a mapping, not text"),
    ("- key: a\n  title: A\n  description: D\n  related: [b]\n",
     "content/topics.yaml:4: [0].related: unknown topic 'b'"),
    ("- key: a\n  title: A\n  description: D\n- key: a\n  title: B\n  description: E\n",
     "content/topics.yaml:4: [1].key: topic 'a' is defined twice (first on line 1)"),
    ("- key: Bad Key\n  title: A\n  description: D\n",
     "content/topics.yaml:1: [0].key: 'Bad Key' is not a topic key (lowercase words joined by "
     "'-')"),
    (None, "content/topics.yaml: (file): the topic taxonomy is missing"),
])
def test_bad_taxonomy_is_reported_not_raised(topics: str | None, expected: str, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    root = project(tmp_path, {"x.yaml": GOOD})
    if topics is None:
        (root / "content" / "topics.yaml").unlink()
    else:
        (root / "content" / "topics.yaml").write_text(topics, encoding="utf-8")
    status, lines = check(root, capsys)
    assert status == 1
    assert expected in lines, "\n".join(lines)
