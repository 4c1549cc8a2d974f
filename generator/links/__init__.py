"""What is derived from the records and links papers: related papers and mentions
(``related``, with ``nearest`` for the similarity search)."""
