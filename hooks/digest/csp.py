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

_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
_DATA_TYPE = re.compile(r"""\btype\s*=\s*["']?application/(ld\+)?json""", re.I)
_CHARSET = re.compile(r"<meta charset=[\"']?utf-8[\"']?>", re.I)
POLICY = ("default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
          "img-src 'self' data: https:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
          "base-uri 'none'; form-action 'none'; frame-src 'none'")


def script_hashes(page: str) -> list[str]:
    """CSP sources for each inline script of ``page`` that a browser would run."""
    found = []
    for match in _INLINE_SCRIPT.finditer(page):
        attrs = match.group("attrs")
        if "src=" in attrs or _DATA_TYPE.search(attrs):
            continue
        digest = base64.b64encode(hashlib.sha256(match.group("body").encode("utf-8")).digest()).decode("ascii")
        found.append(f"'sha256-{digest}'")
    return list(dict.fromkeys(found))


def with_policy(page: str) -> str:
    """``page`` with its Content-Security-Policy right after ``<meta charset>`` (before any script)."""
    policy = POLICY.format(hashes=" ".join(script_hashes(page)))
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    found = _CHARSET.search(page)
    if not found:
        return page
    return page[: found.end()] + tag + page[found.end():]
