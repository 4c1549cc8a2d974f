"""The names index (generator/site/search_names.py), read back as the worker reads it.

The worker finds a word's shard by the longest key it starts with, adds up a
term's differences into codes (``number * 4 + field``) and finds a paper's row in
block ``number // block``. Here the same reading, in Python, must give back every
term of every paper with its field, whatever the titles and names, and however
the shards split; tests/test_search.py checks that the worker reads words as
``normal_words`` does.
"""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.model.papers import Paper
from generator.site.search_names import (
    AUTHOR,
    NAME,
    STOP_WORDS,
    TITLE,
    TITLE_START,
    common_words,
    names_index,
    normal_words,
    numbered,
    paper_terms,
    shard_file,
    stem,
)

WORDS = st.sampled_from(["Skill", "skills", "SkillFactory", "GPT-4", "Café", "naïve", "Ünïcode",
                         "LLaMA", "x", "2408.15270", "über", "de", "the", "Łukasz", "日本語",
                         "CodeBERT", "pre-trained", "a", "Σκill", "ǅemal"])
TEXT = st.lists(WORDS, min_size=1, max_size=6).map(" ".join)


@st.composite
def papers(draw: st.DrawFn) -> list[Paper]:
    count = draw(st.integers(1, 40))
    return [Paper(id=f"p{i}", title=draw(TEXT), abstract="", topics=("t",), added="2026-01-01",
                  source=Path(f"p{i}.yaml"), authors=tuple(draw(st.lists(TEXT, max_size=3))),
                  year=draw(st.one_of(st.none(), st.integers(2000, 2026))),
                  short_name=draw(st.one_of(st.none(), TEXT)),
                  arxiv=draw(st.one_of(st.none(), st.sampled_from(["2408.15270", "1910.02216"]))))
            for i in range(count)]


class Reader:
    """The worker's reading of the files (search-typos-worker.js: shardOf, postings,
    paperBlock)."""

    def __init__(self, files: dict[str, str]) -> None:
        self.files = files
        self.manifest = json.loads(files["manifest.json"])

    def shard(self, word: str) -> dict[str, list[int]]:
        """The shard of the longest key (up to three letters) the word starts with."""
        shards = self.manifest["shards"]
        key = next((word[:n] for n in (3, 2, 1) if len(word) >= n and word[:n] in shards), None)
        assert key is not None, word
        terms: dict[str, list[int]] = json.loads(self.files[shard_file(key)])
        return terms

    def papers_of(self, term: str) -> dict[int, int]:
        deltas = self.shard(term).get(term, [])
        found: dict[int, int] = {}
        code = 0
        for delta in deltas:
            code += delta
            found[code >> 2] = found.get(code >> 2, 0) | 1 << (code & 3)
        return found

    def row(self, number: int) -> list[object]:
        block = self.manifest["block"]
        rows: list[list[object]] = json.loads(self.files[f"papers-{number // block}.json"])
        return rows[number % block]


@settings(max_examples=60, deadline=None)
@given(papers(), st.sampled_from([40, 400, 48_000]))
def test_every_term_of_every_paper_reads_back(collection: list[Paper], shard_bytes: int) -> None:
    reader = Reader(dict(names_index(collection, shard_bytes=shard_bytes)))
    assert reader.manifest["papers"] == len(collection)
    for number, paper in enumerate(numbered(collection)):
        assert reader.row(number)[:2] == [paper.id, paper.title]
        for term, field in paper_terms(paper):
            assert reader.papers_of(term).get(number, 0) & 1 << field, (paper, term, field)
            # a prefix typed (three letters or more) finds the term in its one shard
            for end in range(3, len(term)):
                assert term in reader.shard(term[:end]), (term, term[:end])


