"""Each paper's highest scores: TF-IDF cosine plus a topic bonus, exactly as before.

``best_pairs`` gives, for every row of the TF-IDF matrix, the ``take`` columns
(other papers) of highest score and their scores::

    best_pairs(matrix, bonus, topic_set, take=5)[row] == [(col, score), ...]  # any order

The scores are what ``(matrix[rows] @ matrix.T).toarray()`` plus the bonus gives
(scipy's sums, in float32), and the chosen columns are those of
``np.argpartition(-scores, take - 1)`` on the full row, so related papers do not
change. Two things make it cheaper at 10,000 papers:

- scikit-learn lists every row's terms in one order (that of their first use in
  the collection); then scipy sums each pair's products in the same order both
  ways, so ``score(a, b) == score(b, a)`` bit for bit, and each pair is scored
  once: a block of rows only against the rows from its own on (``_each_pair_once``);
  the scores of earlier rows reach later rows as candidate lists. Without that
  order, every block is scored against all rows (``_all_pairs``).
- A row's best are found among the scores at least the take-th best of a sample
  of its columns (``_top``), not by a partition of the whole row.

A row is one set of best unless the take-th best ties with the next; for such a
row (rare) the full row is scored and argpartition chooses among the tied, as
it always did.
"""

from __future__ import annotations

from typing import Any

import numpy as np

BLOCK = 512
Best = list[tuple[int, float]]


def topic_bonus(membership: np.ndarray, weight: float) -> tuple[np.ndarray, np.ndarray]:
    """``weight`` times the Jaccard similarity of two papers' topics, for every pair of
    the distinct topic sets (a few hundred), and each paper's set.

    A block's bonuses are looked up instead of computed for each of its pairs; the
    values come from the same float32 operations, so they are the same.
    """
    sets, topic_set = np.unique(membership, axis=0, return_inverse=True)
    shared = sets @ sets.T
    sizes = sets.sum(axis=1)
    union = sizes[:, None] + sizes[None, :] - shared
    jaccard = np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)
    return weight * jaccard, topic_set.reshape(-1)


def best_pairs(matrix: Any, bonus: np.ndarray, topic_set: np.ndarray, take: int) -> list[Best]:
    """Each row's ``take`` best (column, score); ``topic_set`` and ``bonus`` come from
    ``topic_bonus``."""
    if _one_term_order(matrix):
        return _each_pair_once(matrix, bonus, topic_set, take)
    return _all_pairs(matrix, bonus, topic_set, take)


def _one_term_order(matrix: Any) -> bool:
    """Do all rows list their terms in one order: that of the terms' first appearance
    (scikit-learn's), or of their column numbers (scipy's canonical form)?"""
    if matrix.nnz == 0:
        return True
    _, first = np.unique(matrix.indices, return_index=True)
    appearance = np.empty(matrix.shape[1], dtype=np.int64)
    appearance[matrix.indices[np.sort(first)]] = np.arange(len(first))
    same_row = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    same_row = same_row[1:] == same_row[:-1]
    return any(not np.any((np.diff(ranks) <= 0) & same_row)
               for ranks in (appearance[matrix.indices], matrix.indices))


def _block_scores(matrix: Any, columns: Any, bonus: np.ndarray, topic_set: np.ndarray,
                  start: int, stop: int, first: int) -> np.ndarray:
    """Scores of rows ``start:stop`` against rows ``first:`` (``columns`` is their
    transpose, in CSR); a row against itself is -inf."""
    scores: np.ndarray = (matrix[start:stop] @ columns).toarray()  # cosine
    scores += bonus[topic_set[start:stop]][:, topic_set[first:]]
    rows = np.arange(start, stop)
    scores[rows - start, rows - first] = -np.inf
    return scores


