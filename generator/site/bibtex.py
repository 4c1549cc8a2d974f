r"""BibTeX entries for papers: stable, unique keys and escaped values.

Keys look like ``yu2025skillmimic``: first author's surname, year, first
significant title word. When two papers share a key, the one added first (then
by id) keeps it and later ones get ``b``, ``c``..., so a key never changes when
papers are added later.

Values keep Unicode (biber and modern BibTeX read UTF-8); only characters that
mean something to TeX are escaped, and capitals inside title words are protected
with braces. A .bib file is run through the reader's LaTeX, so no record text may
become a TeX command there:

- ``$...$`` math is kept as TeX only when it is *harmless math*: balanced braces,
  letters, digits, spaces and ``+-=<>()[],.;:!?'|/*^_{}~``, control symbols such as
  ``\{`` or ``\,``, and commands from ``MATH_COMMANDS`` (Greek letters, ``\frac``,
  ``\mathcal``, ``\sum``, ``\leq``...). Anything else (``\input``, ``\write18``,
  ``\catcode``, ``\def``, ``^^5c``, a bare ``%``, ``#`` or ``&``) makes the whole
  span text, escaped like the rest: ``\$\textbackslash{}input...\$``, so the reader
  sees the characters typed and TeX runs nothing.
- outside math, TeX's escapes of arXiv abstracts (``100\%``, ``R\&D``) mean the plain
  character; every other special character is escaped; whitespace runs become one
  space. Read back, a value is the record's text under exactly these rules
  (tests/test_exports.py, tests/test_properties_exports.py).
- an author whose name BibTeX would split or reorder (``Procter and Gamble Research
  Lab``, ``Doe, Jane``, ``others``) is braced whole, as corporate authors are written.
- ``doi`` and ``url`` are verbatim fields: characters that could start a TeX command
  or unbalance the entry (``\ { } ^`` and spaces; in a DOI also ``% # & ~ $``) are
  percent-encoded, which leaves the link the same (``unquote`` gives it back).

Entry types::

    venue that is a journal ("... Letters", "Transactions on ...")  @article  journal=
    any other venue ("CVPR 2025", "LREC 2022")                       @inproceedings  booktitle=
    no venue                                                        @misc (arXiv eprint, url)
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from generator.model.papers import Collection, Paper
from generator.model.slug import slugify

_STOP = {"a", "an", "the", "on", "of", "in", "for", "to", "and", "from", "with", "via",
         "how", "what", "can", "do", "is", "are", "we", "towards", "toward", "beyond"}
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
_SPECIAL = re.compile(r"([\\{}%&#_$^~])")
# Braces become commands, not \{ \}: BibTeX counts every brace, escaped or not.
_ESCAPES = {"\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}",
            "%": r"\%", "&": r"\&", "#": r"\#", "_": r"\_", "$": r"\$", "^": r"\^{}",
            "~": r"\~{}"}
# arXiv abstracts write "100\%" and "R\&D" for the plain character.
_TEX_LITERAL = re.compile(r"\\([%&#_$])")
_MATH = re.compile(r"(?<![\\$])\$([^$\n]+?)(?<!\\)\$(?!\$)")
# Commands harmless in math: they typeset symbols, and none reads a file, writes
# one, runs a program or redefines anything.
MATH_COMMANDS = frozenset({
    "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta",
    "vartheta", "iota", "kappa", "lambda", "mu", "nu", "xi", "pi", "varpi", "rho", "varrho",
    "sigma", "varsigma", "tau", "upsilon", "phi", "varphi", "chi", "psi", "omega", "Gamma",
    "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega",
    "mathcal", "mathbf", "mathrm", "mathbb", "mathit", "mathsf", "mathtt", "mathscr",
    "mathfrak", "boldsymbol", "bm", "text", "textrm", "textit", "textbf", "operatorname",
    "frac", "dfrac", "tfrac", "sqrt", "binom", "hat", "tilde", "bar", "vec", "dot", "ddot",
    "widehat", "widetilde", "overline", "underline", "sim", "simeq", "approx", "cong",
    "equiv", "propto", "times", "cdot", "cdots", "ldots", "dots", "vdots", "ddots", "le",
    "leq", "ge", "geq", "ne", "neq", "ll", "gg", "pm", "mp", "div", "in", "notin", "ni",
    "subset", "subseteq", "supset", "supseteq", "cup", "cap", "setminus", "emptyset",
    "varnothing", "forall", "exists", "neg", "lnot", "wedge", "vee", "land", "lor", "oplus",
    "otimes", "circ", "star", "ast", "bullet", "to", "gets", "mapsto", "rightarrow",
    "leftarrow", "Rightarrow", "Leftarrow", "leftrightarrow", "Leftrightarrow", "uparrow",
    "downarrow", "infty", "partial", "nabla", "ell", "prime", "top", "bot", "perp", "mid",
    "parallel", "vert", "Vert", "langle", "rangle", "lceil", "rceil", "lfloor", "rfloor",
    "left", "right", "big", "Big", "bigg", "Bigg", "sum", "prod", "int", "oint", "lim",
    "limsup", "liminf", "sup", "inf", "max", "min", "arg", "argmax", "argmin", "log", "ln",
    "exp", "sin", "cos", "tan", "det", "dim", "ker", "Pr", "deg", "mod", "bmod", "pmod",
    "quad", "qquad"
})
_MATH_SYMBOLS = set("{}|,;:!> <_^&%#$-")  # \{ \, \! ...: each prints a symbol or a space
_MATH_TEXT = set("+-=<>()[],.;:!?'|/*^_{}~ ")
_JOURNAL = re.compile(r"\b(journal|transactions|letters|magazine|review|science robotics)\b",
                      re.IGNORECASE)
# The alphanumeric core of a word; surrounding punctuation stays outside the braces.
_CORE = re.compile(r"^(\W*)(.*?)(\W*)$", re.DOTALL)
_CAPITAL = re.compile(r"[A-Z]")
_DOLLAR = re.compile(r"(?<!\\)\$")  # math delimiters of an escaped value


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def harmless_math(math: str) -> bool:
    """Whether ``$...$`` may be kept as TeX: see the module's docstring."""
    body = math[1:-1]
    if not _balanced(body) or "^^" in body:
        return False
    position = 0
    while position < len(body):
        char = body[position]
        if char == "\\":
            command = re.match(r"[A-Za-z]+|.", body[position + 1:], re.DOTALL)
            if command is None:
                return False
            name = command.group(0)
            if name not in MATH_COMMANDS and name not in _MATH_SYMBOLS:
                return False
            position += 1 + len(name)
            continue
        if not (char in _MATH_TEXT or (char.isalnum() and char.isprintable())
                or (ord(char) > 127 and char.isprintable() and not char.isspace())):
            return False
        position += 1
    return True


