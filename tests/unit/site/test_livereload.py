"""site/livereload.py: under `mkdocs serve`, a page's policy trusts exactly the script the server injected."""

from __future__ import annotations

from digest.site import csp, livereload

PAGE = (b'<meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src \'self\'; '
        b'script-src \'self\' \'sha256-theme\'; object-src \'none\'"><script>theme()</script></head>'
        b'<body><p>script-src \'self\'</p></body>')


def _inject(content: bytes, epoch: int) -> bytes:
    return content.replace(b"</body>", b"<script>livereload(%d, 42);</script></body>" % epoch)


def test_the_injected_script_alone_is_added_to_the_policy() -> None:
    served = livereload.trusting(_inject)(PAGE, 3)
    allowed = csp.source_of("livereload(3, 42);").encode()
    assert served.count(allowed) == 1
    assert served.index(allowed) < served.index(b"<script>")  # inside the policy, not in the text
    assert b"'sha256-theme'" in served and b"unsafe" not in served
    assert served.endswith(b"<script>livereload(3, 42);</script></body>")


def test_a_script_already_in_the_page_is_not_trusted_by_the_injection() -> None:
    hostile = PAGE.replace(b"<p>", b"<script>alert(1)</script><p>")
    served = livereload.trusting(_inject)(hostile, 1)
    assert csp.source_of("alert(1)").encode() not in served
    assert livereload.injected_scripts(hostile, served) == ["livereload(1, 42);"]


def test_a_page_without_the_policy_is_left_as_served() -> None:
    plain = b"<html><body>no policy</body></html>"
    assert livereload.trusting(_inject)(plain, 1) == _inject(plain, 1)
    assert livereload.allow(PAGE, []) == PAGE
