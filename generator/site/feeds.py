"""Atom feeds of newly added papers, one for the collection and one a topic::

    build/docs/feed.xml               the newest papers by `added` (at most FEED_SIZE)
    build/docs/topics/<key>.xml       the same for one topic

Entries are ordered by ``recently_added`` (newest `added` first, then id), the
order the home page's "Recently added" list uses too. Entry ids are the paper
pages' URLs, so they stay the same from build to build. Every date comes from the
records (``added``, midnight UTC), never from the clock: the same records give
byte-identical feeds.

Pages point to their feeds with ``<link rel="alternate">`` in the ``<head>``
(``overrides/partials/scholar-head.html``): every page to ``feed.xml``, a topic
page also to its own, named in its front matter as ``feed: {path, title}``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from feedgen.feed import FeedGenerator

from generator.model import sitepaths
from generator.model.papers import Paper, Topic
from generator.site.context import Context, Output

FEED_SIZE = 50
FEED_PATH = "feed.xml"


def recently_added(papers: Iterable[Paper]) -> list[Paper]:
    """Newest ``added`` first; papers added the same day in id order."""
    return sorted(sorted(papers, key=lambda p: p.id), key=lambda p: p.added, reverse=True)


def topic_feed_path(topic: Topic) -> str:
    return sitepaths.topic_feed(topic.key)


def topic_feed_meta(ctx: Context, topic: Topic) -> dict[str, dict[str, str]]:
    """Front matter for a topic page: its feed, for the ``<head>`` link."""
    return {"feed": {"path": topic_feed_path(topic),
                     "title": f"{ctx.site['name']}: {topic.title}"}}


def _midnight(day: str) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC)


def atom_feed(ctx: Context, path: str, title: str, subtitle: str, alternate: str,
              papers: list[Paper], full: bool = True) -> bytes:
    """An Atom feed of the newest ``FEED_SIZE`` of ``papers``; unless ``full``, a
    compact one (no subtitle or generator; an entry is the paper's title, dates and
    page, no abstract, authors or topics; the XML is not indented): for feeds by
    the thousand."""
    site_url = ctx.site["url"]
    newest = recently_added(papers)[:FEED_SIZE]
    topics = ctx.collection.topics
    feed = FeedGenerator()
    feed.id(site_url + path)
    feed.title(title)
    if full:
        feed.subtitle(subtitle or title)
    feed.author({"name": ctx.site["name"] or "Papers"})
    feed.link(href=site_url + path, rel="self", type="application/atom+xml")
    feed.link(href=site_url + alternate, rel="alternate", type="text/html")
    feed.language("en")
    if full:
        feed.generator("skill-papers generator")
    feed.updated(_midnight(max((p.added for p in papers), default="1970-01-01")))
    # feedgen puts the last added entry first, so add the oldest first.
    for paper in reversed(newest):
        url = f"{site_url}papers/{paper.id}/"
        entry = feed.add_entry()
        entry.id(url)
        entry.title(paper.title)
        entry.link(href=url, rel="alternate", type="text/html")
        for name in paper.authors if full else ():
            entry.author({"name": name})
        entry.published(_midnight(paper.added))
        entry.updated(_midnight(paper.added))
        if full:
            entry.summary(paper.abstract)
        for key in paper.topics if full else ():
            if key in topics:
                entry.category(term=key, label=topics[key].title,
                               scheme=f"{site_url}topics/")
    xml: bytes = feed.atom_str(pretty=full)
    return xml


def feeds(ctx: Context) -> Output:
    papers = list(ctx.collection.papers.values())
    name = ctx.site["name"] or "Papers"
    yield FEED_PATH, atom_feed(ctx, FEED_PATH, f"{name}: recently added papers",
                               ctx.site["description"], "", papers)
    for key, members in ctx.collection.papers_by_topic().items():
        topic = ctx.collection.topics.get(key)
        if topic is not None:
            yield topic_feed_path(topic), atom_feed(
                ctx, topic_feed_path(topic), f"{name}: {topic.title}", topic.description,
                f"topics/{key}/", members)
