"""The fast paths give exactly what the plain ones give.

Related papers, near-duplicate titles and mentions were rewritten for 10,000
papers (benchmarks/); the preview caches of ``mkdocs serve`` reuse work between
runs. Each is checked here against the straightforward computation it replaces.
No timings: those are in benchmarks/results.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import yaml
from rapidfuzz import fuzz, process
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from generator.links import nearest, related
from generator.model.problems import Problems
from generator.records import cache as record_cache
from generator.records import validate
from generator.records.cache import PaperCache
from generator.records.collection import load_collection
from generator.site import pages
from generator.site.memo import PaperPages
from generator.write import build
from generator.write.build import Session, generate
from tests.conftest import build_site, make_project

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))
import synth  # noqa: E402


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synth.write_project(80, tmp_path_factory.mktemp("synth") / "project", seed=11)


# --- related papers ---------------------------------------------------------------

def _reference_terms(matrix: object, row: int, col: int, terms: np.ndarray) -> tuple[str, ...]:
    """The contract, one sparse product a pair: the largest products, equal ones by term."""
    product = matrix[row].multiply(matrix[col]).tocoo()  # type: ignore[index]
    order = np.lexsort((product.col, -product.data))[:3]
    return tuple(str(terms[product.col[i]]) for i in order)


def test_shared_terms_match_the_per_pair_product() -> None:
    rng = random.Random(5)
    words = [f"w{i}" for i in range(60)]
    # short documents (some rows come out sorted), repeated words (tied weights)
    docs = [" ".join(rng.choice(words) for _ in range(rng.randint(1, 12))) for _ in range(150)]
    docs += ["alpha beta gamma", "alpha beta gamma delta", "gamma beta alpha"]
    vectorizer = TfidfVectorizer(sublinear_tf=True, dtype=np.float32)
    matrix = vectorizer.fit_transform(docs).tocsr()
    terms = vectorizer.get_feature_names_out()
    pairs = [(r, c, 0.0) for r in range(len(docs)) for c in rng.sample(range(len(docs)), 6)
             if r != c]
    pairs += [(150, 151, 0.0), (151, 152, 0.0), (152, 150, 0.0)]
    found = related._shared_terms(matrix, pairs, terms)
    assert found == [_reference_terms(matrix, r, c, terms) for r, c, _ in pairs]


def test_transposed_once_gives_identical_scores(synthetic: Path) -> None:
    collection, _ = load_collection(synthetic)
    docs = [related._document(p) for p in collection.papers.values()]
    matrix = TfidfVectorizer(sublinear_tf=True, dtype=np.float32).fit_transform(docs).tocsr()
    assert np.array_equal((matrix[:30] @ matrix.T).toarray(),
                          (matrix[:30] @ matrix.T.tocsr()).toarray())


def test_topic_bonus_table_gives_the_pairwise_values() -> None:
    rng = np.random.default_rng(2)
    membership = (rng.random((400, 15)) < 0.15).astype(np.float32)
    membership[:5] = 0  # papers without a known topic
    bonus, topic_set = nearest.topic_bonus(membership, related.TOPIC_BONUS)
    sizes = membership.sum(axis=1)
    shared = membership @ membership.T
    union = sizes[:, None] + sizes[None, :] - shared
    jaccard = np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)
    assert np.array_equal(bonus[topic_set][:, topic_set], related.TOPIC_BONUS * jaccard)


def _tied_matrix(n: int, seed: int, one_order: bool) -> sparse.csr_matrix:
    """Rows with many equal scores: copies of a few rows, and coarse values."""
    rng = np.random.default_rng(seed)
    dense = np.round(rng.random((n, 60)) * (rng.random((n, 60)) < 0.2), 1).astype(np.float32)
    dense[n // 2:] = dense[rng.integers(0, 8, n - n // 2)]
    matrix = sparse.csr_matrix(dense)
    if not one_order:  # rows list their terms in different orders
        for row in range(0, n, 3):
            lo, hi = matrix.indptr[row], matrix.indptr[row + 1]
            matrix.indices[lo:hi] = matrix.indices[lo:hi][::-1]
            matrix.data[lo:hi] = matrix.data[lo:hi][::-1]
    return matrix


@pytest.mark.parametrize("one_order", [True, False])
@pytest.mark.parametrize(("n", "take"), [(7, 6), (700, 5), (1300, 1), (1300, 12)])
def test_best_pairs_are_the_best_of_full_rows_ties_by_column(n: int, take: int,
                                                              one_order: bool) -> None:
    """The take best of every row of the full score matrix, best first, equal scores
    by column, whatever order the rows list their terms in."""
    matrix = _tied_matrix(n, n + take, one_order)
    membership = (np.random.default_rng(n).random((n, 4)) < 0.4).astype(np.float32)
    bonus, topic_set = nearest.topic_bonus(membership, related.TOPIC_BONUS)
    scores = (matrix @ matrix.T.tocsr()).toarray() + bonus[topic_set][:, topic_set]
    scores[np.arange(n), np.arange(n)] = -np.inf
    take = min(take, n - 1)
    expected = [[(col, float(scores[row, col]))
                 for col in np.lexsort((np.arange(n), -scores[row]))[:take].tolist()]
                for row in range(n)]
    assert nearest.best_pairs(matrix, bonus, topic_set, take) == expected
    assert any(len(set(scores[row][np.isfinite(scores[row])])) < n - 1 for row in range(n))


def _view(result: dict[str, list[related.Related]]) -> dict[str, list[tuple[object, ...]]]:
    return {pid: [(r.paper, r.score, r.shared_topics, r.shared_terms) for r in items]
            for pid, items in result.items()}


def test_remembered_related_lists_show_current_papers(synthetic: Path) -> None:
    memory = related.LinkMemory()
    collection, _ = load_collection(synthetic)
    first = related.related_papers(collection, memory=memory)
    again, _ = load_collection(synthetic)  # new Paper objects, same texts
    second = related.related_papers(again, memory=memory)
    assert _view(second) == _view(first)
    some = next(iter(second.values()))[0]
    assert some.paper is again.papers[some.paper.id]


def test_preview_gives_last_lists_then_the_exact_ones(synthetic: Path, tmp_path: Path) -> None:
    project = tmp_path / "p"
    shutil.copytree(synthetic, project, symlinks=True)
    collection, _ = load_collection(project)
    memory = related.LinkMemory()
    related.related_papers(collection, memory=memory)
    ready: list[bool] = []
    background = memory.background = related.Background(lambda: ready.append(True))
    record = sorted((project / "content" / "papers").glob("*.yaml"))[3]
    record.write_text(record.read_text(encoding="utf-8").replace(
        "abstract: ", "abstract: Quadruped locomotion quadruped locomotion. ", 1),
        encoding="utf-8")
    edited, _ = load_collection(project)
    stale = related.related_papers(edited, memory=memory)
    assert set(stale) == set(edited.papers)
    background.wait(120)
    assert ready == [True]
    exact = related.related_papers(edited, memory=memory)  # what the background computed
    assert _view(exact) == _view(related.related_papers(edited))


# --- mentions -----------------------------------------------------------------------

def test_mentions_match_every_ngram(synthetic: Path) -> None:
    collection, _ = load_collection(synthetic)
    found = related.mentions(collection)
    names: dict[tuple[str, ...], list[str]] = {}
    for paper in collection.papers.values():
        if paper.short_name:
            names.setdefault(tuple(related._tokens(paper.short_name)), []).append(paper.id)
    expected = {}
    for paper in collection.papers.values():
        tokens = related._tokens(paper.abstract)
        grams = {tuple(tokens[i:i + n]) for n in range(1, 4) for i in range(len(tokens))}
        expected[paper.id] = sorted({o for g in grams for o in names.get(g, ()) if o != paper.id})
    assert {pid: [p.id for p in ps] for pid, ps in found.items()} == expected
    assert any(expected.values())


# --- near-duplicate titles -------------------------------------------------------------

def _reference_pairs(titles: dict[str, str]) -> list[tuple[str, str, float]]:
    ids = sorted(titles)
    names = [validate.normalised_title(titles[i]) for i in ids]
    matrix = process.cdist(names, names, scorer=fuzz.ratio,
                           score_cutoff=validate.NEAR_DUPLICATE_SCORE, dtype=np.uint8)
    rows, cols = matrix.nonzero()
    return [(ids[a], ids[b], float(matrix[a, b])) for a, b in zip(rows, cols, strict=True)
            if a < b and names[a] != names[b]]


def _titles(n: int, seed: int) -> dict[str, str]:
    rng = random.Random(seed)
    titles = {f"p{i:04d}": synth.paper_record(rng, i, [])[1]["title"] for i in range(n)}
    for i, source in enumerate(rng.sample(sorted(titles), 40)):  # near and exact copies
        text = titles[source]
        cut = rng.randrange(len(text))
        titles[f"q{i:04d}"] = (text if i % 7 == 0
                               else text[:cut] + rng.choice("xyz ") + text[cut + 1:])
    return titles


def test_near_duplicates_match_all_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(validate, "_TITLE_BLOCK", 37)  # many blocks and bands
    titles = _titles(400, seed=3)
    pairs = validate.near_duplicate_titles(titles)
    assert pairs == _reference_pairs(titles)
    assert len(pairs) > 20


def test_near_duplicates_near_the_cutoff_match_all_pairs() -> None:
    """Copies with 1 to 12 letters changed, inserted or removed score on both sides of
    the cutoff; the letter-count filter must keep every pair that reaches it."""
    rng = random.Random(5)
    titles = _titles(150, seed=6)
    sources = sorted(titles)[:150]
    for i, source in enumerate(sources):
        chars = list(titles[source])
        for _ in range(1 + i % 12):
            at = rng.randrange(len(chars))
            edit = rng.choice("sid")
            if edit == "s":
                chars[at] = rng.choice("abcxyz ")
            elif edit == "i":
                chars.insert(at, rng.choice("abcxyz "))
            elif len(chars) > 1:
                del chars[at]
        titles[f"r{i:04d}"] = "".join(chars)
    pairs = validate.near_duplicate_titles(titles)
    assert pairs == _reference_pairs(titles)
    scores = [fuzz.ratio(validate.normalised_title(titles[source]),
                         validate.normalised_title(titles[f"r{i:04d}"]))
              for i, source in enumerate(sources)]
    assert any(88 < s < 92 for s in scores) and any(92 <= s < 94 for s in scores)


def test_near_duplicates_after_a_few_edits_match_all_pairs() -> None:
    titles = _titles(300, seed=4)
    memory = validate.TitleMemory()
    validate.near_duplicate_titles(titles, memory)
    some = sorted(titles)
    titles[some[5]] = titles[some[9]] + " again"
    titles["new-one"] = titles[some[20]][:-1]
    del titles[some[30]]
    titles[some[40]] = "Something else entirely"
    assert validate.near_duplicate_titles(titles, memory) == _reference_pairs(titles)
    assert memory.names is not None and "new-one" in memory.names
    assert validate.near_duplicate_titles(titles, memory) == _reference_pairs(titles)  # same


# --- the preview: caches give what a cold run writes -------------------------------

def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_paper_cache_reads_a_settled_file_once(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    record = tmp_path / "x.yaml"
    record.write_text("title: one\n", encoding="utf-8")
    hour_ago = time.time() - 3600
    os.utime(record, (hour_ago, hour_ago))
    reads: list[Path] = []
    read_bytes = Path.read_bytes
    read_file = record_cache.read_file
    monkeypatch.setattr(record_cache, "read_file",
                        lambda p, *args: reads.append(p) or read_file(p, *args))
    parsed: list[bytes] = []

    def load(path: Path, root: Path, topics: dict[str, object], problems: object) -> None:
        parsed.append(read_bytes(path))

    cache = PaperCache()
    for _ in range(3):
        cache.load(load, record, tmp_path, {}, Problems())
    assert (len(reads), len(parsed)) == (1, 1)  # not written for an hour: read once
    record.write_text("title: two\n", encoding="utf-8")  # same size, a new time
    for _ in range(2):
        cache.load(load, record, tmp_path, {}, Problems())
    # written just now, so its time may not show a write in the same tick: read each time
    assert (len(reads), parsed[-1]) == (3, b"title: two\n") and len(parsed) == 2


@pytest.mark.parametrize("large", [False, True], ids=["small", "large"])
def test_preview_writes_what_a_cold_run_writes(synthetic: Path, tmp_path: Path,
                                               large: bool) -> None:
    project = tmp_path / "p"
    shutil.copytree(synthetic, project, symlinks=True)
    if large:  # 80 papers, just past the limit: Pagefind, no search boost
        config = project / "mkdocs.yml"
        config.write_text(re.sub(r"large_collection_above: \d+", "large_collection_above: 79",
                                 config.read_text(encoding="utf-8")), encoding="utf-8")
    docs = project / "build" / "docs"
    paper_pages = PaperPages()
    session = Session(instead={pages.paper_pages: paper_pages})
    background = session.links.background = related.Background(lambda: None)
    assert not generate(project, session=session).problems.errors()

    files = sorted((project / "content" / "papers").glob("*.yaml"))
    # a title shown in other papers' related lists, an abstract, a removed and a new record
    files[0].write_text(re.sub(r"^title: ", "title: Renamed ", files[0].read_text("utf-8"),
                               count=1, flags=re.M), encoding="utf-8")
    files[1].write_text(files[1].read_text("utf-8").replace(
        "abstract: ", "abstract: Surgical skill assessment from video. ", 1), encoding="utf-8")
    shutil.move(files[2], tmp_path / "removed.yaml")
    (files[3].parent / "brand-new-paper.yaml").write_text(
        files[3].read_text("utf-8").replace("title: ", "title: Brand new ", 1), encoding="utf-8")
    output = generate(project, session=session)
    assert 0 < paper_pages.rendered < 40
    assert session.records.papers.hits >= 70
    # the pages now; downloads, feeds, health and explore later
    assert f"papers/{files[0].stem}.md" in output.written
    # a page rendered alone after an edit still gets the whole collection's search setting
    renamed = (docs / "papers" / f"{files[0].stem}.md").read_text(encoding="utf-8")
    assert ("exclude: true" in renamed) is large and ("boost: 2" in renamed) is not large
    assert f"papers/{files[2].stem}.md" in output.removed
    assert "papers/index.md" in output.written
    for later in ("papers.json", "explore/papers.json", "health.md"):
        assert "Renamed" not in (docs / later).read_text(encoding="utf-8")
    assert not any(rel.endswith((".bib", ".json", ".csv", ".xml")) for rel in output.written)
    assert output.context is not None
    written = build.write_later(session, output.context, docs, threading.Event())
    assert written is not None and {"papers.json", "explore/papers.json"} <= set(written)
    assert f"papers/{files[2].stem}.bib" in written and not (docs / "papers" /
                                                            f"{files[2].stem}.bib").exists()
    stopped = threading.Event()
    stopped.set()
    assert build.write_later(session, output.context, docs, stopped) is None
    background.wait(120)
    output = generate(project, session=session)  # with the exact related lists
    assert not output.problems.errors()

    cold = tmp_path / "cold"
    generate(project, docs=cold)
    assert _tree(docs) == _tree(cold)


# --- the preview for real: mkdocs serve --dirty with the hook --------------------------

def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""
    except OSError:
        return 0, b""


def _main_text(page: bytes) -> bytes:
    """What a reader sees of a page: its article (the served copy also has the
    livereload script, and URLs of the serve address)."""
    found = re.search(rb"<article.*?</article>", page, re.S)
    return found.group(0) if found else page


def _wait_until(check: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.3)
    return False


@pytest.mark.parametrize("large_above", [None, 0], ids=["small", "large"])
def test_serve_after_edits_shows_what_a_full_build_shows(tmp_path: Path,
                                                          large_above: int | None) -> None:
    """The preview skips and defers work (downloads, unchanged files, search, raw HTML
    through Markdown); after an edit and a deletion, every page and download a reader
    can open must still be what a full build gives, the edited page within seconds.
    Also as a large collection (Pagefind, whose index the preview keeps)."""
    project = make_project(tmp_path / "toy", REPO / "tests" / "data" / "toy" / "content",
                           large_above)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    mount = urllib.parse.urlsplit(
        yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]).path
    base = f"http://127.0.0.1:{port}{mount.rstrip('/')}/"
    papers = project / "content" / "papers"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "generator", "build"], cwd=project, env=env,
                   check=True, capture_output=True)
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a",
                                   f"127.0.0.1:{port}"], cwd=project, env=env, stdout=out,
                                  stderr=subprocess.STDOUT)
    try:
        assert _wait_until(lambda: b"NNOSE" in _get(base + "papers/nnose/")[1], 120), \
            log.read_text()
        record = papers / "nnose.yaml"
        record.write_text(record.read_text(encoding="utf-8").replace(
            "title: 'NNOSE:", "title: 'Edited NNOSE:", 1), encoding="utf-8")
        assert _wait_until(lambda: b"Edited NNOSE" in _get(base + "papers/nnose/")[1], 60), \
            log.read_text()
        # the pages that list it show it from the same rebuild
        for listing in ("papers/", "topics/skill-extraction/"):
            assert b"Edited NNOSE" in _get(base + listing)[1], listing
        (papers / "kompetencer.yaml").unlink()
        assert _wait_until(lambda: _get(base + "papers/kompetencer/")[0] == 404, 60), \
            log.read_text()

        cold = tmp_path / "cold"
        shutil.copytree(project, cold, symlinks=True,
                        ignore=shutil.ignore_patterns("site", "build", "*.log"))
        assert build_site(cold).returncode == 0
        site = cold / "site"
        pages_ = [p.relative_to(site).as_posix() for p in site.rglob("index.html")]
        # not the search indexes (Material's, Pagefind's): the preview keeps the first
        # build's; nor sitemap.xml, which it does not write
        downloads = [rel for rel in (p.relative_to(site).as_posix() for p in site.rglob("*"))
                     if rel.endswith((".bib", ".json", ".csv", ".xml"))
                     and not rel.startswith("pagefind/")
                     and rel not in ("search/search_index.json", "sitemap.xml")]
        assert "papers/nnose/index.html" in pages_ and "papers/nnose.bib" in downloads

        def served_as_built() -> bool:  # the downloads follow in the background
            return (all(_main_text(_get(base + rel.removesuffix("index.html"))[1])
                        == _main_text((site / rel).read_bytes()) for rel in pages_)
                    and all(_get(base + rel)[1] == (site / rel).read_bytes()
                            for rel in downloads)
                    and _get(base + "papers/kompetencer.bib")[0] == 404)

        assert _wait_until(served_as_built, 60), log.read_text()
        # what MkDocs no longer sees is not missed by the pages it builds
        assert "not found among documentation files" not in log.read_text()
    finally:
        server.terminate()
        server.wait(30)
