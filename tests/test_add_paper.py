"""The *Add a paper* form in Chromium: its YAML passes the real validator, and it
refuses what ``check`` refuses, with the schema's own patterns."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page

from generator.load import parse_text
from generator.problems import Problems
from generator.records import check_across, load_collection, paper_from_document
from generator.slug import slugify
from generator.validate import pattern_regex, schema
from tests.tools.browser import serve

TOY = Path(__file__).parent / "data" / "toy"
TITLE = 'He said "hi": a #1 test \\ with ünïcödé, {{ x }} and <b>tags</b>'
ABSTRACT = ("First line: with a colon and a # hash,\n\n  indented 'single' and \"double\" "
            "quotes, $x^2 < y$ math, a - dash, *stars*, [brackets] and a very long word "
            + "w" * 120 + " then more words so that the folded block wraps over lines.")


@pytest.fixture(scope="module")
def page(toy_site: Path, browser: Browser) -> Iterator[Page]:
    with serve(toy_site) as base:
        tab = browser.new_page()
        tab.goto(base + "add-paper/")
        tab.wait_for_selector("#ap-topic-list input[data-topic]", state="attached")
        tab.evaluate("window.open = function (url) { window.__opened = url; }")
        yield tab
        tab.close()


def fill(page: Page, values: dict[str, str], topics: list[str]) -> None:
    page.evaluate("document.getElementById('add-paper-form').reset();"
                  "delete document.getElementById('add-paper-form').dataset.url;"
                  "delete document.getElementById('ap-id').dataset.edited;"
                  "window.__opened = null;")
    for selector, value in values.items():
        page.fill(selector, value)
    for key in topics:
        page.check(f"#ap-topic-list input[value='{key}']")
    page.click("#ap-submit")


def problems_shown(page: Page) -> list[str]:
    return page.eval_on_selector_all("#ap-problems li", "items => items.map(i => i.textContent)")


def test_form_yaml_round_trips_through_the_validator(page: Page) -> None:
    fill(page, {"#ap-title": TITLE, "#ap-authors": "Ada Lovelace\nCharles  Babbage\n",
                "#ap-arxiv": "2503.01234", "#ap-venue": "ICRA 2025: Workshop",
                "#ap-doi": "10.1145/3576915.1", "#ap-short-name": "HiTest",
                "#ap-abstract": ABSTRACT,
                "#ap-link-code": "https://github.com/example/hi?a=1&b=2#readme"},
         ["skill-extraction", "humanoid-skills"])
    assert problems_shown(page) == []
    url = page.evaluate("window.__opened")
    assert url == page.evaluate("document.getElementById('add-paper-form').dataset.url")
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == \
        "https://github.com/skill-papers/skill-papers/new/main/content/papers"
    query = parse_qs(parts.query, strict_parsing=True)
    assert query["filename"] == ["hitest.yaml"]
    text = query["value"][0]
    assert text.startswith("# yaml-language-server: $schema=../../generator/schema/"
                           "paper.schema.json\n")
    collection, _ = load_collection(TOY)
    root = TOY
    path = root / "content" / "papers" / "hitest.yaml"
    problems = Problems()
    doc = parse_text(text, path, "content/papers/hitest.yaml", problems)
    assert doc is not None, problems.report()
    paper = paper_from_document(doc, "hitest", "content/papers/hitest.yaml",
                                collection.topics, problems)
    check_across([*collection.papers.values(), *([paper] if paper else [])], root, problems)
    assert problems.items == [], problems.report() + "\n" + text
    assert paper is not None
    assert paper.title == TITLE
    assert paper.abstract == " ".join(ABSTRACT.split())
    assert paper.authors == ("Ada Lovelace", "Charles Babbage")
    assert (paper.arxiv, paper.year, paper.venue, paper.doi, paper.short_name) == (
        "2503.01234", 2025, "ICRA 2025: Workshop", "10.1145/3576915.1", "HiTest")
    assert paper.topics == ("humanoid-skills", "skill-extraction")
    assert dict(paper.links) == {"code": "https://github.com/example/hi?a=1&b=2#readme"}


@pytest.mark.parametrize("title", [
    "Nørgaard's Skills: A Study of Things in Many Ways Today",
    "SkillMimic-V2: Learning Robust and Generalizable Interaction Skills",
    "Œuvre  Straße ÆON — déjà vu (2024) & the   ł/đ/þ test",
])
def test_id_is_the_python_slug_of_the_title(page: Page, title: str) -> None:
    fill(page, {"#ap-title": title, "#ap-abstract": "A."}, ["skill-extraction"])
    assert page.input_value("#ap-id") == slugify(title, max_words=6)
    query = parse_qs(urlsplit(page.evaluate("window.__opened")).query)
    assert query["filename"] == [f"{slugify(title, max_words=6)}.yaml"]
    assert "year:" not in query["value"][0]


def test_short_name_gives_the_id_and_an_edited_id_stays(page: Page) -> None:
    fill(page, {"#ap-title": "Some Title", "#ap-short-name": "SkillBot", "#ap-abstract": "A."},
         ["skill-extraction"])
    assert page.input_value("#ap-id") == "skillbot"
    page.fill("#ap-id", "my-own-id")
    page.fill("#ap-title", "Another Title")
    assert page.input_value("#ap-id") == "my-own-id"


@pytest.mark.parametrize(("values", "topics", "expected"), [
    ({}, [], ["Title is required", "Abstract is required", "Pick at least one topic",
              "Record id is required (type a title first)"]),
    ({"#ap-title": "T", "#ap-abstract": "A", "#ap-arxiv": "2401.17092v2"}, ["humanoid-skills"],
     ['arXiv id "2401.17092v2" is not an arXiv id without version (like 2505.02094 or '
      'cs/0112017) (did you mean "2401.17092"?)']),
    ({"#ap-title": "T", "#ap-abstract": "A", "#ap-arxiv": "2401.17092"}, ["humanoid-skills"],
     ["arXiv id 2401.17092 is already in the collection (nnose)"]),
    ({"#ap-title": "T", "#ap-abstract": "A", "#ap-link-code": "javascript:alert(1)",
      "#ap-link-video": "data:text/html,x"}, ["humanoid-skills"],
     ['Link (code) "javascript:alert(1)" must be an http(s) URL',
      'Link (video) "data:text/html,x" must be an http(s) URL']),
    ({"#ap-title": "Safe \u202eelif", "#ap-abstract": "A"}, ["humanoid-skills"],
     ["Title contains the invisible character U+202E; remove it"]),
    ({"#ap-title": "T", "#ap-abstract": "A", "#ap-year": "1066", "#ap-doi": "doi:10.1/x"},
     ["humanoid-skills"],
     ['DOI "doi:10.1/x" is not a DOI (like 10.1145/3576915); leave out the https://doi.org/ '
      "prefix", "Year must be a whole number from 1665 to 2100"]),
    ({"#ap-title": "T", "#ap-abstract": "A", "#ap-doi": "https://doi.org/10.1145/3576915"},
     ["humanoid-skills"],
     ['DOI "https://doi.org/10.1145/3576915" is not a DOI (like 10.1145/3576915); leave out '
      'the https://doi.org/ prefix (did you mean "10.1145/3576915"?)']),
    ({"#ap-title": "T", "#ap-abstract": "A", "#ap-id": "nnose"}, ["humanoid-skills"],
     ['Record id "nnose" is taken; choose another']),
])
def test_form_refuses_what_check_refuses(page: Page, values: dict[str, str],
                                         topics: list[str], expected: list[str]) -> None:
    fill(page, values, topics)
    assert problems_shown(page) == expected
    assert page.evaluate("window.__opened") is None


def test_browser_reads_the_schema_patterns_as_the_checker_does(page: Page) -> None:
    """Every pattern of the schema, in Chromium's RegExp and in the checker."""
    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str):
                found.add(node["pattern"])
            for value in node.values():
                walk(value)

    walk(schema("paper.schema.json"))
    walk(schema("topics.schema.json"))
    patterns = sorted(found)
    assert len(patterns) >= 7
    samples = ["2505.02094", "2505.02094\n", "0704.0001", "1412.12345", "cs/0112017",
               "math.GT/0309136", "٢٠٢٤-01-01", "2024-01-01", "10.1145/3576915", "10.1/x",
               "https://x.org/a?b#c", "https://x.org/\n", "javascript:alert(1)", "https://",
               " ", "a\nb", "Title", "skill-extraction", "Skill", "x" * 5, "\u00a0", "ok "]
    browser = page.evaluate(
        "([patterns, samples]) => patterns.map(p => samples.map(s => new RegExp(p).test(s)))",
        [patterns, samples])
    python = [[pattern_regex(p).search(s) is not None for s in samples] for p in patterns]
    assert browser == python


def test_a_record_too_long_for_a_link_goes_by_clipboard(page: Page) -> None:
    fill(page, {"#ap-title": "Long", "#ap-abstract": "ünïcödé words " * 400},
         ["skill-extraction"])
    url = page.evaluate("window.__opened")
    assert url.endswith("/new/main/content/papers?filename=long.yaml")
    notice = page.text_content("#ap-problems")
    assert notice is not None and notice.startswith("The record is too long to pass in a link.")
    assert page.text_content("#ap-preview").endswith("ünïcödé words\n")  # type: ignore[union-attr]
