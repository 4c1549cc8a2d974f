"""The text a BibTeX value of ``generator/site/bibtex.py`` stands for: its contract, read back.

``escape`` writes TeX specials as commands (``\\%``, ``\\textbackslash{}``), keeps
harmless ``$...$`` math as it is, and braces words with capitals; ``text_of``
undoes exactly that, so a test can compare a parsed field with the record::

    text_of(r"{SkillMimic}: 100\\% \\textbackslash{}in $x^2$") == r"SkillMimic: 100% \\in $x^2$"
"""

from __future__ import annotations

import re

_TOKEN = re.compile(r"\\textbackslash\{\}|\\textbraceleft\{\}|\\textbraceright\{\}"
                    r"|\\\^\{\}|\\~\{\}|\\[%&#_$]|(?<!\\)\$[^$]*\$|[{}]|[^\\{}$]+|.", re.DOTALL)
_PLAIN = {r"\textbackslash{}": "\\", r"\textbraceleft{}": "{", r"\textbraceright{}": "}",
          r"\^{}": "^", r"\~{}": "~"}


def text_of(value: str) -> str:
    """The text a value means: escapes read as their character, math kept, braces dropped."""
    out = []
    for match in _TOKEN.finditer(value):
        token = match.group(0)
        if token in _PLAIN:
            out.append(_PLAIN[token])
        elif len(token) == 2 and token[0] == "\\":
            out.append(token[1])
        elif token in "{}":
            continue
        else:
            out.append(token)
    return "".join(out)


def names_of(value: str) -> list[str]:
    """An author field split as BibTeX splits it (`` and `` outside braces), each name's
    text: a braced name is one name."""
    names, depth, start = [], 0, 0
    index = 0
    while index < len(value):
        char = value[index]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 0 and value[index:index + 5].lower() == " and ":
            names.append(value[start:index])
            start = index = index + 5
            continue
        index += 1
    names.append(value[start:])
    return [text_of(name) for name in names]


def expected_text(text: str) -> str:
    """What a record's text becomes in a BibTeX value, read back with ``text_of``: the
    documented differences only (whitespace runs become one space; outside ``$...$``
    math, ``\\%`` ``\\&`` ``\\#`` ``\\_`` ``\\$`` mean the plain character)."""
    from generator.site import bibtex

    text = " ".join(text.split())
    out, last = [], 0
    for match in bibtex._MATH.finditer(text):
        out.append(bibtex._TEX_LITERAL.sub(r"\1", text[last:match.start()]))
        out.append(match.group(0))
        last = match.end()
    out.append(bibtex._TEX_LITERAL.sub(r"\1", text[last:]))
    return "".join(out)


_ESCAPE = re.compile(r"\\textbackslash\{\}|\\textbraceleft\{\}|\\textbraceright\{\}"
                     r"|\\\^\{\}|\\~\{\}|\\[%&#_$]")


def inert(value: str) -> bool:
    """No record text in ``value`` can act in TeX: outside harmless ``$...$`` math,
    every backslash starts one of ``escape``'s escapes and no other special character
    (``% & # _ ^ ~ $``) stands alone; math spans are all harmless."""
    from generator.site import bibtex

    for match in re.finditer(r"(?<!\\)\$[^$]*\$|" + _ESCAPE.pattern + r"|[\\%&#_^~$]", value):
        token = match.group(0)
        if token.startswith("$") and len(token) > 1:
            if not bibtex.harmless_math(token):
                return False
        elif not _ESCAPE.fullmatch(token):
            return False
    return True
