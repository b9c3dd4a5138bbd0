"""A digest as a citable item (hooks/digest/digestcite.py) and the share links (hooks/digest/share.py)."""

from __future__ import annotations

from datetime import date

from digest.model import Entry, Person
from digest.references import digestcite
from digest.site import share
from factories import make_digest, make_entry


def test_contributors_names_read_as_people_or_groups() -> None:
    c = digestcite.contributor
    assert c("Jane Doe") == Person("Doe", "Jane")
    assert c("Doe, Jane Q.") == Person("Doe", "Jane Q.")
    assert c("Anna van der Berg") == Person("Berg", "Anna", "van der")
    assert c("van der Berg, Anna") == Person("Berg", "Anna", "van der")
    assert c("Digest editors") == Person("Digest editors", group=True)
    assert c("OPEN Foundation") == Person("OPEN Foundation", group=True)
    assert c("Cher") == Person("Cher", group=True)


def _cited(contributors: list[str], day: date | None = date(2026, 11, 26), body: str = "A summary.",
           title: str = "On GABA & glutamate") -> Entry:
    return make_entry("doe2020", title=title, raw={"title": "On {GABA} \\& glutamate"}, path="bib/a.bib",
                      digest=make_digest("doe2020", body, when=day, contributors=contributors))


def _apa(view: dict) -> str:
    return "".join(p["text"] + "<URL>" if p["url"] else p["text"] for p in view["parts"])


def test_apa_citation_of_a_digest() -> None:
    entry = _cited(["Jane Doe", "Richard Roe"])
    view = digestcite.citation(entry, "Site Name", "https://example.org/digests/doe2020/", "apa")
    assert view is not None
    assert _apa(view) == "Doe, J., & Roe, R. (2026, November 26). On GABA & glutamate [Research digest]. Site Name. <URL>"
    assert [p["text"] for p in view["parts"] if p["italic"]] == ["On GABA & glutamate"]
    assert view["bibtex"]["fields"] == [
        ("author", "Doe, Jane and Roe, Richard"), ("title", "On {GABA} \\& glutamate"), ("titleaddon", "Research digest"),
        ("organization", "Site Name"), ("date", "2026-11-26")]


def test_without_contributors_or_date_the_title_leads() -> None:
    entry = _cited([], day=None, title="On GABA")
    view = digestcite.citation(entry, "Site & Co_", "", "apa")
    assert view is not None
    assert _apa(view) == "On GABA [Research digest]. (n.d.). Site & Co_. <URL>"
    assert dict(view["bibtex"]["fields"])["organization"] == "Site \\& Co\\_"
    assert "author" not in dict(view["bibtex"]["fields"])


def test_vancouver_sites_cite_digests_in_vancouver() -> None:
    entry = _cited(["Jane Doe"], title="On GABA")
    view = digestcite.citation(entry, "Site", "", "vancouver")
    assert view is not None and view["label"] == "Vancouver"
    assert _apa(view) == "Doe J. On GABA [Internet]. Site; 2026 Nov 26. Available from: <URL>"


def test_no_citation_without_a_digest() -> None:
    assert digestcite.citation(_cited(["Jane Doe"], body="  "), "Site", "", "apa") is None
    bare = _cited([])
    bare.digest = None
    assert digestcite.citation(bare, "Site", "", "apa") is None


def test_share_links_with_and_without_the_address() -> None:
    known = share.share("GABA & you", "https://example.org/d/x/")
    hrefs = {link["name"]: link["href"] for link in known["links"]}
    assert hrefs["bluesky"] == "https://bsky.app/intent/compose?text=GABA%20%26%20you%20https%3A%2F%2Fexample.org%2Fd%2Fx%2F"
    assert hrefs["email"] == "mailto:?subject=GABA%20%26%20you&body=GABA%20%26%20you%0A%0Ahttps%3A%2F%2Fexample.org%2Fd%2Fx%2F"
    unknown = {link["name"]: link["href"] for link in share.share("GABA", "")["links"]}
    assert unknown["bluesky"] == "https://bsky.app/intent/compose?text=GABA" and "mastodon" not in unknown
    assert share.hrefs("GABA", "")["mastodon"] == "share?text=GABA"
