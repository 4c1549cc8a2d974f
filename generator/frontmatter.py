"""Front matter YAML, byte for byte what ``yaml.dump`` with libyaml writes, faster.

At 10,000 papers ``yaml.dump`` spent ~4 s of CPU on front matter, nearly all in
PyYAML's Python-level representers (libyaml only writes). Front matter is a
mapping of short keys to text, numbers, lists and mappings, and most of its
text (titles, names, URLs) is written by libyaml either bare or in single
quotes, for reasons simple to check. ``dump`` writes those cases itself and
hands anything else to ``yaml.dump`` (the whole mapping), so the output is
always exactly the library's::

    >>> dump({"title": "SkillMimic: Learning", "search": {"boost": 2},
    ...       "tags": [["a", "2021"]]})
    "search:\\n  boost: 2\\ntags:\\n- - a\\n  - '2021'\\ntitle: 'SkillMimic: Learning'\\n"

The rules are libyaml's (``yaml_emitter_analyze_scalar`` and
``yaml_emitter_select_scalar_style``), taken only where they are plain to see;
``tests/test_frontmatter.py`` compares ``dump`` with ``yaml.dump`` on hostile
and random text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml

# libyaml's emitter writes the same YAML about ten times faster than PyYAML's own.
DUMPER: type = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
WIDTH = 1000
# Characters libyaml writes as they are with allow_unicode: printable, not a line
# break (U+2028, U+2029), not a byte order mark, inside the Basic Multilingual Plane.
_SAFE = re.compile("[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]+")
# A first character that makes libyaml quote the text ('-', '?' and ':' depend
# on what follows, so they are left to the library).
_INDICATOR_FIRST = frozenset("#,[]{}&*!|>'\"%@`")
_UNSURE_FIRST = frozenset("-?:.")
# The dumper's own rule for text that would read back as another type (2024, yes, null)
_resolve: Callable[[type, str, tuple[bool, bool]], str] = yaml.resolver.Resolver().resolve
_STR_TAG = "tag:yaml.org,2002:str"


class _Unsure(Exception):
    """A value whose rendering is left to ``yaml.dump``."""


def dump(data: dict[str, Any]) -> str:
    """``yaml.dump(data, Dumper=DUMPER, sort_keys=True, allow_unicode=True, width=WIDTH)``."""
    try:
        return "".join(line + "\n" for line in _mapping(data, 0, set()))
    except _Unsure:
        return yaml.dump(data, Dumper=DUMPER, sort_keys=True, allow_unicode=True, width=WIDTH)


def _scalar(value: object, column: int) -> str:
    """A scalar as libyaml writes it in block context, starting at ``column``."""
    if type(value) is int:
        return str(value)
    if type(value) is not str or not _SAFE.fullmatch(value) or value[0] in _UNSURE_FIRST \
            or value[0] == " " or value[-1] == " ":
        raise _Unsure
    quoted = (value[0] in _INDICATOR_FIRST or ": " in value or value[-1] == ":"
              or " #" in value
              or _resolve(yaml.ScalarNode, value, (True, False)) != _STR_TAG)
    text = "'" + value.replace("'", "''") + "'" if quoted else value
    if column + len(text) > WIDTH:  # libyaml would fold the line
        raise _Unsure
    return text


def _block(value: object, indent: int, seen: set[int]) -> list[str]:
    """Lines of a nested list or mapping at ``indent``; text and numbers are not blocks."""
    if isinstance(value, dict):
        return _mapping(value, indent, seen)
    if isinstance(value, list):
        return _sequence(value, indent, seen)
    raise _Unsure


def _collection(value: object, seen: set[int]) -> bool:
    if not isinstance(value, dict | list):
        return False
    # PyYAML writes an anchor and alias for an object met twice; empty ones are flow style
    if id(value) in seen or not value:
        raise _Unsure
    seen.add(id(value))
    return True


def _mapping(data: dict[Any, Any], indent: int, seen: set[int]) -> list[str]:
    if not data or not all(type(key) is str for key in data):
        raise _Unsure
    lines = []
    pad = " " * indent
    for key, value in sorted(data.items(), key=lambda item: item[0]):
        name = _scalar(key, indent)
        if not name.isascii() or len(name) > 128:  # libyaml's longest simple key, in bytes
            raise _Unsure
        if _collection(value, seen):
            lines.append(f"{pad}{name}:")
            # a list inside a mapping is not indented further (libyaml's "indentless")
            lines += _block(value, indent if isinstance(value, list) else indent + 2, seen)
        else:
            lines.append(f"{pad}{name}: {_scalar(value, indent + len(name) + 2)}")
    return lines


def _sequence(items: list[Any], indent: int, seen: set[int]) -> list[str]:
    lines = []
    pad = " " * indent
    for item in items:
        if _collection(item, seen):
            # the first line of a nested block goes on the dash's line: "- - a"
            nested = _block(item, indent + 2, seen)
            lines += [f"{pad}- {nested[0][indent + 2:]}", *nested[1:]]
        else:
            lines.append(f"{pad}- {_scalar(item, indent + 2)}")
    return lines
