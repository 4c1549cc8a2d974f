"""Where the generated files of papers and topics go inside the docs folder.

One paper or topic gives files named after its id or key; a few files have fixed
names in the same folders::

    papers/<id>.md  papers/<id>.bib                   PER_PAPER
    topics/<key>.md topics/<key>.bib topics/<key>.xml PER_TOPIC
    papers/index.md topics/index.md                   FIXED
    topics/<key>/<n>.md all-papers/<n>.md             a long list's page n (PAGED)

An id or key whose file would be one of ``FIXED`` (``index``: ``papers/index.md``
is the list of all papers) is reserved: ``check`` refuses it, since the build
could not write both. ``RESERVED_IDS`` and ``RESERVED_KEYS`` are derived from the
names here, and ``tests/test_hardening.py`` checks every producer's output against
them, so a new generated file cannot drift from the reserved set.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

PAPERS_INDEX = "papers/index.md"
TOPICS_INDEX = "topics/index.md"
# What each fixed file is, for the message that refuses an id or key.
FIXED = {PAPERS_INDEX: "the list of all papers", TOPICS_INDEX: "the list of all topics"}


def paper_page(paper_id: str) -> str:
    return f"papers/{paper_id}.md"


def paper_bib(paper_id: str) -> str:
    return f"papers/{paper_id}.bib"


def topic_page(key: str) -> str:
    return f"topics/{key}.md"


def topic_bib(key: str) -> str:
    return f"topics/{key}.bib"


def topic_feed(key: str) -> str:
    return f"topics/{key}.xml"


# Page n (from 2) of the all-papers list (site/paging.py); page 1 is PAPERS_INDEX. Not
# papers/: a paper's id could be any number.
ALL_PAPERS_DIR = "all-papers"


PER_PAPER: tuple[Callable[[str], str], ...] = (paper_page, paper_bib)
PER_TOPIC: tuple[Callable[[str], str], ...] = (topic_page, topic_bib, topic_feed)


def _reserved(makers: Iterable[Callable[[str], str]]) -> dict[str, str]:
    """{name: the fixed file its own file would be} for names that collide."""
    marker = "\x00"
    found = {}
    for make in makers:
        prefix, suffix = make(marker).split(marker)
        for path in FIXED:
            name = path.removeprefix(prefix).removesuffix(suffix)
            if make(name) == path and name:
                found[name] = path
    return found


RESERVED_IDS = _reserved(PER_PAPER)
RESERVED_KEYS = _reserved(PER_TOPIC)


def reserved_message(name: str, path: str, what: str) -> str:
    return (f"the {what} '{name}' is reserved: the build writes {path} ({FIXED[path]}) "
            f"there; choose another {what}")
