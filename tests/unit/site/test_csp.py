"""The Content-Security-Policy written into a page (site/csp.py)."""

from __future__ import annotations

from digest.site import csp
from digest.site.csp import source_of


def test_the_policy_lists_only_the_allowed_scripts_the_page_holds() -> None:
    here, elsewhere, foreign = "var a=1", "var b=2", "alert(1)"
    page = f'<html><head><meta charset="utf-8"></head><body><script>{here}</script><script>{foreign}</script></body></html>'
    written = csp.policed(page, [source_of(here), source_of(elsewhere)])[0]
    policy = written.split('content="', 1)[1].split('"', 1)[0]
    assert source_of(here) in policy
    assert source_of(elsewhere) not in policy, "a theme script this page does not hold"
    assert source_of(foreign) not in policy, "a script the theme does not write is never allowed"
    assert written.index("Content-Security-Policy") < written.index("<script>")


def test_a_page_s_policy_and_the_scripts_it_refuses() -> None:
    page = ('<html><head><meta charset="utf-8"><script>theme()</script></head><body><script>theme()</script>'
            '<script>alert(1)</script><script type="application/ld+json">{}</script></body></html>')
    allowed = [csp.source_of("theme()"), csp.source_of("other()")]
    policed, refused = csp.policed(page, allowed)
    assert refused == ["alert(1)"], "JSON-LD is data, not a script; the theme's script is allowed"
    assert csp.source_of("theme()") in policed and csp.source_of("other()") not in policed
    assert policed.index("Content-Security-Policy") < policed.index("<script>")
