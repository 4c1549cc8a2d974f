"""A collection's own rules (content/collection.yaml), checked on the toy collection.

The toy has 2 topics with 2 papers each (4 papers, 3 with an arXiv id, each under
one topic); each test writes the rules it needs and expects the exact problems.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import TOY, make_project

from generator.records.collection import load_collection


def _check(project: Path, rules: str) -> list[str]:
    (project / "content" / "collection.yaml").write_text(rules, encoding="utf-8")
    _, problems = load_collection(project)
    return [str(p) for p in problems.sorted()]


@pytest.fixture
def toy(tmp_path: Path) -> Path:
    return make_project(tmp_path / "toy", TOY / "content")


def _add_topic(project: Path, key: str, title: str) -> None:
    with (project / "content" / "topics.yaml").open("a", encoding="utf-8") as taxonomy:
        taxonomy.write(f"- key: {key}\n  title: {title}\n  description: A third topic.\n")


def test_without_rules_only_the_record_rules_apply(toy: Path) -> None:
    assert _check(toy, "") == []
    _add_topic(toy, "games-of-skill", "Games of skill")
    assert _check(toy, "# no rules\n") == [
        "content/topics.yaml:9: key: warning: topic 'games-of-skill' has no papers"]


def test_taxonomy_size_is_the_collections_choice(toy: Path) -> None:
    assert _check(toy, "topics: {min: 1, max: 5}\n") == []
    assert _check(toy, "# size\ntopics: {min: 3, max: 14}\n") == [
        "content/topics.yaml:1: (file): lists 2 topics; this collection asks for 3 to 14 "
        "(topics in content/collection.yaml:2)"]
    assert _check(toy, "topics: {max: 1}\n") == [
        "content/topics.yaml:1: (file): lists 2 topics; this collection asks for at most 1 "
        "(topics in content/collection.yaml:1)"]


def test_each_topic_needs_its_papers(toy: Path) -> None:
    _add_topic(toy, "games-of-skill", "Games of skill")
    assert _check(toy, "papers_per_topic: {min: 2}\n") == [
        "content/topics.yaml:9: key: topic 'games-of-skill' has 0 paper(s); this collection "
        "asks for at least 2 (papers_per_topic in content/collection.yaml:1)"]
    assert _check(toy, "papers_per_topic:\n  min: 3\n") == [
        f"content/topics.yaml:{line}: key: topic '{key}' has {n} paper(s); this collection "
        "asks for at least 3 (papers_per_topic in content/collection.yaml:1)"
        for line, key, n in ((2, "humanoid-skills", 2), (6, "skill-extraction", 2),
                             (9, "games-of-skill", 0))]
    assert _check(toy, "papers_per_topic: {max: 1}\n")[0].endswith(
        "has 2 paper(s); this collection asks for at most 1 "
        "(papers_per_topic in content/collection.yaml:1)")


def test_topics_per_paper_and_arxiv_share(toy: Path) -> None:
    nnose = toy / "content" / "papers" / "nnose.yaml"
    nnose.write_text(nnose.read_text(encoding="utf-8").replace(
        "- skill-extraction\n", "- skill-extraction\n- humanoid-skills\n"), encoding="utf-8")
    assert _check(toy, "topics_per_paper: {max: 1}\narxiv: {min_percent: 80}\n") == [
        "content/collection.yaml:2: arxiv.min_percent: 3 of 4 records (75%) have an arXiv id; "
        "this collection asks for at least 80% (the health page lists the records without one)",
        "content/papers/nnose.yaml:9: topics: lists 2 topics; this collection files a paper "
        "under at most 1 (topics_per_paper in content/collection.yaml:1)"]
    assert _check(toy, "topics_per_paper: {max: 2}\narxiv: {min_percent: 75}\n") == []


def test_a_bad_rules_file_is_reported_like_a_record(toy: Path) -> None:
    assert _check(toy, "topics: {min: 1}\npapers_per_topik: {min: 1}\n") == [
        "content/collection.yaml:2: papers_per_topik: unknown field 'papers_per_topik' "
        "(did you mean 'papers_per_topic'?)"]
    assert _check(toy, "topics: {min: 9, max: 3}\n") == [
        "content/collection.yaml:1: topics: min is larger than max",
        "content/topics.yaml:1: (file): lists 2 topics; this collection asks for 9 to 3 "
        "(topics in content/collection.yaml:1)"]
    assert _check(toy, "arxiv: {min_percent: '90'}\n") == [
        "content/collection.yaml:1: arxiv.min_percent: must be a whole number, not text"]


def test_the_issue_form_offers_every_topic(toy: Path) -> None:
    form = toy / ".github" / "form.yml"
    form.parent.mkdir()
    lines = ["name: Suggest", "body:", "  - type: dropdown", "    id: topics",
             "    attributes:", "      label: Topics", "      options:",
             "        - Humanoid and character skills", "        - Occupational skill extraction",
             "        - Not sure", ""]
    form.write_text("\n".join(lines), encoding="utf-8")
    rule = "issue_form: .github/form.yml\n"
    assert _check(toy, rule) == []
    _add_topic(toy, "games-of-skill", "Games of skill")
    assert _check(toy, rule)[0] == (
        ".github/form.yml:7: topics: the topic dropdown does not offer 'Games of skill'; list "
        "the titles of content/topics.yaml in its order, then at most one more option")
    form.unlink()
    assert _check(toy, rule)[0] == (
        "content/collection.yaml:1: issue_form: '.github/form.yml' does not exist")
