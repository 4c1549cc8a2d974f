"""The names index: what a reader types to find one paper (its title, short name,
arXiv id and authors), split in small files the search worker loads a few of.

The search worker (overrides/assets/javascripts/search-typos-worker.js) asks it
before the full-text engine (Material's lunr index, or Pagefind past
``extra.large_collection_above``) and ranks, in both modes and at any size:

1. the paper whose title is the query (stop words aside), then titles that start
   with it;
2. the paper whose short name or arXiv id is the query;
3. papers with every word among their authors' names, short name and title, at
   least one in the authors' names or short name (a surname lists that author);
4. papers with every word in the title;
5. then the engine's own results, papers with every word first (the abstract).

Files (``search/names/``; every one is small, and a query loads one ``terms`` shard
a word and one ``papers`` block a shown paper)::

    manifest.json         {"papers": N, "block": B, "shards": ["a", "b", "sk", ...]}
    terms-<key>.json      {term: [code, ...]}  for the terms that start with <key>
    papers-<k>.json       [[id, title, short name, authors, year, people], ...]
                          papers kB..kB+B-1; people: [[name, "<page>/<key>"], ...],
                          the first PEOPLE_SHOWN authors and their authors page

Papers are numbered newest first (year, month, then id), so among equal matches
the worker shows the newest, and a term's codes, ``number * 4 + field``, sorted
and stored as differences from the one before (a term in every paper costs about
two characters a paper before gzip). The fields: 0 a title word, 1 the title's
first word, 2 the short name or arXiv id, 3 an author's name.

Terms are what the worker makes of typed text: NFKD-folded, marks dropped, lower
case, runs of letters and digits (``normal_words``), an arXiv id kept whole. A
title word is also indexed by its parts (``SkillFactory``: ``skill`` and
``factory``; ``Skill2vec``: ``skill``, ``2``, ``vec``), and two neighbouring title
words joined (``Skill Mix``: ``skillmix``; ``pre-trained``: ``pretrained``), so a
word split or joined differently from the title still finds it. A shard key is a
term's first letter, or its first two letters where one letter's shard would pass
``SHARD_BYTES``, or three where two letters' would (a word typed is matched as a
prefix from three letters, so a shard holds every term a word's prefix finds);
the worker looks a word up in the longest key it starts with, and corrects a typo
against the terms of that shard (so at scale, not a typo in the first letters).
"""

from __future__ import annotations

import functools
import itertools
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping

import snowballstemmer

from generator.model.papers import Paper
from generator.site.context import Context, Output

NAMES_DIR = "search/names"
BLOCK = 16
SHARD_BYTES = 48_000
KEY_LETTERS = 3
TITLE, TITLE_START, NAME, AUTHOR = 0, 1, 2, 3
SHOWN_AUTHORS = 4
PEOPLE_SHOWN = 50  # authors a paper's row links to their section (the worker's author results)
# A word in more than this share of the papers' titles and abstracts is common: the
# worker leaves it out of what it asks Pagefind while another word is typed (see
# common_words), and answers it from the names index alone when titles suffice.
COMMON_SHARE = 0.1
COMMON_MAX = 200
_STEMMER = snowballstemmer.stemmer("english")

# lunr's English stop words (lunr.stopWordFilter, lunr 2.3.9), which Material leaves
# out of its index. The worker drops them from a query (Material's own pipeline
# would search `and` as the prefix `and*` and find `Andrii`) and from a title it
# compares with a query; it reads them from search-engine.js (search_index.py).
# tests/test_search.py compares the list with the one in Material's worker.
STOP_WORDS = frozenset("""
a able about across after all almost also am among an and any are as at be because been
but by can cannot could dear did do does either else ever every for from get got had has
have he her hers him his how however i if in into is it its just least let like likely
may me might most must my neither no nor not of off often on only or other our own
rather said say says she should since so some than that the their them then there these
they this tis to too twas us wants was we were what when where which while who whom why
will with would yet you your""".split())  # noqa: SIM905 (a list that reads as one)

