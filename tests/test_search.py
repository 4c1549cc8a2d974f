"""Search: what lands in the index the site ships, and what readers' queries find.

The query set is data (``tests/data/queries.yaml``); each query is asked of the
seed site's real search worker in Chromium (``tests/tools/worker_search.py``:
search-typos-worker.js in front of Material's worker, as the search box asks
them; ``test_browser.py`` types some of the same queries into the search box).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser

from generator.records.collection import load_collection
from generator.site.search_names import STOP_WORDS, normal_words, shard_file
from tests.conftest import TOY, built_site, make_project
from tests.tools.browser import serve
from tests.tools.query_set import load_queries
from tests.tools.worker_search import WorkerSearch

QUERIES = load_queries(Path(__file__).parent / "data" / "queries.yaml")


def index_docs(site: Path) -> list[dict[str, Any]]:
    data: dict[str, Any] = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    return data["docs"]


@pytest.fixture(scope="module")
def seed_base(seed_site: Path) -> Iterator[str]:
    with serve(seed_site) as base:
        yield base


def _worker(browser: Browser, base: str, which: Any) -> Iterator[WorkerSearch]:
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning")
            else None)
    yield WorkerSearch(page, base, worker=which)
    page.close()
    assert errors == []


@pytest.fixture(scope="module")
def seed_search(browser: Browser, seed_base: str) -> Iterator[WorkerSearch]:
    """The site's search worker: search-typos-worker.js in front of Material's."""
    yield from _worker(browser, seed_base, "site")


@pytest.fixture(scope="module")
def material_search(browser: Browser, seed_base: str) -> Iterator[WorkerSearch]:
    """Material's worker alone, as a site without the wrapper would ask it."""
    yield from _worker(browser, seed_base, "material")


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
def test_query_finds_paper(seed_search: WorkerSearch, expected: Any) -> None:
    found = seed_search.search(expected.query)
    if expected.location is None:
        assert found == []
    else:
        assert expected.location in found[:expected.within], found[:5]


def test_typos_need_the_worker_wrapper(material_search: WorkerSearch) -> None:
    """Without search-typos-worker.js, Material finds nothing for a typo."""
    typos = [q for q in QUERIES if q.kind == "typo"]
    assert typos
    for q in typos:
        assert q.location not in material_search.search(q.query)[:q.within]


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


# --- the site's search worker --------------------------------------------------------

def _config(page: Path) -> dict[str, Any]:
    script = BeautifulSoup(page.read_text("utf-8"), "html.parser").find(id="__config")
    assert script is not None, page
    config: dict[str, Any] = json.loads(script.get_text())
    return config


@pytest.fixture(scope="module")
def flat_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The toy collection with ``use_directory_urls: false`` (``papers/nnose.html``)."""
    project = make_project(tmp_path_factory.mktemp("flat"), TOY / "content")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "\nuse_directory_urls: false\n", "utf-8")
    return built_site(project)


def _search_worker(site: Path, path: str) -> tuple[str, str]:
    """The paths (from the site's root) of the page's search worker and of the
    worker named as its ``worker`` parameter."""
    page_url = f"http://site.test/{path.removesuffix('index.html')}"
    wrapper = urljoin(page_url, _config(site / path)["search"])
    material = urljoin(wrapper, parse_qs(urlsplit(wrapper).query)["worker"][0])
    return urlsplit(wrapper).path, urlsplit(material).path


@pytest.mark.parametrize(("which", "path"), [
    ("seed_site", "index.html"), ("seed_site", "papers/skillmimic/index.html"),
    ("seed_site", "topics/index.html"), ("flat_site", "papers/nnose.html"),
    ("flat_site", "index.html")])
def test_the_search_worker_is_the_wrapper(request: pytest.FixtureRequest, which: str,
                                          path: str) -> None:
    """overrides/main.html names search-typos-worker.js, relative to the page like
    Material's own address, with Material's worker (relative to it) as parameter."""
    site: Path = request.getfixturevalue(which)
    folder = site / "assets" / "javascripts" / "workers"
    assert _search_worker(site, path) == (
        "/assets/javascripts/search-typos-worker.js",
        *[f"/assets/javascripts/workers/{p.name}" for p in folder.glob("search.*.min.js")])


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
def test_lunr_query(seed_search: WorkerSearch, query: str, sent: str) -> None:
    """What search-typos-worker.js sends on to Material's worker (no corrections)."""
    assert seed_search.wrapper().evaluate("q => lunrQuery(q, {})", query) == sent


def test_lunr_query_adds_the_corrections(seed_search: WorkerSearch) -> None:
    sent = seed_search.wrapper().evaluate(
        "q => lunrQuery(q, {facotry: 'factory'})", "skill facotry")
    assert sent.split() == ["skill", "facotry", "skill^10", "facotry^10", "skill~1",
                            "facotry~1", "factory"]


def test_stop_words_are_the_ones_materials_index_leaves_out(
        seed_search: WorkerSearch, seed_site: Path) -> None:
    """The wrapper's copy of lunr's stop words, against lunr's own in Material's
    worker, word by word over every word of the site's index and the copy."""
    words = {word.lower() for doc in index_docs(seed_site)
             for word in re.findall(r"[^\W_]+", doc["title"] + " " + doc["text"])}
    ours: list[str] = seed_search.wrapper().evaluate("Array.from(STOP_WORDS)")
    assert sorted(ours) == sorted(STOP_WORDS)  # the worker's list is the generator's
    words |= set(ours)
    candidates = sorted(words)
    lunrs = seed_search.material().evaluate(
        "words => words.filter(word => !lunr.stopWordFilter(word))", candidates)
    assert len(lunrs) > 100
    assert sorted(ours) == lunrs


WORD_CASES = ["Café arXiv:2408.15270v2, GPT-4", "SkillMimic-V2: naïve Łukasz", "日本語 text",
              "x&lt;y <b>bold</b>", "ǅemal Ünïcode 1910.02216.", "2401.1709 short id", ""]


def test_the_worker_reads_words_as_the_names_index(seed_search: WorkerSearch) -> None:
    """normal_words (search_names.py) and the worker's normalWords agree, and so do
    the shard file names, or a word would be looked up in the wrong file."""
    worker = seed_search.wrapper()
    assert worker.evaluate("cases => cases.map(normalWords)", WORD_CASES) == \
        [normal_words(case) for case in WORD_CASES]
    keys = ["s", "sk", "é", "日本", "2"]
    assert worker.evaluate("keys => keys.map(shardFile)", keys) == [shard_file(k) for k in keys]
