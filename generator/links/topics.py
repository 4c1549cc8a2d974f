"""Which topics a new paper belongs in, from the papers already filed under each.

``generator new`` prints the ranking and files the record under the best topics;
``generator import`` files each BibTeX entry the same way. A topic's score is the
cosine similarity between the new paper's TF-IDF vector (title counted twice, then
the abstract) and the mean vector of the topic's papers. Ties are broken by key.
"""

from __future__ import annotations

import numpy as np

from generator.model.papers import Collection

MAX_SUGGESTED = 3
# A topic is suggested if it is at least this close, relative to the best one.
RELATIVE_CUTOFF = 0.6


def _document(title: str, abstract: str) -> str:
    return f"{title}. {title}. {abstract}"


class TopicSuggester:
    """The collection's topics as vectors, made once, to rank many new papers by."""

    def __init__(self, collection: Collection) -> None:
        # imported here: scikit-learn is slow to import and most commands do not need it
        from sklearn.feature_extraction.text import TfidfVectorizer

        papers = list(collection.papers.values())
        self.vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True,
                                          dtype=np.float32)
        self.centroids: list[tuple[str, np.ndarray, float]] = []
        if not papers:
            return
        matrix = self.vectorizer.fit_transform([_document(p.title, p.abstract) for p in papers])
        row = {p.id: i for i, p in enumerate(papers)}
        members = collection.papers_by_topic()
        for key in collection.topics:
            rows = [row[p.id] for p in members.get(key, [])]
            if rows:
                centroid = np.asarray(matrix[rows].mean(axis=0))
                self.centroids.append((key, centroid, float(np.linalg.norm(centroid))))

    def ranked(self, title: str, abstract: str) -> list[tuple[str, float]]:
        """Every topic with papers and its score (3 decimals), best first."""
        if not self.centroids:
            return []
        query = self.vectorizer.transform([_document(title, abstract)])
        scores = [(key, round(float((query @ centroid.T).item()) / norm if norm else 0.0, 3))
                  for key, centroid, norm in self.centroids]
        return sorted(scores, key=lambda item: (-item[1], item[0]))

    def suggest(self, title: str, abstract: str) -> list[tuple[str, float]]:
        """The topics to file the paper under: the best ones, up to ``MAX_SUGGESTED``,
        each at least ``RELATIVE_CUTOFF`` of the best score; none if nothing is close."""
        return pick(self.ranked(title, abstract))


def pick(ranked: list[tuple[str, float]]) -> list[tuple[str, float]]:
    if not ranked or ranked[0][1] <= 0:
        return []
    best = ranked[0][1]
    return [(key, score) for key, score in ranked[:MAX_SUGGESTED]
            if score >= RELATIVE_CUTOFF * best]
