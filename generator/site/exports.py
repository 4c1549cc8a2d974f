"""Downloads made with the site, so others can cite and build on the collection::

    build/docs/papers.bib            every paper, BibTeX (ordered by id)
    build/docs/papers/<id>.bib       one paper
    build/docs/topics/<key>.bib      the papers of one topic
    build/docs/papers.json           every field of every paper, plus topics and page urls
    build/docs/papers.csv            the same as a table; lists joined with "; "; a cell
                                     that starts with = + - @ ', a tab or a carriage
                                     return gets a ' in front (see ``csv_cell``)
    build/docs/papers.schema.json    JSON Schema of papers.json (generator/schema/)

MkDocs copies these files into the site unchanged. Their content depends only on
the records (no clock), so the same input gives byte-identical files.

``papers.json`` looks like::

    {"schema_version": 1,
     "generator": {"name": "skill-papers generator", "source": "content/papers/*.yaml"},
     "site": {"name": "Skill Papers", "url": "https://.../"},
     "updated": "2026-11-28",            # the newest `added` date
     "counts": {"papers": 88, "topics": 12},
     "topics": [{"key": "humanoid-skills", "title": "...", "url": "...", "papers": 9}],
     "papers": [{"id": "skillmimic", "title": "...", ..., "url": ".../papers/skillmimic/"}]}
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from generator.model.identifiers import LINK_KINDS, SCHEMA_DIR
from generator.model.papers import Paper
from generator.site import bibtex
from generator.site.context import Context, Output

SCHEMA_VERSION = 1
JSON_SCHEMA = SCHEMA_DIR / "papers-export.schema.json"
LIST_SEPARATOR = "; "
# the CSV's columns of papers.json's `people`: canonical names, ORCID iDs (or empty)
PEOPLE_COLUMNS = {"author_names": "name", "author_orcids": "orcid"}
CSV_COLUMNS = ("id", "title", "short_name", "authors", "author_names", "author_orcids", "year",
               "month", "venue", "arxiv", "doi", "topics", "topic_titles", "added",
               "citation_key", "url", "arxiv_url", "pdf_url", "doi_url",
               *(f"link_{kind}" for kind in LINK_KINDS), "abstract")


def page_url(ctx: Context, path: str) -> str:
    """Absolute URL of a page or file of the site (``papers/x/``), from ``site_url``."""
    return f"{ctx.site['url']}{path}"


def paper_record(ctx: Context, paper: Paper) -> dict[str, Any]:
    """Every field of a paper, derived ones included, as JSON-ready values."""
    return {
        "id": paper.id, "title": paper.title, "short_name": paper.short_name,
        "authors": list(paper.authors),
        "people": [{"name": person.name, "key": person.key, "orcid": person.orcid,
                    "url": page_url(ctx, ctx.authors.url(person.key, ""))}
                   for person in ctx.collection.authors.get(paper.id, ())],
        "year": paper.year, "month": paper.month,
        "venue": paper.venue, "arxiv": paper.arxiv, "doi": paper.doi,
        "topics": list(paper.topics),
        "topic_titles": [topic.title for topic in ctx.collection.topics_of(paper)],
        "links": {kind: paper.links[kind] for kind in LINK_KINDS if kind in paper.links},
        "added": paper.added, "abstract": paper.abstract,
        "citation_key": ctx.citation_keys[paper.id],
        "url": page_url(ctx, f"papers/{paper.id}/"),
        "bibtex_url": page_url(ctx, f"papers/{paper.id}.bib"),
        "arxiv_url": paper.arxiv_abs, "pdf_url": paper.arxiv_pdf, "doi_url": paper.doi_url,
        "source": ctx.source_rel(paper),
    }


def newest_added(papers: list[Paper]) -> str:
    return max((p.added for p in papers), default="1970-01-01")


def bib_files(ctx: Context) -> Output:
    name = ctx.site["name"] or "papers"
    # each entry is made once (from the paper page's) and shared by the paper, topic and
    # collection files
    entries = {pid: bibtex.with_abstract(ctx.bibtex_entry(p), p)
               for pid, p in ctx.collection.papers.items()}
    yield "papers.bib", bibtex.bib_file(list(entries.values()), f"{name}: all papers")
    for paper_id, text in entries.items():
        yield f"papers/{paper_id}.bib", bibtex.bib_file([text], f"{name}: {paper_id}")
    for key, members in ctx.collection.papers_by_topic().items():
        if key in ctx.collection.topics:
            yield f"topics/{key}.bib", bibtex.bib_file(
                [entries[p.id] for p in members], f"{name}: topic {key}")


def json_export(ctx: Context, records: list[dict[str, Any]]) -> str:
    """papers.json; ``records`` are ``paper_record`` of every paper, in id order."""
    papers = list(ctx.collection.papers.values())
    by_topic = ctx.collection.papers_by_topic()
    data = {
        "schema_version": SCHEMA_VERSION,
        "generator": {"name": "skill-papers generator (python -m generator build)",
                      "source": "content/papers/*.yaml, content/topics.yaml"},
        "site": {"name": ctx.site["name"], "url": ctx.site["url"]},
        "updated": newest_added(papers),
        "counts": {"papers": len(papers), "topics": len(ctx.collection.topics)},
        "topics": [{"key": t.key, "title": t.title, "description": t.description,
                    "parent": t.parent, "related": list(t.related),
                    "url": page_url(ctx, f"topics/{t.key}/"),
                    "papers": len(by_topic.get(t.key, []))}
                   for t in ctx.collection.topics.values()],
        "papers": records,
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


def csv_cell(value: str) -> str:
    """A cell a spreadsheet shows as text: one that starts like a formula (``=HYPERLINK(...)``,
    ``+``, ``-``, ``@``, a tab or a carriage return) gets a single quote in front, as
    OWASP's CSV-injection advice says; so does one that starts with a quote already, so
    the rule reads back without doubt: a cell that starts with ``'`` is the record's
    text after that first character. Every other cell is the text exactly, and
    papers.json keeps every value exactly."""
    return "'" + value if value.startswith(FORMULA_START) else value


def csv_export(records: list[dict[str, Any]]) -> str:
    """papers.csv: rows end with ``\n``; a cell holding a line break (``\n`` or a lone
    ``\r``) is quoted. The csv module quotes only for the characters of its line
    terminator, so rows are written with ``\r\n`` and their ending is then changed."""
    out = io.StringIO()
    row_text = io.StringIO()
    writer = csv.DictWriter(row_text, fieldnames=CSV_COLUMNS, lineterminator="\r\n")

    def flush() -> None:
        out.write(row_text.getvalue()[:-2] + "\n")
        row_text.seek(0)
        row_text.truncate()

    writer.writeheader()
    flush()
    for record in records:
        row: dict[str, Any] = {}
        for column in CSV_COLUMNS:
            if column.startswith("link_"):
                row[column] = csv_cell(record["links"].get(column.removeprefix("link_"), ""))
                continue
            if column in PEOPLE_COLUMNS:  # one item an author, in the order of `authors`
                row[column] = csv_cell(LIST_SEPARATOR.join(
                    person[PEOPLE_COLUMNS[column]] or "" for person in record["people"]))
                continue
            value = record[column]
            row[column] = csv_cell(LIST_SEPARATOR.join(value) if isinstance(value, list)
                                   else "" if value is None else str(value))
        writer.writerow(row)
        flush()
    return out.getvalue()


def data_files(ctx: Context) -> Output:
    records = [paper_record(ctx, p) for p in ctx.collection.papers.values()]
    yield "papers.json", json_export(ctx, records)
    yield "papers.csv", csv_export(records)
    yield "papers.schema.json", JSON_SCHEMA.read_bytes()
