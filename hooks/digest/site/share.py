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
    # Quoting goes a character at a time, so a quoted whole is its quoted parts joined: the title and
    # the address quoted once each, not five times (quoting was a fifth of an entry page's data).
    title_q, url_q = _q(title), _q(url)

    def joined(sep: str, sep_q: str) -> str:
        whole = f"{title}{sep}{url}"
        return f"{title_q}{sep_q}{url_q}" if whole.strip() == whole else _q(whole.strip())

    text, body = joined(" ", "%20"), joined("\n\n", "%0A%0A")
    return {
        "email": f"mailto:?subject={title_q}&body={body}",
        "bluesky": f"https://bsky.app/intent/compose?text={text}",
        "linkedin": f"https://www.linkedin.com/sharing/share-offsite/?url={url_q}",
        "x": f"https://x.com/intent/post?text={title_q}&url={url_q}",
        "mastodon": f"share?text={text}",
    }


def share(title: str, url: str) -> dict[str, Any]:
    """The view of an entry page's share links (templates/partials/share.html)."""
    now = hrefs(title, url)
    return {"title": title, "url": url, "links": [{"name": name, "label": label, "href": now[name]} for name, label in NETWORKS]}
