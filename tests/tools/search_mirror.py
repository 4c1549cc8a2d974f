"""Material's in-browser search, replayed in Python over a built site's index.

``SiteSearch(site / "search" / "search_index.json").search("humanod")`` returns the
page locations a reader would see, best first, as Material 9.8's search worker
ranks them (read from its source, ``src/templates/assets/javascripts/
integrations/search/``):

1. The index: one lunr document per page section (``location``, ``title``,
   ``text``), fields and boosts from the index's ``config.fields``, ``b(0)``, the
   pipeline from ``config.pipeline`` (English default: stop words only, no
   stemmer, no trimmer; the query pipeline is empty), the document ``boost``
   from the page's front matter.
   Material's tokenizer splits the text between HTML tags at
   ``config.separator`` and lower-cases each piece; done here the same way.
2. The query (``transform``): quoted phrases become required terms, stray
   operators are dropped, every word is split at the separator, and each term
   without an operator gets a trailing ``*`` (prefix search). Material adds no
   fuzzy matching and ranks a prefix expansion (``skill*`` -> ``skillmimic``) as
   high as the word itself; our worker wrapper (``overrides/assets/javascripts/
   search-typos-worker.js``) first adds ``word^10`` for each plain word of three
   or more letters and ``word~1`` for each of five or more, and drops stop
   words but a last word still being typed (``with_typos``), mirrored here.
3. Post-processing: each hit's score is multiplied by ``1 + boost**2`` where
   ``boost`` is 1 for a page's first section (no ``#``) plus the share of query
   terms found; hits are re-sorted and grouped by page, in order of each page's
   best section.

Where this differs from the browser: lunr.py is a port of lunr.js 2.3 (same
scoring, float rounding aside); highlighting, search suggestions and Chinese
segmentation are not replayed; JavaScript's and Python's regular expressions and
lower-casing agree for the separator and the text of this collection. The
browser test (tests/test_browser.py) types queries into the real search box to
cover the worker wrapper and the rendering.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import lunr
from lunr.query import QueryPresence
from lunr.query_lexer import QueryLexer
from lunr.query_parser import QueryParser
from lunr.stop_word_filter import stop_word_filter
from lunr.trimmer import trimmer

_TAG = re.compile(r"<[^>]*>")
_PLAIN_WORD = re.compile(r"^[^\W_]{5,}$")
_EXACT_WORD = re.compile(r"^[^\W_]{3,}$")
EXACT_BOOST = 10
_PIPELINE: dict[str, Callable[..., Any]] = {
    "stopWordFilter": stop_word_filter, "trimmer": trimmer,
}


def with_typos(query: str) -> str:
    """What search-typos-worker.js sends on to Material's worker."""
    if re.search(r'["~^*:]|(?:^|\s)[+-]', query):
        return query
    words = query.split()
    typing = not query[-1:].isspace()
    words = [w for i, w in enumerate(words)
             if (typing and i == len(words) - 1) or stop_word_filter(w.lower()) is not None]
    exact = [f"{word}^{EXACT_BOOST}" for word in words if _EXACT_WORD.match(word)]
    fuzzy = [f"{word}~1" for word in words if _PLAIN_WORD.match(word)]
    return " ".join(words + exact + fuzzy)


@dataclass
class Hit:
    location: str
    score: float


