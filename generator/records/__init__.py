"""Reading and checking records: ``content/`` into a ``Collection`` and every problem.

``load`` reads YAML files safely, with line numbers; ``validate`` holds the field
rules (with ``generator/schema/``); ``collection`` loads and checks the whole
collection; ``rules`` are the collection's own rules (``content/collection.yaml``);
``cache`` keeps loaded records between runs of one process.
"""
