"""Turn a collection of paper records (YAML) into a static MkDocs site.

The pipeline, one module a step::

    content/papers/*.yaml ──load──▶ Paper records (with source positions)
                           ──validate──▶ problems (all of them, sorted)
                           ──links──▶ related papers, mentions
                           ──render──▶ Markdown pages (templates/*.md.j2)
                           ──build──▶ build/docs/ (only changed files rewritten)

``python -m generator --help`` lists the commands.
"""
