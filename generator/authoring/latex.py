"""Clean the LaTeX left in captured titles and abstracts, and pull out their links.

Captured abstracts are plain text with LaTeX artefacts in it::

    reduces FVD by 39.6\\% ... like R\\'enyi efficiency ... task-specific ``skills,'' ...
    (sim0.01% of model parameters) ... distributions.\\footnote{We plan to open-source
    the code. ... available at https://github.com/princeton-pli/STAT.

``latex_to_text`` turns that into Unicode text::

    reduces FVD by 39.6% ... like Rényi efficiency ... task-specific “skills,” ...
    (∼0.01% of model parameters) ... distributions. (We plan to open-source the code.)
    ... available at https://github.com/princeton-pli/STAT.

and ``extract_links`` finds the URLs in it::

    ("... available at https://github.com/princeton-pli/STAT",
     {"code": "https://github.com/princeton-pli/STAT"})

The conversion itself is pylatexenc's ``LatexNodes2Text``; the regexes here only
protect what pylatexenc must not touch (inline math, URLs) and repair what the
capture broke before pylatexenc could see it (unescaped ``%`` and ``&``, ``\\sim``
without its backslash, an unclosed ``\\footnote{``).

Text from BibTeX files is anyone's (``bibimport.py``), so the conversion never
fails on odd LaTeX: a macro used without its arguments (``\\footnote`` at the end,
``\\href{url}`` alone) becomes the text of what it has; ``\\input`` and
``\\include`` read nothing. What it cannot do in bounded time and stack, it refuses
with ``LatexError``: text nested more than ``MAX_NESTING`` groups deep.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from typing import Any
from urllib.parse import urlsplit

from pylatexenc import latexwalker  # type: ignore[import-untyped,unused-ignore]
from pylatexenc.latex2text import (  # type: ignore[import-untyped,unused-ignore]
    LatexNodes2Text,
    MacroTextSpec,
    get_default_latex_context_db,
)
from pylatexenc.macrospec import MacroSpec  # type: ignore[import-untyped,unused-ignore]

# Groups ({...}, \begin...\end) a text may nest; pylatexenc recurses once a level
# (and several frames each), so much deeper text would exhaust Python's stack.
MAX_NESTING = 40
_NESTING = re.compile(r"(?<!\\)[{}]|\\(begin|end)\b")
# pylatexenc logs each macro it cannot expand (to stderr, with the macro's name in
# it); what it cannot read becomes text here, so its warnings say nothing useful.
logging.getLogger("pylatexenc").setLevel(logging.ERROR)


class LatexError(ValueError):
    """LaTeX that cannot be turned into text: the message says why, on one line."""

# Inline math kept verbatim for KaTeX. Pandoc's rule tells "$N^k$" from "$5 and $10":
# no space just inside the dollars, and no digit right after the closing one.
_MATH = re.compile(r"(?<!\\)\$\$.+?\$\$|(?<!\\)\$(?=\S)[^$]*?(?<=[^\s\\])\$(?!\d)", re.DOTALL)
# A URL runs to the next space or to a character that cannot be part of it in prose
# or in LaTeX (the closing brace of \url{...}).
_URL = re.compile(r"https?://[^\s<>\"{}\\]+")
# \sim that lost its backslash: "(sim0.01%", "(sim7B)"; never inside a word.
_LOST_SIM = re.compile(r"(?<![A-Za-z\\])sim(?=\d)")
# A straight opening quote closed TeX-style: "unlearn'' -> ``unlearn''.
_MIXED_QUOTES = re.compile(r"\"(?=\S)([^\"]*?)''")
# Characters that are special to LaTeX but literal in captured prose.
_UNESCAPED = re.compile(r"(?<!\\)([%&#$])")
_PLACEHOLDER = re.compile("\ue000(\\d+)\ue001")
_SPACE = re.compile(r"\s+")

_SENTENCE_END = ".,;:!?"
_TRAILING = _SENTENCE_END + "'\"”’"
_CODE_HOSTS = frozenset(
    {"github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "gitee.com", "sourceforge.net"}
)


def _argument(converter: LatexNodes2Text, node: Any, index: int) -> str:
    """The text of a macro's argument ``index`` (from 0); empty when it was not given."""
    arguments = node.nodeargd.argnlist if node.nodeargd is not None else []
    if index >= len(arguments) or arguments[index] is None:
        return ""
    return str(converter.nodelist_to_text([arguments[index]])).strip()


