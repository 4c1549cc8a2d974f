"""The seed importer: LaTeX cleaning, links, ids, record files, re-runs; and the real records.

``tests/data/seed-mini/`` is a four-paper capture with every artefact of the real one
(furniture lines, the glued ``Subscribe``, ``\\%``, ``R\\'enyi``, TeX quotes, ``sim0.01%``,
an unclosed ``\\footnote{``, URLs with a trailing period); ``expected/`` holds the
records it must produce, byte for byte.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from generator.authoring.latex import extract_links, latex_to_text
from generator.authoring.seed_import import (
    ImportReport,
    SeedPaper,
    build_record,
    derive_id,
    derive_short_name,
    import_seed,
    main,
    parse_capture,
)

REPO = Path(__file__).resolve().parent.parent
MINI = REPO / "tests" / "data" / "seed-mini"
PAPERS_TXT = MINI / "skill-papers.txt"
METADATA = MINI / "paper-metadata.yaml"
EXPECTED = MINI / "expected"
ADDED = "2026-11-27"


def run_import(out: Path, **options: bool) -> ImportReport:
    return import_seed(PAPERS_TXT, METADATA, out, ADDED, **options)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.glob("*.yaml"))}


# --- latex_to_text -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"reduces FVD by 39.6\% and", "reduces FVD by 39.6% and"),
        (r"metrics like R\'enyi efficiency", "metrics like Rényi efficiency"),
        (r"task-specific ``skills,'' but", "task-specific “skills,” but"),
        ("""forget (or "unlearn'') a skill""", "forget (or “unlearn”) a skill"),
        ("(sim0.01% of model parameters)", "(∼0.01% of model parameters)"),
        ("smaller scale (sim7B) models", "smaller scale (∼7B) models"),
        ("simulation and similar", "simulation and similar"),
        ("34.56% across tasks and 19.24% across", "34.56% across tasks and 19.24% across"),
        ("(>95%) of the model's performance", "(>95%) of the model's performance"),
        ("Arora & Goyal, Gate&Up", "Arora & Goyal, Gate&Up"),
        ("grows like $N^k$, for $k=5$", "grows like $N^k$, for $k=5$"),
        ("costs $5 and $10", "costs $5 and $10"),
        ("grows like N^k and E[S_m]", "grows like N^k and E[S_m]"),
        (
            r"reuse.\footnote{We plan to open-source the code.",
            "reuse. (We plan to open-source the code.)",
        ),
        (r"code\footnote{\url{https://x.org/a_b}} here", "code (https://x.org/a_b) here"),
        ("four activities -- tying knots", "four activities – tying knots"),
        ("see https://x.org/a--b~c%20d.", "see https://x.org/a--b~c%20d."),
        ("  two\n  lines\t here ", "two lines here"),
    ],
)
def test_latex_to_text(latex: str, text: str) -> None:
    assert latex_to_text(latex) == text


# --- extract_links -----------------------------------------------------------------


def test_trailing_period_leaves_url_and_text() -> None:
    assert extract_links("Code: https://github.com/princeton-pli/STAT.") == (
        "Code: https://github.com/princeton-pli/STAT",
        {"code": "https://github.com/princeton-pli/STAT"},
    )


def test_period_mid_text_ends_the_sentence_not_the_url() -> None:
    text = "See https://sites.google.com/view/skill-critic. We plan to release code."
    assert extract_links(text) == (text, {"project": "https://sites.google.com/view/skill-critic"})


def test_code_hosts_are_code_and_pages_are_projects() -> None:
    text = "Pages https://ingrid789.github.io/SkillMimic/ and code https://gitlab.com/a/b; more"
    assert extract_links(text)[1] == {
        "code": "https://gitlab.com/a/b",
        "project": "https://ingrid789.github.io/SkillMimic/",
    }


def test_first_url_of_a_kind_wins() -> None:
    text = "Ours: https://github.com/us/it, theirs: https://github.com/them/it"
    assert extract_links(text)[1] == {"code": "https://github.com/us/it"}


def test_unbalanced_parenthesis_is_not_part_of_the_url() -> None:
    text = "(see https://en.wikipedia.org/wiki/Skill_(labour)). Done"
    assert extract_links(text)[1] == {"project": "https://en.wikipedia.org/wiki/Skill_(labour)"}


def test_no_urls_no_links() -> None:
    assert extract_links("Code for the experiments is available at the following") == (
        "Code for the experiments is available at the following",
        {},
    )


