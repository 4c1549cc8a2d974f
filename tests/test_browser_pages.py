"""The built pages in a real browser (Debian's chromium, driven by Playwright):
math is typeset, the all-papers table sorts, BibTeX can be copied, the palette toggles."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.tools.browser import serve


@pytest.fixture()
def page(browser: Browser, toy_site: Path) -> Iterator[tuple[Page, str]]:
    with serve(toy_site) as base:
        tab = browser.new_page()
        errors: list[str] = []
        tab.on("pageerror", lambda exc: errors.append(str(exc)))
        yield tab, base
        tab.close()
        assert errors == []


def test_tex_math_in_an_abstract_is_typeset(page: tuple[Page, str]) -> None:
    tab, base = page
    tab.goto(base + "papers/skillmimic-v2/")
    tab.wait_for_selector(".paper-abstract .katex", timeout=10_000)
    assert "N" in tab.inner_text(".paper-abstract .katex")
    assert "$N^k$" not in tab.inner_text(".paper-abstract")


def test_the_all_papers_table_sorts_by_title(page: tuple[Page, str]) -> None:
    tab, base = page
    tab.goto(base + "papers/")
    tab.wait_for_selector("table#all-papers th[role=columnheader]")

    def titles() -> list[str]:
        return tab.locator("table#all-papers tbody tr td:first-child").all_inner_texts()

    initial = titles()
    tab.click("table#all-papers th:has-text('Title')")
    once = titles()
    tab.click("table#all-papers th:has-text('Title')")
    twice = titles()
    assert sorted(initial) == sorted(once)
    assert once in (sorted(once, key=str.casefold), sorted(once, key=str.casefold, reverse=True))
    assert twice == list(reversed(once))


def test_bibtex_has_a_copy_button(page: tuple[Page, str]) -> None:
    tab, base = page
    tab.goto(base + "papers/nnose/")
    tab.wait_for_selector(".paper-bibtex button[data-md-type=copy]", timeout=10_000)
    assert tab.locator(".paper-bibtex button[data-md-type=copy]").count() == 1
    assert "@misc{zhang2024nnose" in tab.inner_text(".paper-bibtex code")


def test_the_palette_toggle_switches_to_dark(page: tuple[Page, str]) -> None:
    tab, base = page
    tab.emulate_media(color_scheme="light")
    tab.goto(base)
    before = tab.get_attribute("body", "data-md-color-scheme")
    tab.locator("form[data-md-component=palette] label:visible").first.click()
    after = tab.get_attribute("body", "data-md-color-scheme")
    assert (before, after) == ("default", "slate")
