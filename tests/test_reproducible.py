"""Two builds of one tree give byte-identical sites when SOURCE_DATE_EPOCH is set
(``make build`` sets it to the commit's time), so a published site can be rebuilt
and compared, and a diff of two sites shows only real changes."""

from __future__ import annotations

import datetime as dt
import gzip
import re
import struct
from pathlib import Path

import pytest

from generator.write.build import build_date
from tests.conftest import TOY, build_site, make_project

EPOCH = 1700000000  # 2023-11-14 22:13:20 UTC


def tree(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes()
            for path in sorted(site.rglob("*")) if path.is_file()}


@pytest.mark.parametrize("large_above", [None, 0], ids=["small", "large"])
def test_two_builds_of_the_toy_project_are_byte_identical(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, large_above: int | None) -> None:
    """Also as a large collection, whose Pagefind index depends on the order the
    binary lists its input folder (search_index._scratch_root)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    sites = []
    # Two checkouts in different folders, built by Pythons that order sets differently.
    for name, hash_seed in (("first", "1"), ("second", "2")):
        monkeypatch.setenv("PYTHONHASHSEED", hash_seed)
        project = make_project(tmp_path / name, TOY / "content", large_above=large_above)
        run = build_site(project, tmp_path / f"{name}-site")
        assert run.returncode == 0, run.stdout + run.stderr
        sites.append(tree(tmp_path / f"{name}-site"))
    first, second = sites
    assert {"sitemap.xml", "sitemap.xml.gz", "search/search_index.json",
            "index.html", "papers/nnose/index.html"} <= set(first)
    assert ("pagefind/pagefind-entry.json" in first) == (large_above == 0)
    assert sorted(set(first) ^ set(second)) == [], "files in one build only"
    differing = sorted(rel for rel in first if first[rel] != second[rel])
    assert differing == [], f"files that differ between two builds: {differing}"

    # The dates come from SOURCE_DATE_EPOCH, not from the clock.
    sitemap = first["sitemap.xml"].decode("utf-8")
    assert set(re.findall(r"<lastmod>(.*?)</lastmod>", sitemap)) == {"2023-11-14"}
    assert gzip.decompress(first["sitemap.xml.gz"]).decode("utf-8") == sitemap
    assert struct.unpack("<I", first["sitemap.xml.gz"][4:8])[0] == 1699920000  # its day


def test_build_date_follows_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    assert build_date() == dt.date(2023, 11, 14)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86399")  # the last second of a UTC day
    assert build_date() == dt.date(1970, 1, 1)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    before = dt.date.today()
    assert build_date() in (before, dt.date.today())
