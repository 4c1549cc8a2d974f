"""``python -m generator import --bibtex``: mapping, cleaning, duplicates, golden output."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import TOY, make_project

from generator.authoring import bibimport
from generator.cli import main
from generator.records.collection import load_collection

DATA = Path(__file__).parent / "data" / "import"
BIB = DATA / "zotero.bib"
TODAY = "2026-11-20"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project", TOY / "content")


def papers_in(project: Path) -> list[str]:
    return sorted(p.name for p in (project / "content" / "papers").glob("*.yaml"))


def run_import(project: Path, dry_run: bool = False) -> list[bibimport.Outcome]:
    return bibimport.import_bibtex(project, BIB.read_text(encoding="utf-8"), (), dry_run,
                                   today=TODAY)


def test_import_report_matches_golden(project: Path) -> None:
    report = bibimport.report(run_import(project), dry_run=False)
    assert report + "\n" == (DATA / "expected-report.txt").read_text(encoding="utf-8")


def test_written_records_match_golden_and_validate(project: Path) -> None:
    before = papers_in(project)
    outcomes = run_import(project)
    added = sorted(f"{o.paper_id}.yaml" for o in outcomes if o.status == "added")
    assert papers_in(project) == sorted(before + added)
    for name in added:
        written = (project / "content" / "papers" / name).read_text(encoding="utf-8")
        assert written == (DATA / "expected" / name).read_text(encoding="utf-8")
    collection, problems = load_collection(project)
    assert problems.errors() == []
    dribblebot = collection.papers["dribblebot"]
    assert dribblebot.authors == ("Jörg Müller", "Kristian Nørgaard", "Élise Durand")
    assert "$\\mathcal{O}(n)$" in dribblebot.title
    assert "demonstrations & motion capture" in dribblebot.abstract


def test_dry_run_writes_nothing_and_reports_the_same(project: Path) -> None:
    before = papers_in(project)
    dry = bibimport.report(run_import(project, dry_run=True), dry_run=True)
    assert papers_in(project) == before
    expected = (DATA / "expected-report.txt").read_text(encoding="utf-8").rstrip("\n")
    assert dry == expected + " (dry run: nothing written)"


def test_second_import_finds_only_duplicates(project: Path) -> None:
    run_import(project)
    again = run_import(project)
    assert [o.status for o in again if o.status != "skipped-invalid"] == (
        ["skipped-duplicate"] * 7)
    assert again[0].message == "same DOI as content/papers/dribblebot.yaml"


def test_topics_given_are_used_instead_of_suggestions(project: Path) -> None:
    outcomes = bibimport.import_bibtex(project, BIB.read_text(encoding="utf-8"),
                                       ["skill-extraction"], dry_run=True, today=TODAY)
    added = [o for o in outcomes if o.status == "added"]
    assert [o.paper_id for o in added] == [
        "dribblebot", "escoxlm-r", "skill-spans-danish-job-postings",
        "lattice-gluon-propagators-finite-temperature",
        "composing-skill-extraction-models-job"]
    assert all("suggested" not in o.message for o in added)


def test_cli_imports_and_rejects_unknown_topics(project: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(project), "import", "--bibtex", str(BIB),
                 "--topic", "skill-extractoin"]) == 1
    assert capsys.readouterr().err == (
        "import: --topic: unknown topic 'skill-extractoin' (did you mean 'skill-extraction'?)\n")
    assert main(["--root", str(project), "import", "--bibtex", str(BIB), "--dry-run"]) == 0
    assert capsys.readouterr().out.endswith(
        "import: 4 added, 3 skipped as duplicates, 3 skipped as invalid "
        "(dry run: nothing written)\n")
    assert main(["--root", str(project), "import", "--bibtex", str(project / "no.bib")]) == 1


def test_an_existing_file_is_never_overwritten(project: Path) -> None:
    curated = project / "content" / "papers" / "dribblebot.yaml"
    curated.write_text("# curated by hand, not valid yet\n", encoding="utf-8")
    outcomes = run_import(project)
    assert curated.read_text(encoding="utf-8") == "# curated by hand, not valid yet\n"
    assert outcomes[0].paper_id == "dribblebot-2"


@pytest.mark.parametrize(("latex", "text"), [
    (r"{\"u}ber {SkillMimic}: R\&D at 100\%", "über SkillMimic: R&D at 100%"),
    (r"N{\o}rgaard -- {\'E}cole", "Nørgaard – École"),
    (r"cost $\mathcal{O}(n^2)$ per  step", r"cost $\mathcal{O}(n^2)$ per step"),
    (r"\emph{Skills}~matter", "Skills matter"),
])
def test_latex_becomes_unicode_and_math_stays(latex: str, text: str) -> None:
    assert bibimport.to_text(latex) == text


@pytest.mark.parametrize(("fields", "arxiv"), [
    ({"eprint": "2408.15270v2", "archiveprefix": "arXiv"}, "2408.15270"),
    ({"url": "https://arxiv.org/pdf/2204.12811v1.pdf"}, "2204.12811"),
    ({"journal": "arXiv preprint arXiv:2305.12092"}, "2305.12092"),
    ({"journal": "ArXiv", "volume": "abs/2305.12092"}, None),
    ({"eprint": "hep-th/9901001", "archiveprefix": "arXiv"}, "hep-th/9901001"),
    ({"eprint": "12345", "archiveprefix": "SSRN"}, None),
    ({"doi": "10.48550/arXiv.2403.01234"}, "2403.01234"),
    ({"arxiv": "2403.01234"}, "2403.01234"),
    ({"journal": "CoRR", "volume": "abs/2305.12092"}, "2305.12092"),
    ({"eprint": "2305.12092", "eprinttype": "arXiv"}, "2305.12092"),
])
def test_arxiv_id_is_found_where_exporters_put_it(fields: dict[str, str],
                                                  arxiv: str | None) -> None:
    assert bibimport.arxiv_id(fields) == arxiv


def test_record_yaml_round_trips_awkward_abstracts() -> None:
    import yaml

    record = {"title": "T: 'quoted' #1", "abstract": "  leading: spaces # and: colons\n",
              "topics": ["t"], "added": "2026-01-01"}
    assert yaml.safe_load(bibimport.record_yaml(record)) == record


def test_unreadable_entries_are_reported_with_their_line(project: Path) -> None:
    text = ("@article{a, title={A paper on basketball skills}, abstract={Humanoid skills.}}\n"
            "@article{b, title = {Unclosed, abstract={y}\n"
            "@article{c, title={C}, title={D}, abstract={z}}\n"
            "@article{a, title={Another paper}, abstract={Humanoid basketball skills.}}\n")
    outcomes = bibimport.import_bibtex(project, text, ["humanoid-skills"], dry_run=True,
                                       today=TODAY)
    assert [(o.status, o.key, o.line) for o in outcomes] == [
        ("added", "a", 1), ("skipped-invalid", "?", 2), ("skipped-invalid", "c", 3),
        ("added", "a", 4)]
    assert outcomes[1].message == (
        "cannot be read as BibTeX: Unexpected block start: `@article`. Was still looking for "
        "field-value closing `}`")
    assert outcomes[2].message == (
        "cannot be read as BibTeX: Duplicate field keys on entry: 'title'. Note: The entry "
        "(containing duplicates) is available as `failed_block.ignore_error_block`")


def test_exported_bibtex_imports_back_to_the_same_records(tmp_path: Path) -> None:
    """papers.bib of the toy collection, imported into a collection without papers."""
    empty = make_project(tmp_path / "empty", TOY / "content")
    for path in (empty / "content" / "papers").glob("*.yaml"):
        path.unlink()
    bib = (Path(__file__).parent / "data" / "toy-golden" / "papers.bib").read_text("utf-8")
    outcomes = bibimport.import_bibtex(empty, bib, ["humanoid-skills"], today=TODAY)
    assert [o.status for o in outcomes] == ["added"] * 4
    original, _ = load_collection(make_project(tmp_path / "toy", TOY / "content"))
    imported, problems = load_collection(empty)
    assert problems.errors() == []
    assert sorted(imported.papers) == sorted(original.papers)
    for paper_id, paper in imported.papers.items():
        before = original.papers[paper_id]
        assert (paper.title, paper.authors, paper.year, paper.venue, paper.arxiv) == (
            before.title, before.authors, before.year, before.venue, before.arxiv)
        # the toy record writes "100\%"; BibTeX (and the seed import) read that as "100%"
        assert paper.abstract == before.abstract.replace("\\%", "%")


def test_exported_seed_collection_is_all_duplicates(seed_project: Path,
                                                    seed_site: Path) -> None:
    outcomes = bibimport.import_bibtex(seed_project, (seed_site / "papers.bib").read_text(
        encoding="utf-8"), dry_run=True, today=TODAY)
    collection, _ = load_collection(seed_project)
    assert len(outcomes) == len(collection.papers)
    assert {o.status for o in outcomes} == {"skipped-duplicate"}


# --- hostile BibTeX files (issue 12, class 8) --------------------------------------------

GOOD = ("@article{good, title={A paper on basketball skills},"
        " abstract={Humanoid basketball skills.}}\n")


@pytest.mark.parametrize(("field", "text"), [
    ("abstract", r"Code at \href{https://github.com/a/b}{our repository}."),
    ("abstract", r"A bare footnote \footnote"),
    ("title", r"Title \href{https://x.org}"),
    ("abstract", r"Skills \url \textcolor \colorbox \sqrt \title \input{/etc/passwd} \include"),
])
def test_latex_without_its_arguments_imports(project: Path, field: str, text: str) -> None:
    entry = {"title": "Skills from odd LaTeX", "abstract": "Humanoid skills."} | {field: text}
    bib = "@article{odd, " + ", ".join(f"{k}={{{v}}}" for k, v in entry.items()) + "}\n"
    outcomes = bibimport.import_bibtex(project, bib + GOOD, ["humanoid-skills"],
                                       dry_run=True, today=TODAY)
    assert [o.status for o in outcomes] == ["added", "added"], outcomes


def test_href_keeps_its_text_and_link() -> None:
    assert bibimport.to_text(r"Code at \href{https://github.com/a/b}{our repository}.") == (
        "Code at our repository (https://github.com/a/b).")
    assert bibimport.to_text(r"see \footnote") == "see"


def test_deep_nesting_is_reported_and_skipped(project: Path) -> None:
    bib = ("@article{deep, title={T}, abstract={" + "{" * 5000 + "x" + "}" * 5000 + "}}\n"
           "@article{opt, title={T}, abstract={" + r"\sqrt[" * 400 + "x" + "]" * 400 + "}}\n"
           + GOOD)
    outcomes = bibimport.import_bibtex(project, bib, ["humanoid-skills"], dry_run=True,
                                       today=TODAY)
    assert [(o.status, o.key, o.message) for o in outcomes] == [
        ("skipped-invalid", "deep", "cannot convert abstract: groups nested 5000 deep; at most "
         "40 are read"),
        ("skipped-invalid", "opt", "cannot convert abstract: too deeply nested to read"),
        ("added", "good", "content/papers/paper-basketball-skills.yaml")]


def test_a_huge_abstract_is_refused_at_once_with_the_abstract_limit(project: Path) -> None:
    bib = "@article{huge, title={T}, abstract={" + "word " * 400_000 + "}}\n" + GOOD
    outcomes = bibimport.import_bibtex(project, bib, ["humanoid-skills"], dry_run=True,
                                       today=TODAY)
    limit = bibimport.FIELD_LIMITS["abstract"][1]
    assert (outcomes[0].status, outcomes[0].message) == ("skipped-invalid", (
        f"abstract: 2,000,000 characters; a record's abstract holds at most {limit:,}, so "
        f"at most {2 * limit:,} of BibTeX are read"))
    assert outcomes[1].status == "added"


def test_keys_and_messages_are_printed_on_one_line(project: Path) -> None:
    bib = ("@article{a\n::stop-commands::x, title={T}}\n"
           "@article{b\r::error::spoof, title={T}, abstract={A}}\n" + GOOD)
    outcomes = bibimport.import_bibtex(project, bib, ["humanoid-skills"], dry_run=True,
                                       today=TODAY)
    text = bibimport.report(outcomes, dry_run=True)
    lines = text.split("\n")
    assert len(lines) == 4 and not any(re.match(r"\s*::", line) for line in lines)
    assert "\r" not in text
    assert lines[0] == ("skipped-invalid    a\\n::stop-commands::x (line 1): no abstract "
                        "(records need one: add it to the BibTeX entry)")


def test_import_refuses_a_file_larger_than_the_limit(project: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    big = tmp_path / "big.bib"
    big.write_text(GOOD * 10, encoding="utf-8")
    assert bibimport.main(project, big, (), dry_run=True, max_bytes=100) == 1
    assert capsys.readouterr().err == (
        f"import: {big}: larger than 100 bytes; split it into smaller files\n")
