"""The preview (``mkdocs serve``): a MkDocs plugin (``plugin``) that owns a
``Session`` and regenerates the docs folder after each save. It may use every other
part of the generator; no other part uses it."""
