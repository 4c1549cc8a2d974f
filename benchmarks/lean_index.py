"""Estimate a lean Material search index from a built site's search_index.json.

    python benchmarks/lean_index.py /tmp/skill-papers-bench/10000/site

An experiment for issue #7, not what the site ships: paper pages keep one entry
(title, plus the first ``--keep`` characters of the page text: authors, year,
venue, arXiv id) and lose their section entries (the abstract's full text, the
citation). Prints raw and gzip sizes of the full and the lean index.
"""

from __future__ import annotations

import argparse
import gzip
import json
from pathlib import Path
from typing import Any


def lean(index: dict[str, Any], keep: int) -> dict[str, Any]:
    docs = []
    for doc in index["docs"]:
        location = doc["location"]
        if location.startswith("papers/") and location != "papers/" \
                and not location.startswith("papers/#"):
            if "#" in location:
                continue
            doc = {**doc, "text": doc["text"][:keep]}
        docs.append(doc)
    return {**index, "docs": docs}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--keep", type=int, default=200)
    args = parser.parse_args(argv)
    raw = (args.site / "search" / "search_index.json").read_bytes()
    small = json.dumps(lean(json.loads(raw), args.keep), separators=(",", ":")).encode()
    return {"full_kb": round(len(raw) / 1e3, 1),
            "full_gzip_kb": round(len(gzip.compress(raw, 6)) / 1e3, 1),
            "lean_kb": round(len(small) / 1e3, 1),
            "lean_gzip_kb": round(len(gzip.compress(small, 6)) / 1e3, 1)}


if __name__ == "__main__":
    print(json.dumps(main(), indent=1))
