"""Cross-links between papers: related papers by text and topic, and mentions.

Related papers: TF-IDF over title (counted twice) and abstract, cosine similarity,
plus a bonus for shared topics. Rows are scored in blocks so memory stays
proportional to ``n * block`` rather than ``n * n``: 10,000 papers fit easily.

Mentions: an abstract that names another paper's ``short_name`` (as a whole word,
case-sensitive, so ``STAR`` is not ``star``) mentions that paper.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from .model import Collection, Paper

TOPIC_BONUS = 0.15
BLOCK = 512
_WORD = re.compile(r"\w+(?:[-.']\w+)*")


@dataclass(frozen=True)
class Related:
    paper: Paper
    score: float
    shared_topics: tuple[str, ...]
    shared_terms: tuple[str, ...]


def _document(paper: Paper) -> str:
    return f"{paper.title}. {paper.title}. {paper.abstract}"


def related_papers(collection: Collection, k: int = 5) -> dict[str, list[Related]]:
    papers = list(collection.papers.values())
    n = len(papers)
    if n < 2:
        return {p.id: [] for p in papers}
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
    sizes = membership.sum(axis=1)
    result: dict[str, list[Related]] = {}
    take = min(k, n - 1)
    for start in range(0, n, BLOCK):
        stop = min(start + BLOCK, n)
        cosine = (matrix[start:stop] @ matrix.T).toarray()
        shared = membership[start:stop] @ membership.T
        union = sizes[start:stop, None] + sizes[None, :] - shared
        jaccard = np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)
        scores = cosine + TOPIC_BONUS * jaccard
        scores[np.arange(stop - start), np.arange(start, stop)] = -np.inf
        top = np.argpartition(-scores, take - 1, axis=1)[:, :take]
        for offset, candidates in enumerate(top):
            row = start + offset
            # sort by score, then by id, so ties are deterministic
            ranked = sorted(candidates.tolist(),
                            key=lambda c: (-round(float(scores[offset, c]), 6), papers[c].id))
            result[papers[row].id] = [
                _explain(papers[row], papers[c], float(scores[offset, c]),
                         matrix, row, c, terms) for c in ranked]
    return result


def _explain(paper: Paper, other: Paper, score: float, matrix: Any, row: int, col: int,
             terms: np.ndarray) -> Related:
    product = matrix[row].multiply(matrix[col]).tocoo()
    order = np.argsort(-product.data, kind="stable")[:3]
    shared_terms = tuple(str(terms[product.col[i]]) for i in order)
    shared_topics = tuple(t for t in paper.topics if t in other.topics)
    return Related(other, round(score, 4), shared_topics, shared_terms)


def _tokens(text: str) -> list[str]:
    return _WORD.findall(text)


def _ngrams(tokens: list[str], max_n: int) -> Iterable[tuple[str, ...]]:
    for size in range(1, max_n + 1):
        for i in range(len(tokens) - size + 1):
            yield tuple(tokens[i:i + size])


def mentions(collection: Collection) -> dict[str, list[Paper]]:
    """Paper id -> the papers its abstract names by short name (sorted by id)."""
    names: dict[tuple[str, ...], list[Paper]] = {}
    for paper in collection.papers.values():
        if paper.short_name:
            names.setdefault(tuple(_tokens(paper.short_name)), []).append(paper)
    longest = max((len(name) for name in names), default=0)
    found: dict[str, list[Paper]] = {}
    for paper in collection.papers.values():
        hits = {other.id: other
                for gram in _ngrams(_tokens(paper.abstract), longest)
                for other in names.get(gram, ()) if other.id != paper.id}
        found[paper.id] = [hits[i] for i in sorted(hits)]
    return found


def mentioned_by(found: dict[str, list[Paper]], collection: Collection) -> dict[str, list[Paper]]:
    reverse: dict[str, list[Paper]] = {pid: [] for pid in collection.papers}
    for source_id, targets in found.items():
        for target in targets:
            reverse[target.id].append(collection.papers[source_id])
    return reverse