# --- short names and ids -----------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "short_name"),
    [
        ("SkillMimic-V2: Learning Robust and Generalizable Interaction Skills", "SkillMimic-V2"),
        ("Kompetencer: Fine-grained Skill Classification in Danish Job Postings", "Kompetencer"),
        ("NNOSE: Nearest Neighbor Occupational Skill Extraction", "NNOSE"),
        ("Lucky 52: How Many Languages Are Needed", "Lucky 52"),
        ("Beating the average: how to generate profit", None),
        ("Law of the Weakest Link: Cross Capabilities", None),
        ("Decoupling Skill Learning from Robotic Control", None),
    ],
)
def test_derive_short_name(title: str, short_name: str | None) -> None:
    assert derive_short_name(title) == short_name


def test_derive_id() -> None:
    title = "Decoupling Skill Learning from Robotic Control for Generalizable Object Manipulation"
    assert derive_id(title, None, set()) == "decoupling-skill-learning-robotic-control"
    assert derive_id("Skill-Mix: a Family of Evaluations", "Skill-Mix", set()) == "skill-mix"
    assert derive_id("SkillMimic-V2: Learning", "SkillMimic-V2", set()) == "skillmimic-v2"
    assert derive_id("Nørgaard Skills", None, set()) == "norgaard-skills"


def test_derive_id_is_unique_and_short() -> None:
    title = "Decoupling Skill Learning from Robotic Control for Generalizable Object Manipulation"
    taken = {"decoupling-skill-learning-robotic-control"}
    assert (
        derive_id(title, None, taken) == "decoupling-skill-learning-robotic-control-generalizable"
    )
    taken.add("decoupling-skill-learning-robotic-control-generalizable")
    assert derive_id(title, None, taken) == "decoupling-skill-learning-robotic-control-2"
    long_word = "Supercalifragilisticexpialidocious " * 4
    assert len(derive_id(long_word, None, set())) <= 60


# --- parsing the capture -----------------------------------------------------------


def test_parse_capture_skips_furniture_and_subscribe() -> None:
    report = ImportReport()
    papers = parse_capture(PAPERS_TXT.read_text(encoding="utf-8"), "mini.txt", report)
    assert [paper.line for paper in papers] == [3, 5, 7, 9]
    assert papers[0].title.startswith("SkillMimic-V2: Learning Robust")
    assert report.errors == []


def test_parse_capture_reports_a_title_without_abstract() -> None:
    capture = (
        "Get trending papers in your email inbox!\n"
        "First Title\n"
        "Second Title\n"
        "An abstract. It has sentences.\n"
    )
    report = ImportReport()
    papers = parse_capture(capture, "bad.txt", report)
    assert papers == [SeedPaper("Second Title", "An abstract. It has sentences.", 3)]
    assert report.errors == ["bad.txt:2: title 'First Title' has no abstract"]


# --- importing ---------------------------------------------------------------------


def test_import_writes_the_expected_records(tmp_path: Path) -> None:
    report = run_import(tmp_path)
    assert sorted(path.name for path in report.written) == sorted(snapshot(EXPECTED))
    assert report.kept == []
    assert report.warnings == report.errors == []
    assert snapshot(tmp_path) == snapshot(EXPECTED)


def test_records_round_trip_through_safe_load(tmp_path: Path) -> None:
    run_import(tmp_path)
    capture = PAPERS_TXT.read_text(encoding="utf-8")
    papers = parse_capture(capture, "mini.txt", ImportReport())
    for paper in papers:
        record = build_record(paper, None, ADDED)
        path = tmp_path / f"{derive_id(record.title, record.short_name, set())}.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data["title"] == record.title
        assert data["abstract"] == record.abstract
        assert data.get("links", {}) == record.links
        assert data["added"] == ADDED


def test_cleaned_fields_of_the_mini_capture(tmp_path: Path) -> None:
    run_import(tmp_path)

    def load(stem: str) -> dict[str, object]:
        data = yaml.safe_load((tmp_path / f"{stem}.yaml").read_text(encoding="utf-8"))
        assert isinstance(data, dict)
        return data

    skillmimic = load("skillmimic-v2")
    assert skillmimic["short_name"] == "SkillMimic-V2"
    assert skillmimic["arxiv"] == "2505.02094"
    assert skillmimic["links"] == {"code": "https://github.com/example/SkillMimic-V2"}
    assert str(skillmimic["abstract"]).endswith(
        "39.6% over the baseline. Code is available at https://github.com/example/SkillMimic-V2"
    )
    tokenization = load("tokenization-sensitive-language-variation")
    assert "arxiv" not in tokenization
    assert tokenization["authors"] == ["Kristian Nørgaard Jensen"]
    assert "Rényi efficiency" in str(tokenization["abstract"])
    assert "grows like $N^k$ for $k$ skills" in str(tokenization["abstract"])
    networks = load("evolving-programmatic-skill-networks")
    assert "authors" not in networks
    assert str(networks["abstract"]).endswith("reuse. (We plan to open-source the code.)")
    text = (tmp_path / "tokenization-sensitive-language-variation.yaml").read_text("utf-8")
    assert "Nørgaard" in text


