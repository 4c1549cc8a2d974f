"""Turn a collection of paper records (YAML) into a static MkDocs site.

The pipeline, one subpackage a stage; each imports only the ones below it::

    model/      papers, topics, the collection; problems; where pages live
    records/    content/*.yaml ──▶ Collection + every problem (file:line: field: message)
    links/      related papers, mentions
    site/       page and file producers, templates/ ──▶ (path, Markdown or bytes)
    write/      generate(): the producers' files ──▶ build/docs/ (only what changed)
    authoring/  new and import: records written for contributors
    review.py, cli.py   the commands (python -m generator --help)
    preview/    the MkDocs plugin for mkdocs serve (uses everything; nothing uses it)

The rules records follow are in ``schema/`` (JSON Schema), which the browser form
reads too. ``pyproject.toml``'s import-linter contract keeps the layers.
"""
