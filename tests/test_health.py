"""The collection health page: gaps and possible duplicates, for maintainers."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.records.collection import load_collection
from generator.site.health import collection_health

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
    title = "'SkillMimic: Learning Reusable Basketball Skills from Demonstrations'"
    (papers / "same-title.yaml").write_text(BARE.format(title=title) + "year: 2011\n")
    collection, problems = load_collection(tmp_path)
    assert collection_health(collection).small_topics == []  # no rule: single papers only
    (tmp_path / "content" / "collection.yaml").write_text("papers_per_topic: {min: 3}\n")
    collection, problems = load_collection(tmp_path)
    assert [str(p) for p in problems.errors()] == [
        "content/topics.yaml:6: key: topic 'skill-extraction' has 2 paper(s); this collection "
        "asks for at least 3 (papers_per_topic in content/collection.yaml:1)"]
    health = collection_health(collection)
    assert {what: [p.id for p in found] for what, found in health.missing.items()} == {
        "an arXiv id": ["bare", "bare-again", "kompetencer", "same-title"],
        "authors": ["bare", "bare-again", "same-title"],
        "links (code, project, data...)": ["bare", "bare-again", "kompetencer",
                                           "same-title", "skillmimic-v2"],
        "a year": ["bare", "bare-again"],
    }
    assert [str(p) for p in problems.warnings()][-1] == (
        "content/papers/skillmimic.yaml:2: title: warning: the same title as "
        "content/papers/same-title.yaml:1, with other years; if it is the same paper, keep "
        "one record")
    assert [(a.id, b.id, round(score)) for a, b, score in health.near_duplicates] == [
        ("bare", "bare-again", 98)]
    assert [(a.id, b.id) for a, b in health.same_titles] == [("same-title", "skillmimic")]
    assert [(topic.key, count) for topic, count in health.small_topics] == [
        ("skill-extraction", 2)]
    assert health.issues == 4 + 3 + 5 + 2 + 1 + 1 + 1
