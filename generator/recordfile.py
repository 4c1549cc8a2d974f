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
block wrapped at ``ABSTRACT_WIDTH`` columns. ``yaml.safe_load`` of the text gives the fields back.
"""

from __future__ import annotations

from typing import Any

import yaml

SCHEMA_COMMENT = "# yaml-language-server: $schema=../../generator/schema/paper.schema.json\n"
FIELD_ORDER = ("title", "short_name", "authors", "year", "venue", "arxiv", "doi", "topics",
               "links", "added", "abstract")
ABSTRACT_WIDTH = 88
# A shorter abstract fits on its line as a plain value.
FOLD_AFTER = 80


class _Folded(str):
    """A string written as a folded block scalar (``>-``)."""


class _RecordDumper(yaml.SafeDumper):
    pass


_RecordDumper.add_representer(
    _Folded, lambda dumper, data: dumper.represent_scalar("tag:yaml.org,2002:str", str(data),
                                                          style=">"))


def record_yaml(fields: dict[str, Any], note: str = "") -> str:
    """The record file's text; ``note``, if given, is a comment above ``topics``."""
    text = SCHEMA_COMMENT
    for key in FIELD_ORDER:
        if key not in fields:
            continue
        value = fields[key]
        if key == "topics" and note:
            text += f"# {note}\n"
        if key == "abstract" and len(value) > FOLD_AFTER:
            folded = yaml.dump({key: _Folded(value)}, Dumper=_RecordDumper, allow_unicode=True,
                               width=ABSTRACT_WIDTH, sort_keys=False)
            # PyYAML picks another style when folding cannot keep the text exact
            text += folded if yaml.safe_load(folded) == {key: value} else yaml.safe_dump(
                {key: value}, allow_unicode=True, width=ABSTRACT_WIDTH)
        else:
            text += yaml.safe_dump({key: value}, allow_unicode=True, width=10_000,
                                   sort_keys=False, default_flow_style=False)
    return text
