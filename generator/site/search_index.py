"""Paper search past a few hundred papers: a Pagefind index instead of Material's.

Material's search downloads the whole site's text before the first result: about
0.5 KB gzip a paper, 5 MB at 10,000 papers (benchmarks/PLAN.md). Pagefind splits
its index into chunks by word and loads only the chunks of the words typed, plus
one small fragment a shown result, so a query costs a few hundred KB at any size.

Up to ``extra.large_collection_above`` papers (mkdocs.yml, default 500; see
``Context.large``) nothing changes: Material indexes every page, with the typo
tolerance of search-typos-worker.js. Above it:

- paper pages carry ``search: {exclude: true}``, so Material's index keeps only
  the hand-written, topic and index pages (a few dozen);
- ``pagefind_files`` writes ``build/docs/pagefind/``: one small HTML document a
  paper (title, authors, facts, topics, abstract; ``templates/pagefind.html.j2``)
  indexed by the ``pagefind`` binary from PyPI (``pagefind_bin``);
- the search worker (search-typos-worker.js) reads ``search-engine.js`` and asks
  Pagefind for papers and Material for pages, in one result list, after the
  names index (search_names.py), which it asks in both modes.

MkDocs copies the index as static files, so Zensical would too.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from generator.site.context import Context, Output
from generator.site.search_names import NAMES_DIR, STOP_WORDS, common_words

ENGINE_SCRIPT = "assets/javascripts/search-engine.js"
INDEX_DIR = "pagefind"


def engine_script(ctx: Context) -> Output:
    """What the search worker loads (importScripts): where papers are searched in full
    text, where the names index is (search_names.py), the stop words, and with
    Pagefind the collection's common words (search_names.common_words)."""
    engine: dict[str, object] = {"papers": "lunr", "names": f"{NAMES_DIR}/",
                                 "stop": sorted(STOP_WORDS)}
    if ctx.large:
        engine.update(papers="pagefind", index=f"{INDEX_DIR}/",
                      common=common_words(ctx.collection.papers.values()))
    yield ENGINE_SCRIPT, ("/* Written by generator/search_index.py. */\n"
                          f"self.SEARCH_ENGINE = {json.dumps(engine, sort_keys=True)};\n")


def pagefind_files(ctx: Context) -> Output:
    """The Pagefind index of the papers, built in a scratch folder and yielded file by
    file (``pagefind/...``), so unchanged chunks are not rewritten."""
    if not ctx.large:
        return
    with tempfile.TemporaryDirectory(prefix="pagefind-", dir=_scratch_root()) as scratch:
        source, out = Path(scratch) / "site", Path(scratch) / "out"
        for paper in sorted(ctx.collection.papers.values(), key=lambda p: p.id):
            page = source / "papers" / paper.id / "index.html"
            page.parent.mkdir(parents=True)
            page.write_text(ctx.renderer.render(
                "pagefind.html.j2", paper=paper, topics=ctx.collection.topics_of(paper)),
                encoding="utf-8")
        # `python -m pagefind` runs the binary of the pinned pagefind_bin wheel
        run = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(source),
                              "--output-path", str(out), "--force-language", "en", "--quiet"],
                             capture_output=True, text=True)
        if run.returncode != 0:  # not bad input: the records were valid HTML-escaped text
            raise RuntimeError(f"pagefind failed:\n{run.stdout}{run.stderr}")
        for path in sorted(out.rglob("*")):
            if path.is_file() and _shipped(path.relative_to(out)):
                yield f"{INDEX_DIR}/{path.relative_to(out).as_posix()}", path.read_bytes()


def _scratch_root() -> str | None:
    """Where the documents Pagefind reads are written: a RAM folder where there is one.

    Pagefind numbers pages in the order it lists the folder, and that order comes
    from the file system: ext4 hashes names with a seed of its own, so two machines
    would build different (equally good) indexes. tmpfs lists a folder in the order
    its files were made, which is sorted here, so every machine with /dev/shm (Linux,
    GitHub's runners) writes the same bytes. It is faster, too: 10,000 small files."""
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None


def _shipped(rel: Path) -> bool:
    """The index and its search API; not Pagefind's own UIs, which the site does not use."""
    return not rel.name.startswith(("pagefind-ui", "pagefind-modular-ui",
                                    "pagefind-component-ui", "pagefind-highlight"))


class PreviewIndex:
    """Under ``mkdocs serve``: the Pagefind index of the first build, given again on
    every rebuild. Indexing a large collection takes long, and a preview must show an
    edited page within seconds; the edit reaches search when the preview restarts."""

    def __init__(self) -> None:
        self.files: list[tuple[str, str | bytes]] | None = None

    def __call__(self, ctx: Context) -> Output:
        if self.files is None:
            self.files = list(pagefind_files(ctx))
        yield from self.files
