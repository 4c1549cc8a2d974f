"""Setting raw HTML aside changes nothing in what Python-Markdown makes of a page."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
import yaml

from generator.preview import rawhtml
from generator.write.build import generate

REPO = Path(__file__).resolve().parent.parent
TOY = REPO / "tests" / "data" / "toy"


def _convert(text: str) -> str:
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    extensions = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    settings = {k: v for e in config["markdown_extensions"] if isinstance(e, dict)
                for k, v in e.items()}
    return markdown.markdown(text, extensions=extensions, extension_configs=settings)


def _both_ways(text: str) -> tuple[str, str, list[str]]:
    aside, blocks = rawhtml.set_aside(text)
    return _convert(text), rawhtml.put_back(_convert(aside), blocks), blocks


def test_every_generated_page_converts_the_same(tmp_path: Path) -> None:
    generate(TOY, docs=tmp_path)
    pages = sorted(tmp_path.rglob("*.md"))
    set_aside = 0
    for page in pages:
        body = page.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
        plain, restored, blocks = _both_ways(body)
        assert restored == plain, page.name
        set_aside += bool(blocks)
    assert set_aside >= len(pages) - 3  # the point: nearly every page has some


@pytest.mark.parametrize("text", [
    # a blank line must follow the end tag, or the block goes on as Markdown
    "<div>\n<p>x</p>\n</div>\n*not raw*\n",
    # the end tag must end its line
    "<div><p>x</p></div> *tail*\n",
    # the same tag nested, and an element closing on a later line
    "<div>\n<div>\n<p>a</p>\n</div>\n</div>\n",
    # a comment could hide a tag; tabs and blank lines Python-Markdown would change
    "<ul>\n<li><!-- </ul> --></li>\n</ul>\n", "<ul>\n<li>\ta</li>\n</ul>\n",
    "<ul>\n<li>a</li>\n\n<li>b</li>\n</ul>\n",
])
def test_doubtful_blocks_convert_the_same(text: str) -> None:
    page = f"# Title\n\nSome *text*.\n\n{text}\nAfter.\n"
    plain, restored, _ = _both_ways(page)
    assert restored == plain


def test_what_is_set_aside_and_what_is_not() -> None:
    table = '<table id="all">\n<tr><td><a href="x/">A &amp; B</a></td></tr>\n</table>'
    listing = '<p class="count">2 papers.</p>\n<ul class="list">\n<li>a</li>\n</ul>'
    text, blocks = rawhtml.set_aside(f"# T\n\n{table}\n\n{listing}\n\n<div>\n</div>\ntext\n")
    assert blocks == [table, listing]
    assert text == "# T\n\n<!--rawhtml:0-->\n\n<!--rawhtml:1-->\n\n<div>\n</div>\ntext\n"
    assert rawhtml.anchor_ids(blocks) == {"all"}
    assert rawhtml.anchor_ids(['<div data-id="no" id="yes"><a\nname="top" href="x">'
                               '<input name="not-an-anchor"></a></div>']) == {"yes", "top"}
    # a fence may hold HTML that is text: such pages are left as they are
    fenced = "```html\n<div>\n</div>\n```\n\n<div>\n</div>\n"
    assert rawhtml.set_aside(fenced) == (fenced, [])


def test_a_lost_placeholder_is_an_error() -> None:
    with pytest.raises(RuntimeError, match="rawhtml:0"):
        rawhtml.put_back("<p>nothing here</p>", ["<div></div>"])
