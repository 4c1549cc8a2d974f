"""`python -m generator new`: a valid record from what a contributor knows, offline."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import pytest

from generator.authoring.scaffold import split_authors
from generator.cli import main
from generator.model.problems import Problems
from generator.records.collection import load_collection, load_paper

TOY = Path(__file__).parent / "data" / "toy"
TODAY = dt.date.today().isoformat()
ABSTRACT = ("We learn   basketball skills: layups, dribbles & passes from human-ball\n"
            "interaction capture, with $N^k$ transitions; \"quoted\" words, a # hash,\n"
            "a soft\u00adhyphen and Nørgaard's name stay as typed, over eighty characters.")


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    shutil.copytree(TOY / "content", tmp_path / "content")
    return tmp_path


def new(project: Path, *args: str) -> int:
    return main(["--root", str(project), "new", *args])


def test_new_writes_a_valid_record(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = new(project, "--title", "Dribble  Master: Learning Basketball Skills",
                 "--authors", "Ada Lovelace, Charles Babbage and Alan Turing",
                 "--arxiv", "2503.01234", "--abstract", ABSTRACT,
                 "--code", "https://github.com/example/dribble")
    out, err = capsys.readouterr()
    assert status == 0, err
    path = project / "content/papers/dribble-master-learning-basketball-skills.yaml"
    assert out == "wrote content/papers/dribble-master-learning-basketball-skills.yaml\n"
    assert path.read_text(encoding="utf-8") == f"""\
# yaml-language-server: $schema=../../generator/schema/paper.schema.json
title: 'Dribble Master: Learning Basketball Skills'
authors:
- Ada Lovelace
- Charles Babbage
- Alan Turing
year: 2025
arxiv: '2503.01234'
# topics suggested from similar papers; check them against content/topics.yaml
topics:
- humanoid-skills
links:
  code: https://github.com/example/dribble
added: '{TODAY}'
abstract: >-
  We learn basketball skills: layups, dribbles & passes from human-ball interaction capture,
  with $N^k$ transitions; "quoted" words, a # hash, a softhyphen and Nørgaard's name stay
  as typed, over eighty characters.
"""
    assert err.splitlines()[:3] == ["suggested topics (closest papers first):",
                                    "  humanoid-skills   0.57",
                                    "  skill-extraction  0.05"]
    problems = Problems()
    paper = load_paper(path, project, load_collection(project)[0].topics, problems)
    assert problems.items == []
    assert paper is not None
    assert paper.abstract == " ".join(ABSTRACT.replace("\u00ad", "").split())
    _, everything = load_collection(project)
    assert everything.errors() == []


def test_topics_are_ranked_by_similar_papers(project: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    status = new(project, "--stdout", "--title", "Extracting skills from job postings",
                 "--abstract", "We extract occupational skills from job postings in Danish "
                 "and English with a nearest neighbour retriever.")
    out, err = capsys.readouterr()
    assert status == 0, err
    assert "topics:\n- skill-extraction\n" in out
    assert err.splitlines()[1].split()[0] == "skill-extraction"
    assert not list((project / "content/papers").glob("extracting*"))  # --stdout writes nothing


def test_given_topics_short_name_and_abstract_from_stdin(
        project: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("An abstract\nfrom standard input.\n"))
    status = new(project, "--title", "Some Title", "--short-name", "Skillful",
                 "--topic", "skill-extraction", "--abstract-file", "-", "--year", "2019",
                 "--author", "Jane Doe")
    _, err = capsys.readouterr()
    assert status == 0, err
    text = (project / "content/papers/skillful.yaml").read_text(encoding="utf-8")
    assert "short_name: Skillful\n" in text
    assert "year: 2019\n" in text
    assert "topics:\n- skill-extraction\nadded:" in text  # no "suggested" note
    assert "abstract: An abstract from standard input.\n" in text


def test_never_overwrites(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = (project / "content/papers/nnose.yaml").read_bytes()
    status = new(project, "--id", "nnose", "--title", "A Different Paper",
                 "--abstract", "Different.", "--topic", "skill-extraction")
    _, err = capsys.readouterr()
    assert status == 1
    assert ("content/papers/nnose.yaml:1: (file name): already exists; edit that record, "
            "or choose another id with --id") in err.splitlines()
    assert err.splitlines()[-1] == "new: nothing written"
    assert (project / "content/papers/nnose.yaml").read_bytes() == before


def test_refuses_a_paper_already_in_the_collection(project: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    status = new(project, "--title", "NNOSE again", "--arxiv", "2401.17092",
                 "--abstract", "Same paper.")
    _, err = capsys.readouterr()
    assert status == 1
    assert ("content/papers/nnose-again.yaml:4: arxiv: the same arXiv id 2401.17092 as "
            "content/papers/nnose.yaml:8; one paper, one record") in err.splitlines()
    assert not (project / "content/papers/nnose-again.yaml").exists()


@pytest.mark.parametrize(("args", "expected"), [
    (["--arxiv", "2401.1709"],  # four digits after the dot only until 2014
     "content/papers/t.yaml:4: arxiv: '2401.1709' is not an arXiv id without version "
     "(like 2505.02094 or cs/0112017)"),
    (["--topic", "skill-extractoin"],
     "content/papers/t.yaml:4: topics: unknown topic 'skill-extractoin' "
     "(did you mean 'skill-extraction'?)"),
    (["--code", "javascript:alert(1)"],
     "content/papers/t.yaml:6: links.code: 'javascript:alert(1)' must be an http(s) URL"),
    (["--id", "Not An Id"],
     "content/papers/Not An Id.yaml:1: (file name): 'Not An Id.yaml' must be the paper id: "
     "lowercase letters, digits and '-' (like 'skillmimic-v2'), then .yaml"),
])
def test_bad_input_is_reported_and_nothing_written(
        args: list[str], expected: str, project: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    before = sorted(p.name for p in (project / "content/papers").iterdir())
    base = ["--title", "T", "--abstract", "A."] + ([] if "--id" in args else ["--id", "t"])
    base += [] if "--topic" in args else ["--topic", "skill-extraction"]
    status = new(project, *base, *args)
    _, err = capsys.readouterr()
    assert status == 1
    assert expected in err.splitlines(), err
    assert sorted(p.name for p in (project / "content/papers").iterdir()) == before


def test_split_authors() -> None:
    assert split_authors("Ada Lovelace, Charles Babbage and Alan Turing") == [
        "Ada Lovelace", "Charles Babbage", "Alan Turing"]
    assert split_authors("Li, Wei; Zhang, Mike") == ["Li, Wei", "Zhang, Mike"]
    assert split_authors("One Author\nAnother  Author\n") == ["One Author", "Another Author"]


def test_pasted_urls_become_identifiers(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = new(project, "--stdout", "--title", "T", "--abstract", "A.", "--topic",
                 "skill-extraction", "--arxiv", "https://arxiv.org/abs/2503.01234v3",
                 "--doi", "https://doi.org/10.1145/3576915")
    out, err = capsys.readouterr()
    assert status == 0, err
    assert "year: 2025\narxiv: '2503.01234'\ndoi: 10.1145/3576915\n" in out
    assert "new: using the arXiv id 2503.01234" in err.splitlines()
