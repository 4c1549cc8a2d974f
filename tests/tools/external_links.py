"""Check the external links of a built site: the weekly job of ``.github/workflows/links.yml``.

``python -m tests.tools.external_links site --allowlist .github/linkcheck-allowlist.txt``
collects every external http(s) URL of the site's pages (``tests.tools.links``;
links under the config's ``site_url`` are internal and left out), then asks for
each with HEAD (GET when HEAD is refused), following redirects, at most
``--workers`` requests at once and ``PER_HOST`` a host, each with ``--timeout``.
An answer is::

    ok        2xx or 3xx (after redirects)
    dead      404, 410, any other 4xx, an unknown host: always reported
    blocked   401, 403, 429: reported unless the URL is allowlisted
    error     5xx, 1xx, time-out, refused or reset connection, a malformed answer:
              reported unless allowlisted
    refused   not asked: a URL or redirect that is not http(s), a host that resolves
              to a loopback, private, link-local or reserved address, more than
              MAX_REDIRECTS redirects: always reported

Linked hosts are not trusted (SECURITY.md). Every hop of a redirect is checked as
the first URL is, and the connection goes to the address that was checked. A URL
costs at most 2 * (MAX_REDIRECTS + 1) requests within DEADLINE_FACTOR time-outs,
whatever the host does; anything a host says is printed only as one escaped
line (``generator.oneline``), never raw, so it cannot start a workflow command.

arXiv and some publishers answer bots with 403, hence the allowlist: a line names a
host (``arxiv.org``, which covers its subdomains) or a URL prefix
(``https://doi.org/10.1145/``); ``#`` starts a comment. An allowlisted link that is
really gone (404, unknown host) is still reported.

Reported links are printed, and written as a Markdown table to ``--summary`` (the
workflow passes ``$GITHUB_STEP_SUMMARY``); the exit status is 1 if there is any.
The test suite never runs this against the network: its tests use a site and an
HTTP server on 127.0.0.1, which ``fetch(..., allow_loopback=True)`` may ask; the
command line cannot set that.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import ipaddress
import socket
import ssl
import sys
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from generator.model.oneline import one_line

from .links import external_links, site_url_of

PER_HOST = 2  # polite to arXiv, which limits request rates
BLOCKED = {401, 403, 429}
HEAD_REFUSED = {400, 403, 405, 501}  # servers that mishandle HEAD: ask again with GET
USER_AGENT = "skill-papers-linkcheck/1.0 (weekly dead-link check of a static site)"
REDIRECTS = {301, 302, 303, 307, 308}
MAX_REDIRECTS = 5
DEADLINE_FACTOR = 3  # a URL's requests, redirects and all, take at most 3 time-outs
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~"


@dataclass(frozen=True)
class Allowlist:
    hosts: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()

    @classmethod
    def parse(cls, text: str) -> Allowlist:
        hosts: set[str] = set()
        prefixes: list[str] = []
        for number, raw in enumerate(text.splitlines(), 1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            if " " in line:
                raise ValueError(f"line {number}: one host or URL prefix a line: {line!r}")
            if line.startswith(("http://", "https://")):
                prefixes.append(line)
            elif "/" in line or ":" in line:
                raise ValueError(f"line {number}: not a host nor an http(s) URL: {line!r}")
            else:
                hosts.add(line.lower().lstrip("."))
        return cls(frozenset(hosts), tuple(sorted(prefixes)))

    @classmethod
    def read(cls, path: Path | None) -> Allowlist:
        return cls.parse(path.read_text(encoding="utf-8")) if path else cls()

    def allows(self, url: str) -> bool:
        host = (urlsplit(url).hostname or "").lower()
        if any(host == allowed or host.endswith("." + allowed) for allowed in self.hosts):
            return True
        return url.startswith(self.prefixes)


@dataclass(frozen=True)
class Answer:
    status: int | None  # final HTTP status, None when no answer came
    detail: str = ""  # the error when there is no status

    @property
    def kind(self) -> str:
        if self.status is None:
            if self.detail.startswith("refused"):
                return "refused"
            return "dead" if self.detail.startswith("unknown host") else "error"
        if self.status < 200:  # an informational answer is no answer
            return "error"
        if self.status < 400:
            return "ok"
        if self.status in BLOCKED:
            return "blocked"
        return "dead" if self.status < 500 else "error"

    def __str__(self) -> str:
        return str(self.status) if self.status is not None else one_line(self.detail)


@dataclass(frozen=True)
class Result:
    url: str
    answer: Answer
    allowlisted: bool
    pages: tuple[str, ...] = ()

    @property
    def reported(self) -> bool:
        kind = self.answer.kind
        return kind in ("dead", "refused") or (kind in ("blocked", "error")
                                                and not self.allowlisted)


Fetch = Callable[[str, float], Answer]


class Refused(Exception):
    """A URL the checker will not ask for: its message says why, on one line."""


def _address_refused(address: str) -> str | None:
    """Why a resolved address may not be asked (None when it may): only addresses on
    the public internet; not loopback, private, link-local, shared, reserved or
    multicast ones, nor IPv4 ones dressed as IPv6 (``::ffff:127.0.0.1``)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_global and not ip.is_multicast:
        return None
    kind = ("loopback" if ip.is_loopback else "link-local" if ip.is_link_local
            else "private" if ip.is_private else "not public")
    return f"{kind} address {ip}"


