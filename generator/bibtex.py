"""BibTeX entries for papers: stable, unique keys and escaped values.

Keys look like ``yu2025skillmimic``: first author's surname, year, first
significant title word; a collision gets ``a``, ``b``... in id order, so a
paper's key does not change when unrelated papers are added later in the alphabet.
Values keep Unicode (biber and modern BibTeX read UTF-8); only characters that
mean something to TeX are escaped, and title capitals are protected with braces.
"""

from __future__ import annotations

import re

from .model import Collection, Paper
from .slug import slugify

_STOP = {"a", "an", "the", "on", "of", "in", "for", "to", "and", "from", "with", "via",
         "how", "what", "can", "do", "is", "are", "we", "towards", "toward", "beyond"}
_SPECIAL = re.compile(r"([\\{}%&#_$^~])")
_ESCAPES = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&",
            "#": r"\#", "_": r"\_", "$": r"\$", "^": r"\^{}", "~": r"\~{}"}


def escape(text: str) -> str:
    return _SPECIAL.sub(lambda m: _ESCAPES[m.group(1)], " ".join(text.split()))


def protect_capitals(title: str) -> str:
    """Wrap words with capitals after the first letter (``SkillMimic``, ``LLM``) in braces."""
    words = escape(title).split(" ")
    return " ".join(f"{{{w}}}" if re.search(r"[A-Z]", w[1:]) else w for w in words)


def base_key(paper: Paper) -> str:
    surname = slugify(paper.authors[0].split()[-1]).replace("-", "") if paper.authors else "anon"
    words = [w for w in slugify(paper.title).split("-") if w not in _STOP]
    return f"{surname or 'anon'}{paper.year or ''}{words[0] if words else paper.id}"


def citation_keys(collection: Collection) -> dict[str, str]:
    groups: dict[str, list[str]] = {}
    for paper in collection.papers.values():
        groups.setdefault(base_key(paper), []).append(paper.id)
    keys = {}
    for key, ids in groups.items():
        for i, paper_id in enumerate(sorted(ids)):
            keys[paper_id] = key if len(ids) == 1 else f"{key}{chr(ord('a') + i)}"
    return keys


def entry(paper: Paper, key: str) -> str:
    fields: list[tuple[str, str]] = [("title", f"{{{protect_capitals(paper.title)}}}")]
    if paper.authors:
        fields.append(("author", "{" + " and ".join(escape(a) for a in paper.authors) + "}"))
    if paper.year:
        fields.append(("year", f"{{{paper.year}}}"))
    if paper.venue:
        fields.append(("booktitle" if paper.doi is None else "journal",
                       f"{{{escape(paper.venue)}}}"))
    if paper.arxiv:
        fields += [("eprint", f"{{{paper.arxiv}}}"), ("archiveprefix", "{arXiv}")]
    if paper.doi:
        fields.append(("doi", f"{{{escape(paper.doi)}}}"))
    url = paper.arxiv_abs or paper.doi_url or paper.links.get("paper")
    if url:
        fields.append(("url", f"{{{url}}}"))
    kind = "inproceedings" if paper.venue and not paper.arxiv else "misc"
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@{kind}{{{key},\n{body}\n}}"
