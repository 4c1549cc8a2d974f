"""Property: a BibTeX file of any content imports without a traceback; each bad entry
is reported on one line and skipped, and the good entries around it import.

Entries are generated with what broke the importer (issue 12, class 8): macros
without their arguments (``\\href{url}``, a bare ``\\footnote``), deep nesting,
long fields, math, accents, keys with line breaks and ``::``, unknown fields.
Field values keep BibTeX's own structure (balanced braces, no ``@``), so the good
entries stay separate entries; a second property throws arbitrary text at it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import TOY, make_project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.authoring import bibimport

SETTINGS = settings(deadline=None, max_examples=40, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])
MACROS = [r"\href{https://github.com/a/b}{code}", r"\href{https://x.org}", r"\href",
          r"\footnote", r"\footnote{note}", r"\footnote[1]", r"\url", r"\url{https://x.org}",
          r"\textcolor", r"\colorbox{red}", r"\sqrt", r"\title", r"\input{/etc/passwd}",
          r"\include", r"\begin{itemize}", r"\end{itemize}", r"\item", r"\\", r"\"u", r"\'e",
          r"\emph{x}", r"\%", r"\&", "$x^2$", "$", r"$\input{x}$", "--", "``q''", "~",
          r"\csname", r"\catcode", "#", "%", "&", "_", "^", "\n", "\r", "\t", " and ",
          "others", ", ", "::error::x", "\u2028", "\x00", "\ufffe"]
LEAF = st.one_of(st.sampled_from(MACROS),
                 st.text(st.characters(codec="utf-8", exclude_characters="{}@\\"),
                         max_size=8))
VALUE = st.recursive(st.lists(LEAF, max_size=6).map("".join),
                     lambda inner: st.lists(inner.map(lambda t: "{" + t + "}"), min_size=1,
                                            max_size=3).map("".join), max_leaves=12)
DEEP = st.integers(20, 3000).map(lambda n: "{" * n + "x" + "}" * n)
LONG = st.integers(1, 3).map(lambda n: "word " * (n * 5000))
FIELD_NAMES = st.sampled_from(["title", "abstract", "author", "journal", "booktitle",
                               "year", "doi", "url", "eprint", "archiveprefix", "note",
                               "volume", "keywords", "x-unknown"])
KEY = st.text(st.characters(codec="utf-8", exclude_characters=",{}()=@ \"#%'"),
              min_size=1, max_size=12)


@st.composite
def hostile_entry(draw: st.DrawFn) -> str:
    fields = draw(st.dictionaries(FIELD_NAMES, st.one_of(VALUE, DEEP, LONG), max_size=6))
    body = ",\n  ".join(f"{name} = {{{value}}}" for name, value in fields.items())
    kind = draw(st.sampled_from(["article", "misc", "inproceedings"]))
    return f"@{kind}{{{draw(KEY)},\n  {body}}}\n"


def good_entry(number: int) -> str:
    words = ["basketball dribbling", "parkour jumping", "violin bowing"][number]
    return (f"@article{{good{number}, title={{Learning {words} skills for humanoids}},"
            f" abstract={{Humanoid characters learn {words} from demonstrations.}}}}\n")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("bibprops"), TOY / "content")


def assert_printable(report: str) -> None:
    assert "\r" not in report
    assert not [line for line in report.split("\n") if line.lstrip().startswith("::")]


@SETTINGS
@given(bad=st.lists(hostile_entry(), min_size=1, max_size=3),
       where=st.lists(st.integers(0, 3), min_size=3, max_size=3))
def test_bad_entries_are_reported_and_the_rest_import(project: Path, bad: list[str],
                                                      where: list[int]) -> None:
    parts = list(bad)
    for number, position in enumerate(where):
        parts.insert(min(position, len(parts)), good_entry(number))
    outcomes = bibimport.import_bibtex(project, "\n".join(parts), ["humanoid-skills"],
                                       dry_run=True, today="2026-11-20")
    report = bibimport.report(outcomes, dry_run=True)
    assert_printable(report)
    assert len(report.split("\n")) == len(outcomes) + 1
    good = {o.key: o.status for o in outcomes if re.fullmatch(r"good\d", o.key)}
    assert good == {f"good{n}": "added" for n in range(3)}, report


@SETTINGS
@given(text=st.text(st.one_of(st.sampled_from("@{},=\"#%\\\n\r"), st.characters()),
                    max_size=300))
def test_any_text_imports_without_a_traceback(project: Path, text: str) -> None:
    outcomes = bibimport.import_bibtex(project, "@article{" + text + "\n" + good_entry(0),
                                       ["humanoid-skills"], dry_run=True, today="2026-11-20")
    assert_printable(bibimport.report(outcomes, dry_run=True))