def _addresses(host: str, port: int, allow_loopback: bool) -> list[str]:
    """The addresses ``host`` resolves to, every one of them allowed; else ``Refused``.
    The connection is then made to these very addresses, so a second lookup cannot
    answer differently (DNS rebinding)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses = sorted({str(info[4][0]) for info in infos})
    for address in addresses:
        why = _address_refused(address)
        if why and not (allow_loopback and ipaddress.ip_address(
                address.split("%", 1)[0]).is_loopback):
            raise Refused(f"refused: {host} is a {why}")
    return addresses


class _Connection(http.client.HTTPConnection):
    """HTTP to one resolved address, with the URL's host in the Host header."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _TLSConnection(http.client.HTTPSConnection):
    """HTTPS to one resolved address; the certificate is checked against the host."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        self.tls = ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self.tls)
        self.address = address

    def connect(self) -> None:
        raw = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self.tls.wrap_socket(raw, server_hostname=self.host)


def _cut(connection: http.client.HTTPConnection, cut: threading.Event) -> None:
    """End a request that ran past its deadline: a blocked read returns at once."""
    cut.set()
    sock = connection.sock
    if sock is not None:
        with contextlib.suppress(OSError):  # already closed
            sock.shutdown(socket.SHUT_RDWR)


def _request(url: str, method: str, timeout: float, deadline: float,
             allow_loopback: bool) -> tuple[int, str | None]:
    """One request, no redirect followed: (status, Location or None)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise Refused(f"refused: not an http(s) URL ({one_line(parts.scheme, 20)}:)")
    host = parts.hostname
    if not host:
        raise Refused("refused: no host")
    host = host.encode("idna").decode("ascii")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    path = urlunsplit(("", "", parts.path or "/", parts.query, ""))
    connection_class = _TLSConnection if parts.scheme == "https" else _Connection
    error: OSError | None = None
    for address in _addresses(host, port, allow_loopback):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        connection = connection_class(host, port, address, min(timeout, remaining))
        # a host that answers a byte at a time stays within each read's time-out:
        # the whole request is cut off at the deadline
        cut = threading.Event()
        watchdog = threading.Timer(remaining, _cut, (connection, cut))
        watchdog.start()
        try:
            connection.request(method, path, headers={
                "User-Agent": USER_AGENT, "Accept": "text/html,application/pdf,*/*;q=0.8"})
            response = connection.getresponse()
            if method == "GET":
                response.read(1024)
            if cut.is_set():  # what was read before the cut is no answer
                raise TimeoutError
            return int(response.status), response.getheader("Location")
        except ConnectionRefusedError as refused:
            error = refused  # try the host's next address
        finally:
            watchdog.cancel()
            connection.close()
        if time.monotonic() >= deadline:
            raise TimeoutError
    raise error or OSError("no address")


def _follow(url: str, method: str, timeout: float, deadline: float,
            allow_loopback: bool) -> int:
    """The final status of ``url``, following at most ``MAX_REDIRECTS`` redirects,
    each one checked like the first URL (scheme, host, address)."""
    for _ in range(MAX_REDIRECTS + 1):
        status, location = _request(url, method, timeout, deadline, allow_loopback)
        if status not in REDIRECTS or location is None:
            return status
        url = urljoin(url, quote(location.strip(), safe=_URL_SAFE))
    raise Refused(f"refused: more than {MAX_REDIRECTS} redirects")


def fetch(url: str, timeout: float, allow_loopback: bool = False) -> Answer:
    """One URL's answer: HEAD, then GET if HEAD was refused; never an exception.

    At most ``2 * (MAX_REDIRECTS + 1)`` requests, all within ``DEADLINE_FACTOR *
    timeout`` seconds. ``allow_loopback`` is for the test suite's local server
    only: the command line has no way to set it."""
    deadline = time.monotonic() + DEADLINE_FACTOR * timeout
    safe_url = quote(url, safe=_URL_SAFE)  # non-ASCII paths, percent-encoded
    try:
        status = _follow(safe_url, "HEAD", timeout, deadline, allow_loopback)
        if status in HEAD_REFUSED:
            status = _follow(safe_url, "GET", timeout, deadline, allow_loopback)
        return Answer(status)
    except Refused as refused:
        return Answer(None, str(refused))
    except socket.gaierror as error:
        if error.errno in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", None)):
            return Answer(None, f"unknown host ({one_line(str(error.strerror))})")
        return Answer(None, f"no answer ({one_line(str(error))})")
    except TimeoutError:
        return Answer(None, f"time-out after {timeout:g} s")
    except http.client.HTTPException as error:  # a malformed status line or headers
        return Answer(None, f"bad answer ({type(error).__name__})")
    except (OSError, ValueError, UnicodeError) as error:  # reset connections, bad ports
        return Answer(None, f"no answer ({type(error).__name__}: {one_line(str(error), 80)})")


