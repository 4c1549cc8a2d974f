"""The *Add a paper* page: a form that writes a record and opens it on GitHub.

The page (``templates/add-paper.md.j2``) is a plain HTML form; the browser script
``overrides/assets/javascripts/add-paper.js`` checks it with the same rules as
``python -m generator check`` and opens GitHub's create-file page with the YAML
filled in::

    {repo_url}/new/{branch}/content/papers?filename=<id>.yaml&value=<url-encoded YAML>

The rules are not written twice: the page embeds, as JSON in a
``<script type="application/json">`` element, the patterns and limits of
``schema/paper.schema.json``, the invisible-character class of ``validate``, the
topic taxonomy, the ids the build reserves, and the ids, arXiv ids and DOIs
already in the collection (to warn about duplicates).
"""

from __future__ import annotations

from typing import Any

from generator.model.identifiers import LINK_KINDS
from generator.model.sitepaths import RESERVED_IDS
from generator.records.validate import INVISIBLE, schema
from generator.site.context import Context, Output

_FIELDS = ("title", "short_name", "abstract", "venue", "arxiv", "doi", "added")
_RULE_KEYS = ("pattern", "minLength", "maxLength", "minimum", "maximum", "x-message",
              "x-in-text", "x-date")


def _rules(spec: dict[str, Any]) -> dict[str, Any]:
    return {key: spec[key] for key in _RULE_KEYS if key in spec}


def form_rules() -> dict[str, Any]:
    """The schema's rules for each form field, in the shape the script reads."""
    paper = schema("paper.schema.json")
    props = paper["properties"]
    rules = {name: _rules(props[name]) for name in _FIELDS}
    rules["year"] = _rules(props["year"])
    rules["author"] = _rules(props["authors"]["items"])
    rules["topic"] = _rules(props["topics"]["items"])
    rules["link"] = _rules(paper["$defs"]["url"])
    rules["id"] = _rules(paper["$defs"]["id"])
    return rules


def form_data(ctx: Context) -> dict[str, Any]:
    papers = ctx.collection.papers.values()
    return {
        "repo_url": ctx.site["repo_url"],
        "branch": ctx.site["branch"],
        "folder": "content/papers",
        "schema_line": "# yaml-language-server: $schema=../../generator/schema/paper.schema.json",
        "required": schema("paper.schema.json")["required"],
        "rules": form_rules(),
        "invisible": INVISIBLE.pattern,
        "link_kinds": list(LINK_KINDS),
        "topics": [{"key": t.key, "title": t.title} for t in ctx.collection.topics.values()],
        "existing": {
            "ids": sorted(ctx.collection.papers),
            "reserved_ids": sorted(RESERVED_IDS),
            "arxiv": {p.arxiv: p.id for p in papers if p.arxiv},
            "doi": {p.doi.casefold(): p.id for p in papers if p.doi},
        },
    }


def add_paper_page(ctx: Context) -> Output:
    yield "add-paper.md", ctx.renderer.render(
        "add-paper.md.j2", data=form_data(ctx), link_kinds=LINK_KINDS,
        meta={"title": "Add a paper",
              "description": "Propose a paper for the collection without writing YAML."})
