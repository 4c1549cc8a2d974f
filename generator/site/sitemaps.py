"""``sitemap-papers.xml``: the paper pages of a large collection, for search engines.

In a large collection (``Context.large``) the site's ``sitemap.xml``
(overrides/sitemap.xml) leaves paper pages out, because Material's instant
navigation downloads that file whole on every visit. Crawlers still need every
paper: submit ``sitemap-papers.xml`` next to ``sitemap.xml`` (Google Search
Console), or list both in the domain's ``robots.txt``. Needs ``site_url``.
"""

from __future__ import annotations

from generator.site.context import Context, Output

SITEMAP = "sitemap-papers.xml"


def paper_sitemap(ctx: Context) -> Output:
    if not ctx.large or ctx.site["url"] == "/":
        return
    yield SITEMAP, ctx.renderer.render(
        "sitemap-papers.xml.j2", papers=sorted(ctx.collection.papers.values(),
                                               key=lambda p: p.id))
