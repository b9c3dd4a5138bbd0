"""Relative links between generated pages, for directory URLs and for file:// (.html) URLs."""

from __future__ import annotations

import posixpath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from digest import urls
from digest.urls import Links, key_slug


@pytest.mark.parametrize(
    ("directory_urls", "here", "there", "expected"),
    [
        (True, "digests/a.md", "topics/g.md", "../../topics/g/"),
        (True, "digests/a.md", "index.md", "../../"),
        (True, "index.md", "digests/a.md", "digests/a/"),
        (True, "topics/g.md", "topics/index.md", "../"),
        (True, "digests/a.md", "digests/a.md", "./"),
        (False, "digests/a.md", "topics/g.md", "../topics/g.html"),
        (False, "digests/a.md", "index.md", "../index.html"),
        (False, "topics/index.md", "topics/g.md", "g.html"),
    ],
)
def test_rel(directory_urls: bool, here: str, there: str, expected: str) -> None:
    assert Links(directory_urls).rel(here, there) == expected


def test_key_slug() -> None:
    assert key_slug("lener2016") == "lener2016"
    assert key_slug("smith:2020/a b") == "smith-2020-a-b"
    assert key_slug("../etc") == "etc"


_PART = st.sampled_from(["digests", "topics", "a", "b", "index.html", "page", "2", "..x", "."])


@given(st.lists(_PART, max_size=5), st.lists(_PART, max_size=5), st.booleans())
def test_relative_is_posix_relpath(to: list[str], start: list[str], slash: bool) -> None:
    """Links between site paths are what ``posixpath.relpath`` gives (as MkDocs' get_relative_url),
    for paths with "." parts and trailing slashes as well."""
    path = "/".join(to) + ("/" if slash and to else "")
    here = "/".join(start)
    expected = posixpath.relpath(path or ".", here or ".")
    assert urls._relative(path, urls._parts(here)) == expected
