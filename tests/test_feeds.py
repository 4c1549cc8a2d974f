"""Atom feeds, parsed back with feedparser; the home page lists papers in feed order."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import feedparser
from bs4 import BeautifulSoup

from generator.model.papers import Collection, Paper, Topic
from generator.records.collection import load_collection
from generator.site import feeds
from generator.site.context import Context
from generator.site.render import Renderer

SITE = "https://skill-papers.github.io/skill-papers/"


def parse(path: Path) -> feedparser.FeedParserDict:
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def test_collection_feed_lists_papers_newest_first(toy_project: Path, toy_site: Path) -> None:
    collection, _ = load_collection(toy_project)
    feed = parse(toy_site / "feed.xml")
    order = feeds.recently_added(collection.papers.values())
    assert [p.id for p in order] == ["skillmimic-v2", "kompetencer", "nnose", "skillmimic"]
    assert [e.title for e in feed.entries] == [p.title for p in order]
    assert [e.id for e in feed.entries] == [f"{SITE}papers/{p.id}/" for p in order]
    assert [e.link for e in feed.entries] == [f"{SITE}papers/{p.id}/" for p in order]
    assert feed.feed.updated == "2026-11-28T00:00:00+00:00"
    assert feed.feed.id == f"{SITE}feed.xml"
    first = feed.entries[0]
    assert [a.name for a in first.authors] == ["Runyi Yu", "Yinhuai Wang"]
    assert first.summary == collection.papers["skillmimic-v2"].abstract
    assert first.published == "2026-11-28T00:00:00+00:00"
    assert [t.term for t in first.tags] == ["humanoid-skills"]


def test_topic_feeds_hold_their_members(toy_project: Path, toy_site: Path) -> None:
    collection, _ = load_collection(toy_project)
    for key, members in collection.papers_by_topic().items():
        feed = parse(toy_site / "topics" / f"{key}.xml")
        assert [e.id for e in feed.entries] == [
            f"{SITE}papers/{p.id}/" for p in feeds.recently_added(members)]
        assert feed.feed.title == f"Skill Papers: {collection.topics[key].title}"


def test_hostile_text_stays_text_in_the_feed(toy_project: Path, tmp_path: Path) -> None:
    collection, _ = load_collection(toy_project)
    paper = dataclasses.replace(collection.papers["nnose"],
                                title='Evil "]]></title><script>alert(1)</script> & co')
    ctx = Context(toy_project, Collection({"nnose": paper}, collection.topics),
                  Renderer(name="Toy", url=SITE, description=""))
    path = tmp_path / "feed.xml"
    path.write_bytes(feeds.atom_feed(ctx, "feed.xml", "Toy", "", "", [paper]))
    feed = parse(path)
    assert feed.entries[0].title == paper.title
    assert "<script>" not in path.read_text(encoding="utf-8")


def _paper(i: int) -> Paper:
    day = dt.date(2026, 1, 1) + dt.timedelta(days=i // 2)
    return Paper(id=f"p{i:03d}", title=f"Paper {i}", abstract="Text.", topics=("t",),
                 added=day.isoformat(), source=Path(f"p{i:03d}.yaml"))


def test_feed_is_capped_and_deterministic(toy_project: Path) -> None:
    papers = [_paper(i) for i in range(60)]
    topic = Topic(key="t", title="T", description="d", source=Path("topics.yaml"), line=1)
    ctx = Context(toy_project, Collection({p.id: p for p in papers}, {"t": topic}),
                  Renderer(name="Toy", url=SITE, description=""))
    first = feeds.atom_feed(ctx, "feed.xml", "Toy", "", "", papers)
    assert first == feeds.atom_feed(ctx, "feed.xml", "Toy", "", "", list(reversed(papers)))
    parsed = feedparser.parse(first)
    assert len(parsed.entries) == feeds.FEED_SIZE
    # two papers a day, same-day papers in id order
    assert [e.title for e in parsed.entries[:4]] == ["Paper 58", "Paper 59", "Paper 56",
                                                     "Paper 57"]
    assert parsed.feed.updated == "2026-01-30T00:00:00+00:00"


def test_home_lists_recent_papers_in_feed_order(toy_site: Path) -> None:
    home = BeautifulSoup((toy_site / "index.html").read_text("utf-8"), "html.parser")
    listed = [a.get_text() for a in home.select("ul.paper-list a.paper-title")]
    feed = parse(toy_site / "feed.xml")
    assert listed == [e.title for e in feed.entries][:len(listed)]
    assert len(listed) == 4


def test_pages_link_their_feeds_in_the_head(toy_site: Path) -> None:
    for page, feed_hrefs in [
        ("index.html", ["feed.xml"]),
        ("papers/nnose/index.html", ["../../feed.xml"]),
        ("topics/skill-extraction/index.html", ["../../feed.xml", "../skill-extraction.xml"]),
    ]:
        path = toy_site / page
        head = BeautifulSoup(path.read_text("utf-8"), "html.parser").head
        assert head is not None
        links = head.find_all("link", rel="alternate", type="application/atom+xml")
        assert [link["href"] for link in links] == feed_hrefs
        for href in feed_hrefs:
            assert (path.parent / href).resolve().is_file()
