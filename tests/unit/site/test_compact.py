"""The theme's templates without their indentation (site/compact.py)."""

from __future__ import annotations

import jinja2

from digest.site.compact import Unindented, unindent


def test_each_lines_indentation_is_dropped() -> None:
    assert unindent("<div>\n      <p>a {{ x }}</p>\n\n    <p>b</p>\n</div>") == "<div>\n<p>a {{ x }}</p>\n<p>b</p>\n</div>"
    assert unindent("  <a>x</a> <a>y</a>") == "<a>x</a> <a>y</a>", "a space between inline links stays a space"


def test_a_template_with_preformatted_text_is_kept_as_written() -> None:
    for source in ("<div>\n  <pre>\n    x\n  </pre>\n</div>", "<div>\n  <textarea>\n  a\n</textarea>"):
        assert unindent(source) == source


def test_the_loader_renders_the_same_text_without_indentation() -> None:
    templates = {"page.html": "<ul>\n    {% for i in items %}\n      <li>{{ i }}</li>\n    {% endfor %}\n</ul>"}
    plain = jinja2.Environment(loader=jinja2.DictLoader(templates))
    compact = jinja2.Environment(loader=Unindented(jinja2.DictLoader(templates)))
    shown = plain.get_template("page.html").render(items=[1, 2])
    made = compact.get_template("page.html").render(items=[1, 2])
    assert len(made) < len(shown) and made.split() == shown.split()
