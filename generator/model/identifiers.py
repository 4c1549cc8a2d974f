"""The rules for identifiers, read from their one home, ``schema/paper.schema.json``
(which the *Add a paper* form reads too): record ids, arXiv ids and DOIs, and the
kinds of links a record may have.

``ARXIV_ID`` is what a record's ``arxiv`` must be; ``ARXIV_IN_TEXT`` finds one in a
pasted URL, a citation or with a version (group 1), ``ARXIV_DATE`` reads the year and
month of a new-style id; ``DOI_IN_TEXT`` finds a DOI likewise.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA_DIR = Path(__file__).parent.parent / "schema"


@cache
def load_schema(name: str) -> dict[str, Any]:
    """A schema of ``schema/``, read once a process (callers only read it)."""
    loaded: dict[str, Any] = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    return loaded


PAPER_SCHEMA = load_schema("paper.schema.json")
_FIELDS = PAPER_SCHEMA["properties"]


def _anchored(pattern: str) -> re.Pattern[str]:
    """A schema pattern (``^...$``) as a regex for ``fullmatch``."""
    return re.compile(pattern.removeprefix("^").removesuffix("$"))


ID_RULE: dict[str, Any] = PAPER_SCHEMA["$defs"]["id"]
ID_PATTERN = _anchored(ID_RULE["pattern"])
MAX_ID_LENGTH: int = ID_RULE["maxLength"]
ARXIV_ID = re.compile(_FIELDS["arxiv"]["pattern"])
ARXIV_IN_TEXT = re.compile(_FIELDS["arxiv"]["x-in-text"])
ARXIV_DATE = re.compile(_FIELDS["arxiv"]["x-date"])
DOI_IN_TEXT = re.compile(_FIELDS["doi"]["x-in-text"])
LINK_KINDS: tuple[str, ...] = tuple(_FIELDS["links"]["properties"])
