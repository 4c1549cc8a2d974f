"""Links of the built site: every internal one resolves (``make linkcheck``), and the
weekly external checker collects, classifies and reports links correctly, tested
offline against pages written here and an HTTP server on 127.0.0.1."""

from __future__ import annotations

import functools
import http.server
import shutil
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
import yaml

from tests.tools import external_links as ext
from tests.tools import rawserver
from tests.tools.browser import serve
from tests.tools.links import (
    Link,
    broken_links,
    check_link,
    external_links,
    main,
    site_links,
    site_url_of,
)

SITE_URL = "https://skill-papers.github.io/skill-papers/"


def test_repository_site_url_is_the_one_these_tests_assume(repo: Path) -> None:
    assert site_url_of(repo / "mkdocs.yml") == SITE_URL


@pytest.mark.parametrize("fixture", ["toy", "seed"])
def test_every_internal_link_of_the_built_site_resolves(
        fixture: str, request: pytest.FixtureRequest) -> None:
    site: Path = request.getfixturevalue(f"{fixture}_site")
    project: Path = request.getfixturevalue(f"{fixture}_project")
    site_url = site_url_of(project / "mkdocs.yml")
    assert site_url == SITE_URL
    assert [str(problem) for problem in broken_links(site, site_url)] == []
    # ...and the checker did look: page links, anchors, 404.html's root-absolute paths.
    links = site_links(site)
    assert {link.page for link in links} >= {"index.html", "404.html", "papers/index.html"}
    assert any(link.url.startswith("#") and len(link.url) > 1 for link in links)
    assert any(link.page == "404.html" and link.url.startswith("/skill-papers/assets/")
               for link in links)
    assert Link("sitemap.xml", SITE_URL + "papers/") in links


BAD_LINKS = """
<a href="../kompetencer/">fine</a> <a href="../kompetencer/#abstract-x">bad anchor</a>
<a href="../skillmimc/">typo</a> <a href="#no-such-anchor">bad anchor</a>
<img src="/skill-papers/assets/missing.png" srcset="../../assets/a.png 1x, ok.png 2x">
<a href="https://skill-papers.github.io/skill-papers/nowhere/">absolute, internal</a>
<a href="/elsewhere/">outside</a> <a href="../../../../etc/passwd">climbing</a>
<a href="mailto:x@example.org">m</a> <a href="javascript:void(0)">j</a>
<a href="https://example.org/#x">external, not checked offline</a>
"""


@pytest.fixture
def damaged_site(toy_site: Path, tmp_path: Path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(toy_site, site)
    page = site / "papers" / "nnose" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</body>", BAD_LINKS + "</body>"),
                    encoding="utf-8")
    return site


def test_broken_internal_links_are_reported_one_a_line(damaged_site: Path) -> None:
    assert [str(problem) for problem in broken_links(damaged_site, SITE_URL)] == [
        "papers/nnose/index.html: #no-such-anchor -> papers/nnose/index.html#no-such-anchor"
        " (no such anchor)",
        "papers/nnose/index.html: ../../../../etc/passwd -> /etc/passwd"
        " (outside the site's root /skill-papers/)",
        "papers/nnose/index.html: ../../assets/a.png -> assets/a.png (no such file)",
        "papers/nnose/index.html: ../kompetencer/#abstract-x ->"
        " papers/kompetencer/index.html#abstract-x (no such anchor)",
        "papers/nnose/index.html: ../skillmimc/ -> papers/skillmimc/ (no such file)",
        "papers/nnose/index.html: /elsewhere/ -> /elsewhere/"
        " (outside the site's root /skill-papers/)",
        "papers/nnose/index.html: /skill-papers/assets/missing.png -> assets/missing.png"
        " (no such file)",
        "papers/nnose/index.html: https://skill-papers.github.io/skill-papers/nowhere/ ->"
        " nowhere/ (no such file)",
        "papers/nnose/index.html: ok.png -> papers/nnose/ok.png (no such file)",
    ]


