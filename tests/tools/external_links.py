"""Check the external links of a built site: the weekly job of ``.github/workflows/links.yml``.

``python -m tests.tools.external_links site --allowlist .github/linkcheck-allowlist.txt``
collects every external http(s) URL of the site's pages (``tests.tools.links``;
links under the config's ``site_url`` are internal and left out), then asks for
each with HEAD (GET when HEAD is refused), following redirects, at most
``--workers`` requests at once and ``PER_HOST`` a host, each with ``--timeout``.
An answer is::

    ok        2xx (after redirects)
    dead      404, 410, any other 4xx, an unknown host: always reported
    blocked   401, 403, 429: reported unless the URL is allowlisted
    error     5xx, time-out, refused or reset connection: reported unless allowlisted

arXiv and some publishers answer bots with 403, hence the allowlist: a line names a
host (``arxiv.org``, which covers its subdomains) or a URL prefix
(``https://doi.org/10.1145/``); ``#`` starts a comment. An allowlisted link that is
really gone (404, unknown host) is still reported.

Reported links are printed, and written as a Markdown table to ``--summary`` (the
workflow passes ``$GITHUB_STEP_SUMMARY``); the exit status is 1 if there is any.
The test suite never runs this against the network: its tests use a site and an
HTTP server on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import socket
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from .links import external_links, site_url_of

PER_HOST = 2  # polite to arXiv, which limits request rates
BLOCKED = {401, 403, 429}
HEAD_REFUSED = {400, 403, 405, 501}  # servers that mishandle HEAD: ask again with GET
USER_AGENT = "skill-papers-linkcheck/1.0 (weekly dead-link check of a static site)"


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
            return "dead" if self.detail.startswith("unknown host") else "error"
        if self.status < 400:
            return "ok"
        if self.status in BLOCKED:
            return "blocked"
        return "dead" if self.status < 500 else "error"

    def __str__(self) -> str:
        return str(self.status) if self.status is not None else self.detail


@dataclass(frozen=True)
class Result:
    url: str
    answer: Answer
    allowlisted: bool
    pages: tuple[str, ...] = ()

    @property
    def reported(self) -> bool:
        kind = self.answer.kind
        return kind == "dead" or (kind in ("blocked", "error") and not self.allowlisted)


Fetch = Callable[[str, float], Answer]


def _request(url: str, method: str, timeout: float) -> int:
    safe_url = quote(url, safe=":/?#[]@!$&'()*+,;=%~")  # non-ASCII paths, percent-encoded
    request = urllib.request.Request(safe_url, method=method, headers={
        "User-Agent": USER_AGENT, "Accept": "text/html,application/pdf,*/*;q=0.8"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            if method == "GET":
                response.read(1024)
            return int(response.status)
    except urllib.error.HTTPError as error:
        error.close()
        return int(error.code)


def fetch(url: str, timeout: float) -> Answer:
    """One URL's answer: HEAD, then GET if HEAD was refused."""
    try:
        status = _request(url, "HEAD", timeout)
        if status in HEAD_REFUSED:
            status = _request(url, "GET", timeout)
        return Answer(status)
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, socket.gaierror) and reason.errno == socket.EAI_NONAME:
            return Answer(None, f"unknown host ({reason.strerror})")
        if isinstance(reason, TimeoutError | socket.timeout):
            return Answer(None, f"time-out after {timeout:g} s")
        return Answer(None, f"no answer ({reason})")
    except TimeoutError:
        return Answer(None, f"time-out after {timeout:g} s")
    except (OSError, ValueError) as error:  # reset connections, malformed answers
        return Answer(None, f"no answer ({type(error).__name__}: {error})")


def check_urls(urls: dict[str, list[str]] | Iterable[str], allowlist: Allowlist,
               workers: int = 8, timeout: float = 20.0, fetch: Fetch = fetch) -> list[Result]:
    """Check every URL, at most ``workers`` at once and ``PER_HOST`` a host; sorted by URL."""
    pages: dict[str, list[str]] = urls if isinstance(urls, dict) else {url: [] for url in urls}
    hosts = {urlsplit(url).netloc.lower() for url in pages}
    limits = {host: threading.BoundedSemaphore(PER_HOST) for host in hosts}

    def one(url: str) -> Result:
        with limits[urlsplit(url).netloc.lower()]:
            answer = fetch(url, timeout)
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
    return text.replace("|", "\\|").replace("\n", " ")


def summary(results: list[Result]) -> str:
    """Markdown for the job summary: counts, then one row a reported link."""
    reported = [result for result in results if result.reported]
    kinds = {kind: sum(r.answer.kind == kind for r in results)
             for kind in ("ok", "dead", "blocked", "error")}
    lines = ["## External links", "",
             f"{len(results)} links checked: " + ", ".join(f"{n} {k}" for k, n in kinds.items())
             + f"; {len(reported)} reported.", ""]
    if reported:
        lines += ["| Link | Answer | Found on |", "| --- | --- | --- |"]
        for result in reported:
            where = ", ".join(result.pages[:3]) + (" …" if len(result.pages) > 3 else "")
            lines.append(f"| <{_cell(result.url)}> | {result.answer.kind}: "
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
            print(f"{result.answer.kind}: {result.url} ({result.answer}) "
                  f"on {', '.join(result.pages)}")
    report = summary(results)
    if args.summary:
        with args.summary.open("a", encoding="utf-8") as out:
            out.write(report)
    print(report.splitlines()[2], file=sys.stderr)
    return 1 if any(result.reported for result in results) else 0


if __name__ == "__main__":
    sys.exit(main())
