"""Front matter YAML, byte for byte what ``yaml.dump`` with libyaml writes, faster.

For a large collection ``yaml.dump`` spends most of the front matter's time in
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
from functools import lru_cache
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
# The resolver's rules by first character (None: rules for any text)
_RESOLVERS = yaml.resolver.Resolver.yaml_implicit_resolvers
_SCALARS = (str, int, bool, type(None))


class _Unsure(Exception):
    """A value whose rendering is left to ``yaml.dump``."""


def dump(data: dict[str, Any]) -> str:
    """``yaml.dump(data, Dumper=DUMPER, sort_keys=True, allow_unicode=True, width=WIDTH)``."""
    try:
        return "\n".join(_block(data, 0, set())) + "\n"
    except _Unsure:
        return yaml.dump(data, Dumper=DUMPER, sort_keys=True, allow_unicode=True, width=WIDTH)


@lru_cache(maxsize=1 << 16)
def _text(value: str) -> str:
    """Text as libyaml writes it in block context: bare or in single quotes."""
    if not _SAFE.fullmatch(value) or value[0] in _UNSURE_FIRST or value[0] == " " \
            or value[-1] == " ":
        raise _Unsure
    if value[0] in _INDICATOR_FIRST or ": " in value or value[-1] == ":" or " #" in value \
            or ((value[0] in _RESOLVERS or None in _RESOLVERS)
                and _resolve(yaml.ScalarNode, value, (True, False)) != _STR_TAG):
        return "'" + value.replace("'", "''") + "'"
    return value


_WORDS = {True: "true", False: "false", None: "null"}


def _scalar(value: str | int | bool | None, column: int) -> str:
    text = _text(value) if type(value) is str else \
        _WORDS[value] if value is None or type(value) is bool else str(value)
    if column + len(text) > WIDTH:  # libyaml would fold the line
        raise _Unsure
    return text


def _block(value: object, indent: int, seen: set[int]) -> list[str]:
    """Lines of a list or mapping at ``indent``."""
    # PyYAML writes an anchor and alias for an object met twice; empty ones are flow style
    if not value or id(value) in seen:
        raise _Unsure
    seen.add(id(value))
    if type(value) is list:
        return _sequence(value, indent, seen)
    if type(value) is dict:
        return _mapping(value, indent, seen)
    raise _Unsure


def _mapping(data: dict[Any, Any], indent: int, seen: set[int]) -> list[str]:
    lines = []
    pad = " " * indent
    try:
        items = sorted(data.items(), key=lambda item: item[0])
    except TypeError:  # keys of mixed types
        raise _Unsure from None
    for key, value in items:
        if type(key) is not str:
            raise _Unsure
        name = _scalar(key, indent)
        if not name.isascii() or len(name) > 128:  # libyaml's longest simple key, in bytes
            raise _Unsure
        if type(value) in _SCALARS:
            lines.append(f"{pad}{name}: {_scalar(value, indent + len(name) + 2)}")
        else:
            lines.append(f"{pad}{name}:")
            # a list inside a mapping is not indented further (libyaml's "indentless")
            lines += _block(value, indent if type(value) is list else indent + 2, seen)
    return lines


def _sequence(items: list[Any], indent: int, seen: set[int]) -> list[str]:
    lines = []
    dash = " " * indent + "- "
    for item in items:
        if type(item) in _SCALARS:
            lines.append(dash + _scalar(item, indent + 2))
        else:
            # the first line of a nested block goes on the dash's line: "- - a"
            nested = _block(item, indent + 2, seen)
            lines.append(dash + nested[0][indent + 2:])
            lines += nested[1:]
    return lines