def test_linkcheck_command_exit_status_and_output(
        toy_site: Path, toy_project: Path, damaged_site: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    config = str(toy_project / "mkdocs.yml")
    assert main([str(toy_site), "-f", config]) == 0
    assert capsys.readouterr().out == ""
    assert main([str(damaged_site), "-f", config]) == 1
    out, err = capsys.readouterr()
    assert "papers/nnose/index.html: ../skillmimc/ -> papers/skillmimc/ (no such file)" in out
    assert len(out.splitlines()) == 9
    assert err.endswith(", 9 broken\n")
    assert main([str(toy_project / "nothing-built"), "-f", config]) == 2


def test_a_page_directory_link_resolves_to_its_index(toy_site: Path) -> None:
    link = Link("papers/nnose/index.html", "../kompetencer/")
    assert check_link(toy_site, link, SITE_URL) is None
    assert check_link(toy_site, Link("index.html", "papers/nnose"), SITE_URL) is None


# --- external links: collection ---------------------------------------------------

def test_external_links_of_the_toy_site(toy_site: Path, repo: Path) -> None:
    found = external_links(toy_site, SITE_URL)
    for record in sorted((repo / "tests/data/toy/content/papers").glob("*.yaml")):
        data = yaml.safe_load(record.read_text(encoding="utf-8"))
        page = f"papers/{record.stem}/index.html"
        if data.get("arxiv"):
            assert page in found[f"https://arxiv.org/abs/{data['arxiv']}"], record.name
        for url in (data.get("links") or {}).values():
            assert page in found[url], (record.name, url)
    assert list(found) == sorted(found)
    for url, pages in found.items():
        assert url.startswith(("http://", "https://")) and "#" not in url, url
        assert not url.startswith(SITE_URL), url  # canonical links are internal
        assert pages == sorted(pages) and all((toy_site / page).is_file() for page in pages)


def test_external_link_collection_is_exact_on_a_small_site(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "index.html").write_text(
        '<link rel="canonical" href="https://skill-papers.github.io/skill-papers/">'
        '<a href="https://arxiv.org/abs/1#v2">a</a> <a href="sub/">in</a>'
        '<a href="//cdn.example.org/x.js">p</a> <a href="mailto:a@b.c">m</a>'
        '<img srcset="https://img.example.org/1.png 1x, https://img.example.org/2.png 2x">',
        encoding="utf-8")
    (tmp_path / "sub" / "index.html").write_text(
        '<a href="https://arxiv.org/abs/1">a</a> <a href="http://example.org">b</a>'
        '<a href="https://skill-papers.github.io/skill-papers-other/">c</a>', encoding="utf-8")
    assert external_links(tmp_path, SITE_URL) == {
        "http://example.org": ["sub/index.html"],
        "https://arxiv.org/abs/1": ["index.html", "sub/index.html"],
        "https://cdn.example.org/x.js": ["index.html"],
        "https://img.example.org/1.png": ["index.html"],
        "https://img.example.org/2.png": ["index.html"],
        "https://skill-papers.github.io/skill-papers-other/": ["sub/index.html"],
    }


# --- external links: allowlist and verdicts ---------------------------------------

def test_allowlist_parses_hosts_and_prefixes() -> None:
    allowlist = ext.Allowlist.parse(
        "# comment\n\narxiv.org   # blocks bots\nhttps://doi.org/10.1145/\n.Example.COM\n")
    assert allowlist == ext.Allowlist(frozenset({"arxiv.org", "example.com"}),
                                      ("https://doi.org/10.1145/",))
    assert allowlist.allows("https://arxiv.org/abs/1")
    assert allowlist.allows("http://export.arxiv.org/abs/1")
    assert allowlist.allows("https://WWW.example.com/")
    assert allowlist.allows("https://doi.org/10.1145/3600000")
    assert not allowlist.allows("https://notarxiv.org/")
    assert not allowlist.allows("https://doi.org/10.1109/1")
    assert not allowlist.allows("https://github.com/arxiv.org")


@pytest.mark.parametrize(("text", "message"), [
    ("arxiv.org github.com", "line 1: one host or URL prefix a line: 'arxiv.org github.com'"),
    ("\narxiv.org/abs", "line 2: not a host nor an http(s) URL: 'arxiv.org/abs'"),
    ("ftp://x.org/", "line 1: not a host nor an http(s) URL: 'ftp://x.org/'"),
])
def test_allowlist_rejects_malformed_lines(text: str, message: str) -> None:
    with pytest.raises(ValueError) as error:
        ext.Allowlist.parse(text)
    assert str(error.value) == message


def test_repository_allowlist_covers_arxiv(repo: Path) -> None:
    allowlist = ext.Allowlist.read(repo / ".github" / "linkcheck-allowlist.txt")
    assert allowlist.allows("https://arxiv.org/abs/2401.17092")
    assert allowlist.allows("https://arxiv.org/pdf/2401.17092")
    assert not allowlist.allows("https://github.com/jjzha/nnose")


@pytest.mark.parametrize(("answer", "kind"), [
    (ext.Answer(200), "ok"), (ext.Answer(304), "ok"),
    (ext.Answer(404), "dead"), (ext.Answer(410), "dead"), (ext.Answer(400), "dead"),
    (ext.Answer(401), "blocked"), (ext.Answer(403), "blocked"), (ext.Answer(429), "blocked"),
    (ext.Answer(500), "error"), (ext.Answer(503), "error"),
    (ext.Answer(None, "unknown host (Name or service not known)"), "dead"),
    (ext.Answer(None, "time-out after 20 s"), "error"),
])
def test_answer_kinds(answer: ext.Answer, kind: str) -> None:
    assert answer.kind == kind


def test_urls_are_asked_host_by_host_in_turn() -> None:
    urls = ["https://a.org/1", "https://a.org/2", "https://a.org/3", "https://b.org/1",
            "https://c.org/2", "https://c.org/1"]
    assert ext.interleaved(urls) == [
        "https://a.org/1", "https://c.org/1", "https://b.org/1",
        "https://a.org/2", "https://c.org/2", "https://a.org/3"]
    assert ext.interleaved([]) == []


# --- external links: real HTTP against 127.0.0.1 ----------------------------------

# The test-only opening: the suite's servers are on loopback, which real runs refuse.
LOCAL = functools.partial(ext.fetch, allow_loopback=True)

class Handler(http.server.BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, int]] = {"/ok": 200, "/gone": 404, "/blocked": 403, "/error": 503}

    def _answer(self, head: bool) -> None:
        if self.path == "/slow":
            time.sleep(1.0)
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
        elif self.path == "/moved-away":
            self.send_response(302)
            self.send_header("Location", "/gone")
        elif self.path == "/nohead":
            self.send_response(405 if head else 200)
        else:
            self.send_response(self.routes.get(self.path, 200 if self.path == "/slow" else 404))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def do_GET(self) -> None:
        self._answer(head=False)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serve(None, Handler) as base:
        yield base


