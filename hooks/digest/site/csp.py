"""A Content-Security-Policy for every page, as a ``<meta http-equiv>`` (GitHub Pages sets no headers).

Scripts may come only from the site itself and from the page's own inline scripts, each allowed by
its SHA-256 hash (the theme writes two small ones; their text depends on the page's depth, so the
hashes are computed page by page). That forbids inline event handlers (``onclick=``), ``javascript:``
URLs and scripts from anywhere else, whatever slipped past the sanitizer. ``'self'`` alone does not
cover pages read from ``file://`` in Chromium, so ``file:`` is listed too: a hosted page cannot load
``file:`` URLs anyway. Measured in the browser tests (tests/browser/test_csp.py).
"""

from __future__ import annotations

import base64
import hashlib
import re

_CHARSET = re.compile(r"<meta charset=[\"']?utf-8[\"']?>", re.I)
POLICY = ("default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
          "img-src 'self' data: https:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
          "base-uri 'none'; form-action 'none'; frame-src 'none'")


def script_hashes(page: str) -> list[str]:
    """CSP sources for each inline script of ``page`` that a browser would run.

    The theme writes its inline scripts as a bare ``<script>``; every other script element has a
    ``src`` or a data ``type`` (JSON-LD, Material's JSON config) and needs no hash. Contributors'
    HTML holds no script element at all (the sanitizer removes them). A plain string search: a
    regular expression over every page costs a second at 5,000 pages.
    """
    found: list[str] = []
    start = page.find("<script>")
    while start != -1:
        end = page.find("</script>", start)
        if end == -1:
            break
        body = page[start + len("<script>"):end]
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
        found.append(f"'sha256-{digest}'")
        start = page.find("<script>", end)
    return list(dict.fromkeys(found))


def with_policy(page: str) -> str:
    """``page`` with its Content-Security-Policy right after ``<meta charset>`` (before any script)."""
    policy = POLICY.format(hashes=" ".join(script_hashes(page)))
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    found = _CHARSET.search(page)
    if not found:
        return page
    return page[: found.end()] + tag + page[found.end():]
