"""Pages not rendered again when what they show did not change (the preview).

A preview regenerates the site after every save, though one record changed.
``RenderMemo`` gives back a page's last text when its template inputs are equal;
``PaperPages`` does the same for all paper pages at once, comparing each paper's
inputs without building them. ``tests/test_scale.py`` checks that both give
exactly what a cold run gives.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.site import pages
from generator.site.context import Context
from generator.site.render import TEMPLATES, Renderer


class RenderMemo:
    """Give back a page's text without rendering when its template inputs are equal.

    A page is known by its template and its subject (the ``paper`` or ``topic`` it
    shows). If every value passed to the template equals the last one (records are
    frozen dataclasses, compared field by field) and no template file changed, the
    output is the same, so it is reused. After one edit, only the edited paper's
    page and the few that show it are rendered again.
    """

    def __init__(self) -> None:
        self.pages: dict[tuple[str, str | None], tuple[object, str]] = {}
        self.hits = 0
        self.misses = 0

    def renderer(self, **site: Any) -> Renderer:
        return _MemoRenderer(self, **site)


def templates_stamp() -> tuple[tuple[str, int, int], ...]:
    """Name, time and size of every template file (charts/ included): a change to
    any of them renders everything again."""
    stamp = []
    for path in sorted(TEMPLATES.rglob("*")):
        info = path.stat()
        if path.is_file():
            stamp.append((path.relative_to(TEMPLATES).as_posix(), info.st_mtime_ns,
                          info.st_size))
    return tuple(stamp)


class _MemoRenderer(Renderer):
    def __init__(self, memo: RenderMemo, **site: Any) -> None:
        super().__init__(**site)
        self.memo = memo
        self.stamp = (templates_stamp(), tuple(sorted(site.items())))

    def render(self, template: str, **context: Any) -> str:
        subject = context.get("paper", context.get("topic"))
        name = getattr(subject, "id", None) or getattr(subject, "key", None)
        key = (template, name if isinstance(name, str) else None)
        inputs = (self.stamp, context)
        last = self.memo.pages.get(key)
        if last is not None and last[0] == inputs:
            self.memo.hits += 1
            return last[1]
        self.memo.misses += 1
        text = super().render(template, **context)
        self.memo.pages[key] = (inputs, text)
        return text


class PaperPages:
    """``pages.paper_pages`` that renders only the papers whose page inputs changed.

    A paper page shows the paper, its related papers, mentions, citation key,
    topics, authors' links and venue link. When all of those equal the last run's (and no
    template changed), the last text is given again, so after one edit only the
    edited paper and the papers whose lists show it are rendered. The preview's session uses this in
    place of ``pages.paper_pages``.
    """

    def __init__(self) -> None:
        self.last: dict[str, tuple[object, str, str | bytes]] = {}
        self.stamp: object = None  # what every page depends on
        self.rendered = 0

    def __call__(self, ctx: Context) -> Iterator[tuple[str, str | bytes]]:
        topics = ctx.collection.topics
        # paper.source (part of the paper) and the root give the page's source path;
        # ``large`` (the collection's size) decides the pages' search settings
        stamp = (templates_stamp(), tuple(sorted(ctx.site.items())), ctx.root, ctx.large,
                 tuple((t.key, t.title) for t in topics.values()))
        if stamp != self.stamp:
            self.last.clear()
            self.stamp = stamp
        self.rendered = 0
        for pid, paper in ctx.collection.papers.items():
            inputs = (paper, ctx.related.get(pid), ctx.mentions.get(pid),
                      ctx.mentioned_by.get(pid), ctx.citation_keys.get(pid),
                      pages.author_links(ctx, paper), pages.venue_url(ctx, paper))
            last = self.last.get(pid)
            if last is None or last[0] != inputs:
                rel, text = pages.paper_page(ctx, paper)
                last = self.last[pid] = (inputs, rel, text)
                self.rendered += 1
            yield last[1], last[2]
        for pid in set(self.last) - set(ctx.collection.papers):
            del self.last[pid]
