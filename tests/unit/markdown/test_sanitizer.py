"""The allow-list sanitizer: event handlers, script URLs, foreign tags and reserved names go, whatever
the spelling; what it removed is reported and found again at its line of the source."""

from __future__ import annotations

import re

import pytest

from digest.markdown import sanitizer


@pytest.mark.parametrize("html", [
    '<p onclick="alert(1)">x</p>', '<img src="a.png" onerror="alert(1)">', '<p ONMOUSEOVER=alert(1)>x</p>',
    '<a href="#" onfocus = \'alert(1)\'>x</a>', '<details open ontoggle="alert(1)">x</details>',
])
def test_event_handler_attributes_are_dropped(html: str) -> None:
    cleaned = sanitizer.clean(html)
    assert re.search(r"\son\w+\s*=", cleaned, re.IGNORECASE) is None and "alert" not in cleaned
    assert any(r.what.startswith("attribute on") for r in sanitizer.removed(html, cleaned))


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)",
                                 "javascript&colon;alert(1)", "&#106;avascript:alert(1)", " javascript:alert(1)",
                                 "vbscript:msgbox(1)", "data:text/html,<script>alert(1)</script>"])
def test_script_urls_are_dropped_however_spelt(url: str) -> None:
    cleaned = sanitizer.clean(f'<a href="{url}">x</a>')
    assert "href" not in cleaned and "alert" not in cleaned and "msgbox" not in cleaned
    assert ">x</a>" in cleaned


def test_a_javascript_link_is_reported_as_one() -> None:
    before = '<p>ok</p>\n<a href="javascript:alert(1)">x</a>'
    [removal] = sanitizer.removed(before, sanitizer.clean(before))
    assert removal.what == "javascript: link (href of <a>)"
    assert sanitizer.line_of(removal.needles, before.splitlines(), 10) == 11


def test_each_bad_link_of_a_digest_is_named_at_its_own_line() -> None:
    """Links of one element and attribute with other schemes, on other lines: each a problem at its line
    (one message for them all named the first, and a contributor found the others a build later)."""
    from digest.markdown.render import Renderer

    body = ("Fine [paper](https://doi.org/10.1/x).\n\n"            # line 5
            '<a href="data:text/html,hi">one</a>\n\n'              # line 7
            "See [two](javascript:alert(2)) here.\n\n"             # line 9
            "And [three][ref] too, [four](vbscript:msgbox(4)).\n\n"  # line 11
            "[ref]: javascript:alert(3)\n")                         # line 13
    cleaned = Renderer().body(body, "docs/digests/k.md", 5)
    assert "alert" not in cleaned.html and "msgbox" not in cleaned.html and "data:" not in cleaned.html
    said = sorted((p.line, p.message) for p in cleaned.problems)
    assert said == [(7, "unsafe HTML removed: data: link (href of <a>)"),
                    (9, "unsafe HTML removed: javascript: link (href of <a>)"),
                    (11, "unsafe HTML removed: vbscript: link (href of <a>)"),
                    (13, "unsafe HTML removed: javascript: link (href of <a>)")]


def test_allowed_markup_and_links_pass_unchanged() -> None:
    html = ('<p><a href="https://example.org/a?b=1&amp;c=2" title="t">link</a> <em>e</em> '
            '<a href="mailto:x@example.org">m</a> <img src="figures/a.png" alt="A"></p>')
    assert sanitizer.clean(html) == html
    assert sanitizer.removed(html, sanitizer.clean(html)) == []


@pytest.mark.parametrize(("html", "gone"), [
    ("<script>alert(1)</script>", "element <script>"), ("<style>p{}</style>", "element <style>"),
    ('<iframe src="https://e.org"></iframe>', "element <iframe>"), ("<svg><a>x</a></svg>", "element <svg>"),
    ('<form action="https://e.org"><input></form>', "element <form>"),
])
def test_tags_off_the_list_are_removed_and_named(html: str, gone: str) -> None:
    cleaned = sanitizer.clean(html)
    assert "<script" not in cleaned and "<iframe" not in cleaned and "<form" not in cleaned and "<style" not in cleaned
    assert gone in [r.what for r in sanitizer.removed(html, cleaned)]


def test_reserved_ids_and_classes_and_external_images_are_dropped() -> None:
    html = ('<div id="__config" class="md-consent__overlay mine">a</div><span id="digest-search-list">b</span>'
            '<p id="fine-id">c</p><img src="https://tracker.example/p.gif" alt="x"><img src="//t.example/p.gif" alt="y">')
    cleaned = sanitizer.clean(html)
    assert "__config" not in cleaned and "md-consent" not in cleaned and 'class="mine"' in cleaned
    assert "digest-search-list" not in cleaned and 'id="fine-id"' in cleaned
    assert "tracker.example" not in cleaned and "t.example" not in cleaned
    said = [r.what for r in sanitizer.removed(html, cleaned)]
    assert any(w.startswith("external image") for w in said)
    assert any(w.startswith('class "md-consent__overlay"') for w in said)
    assert any(w.startswith("id= on <div>") for w in said) and any(w.startswith("id= on <span>") for w in said)


def test_external_tells_links_out_of_the_site() -> None:
    assert sanitizer.external("https://e.org/x.png") and sanitizer.external("//e.org/x.png")
    assert sanitizer.external("\\\\e.org/x.png") and sanitizer.external(" java\nscript:x")
    assert not sanitizer.external("figures/x.png") and not sanitizer.external("../x.png")


def test_comments_are_stripped() -> None:
    assert sanitizer.clean("<p>a<!-- <script>alert(1)</script> -->b</p>") == "<p>ab</p>"
