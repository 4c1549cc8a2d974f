"""Text from outside (a BibTeX key, a remote host's answer) made safe to print.

GitHub Actions reads a line of a job's output that starts with ``::`` as a workflow
command, and a terminal obeys control characters; a line break or a lone carriage
return inside such text could therefore start a line of its own. ``one_line``
gives one printable line: every character that is not printable (controls, line
and paragraph separators, bidirectional and other format characters) is written
as its Python escape, and long text is cut::

    one_line("key\\n::stop-commands::x")  ->  "key\\n::stop-commands::x"
"""

from __future__ import annotations

from generator.model.problems import one_line as escaped

MAX_SHOWN = 200


def one_line(text: str, limit: int = MAX_SHOWN) -> str:
    """``text`` as one printable line of at most about ``limit`` characters (the
    escaping is ``problems.one_line``'s, the one rule for everything printed)."""
    return escaped(text[:limit]) + ("…" if len(text) > limit else "")
