"""Each paper's highest scores: TF-IDF cosine plus a topic bonus.

``best_pairs`` gives, for every row of the TF-IDF matrix, the ``take`` columns
(other papers) of highest score and their scores, best first::

    best_pairs(matrix, bonus, topic_set, take=5)[row] == [(col, score), ...]

The contract: a score is the row's cosine with the column (the rows are unit
vectors) plus the topic bonus of the pair; the result is deterministic, and among
equal scores the lower column (the paper with the smaller id, as papers are listed
by id) comes first. Rows are scored in blocks of ``BLOCK`` against all rows, so
memory stays proportional to ``n * BLOCK``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

BLOCK = 512
Best = list[tuple[int, float]]


def topic_bonus(membership: np.ndarray, weight: float) -> tuple[np.ndarray, np.ndarray]:
    """``weight`` times the Jaccard similarity of two papers' topics, for every pair of
    the distinct topic sets (a few hundred), and each paper's set: a block's bonuses
    are looked up instead of computed for each of its pairs."""
    sets, topic_set = np.unique(membership, axis=0, return_inverse=True)
    shared = sets @ sets.T
    sizes = sets.sum(axis=1)
    union = sizes[:, None] + sizes[None, :] - shared
    jaccard = np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)
    return weight * jaccard, topic_set.reshape(-1)


def best_pairs(matrix: Any, bonus: np.ndarray, topic_set: np.ndarray, take: int) -> list[Best]:
    """Each row's ``take`` best (column, score), best first; ``topic_set`` and
    ``bonus`` come from ``topic_bonus``."""
    n = matrix.shape[0]
    columns = matrix.T.tocsr()  # transposed once, not for every block
    best: list[Best] = []
    for start in range(0, n, BLOCK):
        stop = min(start + BLOCK, n)
        scores: np.ndarray = (matrix[start:stop] @ columns).toarray()
        scores += bonus[topic_set[start:stop]][:, topic_set]
        rows = np.arange(start, stop)
        scores[rows - start, rows] = -np.inf  # not related to itself
        best += _top(scores, min(take, n - 1))
    return best


def _top(scores: np.ndarray, take: int) -> list[Best]:
    """Per row, the ``take`` highest scores and their columns, best first, equal
    scores by column."""
    rows, width = scores.shape
    if take <= 0:
        return [[] for _ in range(rows)]
    # every score at least the take-th highest of its row is a candidate
    floor = np.partition(scores, width - take, axis=1)[:, width - take]
    row_of, cols = np.divmod(np.flatnonzero(scores >= floor[:, None]), width)
    values = scores[row_of, cols]
    order = np.lexsort((cols, -values, row_of))  # by row, best first, then by column
    firsts = np.searchsorted(row_of[order], np.arange(rows))
    pick = order[firsts[:, None] + np.arange(take)]
    return [list(zip(cols[p].tolist(), values[p].tolist(), strict=True)) for p in pick]