def _all_pairs(matrix: Any, bonus: np.ndarray, topic_set: np.ndarray, take: int) -> list[Best]:
    n = matrix.shape[0]
    # Transposed once, in CSR: ``matrix.T`` is CSC, and every block product would
    # convert it again. The sums are taken in the same order, so scores are identical.
    columns = matrix.T.tocsr()
    best: list[Best] = []
    for start in range(0, n, BLOCK):
        stop = min(start + BLOCK, n)
        scores = _block_scores(matrix, columns, bonus, topic_set, start, stop, 0)
        cols, values = _top(scores, take + 1)
        for offset in range(stop - start):
            untied = _untied(cols[offset], values[offset], take)
            best.append(untied if untied is not None else _chosen(scores[offset], take))
    return best


def _each_pair_once(matrix: Any, bonus: np.ndarray, topic_set: np.ndarray,
                    take: int) -> list[Best]:
    n = matrix.shape[0]
    keep = take + 1
    # the best scores each row has with earlier rows, found while scoring those
    earlier_cols = np.zeros((n, keep), dtype=np.int64)
    earlier_values = np.full((n, keep), -np.inf, dtype=np.float32)
    columns: list[Any] = []  # all rows transposed, made when a row has a tie
    best: list[Best] = []
    for start in range(0, n, BLOCK):
        stop = min(start + BLOCK, n)
        scores = _block_scores(matrix, matrix[start:].T.tocsr(), bonus, topic_set,
                               start, stop, start)
        cols, values = _top(scores, min(keep, n - start))
        cols, values = _merge(cols + start, values, earlier_cols[start:stop],
                              earlier_values[start:stop])
        for offset in range(stop - start):
            untied = _untied(cols[offset], values[offset], take)
            if untied is None:  # score the whole row
                columns = columns or [matrix.T.tocsr()]
                row = start + offset
                untied = _chosen(_block_scores(matrix, columns[0], bonus, topic_set,
                                               row, row + 1, 0)[0], take)
            best.append(untied)
        if stop < n:  # what this block's rows give the later rows
            later = np.ascontiguousarray(scores[:, stop - start:].T)
            cols, values = _top(later, min(keep, stop - start))
            cols, values = _merge(earlier_cols[stop:], earlier_values[stop:], cols + start,
                                  values)
            earlier_cols[stop:], earlier_values[stop:] = cols[:, :keep], values[:, :keep]
    return best


def _untied(cols: np.ndarray, values: np.ndarray, take: int) -> Best | None:
    """A row's ``take`` best from its candidates (at least take + 1, best first);
    ``None`` when the take-th ties with the next."""
    if values[take - 1] == values[take]:
        return None
    return list(zip(cols[:take].tolist(), values[:take].tolist(), strict=True))


def _chosen(row: np.ndarray, take: int) -> Best:
    """The ``take`` best of a whole row, ties chosen by argpartition, as always."""
    return [(col, float(row[col])) for col in np.argpartition(-row, take - 1)[:take].tolist()]


def _merge(cols_a: np.ndarray, values_a: np.ndarray, cols_b: np.ndarray,
           values_b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Two candidate lists of each row in one, best first."""
    cols = np.concatenate([cols_a, cols_b], axis=1)
    values = np.concatenate([values_a, values_b], axis=1)
    order = np.argsort(-values, axis=1, kind="stable")
    return np.take_along_axis(cols, order, 1), np.take_along_axis(values, order, 1)


def _top(scores: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
    """Per row, ``count`` (at most the width) highest scores and their columns, best
    first. Every score at least the count-th best is at least the count-th best of
    a sample of the row's columns, so only those (~0.5 % of a row) are sorted."""
    rows, width = scores.shape
    sample = scores[:, ::max(1, width // 1024)]
    floor = np.partition(sample, sample.shape[1] - count, axis=1)[:, sample.shape[1] - count]
    # flat: np.nonzero of a 2-d mask takes ten times as long
    row_of, cols = np.divmod(np.flatnonzero(scores >= floor[:, None]), width)
    values = scores[row_of, cols]
    order = np.lexsort((-values, row_of))  # by row, best first
    firsts = np.searchsorted(row_of[order], np.arange(rows))
    pick = order[firsts[:, None] + np.arange(count)]
    return cols[pick], values[pick]
