"""content/authors.yaml and content/venues.yaml: the curated people and venues
(both optional; ``generator/model/people.py``, ``generator/model/venues.py``).

Every entry is checked like a record (schema, invisible characters), and beyond
the schema: a name or variant claimed by two entries on the same papers, a paper
in ``papers`` that is not in the collection or does not list the entry's name or
a variant, an ORCID iD whose check digit is wrong, and a key given twice. Each
problem is ``file:line: field: message``; a bad entry is left out, the rest kept.
"""

from __future__ import annotations

from pathlib import Path

from generator.model.papers import Paper
from generator.model.people import People, Person, normal_name
from generator.model.problems import Problems
from generator.model.slug import slugify
from generator.model.venues import PREPRINTS, Venue, Venues, venue_form
from generator.records.load import MAX_TAXONOMY_BYTES, Document, read_yaml, rel_path
from generator.records.validate import check_schema, check_strings, report_unknown, show

AUTHORS_FILE = "authors.yaml"
VENUES_FILE = "venues.yaml"


def orcid_checksum_ok(orcid: str) -> bool:
    """ISO 7064 11,2, as ORCID computes the last character."""
    digits = orcid.replace("-", "")
    total = 0
    for digit in digits[:-1]:
        total = (total + int(digit)) * 2
    check = (12 - total % 11) % 11
    return digits[-1] == ("X" if check == 10 else str(check))


def _curated_list(path: Path, root: Path, schema: str, kind: str,
                  problems: Problems) -> tuple[str, Document] | None:
    """An optional curated list, read and checked against its schema; ``None`` when
    the file is absent, empty or unusable (its problems are in ``problems``)."""
    if not path.exists():
        return None
    rel = rel_path(path, root)
    doc = read_yaml(path, root, problems, MAX_TAXONOMY_BYTES, kind)
    if doc is None or doc.value is None:
        return None
    check_strings(doc, rel, problems)
    return (rel, doc) if check_schema(doc, schema, rel, problems) else None


def load_people(content: Path, root: Path, papers: dict[str, Paper],
                problems: Problems) -> People:
    path = content / AUTHORS_FILE
    read = _curated_list(path, root, "authors.schema.json", "the authors file", problems)
    if read is None:
        return People()
    rel, doc = read
    entries: list[Person] = []
    keys: dict[str, int] = {}
    claimed: dict[tuple[str | None, str], int] = {}  # (paper or None, name) -> entry line
    unknown: list[tuple[int, str, str]] = []
    for i, item in enumerate(doc.value):
        line = doc.line(f"[{i}].name")
        ok = True
        name = normal_name(item["name"])
        key = item.get("key") or slugify(name) or "author"
        where = f"[{i}].key" if "key" in item else f"[{i}].name"
        if key in keys:
            problems.add(rel, doc.line(where), where,
                         f"the key '{key}' is already the key of the entry on line {keys[key]}; "
                         "give one of them its own 'key'")
            ok = False
        orcid = item.get("orcid")
        if orcid and not orcid_checksum_ok(orcid):
            problems.add(rel, doc.line(f"[{i}].orcid"), f"[{i}].orcid",
                         f"{show(orcid)} is not a valid ORCID iD: its last character (the "
                         "check digit) does not match; copy it from orcid.org")
            ok = False
        names = [name, *(normal_name(v) for v in item.get("variants") or ())]
        own = item.get("papers") or []
        for j, paper_id in enumerate(own):
            field = f"[{i}].papers[{j}]"
            if paper_id not in papers:
                unknown.append((doc.line(field), field, paper_id))
                ok = False
            elif not {normal_name(a) for a in papers[paper_id].authors} & set(names):
                problems.add(rel, doc.line(field), field,
                             f"the paper '{paper_id}' has no author named {show(name)} or a "
                             "variant of it; the entry can only claim its own name")
                ok = False
        for k, written in enumerate(names):
            field = f"[{i}].name" if k == 0 else f"[{i}].variants[{k - 1}]"
            for paper_id in own or [None]:
                first = claimed.get((paper_id, written))
                if first is not None and first != line:
                    problems.add(rel, doc.line(field), field,
                                 f"{show(written)} is already a name of the entry on line "
                                 f"{first}; to tell namesakes apart, give each entry its "
                                 "'papers'")
                    ok = False
                    break
                claimed[paper_id, written] = line
        keys.setdefault(key, line)
        if ok:
            entries.append(Person(key=key, name=name, variants=tuple(names[1:]), orcid=orcid,
                                  homepage=item.get("homepage"), papers=tuple(own),
                                  source=path, line=line))
    report_unknown(unknown, list(papers), rel, problems, "paper")
    return People(tuple(entries))



def load_venues(content: Path, root: Path, problems: Problems) -> Venues:
    """content/venues.yaml: schema, invisible characters, a spelling claimed by two
    venues, a key given twice."""
    path = content / VENUES_FILE
    read = _curated_list(path, root, "venues.schema.json", "the venues file", problems)
    if read is None:
        return Venues()
    rel, doc = read
    entries: list[Venue] = []
    keys: dict[str, int] = {PREPRINTS.key: 0}
    forms: dict[str, int] = {}
    for i, item in enumerate(doc.value):
        line = doc.line(f"[{i}].name")
        ok = True
        name = normal_name(item["name"])
        key = item.get("key") or slugify(name) or "venue"
        where = f"[{i}].key" if "key" in item else f"[{i}].name"
        if key in keys:
            first = keys[key]
            problems.add(rel, doc.line(where), where,
                         f"the key '{key}' is " + (f"already the key of the venue on line {first}"
                                                   if first else "the preprints' key")
                         + "; give this venue its own 'key'")
            ok = False
        spellings = [name, *(normal_name(v) for v in item.get("variants") or ())]
        for k, written in enumerate(spellings):
            field = f"[{i}].name" if k == 0 else f"[{i}].variants[{k - 1}]"
            seen = forms.get(venue_form(written))
            if seen is not None and seen != line:
                problems.add(rel, doc.line(field), field,
                             f"{show(written)} is already a spelling of the venue on line {seen}")
                ok = False
            forms.setdefault(venue_form(written), line)
        keys.setdefault(key, line)
        if ok:
            entries.append(Venue(key=key, name=name, variants=tuple(spellings[1:]),
                                 url=item.get("url"), source=path, line=line))
    return Venues(tuple(entries))
