"""Pictures of the collection as inline SVG, computed at build time.

Three charts, each a template in ``templates/charts/`` fed with plain numbers::

    papers_per_year(papers)              -> <svg> bars: 2019 ▮ 2020 ▮▮ ...
    papers_per_topic(papers, topics)     -> <svg> horizontal bars, one a topic
    topic_map(papers, topics)            -> <svg> heatmap: cell (a, b) = papers
                                            filed under both topics a and b

Both topic charts show the ``CHART_TOPICS`` largest topics (``charted_topics``);
the Explore page says so when there are more.

Colours come from CSS classes (``overrides/assets/stylesheets/explore.css``) that
use Material's colour variables, so the charts follow light and dark mode. Every
mark has a ``<title>`` (its exact number), and each chart a title and summary
for screen readers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations

from markupsafe import Markup

from generator.model.papers import Paper, Topic
from generator.site.render import Renderer

BAR = 22       # width of a year bar
GAP = 6
TOPIC_LABEL = 15  # a topic's title sits above its bar
TOPIC_BAR = 12
PLOT_HEIGHT = 160
LABEL_WIDTH = 330  # room for topic titles left of the topic map's rows
CELL = 22
# Real tag sets run to dozens of topics: the charts show the largest, the rest is a note.
CHART_TOPICS = 20


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    x: float
    y: float
    width: float
    height: float


def _scale(count: int, largest: int, length: float) -> float:
    return round(length * count / largest, 1) if largest else 0.0


def papers_per_year(renderer: Renderer, papers: Iterable[Paper]) -> Markup:
    counts = Counter(p.year for p in papers if p.year)
    if not counts:
        return Markup("")
    years = list(range(min(counts), max(counts) + 1))  # empty years show as gaps
    largest = max(counts.values())
    bars = []
    for i, year in enumerate(years):
        height = _scale(counts[year], largest, PLOT_HEIGHT)
        bars.append(Bar(str(year), counts[year], x=i * (BAR + GAP), y=PLOT_HEIGHT - height,
                        width=BAR, height=height))
    width = len(years) * (BAR + GAP) - GAP
    return Markup(renderer.render("charts/years.svg.j2", bars=bars, width=width,
                                  plot_height=PLOT_HEIGHT, largest=largest,
                                  total=sum(counts.values())))


def charted_topics(papers: Iterable[Paper], topics: Mapping[str, Topic],
                   limit: int = CHART_TOPICS) -> dict[str, Topic]:
    """The ``limit`` topics with most papers (ties by title), in taxonomy order."""
    counts = Counter(key for p in papers for key in p.topics if key in topics)
    largest = sorted(topics.values(), key=lambda t: (-counts[t.key], t.title.casefold()))
    kept = {t.key for t in largest[:limit]}
    return {key: topic for key, topic in topics.items() if key in kept}


def papers_per_topic(renderer: Renderer, papers: Iterable[Paper],
                     topics: Mapping[str, Topic]) -> Markup:
    """Each topic's title above its bar, so the chart stays narrow enough for phones."""
    counts = Counter(key for p in papers for key in p.topics if key in topics)
    ordered = sorted(topics.values(), key=lambda t: (-counts[t.key], t.title.casefold()))
    largest = max(counts.values(), default=0)
    plot_width = 300
    row = TOPIC_LABEL + TOPIC_BAR + GAP
    bars = [Bar(topic.title, counts[topic.key], x=0, y=i * row + TOPIC_LABEL,
                width=_scale(counts[topic.key], largest, plot_width), height=TOPIC_BAR)
            for i, topic in enumerate(ordered)]
    height = len(bars) * row - GAP if bars else 0
    return Markup(renderer.render("charts/topics.svg.j2", bars=bars, width=plot_width + 40,
                                  height=height, label_height=TOPIC_LABEL))


@dataclass(frozen=True)
class Cell:
    row: str
    column: str
    count: int
    x: float
    y: float
    opacity: float


def topic_map(renderer: Renderer, papers: Iterable[Paper],
              topics: Mapping[str, Topic]) -> Markup:
    """Which topics share papers: a symmetric matrix, the diagonal shows each
    topic's own paper count."""
    shared: Counter[tuple[str, str]] = Counter()
    own: Counter[str] = Counter()
    for paper in papers:
        keys = sorted(k for k in set(paper.topics) if k in topics)
        own.update(keys)
        shared.update(combinations(keys, 2))
    ordered = sorted((t for t in topics.values() if own[t.key]), key=lambda t: t.title.casefold())
    if not ordered:
        return Markup("")
    largest = max(shared.values(), default=1)
    cells = []
    for i, row in enumerate(ordered):
        for j, column in enumerate(ordered):
            if i == j:
                continue
            pair = (row.key, column.key) if row.key < column.key else (column.key, row.key)
            count = shared[pair]
            if count:
                cells.append(Cell(row.title, column.title, count, x=LABEL_WIDTH + j * CELL,
                                  y=i * CELL, opacity=round(0.15 + 0.85 * count / largest, 2)))
    size = len(ordered) * CELL
    return Markup(renderer.render("charts/topic_map.svg.j2", topics=ordered, cells=cells,
                                  cell=CELL, size=size, label_width=LABEL_WIDTH,
                                  own=own, pairs=sum(1 for c in shared.values() if c)))