def test_check_urls_over_http(server: str) -> None:
    allowlist = ext.Allowlist(frozenset(), (f"{server}/blocked", f"{server}/gone"))
    paths = ["/ok", "/gone", "/blocked", "/error", "/nohead", "/moved", "/moved-away", "/slow"]
    results = ext.check_urls([server + path for path in paths], allowlist, workers=4,
                             timeout=0.3, fetch=LOCAL)
    got = {r.url[len(server):]: (r.answer.kind, str(r.answer), r.reported) for r in results}
    assert got == {
        "/blocked": ("blocked", "403", False),  # allowlisted: not reported
        "/error": ("error", "503", True),
        "/gone": ("dead", "404", True),  # allowlisted, yet really gone: reported
        "/moved": ("ok", "200", False),
        "/moved-away": ("dead", "404", True),
        "/nohead": ("ok", "200", False),
        "/ok": ("ok", "200", False),
        "/slow": ("error", "time-out after 0.3 s", True),
    }
    assert [r.url for r in results] == sorted(r.url for r in results)


def test_external_links_command_writes_the_summary(server: str, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "site"
    (site / "papers").mkdir(parents=True)
    (site / "index.html").write_text(f'<a href="{server}/ok">ok</a>', encoding="utf-8")
    (site / "papers" / "index.html").write_text(
        f'<a href="{server}/gone#x">gone</a> <a href="{server}/blocked">blocked</a>'
        f' <a href="{server}/ok">ok</a>', encoding="utf-8")
    allowlist = tmp_path / "allow.txt"
    allowlist.write_text(f"{server}/blocked\n", encoding="utf-8")
    summary = tmp_path / "summary.md"
    argv = [str(site), "-f", str(tmp_path / "no-mkdocs.yml"), "--allowlist", str(allowlist),
            "--summary", str(summary), "--timeout", "5"]
    assert ext.main(argv, fetch=LOCAL) == 1
    assert capsys.readouterr().out == f"dead: {server}/gone (404) on papers/index.html\n"
    assert summary.read_text(encoding="utf-8") == (
        "## External links\n\n"
        "3 links checked: 1 ok, 1 dead, 1 blocked, 0 error, 0 refused; 1 reported.\n\n"
        "| Link | Answer | Found on |\n| --- | --- | --- |\n"
        f"| <{server}/gone> | dead: 404 | papers/index.html |\n")

    (site / "papers" / "index.html").write_text(f'<a href="{server}/ok">ok</a>', encoding="utf-8")
    summary.unlink()
    assert ext.main(argv, fetch=LOCAL) == 0
    assert summary.read_text(encoding="utf-8") == (
        "## External links\n\n"
        "1 links checked: 1 ok, 0 dead, 0 blocked, 0 error, 0 refused; 0 reported.\n\n"
        "No dead links.\n")
    # for real runs loopback is refused: the command line cannot open it
    assert ext.main(argv) == 1
    assert capsys.readouterr().out.startswith(
        f"refused: {server}/ok (refused: 127.0.0.1 is a loopback address 127.0.0.1)")


# --- external links: a host that misbehaves (issue 12, class 3) -------------------

def _drip(sock: socket.socket) -> None:
    """A status line, then one header byte every 0.1 s, for ever (until cut off)."""
    sock.sendall(b"HTTP/1.1 200 OK\r\n")
    for _ in range(600):
        sock.sendall(b"X")
        time.sleep(0.1)


def _silent(sock: socket.socket) -> None:
    time.sleep(2)


MISBEHAVING: dict[str, rawserver.Answer] = {
    "/bad-status": b"HTTP/1.1 abc OK\r\n\r\n",
    "/not-http": b"SSH-2.0-OpenSSH_9.6\r\n",
    "/cr-reason": b"HTTP/1.1 404 Not\r::error::injected from a host\r\nContent-Length: 0\r\n\r\n",
    "/cr-status": b"HTTP/1.1 200\r::stop-commands::x\r\n\r\n",
    "/to-file": b"HTTP/1.1 302 Found\r\nLocation: file:///etc/passwd\r\n\r\n",
    "/to-ftp": b"HTTP/1.1 301 Moved\r\nLocation: ftp://example.org/x\r\n\r\n",
    "/to-metadata": b"HTTP/1.1 302 Found\r\nLocation: http://169.254.169.254/latest\r\n\r\n",
    "/to-private": b"HTTP/1.1 307 Found\r\nLocation: http://10.1.2.3:8080/\r\n\r\n",
    "/to-unspecified": b"HTTP/1.1 307 Found\r\nLocation: http://0.0.0.0/\r\n\r\n",
    "/to-mapped": b"HTTP/1.1 308 Found\r\nLocation: http://[::ffff:10.0.0.1]/\r\n\r\n",
    "/loop": b"HTTP/1.1 302 Found\r\nLocation: /loop\r\n\r\n",
    "/many-headers": b"HTTP/1.1 200 OK\r\n" + b"X-A: b\r\n" * 200 + b"\r\n",
    "/long-line": b"HTTP/1.1 200 " + b"x" * 100_000 + b"\r\n\r\n",
    "/informational": b"HTTP/1.1 199 Odd\r\n\r\n",
    "/closed": b"",
    "/drip": _drip,
    "/silent": _silent,
}


@pytest.fixture(scope="module")
def misbehaving() -> Iterator[str]:
    with rawserver.raw_server(MISBEHAVING) as base:
        yield base


def test_every_misbehaving_host_is_that_urls_result(misbehaving: str) -> None:
    start = time.monotonic()
    results = ext.check_urls([misbehaving + path for path in MISBEHAVING], ext.Allowlist(),
                             workers=8, timeout=0.3, fetch=LOCAL)
    assert time.monotonic() - start < 3  # the drip is cut off at 3 time-outs
    got = {r.url[len(misbehaving):]: (r.answer.kind, str(r.answer)) for r in results}
    assert got == {
        "/bad-status": ("error", "bad answer (BadStatusLine)"),
        "/not-http": ("error", "bad answer (BadStatusLine)"),
        "/cr-reason": ("dead", "404"),
        "/cr-status": ("ok", "200"),  # a reason of "\r::stop-commands::x", never printed
        "/to-file": ("refused", "refused: not an http(s) URL (file:)"),
        "/to-ftp": ("refused", "refused: not an http(s) URL (ftp:)"),
        "/to-metadata": ("refused", "refused: 169.254.169.254 is a link-local address "
                         "169.254.169.254"),
        "/to-private": ("refused", "refused: 10.1.2.3 is a private address 10.1.2.3"),
        "/to-unspecified": ("refused", "refused: 0.0.0.0 is a private address 0.0.0.0"),
        "/to-mapped": ("refused", "refused: ::ffff:10.0.0.1 is a private address 10.0.0.1"),
        "/loop": ("refused", "refused: more than 5 redirects"),
        "/many-headers": ("error", "bad answer (HTTPException)"),
        "/long-line": ("error", "bad answer (LineTooLong)"),
        "/informational": ("error", "199"),
        "/closed": ("error", "bad answer (RemoteDisconnected)"),
        "/drip": ("error", "time-out after 0.3 s"),
        "/silent": ("error", "time-out after 0.3 s"),
    }
    assert [r.url for r in results if not r.reported] == [misbehaving + "/cr-status"]


def test_nothing_a_host_says_is_printed_raw(misbehaving: str, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "site"
    site.mkdir()
    links = "".join(f'<a href="{misbehaving}{path}">x</a>' for path in MISBEHAVING)
    (site / "index.html").write_text(links, encoding="utf-8")
    summary = tmp_path / "summary.md"
    argv = [str(site), "-f", str(tmp_path / "none.yml"), "--timeout", "0.3",
            "--summary", str(summary)]
    assert ext.main(argv, fetch=LOCAL) == 1
    out, err = capsys.readouterr()
    printed = out + err + summary.read_text(encoding="utf-8")
    assert "\r" not in printed
    assert not [line for line in printed.split("\n") if line.lstrip().startswith("::")]
    assert len(out.splitlines()) == len(MISBEHAVING) - 1  # all but /cr-status


@pytest.mark.parametrize(("address", "why"), [
    ("127.0.0.1", "loopback address 127.0.0.1"), ("::1", "loopback address ::1"),
    ("10.0.0.1", "private address 10.0.0.1"), ("192.168.1.1", "private address 192.168.1.1"),
    ("172.16.0.1", "private address 172.16.0.1"), ("fd00::1", "private address fd00::1"),
    ("169.254.169.254", "link-local address 169.254.169.254"),
    ("fe80::1%eth0", "link-local address fe80::1"), ("100.64.0.1", "not public address 100.64.0.1"),
    ("224.0.0.1", "not public address 224.0.0.1"), ("240.0.0.1", "private address 240.0.0.1"),
    ("::ffff:127.0.0.1", "loopback address 127.0.0.1"),
    ("93.184.215.14", None), ("2606:4700::1", None),
])
def test_only_public_addresses_are_asked(address: str, why: str | None) -> None:
    assert ext._address_refused(address) == why


def test_a_name_is_checked_after_it_resolves() -> None:
    """``localhost`` is a name (no DNS needed: /etc/hosts); what it resolves to decides."""
    with pytest.raises(ext.Refused, match="localhost is a loopback address"):
        ext._addresses("localhost", 80, allow_loopback=False)
    answer = ext.fetch("http://localhost:9/x", 0.5)
    assert (answer.kind, str(answer)) == ("refused", "refused: localhost is a loopback "
                                          "address 127.0.0.1")
