"""Text helpers of the renderer."""

from __future__ import annotations

from generator.site.render import front_matter, gist, md, paragraphs


def test_paragraphs_of_a_folded_block_are_split_at_the_kept_newline() -> None:
    assert paragraphs("First paragraph goes on.\nSecond one.") == [
        "First paragraph goes on.", "Second one."]


def test_paragraphs_of_a_literal_block_are_split_at_blank_lines() -> None:
    assert paragraphs("line one\nline two\n\n  next   paragraph\n") == [
        "line one line two", "next paragraph"]


def test_md_escapes_markdown_and_html() -> None:
    assert str(md("*x* [a](javascript:y) <b>")) == (
        r"\*x\* \[a\]\(javascript:y\) &lt;b&gt;")


def test_gist_is_the_first_sentence_cut_at_a_word() -> None:
    assert gist("We study skills. Then more.") == "We study skills."
    long = "word " * 60 + "end."
    cut = gist(long, limit=30)
    assert cut.endswith("…") and len(cut) <= 31 and "  " not in cut


TRICKY = ["plain", "NO", "2024", "'quoted'", '"double"', "colon: inside", "- leading dash",
          "# hash", "---", "a\nb", "  spaces  ", "Nørgaard Ünïcödé 漢字 😀", "x" * 1500,
          "tab\there", "{braces} [brackets] &amp; <b>", "\u202e bidi", "~", "null", "@at"]


def test_front_matter_reads_back_as_the_values_given() -> None:
    import yaml

    meta = {"paper_meta": {f"k{i}": s for i, s in enumerate(TRICKY)},
            "authors": TRICKY, "search": {"boost": 2}, "title": "A <b> & \"c\""}
    text = str(front_matter(meta))
    assert text.startswith("---\n") and text.endswith("\n---\n")
    loaded = yaml.safe_load(text.removeprefix("---\n").removesuffix("---\n"))
    assert loaded == {**meta, "title": "A &lt;b&gt; &amp; &quot;c&quot;"}


def test_collapsing_whitespace_keeps_pre_blocks_and_word_gaps() -> None:
    from generator.site.htmlslim import collapse_whitespace

    page = ("<div>\n    <p>a\n      b</p>   <span>x</span>\n"
            "  <pre><code>  keep\n    this</code></pre>\n  <script>\n  var s = ' \\n  ';\n</script>"
            "\n\n   <textarea>\n  t\n</textarea>")
    assert collapse_whitespace(page) == (
        "<div>\n<p>a\nb</p>   <span>x</span>\n"
        "<pre><code>  keep\n    this</code></pre>\n<script>\n  var s = ' \\n  ';\n</script>"
        "\n<textarea>\n  t\n</textarea>")