def check_urls(urls: dict[str, list[str]] | Iterable[str], allowlist: Allowlist,
               workers: int = 8, timeout: float = 20.0, fetch: Fetch = fetch) -> list[Result]:
    """Check every URL, at most ``workers`` at once and ``PER_HOST`` a host; sorted by URL."""
    pages: dict[str, list[str]] = urls if isinstance(urls, dict) else {url: [] for url in urls}
    hosts = {urlsplit(url).netloc.lower() for url in pages}
    limits = {host: threading.BoundedSemaphore(PER_HOST) for host in hosts}

    def one(url: str) -> Result:
        with limits[urlsplit(url).netloc.lower()]:
            try:
                answer = fetch(url, timeout)
            except Exception as error:  # one URL's failure is that URL's result
                answer = Answer(None, f"checker error ({type(error).__name__})")
        return Result(url, answer, allowlist.allows(url), tuple(pages[url]))

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        return sorted(pool.map(one, interleaved(pages)), key=lambda result: result.url)


def interleaved(urls: Iterable[str]) -> list[str]:
    """URLs taking turns by host, so that workers waiting on one busy host (arXiv has
    half the links) are few while other hosts are there to ask."""
    by_host: dict[str, list[str]] = {}
    for url in sorted(urls):
        by_host.setdefault(urlsplit(url).netloc.lower(), []).append(url)
    queues = sorted(by_host.values(), key=len, reverse=True)
    return [queue[i] for i in range(len(queues[0]) if queues else 0)
            for queue in queues if i < len(queue)]


def _cell(text: str) -> str:
    """Text for a Markdown table cell: one line, no column break, no HTML tag."""
    return (one_line(text, 300).replace("|", "\\|").replace("<", "&lt;")
            .replace(">", "&gt;"))


def summary(results: list[Result]) -> str:
    """Markdown for the job summary: counts, then one row a reported link."""
    reported = [result for result in results if result.reported]
    kinds = {kind: sum(r.answer.kind == kind for r in results)
             for kind in ("ok", "dead", "blocked", "error", "refused")}
    lines = ["## External links", "",
             f"{len(results)} links checked: " + ", ".join(f"{n} {k}" for k, n in kinds.items())
             + f"; {len(reported)} reported.", ""]
    if reported:
        lines += ["| Link | Answer | Found on |", "| --- | --- | --- |"]
        for result in reported:
            where = ", ".join(result.pages[:3]) + (" …" if len(result.pages) > 3 else "")
            lines.append(f"| <{_cell(quote(result.url, safe=_URL_SAFE))}> | {result.answer.kind}: "
                         f"{_cell(str(result.answer))} | {_cell(where)} |")
    else:
        lines.append("No dead links.")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None, fetch: Fetch = fetch) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.tools.external_links",
                                     description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path, nargs="?", default=Path("site"))
    parser.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"),
                        help="mkdocs.yml whose site_url is internal (default: mkdocs.yml)")
    parser.add_argument("--allowlist", type=Path, help="hosts and URL prefixes that block bots")
    parser.add_argument("--summary", type=Path, help="append a Markdown report to this file")
    parser.add_argument("--workers", type=int, default=8, help="requests at once (default: 8)")
    parser.add_argument("--timeout", type=float, default=20.0,
                        help="seconds a request (default: 20)")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"external links: {args.site}/index.html not found; run `make build` first",
              file=sys.stderr)
        return 2
    site_url = site_url_of(args.config_file) if args.config_file.is_file() else None
    urls = external_links(args.site, site_url)
    results = check_urls(urls, Allowlist.read(args.allowlist), args.workers, args.timeout, fetch)
    for result in results:
        if result.reported:
            print(f"{result.answer.kind}: {one_line(result.url, 300)} ({result.answer}) "
                  f"on {one_line(', '.join(result.pages), 300)}")
    report = summary(results)
    if args.summary:
        with args.summary.open("a", encoding="utf-8") as out:
            out.write(report)
    print(report.splitlines()[2], file=sys.stderr)
    return 1 if any(result.reported for result in results) else 0


if __name__ == "__main__":
    sys.exit(main())