# A new-style arXiv id in typed text stays one word (the worker's ARXIV); an old-style
# one (cs/0601001) is two words, indexed as such.
_ARXIV = re.compile(r"\d{4}\.\d{4,5}")
_WORD = re.compile(r"[^\W_]+")
# camelCase humps and letter/digit runs inside one word: SkillFactory, GPT4, XMLHttp
_PART = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+|[^\W\d_]+")


def fold(text: str) -> str:
    """Lower case, accents and other marks dropped: what the worker's ``fold`` does."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def normal_words(text: str) -> list[str]:
    """The words of ``text`` as the worker reads a query: folded runs of letters and
    digits, an arXiv id (``2408.15270``) kept as one word."""
    words: list[str] = []
    folded = fold(text)
    at = 0
    for match in _ARXIV.finditer(folded):
        words += _WORD.findall(folded[at:match.start()])
        words.append(match.group(0))
        at = match.end()
    return words + _WORD.findall(folded[at:])


def _parts(word: str) -> list[str]:
    """A title word's humps (``SkillFactory`` -> skill, factory), when it has several."""
    unmarked = "".join(c for c in unicodedata.normalize("NFKD", word)
                       if not unicodedata.combining(c))
    parts = [fold(p) for p in _PART.findall(unmarked)]
    return [p for p in parts if len(p) > 1 or p.isdigit()] if len(parts) > 1 else []


def paper_terms(paper: Paper) -> Iterator[tuple[str, int]]:
    """(term, field) for every term the worker may look ``paper`` up by."""
    raw = [m.group(0) for m in _WORD.finditer(paper.title)]
    words = [fold(w) for w in raw]
    for position, (word, original) in enumerate(zip(words, raw, strict=True)):
        yield word, TITLE_START if position == 0 else TITLE
        for part in _parts(original):
            yield part, TITLE
    for left, right in itertools.pairwise(words):
        yield left + right, TITLE
    if paper.short_name:
        short = normal_words(paper.short_name)
        yield from ((w, NAME) for w in short)
        if len(short) > 1:
            yield "".join(short), NAME
    yield from ((w, NAME) for w in normal_words(paper.arxiv or ""))
    for author in paper.authors:
        yield from ((w, AUTHOR) for w in normal_words(author) if len(w) > 1)


@functools.lru_cache(maxsize=1 << 17)
def stem(word: str) -> str:
    """``word``'s English Snowball stem, as Pagefind indexes it ("models" -> "model")."""
    return str(_STEMMER.stemWord(word))


def common_words(papers: Iterable[Paper], share: float = COMMON_SHARE,
                 most: int = COMMON_MAX) -> dict[str, float]:
    """The words (stop words aside) whose stem is in more than ``share`` of the
    papers' titles and abstracts, for at most ``most`` of the most frequent stems,
    sorted, each with the share of papers its stem is in (to three places).

    Pagefind scores every page that has a word of the query, so a word in nearly
    every paper costs about a second at 10,000 papers, and it ranks papers by that
    word as much as by the rare one typed beside it. The worker asks Pagefind for the
    other words and keeps the papers that have the common one too, first; of a query
    of common words only, it asks the least common. Pagefind looks a word up by its
    stem, so "models" costs what "model" costs even when few papers say "models"."""
    counts: dict[str, int] = defaultdict(int)
    forms: dict[str, set[str]] = defaultdict(set)
    total = 0
    for paper in papers:
        total += 1
        words = set(normal_words(f"{paper.title} {paper.abstract or ''}")) - STOP_WORDS
        stems = {word: stem(word) for word in words}
        for word, root in stems.items():
            forms[root].add(word)
        for root in set(stems.values()):
            counts[root] += 1
    frequent = sorted((s for s, c in counts.items() if c > share * total),
                      key=lambda s: (-counts[s], s))
    return dict(sorted((w, round(counts[s] / total, 3)) for s in frequent[:most] for w in forms[s]))