def test_big_shards_split_by_two_then_three_letters() -> None:
    paper = Paper(id="p", title="Skill skating sketches or sums", abstract="", topics=("t",),
                  added="2026-01-01", source=Path("p.yaml"))
    shards = json.loads(dict(names_index([paper], shard_bytes=60))["manifest.json"])["shards"]
    assert {"ski", "ska", "ske"} <= set(shards) and not {"s", "sk"} & set(shards), shards
    assert "su" in shards, shards  # small enough at two letters
    shards = json.loads(dict(names_index([paper], shard_bytes=48_000))["manifest.json"])["shards"]
    assert shards == ["o", "s"]


def test_fields_say_where_a_term_is() -> None:
    paper = Paper(id="sf", title="SkillFactory: Self-Distillation", abstract="", topics=("t",),
                  added="2026-01-01", source=Path("sf.yaml"), authors=("Zayne Sprague",),
                  short_name="SF", arxiv="2512.04072")
    terms = set(paper_terms(paper))
    assert {("skillfactory", TITLE_START), ("skill", TITLE), ("factory", TITLE),
            ("self", TITLE), ("distillation", TITLE), ("selfdistillation", TITLE),
            ("skillfactoryself", TITLE), ("sf", NAME), ("2512.04072", NAME),
            ("zayne", AUTHOR), ("sprague", AUTHOR)} == terms


def test_papers_are_numbered_newest_first() -> None:
    def paper(key: str, year: int | None) -> Paper:
        return Paper(id=key, title=key, abstract="", topics=("t",), added="2026-01-01",
                     source=Path(f"{key}.yaml"), year=year)
    assert [p.id for p in numbered([paper("b", 2020), paper("a", 2020), paper("c", 2024),
                                    paper("d", None)])] == ["c", "a", "b", "d"]


def test_normal_words_keep_an_arxiv_id_and_fold_accents() -> None:
    assert normal_words("Café arXiv:2408.15270v2, GPT-4") == [
        "cafe", "arxiv", "2408.15270", "v2", "gpt", "4"]


@settings(max_examples=60, deadline=None)
@given(papers(), st.floats(0, 1), st.integers(1, 30))
def test_common_words_are_in_more_than_their_share_of_papers(
        collection: list[Paper], share: float, most: int) -> None:
    shares = common_words(collection, share, most)
    common = list(shares)

    def papers_with(word: str) -> int:
        """Papers with a word of ``word``'s stem (Pagefind's unit)."""
        return sum(stem(word) in {stem(w) for w in normal_words(f"{p.title} {p.abstract}")}
                   for p in collection)

    assert all(shares[w] == round(papers_with(w) / len(collection), 3) for w in common)
    assert common == sorted(common) and len({stem(w) for w in common}) <= most
    assert all(papers_with(w) > share * len(collection) for w in common)
    assert not set(common) & STOP_WORDS
    # every form of a kept stem is kept, and the most frequent stems are the ones kept
    words = {w for p in collection for w in normal_words(f"{p.title} {p.abstract}")} - STOP_WORDS
    kept = {stem(w) for w in common}
    assert {w for w in words if stem(w) in kept} == set(common)
    left_out = words - set(common)
    if len(kept) < most:
        assert all(papers_with(w) <= share * len(collection) for w in left_out)
    else:
        assert all(papers_with(w) <= min(map(papers_with, common)) for w in left_out)


def test_a_stem_makes_its_forms_common() -> None:
    def paper(key: str, abstract: str) -> Paper:
        return Paper(id=key, title=key, abstract=abstract, topics=("t",), added="2026-01-01",
                     source=Path(f"{key}.yaml"))
    collection = [paper(f"p{i}", "Models." if i % 2 else "One model.") for i in range(10)]
    assert common_words(collection, 0.6) == {"model": 1.0, "models": 1.0}


def test_a_word_in_every_abstract_is_common() -> None:
    def paper(key: str, abstract: str) -> Paper:
        return Paper(id=key, title=key, abstract=abstract, topics=("t",), added="2026-01-01",
                     source=Path(f"{key}.yaml"))
    collection = [paper(f"p{i}", "We learn a skill." + (" Rare." if i == 0 else ""))
                  for i in range(20)]
    assert list(common_words(collection)) == ["learn", "skill"]
