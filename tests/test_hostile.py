"""Records are text, never markup: a real build of hostile records, parsed back.

``tests/data/hostile/content`` holds records (and topics) whose every string tries
to become live HTML, a Markdown link to ``javascript:``, an attribute list, a
snippet include, a Jinja expression, front matter, a heading or a table. The
built site must contain none of it as markup, and all of it as visible text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from conftest import REPO, built_site, make_project

from generator.model.problems import Problems
from generator.records.load import read_yaml

HOSTILE = REPO / "tests" / "data" / "hostile" / "content"
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "poster", "srcset",
                  "xlink:href", "background", "cite", "ping")
# Scripts the theme and the site load: Material's bundle, vendored libraries, ours.
THEME_SCRIPT = r"(/skill-papers/|(\.\./)*)(assets|search)/[\w./-]+(\?v=\w+)?"
DANGEROUS_ELEMENTS = ("iframe", "object", "embed", "frame", "frameset", "applet", "base",
                      "meta[http-equiv]")


def _records() -> dict[str, dict[str, object]]:
    records = {}
    for path in sorted((HOSTILE / "papers").glob("*.yaml")):
        doc = read_yaml(path, HOSTILE, Problems())
        assert doc is not None
        records[path.stem] = doc.value
    return records


RECORDS = _records()
TOPICS = read_yaml(HOSTILE / "topics.yaml", HOSTILE, Problems())


def text(value: object) -> str:
    return " ".join(str(value).split())


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("hostile"), HOSTILE)
    return built_site(project)


def pages(site: Path) -> dict[str, BeautifulSoup]:
    return {path.relative_to(site).as_posix(): BeautifulSoup(path.read_text("utf-8"), "lxml")
            for path in sorted(site.rglob("*.html"))}


@pytest.fixture(scope="module")
def soups(site: Path) -> dict[str, BeautifulSoup]:
    return pages(site)


def test_no_record_brings_script_or_active_content(soups: dict[str, BeautifulSoup]) -> None:
    assert len(soups) > 8
    for name, soup in soups.items():
        for script in soup.find_all("script"):
            if script.get("type") == "application/json":
                json.loads(script.string)  # data, parsed by our own script: must be JSON
                continue
            assert "alert" not in (script.string or ""), name
            src = script.get("src")
            assert src is None or re.fullmatch(THEME_SCRIPT, src), (name, src)
        for selector in DANGEROUS_ELEMENTS:
            assert not soup.select(selector), (name, selector)
        for svg in soup.find_all("svg"):
            assert not svg.find_parent(class_=re.compile("paper|topic")), name
        for style in soup.find_all("style"):
            assert "display:none" not in (style.string or ""), name
        for element in soup.find_all(True):
            for attribute, value in element.attrs.items():
                assert not attribute.lower().startswith("on"), (name, element.name, attribute)
                if attribute in URL_ATTRIBUTES:
                    url = re.sub(r"[\s\x00-\x1f]", "", str(value)).lower()
                    assert "alert(" not in url, (name, element.name, value)
                    if element.get("data-md-component") == "search-share":
                        continue  # Material's own share button: javascript:void(0)
                    assert not url.startswith(("javascript:", "data:", "vbscript:")), (
                        name, element.name, value)


def h1(soup: BeautifulSoup) -> str:
    heading = soup.find("h1")
    assert isinstance(heading, Tag)
    for anchor in heading.select(".headerlink"):
        anchor.decompose()
    return heading.get_text()


@pytest.mark.parametrize("paper_id", sorted(RECORDS))
def test_hostile_text_is_visible_as_typed(paper_id: str,
                                          soups: dict[str, BeautifulSoup]) -> None:
    record = RECORDS[paper_id]
    soup = soups[f"papers/{paper_id}/index.html"]
    assert h1(soup) == record["title"]
    title = soup.find("title")
    assert isinstance(title, Tag)
    assert title.get_text() == f"{record['title']} - Skill Papers"
    assert len(soup.find_all("title")) == 1
    description = soup.find("meta", attrs={"name": "description"})
    assert isinstance(description, Tag)
    assert str(description["content"]).startswith(f"{record['title']}. ")
    abstract = soup.select_one(".paper-abstract")
    assert abstract is not None
    assert text(abstract.get_text()) == text(record["abstract"])
    authors = soup.select_one(".paper-authors")
    assert authors is not None
    assert authors.get_text() == ", ".join(record["authors"])  # type: ignore[arg-type]
    if "venue" in record:
        venue = soup.select_one(".paper-venue")
        assert venue is not None
        assert venue.get_text() == record["venue"]
    # A listing shows the title as text too.
    listed = [a.get_text() for a in soups["papers/index.html"].select("table a")]
    assert record["title"] in listed


def test_jinja_braces_stay_literal(soups: dict[str, BeautifulSoup]) -> None:
    soup = soups["papers/template-syntax/index.html"]
    assert h1(soup).startswith("{{ 7*7 }} {% raw %}")
    assert "49" not in h1(soup)
    authors = soup.select_one(".paper-authors")
    assert authors is not None
    assert authors.get_text() == "{{ config }}"


def test_math_still_reaches_katex(soups: dict[str, BeautifulSoup]) -> None:
    soup = soups["papers/template-syntax/index.html"]
    block = soup.select_one(".paper-abstract.arithmatex-auto")
    assert block is not None
    assert "$x^2 < y$" in block.get_text()
    assert "$$\\sum_{i=1}^n i$$" in block.get_text()


def test_topic_strings_are_text(soups: dict[str, BeautifulSoup]) -> None:
    assert TOPICS is not None
    for topic in TOPICS.value:
        soup = soups[f"topics/{topic['key']}/index.html"]
        assert h1(soup) == topic["title"]
        description = soup.select_one(".topic-description")
        assert description is not None
        assert text(description.get_text()) == text(topic["description"])
        cards = [card.get_text() for card in
                 soups["topics/index.html"].select(".topic-card__title")]
        assert topic["title"] in cards


def test_form_data_is_inert_json_with_the_hostile_topics(soups: dict[str, BeautifulSoup],
                                                         site: Path) -> None:
    raw = (site / "add-paper" / "index.html").read_text("utf-8")
    data_start = raw.index('<script type="application/json" id="add-paper-data">')
    data_end = raw.index("</script>", data_start)
    assert "<" not in raw[data_start + 50:data_end]  # no tag can close the element early
    script = soups["add-paper/index.html"].find("script", id="add-paper-data")
    assert isinstance(script, Tag)
    data = json.loads(script.get_text())
    assert TOPICS is not None
    assert [t["title"] for t in data["topics"]] == [t["title"] for t in TOPICS.value]


def test_health_page_lists_hostile_records_as_text(soups: dict[str, BeautifulSoup]) -> None:
    soup = soups["health/index.html"]
    listed = [a.get_text() for a in soup.select(".health-list a[href^='../papers/']")]
    assert sorted(set(listed)) == sorted(str(r["title"]) for r in RECORDS.values())


def test_search_index_holds_text_not_markup(site: Path) -> None:
    """Material's search shows index entries as HTML: record text must be escaped there."""
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    found = 0
    for doc in index["docs"]:
        for key in ("title", "text"):
            fragment = BeautifulSoup(f"<div>{doc[key]}</div>", "lxml")
            for selector in ("script", "iframe", "object", "img", "svg", "style", "a[href]"):
                assert not fragment.select(selector), (doc["location"], selector)
            for element in fragment.find_all(True):
                assert not any(a.lower().startswith("on") for a in element.attrs), doc
            found += "<script>alert(" in fragment.get_text()
    assert found >= 2  # the hostile text is searchable, as text
