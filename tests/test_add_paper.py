"""The *Add a paper* form in Chromium: its YAML passes the real validator, and it
refuses what ``check`` refuses, with the schema's own patterns."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from playwright.sync_api import Browser, Page

from generator.authoring.scaffold import split_authors
from generator.model.problems import Problems
from generator.model.slug import slugify
from generator.records.collection import (
    check_across,
    check_id,
    load_collection,
    paper_from_document,
)
from generator.records.load import parse_text
from generator.records.validate import INVISIBLE, pattern_regex, schema
from generator.site import addform
from generator.site.addform import fnv1a
from generator.site.context import Context, site_settings
from generator.site.render import Renderer
from tests.tools.browser import serve
from tests.tools.projects import REPO

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
                  "delete document.getElementById('add-paper-form').dataset.checked;"
                  "window.__opened = null;")
    for selector, value in values.items():
        page.fill(selector, value)
    for key in topics:
        page.check(f"#ap-topic-list input[value='{key}']")
    page.click("#ap-submit")
    # checked once the files of existing ids it needs are in (addform.existing_keys)
    page.wait_for_selector("#add-paper-form[data-checked]", state="attached")


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


# --- issue 12: the form and check agree ----------------------------------------------

FIELDS = {"title": "#ap-title", "authors": "#ap-authors", "venue": "#ap-venue",
          "short_name": "#ap-short-name", "abstract": "#ap-abstract",
          "code": "#ap-link-code", "doi": "#ap-doi", "id": "#ap-id"}
# Set the fields as a script would (any string, lone surrogates too), submit, and
# return what the form says and the record it previews.
SUBMIT = """([values, topics]) => {
  const form = document.getElementById('add-paper-form');
  form.reset();
  delete document.getElementById('ap-id').dataset.edited;
  window.__opened = null;
  for (const [selector, value] of Object.entries(values)) {
    const el = document.querySelector(selector);
    el.value = value;
    el.dispatchEvent(new Event('input', {bubbles: true}));
  }
  for (const key of topics) document.querySelector(
    `#ap-topic-list input[value='${key}']`).checked = true;
  document.getElementById('ap-submit').click();
  return {problems: Array.from(document.querySelectorAll('#ap-problems li'),
                               li => li.textContent),
          yaml: document.getElementById('ap-preview').textContent,
          id: document.getElementById('ap-id').value, opened: window.__opened};
}"""


def submit(page: Page, values: dict[str, str], topics: list[str]) -> dict[str, Any]:
    result: dict[str, Any] = page.evaluate(
        SUBMIT, [{FIELDS[k]: v for k, v in values.items()}, topics])
    return result


def check_verdict(text: str, paper_id: str) -> tuple[Problems, Any]:
    """What check says of the record the form wrote, as content/papers/<id>.yaml."""
    collection, _ = load_collection(TOY)
    rel = f"content/papers/{paper_id}.yaml"
    problems = Problems()
    check_id(paper_id, rel, problems)
    doc = parse_text(text, TOY / rel, rel, problems)
    paper = None
    if doc is not None:
        paper = paper_from_document(doc, paper_id, rel, collection.topics, problems)
        if paper is not None:
            check_across([*collection.papers.values(), paper], TOY, problems)
    return problems, paper


@pytest.mark.parametrize(("title", "expected"), [
    ("A \ufffe title", "Title contains the invisible character U+FFFE; remove it"),
    ("A \uffff title", "Title contains the invisible character U+FFFF; remove it"),
    ("A \ud800 title", "Title contains the invisible character U+D800; remove it"),
    ("A \U0001fffe title", "Title contains the invisible character U+1FFFE; remove it"),
    ("A \u3164 title", "Title contains the invisible character U+3164; remove it"),
])
def test_form_refuses_characters_check_refuses(page: Page, title: str, expected: str) -> None:
    result = submit(page, {"title": title, "abstract": "A."}, ["skill-extraction"])
    assert result["problems"] == [expected]
    assert result["opened"] is None


def test_form_refuses_a_reserved_id(page: Page) -> None:
    result = submit(page, {"title": "T", "abstract": "A.", "id": "index"},
                    ["skill-extraction"])
    assert result["problems"] == ['Record id "index" is reserved for a page of the site; '
                                  "choose another"]


@pytest.mark.parametrize(("authors", "expected"), [
    ("Doe, Jane", ["Doe, Jane"]),
    ("Doe, Jane and Roe, Rick", ["Doe, Jane", "Roe, Rick"]),
    ("Ada Lovelace, Charles Babbage and Alan Turing",
     ["Ada Lovelace", "Charles Babbage", "Alan Turing"]),
    ("Li, Wei; Zhang, Mike", ["Li, Wei", "Zhang, Mike"]),
])
def test_form_splits_authors_as_new_does(page: Page, authors: str, expected: list[str]) -> None:
    result = submit(page, {"title": "T", "abstract": "A.", "authors": authors},
                    ["skill-extraction"])
    assert result["problems"] == []
    assert split_authors(authors) == expected
    problems, paper = check_verdict(result["yaml"], result["id"])
    assert not problems.errors(), problems.report()
    assert list(paper.authors) == expected


FORM_SPECIAL = ("\n\r\t\x00\x1b\x85\u2028\u202e\u200b\ufeff\ufffe\uffff\ud800\udfff\U0001fffe"
                "\u3164\u034f\ufe0f\U0001d4b3\u00a0 ,;:#'\"-\\$<>{}[]")
WORDS = st.text(st.characters(codec="utf-8", categories=["L", "N", "P", "Zs", "S"]),
                min_size=1, max_size=25)
FORM_TEXT = st.one_of(
    WORDS, WORDS,
    st.text(st.one_of(st.characters(codec="utf-8"), st.sampled_from(FORM_SPECIAL)),
            max_size=25),
    st.sampled_from(["09", "no", "~", "Doe, Jane", "A B, C D and E F", "::error::x",
                     "\U0001d4b3" * 160, "x" * 301, "https://x.org/a b", "https://x.org/ok"]))
FORM_VALUES = st.fixed_dictionaries(
    {"title": FORM_TEXT, "abstract": FORM_TEXT},
    optional={"authors": FORM_TEXT, "venue": FORM_TEXT, "short_name": FORM_TEXT,
              "code": FORM_TEXT,
              "id": st.one_of(st.sampled_from(["my-id", "index", "a--b", "nnose"]), FORM_TEXT),
              "doi": st.sampled_from(["10.1145/3576915", "doi:10.1/x", "10.1/\u200b"])})


@settings(max_examples=150, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(values=FORM_VALUES)
def test_the_form_accepts_exactly_what_check_accepts(page: Page, values: dict[str, str]) -> None:
    """Whatever is typed: the form opens GitHub if and only if check accepts the record
    it writes, and that record reads back as the form's fields; the authors are split
    as ``new`` splits them."""
    result = submit(page, values, ["skill-extraction"])
    problems, paper = check_verdict(result["yaml"], result["id"])
    errors = [str(p) for p in problems.errors()]
    assert (result["problems"] == []) == (errors == []), (result, errors)
    assert (result["opened"] is not None) == (errors == [])
    if paper is not None and not errors:
        assert paper.title == " ".join(values["title"].split()) or "\ufeff" in values["title"]
    authors = values.get("authors", "")
    if paper is not None and not errors and INVISIBLE.search(authors) is None:
        assert list(paper.authors) == split_authors(authors)


def _ranges(codes: list[int]) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    return ranges


def test_browser_refuses_the_same_characters_as_check(page: Page) -> None:
    """Every code point, lone surrogates too, through the page's invisible-character
    RegExp and through validate.INVISIBLE."""
    browser = page.evaluate("""() => {
      const data = JSON.parse(document.getElementById('add-paper-data').textContent);
      const invisible = new RegExp(data.invisible, 'u'), found = [];
      for (let code = 0; code <= 0x10FFFF; code++) {
        if (invisible.test(String.fromCodePoint(code))) found.push(code);
      }
      return found;
    }""")
    python = [code for code in range(0x110000) if INVISIBLE.search(chr(code))]
    assert _ranges(browser) == _ranges(python)


def test_the_browser_hashes_keys_to_the_files_the_generator_writes(page: Page) -> None:
    keys = ["nnose", "2401.17092", "10.1145/3576915", "ørsted-2024", "名前", "a" * 80, ""]
    hashes = page.evaluate("""keys => keys.map(key => {
        var bytes = new TextEncoder().encode(key), hash = 0x811c9dc5;
        for (var i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193) >>> 0;
        return hash; })""", keys)
    assert hashes == [fnv1a(key) for key in keys]
    script = (REPO / "overrides" / "assets" / "javascripts" / "add-paper.js").read_text("utf-8")
    assert "Math.imul(hash ^ bytes[i], 0x01000193) >>> 0" in script  # the same function


def test_existing_keys_are_each_in_the_file_their_hash_names(toy_project: Path) -> None:
    collection, _ = load_collection(TOY)
    ctx = Context(toy_project, collection, Renderer(**site_settings(toy_project)))
    for size in (1, 2, 3, 1000):
        shards = addform.existing_keys(ctx, size)
        papers = collection.papers.values()
        keys = len(papers) + sum(bool(p.arxiv) for p in papers) + sum(bool(p.doi) for p in papers)
        assert len(shards) == -(-keys // size)
        for paper in papers:
            assert paper.id in shards[fnv1a(paper.id) % len(shards)]["ids"]
            if paper.arxiv:
                assert shards[fnv1a(paper.arxiv) % len(shards)]["arxiv"][paper.arxiv] == paper.id
            if paper.doi:
                doi = paper.doi.casefold()
                assert shards[fnv1a(doi) % len(shards)]["doi"][doi] == paper.id
        assert sum(len(s["ids"]) + len(s["arxiv"]) + len(s["doi"]) for s in shards) == keys
