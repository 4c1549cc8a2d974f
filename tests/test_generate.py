"""The generator on the toy collection: golden pages, determinism, incremental writes."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.write.build import generate

TOY = Path(__file__).parent / "data" / "toy"
GOLDEN = Path(__file__).parent / "data" / "toy-golden"


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_pages_match_golden_files(tmp_path: Path) -> None:
    """Set UPDATE_GOLDEN=1 to rewrite tests/data/toy-golden after a deliberate change."""
    output = generate(TOY, docs=tmp_path / "docs")
    assert not output.problems.errors(), output.problems.report()
    produced = _tree(tmp_path / "docs")
    if os.environ.get("UPDATE_GOLDEN") == "1":
        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(tmp_path / "docs", GOLDEN)
    expected = _tree(GOLDEN)
    assert sorted(produced) == sorted(expected)
    for name, content in expected.items():
        assert produced[name].decode() == content.decode(), name


def test_same_input_gives_byte_identical_output_and_no_rewrites(tmp_path: Path) -> None:
    first = generate(TOY, docs=tmp_path / "a")
    generate(TOY, docs=tmp_path / "b")
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")
    mtimes = {p: p.stat().st_mtime_ns for p in (tmp_path / "a").rglob("*.md")}
    again = generate(TOY, docs=tmp_path / "a")
    assert again.written == []
    assert again.unchanged == len(first.written)
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / "a").rglob("*.md")} == mtimes


def test_only_the_changed_pages_are_rewritten_and_stale_pages_removed(tmp_path: Path) -> None:
    project = tmp_path / "toy"
    shutil.copytree(TOY, project, ignore=shutil.ignore_patterns("build"))
    docs = project / "build" / "docs"
    generate(project)
    record = project / "content" / "papers" / "kompetencer.yaml"
    record.write_text(record.read_text().replace("labour market analysis",
                                                 "labour market research"))
    changed = generate(project)
    assert "papers/kompetencer.md" in changed.written
    assert "papers/nnose.md" not in changed.written
    (project / "content" / "papers" / "nnose.yaml").unlink()
    removed = generate(project)
    assert "papers/nnose.md" in removed.removed
    assert not (docs / "papers" / "nnose.md").exists()


def test_bad_records_write_nothing(tmp_path: Path) -> None:
    project = tmp_path / "toy"
    shutil.copytree(TOY, project, ignore=shutil.ignore_patterns("build"))
    (project / "content" / "papers" / "broken.yaml").write_text("title: x\n")
    output = generate(project, docs=tmp_path / "docs")
    assert output.problems.errors()
    assert not (tmp_path / "docs").exists()


@pytest.mark.parametrize("paper_id", ["skillmimic", "skillmimic-v2", "nnose", "kompetencer"])
def test_every_record_has_a_page_with_its_title(tmp_path: Path, paper_id: str) -> None:
    generate(TOY, docs=tmp_path / "docs")
    page = (tmp_path / "docs" / "papers" / f"{paper_id}.md").read_text()
    assert f"content/papers/{paper_id}.yaml" in page
