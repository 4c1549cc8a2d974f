"""Search: what lands in the index the site ships, and what readers' queries find.

The query set is data (``tests/data/queries.yaml``); it is evaluated against
``site/search/search_index.json`` of the real seed build with a Python replay of
Material's search worker (``tests/tools/search_mirror.py``, which documents where
it differs from the browser; ``test_browser.py`` types some of the same queries
into the real search box).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from generator.records.collection import load_collection
from tests.tools.search_mirror import SiteSearch, load_queries, with_typos

QUERIES = load_queries(Path(__file__).parent / "data" / "queries.yaml")


def index_docs(site: Path) -> list[dict[str, Any]]:
    data: dict[str, Any] = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    return data["docs"]


@pytest.fixture(scope="session")
def seed_search(seed_site: Path) -> SiteSearch:
    return SiteSearch(seed_site / "search" / "search_index.json")


# --- the query set ------------------------------------------------------------------

def test_query_set_covers_the_kinds_of_queries() -> None:
    kinds = Counter(q.kind for q in QUERIES)
    assert len(QUERIES) >= 30
    for kind in ("title word", "abstract phrase", "surname", "topic", "short name", "arxiv id",
                 "prefix", "typo", "no match"):
        assert kinds[kind] >= 1, kind


def test_query_set_names_real_pages(seed_project: Path, seed_site: Path) -> None:
    collection, _ = load_collection(seed_project)
    unknown = [q.paper for q in QUERIES if q.paper and q.paper not in collection.papers]
    missing = [q.page for q in QUERIES
               if q.page and not (seed_site / q.page / "index.html").exists()]
    assert (unknown, missing) == ([], [])


@pytest.mark.parametrize("expected", QUERIES, ids=lambda q: f"{q.kind}:{q.query}")
def test_query_finds_paper(seed_search: SiteSearch, expected: Any) -> None:
    found = seed_search.search(expected.query)
    if expected.location is None:
        assert found == []
    else:
        assert expected.location in found[:expected.within], found[:5]


def test_typos_need_the_worker_wrapper(seed_search: SiteSearch) -> None:
    """Without search-typos-worker.js, Material finds nothing for a typo."""
    typos = [q for q in QUERIES if q.kind == "typo"]
    assert typos
    for q in typos:
        assert q.location not in seed_search.search(q.query, typos=False)[:q.within]


# --- what the index holds --------------------------------------------------------------

def test_paper_identity_is_the_first_section(toy_site: Path) -> None:
    docs = {d["location"]: d for d in index_docs(toy_site)}
    page = docs["papers/nnose/"]
    assert page["title"] == "NNOSE: Nearest Neighbor Occupational Skill Extraction"
    assert page["text"] == ("<p> Mike Zhang, Rob van der Goot, Min-Yen Kan, Barbara Plank · "
                            "2024 · arXiv:2401.17092  · Occupational skill extraction</p>")
    assert page["boost"] == 2
    assert docs["papers/nnose/#abstract"]["text"].startswith("<p>The labor market is changing")


def test_boilerplate_stays_out_of_the_index(toy_site: Path) -> None:
    docs = index_docs(toy_site)
    paper_sections = sorted({d["location"].split("#", 1)[-1] for d in docs
                             if d["location"].startswith("papers/") and "#" in d["location"]
                             and not d["location"].startswith("papers/#")})
    assert paper_sections == ["abstract"]  # no Cite, Related papers, Mentions
    text = " ".join(d["title"] + " " + d["text"] for d in docs
                    if d["location"].startswith(("papers/", "topics/", "explore/", "#")))
    for boilerplate in ("@misc", "Correct this record", "Shared topics", "similar wording",
                        "Search titles, authors", "Show papers in", "Has code",
                        "Follow this topic", "Papers per year"):
        assert boilerplate not in text
    # Paper titles are indexed once each: on the paper page, not in every list of papers.
    assert sum(d["text"].count("Kompetencer: Fine-grained") for d in docs) == 0
    assert [d["location"] for d in docs if d["title"].startswith("Kompetencer")] == [
        "papers/kompetencer/"]


def test_no_sentence_repeats_across_paper_pages(toy_site: Path) -> None:
    docs = [d for d in index_docs(toy_site) if d["location"].startswith("papers/")
            and d["location"] != "papers/"]
    sentences: Counter[str] = Counter()
    for doc in docs:
        sentences.update({s.strip() for s in doc["text"].replace("<p>", "").replace(
            "</p>", "").split(". ") if len(s.strip()) > 20})
    assert [s for s, n in sentences.items() if n > 1] == []


def test_paper_titles_are_page_titles(toy_site: Path) -> None:
    html = (toy_site / "papers" / "nnose" / "index.html").read_text("utf-8")
    assert "<title>NNOSE: Nearest Neighbor Occupational Skill Extraction - Skill Papers</title>" \
        in html


# --- the mirror itself ----------------------------------------------------------------------

@pytest.mark.parametrize(("query", "sent"), [
    ("skill", "skill*"),
    ("robot skills", "robot* skills*"),
    ('"job postings"', "+job +postings"),
    # Material replaces the colon of an unknown field with a space inside the term
    # it builds, so `arxiv` loses its wildcard (the browser does the same).
    ("arXiv:2401.17092", "arxiv 2401.17092*"),
    ("humanoid~", "humanoid~1"),
    ("-basketball skill", "-basketball skill*"),
    ("  ", ""),
])
def test_transform_matches_material(toy_site: Path, query: str, sent: str) -> None:
    search = SiteSearch(toy_site / "search" / "search_index.json")
    assert search.transform(query).lower() == sent


@pytest.mark.parametrize(("query", "sent"), [
    ("humanod", "humanod humanod^10 humanod~1"),
    ("rl skills", "rl skills skills^10 skills~1"),
    ("CIFAR-10 runs", "CIFAR-10 runs runs^10"),
    ("layups and dribbling", "layups dribbling layups^10 dribbling^10 layups~1 dribbling~1"),
    ("skill and", "skill and skill^10 and^10 skill~1"),
    ("the", "the the^10"),
    ('"job postings"', '"job postings"'),
    ("skill-extraction", "skill-extraction"),
    ("-basketball skill", "-basketball skill"),
    ("2401.17092", "2401.17092"),
])
def test_with_typos(query: str, sent: str) -> None:
    assert with_typos(query) == sent
