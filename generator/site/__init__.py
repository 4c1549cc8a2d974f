"""Page and file producers, with their templates (``templates/``).

Each producer takes a ``context.Context`` (the collection and what pages derive
from it) and yields ``(path inside the docs folder, content)``; ``render`` is the one
place templates are rendered. Producers write nothing themselves.
"""
