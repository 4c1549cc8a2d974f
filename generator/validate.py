"""Rules for records. Every check adds to one ``Problems``; nothing stops early.

Structure (required fields, types, unknown keys, formats) comes from the JSON
Schemas in ``generator/schema/``, the same files editors use while typing, so the
two never disagree. The rules a schema cannot express (dates that exist, topics
that exist, duplicates across files, invisible characters) follow below.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from rapidfuzz import fuzz, process

from .load import Document
from .problems import Problems

SCHEMA_DIR = Path(__file__).parent / "schema"
ID_PATTERN = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
# Bidirectional overrides and zero-width characters can make text read differently
# from what it is (CVE-2021-42574); other C0/C1 controls have no place in a record.
_INVISIBLE = re.compile(
    "[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u061c\ufeff"
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
NEAR_DUPLICATE_SCORE = 92.0
_TYPE_NAMES = {"string": "text", "integer": "a whole number", "array": "a list",
               "object": "a mapping", "null": "empty", "boolean": "true/false",
               "number": "a number"}


@cache
def schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    return loaded


def _type_name(value: Any) -> str:
    for json_type, python_type in (("null", type(None)), ("boolean", bool), ("integer", int),
                                   ("number", float), ("string", str), ("array", list),
                                   ("object", dict)):
        if isinstance(value, python_type):
            return _TYPE_NAMES[json_type]
    return type(value).__name__


def _field_path(error: ValidationError) -> str:
    path = ""
    for part in error.absolute_path:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def _message(error: ValidationError) -> tuple[str, str]:
    """(field, message) in words a contributor understands."""
    where = _field_path(error)
    kind, value, rule = error.validator, error.instance, error.validator_value
    if kind == "required":
        missing = str(error.message).split("'")[1]
        return (f"{where}.{missing}" if where else missing), "required field is missing"
    if kind == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        unknown = sorted(set(value) - set(allowed))
        key = unknown[0]
        guess = difflib.get_close_matches(key, allowed, n=1)
        hint = f" (did you mean '{guess[0]}'?)" if guess else f" (allowed: {', '.join(allowed)})"
        return (f"{where}.{key}" if where else key), f"unknown field '{key}'{hint}"
    if kind == "type":
        expected = rule if isinstance(rule, list) else [rule]
        names = " or ".join(_TYPE_NAMES.get(str(t), str(t)) for t in expected)
        return where, f"must be {names}, not {_type_name(value)}"
    if kind in ("pattern", "format"):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return where, f"{shown!r} {error.schema.get('x-message', 'has the wrong form')}"
    if kind == "maxLength":
        return where, f"is too long ({len(value)} characters, at most {rule})"
    if kind == "minLength":
        return where, "must not be empty"
    if kind in ("minimum", "maximum"):
        low, high = error.schema.get("minimum"), error.schema.get("maximum")
        return where, f"{value} is out of range ({low} to {high})"
    if kind == "minItems":
        return where, f"must list at least {rule} item(s)"
    if kind == "maxItems":
        return where, f"lists {len(value)} items, at most {rule}"
    if kind == "uniqueItems":
        return where, "lists the same item twice"
    return where, str(error.message)


def check_schema(doc: Document, schema_name: str, rel: str, problems: Problems) -> bool:
    validator = Draft202012Validator(schema(schema_name))
    ok = True
    for error in validator.iter_errors(doc.value):
        field, message = _message(error)
        problems.add(rel, doc.line(field), field or "(file)", message)
        ok = False
    return ok


def check_strings(doc: Document, rel: str, problems: Problems) -> None:
    """Invisible and control characters anywhere in the record."""

    def walk(value: Any, path: str) -> None:
        if isinstance(value, str):
            bad = _INVISIBLE.search(value)
            if bad:
                name = unicodedata.name(bad.group(), f"U+{ord(bad.group()):04X}")
                problems.add(rel, doc.line(path), path,
                             f"contains the invisible character U+{ord(bad.group()):04X} "
                             f"({name}); remove it")
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, f"{path}[{i}]")
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{path}.{key}" if path else key)

    walk(doc.value, "")


def check_date(value: str, rel: str, line: int, field: str, problems: Problems) -> None:
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        problems.add(rel, line, field, f"'{value}' is not a real date")
        return
    if day > dt.date.today() + dt.timedelta(days=1):
        problems.add(rel, line, field, f"'{value}' is in the future")


def normalised_title(title: str) -> str:
    folded = unicodedata.normalize("NFKC", title).casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", folded).split())


def suggest(word: str, choices: list[str]) -> str:
    guess = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean '{guess[0]}'?)" if guess else ""


def near_duplicate_titles(titles: dict[str, str]) -> list[tuple[str, str, float]]:
    """Pairs of ids whose normalised titles are nearly the same (but not equal)."""
    ids = sorted(titles)
    names = [normalised_title(titles[i]) for i in ids]
    pairs = []
    matrix = process.cdist(names, names, scorer=fuzz.ratio, score_cutoff=NEAR_DUPLICATE_SCORE,
                           dtype=np.uint8, workers=1)
    rows, cols = matrix.nonzero()
    for a, b in zip(rows.tolist(), cols.tolist(), strict=True):
        if a < b and names[a] != names[b]:
            pairs.append((ids[a], ids[b], float(matrix[a, b])))
    return pairs
