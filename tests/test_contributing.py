"""The contribution paths stay in step with the rules: CONTRIBUTING.md documents
every field, the issue form is valid GitHub issue-form syntax. (That the form
offers the current topics is a `check` rule: issue_form in content/collection.yaml.)"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from generator.records.validate import schema

REPO = Path(__file__).resolve().parent.parent
FORM = REPO / ".github" / "ISSUE_TEMPLATE" / "suggest-paper.yml"
# https://docs.github.com/en/communities/using-templates-to-encourage-useful-issues-and-pull-requests/syntax-for-githubs-form-schema
TOP_KEYS = {"name", "description", "body", "title", "labels", "assignees", "projects", "type"}
ELEMENT_ATTRIBUTES = {
    "markdown": {"value"},
    "input": {"label", "description", "placeholder", "value"},
    "textarea": {"label", "description", "placeholder", "value", "render"},
    "dropdown": {"label", "description", "multiple", "options", "default"},
    "checkboxes": {"label", "description", "options"},
}


def _form() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(FORM.read_text(encoding="utf-8"))
    return loaded


def test_issue_form_is_valid_issue_form_syntax() -> None:
    form = _form()
    assert set(form) <= TOP_KEYS
    assert {"name", "description", "body"} <= set(form)
    assert all(isinstance(form[key], str) and form[key] for key in ("name", "description"))
    ids = []
    for element in form["body"]:
        kind = element["type"]
        assert kind in ELEMENT_ATTRIBUTES, kind
        assert set(element) <= {"type", "id", "attributes", "validations"}
        attributes = element["attributes"]
        assert set(attributes) <= ELEMENT_ATTRIBUTES[kind], (kind, set(attributes))
        if kind == "markdown":
            assert "id" not in element and "validations" not in element
            assert attributes["value"].strip()
            continue
        assert re.fullmatch(r"[A-Za-z0-9_-]+", element["id"])
        ids.append(element["id"])
        assert attributes["label"].strip()
        assert set(element.get("validations", {})) <= {"required"}
        assert isinstance(element.get("validations", {}).get("required", False), bool)
        if kind == "dropdown":
            options = attributes["options"]
            assert options and len(options) == len(set(options))
            assert all(isinstance(o, str) and o and o != "None" for o in options)
            assert isinstance(attributes.get("multiple", False), bool)
        if kind == "checkboxes":
            for option in attributes["options"]:
                assert set(option) <= {"label", "required"} and option["label"].strip()
    assert ids and len(ids) == len(set(ids))
    labels = form.get("labels", [])
    assert len(labels) == len(set(labels))


def test_contributing_documents_every_field_and_limit() -> None:
    guide = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `(\w+)` +\| (?:yes|no) +\| (.*) \|$", guide, re.MULTILINE))
    paper = schema("paper.schema.json")
    assert set(rows) == set(paper["properties"])
    for name, spec in paper["properties"].items():
        limit = spec.get("maxLength") or spec.get("items", {}).get("maxLength")
        if limit:
            assert f"{limit} characters" in rows[name] or f"–{limit} characters" in rows[name], (
                name, limit)
    required = re.findall(r"^\| `(\w+)` +\| yes", guide, re.MULTILINE)
    assert sorted(required) == sorted(paper["required"])
    for kind in paper["properties"]["links"]["properties"]:
        assert f"`{kind}`" in rows["links"]
