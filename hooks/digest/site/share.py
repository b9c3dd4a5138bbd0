"""Share links of an entry page: e-mail, Bluesky, Mastodon, LinkedIn, X, and the Web Share API.

Plain links, made here at build time: no third-party script, no tracker, nothing loaded until a
reader clicks. They carry the page's address when the site has a ``site_url``; without one the
address is known only in the browser, where ``site/scripts/share.js`` makes the same links again
with it (its ``shareHref`` mirrors :func:`hrefs`; the ``href`` alone still shares the title).
Mastodon has no central server, and the Web Share API is the browser's: both need the script, which
adds their buttons (Mastodon asks for the reader's own server and opens its ``/share`` page). So a
page carries its title once and four short links, not a copy of each link per case: these are on
every one of tens of thousands of pages.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

NETWORKS = (("email", "E-mail"), ("bluesky", "Bluesky"), ("linkedin", "LinkedIn"), ("x", "X"))


def _q(text: str) -> str:
    return quote(text, safe="")


def hrefs(title: str, url: str) -> dict[str, str]:
    """Each network's share link for a page of ``title`` at ``url`` ("" when unknown); ``mastodon`` is
    the path on the reader's own server."""
    text = f"{title} {url}".strip()
    return {
        "email": f"mailto:?subject={_q(title)}&body={_q(f'{title}{chr(10) * 2}{url}'.strip())}",
        "bluesky": f"https://bsky.app/intent/compose?text={_q(text)}",
        "linkedin": f"https://www.linkedin.com/sharing/share-offsite/?url={_q(url)}",
        "x": f"https://x.com/intent/post?text={_q(title)}&url={_q(url)}",
        "mastodon": f"share?text={_q(text)}",
    }


def share(title: str, url: str) -> dict[str, Any]:
    """The view of an entry page's share links (templates/partials/share.html)."""
    now = hrefs(title, url)
    return {"title": title, "url": url, "links": [{"name": name, "label": label, "href": now[name]} for name, label in NETWORKS]}