def numbered(papers: Iterable[Paper]) -> list[Paper]:
    """The papers in the index's order: newest first, then by id."""
    return sorted(papers, key=lambda p: (-(p.year or 0), -(p.month or 0), p.id))


def _key_of(term: str, keys: set[str]) -> str:
    """The longest key ``term`` starts with (every term's first letter is one)."""
    return next(term[:n] for n in range(min(len(term), KEY_LETTERS), 0, -1) if term[:n] in keys)


def shard_file(key: str) -> str:
    """``terms-73-6b.json`` for the key ``sk``: code points in hex, so any script is a
    safe file name (the worker names it the same way)."""
    return "terms-" + "-".join(f"{ord(c):x}" for c in key) + ".json"


def _dump(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


def _shards(codes: dict[str, list[int]], limit: int) -> dict[str, dict[str, list[int]]]:
    """Terms grouped by key: a first letter, or where its shard would pass ``limit``
    the first two letters, and so on up to ``KEY_LETTERS`` (a term shorter than
    the key stays in the shorter key's shard)."""
    keys = {term[0] for term in codes}
    while True:
        shards: dict[str, dict[str, list[int]]] = defaultdict(dict)
        for term in sorted(codes):
            shards[_key_of(term, keys)][term] = _deltas(codes[term])
        longer = {term[:len(key) + 1] for key, terms in shards.items()
                  if len(key) < KEY_LETTERS and len(_dump(terms)) > limit
                  for term in terms if len(term) > len(key)}
        if not longer - keys:
            return shards
        keys |= longer


def _deltas(codes: list[int]) -> list[int]:
    ordered = sorted(set(codes))
    return [b - a for a, b in zip([0, *ordered], ordered, strict=False)]


def names_files(ctx: Context) -> Output:
    """``search/names/``: the manifest, the terms shards and the paper blocks."""
    people = {pid: [(person.name, f"{ctx.authors.page_of[person.key]}/{person.key}")
                    for person in persons[:PEOPLE_SHOWN]]
              for pid, persons in ctx.collection.authors.items()}
    for name, text in names_index(ctx.collection.papers.values(), people=people):
        yield f"{NAMES_DIR}/{name}", text


def names_index(papers: Iterable[Paper], shard_bytes: int = SHARD_BYTES,
                people: Mapping[str, list[tuple[str, str]]] | None = None
                ) -> Iterator[tuple[str, str]]:
    """(file name, JSON text) of the index of ``papers``, manifest first; ``people``:
    each paper's authors as (canonical name, ``<authors page>/<key>``)."""
    ordered = numbered(papers)
    codes: dict[str, list[int]] = defaultdict(list)
    for number, paper in enumerate(ordered):
        for term, field_code in paper_terms(paper):
            codes[term].append(number * 4 + field_code)
    shards = _shards(codes, shard_bytes)
    yield "manifest.json", _dump({"papers": len(ordered), "block": BLOCK, "shards": sorted(shards)})
    for key, terms in sorted(shards.items()):
        yield shard_file(key), _dump(terms)
    for start in range(0, len(ordered), BLOCK):
        yield f"papers-{start // BLOCK}.json", _dump(
            [_shown(p, (people or {}).get(p.id, [])) for p in ordered[start:start + BLOCK]])


def _shown(paper: Paper, people: list[tuple[str, str]]) -> list[object]:
    authors = ", ".join(paper.authors[:SHOWN_AUTHORS])
    if len(paper.authors) > SHOWN_AUTHORS:
        authors += f" and {len(paper.authors) - SHOWN_AUTHORS:,} more"
    return [paper.id, paper.title, paper.short_name or "", authors, paper.year or "",
            [list(person) for person in people]]
