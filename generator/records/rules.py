"""Rules a collection sets for itself, in ``content/collection.yaml``.

Every record follows the rules of the schema and ``records.py``. What is true of
one collection only (how many topics it has, how many papers a topic needs) is
written in that collection's own file, so that another collection chooses its own
numbers and the tool's tests never count anyone's records::

    topics: {min: 8, max: 14}
    papers_per_topic: {min: 3}
    arxiv: {min_percent: 90}

A rule left out is not checked; without the file only the record rules apply.
Each broken rule is a problem at the place a curator would fix it (the topic's
line in ``topics.yaml``, the record's ``topics``), naming the rule's own line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.model.papers import Collection
from generator.model.problems import Problems
from generator.records.load import read_yaml, rel_path
from generator.records.validate import check_schema, check_strings, show

RULES_FILE = "content/collection.yaml"


@dataclass(frozen=True)
class Rule:
    """One rule's settings and the line of ``collection.yaml`` that sets them."""

    name: str
    settings: dict[str, Any]
    line: int

    def where(self) -> str:
        return f"{RULES_FILE}:{self.line}"


def load_rules(root: Path, problems: Problems) -> dict[str, Rule]:
    """The rules of ``root``'s collection by name; none if there is no rules file."""
    path = root / RULES_FILE
    if not path.exists():
        return {}
    found = Problems()
    doc = read_yaml(path, root, found)
    if doc is None:  # a file of comments only sets no rules
        if [p.message for p in found.items] != ["the file is empty"]:
            problems.extend(found)
        return {}
    check_strings(doc, RULES_FILE, problems)
    if not check_schema(doc, "collection.schema.json", RULES_FILE, problems):
        return {}
    value = doc.value or {}
    rules = {name: Rule(name, settings if isinstance(settings, dict) else {"value": settings},
                        doc.line(name))
             for name, settings in value.items()}
    topics = rules.get("topics")
    if topics and topics.settings.get("min", 0) > topics.settings.get("max", float("inf")):
        problems.add(RULES_FILE, topics.line, "topics", "min is larger than max")
    return rules


def check_rules(collection: Collection, root: Path, rules: dict[str, Rule],
                problems: Problems) -> None:
    """Every rule of ``rules`` that ``collection`` breaks, as a problem."""
    taxonomy = root / "content" / "topics.yaml"
    if "topics" in rules and collection.topics:
        rule = rules["topics"]
        low, high = rule.settings.get("min"), rule.settings.get("max")
        n = len(collection.topics)
        if (low is not None and n < low) or (high is not None and n > high):
            problems.add(rel_path(taxonomy, root), 1, "(file)",
                         f"lists {n} topics; this collection asks for {_range(low, high)} "
                         f"(topics in {rule.where()})")
    if "papers_per_topic" in rules:
        rule = rules["papers_per_topic"]
        low, high = rule.settings.get("min"), rule.settings.get("max")
        for key, papers in collection.papers_by_topic().items():
            topic = collection.topics.get(key)
            n = len(papers)
            if topic and ((low is not None and n < low) or (high is not None and n > high)):
                problems.add(rel_path(topic.source, root), topic.line, "key",
                             f"topic '{key}' has {n} paper(s); this collection asks for "
                             f"{_range(low, high)} (papers_per_topic in {rule.where()})")
    if "topics_per_paper" in rules:
        rule = rules["topics_per_paper"]
        high = rule.settings.get("max")
        for paper in collection.papers.values():
            if high is not None and len(paper.topics) > high:
                problems.add(rel_path(paper.source, root), paper.line("topics"), "topics",
                             f"lists {len(paper.topics)} topics; this collection files a "
                             f"paper under at most {high} (topics_per_paper in "
                             f"{rule.where()})")
    if "arxiv" in rules and collection.papers:
        rule = rules["arxiv"]
        low = rule.settings.get("min_percent")
        with_id = sum(1 for p in collection.papers.values() if p.arxiv)
        total = len(collection.papers)
        if low is not None and with_id * 100 < low * total:
            problems.add(RULES_FILE, rule.line, "arxiv.min_percent",
                         f"{with_id} of {total} records ({100 * with_id / total:.0f}%) have "
                         f"an arXiv id; this collection asks for at least {low}% (the "
                         "health page lists the records without one)")
    if "issue_form" in rules:
        _check_issue_form(collection, root, rules["issue_form"], problems)


def _check_issue_form(collection: Collection, root: Path, rule: Rule,
                      problems: Problems) -> None:
    """The issue form's topic dropdown offers every topic title, in taxonomy order
    (one more option after them, such as "Not sure", is allowed)."""
    rel = str(rule.settings["value"])
    path = root / rel
    if not path.is_file():
        problems.add(RULES_FILE, rule.line, "issue_form", f"{show(rel)} does not exist")
        return
    form = read_yaml(path, root, problems)
    if form is None:
        return
    body = form.value.get("body") if isinstance(form.value, dict) else None
    for i, element in enumerate(body if isinstance(body, list) else []):
        if isinstance(element, dict) and element.get("id") == "topics":
            where = f"body[{i}].attributes.options"
            options = (element.get("attributes") or {}).get("options") or []
            titles = [t.title for t in collection.topics.values()]
            if options[:len(titles)] != titles or len(options) > len(titles) + 1:
                missing = [t for t in titles if t not in options]
                detail = (f"does not offer {', '.join(show(t) for t in missing[:3])}"
                          + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
                          if missing else "lists the topics in another order than "
                          "content/topics.yaml, or options that are not topics")
                problems.add(rel, form.line(where), "topics",
                             f"the topic dropdown {detail}; list the titles of "
                             "content/topics.yaml in its order, then at most one more option")
            return
    problems.add(rel, 1, "body", "has no dropdown with id 'topics' "
                 f"(issue_form in {rule.where()})")


def _range(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"{low} to {high}"
    return f"at least {low}" if low is not None else f"at most {high}"
