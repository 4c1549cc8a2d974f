"""An HTTP server on 127.0.0.1 that answers with whatever bytes a test gives it.

For testing what a client does with a host that misbehaves: malformed status lines,
carriage returns in reasons, redirects to ``file:``, loops, answers that drip a
byte at a time or never come. ``answers`` maps a request path to the bytes sent
back (then the connection is closed), or to a function that gets the socket::

    with raw_server({"/bad": b"HTTP/1.1 abc\\r\\n\\r\\n"}) as base:
        fetch(base + "/bad", 1.0, allow_loopback=True)
"""

from __future__ import annotations

import contextlib
import socket
import socketserver
import threading
from collections.abc import Callable, Iterator

Answer = bytes | Callable[[socket.socket], None]


@contextlib.contextmanager
def raw_server(answers: dict[str, Answer]) -> Iterator[str]:
    """Serve ``answers`` (which the test may change while serving); yields the base
    URL, ``http://127.0.0.1:PORT``. A path not in ``answers`` gets a 404."""

    class Handler(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            self.request.settimeout(5)
            try:
                request = self.request.recv(65536).decode("latin-1")
            except OSError:
                return
            parts = request.split(" ", 2)
            path = parts[1] if len(parts) > 2 else ""
            answer = answers.get(path, b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
            with contextlib.suppress(OSError):
                if callable(answer):
                    answer(self.request)
                else:
                    self.request.sendall(answer)

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
