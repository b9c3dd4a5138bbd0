"""Finding and rendering pandoc-style citations."""

from __future__ import annotations

from digest.markdown import citations
from digest.markdown.citations import Cite
from digest.site.pages import maker as pages


def test_find_forms_and_lines() -> None:
    text = "A [@a].\n\nB [@b; @c] and [see @d, p. 12].\n`[@code]`\n```\n[@fenced]\n```\nmail a@b.org [x](y)"
    found = citations.find(text, first_line=10)
    assert [(c.line, c.cites) for c in found] == [
        (10, (Cite("a"),)),
        (12, (Cite("b"), Cite("c"))),
        (12, (Cite("d", "see", "p. 12"),)),
    ]


def test_replace_leaves_code_and_links_alone() -> None:
    text = "[@a] `[@a]`\n```\n[@a]\n```\n[label](@a) [@a](x)"
    out = citations.replace(text, lambda cites: "CITE")
    assert out == "CITE `[@a]`\n```\n[@a]\n```\n[label](@a) [@a](x)"


def test_unknown_key_is_visible_and_text_escaped() -> None:
    """The in-text citation partial: a known key linked, an unknown one marked, all text escaped."""
    view = {"numeric": False, "joiner": "; ", "pieces": [
        {"key": "a", "prefix": "see <b>", "locator": "p. 1", "label": "A & B, 2000", "href": "../a/"},
        {"key": "zz", "prefix": "", "locator": "", "label": "", "href": ""}]}
    html = pages.render_macro(pages.environment(), "partials/citation.html", "citation", view)
    assert html == (
        '(see &lt;b&gt; <a class="digest-citation" href="../a/">A &amp; B, 2000</a>, p. 1; '
        '<span class="digest-citation-missing" title="No entry with this key">@zz?</span>)'
    )