def test_output_is_deterministic(tmp_path: Path) -> None:
    run_import(tmp_path / "a")
    run_import(tmp_path / "b")
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")


def test_rerun_keeps_curated_records_byte_identical(tmp_path: Path) -> None:
    run_import(tmp_path)
    curated = tmp_path / "skillmimic-v2.yaml"
    curated.write_text(
        curated.read_text("utf-8").replace(
            "topics: []", "topics:\n- humanoid-and-character-skills"
        ),
        encoding="utf-8",
    )
    # A record renamed by a curator is still the same paper, found by its arXiv id.
    (tmp_path / "task-specific-skill-localization-fine.yaml").rename(tmp_path / "localization.yaml")
    before = snapshot(tmp_path)

    report = run_import(tmp_path)

    assert report.written == []
    assert len(report.kept) == 4
    assert tmp_path / "localization.yaml" in report.kept
    assert snapshot(tmp_path) == before


def test_overwrite_rewrites_records_in_place(tmp_path: Path) -> None:
    run_import(tmp_path)
    curated = tmp_path / "skillmimic-v2.yaml"
    curated.write_text("title: curated\n", encoding="utf-8")

    report = run_import(tmp_path, overwrite=True)

    assert len(report.written) == 4
    assert report.kept == []
    assert curated.read_bytes() == (EXPECTED / "skillmimic-v2.yaml").read_bytes()


def test_metadata_mismatches_are_reported(tmp_path: Path) -> None:
    metadata = yaml.safe_load(METADATA.read_text(encoding="utf-8"))
    metadata[1]["title"] = "Task Specific Skill Localisation in Fine-tuned Language Models"
    metadata[3]["title"] = "A Paper That Is Not In The Capture"
    changed = tmp_path / "metadata.yaml"
    changed.write_text(yaml.safe_dump(metadata, allow_unicode=True), encoding="utf-8")

    report = import_seed(PAPERS_TXT, changed, tmp_path / "out", ADDED)

    assert report.warnings == [
        "skill-papers.txt:5: metadata matched by similar title "
        "'Task Specific Skill Localisation in Fine-tuned Language Models'",
        "skill-papers.txt:9: no metadata for 'Evolving Programmatic Skill Networks'",
        "metadata for 'A Paper That Is Not In The Capture' matches no paper in skill-papers.txt",
    ]
    assert len(report.written) == 4


def test_main_summarises_and_keeps_on_rerun(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--papers", str(PAPERS_TXT), "--metadata", str(METADATA), "--out", str(tmp_path)]
    assert main([*argv, "--added", ADDED]) == 0
    assert capsys.readouterr().out == "written 4, kept 0\n"
    assert main([*argv, "--added", ADDED]) == 0
    assert capsys.readouterr().out == "written 0, kept 4\n"
    assert main([*argv, "--added", ADDED, "--overwrite"]) == 0
    assert capsys.readouterr().out == "written 4, kept 0\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--papers", "missing.txt"],
            "error: missing.txt: cannot read: No such file or directory\n",
        ),
        (["--added", "27/11/2026"], "error: --added: not a YYYY-MM-DD date: '27/11/2026'\n"),
    ],
)
def test_main_reports_bad_input_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    base = {"--papers": str(PAPERS_TXT), "--metadata": str(METADATA), "--out": str(tmp_path)}
    base.update(dict(zip(argv[::2], argv[1::2], strict=True)))
    status = main([part for pair in base.items() for part in pair])
    assert status != 0
    assert capsys.readouterr().err == message


def test_main_reports_malformed_metadata(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    metadata = tmp_path / "metadata.yaml"
    metadata.write_text("- title: X\n  arxiv: 25.1\n", encoding="utf-8")
    argv = ["--papers", str(PAPERS_TXT), "--metadata", str(metadata), "--out", str(tmp_path)]
    assert main(argv) == 1
    assert (
        capsys.readouterr().err == f"error: {metadata}: entry 1: 'arxiv': not an arXiv id: 25.1\n"
    )


# --- the imported records, as curated ------------------------------------------------

SEED_CONTENT = REPO / "tests" / "data" / "seed" / "content"


def test_imported_seed_records_carry_no_latex_artefacts() -> None:
    """The seed fixture is the importer's output after curation: no artefact survived.
    (How many records and topics a collection has is a `check` rule of its own
    content/collection.yaml, never a test.)"""
    files = sorted((SEED_CONTENT / "papers").glob("*.yaml"))
    assert files
    for path in files:
        assert re.fullmatch(r"[a-z0-9-]+", path.stem), path.name
        assert len(path.stem) <= 60, path.name
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        for artefact in ("\\%", "\\'", "``", "\\footnote", "Subscribe"):
            assert artefact not in record["abstract"], f"{path.name}: {artefact}"
            assert artefact not in record["title"], f"{path.name}: {artefact}"
