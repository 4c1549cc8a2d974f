"""Rules for records. Every check adds to one ``Problems``; nothing stops early.

Structure (required fields, types, unknown keys, formats) comes from the JSON
Schemas in ``generator/schema/``, the same files editors use while typing, so the
two never disagree. The rules a schema cannot express (dates that exist, years
and arXiv ids not in the future, topics that exist, duplicates across files,
invisible characters) follow below.

Patterns are matched the way JSON Schema (ECMA-262) reads them: ``$`` is the end
of the text. Python's ``$`` also matches before a final newline, which would let
``"2401.00001\\n"`` pass as an arXiv id; ``_pattern`` closes that gap.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

import fastjsonschema
import numpy as np
from rapidfuzz import fuzz, process

from generator.model.identifiers import ARXIV_IN_TEXT, DOI_IN_TEXT, load_schema
from generator.model.problems import Problems
from generator.records.load import Document

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

# Bidirectional overrides and zero-width characters can make text read differently
# from what it is (CVE-2021-42574); soft hyphens and line separators hide in text
# pasted from PDFs; tag characters smuggle invisible ASCII; other C0/C1 controls
# have no place in a record. Besides those, every Default_Ignorable_Code_Point
# (Hangul fillers, the combining grapheme joiner: they let two equal titles differ)
# but the variation selectors, which emoji and CJK names use and normalised_title
# drops. And what XML 1.0 forbids (the feeds and sitemaps are XML) or Unicode calls
# a noncharacter: lone surrogates, U+FFFE, U+FFFF and their kin in every plane.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17))
INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u2028-\u202e"
    "\u2060-\u206f\u3164\ufeff\uffa0\ufff0-\ufffb\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e00ff\U000e01f0-\U000e0fff"
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff" + _NONCHARACTERS + "]")
# Default-ignorable characters that INVISIBLE lets through: titles compare without them.
_VARIATION_SELECTORS = re.compile("[\u180b-\u180d\u180f\ufe00-\ufe0f\U000e0100-\U000e01ef]")
# Non-ASCII letters that look like an ASCII letter, after NFKC (which already maps
# full-width, mathematical and circled letters): the Latin prototypes of UTS #39's
# confusables.txt for Cyrillic, Greek, Armenian, Cherokee and Latin letters. Titles
# compare by this skeleton, so "Skill" with a Cyrillic "а" is the same title.
_LOOK_ALIKES = {
    "A": "АΑᎪ", "B": "ВΒᏴ", "C": "СϹᏟ", "E": "ЕΕᎬ", "H": "НΗᎻ", "I": "ІΙӀ", "J": "ЈᎫ",
    "K": "КΚᏦ", "M": "МΜᎷ", "N": "Ν", "O": "ОΟՕ", "P": "РΡᏢ", "Q": "Ԛ", "S": "ЅՏᏚ",
    "T": "ТΤᎢ", "U": "Ս", "W": "ԜᎳ", "X": "ХΧ", "Y": "УҮΥϒ", "Z": "ΖᏃ", "L": "Լ",
    "a": "аɑα", "c": "сϲ", "d": "ԁ", "e": "е", "g": "ɡց", "h": "һհ", "i": "іιı", "j": "јϳȷ",
    "k": "κ", "l": "ӏǀ", "n": "ո", "o": "оοօ", "p": "рρ", "q": "ԛզ", "s": "ѕ", "u": "υս",
    "v": "ν", "w": "ԝ", "x": "х", "y": "уүγ", "ë": "ё", "Ë": "Ё", "ï": "ї", "Ï": "Ї",
}
_SKELETON = str.maketrans({char: latin for latin, chars in _LOOK_ALIKES.items()
                           for char in chars})
# Unknown names (topics, fields) a file gets a suggestion for; the rest are counted
# in one problem, so a file listing thousands costs no more than one listing a few.
MAX_SUGGESTIONS = 20
NEAR_DUPLICATE_SCORE = 92.0
_TITLE_BLOCK = 250
_LENGTH_RATIO = (200 - NEAR_DUPLICATE_SCORE) / NEAR_DUPLICATE_SCORE
_INCREMENTAL_LIMIT = 200
_TYPE_NAMES = {"string": "text", "integer": "a whole number", "array": "a list",
               "object": "a mapping", "null": "empty", "boolean": "true/false",
               "number": "a number"}


schema = load_schema  # read once a process


@cache
def pattern_regex(pattern: str) -> re.Pattern[str]:
    # ECMA-262 '$' (no multiline flag) is the very end; Python's is not (see docstring).
    # ECMA-262 '\d' is ASCII only; Python's also takes other scripts' digits.
    return re.compile(re.sub(r"(?<!\\)\$$", r"\\Z", pattern).replace("\\d", "[0-9]"))


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    from jsonschema.exceptions import ValidationError

    if isinstance(instance, str) and not pattern_regex(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


@cache
def validator(name: str) -> Any:
    """The jsonschema validator, for the messages about a record ``fast_validator``
    rejected; imported only then, so a build of valid records never loads it."""
    from jsonschema import Draft202012Validator, validators

    return validators.extend(Draft202012Validator, {"pattern": _pattern})(schema(name))


def _python_patterns(node: Any) -> Any:
    """A copy of a schema whose patterns read the way ``pattern_regex`` reads them."""
    if isinstance(node, dict):
        return {key: pattern_regex(value).pattern if key == "pattern" and isinstance(value, str)
                else _python_patterns(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_python_patterns(item) for item in node]
    return node


@cache
def fast_validator(name: str) -> Callable[[Any], Any]:
    """The schema compiled to Python code by fastjsonschema, with the same patterns.

    It only says yes or no, about ten times faster than ``validator``: records
    pass through it, and only a record it rejects goes through ``validator`` for
    the exact messages. ``tests/test_validation.py`` checks that the two agree.
    """
    compiled: Callable[[Any], Any] = fastjsonschema.compile(_python_patterns(schema(name)))
    return compiled


def schema_accepts(name: str, value: Any) -> bool:
    try:
        fast_validator(name)(value)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def show(value: str, limit: int = 60) -> str:
    """A value quoted for a message: one line, invisible characters made visible."""
    shown = repr(value if len(value) <= limit else value[: limit - 3] + "...")
    return shown if shown.startswith("'") else "'" + shown[1:-1].replace("'", "\\'") + "'"


def type_name(value: Any) -> str:
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


def likely_identifier(field: str, value: str) -> str | None:
    """The arXiv id or DOI inside a pasted URL, a version or a prefix, if any."""
    pattern = {"arxiv": ARXIV_IN_TEXT, "doi": DOI_IN_TEXT}.get(field)
    found = pattern.search(value) if pattern else None
    return found.group(1) if found and found.group(1) != value else None


def _hint(field: str, value: str) -> str:
    """A likely fix for a malformed arXiv id or DOI (a URL, a version, a prefix)."""
    guess = likely_identifier(field, value)
    return f" (did you mean '{guess}'?)" if guess else ""


def messages(error: ValidationError) -> list[tuple[str, str]]:
    """(field, message) pairs in words a contributor understands."""
    where = _field_path(error)
    kind, value, rule = error.validator, error.instance, error.validator_value

    def child(key: str) -> str:
        return f"{where}.{key}" if where else key

    if kind == "required":
        return [(child(key), "required field is missing")
                for key in rule if isinstance(value, dict) and key not in value]
    if kind == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        found = []
        unknown = sorted(set(value) - set(allowed))
        for key in unknown[:MAX_SUGGESTIONS]:
            guess = difflib.get_close_matches(key, allowed, n=1)
            hint = (f" (did you mean '{guess[0]}'?)" if guess
                    else f" (allowed: {', '.join(allowed)})")
            found.append((child(key), f"unknown field {show(key)}{hint}"))
        if unknown[MAX_SUGGESTIONS:]:
            first = unknown[MAX_SUGGESTIONS]
            found.append((child(first), f"and {len(unknown) - MAX_SUGGESTIONS:,} more "
                          f"unknown fields, from {show(first)} on (allowed: "
                          f"{', '.join(allowed)})"))
        return found
    if kind == "type":
        expected = rule if isinstance(rule, list) else [rule]
        names = " or ".join(_TYPE_NAMES.get(str(t), str(t)) for t in expected)
        return [(where, f"must be {names}, not {type_name(value)}")]
    if kind in ("pattern", "format"):
        message = error.schema.get("x-message", "has the wrong form")
        return [(where, f"{show(value)} {message}{_hint(where, value)}")]
    if kind == "maxLength":
        return [(where, f"is too long ({len(value)} characters, at most {rule})")]
    if kind == "minLength":
        return [(where, "must not be empty" if not value else f"is too short (at least {rule} "
                 "characters)")]
    if kind in ("minimum", "maximum"):
        low, high = error.schema.get("minimum"), error.schema.get("maximum")
        return [(where, f"{value} is out of range ({low} to {high})")]
    if kind == "minItems":
        return [(where, f"must list at least {rule} item(s)")]
    if kind == "maxItems":
        return [(where, f"lists {len(value)} items, at most {rule}")]
    if kind == "uniqueItems":
        return [(where, "lists the same item twice")]
    return [(where, str(error.message))]


def check_schema(doc: Document, schema_name: str, rel: str, problems: Problems) -> bool:
    if schema_accepts(schema_name, doc.value):
        return True
    ok = True
    errors = sorted(validator(schema_name).iter_errors(doc.value),
                    key=lambda e: (list(map(str, e.absolute_path)), str(e.validator)))
    for error in errors:
        for field, message in messages(error):
            problems.add(rel, doc.line(field), field or "(file)", message)
            ok = False
    return ok


def character_name(char: str) -> str:
    """The Unicode name, or what the character is when it has none."""
    name = unicodedata.name(char, "")
    if name:
        return name
    kind = unicodedata.category(char)
    if kind == "Cc":
        return "a control character"
    if kind == "Cs":
        return "half of a surrogate pair, alone"
    return "a noncharacter" if re.fullmatch(f"[{_NONCHARACTERS}]", char) \
        else "an unassigned code point"


def check_strings(doc: Document, rel: str, problems: Problems) -> None:
    """Invisible, control and non-characters anywhere in the record: ``INVISIBLE``."""

    def walk(value: Any, path: str) -> None:
        if isinstance(value, str):
            bad = INVISIBLE.search(value)
            if bad:
                code = ord(bad.group())
                problems.add(rel, doc.line(path), path or "(file)",
                             f"contains the invisible character U+{code:04X} "
                             f"({character_name(bad.group())}); remove it")
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, f"{path}[{i}]")
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{path}.{key}" if path else key)

    walk(doc.value, "")


def check_date(value: str, rel: str, line: int, field: str, problems: Problems,
               today: dt.date | None = None) -> None:
    """``value`` already has the form YYYY-MM-DD; is it a day that exists, and past?"""
    today = today or dt.date.today()
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        problems.add(rel, line, field, f"{show(value)} is not a real date")
        return
    if day > today + dt.timedelta(days=1):
        problems.add(rel, line, field, f"{show(value)} is in the future")
    elif day.year < 2000:
        problems.add(rel, line, field, f"{show(value)} is before this collection began; "
                     "'added' is the day the record was added")


def check_year(year: int, rel: str, line: int, problems: Problems,
               today: dt.date | None = None) -> None:
    today = today or dt.date.today()
    if year > today.year + 1:
        problems.add(rel, line, "year", f"{year} is in the future")


def check_arxiv_month(year: int, month: int, rel: str, line: int, problems: Problems,
                      today: dt.date | None = None) -> None:
    """A new-style id starts with its year and month, which cannot be in the future."""
    today = today or dt.date.today()
    if (year, month) > (today.year, today.month):
        problems.add(rel, line, "arxiv", f"an arXiv id from {year}-{month:02d} is in the future")


def normalised_title(title: str) -> str:
    """What two titles must share to be the same title: case, punctuation, Unicode
    variants (NFKC), default-ignorable characters and look-alike letters of other
    scripts (``_LOOK_ALIKES``) do not count."""
    visible = _VARIATION_SELECTORS.sub("", INVISIBLE.sub("", title))
    skeleton = unicodedata.normalize("NFKC", visible).translate(_SKELETON)
    folded = unicodedata.normalize("NFKC", skeleton.casefold()).translate(_SKELETON)
    return " ".join(re.sub(r"[^\w\s]", " ", folded).split())


def suggest(word: str, choices: list[str]) -> str:
    guess = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean '{guess[0]}'?)" if guess else ""


def report_unknown(unknown: list[tuple[int, str, str]], choices: list[str], rel: str,
                   problems: Problems, what: str = "topic") -> None:
    """One problem for each unknown name, ``(line, field, name)``, with a suggestion
    from ``choices``: for the first ``MAX_SUGGESTIONS`` of a file; the rest in one
    problem at the first of them."""
    for line, field, name in unknown[:MAX_SUGGESTIONS]:
        problems.add(rel, line, field, f"unknown {what} {show(name)}{suggest(name, choices)}")
    rest = unknown[MAX_SUGGESTIONS:]
    if rest:
        line, field, name = rest[0]
        problems.add(rel, line, field, f"and {len(rest):,} more unknown {what}s, from "
                     f"{show(name)} on (no suggestions for so many)")


@dataclass
class TitleMemory:
    """The titles and pairs of the last ``near_duplicate_titles`` call given this
    memory, so that a run after a few edits compares only the changed titles."""

    names: dict[str, str] | None = None  # id -> normalised title
    pairs: list[tuple[str, str, float]] = dataclasses.field(default_factory=list)


def near_duplicate_titles(titles: dict[str, str], memory: TitleMemory | None = None
                          ) -> list[tuple[str, str, float]]:
    """Pairs of ids whose normalised titles are nearly the same (but not equal),
    sorted; exactly the pairs that scoring every pair with ``fuzz.ratio`` finds.

    Not every pair is scored:

    - fuzz.ratio is at most ``200 * min(la, lb) / (la + lb)``: titles are compared
      in blocks sorted by length, each only against the band of lengths it could
      match (memory ``block * band``, not an n*n matrix);
    - within the band, only pairs whose letter counts differ by little enough are
      scored (``_letter_levels``: one matrix product a block);
    - with a ``memory`` of the last call, when few titles changed (a preview after
      one edit), only the changed ones are compared with all.
    """
    names = {i: normalised_title(titles[i]) for i in sorted(titles)}
    last = memory.names if memory is not None else None
    if memory is not None and last is not None:
        changed = [i for i, name in names.items() if last.get(i) != name]
        gone = set(last) - set(names)
        if len(changed) + len(gone) <= _INCREMENTAL_LIMIT:
            memory.pairs = _pairs_with(changed, names, memory.pairs, set(changed) | gone)
            memory.names = names
            return list(memory.pairs)
    pairs = _all_pairs(names)
    if memory is not None:
        memory.names, memory.pairs = names, pairs
    return list(pairs)


def _all_pairs(names: dict[str, str]) -> list[tuple[str, str, float]]:
    if not names:  # no valid record at all
        return []
    ids = list(names)
    texts = list(names.values())
    by_length = sorted(range(len(texts)), key=lambda i: (len(texts[i]), i))
    lengths = [len(texts[i]) for i in by_length]
    size = np.array(lengths, dtype=np.float32)
    levels, totals = _letter_levels([texts[i] for i in by_length])
    found: list[tuple[int, int, float]] = []
    for start in range(0, len(by_length), _TITLE_BLOCK):
        end = min(start + _TITLE_BLOCK, len(by_length))
        stop = bisect.bisect_right(lengths, lengths[end - 1] * _LENGTH_RATIO)
        # a score of at least S needs an Indel distance of at most (100 - S) % of
        # la + lb, and the letter counts' distance is at most the Indel distance
        distance = totals[start:end, None] + totals[None, start:stop] \
            - 2 * (levels[start:end] @ levels[start:stop].T)
        allowed = (size[start:end, None] + size[None, start:stop]) \
            * (100 - NEAR_DUPLICATE_SCORE) + 100  # + 100: one letter to spare
        rows, cols = np.nonzero(np.triu(distance * 100 <= allowed, 1))
        pairs = [(by_length[start + r], by_length[start + c])
                 for r, c in zip(rows.tolist(), cols.tolist(), strict=True)]
        scores = process.cpdist([texts[a] for a, _ in pairs], [texts[b] for _, b in pairs],
                                scorer=fuzz.ratio, score_cutoff=NEAR_DUPLICATE_SCORE,
                                dtype=np.uint8, workers=-1)
        for (a, b), score in zip(pairs, scores.tolist(), strict=True):
            if score and texts[a] != texts[b]:
                found.append((min(a, b), max(a, b), float(score)))
    return [(ids[a], ids[b], score) for a, b, score in sorted(found)]


def _letter_levels(texts: list[str], buckets: int = 32,
                   cap: int = 16) -> tuple[np.ndarray, np.ndarray]:
    """Letter counts as 0/1 levels (``count >= 1``, ``>= 2``...), so that a matrix
    product gives, for all pairs at once, the sum of their smaller counts.

    Letters are counted in ``buckets`` classes (by code point) and counts stop at
    ``cap``: both only shrink the distance ``sum |ca - cb|``, which stays at most
    the Indel distance of the two texts. Returns the levels and each text's
    (capped) count of letters.
    """
    counts = np.zeros((len(texts), buckets), dtype=np.int32)
    for row, text in enumerate(texts):
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32) % buckets
        counts[row] = np.bincount(codes, minlength=buckets)
    counts = np.minimum(counts, cap)
    levels = counts[:, :, None] >= np.arange(1, cap + 1)[None, None, :]
    flat = levels.reshape(len(texts), -1)
    return flat[:, flat.any(axis=0)].astype(np.float32), \
        counts.sum(axis=1).astype(np.float32)


def _pairs_with(changed: list[str], names: dict[str, str],
                previous: list[tuple[str, str, float]],
                dropped: set[str]) -> list[tuple[str, str, float]]:
    """``previous`` without pairs of ``dropped`` ids, plus the pairs of ``changed`` ids."""
    pairs = {(a, b): score for a, b, score in previous if a not in dropped and b not in dropped}
    ids = list(names)
    texts = list(names.values())
    if changed:
        matrix = process.cdist([names[i] for i in changed], texts, scorer=fuzz.ratio,
                               score_cutoff=NEAR_DUPLICATE_SCORE, dtype=np.uint8, workers=1)
        rows, cols = matrix.nonzero()
        for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
            a, b = changed[r], ids[c]
            if names[a] != names[b]:
                pairs[(min(a, b), max(a, b))] = float(matrix[r, c])
    return [(a, b, score) for (a, b), score in sorted(pairs.items())]
