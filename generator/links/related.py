"""Cross-links between papers: related papers by text and topic, and mentions.

Related papers: TF-IDF over title (counted twice) and abstract, cosine similarity,
plus a bonus for shared topics. Rows are scored in blocks so memory stays
proportional to ``n * block`` rather than ``n * n``: 10,000 papers fit easily.

Mentions: an abstract that names another paper's ``short_name`` (as a whole word,
case-sensitive, so ``STAR`` is not ``star``) mentions that paper.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from generator.links import nearest
from generator.model.papers import Collection, Paper

TOPIC_BONUS = 0.15
_WORD = re.compile(r"\w+(?:[-.']\w+)*")


@dataclass(frozen=True)
class Related:
    paper: Paper
    score: float
    shared_topics: tuple[str, ...]
    shared_terms: tuple[str, ...]


def _document(paper: Paper) -> str:
    return f"{paper.title}. {paper.title}. {paper.abstract}"


@dataclass
class LinkMemory:
    """What ``related_papers`` and ``mentions`` keep from one run to the next in one
    process (the preview): the last input fingerprint and result of each, and, if
    set, the ``Background`` that computes exact related lists after the page is up."""

    related: tuple[tuple[object, ...], dict[str, list[Related]]] | None = None
    mentions: tuple[tuple[object, ...], dict[str, list[Paper]]] | None = None
    background: Background | None = None


def related_papers(collection: Collection, k: int = 5,
                   memory: LinkMemory | None = None) -> dict[str, list[Related]]:
    """Each paper's ``k`` most related papers, best first.

    With a ``memory``, the same texts and topics as last time give the last result
    at once (with the current Paper objects); and if it has a ``background``,
    changed input gives the last result at once, adjusted to the papers now
    present, while the exact result is computed in the background.
    """
    if memory is None:
        return _compute(collection, k)
    key = _fingerprint(collection, k)
    last = memory.related
    if last is not None and last[0] == key:
        return _with_current_papers(last[1], collection)
    if memory.background is not None and last is not None:
        memory.background.schedule(memory, collection, k, key)
        return _with_current_papers(last[1], collection)
    result = _compute(collection, k)
    memory.related = (key, result)
    return result


class Background:
    """Recompute related papers in a background thread, then call ``done``.

    A preview must show an edited record within seconds; the related papers of
    thousands of records take longer than that. The preview shows the page with
    the previous related lists first; ``start`` (after the build, so the two do
    not compete for the interpreter) computes the exact lists into the memory,
    then ``done`` runs (the preview touches a watched file, so MkDocs rebuilds and
    the generator rewrites the pages whose lists changed).
    """

    def __init__(self, done: Callable[[], None]) -> None:
        self.done = done
        self._lock = threading.Lock()
        self._pending: tuple[LinkMemory, Collection, int, tuple[object, ...]] | None = None
        self._thread: threading.Thread | None = None

    def schedule(self, memory: LinkMemory, collection: Collection, k: int,
                 key: tuple[object, ...]) -> None:
        """Remember the work; ``start`` (after the preview's build) begins it, so the
        computation does not compete with the build for the interpreter."""
        with self._lock:
            self._pending = (memory, collection, k, key)

    def start(self) -> None:
        with self._lock:
            if self._pending is not None and (self._thread is None
                                              or not self._thread.is_alive()):
                self._thread = threading.Thread(target=self._work, daemon=True)
                self._thread.start()

    def _work(self) -> None:
        while True:
            with self._lock:
                job, self._pending = self._pending, None
                if job is None:
                    self._thread = None
                    return
            memory, collection, k, key = job
            memory.related = (key, _compute(collection, k))
            with self._lock:
                newer = self._pending is not None
            if not newer:
                self.done()

    def busy(self) -> bool:
        """Is work waiting or running? (The preview holds other background work back.)"""
        with self._lock:
            return self._pending is not None or (self._thread is not None
                                                 and self._thread.is_alive())

    def wait(self, timeout: float | None = None) -> None:
        """Start the work if needed, and wait until it is done (tests, benchmarks)."""
        self.start()
        thread = self._thread
        if thread is not None:
            thread.join(timeout)


def _fingerprint(collection: Collection, k: int) -> tuple[object, ...]:
    """Everything the related lists depend on (besides the Paper objects shown)."""
    return (k, tuple(collection.topics),
            tuple((p.id, p.title, p.abstract, p.topics) for p in collection.papers.values()))


def _with_current_papers(result: dict[str, list[Related]],
                         collection: Collection) -> dict[str, list[Related]]:
    papers = collection.papers
    return {pid: [r if papers[r.paper.id] is r.paper else replace(r, paper=papers[r.paper.id])
                  for r in result.get(pid, []) if r.paper.id in papers]
            for pid in papers}


def _compute(collection: Collection, k: int) -> dict[str, list[Related]]:
    papers = list(collection.papers.values())
    n = len(papers)
    if n < 2:
        return {p.id: [] for p in papers}
    # imported here: scikit-learn is slow to import, which every `mkdocs build`
    # (it loads the plugin) and `generator check` would pay without needing it
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=1,
                                 max_df=0.5 if n >= 20 else 1.0, ngram_range=(1, 1),
                                 dtype=np.float32)
    matrix = vectorizer.fit_transform([_document(p) for p in papers]).tocsr()
    terms = vectorizer.get_feature_names_out()
    topic_keys = sorted(collection.topics) or sorted({t for p in papers for t in p.topics})
    topic_index = {key: i for i, key in enumerate(topic_keys)}
    membership = np.zeros((n, len(topic_keys)), dtype=np.float32)
    for row, paper in enumerate(papers):
        for key in paper.topics:
            if key in topic_index:
                membership[row, topic_index[key]] = 1.0
    bonus, topic_set = nearest.topic_bonus(membership, TOPIC_BONUS)
    best = nearest.best_pairs(matrix, bonus, topic_set, min(k, n - 1))
    result: dict[str, list[Related]] = {}
    for start in range(0, n, nearest.BLOCK):
        pairs: list[tuple[int, int, float]] = []
        for row in range(start, min(start + nearest.BLOCK, n)):
            # sort by score, then by id, so ties are deterministic
            ranked = sorted(best[row], key=lambda pair: (-round(pair[1], 6), papers[pair[0]].id))
            pairs += [(row, col, score) for col, score in ranked]
        terms_of_pairs = _shared_terms(matrix, pairs, terms)
        for (row, col, score), shared_terms in zip(pairs, terms_of_pairs, strict=True):
            paper, other = papers[row], papers[col]
            shared_topics = tuple(t for t in paper.topics if t in other.topics)
            result.setdefault(paper.id, []).append(
                Related(other, round(score, 4), shared_topics, shared_terms))
    return result


def _shared_terms(matrix: Any, pairs: list[tuple[int, int, float]], terms: np.ndarray,
                  count: int = 3) -> list[tuple[str, ...]]:
    """For each (row, col) pair, the ``count`` terms adding most to their similarity
    (the largest products of the two rows' weights), equal products by term (the
    terms are in alphabetical order). All pairs of a block at once: the common terms
    of each pair are found by sorting (pair, term) keys, not by a product a pair."""
    if not pairs:
        return []
    rows = np.array([p[0] for p in pairs])
    cols = np.array([p[1] for p in pairs])
    n_terms = matrix.shape[1]
    a, b = matrix[rows], matrix[cols]
    a_pair = np.repeat(np.arange(len(pairs)), np.diff(a.indptr))
    b_pair = np.repeat(np.arange(len(pairs)), np.diff(b.indptr))
    a_keys = a_pair.astype(np.int64) * n_terms + a.indices
    b_keys = b_pair.astype(np.int64) * n_terms + b.indices
    b_order = np.argsort(b_keys)
    b_sorted = b_keys[b_order]
    at = np.minimum(np.searchsorted(b_sorted, a_keys), len(b_sorted) - 1)
    hit = b_sorted[at] == a_keys
    product = a.data[hit] * b.data[b_order[at[hit]]]
    pair, term = a_pair[hit], a.indices[hit]
    keep = product != 0
    product, pair, term = product[keep], pair[keep], term[keep]
    order = np.lexsort((term, -product, pair))
    pair, term = pair[order], term[order]
    first = np.searchsorted(pair, np.arange(len(pairs)))
    rank = np.arange(len(pair)) - first[pair]
    chosen: list[list[str]] = [[] for _ in pairs]
    for p, t in zip(pair[rank < count].tolist(), term[rank < count].tolist(), strict=True):
        chosen[p].append(str(terms[t]))
    return [tuple(c) for c in chosen]


def _tokens(text: str) -> list[str]:
    return _WORD.findall(text)


def mentions(collection: Collection, memory: LinkMemory | None = None
             ) -> dict[str, list[Paper]]:
    """Paper id -> the papers its abstract names by short name (sorted by id).

    With a ``memory``, the last result is given again when ids, short names and
    abstracts are the same (with the current Paper objects)."""
    if memory is None:
        return _mentions(collection)
    papers = collection.papers
    key = tuple((p.id, p.short_name, p.abstract) for p in papers.values())
    last = memory.mentions
    if last is None or last[0] != key:
        last = memory.mentions = (key, _mentions(collection))
    return {pid: [papers[o.id] for o in others] for pid, others in last[1].items()}


def _mentions(collection: Collection) -> dict[str, list[Paper]]:
    names: dict[tuple[str, ...], list[Paper]] = {}
    for paper in collection.papers.values():
        if paper.short_name:
            names.setdefault(tuple(_tokens(paper.short_name)), []).append(paper)
    # Only n-grams that start like a name and have a name's length can match; looking
    # those up (instead of every n-gram of every abstract) gives the same hits faster.
    lengths: dict[str, set[int]] = {}
    for name in names:
        if name:
            lengths.setdefault(name[0], set()).add(len(name))
    found: dict[str, list[Paper]] = {}
    for paper in collection.papers.values():
        tokens = _tokens(paper.abstract)
        hits: dict[str, Paper] = {}
        for i, token in enumerate(tokens):
            for size in lengths.get(token, ()):
                if i + size <= len(tokens):
                    for other in names.get(tuple(tokens[i:i + size]), ()):
                        if other.id != paper.id:
                            hits[other.id] = other
        found[paper.id] = [hits[i] for i in sorted(hits)]
    return found


def mentioned_by(found: dict[str, list[Paper]], collection: Collection) -> dict[str, list[Paper]]:
    reverse: dict[str, list[Paper]] = {pid: [] for pid in collection.papers}
    for source_id, targets in found.items():
        for target in targets:
            reverse[target.id].append(collection.papers[source_id])
    return reverse
