"""Share links (site/share.py): each network's link, however the title and address are spaced."""

from __future__ import annotations

from urllib.parse import quote

from hypothesis import example, given, settings
from hypothesis import strategies as st

from digest.site import share


def _whole(title: str, url: str) -> dict[str, str]:
    """Each link with every text quoted whole, as the links are defined."""
    def q(text: str) -> str:
        return quote(text, safe="")
    text = f"{title} {url}".strip()
    return {
        "email": f"mailto:?subject={q(title)}&body={q(f'{title}{chr(10) * 2}{url}'.strip())}",
        "bluesky": f"https://bsky.app/intent/compose?text={q(text)}",
        "linkedin": f"https://www.linkedin.com/sharing/share-offsite/?url={q(url)}",
        "x": f"https://x.com/intent/post?text={q(title)}&url={q(url)}",
        "mastodon": f"share?text={q(text)}",
    }


@settings(max_examples=500)
@given(st.text(), st.text())
@example("", "https://example.org/d/x/")
@example("GABA & you", "")
@example(" spaced ", "https://example.org/ ")
@example("\u2003em space", "u")
def test_links_made_from_parts_quoted_once_are_the_links_quoted_whole(title: str, url: str) -> None:
    assert share.hrefs(title, url) == _whole(title, url)
