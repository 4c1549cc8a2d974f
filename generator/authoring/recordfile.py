"""The text of a record file, as every command that writes one writes it.

    # yaml-language-server: $schema=../../generator/schema/paper.schema.json
    title: 'SkillMimic: Learning Reusable Basketball Skills from Demonstrations'
    authors:
    - Yinhuai Wang
    arxiv: '2408.15270'
    topics:
    - humanoid-and-character-skills
    added: '2026-11-27'
    abstract: >-
      Mastering basketball skills such as diverse layups and dribbling involves ...

Fields come in a fixed order; everything but the abstract is written unwrapped (a
long title stays on one line); the abstract, unless it is short, is a folded
block wrapped at ``ABSTRACT_WIDTH`` columns.

Every field reads back as written, by the strict loader (``load.parse_text``) as by
``yaml.safe_load`` and YAML 1.2 readers (editors): text that a plain scalar would
turn into something else (``09`` is a number to the loader, ``1e5`` to YAML 1.2,
``no`` to YAML 1.1) is quoted, and a field the loader does not read back exactly
is written again in double quotes, where YAML escapes every character.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from generator.model.problems import Problems
from generator.records.load import LOADER_INT, LOADER_NULL, parse_text

SCHEMA_COMMENT = "# yaml-language-server: $schema=../../generator/schema/paper.schema.json\n"
FIELD_ORDER = ("title", "short_name", "authors", "year", "venue", "arxiv", "doi", "topics",
               "links", "added", "abstract")
ABSTRACT_WIDTH = 88
# A shorter abstract fits on its line as a plain value.
FOLD_AFTER = 80


class _Folded(str):
    """A string written as a folded block scalar (``>-``)."""


class _RecordDumper(yaml.SafeDumper):
    """PyYAML's safe dumper, which already quotes what YAML 1.1 reads as another type,
    told also what the strict loader and YAML 1.2 read as another type."""


class _QuotedDumper(_RecordDumper):
    """Every text in double quotes (but field names)."""


class _Key(str):
    """A field name, written plain."""


# (tag, pattern) of plain scalars that are not text to some reader; PyYAML then
# quotes a text that matches (an implicit resolver whose tag is not str)
_NOT_TEXT = [
    ("tag:yaml.org,2002:int", LOADER_INT),  # the strict loader: 09, 0012, +7
    ("tag:yaml.org,2002:null", LOADER_NULL),
    ("tag:yaml.org,2002:int", re.compile(r"[-+]?(0o[0-7]+|0x[0-9a-fA-F]+)")),  # YAML 1.2
    ("tag:yaml.org,2002:float",
     re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)"
                r"|\.(nan|NaN|NAN)")),
    ("tag:yaml.org,2002:bool", re.compile(r"y|Y|n|N|yes|Yes|YES|no|No|NO|true|True|TRUE"
                                          r"|false|False|FALSE|on|On|ON|off|Off|OFF")),
]
for _tag, _pattern in _NOT_TEXT:
    _RecordDumper.add_implicit_resolver(_tag, re.compile(f"^(?:{_pattern.pattern})$"), None)
_RecordDumper.add_representer(
    _Folded, lambda dumper, data: dumper.represent_scalar("tag:yaml.org,2002:str", str(data),
                                                          style=">"))
_QuotedDumper.add_representer(
    str, lambda dumper, data: dumper.represent_scalar("tag:yaml.org,2002:str", data,
                                                      style='"'))
_QuotedDumper.add_representer(
    _Key, lambda dumper, data: dumper.represent_scalar("tag:yaml.org,2002:str", str(data)))


def _same(a: Any, b: Any) -> bool:
    """Equal and of the same types all the way down (``True == 1``, but not here)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _reads_back(text: str, key: str, value: Any) -> bool:
    doc = parse_text(text, Path("record.yaml"), "record.yaml", Problems())
    return doc is not None and _same(doc.value, {key: value})


def _field(key: str, value: Any) -> str:
    """One field's YAML, read back exactly by the strict loader when it can be."""
    if key == "abstract" and isinstance(value, str) and len(value) > FOLD_AFTER:
        folded = yaml.dump({key: _Folded(value)}, Dumper=_RecordDumper, allow_unicode=True,
                           width=ABSTRACT_WIDTH, sort_keys=False)
        # PyYAML picks another style when folding cannot keep the text exact
        if _reads_back(folded, key, value):
            return folded
        width = ABSTRACT_WIDTH
    else:
        width = 10_000
    plain: str = yaml.dump({key: value}, Dumper=_RecordDumper, allow_unicode=True,
                           width=width, sort_keys=False, default_flow_style=False)
    if _reads_back(plain, key, value):
        return plain
    quoted: str = yaml.dump({_Key(key): value}, Dumper=_QuotedDumper, allow_unicode=False,
                            width=width, sort_keys=False, default_flow_style=False)
    return quoted


def record_yaml(fields: dict[str, Any], note: str = "") -> str:
    """The record file's text; ``note``, if given, is a comment above ``topics``."""
    text = SCHEMA_COMMENT
    for key in FIELD_ORDER:
        if key not in fields:
            continue
        if key == "topics" and note:
            text += f"# {' '.join(note.split())}\n"
        text += _field(key, fields[key])
    return text
