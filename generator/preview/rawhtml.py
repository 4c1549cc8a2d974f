"""Keep large raw-HTML blocks away from Python-Markdown, which passes them through.

Generated pages are mostly HTML: the all-papers table of a large collection runs
to megabytes. Python-Markdown copies a raw HTML block to its output
unchanged, but only after two pure-Python HTML parsers have read it (its own block
parser, and MkDocs' collector of anchor ids), which is most of a preview's
rebuild in a large collection (benchmarks/results). The preview
(``generator/preview/plugin.py``) sets such blocks aside before the conversion
and puts them back after it::

    markdown, blocks = set_aside(page.markdown)   # <table>...</table> -> <!--rawhtml:0-->
    html = put_back(md.convert(markdown), blocks)  # the same HTML, in a fraction of the time

A block is set aside only where Python-Markdown cannot read it any other way: it
starts a line after a blank line (or the start) with one of ``CONTAINERS``, the
matching end tag ends a line, then a blank line (or the end) follows or another
such element; and it has none of what Python-Markdown would touch (tabs, carriage
returns, blank lines) or what would make the tag count unsure (comments,
``markdown=``). Pages with fenced code are left alone (a fence may hold HTML that
is text). ``tests/test_rawhtml.py`` converts pages both ways and compares.
"""

from __future__ import annotations

import re

CONTAINERS = ("table", "ul", "ol", "div", "dl", "p", "form", "section", "details", "figure")
_OPEN = re.compile(r"^<(" + "|".join(CONTAINERS) + r")[\s>]", re.M)
_TAGS = {tag: re.compile(f"<{tag}[\\s>]|</{tag}>") for tag in CONTAINERS}
_UNSURE = ("<!--", "markdown=", "\t", "\r", "\x02", "\x03")
_BLANK_LINE = re.compile(r"\n[ ]*\n")
_FENCE = re.compile(r"^[ ]*(```|~~~)", re.M)
# each a literal prefix, which the regex engine finds fast; the tag is checked after
_ID = re.compile(r'id="([^"]*)"')
_ANCHORS = (_ID, re.compile(r'name="([^"]*)"'))


def placeholder(index: int) -> str:
    return f"<!--rawhtml:{index}-->"


def set_aside(markdown: str) -> tuple[str, list[str]]:
    """``markdown`` with its plain raw-HTML blocks replaced by placeholders, and the
    blocks (none for a page with fenced code or with a placeholder's marker)."""
    if "<!--rawhtml:" in markdown or (("```" in markdown or "~~~" in markdown)
                                      and _FENCE.search(markdown)):
        return markdown, []
    out: list[str] = []
    blocks: list[str] = []
    done = 0  # the text before this offset is in ``out``
    for match in _OPEN.finditer(markdown):
        start = match.start()
        end = _block_end(markdown, start) if start >= done and _after_blank(markdown, start) \
            else None
        if end is not None:
            out += [markdown[done:start], placeholder(len(blocks))]
            blocks.append(markdown[start:end])
            done = end
    out.append(markdown[done:])
    return "".join(out), blocks


def _after_blank(text: str, start: int) -> bool:
    """Is the line before offset ``start`` (a line's start) blank, or is there none?"""
    if start == 0:
        return True
    return not text[text.rfind("\n", 0, start - 1) + 1:start - 1].strip()


def _block_end(text: str, start: int) -> int | None:
    """Where the block opening at ``start`` ends, if it is one to set aside: one or
    more elements, each from the start of a line to the end of one, then a blank
    line or the end of the text."""
    end: int | None = start
    while end is not None:
        end = _element_end(text, end)
        if end is None or end == len(text):
            break
        line_end = text.find("\n", end + 1)
        if not text[end + 1:len(text) if line_end < 0 else line_end].strip():
            break
        end = end + 1 if _OPEN.match(text, end + 1) else None
    if end is None:
        return None
    block = text[start:end]
    return None if any(s in block for s in _UNSURE) or _BLANK_LINE.search(block) else end


def _element_end(text: str, start: int) -> int | None:
    """The end of the element opening at ``start`` if its end tag ends a line."""
    match = _OPEN.match(text, start)
    if match is None:
        return None
    depth = 0
    for tag in _TAGS[match.group(1)].finditer(text, start):
        depth += -1 if tag.group(0)[1] == "/" else 1
        if depth == 0:
            end = tag.end()
            return end if end == len(text) or text[end] == "\n" else None
    return None


def put_back(html: str, blocks: list[str]) -> str:
    for index, block in enumerate(blocks):
        mark = placeholder(index)
        if mark not in html:  # set_aside took something that was not a raw block
            raise RuntimeError(f"rawhtml: {mark} is missing from the converted page")
        html = html.replace(mark, block, 1)
    return html


def anchor_ids(blocks: list[str]) -> set[str]:
    """The ids a link can point to in the blocks (what MkDocs collects from raw HTML:
    ``id`` of any element, ``name`` of a link)."""
    ids = set()
    for block in blocks:
        for pattern in _ANCHORS:
            for match in pattern.finditer(block):
                at = match.start()
                if not block[at - 1].isspace():  # data-id="..." is no id
                    continue
                tag = block.rfind("<", 0, at)
                if pattern is _ID or (block[tag:tag + 2] == "<a" and block[tag + 2].isspace()):
                    ids.add(match.group(1))
    return ids