def _escape_plain(text: str) -> str:
    return _SPECIAL.sub(lambda m: _ESCAPES[m.group(1)], text)


def escape(text: str) -> str:
    """Text for a BibTeX value: whitespace collapsed, TeX specials escaped, math kept."""
    text = " ".join(text.split())
    if not _SPECIAL.search(text):  # most names and titles: nothing to escape
        return text
    out, last = [], 0
    for match in _MATH.finditer(text):
        out.append(_escape_plain(_TEX_LITERAL.sub(r"\1", text[last:match.start()])))
        math = match.group(0)
        out.append(math if harmless_math(math) else _escape_plain(math))
        last = match.end()
    out.append(_escape_plain(_TEX_LITERAL.sub(r"\1", text[last:])))
    return "".join(out)


_URL_UNSAFE = re.compile(r"[\\{}^\s\x00-\x1f\x7f]|%(?![0-9A-Fa-f]{2})")
_DOI_UNSAFE = re.compile(r"[\\{}^%#&~$\s\x00-\x1f\x7f]")


def _percent(match: re.Match[str]) -> str:
    return "".join(f"%{byte:02X}" for byte in match.group(0).encode("utf-8"))


def verbatim_url(url: str) -> str:
    """A url field: biblatex reads it verbatim, but a style may pass it to a macro, so
    what could start a command or unbalance the entry is percent-encoded (a ``%``
    that starts no ``%XX`` escape too); ``#`` and ``%XX`` stay, as URLs write them."""
    return _URL_UNSAFE.sub(_percent, url)


def verbatim_doi(doi: str) -> str:
    """A doi field: TeX's special characters percent-encoded, as DOI names are in URLs
    (the DOI Handbook's rule), so ``urllib.parse.unquote`` gives the DOI back."""
    return _DOI_UNSAFE.sub(_percent, doi)


_SPLITS_NAME = re.compile(r"(?i)(^|\s)and(\s|$)|,|^others$")


def name(author: str) -> str:
    """One author for the author field: escaped, and braced whole when BibTeX would
    read it as two people (`` and ``), as "Last, First" (a comma) or as et al."""
    text = escape(author)
    return f"{{{text}}}" if _SPLITS_NAME.search(text) else text


