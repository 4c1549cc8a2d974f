"""Links of a built site: collect them, and check that every internal one resolves.

``python -m tests.tools.links site`` (what ``make linkcheck`` runs) parses every
HTML page of the site folder and resolves each internal ``href``/``src``/``srcset``,
and each ``<loc>`` of ``sitemap.xml``, against the folder, ``#anchors`` included
(an ``id`` or ``name`` on the target page). Absolute URLs under the config's
``site_url`` (canonical links, the sitemap's) count as internal, and the folder is
served at ``site_url``'s path, as 404.html's root-absolute links expect. It prints
one line a broken link, sorted::

    papers/nnose/index.html: ../skillmimc/ -> papers/skillmimc/ (no such file)
    topics/index.html: #robotics -> topics/index.html#robotics (no such anchor)

and exits 1 if there is any. No network: external links are only collected
(``external_links``), for ``tests/tools/external_links.py`` to check on a schedule.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import lxml.etree
import lxml.html
import yaml

# Attributes that make a browser load or navigate somewhere.
LINK_ATTRIBUTES = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "form": ("action",),
}
# Schemes that are not documents to check (mailto:, Material's javascript:void(0)...).
SKIPPED_SCHEMES = {"mailto", "tel", "javascript", "data", "blob", "about"}
HOST = "site.invalid"  # stands for the site's host while resolving links


@dataclass(frozen=True, order=True)
class Link:
    page: str  # page holding the link, relative to the site folder ("papers/x/index.html")
    url: str  # as written in the page


@dataclass(frozen=True, order=True)
class Broken:
    link: Link
    target: str
    reason: str

    def __str__(self) -> str:
        return f"{self.link.page}: {self.link.url} -> {self.target} ({self.reason})"


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def _parse(path: Path) -> Any:
    return lxml.html.fromstring(path.read_bytes())


def _urls(values: str, attribute: str) -> Iterator[str]:
    if attribute == "srcset":
        for candidate in values.split(","):
            if candidate.strip():
                yield candidate.split()[0]
    else:
        yield values.strip()


def page_links(site: Path, page: Path) -> Iterator[Link]:
    """Every link of one page, in document order."""
    rel = page.relative_to(site).as_posix()
    tree = _parse(page)
    for element in tree.iter(*LINK_ATTRIBUTES):
        for attribute in LINK_ATTRIBUTES[element.tag]:
            value = element.get(attribute)
            if value is not None:
                for url in _urls(value, attribute):
                    yield Link(rel, url)


def sitemap_links(site: Path) -> Iterator[Link]:
    """The ``<loc>`` URLs of ``sitemap.xml``: every one must be a page of the site."""
    sitemap = site / "sitemap.xml"
    if sitemap.is_file():
        tree = lxml.etree.fromstring(sitemap.read_bytes())
        for loc in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"):
            yield Link("sitemap.xml", (loc.text or "").strip())


def site_links(site: Path) -> list[Link]:
    links = {link for page in html_pages(site) for link in page_links(site, page)}
    return sorted(links | set(sitemap_links(site)))


def site_url_of(config: Path) -> str | None:
    """``site_url`` of a mkdocs.yml (ours has no YAML tags: the generator reads it the
    same way, see generator/site/context.py)."""
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    url = data.get("site_url") if isinstance(data, dict) else None
    return str(url) if url else None


def is_external(url: str, site_url: str | None = None) -> bool:
    """An http(s) URL (or a protocol-relative one) outside ``site_url``."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https", "") or (not parts.scheme and not parts.netloc):
        return False
    return not (site_url and _under(url, site_url))


def _under(url: str, site_url: str) -> bool:
    base = urlsplit(site_url)
    parts = urlsplit(url)
    prefix = base.path if base.path.endswith("/") else base.path + "/"
    return parts.netloc == base.netloc and (parts.path + "/").startswith(prefix)


def external_links(site: Path, site_url: str | None = None) -> dict[str, list[str]]:
    """External URL (fragment dropped) -> the pages that link to it, both sorted."""
    found: dict[str, set[str]] = {}
    for link in site_links(site):
        if is_external(link.url, site_url):
            url = link.url.split("#", 1)[0]
            if url.startswith("//"):
                url = "https:" + url
            found.setdefault(url, set()).add(link.page)
    return {url: sorted(pages) for url, pages in sorted(found.items())}


@cache
def _anchors(page: Path) -> frozenset[str]:
    tree = _parse(page)
    return frozenset(
        value for element in tree.xpath("//*[@id or @name]")
        for value in (element.get("id"), element.get("name")) if value
    )


def _target_file(site: Path, path: str) -> Path | None:
    """The file a URL path names, as a static host serves it (``dir/`` -> ``dir/index.html``)."""
    candidate = site / path.lstrip("/")
    if path.endswith("/") or path == "" or candidate.is_dir():
        candidate = candidate / "index.html"
    try:
        candidate.resolve().relative_to(site.resolve())
    except ValueError:
        return None  # ../ out of the site folder
    return candidate if candidate.is_file() else None


def _site_path(site_url: str | None) -> str:
    path = urlsplit(site_url).path if site_url else "/"
    return path if path.endswith("/") else path + "/"


def check_link(site: Path, link: Link, site_url: str | None = None) -> Broken | None:
    """Resolve one link as a browser would on the published site (served at
    ``site_url``'s path, so root-absolute links such as 404.html's work)."""
    parts = urlsplit(link.url)
    if parts.scheme in SKIPPED_SCHEMES:
        return None
    root = _site_path(site_url)
    if site_url and parts.scheme in ("http", "https") and _under(link.url, site_url):
        url = urlsplit(link.url)._replace(scheme="http", netloc=HOST).geturl()
    elif parts.scheme or parts.netloc:
        return None  # external: not checked offline
    else:
        url = urljoin(f"http://{HOST}{root}{link.page}", link.url)
    resolved = urlsplit(url)
    path = unquote(resolved.path)
    if not (path + "/").startswith(root):
        return Broken(link, path, f"outside the site's root {root}")
    path = path[len(root):]
    target = _target_file(site, path)
    if target is None:
        return Broken(link, path or "/", "no such file")
    fragment = unquote(resolved.fragment)
    if fragment and target.suffix == ".html" and fragment not in _anchors(target):
        rel = target.relative_to(site).as_posix()
        return Broken(link, f"{rel}#{fragment}", "no such anchor")
    return None


def broken_links(site: Path, site_url: str | None = None) -> list[Broken]:
    """Every internal link of the site that does not resolve, sorted."""
    _anchors.cache_clear()
    problems = (check_link(site, link, site_url) for link in site_links(site))
    return sorted(problem for problem in problems if problem is not None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.tools.links", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path, nargs="?", default=Path("site"),
                        help="built site folder (default: site)")
    parser.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"),
                        help="mkdocs.yml whose site_url counts as internal (default: mkdocs.yml)")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"linkcheck: {args.site}/index.html not found; run `make build` first",
              file=sys.stderr)
        return 2
    site_url = site_url_of(args.config_file) if args.config_file.is_file() else None
    pages = html_pages(args.site)
    links = site_links(args.site)
    broken = broken_links(args.site, site_url)
    for problem in broken:
        print(problem)
    print(f"linkcheck: {len(pages)} pages, {len(links)} distinct links, "
          f"{len(broken)} broken", file=sys.stderr)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