# pylatexenc passes itself to a replacement function by the parameter name ``l2tobj``.
def _footnote(node: Any, l2tobj: LatexNodes2Text) -> str:
    """``\\footnote[n]{text}``: the text in parentheses; nothing when it has none."""
    text = _argument(l2tobj, node, 1)
    return f" ({text})" if text else ""


def _url(node: Any, l2tobj: LatexNodes2Text) -> str:
    return _argument(l2tobj, node, 0)


def _href(node: Any, l2tobj: LatexNodes2Text) -> str:
    """``\\href{url}{text}``: the text, then the URL in parentheses (a code link may be
    there); only the URL when the text is the URL or missing."""
    url, text = _argument(l2tobj, node, 0), _argument(l2tobj, node, 1)
    return f"{text} ({url})" if text and url and text != url else text or url


class _Converter(LatexNodes2Text):  # type: ignore[misc,unused-ignore]
    """pylatexenc's converter, but a macro whose replacement fails on the arguments it
    was given (``\\textcolor`` alone, ``\\title`` outside a document) becomes the text
    of the arguments it has, instead of an IndexError or KeyError."""

    def macro_node_to_text(self, node: Any) -> str:
        try:
            return str(super().macro_node_to_text(node))
        except (IndexError, KeyError, AttributeError, TypeError, ValueError):
            arguments = node.nodeargd.argnlist if node.nodeargd is not None else []
            return "".join(str(self.nodelist_to_text([a])) for a in arguments if a is not None)


def _converter() -> tuple[LatexNodes2Text, Any]:
    context = get_default_latex_context_db()
    context.add_context_category(
        "seed-capture",
        prepend=True,
        macros=[
            # \footnote[n]{text}: argument 2 is the text.
            MacroTextSpec("footnote", simplify_repl=_footnote),
            MacroTextSpec("url", simplify_repl=_url),
            MacroTextSpec("href", simplify_repl=_href),
            MacroTextSpec("input", discard=True),
            MacroTextSpec("include", discard=True),
        ],
    )
    walker_context = latexwalker.get_default_latex_context_db()
    walker_context.add_context_category("seed-capture", prepend=True,
                                        macros=[MacroSpec("href", "{{")])
    return _Converter(latex_context=context), walker_context


_LATEX, _WALKER_CONTEXT = _converter()


def nesting(text: str) -> int:
    """How deep groups nest in ``text``: braces and ``\\begin``/``\\end``."""
    depth = deepest = 0
    for match in _NESTING.finditer(text):
        depth += -1 if match.group(0) in ("}", "\\end") else 1
        deepest = max(deepest, depth)
    return deepest


def _balance_braces(text: str) -> str:
    """Drop stray ``}`` and close every unclosed ``{`` at the end of the text."""
    kept: list[str] = []
    depth = 0
    for index, char in enumerate(text):
        escaped = index > 0 and text[index - 1] == "\\"
        if char == "{" and not escaped:
            depth += 1
        elif char == "}" and not escaped:
            if depth == 0:
                continue
            depth -= 1
        kept.append(char)
    return "".join(kept) + "}" * depth


