"""The model every stage shares: papers, topics and the collection (``papers``), the
problems found in the input (``problems``), and where generated pages live
(``sitepaths``). Imports nothing else of the generator."""
