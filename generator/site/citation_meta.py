"""``<meta>`` tags for search engines and reference managers on paper pages.

The generator puts plain-text values into the page's front matter; the theme
(``overrides/partials/scholar-head.html``) prints them, HTML-escaped, in the
``<head>``::

    paper_meta:
      name:                        # <meta name=... content=...>
      - [citation_title, "SkillMimic: Learning ..."]
      - [citation_author, Yinhuai Wang]          # one a author
      - [citation_publication_date, 2024/08]
      - [twitter:card, summary]
      property:                    # <meta property=... content=...> (Open Graph)
      - [og:type, article]

Highwire Press ``citation_*`` tags are what Google Scholar and Zotero read.
"""

from __future__ import annotations

from typing import Any

from generator.model.papers import Paper
from generator.site.bibtex import entry_type
from generator.site.context import Context
from generator.site.render import gist


def paper_meta(ctx: Context, paper: Paper) -> dict[str, Any]:
    url = f"{ctx.site['url']}papers/{paper.id}/"
    description = gist(paper.abstract, 300)
    names: list[list[str]] = [["citation_title", paper.title]]
    # canonical names (content/authors.yaml), one a author, in the record's order
    names += [["citation_author", person.name]
              for person in ctx.collection.authors.get(paper.id, ())]
    if paper.year:
        date = f"{paper.year}/{paper.month:02d}" if paper.month else str(paper.year)
        names += [["citation_publication_date", date], ["citation_date", date]]
    _, venue_field = entry_type(paper)
    if paper.venue and venue_field:
        kind = "citation_journal_title" if venue_field == "journal" else \
            "citation_conference_title"
        names.append([kind, paper.venue])
    if paper.arxiv:
        names.append(["citation_arxiv_id", paper.arxiv])
    if paper.doi:
        names.append(["citation_doi", paper.doi])
    if paper.arxiv_pdf:
        names.append(["citation_pdf_url", paper.arxiv_pdf])
    names.append(["citation_abstract_html_url", url])
    topics = [ctx.collection.topics[t].title for t in paper.topics
              if t in ctx.collection.topics]
    if topics:
        names.append(["citation_keywords", "; ".join(topics)])
    names += [["twitter:card", "summary"], ["twitter:title", paper.title],
              ["twitter:description", description]]
    properties = [["og:type", "article"], ["og:title", paper.title],
                  ["og:description", description], ["og:url", url],
                  ["og:site_name", ctx.site["name"]]]
    return {"paper_meta": {"name": names, "property": properties}}
