"""MkDocs hook: while ``mkdocs serve`` runs, regenerate pages when a record changes.

``make build`` runs the generator before MkDocs, so a plain ``mkdocs build`` (or
Zensical, which runs no hooks) needs nothing from here. Under ``serve`` the hook
watches ``content/`` and ``generator/templates`` and regenerates before each
rebuild; the generator rewrites only changed files.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from mkdocs.exceptions import Abort

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `mkdocs` started as a script does not put . on the path
    sys.path.insert(0, str(ROOT))

from generator.build import generate  # noqa: E402

_serving = False


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def on_pre_build(config: Any) -> None:
    if not _serving:
        return
    output = generate(ROOT)
    if output.problems.errors():
        raise Abort("records have problems:\n" + output.problems.report())


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    server.watch(str(ROOT / "content"))
    server.watch(str(ROOT / "generator" / "templates"))
    return server
