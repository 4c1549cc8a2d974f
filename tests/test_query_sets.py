"""The search query sets of tests/data/search/ are well-formed data: they load, name
real records and topics, cover every kind, keep a held-out third apart, and their
no-match queries really match nothing. No site is built and no search is run."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from generator.model.papers import Collection
from generator.records.collection import load_collection
from tests.tools.query_set import Expectation, load_queries

DATA = Path(__file__).parent / "data"
SEARCH = DATA / "search"
COLLECTIONS = ["seed", "ml4code"]

KINDS = ["exact title", "title words", "title end", "short name", "surname",
         "surname and word", "arxiv id", "abstract concept", "common and distinctive",
         "typo", "two typos", "split word", "joined word", "prefix", "topic", "no match"]
MIN_PER_KIND = {kind: 2 if kind == "no match" else 4 for kind in KINDS}
MIN_PER_COLLECTION = 90
WITHIN_ONE = {"exact title", "arxiv id"}


@cache
def collection(name: str) -> Collection:
    return load_collection(DATA / name)[0]


def queries(name: str, part: str) -> list[Expectation]:
    return load_queries(SEARCH / f"{name}-{part}.yaml")


def both(name: str) -> list[Expectation]:
    return queries(name, "tuning") + queries(name, "heldout")


def key(q: Expectation) -> str:
    return q.query.casefold().strip()


def surname(author: str) -> str:
    return author.split()[-1].strip(".").lower()


@pytest.mark.parametrize("name", COLLECTIONS)
@pytest.mark.parametrize("part", ["tuning", "heldout"])
def test_file_loads_with_known_kinds(name: str, part: str) -> None:
    found = queries(name, part)
    assert found
    assert {q.kind for q in found} <= set(KINDS)
    assert all(q.query.strip() for q in found)


@pytest.mark.parametrize("name", COLLECTIONS)
def test_targets_are_real_records_and_topics(name: str) -> None:
    coll = collection(name)
    unknown = [q.paper for q in both(name) if q.paper and q.paper not in coll.papers]
    pages = [q.page for q in both(name) if q.page]
    bad_pages = [p for p in pages
                 if not (m := re.fullmatch(r"topics/([a-z0-9-]+)/", p)) or m[1] not in coll.topics]
    assert (unknown, bad_pages) == ([], [])


@pytest.mark.parametrize("name", COLLECTIONS)
def test_every_query_expects_something_unless_no_match(name: str) -> None:
    for q in both(name):
        if q.kind == "no match":
            assert (q.paper, q.page) == (None, None), q
        else:
            assert (q.paper is None) != (q.page is None), q
            assert (q.page is not None) == (q.kind == "topic"), q


@pytest.mark.parametrize("name", COLLECTIONS)
def test_kinds_are_covered(name: str) -> None:
    counts = Counter(q.kind for q in both(name))
    short = {kind: counts[kind] for kind, least in MIN_PER_KIND.items() if counts[kind] < least}
    assert short == {}
    assert sum(counts.values()) >= MIN_PER_COLLECTION


def test_at_least_200_queries_in_all() -> None:
    assert sum(len(both(name)) for name in COLLECTIONS) >= 200


@pytest.mark.parametrize("name", COLLECTIONS)
def test_heldout_is_about_a_third_and_apart(name: str) -> None:
    tuning, heldout = queries(name, "tuning"), queries(name, "heldout")
    assert 0.28 <= len(heldout) / (len(tuning) + len(heldout)) <= 0.40
    assert {key(q) for q in tuning} & {key(q) for q in heldout} == set()
    for part in (tuning, heldout):
        assert len({key(q) for q in part}) == len(part), "a query appears twice"


@pytest.mark.parametrize("name", COLLECTIONS)
def test_no_match_words_are_in_no_record(name: str) -> None:
    texts = [p.read_text(encoding="utf-8").casefold()
             for p in sorted((DATA / name / "content").rglob("*.yaml"))]
    found = {(q.query, word) for q in both(name) if q.kind == "no match"
             for word in q.query.casefold().split() if any(word in t for t in texts)}
    assert found == set()


@pytest.mark.parametrize("name", COLLECTIONS)
def test_exact_titles_and_arxiv_ids_are_the_records(name: str) -> None:
    papers = collection(name).papers
    for q in both(name):
        if q.kind in WITHIN_ONE:
            assert q.within == 1, q
        if q.kind == "exact title":
            assert q.paper and q.query == papers[q.paper].title, q
        if q.kind == "arxiv id":
            assert q.paper and q.query == papers[q.paper].arxiv, q


@pytest.mark.parametrize("name", COLLECTIONS)
def test_surname_within_counts_the_surnames_papers(name: str) -> None:
    """One paper of the surname: the default 3; several: within is their number (at
    most 10), so the expected paper may share the first pages with the others."""
    papers = collection(name).papers
    for q in both(name):
        if q.kind != "surname":
            continue
        assert q.paper
        theirs = [pid for pid, p in papers.items()
                  if q.query.lower() in {surname(a) for a in p.authors}]
        assert q.paper in theirs, q
        assert q.within == (3 if len(theirs) == 1 else min(len(theirs), 10)), (q, theirs)
