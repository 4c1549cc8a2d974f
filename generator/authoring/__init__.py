"""Commands that write records: ``new`` (``scaffold``), ``import`` (``bibimport``, from
BibTeX), the record file format they share (``recordfile``), and the one-off import
that made the first collection (``seed_import``)."""
