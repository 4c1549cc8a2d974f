"""Property: whatever a linked host answers, the external link check gives that URL a
result, never a traceback, and prints nothing a workflow could read as a command.

A raw server on 127.0.0.1 (``tests/tools/rawserver.py``) answers with generated
bytes: status lines well formed or not, reasons and headers with carriage returns,
line feeds and ``::`` commands, redirects to ``file:``, to private addresses, to
itself. The checker is given its test-only opening to loopback
(``fetch(..., allow_loopback=True)``); every other address stays refused.
"""

from __future__ import annotations

import functools
import itertools
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.tools import external_links as ext
from tests.tools import rawserver

SETTINGS = settings(deadline=None, max_examples=50, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])
TIMEOUT = 0.3
LOCAL = functools.partial(ext.fetch, allow_loopback=True)
NASTY = st.sampled_from([b"\r", b"\n", b"\r\n", b"::error::x", b"::stop-commands::t",
                         b"\x00", b"\xff", b"\xe2\x80\xa8", b" ", b":", b"%0A"])
PIECE = st.one_of(NASTY, st.binary(max_size=8))
CHUNK = st.lists(PIECE, max_size=5).map(b"".join)
STATUS = st.one_of(st.integers(0, 1100).map(lambda n: str(n).encode()), CHUNK)
VERSION = st.sampled_from([b"HTTP/1.1", b"HTTP/1.0", b"HTTP/2", b"HTTP/1.1 ", b"", b"FTP/1"])
LOCATION = st.sampled_from([b"file:///etc/passwd", b"javascript:alert(1)", b"/same",
                            b"http://10.0.0.1/", b"http://169.254.169.254/x", b"//0.0.0.0/",
                            b"http://[::1]:9/", b"ftp://192.0.2.1/", b"data:,x", b"/ok"])
HEADER = st.one_of(st.tuples(st.just(b"Location"), st.one_of(LOCATION, CHUNK)),
                   st.tuples(st.sampled_from([b"Content-Length", b"X", b"Transfer-Encoding"]),
                             CHUNK))


@st.composite
def answers(draw: st.DrawFn) -> bytes:
    line = draw(VERSION) + b" " + draw(STATUS) + b" " + draw(CHUNK)
    headers = b"".join(name + b": " + value + b"\r\n" for name, value in
                       draw(st.lists(HEADER, max_size=4)))
    end = draw(st.sampled_from([b"\r\n", b"\n", b""]))
    return line + b"\r\n" + headers + end + draw(CHUNK)


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, dict[str, rawserver.Answer]]]:
    served: dict[str, rawserver.Answer] = {"/ok": b"HTTP/1.1 200 OK\r\n\r\n"}
    with rawserver.raw_server(served) as base:
        yield base, served


COUNTER = itertools.count()


@SETTINGS
@given(answer=answers())
def test_any_answer_is_that_urls_result_and_prints_safely(
        server: tuple[str, dict[str, rawserver.Answer]], answer: bytes, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    base, served = server
    path = f"/e{next(COUNTER)}"
    served[path] = answer.replace(b"/same", path.encode())
    site = tmp_path / f"site{path[2:]}"
    site.mkdir()
    (site / "index.html").write_text(f'<a href="{base}{path}">x</a>', encoding="utf-8")
    summary = site / "summary.md"
    start = time.monotonic()
    status = ext.main([str(site), "-f", str(site / "none.yml"), "--timeout", str(TIMEOUT),
                       "--summary", str(summary)], fetch=LOCAL)
    assert time.monotonic() - start < ext.DEADLINE_FACTOR * TIMEOUT * 2 + 1
    assert status in (0, 1)
    out, err = capsys.readouterr()
    printed = out + err + summary.read_text(encoding="utf-8")
    assert "\r" not in printed
    assert not [line for line in printed.split("\n") if line.lstrip().startswith("::")]
    assert all(line.isprintable() for line in printed.split("\n"))
    assert len(out.splitlines()) == status  # the one URL, reported or not