def latex_to_text(text: str) -> str:
    """Turn captured LaTeX-ish prose into clean Unicode text on one line.

    - accents and escapes via pylatexenc: ``R\\'enyi`` -> ``Rényi``, ``\\%`` -> ``%``;
    - TeX quotes: ````x''`` -> ``“x”``, also the mixed ``"x''`` of some captures;
      ``--`` and ``---`` become en and em dashes, as LaTeX typesets them;
    - ``\\footnote{...}`` keeps its content in parentheses after the text it annotates,
      even when it is only a URL (the URL may be the paper's only code link); a
      footnote whose closing brace was lost runs to the end of the text;
    - ``sim0.01%`` (``\\sim`` that lost its backslash) -> ``∼0.01%`` (U+223C, the sign
      ``\\sim`` prints; an ASCII ``~`` could be read as Markdown subscript/strike);
    - an unescaped ``%``, ``&``, ``#`` or unpaired ``$`` is literal text (not a comment,
      an alignment tab or math);
    - inline math ``$N^k$`` and URLs are kept verbatim;
    - ``\\href{url}{text}`` becomes ``text (url)``; a macro without the arguments it
      needs becomes the text of those it has; ``\\input`` reads nothing;
    - runs of whitespace collapse to one space.

    Raises ``LatexError`` for text nested more than ``MAX_NESTING`` groups deep.
    """
    protected: list[str] = []

    def protect(match: re.Match[str]) -> str:
        protected.append(match.group(0))
        return f"\ue000{len(protected) - 1}\ue001"

    text = _MATH.sub(protect, text)
    text = _URL.sub(protect, text)
    text = _MIXED_QUOTES.sub(r"``\1''", text)
    text = _LOST_SIM.sub(r"\\sim", text)
    text = _UNESCAPED.sub(r"\\\1", text)
    text = _balance_braces(text)
    depth = nesting(text)
    if depth > MAX_NESTING:
        raise LatexError(f"groups nested {depth} deep; at most {MAX_NESTING} are read")
    try:
        nodes = latexwalker.LatexWalker(text, latex_context=_WALKER_CONTEXT,
                                        tolerant_parsing=True).get_latex_nodes()[0]
        text = _LATEX.nodelist_to_text(nodes)
    except RecursionError as error:  # what MAX_NESTING does not foresee
        raise LatexError("too deeply nested to read") from error
    except latexwalker.LatexWalkerError as error:
        raise LatexError(f"cannot be read as LaTeX: {type(error).__name__}") from error
    text = _PLACEHOLDER.sub(lambda match: protected[int(match.group(1))], text)
    text = unicodedata.normalize("NFC", text)
    return _SPACE.sub(" ", text).strip()


def _trim_url(url: str) -> str:
    """Strip sentence punctuation and an unbalanced ``)`` or ``]`` off a URL's end."""
    while url:
        last = url[-1]
        unbalanced = {")": "(", "]": "["}.get(last)
        if last in _TRAILING or (unbalanced and url.count(last) > url.count(unbalanced)):
            url = url[:-1]
        else:
            break
    return url


def link_kind(url: str) -> str:
    """``code`` for a source-code host (GitHub, GitLab, Bitbucket, ...), else ``project``.

    GitHub Pages sites (``*.github.io``) and Hugging Face pages are project pages:
    they show a project, not its source repository.
    """
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    return "code" if host in _CODE_HOSTS else "project"


def find_urls(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every URL in ``text``, trailing punctuation excluded.

    Renderers that turn URLs into links should use this, so that ``.../STAT. We``
    links ``.../STAT`` and not ``.../STAT.``.
    """
    spans = []
    for match in _URL.finditer(text):
        url = _trim_url(match.group(0))
        if "://" in url and not url.endswith("://"):
            spans.append((match.start(), match.start() + len(url)))
    return spans


def extract_links(abstract: str) -> tuple[str, dict[str, str]]:
    """Find the links of an abstract: ``(abstract, {"code": url, "project": url})``.

    URLs stay in the text. Sentence punctuation glued to a URL is never part of the
    link; where the URL ends the abstract, that punctuation is dropped from the text
    too, so nothing glues to it; elsewhere it stays, since it ends a sentence.
    When two URLs of the same kind appear, the first is kept: abstracts name their
    own code or project page first and cite others' after.
    """
    links: dict[str, str] = {}
    spans = find_urls(abstract)
    for start, end in spans:
        links.setdefault(link_kind(abstract[start:end]), abstract[start:end])
    if spans:
        end = spans[-1][1]
        if abstract[end:] and all(char in _SENTENCE_END for char in abstract[end:].rstrip()):
            abstract = abstract[:end]
    return abstract, {kind: links[kind] for kind in sorted(links)}
