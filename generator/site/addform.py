"""The *Add a paper* page: a form that writes a record and opens it on GitHub.

The page (``templates/add-paper.md.j2``) is a plain HTML form; the browser script
``overrides/assets/javascripts/add-paper.js`` checks it with the same rules as
``python -m generator check`` and opens GitHub's create-file page with the YAML
filled in::

    {repo_url}/new/{branch}/content/papers?filename=<id>.yaml&value=<url-encoded YAML>

The rules are not written twice: the page embeds, as JSON in a
``<script type="application/json">`` element, the patterns and limits of
``schema/paper.schema.json``, the invisible-character class of ``validate``, the
topic taxonomy and the ids the build reserves. The ids, arXiv ids and DOIs already
in the collection (to warn about duplicates) are in files beside the page, so the
page weighs the same at any size: ``add-paper/existing-<n>.json``, one of
``shards`` (a file per ~``KEYS_A_FILE`` keys), holds every key whose FNV-1a hash
(``fnv1a``, of its UTF-8 bytes; DOIs lower-cased) is n modulo ``shards``::

    {"ids": ["nnose", ...], "arxiv": {"2401.17092": "nnose"}, "doi": {"10.1/x": "nnose"}}

The script fetches the file of each key typed.
"""

from __future__ import annotations

import json
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


KEYS_A_FILE = 2000  # ~45 KB a file


def fnv1a(text: str) -> int:
    """32-bit FNV-1a of ``text``'s UTF-8 bytes (add-paper.js computes the same)."""
    value = 0x811C9DC5
    for byte in text.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value


def _keys(ctx: Context) -> list[tuple[str, str, str]]:
    """(kind, key, paper id) for every id, arXiv id and DOI of the collection."""
    papers = sorted(ctx.collection.papers.values(), key=lambda p: p.id)
    keys = [("ids", p.id, p.id) for p in papers]
    keys += [("arxiv", p.arxiv, p.id) for p in papers if p.arxiv]
    keys += [("doi", p.doi.casefold(), p.id) for p in papers if p.doi]
    return keys


def _files_for(keys: int, a_file: int) -> int:
    return max(1, -(-keys // a_file))


def shard_count(ctx: Context, a_file: int = KEYS_A_FILE) -> int:
    return _files_for(len(_keys(ctx)), a_file)


def existing_keys(ctx: Context, a_file: int = KEYS_A_FILE) -> list[dict[str, Any]]:
    """The files of ids, arXiv ids and DOIs already in the collection (module doc)."""
    keys = _keys(ctx)
    count = _files_for(len(keys), a_file)
    shards: list[dict[str, Any]] = [{"ids": [], "arxiv": {}, "doi": {}} for _ in range(count)]
    for kind, key, paper_id in keys:
        shard = shards[fnv1a(key) % count]
        if kind == "ids":
            shard["ids"].append(key)
        else:
            shard[kind][key] = paper_id
    return shards


def form_data(ctx: Context, shards: int) -> dict[str, Any]:
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
        "existing": {"reserved_ids": sorted(RESERVED_IDS), "shards": shards},
    }


def add_paper_page(ctx: Context) -> Output:
    yield "add-paper.md", ctx.renderer.render(
        "add-paper.md.j2", data=form_data(ctx, shard_count(ctx)), link_kinds=LINK_KINDS,
        meta={"title": "Add a paper",
              "description": "Propose a paper for the collection without writing YAML."})


def existing_files(ctx: Context) -> Output:
    """``add-paper/existing-<n>.json`` (module doc)."""
    for number, shard in enumerate(existing_keys(ctx)):
        yield f"add-paper/existing-{number}.json", json.dumps(
            shard, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"
