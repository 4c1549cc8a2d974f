"""A built site served on loopback and Debian's Chromium driven by Playwright.

Used by the browser tests and by ``python -m tests.tools.screenshots``. No browser
is downloaded: Playwright launches the system ``chromium``.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(site: Path | None, handler: Any = None) -> Iterator[str]:
    """Serve ``site`` (or answer with ``handler``, a request handler class) on
    127.0.0.1 at a free port; yields the base URL, without a trailing slash when a
    handler is given."""
    if handler is None:
        handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        yield base if site is None else base + "/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
