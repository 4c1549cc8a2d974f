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
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from pylatexenc.latex2text import (  # type: ignore[import-untyped,unused-ignore]
    LatexNodes2Text,
    MacroTextSpec,
    get_default_latex_context_db,
)

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


def _converter() -> LatexNodes2Text:
    context = get_default_latex_context_db()
    context.add_context_category(
        "seed-capture",
        prepend=True,
        macros=[
            # \footnote[n]{text}: argument 2 is the text.
            MacroTextSpec("footnote", simplify_repl=" (%(2)s)"),
            MacroTextSpec("url", simplify_repl="%(1)s"),
        ],
    )
    return LatexNodes2Text(latex_context=context)


_LATEX = _converter()


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
    - runs of whitespace collapse to one space.
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
    text = _LATEX.latex_to_text(_balance_braces(text))
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
