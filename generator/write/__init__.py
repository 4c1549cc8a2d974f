"""Writing the docs folder: ``build.generate`` runs the producers of ``generator.site``
and ``folder`` writes what changed, and removes what is no longer produced."""
