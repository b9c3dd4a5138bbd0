"""Live reload under the site's Content-Security-Policy (``mkdocs serve`` only).

``mkdocs serve`` injects one inline script into every HTML page it serves (the poller that reloads
the page after a rebuild). Its text holds the build's epoch and a per-request id, so no hash can be
worked out when the page is written, and the site's policy refuses it: a saved digest would never
appear. The narrowest fix: as the server injects the script, the hash of exactly that script text is
added to the page's own policy. Nothing else is loosened (no ``'unsafe-inline'``, no policy dropped),
a built site never passes here, and a script that got into the page any other way is still refused.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from digest.site import csp

_POLICY = b'<meta http-equiv="Content-Security-Policy" content="'
_SCRIPT_SRC = b"script-src 'self'"

Injector = Callable[[bytes, int], bytes]


def injected_scripts(before: bytes, after: bytes) -> list[str]:
    """The inline scripts of ``after`` that ``before`` did not have (what the server added)."""
    had = Counter(csp.inline_scripts(before.decode("utf-8", "replace")))
    added: list[str] = []
    for script in csp.inline_scripts(after.decode("utf-8", "replace")):
        if had[script]:
            had[script] -= 1
        else:
            added.append(script)
    return added


def allow(page: bytes, sources: list[str]) -> bytes:
    """``page`` whose policy (the first CSP meta tag, which precedes every script) also runs the
    inline scripts hashed in ``sources``. A page without the site's policy is left as it is."""
    start = page.find(_POLICY)
    if start == -1 or not sources:
        return page
    end = page.find(b'">', start)
    at = page.find(_SCRIPT_SRC, start, end)
    if at == -1:
        return page
    at += len(_SCRIPT_SRC)
    return page[:at] + b" " + " ".join(sources).encode("ascii") + page[at:]


def trusting(inject: Injector) -> Injector:
    """The server's ``inject(content, epoch)``, with the policy of each page trusting exactly the
    script it injected."""

    def inject_allowed(content: bytes, epoch: int) -> bytes:
        served = inject(content, epoch)
        return allow(served, [csp.source_of(script) for script in injected_scripts(content, served)])

    return inject_allowed
