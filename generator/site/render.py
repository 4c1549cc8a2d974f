"""The one place that renders templates (``generator/site/templates/*.j2``).

Every value from a record is text, never markup. Templates autoescape HTML, and
values placed where Markdown would parse them go through ``md`` as well, which
backslash-escapes Markdown's punctuation. Front matter is written by a YAML
dumper, never by hand.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from generator.site import frontmatter

TEMPLATES = Path(__file__).parent / "templates"
# Python-Markdown's escapable characters, plus '|' (tables); escaping anything else
# would leave a visible backslash ('\~' did: no extension of mkdocs.yml reads '~').
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>])")


def md(value: object) -> Markup:
    """Text for a Markdown inline context: HTML-escaped, then Markdown-escaped."""
    text = " ".join(str(value).split())
    return Markup(_MD_SPECIAL.sub(r"\\\1", str(escape(text))))


@lru_cache(maxsize=1 << 16)
def gist(text: str, limit: int = 180) -> str:
    """First sentence of an abstract, cut at a word boundary to ``limit`` characters.

    Remembered: each abstract's gist is shown on its page, in lists, in the
    explore data and in meta tags (~60,000 calls at 10,000 papers)."""
    text = " ".join(text.split())
    match = re.match(r"(.+?[.!?])(\s+[A-Z]|$)", text)
    sentence = match.group(1) if match else text
    if len(sentence) <= limit:
        return sentence
    return sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def paragraphs(text: str) -> list[str]:
    """Paragraphs of a record's text, separated by a blank line in the YAML block.

    In a folded block (``>-``, the documented form) a blank line arrives as one
    newline; in a literal block (``|``) as two, with single newlines inside.
    """
    separator = r"\n\s*\n" if re.search(r"\n\s*\n", text) else r"\n"
    return [" ".join(part.split()) for part in re.split(separator, text.strip()) if part.strip()]


def sentences(paragraph: str) -> list[str]:
    """A paragraph split after each ". ", each part keeping its period."""
    parts = paragraph.split(". ")
    return [part + "." for part in parts[:-1]] + parts[-1:]


def front_matter(meta: dict[str, Any]) -> Markup:
    """YAML front matter. Material prints ``title`` and ``description`` raw into the
    HTML (``<title>``, the header, an attribute), so both are HTML-escaped here."""
    for key in ("title", "description"):
        if key in meta:
            meta = {**meta, key: html.escape(" ".join(str(meta[key]).split()))}
    return Markup(f"---\n{frontmatter.dump(meta)}---\n")


def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                      undefined=StrictUndefined, keep_trailing_newline=True,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(md=md, gist=gist, paragraphs=paragraphs,
                       sentences=sentences)
    env.globals.update(front_matter=front_matter)
    return env


class Renderer:
    def __init__(self, **site: Any) -> None:
        self.env = environment()
        self.site = site

    def render(self, template: str, **context: Any) -> str:
        return self.env.get_template(template).render(site=self.site, **context)
