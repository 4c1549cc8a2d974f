"""The collection health page: gaps and possible duplicates, for maintainers."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.health import collection_health
from generator.records import load_collection

TOY = Path(__file__).parent / "data" / "toy"
BARE = """\
title: {title}
topics: [humanoid-skills]
added: '2026-01-15'
abstract: A record with only the required fields.
"""


def test_health_finds_gaps_duplicates_and_small_topics(tmp_path: Path) -> None:
    shutil.copytree(TOY / "content", tmp_path / "content")
    papers = tmp_path / "content" / "papers"
    (papers / "bare.yaml").write_text(BARE.format(title="Learning Reusable Motor Skills"))
    (papers / "bare-again.yaml").write_text(BARE.format(title="Learning Reusable Motor Skill"))
    collection, problems = load_collection(tmp_path)
    assert problems.errors() == []
    health = collection_health(collection)
    assert {what: [p.id for p in found] for what, found in health.missing.items()} == {
        "an arXiv id": ["bare", "bare-again", "kompetencer"],
        "authors": ["bare", "bare-again"],
        "links (code, project, data...)": ["bare", "bare-again", "kompetencer",
                                           "skillmimic-v2"],
        "a year": ["bare", "bare-again"],
    }
    assert [(a.id, b.id, round(score)) for a, b, score in health.near_duplicates] == [
        ("bare", "bare-again", 98)]
    assert [(topic.key, count) for topic, count in health.small_topics] == [
        ("skill-extraction", 2)]
    assert health.issues == 3 + 2 + 4 + 2 + 1 + 1
