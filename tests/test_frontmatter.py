"""Front matter: ``frontmatter.dump`` writes exactly what ``yaml.dump`` (libyaml) writes,
and MkDocs reads it back as the values given, whatever the text."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO, make_project
from mkdocs.utils.meta import get_data

from generator.site import frontmatter
from generator.site.render import front_matter
from generator.write.build import generate

HOSTILE = REPO / "tests" / "data" / "hostile" / "content"
TEXTS = ["plain", "NO", "yes", "on", "~", "null", "2024", "2024-05-01", "1e3", "0x1F", "1:20",
         ".5", "<<", "=", "'quoted'", '"double"', "it's", "colon: inside", "ends with:",
         "a:b", "https://x.org/a?b=1#c", "- leading dash", "-dash", "? q", "?q", ":c", "# hash",
         "a # b", "a#b", "---", "...", "..x", "&amp; <b>", "*star", "!bang", "|pipe", ">gt",
         "%pct", "@at", "`tick`", "{braces}", "[brackets]", "a, b", "  spaces  ", "trailing ",
         "a\nb", "tab\there", "nbsp\u00a0here", "Nørgaard Ünïcödé 漢字", "emoji 😀",
         "math 𝐀", "line\u2028sep", "para\u2029sep", "nel\x85x", "bom\ufeffx", "\ufeffbom",
         "bidi \u202e x", "bell\x07", "nul\x00", "del\x7f", "c1\x9b", "\ue000private",
         "nonchar\ufffe", "\ufffd", "x" * 995, "x " * 600, "'" * 300]


def _random_text(rng: random.Random) -> str:
    if rng.random() < 0.3:
        return rng.choice(TEXTS)
    alphabet = "abc XYZ 019 :#-?'\"&*!|>%@`,[]{}.~=<\\/\t\n\u2028\x85é–漢😀\x07\ufeff\u00a0"
    size = rng.choice([1, 2, 3, 8, 40, 300, 990, 1100])
    special = rng.choice([0.01, 0.1, 0.5])
    return "".join(rng.choice(alphabet) if rng.random() < special else rng.choice("abcde ")
                   for _ in range(size))


def _random_value(rng: random.Random, depth: int = 0) -> Any:
    pick = rng.random()
    if depth < 3 and pick < 0.2:
        return [_random_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    if depth < 3 and pick < 0.35:
        keys = ["name", "og:title", "b_c", "x"] if rng.random() < 0.8 else TEXTS
        return {f"{rng.choice(keys)}{i}": _random_value(rng, depth + 1)
                for i in range(rng.randint(0, 3))}
    if pick < 0.45:
        return rng.choice([0, 2, -5, 10**20, True, None, 1.5])
    return _random_text(rng)


def _library(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=frontmatter.DUMPER, sort_keys=True, allow_unicode=True,
                     width=frontmatter.WIDTH)


@pytest.mark.parametrize("seed", range(4))
def test_dump_writes_what_yaml_dump_writes(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(1500):
        data = {f"k{i}": _random_value(rng) for i in range(rng.randint(1, 4))}
        assert frontmatter.dump(data) == _library(data), data


def test_dump_writes_most_front_matter_itself() -> None:
    """The fast path is taken for ordinary pages (else it would save nothing)."""
    meta = {"title": "SkillMimic: Learning Skills", "search": {"boost": 2, "exclude": True},
            "paper_meta": {"name": [["citation_title", "SkillMimic"],
                                    ["citation_date", "2024"], ["twitter:card", "summary"]]}}
    assert "\n".join(frontmatter._block(meta, 0, set())) + "\n" \
        == _library(meta)


def test_front_matter_of_hostile_pages_is_the_library_s(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[dict[str, Any]] = []
    dump = frontmatter.dump

    def recording(data: dict[str, Any]) -> str:
        seen.append(data)
        return dump(data)

    monkeypatch.setattr(frontmatter, "dump", recording)
    generate(make_project(tmp_path / "project", HOSTILE))
    assert len(seen) > 5
    for data in seen:
        assert dump(data) == _library(data)


@pytest.mark.parametrize("text", TEXTS)
def test_mkdocs_reads_front_matter_back(text: str) -> None:
    """As MkDocs reads a page: the values come back as given (title and description
    HTML-escaped, with whitespace collapsed)."""
    meta = {"title": text, "paper_meta": {"name": [["citation_title", text]]},
            "search": {"boost": 2}, "authors": [text, "x"]}
    page = str(front_matter(meta)) + "\n# Heading\n"
    body, loaded = get_data(page)
    assert body.strip() == "# Heading"
    title = " ".join(text.split()).replace("&", "&amp;").replace("<", "&lt;") \
        .replace(">", "&gt;").replace('"', "&quot;").replace("'", "&#x27;")
    assert loaded == {**meta, "title": title}