class SiteSearch:
    def __init__(self, index_json: Path) -> None:
        data = json.loads(index_json.read_text(encoding="utf-8"))
        config = data["config"]
        if config.get("lang") != ["en"]:
            raise ValueError("only the English pipeline is mirrored")
        if "stemmer" in config["pipeline"]:
            raise ValueError("the stemmer is not mirrored")
        self.separator = re.compile(config["separator"])
        self.docs: list[dict[str, Any]] = data["docs"]
        self.fields = list(config["fields"])
        builder = lunr.builder.Builder()
        builder.b(0)
        builder.ref("location")
        # lunr.js's default search pipeline holds only the stemmer, which Material
        # removes unless configured: queries are not filtered at all.
        for name in config["pipeline"]:
            builder.pipeline.add(_PIPELINE[name])
        for name, spec in config["fields"].items():
            builder.field(name, boost=spec.get("boost", 1),
                          extractor=lambda doc, name=name: self.tokens(doc.get(name)))
        for doc in self.docs:
            builder.add(doc, {"boost": doc["boost"]} if "boost" in doc else None)
        self.index = builder.build()

    def tokens(self, value: str | list[str] | None) -> list[str]:
        """Material's tokenizer: text between tags, split at the separator, lower case."""
        if value is None:
            return []
        values = value if isinstance(value, list) else [value]
        return [piece.lower() for text in values for block in _TAG.split(text)
                for piece in self.separator.split(block) if piece]

    def transform(self, query: str) -> str:
        """Material's ``transformSearchQuery``."""
        query = query.strip()
        parts = re.split(r'"([^"]+)"', query)
        query = "".join(re.sub(r"^\b|^(?![^\x00-\x7F]|$)|\s+", " +", part) if i % 2 else part
                        for i, part in enumerate(parts))
        query = re.sub(r'"|(?:^|\s+)[*+\-:^~]+(?=\s+|$)', "", query)
        terms: list[str] = []
        for part in re.split(r"\s+", query):
            lexer = QueryLexer(part)
            lexer.run()
            for lexeme in lexer.lexemes:
                if lexeme["type"] == QueryLexer.FIELD and lexeme["string"] not in self.fields:
                    part = part[:lexeme["end"]] + " " + part[lexeme["end"] + 1:]
                elif lexeme["type"] == QueryLexer.TERM:
                    start, end = lexeme["start"], lexeme["end"]
                    for piece in self.separator.split(lexeme["string"]):
                        if piece:
                            terms.append(part[:start] + piece + part[end:])
        terms = [f"{t}1" if re.search(r"[~^]$", t) else t for t in terms]
        terms = [t if re.search(r"(^[+-]|[~^]\d+$)", t) else f"{t}*" for t in terms]
        return " ".join(terms)

    def search(self, query: str, typos: bool = True) -> list[str]:
        """Page locations (``papers/x/``), best first."""
        return [hit.location for hit in self.ranked(with_typos(query) if typos else query)]

    def ranked(self, raw_query: str) -> list[Hit]:
        query = self.transform(raw_query)
        if not query:
            return []
        parsed = self.index.create_query()
        QueryParser(query, parsed).parse()
        clauses = [c.term.strip("*") for c in parsed.clauses
                   if c.presence != QueryPresence.PROHIBITED]
        hits: list[Hit] = []
        for result in self.index.search(query):
            matched_terms = list(result["match_data"].metadata)
            found = {c for c in clauses if any(t.startswith(c) for t in matched_terms)}
            counted = set(clauses)
            missing = {c for c in counted - found if stop_word_filter(c) is not None}
            share = len(found) / len(found | missing) if found | missing else 0
            boost = ("#" not in result["ref"]) + share
            hits.append(Hit(result["ref"], result["score"] * (1 + boost ** 2)))
        hits.sort(key=lambda hit: -hit.score)
        pages: dict[str, float] = {}
        for hit in hits:
            pages.setdefault(hit.location.split("#")[0], hit.score)
        return [Hit(location, score) for location, score in pages.items()]


@dataclass(frozen=True)
class Expectation:
    """One line of tests/data/queries.yaml: a query and the paper (or other page)
    it must find in the first ``within`` pages; ``paper: null`` means no results."""

    query: str
    kind: str
    paper: str | None = None
    page: str | None = None
    within: int = 3
    browser: bool = False

    @property
    def location(self) -> str | None:
        return self.page or (f"papers/{self.paper}/" if self.paper else None)


def load_queries(path: Path) -> list[Expectation]:
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Expectation(**item) for item in data["queries"]]