def protect_capitals(title: str) -> str:
    """Wrap words with capitals after the first letter (``SkillMimic``, ``LLM``) in braces,
    leaving punctuation around a word outside: ``SkillMimic:`` -> ``{SkillMimic}:``.
    Words inside kept math are left as they are."""
    words = []
    in_math = False
    for word in escape(title).split(" "):
        dollars = len(_DOLLAR.findall(word))
        was_in_math, in_math = in_math, in_math != (dollars % 2 == 1)
        match = _CORE.match(word)
        assert match is not None  # the pattern matches every string
        lead, core, trail = match.groups()
        if (was_in_math or dollars or "\\" in core or not _CAPITAL.search(core, 1)):
            words.append(word)
        else:
            words.append(f"{lead}{{{core}}}{trail}")
    return " ".join(words)


def _surname(name: str) -> str:
    parts = [p for p in name.replace(",", " ").split() if slugify(p) not in _SUFFIXES]
    if "," in name:  # "Last, First"
        parts = name.split(",")[0].split() or parts
    return slugify(parts[-1] if parts else "").replace("-", "")


def base_key(paper: Paper) -> str:
    return _base_key(paper.authors[0] if paper.authors else "", paper.year, paper.title,
                     paper.id)


@functools.cache  # the preview asks again for every paper on each save
def _base_key(first_author: str, year: int | None, title: str, paper_id: str) -> str:
    surname = _surname(first_author) if first_author else ""
    words = [w for w in slugify(title).split("-") if w not in _STOP]
    return f"{surname or 'anon'}{year or ''}{words[0] if words else paper_id}"


def _suffix(n: int) -> str:
    """1 -> b, 2 -> c, ... 25 -> z, 26 -> aa: the first paper keeps the bare key."""
    letters = ""
    while True:
        n, rest = divmod(n, 26)
        letters = chr(ord("a") + rest) + letters
        if n == 0:
            return letters
        n -= 1


def citation_keys(collection: Collection) -> dict[str, str]:
    groups: dict[str, list[Paper]] = {}
    for paper in collection.papers.values():
        groups.setdefault(base_key(paper), []).append(paper)
    keys: dict[str, str] = {}
    taken = set(groups)
    for key, papers in sorted(groups.items()):
        for i, paper in enumerate(sorted(papers, key=lambda p: (p.added, p.id))):
            if i == 0:
                keys[paper.id] = key
                continue
            n, candidate = i, key + _suffix(i)
            while candidate in taken:
                n += 1
                candidate = key + _suffix(n)
            taken.add(candidate)
            keys[paper.id] = candidate
    return dict(sorted(keys.items()))


def entry_type(paper: Paper) -> tuple[str, str | None]:
    """(entry type, name of the field holding the venue)."""
    if not paper.venue:
        return "misc", None
    if _JOURNAL.search(paper.venue):
        return "article", "journal"
    return "inproceedings", "booktitle"


def entry(paper: Paper, key: str, abstract: bool = False) -> str:
    """One entry; ``abstract`` adds the abstract (for reference managers, not for pasting
    into a paper's bibliography)."""
    kind, venue_field = entry_type(paper)
    fields: list[tuple[str, str]] = [("title", protect_capitals(paper.title))]
    if paper.authors:
        fields.append(("author", " and ".join(name(a) for a in paper.authors)))
    if venue_field and paper.venue:
        fields.append((venue_field, escape(paper.venue)))
    if paper.year:
        fields.append(("year", str(paper.year)))
    if paper.arxiv:
        fields += [("eprint", paper.arxiv), ("archiveprefix", "arXiv")]
    if paper.doi:
        fields.append(("doi", verbatim_doi(paper.doi)))
    url = (paper.arxiv_abs or (paper.doi and f"https://doi.org/{verbatim_doi(paper.doi)}")
           or paper.links.get("paper"))
    if url:
        fields.append(("url", verbatim_url(url)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    text = f"@{kind}{{{key},\n{body}\n}}"
    return with_abstract(text, paper) if abstract else text


def with_abstract(entry_text: str, paper: Paper) -> str:
    """``entry(paper, key, abstract=True)`` made from ``entry(paper, key)``: the abstract
    is the last field, so a page's entry and the .bib files' share the work."""
    return f"{entry_text[:-2]},\n  abstract = {{{escape(paper.abstract)}}}\n}}"


def bib_file(entries: list[str], heading: str) -> str:
    """A .bib file: a comment line, then the entries in the order given."""
    return f"% {heading} ({len(entries)} entries, UTF-8)\n\n" + "\n\n".join(entries) + "\n"


def bibliography(papers: Iterable[Paper], keys: dict[str, str], heading: str) -> str:
    """A .bib file of ``papers`` (with abstracts), in the order given."""
    return bib_file([entry(paper, keys[paper.id], abstract=True) for paper in papers], heading)
